"""Free-text order parsing against the demo menu (and a custom one)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_res.assistant import order_parser
from crm_res.assistant.order_parser import (
    MenuEntry,
    OrderLine,
    ParsedOrder,
    menu_entries,
    parse_order,
)
from crm_res.assistant.totals import order_total
from crm_res.services.ops.demo_menu import DEMO_MENU
from tests.assistant.menus import item_counts, load_menu

SHAWARMA = load_menu("shawarma")

MENU = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابغى اطلب برجر مع بطاطس", {"Burger": 1, "Fries": 1}),
        ("2 burgers and a pepsi", {"Burger": 2, "Pepsi": 1}),
        ("برجر دجاج وحدة وبيبسي ثنتين", {"Chicken Burger": 1, "Pepsi": 2}),
        ("برجرين وبطاطا", {"Burger": 2, "Fries": 1}),
        ("برقر و برغر", {"Burger": 2}),
        ("3 x fries", {"Fries": 3}),
        ("بطاطس ×٢", {"Fries": 2}),
        ("ابي ٢ شاورما دجاج", {"Chicken Shawarma": 2}),
        ("واحد كبسة دجاج واثنين حمص", {"Chicken Kabsa": 1, "Hummus": 2}),
        ("حبتين شاورما لحم", {"Beef Shawarma": 2}),
        ("two teas and one lamb mandi", {"Tea": 2, "Lamb Mandi": 1}),
        ("عايز طعمية وعصير", {"Falafel": 1, "Orange Juice": 1}),
        ("burgr and fires", {"Burger": 1, "Fries": 1}),
        ("kabsa dajaj x 2, 7ommos", {"Chicken Kabsa": 2, "Hummus": 1}),
    ],
)
def test_items_and_quantities(text: str, items: dict[str, int]) -> None:
    """Names in any dialect, spelling, plural or dual, with quantities in digits or words."""
    assert item_counts(parse_order(text, MENU)) == items


def test_longest_item_wins() -> None:
    """ "برجر دجاج" is one Chicken Burger, not a Burger plus leftover chicken."""
    parsed = parse_order("برجر دجاج", MENU)
    assert [line.menu_item_key for line in parsed.lines] == ["Chicken Burger"]
    assert parse_order("chicken burger", MENU).lines[0].menu_item_key == "Chicken Burger"


def test_modifications_attach_to_their_item() -> None:
    """ "بدون بصل", "زيادة جبن", "without onion" and "حار" end up on the right line."""
    parsed = parse_order("برجر بدون بصل وزيادة جبن وبيبسي دايت", MENU)
    by_name = {line.name_en: line.modifications for line in parsed.lines}
    assert by_name == {"Burger": ["بدون بصل", "زياده جبن"], "Pepsi": ["دايت"]}
    english = parse_order("chicken burger without onion, extra cheese and fries", MENU)
    assert english.lines[0].modifications == ["without onion", "extra cheese"]
    assert parse_order("2 برجر دجاج حار", MENU).lines[0].modifications == ["حار"]


def test_lines_carry_menu_data() -> None:
    """Each line holds the menu key, both names and the unit price as a Decimal."""
    line = parse_order("كبسة دجاج", MENU).lines[0]
    assert line == OrderLine("Chicken Kabsa", "كبسة دجاج", "Chicken Kabsa", 1, Decimal("42"), [])


def test_unavailable_items_are_reported_not_ordered() -> None:
    """An item switched off on the menu is listed in `unavailable` and never becomes a line."""
    parsed = parse_order("ابي آيس كريم وكنافة", MENU)
    assert item_counts(parsed) == {"Kunafa": 1}
    assert [entry.name_en for entry in parsed.unavailable] == ["Ice Cream"]


def test_unknown_food_words_are_named_back() -> None:
    """Dishes the menu lacks come back in `unknown` so the reply can say so."""
    parsed = parse_order("ابي اطلب برجر وبيتزا", MENU)
    assert item_counts(parsed) == {"Burger": 1}
    assert parsed.unknown == ["بيتزا"]
    assert parse_order("2 burgers and a milkshake", MENU).unknown == ["milkshake"]


def test_missing_variant_is_not_swapped_for_another() -> None:
    """ "كبسه لحم" is unknown when only chicken kabsa exists; it is never silently changed."""
    parsed = parse_order("كبسه لحم", MENU)
    assert parsed.lines == []
    assert parsed.unknown == ["كبسه لحم"]


def test_loose_names_are_ambiguous() -> None:
    """ "شاورما" alone fits two items, so it is returned as ambiguous with both candidates."""
    parsed = parse_order("2 شاورما", MENU)
    assert parsed.lines == []
    assert len(parsed.ambiguous) == 1
    assert parsed.ambiguous[0].quantity == 2
    assert set(parsed.ambiguous[0].candidates) == {"Chicken Shawarma", "Beef Shawarma"}


def test_elliptical_qualifier_reuses_previous_dish() -> None:
    """ "ثلاث شاورما دجاج وثنتين لحم" orders three chicken and two beef shawarma."""
    parsed = parse_order("ثلاث شاورما دجاج وثنتين لحم", MENU)
    assert item_counts(parsed) == {"Chicken Shawarma": 3, "Beef Shawarma": 2}


def test_no_food_no_lines() -> None:
    """A message that orders nothing yields an empty order."""
    parsed = parse_order("السلام عليكم كيف الحال", MENU)
    assert parsed == ParsedOrder(lines=[])


def test_order_total() -> None:
    """The total is the sum of quantity × unit price."""
    parsed = parse_order("2 burgers and 3 pepsi", MENU)
    assert order_total(parsed.lines) == Decimal("35") * 2 + Decimal("6") * 3
    assert order_total([]) == Decimal("0")


def test_order_total_of_stored_items() -> None:
    """Stored order items (``{"price": "12.50", "quantity": 2}``: the price as its stored string)
    add up the same way, each line quantity × price."""
    items = [{"price": "12.50", "quantity": 2}, {"price": "3", "quantity": 1}, {"price": 4, "quantity": 3}]
    assert order_total(items) == Decimal("12.50") * 2 + Decimal("3") + Decimal("4") * 3


def test_custom_menu_with_aliases() -> None:
    """A restaurant's own dishes and aliases are matched, typos included."""
    menu = [
        MenuEntry("m1", "مطبق", "Mutabbaq", Decimal("15"), aliases=("mutabak", "مطبق لحم")),
        MenuEntry("m2", "سمبوسة", "Sambosa", Decimal("2"), aliases=("sambusa",)),
    ]
    parsed = parse_order("ابي ٢ مطبق و ١٠ سمبوسه", menu)
    assert {line.menu_item_key: line.quantity for line in parsed.lines} == {"m1": 2, "m2": 10}
    assert parse_order("one mutabak", menu).lines[0].menu_item_key == "m1"


def test_menu_entries_from_demo_rows() -> None:
    """Demo rows become entries keyed by English name, availability preserved."""
    by_key = {entry.key: entry for entry in MENU}
    assert len(MENU) == len(DEMO_MENU)
    assert by_key["Ice Cream"].available is False
    assert by_key["Burger"].price == Decimal("35")


HOUSE_MENU = [
    *DEMO_MENU,
    {"name_ar": "مطبق", "name_en": "Mutabbaq", "price": "18"},
    {"name_ar": "معصوب", "name_en": "Masoub", "price": "22"},
    {"name_ar": "مسحب دجاج", "name_en": "Musahab chicken", "price": "27"},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ابغى ٢ مطبك", [("Mutabbaq", 2)]),  # ق typed as ك
        ("ابغى مصوب", [("Masoub", 1)]),  # a dropped letter
        ("ابغى مسخب دجاج وبيبسي", [("Musahab chicken", 1), ("Pepsi", 1)]),
        ("2 mutabaq please", [("Mutabbaq", 2)]),  # not the built-in "mutabal"
        ("2 mutabal", [("Moutabal", 2)]),  # the built-in dish still wins its own spelling
    ],
)
def test_typos_of_the_restaurants_own_dish_names_match(text: str, expected: list[tuple[str, int]]) -> None:
    """Dishes the synonym table does not know are still found through one-letter typos."""
    parsed = parse_order(text, menu_entries(HOUSE_MENU))
    assert [(line.name_en, line.quantity) for line in parsed.lines] == expected and parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("2 burgers: one spicy, one plain", {("Burger", 1, ("spicy",)), ("Burger", 1, ())}),
        ("٢ برجر واحد حار وواحد عادي", {("Burger", 1, ("حار",)), ("Burger", 1, ())}),
        ("3 burgers: one without onion", {("Burger", 1, ("without onion",)), ("Burger", 2, ())}),
        ("ابي برجرين واحد بدون بصل", {("Burger", 1, ("بدون بصل",)), ("Burger", 1, ())}),
        (
            "2 burgers, one without onion and 1 fries",
            {("Burger", 1, ("without onion",)), ("Burger", 1, ()), ("Fries", 1, ())},
        ),
        ("2 burgers 3 fries", {("Burger", 2, ()), ("Fries", 3, ())}),
    ],
)
def test_a_counted_dish_made_different_ways_keeps_its_count(text: str, lines: set) -> None:
    """ "2 burgers: one spicy, one plain" is two burgers (was read as three: 2 spicy + 1)."""
    parsed = parse_order(text, MENU)
    assert {(x.name_en, x.quantity, tuple(x.modifications)) for x in parsed.lines} == lines
    assert parsed.unknown == []


def test_clear_caches_leaves_results_unchanged() -> None:
    """The caches are only speed: after emptying them the same order parses the same."""
    text = "ابي ٢ شاورما دجاج كبير وبيبسي"
    before = item_counts(parse_order(text, SHAWARMA))
    order_parser.clear_caches()
    assert item_counts(parse_order(text, SHAWARMA)) == before == {"Large Chicken Shawarma": 2, "Pepsi": 1}
