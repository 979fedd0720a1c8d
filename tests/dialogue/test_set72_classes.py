"""Classes from conversation set 72's misses (issue #13: changes after the summary, questions
mid-order, later times, several things in one message), written for them on the demo restaurant, not
copied from the set: a firm yes that says back a count, a kind or a removal the order already has; a
yes with a reminder not to be late; an address given while confirming turns the order to delivery
there; a message that orders, says where it goes and stops the offers; questions first and the order
after them; an hour, a "for the guys" and a district that are no counts or dishes."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_edits import confirms, confirms_firmly
from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.shares import shares
from tests.assistant.menus import item_counts


def _to_summary(shop, order: str, where: str = "استلام من العليا") -> None:
    shop.say(order)
    shop.say(where)
    assert shop.phase() == "confirming"


@pytest.mark.parametrize(
    ("change", "yes", "want"),
    [
        ("خلي البيبسي ٢", "تمام البيبسي ثنتين، ثبت", {"Burger": 2, "Pepsi": 2}),
        ("la2 khali el pepsi etnen", "tamam el pepsi etnen, akked", {"Burger": 2, "Pepsi": 2}),
        ("خلي البيبسي ٢", "ايه كذا البيبسي ثنتين، ابعتوه", {"Burger": 2, "Pepsi": 2}),
    ],
)
def test_a_firm_yes_may_say_a_changed_count_back(shop, change, yes, want):
    _to_summary(shop, "٢ برجر و٣ بيبسي")
    shop.say(change)
    shop.say(yes)
    assert shop.only_order_lines() == want


def test_a_firm_yes_may_say_a_kind_back(shop):
    _to_summary(shop, "برجر وبطاطس")
    shop.say("بدل البرجر خله برجر دجاج")
    shop.say("ee tamam bel dajaj, e3timed")
    assert shop.only_order_lines() == {"Chicken Burger": 1, "Fries": 1}


def test_a_firm_yes_may_say_a_removal_back(shop):
    _to_summary(shop, "2 burgers, fries and a salad", "pickup from olaya")
    shop.say("remove the salad please")
    shop.say("yes fine without the salad, go ahead and place it")
    assert shop.only_order_lines() == {"Burger": 2, "Fries": 1}


def test_a_count_the_order_does_not_have_is_a_change_shown_again(shop):
    _to_summary(shop, "٢ برجر و٣ بيبسي")
    replies = shop.say("تمام بس البيبسي ثنتين، ثبت")
    assert shop.orders() == []
    assert shop.draft_lines() == {"Burger": 2, "Pepsi": 2}
    assert not any("ثبت" in r for r in replies)  # the verb is never named back as a dish


@pytest.mark.parametrize("text", ["تمام اعتمده ولا تتأخروا علينا", "ايوه ثبت الطلب على الساعة ٨ لا يتأخر"])
def test_a_yes_with_a_reminder_not_to_be_late(text):
    assert confirms(text)


def test_arabizi_confirm_verbs_are_firm():
    assert confirms_firmly("tamam keda, e3timed")
    assert confirms_firmly("ok 3temed el talab")


def test_an_address_while_confirming_turns_the_order_to_delivery_there(shop):
    _to_summary(shop, "٣ شاورما دجاج وبيبسي", "استلام من فرع التحلية")
    replies = shop.say("لا غيرت رايي، وصلوه للبيت احسن: جدة حي الروضة شارع ١٠ فيلا ٧")
    assert any("حي الروضة شارع ١٠ فيلا ٧" in r and "غيرت" not in r for r in replies)
    shop.say("تمام اعتمد")
    (order,) = shop.orders()
    assert order.delivery_type.value == "delivery"


def test_an_order_where_it_goes_and_a_stop_to_the_offers_in_one_message(shop):
    shop.say(
        "اول شي ابي ٢ شاورما دجاج وبيبسي، ثاني شي التوصيل لحي الروضة شارع ٣ بيت ٩ جدة، "
        "وثالث شي وقفوا العروض عني لو سمحتوا"
    )
    assert shop.opted_out()
    assert shop.phase() == "confirming"
    shop.say("ايوه")
    (order,) = shop.orders()
    assert order.delivery_type.value == "delivery"
    assert shop.only_order_lines() == {"Chicken Shawarma": 2, "Pepsi": 1}


def test_questions_first_then_the_order(shop):
    replies = shop.say(
        "فرع التحلية مفتوح الحين؟ وبكم الكبسة الدجاج؟ اذا مفتوح ابي كبسة دجاج وسلطة وبمر استلمها"
    )
    assert any("42" in r for r in replies)
    assert shop.draft_lines() == {"Chicken Kabsa": 1, "Salad": 1}


@pytest.mark.parametrize("text", ["فرع العليا فاتح هلق؟", "is the tahlia branch open now?"])
def test_is_a_branch_open_asks_its_hours(text):
    assert classify_intent(text).topic == "hours"


def _demo():
    from crm_res.assistant.orders.model import menu_entries
    from crm_res.services.ops.demo_menu import DEMO_MENU

    return menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("عندنا عشا الساعة ٩: شاورما لحم ٢ وبيبسي ٢", {"Beef Shawarma": 2, "Pepsi": 2}),
        ("بدي كبسة دجاج وچاي ٤", {"Chicken Kabsa": 1, "Tea": 4}),
        ("عايز فلافل وبطاطس محمرة ٣", {"Falafel": 1, "Fries": 3}),
        (
            "2 burger w 2 pepsi, tawseel 3a riyadh 7ay el salama share3 3 bineye 4 ta2 2",
            {"Burger": 2, "Pepsi": 2},
        ),
    ],
)
def test_words_that_are_no_count_and_no_dish(text, want):
    parsed = parse_order(text, _demo())
    assert item_counts(parsed) == want and parsed.unknown == []


def test_a_count_before_for_the_guys_is_the_dishs():
    assert shares("ابي مندي ٢ وشاي ٤ حق الشباب") is None
    assert shares("احنا ٤ شباب كل واحد شاورما") == [("احنا ٤ شباب كل واحد شاورما", 4)]
