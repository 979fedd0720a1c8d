"""Measure words and plurals: a kilo, a bottle, a meal, a side, duals and English plurals
of several-word names count the dish they measure."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import WOK, assert_order, item_counts, load_menu

BAKERY = load_menu("bakery")
BURGER = load_menu("burger")
JUICE = load_menu("juice")
SUSHI = load_menu("sushi")
YEMENI = load_menu("yemeni")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a kilo of baklava", {"Baklava Kilo": 1}),
        ("half a kilo of baklava", {"Baklava Half Kilo": 1}),
        ("2 quarter kilos of baklava", {"Baklava Quarter Kilo": 2}),
    ],
)
def test_measure_phrases_name_one_dish(text, items) -> None:
    """ "a kilo of baklava" is the kilo box; "of"/"a" join the measure and the dish."""
    parsed = parse_order(text, BAKERY)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == []


def test_english_plural_of_a_several_word_name() -> None:
    parsed = parse_order("two vanilla ice creams and one chocolate ice cream", JUICE)
    assert item_counts(parsed) == {"Vanilla Ice Cream": 2, "Chocolate Ice Cream": 1}


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


def test_plural_halves() -> None:
    assert_order("two broasted halves", load_menu("burger"), {"Half Broasted": 2})


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("عايز ازازة مية ونودلز دجاج", SUSHI, {"Water": 1, "Chicken Noodles": 1}),
        ("عايز ٢ قزازة بيبسي ودمبلنغ دجاج", WOK, {"Pepsi": 2, "Chicken Dumplings": 1}),
        ("هات ازازتين مية وسلتة", YEMENI, {"Water": 2, "Saltah": 1}),
    ],
)
def test_the_egyptian_bottle_is_a_measure_word(text, menu, items) -> None:
    """ "ازازة"/"قزازة" (a bottle) measures the drink after it; its dual counts two."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("3 spicy tuna rolls", SUSHI, {"Spicy Tuna Roll": 3}),
        ("two fried veggie dumplings", WOK, {"Fried Veggie Dumpling": 2}),
        ("2 spring rolls", SUSHI, {"Spring Rolls": 2}),
    ],
)
def test_an_english_plural_stays_in_the_name_it_completes(text, menu, items) -> None:
    """ "rolls" after "spicy tuna" is that roll's plural, not the other name written "Rolls"."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ابي قطعة تشيز كيك توت وقطعة كيكة عسل", {"Blueberry Cheesecake": 1, "Honey Cake Slice": 1}),
        (
            "عايز قطعة كيكة عسل وقطعة براوني ساخن مع آيس كريم",
            {"Honey Cake Slice": 1, "Warm Brownie with Ice Cream": 1},
        ),
        ("قطعتين كيكة عسل", {"Honey Cake Slice": 2}),
    ],
)
def test_a_measure_before_another_dish_names_no_dish(text: str, expected: dict[str, int]) -> None:
    """ "وقطعة تشيز كيك": a piece of cheesecake, not a honey-cake slice and a cheesecake."""
    assert item_counts(parse_order(text, load_menu("icecream"))) == expected


def test_a_measure_that_closes_a_name_stays_in_it() -> None:
    """ "a falafel plate hummus …": the measure ends the name before it, it measures nothing after."""
    parsed = parse_order("a falafel plate, hummus and 2 pepsis", load_menu("shawarma"))
    assert item_counts(parsed) == {"Falafel Plate": 1, "Hummus": 1, "Pepsi": 2}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي فنجانين قهوة تركية", {"Turkish Coffee": 2}),
        ("عطيني اربع فناجين قهوة تركية وعوامة", {"Turkish Coffee": 4, "Awameh": 1}),
        ("ابي فنجانين قهوة عربية", {"Arabic Coffee Cup": 2}),
        ("بدي خمس فناجين قهوة عربية", {"Arabic Coffee Cup": 5}),
    ],
)
def test_a_measure_word_of_one_name_measures_another_whole_name(text, items) -> None:
    """ "فنجانين قهوة تركية" on a menu with "قهوة عربية فنجان": the cups measure the Turkish coffee
    (not an Arabic-coffee cup and a Turkish coffee); the broken plural "فناجين" is "فنجان"'s."""
    assert_order(text, load_menu("kunafa"), items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي كيلو ونص بقلاوة وعوامة", {"Baklava Kilo": 1, "Baklava Half Kilo": 1, "Awameh": 1}),
        ("عايز ٣ كيلو ونص بقلاوة", {"Baklava Kilo": 3, "Baklava Half Kilo": 1}),
        ("ابي بقلاوة كيلو ونص", {"Baklava Kilo": 1, "Baklava Half Kilo": 1}),
    ],
)
def test_a_kilo_and_a_half_is_one_of_each_weight(text, items) -> None:
    """ "كيلو ونص بقلاوة": two weights joined by "و" before (or after) one name are one of each
    weight the menu sells, not a kilo left as a note on the half kilo."""
    assert_order(text, load_menu("kunafa"), items)


def test_a_kilo_and_a_half_with_a_separate_and() -> None:
    """Arabizi writes the "و" apart: "kilo w nos ba2lawe" is a kilo and a half kilo too."""
    assert_order(
        "baddi kilo w nos ba2lawe w awame",
        load_menu("kunafa"),
        {"Baklava Kilo": 1, "Baklava Half Kilo": 1, "Awameh": 1},
    )
