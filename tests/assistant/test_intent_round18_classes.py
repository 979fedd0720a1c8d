"""Intent classes found on round 17's held-out parts, read in round 18 (issue #13): each test names
the class and checks it on sentences written for it, on menus written here."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries

# A wrap counter and a coffee bar.
WRAPS = menu_entries(
    [
        {"name_ar": "راب فلافل", "name_en": "Falafel Wrap", "price": "9"},
        {"name_ar": "راب دجاج", "name_en": "Chicken Wrap", "price": "14"},
        {"name_ar": "ليمون نعناع", "name_en": "Lemon Mint", "price": "8"},
    ]
)
COFFEE_BAR = menu_entries(
    [
        {"name_ar": "لاتيه", "name_en": "Latte", "price": "14"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "9"},
        {"name_ar": "موكا", "name_en": "Mocha", "price": "16"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("one chicken wrap, and one more just like it, plus a lemon mint", WRAPS),
        ("2 lattes and one more exactly like it please", COFFEE_BAR),
        ("a croissant and a mocha, and one more just like that", COFFEE_BAR),
    ],
)
def test_like_it_comparing_with_the_dish_before_is_no_verdict(text, menu) -> None:
    """ "one more just like it": "like it" that compares a dish with the one before is an order's
    back-reference, not praise."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize("text", ["i really like it, thanks", "we like it a lot, the latte was great"])
def test_like_it_said_of_the_food_is_still_praise(text) -> None:
    """ "i really like it": said of the food, "like it" is still feedback."""
    assert classify_intent(text, COFFEE_BAR).intent == "feedback"
