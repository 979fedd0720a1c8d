"""A customer who asks for the offers ("ابي كل العروض", "what offers do you have") is never asked
whether the offers should stop."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    [
        "ابغى كل العروض اللي عندكم هالاسبوع",
        "ايش كل العروض اللي عندكم الحين؟",
        "bade kol el 3orood elli 3andkon",
    ],
)
def test_wanting_or_asking_what_offers_there_are_is_no_opt_out_question(text: str) -> None:
    """A want word just before the offers, or "what do you have": asked for, not too many."""
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


def test_wanting_to_know_why_they_come_every_day_is_still_asked() -> None:
    """ "بدي اعرف ليش كل يوم بتبعتولي عروض": the want word is about knowing, the complaint stays."""
    assert classify_intent("بدي اعرف ليش كل يوم بتبعتولي عروض").intent == "opt_out_uncertain"
