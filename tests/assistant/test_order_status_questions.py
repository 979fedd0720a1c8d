"""Questions about an order under way are order_status: where it is, who brings it, stopping it,
its missing number or confirmation, the courier at the door now."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize("text", ["وقفوا طلبي الله يخليكم", "كنسلوا الاوردر لو سمحت"])
def test_stopping_my_order_is_about_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize("text", ["who is delivering my food today?", "مين المندوب اللي جاي؟"])
def test_who_brings_the_order_asks_its_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize("text", ["رقم الطلب ما وصلني", "I never got my order number"])
def test_a_missing_order_number_is_about_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_lateness_of_this_order_is_still_a_status_question() -> None:
    assert classify_intent("el order met2akhar, fein?").intent == "order_status"
    assert classify_intent("طلبي متأخر وين صار؟").intent == "order_status"


@pytest.mark.parametrize(
    "text",
    ["الطلب لسا ما إجا", "الاكل لسا ما اجت؟"],
)
def test_levantine_not_come_yet_asks_for_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text",
    ["the driver is outside and keeps ringing", "المندوب عم يرن وما حدا تحت"],
)
def test_the_courier_calling_or_at_the_door_now_is_order_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text",
    ["رسالة التأكيد ما وصلتني", "never got the confirmation for my order", "مسج التأكيد موصلتش"],
)
def test_a_confirmation_not_received_is_order_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_a_confirmation_received_is_not_order_status() -> None:
    assert classify_intent("رسالة التأكيد وصلتني، شكرا").intent == "thanks"


@pytest.mark.parametrize(
    "text",
    [
        "المندوب يتصل وهو واقف عند البوابه الثانية",
        "the driver is calling, he's at the gate of the compound",
        "المندوب بيتصل وبيقول انه عند المدخل",
    ],
)
def test_courier_calling_at_the_gate_is_order_status(text: str) -> None:
    """Calling and a gate / entrance: the order arriving now, not a review."""
    assert classify_intent(text).intent == "order_status"


def test_courier_told_of_afterwards_stays_feedback() -> None:
    """ "The driver kept calling …" told afterwards is feedback."""
    assert classify_intent("the driver kept calling from the gate and was rude").intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "الشوفير عم يرن عليي وانا تحت",
        "الشوفير ما وقف يرن وانا بالاجتماع",
        "el delivery boy 3am yrenn w ana nezel",
        "the delivery guy is calling, he's outside",
    ],
)
def test_driver_words_and_not_stopping_ringing_are_a_delivery_in_progress(text: str) -> None:
    """Levantine "الشوفير", "delivery boy / guy" in two words, Arabizi "3am" / "rann", and a
    negated stop before a ring ("ما وقف يرن": it keeps ringing) read as the courier now."""
    assert classify_intent(text).intent == "order_status"


def test_a_stop_without_a_negation_is_not_ongoing_ringing() -> None:
    """A driver told of afterwards ("كان يرن وبعدين وقف") is not a delivery in progress."""
    assert classify_intent("الشوفير كان يرن وبعدين وقف").intent != "order_status"


@pytest.mark.parametrize(
    "text",
    [
        "please remove the pepsi from my order",
        "شيلوا السلطة من طلبي لو سمحت",
        "cancel the fries off my order",
    ],
)
def test_a_dish_taken_off_the_order_is_about_the_order(text) -> None:
    """ "cancel the X from my order": a change to the order, not a complaint."""
    assert classify_intent(text).intent == "order_status"


def test_food_from_the_order_described_is_not_a_change() -> None:
    assert classify_intent("the fries from my order were cold").intent == "feedback"


@pytest.mark.parametrize("text", ["وقفوا التوصيل لو سمحتوا، بمر آخذه", "الغوا التوصيل، بستلم من الفرع"])
def test_stopping_the_delivery_is_about_the_order(text) -> None:
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text",
    [
        "can you stop the driver, wrong address",
        "وقفوا المندوب، العنوان غلط",
        "please hold the delivery till 9",
    ],
)
def test_stopping_the_courier_or_the_delivery_is_about_the_order(text: str) -> None:
    """A stop / cancel / hold imperative whose object is the courier, the delivery or the order."""
    assert classify_intent(text).intent == "order_status"


def test_a_courier_who_would_not_stop_is_not_stopped() -> None:
    """ "stop" followed by something the courier did is a remark, not a request to halt."""
    assert classify_intent("the driver wouldn't stop honking, food was great").intent != "order_status"


@pytest.mark.parametrize(
    "text", ["stop, I sent the wrong address, it's building 12 not 21", "العنوان غلط، ابي اغير العنوان للطلب"]
)
def test_correcting_the_address_of_an_order_is_about_that_order(text: str) -> None:
    """A wrong or changed address is the order on its way, not a complaint or an opt-out."""
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize(
    "text", ["الغوا البيبسي من الطلب لو سمحتوا", "remove the fries from my order please"]
)
def test_taking_an_item_out_of_an_order_is_about_that_order(text: str) -> None:
    """A cancel / remove verb and "من الطلب" / "from my order": never an order for the item."""
    assert classify_intent(text).intent == "order_status"


def test_food_that_still_has_not_arrived_is_the_order_late() -> None:
    assert classify_intent("my food still hasn't arrived and it's been over an hour").intent == "order_status"


@pytest.mark.parametrize(
    "text",
    ["el message bta3et el taakid mawsaletsh", "order #9921 hasn't moved in 40 min", "الشوفير وين هو؟"],
)
def test_arabizi_confirmation_a_stuck_order_and_where_the_courier_is_are_order_status(text) -> None:
    assert classify_intent(text).intent == "order_status"


def test_dont_cancel_the_order_is_about_the_order() -> None:
    """ "لا تلغون الطلب" (don't cancel the order): a change to an order, order status."""
    assert classify_intent("خلاص لا تلغون الطلب، بجي اخذه").intent == "order_status"
