"""Intent classes found on round 18's held-out parts, read in round 19 (issue #13): each test names
the class and checks it on sentences written for it, on menus written here."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries

# A pizzeria and a juice bar.
PIZZERIA = menu_entries(
    [
        {"name_ar": "بيتزا مارجريتا", "name_en": "Margherita Pizza", "price": "30"},
        {"name_ar": "خبز بالثوم", "name_en": "Garlic Bread", "price": "10"},
        {"name_ar": "تيراميسو", "name_en": "Tiramisu", "price": "18"},
    ]
)
JUICE_BAR = menu_entries(
    [
        {"name_ar": "عصير مانجو", "name_en": "Mango Juice", "price": "12"},
        {"name_ar": "كوكتيل فواكه", "name_en": "Fruit Cocktail", "price": "15"},
        {"name_ar": "وافل", "name_en": "Waffle", "price": "14"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("بيتزا مارجريتا وحدة، وعندكم تيراميسو؟ حطوا وحدة", PIZZERIA),
        ("a margherita please, and do you have tiramisu? add one", PIZZERIA),
        ("عصير مانجو، وفيه وافل؟ ضيفولي واحد", JUICE_BAR),
        ("do you have fruit cocktail? if yes add two", JUICE_BAR),
    ],
)
def test_do_you_have_a_dish_then_add_one_is_an_order(text, menu) -> None:
    """ "عندكم X؟ حطوا وحدة", "do you have X? add one": the question is whether there is some,
    the verb after it with a count orders it."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("عندكم تيراميسو؟", PIZZERIA),
        ("do you have waffle?", JUICE_BAR),
        ("ممكن تضيفوا ملاحظة على الطلب؟", PIZZERIA),
    ],
)
def test_a_question_with_no_dish_added_stays_a_question(text, menu) -> None:
    """Without a verb adding a count of the dish, "do you have X?" asks about the menu."""
    assert classify_intent(text, menu).intent != "order"
