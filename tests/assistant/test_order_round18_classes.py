"""Order classes found on round 17's held-out parts, read in round 18 (issue #13): each test names
the class and checks it on sentences written for it, on menus written here, not on the records
that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries

from .menus import assert_order

# A pizza and pasta place.
PIZZA = menu_entries(
    [
        {"name_ar": "بيتزا مارجريتا", "name_en": "Margherita Pizza", "price": "30"},
        {"name_ar": "بيتزا خضار كبيرة", "name_en": "Large Veggie Pizza", "price": "45"},
        {"name_ar": "باستا الفريدو", "name_en": "Alfredo Pasta", "price": "35"},
        {"name_ar": "سلطة سيزر", "name_en": "Caesar Salad", "price": "20"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "5"},
    ]
)

# A breakfast café: eggs, beans, bread and hot drinks.
CAFE = menu_entries(
    [
        {"name_ar": "فول بالزيت", "name_en": "Foul with Oil", "price": "12"},
        {"name_ar": "شكشوكة", "name_en": "Shakshuka", "price": "18"},
        {"name_ar": "كرواسون زعتر", "name_en": "Zaatar Croissant", "price": "9"},
        {"name_ar": "قهوة تركي", "name_en": "Turkish Coffee", "price": "8"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "12"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("عايز بيتزا مارجريتا واتنين كمان زيها وكولا", PIZZA, {"Margherita Pizza": 3, "Cola": 1}),
        ("باستا الفريدو وواحدة كمان زيها", PIZZA, {"Alfredo Pasta": 2}),
        ("a caesar salad, one more of the same, and a cola", PIZZA, {"Caesar Salad": 2, "Cola": 1}),
        ("2 large veggie pizza and one more just like it", PIZZA, {"Large Veggie Pizza": 3}),
        (
            "shakshuka and another one same, plus a turkish coffee",
            CAFE,
            {"Shakshuka": 2, "Turkish Coffee": 1},
        ),
        ("3 zaatar croissant and 2 more like that", CAFE, {"Zaatar Croissant": 5}),
        ("ابي فول بالزيت ثنين وواحد كمان زيه", CAFE, {"Foul with Oil": 3}),
        ("قهوة تركي، وحدة كمان زي دي، وعصير برتقال", CAFE, {"Turkish Coffee": 2, "Orange Juice": 1}),
    ],
)
def test_more_of_the_same_said_with_words_of_again_adds_to_the_dish_before(text, menu, items) -> None:
    """ "واتنين كمان زيه", "one more of the same", "and another one same", "one more just like it":
    words of "again" ("كمان", "more", "just") between the count and its "like it" / "same" still
    add that many of the dish named before, even when the count follows the dish after a comma."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("عايز بيتزا مارجريتا اتنين وكولا كمان", PIZZA, {"Margherita Pizza": 2, "Cola": 1}),
        ("one caesar salad and one more cola", PIZZA, {"Caesar Salad": 1, "Cola": 1}),
        ("شكشوكة وحدة وقهوة تركي زي العادة", CAFE, {"Shakshuka": 1, "Turkish Coffee": 1}),
    ],
)
def test_words_of_again_without_like_it_leave_the_counts_alone(text, menu, items) -> None:
    """ "كمان" / "more" with no "like it" after them, or "زي" before no pointing word, are no
    back-reference: the counts stay those written."""
    assert_order(text, menu, items)
