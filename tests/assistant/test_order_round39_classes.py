"""Order classes of round 39's tuning (issue #13): the classes of round 38's held-out parts (dev now).
Each class is checked on small menus written here, on sentences written for it, never on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import item_counts

#: A chicken grill: chickens off the spit by size, a family meal named by its two chickens, a
#: bakery dish whose word is one letter from "then" ("بعجين"), and add-ons it sells as "Extra …".
CHICKEN_GRILL = menu_entries(
    [
        {
            "name_ar": "دجاج شواية كامل",
            "name_en": "Whole Rotisserie Chicken",
            "price": "30",
            "category": "chicken",
        },
        {
            "name_ar": "نص دجاج شواية",
            "name_en": "Half Rotisserie Chicken",
            "price": "16",
            "category": "chicken",
        },
        {
            "name_ar": "ربع دجاج شواية",
            "name_en": "Quarter Rotisserie Chicken",
            "price": "9",
            "category": "chicken",
        },
        {
            "name_ar": "صينية الشلة دجاجتين",
            "name_en": "Friends Tray Two Chickens",
            "price": "70",
            "category": "meals",
        },
        {"name_ar": "برجر دجاج", "name_en": "Chicken Burger", "price": "18", "category": "sandwiches"},
        {"name_ar": "لحم بعجين", "name_en": "Lahm Bi Ajeen", "price": "6", "category": "bakery"},
        {"name_ar": "إضافة أفوكادو", "name_en": "Extra Avocado", "price": "5", "category": "extras"},
        {"name_ar": "إضافة جبنة", "name_en": "Extra Cheese", "price": "3", "category": "extras"},
        {"name_ar": "رز أبيض", "name_en": "White Rice", "price": "7", "category": "sides"},
        {"name_ar": "حمص", "name_en": "Hummus", "price": "8", "category": "sides"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "3", "category": "drinks"},
    ]
)


def _exact(text: str, items: dict[str, int]) -> None:
    parsed = parse_order(text, CHICKEN_GRILL)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي برجر دجاج تنين، وبعدين حمص وبيبسي", {"Chicken Burger": 2, "Hummus": 1, "Pepsi": 1}),
        ("ابي حمص، بعدين بيبسي ثنتين", {"Hummus": 1, "Pepsi": 2}),
    ],
)
def test_then_is_no_typo_of_a_dish_word(text, items):
    """ "وبعدين", "بعدين" (then) is a word of the order's sequence, never a misspelt "بعجين"."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي برجر دجاج تنين وحمص، وبعدين زيدوا برجر تالت متلهن", {"Chicken Burger": 3, "Hummus": 1}),
        (
            "ابي ربع دجاج شواية ثلاث وبيبسي، وزيدوا ربع رابع مثلهن",
            {"Quarter Rotisserie Chicken": 4, "Pepsi": 1},
        ),
        (
            "abi burger dajaj 2 w hummus w ba3dain zid burger thalith mithlahum",
            {"Chicken Burger": 3, "Hummus": 1},
        ),
    ],
)
def test_an_ordinal_and_like_them_is_one_more_of_the_dish(text, items):
    """ "وزيدوا برجر تالت متلهن", "zid burger thalith mithlahum", "ربع رابع مثلهن": a dish said in
    part (a size word of its name too), an ordinal and "like them" in the Levantine and Gulf
    spellings is one more of the dish ordered before, not a count of its own."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("abi dajaj shawaya kamil w pepsi", {"Whole Rotisserie Chicken": 1, "Pepsi": 1}),
        ("bade djej shawaya nos w 2 pepsi", {"Half Rotisserie Chicken": 1, "Pepsi": 2}),
        ("one quarter rotisserie chicken and a hummus", {"Quarter Rotisserie Chicken": 1, "Hummus": 1}),
    ],
)
def test_the_rotisserie_in_arabizi_is_the_menus_word(text, items):
    """ "dajaj shawaya kamil": the Arabizi "shawaya" is the menu's "شواية" (its و and ي are said as
    consonants, which the Arabizi skeleton drops), so the chicken is read whole."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("abi 3 burger dajaj, la la7tha 5aleha 2 bas, w pepsi", {"Chicken Burger": 2, "Pepsi": 1}),
        ("bghit hummus w rz abyad 2, la 5alli rz 3 bas", {"Hummus": 1, "White Rice": 3}),
    ],
)
def test_an_arabizi_wait_and_make_it_corrects_the_count(text, items):
    """ "la la7tha 5aleha 2 bas" (no, wait, make it 2), "la 5alli rz 3 bas": the Arabizi "wait" and
    "make it" with an "e", and rice as "rz", put the count right."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابغى صينية الشلة دجاجتين وبيبسي اربع", {"Friends Tray Two Chickens": 1, "Pepsi": 4}),
        ("ابغى صينية الشلة دجاجتين ثنتين", {"Friends Tray Two Chickens": 2}),
        ("ابي برجرين دجاج وحمص", {"Chicken Burger": 2, "Hummus": 1}),
    ],
)
def test_a_dual_written_in_the_name_counts_nothing(text, items):
    """ "صينية الشلة دجاجتين" for the menu's own name: the dual is a word of that name (the
    restaurant's name comes first), one tray; a dual not written in a name still counts two."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "a chicken burger with extra avocado and a pepsi",
            {"Chicken Burger": 1, "Extra Avocado": 1, "Pepsi": 1},
        ),
        ("2 chicken burgers and extra cheese", {"Chicken Burger": 2, "Extra Cheese": 1}),
        ("برجر دجاج مع إضافة جبنة", {"Chicken Burger": 1, "Extra Cheese": 1}),
        ("chicken burger 2 extra cheese", {"Chicken Burger": 2}),
        ("a chicken burger with extra pickles", {"Chicken Burger": 1}),
    ],
)
def test_extra_that_opens_an_add_ons_name_orders_it(text, items):
    """ "with extra avocado" on a menu selling "Extra Avocado": "extra" joined by "and" / "with" with
    the rest of an add-on's own name orders that add-on; unjoined ("burger 2 extra cheese") or
    before a word no add-on has ("extra pickles") it stays a change of the dish."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عايز نص دجاج شواية و٤ عيش", {"Half Rotisserie Chicken": 1, "Arabic Bread": 4}),
        ("law mafish hatli 7ommos w 2 3eish", {"Hummus": 1, "Arabic Bread": 2}),
    ],
)
def test_egyptian_bread_alone_is_the_menus_bread(text, items):
    """ "و٤ عيش", "w 2 3eish" in an Egyptian message: the Egyptian word for bread, said alone, is
    the menu's bread ("خبز عربي")."""
    menu = menu_entries(
        [
            *(
                {"name_ar": e.name_ar, "name_en": e.name_en, "price": str(e.price), "category": "x"}
                for e in CHICKEN_GRILL
            ),
            {"name_ar": "خبز عربي", "name_en": "Arabic Bread", "price": "1", "category": "sides"},
        ]
    )
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_gulf_aish_and_a_menus_own_aish_keep_their_sense():
    """In a Gulf message "عيش" is no bread (it is rice there): named back; a menu that writes
    "عيش أبيض" (its rice) keeps its own sense in an Egyptian message too."""
    menu = menu_entries(
        [
            {
                "name_ar": "نص دجاج شواية",
                "name_en": "Half Rotisserie Chicken",
                "price": "16",
                "category": "c",
            },
            {"name_ar": "خبز عربي", "name_en": "Arabic Bread", "price": "1", "category": "sides"},
        ]
    )
    assert item_counts(parse_order("ابي نص دجاج شواية و٤ عيش", menu)) == {"Half Rotisserie Chicken": 1}
    rice = menu_entries(
        [
            {
                "name_ar": "نص دجاج شواية",
                "name_en": "Half Rotisserie Chicken",
                "price": "16",
                "category": "c",
            },
            {"name_ar": "عيش أبيض", "name_en": "White Rice", "price": "7", "category": "sides"},
            {"name_ar": "خبز عربي", "name_en": "Arabic Bread", "price": "1", "category": "sides"},
        ]
    )
    parsed = parse_order("عايز نص دجاج شواية وعيش أبيض اتنين", rice)
    assert item_counts(parsed) == {"Half Rotisserie Chicken": 1, "White Rice": 2}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي برجر دجاج خمسة، تنين بلا بصل ووحدة رز زيادة، وبيبسي", {"Chicken Burger": 5, "Pepsi": 1}),
        (
            "ابغى برجر دجاج ستة، ثنين بدون مخلل وثلاث زيت زيتون زيادة، وبيبسي ثنين",
            {"Chicken Burger": 6, "Pepsi": 2},
        ),
        ("ابي برجر دجاج اربع، ثنتين بصوص رانش زيادة", {"Chicken Burger": 4}),
        ("ابي برجر دجاج ثلاث، وحدة بدون خس ووحدة صوصها قليل", {"Chicken Burger": 3}),
        ("بدي برجر دجاج خمسة، تنين بلا بصل، ورز أبيض تلاتة", {"Chicken Burger": 5, "White Rice": 3}),
        # a dish's whole name with "more" after the split: more of that dish
        ("بدي ٤ برجر دجاج، وحدة بلا بصل، وتنين حمص زيادة", {"Chicken Burger": 4, "Hummus": 2}),
    ],
)
def test_more_or_less_of_something_on_some_of_them_is_a_note(text, items):
    """ "تنين بلا بصل ووحدة رز زيادة", "وثلاث حمص زيادة", "ووحدة صوصها قليل": after a count split,
    a part with food words closed by "more" / "less" is more or less of it on those, no dish (not
    the menu's rice); a dish with a count of its own after the split, or a dish's whole name with
    "more" ("وتنين حمص زيادة"), stays a dish."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a chicken burger with an extra white rice", {"Chicken Burger": 1, "White Rice": 1}),
        # guard: "extra" with no article before a dish's name stays how the dish comes
        ("a chicken burger with extra pickles", {"Chicken Burger": 1}),
    ],
)
def test_with_an_extra_dish_orders_one_more_of_it(text, items):
    """ "a beef ramen with an extra soft boiled egg": "with an extra" and the whole name of a dish
    of the menu is one of that dish besides, not a change."""
    _exact(text, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "chicken burger x3 and a hummus. wait make the chicken burger just 2",
            {"Chicken Burger": 2, "Hummus": 1},
        ),
        ("abi burger dajaj 9agheer 2 w pepsi", {"Small Chicken Burger": 2, "Pepsi": 1}),
        ("bade burger dajaj wa7de, mnemro2 3lekon ba3d el duhr", {"Chicken Burger": 1}),
    ],
)
def test_just_before_a_new_count_and_arabizi_talk_words(text, items):
    """ "make the chicken burger just 2": "just" before the corrected count; Gulf Arabizi "9agheer"
    (9 for ص) is "small"; "3lekon" (on you) is talk, no misspelt dish word."""
    menu = menu_entries(
        [
            {"name_ar": "برجر دجاج", "name_en": "Chicken Burger", "price": "18", "category": "sandwiches"},
            {
                "name_ar": "برجر دجاج صغير",
                "name_en": "Small Chicken Burger",
                "price": "12",
                "category": "sandwiches",
            },
            {"name_ar": "حمص", "name_en": "Hummus", "price": "8", "category": "sides"},
            {"name_ar": "عصير ليمون", "name_en": "Lemon Juice", "price": "9", "category": "drinks"},
            {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "3", "category": "drinks"},
        ]
    )
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي كباب وخبز أفغاني ٢", {"Kebab": 1, "Afghan Bread": 2}),
        ("عايز كباب وعيش أفغاني", {"Kebab": 1, "Afghan Bread": 1}),
        ("kebab and 2 afghan breads", {"Kebab": 1, "Afghan Bread": 2}),
    ],
)
def test_bread_in_either_script_finds_a_bread_named_otherwise(text, items):
    """ "خبز أفغاني" for the menu's "نان أفغاني / Afghan Bread": "خبز" and "bread" are one word, so
    the bread is found by the name's English half whatever its Arabic calls it."""
    menu = menu_entries(
        [
            {"name_ar": "كباب", "name_en": "Kebab", "price": "25", "category": "grill"},
            {"name_ar": "نان أفغاني", "name_en": "Afghan Bread", "price": "3", "category": "sides"},
        ]
    )
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []
