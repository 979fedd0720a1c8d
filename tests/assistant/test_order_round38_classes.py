"""Order classes of round 38's tuning (issue #13): the classes of round 37's held-out parts (dev now).
Each class is checked on small menus written here, on sentences written for it, never on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import item_counts

#: A sandwich bar whose one side is named by how it is cooked ("toasted", "محمص") and by "bread".
SANDWICH_BAR = menu_entries(
    [
        {"name_ar": "صندويش حلومي", "name_en": "Halloumi Sandwich", "price": "14", "category": "sandwiches"},
        {"name_ar": "صندويش ديك رومي", "name_en": "Turkey Sandwich", "price": "16", "category": "sandwiches"},
        {"name_ar": "خبز جبنة محمص", "name_en": "Toasted Cheese Bread", "price": "8", "category": "sides"},
        {"name_ar": "بطاطا ودجز", "name_en": "Potato Wedges", "price": "7", "category": "sides"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "9", "category": "drinks"},
    ]
)


def _exact(text: str, items: dict[str, int]) -> None:
    parsed = parse_order(text, SANDWICH_BAR)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("one turkey sandwich toasted please and an orange juice", {"Turkey Sandwich": 1, "Orange Juice": 1}),
        ("2 halloumi sandwiches toasted with extra cheese", {"Halloumi Sandwich": 2}),
        ("بدي صندويش حلومي ٣ وعصير برتقال، ويا ريت يكون محمص", {"Halloumi Sandwich": 3, "Orange Juice": 1}),
        (
            "bedi sandwich 7aloumi w 3aseer borto2an, ya reet ykoon m7ammas",
            {"Halloumi Sandwich": 1, "Orange Juice": 1},
        ),
        (
            "ابغى صندويش ديك رومي اربعة، ثنين منها بدون مايونيز ومحمصة",
            {"Turkey Sandwich": 4},
        ),
    ],
)
def test_a_lone_cooked_word_after_a_dish_is_how_it_is_made(text, items):
    """ "a turkey sandwich toasted", "ويا ريت يكون محمص", "بدون مايونيز ومحمصة": after a dish is named,
    a lone word of how it is cooked is how that dish is made, never the one side it alone names."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عايز صندويش حلومي ستة، اتنين من غير طماطم وتلاتة محمصين", {"Halloumi Sandwich": 6}),
        (
            "ابغى صندويش ديك رومي خمسة، ثنين بدون خس وثنين محمصين، وعصير برتقال",
            {"Turkey Sandwich": 5, "Orange Juice": 1},
        ),
    ],
)
def test_a_toasted_count_of_a_split_is_how_those_are_made(text, items):
    """ "اتنين من غير طماطم وتلاتة محمصين": "محمص" joins the words of how some of a split count are
    cooked (as "مقلية" did), never the side "خبز جبنة محمص"."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي صندويش حلومي اربعة، واحد بدون خيار وواحد بخبز أسمر", {"Halloumi Sandwich": 4}),
        (
            "بدي صندويش ديك رومي ٣، تنين بلا بندورة ووحدة بخبز الشوفان، وبطاطا ودجز",
            {"Turkey Sandwich": 3, "Potato Wedges": 1},
        ),
    ],
)
def test_with_which_bread_some_of_a_split_count_come(text, items):
    """ "وواحد بخبز أسمر": once a count is split, a later count with "ب" and a lone word of a name then
    a word off the menu is what those are made with, never the side that word alone names."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("toasted cheese bread 2 and a turkey sandwich", {"Toasted Cheese Bread": 2, "Turkey Sandwich": 1}),
        ("صندويش حلومي وخبز جبنة محمص", {"Halloumi Sandwich": 1, "Toasted Cheese Bread": 1}),
        ("صندويش حلومي ٢ ومحمص ٢", {"Halloumi Sandwich": 2, "Toasted Cheese Bread": 2}),
        ("صندويش ديك رومي وخبز جبنة", {"Turkey Sandwich": 1, "Toasted Cheese Bread": 1}),
    ],
)
def test_the_side_said_by_its_name_or_counted_stays(text, items):
    """Guards: the side named with its other words, or the lone word counted, is still that dish."""
    _exact(text, items)
