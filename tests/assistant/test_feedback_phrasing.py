"""What is told about a meal or a service already had is feedback, not a request or a status
question: a dish described in the past, lateness as a habit, a courier told of afterwards."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text", ["el shawarma kan mal7a ktir", "the soup had no salt at all", "el steak kan nay"]
)
def test_a_dish_described_in_the_past_is_feedback(text) -> None:
    """Arabizi "kan" (كان) and English "had" describe a meal had, not one asked for."""
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "kol marra el order byeegi met2akhar",  # lateness as a habit (Arabizi forms of أخر)
        "دايما الاكل بيوصل متأخر عندكم",
        "every time the food is late with you",
    ],
)
def test_lateness_as_a_habit_is_feedback(text) -> None:
    assert classify_intent(text).intent == "feedback"


def test_the_courier_told_of_afterwards_is_not_order_status() -> None:
    assert classify_intent("the driver was rude and kept calling, terrible service").intent == "feedback"


@pytest.mark.parametrize(
    "text", ["can you stop adding mayo to everything, I asked without", "please stop forgetting the napkins"]
)
def test_a_polite_stop_doing_is_a_habit_complained_of(text: str) -> None:
    """ "can you stop adding …": the restaurant's habit, asked politely, is feedback."""
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize("text", ["كل مرة تنسون الصوص، انتبهوا الله يخليكم", "you forgot the fries again"])
def test_forgetting_a_dish_is_complained_of_not_ordered(text: str) -> None:
    """ "تنسون الصوص" / "you forgot the fries": a dish left out, feedback, not an order for it."""
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize(
    "text", ["please stop burning the rice, it happened again", "pls stop forgetting my sauce"]
)
def test_a_polite_stop_doing_aimed_at_the_kitchen_is_feedback(text) -> None:
    """ "please stop burning …": a habit complained of, not an order of the dish it names."""
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize(
    "text", ["enough with the garlic, it was all I could taste", "كفاية بصل في الشاورما"]
)
def test_enough_of_an_ingredient_is_complained_of(text: str) -> None:
    """ "enough with the garlic", "كفاية بصل في الشاورما": too much of it, feedback, no order."""
    assert classify_intent(text).intent == "feedback"
