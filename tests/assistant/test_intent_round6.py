"""Intent and consent rules from the round-6 dev messages (#13)."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from tests.assistant.menus import load_menu


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("can I pick up three shish tawook at 9?", "mashawi"),
        ("ممكن ٢ برياني دجاج توصيل؟", "biryani"),
    ],
)
def test_a_counted_dish_with_pickup_or_delivery_is_an_order_even_as_a_question(text, menu) -> None:
    assert classify_intent(text, load_menu(menu)).intent == "order"


def test_a_pickup_question_without_a_counted_dish_is_still_a_question() -> None:
    assert classify_intent("can I pick up from the olaya branch?").intent == "support"


@pytest.mark.parametrize("text", ["put me back on the offers list", "add me back to your messages please"])
def test_me_back_with_the_messages_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize("text", ["ليش عم تبعتوا كتير", "ترسلون كثير والله", "you guys send way too much"])
def test_sending_a_lot_is_a_probable_opt_out(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["that's the third message today", "هاي الرسالة الثالثة اليوم", "٤ عروض بالاسبوع؟"]
)
def test_messages_counted_in_a_period_are_a_probable_opt_out(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "this is my third order this week",
        "ما ترسلون كثير من الرز",
        "got 2 messages today about my order, thanks",
    ],
)
def test_counts_and_amounts_about_other_things_are_no_opt_out(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")
