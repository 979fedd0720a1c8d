"""Imperfect messages (issue #13, classes from set 50, written for them): a word we named back put
right in the next message ("X قصدي", "I meant X") is that dish, as many as were said, and the rest of
the message is read on; "half of them X, half Y" splits the count asked about; the number of people
said before the order counts "each"; a typo of hummus; Arabizi "someone to call me"."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("order", "meant"),
    [
        ("ابي برجر دجاج ثنين وسفن اب ثلاث", "بيبسي قصدي، الكيبورد غلط"),
        ("two falafel and three dr pepper please", "sorry I meant pepsi"),
    ],
)
def test_a_word_named_back_and_put_right_is_that_dish_as_many(shop, order, meant):
    shop.say(order)
    shop.say(meant)
    lines = shop.draft_lines()
    assert lines.get("Pepsi") == 3 and len(lines) == 2, lines


def test_a_dish_meant_that_the_order_has_keeps_the_order(shop):
    shop.say("two falafel and three orange jooz please")
    shop.say("sorry I meant orange juice")
    assert shop.draft_lines() == {"Falafel": 2, "Orange Juice": 3}


def test_the_dish_meant_and_the_address_in_one_message(shop):
    shop.say("ابي كبسة دجاج وموو تبل")
    shop.say("اقصد متبل. والتوصيل لحي النرجس شارع ١٥ فيلا ٣")
    assert shop.draft_lines() == {"Chicken Kabsa": 1, "Moutabal": 1}
    draft = shop.context()["draft"]
    assert draft["delivery_type"] == "delivery" and draft["address"].startswith("حي النرجس")


@pytest.mark.parametrize("halves", ["نصهم دجاج ونصهم لحم", "half chicken half beef"])
def test_halves_split_the_count_asked_about(shop, halves):
    shop.say("ابي ٤ شاورما")
    shop.say(halves)
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Beef Shawarma": 2}


def test_the_people_said_before_the_order_count_each(shop):
    shop.say("احنا خمسة وش تنصحونا فيه؟")
    shop.say("طيب كل واحد شاورما دجاج، وبيبسي لكل واحد")
    assert shop.draft_lines() == {"Chicken Shawarma": 5, "Pepsi": 5}


def test_a_typo_of_hummus_is_hummus(shop):
    shop.say("ابي فلافل وهمص")
    assert shop.draft_lines() == {"Falafel": 1, "Hummus": 1}


def test_arabizi_someone_from_the_branch_to_call_me_hands_over(shop):
    shop.say("bdi 7ada mn el far3 yetasal fiyye")
    assert shop.with_staff()


def test_me_and_my_three_brothers_each_is_four(shop):
    """ "وانا واخواني الثلاث كل واحد …": the speaker joined to the group counted after it."""
    shop.say("احنا سبعة: ابوي يبي مندي لحم، وانا واخواني الثلاث كل واحد برجر دجاج، وبيبسي للكل")
    assert shop.draft_lines() == {"Lamb Mandi": 1, "Chicken Burger": 4, "Pepsi": 7}


def test_three_brothers_ordered_for_is_three(shop):
    shop.say("ابي اخواني الثلاث كل واحد شاورما دجاج")
    assert shop.draft_lines() == {"Chicken Shawarma": 3}
