"""Intent classes found on round 22's held-out parts, read in round 23's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries

# A Levantine bakery with one pie off today.
PIES = menu_entries(
    [
        {"name_ar": "فطيرة سبانخ", "name_en": "Spinach Pie", "price": "6", "available": False},
        {"name_ar": "فطيرة جبنة", "name_en": "Cheese Pie", "price": "7"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)

# A seafood grill.
FISH = menu_entries(
    [
        {"name_ar": "سمك هامور مشوي", "name_en": "Grilled Hammour", "price": "48"},
        {"name_ar": "روبيان مقلي", "name_en": "Fried Shrimp", "price": "38"},
        {"name_ar": "عصير ليمون", "name_en": "Lemon Juice", "price": "10"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("عندكم فطيرة سبانخ؟ لو ما فيه فطيرة جبنة وعيران", PIES),
        ("do you still have spinach pie? if not then a cheese pie please", PIES),
        ("فيه سمك هامور مشوي اليوم؟ اذا لا روبيان مقلي ٢", FISH),
        ("any grilled hammour today? if no then fried shrimp and a lemon juice", FISH),
    ],
)
def test_asking_for_a_dish_then_a_fallback_is_an_order(text, menu):
    """Whether a dish is there, then "if not" and a dish to bring instead, orders; it is no
    question about the menu."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"), [("عندكم فطيرة سبانخ؟", PIES), ("do you have fried shrimp today?", FISH)]
)
def test_asking_for_a_dish_alone_stays_a_menu_question(text, menu):
    """The question with no fallback after it stays a question about the menu."""
    assert classify_intent(text, menu).intent == "support"


@pytest.mark.parametrize(
    "text",
    [
        "ودي تشتركوني بعروض الويكند",
        "ممكن تشركوني بالعروض؟",
        "لو سمحتوا تشتركونا برسايل العروض",
    ],
)
def test_subscribe_me_asked_of_you_is_an_opt_in(text):
    """ "تشتركوني" / "تشركوني" (you subscribe me) on the offers asks to be put on them."""
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "لا تضيفوني للعروض",
        "لا تشتركوني بالعروض",
        "ليش تشتركوني بالعروض بدون ما اسأل؟",
        "ليه تضيفوني للعروض؟",
    ],
)
def test_dont_or_why_before_putting_me_on_the_offers_is_no_opt_in(text):
    """ "لا" or "ليش" right before a verb of putting me on the offers is no request to be put on them."""
    assert classify_intent(text).intent != "opt_in"
