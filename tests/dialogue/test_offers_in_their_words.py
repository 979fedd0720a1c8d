"""The offers in the customer's own words (issue #13, classes from sets 45 and 48, written for
them): a subscribe asked by one who never stopped is answered, not misunderstood; a stop reported
and then taken back, or taken back in the same message, leaves them subscribed; "nothing reaches
me" is no stop; "no, leave them" after the stop question keeps them, and a dish after it is still
ordered; Arabizi "shelouni mn el list" and "resalet 3orood" stop them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "كيف اشترك في عروضكم؟ ابي الخصومات توصلني",
        "how do I sign up for your offers?",
        "ايه ضيفوني لو سمحت",
    ],
)
def test_a_subscriber_asking_for_the_offers_is_told_they_are_on_the_list(shop, text):
    out = shop.say(text)
    assert any("مشترك" in reply or "already" in reply for reply in out), out
    assert not shop.opted_out() and not shop.with_staff()


@pytest.mark.parametrize(
    "text",
    [
        "من زمان قلت لكم توقفون العروض، بس الحين ابيها ترجع",
        "la khalas rje3t 3an kalami, khallouni 3al list",
        "وإذا نزلت عروض ابعتولي ياها، ما عم يوصلني شي",
    ],
)
def test_the_offers_wanted_after_all_are_no_stop(shop, text):
    shop.say(text)
    assert not shop.opted_out()


def test_a_stop_taken_back_in_the_next_message_subscribes_again(shop):
    shop.say("وقفوا رسايل العروض لو سمحتوا")
    assert shop.opted_out()
    shop.say("la khalas rje3t 3an kalami, khallouni 3al list")
    assert not shop.opted_out()


def test_the_stop_of_the_offers_beside_the_orders_messages_kept_is_a_stop(shop):
    shop.say("شيلوا رقمي من رسايل العروض، اما رسايل الطلبات خلوها توصلني")
    assert shop.opted_out()


def test_no_leave_them_after_the_stop_question_keeps_them(shop):
    shop.say("ايه كل الرسايل دي كل يوم عرض 🙄")
    shop.say("لا لا سيبها انا بس مستغرب، هي بتتغير كل يوم؟")
    assert not shop.opted_out() and not shop.with_staff()


def test_no_leave_them_with_a_dish_still_orders_it(shop):
    shop.say("ليه بتبعتولي عروض كل يوم؟")
    shop.say("لا لا سيبها، بس كنت بسأل. عايز ٢ كنافة")
    shop.say("استلام من العليا")
    shop.say("ايوه")
    assert shop.only_order_lines() == {"Kunafa": 2}


@pytest.mark.parametrize(
    "text", ["shelouni mn el list", "5alas ba2a!! kol yom resalet 3orood 😡 shelouni mn el list"]
)
def test_arabizi_take_me_off_the_list_stops_them(shop, text):
    shop.say(text)
    assert shop.opted_out() and not shop.with_staff()
