"""Order understanding rules from round 7 (#13): a sushi / Asian menu and a Yemeni / Hadrami
menu. Each rule is general; the examples use small menus of other kinds as well."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.assistant.orders.arabizi import latin_skeletons, skeleton
from crm_res.assistant.sentiment import analyze_sentiment
from tests.assistant.menus import item_counts, load_menu

SUSHI = load_menu("sushi")
YEMENI = load_menu("yemeni")
# A Chinese-style menu: a conjunction inside a name, and plural/singular English names.
WOK = menu_entries(
    [
        {"name_ar": "لحم بصلصة الفلفل والبصل", "name_en": "Beef with Pepper and Onion", "price": "30"},
        {"name_ar": "دمبلنغ دجاج", "name_en": "Chicken Dumplings", "price": "20"},
        {"name_ar": "دمبلنغ خضار مقلي", "name_en": "Fried Veggie Dumpling", "price": "18"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "3"},
    ]
)
# A burger place whose potato dish is fries, and a grill whose only potato dish is not.
FRIES_MENU = menu_entries(
    [
        {"name_ar": "برجر لحم", "name_en": "Beef Burger", "price": "25"},
        {"name_ar": "بطاطس مقلية", "name_en": "French Fries", "price": "8"},
    ]
)
GRILL = menu_entries(
    [
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "30"},
        {"name_ar": "بطاطا مهروسة", "name_en": "Mashed Potato", "price": "10"},
    ]
)


def _exact(text: str, menu, items: dict[str, int]) -> None:
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("هاي الطلبية: ٢ نودلز دجاج", SUSHI, {"Chicken Noodles": 2}),
        ("بدي هيدا: زربيان لحم وهاي كمان شاي عدني", YEMENI, {"Lamb Zurbian": 1, "Adeni Tea": 1}),
        ("هاد طلبي ٣ دمبلنغ دجاج", WOK, {"Chicken Dumplings": 3}),
    ],
)
def test_levantine_demonstratives_are_never_dishes(text, menu, items) -> None:
    """ "هاي"/"هيدا"/"هاد" ("this") point at the order; never named back as unknown food."""
    _exact(text, menu, items)


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
    _exact(text, menu, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("beef with pepper and onion and a pepsi", {"Beef with Pepper and Onion": 1, "Pepsi": 1}),
        (
            "2 chicken dumplings and beef with pepper and onion",
            {"Chicken Dumplings": 2, "Beef with Pepper and Onion": 1},
        ),
    ],
)
def test_a_conjunction_inside_a_menu_name_keeps_the_name_whole(text, items) -> None:
    _exact(text, WOK, items)
    _exact("sweet and sour chicken and miso soup", SUSHI, {"Sweet and Sour Chicken": 1, "Miso Soup": 1})


def test_and_still_separates_dishes_whose_names_have_no_and() -> None:
    _exact("chicken dumplings and pepsi", WOK, {"Chicken Dumplings": 1, "Pepsi": 1})


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
    _exact(text, menu, items)


def test_arabizi_th_reads_as_either_arabic_letter() -> None:
    assert skeleton("حنيذ") in latin_skeletons("haneeth")
    assert len(latin_skeletons("haneeth")) == 2 and latin_skeletons("7aneen") == (skeleton("7aneen"),)
    _exact("bdi 7aneeth la7m", YEMENI, {"Lamb Haneeth": 1})
    _exact("abi mathbi djaj", YEMENI, {"Chicken Madhbi": 1})


def test_fries_are_fries_not_any_potato_dish() -> None:
    _exact("burger with fries", FRIES_MENU, {"Beef Burger": 1, "French Fries": 1})
    _exact("برجر لحم وبطاطس", FRIES_MENU, {"Beef Burger": 1, "French Fries": 1})
    parsed = parse_order("shish tawook with fries", GRILL)
    assert item_counts(parsed) == {"Shish Tawook": 1} and parsed.unknown == ["fries"]
    _exact("شيش طاووق وبطاطا مهروسة", GRILL, {"Shish Tawook": 1, "Mashed Potato": 1})


@pytest.mark.parametrize(
    "text", ["ابي ٢ مظبي دجاج، استلام بعد نص ساعة", "pickup in 45 minutes please, 2 spring rolls"]
)
def test_a_time_ahead_is_no_wait(text) -> None:
    assert "speed" not in analyze_sentiment(text).categories


def test_a_wait_already_suffered_still_counts() -> None:
    assert "speed" in analyze_sentiment("طلبي صار له نص ساعه ما وصل").categories
    assert "speed" in analyze_sentiment("waited 50 minutes for my food").categories
