"""Intent on the round-4 menus (#13): words of a dish name are the dish, not a judgement;
hours asked as "until when do you take orders" or in Arabizi; Arabizi opt-in; cancelling "طلبي"."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import dish_name_words
from tests.assistant.menus import load_menu

_menu = load_menu


JUICE, SEAFOOD = _menu("juice"), _menu("seafood")


@pytest.mark.parametrize(
    ("menu", "text"),
    [
        (JUICE, "بدي شوكولا سخنة وكريبين نوتيلا"),
        (JUICE, "ابي كوكتيل فواكه وعصير برتقال طازج، كلها بدون سكر"),
        (JUICE, "abi 2 lemon na3na3 bared, delivery"),
        (SEAFOOD, "abgha sayadiya w 3aseer lemon bared"),
    ],
)
def test_temperature_and_fresh_words_of_an_order_are_no_complaint(menu, text) -> None:
    """ "سخنة", "طازج" spell the menu's name; Arabizi "bared" beside a drink describes it."""
    assert classify_intent(text, menu).intent == "order"


def test_a_cold_dish_that_arrived_is_still_a_complaint() -> None:
    assert classify_intent("الهامور المشوي وصل بارد وما ينوكل", SEAFOOD).intent == "feedback"


def test_dish_name_words_are_only_words_of_one_name_together() -> None:
    assert dish_name_words("ابي عصير برتقال طازج", JUICE) == {"عصير", "برتقال", "طازج"}
    assert dish_name_words("العصير كان طازج", JUICE) == frozenset()


@pytest.mark.parametrize(
    "text",
    ["متى توقفون استقبال الطلبات؟", "emta tsakroon el lela?", "until when are you taking orders?"],
)
def test_until_when_orders_are_taken_asks_the_hours(text) -> None:
    result = classify_intent(text)
    assert (result.intent, result.topic) == ("support", "hours")


def test_arabizi_opt_in() -> None:
    assert classify_intent("abi arja3 a7assel el 3orood").intent == "opt_in"
    assert classify_intent("mesh 3ayez el 3orood tany").intent != "opt_in"


@pytest.mark.parametrize("text", ["وقفوا طلبي الله يخليكم", "كنسلوا الاوردر لو سمحت"])
def test_stopping_my_order_is_about_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_a_feminine_hot_word_beside_a_soup_is_part_of_the_order() -> None:
    assert classify_intent("عاوز ٢ شوربة سمك سخنة وسلطة", SEAFOOD).intent == "order"
