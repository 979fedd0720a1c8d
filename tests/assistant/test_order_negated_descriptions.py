"""A word of a menu name that is otherwise a description (spice, temperature, size) after "not"
says how to make the dish ("مو حار"): it names no second dish and is never named back."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import item_counts, load_menu


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ابي أضنة كباب حار وعيران بس مو حار مرة", {"Spicy Adana Kebab": 1, "Cold Ayran": 1}),
        ("عايز كنافة ساخنة بس مش ساخنة اوي", {"Hot Kunefe": 1}),
        ("two spicy adana kebabs, one not spicy", {"Spicy Adana Kebab": 2}),
        ("one adana kebab, not very spicy please", {"Spicy Adana Kebab": 1}),
    ],
)
def test_not_before_a_name_word_is_a_change(text: str, expected: dict[str, int]) -> None:
    """ "مو حار" after "أضنة كباب حار": one kebab made milder, not a second kebab."""
    parsed = parse_order(text, load_menu("turkish"))
    assert item_counts(parsed) == expected
    assert parsed.unknown == []
    assert any(
        "حار" in line.modifications or "ساخنه" in line.modifications or "spicy" in line.modifications
        for line in parsed.lines
    )
