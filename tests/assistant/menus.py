"""The labelled menus of tests/data/menus, the small menus written inline for one rule each, and
what a parsed order holds, for the parser tests."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, menu_entries, parse_order

MENUS = Path(__file__).resolve().parents[1] / "data" / "menus"


def load_menu(name: str) -> list[MenuEntry]:
    """The entries of tests/data/menus/<name>.json."""
    return menu_entries(json.loads((MENUS / f"{name}.json").read_text(encoding="utf-8"))["items"])


def item_counts(parsed: ParsedOrder) -> dict[str, int]:
    """Menu item (English name) → quantity over all lines of a parsed order."""
    got: Counter[str] = Counter()
    for line in parsed.lines:
        got[line.name_en] += line.quantity
    return dict(got)


def assert_order(text: str, menu: list[MenuEntry], items: dict[str, int]) -> None:
    """`text` orders exactly `items` on `menu`: nothing asked about, unknown or unavailable."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


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
POTATO_GRILL = menu_entries(
    [
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "30"},
        {"name_ar": "بطاطا مهروسة", "name_en": "Mashed Potato", "price": "10"},
    ]
)
# A butcher's grill that weighs its cuts ("كباب ٢٥٠ غرام") and a juice bar that measures in ml.
WEIGHED = menu_entries(
    [
        {"name_ar": "كباب ٢٥٠ غرام", "name_en": "Kebab 250 g", "price": "30"},
        {"name_ar": "كباب ٥٠٠ غرام", "name_en": "Kebab 500 g", "price": "55"},
        {"name_ar": "عصير برتقال ٣٣٠ مل", "name_en": "Orange Juice 330ml", "price": "9"},
        {"name_ar": "عصير برتقال ١ لتر", "name_en": "Orange Juice 1 Litre", "price": "20"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "3"},
    ]
)
# A steak grill whose cuts come with a doneness and sides.
STEAK_GRILL = menu_entries(
    [
        {"name_ar": "انتركوت", "name_en": "Entrecote", "price": "90"},
        {"name_ar": "فيليه لحم", "name_en": "Beef Fillet", "price": "110"},
        {"name_ar": "بطاطس مقلية", "name_en": "French Fries", "price": "12"},
        {"name_ar": "كولسلو", "name_en": "Coleslaw", "price": "9"},
    ]
)


def order_lines(text: str, menu_name: str) -> list[tuple[str, int]]:
    """The (English name, quantity) lines `text` orders on tests/data/menus/<menu_name>.json, sorted."""
    return sorted((line.name_en, line.quantity) for line in parse_order(text, load_menu(menu_name)).lines)
