"""A measure word that is part of one name ("قطعة كيكة عسل") measures another dish when it opens
a phrase before that dish ("وقطعة تشيز كيك"): it does not order a second of the first."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import item_counts, load_menu


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ابي قطعة تشيز كيك توت وقطعة كيكة عسل", {"Blueberry Cheesecake": 1, "Honey Cake Slice": 1}),
        (
            "عايز قطعة كيكة عسل وقطعة براوني ساخن مع آيس كريم",
            {"Honey Cake Slice": 1, "Warm Brownie with Ice Cream": 1},
        ),
        ("قطعتين كيكة عسل", {"Honey Cake Slice": 2}),
    ],
)
def test_a_measure_before_another_dish_names_no_dish(text: str, expected: dict[str, int]) -> None:
    """ "وقطعة تشيز كيك": a piece of cheesecake, not a honey-cake slice and a cheesecake."""
    assert item_counts(parse_order(text, load_menu("icecream"))) == expected


def test_a_measure_that_closes_a_name_stays_in_it() -> None:
    """ "a falafel plate hummus …": the measure ends the name before it, it measures nothing after."""
    parsed = parse_order("a falafel plate, hummus and 2 pepsis", load_menu("shawarma"))
    assert item_counts(parsed) == {"Falafel Plate": 1, "Hummus": 1, "Pepsi": 2}
