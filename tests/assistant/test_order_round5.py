"""Order understanding on the round-5 menu (#13): a burger and broasted place with meals, sizes
and piece counts in its names ("ستربس ٣ قطع"), and Arabizi words for its measure words."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import item_counts, load_menu

BURGER = load_menu("burger")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي ستربس ٥ قطع", {"Strips 5 Pieces": 1}),
        ("ابي ٢ ستربس ٣ قطع وبيبسي", {"Strips 3 Pieces": 2, "Pepsi": 1}),
        ("ستربس ٥ قطع ثنتين", {"Strips 5 Pieces": 2}),
        ("3 strips 5 pieces", {"Strips 5 Pieces": 3}),
        ("abi strips 5 qeta3 w pepsi", {"Strips 5 Pieces": 1, "Pepsi": 1}),
    ],
)
def test_a_number_between_words_of_a_name_is_part_of_it(text, items) -> None:
    """The name's own number is read as a name word, a number outside the name as a quantity."""
    parsed = parse_order(text, BURGER)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


@pytest.mark.parametrize("text", ["ابي ٣ ستربس", "ابي ستربس ٣"])
def test_a_number_beside_a_shared_head_alone_is_a_quantity_to_ask_about(text) -> None:
    """ "ستربس ٣" may be three orders: the customer is asked which strips, three of them."""
    parsed = parse_order(text, BURGER)
    assert parsed.lines == []
    assert [(a.quantity, len(a.candidates)) for a in parsed.ambiguous] == [(3, 2)]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("abi 2 wagba burger la7am", {"Beef Burger Meal": 2}),
        ("abi wajbet burger dajaj w burger la7am dabal", {"Chicken Burger Meal": 1, "Double Beef Burger": 1}),
        ("3ayez sos 7ar w sos thoom", {"Hot Sauce": 1, "Garlic Sauce": 1}),
    ],
)
def test_arabizi_measure_words_double_and_sauce(text, items) -> None:
    """ "wagba"/"wajbet" are the menu's "وجبة", "dabal" its "دبل", "sos" its "صوص"."""
    parsed = parse_order(text, BURGER)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_an_arabizi_measure_word_on_a_menu_without_it_is_still_a_measure() -> None:
    parsed = parse_order("abi 2 wagba shawarma dajaj kbeer", load_menu("shawarma"))
    assert item_counts(parsed) == {"Large Chicken Shawarma": 2}


def test_a_plural_measure_word_of_a_name_keeps_its_own_waw() -> None:
    """ "وجبات" is the plural of the menu's "وجبة" (its "و" no "and"), so "٣ وجبات" counts it."""
    parsed = parse_order("ابي ٣ وجبات برجر لحم", BURGER)
    assert item_counts(parsed) == {"Beef Burger Meal": 3}


@pytest.mark.parametrize(
    ("menu", "text", "items"),
    [
        ("shawarma", "صحنين فلافل وحمص", {"Falafel Plate": 2, "Hummus": 1}),
        ("coffee", "ابي في ٦٠ ثنتين وفلات وايت", {"V60": 2, "Flat White": 1}),
        ("mandi", "abi mandi la7am 3a2eli", {"Family Lamb Mandi": 1}),
        ("shawarma", "bdi 2 shawarma djej kbire, wa7de menon bala toum", {"Large Chicken Shawarma": 2}),
    ],
)
def test_measure_duals_digit_names_and_levantine_arabizi(menu, text, items) -> None:
    """A dual of a name's measure word counts that name; a name of a word and a number is read
    whole; Arabizi "3a2eli" is the menu's "عائلي", "wa7de menon" points back."""
    parsed = parse_order(text, load_menu(menu))
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_the_place_after_delivery_to_is_no_food() -> None:
    parsed = parse_order("one grilled salmon, delivery to Al Khobar please", load_menu("seafood"))
    assert item_counts(parsed) == {"Grilled Salmon": 1}
    assert parsed.unknown == []
    named_back = parse_order("بيتزا مارغريتا توصيل الى حي النرجس وسوشي", load_menu("pizzeria"))
    assert named_back.unknown == ["سوشي"]


def test_one_of_the_named_dish_splits_that_dish_only() -> None:
    """ "one of the lattes" after "2 spanish latte and 1 iced americano" is a line of the two
    spanish lattes (1 + 1), not a third latte to ask about; "one of them" keeps its old reading."""
    coffee = load_menu("coffee")
    parsed = parse_order("2 spanish latte and 1 iced americano, one of the lattes with oat milk", coffee)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == [
        ("Iced Americano", 1),
        ("Spanish Latte", 1),
        ("Spanish Latte", 1),
    ]
    assert parsed.ambiguous == []
    alone = parse_order("one of the lattes please", coffee)
    assert item_counts(alone) == {} and len(alone.ambiguous) == 1
