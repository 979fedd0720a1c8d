"""Reading 1–5 star ratings out of customer replies."""

from __future__ import annotations

import pytest

from crm_res.assistant.ratings import parse_rating


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("3", 3),
        ("٣", 3),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("3/5", 3),
        ("٣ من ٥", 3),
        ("⭐⭐⭐", 3),
        ("3 stars", 3),
        ("three", 3),
        ("خمسة نجوم", 5),
        ("٥ نجوم والله يستاهلون", 5),
        ("4 out of 5", 4),
        ("نجمتين بس، الاكل بارد", 2),
        ("⭐ وحدة بس لأن الطلب جاء غلط", 1),
        ("اعطيكم ٣ من ٥، الاكل زين بس غالي", 3),
        ("تقييمي 4", 4),
        ("10/10 the kunafa is insane", 5),
        ("1", 1),
        ("five", 5),
    ],
)
def test_ratings_are_read(text: str, rating: int) -> None:
    """Digits, Arabic-Indic digits, number words, fractions and stars all give the rating."""
    assert parse_rating(text) == rating


@pytest.mark.parametrize(
    "text", ["6", "0", "٧", "7/5", "⭐⭐⭐⭐⭐⭐", "3 burgers", "hello", "", "4.5/5", "ten"]
)
def test_no_rating_or_out_of_range_gives_none(text: str) -> None:
    """Numbers outside 1–5, fractions of a star, and numbers that count things give None."""
    assert parse_rating(text) is None
