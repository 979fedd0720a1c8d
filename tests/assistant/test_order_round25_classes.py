"""Order classes of round 25's tuning (issue #13): the parser classes the lead met in whole customer
conversations on the demo menu, and those found on round 24's held-out parts (dev now). Each class is
checked on the demo menu and on a menu written here, on sentences written for it, never on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.ops.demo_menu import DEMO_MENU

from .menus import assert_order, item_counts

DEMO = menu_entries(DEMO_MENU)

# A Levantine grill and sandwich shop.
GRILL = menu_entries(
    [
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "30"},
        {"name_ar": "كباب حلبي", "name_en": "Aleppo Kebab", "price": "35"},
        {"name_ar": "ساندويش فلافل", "name_en": "Falafel Sandwich", "price": "7"},
        {"name_ar": "برغر دجاج", "name_en": "Chicken Burger", "price": "25"},
        {"name_ar": "برغر لحم", "name_en": "Beef Burger", "price": "28"},
        {"name_ar": "بطاطا", "name_en": "Fries", "price": "9"},
        {"name_ar": "ليموناضة", "name_en": "Lemonade", "price": "10"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "5"},
        {"name_ar": "كنافة", "name_en": "Kunafa", "price": "20"},
    ]
)

# A cake shop with sizes and a fried-chicken counter with numbered names.
CAKES = menu_entries(
    [
        {"name_ar": "كيكة فانيلا", "name_en": "Vanilla Cake", "price": "60"},
        {"name_ar": "كيكة شوكولاتة صغيرة", "name_en": "Small Chocolate Cake", "price": "70"},
        {"name_ar": "كيكة شوكولاتة كبيرة", "name_en": "Large Chocolate Cake", "price": "100"},
        {"name_ar": "كيكة جزر", "name_en": "Carrot Cake", "price": "65"},
        {"name_ar": "قهوة", "name_en": "Coffee", "price": "10"},
    ]
)
FRIED = menu_entries(
    [
        {"name_ar": "دجاج بوب كورن", "name_en": "Popcorn Chicken", "price": "14"},
        {"name_ar": "أجنحة حارة ٦ قطع", "name_en": "Spicy Wings 6 Pieces", "price": "18"},
        {"name_ar": "أجنحة حارة ١٢ قطعة", "name_en": "Spicy Wings 12 Pieces", "price": "32"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "8"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("كبسة دجاج ثنتين لا لا ثلاث كبسة دجاج", DEMO, {"Chicken Kabsa": 3}),
        ("تنين شاورما لحمة لا لا تلاتة شاورما لحمة", DEMO, {"Beef Shawarma": 3}),
        ("بيبسي ٢ لا ٤ بيبسي وحمص", DEMO, {"Pepsi": 4, "Hummus": 1}),
        ("شيش طاووق تنين لا لا تلاتة شيش طاووق", GRILL, {"Shish Tawook": 3}),
        ("2 lemonades, no, 3 lemonades and fries", GRILL, {"Lemonade": 3, "Fries": 1}),
    ],
)
def test_a_count_said_again_after_no_replaces_the_count(text, menu, items):
    """ "X 2 no no 3 X": the count corrected inside the order message replaces the first one
    (it used to add up to 5)."""
    assert_order(text, menu, items)


def test_no_then_another_dish_is_still_that_dish():
    """Guard: "no" then a count of a dish not named before is that dish's own count."""
    assert item_counts(parse_order("برجر، لا ٣ بيبسي", DEMO)) == {"Burger": 1, "Pepsi": 3}


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("جوز بيبسي", DEMO, {"Pepsi": 2}),
        ("عايز جوز شاورما فراخ", DEMO, {"Chicken Shawarma": 2}),
        ("نص دستة فلافل", DEMO, {"Falafel": 6}),
        ("دستة فلافل", DEMO, {"Falafel": 12}),
        ("نصف درزن فلافل", DEMO, {"Falafel": 6}),
        ("half a dozen falafel", DEMO, {"Falafel": 6}),
        ("عايز جوز ليموناضة ونص دستة ساندويش فلافل", GRILL, {"Lemonade": 2, "Falafel Sandwich": 6}),
        ("دستة ساندويش فلافل", GRILL, {"Falafel Sandwich": 12}),
    ],
)
def test_measure_words_count(text, menu, items):
    """The Egyptian pair ("جوز": two), the dozen of Egypt and the Levant ("دستة"), and half of a
    dozen in Arabic ("نص / نصف دستة / درزن": six) as in English."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("واه بيبسي تنين يعني كلهن", DEMO, {"Pepsi": 2}),
        ("برجر، وآه بطاطس ٣", DEMO, {"Burger": 1, "Fries": 3}),
        ("كباب حلبي، واه بيبسي تلاتة", GRILL, {"Aleppo Kebab": 1, "Pepsi": 3}),
        ("شيش طاووق وايوه برغر لحم", GRILL, {"Shish Tawook": 1, "Beef Burger": 1}),
    ],
)
def test_a_yes_joined_by_and_before_a_dish_spelled_with_b(text, menu, items):
    """ "واه بيبسي": "و" + a yes word before a dish whose own name starts with "ب" is "yes, pepsi",
    not a food "with pepsi" (the "ب" of a filling); yes and "I mean" ("يعني") are never named back."""
    assert_order(text, menu, items)


def test_a_filling_after_and_a_word_is_still_a_filling():
    """Guard: "وكريب بالنوتيلا" (a food this menu lacks with its filling) stays one food named back."""
    parsed = parse_order("برجر وكريب بالنوتيلا", DEMO)
    assert item_counts(parsed) == {"Burger": 1}
    assert parsed.unknown == ["كريب بالنوتيلا"]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("واثنين يبون شاورما لحم", DEMO, {"Beef Shawarma": 2}),
        ("واحد يبي برجر", DEMO, {"Burger": 1}),
        ("ثلاثة يبغون كبسة دجاج وواحد يبي مندي لحم", DEMO, {"Chicken Kabsa": 3, "Lamb Mandi": 1}),
        ("تنين بدهم شيش طاووق وواحد بدو كنافة", GRILL, {"Shish Tawook": 2, "Kunafa": 1}),
        ("3 want the beef burger", GRILL, {"Beef Burger": 3}),
    ],
)
def test_a_count_then_a_verb_of_wanting_then_the_dish(text, menu, items):
    """ "واثنين يبون شاورما لحم": a count, a verb of wanting said of those it is for, then the
    dish: the count is the dish's (it used to count nothing), the verb never named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("sab3 pepsiyat", DEMO, {"Pepsi": 7}),
        ("arba3 salatat w thalath kabsat", DEMO, {"Salad": 4, "Chicken Kabsa": 3}),
        ("bade 2 pepsiyat w kunafa", GRILL, {"Pepsi": 2, "Kunafa": 1}),
        ("5 burgerat la7me", GRILL, {"Beef Burger": 5}),
    ],
)
def test_arabizi_plurals_in_at(text, menu, items):
    """Arabizi plurals of "ات" ("pepsiyat", "salatat", "kabsat", "burgerat") are the dish."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("two of whichever is cheaper, kunafa or om ali", DEMO, {"Kunafa": 1, "Om Ali": 1}),
        ("عايز ٢ برجر، واجيبلها نفس الأكل", DEMO, {"Burger": 2}),
        ("عايز برجر و اشتريلها بيبسي", DEMO, {"Burger": 1, "Pepsi": 1}),
        ("واليوم ابي اطلب ٢ برجر دجاج", DEMO, {"Chicken Burger": 2}),
        ("برجر وبكرة بطاطس", DEMO, {"Burger": 1, "Fries": 1}),
        (
            "2 of whatever is quicker, shish tawook or aleppo kebab",
            GRILL,
            {"Shish Tawook": 1, "Aleppo Kebab": 1},
        ),
        ("ساندويش فلافل ٢ وبجيبلهم ليموناضة", GRILL, {"Falafel Sandwich": 2, "Lemonade": 1}),
        ("واليوم بدي كنافة، and tonight 2 pepsi", GRILL, {"Kunafa": 1, "Pepsi": 2}),
    ],
)
def test_words_that_are_never_dishes_named_back(text, menu, items):
    """A choice ("whichever", "whatever"), a verb done for someone ("اجيبلها", "اشتريلها",
    "بجيبلهم": read by shape), the day ("اليوم", "بكرة", "tonight") are never named back as dishes
    the menu lacks, joined by "و" or after a count."""
    assert_order(text, menu, items)


def test_a_food_after_a_verb_done_for_someone_is_still_named_back():
    """Guard: the verb is no dish, the food this menu lacks after it still is."""
    parsed = parse_order("برجر، واجيبلها سوشي", DEMO)
    assert item_counts(parsed) == {"Burger": 1} and parsed.unknown == ["سوشي"]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("hmm on second thought, chicken for both shawarmas", DEMO, {"Chicken Shawarma": 2}),
        ("beef for the shawarma please", DEMO, {"Beef Shawarma": 1}),
        ("on second thought, beef for both burgers", GRILL, {"Beef Burger": 2}),
        ("chicken for the burger and a lemonade", GRILL, {"Chicken Burger": 1, "Lemonade": 1}),
    ],
)
def test_a_word_of_a_name_for_its_head(text, menu, items):
    """ "chicken for both shawarmas": a word of a name, "for (both / the)", then a head several
    names share is the one dish of both words; "both" counts two (the word used to be lost)."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "item"),
    [
        ("no worries, an orange juice then", DEMO, "Orange Juice"),
        ("no problem, 2 pepsi then", DEMO, "Pepsi"),
        ("ok no rush, a kunafa", GRILL, "Kunafa"),
        ("no worries at all, the lemonade", GRILL, "Lemonade"),
    ],
)
def test_no_worries_is_talk_not_a_note(text, menu, item):
    """ "no worries", "no problem", "no rush": talk, never a note on the dish after it."""
    parsed = parse_order(text, menu)
    assert [line.name_en for line in parsed.lines] == [item]
    assert parsed.lines[0].modifications == []


def test_a_real_no_is_still_a_note():
    """Guard: "no onions" after the dish is its note."""
    parsed = parse_order("no rush, a burger no onions", DEMO)
    assert [(line.name_en, line.modifications) for line in parsed.lines] == [("Burger", ["no onions"])]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ساندوتش فلافل", DEMO, {"Falafel": 1}),
        ("2 سندويشات فلافل", DEMO, {"Falafel": 2}),
        ("طعمية ٣", DEMO, {"Falafel": 3}),
        ("برجر دياي", DEMO, {"Chicken Burger": 1}),
        ("ساندوتش طعمية ٢", GRILL, {"Falafel Sandwich": 2}),
        ("برغر دياي وبطاطا", GRILL, {"Chicken Burger": 1, "Fries": 1}),
    ],
)
def test_falafel_and_chicken_spellings(text, menu, items):
    """ "ساندوتش / سندويشات فلافل" is the falafel item, "طعمية" is falafel, "دياي" is دجاج."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("2 burgers and a cold pepsi", DEMO, {"Burger": 2, "Pepsi": 1}),
        ("2 shish tawook and a large lemonade", GRILL, {"Shish Tawook": 2, "Lemonade": 1}),
    ],
)
def test_a_size_or_temperature_before_the_next_dish_is_its_own(text, menu, items):
    """ "2 burgers and a cold pepsi": "a cold" is the pepsi's count and word, not one of the
    burgers made cold (it used to split the burgers 1 + 1 "cold")."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert len(parsed.lines) == len(items)
    assert parsed.lines[0].modifications == []


def test_one_of_them_made_another_way_still_splits():
    """Guard: "2 burgers, one spicy" is still two lines of the burger."""
    parsed = parse_order("2 burgers, one spicy", DEMO)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == [("Burger", 1), ("Burger", 1)]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "a vanilla cake and a small chocolate cake, actually make the chocolate one the large",
            CAKES,
            {"Vanilla Cake": 1, "Large Chocolate Cake": 1},
        ),
        (
            "small chocolate cake and a coffee, actually make the chocolate one large",
            CAKES,
            {"Large Chocolate Cake": 1, "Coffee": 1},
        ),
    ],
)
def test_the_dish_one_then_a_size_changes_its_size(text, menu, items):
    """ "make the chocolate one the large": "one" stands for the dish named, the size changes it
    (it used to add a large one beside the small)."""
    assert_order(text, menu, items)


def test_a_correction_verb_after_if_is_a_fallback():
    """ "X، ولو مش موجود خليه Y": a dish instead if X is out; X (off today) is named back as off,
    not replaced."""
    menu = menu_entries(
        [
            {"name_ar": "كيكة جزر", "name_en": "Carrot Cake", "price": "65", "available": False},
            {"name_ar": "كيكة فانيلا", "name_en": "Vanilla Cake", "price": "60"},
        ]
    )
    parsed = parse_order("عايز كيكة جزر، ولو مش موجودة خليها كيكة فانيلا", menu)
    assert item_counts(parsed) == {"Vanilla Cake": 1}
    assert [e.name_en for e in parsed.unavailable] == ["Carrot Cake"]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "popcorn chicken, spicy wings 6 pcs and an orange juice",
            {"Popcorn Chicken": 1, "Spicy Wings 6 Pieces": 1, "Orange Juice": 1},
        ),
        (
            "دجاج بوب كورن، اجنحة حارة ١٢ قطعة وكولا",
            {"Popcorn Chicken": 1, "Spicy Wings 12 Pieces": 1, "Cola": 1},
        ),
    ],
)
def test_a_number_of_a_name_after_a_dish_run_on(text, items):
    """ "popcorn chicken, spicy wings 6 pcs": the number of a name with its piece word, after
    another dish with no "و" between, is still the name's number (it used to count six)."""
    assert_order(text, FRIED, items)


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        ("burger and fries, and do you do sushi?", DEMO, {"Burger": 1, "Fries": 1}, ["sushi"]),
        ("kunafa w kaman zalabia", GRILL, {"Kunafa": 1}, ["zalabia"]),
        ("lemonade, and maybe some sushi?", GRILL, {"Lemonade": 1}, ["sushi"]),
    ],
)
def test_also_and_do_you_keep_a_food_named_back(text, menu, items, unknown):
    """ "and do you do X?", "w kaman X", "and maybe some X": the words between "and" and the food
    ("do you do", Arabizi "kaman", "maybe") are never named back; the food is."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == unknown


def test_arabizi_another_is_no_thai():
    """ "thani" (another) is never a misspelling of a menu's own "Thai"."""
    menu = menu_entries(
        [
            {"name_ar": "باد تاي", "name_en": "Pad Thai", "price": "30"},
            {"name_ar": "نودلز لحم", "name_en": "Beef Noodles", "price": "28"},
        ]
    )
    assert_order("noodles la7am w wa7ed noodles la7am thani", menu, {"Beef Noodles": 2})


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        (
            "ابي ٣ فلافل، واحد منهم مع دجاج وبيبسي",
            DEMO,
            [("Falafel", 2, []), ("Falafel", 1, ["مع دجاج"]), ("Pepsi", 1, [])],
        ),
        ("بدي تنين كنافة، وحدة منهن مع لحم", GRILL, [("Kunafa", 1, []), ("Kunafa", 1, ["مع لحم"])]),
    ],
)
def test_a_meat_with_one_of_them_is_that_lines_note(text, menu, lines):
    """ "تنين، وحدة منهن مع دجاج": a meat alone (no dish by itself) with "one of them" is added to
    that line, a note; it is never asked about among the dishes that hold it."""
    parsed = parse_order(text, menu)
    assert [(line.name_en, line.quantity, line.modifications) for line in parsed.lines] == lines
    assert parsed.ambiguous == []


# A wings counter with a spicy and a regular kind of one dish.
WINGS = menu_entries(
    [
        {"name_ar": "تندرز حار", "name_en": "Spicy Tenders", "price": "20"},
        {"name_ar": "تندرز عادي", "name_en": "Regular Tenders", "price": "18"},
        {"name_ar": "صوص جبنة", "name_en": "Cheese Sauce", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "abgha tenders 7ar w cheese sauce, la 5alli el tenders 3adi",
        "ابي تندرز حار وصوص جبنة، لا خلي التندرز عادي",
    ],
)
def test_plain_after_a_change_of_mind_takes_the_heat_off(text):
    """ "la 5alli el tenders 3adi": plain, after a change of mind, is the dish before without its
    heat (the menu's "regular" one), as it is without its size."""
    assert_order(text, WINGS, {"Regular Tenders": 1, "Cheese Sauce": 1})


# A pasta bar whose chicken pasta comes plain or spicy, and fries plain or large.
PASTA = menu_entries(
    [
        {"name_ar": "باستا دجاج كريمي", "name_en": "Creamy Chicken Pasta", "price": "30"},
        {"name_ar": "باستا دجاج كريمي حارة", "name_en": "Spicy Creamy Chicken Pasta", "price": "32"},
        {"name_ar": "سلة بطاطس", "name_en": "Fries Basket", "price": "8"},
        {"name_ar": "سلة بطاطس كبيرة", "name_en": "Large Fries Basket", "price": "11"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "two chicken pasta, one spicy one regular",
            {"Spicy Creamy Chicken Pasta": 1, "Creamy Chicken Pasta": 1},
        ),
        ("3 chicken pasta, one spicy", {"Spicy Creamy Chicken Pasta": 1, "Creamy Chicken Pasta": 2}),
        ("two fries, one large", {"Large Fries Basket": 1, "Fries Basket": 1}),
    ],
)
def test_a_shared_head_counted_then_one_kind_counted_short(text, items):
    """ "two chicken alfredo, one spicy one regular": a head a plain dish and its spicy (or sized)
    kind share, counted, then that kind counted short of it: the rest are the plain one (it used to
    count all of them spicy)."""
    assert_order(text, PASTA, items)
