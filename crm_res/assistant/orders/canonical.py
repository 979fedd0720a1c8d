"""Canonical forms: a customer's word or a menu name reduced to the vocabulary's canonical dish
words, through spellings, plurals, duals and (for known dish words) typos."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_res.assistant.normalize import PhraseMatcher, normalize, token_forms
from crm_res.assistant.orders.vocabulary import (
    NOT_DISHES,
    OTHER_FOODS,
    SIZES_AND_MEASURES,
    STOPWORDS,
    SYNONYMS,
)


def _canonical_phrases() -> list[tuple[str, str]]:
    return [(spelling, canon) for canon, words in SYNONYMS.items() for spelling in words.split("|")]


SYNONYM_MATCHER = PhraseMatcher(_canonical_phrases())


SINGLE_WORD_SYNONYMS: dict[str, str] = {
    normalize(spelling): canon
    for canon, words in SYNONYMS.items()
    for spelling in words.split("|")
    if " " not in normalize(spelling)
}


_FUZZY_VOCAB: tuple[str, ...] = tuple(w for w in SINGLE_WORD_SYNONYMS if len(w) >= 4)


#: Every spelling of a dish word the parser knows, plus common foods not on the menu.
FOOD_WORDS: frozenset[str] = (
    frozenset(w for w, canon in SINGLE_WORD_SYNONYMS.items() if canon not in SIZES_AND_MEASURES) | OTHER_FOODS
)


@lru_cache(maxsize=8192)
def _fuzzy_canonical(token: str) -> str | None:
    if token in STOPWORDS or token in OTHER_FOODS or token in NOT_DISHES:
        return None
    if len(token) == 3:
        # a three-letter dish word with one consonant written as it sounds ("حمس" for "حمص",
        # "سوص"): no other edit is safe in three letters
        alike = [w for w in _THREE_LETTER_DISH_WORDS if _one_consonant_alike(token, w)]
        return SINGLE_WORD_SYNONYMS[alike[0]] if len(alike) == 1 else None
    if len(token) < 4:
        return None
    # One typo (insert, drop, swap, substitute) for short words, two from eight letters on;
    # the first letter must agree, which rules out most accidental neighbours.
    candidates = [w for w in _FUZZY_VOCAB if w[0] == token[0]]
    max_edits = 2 if len(token) >= 8 else 1
    best = process.extractOne(token, candidates, scorer=OSA.distance, score_cutoff=max_edits)
    if best is None or not _plausible_typo(token, best[0]):
        return None
    return SINGLE_WORD_SYNONYMS[best[0]]


# Letters that stand in for one another when typing fast or by ear ("برقر", "شاورمه").
_SOUND_ALIKE = [set(group) for group in ("هةا", "يى", "تثط", "دذزظض", "سصث", "قكجغ", "aeiouy", "ck", "sz")]
_CONSONANTS_ALIKE = [set(group) for group in ("تثط", "دذزظض", "سصث", "قكجغ")]
_THREE_LETTER_DISH_WORDS = tuple(
    w
    for w, canon in SINGLE_WORD_SYNONYMS.items()
    if len(w) == 3 and all("\u0600" <= c <= "\u06ff" for c in w) and canon not in SIZES_AND_MEASURES
)


def _one_consonant_alike(token: str, word: str) -> bool:
    """Whether two words of one length differ in one letter only, two consonants said alike ("حمس", "حمص")."""
    diffs = [(a, b) for a, b in zip(token, word, strict=True) if a != b]
    return len(diffs) == 1 and any(
        diffs[0][0] in group and diffs[0][1] in group for group in _CONSONANTS_ALIKE
    )


def _plausible_typo(token: str, word: str) -> bool:
    """In a short word, swapping one letter for an unrelated one is a different word
    ("لحظه" is not "لحمه"), and so is one more consonant ("الماضية" is not "ماية"; a letter doubled or
    a long vowel more or less is a typo: "كنفه"); from six letters on any single edit is a typo."""
    if len(token) >= 6:
        return True
    arabic = all("\u0600" <= c <= "\u06ff" for c in token + word)  # Arabizi spells by ear: any edit
    if arabic and abs(len(token) - len(word)) == 1:
        longer, shorter = (token, word) if len(token) > len(word) else (word, token)
        extra = next((c for i, c in enumerate(longer) if i >= len(shorter) or shorter[i] != c), longer[-1])
        at = longer.index(extra)
        doubled = (at > 0 and longer[at - 1] == extra) or (at + 1 < len(longer) and longer[at + 1] == extra)
        return doubled or extra in "اويهةىأإآaeiouyh"
    if len(token) != len(word):
        return True
    diffs = [(a, b) for a, b in zip(token, word, strict=True) if a != b]
    if len(diffs) != 1:
        return True  # a transposition
    a, b = diffs[0]
    if token[-1] == a and word[-1] == b and {a, b} <= set("هةيى"):
        return True  # the vowel a word ends on ("منده" for "مندي"): a slip of the last letter
    return any(a in group and b in group for group in _SOUND_ALIKE)


@lru_cache(maxsize=8192)
def exact_canonical(token: str) -> tuple[str, int] | None:
    """(canonical word, implied quantity) through known spellings, plurals and duals (no typos)."""
    for form in token_forms(token):
        if form in SINGLE_WORD_SYNONYMS:
            return SINGLE_WORD_SYNONYMS[form], 0
    for form in token_forms(token):
        if form.endswith("تين"):
            # "سلطتين" (سلطه + تين) and the colloquial "بطاطستين" (بطاطس + تين)
            for base in (form[:-3] + "ه", form[:-3]):
                if len(base) >= 3 and base in SINGLE_WORD_SYNONYMS:
                    return SINGLE_WORD_SYNONYMS[base], 2
        if form.endswith("ين") and form[:-2] in SINGLE_WORD_SYNONYMS:
            return SINGLE_WORD_SYNONYMS[form[:-2]], 2
        if form.endswith("ات"):
            for base in (form[:-2], form[:-2] + "ه"):
                if base in SINGLE_WORD_SYNONYMS:
                    return SINGLE_WORD_SYNONYMS[base], 0
    if token.isascii():
        for suffix in ("es", "s"):
            stem = token.removesuffix(suffix)
            if stem != token and stem in SINGLE_WORD_SYNONYMS:
                return SINGLE_WORD_SYNONYMS[stem], 0
        for suffix in _ARABIZI_PLURALS:
            # Arabizi plurals of "ات" ("sab3 pepsiyat", "thalath kabsat", "arba3 salatat")
            stem = token.removesuffix(suffix)
            if stem == token or len(stem) < 3:
                continue
            for base in (stem, stem + "a", stem + "e"):
                if base in SINGLE_WORD_SYNONYMS:
                    return SINGLE_WORD_SYNONYMS[base], 0
    return None


_ARABIZI_PLURALS = ("iyat", "yat", "at", "aat")


@lru_cache(maxsize=8192)
def single_canonical(token: str) -> tuple[str, int] | None:
    """(canonical word, implied quantity) for one token, through plurals, duals and typos."""
    return exact_canonical(token) or typo_canonical(token)


def typo_canonical(token: str) -> tuple[str, int] | None:
    for form in sorted(token_forms(token), key=len, reverse=True):
        fuzzy = _fuzzy_canonical(form)
        if fuzzy is None and form.isascii() and form.endswith("s"):
            fuzzy = _fuzzy_canonical(form[:-1])
        if fuzzy:
            return fuzzy, 0
    return None


def canonical_words(text: str) -> list[str]:
    """The canonical dish words of a name ("Chicken Burger" → ["دجاج", "برجر"])."""
    toks = normalize(text).split()
    words: list[str] = []
    i = 0
    for start, end, canon in SYNONYM_MATCHER.finditer(toks):
        words.extend(_fallback_word(t) for t in toks[i:start])
        words.append(canon)
        i = end
    words.extend(_fallback_word(t) for t in toks[i:])
    return words


def _fallback_word(token: str) -> str:
    # Exact spellings only: a menu's own name ("Mutabbaq") must not be "corrected" into a
    # different known dish ("mutabal") and collide with it.
    found = exact_canonical(token)
    return found[0] if found else token
