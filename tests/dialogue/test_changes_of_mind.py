"""Customers who change their minds and say it their own way (issue #13, classes from conversation
set 52, written for them, not copied from it): "the rest" of a count asked about, a yes in more
words, "I'll order" with no dish yet, more said after a remark, a note on one kind of an ordered
dish, a count said again with "just", and Arabizi (friends counted with the speaker, a dual, "with
them", a delivery asked for instead, "and" before a dish)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("first", "answer", "want"),
    [
        ("ابي خمس شاورما", "ثلاث منهم دجاج والباقي لحم", {"Chicken Shawarma": 3, "Beef Shawarma": 2}),
        ("عايز ٤ شاورما", "واحدة لحمة والباقي فراخ", {"Beef Shawarma": 1, "Chicken Shawarma": 3}),
        (
            "six shawarmas please",
            "two beef and the rest chicken",
            {"Beef Shawarma": 2, "Chicken Shawarma": 4},
        ),
        ("bade 3 shawarma", "wa7de djej w el ba2i la7me", {"Chicken Shawarma": 1, "Beef Shawarma": 2}),
    ],
)
def test_the_rest_of_the_count_asked_about_is_the_other_kind(shop, first, answer, want):
    shop.say(first)
    shop.say(answer)
    assert shop.draft_lines() == want


@pytest.mark.parametrize(
    "yes", ["مظبوط", "كذا مظبوط، توكلوا", "perfect, place it", "place the order", "mashi", "mashy keda"]
)
def test_a_yes_in_other_words_places_the_order(shop, yes):
    shop.say("ابي برجر دجاج وبيبسي من فرع العليا")
    assert shop.phase() == "confirming"
    shop.say(yes)
    assert shop.only_order_lines() == {"Chicken Burger": 1, "Pepsi": 1}


@pytest.mark.parametrize(
    "opener",
    [
        "ناوي اطلب منكم الليلة",
        "هطلب منكم النهارده",
        "حنطلب منكم غدا للشغل",
        "ordering dinner for the five of us tonight",
        "I'd like to order for the family",
    ],
)
def test_saying_you_will_order_asks_what_you_would_like(shop, opener):
    said = " ".join(shop.say(opener))
    assert shop.phase() not in ("awaiting_rating", "awaiting_comment")
    assert ("كنافة" in said or "Kunafa" in said) and "1-5" not in said  # the menu, then what they'd like


def test_the_people_said_with_an_order_yet_to_come_count_everyone(shop):
    shop.say("ordering dinner for the five of us tonight")
    shop.say("everyone wants a chicken shawarma and a pepsi")
    assert shop.draft_lines() == {"Chicken Shawarma": 5, "Pepsi": 5}


@pytest.mark.parametrize(
    ("dishes", "want"),
    [
        ("ابي مندي لحم وحمص", {"Lamb Mandi": 1, "Hummus": 1}),
        ("برجر عادي ٢", {"Burger": 2}),
        ("برجر دبل واحد", {"Double Beef Burger": 1}),
    ],
)
def test_a_dish_named_while_a_rating_is_awaited_starts_an_order(shop, dishes, want):
    shop.say("الاكل عندكم يجنن والله")
    shop.say(dishes)
    assert shop.draft_lines() == want


@pytest.mark.parametrize(
    "more",
    [
        "اوه نسيت الوالدة 🙈 زيد كبسة دجاج وحدة وماء معها",
        "wait forgot my sister, add one chicken kabsa and a water with it",
    ],
)
def test_more_after_a_remark_is_added(shop, more):
    shop.say("ابي ٢ كبسة دجاج و٢ ماء من التحلية")
    shop.say(more)
    assert shop.draft_lines() == {"Chicken Kabsa": 3, "Water": 3}


@pytest.mark.parametrize(
    "note",
    ["w el la7ma min gheir basal", "والدجاج بدون ثوم لو سمحت", "and the chicken one with no garlic"],
)
def test_a_note_on_one_kind_of_an_ordered_dish_keeps_the_order(shop, note):
    shop.say("ابي شاورما دجاج وشاورما لحم و٢ بيبسي من العليا")
    shop.say(note)
    assert shop.draft_lines() == {"Chicken Shawarma": 1, "Beef Shawarma": 1, "Pepsi": 2}


def test_a_note_on_a_dish_said_by_a_word_of_its_name_beside_a_branch_change(shop):
    shop.say("one double beef burger and a hummus, olaya")
    shop.say("actually make it tahlia, and no pickles in the burger")
    assert shop.draft_lines() == {"Double Beef Burger": 1, "Hummus": 1}


@pytest.mark.parametrize("again", ["actually just 2 falafel", "لا بس ٢ فلافل"])
def test_just_a_new_count_of_an_ordered_dish_changes_that_count(shop, again):
    shop.say("falafel x4 and 2 teas from olaya")
    shop.say(again)
    assert shop.draft_lines() == {"Falafel": 2, "Tea": 2}


def test_just_a_dish_at_the_count_it_has_is_only_that_dish(shop):
    shop.say("falafel x4 and 2 teas from olaya")
    shop.say("just 4 falafel")  # no new count: "only these", as a new list
    assert shop.draft_lines() == {"Falafel": 4}


def test_arabizi_friends_with_the_speaker_count_each(shop):
    shop.say("ana w 3 s7abi kol wa7ed shawarma la7me")
    assert shop.draft_lines() == {"Beef Shawarma": 4}


@pytest.mark.parametrize(("text", "want"), [("3ayez kabsa w salatten", {"Chicken Kabsa": 1, "Salad": 2})])
def test_an_arabizi_dual_is_two(shop, text, want):
    shop.say(text)
    assert shop.draft_lines() == want


def test_arabizi_with_them_is_no_dish(shop):
    replies = shop.say("abi 2 falafel w ma3hom shay 2")
    assert shop.draft_lines() == {"Falafel": 2, "Tea": 2}
    assert not any("ma3hom" in r or "maعhom" in r for r in replies)


def test_arabizi_deliver_it_home_instead_switches_to_delivery(shop):
    shop.say("abi 2 burger w 2 pepsi")
    shop.say("bamur olaya")
    shop.say("la ghayart ra2yi wasloh lel bait")
    assert shop.context()["draft"]["delivery_type"] == "delivery"


def test_arabizi_and_a_dish_while_the_branch_is_asked_adds_it(shop):
    shop.say("bde 2 falafel")
    shop.say("w hummus wa7ad")
    assert shop.draft_lines() == {"Falafel": 2, "Hummus": 1}


def test_the_people_counted_each_carry_to_the_shared_name_asked_about(shop):
    shop.say("we are four, a shawarma each")
    shop.say("two chicken and the rest beef")
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Beef Shawarma": 2}


def test_arabizi_and_a_dish_of_the_same_course_adds_it(shop):
    shop.say("abi 2 om ali")
    shop.say("w kunafa wa7da")
    assert shop.draft_lines() == {"Om Ali": 2, "Kunafa": 1}


def test_a_dish_called_number_one_is_praise_not_an_order(shop):
    shop.say("الاكل عندكم يجنن والله")
    shop.say("الكبسة عندكم رقم واحد")
    assert not (shop.context().get("draft") or {}).get("lines")


def test_arabizi_no_then_the_dish_then_make_it_sets_its_count(shop):
    shop.say("bde 2 falafel w hummus")
    shop.say("la2 el falafel 5alliha 4")
    assert shop.draft_lines() == {"Falafel": 4, "Hummus": 1}
