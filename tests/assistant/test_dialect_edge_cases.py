"""Dialect edge cases of the demo menu: order morphology and counts, unknown foods, sarcasm and
waits, and which intent wins when a message carries several; each checked on sentences not in
any evaluation set."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.assistant.sentiment import analyze_sentiment
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


def _items(text: str) -> dict[str, int]:
    got: dict[str, int] = {}
    for line in parse_order(text, MENU).lines:
        got[line.name_en] = got.get(line.name_en, 0) + line.quantity
    return got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عطني سلطه و بطاطستين", {"Salad": 1, "Fries": 2}),
        ("ابي علبتين بيبسي", {"Pepsi": 2}),
        ("ممكن كوبين شاي", {"Tea": 2}),
        ("ابي ٤ شاورما: ٢ دجاج و٢ لحم", {"Chicken Shawarma": 2, "Beef Shawarma": 2}),
        ("two burgers: one chicken and one beef", {"Chicken Burger": 1, "Burger": 1}),
        ("ابي كبسه دجاج كبيره ٣", {"Chicken Kabsa": 3}),
        ("عاوز ٣ سندوتش فلافل", {"Falafel": 3}),
        ("a couple of teas", {"Tea": 2}),
        ("ابي دزينة فلافل", {"Falafel": 12}),
    ],
)
def test_order_morphology_and_counts(text: str, expected: dict[str, int]) -> None:
    """Duals of dish and measure words, header counts split into variants, sizes before a number."""
    assert _items(text) == expected


def test_a_header_count_that_does_not_add_up_is_kept() -> None:
    """A count is only read as a header when the variants after it add up to it exactly."""
    assert _items("ابي ٢ برجر و٢ دجاج و٢ لحم") == {"Burger": 4, "Chicken Burger": 2}


def test_common_foods_off_the_menu_are_named_unknown() -> None:
    """Levantine/Egyptian dishes not on the menu are reported back, never dropped silently."""
    parsed = parse_order("بدي كبة وشاورما لحم", MENU)
    assert parsed.unknown == ["كبه"]


def test_a_verb_one_letter_from_a_dish_is_not_an_order() -> None:
    """ "دقيقة برجع لكم" (I'll be back) is not read as a burger."""
    assert classify_intent("لحظة برجعلكم بعد شوي").intent != "order"


@pytest.mark.parametrize(
    "text",
    [
        "يا سلام على الخدمة، الشاي وصل بارد",
        "wow, great job guys, the fries were soggy again",
        "شكرا على الرز المحروق 👏",
        "its been 70 minutes and still nothing",
    ],
)
def test_sarcasm_and_long_waits_are_negative(text: str) -> None:
    """Praise wrapped around a concrete complaint, or a wait of 40+ minutes, is negative."""
    assert analyze_sentiment(text).sentiment == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "طيب ابي شاورما دجاج",
        "جيب لي شاي بسرعة لو سمحت",
        "حابب استفسر عن الدوام",
        "👌👌",
        "wrong number sorry bro",
    ],
)
def test_requests_and_markers_are_not_praise(text: str) -> None:
    """Discourse "طيب", "hurry up", "I'd like to ask", repeated 👌, a wrong number: all neutral."""
    assert analyze_sentiment(text).sentiment == "neutral"


def test_ordered_one_dish_got_another_is_negative() -> None:
    """ "طلبت X وجاني Y" reports a wrong item even without an evaluative word."""
    assert analyze_sentiment("طلبت كبسه وجاني مندي").sentiment == "negative"


@pytest.mark.parametrize(
    ("text", "intent", "topic"),
    [
        ("المحل وين بالضبط", "support", "location"),
        ("where's the restaurant exactly", "support", "location"),
        ("ابي اشوف الاسعار قبل ما اطلب", "support", "prices"),
        ("ابغى اطلب توصيل للبيت", "order", None),
        ("بس حبيت اسأل عن الدوام", "support", "hours"),
        ("wen el order?", "order_status", None),
        ("how much longer for my food", "order_status", None),
        ("app says delivered but nothing came to my door", "order_status", None),
        ("ممكن ترجعوا تبعتولي العروض", "opt_in", None),
    ],
)
def test_intent_precedence_and_phrasings(text: str, intent: str, topic: str | None) -> None:
    """Where+place asks the location; an order verb without a dish beside a topic asks; status phrasings."""
    result = classify_intent(text)
    assert (result.intent, result.topic) == (intent, topic)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("صار لي نص ساعة انتظر", "order_status"),
        ("كم دقيقة ويوصل الاكل", "order_status"),
        ("المندوب مو لاقي البيت", "order_status"),
        ("حبيت اسأل عن طلبي", "order_status"),
        ("my order was supposed to be here by 9", "order_status"),
        ("how long does delivery usually take?", "support"),
        ("can i pay cash when the food arrives", "support"),
        ("ليش الاكل غالي كذا؟", "feedback"),
        ("ابغى احد يكلمني الحين", "escalation"),
        ("i'll have my usual please", "order"),
    ],
)
def test_waits_lost_drivers_habitual_questions_and_why_complaints(text: str, intent: str) -> None:
    """Waiting-since, driver lost, asking about my order, habitual questions, why-complaints."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    ("text", "topic"),
    [("وش احسن شي عندكم؟", "menu"), ("هل الشاورما حلال؟", "menu"), ("ممكن فاتورة؟", "general")],
)
def test_asking_for_a_recommendation_or_a_yes_no_fact_is_support(text: str, topic: str) -> None:
    """ "What's best?" and "is X halal?" ask; a superlative in them is not a review."""
    result = classify_intent(text)
    assert (result.intent, result.topic) == ("support", topic)
    assert analyze_sentiment(text).sentiment == "neutral"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("emta betfta7o bokra?", "support"),
        ("b kam el kabsa", "support"),
        ("wher is my order", "order_status"),
        ("عم استنى الاكل من ساعتين", "order_status"),
        ("شو اخبار الطلب؟", "order_status"),
        ("احنا في الطريق للمطعم", "other"),
        ("ممكن تضيفون بيبسي لطلبي", "order"),
        ("بطلوا تتصلوا عليا", "opt_out"),
        ("كيفكم يا شباب", "greeting"),
    ],
)
def test_arabizi_and_dialect_hours_prices_status_and_waiting(text: str, intent: str) -> None:
    """Arabizi hours/prices/status words, Levantine progressive waiting, the customer on the way."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("بدنا ٢ ام علي", "order"),
        ("can we get two kunafas", "order"),
        ("i'd love a chicken kabsa tonight", "order"),
        ("البطاطس كانت مليانة زيت", "feedback"),
        ("never had better hummus", "feedback"),
    ],
)
def test_several_word_dishes_wishes_and_review_idioms(text: str, intent: str) -> None:
    """Several-word dish names count as food; "we"/"I'd love" requests; oil-soaked / never-better idioms."""
    assert classify_intent(text).intent == intent


def test_i_would_love_is_a_wish_not_praise() -> None:
    """ "I'd love …" asks for something; alone it is not a positive review."""
    assert analyze_sentiment("i'd love 2 teas please").sentiment == "neutral"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("لا ترسلولي عروض", "opt_out"),
        ("ما عاد ابغى رسايلكم", "opt_out"),
        ("ابي اوقف الرسايل", "opt_out"),
        ("start again please", "opt_in"),
        ("i'd like to receive your offers", "opt_in"),
        ("do you have any offers this week?", "support"),
        ("هذا روبوت؟", "escalation"),
        ("morning!", "greeting"),
    ],
)
def test_opt_out_and_opt_in_verb_forms_bots_and_one_word_greetings(text: str, intent: str) -> None:
    """Opt-out/in verb forms, "is this a bot?", one-word greetings; an offers question stays support."""
    assert classify_intent(text).intent == intent
