"""Asking for a person (a manager, someone in charge, a human) escalates, in every dialect and
in Arabizi."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize("text", ["baddi e7ke ma3 el manager", "bade el modeer law sama7t"])
def test_arabizi_wanting_a_manager_escalates(text) -> None:
    assert classify_intent(text).intent == "escalation"


@pytest.mark.parametrize("text", ["baddi e7ki ma3 el mas2oul", "bade a7ki ma3 7ada men el edara"])
def test_arabizi_someone_in_charge_escalates(text) -> None:
    assert classify_intent(text).intent == "escalation"


@pytest.mark.parametrize(
    "text",
    [
        "bade 7ada bani adam yekallemni",  # Arabizi "a human being", "talks to me"
        "في حدا بنادم يحكيني؟",
        "3ayez ensan yerod 3alaya",
    ],
)
def test_a_human_asked_for_in_arabizi_and_levantine_is_an_escalation(text) -> None:
    assert classify_intent(text).intent == "escalation"


@pytest.mark.parametrize(
    "text", ["get me whoever runs this branch, I have a serious complaint", "I need the person in charge"]
)
def test_whoever_runs_the_place_is_a_person_asked_for(text: str) -> None:
    assert classify_intent(text).intent == "escalation"
