"""The courier calling while at the gate or the building entrance is a delivery in progress."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    [
        "المندوب يتصل وهو واقف عند البوابه الثانية",
        "the driver is calling, he's at the gate of the compound",
        "المندوب بيتصل وبيقول انه عند المدخل",
    ],
)
def test_courier_calling_at_the_gate_is_order_status(text: str) -> None:
    """Calling and a gate / entrance: the order arriving now, not a review."""
    assert classify_intent(text).intent == "order_status"


def test_courier_told_of_afterwards_stays_feedback() -> None:
    """ "The driver kept calling …" told afterwards is feedback."""
    assert classify_intent("the driver kept calling from the gate and was rude").intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "الشوفير عم يرن عليي وانا تحت",
        "الشوفير ما وقف يرن وانا بالاجتماع",
        "el delivery boy 3am yrenn w ana nezel",
        "the delivery guy is calling, he's outside",
    ],
)
def test_driver_words_and_not_stopping_ringing_are_a_delivery_in_progress(text: str) -> None:
    """Levantine "الشوفير", "delivery boy / guy" in two words, Arabizi "3am" / "rann", and a
    negated stop before a ring ("ما وقف يرن": it keeps ringing) read as the courier now."""
    assert classify_intent(text).intent == "order_status"


def test_a_stop_without_a_negation_is_not_ongoing_ringing() -> None:
    """A driver told of afterwards ("كان يرن وبعدين وقف") is not a delivery in progress."""
    assert classify_intent("الشوفير كان يرن وبعدين وقف").intent != "order_status"
