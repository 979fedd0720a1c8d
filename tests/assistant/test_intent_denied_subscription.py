"""A customer who says they never subscribed, in any words around "I subscribed", is probably
asking to stop the messages: the assistant asks before stopping anything."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    [
        "مش فاكرة اني اشتركت عندكم اصلا",
        "ما اذكر اني سجلت في شي عندكم",
        "والله ما اعتقد اني اشتركت معكم",
        "3omri ma eshtarakt fe 7aga zay di",
        "I don't think I ever subscribed to these",
    ],
)
def test_denying_ever_subscribing_is_asked_about(text: str) -> None:
    """A negation up to four words before a first-person "subscribed": a probable opt-out."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ما اشتركت في التطبيق بس ابي اطلب ٢ شاورما", "order"),
        ("اشتركت في برنامج الولاء امس، كيف استخدم النقاط؟", "other"),
        ("I subscribed last week, how do I use the discount code?", "support"),
    ],
)
def test_subscribing_words_without_a_denial_or_with_an_order_are_not_asked(text: str, intent: str) -> None:
    """An order beside the denial stays an order; "I subscribed" with no negation denies nothing."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "who signed me up for all this?",
        "مين سجلني عندكم؟ انا ما بتذكر",
        "meen sajjalni 3andkon?",
        "who added me to this list",
    ],
)
def test_asking_who_signed_me_up_is_asked_about(text: str) -> None:
    """ "Who signed me up": the customer did not, so probably a request to stop (asked first)."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_who_with_a_sign_verb_but_no_me_is_not_asked() -> None:
    """English needs the object: "who put the onions in my burger" is about the food."""
    assert classify_intent("who put the onions in my burger, it was awful").intent != "opt_out_uncertain"
