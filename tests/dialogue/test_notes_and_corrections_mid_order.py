"""Mid-order messages from conversation set 56's classes (issue #13), written for them: a note said
with "من غير" or after "I forgot to tell you" goes on the dish the order has (it added a second
burger before), "قصدي شاي ٣" puts the tea right and keeps the rest, a note on a shared name the order
has one kind of goes on that kind, and "the rest" of a count that is the plain dish."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "note",
    [
        "البرجر من غير مايونيز لو سمحت",
        "اه ونسيت اقولك البرجر من غير مايونيز لو سمحت",
        "forgot to mention, no mayo on the burgers",
    ],
)
def test_a_note_on_a_dish_the_order_has_keeps_the_order(shop, note):
    shop.say("ممكن ٢ برجر فراخ و بطاطس")
    shop.say(note)
    assert shop.draft_lines() == {"Chicken Burger": 2, "Fries": 1}
    (burger,) = [x for x in shop.context()["draft"]["lines"] if x["name_en"] == "Chicken Burger"]
    assert burger["modifications"]


@pytest.mark.parametrize(
    ("first", "fix", "want"),
    [
        ("عاوز مندي لحم واحد وشاي ٢", "قصدي شاي ٣ مش ٢", {"Lamb Mandi": 1, "Tea": 3}),
        ("2 kabsa chicken and 2 teas", "i mean 3 teas", {"Chicken Kabsa": 2, "Tea": 3}),
    ],
)
def test_i_mean_puts_a_count_right_and_keeps_the_rest(shop, first, fix, want):
    shop.say(first)
    shop.say(fix)
    assert shop.draft_lines() == want


def test_a_note_on_the_shared_name_goes_on_the_kind_ordered(shop):
    shop.say("2 shawarma la7am w batates 2")
    shop.say("w law sm7t el shawarma bdon toom")
    assert shop.draft_lines() == {"Beef Shawarma": 2, "Fries": 2}
    (beef,) = [x for x in shop.context()["draft"]["lines"] if x["name_en"] == "Beef Shawarma"]
    assert beef["modifications"] == ["bdon toom"]


def test_the_rest_is_the_plain_dish_of_the_family(shop):
    shop.say("السلام عليكم بطلب للبيت خمس برجر، ثلاث منهن دجاج والباقي عادي")
    assert shop.draft_lines() == {"Chicken Burger": 3, "Burger": 2}


def test_kids_counted_after_the_word_for_them_each_get_theirs(shop):
    shop.say("عنا ولاد تلاتة، بدي لكل واحد منن برغر جاج وبطاطا")
    shop.say("ولإلي ولجوزي ٢ مندي لحم")
    assert shop.draft_lines() == {"Chicken Burger": 3, "Fries": 3, "Lamb Mandi": 2}


@pytest.mark.parametrize("yes", ["زين ارسل", "hek mnee7, ib3atolna yah", "sounds right, lock it in"])
def test_send_it_and_agreement_after_the_summary_place_the_order(shop, yes):
    shop.say("ابي برجر دجاج ٢ وبطاطس ٢")
    shop.say("استلام من العليا")
    shop.say(yes)
    assert shop.only_order_lines() == {"Chicken Burger": 2, "Fries": 2}
