"""Order understanding rules from round 6 (#13): a Levantine grill/mezze menu and a biryani menu,
and what they showed about the older menus. Each rule is general; the examples use several menus."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.orders.arabizi import skeleton
from tests.assistant.menus import item_counts, load_menu

MASHAWI = load_menu("mashawi")
BIRYANI = load_menu("biryani")


def _exact(text: str, menu, items: dict[str, int]) -> None:
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("٣ كبة مشوية و٢ كبة مقلية", {"Grilled Kibbeh": 3, "Fried Kibbeh": 2}),
        ("ابي كبة مشوي", {"Grilled Kibbeh": 1}),  # the other gender still finds the name
        ("نص فروج مشوية", {"Half Grilled Chicken": 1}),
    ],
)
def test_a_name_word_spelt_as_written_wins_over_its_other_gender(text, items) -> None:
    """ "مشوية" is the menu's "كبة مشوية" even though "نص فروج مشوي" has "مشوي"; a word in the
    other gender than the menu's still fits the name it agrees with."""
    _exact(text, MASHAWI, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي ٢ دجاج ٦٥", "biryani", {"Chicken 65": 2}),
        ("chicken 65 and karak tea", "biryani", {"Chicken 65": 1, "Karak Tea": 1}),
        ("ابي برياني دجاج ٢", "biryani", {"Chicken Biryani": 2}),  # no name ends in 2: a count
    ],
)
def test_a_number_that_completes_a_name_is_part_of_it(text, menu, items) -> None:
    _exact(text, load_menu(menu), items)


def test_a_number_after_a_shared_head_short_of_a_name_stays_a_count() -> None:
    parsed = parse_order("ابي ستربس ٣", load_menu("burger"))
    assert [(a.quantity, len(a.candidates)) for a in parsed.ambiguous] == [(3, 2)]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("two plain naan and one garlic naan", "biryani", {"Plain Naan": 2, "Garlic Naan": 1}),
        ("2 hummus with meat and 1 plain hummus", "mashawi", {"Hummus with Meat": 2, "Hummus": 1}),
    ],
)
def test_plain_before_a_dish_describes_that_dish(text, menu, items) -> None:
    """ "one plain X" is X; only a bare "one plain" borrows the dish before it."""
    _exact(text, load_menu(menu), items)


def test_a_bare_plain_after_a_count_still_borrows_the_dish_before() -> None:
    parsed = parse_order("3 burgers, one plain", load_menu("burger"))
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        ("3 butter chicken, one of them mild", "biryani", [("Butter Chicken", 1), ("Butter Chicken", 2)]),
        ("٢ ريش غنم وحدة منهم مستوية", "mashawi", [("Lamb Chops", 1), ("Lamb Chops", 1)]),
    ],
)
def test_words_after_one_of_them_are_the_change_of_that_line(text, menu, lines) -> None:
    parsed = parse_order(text, load_menu(menu))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == sorted(lines)
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي ربع دجاج مندي والرز زيادة", "mandi", {"Quarter Chicken Mandi": 1}),
        ("عطني هامور مشوي والرز زيادة وبيبسي", "seafood", {"Grilled Hamour": 1, "Pepsi": 1}),
        ("ابي برياني لحم ورز ابيض", "biryani", {"Mutton Biryani": 1, "Plain Rice": 1}),
    ],
)
def test_and_the_rice_extra_after_a_dish_is_a_change_not_a_dish(text, menu, items) -> None:
    """The article points at a part of the dish just named; "ورز" without it is still a dish."""
    _exact(text, load_menu(menu), items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bdi 3 kebbe mashwiye", "mashawi", {"Grilled Kibbeh": 3}),
        ("3ayez roz abyad w biryani djaj", "biryani", {"Plain Rice": 1, "Chicken Biryani": 1}),
        ("baddi salata khadra", "seafood", {"Green Salad": 1}),
        ("bade nos farrouj mashwe", "mashawi", {"Half Grilled Chicken": 1}),
        ("abi strips 3 2it3a", "burger", {"Strips 3 Pieces": 1}),
    ],
)
def test_arabizi_beside_a_word_of_the_same_name(text, menu, items) -> None:
    """A short Arabizi word is read against the words of the names beside it: a taa marbuta said
    as a vowel ("kebbe"), a silent final hamza ("khadra"), across the name's own number."""
    _exact(text, load_menu(menu), items)


def test_a_final_hamza_after_alif_is_not_in_the_skeleton() -> None:
    assert skeleton("خضراء") == skeleton("khadra")


def test_plural_halves() -> None:
    _exact("two broasted halves", load_menu("burger"), {"Half Broasted": 2})
