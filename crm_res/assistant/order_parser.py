"""Turn a free-text order ("ابغى برجرين دجاج وبيبسي ثنتين", "2 burgers and a pepsi") into lines.

Dish names are reduced to canonical words through a built-in synonym table (Arabic, English,
dialect and Arabizi spellings), so a menu item is recognised by the *set* of its words in any
order ("chicken burger" = "برجر دجاج"); the longest matching set wins. Typos fall back to
rapidfuzz against the known spellings and against the restaurant's own dish words (names the
synonym table does not know). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_res.assistant.normalize import (
    PhraseMatcher,
    normalize,
    number_value,
    to_ascii_digits,
    token_forms,
)


@dataclass(frozen=True)
class MenuEntry:
    """One orderable item as the parser sees it."""

    key: str
    name_ar: str
    name_en: str
    price: Decimal
    available: bool = True
    aliases: tuple[str, ...] = ()


@dataclass
class OrderLine:
    """A resolved menu item with its quantity and the customer's changes to it."""

    menu_item_key: str
    name_ar: str
    name_en: str
    quantity: int
    unit_price: Decimal
    modifications: list[str] = field(default_factory=list)


@dataclass
class AmbiguousMention:
    """A dish named too loosely to pick one item ("شاورما" when chicken and beef exist)."""

    text: str
    quantity: int
    candidates: list[str]


@dataclass
class ParsedOrder:
    """What `parse_order` understood; `unknown` holds food-like words not on the menu."""

    lines: list[OrderLine]
    unknown: list[str] = field(default_factory=list)
    unavailable: list[MenuEntry] = field(default_factory=list)
    ambiguous: list[AmbiguousMention] = field(default_factory=list)


def menu_entries(rows: Iterable[Mapping[str, Any]]) -> list[MenuEntry]:
    """Build entries from menu rows shaped like `DEMO_MENU` (keyed by `name_en` unless given)."""
    return [
        MenuEntry(
            key=str(row.get("key") or row["name_en"]),
            name_ar=row["name_ar"],
            name_en=row["name_en"],
            price=Decimal(row["price"]),
            available=bool(row.get("available", True)),
            aliases=tuple(row.get("aliases", ())),
        )
        for row in rows
    ]


# --- vocabulary ------------------------------------------------------------------------------

# canonical word → spellings customers use for it, "|"-separated (normalised at import).
_SYNONYMS: dict[str, str] = {
    "برجر": "برجر|برقر|برغر|بيرجر|بورجر|همبرجر|هامبرجر|burger|burgers|burgar|hamburger",
    "دجاج": "دجاج|فراخ|فروج|دياي|chicken|djaj|dajaj|fera5|frakh",
    "لحم": "لحم|لحمه|غنم|beef|meat|lamb|la7m|lahm|la7ma",
    "مزدوج": "مزدوج|دبل|دابل|double",
    "شاورما": "شاورما|شاورمه|شورما|شاورمة|شوارما|shawarma|shawerma|shwarma|shawarmas|shawirma",
    "كبسه": "كبسه|كبسة|kabsa|kabsah|kabseh",
    "مندي": "مندي|مندى|mandi|mandy",
    "فلافل": "فلافل|طعميه|طعمية|falafel|felafel|falafil|ta3meya|taameya",
    "بطاطس": (
        "بطاطس|بطاطا|بطاطس مقليه|بطاطا مقليه|فرايز|fries|french fries|chips|batates|batata|potato|potatoes"
    ),
    "حمص": "حمص|hummus|hommos|humus|houmous|7ommos|7ummus|hommus",
    "سلطه": "سلطه|سلطة|صلطه|salad|salata|salatah",
    "متبل": "متبل|moutabal|mutabal|mtabbal|moutabbal",
    "بيبسي": "بيبسي|ببسي|بيبسى|pepsi|bebsi|pepsy",
    "عصير": "عصير|juice|3aseer|3aser",
    "برتقال": "برتقال|orange|bortoqal|burtuqal",
    "ماء": "ماء|ماي|مويه|مية|ميه|مياه|مايه|water|mayya|moya",
    "شاي": "شاي|شاهي|tea|chai|shai|shay",
    "قهوه": "قهوه|قهوة|قهاوي|قهوات|كوفي|coffee|gahwa|qahwa|ahwa",
    "عربيه": "عربيه|عربي|arabic|arabi",
    "كنافه": "كنافه|كنافة|كنافا|kunafa|knafeh|kunafah|kanafa|knafa",
    "ام_علي": "ام علي|om ali|umm ali|um ali|omali|oum ali",
    "ايس_كريم": "ايس كريم|ايسكريم|بوظه|جيلاتي|ice cream|icecream|gelato",
    "كولا": "كولا|كوكاكولا|كوكا كولا|كوكا|cola|coke|cocacola|coca cola|coca",
    "سفن_اب": "سفن اب|سفن|سفناب|7up|7 up|seven up|sevenup",
    "مثلج": "مثلج|مثلجه|ايس|iced|ice",
    # Sizes and measures: one canonical word per meaning, so "كبيرة", "كبار", "عود" (Gulf),
    # "large" and "kbeer" all fit a menu name written "كبير", and "طبق" fits "صحن".
    "كبير": "كبير|كبيره|كبار|كبيرين|كبيرات|عود|عوده|large|big|kbeer|kbeera|kbir|kbira|kebir|kabeer",
    "صغير": "صغير|صغيره|صغار|صغيرين|صغيرات|small|soghayar|soghayyar|sghir|zghir|zgheer|sagheer|soghayra",
    "وسط": "وسط|medium|wasat",
    "صحن": "صحن|صحون|طبق|اطباق|plate|plates|sa7en|sa7n|sahn",
    "حار": "حار|حاره|spicy|hot|7ar|7arr|7arra|7aar|7arah",
    "نص": "نص|نصف|half|nos|nus|nuss",
    "ربع": "ربع|quarter|rob3|rub3|roba3",
    "كيلو": "كيلو|kilo|kg|kilogram|كيلوغرام|كيلوجرام",
}
# Canonical words that size or measure a dish: never a dish, never a food word on their own.
_SIZES_AND_MEASURES = frozenset({"كبير", "صغير", "وسط", "صحن", "حار", "نص", "ربع", "كيلو"})
# Words that only narrow a dish ("دجاج" in "برجر دجاج"); alone they name nothing.
_QUALIFIERS = frozenset({"دجاج", "لحم", "مزدوج", "عربيه"})
# Extra signatures for demo-style dishes ("برجر لحم" is the plain beef burger).
_BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "burger": ("beef burger", "برجر لحم"),
    "double beef burger": ("دبل برجر", "double burger", "برجر مزدوج"),
}
# Food words that are not on a typical menu: named back to the customer as unknown.
_OTHER_FOODS = frozenset(
    normalize(w)
    for w in (
        "بيتزا pizza سوشي sushi خبز عيش bread باستا pasta مكرونه معكرونه ستيك steak تاكو taco "
        "ناجتس nuggets ميلكشيك milkshake شيك shake دونات donut كيك cake وينقز wings اجنحه "
        "هوتدوغ hotdog رز rice مشاوي كباب kebab kebabs طاووق تبوله فتوش ليمون lemonade "
        "لبن laban موهيتو mojito كولا cola coke سفن sprite سبرايت ميرندا شوربه soup برياني "
        "biryani مظبي مضغوط مقلوبه فول بيض eggs زنجر zinger fanta فانتا "
        "كبه كبيبه منسف مسخن فته كشري حواوشي ملوخيه محشي مجبوس جريش مرقوق مطبق "
        "سمبوسه سمبوسك فطاير فطيره مناقيش منقوشه معجنات فلافلي نودلز noodles fish سمك روبيان "
        "shrimp جمبري حليب milk لاتيه latte كابتشينو cappuccino امريكانو americano اسبريسو espresso "
        "موكا mocha كرك karak كرواسون croissant كوكيز cookie cookies مافن muffin وافل waffle "
        "بان كيك pancake تشيز كيك cheesecake سندويتش برياني فطاير فطيره مارغريتا كولد برو brew "
        "margherita بيبروني pepperoni لازانيا lasagna"
    ).split()
)

# Everyday words one typo away from a dish word ("many" ~ "mandy", "tee" ~ "tea").
_NOT_DISHES = frozenset(
    normalize(w)
    for w in (
        "many mind main made make mail mall more mode tell salt sale meet mean mate "
        "برجع ارجع نرجع يرجع ترجع برجعلك برجعلكم لحظه"  # "I'll come back", "a moment"
    ).split()
)

_NUMBER_EXTRA = {
    normalize(w): v
    for w, v in (
        ("حبه", 1), ("حبتين", 2), ("a", 1), ("an", 1), ("couple", 2), ("pair", 2),
        ("dozen", 12), ("دزينه", 12), ("درزن", 12), ("درزينه", 12),
    )
}  # fmt: skip
_BEFORE_ONLY = frozenset({"a", "an"})
# After these a number counts the item before it: "بيبسي × 2", "كبسه عدد 2".
_TIMES = frozenset(normalize(w) for w in ("x", "×", "عدد", "count", "qty", "quantity"))
# "وواحد عادي" after "برجر دجاج ٣": one more of the plain dish.
_PLAIN = frozenset(normalize(w) for w in ("عادي", "عاديه", "regular", "plain", "normal", "سادة"))
_X_NUMBER = re.compile(r"^(?:x|×)(\d+)$|^(\d+)(?:x|×)$")
_FILLERS = frozenset(
    normalize(w)
    for w in (
        "x × حبات حبه قطع قطعه pieces piece pcs pc صحن صحون plate plates كوب اكواب cup cups "
        "فنجان فناجين فنجال فناجيل كاس كاسات بطل قاروره قوارير bottle bottles "
        "علبه علب can cans كاسه glass of من عادي عاديه regular some بعض portion portions طلب عدد "
        "وجبه وجبات meal meals combo كومبو sandwich sandwiches ساندويتش سندويش سندوتش ساندوتش سندويتش "
        "ساندويش سندوتشات ساندويتشات سندويشات sandwitch sandwhich wrap wraps لفه لفات"
    ).split()
)
_CONJUNCTIONS = frozenset(
    normalize(w) for w in "و w and & + , مع ومع ومعه معه معاه ومعاه معها ومعها معاها ومعاها with plus".split()
)
_MOD_PREFIX = frozenset(
    normalize(w) for w in "بدون بلا without no extra زياده زيادة اكسترا less قليل كثير more add ضيف".split()
)
_MOD_STANDALONE = frozenset(
    normalize(w)
    for w in (
        "حار حاره سبايسي spicy hot دايت diet زيرو zero كبير كبيره كبار صغير صغيره صغار وسط "
        "large small medium big فريش fresh مشوي مشويه grilled مقرمش مقرمشه crispy بارد بارده "
        "cold عائلي عائليه family ساخن ساخنه hot ساقع ساقعه مثلج iced"
    ).split()
)
_WITH = frozenset(normalize(w) for w in ("مع", "ومع", "with"))
_MOD_BODY = frozenset({"other", "filler", "conj"})
_MOD_MULTI = (("من", "غير"), ("well", "done"))
_STOPWORDS = frozenset(
    normalize(w)
    for w in (
        "ابي ابغى ابغا ابا ابى ودي اريد عايز عاوز عايزه عاوزه بدي بدنا حاب حابب ممكن لو سمحت "
        "سمحتوا اطلب اطلبلي اطلب لي لي لنا عطني اعطني اعطيني هات هاتلي بعتولي ابعتولي ارسلوا "
        "ارسل زيدوا زيد ضيفوا طلبي الطلب طلبيه اوردر order ordering توصيل حي يا الله "
        "please pls plz i id ill want to get can have give me us the my and for would like "
        "need take could may hi hello thanks thank you شكرا مرحبا السلام عليكم بس فقط only "
        "اكل للبيت البيت لشخص شخص اشخاص people person في على الى اعمل اعملي نفس also كمان "
        "عشان just that this it be is are yes ok okay تمام ايوه نعم عندكم فيه هذا هذي "
        "abi abgha bdi 3ayez 3ayza ana انا بليز لو سمحت يعطيك العافيه salam salaam slm "
        "marhaba ahlan hala hey hii سلام هلا اهلا اهلين".split()
    )
)
#: Words that point back to dishes already named ("واحد منها بدون بصل", "all of them"):
# never a dish, never unknown, and a number before them counts part of the dish before.
BACK_REFERENCES = frozenset(
    normalize(w) for w in "منها منهم منهن منه منهما كلها كلهم كله كلهن them it all both ones each".split()
)
# After these the next word is what is changed, not a dish: "without rice", "زيادة جبن".
_CHANGE_PREFIX = frozenset(
    normalize(w) for w in "بدون بلا without no extra زياده زيادة اكسترا less قليل غير".split()
)


def _canonical_phrases() -> list[tuple[str, str]]:
    return [(spelling, canon) for canon, words in _SYNONYMS.items() for spelling in words.split("|")]


_SYNONYM_MATCHER = PhraseMatcher(_canonical_phrases())
_SINGLE_WORD_SYNONYMS: dict[str, str] = {
    normalize(spelling): canon
    for canon, words in _SYNONYMS.items()
    for spelling in words.split("|")
    if " " not in normalize(spelling)
}
_FUZZY_VOCAB: tuple[str, ...] = tuple(w for w in _SINGLE_WORD_SYNONYMS if len(w) >= 4)

#: Every spelling of a dish word the parser knows, plus common foods not on the menu.
FOOD_WORDS: frozenset[str] = (
    frozenset(w for w, canon in _SINGLE_WORD_SYNONYMS.items() if canon not in _SIZES_AND_MEASURES)
    | _OTHER_FOODS
)


@lru_cache(maxsize=8192)
def _fuzzy_canonical(token: str) -> str | None:
    if len(token) < 4 or token in _STOPWORDS or token in _OTHER_FOODS or token in _NOT_DISHES:
        return None
    # One typo (insert, drop, swap, substitute) for short words, two from eight letters on;
    # the first letter must agree, which rules out most accidental neighbours.
    candidates = [w for w in _FUZZY_VOCAB if w[0] == token[0]]
    max_edits = 2 if len(token) >= 8 else 1
    best = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=max_edits)
    if best is None or not _plausible_typo(token, best[0]):
        return None
    return _SINGLE_WORD_SYNONYMS[best[0]]


# Letters that stand in for one another when typing fast or by ear ("برقر", "شاورمه").
_SOUND_ALIKE = [set(group) for group in ("هةا", "يى", "تثط", "دذزظض", "سصث", "قكجغ", "aeiouy", "ck", "sz")]


def _plausible_typo(token: str, word: str) -> bool:
    """In a short word, swapping one letter for an unrelated one is a different word
    ("لحظه" is not "لحمه"); from six letters on any single edit is a typo."""
    if len(token) >= 6 or len(token) != len(word):
        return True
    diffs = [(a, b) for a, b in zip(token, word, strict=True) if a != b]
    if len(diffs) != 1:
        return True  # a transposition
    a, b = diffs[0]
    return any(a in group and b in group for group in _SOUND_ALIKE)


@lru_cache(maxsize=8192)
def _exact_canonical(token: str) -> tuple[str, int] | None:
    """(canonical word, implied quantity) through known spellings, plurals and duals (no typos)."""
    for form in token_forms(token):
        if form in _SINGLE_WORD_SYNONYMS:
            return _SINGLE_WORD_SYNONYMS[form], 0
    for form in token_forms(token):
        if form.endswith("تين"):
            # "سلطتين" (سلطه + تين) and the colloquial "بطاطستين" (بطاطس + تين)
            for base in (form[:-3] + "ه", form[:-3]):
                if len(base) >= 3 and base in _SINGLE_WORD_SYNONYMS:
                    return _SINGLE_WORD_SYNONYMS[base], 2
        if form.endswith("ين") and form[:-2] in _SINGLE_WORD_SYNONYMS:
            return _SINGLE_WORD_SYNONYMS[form[:-2]], 2
        if form.endswith("ات"):
            for base in (form[:-2], form[:-2] + "ه"):
                if base in _SINGLE_WORD_SYNONYMS:
                    return _SINGLE_WORD_SYNONYMS[base], 0
    if token.isascii():
        for suffix in ("es", "s"):
            stem = token.removesuffix(suffix)
            if stem != token and stem in _SINGLE_WORD_SYNONYMS:
                return _SINGLE_WORD_SYNONYMS[stem], 0
    return None


@lru_cache(maxsize=8192)
def _single_canonical(token: str) -> tuple[str, int] | None:
    """(canonical word, implied quantity) for one token, through plurals, duals and typos."""
    return _exact_canonical(token) or _typo_canonical(token)


def _typo_canonical(token: str) -> tuple[str, int] | None:
    for form in sorted(token_forms(token), key=len, reverse=True):
        fuzzy = _fuzzy_canonical(form)
        if fuzzy is None and form.isascii() and form.endswith("s"):
            fuzzy = _fuzzy_canonical(form[:-1])
        if fuzzy:
            return fuzzy, 0
    return None


def food_mentions(text: str, menu: Sequence[MenuEntry] = ()) -> int:
    """How many words of the message name a dish or drink (typo-tolerant); with `menu`, the
    restaurant's own dish words count too ("كابتشينو", "مضغوط", "v60")."""
    toks = normalize(text).split()
    spans = [(start, end) for start, end, _ in _SYNONYM_MATCHER.finditer(toks) if end - start > 1]
    # several-word names ("ام علي", "ice cream") count once, through the phrase table
    covered = {k for start, end in spans for k in range(start, end)}
    return len(spans) + sum(1 for k in food_positions(text, menu) if k not in covered)


def food_positions(text: str, menu: Sequence[MenuEntry] = ()) -> set[int]:
    """Indexes (in `normalize(text).split()`) of the words that name a dish or drink."""
    menu_words = _index(tuple(menu)).menu_words if menu else frozenset()
    found: set[int] = set()
    for k, tok in enumerate(normalize(text).split()):
        forms = token_forms(tok)
        if forms & _STOPWORDS or forms & _FILLERS or number_value(tok) is not None or forms & _MOD_STANDALONE:
            continue
        canon = _single_canonical(tok)
        if forms & FOOD_WORDS or (canon and canon[0] not in _MOD_STANDALONE | _SIZES_AND_MEASURES):
            found.add(k)
        elif menu_words and (forms & menu_words or _own_word(forms, menu_words)):
            found.add(k)
    return found


def canonical_words(text: str) -> list[str]:
    """The canonical dish words of a name ("Chicken Burger" → ["دجاج", "برجر"])."""
    toks = normalize(text).split()
    words: list[str] = []
    i = 0
    for start, end, canon in _SYNONYM_MATCHER.finditer(toks):
        words.extend(_fallback_word(t) for t in toks[i:start])
        words.append(canon)
        i = end
    words.extend(_fallback_word(t) for t in toks[i:])
    return words


def _fallback_word(token: str) -> str:
    # Exact spellings only: a menu's own name ("Mutabbaq") must not be "corrected" into a
    # different known dish ("mutabal") and collide with it.
    found = _exact_canonical(token)
    return found[0] if found else token


# --- menu index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MenuIndex:
    exact: dict[frozenset[str], MenuEntry]
    words_of: dict[str, frozenset[str]]  # entry key → union of its signature words
    entries: tuple[MenuEntry, ...]
    own_words: frozenset[str]  # menu words the synonym table does not know
    menu_words: frozenset[str]  # every word of every name on this menu


@lru_cache(maxsize=32)
def _index(menu: tuple[MenuEntry, ...]) -> _MenuIndex:
    exact: dict[frozenset[str], MenuEntry] = {}
    words_of: dict[str, frozenset[str]] = {}
    own: set[str] = set()
    for entry in menu:
        names = (entry.name_ar, entry.name_en, *entry.aliases)
        names += _BUILTIN_ALIASES.get(entry.name_en.lower(), ())
        union: set[str] = set()
        for name in names:
            sig = frozenset(canonical_words(name))
            if sig:
                exact.setdefault(sig, entry)
                union |= sig
        words_of[entry.key] = frozenset(union)
        own |= {w for w in union if w not in _SYNONYMS and w not in _STOPWORDS | _FILLERS}
    all_words = frozenset().union(*words_of.values()) if words_of else frozenset()
    return _MenuIndex(exact, words_of, tuple(menu), frozenset(own), all_words)


# --- slots -----------------------------------------------------------------------------------


@dataclass
class _Slot:
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
    fallback: _Slot | None = None


@dataclass
class _Mention:
    start: int
    end: int
    entry: MenuEntry | None
    candidates: list[MenuEntry]
    text: str
    quantity: int | None = None
    implied: int = 0
    mods: list[str] = field(default_factory=list)
    elliptical: bool = False  # a bare qualifier that borrowed the previous dish's head
    qty_slot: int | None = None  # the number slot that gave `quantity`
    replaced: bool = False  # restated by a correction further on ("… make it 2 cheese pies")
    words: tuple[str, ...] = ()  # the canonical words the customer used for it


_ARABIC_DIGIT_GLUE = re.compile(r"(?<=\d)(?=[\u0621-\u064a])|(?<=[\u0621-\u064a])(?=\d)")
_LATIN_DIGIT_GLUE = re.compile(r"\b(\d+)([a-zA-Z]{3,})\b")


def _unglue(text: str) -> str:
    text = _ARABIC_DIGIT_GLUE.sub(" ", to_ascii_digits(text))

    def split_if_food(m: re.Match[str]) -> str:
        word = m.group(2).lower()
        return f"{m.group(1)} {m.group(2)}" if _single_canonical(word) else m.group(0)

    return _LATIN_DIGIT_GLUE.sub(split_if_food, text)


def _has_conj_prefix(token: str, menu_words: frozenset[str] = frozenset()) -> bool:
    """An attached "و" (and): never when the whole token is a known word ("ودجز", "وايت")."""
    return (
        token.startswith("و")
        and len(token) > 2
        and token not in _SINGLE_WORD_SYNONYMS
        and token not in menu_words
    )


def _own_word(forms: frozenset[str], own_words: frozenset[str]) -> tuple[str, int] | None:
    """(menu word, implied quantity) through the menu's own words, their duals and plurals:
    "دلتين" (دله ×2), "لبنين" (لبن ×2), "فطيرتين" (فطيره ×2), "فطاير" (broken plural of فطيره)."""
    if forms & own_words:
        return min(forms & own_words), 0
    for form in forms:
        if form.endswith("تين"):
            for base in (form[:-3] + "ه", form[:-3]):
                if len(base) >= 3 and base in own_words:
                    return base, 2
        if form.endswith("ين") and len(form) > 4 and form[:-2] in own_words:
            return form[:-2], 2
        if form.endswith("ات") and len(form) > 4:
            for base in (form[:-2], form[:-2] + "ه"):
                if base in own_words:
                    return base, 0
        for other in _broken_plural_pair(form):
            if other in own_words:
                return other, 0
        if form.isascii() and form.endswith("s") and form[:-1] in own_words:
            return form[:-1], 0
    return None


def _broken_plural_pair(form: str) -> tuple[str, ...]:
    """The other number of a broken plural pattern: فطاير ↔ فطيره (فعايل/فعيله),
    مناقيش ↔ منقوشه (مفاعيل/مفعوله)."""
    if len(form) == 5 and form[2:4] == "اي":  # فعايل → فعيله
        return (form[:2] + "ي" + form[4] + "ه",)
    if len(form) == 5 and form[2] == "ي" and form[4] == "ه":  # فعيله → فعايل
        return (form[:2] + "اي" + form[3],)
    if len(form) == 6 and form[0] == "م" and form[2] == "ا" and form[4] == "ي":  # مفاعيل → مفعوله
        return (form[0:2] + form[3] + "و" + form[5] + "ه",)
    if len(form) == 6 and form[0] == "م" and form[3] == "و" and form[5] == "ه":  # مفعوله → مفاعيل
        return (form[0:2] + "ا" + form[2] + "ي" + form[4],)
    return ()


def _filler_dual(forms: frozenset[str]) -> bool:
    """A dual of a measure word ("وجبتين", "كاسين", "علبتين"): it counts two of what follows."""
    for form in forms:
        if form.endswith("تين") and form[:-3] + "ه" in _FILLERS:
            return True
        if form.endswith("ين") and len(form) > 4 and form[:-2] in _FILLERS:
            return True
    return False


def _word_slot(token: str, index: _MenuIndex) -> _Slot:
    slot = _plain_word_slot(token, index)
    if slot.kind in ("num", "filler", "mod", "modword") and not token.isdigit():
        forms = token_forms(token)
        # Longest-menu-name-first: a size, modifier or measure word that is also a word of a
        # name on this menu may belong to that name ("لاتيه حار", "مندي لحم عائلي").
        if forms & index.menu_words and not (slot.kind == "mod" and forms & _CHANGE_PREFIX):
            canon = min(forms & index.menu_words)
            return _Slot(token, "item", canon=canon, conj=slot.conj, fallback=slot)
    return slot


def _plain_word_slot(token: str, index: _MenuIndex) -> _Slot:
    own_words = index.own_words
    conj = _has_conj_prefix(token, index.menu_words)
    forms = token_forms(token)
    if _filler_dual(forms):
        return _Slot(token, "num", value=2, conj=conj and not _filler_dual(frozenset({token})))
    x_number = _X_NUMBER.match(token)
    if x_number:
        times = int(x_number.group(1) or x_number.group(2))
        return _Slot(token, "num", value=times, backward=bool(x_number.group(1)))
    value = number_value(token)
    if value is None:
        value = _NUMBER_EXTRA.get(token)
    if value is not None:
        return _Slot(token, "num", value=value, conj=conj)
    if token in _CONJUNCTIONS:
        return _Slot(token, "conj")
    if token in BACK_REFERENCES:
        return _Slot(token, "ref")
    if forms & _MOD_PREFIX:
        return _Slot(token, "mod", conj=conj)
    if forms & _MOD_STANDALONE:
        return _Slot(token, "modword", conj=conj)
    own = _own_word(forms, own_words)
    if own is not None:
        return _Slot(token, "item", canon=own[0], value=own[1], conj=conj)
    if forms & _FILLERS:
        return _Slot(token, "filler", conj=conj)
    if forms & _STOPWORDS:
        return _Slot(token, "stop", conj=conj)
    found = _exact_canonical(token)
    if found:
        return _Slot(token, "item", canon=found[0], value=found[1], conj=conj)
    # A typo: of the restaurant's own dish words first (they are on this menu), then of the
    # built-in vocabulary.
    for form in sorted(forms, key=len, reverse=True):
        misspelt = _fuzzy_own(form, own_words)
        if misspelt:
            return _Slot(token, "item", canon=misspelt, conj=conj)
    found = _typo_canonical(token)
    if found:
        return _Slot(token, "item", canon=found[0], value=found[1], conj=conj)
    return _Slot(token, "other", conj=conj)


@lru_cache(maxsize=8192)
def _fuzzy_own(token: str, own_words: frozenset[str]) -> str | None:
    """The menu's own word (one the synonym table does not know) this token misspells, if any.

    Same limits as the built-in vocabulary: one edit (two from eight letters on), same first
    letter, four letters or more, never a word that means something else.
    """
    if len(token) < 4 or token in _STOPWORDS or token in _FILLERS or token in _OTHER_FOODS:
        return None
    candidates = [w for w in own_words if len(w) >= 4 and w[0] == token[0]]
    if not candidates:
        return None
    max_edits = 2 if len(token) >= 8 else 1
    best = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=max_edits)
    return best[0] if best else None


def _slots(text: str, index: _MenuIndex) -> list[_Slot]:
    toks = normalize(_unglue(text)).split()
    slots: list[_Slot] = []
    i = 0
    spans = list(_SYNONYM_MATCHER.finditer(toks))
    for start, end, canon in spans:
        slots.extend(_word_slot(t, index) for t in toks[i:start])
        conj = _has_conj_prefix(toks[start], index.menu_words)
        if end - start > 1 or toks[start] in _SINGLE_WORD_SYNONYMS:
            slot = _Slot(" ".join(toks[start:end]), "item", canon, conj=conj)
        else:
            slot = _word_slot(toks[start], index)
            if slot.kind in ("other", "stop", "filler"):
                slot = _Slot(toks[start], "item", canon, conj=conj)
            elif slot.kind == "modword" and canon in _SIZES_AND_MEASURES and canon in index.menu_words:
                # "البيتزا الحارة": the clitic-bearing spelling of a word of a name on this menu
                slot = _Slot(toks[start], "item", canon, conj=conj, fallback=slot)
        if canon in _MOD_STANDALONE | _SIZES_AND_MEASURES and slot.kind == "item" and slot.fallback is None:
            # "iced"/"ايس", "كبيرة", "طبق": a modifier or measure unless a name on this menu has it
            kind = "filler" if canon in _FILLERS else "modword"
            modword = _Slot(slot.text, kind, conj=conj)
            slot = (
                _Slot(slot.text, "item", canon, conj=conj, fallback=modword)
                if canon in index.menu_words
                else modword
            )
        slots.append(slot)
        i = end
    slots.extend(_word_slot(t, index) for t in toks[i:])
    _mark_corrections(slots)
    for k in range(len(slots) - 1):
        if (slots[k].text, slots[k + 1].text) in _MOD_MULTI:
            slots[k].kind = "mod"
        nxt = slots[k + 1]
        if (
            slots[k].kind == "mod"
            and token_forms(slots[k].text) & _CHANGE_PREFIX
            and nxt.kind == "item"
            and not nxt.conj
        ):
            # "without rice", "زيادة جبن", "extra garlic sauce": what is changed, not a dish
            end = k + 1
            while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
                slots[end] = _Slot(slots[end].text, "other")
                end += 1
    return slots


# "لا خليها اثنين", "no wait, make it 5": a quantity said again replaces the one before.
_CORRECTION_VERBS = frozenset(
    normalize(w)
    for w in "خليه خليها خليهم خليهن خلها خله خلهم خلي خلوه خلوها خلوهم اجعلها اجعله خليها make".split()
)
_CORRECTION_LEAD = frozenset(normalize(w) for w in "لا لأ no wait actually sorry عفوا اقصد".split())
_CORRECTION_OBJECT = frozenset(normalize(w) for w in "it them".split())


def _mark_corrections(slots: list[_Slot]) -> None:
    """Mark the number after a correction verb as a correction, and the verb and the words that
    lead up to it ("لا لا", "no wait", "actually") as spoken words, not dishes or changes."""
    for k, slot in enumerate(slots):
        if slot.text not in _CORRECTION_VERBS and _bare(slot) not in _CORRECTION_VERBS:
            continue
        j = k + 1
        while j < len(slots) and slots[j].text in _CORRECTION_OBJECT:
            j += 1
        if j >= len(slots) or slots[j].kind != "num":
            continue
        slots[j].correction = True
        for m in range(k, j):
            slots[m].kind = "stop"
        m = k - 1
        while m >= 0 and slots[m].text in _CORRECTION_LEAD | {","}:
            slots[m].kind = "stop"
            m -= 1


# --- mentions --------------------------------------------------------------------------------


def _narrows_only(word: str) -> bool:
    """A word that alone names no dish: a meat, size, temperature, measure or number word."""
    return (
        word in _QUALIFIERS
        or word in _MOD_STANDALONE
        or word in _FILLERS
        or word in _SIZES_AND_MEASURES
        or number_value(word) is not None
    )


def _resolve(words: list[str], index: _MenuIndex) -> tuple[MenuEntry | None, list[MenuEntry]]:
    wanted = frozenset(words)
    if wanted in index.exact:
        return index.exact[wanted], []
    if all(_narrows_only(w) for w in words):
        return None, []  # "حار" alone is no dish, even when one name on the menu has it
    fits = [e for e in index.entries if wanted <= index.words_of[e.key]]
    if len(fits) > 1:
        # a shared name asks only about what can be ordered ("بيتزا" when one pizza is off)
        fits = [e for e in fits if e.available] or fits
    if len(fits) == 1:
        return fits[0], []
    if fits and not all(_narrows_only(w) for w in words):
        return None, fits
    return None, []


def _mentions(slots: list[_Slot], index: _MenuIndex) -> list[_Mention]:
    mentions: list[_Mention] = []
    i = 0
    while i < len(slots):
        if _is_plain_after_number(slots, i) and mentions and mentions[-1].entry is not None:
            entry = _elliptical([], mentions, index)
            if entry is not None:
                mentions.append(_Mention(i, i + 1, entry, [], slots[i].text))
            i += 1
            continue
        if slots[i].kind != "item":
            i += 1
            continue
        run_end = _run_end(slots, i)
        bridged = _bridged(slots, i, run_end, index)
        if bridged is not None:
            end, entry, words = bridged
            text = " ".join(s.text for s in slots[i:end])
            mentions.append(_Mention(i, end, entry, [], text, words=words))
            i = end
            continue
        found = None
        for n in range(run_end - i, 0, -1):
            words = [s.canon for s in slots[i : i + n]]
            entry, candidates = _resolve(words, index)
            elliptical = False
            if entry is None and not candidates and all(_narrows_only(w) for w in words):
                entry = _elliptical(words, mentions, index, _points_back(slots, mentions, i))
                elliptical = entry is not None
            if entry is not None or candidates:
                found = (n, entry, candidates, elliptical)
                break
        if found is None:
            i += 1
            continue
        n, entry, candidates, elliptical = found
        rest = slots[i + n : run_end]
        if rest and all(s.canon in _QUALIFIERS for s in rest):
            # "كبسه لحم" when only chicken kabsa exists: a variant the menu lacks, never swapped
            # silently for another one.
            text = " ".join(s.text for s in slots[i:run_end])
            mentions.append(_Mention(i, run_end, None, [], text))
            i = run_end
            continue
        text = " ".join(s.text for s in slots[i : i + n])
        implied = max(s.value for s in slots[i : i + n])
        # a borrowed mention keeps the words of the dish it borrowed from, so the next bare size
        # borrows the same dish ("وحدة كبيرة وتنتين صغار")
        words = mentions[-1].words if elliptical else tuple(s.canon for s in slots[i : i + n])
        mentions.append(
            _Mention(i, i + n, entry, candidates, text, implied=implied, elliptical=elliptical, words=words)
        )
        i += n
    return mentions


def _run_end(slots: list[_Slot], i: int) -> int:
    """The end of the run of dish words starting at slot i (an attached "و" starts a new one)."""
    end = i + 1
    while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
        end += 1
    return end


# Words that may stand inside one dish name: "a kilo of baklava", "half a kilo", "دلة من القهوة".
_BRIDGES = frozenset(normalize(w) for w in ("of", "a", "an", "من"))
_ARTICLES = frozenset({"a", "an"})


def _bridged(
    slots: list[_Slot], i: int, run_end: int, index: _MenuIndex
) -> tuple[int, MenuEntry, tuple[str, ...]] | None:
    """Runs of dish words joined by "of"/"a"/"من" that together name one dish:
    (end slot, entry, words)."""
    runs = [(i, run_end)]
    k = run_end
    while k < len(slots) and slots[k].text in _BRIDGES and not slots[k].conj:
        j = k
        while j < len(slots) and slots[j].text in _BRIDGES and not slots[j].conj:
            j += 1
        if j >= len(slots) or slots[j].kind != "item" or slots[j].conj:
            break
        end = _run_end(slots, j)
        if all(slots[b].text in _ARTICLES for b in range(k, j)) and not (
            end < len(slots) and slots[end].text in _BRIDGES - _ARTICLES
        ):
            break  # "a burger, a chicken burger" is two dishes; "half a kilo of …" is one
        runs.append((j, end))
        k = end
    if len(runs) < 2:
        return None
    for count in range(len(runs), 1, -1):
        words = tuple(slots[k].canon for a, b in runs[:count] for k in range(a, b))
        entry, _ = _resolve(list(words), index)
        if entry is not None:
            return runs[count - 1][1], entry, words
    return None


def _is_plain_after_number(slots: list[_Slot], i: int) -> bool:
    return slots[i].text in _PLAIN and i > 0 and slots[i - 1].kind == "num"


def _points_back(slots: list[_Slot], mentions: list[_Mention], i: int) -> bool:
    """Whether a word pointing back ("منها", "of them") stands between the last dish and slot i."""
    start = mentions[-1].end if mentions else 0
    return any(slots[k].kind == "ref" for k in range(start, i))


def _elliptical(
    words: list[str], mentions: list[_Mention], index: _MenuIndex, same_dish: bool = False
) -> MenuEntry | None:
    """A bare qualifier borrows the previous dish's head word ("شاورما دجاج وثنتين لحم"), also
    from a dish named too loosely ("٤ شاورما: ٢ دجاج و٢ لحم"). After "of them" it may only
    narrow that same dish ("4 spanish lattes, two of them iced" is no iced latte)."""
    if not mentions:
        return None
    previous = mentions[-1]
    if same_dish and previous.entry is not None:
        entry, _ = _resolve([*index.words_of[previous.entry.key], *words], index)
        return entry if entry is not None and entry != previous.entry else None
    keys = [previous.entry.key] if previous.entry is not None else [c.key for c in previous.candidates]
    if not keys:
        return None
    shared = frozenset.intersection(*(index.words_of[k] for k in keys))
    # "٣ شاورما دجاج: وحدة كبيرة وتنتين صغار": everything the dish before said, plus the size
    entry, _ = _resolve([*previous.words, *words], index) if previous.words else (None, [])
    if entry is not None and entry != previous.entry:
        return entry
    heads = sorted(w for w in shared if not _narrows_only(w))
    for head in heads:
        entry, _ = _resolve([head, *words], index)
        if entry is not None:
            return entry
    return None


def _mention_after(slots: list[_Slot], j: int, starts: dict[int, _Mention]) -> _Mention | None:
    k = j + 1
    while k < len(slots) and slots[k].kind in ("filler", "ref") and k not in starts:
        k += 1
    mention = starts.get(k)
    return mention if mention is not None and not slots[k].conj else None


def _mention_before(slots: list[_Slot], j: int, ends: dict[int, _Mention]) -> _Mention | None:
    k = j - 1
    while k >= 0 and slots[k].kind in ("filler", "modword", "ref"):
        k -= 1
    return ends.get(k)


def _assign_quantities(slots: list[_Slot], mentions: list[_Mention]) -> set[int]:
    starts = {m.start: m for m in mentions}
    ends = {m.end - 1: m for m in mentions}
    used: set[int] = set()
    for j, slot in enumerate(slots):
        if slot.kind != "num":
            continue
        if slot.correction:
            _correct(slots, j, mentions, starts)
            used.add(j)
            continue
        ahead = _mention_after(slots, j, starts)
        behind = None if slot.text in _BEFORE_ONLY or slot.conj else _mention_before(slots, j, ends)
        times_sign = slot.backward or (j > 0 and slots[j - 1].text in _TIMES)
        for target in (behind, ahead) if times_sign else (ahead, behind):
            if target is not None and target.quantity is None:
                target.quantity = slot.value
                target.qty_slot = j
                used.add(j)
                break
    return used


def _correct(slots: list[_Slot], j: int, mentions: list[_Mention], starts: dict[int, _Mention]) -> None:
    """A corrected quantity: of the dish named right after it ("make it 2 cheese pies", which
    then replaces the earlier mention of that dish), else of the last dish before it."""
    ahead = _mention_after(slots, j, starts)
    if ahead is not None and ahead.entry is not None:
        ahead.quantity, ahead.qty_slot = slots[j].value, j
        for m in mentions:
            if m is not ahead and m.start < j and m.entry == ahead.entry:
                m.replaced = True
        return
    before = [m for m in mentions if m.end <= j and not m.replaced]
    if before:
        before[-1].quantity, before[-1].qty_slot = slots[j].value, j


def _assign_modifications(slots: list[_Slot], mentions: list[_Mention]) -> set[int]:
    in_item = {k for m in mentions for k in range(m.start, m.end)}
    owner_at: dict[int, _Mention] = {}
    for m in mentions:
        for k in range(m.start, len(slots)):
            owner_at[k] = m
    used: set[int] = set()
    pending: list[str] = []
    j = 0
    while j < len(slots):
        slot = slots[j]
        nxt = slots[j + 1] if j + 1 < len(slots) else None
        if slot.text in _WITH and nxt is not None and j + 1 not in in_item:
            if nxt.kind in ("mod", "modword"):
                used.add(j)
                j += 1
                continue
            opens = nxt.kind == "other"
        else:
            opens = slot.kind in ("mod", "modword")
        if not opens:
            j += 1
            continue
        words = [] if slot.text in _WITH else [_bare(slot)]
        used.add(j)
        k = j + 1
        if slot.kind != "modword":
            k = _mod_body(slots, k, in_item, words, used)
        owner = owner_at.get(j)
        (pending if owner is None else owner.mods).append(" ".join(words))
        j = k
    if pending and mentions:
        mentions[0].mods[:0] = pending
    return used


def _bare(slot: _Slot) -> str:
    return slot.text[1:] if slot.conj else slot.text


def _mod_body(slots: list[_Slot], k: int, in_item: set[int], words: list[str], used: set[int]) -> int:
    """Collect the words of a modification from slot k on; returns the first slot after it."""
    while k < len(slots) and k not in in_item:
        slot = slots[k]
        following = slots[k + 1].kind if k + 1 < len(slots) else None
        if slot.kind == "conj" or (slot.kind == "other" and slot.conj and not words):
            if following != "other" or k + 1 in in_item:
                break
        elif slot.kind == "mod":
            # a trailing "زياده" closes "مع جبنه زياده"; before a noun it opens a new change
            if following == "other" or not words:
                break
        elif slot.kind not in ("other", "filler"):
            break
        words.append(_bare(slot) if slot.kind != "conj" else slot.text)
        used.add(k)
        k += 1
    return k


def _unknown_words(slots: list[_Slot], used: set[int], consumed: set[int]) -> list[str]:
    """Food-like words that name nothing on this menu, to be named back ("ما عندنا سوشي"):
    dish words the parser knows from elsewhere and words placed where a dish goes."""
    unknown: list[str] = []
    for j, slot in enumerate(slots):
        if slot.kind == "item" and j not in consumed and not _narrows_only(slot.canon):
            word = _bare(slot)
            if word not in unknown:
                unknown.append(word)
            continue
        if slot.kind != "other" or j in used or j in consumed:
            continue
        forms = token_forms(slot.text)
        prev = j - 1
        while prev >= 0 and slots[prev].kind == "filler":
            prev -= 1
        after_number = prev >= 0 and slots[prev].kind == "num"
        joined = slot.conj or (prev >= 0 and slots[prev].kind == "conj")
        if forms & _OTHER_FOODS or after_number or joined:
            word = min(forms & _OTHER_FOODS, default=slot.text if not slot.conj else slot.text[1:])
            if word not in unknown:
                unknown.append(word)
    return unknown


def parse_order(text: str, menu: Sequence[MenuEntry]) -> ParsedOrder:
    """Read the items, quantities and modifications a customer asks for in one message.

    Returns resolved `lines` (available items only), `unavailable` menu entries that were
    asked for, `ambiguous` mentions that fit several items, and `unknown` food-like words.
    """
    index = _index(tuple(menu))
    slots = _slots(text, index)
    mentions = _mentions(slots, index)
    consumed = {k for m in mentions for k in range(m.start, m.end)}
    for k, slot in enumerate(slots):
        if slot.fallback is not None and k not in consumed:
            slots[k] = slot.fallback
    used = _assign_quantities(slots, mentions)
    _count_variants(slots, mentions, index)
    mentions, split_used = _split_counted(slots, mentions)
    used |= split_used
    used |= _assign_modifications(slots, mentions)
    mentions = _drop_headers(mentions)
    result = ParsedOrder(lines=[])
    missing: list[str] = []
    for m in mentions:
        quantity = m.quantity or m.implied or 1
        if m.entry is None and not m.candidates:
            missing.append(m.text)
        elif m.entry is None:
            keys = [c.key for c in m.candidates]
            result.ambiguous.append(AmbiguousMention(m.text, quantity, keys))
        elif not m.entry.available:
            if m.entry not in result.unavailable:
                result.unavailable.append(m.entry)
        else:
            _add_line(result.lines, m.entry, quantity, m.mods)
    result.unknown = missing + _unknown_words(slots, used, consumed)
    return result


# "plain" in "one spicy, one plain": a way of making the dish with no change to it.
_PLAIN = frozenset(normalize(w) for w in ("plain", "regular", "normal", "عادي", "عاديه", "ساده", "سادة"))


def _split_counted(slots: list[_Slot], mentions: list[_Mention]) -> tuple[list[_Mention], set[int]]:
    """Reads "2 burgers: one spicy, one plain" as two burgers made two ways, not three.

    Right after a counted dish, each number not followed by a dish ("one …", "واحد …") opens a
    line of that same dish, which takes the changes written after it; what those lines leave of
    the count stays as the dish with no change ("3 burgers: one without onion" = 1 + 2 plain).
    Left alone when the lines would count more than the dish or another dish is named in them.
    """
    out: list[_Mention] = []
    used: set[int] = set()
    i = 0
    while i < len(mentions):
        m = mentions[i]
        out.append(m)
        i += 1
        count = m.quantity or m.implied  # "برجرين" counts two
        if m.entry is None or count < 2:
            continue
        end = next((k for k in range(m.end, len(slots)) if slots[k].kind == "item"), len(slots))
        while end > m.end and slots[end - 1].kind == "num" and end < len(slots):  # "… 3 fries"
            end -= 1
        own = m.qty_slot  # "برجر ٢ واحد منهم …": the "٢" counts the dish, it opens no line
        first = m.end + 1 if own == m.end else m.end
        groups = [
            k
            for k in range(first, end)
            if slots[k].kind == "num" and slots[k].value >= 1 and not slots[k].correction
        ]
        inside = [x for x in mentions[i:] if x.start < end]
        if (
            not groups
            or groups[0] != first
            or sum(slots[k].value for k in groups) > count
            or any(x.entry is not None and x.entry != m.entry for x in inside)
        ):
            continue
        i += len(inside)
        m.quantity = count - sum(slots[k].value for k in groups)
        if m.quantity == 0:
            out.pop()
        for k in groups:
            out.append(_Mention(k, k + 1, m.entry, m.candidates, m.text, quantity=slots[k].value))
            used.add(k)
        used |= {
            k for k in range(m.end, end) if slots[k].canon in _PLAIN or normalize(_bare(slots[k])) in _PLAIN
        }
    return out, used


def _count_variants(slots: list[_Slot], mentions: list[_Mention], index: _MenuIndex) -> None:
    """ "٣ كرواسون، اتنين منهم جبن": the counted part that points back ("منهم", "of them") is a
    variant of the dish before it, so it comes out of that dish's count instead of adding."""
    for m, x in zip(mentions, mentions[1:], strict=False):
        count = m.quantity or m.implied
        if m.entry is None or x.entry is None or x.entry == m.entry or not x.quantity or count < 2:
            continue
        points_back = any(slots[k].kind == "ref" for k in range(m.end, x.start))
        variant = index.words_of[x.entry.key] >= index.words_of[m.entry.key]
        if points_back and variant and x.quantity < count:
            m.quantity = count - x.quantity


def _drop_headers(mentions: list[_Mention]) -> list[_Mention]:
    """Drop a counted dish that the next mentions break down: "٣ برجر: ٢ دجاج وواحد لحم".

    The breakdown is two or more bare qualifiers borrowing that dish's head whose quantities
    add up to the header's count; the header then names the total, not more items.
    """
    kept: list[_Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        parts: list[_Mention] = []
        j = k + 1
        while j < len(mentions) and mentions[j].elliptical:
            parts.append(mentions[j])
            j += 1
        total = sum(p.quantity or p.implied or 1 for p in parts)
        named = m.entry is not None or bool(m.candidates)
        if named and m.quantity and len(parts) >= 2 and total == m.quantity:
            kept.extend(parts)
            k = j
            continue
        kept.append(m)
        k += 1
    return kept


def _add_line(lines: list[OrderLine], entry: MenuEntry, quantity: int, mods: list[str]) -> None:
    for line in lines:
        if line.menu_item_key == entry.key and line.modifications == mods:
            line.quantity += quantity
            return
    lines.append(OrderLine(entry.key, entry.name_ar, entry.name_en, quantity, entry.price, list(mods)))


def foreign_food_words(text: str, menu: Sequence[MenuEntry]) -> list[str]:
    """Dish and drink words in `text` that name nothing on `menu` (to check a generated reply)."""
    index = _index(tuple(menu))
    menu_words: set[str] = set().union(*index.words_of.values()) if index.words_of else set()
    found: list[str] = []
    for slot in _slots(text, index):
        if slot.kind == "item" and slot.canon not in menu_words:
            found.append(slot.text)
        elif slot.kind == "other" and token_forms(slot.text) & _OTHER_FOODS:
            found.append(slot.text)
    return found
