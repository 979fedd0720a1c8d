"""Order classes found on round 22's held-out parts, read in round 23's tuning (issue #13): each test
names the class and checks it on sentences written for it, on menus written here, not on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries

from .menus import assert_order

# A Gulf breakfast house: beans, eggs, bread and tea.
BREAKFAST = menu_entries(
    [
        {"name_ar": "فول بالزيت", "name_en": "Foul with Oil", "price": "9"},
        {"name_ar": "شكشوكة", "name_en": "Shakshuka", "price": "14"},
        {"name_ar": "خبز تنور", "name_en": "Tannour Bread", "price": "2"},
        {"name_ar": "شاي حليب", "name_en": "Milk Tea", "price": "4"},
    ]
)

# A seafood grill: fish by the plate, rice and a juice.
SEAFOOD = menu_entries(
    [
        {"name_ar": "صحن هامور مشوي", "name_en": "Grilled Hammour Plate", "price": "48"},
        {"name_ar": "روبيان مقلي", "name_en": "Fried Shrimp", "price": "38"},
        {"name_ar": "رز صيادية", "name_en": "Sayadieh Rice", "price": "12"},
        {"name_ar": "عصير ليمون", "name_en": "Lemon Juice", "price": "10"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي فول بالزيت ووياه خبز تنور ٣", BREAKFAST, {"Foul with Oil": 1, "Tannour Bread": 3}),
        ("شكشوكة ثنتين ووياهم شاي حليب", BREAKFAST, {"Shakshuka": 2, "Milk Tea": 1}),
        ("عطني روبيان مقلي ووياها رز صيادية", SEAFOOD, {"Fried Shrimp": 1, "Sayadieh Rice": 1}),
        ("صحن هامور مشوي وعصير ليمون ٢ وياه", SEAFOOD, {"Grilled Hammour Plate": 1, "Lemon Juice": 2}),
    ],
)
def test_gulf_with_it_joins_the_next_dish(text, menu, items):
    """The Gulf "وياه" / "وياها" / "وياهم" (with it / them) joins the next dish as "ومعه" does; it is
    never named back as a food."""
    assert_order(text, menu, items)
