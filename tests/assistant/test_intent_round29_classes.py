"""Intent classes found on round 28's held-out parts, read in round 29's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_out
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)

# A Moroccan kitchen: tagines, a bread, a drink.
MOROCCAN = menu_entries(
    [
        {"name_ar": "طاجين دجاج", "name_en": "Chicken Tagine", "price": "45"},
        {"name_ar": "طاجين لحم", "name_en": "Lamb Tagine", "price": "55"},
        {"name_ar": "بسطيلة", "name_en": "Pastilla", "price": "40"},
        {"name_ar": "حريرة", "name_en": "Harira", "price": "15"},
        {"name_ar": "اتاي", "name_en": "Mint Tea", "price": "8"},
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "بدي وقف الاشتراك الشهري تبع الوجبات، شو لازم اعمل؟",
        "please cancel my weekly lunch subscription, how do I do that?",
        "ابغى الغي اشتراك العشا اليومي",
        "ابي اشترك بالغدا الاسبوعي كل احد",
    ],
)
def test_a_subscription_to_meals_is_no_opt_out(text):
    """ "اوقف الاشتراك الاسبوعي حق الغدا": a standing order of meals stopped, changed or started is
    asked of a person (support), never an opt-out or opt-in of messages."""
    assert not is_opt_out(text)
    assert classify_intent(text, DEMO).intent == "support"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("الغي الاشتراك", "opt_out"),
        ("cancel my subscription to your offers", "opt_out"),
        ("ابي الغي اشتراكي بالعروض", "opt_out"),
    ],
)
def test_a_subscription_to_messages_still_opts_out(text, intent):
    """Guard: the subscription to the messages, cancelled, is an opt-out."""
    assert classify_intent(text, DEMO).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "الرز ما كفانا امس، كنا خمسة",
        "الكمية ما كانت كافية للعيلة، زيدوها المرة الجاية",
        "الصينية ما كانت تكفي لثلاثة",
    ],
)
def test_an_amount_that_was_not_enough_is_feedback(text):
    """ "الكمية ما كانت بتكفي لأربعة": a past verdict on the amount served is feedback."""
    assert classify_intent(text, DEMO).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "fi bastila lyoum? ila makanatch 3tini tajine djaj w atay 2",
        "3andkom harira? ila makaynch 3tini tajine l7am",
    ],
)
def test_a_moroccan_if_there_is_none_then_a_dish_orders(text):
    """Moroccan Arabizi "ila makanatch 3tini …" (if there is none, give me …) after a question
    whether there is a dish: an order with a fallback, not a question about the menu."""
    assert classify_intent(text, MOROCCAN).intent == "order"


@pytest.mark.parametrize(
    "text",
    [
        "مشكورين ما قصرتوا، الطلب وصل حار وعلى الوقت",
        "thank you so much, the food arrived warm and on time",
        "tislamo ktir, kel shi wasal skhun",
        "الله يعطيكم العافية، الاكل وصل وكان طيب",
        "يسلمو كتير عالتوصيل، كان سريع",
    ],
)
def test_thanks_first_then_how_the_order_came_is_thanks(text):
    """ "يسلمو كتير، الأكل وصل سخن وطيب", "tislamo ya shabab, el akl wasal skhun w tayeb": thanks said
    first, then how the order arrived (hot, on time, good), is thanks for the arrival."""
    assert classify_intent(text, DEMO).intent == "thanks"


@pytest.mark.parametrize(
    "text",
    [
        "الاكل وصل حار والتوصيل كان سريع، يعطيكم العافية",
        "شكرا، بس الاكل وصل بارد ومتأخر",
        "thanks, but the order arrived cold and late",
        "الكبسة كانت ممتازة، مشكورين",
    ],
)
def test_a_verdict_first_or_a_complaint_stays_feedback(text):
    """Guard: the verdict said before the thanks, or a complaint after it, is feedback."""
    assert classify_intent(text, DEMO).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "thanks! the kunafa arrived and it was the best I have ever had",
        "شكرا، الطلب وصل والاكل كان خرافي، احسن مطعم بالرياض، اكيد راح نرجع",
    ],
)
def test_thanks_then_a_review_of_the_food_stays_feedback(text):
    """Guard: thanks first, then a dish named and judged, or praise beyond a good word, reviews the
    food: feedback."""
    assert classify_intent(text, DEMO).intent == "feedback"


@pytest.mark.parametrize(
    "text",
    [
        "بدي الغي الطلب اللي بعتته هلق، العنوان غلط",
        "ابغى الغي الطلب، نسيت اضيف بيبسي",
        "please cancel my order, I forgot to add the fries",
    ],
)
def test_a_cancel_to_put_the_order_right_is_support(text):
    """ "عايز ألغي الأوردر اللي طلبته، نسيت أضيف حاجة", "…، كتبت العنوان غلط": a cancel said with what
    is to be put right (the address, a dish forgotten, another order instead) asks a person to
    change the order: support."""
    assert classify_intent(text, DEMO).intent == "support"


@pytest.mark.parametrize(
    "text",
    [
        "ابي الغي الطلب",
        "cancel my order please, I ordered by mistake",
        "وقفوا الطلب لحظة، بدي غير العنوان",
    ],
)
def test_a_cancel_alone_or_a_hold_stays_order_status(text):
    """Guard: a cancel alone, or a hold on what is on its way, is about the order (order status)."""
    assert classify_intent(text, DEMO).intent == "order_status"
