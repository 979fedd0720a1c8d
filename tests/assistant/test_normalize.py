"""Behaviour of the shared Arabic/English normaliser and phrase matcher."""

from __future__ import annotations

import pytest

from crm_res.assistant.normalize import (
    PhraseMatcher,
    normalize,
    number_value,
    to_ascii_digits,
    token_forms,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),
        ("مؤمن", "مومن"),
        ("مسائل", "مسايل"),
        ("سلطة", "سلطه"),
        ("على مستوى", "علي مستوي"),
        ("جـــميل", "جميل"),
        ("مُمْتَازٌ", "ممتاز"),
    ],
)
def test_arabic_letter_variants_fold(raw: str, expected: str) -> None:
    """Hamza forms, taa marbuta, alef maqsura, tatweel and harakat fold to one spelling."""
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ممممتاز", "ممتاز"),
        ("مممتاز", "ممتاز"),
        ("ممتاااااز", "ممتاز"),
        ("حلووووو", "حلو"),
        ("كتيييير", "كتير"),
        ("شكرااا", "شكرا"),
        ("soooo goooood", "soo good"),
    ],
)
def test_elongation_collapses(raw: str, expected: str) -> None:
    """Letters stretched for emphasis collapse; long vowels and alef go down to one."""
    assert normalize(raw) == expected


@pytest.mark.parametrize("word", ["ممتاز", "الله", "عربيين", "coffee", "good", "apple"])
def test_legit_double_letters_survive(word: str) -> None:
    """A genuine double letter is not mistaken for elongation."""
    assert normalize(word) == word


def test_normalize_is_idempotent() -> None:
    """Normalising twice changes nothing, so stored keys and fresh text always agree."""
    text = "أبغـــى ٢ برجرررر، بدون بصل!! 7abibi"
    assert normalize(normalize(text)) == normalize(text)


def test_digits_become_ascii() -> None:
    """Arabic-Indic and Eastern Arabic-Indic digits become 0-9 in both helpers."""
    assert to_ascii_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"
    assert normalize("طلب رقم ١٠٥٥") == "طلب رقم 1055"


def test_latin_is_lowercased_and_punctuation_stripped() -> None:
    """Latin goes lower case; Latin and Arabic punctuation (؟ ، ؛) become spaces."""
    assert normalize("Hello, WORLD! كيف؟ ، حالك؛ تمام.") == "hello world كيف حالك تمام"


def test_apostrophes_inside_english_words_are_dropped() -> None:
    """Contractions stay one token so "I'd" and "Id" match the same phrase."""
    assert normalize("I'd like it's") == "id like its"


def test_symbols_become_their_own_tokens() -> None:
    """Emoji, stars and × are kept as separate tokens so matchers can see them."""
    assert normalize("ممتاز👌👌") == "ممتاز 👌 👌"
    assert normalize("بطاطس×٢") == "بطاطس × 2"


def test_arabizi_digits_map_inside_latin_words_only() -> None:
    """ "7abibi" gets Arabic letters but "2 burgers", "3x" and "5pm" keep their digits."""
    assert normalize("7abibi") == "حabibi"
    assert normalize("3ayez") == "عayez"
    assert normalize("2 burgers") == "2 burgers"
    assert normalize("3x fries at 5pm") == "3x fries at 5pm"


def test_decimal_numbers_keep_their_point() -> None:
    """A decimal point (including the Arabic ٫) survives punctuation stripping."""
    assert normalize("١٢٫٥ ريال") == "12.5 ريال"


def test_presentation_forms_are_decomposed() -> None:
    """Ligature code points such as ﻻ become ordinary letters."""
    assert normalize("ﻻ") == "لا"


def test_token_forms_peel_clitics() -> None:
    """ "والخدمه" can stand for "الخدمه" and "خدمه"; peeling never leaves a lone letter."""
    forms = token_forms("والخدمه")
    assert {"والخدمه", "الخدمه", "خدمه"} <= forms
    assert token_forms("ول") == {"ول"}


def test_phrase_matcher_prefers_the_longest_phrase() -> None:
    """At one position the longest phrase wins and matching resumes after it."""
    matcher = PhraseMatcher([("برجر", "burger"), ("برجر دجاج", "chicken"), ("بيبسي", "pepsi")])
    toks = normalize("ابي برجر دجاج وبيبسي").split()
    assert matcher.labels(toks) == ["chicken", "pepsi"]


def test_phrase_matcher_normalises_its_phrases() -> None:
    """Phrases are folded like text, so "أبغى" in the table matches a typed "ابغي"."""
    matcher = PhraseMatcher([("أبغى", "want")])
    assert matcher.matches(normalize("ابغي برجر").split())


@pytest.mark.parametrize(
    ("token", "value"),
    [("3", 3), ("ثلاثه", 3), ("وثنتين", 2), ("three", 3), ("waحed", 1), ("برجر", None)],
)
def test_number_words(token: str, value: int | None) -> None:
    """Digits and number words in Arabic, English and Arabizi read as integers."""
    assert number_value(token) == value


def test_arabizi_number_words_are_read_by_their_consonants_but_not_everyday_words() -> None:
    """ "thalath" / "thnain" / "khams" spell 3 / 2 / 5 like "thalatha" / "ithnain" / "khamsa"; the
    English numbers and short skeletons ("state", "tonne", "other") stay words."""
    assert [number_value(w) for w in ("thalath", "thnain", "khams")] == [3, 2, 5]
    assert [number_value(w) for w in ("state", "tonne", "other", "there", "stout")] == [None] * 5
