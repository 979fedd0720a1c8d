"""Customers who write politely or unsurely: a yes wrapped in blessings or with a remark around it
places the order; a question about a dish the order has ("is the kabsa enough for two?") is answered
and the order waits (no new list, no review started); taking off a sold-out dish takes off nothing
else; money back asked in Arabizi, and "not the automatic replies", reach a person."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "yes",
    [
        "اي والله كذا تمام، الله يجزاكم خير ويوفقكم",
        "Yes my dear, that is correct. God bless you all",
        "She will bring her ID if asked. Yes please go ahead and confirm",
        "اه تمام كده، ربنا يخليكم",
    ],
)
def test_a_yes_among_kind_words_places_the_order(shop, yes):
    shop.say("ابي حمص وفلافل استلام من العليا")
    assert shop.phase() == "confirming"
    shop.say(yes)
    assert shop.only_order_lines() == {"Hummus": 1, "Falafel": 1}


@pytest.mark.parametrize("not_yes", ["تمام، بس شيل الفلافل", "ok, but make it 3 falafel", "تمام، بس هو حار؟"])
def test_a_yes_with_a_change_or_a_question_is_no_yes(shop, not_yes):
    shop.say("ابي حمص وفلافل استلام من العليا")
    shop.say(not_yes)
    assert not shop.orders()


@pytest.mark.parametrize("question", ["الكبسة تكفي شخصين ولا صغيرة؟", "is the kabsa big enough for two?"])
def test_a_question_about_a_dish_the_order_has_keeps_the_order(shop, question):
    shop.say("ابي كبسة دجاج و٢ شاي استلام من العليا")
    out = shop.say(question)
    assert shop.phase() == "confirming", out
    assert not any("1-5" in reply for reply in out), out
    shop.say("تمام اكد")
    assert shop.only_order_lines() == {"Chicken Kabsa": 1, "Tea": 2}


def test_taking_off_the_sold_out_dish_leaves_the_rest(shop):
    shop.say("burger for me, falafel x2 for my son and an ice cream for the little one")
    shop.say("ok skip the ice cream then, she'll share her brother's falafel")
    shop.say("pickup from Olaya")
    shop.say("yes")
    assert shop.only_order_lines() == {"Burger": 1, "Falafel": 2}


@pytest.mark.parametrize(
    "money", ["el akl kan bared, baddi raje3 7a2a law sama7et", "abi arja3 flousi, el talab ma kan zain"]
)
def test_money_back_in_arabizi_goes_to_a_person(shop, money):
    shop.say("ابي حمص استلام من العليا")
    shop.say("نعم")
    shop.say(money)
    assert shop.with_staff()


def test_not_the_automatic_replies_asks_for_a_person(shop):
    shop.say("السلام عليكم، فيه احد يرد؟ مو الرد الآلي")
    assert shop.with_staff()
