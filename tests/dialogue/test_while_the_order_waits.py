"""What a customer says while an order waits for its yes: a remark about the last order ("last
time the fries came cold, make them hot") is a note kept with the order, never a dish; a question
the rules read as a review is passed on to staff and the order waits; "hold off, I'll get back to
you" keeps it waiting; how long it takes is answered, a question about paying by card is no time
question; a yes is never read as the address; an office tower is an address; a dish asked for in
place of a sold-out one is added, one only mentioned is not."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "note",
    [
        "ترى المره اللي فاتت البطاطس وصلت بارده، هالمره خلوها حاره الله يخليكم",
        "also, last time the fries were soggy, please make sure they're crispy this time",
        "w el mara elli fatat el fries kanet barde, hal mara 5alliha s5ne",
    ],
)
def test_a_remark_about_the_last_order_is_a_note_on_this_one(shop, note):
    shop.say("ابي ٢ برجر دجاج و٢ بطاطس استلام من العليا")
    out = shop.say(note)
    assert shop.phase() == "confirming", out
    shop.say("تمام اكد")
    assert shop.only_order_lines() == {"Chicken Burger": 2, "Fries": 2}
    (order,) = shop.orders()
    assert order.special_instructions == note


def test_a_question_read_as_a_review_mid_order_is_passed_on_and_the_order_waits(shop):
    shop.say("ابي ١٠ شاورما دجاج استلام من العليا")
    out = shop.say("الطلب كله بيجهز مع بعض بنفس الوقت؟")
    assert shop.phase() == "confirming", out
    assert not any("1-5" in reply for reply in out), out
    shop.say("تمام ثبت")
    assert shop.only_order_lines() == {"Chicken Shawarma": 10}


@pytest.mark.parametrize(
    "later", ["Actually hold off, I need to check the numbers with my manager first", "خليني اشوف وارجعلك"]
)
def test_holding_off_keeps_the_order_waiting_without_a_person(shop, later):
    shop.say("20 falafel and 10 hummus, pickup from Olaya")
    out = shop.say(later)
    assert not shop.with_staff(), out
    assert shop.phase() == "confirming" and not shop.orders()


def test_how_long_is_answered_and_paying_by_card_is_no_time_question(shop):
    shop.say("3 chicken shawarma, pickup Olaya")
    assert any("20" in reply for reply in shop.say("how long will it take?"))
    out = shop.say("can the cashier take card payment?")
    assert not any("20 minutes" in reply for reply in out), out
    assert not shop.with_staff()


def test_a_yes_at_the_address_question_is_no_address(shop):
    shop.say("ابي ٥ شاورما لحم توصيل")
    shop.say("خلاص اكد")
    assert shop.phase() == "fulfilment:address"
    out = shop.say("برج الفيصلية الدور ١٤ مكتب ١٤٠٢، طريق الملك فهد")
    assert shop.phase() == "confirming", out
    shop.say("نعم")
    (order,) = shop.orders()
    assert "برج الفيصلية" in (order.delivery_address or "")


def test_a_dish_asked_for_in_place_of_a_sold_out_one_is_added(shop):
    shop.say("bade 2 chicken burger w 2 ice cream, pickup mn el olaya")
    shop.say("ok bala ice cream, 3tini om ali wa7de badalon")
    shop.say("tamam akkid")
    assert shop.only_order_lines() == {"Chicken Burger": 2, "Om Ali": 1}


def test_a_dish_only_mentioned_beside_a_sold_out_one_is_not_added(shop):
    shop.say("a burger and 2 falafel for Omar and an ice cream for the little one, pickup Olaya")
    shop.say("ok skip the ice cream then, he'll share Omar's falafel")
    shop.say("yes")
    assert shop.only_order_lines() == {"Burger": 1, "Falafel": 2}


@pytest.mark.parametrize("extras", ["وحطوا ملاعق ومناديل", "add forks and extra napkins pls", "and ketchup"])
def test_things_for_the_bag_are_a_note_not_a_dish_or_a_review(shop, extras):
    shop.say("٣ فلافل وحمص استلام من العليا")
    out = shop.say(extras)
    assert shop.phase() == "confirming", out
    assert not any("1-5" in reply for reply in out), out
    shop.say("اي")
    assert shop.only_order_lines() == {"Falafel": 3, "Hummus": 1}
    (order,) = shop.orders()
    assert order.special_instructions == extras


def test_the_total_asked_at_the_branch_question_does_not_count_as_asking_it_again(shop):
    shop.say("كبسة دجاج وكنافة")
    assert shop.phase() == "fulfilment:branch"
    shop.say("كم المجموع؟")
    shop.say("استلام")
    shop.say("العليا")
    assert shop.phase() == "confirming"
    shop.say("ثبت")
    assert shop.only_order_lines() == {"Chicken Kabsa": 1, "Kunafa": 1}


@pytest.mark.parametrize("forget", ["لا خلاص انسى", "actually forget it", "la 5alas insa"])
def test_forget_it_drops_the_order_being_put_together(shop, forget):
    shop.say("ابي برجر دجاج ٢")
    shop.say(forget)
    assert shop.phase() == "idle"
    shop.say("ابي كنافة وشاي استلام من العليا")
    shop.say("نعم")
    assert shop.only_order_lines() == {"Kunafa": 1, "Tea": 1}


@pytest.mark.parametrize(("kind", "dish"), [("دجاج", "Chicken Burger"), ("double", "Double Beef Burger")])
def test_a_kind_said_alone_after_a_count_of_the_dish_makes_all_of_them_that_kind(shop, kind, dish):
    shop.say("ابي ٣ برجر")
    shop.say(kind)
    shop.say("استلام من العليا")
    shop.say("نعم")
    assert shop.only_order_lines() == {dish: 3}


def test_fine_said_beside_where_it_goes_changes_no_dish(shop):
    shop.say("٢ برجر دبل و٢ بيبسي")
    shop.say("طيب عادي، التحلية استلام")
    shop.say("اكد")
    assert shop.only_order_lines() == {"Double Beef Burger": 2, "Pepsi": 2}


@pytest.mark.parametrize(
    "order",
    ["طيب حلو، خلاص فلافلتين وحمص و٣ شاي", "Oh never mind then. Fine: falafel x2, hummus x1, tea x3"],
)
def test_an_order_after_a_word_of_liking_or_a_story_is_an_order(shop, order):
    shop.say("وش تنصحني فيه بخمسين ريال؟")
    shop.say(order)
    shop.say("استلام من العليا")
    shop.say("نعم")
    assert shop.only_order_lines() == {"Falafel": 2, "Hummus": 1, "Tea": 3}


def test_and_one_more_of_another_kind_is_added_beside(shop):
    shop.say("عايز شاورما فراخ")
    shop.say("و كمان واحدة لحمة")
    shop.say("استلام من العليا")
    shop.say("نعم")
    assert shop.only_order_lines() == {"Chicken Shawarma": 1, "Beef Shawarma": 1}


def test_a_story_about_a_delivery_app_says_nothing_of_how_this_order_comes(shop):
    shop.say("امبارح طلبت من تطبيق التوصيل مش منكم. طيب بدي حمص 2، بمرق آخدن من التحلية")
    assert shop.phase() == "confirming"
    shop.say("تمام")
    (order,) = shop.orders()
    assert order.delivery_type.value == "pickup" and order.branch_id == shop.tahlia.id
