"""Order classes found on round 18's held-out parts, read in round 19 (issue #13): each test names
the class and checks it on sentences written for it, on menus written here, not on the records
that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import assert_order

# A Turkish grill: a döner in two sizes beside its plate, a kofte sandwich beside its plate.
DONER = menu_entries(
    [
        {"name_ar": "دونر دجاج صغير", "name_en": "Small Chicken Doner", "price": "10"},
        {"name_ar": "دونر دجاج كبير", "name_en": "Large Chicken Doner", "price": "15"},
        {"name_ar": "صحن دونر دجاج", "name_en": "Chicken Doner Plate", "price": "28"},
        {"name_ar": "ساندويتش كفتة", "name_en": "Kofte Sandwich", "price": "12"},
        {"name_ar": "صحن كفتة", "name_en": "Kofte Plate", "price": "30"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)

# A hot-dog and sub shop: two subs beside their meal, a bucket of nuggets beside the nuggets.
SUBS = menu_entries(
    [
        {"name_ar": "صب تونة ٦ انش", "name_en": "Tuna Sub 6 Inch", "price": "18"},
        {"name_ar": "صب تونة ١٢ انش", "name_en": "Tuna Sub 12 Inch", "price": "30"},
        {"name_ar": "وجبة صب تونة", "name_en": "Tuna Sub Meal", "price": "27"},
        {"name_ar": "ناجتس ٦ قطع", "name_en": "Nuggets 6 Pieces", "price": "14"},
        {"name_ar": "ناجتس ٩ قطع", "name_en": "Nuggets 9 Pieces", "price": "19"},
        {"name_ar": "سطل ناجتس ٢٠ قطعة", "name_en": "Nuggets Bucket 20 Pieces", "price": "45"},
        {"name_ar": "ليمونادة", "name_en": "Lemonade", "price": "7"},
    ]
)


def candidates(text: str, menu: list) -> list[list[str]]:
    """The names each ambiguous mention asks between."""
    names = {e.key: e.name_en for e in menu}
    return [sorted(names[k] for k in a.candidates) for a in parse_order(text, menu).ambiguous]


@pytest.mark.parametrize(
    ("text", "menu", "asked"),
    [
        ("ابي دونر دجاج وعيران", DONER, [["Large Chicken Doner", "Small Chicken Doner"]]),
        ("2 chicken doner please", DONER, [["Large Chicken Doner", "Small Chicken Doner"]]),
        ("بدي صب تونة وليمونادة", SUBS, [["Tuna Sub 12 Inch", "Tuna Sub 6 Inch"]]),
        ("a tuna sub and a lemonade", SUBS, [["Tuna Sub 12 Inch", "Tuna Sub 6 Inch"]]),
        ("عاوز ناجتس وليمونادة", SUBS, [["Nuggets 6 Pieces", "Nuggets 9 Pieces"]]),
    ],
)
def test_a_bare_dish_does_not_offer_its_plate_meal_or_bucket(text, menu, asked) -> None:
    """ "شاورما لحم", "برجر دجاج": a dish said alone is the dish as it comes; the question asks
    among its sizes and kinds, never about its plate, its meal or a bucket of it."""
    assert candidates(text, menu) == asked


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي صحن دونر دجاج", DONER, {"Chicken Doner Plate": 1}),
        ("chicken doner plate x2", DONER, {"Chicken Doner Plate": 2}),
        ("وجبة صب تونة وليمونادة", SUBS, {"Tuna Sub Meal": 1, "Lemonade": 1}),
        ("one tuna sub meal", SUBS, {"Tuna Sub Meal": 1}),
        ("سطل ناجتس", SUBS, {"Nuggets Bucket 20 Pieces": 1}),
    ],
)
def test_a_plate_meal_or_bucket_said_is_still_ordered(text, menu, items) -> None:
    """ "صحن X", "X plate", "وجبة X", "سطل X": the serving the customer names is the dish."""
    assert_order(text, menu, items)


def test_a_bare_dish_whose_every_kind_names_a_serving_stays_a_question() -> None:
    """ "كفتة" beside "ساندويتش كفتة" and "صحن كفتة": both name their serving, so it is asked."""
    assert candidates("ابي كفتة وعيران", DONER) == [["Kofte Plate", "Kofte Sandwich"]]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي صحن دونر دجاج وجنبه عيران", DONER, {"Chicken Doner Plate": 1, "Ayran": 1}),
        ("وجبة صب تونة وجنبها ليمونادة", SUBS, {"Tuna Sub Meal": 1, "Lemonade": 1}),
    ],
)
def test_beside_it_joins_dishes_and_is_no_food(text, menu, items) -> None:
    """ "وجنبها بطاطس" (and beside it): a word that joins, never a dish named back."""
    assert_order(text, menu, items)
    assert parse_order(text, menu).unknown == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bade 2 saheen kofta w wa7ed kaman zayohom", DONER, {"Kofte Plate": 3}),
        ("3ayez limonada 2 w wa7da zayhom", SUBS, {"Lemonade": 3}),
    ],
)
def test_arabizi_like_them_adds_one_more(text, menu, items) -> None:
    """ "w wa7ed kaman zayohom" (one more like them): the Arabizi "زيهم" adds to the dish before."""
    assert_order(text, menu, items)
    assert parse_order(text, menu).unknown == []


# A diet kitchen and a coffee bar whose names hold a change word.
DIET = menu_entries(
    [
        {"name_ar": "برجر بدون خبز", "name_en": "Bunless Burger", "price": "28"},
        {"name_ar": "برجر لحم", "name_en": "Beef Burger", "price": "24"},
        {"name_ar": "صوص ثوم", "name_en": "Garlic Sauce", "price": "3"},
    ]
)
COFFEE_BAR = menu_entries(
    [
        {"name_ar": "لاتيه بدون لاكتوز", "name_en": "Lactose Free Latte", "price": "19"},
        {"name_ar": "لاتيه", "name_en": "Latte", "price": "16"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "8"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي برجر بدون خبز ثنين وصوص ثوم", DIET, {"Bunless Burger": 2, "Garlic Sauce": 1}),
        ("عاوز برجر لحم وبرجر بدون خبز", DIET, {"Beef Burger": 1, "Bunless Burger": 1}),
        ("بدي لاتيه بدون لاكتوز وكرواسون", COFFEE_BAR, {"Lactose Free Latte": 1, "Croissant": 1}),
        ("كرواسون ٢ ولاتيه بدون لاكتوز ٣", COFFEE_BAR, {"Croissant": 2, "Lactose Free Latte": 3}),
    ],
)
def test_a_change_word_inside_a_menu_name_is_the_name(text, menu, items) -> None:
    """ "أجنحة بدون عظم": "بدون" between words a name holds on both sides is that name's own word
    (the longest menu name wins); it is no note on the dish before it."""
    assert_order(text, menu, items)
    assert parse_order(text, menu).unknown == []


def test_a_change_word_outside_every_name_is_still_a_note() -> None:
    """ "برجر لحم بدون خبز" names no dish of the menu as a whole: "بدون خبز" stays its note."""
    parsed = parse_order("ابي برجر لحم بدون بصل", DIET)
    assert [(x.name_en, x.quantity, bool(x.modifications)) for x in parsed.lines] == [
        ("Beef Burger", 1, True)
    ]


# Two menus whose names hold their own count.
WINGS_BAR = menu_entries(
    [
        {"name_ar": "أجنحة ٦ قطع", "name_en": "Wings 6 Pieces", "price": "18"},
        {"name_ar": "أجنحة ١٢ قطعة", "name_en": "Wings 12 Pieces", "price": "32"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "5"},
    ]
)
DUMPLINGS = menu_entries(
    [
        {"name_ar": "دمبلنج ٤ حبات", "name_en": "Dumplings 4 Pieces", "price": "16"},
        {"name_ar": "دمبلنج ٨ حبات", "name_en": "Dumplings 8 Pieces", "price": "28"},
        {"name_ar": "شاي ياسمين", "name_en": "Jasmine Tea", "price": "6"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي ٦ أجنحة ٦ قطع وكولا", WINGS_BAR, {"Wings 6 Pieces": 6, "Cola": 1}),
        ("12 wings 12 pieces please", WINGS_BAR, {"Wings 12 Pieces": 12}),
        ("بدي ٤ دمبلنج ٤ حبات", DUMPLINGS, {"Dumplings 4 Pieces": 4}),
        ("2 dumplings 8 pieces and a jasmine tea", DUMPLINGS, {"Dumplings 8 Pieces": 2, "Jasmine Tea": 1}),
    ],
)
def test_a_count_before_a_name_that_says_its_own_count_is_the_quantity(text, menu, items) -> None:
    """ "٣ ستربس ٣ قطع": the count before the name equals the name's own, said after it; the first
    counts the dish, the second is the name's."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("صباحكم ورد، ابي صحن دونر دجاج وعيران", DONER, {"Chicken Doner Plate": 1, "Ayran": 1}),
        ("مساء الورد، ليمونادة ثنتين", SUBS, {"Lemonade": 2}),
        ("صباح الفل، عايز كرواسون ولاتيه", COFFEE_BAR, {"Croissant": 1, "Latte": 1}),
    ],
)
def test_the_flowers_of_a_greeting_are_no_food(text, menu, items) -> None:
    """ "صباحكم ورد", "مساء الورد", "صباح الفل": the greeting's flowers are never a dish named back."""
    assert_order(text, menu, items)
    assert parse_order(text, menu).unknown == []
