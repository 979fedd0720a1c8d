"""Intent and consent rules from the round-7 dev messages (#13)."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from tests.assistant.menus import load_menu


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("can I pick up a lamb haneeth at 8?", "yemeni"),
        ("could I get a large pizza delivered?", "pizzeria"),
    ],
)
def test_a_dish_counted_by_a_with_pickup_or_delivery_is_an_order(text, menu) -> None:
    assert classify_intent(text, load_menu(menu)).intent == "order"


def test_a_yes_no_question_about_delivering_a_dish_still_asks() -> None:
    assert classify_intent("do you deliver a family sushi platter?", load_menu("sushi")).intent == "support"


@pytest.mark.parametrize(
    "text",
    [
        "I keep getting spammed by your offers",
        "leh kol el 3orood di",
        "ليه كل الرسايل دي يا جماعة",
        "shu hal iz3aj kel shway rasayel",
        "bteb3atouli kel yom rasayel",
    ],
)
def test_complaints_about_our_messages_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    ["بطلوا تحطوا سكر كتير في الشاي", "بطلوا تنسوا الصوص كل مرة", "stop forgetting the bread every time"],
)
def test_stop_doing_something_in_the_kitchen_is_no_opt_out(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["رقم الطلب ما وصلني", "I never got my order number"])
def test_a_missing_order_number_is_about_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_a_certain_spam_opt_out_stays_certain() -> None:
    assert classify_intent("stop spamming me").intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "ما اشتركت في شي عندكم، من وين هالرسايل؟",
        "we never subscribed to anything from you",
        "هو انا اشتركت امتى؟",
        "ma eshtarakt f 7aga",
    ],
)
def test_denying_ever_subscribing_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["انا مشترك في العروض؟ ابي اتأكد", "I never asked for onions", "ما اشتركت بس ابي اطلب ٢ برجر"]
)
def test_subscription_words_beside_a_question_or_an_order_are_no_opt_out(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["ليش رقمي عندكم؟", "leh ra2mi 3andoko", "مين اللي عطاكم رقمي"])
def test_why_you_have_my_number_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_egyptian_nagging_about_offers_is_asked_about() -> None:
    assert classify_intent("كفاية زن كل يوم عرض").intent in ("opt_out", "opt_out_uncertain")
    assert classify_intent("الزن بتاع المندوب ده كتير").intent not in ("opt_out", "opt_out_uncertain")
