"""Intent classes of round 32's tuning (issue #13): the classes of round 31's held-out parts (dev
now). Each class is checked on sentences written for it, never on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_probable_opt_out
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # stopping how I pay: a payment setting, no messages named
        ("ممكن أوقف الدفع بالفيزا؟ بدفع كاش المرة الجاية", "support"),
        ("بدي وقف الخصم من البطاقة، المرة الجاية بدفع كاش", "support"),
        ("can I stop the card payment? I want to pay cash next time", "support"),
        # guards: stopping the messages is still an opt-out
        ("ممكن اوقف العروض؟", "opt_out"),
        ("وقفوا الرسايل", "opt_out"),
    ],
)
def test_stopping_a_payment_is_no_opt_out(text, intent):
    """ "ممكن أوقف الدفع التلقائي بالبطاقة؟": the stop is of a payment, no opt-out question."""
    assert classify_intent(text, DEMO).intent == intent
    assert not is_probable_opt_out(text)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is the mango juice on today? if it's not, an orange juice please", "order"),
        ("do you have kunafa? if you don't, two om ali instead", "order"),
        ("do you have kunafa? if it is not there, one om ali", "order"),
        ("is there hummus today? if there isn't, falafel 3", "order"),
        # guards: no dish to bring instead, or no "if" at all: a question
        ("do you have kunafa today? if it isn't I'll come tomorrow", "support"),
        ("is the kunafa fresh today?", "support"),
    ],
)
def test_if_it_is_not_in_english_then_a_dish_orders(text, intent):
    """ "is X available today? if it isn't, send Y": a dish asked about, then "if it isn't" and a
    dish to bring instead, orders, as "if not" already did."""
    assert classify_intent(text, DEMO).intent == intent
