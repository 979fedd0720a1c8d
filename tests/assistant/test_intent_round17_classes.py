"""Intent classes found on round 16's held-out parts, read in round 17 (issue #13): each test names
the class and checks it on sentences written for it, on menus written here."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries

# An Egyptian sandwich shop and a Levantine oven, with Arabic names only (Arabizi read against them).
SANDWICH_SHOP = menu_entries(
    [
        {"name_ar": "حواوشي", "name_en": "Hawawshi", "price": "18"},
        {"name_ar": "حواوشي حار", "name_en": "Spicy Hawawshi", "price": "19"},
        {"name_ar": "كبدة اسكندراني", "name_en": "Alexandrian Liver", "price": "20"},
        {"name_ar": "عرقسوس", "name_en": "Licorice Drink", "price": "8"},
        {"name_ar": "تمر هندي", "name_en": "Tamarind Drink", "price": "8"},
    ]
)
OVEN = menu_entries(
    [
        {"name_ar": "منقوشة زعتر", "name_en": "Zaatar Manousheh", "price": "6"},
        {"name_ar": "منقوشة كشك", "name_en": "Kishk Manousheh", "price": "8"},
        {"name_ar": "فطيرة سبانخ", "name_en": "Spinach Pie", "price": "5"},
        {"name_ar": "فطيرة سبانخ حارة", "name_en": "Spicy Spinach Pie", "price": "6"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("3ayez 7awawshi 7ar 2 w wa7ed 3adi", SANDWICH_SHOP),
        ("bade fatayer sabanekh 7arra 3 w wa7de 3adiye", OVEN),
    ],
)
def test_arabizi_read_beside_its_name_makes_the_message_an_order(text, menu) -> None:
    """ "7awawshi 7ar 2": an Arabizi dish word the parser reads only beside another word of its
    name is food for the intent too, so the message is an order, not "other"."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("a hawawshi and a spicy one, and 2 licorice drinks cold pls", SANDWICH_SHOP),
        ("2 tamarind drinks and one alexandrian liver for the table", SANDWICH_SHOP),
        ("3 spinach pies and 2 ayran for the table please", OVEN),
        ("one zaatar manousheh and 2 ayran drinks pls", OVEN),
    ],
)
def test_a_counted_dish_beside_a_menu_or_table_word_is_an_order(text, menu) -> None:
    """ "2 licorice drinks", "… for the table": a count of a dish, not asked as a question, is an
    order even where a word ("drinks", "table") would otherwise make it a question about the
    menu or the place."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("do you have cold licorice drinks?", SANDWICH_SHOP),
        ("what drinks do you have?", OVEN),
    ],
)
def test_a_question_about_drinks_still_asks(text, menu) -> None:
    """A question about the drinks, with no count of a dish, stays a question (support)."""
    assert classify_intent(text, menu).intent == "support"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("2 zaatar manousheh, one extra crispy, and a kishk one", OVEN),
        ("2 hawawshi, one extra spicy, and a licorice drink", SANDWICH_SHOP),
    ],
)
def test_a_counted_line_made_extra_is_no_verdict(text, menu) -> None:
    """ "one extra crispy": after a dish, a count and the change words after it say how that one
    is made, no judgement of the food, so the message stays an order."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("2 zaatar manousheh last time, one was cold and burnt", OVEN),
        ("ordered 2 hawawshi yesterday, one was burnt and dry", SANDWICH_SHOP),
    ],
)
def test_a_counted_line_told_of_as_past_is_still_feedback(text, menu) -> None:
    """ "one was cold and burnt": a count and a past copula tell how one came, a complaint."""
    assert classify_intent(text, menu).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "شو القصة، كل ساعة بيوصلني شي منكم؟",
        "كل يوم يجيني شي منكم",
        "every hour I get something from you, what's going on?",
    ],
)
def test_something_from_you_received_too_often_is_asked_about(text) -> None:
    """ "كل ساعة بيوصلني شي منكن": something received from the restaurant, unnamed, too often —
    the messages most likely; asked about, not guessed."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("every day I get something from you and it's always great, thanks", "feedback"),
        ("حاب اطلب شي منكم كل يوم", "order"),
        ("كل يوم بيوصلني الطلب منكم متأخر", "order_status"),
    ],
)
def test_something_from_you_praised_asked_for_or_named_is_no_opt_out(text, intent) -> None:
    """Praise of what comes, an order of "something", or the order named is no opt-out question."""
    assert classify_intent(text).intent == intent
