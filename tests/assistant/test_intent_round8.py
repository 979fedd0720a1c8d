"""Intent and consent rules from the round-8 dev messages (#13): a probable opt-out read by its
meaning — a complaint aimed at the restaurant about its contact, its messages or their volume,
with no dish in it — and the smaller rules found beside it."""

from __future__ import annotations

import pytest

from crm_res.assistant import consent
from crm_res.assistant.intent import classify_intent
from crm_res.assistant.normalize import normalize


@pytest.mark.parametrize(
    "text",
    [
        "كل ما افتح جوالي القى رسالة منكم",  # every time, the phone, from you
        "انتو ما بتتعبوا من الارسال؟",  # don't you get tired of sending
        "you people have filled my inbox",
        "ليش عم تلاحقوني عالواتس؟",  # why are you chasing me on WhatsApp
        "الموبايل مبيبطلش رن من ساعة ما اديتكم رقمي",  # the phone never stops ringing
        "wallah el inbox etmala menkon",
        "هو انتو فاكرين الناس فاضية لرسايلكم؟",
        "ترى صرتوا اكثر من اهلي تراسلوني",
    ],
)
def test_a_complaint_aimed_at_us_about_our_contact_is_asked_about(text) -> None:
    """No cue phrase of the older lists in these: "you" + our contact + "too much"."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "ممكن ترسلون لي المنيو على الواتساب؟",  # a request for contact
        "my phone died, can you call me on this number?",
        "كل ما اتصل عليكم التلفون مشغول",  # the customer calling us
        "I texted you twice about my order, no answer",
        "انتو ليش ما تردون على الواتس؟",  # waiting for a reply: wants more contact
        "ليش ما ترسلون لي العروض؟",  # asks for the offers
        "كل ما فتحت الواتساب بلاقي عرض حلو منكن، يسلمو",  # pleased
        "كل ما اطلب منكم الرز بيجي بارد",  # a dish
        "the driver keeps calling me every time, where is he?",  # the courier
    ],
)
def test_contact_that_is_wanted_or_about_food_is_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["stop texting me", "شيلوا رقمي من عندكم", "wa2fo el ads 3anni"])
def test_a_certain_opt_out_still_opts_out(text) -> None:
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    ("token", "contact"),
    [
        ("عالواتس", True),
        ("جوالي", True),
        ("yrenn", True),
        ("بيرن", True),
        ("تلاحقوني", True),
        ("buzzing", True),
        ("whatsapp", True),
        ("الرز", False),
        ("مرحبا", False),
    ],
)
def test_the_contact_role_reads_channels_rings_and_chasing_by_shape(token, contact) -> None:
    assert ("contact" in consent.token_roles(normalize(token))) is contact


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to get your promos again",
        "I would like to get your offers again",
        "ابي توصلني عروضكم من جديد",
    ],
)
def test_getting_the_offers_again_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize("text", ["do I get the offers again?", "ما ابي توصلني عروضكم من جديد"])
def test_asking_or_refusing_the_offers_again_is_no_opt_in(text) -> None:
    assert classify_intent(text).intent != "opt_in"


@pytest.mark.parametrize("text", ["baddi e7ke ma3 el manager", "bade el modeer law sama7t"])
def test_arabizi_wanting_a_manager_escalates(text) -> None:
    assert classify_intent(text).intent == "escalation"


@pytest.mark.parametrize(
    "text", ["el shawarma kan mal7a ktir", "the soup had no salt at all", "el steak kan nay"]
)
def test_a_dish_described_in_the_past_is_feedback(text) -> None:
    """Arabizi "kan" (كان) and English "had" describe a meal had, not one asked for."""
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "you sent me 15 messages this week",  # a count of three or more beside the messages
        "sar 3andi 20 rasayel menkon",
        "عندي ٥ رسايل منكم اليوم",
        "not a day goes by without a text from you guys",  # no day without them
        "ما في يوم بيمرق بلا ما تبعتولي شي",  # "بلا ما": without, not "don't send"
        "your texts outnumber my friends ones",  # "your" is "you" too
    ],
)
def test_how_many_and_how_often_aimed_at_us_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["I got 3 messages from you about my order", "ممكن ٣ رسايل تأكيد للطلب؟"])
def test_counted_messages_about_an_order_are_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["ما تبعتولي شي", "بلا رسايل بعد اليوم"])
def test_without_a_without_the_negated_send_still_opts_out(text) -> None:
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    ["مرحبا، في عندكن مكان للعيلة؟", "kifak, shu fi akl nabati 3andkon?", "hi, do you have a kids menu?"],
)
def test_a_greeting_then_a_question_that_asks_for_something_is_support(text) -> None:
    assert classify_intent(text).intent == "support"


@pytest.mark.parametrize(
    "text", ["السلام عليكم، كيف حالكم اليوم؟", "hello, how are you doing today?", "ahla w sahla, kifkon?"]
)
def test_a_greeting_with_how_are_you_stays_a_greeting(text) -> None:
    assert classify_intent(text).intent == "greeting"


@pytest.mark.parametrize("text", ["baddi e7ki ma3 el mas2oul", "bade a7ki ma3 7ada men el edara"])
def test_arabizi_someone_in_charge_escalates(text) -> None:
    assert classify_intent(text).intent == "escalation"
