"""Complaints about how much or how often the restaurant contacts the customer, in words the
probable-opt-out rules read generally: "from how many of your offers", one message in Arabizi,
every morning / night. The assistant asks before stopping anything."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    [
        "ما عدت افتح الجوال من كثر رسايلكم",
        "تعبت من كترة اعلاناتكم والله",
        "kol yom resala gdida? 7aram 3aleeko",
        "you text me every night, it's getting ridiculous",
        "ليش كل يوم الصبح ترسلون لي؟",
    ],
)
def test_volume_or_timing_complaints_are_asked_about(text: str) -> None:
    """How many ("من كثر") or how often ("every night", "كل يوم الصبح") the messages come: asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("good morning", "greeting"),
        ("صباح الخير، متى تفتحون؟", "support"),
        ("الفطور اللي طلبته الصبح كان بارد", "feedback"),
    ],
)
def test_morning_alone_or_beside_a_question_is_no_complaint(text: str, intent: str) -> None:
    """A greeting, a question or a food complaint with a morning word stays what it was."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "shu kol hal resayel? ma 3am efham",
        "why all the texts from you lately",
        "ما عاد اقدر اركز بشغلي من اشعاراتكم",
        "I keep receiving your offers and never signed up for anything",
        "could you ease up on the promo messages",
    ],
)
def test_all_the_messages_or_trouble_because_of_them_is_asked_about(text: str) -> None:
    """ "All" right before the messages, "من" + your messages with a negation, "keep receiving",
    "ease up on": too many messages, read by position as much as by phrase; asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "رسايلكم مالية التليفون وانا مش لاقي رسايل الشغل",
        "عروضكن مالين الموبايل عنجد",
        "your texts are filling up my phone",
    ],
)
def test_messages_filling_the_phone_are_asked_about(text: str) -> None:
    """Egyptian "مالية / مالين" (filling it) beside the messages: too many, asked; "مالية" is no
    typo of "ميه" (water), so no dish keeps it from the question."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "kel yom notification mn 3andkon, shu fi?",
        "el telefon 3am yerjaf kel shway mn masajetkon",
        "kol yom 3oroodkom 3ala el whatsapp, 7aram 3aleko",
    ],
)
def test_arabizi_messages_with_your_suffix_and_one_notification_are_the_messages(text: str) -> None:
    """Arabizi nouns with "your" attached ("masajetkon", "3oroodkom") and a singular
    "notification", every day: the messages, too often; asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_a_notification_about_the_order_is_not_the_marketing() -> None:
    """A missing order notification is about this order, never asked about stopping messages."""
    assert classify_intent("I never got a notification that my order was ready").intent != "opt_out_uncertain"
