"""Intent classes found on round 26's held-out parts, read in round 27's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    "text",
    [
        "two chicken shawarma and a pepsi, skip the pepsi if it's finished",
        "a lamb mandi if it's available, otherwise a chicken kabsa, and a tea",
        "one kunafa and an om ali, leave out the om ali if it is sold out",
    ],
)
def test_if_its_is_a_condition_not_a_past_verdict(text):
    """ "if it's finished / available": "its" after "if" is a condition on what is there, never a
    verdict told of the past ("its too salty"): the message is an order, not feedback."""
    assert classify_intent(text, DEMO).intent == "order"


@pytest.mark.parametrize(
    "text",
    ["the hummus, its too salty", "the pepsi if it is cold, it was warm last time"],
)
def test_a_past_verdict_is_still_feedback(text):
    """Guard: "its" / "it was" with no "if" before it is still told of the past."""
    assert classify_intent(text, DEMO).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    ["momken tedafoni lel 3orood?", "law sama7t tdafouni 3al 3orood", "ممكن تضيفوني للعروض؟"],
)
def test_arabizi_add_me_to_the_offers_opts_in(text):
    """ "tedafoni lel 3orood" (add me to the offers), Egyptian Arabizi, opts in as the Arabic does."""
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "رسايلكم لازم توصل كل يوم؟",
        "هالعروض اللي تجيني منكم، لازم تجيني يعني؟",
        "your offers, must they come every day?",
    ],
)
def test_must_our_messages_come_is_a_probable_opt_out(text):
    """Our messages named, then "must" asked of them with a verb of "you" / "they" ("لازم تجيني؟"):
    a rhetorical question about being sent them; asked whether to stop, not guessed."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_must_i_subscribe_is_no_opt_out():
    """Guard: "must I …" (a verb of "I" after "لازم") asks how to get them."""
    assert classify_intent("هل لازم اشترك عشان توصلني العروض؟").intent != "opt_out_uncertain"
