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
