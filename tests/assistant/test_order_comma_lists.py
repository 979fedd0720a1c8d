"""Counts in comma lists and a mandi house's portions (issue #13, from whole conversations):
written for the classes, on the demo menu, not on the conversations that showed them."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.ops.demo_menu import DEMO_MENU

from .menus import item_counts

DEMO = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # a number word closed by a comma counts the dish before it, not the next one
        ("ابي شاورما دجاج ثلاث، بطاطس", {"Chicken Shawarma": 3, "Fries": 1}),
        ("مندي لحم ثنتين، حمص وحده، وبيبسي اربعة", {"Lamb Mandi": 2, "Hummus": 1, "Pepsi": 4}),
        ("فلافل خمس حبات، متبل", {"Falafel": 5, "Moutabal": 1}),
        # a dual of a measure closed by a comma ("حبتين،", "علبتين،") is two of the dish before it
        ("متبل حبتين، فلافل ثلاث، وبيبسي", {"Moutabal": 2, "Falafel": 3, "Pepsi": 1}),
        ("عصير برتقال علبتين، شاي اربعة", {"Orange Juice": 2, "Tea": 4}),
        ("عاوز برجر دجاج اتنين، بطاطس تلاتة، بيبسي اتنين", {"Chicken Burger": 2, "Fries": 3, "Pepsi": 2}),
        # a dual after a comma is its own dish, as after "و"
        ("بدي تلات برجر، برجرين دجاج، وبطاطا", {"Burger": 3, "Chicken Burger": 2, "Fries": 1}),
        ("شاورما لحم اربعة، عصيرين برتقال", {"Beef Shawarma": 4, "Orange Juice": 2}),
        # guards: a count before its dish, an English pronoun "one", a split with "of them"
        ("ابي كبسة دجاج، ٢ بطاطس", {"Chicken Kabsa": 1, "Fries": 2}),
        ("a chicken burger, actually the double one, and 2 teas", {"Double Beef Burger": 1, "Tea": 2}),
        ("شاورما دجاج ثلاث، ثنتين منها بدون ثوم", {"Chicken Shawarma": 3}),
    ],
)
def test_a_count_at_the_end_of_a_comma_clause_is_its_dish(text, items):
    parsed = parse_order(text, DEMO)
    assert item_counts(parsed) == items
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي مندي لحم نفرين وسلطه", {"Lamb Mandi": 2, "Salad": 1}),
        ("نفرين مندي لحم", {"Lamb Mandi": 2}),
        ("ابغى كبسة دجاج ٣ نفر", {"Chicken Kabsa": 3}),
    ],
)
def test_a_portion_for_one_person_counts_the_dish(text, items):
    """ "نفر" is a mandi house's portion for one; "نفرين" two of them, never a word named back."""
    parsed = parse_order(text, DEMO)
    assert item_counts(parsed) == items
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("فلافل 3 وصحن حمص", {"Falafel": 3, "Hummus": 1}),
        ("برجر ٢ وكاسة شاي وبطاطس", {"Burger": 2, "Tea": 1, "Fries": 1}),
        # guard: a count before the measure with no dish before it counts that dish
        ("ابي ٣ صحون حمص", {"Hummus": 3}),
    ],
)
def test_a_count_before_and_a_measure_is_the_dish_before_it(text, items):
    """ "فلافل 3 وصحن حمص": the "و" after the number opens the next dish, with its own measure."""
    parsed = parse_order(text, DEMO)
    assert item_counts(parsed) == items


def test_an_abbreviated_double_is_the_double_burger():
    assert item_counts(parse_order("abi 2 burger dbl w pepsi", DEMO)) == {"Double Beef Burger": 2, "Pepsi": 1}
