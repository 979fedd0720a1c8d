"""Menu names that carry a number — piece counts ("ستربس ٣ قطع"), weights ("٥٠٠ غرام"),
volumes ("330ml"), "Chicken 65" — told apart from the count of the order."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import WEIGHED, assert_order, item_counts, load_menu

BURGER = load_menu("burger")
STEAK = load_menu("steakhouse")


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
    ("text", "menu", "items"),
    [
        ("ابي ٢ دجاج ٦٥", "biryani", {"Chicken 65": 2}),
        ("chicken 65 and karak tea", "biryani", {"Chicken 65": 1, "Karak Tea": 1}),
        ("ابي برياني دجاج ٢", "biryani", {"Chicken Biryani": 2}),  # no name ends in 2: a count
    ],
)
def test_a_number_that_completes_a_name_is_part_of_it(text, menu, items) -> None:
    assert_order(text, load_menu(menu), items)


def test_a_number_after_a_shared_head_short_of_a_name_stays_a_count() -> None:
    parsed = parse_order("ابي ستربس ٣", load_menu("burger"))
    assert [(a.quantity, len(a.candidates)) for a in parsed.ambiguous] == [(3, 2)]


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
    assert_order(text, menu, items)


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
        ("ابغى ريب آي ٣٠٠، وبطاطس مهروسة", {"Ribeye 300g": 1, "Mashed Potatoes": 1}),
        ("2 ribeye 500, mashed potatoes", {"Ribeye 500g": 2, "Mashed Potatoes": 1}),
        ("بطاطس مهروسة ٢، تشيز كيك", {"Mashed Potatoes": 2, "Cheesecake": 1}),
    ],
)
def test_a_number_of_a_name_before_a_comma_stays_in_the_name(text, items) -> None:
    """A count closed by a comma counts the dish before it, unless the number is a word of a
    name on this menu ("ريب آي ٣٠٠،"), which then stays the name's."""
    parsed = parse_order(text, STEAK)
    assert item_counts(parsed) == items
    assert parsed.unknown == [] and parsed.ambiguous == []


BROASTED = load_menu("broasted")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("an 8 piece broasted meal and a coleslaw", {"Broasted Meal 8 Pieces": 1, "Coleslaw": 1}),
        ("2 12 piece family meals for pickup", {"Family Meal 12 Pieces": 2}),
        ("ابي ١٦ قطعة وجبة عائلية", {"Family Meal 16 Pieces": 1}),
    ],
)
def test_a_count_and_its_measure_before_the_rest_of_the_name_are_part_of_it(text, items) -> None:
    """ "an 8 piece broasted meal" is the menu's "Broasted Meal 8 Pieces": the number with the
    name's measure after it, and the dish words after them, spell the name whole."""
    assert_order(text, BROASTED, items)


def test_a_count_before_a_measure_of_another_size_stays_a_count() -> None:
    """No name has "3 pieces" of a broasted meal: "3" counts the meals, the name stays a question."""
    parsed = parse_order("3 piece broasted meal", BROASTED)
    assert parsed.lines == [] and len(parsed.ambiguous) == 1


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("3ayez wagbet broasted 8 7etat w bebsi", {"Broasted Meal 8 Pieces": 1, "Pepsi": 1}),
        ("عايز ٢ وجبة عائلية ١٢ حتة", {"Family Meal 12 Pieces": 2}),
        ("ana bade wajbe 3a2eliye 16 7abbat", {"Family Meal 16 Pieces": 1}),
    ],
)
def test_the_names_count_with_the_customers_word_for_pieces(text, items) -> None:
    """Egyptian "حتة" / "7etat", "7abbat" for the name's "قطع": the number closing the words of
    the one name that holds it is that name's count, not the order's."""
    assert_order(text, BROASTED, items)


def test_a_count_and_measure_before_part_of_a_name_find_the_names_holding_them() -> None:
    """ "one 8 piece meal": only "Broasted Meal 8 Pieces" holds 8, pieces and meal."""
    assert_order(
        "one 8 piece meal and one 4 piece spicy meal",
        BROASTED,
        {"Broasted Meal 8 Pieces": 1, "Spicy Broasted Meal 4 Pieces": 1},
    )


def test_a_count_and_measure_several_names_hold_is_asked_about() -> None:
    """ "2 4 piece meals": the regular and the spicy 4-piece meal both hold them; asked."""
    parsed = parse_order("2 4 piece meals", BROASTED)
    assert parsed.lines == [] and len(parsed.ambiguous) == 1 and len(parsed.ambiguous[0].candidates) == 2
