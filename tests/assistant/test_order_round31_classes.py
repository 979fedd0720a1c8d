"""Order classes of round 31's tuning (issue #13): the classes of round 30's held-out parts (dev now).
Each class is checked on the demo menu, on sentences written for it, never on the records that
showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.ops.demo_menu import DEMO_MENU

from .menus import item_counts

DEMO = menu_entries(DEMO_MENU)


def _exact(text: str, menu, items: dict[str, int]) -> None:
    """`text` orders exactly `items`: nothing asked about, named back or off."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == [] and parsed.unavailable == []


# ---- words said around an order: no dish -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # "for the afternoon coffee": when it is for, no coffee ordered
        ("ابي فلافل ثلاث وكنافة ست للقهوة العصر", {"Falafel": 3, "Kunafa": 6}),
        ("بدي كنافة اربعة لقهوة المغرب", {"Kunafa": 4}),
        # guards: the coffee itself, and a time said after it, are still an order of it
        ("ابي كنافة ست وقهوة عربية العصر", {"Kunafa": 6, "Arabic Coffee": 1}),
        ("ابي قهوة عربية ثنتين للعزومة", {"Arabic Coffee": 2}),
    ],
)
def test_a_dish_word_for_a_time_of_day_is_no_dish(text, items):
    """ "للقهوة العصر": a dish word with "ل" before a time of day says when, orders nothing."""
    _exact(text, DEMO, items)


# ---- a word of a name as written ---------------------------------------------------------------

# A kitchen where one name has "بالـ" + a word and another has that word with its article.
TOMATO = menu_entries(
    [
        {"name_ar": "رز بالدجاج", "name_en": "Chicken Rice", "price": "30"},
        {"name_ar": "شوربة الدجاج", "name_en": "Chicken Soup", "price": "15"},
        {"name_ar": "خبز بالطماطم", "name_en": "Tomato Bread", "price": "12"},
        {"name_ar": "كرات لحم بصوص الطماطم", "name_en": "Meatballs in Tomato Sauce", "price": "35"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي رز بالدجاج ثنين", {"Chicken Rice": 2}),
        ("بدي بيبسي وخبز بالطماطم تلاتة", {"Pepsi": 1, "Tomato Bread": 3}),
        ("عايز خبز بالطماطم", {"Tomato Bread": 1}),
        # guards: the other names, said as written
        ("ابي شوربة الدجاج ثنتين", {"Chicken Soup": 2}),
        ("بدي كرات لحم بصوص الطماطم ٢", {"Meatballs in Tomato Sauce": 2}),
    ],
)
def test_a_word_with_its_preposition_is_the_name_that_writes_it_so(text, items):
    """ "خبز بالطماطم تلاتة": "بالطماطم" is the word of the name that writes it with "بالـ", not
    the "الطماطم" of another name, so the count stays on the bread."""
    _exact(text, TOMATO, items)


# ---- a spice word said of some of them ---------------------------------------------------------

# A grill where the spice word is a word of other names only, and of one dish's own name.
SPICY = menu_entries(
    [
        {"name_ar": "بطاطس مقلية", "name_en": "Fries", "price": "10"},
        {"name_ar": "فول مدمس", "name_en": "Foul Medames", "price": "10"},
        {"name_ar": "حمص مدمس حار", "name_en": "Spicy Hummus Medames", "price": "12"},
        {"name_ar": "دجاج بالصوص الحار", "name_en": "Chicken in Hot Sauce", "price": "30"},
        {"name_ar": "قهوة تركية حارة", "name_en": "Hot Turkish Coffee", "price": "9"},
        {"name_ar": "لاتيه مثلج", "name_en": "Iced Latte", "price": "16"},
        {"name_ar": "لاتيه حار", "name_en": "Hot Latte", "price": "15"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # guard: the spice word of another dish only, said of one of them after a split
        (
            "ابي بطاطس مقلية خمسة، ثنتين بدون ملح ووحدة حارة، وبيبسي",
            [("Fries", 2), ("Fries", 2), ("Fries", 1), ("Pepsi", 1)],
        ),
        # … where another name has a later word of the dish with it ("مدمس" of "حمص مدمس حار")
        (
            "ابي فول مدمس خمسة، ثنتين بدون ملح ووحدة حار، وبيبسي",
            [("Foul Medames", 2), ("Foul Medames", 2), ("Foul Medames", 1), ("Pepsi", 1)],
        ),
        ("عايز فول مدمس اربعة، واحد حار", [("Foul Medames", 3), ("Foul Medames", 1)]),
        # the spice word of the dish's own name, said of some of them
        (
            "ابي دجاج بالصوص الحار ثلاث، ثنتين حار خفيف، وبيبسي ثلاث",
            [("Chicken in Hot Sauce", 1), ("Chicken in Hot Sauce", 2), ("Pepsi", 3)],
        ),
        # guard: one more joined by "و" right after the dish is another one, the menu's hot latte
        ("ابي ٢ لاتيه مثلج وواحد حار", [("Iced Latte", 2), ("Hot Latte", 1)]),
    ],
)
def test_a_spice_word_said_of_some_of_them_is_a_note(text, lines):
    """ "X ستة، … وواحد حار": a spice word said of some of the dish before, where the menu has no
    spicy variant of it, is a note on them: no other dish that happens to have the word."""
    parsed = parse_order(text, SPICY)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == lines
    assert parsed.ambiguous == [] and parsed.unknown == []


# ---- the kind said before a name that does not have it ------------------------------------------

# A grill whose drinks are named without "عصير" (juice).
NO_JUICE_WORD = menu_entries(
    [
        {"name_ar": "شاورما دجاج", "name_en": "Chicken Shawarma", "price": "15"},
        {"name_ar": "تمر هندي", "name_en": "Tamarind", "price": "8"},
        {"name_ar": "كركديه", "name_en": "Hibiscus", "price": "7"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        (
            "ابي شاورما دجاج ثنتين وعصير تمر هندي ثلاث",
            NO_JUICE_WORD,
            {"Chicken Shawarma": 2, "Tamarind": 3},
            [],
        ),
        ("بدي عصير كركديه تنين", NO_JUICE_WORD, {"Hibiscus": 2}, []),
        (
            "one chicken shawarma and a juice tamarind",
            NO_JUICE_WORD,
            {"Chicken Shawarma": 1, "Tamarind": 1},
            [],
        ),
        # guards: a menu with a juice keeps it; a juice this menu lacks is named back
        ("ابي عصير برتقال ثنين", DEMO, {"Orange Juice": 2}, []),
        ("ابي كنافة وعصير مانجو", DEMO, {"Kunafa": 1}, ["عصير مانجو"]),
    ],
)
def test_juice_said_before_a_name_without_it_is_that_dish(text, menu, items, unknown):
    """ "وعصير عرديب" on a menu that writes only "عرديب": the kind said before a name of the menu,
    where no name has it, belongs to that dish; no food named back."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == unknown and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("عايز فلافل خمسة، اتنين مقرمشين أوي، وبيبسي اتنين", [("Falafel", 3), ("Falafel", 2), ("Pepsi", 2)]),
        ("ابي شاورما دجاج اربع، ثنتين مشويين زيادة", [("Chicken Shawarma", 2), ("Chicken Shawarma", 2)]),
    ],
)
def test_a_plural_of_how_it_is_made_is_a_note_on_some_of_them(text, lines):
    """ "اتنين مقرمشين أوي": the plural of crispy or grilled said of some of them is a note that
    opens their line, no food named back."""
    parsed = parse_order(text, DEMO)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == lines
    assert parsed.unknown == [] and parsed.ambiguous == []


# ---- the words of an address ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # a "to" before the Arabizi district word
        ("abi falafel 3, el talab delivery le 7ay el salama", {"Falafel": 3}),
        ("2 shawarma la7me, delivery li 7ay el salama", {"Beef Shawarma": 2}),
        # the place the house number is in
        ("one falafel and two teas, leave it at the door of villa 9 in al rawdah", {"Falafel": 1, "Tea": 2}),
        ("two teas, delivery to building 4 in al malqa", {"Tea": 2}),
    ],
)
def test_the_words_of_an_address_are_no_food(text, items):
    """ "delivery le 7ay el salama", "villa 9 in al rawdah": the words of the address are neither a
    dish nor a food named back."""
    _exact(text, DEMO, items)


# ---- one more like it ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # a shared head, then which one it is, then "like it": the one ordered before
        ("ابي شاورما لحم ثنين وفلافل، وزيدوا شاورما ثالث مثله", {"Beef Shawarma": 3, "Falafel": 1}),
        ("بدي شاورما دجاج وحمص، وكمان شاورما تانية زيها", {"Chicken Shawarma": 2, "Hummus": 1}),
        ("abi shawarma la7me 2 w falafel, w kaman shawarma talte mitla", {"Beef Shawarma": 3, "Falafel": 1}),
        # Arabizi and Arabic Gulf "add for us" is a verb
        (
            "abi falafel w shawarma la7me 2, w zeedoona shawarma la7me thalith mithla",
            {"Falafel": 1, "Beef Shawarma": 3},
        ),
        ("ابي فلافل ثنين وزيدونا بيبسي", {"Falafel": 2, "Pepsi": 1}),
    ],
)
def test_one_more_like_it_after_which_one_it_is(text, items):
    """ "وزيدوا شاورما ثالث مثله": an ordinal between the head and "like it" says which one it is;
    the head names back the one of its dishes ordered before; "زيدونا" / "zeedoona" add, no food."""
    _exact(text, DEMO, items)


# ---- a count corrected by the start of the name ordered ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي برجر دجاج وسلطة... لا استنى خلي البرجر تنين", {"Chicken Burger": 2, "Salad": 1}),
        ("ابي برجر دجاج وبيبسي، لا خل البرجر ثلاث", {"Chicken Burger": 3, "Pepsi": 1}),
        ("one chicken burger and a salad, no make the burger two", {"Chicken Burger": 2, "Salad": 1}),
        # guard: the plain burger ordered too is the one corrected
        ("ابي برجر دجاج وبرجر، لا خل البرجر ثنين", {"Chicken Burger": 1, "Burger": 2}),
    ],
)
def test_a_count_corrected_by_the_start_of_the_name_ordered(text, items):
    """ "برجر دجاج …، لا خلي البرجر تنين": a name that is a dish of its own ("برجر"), not ordered,
    but the start of the one ordered, corrects that one; no other dish added."""
    _exact(text, DEMO, items)


# ---- "without" inside a name, in another dialect ---------------------------------------------------

# A grill whose names hold "بدون" (without).
WITHOUT_IN_NAMES = menu_entries(
    [
        {"name_ar": "برجر بدون خبز", "name_en": "Bunless Burger", "price": "30"},
        {"name_ar": "برجر لحم", "name_en": "Beef Burger", "price": "28"},
        {"name_ar": "لحم بدون عظم", "name_en": "Boneless Meat", "price": "45"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي برجر بلا خبز ثنين", {"Bunless Burger": 2}),
        ("abi la7m bala 3adm 2", {"Boneless Meat": 2}),
        ("bade la7me bidoon 3adm w burger la7me", {"Boneless Meat": 1, "Beef Burger": 1}),
        # guard: "without" said of a dish whose name does not hold it is a change
        ("ابي برجر لحم بلا بصل", {"Beef Burger": 1}),
    ],
)
def test_without_in_another_dialect_inside_a_name(text, items):
    """ "أجنحة بلا عظم", "ajni7a bala 3adm" for the menu's "أجنحة بدون عظم": another dialect's
    "without" between the words of a name that holds "بدون" is that word; Arabizi "d" may be ظ."""
    _exact(text, WITHOUT_IN_NAMES, items)


# ---- an English loanword spelled by ear -------------------------------------------------------------

CAFE = menu_entries(
    [
        {"name_ar": "وافل بالعسل", "name_en": "Honey Waffle", "price": "22"},
        {"name_ar": "وافل شوكولاتة", "name_en": "Chocolate Waffle", "price": "24"},
        {"name_ar": "مافن توت", "name_en": "Blueberry Muffin", "price": "12"},
        {"name_ar": "خبز بر", "name_en": "Brown Bread", "price": "4"},
        {"name_ar": "لبن", "name_en": "Laban", "price": "5"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items", "asked"),
    [
        # a shared head spelled by ear is still asked about
        ("bade wafel w pepsi tnein", {"Pepsi": 2}, [["Chocolate Waffle", "Honey Waffle"]]),
        ("abi mafin 2", {"Blueberry Muffin": 2}, []),
        # guard: "barid" (cold) is no "bread"
        ("abi laban barid", {"Laban": 1}, []),
    ],
)
def test_an_english_loanword_spelled_by_ear(text, items, asked):
    """ "wafel" for the menu's "waffle", "mafin" for "muffin": the same consonants with as many
    vowels between them name the one English word of the menu; "barid" is no "bread"."""
    parsed = parse_order(text, CAFE)
    assert item_counts(parsed) == items
    assert [sorted(a.candidates) for a in parsed.ambiguous] == asked
    assert parsed.unknown == []


# ---- a name said in two scripts -------------------------------------------------------------------

PIES = menu_entries(
    [
        {"name_ar": "فطيرة زعتر", "name_en": "Zaatar Pie", "price": "6"},
        {"name_ar": "فطيرة نص زعتر نص جبنة", "name_en": "Half Zaatar Half Cheese Pie", "price": "8"},
        {"name_ar": "فطيرة جبنة", "name_en": "Cheese Pie", "price": "7"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items", "asked"),
    [
        ("bade fatire za3tar 3", {"Zaatar Pie": 3}, []),
        ("abi 2 fateera zaatar w shay", {"Zaatar Pie": 2, "Tea": 1}, []),
        # guard: the bare head is still a question
        ("bade fatire", {}, [["Cheese Pie", "Half Zaatar Half Cheese Pie", "Zaatar Pie"]]),
    ],
)
def test_a_name_said_whole_in_two_scripts(text, items, asked):
    """ "fatire za3tar" read as the Arabic "فطيرة" and the English "zaatar": the one dish with a name
    of as many words, not the longer name that also holds them."""
    parsed = parse_order(text, PIES)
    assert item_counts(parsed) == items
    assert [sorted(a.candidates) for a in parsed.ambiguous] == asked


# ---- the lead's classes from whole conversations (demo menu, sentences written here) -----------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("two burgers, one normal one chicken", {"Burger": 1, "Chicken Burger": 1}),
        ("برجرين واحد عادي وواحد دجاج", {"Burger": 1, "Chicken Burger": 1}),
        ("٣ برجر، واحد عادي وتنين دجاج", {"Burger": 1, "Chicken Burger": 2}),
        # guard: "of them" made another way stays a line of the dish
        ("3 burgers, one of them without onion", {"Burger": 3}),
    ],
)
def test_a_header_count_split_into_kinds_when_the_head_is_a_dish(text, items):
    """ "two burgers, one normal one chicken": the count of a head that is itself a dish ("Burger"),
    broken down into a plain one and another kind, is one of each, not three."""
    _exact(text, DEMO, items)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("ابي برجر اربع حبات لا اقول ثلاث، واحد منهم بدون بصل", [("Burger", 2), ("Burger", 1)]),
        ("ابي شاورما دجاج اربع لا ثلاث، وحدة بدون ثوم", [("Chicken Shawarma", 2), ("Chicken Shawarma", 1)]),
        # guard: the corrected count alone
        ("ابي فلافل اربع حبات لا اقول ثلاث وبيبسي", [("Falafel", 3), ("Pepsi", 1)]),
    ],
)
def test_a_count_corrected_then_some_of_them_another_way(text, lines):
    """ "اربع حبات لا اقول ثلاث، واحد منهم …": the lines are some of the count said last (3 = 2 + 1),
    the count taken back opens none."""
    parsed = parse_order(text, DEMO)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == lines


@pytest.mark.parametrize(
    "text",
    [
        "برجر دجاج 2\nبطاطس 3\nبيبسي 2",
        "ابي:\nبرجر دجاج 2\nبطاطس 3\nبيبسي 2",
        "chicken burger 2\nfries 3\npepsi 2",
        "برجر دجاج 2، بطاطس 3، بيبسي 2",
    ],
)
def test_counts_after_dishes_in_a_list(text):
    """A list with the count after each dish, one dish a line or a comma between: each count is
    its own dish's, never the next line's."""
    _exact(text, DEMO, {"Chicken Burger": 2, "Fries": 3, "Pepsi": 2})


# ---- a count before the measure word a name opens with ------------------------------------------------

MEALS = menu_entries(
    [
        {"name_ar": "وجبة دجاج ٤ قطع", "name_en": "Chicken Meal 4 Pieces", "price": "20"},
        {"name_ar": "وجبة دجاج ٨ قطع", "name_en": "Chicken Meal 8 Pieces", "price": "35"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "4"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي ٣ وجبات دجاج ٨ قطع وبيبسي", {"Chicken Meal 8 Pieces": 3, "Pepsi": 1}),
        ("abi 4 wajbat djej 8 2ita3, w pepsi 4", {"Chicken Meal 8 Pieces": 4, "Pepsi": 4}),
        # guard: English says the name's number first
        ("one 8 piece chicken meal and a pepsi", {"Chicken Meal 8 Pieces": 1, "Pepsi": 1}),
    ],
)
def test_a_count_before_the_measure_word_a_name_opens_with(text, items):
    """ "4 wajbat broasted 8 2ita3": a number right before the measure a name opens with ("وجبة …")
    is how many, not the number of the other name ("… ٤ قطع")."""
    _exact(text, MEALS, items)


# ---- a short Arabic name in Arabizi -------------------------------------------------------------------

SHORT_NAMES = menu_entries(
    [
        {"name_ar": "موز", "name_en": "Banana", "price": "3"},
        {"name_ar": "فول", "name_en": "Fava Beans", "price": "9"},
        {"name_ar": "رز باللحم", "name_en": "Rice with Lamb", "price": "40"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("abi rz bel la7me w mooz 2", {"Rice with Lamb": 1, "Banana": 2}),
        ("bade fool w mooz", {"Fava Beans": 1, "Banana": 1}),
        # guard: a short word with no long vowel names nothing
        ("abi rz bel la7me w maz", {"Rice with Lamb": 1}),
    ],
)
def test_a_two_letter_arabic_name_spelled_with_a_long_vowel(text, items):
    """ "mooz" for the menu's "موز": a one-word name of two consonants, spelled with a long vowel
    written double, is that dish."""
    parsed = parse_order(text, SHORT_NAMES)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == []
