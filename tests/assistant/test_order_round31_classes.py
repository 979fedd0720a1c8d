"""Order classes of round 31's tuning (issue #13): the classes of round 30's held-out parts (dev now).
Each class is checked on the demo menu, on sentences written for it, never on the records that
showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.ops.demo_menu import DEMO_MENU

from .menus import item_counts

DEMO = menu_entries(DEMO_MENU)


def _exact(text: str, menu, items: dict[str, int]) -> None:
    """`text` orders exactly `items`: nothing asked about, named back or off."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


# ---- words said around an order: no dish -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # "for the afternoon coffee": when it is for, no coffee ordered
        ("ابي فلافل ثلاث وكنافة ست للقهوة العصر", {"Falafel": 3, "Kunafa": 6}),
        ("بدي كنافة اربعة لقهوة المغرب", {"Kunafa": 4}),
        # guards: the coffee itself, and a time said after it, are still an order of it
        ("ابي كنافة ست وقهوة عربية العصر", {"Kunafa": 6, "Arabic Coffee": 1}),
        ("ابي قهوة عربية ثنتين للعزومة", {"Arabic Coffee": 2}),
    ],
)
def test_a_dish_word_for_a_time_of_day_is_no_dish(text, items):
    """ "للقهوة العصر": a dish word with "ل" before a time of day says when, orders nothing."""
    _exact(text, DEMO, items)


# ---- a word of a name as written ---------------------------------------------------------------

# A kitchen where one name has "بالـ" + a word and another has that word with its article.
TOMATO = menu_entries(
    [
        {"name_ar": "رز بالدجاج", "name_en": "Chicken Rice", "price": "30"},
        {"name_ar": "شوربة الدجاج", "name_en": "Chicken Soup", "price": "15"},
        {"name_ar": "خبز بالطماطم", "name_en": "Tomato Bread", "price": "12"},
        {"name_ar": "كرات لحم بصوص الطماطم", "name_en": "Meatballs in Tomato Sauce", "price": "35"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي رز بالدجاج ثنين", {"Chicken Rice": 2}),
        ("بدي بيبسي وخبز بالطماطم تلاتة", {"Pepsi": 1, "Tomato Bread": 3}),
        ("عايز خبز بالطماطم", {"Tomato Bread": 1}),
        # guards: the other names, said as written
        ("ابي شوربة الدجاج ثنتين", {"Chicken Soup": 2}),
        ("بدي كرات لحم بصوص الطماطم ٢", {"Meatballs in Tomato Sauce": 2}),
    ],
)
def test_a_word_with_its_preposition_is_the_name_that_writes_it_so(text, items):
    """ "خبز بالطماطم تلاتة": "بالطماطم" is the word of the name that writes it with "بالـ", not
    the "الطماطم" of another name, so the count stays on the bread."""
    _exact(text, TOMATO, items)
