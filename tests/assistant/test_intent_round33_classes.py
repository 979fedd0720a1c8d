"""Intent classes of round 33's tuning (issue #13): the classes of round 32's held-out parts (dev
now). Each class is checked on sentences written for it, never on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_in, is_opt_out
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    "text",
    [
        "حطوا رقمي مع اللي توصلهم العروض، ما ابي تفوتني ولا خصم",
        "سجلوني بالعروض، مش عايزة يفوتني أي عرض",
        "I don't want to miss any of your offers, add me please",
        "ما بدي يفوتني ولا عرض من عروضكم",
    ],
)
def test_not_wanting_to_miss_the_offers_is_an_opt_in(text):
    """ "I don't want to miss any offer": a "don't want" whose verb is missing them asks for the
    offers; it is never a stop (a false opt-out of a customer who wants them)."""
    assert not is_opt_out(text)
    assert classify_intent(text, DEMO).intent == "opt_in"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # guards: not wanting the offers themselves is still a stop
        ("ما ابي عروض، وقفوها", "opt_out"),
        ("مش عايز عروض تاني", "opt_out"),
        ("I don't want your offers any more", "opt_out"),
    ],
)
def test_not_wanting_the_offers_is_still_an_opt_out(text, intent):
    assert classify_intent(text, DEMO).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "count me in for your offers",
        "count me in for the promo messages please, love a good deal",
        "count us in for the deals",
    ],
)
def test_count_me_in_for_the_offers_is_an_opt_in(text):
    """ "count me in for the offers": asking to be put on them."""
    assert is_opt_in(text)
    assert classify_intent(text, DEMO).intent == "opt_in"


def test_count_me_in_without_the_offers_is_no_opt_in():
    """A guard: counted in for something that is not our messages."""
    assert not is_opt_in("count me in for the family dinner on friday")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # cancelling an add-on of a placed order: a person sees to it
        ("ممكن تلغون الزيادة حقت الصوص من طلبي؟", "support"),
        ("الغوا الاضافات اللي حطيتها على الطلب", "support"),
        ("can you cancel the extra cheese on my order please", "support"),
        # cancelling the order and asking how the money comes back
        ("بدي الغي الطلب، وكيف بترجعولي المبلغ؟", "support"),
        ("I want to cancel the order, how do I get a refund?", "support"),
        # guards: a dish taken off, or the order cancelled alone, stay order status
        ("الغوا البيبسي من الطلب لو سمحتوا", "order_status"),
        ("الغوا الطلب لو سمحتوا", "order_status"),
        ("cancel my order please", "order_status"),
    ],
)
def test_cancelling_an_add_on_or_for_a_refund_is_support(text, intent):
    """ "كنسلوا الإضافة من طلبي", "الغي الطلب وكيف يرجع المبلغ؟": a change a person makes (support),
    not the order's status."""
    assert classify_intent(text, DEMO).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # the order held a while, for a reason: a person arranges it
        ("تقدرون توقفون الطلب شوي لين اوصل البيت؟", "support"),
        ("can you hold the order for a bit until I get home?", "support"),
        # changing the address asked (whether it can be done), the order not halted
        ("ممكن اغير العنوان بعد ما أكدت الطلب؟", "support"),
        ("can I change the delivery address on my order?", "support"),
        # guards: the order stopped now, or stopped to change the address, is order status
        ("وقفوا الطلب لو سمحت", "order_status"),
        ("اوقفوا الطلب، ابي اغير العنوان", "order_status"),
        ("وقفوا الطلب لحظة، بغير العنوان", "order_status"),
        # told, not asked: about that order
        ("العنوان غلط، بدي غير العنوان تبع الطلب", "order_status"),
    ],
)
def test_holding_the_order_a_while_or_changing_its_address_is_support(text, intent):
    """ "ممكن توقفوا الطلب شوي لحتى …", "ينفع أغير العنوان؟": an arrangement asked of a person
    (support), not a stop of what is on its way."""
    assert classify_intent(text, DEMO).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("el sawa2 wa2ef barra bas ana mesh shayfo", "order_status"),
        ("السواق واقف تحت بس انا مش شايفه، ممكن تكلموه؟", "order_status"),
        ("the driver is standing downstairs but I can't see him", "order_status"),
        # a guard: told of afterwards, a review
        ("المندوب كان واقف تحت نص ساعة، شي مو معقول", "feedback"),
    ],
)
def test_the_courier_waiting_below_now_is_order_status(text, intent):
    """ "the driver says he is standing below but I can't see him": a delivery in progress."""
    assert classify_intent(text, DEMO).intent == intent
