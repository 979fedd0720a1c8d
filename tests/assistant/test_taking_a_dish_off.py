"""Taking a dish off inside the order message (issue #13): the parser and the summary's edit reader
read the same remove verbs ("كنسل", "بلاش", "skip", "minus"), said once in the vocabulary; a removal
with a condition ("skip the fries if they're out") leaves the dish ordered, for the menu to decide;
"بلاش" before what is no dish is a note on the dish."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_edits import read_edit
from crm_res.assistant.order_parser import menu_entries, parse_order
from tests.assistant.menus import assert_order

# a noodle bar written here, not one of the evaluation menus
NOODLES = menu_entries(
    [
        {"name_ar": "نودلز دجاج", "name_en": "Chicken Noodles", "price": "24"},
        {"name_ar": "رز مقلي", "name_en": "Fried Rice", "price": "19"},
        {"name_ar": "سبرينغ رول", "name_en": "Spring Rolls", "price": "12"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "4"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("٢ نودلز دجاج وبيبسي، كنسل البيبسي", {"Chicken Noodles": 2}),
        ("نودلز دجاج وبيبسي، بلاش البيبسي", {"Chicken Noodles": 1}),
        ("chicken noodles and fried rice, skip the fried rice", {"Chicken Noodles": 1}),
        ("chicken noodles and 2 pepsi, minus one pepsi", {"Chicken Noodles": 1, "Pepsi": 1}),
        ("نودلز دجاج و رز مقلي، شيلوا الرز", {"Chicken Noodles": 1}),
    ],
)
def test_a_remove_verb_takes_the_dish_off(text, items) -> None:
    assert_order(text, NOODLES, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "chicken noodles and fried rice, skip the fried rice if it's finished",
            {"Chicken Noodles": 1, "Fried Rice": 1},
        ),
        ("نودلز دجاج ورز مقلي، شيل الرز لو خلصان", {"Chicken Noodles": 1, "Fried Rice": 1}),
    ],
)
def test_a_removal_with_a_condition_leaves_the_dish(text, items) -> None:
    assert_order(text, NOODLES, items)


def test_without_said_as_balash_is_a_note() -> None:
    (line,) = parse_order("نودلز دجاج بلاش بصل", NOODLES).lines
    assert line.modifications == ["بلاش بصل"]


@pytest.mark.parametrize(
    "text", ["كنسل البيبسي", "بلاش البيبسي", "skip the pepsi", "minus the pepsi", "شيلوه"]
)
def test_the_summary_reads_the_same_remove_verbs(text) -> None:
    edit = read_edit(text)
    assert edit is not None and edit.kind == "remove"
