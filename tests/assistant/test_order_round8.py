"""Order understanding rules from round 8 (#13): a steakhouse and a healthy bowl bar. Each rule
is general; the examples use small menus of other kinds as well."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from tests.assistant.menus import item_counts, load_menu

STEAK = load_menu("steakhouse")
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
GRILL = menu_entries(
    [
        {"name_ar": "انتركوت", "name_en": "Entrecote", "price": "90"},
        {"name_ar": "فيليه لحم", "name_en": "Beef Fillet", "price": "110"},
        {"name_ar": "بطاطس مقلية", "name_en": "French Fries", "price": "12"},
        {"name_ar": "كولسلو", "name_en": "Coleslaw", "price": "9"},
    ]
)


def _exact(text: str, menu, items: dict[str, int]) -> None:
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("بدي ريب آي ٥٠٠ وبيبسي", STEAK, {"Ribeye 500g": 1, "Pepsi": 1}),
        ("2 ribeye 300 please", STEAK, {"Ribeye 300g": 2}),
        ("ابي كباب ٢٥٠ وكباب ٥٠٠", WEIGHED, {"Kebab 250 g": 1, "Kebab 500 g": 1}),
        ("3 kebab 500 and a pepsi", WEIGHED, {"Kebab 500 g": 3, "Pepsi": 1}),
        ("two orange juice 330", WEIGHED, {"Orange Juice 330ml": 2}),
        ("ابي كباب ٥٠٠ غرام", WEIGHED, {"Kebab 500 g": 1}),
    ],
)
def test_the_number_of_a_weighed_name_names_it_without_its_unit(text, menu, items) -> None:
    """A name that weighs its dish ("٣٠٠ جرام", "500g", "330ml") is named by the head and the
    number alone; the count before it still counts."""
    _exact(text, menu, items)


def test_a_weighed_head_alone_is_still_asked_about() -> None:
    parsed = parse_order("ابي كباب", WEIGHED)
    names = {e.key: e.name_en for e in WEIGHED}
    assert parsed.lines == []
    assert [sorted(names[k] for k in a.candidates) for a in parsed.ambiguous] == [
        ["Kebab 250 g", "Kebab 500 g"]
    ]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي انتركوت ويل دن وكولسلو", {"Entrecote": 1, "Coleslaw": 1}),
        ("عايز ٢ فيليه لحم ميديم", {"Beef Fillet": 2}),
        ("one entrecote medium rare and fries", {"Entrecote": 1, "French Fries": 1}),
        ("بدي فيليه لحم نص استواء", {"Beef Fillet": 1}),
        ("a beef fillet well done with a side of coleslaw", {"Beef Fillet": 1, "Coleslaw": 1}),
    ],
)
def test_doneness_and_sides_are_how_a_dish_comes_never_dishes(text, items) -> None:
    """ "ميديم", "ويل دن" (never "و" + "يل"), "medium rare", "نص استواء" say how a cut is
    cooked; "a side of" measures what follows. None is named back as unknown food."""
    _exact(text, GRILL, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي انتركوت وكولسلو اثنين، استلام من الفرع", GRILL, {"Entrecote": 1, "Coleslaw": 2}),
        ("بيبسي ٣، pickup", WEIGHED, {"Pepsi": 3}),
        ("عايز ٢ كباب ٢٥٠ دليفري", WEIGHED, {"Kebab 250 g": 2}),
    ],
)
def test_pickup_and_delivery_words_after_a_count_are_never_dishes(text, menu, items) -> None:
    _exact(text, menu, items)
