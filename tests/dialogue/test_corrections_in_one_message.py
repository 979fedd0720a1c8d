"""A customer who corrects themselves inside one message, as a voice note typed out reads ("اتنين
شاورما لحمة لا استنى خليهم فراخ… ولا بلاش المتبل خليها حمص"): the order, then each correction as
the change it says, then the order going on after it; a count corrected the parser's way ("…ثنتين لا
لا ثلاث كبسة") is not cut; a reason after a change ("لأنو اجا ابن عمي") is no part of it."""

from __future__ import annotations

import pytest

from tests.fixtures.shop import Shop


def _lines(shop: Shop) -> dict[str, int]:
    draft = shop.context().get("draft") or {}
    return {line["name_en"]: line["quantity"] for line in draft.get("lines", [])}


@pytest.mark.parametrize(
    ("message", "lines"),
    [
        (
            "عايز اتنين شاورما لحمة لا استنى خليهم فراخ وعايز بطاطس ومتبل ولا بلاش المتبل خليها حمص",
            {"Chicken Shawarma": 2, "Fries": 1, "Hummus": 1},
        ),
        (
            "بدي تلات شاورما جاج لا استنى خليهن اربعة لأنو اجا ابن عمي وكمان بطاطا وحدة",
            {"Chicken Shawarma": 4, "Fries": 1},
        ),
        ("I want two burgers and a pepsi, no wait, make the pepsi a water", {"Burger": 2, "Water": 1}),
        ("ابي كبسة دجاج وسلطة لا لا السلطة خلها حمص", {"Chicken Kabsa": 1, "Hummus": 1}),
    ],
)
def test_an_order_corrected_inside_its_message_ends_as_the_customer_meant(shop, message, lines):
    out = shop.say(message)
    assert _lines(shop) == lines, out
    assert sum("طلبك" in reply or "Your order" in reply for reply in out) == 1, (
        out
    )  # one summary, not one per part


def test_a_count_corrected_the_parsers_way_is_not_cut(shop):
    shop.say("كبسة دجاج ثنتين لا لا ثلاث كبسة دجاج")
    assert _lines(shop) == {"Chicken Kabsa": 3}


def test_no_with_a_dish_note_is_no_correction(shop):
    shop.say("ابي برجر لا بصل وبيبسي")
    assert _lines(shop) == {"Burger": 1, "Pepsi": 1}


def test_a_correction_mid_order_places_nothing_without_the_yes(shop):
    shop.say("two chicken shawarma no wait make them beef, pickup from Olaya")
    assert _lines(shop) == {"Beef Shawarma": 2}
    assert not shop.orders() and shop.phase() == "confirming"
    shop.say("yes")
    [order] = shop.orders()
    assert [(i["name_en"], i["quantity"]) for i in order.items] == [("Beef Shawarma", 2)]


@pytest.mark.parametrize(
    ("order", "change", "after"),
    [
        ("ابي ٢ برجر وحمص", "الحمص خليه متبل", {"Burger": 2, "Moutabal": 1}),
        ("2 burgers and a pepsi", "the pepsi, change it to water", {"Burger": 2, "Water": 1}),
        ("بدي ٣ شاورما جاج", "خليهن اربعة لأنو اجا ابن عمي", {"Chicken Shawarma": 4}),
    ],
)
def test_a_change_said_at_the_branch_question_is_made(shop, order, change, after):
    shop.say(order)
    assert shop.phase() == "fulfilment:branch"
    shop.say(change)
    assert _lines(shop) == after
