"""Questions asked around an order are answered, not handed to a person: "do you deliver there?"
with a dish's price, a dish the menu lacks asked about, the total asked again once the order is
placed; what was just priced is taken with the other dishes of the same message ("2 of those plus
…"); a warm message that says how it comes orders what it names; a story's liking ("she loves the
kunafa") orders nothing more; a heading with a colon keeps what it says ("nine shawarmas: six chicken
and three beef"); a count no chat order takes goes to a person instead of breaking the turn."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_res.models import Handler
from tests.fixtures.shop import Shop


def _placed(shop: Shop) -> dict[str, int]:
    lines: dict[str, int] = {}
    for order in shop.orders():
        for item in order.items:
            lines[item["name_en"]] = lines.get(item["name_en"], 0) + int(item["quantity"])
    return lines


def _staff(shop: Shop) -> bool:
    shop.session.refresh(shop.conversation)
    return shop.conversation.handled_by == Handler.staff


@pytest.mark.parametrize(
    ("question", "price"),
    [
        ("do you deliver to Al Malqa? and how much is the chicken kabsa?", "42"),
        ("بتوصلوا لحي الروضة؟ وكم سعر المندي لحم؟", "65"),
    ],
)
def test_a_delivery_question_with_a_price_is_answered_not_passed_to_staff(shop, question, price):
    out = shop.say(question)
    assert not _staff(shop), out
    assert any(price in reply for reply in out), out
    assert len(out) >= 2  # the delivery answered too, not only the price


@pytest.mark.parametrize(
    "question",
    ["fi 3andkon manakish w sahlab?", "عندكم سوشي وبيتزا؟", "do you have tacos and nachos?"],
)
def test_dishes_the_menu_lacks_asked_about_are_named_back_not_handed_over(shop, question):
    out = shop.say(question)
    assert not _staff(shop), out
    assert out and not shop.orders()


def test_after_a_priced_dish_two_of_those_plus_another_dish_orders_both(shop):
    shop.say("how much is the lamb mandi?")
    shop.say("ok I'll take 2 of those plus 3 pepsi, pickup from Olaya")
    assert shop.phase() == "confirming"
    shop.say("yes")
    assert _placed(shop) == {"Lamb Mandi": 2, "Pepsi": 3}


def test_one_of_each_of_two_priced_dishes_beside_another_dish(shop):
    shop.say("كم سعر الحمص والسلطة؟")
    shop.say("طيب عطني واحد من كل واحد مع ٢ برجر دجاج، استلام من العليا")
    shop.say("نعم")
    assert _placed(shop) == {"Hummus": 1, "Salad": 1, "Chicken Burger": 2}


def test_a_count_of_one_priced_dish_is_not_taken_as_each_of_several(shop):
    """Several were priced: "2 of those" does not say which, so it orders only the named dish."""
    shop.say("how much are the kunafa and the om ali?")
    shop.say("I'll take 2 of those and a tea, pickup from Olaya")
    assert "Kunafa" not in _placed(shop) and "Om Ali" not in _placed(shop)


@pytest.mark.parametrize("question", ["قديش صار المجموع؟", "كم الحساب؟", "what's the total again?"])
def test_the_total_asked_after_placing_is_the_placed_orders(shop, question):
    shop.say("بدي مندي لحم و٢ سلطة، استلام من التحلية")
    shop.say("نعم")
    [order] = shop.orders()
    out = shop.say(question)
    assert not _staff(shop), out
    assert any(f"#{order.number}" in reply and "97" in reply for reply in out), out
    assert order.total_amount == Decimal("97.00")


def test_the_total_asked_mid_order_is_the_summary(shop):
    shop.say("ابغى ٢ شاورما لحم وبيبسي")
    out = shop.say("كم المجموع؟")
    assert any("50" in reply for reply in out), out
    assert not shop.orders() and not _staff(shop)


def test_a_warm_message_that_says_pickup_orders_what_it_names(shop):
    shop.say(
        "Hello! My friends said your place is the best in town, so one chicken kabsa for me and a "
        "hummus to share, I'll come by to pick it up from Olaya"
    )
    assert shop.phase() == "confirming"
    shop.say("yes")
    assert _placed(shop) == {"Chicken Kabsa": 1, "Hummus": 1}


def test_praise_that_names_a_dish_without_saying_how_it_comes_is_no_order(shop):
    shop.say("the chicken kabsa yesterday was the best I've had, thank you!")
    assert not shop.orders() and shop.phase() != "confirming"


def test_someone_loving_a_dish_is_a_reason_not_one_more(shop):
    shop.say("بكرة عيد ميلاد اختي وهي بتحب الكنافة جدا، فعايز ٢ كنافة وام علي، هعدي على العليا")
    shop.say("اه ثبت")
    assert _placed(shop) == {"Kunafa": 2, "Om Ali": 1}


def test_a_heading_that_names_the_dish_keeps_its_kinds(shop):
    shop.say("عايزين خمس شاورمات: تلاتة فراخ واتنين لحمة، استلام من العليا")
    shop.say("اه")
    assert _placed(shop) == {"Chicken Shawarma": 3, "Beef Shawarma": 2}


def test_a_story_before_a_colon_is_still_left_out(shop):
    shop.say("المرة اللي فاتت الكبسة كانت باردة، بس بنعطيكم فرصة: ٢ مندي لحم، استلام من العليا")
    shop.say("نعم")
    assert _placed(shop) == {"Lamb Mandi": 2}


@pytest.mark.parametrize("order", ["ابي 150 شاورما دجاج", "I want 400 burgers for a wedding"])
def test_a_count_over_a_hundred_goes_to_a_person_and_places_nothing(shop, order):
    out = shop.say(order)
    assert _staff(shop) and out and not shop.orders()


@pytest.mark.parametrize(
    ("question", "order", "branch"),
    [
        ("3andokom far3 fe jeddah?", "5alas 3tini kabsa dajaj w 2 shai, estlam mn hnak", "tahlia"),
        ("وين فرعكم اللي بالرياض؟", "تمام ابي شاورما لحم، بمر عليكم هناك", "olaya"),
    ],
)
def test_the_branch_asked_about_is_the_one_there_means(shop, question, order, branch):
    shop.say(question)
    shop.say(order)
    assert shop.phase() == "confirming"
    shop.say("نعم")
    [placed] = shop.orders()
    assert placed.branch_id == getattr(shop, branch).id
