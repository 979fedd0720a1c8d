"""Order understanding on the round-4 menus (#13): a juice/dessert shop and a seafood house.

Arabizi "bel" compounds and short Arabizi words read beside a word of the same menu name,
English plurals of several-word names, Arabizi back-references and changes, and words that are
no dish (an Egyptian future verb, "كل ده") joined to an order.
"""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import item_counts, load_menu

_menu = load_menu


JUICE, SEAFOOD, BAKERY = _menu("juice"), _menu("seafood"), _menu("bakery")


_items = item_counts


@pytest.mark.parametrize(
    ("menu", "text", "items"),
    [
        (BAKERY, "bdi basbousa bel ashta", {"Cream Basbousa": 1}),
        (BAKERY, "3ayez om ali w roz bel laban", {"Om Ali": 1, "Rice Pudding": 1}),
        (JUICE, "3ayez ashta bel 3asal w waffle bel 3asal", {"Cream with Honey": 1, "Honey Waffle": 1}),
        (SEAFOOD, "3ayez rubyan bel thoum", {"Garlic Shrimp": 1}),
        (JUICE, "3ayez salatet fawakeh kbeera", {"Large Fruit Salad": 1}),
    ],
)
def test_arabizi_bel_compounds_and_short_words_beside_their_name(menu, text, items) -> None:
    """ "bel ashta" is the menu's "بالقشطة" (ق said as a glottal stop), "laban" the Egyptian for
    the menu's "حليب", "fawakeh" (two consonants) a word of the name "salatet" starts."""
    parsed = parse_order(text, menu)
    assert _items(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_a_short_arabizi_word_alone_names_nothing() -> None:
    """Without a word of the same name beside it, a two-consonant skeleton is not read."""
    parsed = parse_order("abi ashta", JUICE)
    assert _items(parsed) == {}


def test_english_plural_of_a_several_word_name() -> None:
    parsed = parse_order("two vanilla ice creams and one chocolate ice cream", JUICE)
    assert _items(parsed) == {"Vanilla Ice Cream": 2, "Chocolate Ice Cream": 1}


@pytest.mark.parametrize(
    ("menu", "text", "lines"),
    [
        (JUICE, "abgha 3 lemon na3na3, wa7ed menhom bdoon sukkar", [("Lemon Mint", 1), ("Lemon Mint", 2)]),
        (SEAFOOD, "abi 3 kabab djaj, wa7ed menhom bdoon bsal", [("Chicken Kebab", 1), ("Chicken Kebab", 2)]),
    ],
)
def test_arabizi_back_reference_splits_the_count(menu, text, lines) -> None:
    parsed = parse_order(text, menu)
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == lines
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("menu", "text", "items"),
    [
        (JUICE, "عاوز مهلبية وقشطة بالعسل، وهاستلم من الفرع", {"Muhallabia": 1, "Cream with Honey": 1}),
        (SEAFOOD, "عاوز صيادية وشوربة سمك، وهاجي اخدهم من المحل", {"Sayadieh": 1, "Fish Soup": 1}),
        (JUICE, "عايز وافل بالعسل وميلك شيك لوتس وكل ده توصيل", {"Honey Waffle": 1, "Lotus Milkshake": 1}),
    ],
)
def test_words_joined_to_an_order_that_are_no_dish(menu, text, items) -> None:
    """An Egyptian future verb ("وهاستلم", "وهاجي") and "وكل ده" are not named back as dishes."""
    parsed = parse_order(text, menu)
    assert _items(parsed) == items
    assert parsed.unknown == []


def test_a_food_word_joined_to_an_order_is_still_named_back() -> None:
    parsed = parse_order("ابي عصير مانجو وحمص", JUICE)
    assert _items(parsed) == {"Mango Juice": 1}
    assert parsed.unknown == ["حمص"]


@pytest.mark.parametrize(
    "text", ["ابي ربيان مقلي", "عايز جمبري مقلي", "بدي قريدس مقلي", "3ayez gambari ma2li", "fried prawns"]
)
def test_shrimp_under_each_dialects_name_is_the_menus_shrimp(text) -> None:
    """Gulf روبيان/ربيان, Egyptian جمبري ("gambari"), Levantine قريدس: one animal, one menu word."""
    parsed = parse_order(text, SEAFOOD)
    assert _items(parsed) == {"Fried Shrimp": 1}
    assert parsed.unknown == [] and parsed.ambiguous == []


def test_shrimp_off_this_menu_is_still_named_back() -> None:
    parsed = parse_order("ابي جمبري وعصير مانجو", JUICE)
    assert _items(parsed) == {"Mango Juice": 1}
    assert parsed.unknown == ["جمبري"]
