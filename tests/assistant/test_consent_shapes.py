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


def _lines(text: str, menu: str) -> list[tuple[str, int]]:
    return sorted((line.name_en, line.quantity) for line in parse_order(text, _menu(menu)).lines)


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        # a bare word for a menu word written with clitics ("بالنعناع")
        ("ابا عصير ليمون نعناع ثنتين", "shawarma", [("Lemon Mint Juice", 2)]),
        # a sound-alike first letter in a typo of the menu's own word (ث said ت)
        ("هاتلي حمص وتومية", "shawarma", [("Garlic Sauce", 1), ("Hummus", 1)]),
        # a measure word spelled another way than the menu's
        ("عايز ساندوتش فلافل ٤", "shawarma", [("Falafel Sandwich", 4)]),
        # a sound plural whose singular's broken plural is the menu's word
        ("بدي تلت منقوشات زعتر", "bakery", [("Zaatar Manakish", 3)]),
        # Arabizi construct state: taa marbuta said "t" before the next noun
        ("3ayez salatet caesar", "pizzeria", [("Caesar Salad", 1)]),
        # a dialect word for a menu word, beside the rest of the name
        ("عاوز عيش بالتوم", "pizzeria", [("Garlic Bread", 1)]),
        ("عطيني جوانح دجاج حارة", "pizzeria", [("Spicy Chicken Wings", 1)]),
        # a bare size after a sized dish takes the place of its size
        (
            "عطيني شاورما لحم كبيرة وحدة وصغيرة وحدة",
            "shawarma",
            [("Large Beef Shawarma", 1), ("Small Beef Shawarma", 1)],
        ),
    ],
)
def test_general_order_rules_on_other_menus(text: str, menu: str, lines: list[tuple[str, int]]) -> None:
    assert _lines(text, menu) == lines
    assert parse_order(text, _menu(menu)).unknown == []  # nothing named back as unknown


def test_without_a_menu_item_is_a_change_not_a_dish() -> None:
    """ "من غير ثومية": both words lead the change, even when ثومية is on the menu."""
    assert _lines("عاوز شاورما فراخ كبيرة من غير ثومية", "shawarma") == [("Large Chicken Shawarma", 1)]


def test_sizes_beside_a_dish_or_a_count_are_no_complaint() -> None:
    menu = _menu("shawarma")
    assert classify_intent("عطيني شاورما لحم كبيرة وحدة وصغيرة وحدة", menu).intent == "order"
    assert classify_intent("الشاورما كانت صغيرة", menu).intent == "feedback"


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


def test_arabizi_spelling_of_the_menus_own_word_makes_an_order() -> None:
    assert classify_intent("ana 3ayez kilo ba2lawa", _menu("bakery")).intent == "order"


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
    ("text", "menu", "lines"),
    [
        # a measure word before a dish of its own measures it, it borrows nothing
        ("ابغى صحن فلافل وصحن حمص", "shawarma", [("Falafel Plate", 1), ("Hummus", 1)]),
        # a word several items share, narrowed by the dish just named
        ("عايز ٣ بسبوسة وواحدة بالقشطة", "bakery", [("Basbousa", 3), ("Cream Basbousa", 1)]),
        # a menu word that begins with و, misspelt, keeps its و
        ("عاوز بطاطس ويدجز", "pizzeria", [("Potato Wedges", 1)]),
        # Levantine جاج (chicken), مي (water)
        ("بدي شاورما جاج كبيرة", "shawarma", [("Large Chicken Shawarma", 1)]),
        ("بدي كعكتين سمسم ومي", "bakery", [("Sesame Kaak", 2), ("Water", 1)]),
        # "for a birthday" says what it is for, it names no dish
        ("large chocolate cake for a birthday", "bakery", [("Large Chocolate Cake", 1)]),
    ],
)
def test_more_general_order_rules(text: str, menu: str, lines: list[tuple[str, int]]) -> None:
    parsed = parse_order(text, _menu(menu))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == lines and parsed.unknown == []


def test_a_dish_head_after_another_dish_still_asks() -> None:
    """ "كنافة" starts names of its own: after "بسبوسة بالقشطة" it is not read as cream kunafa."""
    menu = _menu("bakery")
    names = {e.key: e.name_en for e in menu}
    parsed = parse_order("بسبوسة بالقشطة وكنافة", menu)
    assert [x.name_en for x in parsed.lines] == ["Cream Basbousa"]
    assert [sorted(names[k] for k in a.candidates) for a in parsed.ambiguous] == [
        ["Cream Kunafa", "Nabulsi Kunafa"]
    ]


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        # a header count broken down into items it could be
        ("ابغى ٢ بيتزا، وحدة بيبروني ووحدة خضار", "pizzeria", [("Pepperoni Pizza", 1), ("Veggie Pizza", 1)]),
        # a count before a size or modifier word and the dish
        ("two large pepperoni", "pizzeria", [("Pepperoni Pizza", 2)]),
        # "X with Y" naming one item ("بسبوسة بالقشطة"); "burger with fries" stays two
        ("one basbousa with cream", "bakery", [("Cream Basbousa", 1)]),
        ("كنافة مع قشطة", "bakery", [("Cream Kunafa", 1)]),
        # wings in every spelling, chicken as تشكن
        ("ابي وينقز حار", "pizzeria", [("Spicy Chicken Wings", 1)]),
        ("عايز بيتزا تشكن باربكيو", "pizzeria", [("BBQ Chicken Pizza", 1)]),
        # a plural of a measure word
        ("٣ سندويتشات فلافل", "shawarma", [("Falafel Sandwich", 3)]),
    ],
)
def test_general_order_rules_round_three(text: str, menu: str, lines: list[tuple[str, int]]) -> None:
    parsed = parse_order(text, _menu(menu))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == sorted(lines)
    assert parsed.unknown == [] and parsed.ambiguous == []


def test_a_size_straight_after_a_dish_describes_it_and_makes_no_second_dish() -> None:
    parsed = parse_order("ابي صحن شاورما لحم كبير", _menu("shawarma"))
    assert [(x.name_en, x.quantity) for x in parsed.lines] == [("Beef Shawarma Plate", 1)]


def test_a_clipped_menu_word_matches() -> None:
    """Levantine "شوكولا" for the menu's "شوكولاتة"."""
    parsed = parse_order("ابي كيكة شوكولا صغيرة", _menu("bakery"))
    assert [(x.name_en, x.quantity) for x in parsed.lines] == [
        ("Small Chocolate Cake", 1)
    ] and not parsed.ambiguous


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
