"""Order classes found on round 20's held-out parts, read in round 22's tuning (issue #13): each test
names the class and checks it on sentences written for it, on menus written here, not on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries

from .menus import assert_order

# A juice bar: one-word drinks and a sandwich.
JUICE_BAR = menu_entries(
    [
        {"name_ar": "عصير مانجو", "name_en": "Mango Juice", "price": "12"},
        {"name_ar": "موهيتو", "name_en": "Mojito", "price": "14"},
        {"name_ar": "ساندويتش حلوم", "name_en": "Halloumi Sandwich", "price": "16"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "9"},
    ]
)

# A falafel stand: wraps and plates, a drink.
FALAFEL = menu_entries(
    [
        {"name_ar": "راب فلافل", "name_en": "Falafel Wrap", "price": "8"},
        {"name_ar": "صحن حمص", "name_en": "Hummus Plate", "price": "12"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
        {"name_ar": "بطاطا", "name_en": "Fries", "price": "7"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        # a count alone after "no" / "sorry", then "that's all", a comma, "and" or the end
        ("mojito 4 la 3 bas w croissant", JUICE_BAR, {"Mojito": 3, "Croissant": 1}),
        ("٣ موهيتو، عفواً اتنين، وكرواسون", JUICE_BAR, {"Mojito": 2, "Croissant": 1}),
        ("bdi 5 falafel wrap... la 4 safi, w ayran", FALAFEL, {"Falafel Wrap": 4, "Ayran": 1}),
        ("2 hummus plates, no 1", FALAFEL, {"Hummus Plate": 1}),
        # "I meant" / "just" between the change of mind and the count said again with its dish
        ("4 croissants.. sorry i meant 3 croissants and a mojito", JUICE_BAR, {"Croissant": 3, "Mojito": 1}),
        ("a hummus plate + 3 fries, no actually just 2 fries and an ayran", FALAFEL,
         {"Hummus Plate": 1, "Fries": 2, "Ayran": 1}),
    ],
)  # fmt: skip
def test_a_count_said_again_after_no_or_sorry_corrects_the_dish_before(text, menu, items):
    """A count after "no" / "sorry" (alone, or after "I meant" / "just" with the dish again) is the
    dish's count, not a second line of it and no unknown "la" / "safi"."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("3 mojito, no 2 croissants", JUICE_BAR, {"Mojito": 3, "Croissant": 2}),
        ("٢ راب فلافل، لا ٣ عيران", FALAFEL, {"Falafel Wrap": 2, "Ayran": 3}),
    ],
)
def test_a_count_with_another_dish_after_no_stays_that_dish(text, menu, items):
    """A count after "no" followed by another dish counts that dish; the one before keeps its count."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("a mojito and a croissant, hmm scratch the croissant, make it a halloumi sandwich", JUICE_BAR,
         {"Mojito": 1, "Halloumi Sandwich": 1}),
        ("2 falafel wraps and fries, actually drop the fries", FALAFEL, {"Falafel Wrap": 2}),
        ("mango juice and a croissant, wait swap the mango juice for a mojito", JUICE_BAR,
         {"Croissant": 1, "Mojito": 1}),
        ("hummus plate + ayran, no switch the ayran for fries", FALAFEL, {"Hummus Plate": 1, "Fries": 1}),
    ],
)  # fmt: skip
def test_scratch_or_swap_takes_off_the_dish_ordered_before(text, menu, items):
    """ "scratch" / "drop" / "swap … for" before a dish ordered earlier takes it off (the dish
    after "for" is the one ordered); it is not ordered twice."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("عايز موهيتو اتنين وزوّد واحد، وكرواسون", JUICE_BAR, {"Mojito": 3, "Croissant": 1}),
        ("3ayez 2 croissant w zawed wa7ed", JUICE_BAR, {"Croissant": 3}),
        ("ابي راب فلافل ثلاث وزيد واحد وعيران", FALAFEL, {"Falafel Wrap": 4, "Ayran": 1}),
    ],
)
def test_add_and_a_count_with_no_dish_is_more_of_the_dish_before(text, menu, items):
    """ "زوّد واحد" / "zawed wa7ed" with no dish of its own adds that many of the dish before; the
    verb is no unknown dish."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("a halloumi sandwich and another one the same, extra mango juice x2", JUICE_BAR,
         {"Halloumi Sandwich": 2, "Mango Juice": 2}),
        ("falafel wrap and one more of the same, extra hummus plate x2", FALAFEL, {"Falafel Wrap": 2, "Hummus Plate": 2}),
    ],
)  # fmt: skip
def test_one_more_of_the_same_then_extra_and_a_dish_is_two(text, menu, items):
    """ "another one the same, extra X": "extra" before the next dish is no "but", so the one more
    is of the dish before and X is its own line."""
    assert_order(text, menu, items)
