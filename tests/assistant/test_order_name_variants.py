"""A menu name written another way still names it: sizes in any spelling, adjectives in the
other gender, broken and sound plurals, clipped and misspelt words, and each dialect's word for
the same dish (shrimp, fries, laban, chicken), while a dish off this menu is named back. The
tables of "general order rules" hold one row per spelling rule, each commented."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import FRIES_MENU, POTATO_GRILL, assert_order, item_counts, load_menu, order_lines

BAKERY = load_menu("bakery")
JUICE = load_menu("juice")
MASHAWI = load_menu("mashawi")
SEAFOOD = load_menu("seafood")
SHAWARMA = load_menu("shawarma")


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عايز شاورما فراخ كبيرة", {"Large Chicken Shawarma": 1}),
        ("ابا شاورما دياي عود", {"Large Chicken Shawarma": 1}),
        ("abi shawarma la7m kbeer", {"Large Beef Shawarma": 1}),
        ("هات ٢ شاورما لحم صغيرين", {"Small Beef Shawarma": 2}),
        ("بدي بطاطا كبيرة", {"Large Fries": 1}),
        ("عاوز طبق فلافل", {"Falafel Plate": 1}),
    ],
)
def test_size_and_measure_words_in_any_spelling_fit_the_menu_name(text, items) -> None:
    """ "كبيرة", "عود" (Gulf), "kbeer", "صغيرين" are the menu's "كبير"/"صغير"; "طبق" is "صحن"."""
    parsed = parse_order(text, SHAWARMA)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_broken_plural_and_singular_both_fit() -> None:
    """The menu says "مناقيش"; the customer writes "منقوشة" (and the other way round)."""
    assert item_counts(parse_order("بدي منقوشة زعتر", BAKERY)) == {"Zaatar Manakish": 1}
    assert parse_order("بدي منقوشة زعتر", BAKERY).unknown == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي بيتزا عائلي مشكل", "pizzeria", {"Family Mixed Pizza": 1}),
        ("دلة قهوة سعودي صغيرة", "coffee", {"Small Saudi Coffee Dallah": 1}),
        ("one veg pizza", "pizzeria", {"Veggie Pizza": 1}),
        ("بدي بيتزا خضروات", "pizzeria", {"Veggie Pizza": 1}),
        ("بيتزا دجاج بي بي كيو", "pizzeria", {"BBQ Chicken Pizza": 1}),
    ],
)
def test_adjectives_in_either_gender_and_common_dish_word_spellings(text, menu, items) -> None:
    """ "مشكل" is the menu's "مشكلة", "سعودي" its "سعودية"; "veg"/"خضروات" and "بي بي كيو" fit."""
    parsed = parse_order(text, load_menu(menu))
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


@pytest.mark.parametrize(
    "text", ["ابي ربيان مقلي", "عايز جمبري مقلي", "بدي قريدس مقلي", "3ayez gambari ma2li", "fried prawns"]
)
def test_shrimp_under_each_dialects_name_is_the_menus_shrimp(text) -> None:
    """Gulf روبيان/ربيان, Egyptian جمبري ("gambari"), Levantine قريدس: one animal, one menu word."""
    parsed = parse_order(text, SEAFOOD)
    assert item_counts(parsed) == {"Fried Shrimp": 1}
    assert parsed.unknown == [] and parsed.ambiguous == []


def test_shrimp_off_this_menu_is_still_named_back() -> None:
    parsed = parse_order("ابي جمبري وعصير مانجو", JUICE)
    assert item_counts(parsed) == {"Mango Juice": 1}
    assert parsed.unknown == ["جمبري"]


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
    assert_order(text, MASHAWI, items)


def test_fries_are_fries_not_any_potato_dish() -> None:
    assert_order("burger with fries", FRIES_MENU, {"Beef Burger": 1, "French Fries": 1})
    assert_order("برجر لحم وبطاطس", FRIES_MENU, {"Beef Burger": 1, "French Fries": 1})
    parsed = parse_order("shish tawook with fries", POTATO_GRILL)
    assert item_counts(parsed) == {"Shish Tawook": 1} and parsed.unknown == ["fries"]
    assert_order("شيش طاووق وبطاطا مهروسة", POTATO_GRILL, {"Shish Tawook": 1, "Mashed Potato": 1})


def test_a_dialect_word_for_a_menu_word_fits_the_name_it_stands_in() -> None:
    """Egyptian "رز بلبن" is the menu's "رز بحليب" (لبن is milk there); alone, "لبن" stays the Saudi
    yoghurt drink, named back on a menu without it, and on a menu that has لبن it is that item."""
    bakery, mandi = load_menu("bakery"), load_menu("mandi")
    parsed = parse_order("عايز تلاتة رز بلبن", bakery)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == [
        ("Rice Pudding", 3)
    ] and not parsed.unknown
    alone = parse_order("ابي لبن", bakery)
    assert not alone.lines and alone.unknown == ["لبن"]
    assert [line.name_en for line in parse_order("ابي لبن", mandi).lines] == ["Laban"]


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        # a bare word for a menu word written with clitics ("بالنعناع")
        ("ابا عصير ليمون نعناع ثنتين", "shawarma", [("Lemon Mint Juice", 2)]),
        # a sound-alike first letter in a typo of the menu's own word (ث said ت)
        ("هاتلي حمص وتومية", "shawarma", [("Garlic Sauce", 1), ("Hummus", 1)]),
        # a measure word spelled another way than the menu's
        ("عايز ساندوتش فلافل ٤", "shawarma", [("Falafel Sandwich", 4)]),
        # a sound plural whose singular's broken plural is the menu's word
        ("بدي تلت منقوشات زعتر", "bakery", [("Zaatar Manakish", 3)]),
        # Arabizi construct state: taa marbuta said "t" before the next noun
        ("3ayez salatet caesar", "pizzeria", [("Caesar Salad", 1)]),
        # a dialect word for a menu word, beside the rest of the name
        ("عاوز عيش بالتوم", "pizzeria", [("Garlic Bread", 1)]),
        ("عطيني جوانح دجاج حارة", "pizzeria", [("Spicy Chicken Wings", 1)]),
        # a bare size after a sized dish takes the place of its size
        (
            "عطيني شاورما لحم كبيرة وحدة وصغيرة وحدة",
            "shawarma",
            [("Large Beef Shawarma", 1), ("Small Beef Shawarma", 1)],
        ),
    ],
)
def test_general_order_rules_on_other_menus(text: str, menu: str, lines: list[tuple[str, int]]) -> None:
    assert order_lines(text, menu) == lines
    assert parse_order(text, load_menu(menu)).unknown == []  # nothing named back as unknown


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        # a measure word before a dish of its own measures it, it borrows nothing
        ("ابغى صحن فلافل وصحن حمص", "shawarma", [("Falafel Plate", 1), ("Hummus", 1)]),
        # a word several items share, narrowed by the dish just named
        ("عايز ٣ بسبوسة وواحدة بالقشطة", "bakery", [("Basbousa", 3), ("Cream Basbousa", 1)]),
        # a menu word that begins with و, misspelt, keeps its و
        ("عاوز بطاطس ويدجز", "pizzeria", [("Potato Wedges", 1)]),
        # Levantine جاج (chicken), مي (water)
        ("بدي شاورما جاج كبيرة", "shawarma", [("Large Chicken Shawarma", 1)]),
        ("بدي كعكتين سمسم ومي", "bakery", [("Sesame Kaak", 2), ("Water", 1)]),
        # "for a birthday" says what it is for, it names no dish
        ("large chocolate cake for a birthday", "bakery", [("Large Chocolate Cake", 1)]),
    ],
)
def test_more_general_order_rules(text: str, menu: str, lines: list[tuple[str, int]]) -> None:
    parsed = parse_order(text, load_menu(menu))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == lines and parsed.unknown == []


def test_a_dish_head_after_another_dish_still_asks() -> None:
    """ "كنافة" starts names of its own: after "بسبوسة بالقشطة" it is not read as cream kunafa."""
    menu = load_menu("bakery")
    names = {e.key: e.name_en for e in menu}
    parsed = parse_order("بسبوسة بالقشطة وكنافة", menu)
    assert [x.name_en for x in parsed.lines] == ["Cream Basbousa"]
    assert [sorted(names[k] for k in a.candidates) for a in parsed.ambiguous] == [
        ["Cream Kunafa", "Nabulsi Kunafa"]
    ]


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        # a header count broken down into items it could be
        ("ابغى ٢ بيتزا، وحدة بيبروني ووحدة خضار", "pizzeria", [("Pepperoni Pizza", 1), ("Veggie Pizza", 1)]),
        # a count before a size or modifier word and the dish
        ("two large pepperoni", "pizzeria", [("Pepperoni Pizza", 2)]),
        # "X with Y" naming one item ("بسبوسة بالقشطة"); "burger with fries" stays two
        ("one basbousa with cream", "bakery", [("Cream Basbousa", 1)]),
        ("كنافة مع قشطة", "bakery", [("Cream Kunafa", 1)]),
        # wings in every spelling, chicken as تشكن
        ("ابي وينقز حار", "pizzeria", [("Spicy Chicken Wings", 1)]),
        ("عايز بيتزا تشكن باربكيو", "pizzeria", [("BBQ Chicken Pizza", 1)]),
        # a plural of a measure word
        ("٣ سندويتشات فلافل", "shawarma", [("Falafel Sandwich", 3)]),
    ],
)
def test_general_order_rules_for_counts_with_and_spellings(
    text: str, menu: str, lines: list[tuple[str, int]]
) -> None:
    parsed = parse_order(text, load_menu(menu))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == sorted(lines)
    assert parsed.unknown == [] and parsed.ambiguous == []


def test_a_size_straight_after_a_dish_describes_it_and_makes_no_second_dish() -> None:
    parsed = parse_order("ابي صحن شاورما لحم كبير", load_menu("shawarma"))
    assert [(x.name_en, x.quantity) for x in parsed.lines] == [("Beef Shawarma Plate", 1)]


def test_a_clipped_menu_word_matches() -> None:
    """Levantine "شوكولا" for the menu's "شوكولاتة"."""
    parsed = parse_order("ابي كيكة شوكولا صغيرة", load_menu("bakery"))
    assert [(x.name_en, x.quantity) for x in parsed.lines] == [
        ("Small Chocolate Cake", 1)
    ] and not parsed.ambiguous


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عايز فرخة مشوية كاملة ومحمرة", {"Whole Grilled Chicken": 1, "Muhammara": 1}),
        ("هاتلي ٢ نص فرخة مشوية", {"Half Grilled Chicken": 2}),
        ("3ayez nos farkha meshweya w fattoush", {"Half Grilled Chicken": 1, "Fattoush": 1}),
    ],
)
def test_farkha_is_the_menus_chicken(text: str, expected: dict[str, int]) -> None:
    """ "نص فرخة مشوية" on a menu that writes "نص فروج مشوي" is that dish."""
    parsed = parse_order(text, load_menu("mashawi"))
    assert item_counts(parsed) == expected
    assert parsed.unknown == []


@pytest.mark.parametrize("water", ["mai", "mayy", "mayye"])
def test_arabizi_water_spellings_are_water(water: str) -> None:
    """Arabizi "mai" / "mayy" / "mayye" is the menu's water, not a word named back."""
    parsed = parse_order(f"bade tuna salad w {water}", load_menu("healthy"))
    assert parsed.unknown == []
    assert item_counts(parsed) == {"Tuna Salad": 1, "Water": 1}


def test_arabic_spelled_spicy_names_the_spicy_variant() -> None:
    """ "سبايسي" is "حار": "واحدة منهم سبايسي" is the spicy chicken noodles."""
    parsed = parse_order("بدي تنين نودلز دجاج، وحدة منهم سبايسي", load_menu("asian"))
    assert item_counts(parsed) == {"Chicken Noodles": 1, "Spicy Chicken Noodles": 1}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عايز ٢ صوص توم وبيبسي", {"Garlic Sauce": 2, "Pepsi": 1}),
        ("ابي صوص التوم", {"Garlic Sauce": 1}),
    ],
)
def test_a_three_letter_menu_word_said_with_the_dialects_first_letter(text, items) -> None:
    """Egyptian and Levantine say ث as ت: "توم" is the menu's "ثوم". Three letters allow no other
    edit, only a first letter that dialects swap."""
    assert_order(text, load_menu("broasted"), items)


def test_a_three_letter_word_with_another_edit_is_not_a_menu_word() -> None:
    """ "تمر" is not "ثوم": a first-letter swap plus another change is a different word."""
    parsed = parse_order("ابي صوص تمر", load_menu("broasted"))
    assert not any(line.name_en == "Garlic Sauce" for line in parsed.lines)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        # Levantine "small" with ز: "زغير", "زغيرة", plural "زغار"
        ("بدي شاورما دجاج زغيرة وبطاطا زغيرة", SHAWARMA, {"Small Chicken Shawarma": 1, "Small Fries": 1}),
        ("بدي تلاتة شاورما لحم زغار", SHAWARMA, {"Small Beef Shawarma": 3}),
        # a three-letter word with its first letter said the dialect's way: "توم" for "ثوم"
        (
            "بدي برجر دجاج كرسبي وصوص توم",
            load_menu("burger"),
            {"Crispy Chicken Burger": 1, "Garlic Sauce": 1},
        ),
        # nuggets spelt with ج or ق
        ("ابي ناجتس دجاج ٢ وبيبسي", load_menu("burger"), {"Chicken Nuggets": 2, "Pepsi": 1}),
    ],
)
def test_dialect_spellings_of_small_garlic_and_nuggets_fit_the_menu(text, menu, items) -> None:
    assert_order(text, menu, items)


def test_nuggets_off_this_menu_are_still_named_back() -> None:
    parsed = parse_order("ابي ناجتس وشاورما دجاج كبير", SHAWARMA)
    assert item_counts(parsed) == {"Large Chicken Shawarma": 1}
    assert parsed.unknown == ["ناجتس"]


def test_arabizi_hamza_written_as_2_is_a_letter_not_a_count() -> None:
    """ "2ahwe torkiye": the 2 is Arabizi's ء of "ahwe", one coffee, not two."""
    assert_order("bade 2ahwe torkiye w 3awame", load_menu("kunafa"), {"Turkish Coffee": 1, "Awameh": 1})
    assert_order("2 2ahwa torkiye", load_menu("kunafa"), {"Turkish Coffee": 2})


def test_kofta_off_this_menu_is_named_back() -> None:
    parsed = parse_order("ابي كفتة وكبة مقلية", MASHAWI)
    assert item_counts(parsed) == {"Fried Kibbeh": 1}
    assert parsed.unknown == ["كفته"]
