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
