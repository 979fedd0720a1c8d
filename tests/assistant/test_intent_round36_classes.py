"""Intent classes of round 36's tuning (issue #13): the classes of round 35's held-out messages (dev
now), checked on sentences written for them, never on the records that showed them."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)


# ---- "do you have X? if it's over, give me Y", in Arabizi ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "3indkum kunafa? ida 5alas 3atni om ali 2 w pepsi",
        "fi kunafa? iza khalas jibli om ali",
        "3andkom falafel? law 5alaas hatli hummus w pepsi",
        # guard: "ran out" said as before
        "3indkum kunafa? iza 5elset 3atni om ali 2",
    ],
)
def test_asks_then_if_it_is_over_another_dish_orders(text):
    """ "3indkum X? ida 5alas 3atni Y": "5alas" (it's over) after "if" is "if it ran out", as "اذا
    خلاص" is: a dish asked about, then the one to bring instead, orders."""
    assert classify_intent(text, DEMO).intent == "order"


def test_over_said_alone_is_no_fallback():
    """ "5alas" with no "if" and no dish asked about first is no fallback: no order read from it."""
    assert classify_intent("5alas, shukran", DEMO).intent != "order"


# ---- a greeting, "how are you?", then a wish that they are well -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "مرحبا شباب، كيفكن اليوم؟ عساكن منيحين",
        # guards: read before by other rules
        "hi guys, how are you? hope you are well",
        "هلا، كيفكم؟ عساكم بخير",
        "مرحبا شباب، عساكن منيحين",
    ],
)
def test_greeting_how_are_you_then_hoping_they_are_well(text):
    """ "مرحبا شباب، كيفكن اليوم؟ عساكن منيحين": a greeting whose only question is "how are you",
    then the wish that they are well ("منيحين", "بخير"), greets; no praise, no question."""
    assert classify_intent(text, DEMO).intent == "greeting"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hi, do you deliver? hope you are well", "support"),
        ("مرحبا، وين الطلب؟ عساكم بخير", "order_status"),
    ],
)
def test_greeting_with_another_question_and_a_wish_is_that_question(text, intent):
    """A question other than "how are you" before the wish keeps its own intent."""
    assert classify_intent(text, DEMO).intent == intent
