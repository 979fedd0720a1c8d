"""Opt-out / opt-in read by the shape of the words (crm_res.assistant.consent), and dialect
equivalents of menu words in the order parser. One general rule per test, each with messages that
use conjugations, clitics or spellings no phrase list names, and the ordinary messages that must
stay what they are."""

from __future__ import annotations

import json
from pathlib import Path

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
from crm_res.assistant.order_parser import menu_entries, parse_order

MENUS = Path(__file__).resolve().parents[1] / "data" / "menus"


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


def _menu(name: str):  # type: ignore[no-untyped-def]
    return menu_entries(json.loads((MENUS / f"{name}.json").read_text(encoding="utf-8"))["items"])


def test_a_dialect_word_for_a_menu_word_fits_the_name_it_stands_in() -> None:
    """Egyptian "رز بلبن" is the menu's "رز بحليب" (لبن is milk there); alone, "لبن" stays the Saudi
    yoghurt drink, named back on a menu without it, and on a menu that has لبن it is that item."""
    bakery, mandi = _menu("bakery"), _menu("mandi")
    parsed = parse_order("عايز تلاتة رز بلبن", bakery)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == [
        ("Rice Pudding", 3)
    ] and not parsed.unknown
    alone = parse_order("ابي لبن", bakery)
    assert not alone.lines and alone.unknown == ["لبن"]
    assert [line.name_en for line in parse_order("ابي لبن", mandi).lines] == ["Laban"]
