"""A note on how dishes already on the order are made keeps the order and puts the note on those
lines ("بدون بصل في شاورما اللحمة", "stop el onion fl burgers kollaha"); it used to be read as a
whole new order of that dish alone. A removal with "and keep the rest" takes off that dish only.
Written for the classes sets 47 and 48 showed, not with their sentences."""

from __future__ import annotations

import pytest

from tests.fixtures.shop import Shop


def _confirming(shop: Shop, order: str) -> None:
    shop.say(order)
    assert shop.phase() == "confirming"


def _lines(shop: Shop) -> dict[str, tuple[int, tuple[str, ...]]]:
    draft = shop.context()["draft"]
    return {x["name_en"]: (x["quantity"], tuple(x["modifications"])) for x in draft["lines"]}


@pytest.mark.parametrize(
    ("note", "made"),
    [
        ("بدون طماطم في البرجر الدجاج لو سمحت", "بدون طماطم"),
        ("وقفوا الطماطم من برجر الدجاج، ما احبها", "بدون الطماطم"),
        ("stop the tomato in the chicken burgers please", "no tomato"),
        ("bala tomato fl chicken burger", "bala tomato"),
    ],
)
def test_a_note_on_a_dish_ordered_keeps_the_order(shop, note, made):
    _confirming(shop, "ابي ٢ برجر دجاج و٣ بيبسي وفلافل استلام من العليا")
    shop.say(note)
    lines = _lines(shop)
    assert set(lines) == {"Chicken Burger", "Pepsi", "Falafel"}
    assert lines["Chicken Burger"] == (2, (made,))
    assert lines["Pepsi"] == (3, ()) and lines["Falafel"] == (1, ())
    assert shop.phase() == "confirming"


def test_the_yes_after_the_note_places_every_line(shop):
    _confirming(shop, "ابي ٢ برجر دجاج و٣ بيبسي استلام من العليا")
    shop.say("بدون بصل في البرجر")
    shop.say("نعم")
    assert shop.only_order_lines() == {"Chicken Burger": 2, "Pepsi": 3}


@pytest.mark.parametrize(
    "change",
    ["add one more pepsi", "شيل البيبسي", "ابي بيبسي ثنين بدون ثلج"],
)
def test_a_change_of_the_lines_is_still_a_change(shop, change):
    """Guards: more, less, or a count with the note are changes of the lines, not notes."""
    _confirming(shop, "ابي ٢ برجر دجاج و٣ بيبسي استلام من العليا")
    shop.say(change)
    assert _lines(shop).get("Pepsi", (0, ()))[0] != 3


@pytest.mark.parametrize(
    "remove",
    ["كنسل البيبسي وخل الباقي", "remove the pepsi and keep the rest", "shil el pepsi w 5alli el ba2i"],
)
def test_a_removal_that_keeps_the_rest_takes_that_dish_off(shop, remove):
    _confirming(shop, "ابي ٢ برجر دجاج و٣ بيبسي استلام من العليا")
    out = shop.say(remove)
    assert _lines(shop) == {"Chicken Burger": (2, ())}
    assert not any("المنيو" in reply or "menu" in reply for reply in out), out
