"""Asking to switch the offers on ("فعّلوا", "تفعلون", "activate") is an opt-in."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    [
        "لو سمحتوا تفعلون لي العروض من جديد",
        "please reactivate the offers on my number",
        "ممكن تشغلون رسايل العروض عندي",
    ],
)
def test_switching_the_offers_on_is_an_opt_in(text: str) -> None:
    """A switch-on verb and the messages or offers, not negated: an opt-in."""
    assert classify_intent(text).intent == "opt_in"


def test_switching_on_something_else_is_no_opt_in() -> None:
    """ "Activate my account" names no messages or offers: not an opt-in."""
    assert classify_intent("how do I activate my account in the app?").intent != "opt_in"
