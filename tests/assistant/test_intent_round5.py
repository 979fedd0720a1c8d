"""Intent and consent rules from the round-5 dev messages (#13)."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize("text", ["خلاص كثرتوا علينا", "زهقتونا والله", "يا جماعة طفشتونا"])
def test_bare_annoyance_at_the_restaurant_is_asked_about(text) -> None:
    """Said as "you overdid it on us" with nothing else named: probably the messages, so asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["كثرتوا الملح في الرز", "كفايه", "زهقتونا بالانتظار ساعة وطلبي ما وصل"])
def test_annoyance_about_something_named_is_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


def test_resuming_the_offers_in_two_verbs_is_an_opt_in() -> None:
    assert classify_intent("ابغاكم ترجعون ترسلون لي العروض حقتكم").intent == "opt_in"
    assert classify_intent("لا ترجعون ترسلون لي عروض").intent == "opt_out"


@pytest.mark.parametrize(
    "text", ["بطلوا تنسوا الصوص كل مرة", "stop forgetting my drinks", "بطلوا تتأخروا علينا"]
)
def test_stop_doing_something_is_a_complaint(text) -> None:
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize("text", ["بطلوا تبعتولي رسايل", "stop sending me offers"])
def test_stop_sending_is_still_an_opt_out(text) -> None:
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize("text", ["who is delivering my food today?", "مين المندوب اللي جاي؟"])
def test_who_brings_the_order_asks_its_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text", ["how come I get these every single day?", "3ala tool bteb3atooli", "ليه على طول بتبعتولي؟"]
)
def test_messages_that_keep_coming_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_discounts_are_marketing() -> None:
    assert classify_intent("ممكن ترجعوا ترسلوا لي التخفيضات؟").intent == "opt_in"
    assert classify_intent("وقفوا رسايل الخصومات").intent == "opt_out"
