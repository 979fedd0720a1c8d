"""Intent and consent rules from the round-9 dev messages (#13): Levantine, Arabizi and Egyptian
word forms of the opt-in, escalation, lateness and courier rules, each read from its meaning."""

from __future__ import annotations

import pytest

from crm_res.assistant import consent
from crm_res.assistant.intent import classify_intent
from crm_res.assistant.normalize import normalize


@pytest.mark.parametrize(
    "text",
    [
        "bade 7ada bani adam yekallemni",  # Arabizi "a human being", "talks to me"
        "في حدا بنادم يحكيني؟",
        "3ayez ensan yerod 3alaya",
    ],
)
def test_a_human_asked_for_in_arabizi_and_levantine_is_an_escalation(text) -> None:
    assert classify_intent(text).intent == "escalation"


@pytest.mark.parametrize(
    "text",
    [
        "شغلولي العروض مرة تانية",  # an imperative resume verb with "لي"
        "فعلوها الاعلانات عندي",
        "3ayza yewsalni el 3orood",  # wanting the offers to reach me (Arabizi)
        "بدي توصلني الخصومات عالواتس",
        "حطوا رقمي عالعروض",  # my number put on the offers
        "dayfouni 3al offers",
    ],
)
def test_wanting_the_offers_back_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "mesh 3ayza yewsalni el 3orood",  # negated: an opt-out, never an opt-in
        "ليش بيوصلني عروض كل يوم؟",  # a question about receiving them: not asking for them
        "لا تحطوا رقمي عالعروض",
    ],
)
def test_receiving_offers_negated_or_asked_is_not_an_opt_in(text) -> None:
    assert classify_intent(text).intent != "opt_in"


def test_arabizi_message_nouns_are_messaging_and_marketing() -> None:
    assert "messaging" in consent.token_roles(normalize("masejet"))
    assert "marketing" in consent.token_roles(normalize("khosomat"))
    assert "marketing" in consent.token_roles(normalize("3orood"))
    assert "marketing" not in consent.token_roles(normalize("masejet"))


def test_a_count_of_arabizi_messages_in_a_day_is_asked_about() -> None:
    assert classify_intent("kel yom 4 masajat menkom, leh?").intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "kol marra el order byeegi met2akhar",  # lateness as a habit (Arabizi forms of أخر)
        "دايما الاكل بيوصل متأخر عندكم",
        "every time the food is late with you",
    ],
)
def test_lateness_as_a_habit_is_feedback(text) -> None:
    assert classify_intent(text).intent == "feedback"


def test_lateness_of_this_order_is_still_a_status_question() -> None:
    assert classify_intent("el order met2akhar, fein?").intent == "order_status"
    assert classify_intent("طلبي متأخر وين صار؟").intent == "order_status"


@pytest.mark.parametrize(
    "text",
    ["الطلب لسا ما إجا", "الاكل لسا ما اجت؟"],
)
def test_levantine_not_come_yet_asks_for_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text",
    ["the driver is outside and keeps ringing", "المندوب عم يرن وما حدا تحت"],
)
def test_the_courier_calling_or_at_the_door_now_is_order_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_the_courier_told_of_afterwards_is_not_order_status() -> None:
    assert classify_intent("the driver was rude and kept calling, terrible service").intent == "feedback"


# ---- batch 2: probable opt-outs read from their meaning ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "الرسايل بتاعتكم مش بتسكت",  # the messages never stop (a negated stop verb, any person)
        "العروض مبتخلصش يا جماعة",  # a wrapped negation
        "your messages are endless",
        "el 3orood menkom malhash akher",  # "they have no end"
    ],
)
def test_messages_that_never_stop_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "my phone is full of your offers",
        "جوالي صار كله اعلاناتكم",  # your ads on my phone: the complaint itself
        "el whatsapp beta3i kollo 3orood menkom",
    ],
)
def test_your_ads_on_my_phone_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "شفت العرض على تلفوني، لسا موجود؟",  # a question about an offer
        "تلفوني ما وصله العرض",  # wanting the offer
        "الاكل ما بيخلص، الكمية كبيرة",  # a stop verb about the food, no message named
    ],
)
def test_offers_asked_for_or_food_that_never_ends_are_not_asked_about(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    ["كل ساعة بتذكروني فيكن", "kol yom btfakrouna bel 3orood"],
)
def test_something_done_to_me_every_day_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    ["كل يوم بتفاجئوني بأكل أطيب", "كل يوم تذكروني انكم احلى مطعم، شكرا"],
)
def test_praise_every_day_is_not_asked_about(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    ["رسالة التأكيد ما وصلتني", "never got the confirmation for my order", "مسج التأكيد موصلتش"],
)
def test_a_confirmation_not_received_is_order_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_a_confirmation_received_is_not_order_status() -> None:
    assert classify_intent("رسالة التأكيد وصلتني، شكرا").intent == "thanks"


@pytest.mark.parametrize("text", ["sajjelni fel 3orood law sama7t", "ana 3ayza el khosomat teegi tani"])
def test_register_me_or_offers_coming_again_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize("text", ["el offers teegi tani?", "sajjelni fel order"])
def test_asked_or_no_offers_is_not_an_opt_in(text) -> None:
    assert classify_intent(text).intent != "opt_in"
