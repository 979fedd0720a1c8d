"""Intent classes found on round 27's held-out parts, read in round 28's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)

# A Kerala kitchen: a dish word ("فراي") that peels to a review word ("راي", my opinion).
KERALA = menu_entries(
    [
        {"name_ar": "بيف فراي", "name_en": "Beef Fry", "price": "30"},
        {"name_ar": "بروتا", "name_en": "Parotta", "price": "3"},
        {"name_ar": "شاي سليماني", "name_en": "Sulaimani Tea", "price": "4"},
    ]
)


@pytest.mark.parametrize("text", ["ابغى بروتا ثلاث وبيف فراي", "بدي بيف فراي اثنين وشاي سليماني"])
def test_a_word_of_a_dish_name_is_no_review_word(text):
    """ "بيف فراي": a word of a dish's name on the menu is never read as "my opinion"."""
    assert classify_intent(text, KERALA).intent == "order"


@pytest.mark.parametrize(
    "text",
    [
        "two chicken shawarma and a tea, it's for a family lunch",
        "a lamb mandi and two teas please, it's cold out tonight",
    ],
)
def test_its_for_and_the_weather_are_no_past_verdict(text):
    """ "it's for a family dinner", "it's cold out tonight": no verdict on a dish, an order."""
    assert classify_intent(text, DEMO).intent == "order"


def test_its_cold_of_a_dish_is_still_feedback():
    """Guard: "it was cold" of a dish is still a verdict."""
    assert classify_intent("the kabsa, it was cold when it came", DEMO).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "fi om ali? law la2 hatli kunafa w 2 tea",
        "fi kabsa el yom? iza ma fi 3tini mandi w hummus",
        "abi shawarma dajaj w falafel, w 3indkom kunafa?",
    ],
)
def test_arabizi_if_not_bring_and_and_do_you_have_at_the_end_order(text):
    """Arabizi "law la2 hatli …", "iza ma fi 3tini …" after a question, and "w 3indkom X?" after two
    dishes: an order, not a menu question."""
    assert classify_intent(text, DEMO).intent == "order"


@pytest.mark.parametrize(
    "text",
    ["السلام عليكم ورحمة الله وبركاته، مساكم الله بالخير وعسى أموركم طيبة", "مرحبا جميعا، عسى الجميع بخير"],
)
def test_a_greeting_with_a_long_arabic_wish_is_a_greeting(text):
    """A greeting then "وعسى أموركم طيبة" (may all be well): an opening, not praise."""
    assert classify_intent(text).intent == "greeting"


def test_a_past_verdict_on_what_the_price_bought_is_feedback():
    """ "the portions were not big enough for the price": a verdict, not a question about prices."""
    assert (
        classify_intent("the portions were too small for the price, the mandi was tiny").intent == "feedback"
    )


def test_a_question_about_prices_is_still_support():
    """Guard: a question about a price stays a support question."""
    assert classify_intent("the prices were high last time, how much is the kabsa now?").intent == "support"
