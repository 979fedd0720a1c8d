"""Classes from conversation set 59's misses (issue #13: customers who write in pieces and out of
order, and put the summary right), written for them on the demo restaurant, not copied from the set:
the address sent before any dish, "the order comes next", the summary put right by naming its own
dishes again (a dish said with no count keeps its count, the rest of the order stays), a count put
right with the old one said first, a counted dish with a face of wanting it, "we don't want delivery",
and an Arabizi ع written as 3 right after a dish word."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.dialogue.data import stated_mode
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    ("address", "street"),
    [
        ("قبل اي حاجة اكتبلك عنواني: حي الروضة شارع ١٥ عمارة ٣ شقة ٦", "حي الروضة شارع ١٥"),
        ("el 3enwan 7ay el nakheel share3 4 bineye 8", "7ay el nakheel"),
    ],
)
def test_an_address_sent_first_is_where_the_order_goes(shop, address, street):
    shop.say(address)
    shop.say("برجر ٢ وسلطة وحدة")
    shop.say("ايوه ابعتوه")
    (order,) = shop.orders()
    assert order.delivery_type.value == "delivery"
    assert street in (order.delivery_address or "")


def test_the_order_to_come_is_no_misunderstanding(shop):
    shop.say("قبل اي حاجة اكتبلك عنواني: حي الروضة شارع ١٥ عمارة ٣")
    shop.say("هبعتلك الطلب دلوقتي")
    shop.say("برجر ٢")
    assert shop.draft_lines() == {"Burger": 2} and shop.phase() != "escalated"


@pytest.mark.parametrize(
    ("first", "fix", "want"),
    [
        (
            "ودي ٢ برجر دجاج و٢ بيبسي",
            "لا مو برجر عادي، برجر دجاج قلت لك، والبيبسي اثنين",
            {"Chicken Burger": 2, "Pepsi": 2},
        ),
        (
            "kunafa x2 and arabic coffee x2",
            "that's wrong, I wanted arabic coffee not tea",
            {"Kunafa": 2, "Arabic Coffee": 2},
        ),
        ("عايز ٢ مندي لحمة و٤ شاي", "لا الشاي ٤ مش ٢ يا باشا", {"Lamb Mandi": 2, "Tea": 4}),
        ("ابي ٥ فلافل و ٢ حمص", "لا مب ٥ فلافل، ٦ قلت لك", {"Falafel": 6, "Hummus": 2}),
        ("ابي ٢ شاورما لحم وكنافه", "نسيتوا الكنافه! حطوها وحده", {"Beef Shawarma": 2, "Kunafa": 1}),
        (
            "abi mandi la7am 3 w 3aseer burtuqal 3",
            "la ghalat, el mandi 3 mb 2",
            {"Lamb Mandi": 3, "Orange Juice": 3},
        ),
    ],
)
def test_the_summary_put_right_keeps_the_rest(shop, first, fix, want):
    shop.say(first)
    shop.say(fix)
    assert shop.draft_lines() == want


def test_a_no_then_a_removal_is_still_a_removal(shop):
    shop.say("عايز كبسة فراخ ومتبل وسلطة")
    shop.say("لا شيل السلطة لو سمحت")
    assert shop.draft_lines() == {"Chicken Kabsa": 1, "Moutabal": 1}


def test_a_counted_dish_with_a_face_of_wanting_it_is_an_order():
    assert classify_intent("اول شي شاورما دجاج ثنتين 😋").intent == "order"
    assert classify_intent("الشاورما 😋").intent == "feedback"


@pytest.mark.parametrize("text", ["نستلمه احنا من التحليه، ما نبي توصيل", "مش عايزين توصيل"])
def test_we_dont_want_delivery_is_a_pickup(text):
    assert stated_mode(text) == "pickup"


def test_an_arabizi_ain_written_3_after_a_dish_word_is_no_count():
    lines = parse_order("w ahwa 3arabi 2", MENU).lines
    assert [(x.name_en, x.quantity) for x in lines] == [("Arabic Coffee", 2)]
    assert [(x.name_en, x.quantity) for x in parse_order("2 burger 3fries", MENU).lines] == [
        ("Burger", 2),
        ("Fries", 3),
    ]


def test_a_count_said_for_the_dish_is_told_apart_from_none():
    (salad,) = parse_order("لا السلطه وحده بس", MENU).lines
    (plain,) = parse_order("سلطة", MENU).lines
    assert salad.said_count and not plain.said_count
