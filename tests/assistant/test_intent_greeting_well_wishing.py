"""The Levantine and Gulf well-wishing "يعطيك العافية" is said on arrival as much as in thanks:
beside a greeting and nothing else it opens a conversation."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    ["مرحبا يعطيكم العافية", "ya3tikon el 3afye, marhaba", "هلا والله، يعطيك العافيه"],
)
def test_greeting_with_well_wishing_is_a_greeting(text: str) -> None:
    """A greeting whose only thanks-like words are "يعطيك العافية": a greeting."""
    assert classify_intent(text).intent == "greeting"


@pytest.mark.parametrize(
    "text",
    ["يعطيكم العافية", "مرحبا، شكرا على الرد", "السلام عليكم يعطيكم العافية ما قصرتوا"],
)
def test_well_wishing_alone_or_with_real_thanks_is_thanks(text: str) -> None:
    """Alone, or beside another thanks ("ما قصرتوا", "شكرا"), it thanks."""
    assert classify_intent(text).intent == "thanks"


@pytest.mark.parametrize("text", ["hi guys, hope all is well", "salam, hope u r good"])
def test_a_greeting_hoping_they_are_well_is_a_greeting(text: str) -> None:
    """A greeting and only the wish that they are well: an opening, not praise."""
    assert classify_intent(text).intent == "greeting"


def test_a_wish_before_a_question_is_no_bare_greeting() -> None:
    assert classify_intent("hello, hope you are well. where is my order?").intent == "order_status"
