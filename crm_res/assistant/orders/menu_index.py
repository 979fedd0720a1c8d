"""One restaurant's menu as the parser matches it: each item's signature words, its own words
(names the vocabulary does not know), their duals and plurals; built once per menu and cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_res.assistant.normalize import normalize, token_forms
from crm_res.assistant.orders.arabizi import is_latin, skeletons_of
from crm_res.assistant.orders.canonical import canonical_words
from crm_res.assistant.orders.model import MenuEntry
from crm_res.assistant.orders.vocabulary import (
    BUILTIN_ALIASES,
    CONJUNCTIONS,
    FILLERS,
    GENERAL_WORD,
    GLUED_UNIT,
    NOT_DISHES,
    OTHER_FOODS,
    STOPWORDS,
    SYNONYMS,
    UNITS,
)


@dataclass(frozen=True)
class MenuIndex:
    exact: dict[frozenset[str], MenuEntry]
    words_of: dict[str, frozenset[str]]  # entry key → union of its signature words
    entries: tuple[MenuEntry, ...]
    own_words: frozenset[str]  # menu words the synonym table does not know
    menu_words: frozenset[str]  # every word of every name on this menu
    # consonant skeleton → own Arabic word, for Arabizi spellings of it ("ba2lawa")
    arabizi: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # a menu word's form without its clitics → that word ("نعناع" → "بالنعناع"), for the
    # words no name spells bare
    peeled: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # an Arabic word of a name → the other Arabic words of every name it is in, and the menu's
    # Arabic words written with a "ب"/"بال" clitic: for Arabizi read beside its name ("bel ashta")
    companions: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, hash=False)
    with_clitic: frozenset[str] = field(default_factory=frozenset, compare=False, hash=False)
    # a number that is a word of a name ("ستربس ٣ قطع") → the other words of the names it is in
    numbered: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, hash=False)
    # token → its slot on this menu (filled by tokens; lives and dies with the cached index)
    slot_cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # conjunctions and small words written inside a name ("and" in "Sweet and Sour Chicken", "على"
    # in "قوزي على تمن"): they may join two runs of dish words into that one name
    inner_links: frozenset[str] = field(default_factory=frozenset, compare=False, hash=False)


@lru_cache(maxsize=32)
def index_of(menu: tuple[MenuEntry, ...]) -> MenuIndex:
    exact: dict[frozenset[str], MenuEntry] = {}
    words_of: dict[str, frozenset[str]] = {}
    own: set[str] = set()
    signatures = [
        (entry, [said for name in _names(entry) for said in _without_units(canonical_words(name))])
        for entry in menu
    ]
    fold = _plural_fold({w for _, sigs in signatures for sig in sigs for w in sig})
    inner_links: set[str] = set()
    for entry in menu:
        for name in _names(entry):
            toks = normalize(name).split()
            # and small words written inside one ("على" in "قوزي على تمن", "on" in "Quzi on Rice")
            inner_links.update(t for t in toks[1:-1] if t in CONJUNCTIONS or t in STOPWORDS)
    for entry, sigs in signatures:
        union: set[str] = set()
        for said in sigs:
            sig = frozenset(fold.get(w, w) for w in said)
            if sig:
                exact.setdefault(sig, entry)
                union |= sig
        # a kind of dish answers to its general word too ("بطاطس" finds the menu's fries)
        union |= {GENERAL_WORD[w] for w in union if w in GENERAL_WORD}
        words_of[entry.key] = frozenset(union)
        own |= {w for w in union if w not in SYNONYMS and w not in STOPWORDS | FILLERS}
    all_words = frozenset().union(*words_of.values()) if words_of else frozenset()
    own_words = frozenset(own)
    peeled: dict[str, str] = {}
    for word in sorted(all_words):
        for form in token_forms(word):
            if len(form) >= 3 and form not in all_words and form not in STOPWORDS | FILLERS:
                peeled.setdefault(form, word)
    companions: dict[str, set[str]] = {}
    for words in words_of.values():
        arabic = {w for w in words if not is_latin(w)}
        for word in words:
            companions.setdefault(word, set()).update(arabic - {word})
    return MenuIndex(
        exact,
        words_of,
        tuple(menu),
        own_words,
        all_words,
        skeletons_of(own_words),
        peeled,
        companions={w: frozenset(c) for w, c in companions.items()},
        with_clitic=frozenset(w for w in all_words if not is_latin(w) and w.startswith("ب")),
        numbered={
            w: frozenset(c for words in words_of.values() if w in words for c in words if c != w)
            for w in all_words
            if w.isdigit()
        },
        inner_links=frozenset(inner_links),
    )


def _without_units(words: list[str]) -> list[list[str]]:
    """A name's words, and, when it weighs its dish ("٣٠٠ جرام", "500g"), the same words with the
    number standing alone: "ريب آي ٣٠٠" and "ribeye 500" name the dish as well as the menu does."""
    bare: list[str] = []
    for k, word in enumerate(words):
        glued = GLUED_UNIT.match(word)
        if glued:
            bare.append(glued.group(1))
        elif not (word in UNITS and k and words[k - 1].isdigit()):
            bare.append(word)
    return [words] if bare == words else [words, bare]


def _names(entry: MenuEntry) -> tuple[str, ...]:
    return (entry.name_ar, entry.name_en, *entry.aliases, *BUILTIN_ALIASES.get(entry.name_en.lower(), ()))


def _plural_fold(words: set[str]) -> dict[str, str]:
    """An English plural in one name whose singular is in another ("Spring Rolls" beside
    "Spicy Tuna Roll") → the singular, so "rolls" after "spicy tuna" stays in that name."""
    return {w: w[:-1] for w in words if w.isascii() and len(w) > 3 and w.endswith("s") and w[:-1] in words}


def gender_forms(forms: frozenset[str]) -> frozenset[str]:
    """The other gender of Arabic adjectives: an adjective agrees with its noun, so a menu's
    "مشكلة" is the customer's "مشكل", "سعودية" is "سعودي", "مشوي" is "مشوية"."""
    out: set[str] = set()
    for form in forms:
        if len(form) >= 3 and not form.isascii():
            other = form[:-1] if form.endswith("ه") else form + "ه"
            if len(other) >= 3:
                out.add(other)
    return frozenset(out)


def own_word(forms: frozenset[str], own_words: frozenset[str]) -> tuple[str, int] | None:
    """(menu word, implied quantity) through the menu's own words, their duals and plurals:
    "دلتين" (دله ×2), "لبنين" (لبن ×2), "فطيرتين" (فطيره ×2), "فطاير" (broken plural of فطيره)."""
    if forms & own_words:
        # the form with the most of the word as written: "بالطماطم" is the menu's "خبز بالطماطم",
        # not the "الطماطم" of "كرات لحم بصوص الطماطم"
        return min(forms & own_words, key=lambda w: (-len(w), w)), 0
    agreeing = gender_forms(forms) & own_words
    if agreeing:
        return min(agreeing), 0
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
                # "منقوشات" → "منقوشه", whose broken plural "مناقيش" is the menu's word
                for other in broken_plural_pair(base):
                    if other in own_words:
                        return other, 0
        for other in broken_plural_pair(form):
            if other in own_words:
                return other, 0
        if form.isascii() and form.endswith("s") and form[:-1] in own_words:
            return form[:-1], 0
    return None


def broken_plural_pair(form: str) -> tuple[str, ...]:
    """The other number of a broken plural pattern: فطاير ↔ فطيره (فعايل/فعيله),
    مناقيش ↔ منقوشه (مفاعيل/مفعوله), فناجين ↔ فنجان (فعاليل/فعلال)."""
    if len(form) == 5 and form[2:4] == "اي":  # فعايل → فعيله
        return (form[:2] + "ي" + form[4] + "ه",)
    if len(form) == 5 and form[2] == "ي" and form[4] == "ه":  # فعيله → فعايل
        return (form[:2] + "اي" + form[3],)
    if len(form) == 6 and form[0] == "م" and form[2] == "ا" and form[4] == "ي":  # مفاعيل → مفعوله
        return (form[0:2] + form[3] + "و" + form[5] + "ه",)
    if len(form) == 6 and form[0] == "م" and form[3] == "و" and form[5] == "ه":  # مفعوله → مفاعيل
        return (form[0:2] + "ا" + form[2] + "ي" + form[4],)
    if len(form) == 6 and form[2] == "ا" and form[4] == "ي" and form[0] != "م":  # فعاليل → فعلال
        return (form[:2] + form[3] + "ا" + form[5],)  # "فناجين" → "فنجان"
    if len(form) == 5 and form[3] == "ا" and not form.isascii():  # فعلال → فعاليل
        return (form[:2] + "ا" + form[2] + "ي" + form[4],)
    return ()


# First letters that dialects or fast typing swap: ث→ت/س, ذ→د/ز, ظ→ض/ز, ق→ء/ج/ك.
_ALIKE_FIRST = ("ثتس", "ذدز", "ظضز", "قءجك", "اأإ", "هة")


def _alike(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _ALIKE_FIRST)


@lru_cache(maxsize=8192)
def fuzzy_own(token: str, own_words: frozenset[str]) -> str | None:
    """The menu's own word (one the synonym table does not know) this token misspells, if any.

    Same limits as the built-in vocabulary: one edit (two from eight letters on), same first
    letter, four letters or more, never a word that means something else.
    """
    if token in STOPWORDS or token in FILLERS or token in OTHER_FOODS or token in NOT_DISHES:
        return None  # ("thani", another, is no "thai")
    if len(token) == 3 and not is_latin(token):
        # a short word only by its first letter said the dialect's way ("توم" for "ثوم", "دره"
        # for "ذره"), the rest spelled alike: no other edit is safe in three letters
        alike = [
            w
            for w in own_words
            if len(w) == 3 and w[1:] == token[1:] and w[0] != token[0] and _alike(w[0], token[0])
        ]
        return alike[0] if len(alike) == 1 else None
    if len(token) < 4:
        return None
    # the first letter agrees, or sounds alike ("توميه" for "ثوميه": ث is said ت in Egypt and the Levant)
    candidates = [w for w in own_words if len(w) >= 4 and (w[0] == token[0] or _alike(w[0], token[0]))]
    # a clipped form: "شوكولا" for "شوكولاته" (the word's start, two letters short at most)
    clipped = [w for w in candidates if len(token) >= 5 and w.startswith(token) and len(w) - len(token) <= 2]
    if len(clipped) == 1:
        return clipped[0]
    if not candidates:
        return None
    max_edits = 2 if len(token) >= 8 else 1
    best = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=max_edits)
    return best[0] if best else None
