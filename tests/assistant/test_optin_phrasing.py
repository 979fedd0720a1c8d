"""Asking for the offers again, in customers' own words, is an opt-in; asking about them,
refusing them or registering for something else is not."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_in


def test_arabizi_opt_in() -> None:
    assert classify_intent("abi arja3 a7assel el 3orood").intent == "opt_in"
    assert classify_intent("mesh 3ayez el 3orood tany").intent != "opt_in"


def test_resuming_the_offers_in_two_verbs_is_an_opt_in() -> None:
    assert classify_intent("ابغاكم ترجعون ترسلون لي العروض حقتكم").intent == "opt_in"
    assert classify_intent("لا ترجعون ترسلون لي عروض").intent == "opt_out"


@pytest.mark.parametrize("text", ["put me back on the offers list", "add me back to your messages please"])
def test_me_back_with_the_messages_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to get your promos again",
        "I would like to get your offers again",
        "ابي توصلني عروضكم من جديد",
    ],
)
def test_getting_the_offers_again_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize("text", ["do I get the offers again?", "ما ابي توصلني عروضكم من جديد"])
def test_asking_or_refusing_the_offers_again_is_no_opt_in(text) -> None:
    assert classify_intent(text).intent != "opt_in"


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


@pytest.mark.parametrize("text", ["sajjelni fel 3orood law sama7t", "ana 3ayza el khosomat teegi tani"])
def test_register_me_or_offers_coming_again_is_an_opt_in(text) -> None:
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize("text", ["el offers teegi tani?", "sajjelni fel order"])
def test_asked_or_no_offers_is_not_an_opt_in(text) -> None:
    assert classify_intent(text).intent != "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "رجعوا ارسلوا لي العروض لو سمحتوا",
        "please add me back to your offers list",
        "abi arja3 ashtarek fel 3roodh",
    ],
)
def test_opt_in_in_free_phrasing(text: str) -> None:
    """Asking for the offers again (dialect, English, Arabizi) is an opt-in."""
    assert is_opt_in(text)
    assert classify_intent(text).intent == "opt_in"


def test_not_wanting_to_subscribe_is_no_opt_in() -> None:
    """ "mish 3ayez ashtarek" refuses; it must not subscribe the customer."""
    assert not is_opt_in("mish 3ayez ashtarek")


@pytest.mark.parametrize(
    "text",
    [
        "لو سمحتوا تفعلون لي العروض من جديد",
        "please reactivate the offers on my number",
        "ممكن تشغلون رسايل العروض عندي",
    ],
)
def test_switching_the_offers_on_is_an_opt_in(text: str) -> None:
    """A switch-on verb and the messages or offers, not negated: an opt-in."""
    assert classify_intent(text).intent == "opt_in"


def test_switching_on_something_else_is_no_opt_in() -> None:
    """ "Activate my account" names no messages or offers: not an opt-in."""
    assert classify_intent("how do I activate my account in the app?").intent != "opt_in"


@pytest.mark.parametrize("text", ["turn the offers back on for me please", "switch my promos on again"])
def test_switching_the_offers_back_on_opts_in(text: str) -> None:
    """ "turn … (back) on" with the offers: asking for them again."""
    assert classify_intent(text).intent == "opt_in"
