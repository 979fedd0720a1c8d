"""Families and groups (issue #13, classes from conversation set 54, written for them, not copied
from it): a count of a shared name split into kinds in the same message ("the rest", halves), the
people counted in other words, who gets what with "they want" first, the clause that sets the kinds,
someone else collecting the order (said before the dishes, with a name and a time), and a pickup
said instead of a delivery."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ابي ٧ شاورما، ثلاث دجاج والباقي لحم", {"Chicken Shawarma": 3, "Beef Shawarma": 4}),
        ("five shawarmas please, one beef and the rest chicken", {"Beef Shawarma": 1, "Chicken Shawarma": 4}),
        ("عايزين ٦ برجر، نصهم دجاج ونصهم عادي", {"Chicken Burger": 3, "Burger": 3}),
        ("bade 4 shawarma, nos la7me w nos jej", {"Beef Shawarma": 2, "Chicken Shawarma": 2}),
        (
            "ابي ٤ برجر، واحد دبل والباقي دجاج، و٤ بيبسي",
            {"Double Beef Burger": 1, "Chicken Burger": 3, "Pepsi": 4},
        ),
    ],
)
def test_a_count_split_into_kinds_in_the_same_message(shop, text, want):
    shop.say(text)
    assert shop.draft_lines() == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("السلام عليكم، احنا عائلة من ٥ اشخاص وبدنا فلافل لكل واحد", {"Falafel": 5}),
        ("e7na khamsa, kl wa7d yabi shawarma dajaj", {"Chicken Shawarma": 5}),
        (
            "بناتي الثنتين يبون كل وحدة برجر دجاج، وانا ابي كبسة دجاج",
            {"Chicken Burger": 2, "Chicken Kabsa": 1},
        ),
    ],
)
def test_the_people_said_in_other_words_count_each(shop, text, want):
    shop.say(text)
    assert shop.draft_lines() == want


def test_the_clause_that_sets_the_kinds_is_the_one_read(shop):
    shop.say("ابي ٣ شاورما لحم وشاورما دجاج من العليا")
    shop.say("لحظة، بنتي تبي دجاج بعد، خليهن ٢ لحم و٢ دجاج")
    assert shop.draft_lines() == {"Beef Shawarma": 2, "Chicken Shawarma": 2}


@pytest.mark.parametrize(
    "first",
    [
        "ابي اطلب لابوي وهو بيمر يستلمه من التحلية",
        "ordering for my sister, she'll pick it up from tahlia",
        "السواق بيجي ياخذ الطلب من التحلية",
    ],
)
def test_someone_else_collecting_said_first_is_a_pickup_there(shop, first):
    shop.say(first)
    shop.say("٢ فلافل وحمص")
    draft = shop.context()["draft"]
    assert shop.phase() == "confirming" and draft["delivery_type"] == "pickup"
    assert shop.conversation.branch_id == shop.tahlia.id


def test_the_collectors_name_and_time_go_on_the_order_and_a_yes_places_it(shop):
    shop.say("ابي اطلب لاخوي وهو بيمر يستلمه من العليا")
    shop.say("كبسة دجاج وحدة وبيبسي")
    shop.say("اسمه سلطان، بيجي كمان نص ساعة")
    assert shop.phase() == "confirming"
    shop.say("تمام ثبته")
    (order,) = shop.orders()
    assert "سلطان" in (order.special_instructions or "") and order.scheduled_time is not None


def test_a_name_alone_is_noted_and_the_order_waits(shop):
    shop.say("one falafel and a tea from olaya")
    out = shop.say("his name is Majed")
    assert shop.phase() == "confirming" and any("Noted" in reply for reply in out), out


def test_a_pickup_said_instead_of_the_delivery_switches_it(shop):
    shop.say("ابي كبسة دجاج وحمص توصيل")
    shop.say("الرياض حي النخيل شارع ٥ فيلا ٨")
    shop.say("لا بدل التوصيل بمر اخذها من العليا")
    assert shop.context()["draft"]["delivery_type"] == "pickup"


@pytest.mark.parametrize("text", ["bamor mn el olaya ba3d salat el maghrib", "3 falafel bl bait"])
def test_arabizi_prayer_and_in_the_are_no_dishes(shop, text):
    out = shop.say(f"abi 3 falafel, {text}")
    assert shop.draft_lines() == {"Falafel": 3} and not any("salat" in r or "bl" in r.split() for r in out)


def test_each_person_after_the_people_counted_leaves_a_shared_dish_as_counted(shop):
    shop.say("عندنا اجتماع واحنا خمسة اشخاص")
    shop.say("لكل شخص فلافل وشاي، وحمص ٢ للطاولة")
    assert shop.draft_lines() == {"Falafel": 5, "Tea": 5, "Hummus": 2}


def test_the_group_said_first_is_the_count_the_rest_is_taken_from(shop):
    shop.say("we're a group of 4 tonight, we want shawarma, 1 beef and the rest chicken")
    assert shop.draft_lines() == {"Beef Shawarma": 1, "Chicken Shawarma": 3}


def test_no_delivery_after_all_is_a_pickup(shop):
    shop.say("ابي ٢ فلافل توصيل")
    shop.say("حي الملقا شارع ٩ فيلا ٤")
    shop.say("غيرت رايي بلاها توصيل، بمرها من التحلية")
    assert shop.context()["draft"]["delivery_type"] == "pickup"


@pytest.mark.parametrize("yes", ["تمام سجله باسمي", "ok sabbet"])
def test_book_it_under_my_name_is_a_yes(shop, yes):
    shop.say("ابي ٢ فلافل من العليا")
    shop.say(yes)
    assert shop.only_order_lines() == {"Falafel": 2}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ابي ٤ شاورما، نصهم دجاج، ونصهم لحم", {"Chicken Shawarma": 2, "Beef Shawarma": 2}),
        ("٦ شاورما، ثنتين لحم والباقي، دجاج", {"Beef Shawarma": 2, "Chicken Shawarma": 4}),
    ],
)
def test_the_kinds_said_across_commas_still_split_the_count(shop, text, want):
    shop.say(text)  # it raised StopIteration (no one clause held both halves or the rest and its kind)
    assert shop.draft_lines() == want
