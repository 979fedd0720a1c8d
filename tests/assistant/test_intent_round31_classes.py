"""Intent classes of round 31's tuning (issue #13): the classes of round 30's held-out parts (dev
now). Each class is checked on sentences written for it, never on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries
from crm_res.services.ops.demo_menu import DEMO_MENU

DEMO = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # the same order placed twice: a duplicate to put right
        ("ابي الغي الطلب لاني طلبته مرتين", "support"),
        ("cancel one of my orders please, I placed the same one twice", "support"),
        ("بدي الغي طلبي، انبعت مرتين", "support"),
        # guards: a cancel alone, or ordered by mistake, is the order's cancellation
        ("ابي الغي الطلب", "order_status"),
        ("cancel my last order please, I ordered by mistake", "order_status"),
    ],
)
def test_a_cancel_of_an_order_placed_twice_is_support(text, intent):
    """ "عايز الغي الاوردر … طلبت نفسه مرتين": a cancel with a duplicate to put right is support."""
    assert classify_intent(text, DEMO).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("عطوني مدير الفرع لو سمحتوا", "escalation"),
        ("اعطني المشرف لو سمحت، ثاني مرة الطلب يوصل بارد", "escalation"),
        ("عطيني المسؤول، الطلب ناقص", "escalation"),
        # guard: "give me" a dish is an order
        ("عطني برجر ثنين وبيبسي", "order"),
    ],
)
def test_give_me_the_manager_is_an_escalation(text, intent):
    """ "عطوني مدير الفرع": the Gulf and Levantine "give me" asks for the person, whatever the
    complaint after it."""
    assert classify_intent(text, DEMO).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "fi kunafa lyom? law 5ilset jeebli falafel 2",
        "3andkom om ali? iza 5alset 3tini kunafa",
        "fi shawarma la7me? law 5ilso hatli 2 shawarma djej",
    ],
)
def test_a_question_then_a_fallback_if_it_ran_out_in_arabizi_is_an_order(text):
    """ "law 5ilset jeebli …": "if it ran out" with its vowels said otherwise, then a dish to bring
    instead, orders (round 30 tuning's class, in more Arabizi spellings)."""
    assert classify_intent(text, DEMO).intent == "order"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("يسلمو ايديكم عالعشا، كان زاكي والتوصيل سريع", "thanks"),
        ("تسلم ايد الشيف، وصل كل شي حار ومرتب", "thanks"),
        ("الله يسلمو ايديكن، الفلافل كانت مقرمشة", "thanks"),
        # guards: said of the food with no comma, or with a complaint after it
        ("تسلم ايديكم الاكل كان بيجنن", "feedback"),
        ("تسلم ايديكم، بس الاكل وصل بارد", "feedback"),
    ],
)
def test_bless_your_hands_first_then_a_comma_is_thanks(text, intent):
    """ "يسلمو إيديكن عالأكل، كان طيب كتير": "bless your hands" opening the message and closed by a
    comma is thanks said first, whatever good follows; run on into the verdict it is a review."""
    assert classify_intent(text, DEMO).intent == intent
