"""Intent and consent classes found on the old held-out intent parts read in round 16 and on the
leftovers of the last round (issue #13): each test names the class, on sentences written for it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries
from crm_res.assistant.sentiment import analyze_sentiment

SHAWARMA = menu_entries(
    [
        {"name_ar": "شاورما دجاج", "name_en": "Chicken Shawarma", "price": "12"},
        {"name_ar": "شاورما لحم", "name_en": "Beef Shawarma", "price": "14"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    "text",
    ["do you guys ever take a break from messaging me?", "can you take a break from the promos for once"],
)
def test_take_a_break_from_the_messages_is_asked_not_a_removal(text: str) -> None:
    """ "take a break from texting me": the "take" of a pause, complained of; asked about, never
    read as "take me off"."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_take_me_off_is_still_a_removal() -> None:
    """The removing "take" stays a certain opt-out."""
    assert classify_intent("take me off your promo list please").intent == "opt_out"


@pytest.mark.parametrize(
    "text", ["kfaya 3orood ba2a", "enough with the promos already 🙄", "كفاية رسايل بقى كل يوم عرض"]
)
def test_enough_of_the_messages_vented_is_asked_about(text: str) -> None:
    """ "enough with the deals already lol": an "enough" of the messages said with impatience or
    how often they come is a complaint; whether to stop is asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["كفاية رسايل لو سمحت", "enough with the messages", "كفاية عروض بقى، وقفوها"]
)
def test_enough_of_the_messages_asked_plainly_or_with_a_stop_is_an_opt_out(text: str) -> None:
    """A plain "enough messages", with please or a stop verb beside it, still asks to stop."""
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    ["كل ما افتح الواتس القى لكم عرض جديد", "each time I unlock my phone there is a new promo from you"],
)
def test_a_new_message_from_you_every_time_i_look_is_asked_about(text: str) -> None:
    """ "كل ما اشيك الجوال القى لكم رسالة": "you" said as "لكم" (a one-letter preposition with
    the suffix) and every time: a complaint about our contact, asked about."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["a promo text at 5am? not ok", "عروضكم نص الليل مو شي", "ليش ترسلون عروض الفجر؟"]
)
def test_offers_at_an_unsocial_hour_are_asked_about(text: str) -> None:
    """Our messages at night or dawn ("at midnight", "الساعة ٥ الصبح", "2am") are complained of."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_a_night_hour_beside_praise_or_a_question_is_no_opt_out() -> None:
    """Hours asked about, or an offer praised, are not complaints about our messages."""
    assert classify_intent("are you open at midnight?").intent == "support"
    assert classify_intent("the midnight offer was great, thanks").intent != "opt_out_uncertain"


@pytest.mark.parametrize("text", ["ابغى اعرف دوامكم يوم السبت", "من كم الى كم يوم الخميس؟", "شو دوامكن بكرا"])
def test_your_hours_with_the_suffix_and_from_when_to_when_ask_the_hours(text: str) -> None:
    """ "دوامكم", "من كم الى كم": the opening hours asked."""
    result = classify_intent(text)
    assert (result.intent, result.topic) == ("support", "hours")


@pytest.mark.parametrize(
    "text", ["could you cancel my previous order please", "please cancel the second order I placed"]
)
def test_cancelling_an_order_named_with_which_one_is_order_status(text: str) -> None:
    """ "cancel my last order": a word saying which order stands between the verb and it."""
    assert classify_intent(text).intent == "order_status"


@pytest.mark.parametrize("text", ["you never had my consent", "you don't have my permission for this"])
def test_permission_never_held_is_asked_about(text: str) -> None:
    """ "you never had my consent": the permission denied, like the number never given, is asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["how do I get my number changed", "ابي اغير رقمي المسجل عندكم؟"])
def test_changing_my_own_number_asks_no_consent_question(text: str) -> None:
    """ "how do I get my number changed": my account's details, not how you came by my number."""
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    ["كفاية سكر بجد", "kfaya zeit bel akl", "no more mayo in the bag please, way too much"],
)
def test_enough_of_a_seasoning_is_a_complaint_about_the_food(text: str) -> None:
    """ "كفاية ملح في الأكل": too much of what the kitchen puts in; feedback, no opt-out."""
    assert classify_intent(text).intent == "feedback"


@pytest.mark.parametrize("text", ["الصوص صار حراق مرة", "el batata kanet male7a ktir"])
def test_burning_hot_and_arabizi_salty_are_negative(text: str) -> None:
    """ "حراق" (burning hot) and "male7" (Arabizi salty) judge the food."""
    assert analyze_sentiment(text).sentiment == "negative"


@pytest.mark.parametrize(
    "text", ["جاني شاورما لحم بدل الدجاج", "they gave me a pepsi instead of the beef shawarma i paid for"]
)
def test_something_received_instead_of_what_was_asked_is_a_complaint(text: str) -> None:
    """ "جاني X بدل Y": a verb of receiving before "instead" reports a wrong item; it orders nothing."""
    assert classify_intent(text, SHAWARMA).intent == "feedback"


def test_a_swap_asked_for_is_still_an_order() -> None:
    """ "ابي شاورما لحم بدل الدجاج": no verb of receiving, a swap in an order."""
    assert classify_intent("ابي شاورما لحم بدل الدجاج", SHAWARMA).intent == "order"


@pytest.mark.parametrize(
    "text",
    [
        "take the onions out of my order please",
        "could you drop the pepsi off my order",
        "شيلوا البطاطس من الطلب",
        "امسحوا العصير من طلبي لو سمحتوا",
        "remove the pickles from my burger order",
    ],
)
def test_a_dish_taken_off_an_order_already_placed_is_order_status(text: str) -> None:
    """One check for every way of taking a dish off the order ("take … out of my order", "شيلوا …
    من الطلب", "drop … off my order"): a change to the order, never an order or a complaint."""
    assert classify_intent(text, SHAWARMA).intent == "order_status"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("too many pickles in my shawarma last time", "feedback"),
        ("الشاورما المرة اللي فاتت كانت ناقصها ثوم", "feedback"),
        ("same beef shawarma as last time please", "order"),
    ],
)
def test_last_time_tells_of_the_order_before_unless_it_is_asked_again(text: str, intent: str) -> None:
    """ "… last time", "المرة اللي فاتت": the order before this one, reviewed; "the same as last
    time" asks for it again."""
    assert classify_intent(text, SHAWARMA).intent == intent
