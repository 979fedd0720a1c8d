"""Tokenising: the message split into typed slots (dish word, number, conjunction, filler,
modifier, back-reference, stop word), with the menu's own names winning over size/modifier words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from crm_res.assistant.language import detect_language
from crm_res.assistant.normalize import normalize, number_value, to_ascii_digits, token_forms
from crm_res.assistant.orders.arabizi import (
    arabizi_word,
    is_latin,
    short_skeletons,
    skeleton,
    spoken_skeletons,
)
from crm_res.assistant.orders.canonical import (
    SINGLE_WORD_SYNONYMS,
    SYNONYM_MATCHER,
    canonical_words,
    exact_canonical,
    single_canonical,
    typo_canonical,
)
from crm_res.assistant.orders.menu_index import (
    MenuIndex,
    broken_plural_pair,
    fuzzy_own,
    gender_forms,
    own_word,
)
from crm_res.assistant.orders.vocabulary import (
    ARABIZI_MEASURES,
    BACK_REFERENCES,
    CHANGE_OF_MIND,
    CHANGE_PREFIX,
    CONJUNCTIONS,
    CORRECTION_ARTICLE,
    CORRECTION_LEAD,
    CORRECTION_OBJECT,
    CORRECTION_VERBS,
    DIALECT_EQUIVALENTS,
    EGYPTIAN_SENSE,
    FILLERS,
    FOREIGN_COMPOUNDS,
    MOD_MULTI,
    MOD_PREFIX,
    MOD_STANDALONE,
    NOT_DISHES,
    NUMBER_EXTRA,
    OTHER_FOODS,
    SAME_AS,
    SAME_WORD,
    SERVICES,
    SIZES_AND_MEASURES,
    STOPWORDS,
    TEMPERATURE_SPELLINGS,
    X_NUMBER,
)


@dataclass
class Slot:
    text: str
    kind: str  # item | num | conj | filler | mod | modword | stop | other
    canon: str = ""
    value: int = 0
    conj: bool = False  # an attached "و" joins it to what came before
    backward: bool = False  # "x3": the number counts the item before it
    correction: bool = False  # "لا خليها اثنين", "make it 5": replaces a quantity said before
    # A word of a menu name that is otherwise a size, modifier, measure or number ("حار" in
    # "لاتيه حار", "عائلي", "صحن", "حبة"): read as part of a dish name when the name fits,
    # else as `fallback`.
    fallback: Slot | None = None


_ARABIC_DIGIT_GLUE = re.compile(r"(?<=\d)(?=[\u0621-\u064a])|(?<=[\u0621-\u064a])(?=\d)")


_LATIN_DIGIT_GLUE = re.compile(r"\b(\d+)([a-zA-Z]{3,})\b")
_ARABIZI_LETTER_DIGITS = frozenset("23579")  # ء ع ط خ ح ق written as digits in Arabizi

#: "عصير برتقال ٢، قشطة": digits right after a word and closed by a comma (or the end of a line of a
#: list: "برجر دجاج 2⏎بطاطس 3") count the dish before them (read as "x2"), not the one after it;
#: never digits that are a word of a name on this menu ("ريب آي ٣٠٠، …").
_COUNT_BEFORE_COMMA = re.compile(r"(?<=[^\W\d_])[^\S\n]+(\d{1,3})[^\S\n]*(?:[،,](?=\s|$)|(?=\n))")
#: The same with a number word, and a piece word after it ("مندي لحم ثنتين، كبسه", "فلافل اربع
#: حبات، حمص"): the count ends its dish's clause, it is not the next dish's.
#: (Not before a count that splits them: "باني بوري ستة، اتنين من غير بصل …" is read by the splits.)
_WORD_COUNT_BEFORE_COMMA = re.compile(r"(?<=[^\W\d_])\s+([^\W\d_]+)\s*[،,](?=\s|$)(?=\s*(\S*))")
_PIECE_COUNT_BEFORE_COMMA = re.compile(
    r"(?<=[^\W\d_])\s+([^\W\d_]+)\s+([^\W\d_]+)\s*[،,](?=\s|$)(?=\s*(\S*))"
)
#: "ba3d salat el 3isha": the Arabizi word for a prayer before its name is no salad.
_PRAYER_WORD = re.compile(
    r"\b(?:salat|salah|salaat|sala)\s+(?=(?:el\s+|al\s+)?(?:3isha|3esha|isha|maghrib|maghreb|dohr|duhr|"
    r"zuhr|dhuhr|3asr|asr|fajr|fajer|jum3a|jom3a)\b)",
    re.IGNORECASE,
)
#: "تلات برجر، برجرين دجاج": a comma and then the dual of a dish opens that dish, as "و" would.
_COMMA_BEFORE_DUAL = re.compile(r"[،,]\s*([\u0621-\u064a]+ين)(?=\s|$)")


def _digit_spells_q(digit: str, word: str) -> bool:
    """ "9ahwa": Arabizi's ق written as 9 (or 8) before a word that, with a "q" there, is a food
    word ("qahwa"): one word, no count of nine."""
    return digit in ("8", "9") and single_canonical(normalize("q" + word)) is not None


def _unglue(text: str, menu_words: frozenset[str] = frozenset()) -> str:
    text = _PRAYER_WORD.sub("", _ARABIC_DIGIT_GLUE.sub(" ", to_ascii_digits(text)))

    def count_before_comma(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) in menu_words else f" x{m.group(1)} ،"

    text = _COUNT_BEFORE_COMMA.sub(count_before_comma, text)
    for pattern in (_WORD_COUNT_BEFORE_COMMA, _PIECE_COUNT_BEFORE_COMMA):
        text = pattern.sub(lambda m: _word_count_before_comma(m, menu_words), text)
    text = _COMMA_BEFORE_DUAL.sub(lambda m: _comma_before_dual(m, menu_words), text)

    def split_if_food(m: re.Match[str]) -> str:
        word = m.group(2).lower()
        if single_canonical(normalize(m.group(0))) or _digit_spells_q(m.group(1), word):
            return m.group(0)  # "2ahwa": Arabizi's ء written as 2, one word, no count of two
        before = m.string[: m.start()].split()[-1:]
        if (
            m.group(1) in _ARABIZI_LETTER_DIGITS
            and word[0] in "aeiou"
            and before
            and single_canonical(normalize(before[0]))
        ):
            return m.group(0)  # "ahwa 3arabi 2": right after a dish word, the digit is a letter (ع)
        return f"{m.group(1)} {m.group(2)}" if single_canonical(word) else m.group(0)

    return _LATIN_DIGIT_GLUE.sub(split_if_food, text)


def _word_count_before_comma(m: re.Match[str], menu_words: frozenset[str]) -> str:
    """ " x3 ،" for "… ثلاث،", "… اربع حبات،": a number word (and a piece word) closed by a comma
    counts the dish before it; anything else, a word of a name on this menu, is left as it was."""
    word, piece = normalize(m.group(1)), normalize(m.group(2)) if m.lastindex == 3 else ""
    value = number_value(word)
    if value is None and not piece and _filler_dual(token_forms(word)):
        value = 2  # "كبسة دجاج حبتين، شاورما…": two pieces of the dish before, not of the next
    if number_value(normalize(m.group(m.lastindex or 0))) is not None:
        return m.group(0)  # a count after the comma splits this one
    # (Arabic script only: English "the large one," is a dish's pronoun, no count)
    if value is None or word.isascii() or word in menu_words or (piece and piece not in _PIECES):
        return m.group(0)
    return f" x{value} ،"


def _comma_before_dual(m: re.Match[str], menu_words: frozenset[str]) -> str:
    """ " وبرجرين" for "، برجرين" when the word is the dual of a word of a name on this menu."""
    word = normalize(m.group(1))
    bases = {word[:-2], word[:-3], word[:-3] + "ه"}
    if len(word) < 5 or not bases & menu_words:
        return m.group(0)
    return f" و{m.group(1)}"


def _has_conj_prefix(token: str, menu_words: frozenset[str] = frozenset()) -> bool:
    """An attached "و" (and): never when the whole token is a known word ("ودجز", "وايت")."""
    return (
        token.startswith("و")
        and len(token) > 2
        and token not in SINGLE_WORD_SYNONYMS
        and token not in menu_words
    )


def _filler_dual(forms: frozenset[str]) -> bool:
    """A dual of a measure word ("وجبتين", "كاسين", "علبتين"): it counts two of what follows."""
    for form in forms:
        if form.endswith("تين") and form[:-3] + "ه" in FILLERS:
            return True
        if form.endswith("ين") and len(form) > 4 and form[:-2] in FILLERS:
            return True
    return False


def _word_slot(token: str, index: MenuIndex) -> Slot:
    """The slot of one token on this menu. A token's reading depends only on the token and the
    menu, so it is worked out once per menu (the index holds the cache) and copied out, since
    later steps change slots in place."""
    cached = index.slot_cache.get(token)
    if cached is None:
        cached = _read_word_slot(token, index)
        if len(index.slot_cache) < _SLOT_CACHE_SIZE:
            index.slot_cache[token] = cached
    return _copy(cached)


_SLOT_CACHE_SIZE = 20_000  # distinct tokens per menu; beyond it tokens are read afresh


def _copy(slot: Slot) -> Slot:
    fallback = _copy(slot.fallback) if slot.fallback is not None else None
    return Slot(
        slot.text, slot.kind, slot.canon, slot.value, slot.conj, slot.backward, slot.correction, fallback
    )


def _read_word_slot(token: str, index: MenuIndex) -> Slot:
    slot = _plain_word_slot(token, index)
    if slot.kind == "item" and not token.isascii() and token.endswith("يا") and slot.canon == token[:-1]:
        # "من ماليزيا", "من تركيا": the country, not the menu's adjective of it ("كاري لحم ماليزي")
        return Slot(token, "other", conj=slot.conj)
    if slot.kind == "item" and slot.fallback is None and token in _ARABIZI_TEMPERATURES:
        # "pepsi barid 4" on a menu with a "Cold Horchata": the word of that name, else how the
        # drink comes (as "بارد" is), so the count after it stays the drink's
        slot.fallback = Slot(token, "modword", conj=slot.conj)
    if slot.kind == "other" and token.isascii() and token.endswith("ies") and len(token) > 5:
        # "make the curries four", "two curries": the English plural in "-ies" of a dish word
        one = _plain_word_slot(token[:-3] + "y", index)
        if one.kind == "item":
            return Slot(token, "item", canon=one.canon, conj=slot.conj)
    if slot.kind == "num" and slot.value == 2 and not token.isdigit():
        # "صحنين فلافل": two of a name that starts with the measure word ("صحن فلافل")
        base = _dual_base(token_forms(token), index.menu_words)
        if base is not None:
            return Slot(token, "item", canon=base, value=2, conj=slot.conj, fallback=slot)
    if slot.kind in ("num", "filler", "mod", "modword") and not token.isdigit():
        forms = token_forms(token)
        # Longest-menu-name-first: a size, modifier or measure word that is also a word of a
        # name on this menu may belong to that name ("لاتيه حار", "مندي لحم عائلي"), in either
        # gender ("بيتزا عائلي" for "بيتزا عائلية").
        named = (forms | gender_forms(forms)) & index.menu_words
        if not named and slot.kind == "modword":  # "شوكولا سخنة" on a menu that writes "ساخنة"
            named = frozenset(o for f in forms for o in TEMPERATURE_SPELLINGS.get(f, ())) & index.menu_words
        if not named and slot.kind == "filler":  # "وجبات" on a menu whose names have "وجبة"
            named = _singular(forms) & index.menu_words
            if named and _singular(frozenset({token})) & named:  # its "و" is the word's own
                slot.conj = False
        if not named and slot.kind == "filler":  # "ساندوتش" on a menu that writes "ساندويتش"
            named = frozenset(_measure_spelling(forms, index.menu_words))
            spelt = ARABIZI_MEASURES.get(token)  # "wagbet" on a menu that writes "وجبة"
            if spelt in index.menu_words:
                named = frozenset({spelt})
        if named and not (slot.kind == "mod" and forms & CHANGE_PREFIX):
            # the spelling as written first: "مشوية" is the menu's "كبة مشوية" even where
            # another name has "مشوي" (_resolve still lets the genders meet)
            canon = min(named & forms or named)
            return Slot(token, "item", canon=canon, conj=slot.conj, fallback=slot)
    return slot


def _dual_base(forms: frozenset[str], menu_words: frozenset[str]) -> str | None:
    """The measure word of this menu a dual spells ("صحنين" → "صحن", "علبتين" → "علبه")."""
    for form in sorted(forms):
        bases: list[str] = [form[:-3] + "ه", form[:-3]] if form.endswith("تين") else []
        if form.endswith("ين") and len(form) > 4:
            bases.append(form[:-2])
        for base in bases:
            if base in menu_words and base in FILLERS:
                return base
            if base in FILLERS:  # "سندوتشين كبدة" on a menu that writes "ساندويتش كبدة"
                spelt = _measure_spelling(frozenset({base}), menu_words)
                if len(spelt) == 1:
                    return spelt.pop()
    return None


def _singular(forms: frozenset[str]) -> frozenset[str]:
    """The singulars of sound feminine plurals ("سندويتشات" → "سندويتش", "علبات" → "علبه"), of
    broken plurals ("فناجين" → "فنجان") and of English ones ("glasses" → "glass", "cups" → "cup")."""
    return (
        frozenset(base for f in forms if f.endswith("ات") and len(f) > 4 for base in (f[:-2], f[:-2] + "ه"))
        | frozenset(other for f in forms if len(f) == 6 for other in broken_plural_pair(f))
        | frozenset(
            f.removesuffix(end)
            for f in forms
            # (four letters too: "cups" → "cup", "pots" → "pot")
            if f.isascii() and len(f) > 3
            for end in ("es", "s")
            if f.endswith(end)
        )
    )


def _measure_spelling(forms: frozenset[str], menu_words: frozenset[str]) -> set[str]:
    """The menu's own spelling of a measure word ("sandwich", "plate") spelled another way: one
    edit apart (two from seven letters on), both measure words, never a short word."""
    out: set[str] = set()
    # a taa marbuta on a loanword measure ("ساندويشة", "سندويشة": one sandwich) is no letter of it
    forms = forms | _singular(forms) | {f[:-1] for f in forms if f.endswith("ه") and len(f) > 5}
    for word in menu_words & FILLERS:
        limit = 2 if len(word) >= 7 else 1
        if len(word) >= 4 and any(
            len(f) >= 4 and OSA.distance(f, word, score_cutoff=limit) <= limit for f in forms
        ):
            out.add(word)
    return out


def _plain_word_slot(token: str, index: MenuIndex) -> Slot:
    own_words = index.own_words
    conj = _has_conj_prefix(token, index.menu_words)
    forms = token_forms(token)
    if _filler_dual(forms):
        return Slot(token, "num", value=2, conj=conj and not _filler_dual(frozenset({token})))
    x_number = X_NUMBER.match(token)
    if x_number:
        times = int(x_number.group(1) or x_number.group(2))
        return Slot(token, "num", value=times, backward=bool(x_number.group(1)))
    value = number_value(token)
    if value is None:
        value = NUMBER_EXTRA.get(token)
    if value is None and conj and not token.isascii():
        value = NUMBER_EXTRA.get(token[1:])  # "وجوز بيبسي", "ودستة فلافل": and a pair, and a dozen
    if value is not None:
        return Slot(token, "num", value=value, conj=conj)
    if token in CONJUNCTIONS:
        return Slot(token, "conj")
    if token in BACK_REFERENCES or (conj and forms & BACK_REFERENCES):  # "وكل ده توصيل"
        return Slot(token, "ref")
    if token in SAME_AS:  # "وواحدة زيها": one more of the dish before, never a dish
        return Slot(token, "ref")
    if forms & MOD_PREFIX:
        return Slot(token, "mod", conj=conj)
    if forms & MOD_STANDALONE:
        return Slot(token, "modword", conj=conj)
    own = own_word(forms, own_words)
    if own is None and token.isascii() and token.endswith("s") and len(token) > 3:
        # "three doro wats": an English plural of a name's own word
        own = own_word(token_forms(token[:-1]) | {normalize(token[:-1])}, own_words)
    if own is None and token.isascii() and token.endswith("es") and len(token) > 4:
        # "six small kleija boxes": the plural in "-es" of a name's own word ("box")
        own = own_word(token_forms(token[:-2]) | {normalize(token[:-2])}, own_words)
    if own is not None:
        return Slot(token, "item", canon=own[0], value=own[1], conj=conj)
    # a word that means something else is no menu word with its clitic peeled ("الليلة" is no
    # "بليلة"), nor a typo of one (below)
    not_dish = token in NOT_DISHES or (conj and token[1:] in NOT_DISHES)
    bare = None if not_dish else next((index.peeled[f] for f in sorted(forms) if f in index.peeled), None)
    if bare is not None and not forms & index.menu_words:  # "نعناع" for the menu's "بالنعناع"
        return Slot(token, "item", canon=bare, conj=conj)
    if forms & FILLERS or _singular(forms) & FILLERS:  # "سندويتشات": a plural of a measure
        return Slot(token, "filler", conj=conj)
    if forms & STOPWORDS:
        return Slot(token, "stop", conj=conj)
    found = exact_canonical(token)
    if found:
        return Slot(token, "item", canon=found[0], value=found[1], conj=conj)
    if forms & SAME_WORD:
        return Slot(token, "other", conj=conj)  # "one more soup same as those": "same" is no typo of "sage"
    # A typo: of the restaurant's own dish words first (they are on this menu), then of the
    # built-in vocabulary; never of a word that means something else, in any of its peeled or
    # squeezed forms ("بدالو" is no "دابو" as "دالو").
    for form in () if not_dish else sorted(forms, key=len, reverse=True):
        misspelt = fuzzy_own(form, own_words)
        if misspelt:
            # "ويدجز" misspells the menu's "ودجز" whole: its و is the word's, not "and"
            whole = form == token and misspelt.startswith("و")
            return Slot(token, "item", canon=misspelt, conj=conj and not whole)
    found = None if not_dish else typo_canonical(token)
    if found:
        return Slot(token, "item", canon=found[0], value=found[1], conj=conj)
    if token[:1] == "ع" and token[1:].isascii() and len(token) > 4 and not not_dish:
        # "3awameh" for a menu's English "Awameh": the English name drops the ع Arabizi writes
        rest = _plain_word_slot(token[1:], index)
        if rest.kind == "item":
            return Slot(token, "item", canon=rest.canon, value=rest.value, conj=conj)
    if forms & OTHER_FOODS or not_dish:
        # "وعندكم تشوريزو؟", "do you have paratha?": a food of other menus, asked for and named back,
        # is no other spelling of a word of this menu ("تشوروز", "بارد"); nor is a word that means
        # something else ("shorbat", soup, is no "شربت")
        return Slot(token, "other", conj=conj)
    spelt = arabizi_word(token, index.arabizi) or _short_arabizi_name(token, index)
    if spelt is not None:  # "ba2lawa" on a menu that writes "بقلاوة", "mooz" on one with "موز"
        return Slot(token, "item", canon=spelt)
    loan = _loanword_spelling(token[1:] if conj else token, index)
    if loan is not None:
        return Slot(token, "item", canon=loan, conj=conj)
    if _CONSTRUCT.match(token):
        # Arabizi construct state: a taa marbuta is said "t" before the next noun ("salatet
        # caesar" = "salata", "shawermet ferakh" = "shawerma")
        plain = _plain_word_slot(token[:-2] + "a", index)
        if plain.kind == "item":
            return Slot(token, "item", canon=plain.canon, value=plain.value, conj=conj)
    dual = _ARABIZI_DUAL.match(token)
    if dual:  # "salatten", "kunaftein": the dual of a dish, its taa marbuta said "t" before "-ein"
        plain = _plain_word_slot(dual.group(1) + "a", index)
        if plain.kind == "item":
            return Slot(token, "item", canon=plain.canon, value=2, conj=conj)
    if _EGYPTIAN_FUTURE.match(token[1:] if conj else token) and not forms & OTHER_FOODS:
        # "وهاستلم من الفرع", "هاجي اخدهم", "حنعدي": a verb in the future, not a dish
        return Slot(token, "stop", conj=conj)
    if _COLLECT.match(token) and not forms & OTHER_FOODS:
        return Slot(token, "stop", conj=conj)  # "w bastalem mn el far3", "hagy akhodhom 3al sa3a 9"
    if token in _ARABIZI_TEMPERATURES:
        # "lemonada barda 2", "shay s5n 2": how it comes (a name on this menu with the word took
        # it above), the count after it still the dish's
        return Slot(token, "modword", conj=conj)
    return Slot(token, "other", conj=conj)


#: Cold and hot in Arabizi ("barda", "bared", "s5n", "sa5en", "skhun").
_ARABIZI_TEMPERATURES = frozenset(
    normalize(w)
    for w in (
        "bared barid bard barda bardeh barde bardi bardin bardeen sa23a sa23 sa2e3 "
        "s5n s5ne s5neh s5na s5en s5oon s5un sa5en sa5n sa5na sa5ne sa5neh sokhn sukhn skhun sokhun "
        "skhn skhne sakhen sakhin sakhna sakhne"
    ).split()
)


_LONG_VOWEL = re.compile("oo|ee|aa|ou")


def _short_arabizi_name(token: str, index: MenuIndex) -> str | None:
    """ "mooz" for the menu's "موز": a name of one Arabic word with two consonants, spelled with a
    long vowel written double (so no short word is pulled in), when it is the one such name."""
    if not (token.isascii() and token.isalpha() and len(token) >= 4 and _LONG_VOWEL.search(token)):
        return None
    said = skeleton(token)
    if len(said) != 2:
        return None
    names = {
        e.name_ar.strip()
        for e in index.entries
        if len(e.name_ar.split()) == 1 and skeleton(normalize(e.name_ar)) == said
    }
    return normalize(names.pop()) if len(names) == 1 else None


def _loanword_spelling(token: str, index: MenuIndex) -> str | None:
    """A loanword the menu spells another way in Arabic letters ("سبرينج" for "سبرنق", "g" as
    ج / ق / غ, a long vowel written or not): the one own word with the same consonants, four of
    them at least, so no short everyday word is pulled in."""
    if is_latin(token):
        return _latin_loanword(token, index)
    skel = skeleton(token)
    return index.arabizi.get(skel) if len(skel) >= 4 else None


_LATIN_VOWELS = re.compile("[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


def _latin_consonants(word: str) -> str:
    """The consonants of a Latin word in order, a doubled one once ("waffle", "wafel": "wfl")."""
    return _DOUBLED.sub(r"\1", _LATIN_VOWELS.sub("", word))


def _latin_loanword(token: str, index: MenuIndex) -> str | None:
    """ "wafel" for the menu's English "waffle": the one Latin own word with the same consonants in
    the same order and as many vowels between them, three consonants at least and a word of five
    letters or more, so no short word is pulled in ("barid" is no "bread")."""
    said = _latin_consonants(token)
    if len(said) < 3 or len(token) < 5 or not token.isalpha():
        return None
    vowels = len(_LATIN_VOWELS.findall(token))
    same = {
        w
        for w in index.own_words
        if w.isascii()
        and len(w) >= 5
        and _latin_consonants(w) == said
        and len(_LATIN_VOWELS.findall(w)) == vowels
    }
    return next(iter(same)) if len(same) == 1 else None


#: The Egyptian future prefix ("ه"/"ح") before a verb's person prefix, and three letters more.
_EGYPTIAN_FUTURE = re.compile("^[هح][انيت][\u0621-\u064a]{2,}$")


#: The customer's own coming to collect, read by shape in Arabic letters and in Arabizi: a person
#: prefix (ب / ه / ح / ا / ن, "ba" / "ha" / "a" / "n"), the stem of receiving (استلم, "stalem"),
#: taking (اخذ / اخد, "akhod" / "a5th", Levantine "nekhedon"), passing by ("amor", "bamer",
#: "ha3ady", Levantine "mnemro2" with the ق said as a hamza) or coming ("hagy", "baji"), and an
#: object ("ها" / "هم", "ha" / "hom"): "bastalem", "astalimhom", "a5thom", "amor", "hagy akhodhom".
#: Never a dish (a word of the menu is read before it).
_COLLECT = re.compile(
    "^و?(?:ب|ه|ح|ن|بن|هن|رح)?[اينت]?(?:ستلم|خذ|خد)(?:و|وا|ون|ي)?(?:ها|هم|هن|ه|ن)?$|"
    "^w?(?:b|h|ha|ba|bn|hn|n|a)?[aei]?(?:st[aei]?l[aei]?m|(?:kh|خ)[aeou]?(?:d|dh|th|t|z))"
    "(?:[aeiou]|ou)?(?:ha|hom|hum|hon|hun|hen|hm|h|n)?$|"
    "^w?(?:b|h|ha|ba|bn|hn|n|a|mn|mne|bne)[aei]?m[aeiou]?rr?(?:[aeiou]?(?:ء|q))?$|"
    "^w?(?:b|h|ha|ba|n|a)[aei]?ع[aei]?dd?[aeiy]{1,2}$|"
    "^w?(?:b|h|ha|ba|n|a)[aei]?[gj](?:i|y|ee|ii)$"
)

#: Arabizi letters may be digits ("3arouset": 3 is ع, normalised to the Arabic letter).
_ARABIZI_DUAL = re.compile(r"^([a-z2-9']{3,}?)t(?:ein|ain|en|in|een)$")
_CONSTRUCT = re.compile(r"^(?=.*[a-z])[a-zءعحخ]{3,}[aei]t$")


#: The Darija "of" ("kas dyal atay", "كاس ديال أتاي"): the words around it are one name, it is no word of it.
_DARIJA_OF = frozenset(normalize(w) for w in "dyal diyal ديال".split())


def read_slots(text: str, index: MenuIndex) -> list[Slot]:
    toks = [t for t in normalize(_unglue(text, index.menu_words)).split() if t not in _DARIJA_OF]
    slots: list[Slot] = []
    i = 0
    spans = list(SYNONYM_MATCHER.finditer(toks))
    for start, end, canon in spans:
        slots.extend(_word_slot(t, index) for t in toks[i:start])
        conj = _has_conj_prefix(toks[start], index.menu_words)
        if end - start > 1 or toks[start] in SINGLE_WORD_SYNONYMS:
            slot = Slot(" ".join(toks[start:end]), "item", canon, conj=conj)
        else:
            slot = _word_slot(toks[start], index)
            counted = start > 0 and number_value(toks[start - 1]) is not None
            if slot.kind == "stop" and toks[start].isascii() and not counted:
                pass  # "May I have a tea": an English word a synonym spells ("mayy") is a dish after a count only
            elif slot.kind in ("other", "stop", "filler"):
                slot = Slot(toks[start], "item", canon, conj=conj)
            elif slot.kind == "modword" and canon in SIZES_AND_MEASURES and canon in index.menu_words:
                # "البيتزا الحارة": the clitic-bearing spelling of a word of a name on this menu
                slot = Slot(toks[start], "item", canon, conj=conj, fallback=slot)
        if canon in MOD_STANDALONE | SIZES_AND_MEASURES and slot.kind == "item" and slot.fallback is None:
            # "iced"/"ايس", "كبيرة", "طبق": a modifier or measure unless a name on this menu has it
            kind = "filler" if canon in FILLERS else "modword"
            modword = Slot(slot.text, kind, conj=conj)
            slot = (
                Slot(slot.text, "item", canon, conj=conj, fallback=modword)
                if canon in index.menu_words
                else modword
            )
        slots.append(slot)
        i = end
    slots.extend(_word_slot(t, index) for t in toks[i:])
    _article_inside_a_name(slots, index)
    _foreign_compounds(slots, index)
    _small_words_of_a_name(slots, index)
    _one_word_name_said_in_two(slots, index)
    _for_the_family(slots)
    _for_the_people(slots)
    _in_a_measure(slots)
    _the_two_of_them(slots)
    _asked_whether_they_have(slots)
    _article_before_a_name_number(slots, index)
    _numbers_in_names(slots, index)
    _number_word_of_a_name_spelt_otherwise(slots, index)
    _address_after_delivery(slots, index)
    _dialect_equivalents(slots, index)
    _egyptian_sense_alone(slots, index, text)
    if _arabizi_in_context(slots, index):
        _numbers_in_names(slots, index)  # "strips 5 2at3a": the number sits inside a name read now
        _said_again(slots)
    _count_before_a_measure(slots, index)
    _half_of_them(slots)
    _want_between_count_and_dish(slots)
    _count_word_after_number(slots)
    _halves_that_are_no_dish(slots)
    _a_word_of_the_name_for_the_dish(slots, index)
    _count_after_who_it_is_for(slots)
    _times_and_ordinals(slots)
    _counts_heard_as_words(slots)
    _very_before_a_count(slots)
    _cut_in_halves_and_without_walnuts(slots)
    _a_dish_time_of_day(slots, index)
    _juice_said_before_its_name(slots, index)
    _said_of_a_person_or_politely(slots)
    _count_said_twice(slots)
    _dish_said_again_after_a_no(slots)
    _mark_corrections(slots)
    _bare_count_after_a_no(slots)
    _add_more_as_like_it(slots)
    _a_new_one(slots)
    _postposed_extra(slots)
    _count_after_extra(slots)
    _negated_name_words(slots)
    _measure_before_other_dish(slots, index)
    _change_word_inside_a_name(slots, index)
    _extra_that_opens_a_name(slots, index)
    _an_extra_dish(slots, index)
    _how_sweet(slots, index)
    _adjective_of_a_word_off_the_menu(slots, index)
    _how_some_of_them_are_cooked(slots, index)
    _how_a_dish_said_is_made(slots, index)
    _which_bread_some_of_them_have(slots, index)
    for k in range(len(slots) - 1):
        if (slots[k].text, slots[k + 1].text) in MOD_MULTI:
            # "من غير ثومية": both words are the change, and the second ("غير") leads it
            slots[k].kind = slots[k + 1].kind = "mod"
        first = k + 1
        while first < len(slots) - 1 and slots[first].text in _PREPARED and not slots[first + 1].conj:
            first += 1  # "no whipped cream", "without grated cheese": how the changed thing is made
        first += _word_off_the_menu_first(slots, first, index)
        nxt = slots[first]
        if (
            slots[k].kind == "mod"
            and token_forms(slots[k].text) & CHANGE_PREFIX
            and nxt.kind == "item"
            and not nxt.conj
            and all(not s.conj for s in slots[k + 1 : first])
        ):
            # "without rice", "زيادة جبن", "extra garlic sauce", "no whipped cream": what is
            # changed, not a dish
            end = first
            while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
                end += 1
            if _counted_extra(slots, k, end, index):
                slots[k] = Slot(slots[k].text, "stop", conj=slots[k].conj)
                continue
            for m in range(k + 1, end):
                slots[m] = Slot(slots[m].text, "other")
    _half_a_measure(slots)
    return slots


def _word_off_the_menu_first(slots: list[Slot], first: int, index: MenuIndex) -> int:
    """ "بلا بصل مقلي", "bala soy sauce": 1 when the thing changed opens with a word off the menu
    and closes, run on, with one word of a name that opens no name ("مقلي", "sauce"; not "churros"
    nor "شاورما" in "without onions, churros", "بدون مخلل، شاورما دجاج ١", where the comma is
    no longer seen): that word is the change's too."""
    after = slots[first + 1] if first + 1 < len(slots) else None
    beyond = slots[first + 2] if first + 2 < len(slots) else None
    return int(
        slots[first].kind == "other"
        and after is not None
        and after.kind == "item"
        and not after.conj
        # one word closing the change ("kibbeh no onions, mango juice small" goes on to a dish)
        and (beyond is None or beyond.kind != "item" or beyond.conj)
        and after.canon not in _name_openers(index)
    )


def _name_openers(index: MenuIndex) -> frozenset[str]:
    """The first dish word of every name on this menu, Arabic and English."""
    return frozenset(
        words[0]
        for entry in index.entries
        for name in (entry.name_ar, entry.name_en)
        if (words := canonical_words(name))
    )


#: How an ingredient is made, said before it in English ("no whipped cream", "extra grated cheese").
_PREPARED = frozenset(
    "whipped grated shredded melted crushed chopped diced sliced toasted roasted fried caramelized".split()
)
_A = frozenset(("a", "an"))
_HALF = normalize("نص")


def _half_a_measure(slots: list[Slot]) -> None:
    """ "half a kilo baklava": the "a" between "half" and a measure is part of the measure ("نص
    كيلو"), not a count of one; it is dropped."""
    for k in range(len(slots) - 3, -1, -1):
        if slots[k].canon != _HALF:
            continue
        a, measure = slots[k + 1], slots[k + 2]
        if a.kind == "num" and a.text in _A and measure.canon in SIZES_AND_MEASURES:
            del slots[k + 1]


def _small_words_of_a_name(slots: list[Slot], index: MenuIndex) -> None:
    """ "وباو باجي" on a menu with "باو باجي": a word read elsewhere as a spoken one ("باجي", I'm
    coming) that is a word of a name on this menu, right after another word of that same name,
    is the name's word: the menu's own names come first. So too right before another word of it
    ("خلاص كيلو ثلاث" on a menu with "خلاص كيلو": a date named like "enough"), and after one
    with "of" between ("two kilos of khalas")."""
    for k, slot in enumerate(slots):
        if slot.kind != "stop":
            continue
        word = slot.text[1:] if slot.conj and slot.text[1:] in index.menu_words else slot.text
        if word not in index.menu_words:
            continue
        beside = [slots[k + 1]] if k + 1 < len(slots) else []  # "وخلاص كيلو": and the name
        if not slot.conj and k:
            beside.append(slots[k - 1])
            if k > 1 and slots[k - 1].text == "of":
                beside.append(slots[k - 2])
        if any(
            b.kind == "item" and any({b.canon, word} <= words for words in index.words_of.values())
            for b in beside
        ):
            slots[k] = Slot(slot.text, "item", word, conj=slot.conj, fallback=slot)


#: Short Latin words a name has inside it that are articles or links in its own language ("a" and
#: "la" of "Papa a la Huancaina", "de" of "Pastel de Choclo"), and the English links ("on" of "Quzi
#: on Rice": "is the pacha on today?" names no quzi).
_NAME_LINKS = frozenset("on in over".split())
_NAME_ARTICLES = frozenset("a la le de di del du".split()) | _NAME_LINKS


def _article_inside_a_name(slots: list[Slot], index: MenuIndex) -> None:
    """ "and a chicha morada", "hmm no, a spicy fish ceviche": an article a name has inside it ("a" of
    "Papa a la Huancaina") names that dish only beside another word of it; elsewhere it is what it is
    without the menu (the "a" of one)."""
    for k, slot in enumerate(slots):
        if slot.text not in _NAME_ARTICLES or slot.kind != "item":
            continue
        if slot.fallback is None and slot.text not in _NAME_LINKS:
            continue
        names = [words for words in index.words_of.values() if slot.canon in words]
        beside = [slots[n] for n in (k - 1, k + 1) if 0 <= n < len(slots)]
        if not any(
            b.kind == "item" and b.canon != slot.canon and any(b.canon in w for w in names) for b in beside
        ):
            slots[k] = slot.fallback or Slot(slot.text, "stop", conj=slot.conj)


def _foreign_compounds(slots: list[Slot], index: MenuIndex) -> None:
    """ "and a hot dog": a food of other menus said in two words, one of them otherwise a
    description, is one word of food (named back where the menu lacks it), not "spicy". On a
    menu whose names hold both words ("Corn Dog") the restaurant's own name comes first."""
    for k in range(len(slots) - 2, -1, -1):
        pair = (bare_word(slots[k]), slots[k + 1].text)
        if pair in FOREIGN_COMPOUNDS and not slots[k + 1].conj and not set(pair) <= index.menu_words:
            slots[k : k + 2] = [Slot(" ".join(pair), "other", conj=slots[k].conj)]


def _one_word_name_said_in_two(slots: list[Slot], index: MenuIndex) -> None:
    """ "وعرق سوس" on a menu that writes "عرقسوس": two words that together spell one word of a
    name on this menu are that word (neither half is named back as a food of its own)."""
    for k in range(len(slots) - 2, -1, -1):
        first, second = slots[k], slots[k + 1]
        if second.conj or "item" == first.kind == second.kind:
            continue
        joined = bare_word(first) + second.text
        if len(joined) >= 5 and joined in index.menu_words:
            slots[k : k + 2] = [Slot(f"{first.text} {second.text}", "item", canon=joined, conj=first.conj)]


def _the_two_of_them(slots: list[Slot]) -> None:
    """ "الاثنين بدون طماطم", "والتنتين بلا مخلل": a number word with the article is "the two (of
    them)", pointing back to dishes named, never a dish nor a word to name back; right before a
    dish or size word ("وحدة منهم كبيرة والتنتين صغار") it counts the rest, as "واتنين" would."""
    for k, slot in enumerate(slots):
        word = bare_word(slot)
        value = number_value(word[2:]) if slot.kind == "other" and word.startswith("ال") else None
        if value is None or value < 2:
            continue
        nxt = slots[k + 1] if k + 1 < len(slots) else None
        if nxt is not None and nxt.kind == "item" and not nxt.conj:
            slots[k] = Slot(slot.text, "num", value=value, conj=slot.conj)
        else:
            slots[k] = Slot(slot.text, "ref", conj=slot.conj)


#: "do you have", "do u guys have": the English question before a food it asks about.
_YOU = frozenset(("you", "u", "ya", "y'all", "yall"))
_GUYS = frozenset(("guys", "all", "still", "even", "also"))  # "do you also have shakshuka?"
_HAVE = frozenset(("have", "got", "sell", "make", "serve", "do"))  # "do you guys do tacos?"
#: "any" asks about the food after it when the question ends there or on a time ("…, any pongal
#: today?"), and "got any" / "have any" asks wherever it stands ("…, got any nachos?").
_ANY_ENDS = frozenset(("today", "tonight", "now"))
#: "عندكم" / "عندكو" / "عندكن" ("do you have", Gulf, Egyptian, Levantine), with "في" / "فيه" before.
_WITH_YOU = frozenset(
    normalize(w)
    for w in (
        "عندكم عندكو عندكن عندك عندكوا "
        # and in Arabizi ("w 3indkom harees?", "3andkon kibbe?", "3ndko")
        "3indkum 3indkom 3indkon 3indko 3ndkum 3ndkom 3ndkon 3ndko 3ndkm 3andkum 3andkom 3andkon 3andko "
        "3endkom 3endkum 3endkon 3endko 3andak 3indak 3ndk "
        # Egyptian Arabizi with the vowel before the ending ("w 3andoko crepe?")
        "3andoko 3andokom 3andokon 3indoko 3endoko 3ndoko"
    ).split()
)
_THERE_IS = frozenset(normalize(w) for w in "في فيه فيش fi fee fih".split())
#: "if" before "في" ("اذا في رامن", "لو في"): "if there is", not "in".
_IF = frozenset(normalize(w) for w in "اذا إذا لو هل".split())
#: The words that ask whether the restaurant has something: never a dish, never named back.
QUESTION_WORDS = (
    frozenset(normalize(w) for w in "عندكم عندكن عندكو عندك وعندكم وعندكن وعندكو فيه وفيه".split())
    | _WITH_YOU
)


# Words after "عندكم" / "do you have" that ask about the menu, not a food ("وش عندكم اليوم؟", "وش
# عندكم من برجر؟", "عندكم شي بارد؟", "do you have anything spicy?"): never named back as a dish.
_NEVER_ASKED_ABOUT = frozenset(
    normalize(w)
    for w in (
        "من اليوم الحين غير شي شيء ايش وش جديد ثاني كمان بعد هنا today now anything something else "
        "other new more here"
    ).split()
)


def _question_lead(slots: list[Slot], k: int) -> int:
    """The end of "do you (guys) have" / "(وفي) عندكن" / "and any" / "فيه" / "اذا في" starting at
    slot k, or k."""
    words = [bare_word(s) for s in slots[k : k + 4]] + ["", "", "", ""]
    if words[0] in _THERE_IS and words[1] in _WITH_YOU and not slots[k + 1].conj:
        return k + 2
    if words[0] in _WITH_YOU:
        return k + 1
    if words[0] == "فيه" or (words[0] in _IF and words[1] in ("في", "فى") and not slots[k + 1].conj):
        # "وفيه كنافة؟", "وإذا في رامن": "there is" has other senses ("in it"), so only a lone word
        # after it is a food asked about ("فيه جلسات للعائلات؟" is a phrase, no food)
        end = k + (1 if words[0] == "فيه" else 2)
        after = slots[end + 1] if end + 1 < len(slots) else None
        return end if after is None or after.kind != "other" else k
    if words[0] == "any" and k and slots[k - 1].kind == "conj":  # "…, and any sahlab?"
        return k + 1
    if words[0] in ("got", "have") and words[1] == "any" and not slots[k].conj:  # "…, got any nachos?"
        return k + 2
    if words[0] == "any" and (k + 2 >= len(slots) or words[2] in _ANY_ENDS):  # "…, any pongal today?"
        return k + 1
    if words[0] == "do" and words[1] in _YOU:
        have = 3 if words[2] in _GUYS else 2
        if words[have] not in _HAVE:
            return k
        end = k + have + 1
        # "do you have any shawarma?": "any" asks, the food is the word after it
        if end + 1 < len(slots) and bare_word(slots[end]) == "any" and not slots[end + 1].conj:
            end += 1
        return end
    return k


def _asked_whether_they_have(slots: list[Slot]) -> None:
    """ "…، وعندكم بروست؟", "and do you guys have wraps?", "وفي عندكن سحلب؟": a question whether
    the restaurant has a food, inside an order, asks about that food. The question's words are
    no food (no "do" named back); they open a dish place, as "and" does, so the word asked about
    is named back where the menu lacks it (and ordered where it has it)."""
    k = 0
    while k < len(slots):
        end = _question_lead(slots, k) if slots[k].kind in ("other", "stop") else k
        if end == k or end >= len(slots):
            k += 1
            continue
        asked = slots[end]
        if (
            asked.kind not in ("other", "filler", "item")
            or asked.conj
            or token_forms(asked.text) & SERVICES
            or bare_word(asked) in _NEVER_ASKED_ABOUT
        ):
            k += 1
            continue
        text = " ".join(s.text for s in slots[k:end])
        slots[k:end] = [Slot(text, "conj")]
        if asked.kind == "filler":  # "wraps": a measure word elsewhere, here the food asked about
            slots[k + 1] = Slot(asked.text, "other")
        k += 2


#: "for the family" in Arabic, the preposition attached ("للعائلة", "للعيلة", "لعيلتي").
_FOR_FAMILY_AR = frozenset(normalize(w) for w in "للعائله للعايله للعيله لعيلتي للعيلة للاسره".split())
#: What may stand between "for" and "family" ("for the family", "for my family").
_FOR_WHOSE = frozenset(("the", "my", "our", "a", "whole"))


def _for_the_family(slots: list[Slot]) -> None:
    """ "a sushi platter for the family", "صينية سوشي للعائلة": who the dish is for, said right
    after it, sizes that dish (a family one where the menu has it); it is no second dish. The
    purpose words go and "family" joins the dish's words."""
    for k in range(len(slots) - 1, 0, -1):
        if k >= len(slots):
            continue  # purpose words taken out after this position
        slot = slots[k]
        english = slot.canon == "عايلي" or (slot.fallback is not None and slot.fallback.text == "family")
        if english and not slot.conj:
            j = k - 1
            while j > 0 and slots[j].text in _FOR_WHOSE:
                j -= 1
            if slots[j].text == "for" and j > 0 and slots[j - 1].kind == "item":
                slots[j:k] = []
                slots[j] = Slot(slot.text, "item", canon="عايلي", fallback=Slot(slot.text, "modword"))
        elif (
            slot.kind == "other"
            and not slot.conj
            and slot.text in _FOR_FAMILY_AR
            and slots[k - 1].kind == "item"
        ):
            slots[k] = Slot(slot.text, "item", canon="عايلي", fallback=Slot(slot.text, "modword"))


#: "for the bbq crew", "for my football team": who it is for, the word before them says which.
_PEOPLE = frozenset(
    normalize(w)
    for w in "crew gang team guys boys girls kids lads squad party office staff friends workers club".split()
)
_PEOPLE_ARTICLE = frozenset(normalize(w) for w in "the my our".split())


def _for_the_people(slots: list[Slot]) -> None:
    """ "… and four cold lemonades for the barbecue crew": after "for the" and before the people it
    is for, one or two words say which people (an occasion, a sport), never a food named back or a
    dish of this menu ordered."""
    for k in range(len(slots) - 3):
        if slots[k].text != "for" or slots[k + 1].text not in _PEOPLE_ARTICLE:
            continue
        for width in (1, 2):
            end = k + 2 + width
            if end < len(slots) and slots[end].text in _PEOPLE and not slots[end].conj:
                if all(s.kind in ("other", "item", "modword") and not s.conj for s in slots[k + 2 : end]):
                    for n in range(k + 2, end):
                        slots[n] = Slot(slots[n].text, "stop")
                break


def _in_a_measure(slots: list[Slot]) -> None:
    """ "one in a cone", "two in a box": the "a" after "in" says what it comes in, it counts nothing;
    "in" says how some of them come (a note on them)."""
    for k in range(len(slots) - 1):
        if slots[k].text == "in" and slots[k + 1].text in ("a", "an") and slots[k + 1].kind == "num":
            slots[k] = Slot(slots[k].text, "modword")  # how some of them come: a note, as "spicy"
            slots[k + 1] = Slot(slots[k + 1].text, "stop")


def _counted_extra(slots: list[Slot], k: int, end: int, index: MenuIndex) -> bool:
    """ "and extra garlic sauce x2": "extra" before a whole name of this menu (two words or more)
    that a count follows orders that many of it; "extra cheese", "بدون بصل" stay changes."""
    if not token_forms(slots[k].text) & _MORE_AFTER or end - k < 3 or end >= len(slots):
        return False
    if slots[end].kind != "num" or slots[end].conj:
        return False
    canons = {slots[m].canon for m in range(k + 1, end)}
    return any(canons <= words for words in index.words_of.values())


def _count_after_extra(slots: list[Slot]) -> None:
    """ "وصوص حار زيادة ٢": "زيادة" / "extra" between a dish and the count closing the clause
    says the count is more of that dish; the count is the dish's, the word changes nothing."""
    for k in range(1, len(slots) - 1):
        slot, nxt = slots[k], slots[k + 1]
        after = slots[k + 2] if k + 2 < len(slots) else None
        if (
            slot.kind == "mod"
            and token_forms(slot.text) & _MORE_AFTER
            and slots[k - 1].kind == "item"
            and nxt.kind == "num"
            and not nxt.conj
            and (after is None or after.kind == "conj" or after.conj)
        ):
            slots[k] = Slot(slot.text, "filler", conj=slot.conj)


_THE = frozenset(normalize(w) for w in "el il al the".split())


def _article_before_a_name_number(slots: list[Slot], index: MenuIndex) -> None:
    """ "bucket el 24 2it3a", "the bucket the 24 pieces": "the" between a word of a name and that
    name's number says which one, the number is the name's; the article is left out."""
    for k in range(len(slots) - 2, 0, -1):
        num, art, prev = slots[k + 1], slots[k], slots[k - 1]
        if (
            art.text in _THE
            and num.kind == "num"
            and num.text in index.numbered
            and prev.kind == "item"
            and prev.canon in index.numbered[num.text]
            and not num.conj
        ):
            del slots[k]


def _number_word_of_a_name_spelt_otherwise(slots: list[Slot], index: MenuIndex) -> None:
    """ "تشي تلات ألوان" for the menu's "تشي ثلاث ألوان": a number word spelt otherwise than the
    name writes it ("تلات" / "ثلاث"), between two other words of that name, is the name's own
    word, not a count (as the name's own spelling is)."""
    for k in range(1, len(slots) - 1):
        slot, prev, nxt = slots[k], slots[k - 1], slots[k + 1]
        if slot.kind != "num" or slot.text.isdigit() or prev.kind != "item" or nxt.kind != "item" or nxt.conj:
            continue
        value = number_value(slot.text)
        said = [
            w
            for words in index.words_of.values()
            if prev.canon in words and nxt.canon in words
            for w in words
            # (in the script said: "three" is the same name's English word)
            if not w.isdigit()
            and w != slot.text
            and w.isascii() == slot.text.isascii()
            and number_value(w) == value
        ]
        if value is not None and len(set(said)) == 1:
            slots[k] = Slot(slot.text, "item", canon=said[0], fallback=slot)


def _numbers_in_names(slots: list[Slot], index: MenuIndex) -> None:
    """A number that is a word of a menu name ("ستربس ٣ قطع", "Strips 5 Pieces"), between two
    other words of that name: part of the name when the name fits, else still a quantity
    ("٢ ستربس ٣ قطع" is two of the three-piece strips; "٣ ستربس" and "ستربس ٣" stay three)."""
    if not index.numbered:
        return
    for k in range(1, len(slots) - 1):
        slot, prev, nxt = slots[k], slots[k - 1], slots[k + 1]
        if slot.kind != "num" or not slot.text.isdigit() or slot.text not in index.numbered:
            continue
        words = index.numbered[slot.text]
        if prev.kind == nxt.kind == "item" and prev.canon in words and nxt.canon in words and not nxt.conj:
            slots[k] = Slot(slot.text, "item", canon=slot.text, fallback=slot)
    for k in range(1, len(slots)):
        # a name that ends in its number, whole ("دجاج ٦٥", "chicken 65"): the number closes
        # the name; short of the whole name it stays a count ("ستربس ٣" is three strips)
        slot = slots[k]
        if slot.kind != "num" or not slot.text.isdigit() or slot.text not in index.numbered:
            continue
        start = k
        while start > 0 and slots[start - 1].kind == "item":
            start -= 1
            if slots[start].conj:
                break
        for first in range(start, k):
            if frozenset([*(s.canon for s in slots[first:k]), slot.text]) in index.exact:
                slots[k] = Slot(slot.text, "item", canon=slot.text, fallback=slot)
                break
    for k in range(1, len(slots) - 1):
        # a number with a piece word after it, closing words of a name that holds that number
        # ("wagbet broasted 8 7etat", "وجبة عائلية ١٢ حتة"): the name's own count, said in the
        # customer's word for pieces, when exactly one name holds those words and the number
        slot, unit = slots[k], slots[k + 1]
        if slot.kind != "num" or not slot.text.isdigit() or slot.text not in index.numbered:
            continue
        if unit.kind not in ("filler", "item", "stop") or not token_forms(unit.text) & _PIECES:
            continue  # ("اشخاص", "people" are stop words until a name holds them)
        start = k
        while start > 0 and slots[start - 1].kind == "item" and not slots[start].conj:
            start -= 1
        said = {s.canon for s in slots[start:k]} | {slot.text}
        holding = [e for e in index.entries if said <= index.words_of[e.key]]
        while start < k - 1 and not holding:
            # "popcorn chicken, spicy wings 6 pcs": the dish before, run on with no "و", is not
            # of the name; its words are left out one by one from the front
            start += 1
            said = {s.canon for s in slots[start:k]} | {slot.text}
            holding = [e for e in index.entries if said <= index.words_of[e.key]]
        if start < k and len(holding) == 1:
            slots[k] = Slot(slot.text, "item", canon=slot.text, fallback=slot)
            # the piece word stands for the name's own ("حتة" for "قطعة"), whole when it can be
            pieces = sorted(index.words_of[holding[0].key] & _PIECES)
            if any(not w.isascii() for w in said):  # the name's Arabic word beside Arabic words
                pieces.sort(key=str.isascii)
            whole = [w for w in pieces if frozenset(said | {w}) in index.exact]
            if pieces and unit.kind in ("filler", "stop"):
                slots[k + 1] = Slot(unit.text, "item", canon=(whole or pieces)[0], fallback=unit)
    for k in range(1, len(slots) - 1):
        # "لا خليها ٨ قطع", "no, make it 12 pieces": a number and a piece word right after a
        # correction verb, that names hold together, correct which of them (not how many)
        slot, unit = slots[k], slots[k + 1]
        if slot.kind != "num" or not slot.text.isdigit() or slot.text not in index.numbered:
            continue
        if unit.kind not in ("filler", "item") or unit.conj or not token_forms(unit.text) & _PIECES:
            continue
        j = k - 1
        while j > 0 and slots[j].text in CORRECTION_OBJECT | CORRECTION_ARTICLE:
            j -= 1
        if slots[j].text not in CORRECTION_VERBS and bare_word(slots[j]) not in CORRECTION_VERBS:
            continue
        holders = [
            e for e in index.entries if slot.text in index.words_of[e.key] and index.words_of[e.key] & _PIECES
        ]
        if holders:
            slots[k] = Slot(slot.text, "item", canon=slot.text, fallback=slot)
            own = sorted(index.words_of[holders[0].key] & _PIECES)
            if unit.kind == "filler" or unit.canon not in index.words_of[holders[0].key]:
                slots[k + 1] = Slot(unit.text, "item", canon=own[0], fallback=unit)
    for k in range(len(slots) - 2):
        # the count and its measure written before the rest of the name ("an 8 piece broasted
        # meal" for "Broasted Meal 8 Pieces", "١٢ قطعة وجبة عائلية"): part of the name when the
        # number, the measure and the dish words after them spell it whole
        slot, unit = slots[k], slots[k + 1]
        if slot.kind != "num" or not slot.text.isdigit() or slot.text not in index.numbered:
            continue
        if unit.kind != "item" or unit.conj or unit.canon not in index.numbered[slot.text]:
            continue
        end = k + 2
        while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
            end += 1
        if any(s.text == slot.text for s in slots[k + 2 : end]):
            continue  # "٣ ستربس ٣ قطع": the name's own count is said after, this one counts
        for stop in range(end, k + 2, -1):
            spelled = frozenset([slot.text, unit.canon, *(s.canon for s in slots[k + 2 : stop])])
            # the name whole, or names holding every word said ("one 8 piece meal")
            if spelled in index.exact or any(spelled <= words for words in index.words_of.values()):
                slots[k] = Slot(slot.text, "item", canon=slot.text, fallback=slot)
                break
    for k in range(1, len(slots)):
        # a whole name of a word and a number, written as on the menu ("في ٦٠" for V60)
        slot, prev = slots[k], slots[k - 1]
        if slot.kind == "num" and slot.text in index.numbered and prev.kind in ("stop", "other", "filler"):
            if frozenset((bare_word(prev), slot.text)) in index.exact:
                slots[k - 1] = Slot(prev.text, "item", canon=bare_word(prev), conj=prev.conj, fallback=prev)
                slots[k] = Slot(slot.text, "item", canon=slot.text, fallback=slot)


#: A share of them in one word ("نصهم", "ربعهن", "تلتهم", "nosshom"): the part of the count before.
_PART_OF_THEM = {
    **dict.fromkeys(
        (
            normalize(w)
            for w in "نصهم نصها نصهن نصن نصفهم نصفها nosshom noshom nossahom nosson nosshon".split()
        ),
        2,
    ),
    **dict.fromkeys((normalize(w) for w in "تلتهم تلتهن تلتها ثلثهم ثلثهن ثلثها".split()), 3),
    **dict.fromkeys((normalize(w) for w in "ربعهم ربعهن ربعها ربعن rob3hom rob3hon".split()), 4),
}
_PART_EN = {"half": 2, "third": 3, "quarter": 4}


def _count_before_a_measure(slots: list[Slot], index: MenuIndex) -> None:
    """ "4 wajbat broasted 8 2ita3": a number right before the measure word a name opens with
    ("وجبة بروستد ٨ قطع") is how many, not the number of another name ("… ٤ قطع"), where no name on
    this menu opens with a number."""
    for k in range(len(slots) - 1):
        said, nxt = slots[k], slots[k + 1]
        if (
            said.kind == "item"
            and said.text.isdigit()
            and said.fallback is not None
            and said.fallback.kind == "num"
            and nxt.kind == "item"
            and nxt.fallback is not None
            and nxt.fallback.kind == "filler"
            and (k == 0 or slots[k - 1].kind != "item")
            and _opens_names_and_no_number_does(nxt.canon, said.canon, index)
        ):
            slots[k] = said.fallback


def _opens_names_and_no_number_does(measure: str, number: str, index: MenuIndex) -> bool:
    """Whether some name on this menu opens with the measure word ("وجبة بروستد ٨ قطع") and none
    with the number ("8 piece broasted meal" says the number of "… 8 Pieces" first)."""
    firsts = {words[0] for e in index.entries if (words := canonical_words(e.name_ar))}
    return measure in firsts and number not in firsts


def _half_of_them(slots: list[Slot]) -> None:
    """ "لحم بعجين عشرة، نصهم حار", "8 pies, a quarter of them without onion": that share of the
    count before, pointing back ("منهم"), so the part comes out of that count as "خمسة منهم"
    would."""
    for k, slot in enumerate(slots):
        english = slot.text in _PART_EN and [s.text for s in slots[k + 1 : k + 3]] == ["of", "them"]
        share = _PART_EN[slot.text] if english else _PART_OF_THEM.get(bare_word(slot), 0)
        if not share:
            continue
        count = next(
            (s.value for s in reversed(slots[:k]) if s.kind == "num" and s.text not in ("a", "an")), 0
        )
        if count >= share and count % share == 0:
            slots[k] = Slot(slot.text, "num", value=count // share, conj=slot.conj)
            if k and slots[k - 1].text in ("a", "an"):
                slots[k - 1] = Slot(slots[k - 1].text, "stop")  # "a quarter of them"
            if not english:
                slots.insert(k + 1, Slot(slot.text, "ref"))
            return


#: Units of time a half or a quarter measures ("بعد نص ساعة", "in half an hour", "ربع ساعة").
_TIME_UNITS = frozenset(
    normalize(w)
    for w in "ساعه ساعة ساعات دقيقه دقايق دقائق hour hours minute minutes mins hr hrs sa3a sa3ah".split()
)
#: "min" is also the Arabizi "من" ("2 min el burger"): a time only where no dish follows it.
_SHORT_MINUTE = frozenset(("min",))


def _time_unit(slots: list[Slot], k: int) -> bool:
    """Slot k names a unit of time ("دقيقة", "mins"; "min" only with no dish after it)."""
    word = bare_word(slots[k])
    if word in _TIME_UNITS:
        return True
    # "2 min el burger": a dish within the next two words ("el", "the" between) makes it "of"
    return word in _SHORT_MINUTE and not any(s.kind in ("item", "ref") for s in slots[k + 1 : k + 3])


def _count_word_after_number(slots: list[Slot]) -> None:
    """ "١٢ حبة معمول", "11 حبة كبة": from eleven up Arabic counts a singular noun, so the
    "حبة" (a piece) after a number is what is counted, not one more number that replaces it."""
    for k in range(len(slots) - 1):
        nxt = slots[k + 1]
        if slots[k].kind == "num" and nxt.kind == "num" and not nxt.conj and bare_word(nxt) in _PIECES:
            slots[k + 1] = Slot(nxt.text, "filler")


#: Wanting, said by the customer or of the people the order is for ("ابي", "يبون", "بدها", "wants").
_WANT = frozenset(
    normalize(w)
    for w in (
        "ابي ابغى ابغا ابا بدي عايز عاوز عايزه عاوزه يبي يبا يبى يبون يبغى يبغا يبغون تبي تبون تبغى "
        "تبغا تبغون يريد يريدون تريد بدو بدها بدهم بدن عايزين عاوزين want wants wanna "
        "yabi yaboon yabon tabi bado badha 3ayzin"
    ).split()
)


#: "for (both / the / all the)" between a word of a name and its head ("chicken for both shawarmas").
_FOR = frozenset(normalize(w) for w in "for لل ل".split())
_BOTH = frozenset(normalize(w) for w in "both الاثنين الثنتين الاتنين التنتين".split())
_FOR_THE = frozenset(normalize(w) for w in "the all".split())


def _a_word_of_the_name_for_the_dish(slots: list[Slot], index: MenuIndex) -> None:
    """ "hmm on second thought, chicken for both shawarmas", "beef for the shawarma": a word of a
    name, "for" (then "both" / "the"), then a word the name shares with others is that one dish,
    said the other way round; "both" counts two. Read so: the two words put side by side (with
    the count of "both" before them)."""
    for k in range(len(slots) - 2):
        word = slots[k]
        if word.kind != "item" or bare_word(slots[k + 1]) not in _FOR or slots[k + 1].conj:
            continue
        j = k + 2
        both = j < len(slots) and slots[j].text in _BOTH
        while j < len(slots) and (slots[j].text in _BOTH or slots[j].text in _FOR_THE):
            j += 1
        if j >= len(slots) or slots[j].kind != "item" or slots[j].conj or slots[j].canon == word.canon:
            continue
        if j + 1 < len(slots) and slots[j + 1].kind == "item" and not slots[j + 1].conj:
            continue  # a longer name after "for": read as written
        said = {word.canon, slots[j].canon}
        named = [key for key, words in index.words_of.items() if said <= words and len(words) == 2]
        if len(named) != 1:
            continue
        head = slots[j]
        count = [Slot("2", "num", value=2)] if both else []
        slots[k : j + 1] = [
            *count,
            Slot(head.text, "item", head.canon),
            Slot(word.text, "item", word.canon, conj=word.conj),
        ]
        return


def _want_between_count_and_dish(slots: list[Slot]) -> None:
    """ "واثنين يبون شاورما لحم", "واحد يبي برجر", "two want the burger": a count, then a verb of
    wanting, then the dish: the count is the dish's (the verb says who it is for); the verb is
    passed over as a filler is."""
    for k in range(len(slots) - 2):
        if slots[k].kind != "num":
            continue
        j = k + 1
        while j < len(slots) and bare_word(slots[j]) in _WANT and not slots[j].conj:
            j += 1
        if j > k + 1 and j < len(slots) - 1 and slots[j].text in CORRECTION_ARTICLE:
            j += 1  # "3 want the beef burger"
        if j == k + 1 or j >= len(slots) or slots[j].kind != "item" or slots[j].conj:
            continue
        for m in range(k + 1, j):
            slots[m] = Slot(slots[m].text, "filler")


def _halves_that_are_no_dish(slots: list[Slot]) -> None:
    """A half or a quarter that measures no dish: of an hour ("استلام بعد نص ساعة", "in half an
    hour": a time), or of a dozen ("half a dozen spinach": six)."""
    for k, slot in enumerate(slots):
        if slot.kind == "num" and k + 1 < len(slots) and _time_unit(slots, k + 1):
            # "pickup in 20 mins", "بعد ٢٠ دقيقة": a time, neither a count nor a dish
            slots[k] = Slot(slot.text, "stop", conj=slot.conj)
            slots[k + 1] = Slot(slots[k + 1].text, "stop")
            continue
        if slot.canon not in ("نص", "ربع") and bare_word(slot) not in ("half", "quarter", "نص", "نصف", "ربع"):
            continue
        rest = slots[k + 1 : k + 3]
        after = [s for s in rest if s.text not in ("a", "an")][:1]
        if after and bare_word(after[0]) in _TIME_UNITS:
            for j in range(k, slots.index(after[0], k) + 1):
                slots[j] = Slot(slots[j].text, "stop", conj=slots[j].conj)
        elif after and after[0].kind == "num" and after[0].value == 12:
            part = 6 if slot.canon == "نص" or bare_word(slot) in ("half", "نص", "نصف") else 3
            end = slots.index(after[0], k)
            for j in range(k, end):
                slots[j] = Slot(slots[j].text, "stop", conj=slots[j].conj)
            slots[end] = Slot(after[0].text, "num", value=part)


#: Words for pieces, in every dialect and Arabizi ("قطع", "حتة", "7etat", "2ta3", "pcs").
_PIECES = frozenset(
    normalize(w)
    for w in (
        "قطع قطعه قطعة حبات حبه حته حتت pieces piece pcs pc 7etta 7eta 7etat 7ettat 7abbat 7abat 2ta3 2et3a "
        "2eta3 qeta3 7abba 7aba "  # and the singular ("ma3mool tamr 12 7abba")
        # the people a platter feeds, a measure of it as pieces are ("صحن مشاوي ٤ أشخاص", "platter 6 people")
        "اشخاص أشخاص شخص نفر انفار افراد people persons person pax ashkhas ashkhass anfar"
    ).split()
)


#: Words that send the order somewhere, and the "to" that leads the address after them.
_DELIVER = frozenset(
    normalize(w) for w in "delivery deliver delivered توصيل للتوصيل التوصيل وصلوه وصلوها tawseel".split()
)
# (Arabizi "lil" / "lel", "to the": "tawseel lil 7amra")
# (Arabizi "7ay", the district: "el tawseel 7ay el salama")
_DISTRICT = frozenset(normalize(w) for w in "لحي 7ay 7ai 7ayy".split())
_TO_PLACE = frozenset(normalize(w) for w in "to الى إلى على عند at lil lel lal".split()) | _DISTRICT
# (Arabizi "le" / "li" / "3al", the "to" said before the district word: "delivery le 7ay el salama")
_TO_DISTRICT = frozenset(normalize(w) for w in "le li la l 3al 3ala 3a ila to".split())  # and Levantine "3a"


def _said_again(slots: list[Slot]) -> None:
    """ "4 3eish baladi, la 5alli el 3eish 6": an Arabizi word read as a dish word beside its name
    ("3eish" beside "baladi") is that dish word again where it stands alone in the same message."""
    said = {bare_word(s): s.canon for s in slots if s.kind == "item" and s.canon}
    for k, slot in enumerate(slots):
        word = bare_word(slot)
        if slot.kind == "other" and len(word) >= 3 and word in said:
            slots[k] = Slot(slot.text, "item", said[word], conj=slot.conj)


def _address_after_delivery(slots: list[Slot], index: MenuIndex) -> None:
    """ "delivery to Al Khobar", "توصيل الى حي النرجس", "tawseel 7ay el salama": the words after are
    a place, not food (up to the next "and", comma or number; a house number right after the "to"
    is the address's own: "delivered to 22 Prince Sultan Street"); a dish of this menu there is still a dish when the
    words there spell one of its names whole (not "al" of "Bint Al Sahn" in "deliver to al safa",
    nor "red" of "Red Curry" in "tawseel lil 7amra")."""
    for k in range(len(slots) - 1):
        if bare_word(slots[k]) not in _DELIVER:
            continue
        if k + 2 < len(slots) and slots[k + 1].text in _TO_DISTRICT and slots[k + 2].text in _DISTRICT:
            k += 1  # "delivery le 7ay el salama": a "to" before the district word
        # "tawseel 3a jeddah 7ay el salama": the city, then the district word, after the "to"
        if (
            k + 3 < len(slots)
            and slots[k + 1].text in _TO_DISTRICT
            and slots[k + 2].kind not in ("conj", "num", "item")
            and not slots[k + 2].conj
            and slots[k + 3].text in _DISTRICT
        ):
            k += 2
        if slots[k + 1].text not in _TO_PLACE:
            continue
        j = k + 2
        if j < len(slots) and slots[j].kind == "num" and not slots[j].conj:  # "to 22 Prince Sultan Street"
            slots[j] = Slot(slots[j].text, "stop")
            j += 1
        end = j
        while end < len(slots) and slots[end].kind not in ("conj", "num") and not slots[end].conj:
            end += 1
        # after a district word the words are its name whatever they may be read as ("7ay el
        # salama", no salad); a dish there is still one when its words are spelled as written
        # ("توصيل لحي النرجس، برجر دجاج")
        district = slots[k + 1].text in _DISTRICT
        said = {
            slots[n].canon
            for n in range(j, end)
            if slots[n].kind == "item"
            and (
                not district
                or slots[n].canon in token_forms(bare_word(slots[n]))
                or exact_canonical(slots[n].text)
            )
        }
        whole = any(sig <= said for sig in index.exact)
        for n in range(j, end):
            if not (whole and slots[n].kind == "item" and slots[n].canon in index.menu_words):
                slots[n] = Slot(slots[n].text, "stop")


def _equivalent_word(token: str, index: MenuIndex) -> str | None:
    """The menu word this token is in another dialect, with the same clitics ("بلبن" → "بحليب"),
    or without them when the menu writes the word bare ("شاي بلبن" on a menu's "شاي حليب")."""
    for form in token_forms(token):
        prefix = token[: len(token) - len(form)] if token.endswith(form) else ""
        for other in sorted(DIALECT_EQUIVALENTS.get(form, ())):
            for word in (prefix + other, prefix[1:] + other if prefix.startswith("و") else None, other):
                if word is not None and word in index.menu_words:  # "وعيش" → "خبز"
                    return word
    return None


def _egyptian_sense_alone(slots: list[Slot], index: MenuIndex, text: str) -> None:
    """ "و٦ عيش", "w 3 3eish" in an Egyptian message, on a menu whose bread is "خبز عربي": the
    Egyptian word alone is the menu's word for it; in another dialect it stays itself (Gulf
    "عيش" is rice), and a menu that writes the word keeps its own sense."""
    found = [
        (k, sense)
        for k, slot in enumerate(slots)
        if slot.kind == "other"
        for sense in {EGYPTIAN_SENSE[f] for f in token_forms(slot.text) if f in EGYPTIAN_SENSE}
        if sense in index.menu_words and not token_forms(slot.text) & index.menu_words
    ]
    if not found or detect_language(text) != "ar-EG":
        return  # most orders: no such word (the dialect is read only when one is said)
    for k, sense in found:
        slots[k] = Slot(slots[k].text, "item", canon=sense, conj=slots[k].conj)


def _open_to_an_equivalent(slot: Slot, index: MenuIndex) -> bool:
    """A word read as nothing of this menu: off it ("other"), a modifier ("ساقع", cold), or a dish
    word that only a loose spelling made ("فريز", the Levantine strawberry, read as fries) and that
    this menu does not sell, while the word as written is one the equivalents list."""
    if slot.kind in ("other", "modword"):
        return True
    return (
        slot.kind == "item"
        and slot.canon not in index.menu_words
        and any(f in DIALECT_EQUIVALENTS for f in token_forms(slot.text))
    )


def _dialect_equivalents(slots: list[Slot], index: MenuIndex) -> None:
    """A word not on this menu that another dialect uses for one of the menu's words, next to
    a word of the same name: "رز بلبن" on a menu that writes "رز بحليب" (Egyptian لبن is milk).
    Alone it stays itself ("ابي لبن" is the Saudi yoghurt drink, not rice pudding)."""
    for k, slot in enumerate(slots):
        if not _open_to_an_equivalent(slot, index):
            continue
        word = _equivalent_word(slot.text, index)
        if word is None:
            continue
        names = [words for words in index.words_of.values() if word in words]
        beside = [s for s in (slots[k - 1] if k else None, slots[k + 1] if k + 1 < len(slots) else None) if s]
        if k > 1 and (slots[k - 1].text in _THE or slots[k - 1].text in _ARABIZI_WITH):
            beside.append(slots[k - 2])  # "bi mula7 el weka", "brik bel 3dham": the article between
        if any(s.kind == "item" and any(s.canon in words for words in names) for s in beside):
            slots[k] = Slot(slot.text, "item", canon=word, conj=slot.conj)


#: Arabizi for the clitic "بال" / "ب" ("basbousa bel ashta", "rubyan bil thoum").
# (and "wel" / "wil", "and the": "bel bayd wel jibn" for "بالبيض والجبن")
_ARABIZI_WITH = frozenset(("bel", "bil", "bl", "bi", "be", "b", "bel-", "fel", "wel", "wil"))


def _name_words_beside(slots: list[Slot], k: int, index: MenuIndex) -> set[str]:
    """The other Arabic words of the menu names that a dish word beside slot k belongs to."""
    words: set[str] = set()
    for n in (k - 1, k + 1, k - 2, k + 2):
        if not 0 <= n < len(slots) or slots[n].kind != "item":
            continue
        middle = slots[(n + k) // 2]
        if abs(n - k) == 2 and bare_word(middle) not in _ARABIZI_WITH and middle.text not in index.numbered:
            continue  # two away only across a "bel" or a number of the name ("strips 5 2at3a")
        words |= index.companions.get(slots[n].canon, frozenset())
    return words


def _arabizi_pairs(slots: list[Slot], index: MenuIndex) -> bool:
    """Two short Arabizi words side by side that spell the two Arabic words of one name ("kebbe
    mashwiye" for "كبة مشوية", "roz abyad"), when no other name fits them: neither is read
    alone, but together they name one dish."""
    read = False
    for k in range(len(slots) - 1):
        a, b = slots[k], slots[k + 1]
        if a.kind != "other" or b.kind != "other" or b.conj or not (is_latin(a.text) and is_latin(b.text)):
            continue
        first, second = skeleton(bare_word(a)), skeleton(b.text)
        # one word may have a single consonant ("kas atay" for "كاس أتاي") when the two have three
        if not first or not second or len(first) + len(second) < 3:
            continue
        hits = {(w1, w2) for w1, w2, s1, s2 in _name_pairs(index) if first in s1 and second in s2}
        if len(hits) == 1:
            (w1, w2) = next(iter(hits))
            slots[k] = Slot(a.text, "item", canon=w1, conj=a.conj)
            slots[k + 1] = Slot(b.text, "item", canon=w2)
            read = True
    for k in range(len(slots) - 2):
        # "nyoki bel jebne" for "نيوكي بالجبن": the second word written apart from its "بال"
        a, bel, b = slots[k], slots[k + 1], slots[k + 2]
        if (
            a.kind != "other"
            or b.kind != "other"
            or bare_word(bel) not in _ARABIZI_WITH
            or not (is_latin(a.text) and is_latin(b.text))
        ):
            continue
        first, second = skeleton(bare_word(a)), skeleton(b.text)
        if not first or not second or len(first) + len(second) < 3:
            continue
        hits = {
            (w1, w2)
            for w1, w2, s1, _ in _name_pairs(index)
            if first in s1 and w2.startswith("ب") and second in spoken_skeletons(w2, True)
        }
        if len(hits) == 1:
            (w1, w2) = next(iter(hits))
            slots[k] = Slot(a.text, "item", canon=w1, conj=a.conj)
            slots[k + 2] = Slot(b.text, "item", canon=w2)
            read = True
    return read


_PAIRS_KEY = "\x00name pairs"  # the index's slot cache holds them too (no token has this text)


def _name_pairs(index: MenuIndex) -> list[tuple[str, str, frozenset[str], frozenset[str]]]:
    """Both orders of the two Arabic words of every two-word name, with their spoken skeletons;
    worked out once per menu."""
    cached = index.slot_cache.get(_PAIRS_KEY)
    if cached is None:
        cached = []
        for entry in index.entries:
            # the Arabic name's own words ("كاس أتاي"), not those its English name adds ("tea")
            said = set(canonical_words(entry.name_ar))
            arabic = sorted(w for w in index.words_of[entry.key] if not is_latin(w) and w in said)
            if len(arabic) == 2:
                for w1, w2 in ((arabic[0], arabic[1]), (arabic[1], arabic[0])):
                    cached.append((w1, w2, spoken_skeletons(w1, False), spoken_skeletons(w2, False)))
        index.slot_cache[_PAIRS_KEY] = cached
    return cached


def _open_latin(slot: Slot, index: MenuIndex) -> bool:
    """A Latin word still to be read against the menu: unread, or read as a dish word this menu
    does not have ("khadra" taken for "خضار" beside the menu's "سلطة خضراء")."""
    if slot.kind == "other" or (slot.kind == "item" and slot.canon not in index.menu_words):
        return is_latin(slot.text)
    return False


def _own_and_apart(slots: list[Slot], k: int) -> bool:
    """Whether slot k comes right after an Arabizi "w" that follows a dish word ("… 3asal w thoom")."""
    return (
        k >= 2
        and slots[k - 1].kind == "conj"
        and slots[k - 1].text in ("w", "wa", "we")
        and slots[k - 2].kind == "item"
    )


def _arabizi_in_context(slots: list[Slot], index: MenuIndex) -> bool:
    """Arabizi words too short to be read alone, read beside a word of the same menu name:
    "bel ashta" is the menu's "بالقشطة", "salatet fawakeh" has the menu's "فواكه", "roz bel
    laban" the menu's "رز بحليب" (Egyptian laban is milk). Only words of names already touched
    take part, so a two-letter skeleton cannot pull in a dish from elsewhere. Returns whether a
    word was read."""
    if not any(_open_latin(s, index) for s in slots):
        return False
    read = _arabizi_pairs(slots, index)
    withs: set[int] = set()
    for _ in range(2):  # a word read in the first pass may be the neighbour of one before it
        for k, slot in enumerate(slots):
            word = bare_word(slot)
            if not _open_latin(slot, index) or word in _ARABIZI_WITH:
                continue
            after_with = k > 0 and bare_word(slots[k - 1]) in _ARABIZI_WITH
            candidates = _name_words_beside(slots, k, index)
            if k > 0 and (
                slots[k - 1].kind == "ref"
                or (slots[k - 1].kind == "num" and slots[k - 1].text not in index.numbered)
            ):
                # "2 kebbe me2liye w wa7de meshwiye", "2 menon 7arrin": a line of the dish before
                # names a word of that dish's names
                last = next((n for n in range(k - 1, -1, -1) if slots[n].kind == "item"), None)
                while last is not None and last >= 0 and slots[last].kind == "item":
                    candidates |= index.companions.get(slots[last].canon, frozenset())
                    last = None if slots[last].conj else last - 1
            spelt = short_skeletons(word, frozenset(candidates), with_clitic=after_with)
            if spelt is None and after_with:  # "bel X": a word of this menu written with its "بال"/"ب"
                # (the words of the name beside first: "regag bel bayd" is its "بالبيض", not "بيض")
                candidates |= index.with_clitic
                spelt = short_skeletons(word, frozenset(candidates), with_clitic=after_with)
            own_and = spelt is None and _own_and_apart(slots, k)
            if own_and:
                # "djaj bel 3asal w thoom" for "دجاج بالعسل والثوم": the name's own "و" said apart
                words = {
                    w for w in index.companions.get(slots[k - 2].canon, frozenset()) if w.startswith("و")
                }
                spelt = short_skeletons(word, frozenset(words), with_clitic=True)
            if spelt is None:
                continue
            slots[k] = Slot(slot.text, "item", canon=spelt, conj=slot.conj)
            read = True
            if after_with or own_and:
                withs.add(k - 1)
    # the "bel" of a name read is the name's own clitic, not a word between two of its words
    withs |= {
        k
        for k in range(1, len(slots) - 1)
        if bare_word(slots[k]) in _ARABIZI_WITH
        and slots[k - 1].kind == "item"
        and slots[k + 1].kind == "item"
        and not slots[k + 1].conj
    }
    for k in sorted(withs, reverse=True):
        del slots[k]
    return read


#: Words that ask for more of something when they come after it ("والرز زيادة", "sauce extra").
_MORE_AFTER = frozenset(normalize(w) for w in "زياده زيادة اكثر اكتر extra more ziyada zyada zeyada".split())


#: "الحار خففوه" (go easy on the spice): said after the part of the dish it lessens.
_LESS_AFTER = frozenset(
    normalize(w) for w in "خففوه خففوها خففه خففها خففو خففوا خفف قللوه قللوها قلله قللها قللوا قلل".split()
)


def _postposed_extra(slots: list[Slot]) -> None:
    """ "نص دجاج مندي والرز زيادة": "and the rice, extra" after a dish asks for more of a part of
    that dish (the definite article points at it), it orders no rice plate. Only at the end of
    a clause, so "والرز زيادة وبيبسي" is read the same and "ورز" without the article stays a dish."""
    for k in range(1, len(slots) - 1):
        slot, nxt = slots[k], slots[k + 1]
        after = slots[k + 2] if k + 2 < len(slots) else None
        if (
            slot.kind == "item"
            and slot.conj
            and bare_word(slot).startswith("ال")
            and nxt.kind == "mod"
            and token_forms(nxt.text) & _MORE_AFTER
            and (after is None or after.kind in ("conj", "num") or after.conj)
            and any(s.kind == "item" for s in slots[:k])
        ):
            slots[k] = Slot(slot.text, "modword", conj=True)
        elif (
            slot.kind == "item"
            and bare_word(slot).startswith("ال")
            and token_forms(nxt.text) & _LESS_AFTER
            and any(s.kind == "item" for s in slots[:k])
        ):
            # "بول دجاج حار، بس الحار خففوه": less of a part of the dish, no second dish
            slots[k] = Slot(slot.text, "modword", conj=slot.conj)
            slots[k + 1] = Slot(nxt.text, "mod", conj=nxt.conj)


#: "Not" before a description ("مو حار", "مش سخن", "not spicy", "msh 7ar").
_NOT = frozenset(normalize(w) for w in "مو مش مب مهوش not mo mu msh mesh mish mush".split())


#: How much, between "not" and the description ("not too spicy", "مش اوي حار").
_DEGREE = frozenset(normalize(w) for w in "too very so that much اوي كتير كثير مره جدا وايد".split())


#: "Without" in every dialect and Arabizi: one word for another inside a name ("بلا عظم" for "بدون عظم").
_WITHOUT = frozenset(
    normalize(w) for w in "بدون بلا بلاش bala bidoon bdoon bedoon bdun bedun without".split()
)


#: Sugar said as how sweet a drink is made ("نص سكر", "sukkar 2alil", "half sugar"), with the words
#: of how much said before it or after it; "بدون سكر" is a change already.
_SUGAR = frozenset(normalize(w) for w in "سكر sugar".split())
_SWEET_BEFORE = frozenset(
    normalize(w) for w in "نص نصف ربع بنص بنصف بربع half quarter less light low little".split()
)
_SWEET_AFTER = frozenset(
    normalize(w)
    for w in (
        "خفيف خفيفه قليل قليله شوي زياده زيادة اكثر كثير 2alil 2aleel aleel alil 5afif khafif "
        "ziyada zyada ziada extra"
    ).split()
)


def _how_sweet(slots: list[Slot], index: MenuIndex) -> None:
    """ "شاي تارو ثنين بربع سكر", "وواحد سكر خفيف", "three half sugar": sugar with how much of it,
    said beside no other word of a name that holds it ("براون شوقر نص سكر" is the brown sugar tea,
    sweetened by half), is how the drink is made, never the menu's "شاي أسود بدون سكر" or "Brown
    Sugar Milk Tea"; a name holding the word of how much too ("Half Sugar Tea") stays a name."""
    for k, slot in enumerate(slots):
        if slot.kind != "item" or slot.canon not in _SUGAR:
            continue
        before = slots[k - 1] if k else None
        after = slots[k + 1] if k + 1 < len(slots) else None
        level = [
            s
            for s, words in ((before, _SWEET_BEFORE), (after, _SWEET_AFTER))
            if s is not None and not (s is after and s.conj) and token_forms(s.text) & words
        ]
        if not level or level[0].kind == "item":
            continue
        holders = [words for words in index.words_of.values() if slot.canon in words]
        if any(
            s is not None
            and s.kind == "item"
            and s.canon != slot.canon
            and any(s.canon in w for w in holders)
            for s in (before, after)
        ):
            continue
        slots[k] = Slot(slot.text, "modword", conj=slot.conj)


#: How a dish is cooked ("مقلية", "maqli", "me2liye", "fried", "مشوي"), said of some of a count.
_COOKED = frozenset(
    normalize(w)
    for w in "مقلي مقليه مقلية maqli ma2li me2li me2liye m2liye maqliya fried مشوي مشويه grilled محمر محمره".split()
) | frozenset(
    normalize(w) for w in "محمص محمصه محمصة محمصين محمصات toasted ma7ammas m7ammas mo7ammas".split()
)

#: Toasted: said of a dish, never a dish itself (unlike "محمرة", "مشوية" of an unknown "فرخة").
_TOASTED = frozenset(
    normalize(w) for w in "محمص محمصه محمصة محمصين محمصات toasted ma7ammas m7ammas mo7ammas".split()
)


def _which_bread_some_of_them_have(slots: list[Slot], index: MenuIndex) -> None:
    """ "ساب ٤، واحد بدون خس وواحد بخبز أبيض", "وواحد بخبز الشوفان": once a count is split, a later
    count then "ب" with a lone word of a name and a word off the menu ("بخبز أبيض") says what those
    are made with, never the dish ("خبز ثوم محمص") that word alone would name."""
    split = False
    for k in range(2, len(slots) - 1):
        before, slot, after = slots[k - 1], slots[k], slots[k + 1]
        if slots[k - 2].kind == "num" and before.kind in ("num", "mod", "ref"):
            split = True
        if (
            not split
            or before.kind != "num"
            or slot.kind != "item"
            or slot.conj
            or after.kind != "other"
            or not slot.text.startswith("ب")
            or slot.canon not in token_forms(slot.text[1:]) | {slot.text[1:]}
        ):
            continue
        holders = [words for words in index.words_of.values() if slot.canon in words]
        if not holders or any(len(words) < 2 for words in holders):
            continue
        slots[k] = Slot(slot.text, "modword", conj=slot.conj)


def _how_a_dish_said_is_made(slots: list[Slot], index: MenuIndex) -> None:
    """ "a footlong tuna sub toasted", "ثنين بدون بصل ومحمصة", "ya reet yeb2a ma7ammas": after a
    dish has been named, a lone "toasted", with no other word of the names holding it beside it and
    no count before it, is how that dish is made, never the one dish ("Toasted Garlic Bread") it
    alone would name. (Other cooked words stay: "ومحمرة" is a dip, "فرخة مشوية" a dish.)"""
    for k in range(1, len(slots)):
        slot = slots[k]
        if slot.kind != "item" or not (token_forms(slot.text) | {slot.canon}) & _TOASTED:
            continue
        if not any(s.kind == "item" for s in slots[:k]) or slots[k - 1].kind == "num":
            continue
        holders = [words for words in index.words_of.values() if slot.canon in words]
        after = slots[k + 1] if k + 1 < len(slots) else None
        if (after is not None and after.kind == "num" and not after.conj) or any(
            s is not None and s.kind == "item" and any(s.canon in w for w in holders)
            for s in (slots[k - 1], after)
        ):
            continue  # "دجاج مشوي", "toasted garlic bread", "مقلي ٢": the name itself, or counted
        slots[k] = Slot(slot.text, "modword", conj=slot.conj)


def _how_some_of_them_are_cooked(slots: list[Slot], index: MenuIndex) -> None:
    """ "دمبلنق ٧، ثنتين بدون صوص وثلاث مقلية", "2 bidoon sauce w wa7ed maqli ziyada": once a count
    has been split ("ثنتين بدون …", "2 of them …"), a later count with a lone word of how it is
    cooked that opens no name ("مقلي" of "رز مقلي") is how those are made, never that dish."""
    split = False
    for k in range(1, len(slots)):
        before, slot = slots[k - 1], slots[k]
        if before.kind == "num" and (
            slot.kind in ("mod", "ref")
            or slot.text in _WITH_WORDS
            or (slot.text, _after_text(slots, k)) in MOD_MULTI
        ):
            split = True  # "ثنتين بدون …", "2 of them …", "اتنين من غير …", "3 with extra …"
            continue
        # "كبة ٦، ثنتين مقلية": the count of the dish, then the count of some of them
        split = split or (k > 1 and slots[k - 2].kind == "num" and before.kind == "num")
        after = slots[k + 1] if k + 1 < len(slots) else None
        if (
            not split
            or before.kind != "num"
            or slot.kind != "item"
            or not (token_forms(slot.text) | {slot.canon}) & _COOKED
            or (after is not None and after.kind == "item" and not after.conj)
            or slot.canon in _name_openers(index)
        ):
            continue
        slots[k] = Slot(slot.text, "modword", conj=slot.conj)


_WITH_WORDS = frozenset(normalize(w) for w in ("مع", "ومع", "with", "b", "bi", "bil", "بال"))


def _after_text(slots: list[Slot], k: int) -> str:
    return slots[k + 1].text if k + 1 < len(slots) else ""


_DEFINITE = tuple(normalize(p) for p in ("ال", "بال", "وال", "لل", "فال", "عال"))


def _adjective_of_a_word_off_the_menu(slots: list[Slot], index: MenuIndex) -> None:
    """ "اتنين منهم بالسمنة البلدي زيادة": a lone word of a name that opens none ("بلدي" of
    "حواوشي بلدي"), with the article, right after a word off the menu that has it too, agrees with
    that word: it says which ghee, never the dish. (Said after the name's own head, "حواوشي
    بلدي", it is the name.)"""
    for k in range(1, len(slots)):
        slot, before = slots[k], slots[k - 1]
        after = slots[k + 1] if k + 1 < len(slots) else None
        if (
            slot.kind != "item"
            or slot.conj
            or not slot.text.startswith(_DEFINITE[0])
            or before.kind != "other"
            or not before.text.startswith(_DEFINITE)
            or (after is not None and after.kind == "item" and not after.conj)
            or slot.canon in _name_openers(index)
        ):
            continue
        slots[k] = Slot(slot.text, "other", conj=slot.conj)


def _change_word_inside_a_name(slots: list[Slot], index: MenuIndex) -> None:
    """ "أجنحة بدون عظم ثنتين" for the menu's "أجنحة بدون عظم", "burger no bun" for its "Burger No
    Bun": a change word ("بدون", "no") between the dish words a name holds on both sides of it is
    that name's own word, as the longest menu name wins; the words after it name no change."""
    for k in range(1, len(slots) - 1):
        slot = slots[k]
        if slot.kind != "mod" or slot.conj or slots[k - 1].kind != "item":
            continue
        forms = token_forms(slot.text)
        named = forms & CHANGE_PREFIX & index.menu_words
        if not named and forms & _WITHOUT:  # "أجنحة بلا عظم", "ajni7a bala 3adm": the menu's "بدون"
            named = _WITHOUT & index.menu_words
        if not named:
            continue
        start = k - 1
        while start > 0 and slots[start].kind == "item" and not slots[start].conj:
            start -= 1
        if slots[start].kind != "item":
            start += 1
        end = k + 1
        while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
            end += 1
        word = min(named)
        for last in range(end, k + 1, -1):
            words = frozenset([*(slots[j].canon for j in range(start, k)), word])
            words |= {slots[j].canon for j in range(k + 1, last)}
            if words in index.exact:
                slots[k] = Slot(slot.text, "item", canon=word, fallback=slot)
                break


def _extra_that_opens_a_name(slots: list[Slot], index: MenuIndex) -> None:
    """ "w extra lychee jelly", "and extra avocado" on a menu selling "Extra Lychee Jelly", "Extra
    Avocado": "extra" joined by "and" / "with", with the dish words right after it making the whole
    name of an add-on the menu sells, is that name's first word (the restaurant's own name first),
    not a change. ("tea 2 extra boba" keeps its count on the tea: no word joins it.)"""
    for k in range(1, len(slots) - 1):
        slot = slots[k]
        if slot.kind != "mod" or not (slot.conj or slots[k - 1].kind == "conj" or _joined_one(slots, k)):
            continue
        named = token_forms(slot.text) & _MORE_AFTER & index.menu_words
        if not named:
            continue
        end = k + 1
        while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
            end += 1
        words = frozenset([min(named), *(slots[j].canon for j in range(k + 1, end))])
        if end > k + 1 and words in index.exact:
            slots[k] = Slot(slot.text, "item", canon=min(named), conj=slot.conj, fallback=slot)


def _joined_one(slots: list[Slot], k: int) -> bool:
    """ "with one extra avocado", "and an extra salmon": one (a number or "a"/"an") between the
    joining word and "extra" counts the add-on; it splits off none of the dish before."""
    if k < 2 or slots[k - 2].kind != "conj":
        return False
    one = slots[k - 1]
    return one.text in ("a", "an") or (one.kind == "num" and one.value == 1 and not one.conj)


def _an_extra_dish(slots: list[Slot], index: MenuIndex) -> None:
    """ "a beef ramen with an extra soft boiled egg": "with an extra" and the whole name of a dish
    of this menu (two words or more) is one more of that dish, not a change of the one before."""
    for k in range(2, len(slots) - 2):
        slot = slots[k]
        if slot.kind != "mod" or slot.text not in _AN_EXTRA or slots[k - 1].text not in ("a", "an"):
            continue
        if slots[k - 2].kind != "conj" and not slots[k - 1].conj:
            continue
        end = k + 1
        while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
            end += 1
        if end - k > 2 and frozenset(slots[j].canon for j in range(k + 1, end)) in index.exact:
            slots[k] = Slot(slot.text, "stop", conj=slot.conj)


_AN_EXTRA = frozenset({"extra"})


def _negated_name_words(slots: list[Slot]) -> None:
    """ "أضنة كباب حار بس مو حار وايد", "an adana, not too spicy": a name word that is otherwise a
    description (a spice, temperature or size word) after "not" (a degree word may stand
    between) describes how to make the dish; it names no second one."""
    for k in range(1, len(slots)):
        slot = slots[k]
        if slot.kind != "item" or slot.fallback is None or slot.conj:
            continue
        start = k - 1
        if start > 0 and slots[start].text in _DEGREE:
            start -= 1
        if slots[start].text in _NOT:
            slots[k] = slot.fallback
            for j in range(start, k):  # "not (too)": part of the change
                slots[j] = Slot(slots[j].text, "mod", conj=slots[j].conj)
    for k in range(2, len(slots)):
        # "…لا اقصد ماي مو بيبسي", "water not pepsi": the dish after "not", closing the message
        # after another one, is the one put right, not one more
        slot = slots[k]
        if (
            slot.kind == "item"
            and slot.fallback is None
            and k == len(slots) - 1
            and slots[k - 1].text in _NOT
        ):
            if slots[k - 2].kind == "item" and not slots[k - 1].conj:
                slots[k - 1] = Slot(slots[k - 1].text, "stop")
                slots[k] = Slot(slot.text, "stop")


def _measure_before_other_dish(slots: list[Slot], index: MenuIndex) -> None:
    """ "قطعة كيكة عسل وقطعة تشيز كيك": a measure word that is part of one name ("قطعة كيكة
    عسل") and opens a phrase measures the dish right after it when no name holds both words; it
    names no dish."""
    for k in range(len(slots) - 1):
        slot, nxt = slots[k], slots[k + 1]
        if slot.kind != "item" or slot.fallback is None or slot.fallback.kind != "filler":
            continue
        if nxt.kind != "item" or nxt.conj or (k and slots[k - 1].kind == "item" and not slot.conj):
            continue  # "a falafel plate hummus": the measure closes the name before it
        if not any(slot.canon in words and nxt.canon in words for words in index.words_of.values()):
            slots[k] = slot.fallback


def joins_a_count(slot: Slot) -> bool:
    """Whether a number's "و" is an attached "and" ("وثلاث"), not its own first letter ("وحده",
    "واحد": "خلها زرشك بولو وحده بس" corrects the dish named to one)."""
    rest = slot.text[1:]
    return slot.conj and (number_value(rest) is not None or rest in NUMBER_EXTRA)


def _mark_corrections(slots: list[Slot]) -> None:
    """Mark the number after a correction verb as a correction, and the verb and the words that
    lead up to it ("لا لا", "no wait", "actually") as spoken words, not dishes or changes."""
    for k in range(1, len(slots) - 1):
        led = slots[k - 1].text in CORRECTION_LEAD
        if slots[k].text == _SHORT_LET and led and slots[k + 1].kind in ("item", "num"):
            # Gulf "لا خل الحمص ثنتين": the short "let" after "no" (elsewhere "خل" is vinegar)
            slots[k] = Slot(_LET, "other")
    _count_after_a_change_of_mind(slots)
    for k, slot in enumerate(slots):
        if slot.text not in CORRECTION_VERBS and bare_word(slot) not in CORRECTION_VERBS:
            continue
        j = k + 1
        while j < len(slots) and slots[j].text in CORRECTION_OBJECT:
            j += 1
        one = _named_again(slots, j + 1 if j < len(slots) and slots[j].text in ("a", "an") else j)
        if j < one < len(slots) and _size_then_one(slots, j, one):
            # "make it the large one", "make it a large one": "one" stands for the dish, the
            # size corrects it
            for m in range(max(k - 1, 0), one):
                if slots[m].kind not in ("item", "num") and (m >= k or slots[m].text in CORRECTION_LEAD):
                    slots[m].kind = "stop"
            slots[one].kind = "stop"
            continue
        named = _named_again(slots, j)
        if _dish_then_a_size_one(slots, j, named) or _dish_one_then_a_size(slots, j, named):
            continue
        if j < named < len(slots) - 1 and slots[named].text in _JUST and slots[named + 1].kind == "num":
            slots[named].kind = "stop"  # "make the egg tarts just 2": "just" before the new count
            named += 1
        if (
            named < len(slots)
            and named > j
            and slots[named].kind == "num"
            and not joins_a_count(slots[named])
        ):
            # "make the greek salads three", "خلي الراب تلاتة": the number corrects the dish
            # named between
            slots[named].correction = True
            for m in range(j, named):
                if slots[m].text in CORRECTION_ARTICLE:
                    slots[m].kind = "stop"
        elif j >= len(slots) or slots[j].kind != "num":
            if j > k + 1 and j < len(slots) and slots[j].kind == "item":
                for m in range(k, j):  # "make it large": spoken words, "it" points back to nothing
                    slots[m].kind = "stop"
            continue
        elif j + 1 < len(slots) and slots[j + 1].kind == "ref":
            slot.kind = "stop"  # "وخلي وحدة منهم بدون صوص": one of them made another way,
            continue  # no new count
        elif j + 1 < len(slots) and slots[j + 1].kind == "mod" and slots[j].value == 1:
            slot.kind = "stop"  # "3 milkshakes but make one less sweet": one of them, a note
            continue
        else:
            slots[j].correction = True
        for m in range(k, j):
            slots[m].kind = "stop"
        m = k - 1
        while m >= 0 and slots[m].text in CORRECTION_LEAD | {","}:
            slots[m].kind = "stop"
            m -= 1


_SHORT_LET, _LET = normalize("خل"), normalize("خلي")
#: "Just" / "only" said before a corrected count ("make the egg tarts just 2", "خلي الحمص بس ٢").
_JUST = frozenset(normalize(w) for w in "just only بس فقط bas".split())

#: "sorry" / "my mistake" in a correction ("la2 sorry 2 shay bas", "لا آسف ٣ شاي بس").
_APOLOGY = frozenset(normalize(w) for w in "sorry sry oops ghalat غلط اسف اسفه اسفين اسفين اعتذر".split())


#: "sorry i meant 2 luqaimat", "actually just 1 curly fries": words between the change of mind
#: and the count it says again.
_I_MEANT = frozenset(normalize(w) for w in "i meant mean just only bas bass بس".split())


def _after_i_meant(slots: list[Slot], k: int) -> int:
    """The index after `k` and the words of "I meant" / "just" that follow it."""
    j = k + 1
    while j < len(slots) and slots[j].text in _I_MEANT and not slots[j].conj:
        j += 1
    return j


#: After a count said again with no dish: "bas" / "safi" / "بس" (that's all), spoken words.
_THAT_IS_ALL = frozenset(normalize(w) for w in "bas bass safi bs بس وبس فقط only".split())


#: Who a dish is for, said between it and its count ("falafel for him, two portions", "حمص للولد
#: ثلاث صحون").
_FOR_WHOM = frozenset(
    normalize(w)
    for w in (
        "for my the his her our him her them me us kids kid son daughter wife husband brother sister "
        "friend friends dad mom father mother boys girls guys "
        "له لها لهم لهن لي الي للولد للبنت لولدي لبنتي للعيال للاولاد لاخوي لاختي للوالد للوالده لامي "
        "لابوي لزوجتي لمرتي للشباب للبنات للصغار للاطفال"
    ).split()
)
_COUNT_MEASURES = frozenset(
    normalize(w) for w in "portion portions pieces piece plates plate صحون صحن اطباق طبق حصص حصه قطع".split()
)


def _count_after_who_it_is_for(slots: list[Slot]) -> None:
    """ "falafel for him, two portions", "حمص للولد ثلاث صحون": a count with a measure word after
    who the dish is for counts the dish before them; the words of whom are read past."""
    for j in range(2, len(slots) - 1):
        # ("وحدة" is one, its و no "and")
        if slots[j].kind != "num" or (slots[j].conj and number_value(slots[j].text) is None):
            continue
        # "٥ برجر للشباب، تنين منن بلا بصل", "4 shawarmas for the kids, one without pickles": some
        # of them made another way, after whom they are for
        some_of_them = slots[j + 1].kind in ("ref", "mod") or slots[j + 1].text == "of"
        if not some_of_them and slots[j + 1].text not in _COUNT_MEASURES:
            continue
        if (
            not some_of_them
            and j + 2 < len(slots)
            and not slots[j + 2].conj
            and slots[j + 2].kind not in ("conj", "stop")
        ):
            continue  # "for him, two plates of hummus": the count's own dish follows
        k = j - 1
        while k > 0 and slots[k].text in _FOR_WHOM and not slots[k].conj and slots[k].kind != "item":
            k -= 1
        if k == j - 1 or slots[k].kind != "item":
            continue
        if some_of_them:
            del slots[k + 1 : j]  # whom they are for: no word of the order, the split follows the dish
            return
        for m in range(k + 1, j):
            slots[m] = Slot(slots[m].text, "filler")


#: A prayer time said after "after" / "before" ("للفطور بعد المغرب"): a time, never a dish word.
_PRAYER_TIMES = frozenset(normalize(w) for w in "المغرب العصر الظهر العشا العشاء الفجر".split())
_AFTER_BEFORE = frozenset(normalize(w) for w in "بعد قبل وقت".split())
#: An ordinal said before "like them" ("w wa7d pani puri thalith zayhom"): which one, no count.
_ORDINALS = frozenset(
    normalize(w)
    for w in "thalith thaleth talet rabi3 ثالث ثالثه تالت رابع رابعه thalitha thaltha talta talte rab3a rabi3a".split()
)


#: The hour named ("الساعة ٧") and the parts of it after the number ("ونص", "وربع", "الا ربع").
_CLOCK = frozenset(normalize(w) for w in "الساعه الساعة ساعه للساعه عالساعه el sa3a".split())
_THE_HOUR = _CLOCK - frozenset((normalize("ساعه"),))
_CLOCK_PARTS = frozenset(normalize(w) for w in "ونص ونصف وربع وثلث الا wnos wnus".split())


#: A person a size is said of ("انا رجال كبير", "امي كبيرة بالسن") and no trouble said politely
#: ("if it is no trouble"): no size or change of a dish.
_PERSON = frozenset(normalize(w) for w in "رجال رجل راجل شايب امي ابوي جدي جدتي".split())
_NO_TROUBLE = frozenset(normalize(w) for w in "trouble problem bother hassle".split())


def _said_of_a_person_or_politely(slots: list[Slot]) -> None:
    """ "انا رجال كبير" (I am an old man): the size word is the person's; "if it is no trouble":
    the "no" is polite, no change to a dish."""
    for k in range(len(slots) - 1):
        nxt = slots[k + 1]
        if bare_word(slots[k]) in _PERSON and nxt.kind == "modword" and not nxt.conj:
            slots[k + 1] = Slot(nxt.text, "stop")
        elif slots[k].text == "no" and nxt.text in _NO_TROUBLE:
            slots[k] = Slot(slots[k].text, "stop")
            slots[k + 1] = Slot(nxt.text, "stop")


#: The Gulf "very" ("بارد مره", "حار مرة"), otherwise "a time" ("مرة ثانية", "كل مرة").
_VERY_GULF = frozenset(normalize(w) for w in "مره مرة".split())


def _counts_heard_as_words(slots: list[Slot]) -> None:
    """ "i wanna order too chicken burgers and for fries": a voice note's "two" and "four" written as
    the words they sound like, read as counts only right before a dish said in the plural, where
    no "too" or "for" stands in English."""
    for k in range(len(slots) - 1):
        value = _HEARD_AS.get(slots[k].text)
        if value is None or slots[k + 1].kind != "item" or not _plural(slots[k + 1].text, slots[k + 2 :]):
            continue
        if k == 0 or slots[k - 1].text in _BEFORE_A_HEARD_COUNT:
            slots[k] = Slot(slots[k].text, "num", value=value)


def _plural(word: str, rest: list[Slot]) -> bool:
    """Whether the dish that starts at `word` ends on an English plural ("chicken burgers", "fries")."""
    last = word
    for slot in rest:
        if slot.kind != "item" or slot.conj:
            break
        last = slot.text
    return last.isascii() and last.endswith("s") and not last.endswith("ss")


_HEARD_AS = {"too": 2, "to": 2, "for": 4}
#: What a heard count follows: the start, "and", or the verb of ordering ("order too chicken burgers").
_BEFORE_A_HEARD_COUNT = frozenset("and order wanna want get have n".split())


def _very_before_a_count(slots: list[Slot]) -> None:
    """ "وليمونادة باردة مره ثنتين", "شاي حار مرة ٢": the Gulf "very" after a description (or a dish
    word) and before the dish's count says how it is made; it is no "time" that takes the count."""
    for k in range(1, len(slots) - 1):
        if (
            slots[k].text in _VERY_GULF
            and not slots[k].conj
            and slots[k - 1].kind in ("item", "modword")
            and slots[k + 1].kind == "num"
            and not slots[k + 1].conj
        ):
            slots[k] = Slot(slots[k].text, "filler")


#: Cut, in Arabic ("مقطعة", "متقطع"): what follows it ("نصين", "قطع صغار") says how, no half portion.
_CUT = frozenset(
    normalize(w) for w in "مقطع مقطعه مقطعين مقطعات متقطع متقطعه مقطوع مقطوعه مقصوص مقصوصه".split()
)
#: A count word that is also a food ("جوز", walnuts, the Egyptian pair) after "without" is the food.
_COUNT_WORD_FOODS = frozenset(normalize(w) for w in "جوز".split())


def _cut_in_halves_and_without_walnuts(slots: list[Slot]) -> None:
    """ "ثنين منها مقطعة نصين": the halves a cut makes are the cut's, no half portion of a dish;
    "وحدة منها بدون جوز": walnuts left out, no pair counted."""
    for k in range(1, len(slots)):
        slot, before = slots[k], slots[k - 1]
        if slot.conj:
            continue
        if bare_word(before) in _CUT and (slot.canon == "نص" or slot.text in ("نصين", "نصفين")):
            slots[k] = Slot(slot.text, "modword")
        elif (
            slot.kind == "num"
            and slot.text in _COUNT_WORD_FOODS
            and before.kind == "mod"
            and token_forms(before.text) & CHANGE_PREFIX
        ):
            slots[k] = Slot(slot.text, "other")


def _times_and_ordinals(slots: list[Slot]) -> None:
    """ "بعد المغرب": a prayer time after "after" is spoken, no dish; "… thalith zayhom": an ordinal
    before "like them" is which one it is, no count; "الساعة 7 ونص": the half of a clock time is the
    time's, no half portion of a dish."""
    for k in range(len(slots) - 2):
        if slots[k].text in _CLOCK and slots[k + 1].kind == "num" and slots[k + 2].text in _CLOCK_PARTS:
            slots[k + 2] = Slot(slots[k + 2].text, "stop")
    for k in range(len(slots) - 1):
        if slots[k].text in _THE_HOUR and slots[k + 1].kind == "num" and not slots[k + 1].conj:
            # "عنا عزيمة الساعة ٨: مندي لحم ٢": the hour, no count of the dish after it ("بعد ساعه
            # ٣ شاورما", an hour, still counts)
            slots[k + 1] = Slot(slots[k + 1].text, "stop")
    for k in range(1, len(slots)):
        if slots[k].text in _PRAYER_TIMES and bare_word(slots[k - 1]) in _AFTER_BEFORE:
            slots[k] = Slot(slots[k].text, "stop")
        elif (
            slots[k].kind == "num"
            and slots[k].text in _ORDINALS
            and k + 1 < len(slots)
            and slots[k + 1].kind == "ref"
            and slots[k - 1].kind == "item"
        ):
            slots[k] = Slot(slots[k].text, "stop")


#: A time of day said after "for the X" ("للقهوة العصر", "لقهوة المغرب"): the X is when, no dish.
_DAY_TIMES = _PRAYER_TIMES | frozenset(normalize(w) for w in "الصبح الضحى الليل العصريه".split())
_BEFORE_AFTER = frozenset(normalize(w) for w in "بعد قبل".split())


#: "At someone's" ("للقهوة عند عمتي", "لغدا عند اهلي"): where the gathering is, its host after it.
_AT_SOMEONES = frozenset(normalize(w) for w in "عند عن_عند".split())


def _a_dish_time_of_day(slots: list[Slot], index: MenuIndex) -> None:
    """ "ومعمول ست للقهوة العصر" (for the afternoon coffee): a dish word with "ل" before a time of
    day names the time, no dish; a name that itself starts with "ل" ("لقيمات العصر") is still one."""
    for k in range(len(slots) - 1):
        word, nxt = slots[k], slots[k + 1]
        # "للقهوة بعد العصر": before or after the time of day says when all the same
        around = nxt.text in _BEFORE_AFTER and k + 2 < len(slots) and slots[k + 2].text in _DAY_TIMES
        # "للقهوة عند عمتي العصر": and at someone's place (a person after "عند"), the gathering
        around = around or (nxt.text in _AT_SOMEONES and k + 2 < len(slots) and slots[k + 2].kind != "item")
        if (
            word.kind == "item"
            and (nxt.text in _DAY_TIMES or around)
            and word.text.startswith("ل")
            and word.text not in index.menu_words
            and not nxt.conj
        ):
            for n in range(k, k + 2 + around):
                slots[n] = Slot(slots[n].text, "stop", conj=slots[n].conj)


_JUICE = normalize("عصير")


def _juice_said_before_its_name(slots: list[Slot], index: MenuIndex) -> None:
    """ "وعصير عرديب ثنين" on a menu that writes only "عرديب": the kind said before a name of this
    menu, when no name here has it, is that dish's, no food to name back."""
    for k in range(len(slots) - 1):
        word, nxt = slots[k], slots[k + 1]
        if (
            word.kind == "item"
            and word.canon == _JUICE
            and _JUICE not in index.menu_words
            and nxt.kind == "item"
            and not nxt.conj
            and nxt.canon in index.menu_words
        ):
            slots[k] = Slot(word.text, "stop", conj=word.conj)


def _count_said_twice(slots: list[Slot]) -> None:
    """ "لا ثنتين ثنتين كبسة دجاج": a count word said twice in a row is one count said again
    (two, not four); the second is dropped. Words only: "2 2" stays as written."""
    for k in range(len(slots) - 1, 0, -1):
        a, b = slots[k - 1], slots[k]
        if (
            a.kind == b.kind == "num"
            and a.value == b.value
            and not b.conj
            and not a.correction
            and not b.text.isdigit()
            and b.text not in ("a", "an")
            and bare_word(a) == b.text
        ):
            del slots[k]


def _dish_said_again_after_a_no(slots: list[Slot]) -> None:
    """ "سلطة ثنتين لا لا سلطة وحدة بس": after "no", a dish said before named again with a count
    after it corrects that dish's count, as "make the salad one" does; the "no" and the dish's
    words said again are spoken."""
    for k in range(1, len(slots) - 2):
        if slots[k].text not in CORRECTION_LEAD or slots[k].conj or slots[k - 1].kind == "stop":
            continue
        j = k + 1
        while j < len(slots) and slots[j].text in CORRECTION_LEAD | _APOLOGY and not slots[j].conj:
            j += 1
        n = j
        while n < len(slots) and slots[n].kind == "item" and not slots[n].conj:
            n += 1
        if n == j or n >= len(slots) or slots[n].kind != "num" or slots[n].correction:
            continue
        said = [s.text for s in slots[j:n]]
        before = [s.text for s in slots[:k]]
        if not any(before[m : m + len(said)] == said for m in range(len(before) - len(said) + 1)):
            continue  # a dish not ordered before: a change to another dish, read elsewhere
        end = n + 1
        while end < len(slots) and slots[end].text in _THAT_IS_ALL and not slots[end].conj:
            end += 1
        if end < len(slots) and slots[end].text != "," and not slots[end].conj and slots[end].kind != "conj":
            continue
        slots[n].correction = True
        for m in range(k, end):
            if m != n:
                slots[m].kind = "stop"


def _bare_count_after_a_no(slots: list[Slot]) -> None:
    """ "lassi barid 3 la 2 bas", "ست فطاير سبانخ، عفواً ثمانية، و…", "3 limonada... la 2 safi": a
    count alone right after "no" / "sorry" (no dish after it: the end, a comma, a dish joined by
    "و", or "that's all") corrects the count of the dish before it, as "make it 2" does; the
    words of it are spoken."""
    for k in range(1, len(slots) - 1):
        if slots[k].text not in CORRECTION_LEAD | _APOLOGY or slots[k].conj:
            continue
        if not any(s.kind == "item" for s in slots[:k]):
            continue
        j = k + 1
        while j < len(slots) and slots[j].text in CORRECTION_LEAD | _APOLOGY and not slots[j].conj:
            j += 1
        if j >= len(slots) or slots[j].kind != "num" or slots[j].conj or slots[j].correction:
            continue
        end = j + 1
        while end < len(slots) and slots[end].text in _THAT_IS_ALL and not slots[end].conj:
            end += 1
        if end < len(slots) and slots[end].text != "," and not slots[end].conj and slots[end].kind != "conj":
            continue  # "no 2 teas": a count with its dish, read by the rules above
        slots[j].correction = True
        for m in range(k, end):
            if m != j:
                slots[m].kind = "stop"


#: Egyptian / Gulf "add" said to one ("وزوّد واحد", "zawed wa7ed", "زيد واحد").
_ADD_MORE = frozenset(normalize(w) for w in "زود زيد zawed zawwed zawid zowed zeed zid".split())
_LIKE_IT = normalize("زيه")


_NEW_ONE = frozenset(("new", "separate", "different"))


def _a_new_one(slots: list[Slot]) -> None:
    """ "put it through as a new one", "make it a separate one": the order spoken of, no dish and
    no count ("another one" still is one more)."""
    for k in range(1, len(slots)):
        if slots[k].text == "one" and slots[k - 1].text in _NEW_ONE:
            first = k - 2 if k >= 2 and slots[k - 2].text in ("a", "an") else k - 1
            for m in range(first, k + 1):
                slots[m] = Slot(slots[m].text, "stop", conj=slots[m].conj)


def _add_more_as_like_it(slots: list[Slot]) -> None:
    """ "كباب تلاتة وزوّد واحد، …", "2 ramen w zawed wa7ed": "add" and a count with no dish of its
    own (the end, a comma or "و" after it) is that many more of the dish before, as "وواحد زيه"
    is: read so (a "زيه" put after the count), the verb a spoken word."""
    k = 1
    while k < len(slots) - 1:
        verb, num = slots[k], slots[k + 1]
        nxt = slots[k + 2] if k + 2 < len(slots) else None
        if (
            bare_word(verb) in _ADD_MORE
            and num.kind == "num"
            and not num.correction
            and (nxt is None or nxt.text == "," or nxt.conj or nxt.kind == "conj")
            and any(s.kind == "item" for s in slots[:k])
        ):
            slots[k] = Slot(verb.text, "filler", conj=verb.conj)
            slots.insert(k + 2, Slot(_LIKE_IT, "other"))
        k += 1


def _dish_then_a_size_one(slots: list[Slot], j: int, named: int) -> bool:
    """ "actually make the tea pot a large one": the dish named again after the verb, then "a" and a
    size with "one", is that dish in that size (one mention, read as a dish corrected to another);
    the "a" and "one" count nothing. Marks them and returns True when it is so."""
    if not (j < named < len(slots) - 2 and slots[named].text in ("a", "an")):
        return False
    one = named + 1
    while one < len(slots) and slots[one].kind == "item" and not slots[one].conj:
        one += 1
    if one >= len(slots) or one == named + 1 or not _size_then_one(slots, named + 1, one):
        return False
    del slots[one]
    del slots[named]
    return True


def _dish_one_then_a_size(slots: list[Slot], j: int, named: int) -> bool:
    """ "actually make the chocolate one the large", "make the chicken one large": the dish named
    again after the verb, "one" standing for it, then the size it is changed to: "one" counts
    nothing (dropped, so the size reads as the dish corrected to another). True when it is so."""
    if not (j < named < len(slots) - 1 and slots[named].text == "one"):
        return False
    k = named + 1
    while k < len(slots) and slots[k].text in CORRECTION_ARTICLE:
        k += 1
    if (
        k >= len(slots)
        or slots[k].kind != "item"
        or slots[k].canon not in SIZES_AND_MEASURES | MOD_STANDALONE
    ):
        return False
    del slots[named]
    return True


def _count_after_a_change_of_mind(slots: list[Slot]) -> None:
    """ "…, no wait two lemon mints", "actually 3 falafel wraps", "la2 sorry 2 shay bas", "لا آسف ٣
    شاي بس", "sorry i meant 2 luqaimat": a count right after the words of a change of mind or an
    apology (and "I meant" / "just"), before a dish, corrects that dish's count (as "make it two"
    does); "no wait, the large one": the size corrects the dish before (as "make it the large one"
    does, read by `corrected_to_another`). The words leading up to it are spoken, not a note."""
    for k in range(len(slots) - 2):
        if k and slots[k].text in _NO and slots[k - 1].text in HESITATION and slots[k + 1].kind == "num":
            # "wait no, a large burrito", "hmm no, two plov": "no" after a hesitation is a change of
            # mind (read by `corrected_to_another`), not "no X" said of the dish before
            slots[k].kind = "stop"
        if slots[k].text not in _CHANGE_OR_SORRY and not _no_then_the_dish_again(slots, k):
            continue
        one = _named_again(slots, k + 1)
        if k + 1 < one < len(slots) and _size_then_one(slots, k + 1, one):
            slots[one].kind = "stop"  # "the large one": "one" stands for the dish
            m = k - 1
            while m >= 0 and slots[m].text in CORRECTION_LEAD | {","}:
                slots[m].kind = "stop"
                m -= 1
            continue
        j = _after_i_meant(slots, k)
        if j + 1 >= len(slots):
            continue
        count, dish = slots[j], slots[j + 1]
        if count.kind != "num" or count.conj or dish.kind != "item" or dish.conj:
            continue
        # "two chicken shawarma… no wait, one beef shawarma": a dish not named before takes the
        # count as its own; `corrected_to_another` reads which dish it replaces
        count.correction = _named_before(slots, j + 1, k)
        for m in range(k + 1, j):
            slots[m].kind = "stop"
        m = k
        while m >= 0 and (m == k or slots[m].text in CORRECTION_LEAD | {","}):
            slots[m].kind = "stop"
            m -= 1


def _named_before(slots: list[Slot], j: int, k: int) -> bool:
    """Whether every word of the dish named from `j` (up to a "و") was said before `k`."""
    before = {s.canon for s in slots[:k] if s.kind == "item"}
    end = j
    while end < len(slots) and slots[end].kind == "item" and (end == j or not slots[end].conj):
        end += 1
    return {s.canon for s in slots[j:end]} <= before


_CHANGE_OR_SORRY = CHANGE_OF_MIND | _APOLOGY

#: A hesitation before "no" ("wait no", "hmm no", "uh no"): a change of mind follows.
HESITATION = CHANGE_OF_MIND | frozenset(("hmm", "hmmm", "uh", "um", "umm", "oh", "امم", "اممم"))

#: A plain "no" ("لا لا ثلاث كبسة دجاج", "no, 3 lattes").
_NO = frozenset(normalize(w) for w in "لا لأ no nope la la2 laa laa2".split())


def _no_then_the_dish_again(slots: list[Slot], k: int) -> bool:
    """ "كبسة دجاج ثنتين لا لا ثلاث كبسة دجاج", "2 lattes, no, 3 lattes": "no", then a count and a
    dish already named before it: that dish's count said again, a correction (not more of it)."""
    if slots[k].text not in _NO or k + 2 >= len(slots):
        return False
    count, dish = slots[k + 1], slots[k + 2]
    if count.kind != "num" or count.conj or dish.kind != "item" or dish.conj:
        return False
    return any(s.kind == "item" and s.canon == dish.canon for s in slots[:k])


def _size_then_one(slots: list[Slot], j: int, named: int) -> bool:
    """ "the large one" after a correction verb: size or modifier words, then the word "one"."""
    words = [s for s in slots[j:named] if s.text not in CORRECTION_ARTICLE | {"a", "an"}]
    return (
        slots[named].text == "one"
        and bool(words)
        and all(s.canon in SIZES_AND_MEASURES or s.canon in MOD_STANDALONE for s in words)
    )


def _named_again(slots: list[Slot], j: int) -> int:
    """The index after "the" and a dish's words (no "و" among them) from `j`, else `j`."""
    k = j + 1 if j < len(slots) and slots[j].text in CORRECTION_ARTICLE else j
    end = k
    while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
        end += 1
    return end if end > k else j


def bare_word(slot: Slot) -> str:
    return slot.text[1:] if slot.conj else slot.text
