"""Certain opt-outs in customers' own words ("stop sending", a negated send verb, "stop
spamming"), and the stop words about an order, a delivery or the kitchen that are none. Probable
opt-outs are in test_probable_optout.py, opt-ins in test_optin_phrasing.py."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_out, is_probable_opt_out


@pytest.mark.parametrize(
    "text",
    [
        "لا عاد ترسلون لي عروض",
        "خلص ما بدي تبعتولي شي بعد اليوم",
        "مش عايز اي عروض تاني",
        "take me off your mailing list",
        "I don't want these messages anymore",
        "khalas wa2fo el rasayel",
        "mabi 3roodh ba3d el youm",
    ],
)
def test_free_phrasing_opt_out_is_recognised(text: str) -> None:
    """Dialect, English and Arabizi requests to stop marketing are opt-outs without a keyword."""
    assert is_opt_out(text)
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ابي الغي الطلب", "order_status"),
        ("can you stop the order, I made a mistake", "order_status"),
        ("بدي وقف الطلب، غيرت رأيي", "order_status"),
        ("السواق وقف عند الباب الغلط", "feedback"),
        ("مرحبا", "greeting"),
    ],
)
def test_ordinary_messages_with_stop_words_are_not_opt_outs(text: str, intent: str) -> None:
    """Stopping or cancelling an order, or a driver who stopped, is no opt-out."""
    assert not is_opt_out(text) and not is_probable_opt_out(text)
    assert classify_intent(text).intent == intent


def test_asking_why_offers_do_not_come_is_no_opt_out() -> None:
    """ "ليش ما ترسلون لي العروض؟" asks for offers; a question is not a request to stop."""
    assert not is_opt_out("ليش ما ترسلون لي العروض؟")


@pytest.mark.parametrize("stem", ["messages", "messages2"])
def test_opt_out_sets_have_full_recall_and_no_false_opt_out(stem: str, bench) -> None:
    """On each set of dev messages every certain opt-out is caught and no other message is taken
    for one."""
    scores = bench.optout_scores(bench.menu_messages("dev", stem))
    hit, total = scores["opt-out recall (certain)"]
    assert total >= 10 and hit == total
    assert scores["false opt-out on other messages"][0] == 0


@pytest.mark.parametrize(
    "text",
    [
        "متبعتليش عروض تاني",
        "matb3atlish offers tany",
        "la tarsloon li rasayel",
        "لا تطرشون لي عروض",
        "opt me out please",
    ],
)
def test_negation_wrapped_round_the_verb_and_dialect_send_verbs(text: str) -> None:
    """Egyptian "م…ش" round the verb, Arabizi "ma…sh", Gulf "تطرشون": not sending any more."""
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    ["can you stop the delivery, I'm not home", "خلاص مش عايز الطلب", "وقف التوصيل لو سمحت"],
)
def test_stopping_a_delivery_or_an_order_is_no_opt_out(text: str) -> None:
    """Stopping the delivery or not wanting the order is about the order, not the messages."""
    assert not is_opt_out(text) and not is_probable_opt_out(text)
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text", ["بطلوا تنسوا الصوص كل مرة", "stop forgetting my drinks", "بطلوا تتأخروا علينا"]
)
def test_stop_doing_something_is_a_complaint(text) -> None:
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize("text", ["بطلوا تبعتولي رسايل", "stop sending me offers"])
def test_stop_sending_is_still_an_opt_out(text) -> None:
    assert classify_intent(text).intent == "opt_out"


def test_discounts_are_marketing() -> None:
    assert classify_intent("ممكن ترجعوا ترسلوا لي التخفيضات؟").intent == "opt_in"
    assert classify_intent("وقفوا رسايل الخصومات").intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    ["بطلوا تحطوا سكر كتير في الشاي", "بطلوا تنسوا الصوص كل مرة", "stop forgetting the bread every time"],
)
def test_stop_doing_something_in_the_kitchen_is_no_opt_out(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


def test_a_certain_spam_opt_out_stays_certain() -> None:
    assert classify_intent("stop spamming me").intent == "opt_out"


@pytest.mark.parametrize("text", ["stop texting me", "شيلوا رقمي من عندكم", "wa2fo el ads 3anni"])
def test_a_certain_opt_out_still_opts_out(text) -> None:
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize("text", ["ما تبعتولي شي", "بلا رسايل بعد اليوم"])
def test_without_a_without_the_negated_send_still_opts_out(text) -> None:
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "shelo ra2me mn el 3orood please",
        "khalas shilo ra2me, ma ba3ad bade resayel",
        "please sheelo ra2me mn 3andkon",
    ],
)
def test_arabizi_my_number_ending_in_e_is_my_number(text: str) -> None:
    """Levantine / Egyptian Arabizi writes "my" as a final -e ("ra2me"): removing it is an opt-out."""
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "stop sending the fries soggy guys, third time",
        "please stop sending cold food, it's the second time",
        "لا ترسلون البطاطس باردة مرة ثانية",
    ],
)
def test_stop_sending_the_food_is_a_complaint_not_an_opt_out(text: str) -> None:
    """A send phrase whose object is a dish or the food, with no messaging word: what arrives is
    complained of, the marketing is not declined."""
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "stop sending me offers",
        "please stop sending me the burger coupons",
        "stop sending me stuff",
        "stop sending",
    ],
)
def test_stop_sending_the_messages_still_opts_out(text: str) -> None:
    """A dish beside the messages ("burger coupons"), or no object at all, is still an opt-out."""
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "turn off the offers",
        "can you switch the promo messages off",
        "why am I on your mailing list, take me off",
    ],
)
def test_switching_the_messages_off_or_taking_me_off_the_list_opts_out(text: str) -> None:
    """ "turn / switch … off" with the messages, and a why-question with "take me off": certain."""
    assert classify_intent(text).intent == "opt_out"


def test_turning_off_something_else_is_no_opt_out() -> None:
    assert classify_intent("turn off the oven lol the pizza was burnt").intent != "opt_out"
