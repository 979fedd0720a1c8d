"""A no to being put on the offers' list is an opt-out, never an opt-in: "don't add me to your
offers" used to read as an opt-in (a customer subscribed against their word)."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_in, is_opt_out


@pytest.mark.parametrize(
    "text",
    [
        "لا تضيفوني للعروض",
        "لا تسجلوني في العروض لو سمحت",
        "don't add me to your offers",
        "please never sign me up for promos",
        "لا تشتركوني بالرسايل",
    ],
)
def test_a_no_to_being_added_to_the_offers_is_an_opt_out(text):
    assert is_opt_out(text) and not is_opt_in(text)
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize("text", ["ضيفوني للعروض", "add me to your offers list", "سجلوني في العروض"])
def test_asking_to_be_added_is_still_an_opt_in(text):
    assert is_opt_in(text) and not is_opt_out(text)


@pytest.mark.parametrize(
    "text", ["لا تضيفون بصل", "لا تحطون لي بصل بالبرجر", "don't add cheese to my burger"]
)
def test_a_no_to_adding_something_to_the_food_is_no_opt_out(text):
    assert not is_opt_out(text)
