"""Intent classes found on round 19's held-out parts (and round 18's leftovers), read in round 20
(issue #13): each test names the class and checks it on sentences written for it, on menus written
here, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries

# A falafel stand and a coffee shop.
FALAFEL = menu_entries(
    [
        {"name_ar": "ساندويتش فلافل", "name_en": "Falafel Sandwich", "price": "6"},
        {"name_ar": "صحن حمص", "name_en": "Hummus Plate", "price": "12"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)
COFFEE = menu_entries(
    [
        {"name_ar": "لاتيه", "name_en": "Latte", "price": "16"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "9"},
        {"name_ar": "موية", "name_en": "Water", "price": "2"},
    ]
)


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize(
    "text",
    [
        "والله اعلاناتكم زادت عن حدها",  # past their bound
        "مسجاتكم صارت زيادة عن اللزوم",
        "عروضكم اكثر من اللازم يا جماعة",
        "كل يوم توصلني منكم رسالتين",  # a dual of the messages, counted per day
        "كل اسبوع يجيني منكن عرضين تلاتة",
        "you folks message me far too often",  # more often than they should
        "you send me deals so often it's silly",
        "you people send me promos all the time",  # "you send me", said, not asked for
    ],
)
def test_a_complaint_about_how_many_messages_is_asked_about(text, menu) -> None:
    """Our messages past their bound, too often, or counted two a day: probably an opt-out, so the
    assistant asks rather than guessing either way."""
    assert classify_intent(text, menu).intent == "opt_out_uncertain"


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize(
    "text",
    [
        "الملح بالحمص زاد عن حده",  # the food past its bound
        "الثلج بالعصير اكثر من اللازم",
        "المندوب يرسل لي رسالتين كل يوم عن الطريق",  # the courier, not our marketing
        "you put way too much sugar in it",
        "the delivery guy texts me way too often",
    ],
)
def test_a_complaint_about_the_food_or_the_courier_is_not_asked_about(text, menu) -> None:
    """Too much salt, ice or sugar, or a courier who texts too often, is no opt-out question."""
    assert classify_intent(text, menu).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize(
    "text",
    [
        "can you send me your offers",
        "please send me the deals every week",
        "could you guys send me promos again",
    ],
)
def test_asking_to_be_sent_offers_is_still_an_opt_in(text, menu) -> None:
    """ "can you send me …", "please send me …": a request for the offers stays an opt-in."""
    assert classify_intent(text, menu).intent == "opt_in"


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize(
    "text",
    [
        "ممكن تضيفوا رقمي عندكم عشان تجيني العروض؟",  # a polite request, its question mark no question
        "ممكن تسجلون رقمي عشان توصلني الخصومات؟",
        "can you add my number so the promos reach me?",
        "could you put me on your offers list please?",
    ],
)
def test_a_polite_request_to_be_put_on_the_offers_is_an_opt_in(text, menu) -> None:
    """ "ممكن تحطوا رقمي … عشان توصلني العروض؟", "can you add my number so I get your offers?": a
    request to receive the offers, asked politely, is an opt-in."""
    assert classify_intent(text, menu).intent == "opt_in"


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize(
    "text",
    [
        "ممكن تضيفوا رقمي عندكم عشان المندوب يتصل علي؟",  # my number for the courier, no offers
        "can you add my number to the order for the driver?",
        "can you tell me what offers you have today?",
    ],
)
def test_a_polite_request_about_my_number_or_the_offers_alone_is_no_opt_in(text, menu) -> None:
    """My number for the courier, or a question about today's offers, asks nothing about marketing."""
    assert classify_intent(text, menu).intent != "opt_in"


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize(
    "text",
    [
        "مرحبا فيكم، كيف الشغل معكم اليوم؟",  # asking after them, with "عندكن"-like words around
        "هلا والله، شلون الامور عندكم؟",
        "hi guys, how's business today?",
    ],
)
def test_a_greeting_that_asks_how_things_are_is_a_greeting(text, menu) -> None:
    """ "يا مرحبا فيكن، كيف الشغل عندكن اليوم؟": the question asks after them, nothing is asked for."""
    assert classify_intent(text, menu).intent == "greeting"


@pytest.mark.parametrize("menu", [FALAFEL, COFFEE])
@pytest.mark.parametrize("text", ["مرحبا، في عندكم جلسات عائلية؟", "hi, how is the delivery fee worked out?"])
def test_a_greeting_then_a_question_for_something_stays_support(text, menu) -> None:
    """A greeting, then a question asking for something (a family section, the fee), is support."""
    assert classify_intent(text, menu).intent == "support"
