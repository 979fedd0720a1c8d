"""Intent classes found on round 25's held-out parts, read in round 26's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)

# A Gulf breakfast place.
BREAKFAST = menu_entries(
    [
        {"name_ar": "شكشوكة", "name_en": "Shakshuka", "price": "18"},
        {"name_ar": "بلاليط", "name_en": "Balaleet", "price": "15"},
        {"name_ar": "شاي كرك", "name_en": "Karak Tea", "price": "4"},
        {"name_ar": "خبز رقاق", "name_en": "Regag Bread", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("شكشوكة وشاي كرك ثنين، وفطاير تسوون؟", BREAKFAST),
        ("بلاليط وخبز رقاق، وعصير برتقال فيه؟", BREAKFAST),
        ("شكشوكة وشاي كرك، ومقلقل تسوونه؟", BREAKFAST),
        ("بدي شاورما دجاج وحمص، وبتعملو سوشي؟", DEMO),
        ("كبسة لحم وبيبسي، وفي كنافة اليوم؟", DEMO),
        ("عايز شاورما لحم وفلافل، وعندكو كشري؟", DEMO),
    ],
)
def test_an_order_then_a_last_question_whether_they_make_a_food(text, menu):
    """Two dishes asked for, then, in a last clause opened by "and", whether the kitchen makes or has
    another food ("وX تسوون؟", "وX فيه؟", "وبتعملو X؟", "وفي X؟"): an order with a question at its
    end (it was a menu question)."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("شكشوكة تسوون؟", BREAKFAST),
        ("بلاليط فيه اليوم؟", BREAKFAST),
        ("شاورما دجاج، وكم سعر الكنافة؟", DEMO),
        ("عندكم شاورما؟ وكم سعرها؟", DEMO),
    ],
)
def test_a_question_alone_or_about_a_price_still_asks(text, menu):
    """Guards: a question whether they make a dish with no order before it, and a price asked after
    a dish, are still questions (support), not orders."""
    assert classify_intent(text, menu).intent == "support"


@pytest.mark.parametrize(
    "text",
    [
        "شاورما دجاج موجودة؟ لو مفيش خلاص كبسة لحم وبيبسي",
        "فيه كنافة؟ لو مفيش هاتلي حمص",
    ],
)
def test_if_there_is_none_in_egyptian_before_a_fallback(text):
    """ "لو مفيش" (Egyptian "if there is none") before the dish to bring instead is the fallback of
    an order, as "لو ما فيه" was."""
    assert classify_intent(text, DEMO).intent == "order"
