"""The one Arabic/English text normaliser that every assistant matcher uses.

`normalize` folds the spelling variety of WhatsApp Arabic (hamza forms, taa marbuta,
diacritics, tatweel, elongation, Eastern digits, Arabizi digits) and English (case,
punctuation) into one canonical form. `PhraseMatcher` finds normalised phrases in
normalised text while tolerating attached Arabic clitics (و ال ب ل ف) and doubled letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
        "ڤ": "ف",
        "گ": "ك",
        "\u0640": None,  # tatweel
        "\u200c": None,
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
        "\u061c": None,
        "\ufe0f": None,
        "٫": ".",
        "٬": ",",
    }
)

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_SKIN_TONES = re.compile("[\U0001f3fb-\U0001f3ff]")

# Arabizi: digits that stand for Arabic letters when written inside a Latin word.
_ARABIZI_QUOTED = {"3'": "غ", "7'": "خ", "6'": "ظ", "9'": "ض"}
_ARABIZI_DIGITS = {"2": "ء", "3": "ع", "5": "خ", "6": "ط", "7": "ح", "8": "ق", "9": "ق"}
_LATIN_DIGIT_WORD = re.compile(r"(?<![\w])([a-z0-9']*[a-z][a-z0-9']*)(?![\w])")
_ARABIZI_QUOTED_RE = re.compile(r"([3679])'")
# "3x", "x2", "5pm", "2nd", "2pcs" are numbers with units, not Arabizi.
_NUMBER_WITH_UNIT = re.compile(
    r"^(?:x\d+|\d+(?:x|pcs?|pieces?|am|pm|st|nd|rd|th|k|kg|g|gm|ml|l|min|mins|h|hr|hrs|sar|sr|s)?)$"
)

_ELONGATED = re.compile(r"(.)\1{2,}")
_DOUBLE_ALEF = re.compile("ا{2,}")
_ELONGATED_LONG_VOWEL = re.compile("([وي])\\1{2,}")
_APOSTROPHE_IN_WORD = re.compile(r"(?<=[a-z])['’](?=[a-z])")
_NUMBER_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_SPACES = re.compile(r"\s+")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_REPEATS = re.compile(r"(.)\1+")

# Chat shorthand spelled out, so every matcher needs only the full word ("are u a bot" =
# "are you a bot", "thx" = "thanks"). Whole Latin tokens only.
_SHORTHAND = {
    "u": "you",
    "r": "are",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "plse": "please",
    "pleas": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "thnks": "thanks",
    "thks": "thanks",
    "wat": "what",
    "wht": "what",
    "hw": "how",
    "msg": "message",
    "msgs": "messages",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
}


def to_ascii_digits(text: str) -> str:
    """Replace Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits with 0-9."""
    return text.translate(_DIGITS)


def _arabizi_word(match: re.Match[str]) -> str:
    word = match.group(1)
    if not any(ch.isdigit() for ch in word) or _NUMBER_WITH_UNIT.match(word):
        return word
    word = _ARABIZI_QUOTED_RE.sub(lambda m: _ARABIZI_QUOTED[m.group(0)], word)
    return "".join(_ARABIZI_DIGITS.get(ch, ch) for ch in word)


def _collapse_elongation(text: str) -> str:
    # Runs of 3+ become 2 (keeps legit doubles like ممتاز, good, coffee); long vowels and
    # alef are never legitimately tripled, and a doubled alef is always elongation.
    if _ELONGATED.search(text):
        text = _ELONGATED_LONG_VOWEL.sub(r"\1", text)
        text = _ELONGATED.sub(r"\1\1", text)
    return _DOUBLE_ALEF.sub("ا", text) if "اا" in text else text


@lru_cache(maxsize=2048)
def _spacing_for(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat[0] == "P":
        return " "
    if cat[0] == "S":
        return f" {ch} "
    return ch


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Fold `text` to the canonical form every matcher compares against.

    Arabic letter variants, diacritics, tatweel and elongation are folded; digits become
    ASCII; Latin is lower-cased and Arabizi digits inside Latin words become Arabic letters;
    punctuation turns into spaces and symbols (emoji, ⭐, ×, +) become their own tokens.
    """
    # Every step runs only when its text can occur: most messages skip most of them.
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_DIGITS).translate(_LETTERS)
    text = _DIACRITICS.sub("", text)
    text = _SKIN_TONES.sub("", text)
    text = text.lower()
    if "'" in text or "’" in text:
        text = _APOSTROPHE_IN_WORD.sub("", text)
    if "." in text or "," in text:
        text = _NUMBER_SEPARATOR.sub(".", text)
    if _ANY_DIGIT.search(text):
        text = _LATIN_DIGIT_WORD.sub(_arabizi_word, text)
    text = _NOT_ALNUM.sub(_spaced, text)
    if "." in text:
        text = _LONE_DOT.sub(" ", text)
    text = _collapse_elongation(text)
    return " ".join(_SHORTHAND.get(tok, tok) for tok in text.split())


# Characters that are neither letters nor digits (`str.isalnum`), the dot aside.
_NOT_ALNUM = re.compile(r"[^\w.]|_")
_ANY_DIGIT = re.compile(r"\d")


def _spaced(match: re.Match[str]) -> str:
    ch = match.group()
    return ch if ch.isalnum() else _spacing_for(ch)


def tokens(text: str) -> list[str]:
    """Normalise `text` and split it into tokens."""
    return normalize(text).split()


def squeeze(token: str) -> str:
    """Collapse every run of a repeated letter to one: a matching key that ignores doubling."""
    return _REPEATS.sub(r"\1", token)


_PREFIXES = ("وال", "بال", "فال", "كال", "ولل", "ال", "لل", "و", "ب", "ل", "ف")


@lru_cache(maxsize=8192)
def token_forms(token: str) -> frozenset[str]:
    """The forms a normalised token may stand for once Arabic clitics are peeled off.

    "والخدمه" → {"والخدمه", "الخدمه", "خدمه", ...}. Forms shorter than two letters are
    dropped so "و" alone never matches a word. Squeezed forms are included too.
    """
    forms = {token}
    if token and "\u0600" <= token[0] <= "\u06ff":
        for prefix in _PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                rest = token[len(prefix) :]
                forms.add(rest)
                if prefix in ("و", "ب", "ف", "ل") and rest.startswith("ال") and len(rest) > 3:
                    forms.add(rest[2:])
    forms |= {squeeze(f) for f in forms}
    return frozenset(forms)


def _loose(word: str) -> str:
    """The squeezed key of a phrase word, unless squeezing leaves too little to be safe."""
    squeezed = squeeze(word)
    return squeezed if len(squeezed) >= 3 else word


@lru_cache(maxsize=8192)
def _forms_longest_first(token: str) -> tuple[str, ...]:
    # The whole token is tried before its peeled forms: "بالغالين" (dear ones) must not be
    # read as "غالين" (expensive) when a phrase names the whole word.
    return tuple(sorted(token_forms(token), key=lambda f: (-len(f), f)))


class PhraseMatcher:
    """Find any of a set of labelled phrases in text, on normalised tokens.

    Phrases are normalised with `normalize`; a text token matches a phrase token when any
    of its `token_forms` equals the phrase token or its squeezed form.
    """

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        # first word → (phrase words, their squeezed keys, label), longest phrase first; the
        # squeezed keys are worked out here once, not at every match
        self._index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str]]] = {}
        for phrase, label in phrases:
            words = tuple(normalize(phrase).split())
            if not words:
                continue
            loose = tuple(_loose(w) for w in words)
            for key in {words[0], loose[0]}:
                self._index.setdefault(key, []).append((words, loose, label))
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e[0]))

    @staticmethod
    def _word_matches(token: str, word: str, loose: str, last: bool = False) -> bool:
        forms = token_forms(token)
        if word in forms or loose in forms:
            return True
        # the last word of an English phrase in the plural: "ice creams", "iced lattes"
        return last and len(word) >= 3 and word.isascii() and token in (word + "s", word + "es")

    def finditer(self, toks: list[str]) -> Iterator[tuple[int, int, str]]:
        """Yield (start, end, label) for the longest phrase at each position, left to right."""
        i = 0
        index = self._index
        while i < len(toks):
            best: tuple[int, str] | None = None
            for form in _forms_longest_first(toks[i]):
                for words, loose, label in index.get(form, ()):
                    n = len(words)
                    if best is not None and n <= best[0]:
                        continue
                    if n == 1 or (
                        i + n <= len(toks)
                        and all(
                            self._word_matches(toks[i + k], words[k], loose[k], k == n - 1)
                            for k in range(1, n)
                        )
                    ):
                        best = (n, label)
            if best is None:
                i += 1
                continue
            yield i, i + best[0], best[1]
            i += best[0]

    def may_start(self, token: str) -> bool:
        """Whether some phrase could start at this token (a quick test before matching)."""
        return any(form in self._index for form in _forms_longest_first(token))

    def labels(self, toks: list[str]) -> list[str]:
        """All labels found in `toks`, in order of appearance."""
        return [label for _, _, label in self.finditer(toks)]

    def matches(self, toks: list[str]) -> bool:
        """Whether any phrase occurs in `toks`."""
        return next(self.finditer(toks), None) is not None


_NUMBER_WORDS_RAW: dict[int, tuple[str, ...]] = {
    1: (
        "واحد",
        "واحدة",
        "وحدة",
        "وحده",
        "وحد",
        "one",
        "wa7ed",
        "wa7da",
        "wa7ad",
        "wa7id",
        "wahid",
        "wahad",
        "wahed",
        "wa7de",
        "wahde",
        "wa7deh",
    ),
    2: (
        "اثنين",
        "اثنان",
        "اثنتين",
        "ثنتين",
        "تنتين",
        "اتنتين",
        "ثنين",
        "اتنين",
        "تنين",
        "two",
        "etnen",
        "itnen",
        "tnen",
        "tneen",
        "ithnain",
        "tnein",
        "itnein",
        "etnein",
        "tnain",
        "thintain",  # ثنتين, Gulf feminine: "khalha thntain"
        "zouz",  # Tunisian / Algerian two ("zouz bla 7ar"), and the Moroccan "jouj"
        "zouj",
        "jouj",
    ),
    3: (
        "ثلاث",
        "ثلاثة",
        "تلات",
        "تلاتة",
        "تلاته",
        "تلت",
        "three",
        "talata",
        "tlata",
        "thalatha",
        "tlate",
        "tlateh",
        "tlete",
    ),
    4: ("أربع", "أربعة", "اربع", "اربعة", "four", "arba3a", "arba3", "arb3a", "arb3aa"),
    5: ("خمس", "خمسة", "five", "5amsa", "khamsa", "5amse", "5amseh", "khamse"),
    6: ("ست", "ستة", "six", "sitta", "setta", "sittah"),
    7: ("سبع", "سبعة", "seven", "sab3a", "sab3"),
    8: ("ثمان", "ثمانية", "ثماني", "تمانية", "تمنية", "تمن", "eight", "tamanya", "thamanya", "tmanya"),
    9: ("تسع", "تسعة", "nine", "tes3a", "tis3a", "tisa3"),
    10: ("عشر", "عشرة", "ten", "3ashra", "3ashara", "ashra"),
    11: (
        "احدعش",
        "حداعش",
        "حدعش",
        "حداشر",
        "احداشر",
        "حدعشر",
        "احدعشر",
        "eleven",
        "7da3sh",
        "hda3sh",
        "7edashar",
        "hdashar",
    ),
    # Levantine "-عشر" ("تنعشر"), and in Latin letters ("ethna3sh", "itnashar").
    12: (
        "اثنعش",
        "ثنعش",
        "اطنعش",
        "اتناشر",
        "تناشر",
        "تنعشر",
        "اتنعشر",
        "twelve",
        "ethna3sh",
        "ethna3ash",
        "etna3sh",
        "itna3sh",
        "tna3sh",
        "etnashar",
        "itnashar",
        "tnashar",
        "ethnashar",
    ),
    # The teens as they are said: Gulf "-طعش", Egyptian and Levantine "-تاشر"/"-طاشر".
    13: (
        "تلتعشر",
        "ثلاثطعش",
        "ثلطعش",
        "ثلتعش",
        "تلتاشر",
        "تلطاشر",
        "ثلاثتاشر",
        "thirteen",
        "tala6ash",
        "talattashar",
    ),
    14: ("اربعتعشر", "اربعطعش", "اربعتعش", "اربعتاشر", "اربعطاشر", "fourteen", "arba3tashar", "arba6ash"),
    15: (
        "خمستعشر",
        "خمسطعش",
        "خمستعش",
        "خمستاشر",
        "خمسطاشر",
        "fifteen",
        "5amastashar",
        "khamastashar",
        "khams6ash",
    ),
    16: ("ستعشر", "ستطعش", "ستعش", "ستاشر", "سطاشر", "sixteen", "sittashar", "sitt6ash"),
    17: ("سبعتعشر", "سبعطعش", "سبعتعش", "سبعتاشر", "سبعطاشر", "seventeen", "saba3tashar", "sab36ash"),
    18: (
        "تمنتعشر",
        "ثمنطعش",
        "ثمانطعش",
        "ثمنتعش",
        "تمنتاشر",
        "تمنطاشر",
        "eighteen",
        "tamantashar",
        "thamn6ash",
    ),
    19: ("تسعتعشر", "تسعطعش", "تسعتعش", "تسعتاشر", "تسعطاشر", "nineteen", "tisa3tashar", "tis36ash"),
    20: ("عشرين", "twenty", "3eshreen", "3ishreen"),
}
_NUMBER_WORDS: dict[str, int] = {
    normalize(word): value for value, words in _NUMBER_WORDS_RAW.items() for word in words
}


#: Arabizi letters written as digits (normalised to Arabic letters): "wa7ed" is "waحed".
_ARABIZI_DIGIT_LETTERS = frozenset("حعءخ")
_LATIN_VOWELS = re.compile("[aeiouy]")


def _arabizi_skeleton(word: str) -> str:
    return _LATIN_VOWELS.sub("", word)


#: Consonants a number shares with another everyday word, never read by consonants: "5amis"
#: (Thursday) and "5amsa" (five), "osbo3" (week) and "sab3a" (seven), "rob3" (a quarter) and
#: "arba3a" (four).
_DAY_SKELETONS = frozenset(("خms", "sbع", "rbع"))


def _arabizi_number_skeletons() -> dict[str, int]:
    """Consonant skeleton → value of the Arabizi number words that hold a digit letter, where
    the skeleton is long enough and spells one value only."""
    seen: dict[str, set[int]] = {}
    for word, value in _NUMBER_WORDS.items():
        if word.isascii() or not re.search("[a-z]", word) or not set(word) & _ARABIZI_DIGIT_LETTERS:
            continue
        seen.setdefault(_arabizi_skeleton(word), set()).add(value)
    return {
        sk: next(iter(v))
        for sk, v in seen.items()
        if len(sk) >= 3 and len(v) == 1 and sk not in _DAY_SKELETONS
    }


_ARABIZI_NUMBER_SKELETONS = _arabizi_number_skeletons()

#: The English number words, never read by their consonants ("three" would take "other").
_ENGLISH_NUMBERS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty".split())


def _latin_number_skeletons() -> dict[str, int]:
    """Consonant skeleton → value of the Arabizi number words in plain Latin letters ("thalatha",
    "tlata", "ithnain", "khamsa"), so that other vowels spell the same number ("thalath",
    "thnain"); a skeleton of four letters or more that spells one value only (shorter ones would
    take everyday words: "stt" is "state", "tnn" "tonne")."""
    seen: dict[str, set[int]] = {}
    for word, value in _NUMBER_WORDS.items():
        if word.isascii() and word.isalpha() and word not in _ENGLISH_NUMBERS:
            seen.setdefault(_arabizi_skeleton(word), set()).add(value)
    return {sk: next(iter(v)) for sk, v in seen.items() if len(sk) >= 4 and len(v) == 1}


_LATIN_NUMBER_SKELETONS = _latin_number_skeletons()


@lru_cache(maxsize=8192)
def number_value(token: str) -> int | None:
    """The integer a normalised token spells: "3", "ثلاثه", "three", "wa7ed" → int; else None.
    Arabizi number words with a digit letter are read by their consonants, so any vowels
    ("we7ed", "wa7de", "wi7da") spell the same number."""
    if token.isdigit():  # "𐹠" (a Rumi numeral) is a digit that int() does not read: no number
        return int(token) if len(token) <= 6 and token.isdecimal() else None
    value = _NUMBER_WORDS.get(token)
    if value is None and token[:1] in ("و", "ب") and (len(token) > 3 or token == "وست"):  # "وثلاث", "وست"
        value = _NUMBER_WORDS.get(token[1:])
    if value is None and set(token) & _ARABIZI_DIGIT_LETTERS and re.fullmatch("[a-zحعءخ]+", token):
        value = _ARABIZI_NUMBER_SKELETONS.get(_arabizi_skeleton(token))
    if value is None and len(token) > 3 and token.isascii() and token.isalpha():
        value = _LATIN_NUMBER_SKELETONS.get(_arabizi_skeleton(token))  # "thalath", "thnain"
    return value


def word_set(*texts: str) -> frozenset[str]:
    """The normalised words of space-separated word lists ("زود زيد add also"): one set to look
    tokens up in, spelled the way `normalize` spells the message's tokens."""
    return frozenset(normalize(w) for text in texts for w in text.split())


def phrase_set(phrases: str) -> tuple[str, ...]:
    """The normalised phrases of a "|"-separated list ("مثل ما كان|as it was"), to look for inside a
    normalised message (`normalize(text)` contains one)."""
    return tuple(normalize(p) for p in phrases.split("|"))


def counts_in(text: str) -> list[int]:
    """The numbers a message says, in order, as `number_value` reads its normalised tokens."""
    return [n for n in (number_value(t) for t in normalize(text).split()) if n is not None]
