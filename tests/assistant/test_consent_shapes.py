"""Opt-out / opt-in read by the shape of the words (crm_res.assistant.consent). One general rule per test, each with messages that
use conjugations, clitics or spellings no phrase list names, and the ordinary messages that must
stay what they are."""

from __future__ import annotations

import pytest

from crm_res.assistant import consent
from crm_res.assistant.intent import (
    answer_to_stop_question,
    classify_intent,
    is_opt_in,
    is_opt_out,
    is_probable_opt_out,
)
from crm_res.assistant.normalize import normalize


def _roles(word: str) -> frozenset[str]:
    return consent.token_roles(normalize(word))


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("ماتبعتوليش", "neg_send"),  # Egyptian wrapped negation, plural, object, closing ش
        ("لاتراسلوني", "neg_send"),  # attached لا
        ("يبعتلي", "send"),  # third person
        ("بتبعتوا", "send"),  # Egyptian progressive ب
        ("تدزون", "send"),  # Gulf دز
        ("tb3tly", "send"),  # Arabizi spelled in Arabic letters
        ("tirsilouli", "send"),
        ("توقفون", "stop"),
        ("وقفولي", "stop"),
        ("wa2fo", "stop"),
        ("شيلوا", "remove"),
        ("نمرتي", "my_number"),
        ("ra8mi", "my_number"),
        ("هالرسايل", "messaging"),
        ("مسجاتكم", "messaging"),
        ("عروضكم", "marketing"),
        ("ارسلتها", "sent_by_me"),
    ],
)
def test_a_word_is_read_by_its_shape(word: str, role: str) -> None:
    assert role in _roles(word)


@pytest.mark.parametrize("word", ["last", "batal", "الطلب", "بطاطس", "تبغى", "العرض"])
def test_words_of_other_shapes_play_no_consent_role(word: str) -> None:
    """ "last" is not "لست" (list), Arabizi "batal" is "lousy", not "stop"; a single offer is no
    marketing object."""
    assert not _roles(word) & {"list", "stop", "send", "messaging", "marketing"}


@pytest.mark.parametrize(
    "text",
    [
        "وقفولي هالرسايل",  # stop × object, both conjugated/cliticised
        "ياليت توقفون الرسايل اللي ترسلونها",
        "الرسايل دي وقفوها",  # object first
        "quit sending me promos",
    ],
)
def test_a_stop_verb_and_a_messaging_object_in_one_clause_opt_out(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text", ["ماتبعتوليش عروض تاني لو سمحتم", "ma tb3tly rasayel tany", "مش عايز حد يبعتلي حاجة تاني"]
)
def test_a_negated_send_verb_with_an_object_or_any_more_opts_out(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text", ["شيلوا نمرتي من عندكم", "shelo ra8mi mn el list", "take me off your whatsapp list"]
)
def test_removing_my_number_or_me_from_the_list_opts_out(text: str) -> None:
    assert is_opt_out(text)


def test_no_more_before_the_messages_opts_out() -> None:
    assert is_opt_out("بلا رسايل عروض من فضلك") and is_opt_out("كفاية رسايل لو سمحت")


@pytest.mark.parametrize(
    "text",
    [
        "المندوب وقف برا وارسل لي رسالة",  # the courier's messages
        "احذفوا الرسالة اللي ارسلتها بالغلط",  # the customer's own message
        "ابي شاورما بدون بصل ولا ترسلون معها بطاطس",  # not sending a dish
        "take me off the order, my friend will pay",
        "remove the onions from my order",
        "وقف الطلب",
        "stop the order",
        "لا تحط بصل",
        "متى توقفون استقبال الطلبات؟",
    ],
)
def test_ordinary_messages_with_the_same_words_are_no_opt_out(text: str) -> None:
    assert not is_opt_out(text) and not is_probable_opt_out(text)


def test_a_word_that_also_means_anything_is_no_dish_that_blocks_the_opt_out() -> None:
    """Arabizi "shay" is both tea and "anything": "la tarsloon li shay" is still an opt-out."""
    assert is_opt_out("la tarsloon li shay")


@pytest.mark.parametrize(
    "text", ["why am I getting all these messages", "your offers are spamming my phone", "الرسايل كترت اوي"]
)
def test_complaints_about_the_messages_are_asked_about(text: str) -> None:
    assert not is_opt_out(text) and is_probable_opt_out(text)
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_a_courier_who_kept_messaging_is_no_question_about_offers() -> None:
    assert not is_probable_opt_out("the driver kept messaging me for directions, was annoying")


@pytest.mark.parametrize(
    "text", ["ابعتولي العروض تاني", "raga3ouni lel offers", "please resume sending me offers"]
)
def test_asking_for_the_offers_again_opts_in(text: str) -> None:
    assert is_opt_in(text)


@pytest.mark.parametrize("text", ["ابعتولي المنيو", "ابعتلي رسالة لما الطلب يجهز", "ارسلوا لي الموقع"])
def test_asking_to_be_sent_something_else_is_no_opt_in(text: str) -> None:
    assert not is_opt_in(text) and not is_opt_out(text)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("نعم", True),
        ("وقفوها", True),
        ("ايوه وقفوا", True),
        ("yes stop", True),
        ("لا", False),
        ("لا توقفها", False),
        ("don't stop", False),
        ("متى تفتحون؟", None),
        ("ابي برجر", None),
    ],
)
def test_the_answer_to_the_stop_question(text: str, answer: bool | None) -> None:
    assert answer_to_stop_question(text) is answer


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the offers you sent were great, thanks", "thanks"),
        ("شكرا على العرض، وصلني", "thanks"),
        ("thanks, the food was great", "feedback"),
        ("thanks, what time do you open?", "support"),
    ],
)
def test_thanks_for_what_we_sent_is_thanks(text: str, intent: str) -> None:
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize("text", ["لا تشغلوني برسايلكم", "لا تزعجوني بالعروض"])
def test_dont_bother_me_with_the_messages_opts_out(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize("text", ["بطلوا تبعتوا", "وقفوا ترسلون"])
def test_stop_sending_as_two_verbs_opts_out(text: str) -> None:
    assert is_opt_out(text)


def test_stop_sending_the_orders_late_is_a_complaint() -> None:
    assert not is_opt_out("بطلوا ترسلون الطلبات متاخر")


@pytest.mark.parametrize("text", ["يا جماعة الخير خلاص لا ترسلون", "bas khalas la terslon", "لا ترسلون"])
def test_a_bare_dont_send_is_asked_about(text: str) -> None:
    """Not sending what? With nothing after the verb but "to me / any more / please", the
    assistant asks instead of guessing either way."""
    assert not is_opt_out(text) and is_probable_opt_out(text)


@pytest.mark.parametrize(
    "text", ["لا ترسلون بصل", "انتوا ما ترسلون بسرعه", "لا ترسلون الطلب قبل الساعه ٨", "ما ترسلون للعليا؟"]
)
def test_dont_send_something_else_is_neither_an_opt_out_nor_a_question(text: str) -> None:
    assert not is_opt_out(text) and not is_probable_opt_out(text)


def test_they_send_is_a_remark_not_a_request() -> None:
    """Third person ("ما بيبعتوا حاجة خالص": they never send anything) is no request to stop;
    "مش عايز حد يبعتلي" (I want nobody to send me) is."""
    assert not is_opt_out("ما بيبعتوا حاجة خالص")
    assert is_opt_out("مش عايز حد يبعتلي حاجة تاني")


@pytest.mark.parametrize("text", ["bla2 rasayel", "خلص بكفي رسايل"])
def test_no_more_in_levantine_and_arabizi(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    [
        "انتم ما تملون من الرسايل؟",  # tired of the messages
        "ليه بتبعتولي كل ده",  # why do you send me (not negated)
        "كتير عم تبعتولي",  # you send me a lot
        "ايه كمية الرسايل دي",
        "I get like 5 messages a day from you",
        "مين عطاكم رقمي",  # who gave you my number
        "how did you get my number",
        "بطلوا ازعاج",
    ],
)
def test_more_complaints_about_the_messages_are_asked_about(text: str) -> None:
    assert not is_opt_out(text) and is_probable_opt_out(text)


@pytest.mark.parametrize("text", ["stop spamming me", "هو انتو مش هتبطلوا رسايل؟"])
def test_stop_spamming_and_the_future_stop_opt_out(text: str) -> None:
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    [
        "ليش ما ترسلون لي العروض؟",
        "please update my number to 0555",
        "ليش ترسلون الطلب متأخر",
        "ابي اغير رقمي",
    ],
)
def test_asking_for_offers_or_about_an_order_or_a_number_change_is_no_question(text: str) -> None:
    assert not is_opt_out(text) and not is_probable_opt_out(text)


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


def test_arabizi_message_nouns_are_messaging_and_marketing() -> None:
    assert "messaging" in consent.token_roles(normalize("masejet"))
    assert "marketing" in consent.token_roles(normalize("khosomat"))
    assert "marketing" in consent.token_roles(normalize("3orood"))
    assert "marketing" not in consent.token_roles(normalize("masejet"))
