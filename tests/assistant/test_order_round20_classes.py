"""Order classes found on round 19's held-out parts (and round 18's leftovers), read in round 20
(issue #13): each test names the class and checks it on sentences written for it, on menus written
here, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import assert_order, item_counts

# A Lebanese grill: two chicken dishes that say "فروج", a burger with "لحم", fries and drinks.
GRILL = menu_entries(
    [
        {"name_ar": "فروج مشوي", "name_en": "Grilled Chicken", "price": "30"},
        {"name_ar": "نص فروج بروستد", "name_en": "Half Broasted Chicken", "price": "18"},
        {"name_ar": "برجر لحم", "name_en": "Beef Burger", "price": "22"},
        {"name_ar": "بطاطا مقلية", "name_en": "French Fries", "price": "8"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)
# A bakery and coffee shop: no meat on it at all.
BAKERY = menu_entries(
    [
        {"name_ar": "كيكة فانيلا", "name_en": "Vanilla Cake", "price": "60"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "9"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
        {"name_ar": "قهوة عربية", "name_en": "Arabic Coffee", "price": "6"},
    ]
)

# A fish grill and a sweets shop that sell by the kilo and the half kilo.
FISH = menu_entries(
    [
        {"name_ar": "سمك هامور مشوي كيلو", "name_en": "Grilled Hamour Fish Kilo", "price": "90"},
        {"name_ar": "سمك هامور مشوي نص كيلو", "name_en": "Grilled Hamour Fish Half Kilo", "price": "50"},
        {"name_ar": "رز صيادية", "name_en": "Sayadiyah Rice", "price": "12"},
    ]
)
SWEETS = menu_entries(
    [
        {"name_ar": "معمول تمر كيلو", "name_en": "Date Maamoul Kilo", "price": "60"},
        {"name_ar": "معمول تمر نص كيلو", "name_en": "Date Maamoul Half Kilo", "price": "32"},
        {"name_ar": "قهوة عربية", "name_en": "Arabic Coffee", "price": "6"},
    ]
)


def asked(text: str, menu: list) -> list[tuple[str, list[str]]]:
    """What each ambiguous mention says and the names it asks between."""
    names = {e.key: e.name_en for e in menu}
    return [(a.text, sorted(names[k] for k in a.candidates)) for a in parse_order(text, menu).ambiguous]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي فروج وعيران", {"Ayran": 1}),
        ("بدي فروج وبطاطا مقلية", {"French Fries": 1}),
    ],
)
def test_a_bare_meat_word_is_asked_among_the_dishes_that_say_it(text, items) -> None:
    """ "فروج" alone, read by no dish: the items whose names hold it are asked about, never dropped."""
    parsed = parse_order(text, GRILL)
    assert item_counts(parsed) == items
    assert asked(text, GRILL) == [("فروج", ["Grilled Chicken", "Half Broasted Chicken"])]


@pytest.mark.parametrize(
    ("text", "menu", "unknown"),
    [
        ("ابي كرواسون وفروج", BAKERY, ["فروج"]),
        ("a croissant and chicken please", BAKERY, ["chicken"]),
        ("عطني شاي ولحم", BAKERY, ["لحم"]),
    ],
)
def test_a_bare_meat_word_no_dish_holds_is_named_back(text, menu, unknown) -> None:
    """A meat word alone on a menu with no dish that says it: named back, never dropped in silence."""
    assert parse_order(text, menu).unknown == unknown


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("برجر لحم وعيران", GRILL, {"Beef Burger": 1, "Ayran": 1}),
        ("فروج مشوي وبطاطا مقلية", GRILL, {"Grilled Chicken": 1, "French Fries": 1}),
    ],
)
def test_a_meat_word_inside_a_name_is_the_name(text, menu, items) -> None:
    """ "برجر لحم", "فروج مشوي": the word that narrows a dish stays in its name, nothing asked."""
    assert_order(text, menu, items)


def test_a_meat_word_after_a_food_we_lack_goes_with_it() -> None:
    """ "مندي لحم": the kind of a food this menu lacks is named back with it, no question."""
    parsed = parse_order("ابي مندي لحم وعيران", GRILL)
    assert parsed.ambiguous == [] and "لحم" not in parsed.unknown


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        ("ابي كرواسون، وعندكم تشوروز؟", BAKERY, {"Croissant": 1}, ["تشوروز"]),
        ("شاي اتنين، وعندكن بريوش؟", BAKERY, {"Tea": 2}, ["بريوش"]),
        ("بدي برجر لحم، واذا في سينابون كمان", GRILL, {"Beef Burger": 1}, ["سينابون"]),
        ("فروج مشوي وعيران، وفيه كانولي؟", GRILL, {"Grilled Chicken": 1, "Ayran": 1}, ["كانولي"]),
    ],
)
def test_a_food_asked_whether_you_have_it_is_named_back(text, menu, items, unknown) -> None:
    """ "وعندكم X؟", "واذا في X": the word after the question is a food, named back when the menu
    lacks it, whether or not the parser knows it from elsewhere."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == unknown


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي كيكة فانيلا، عندكم توصيل؟", BAKERY, {"Vanilla Cake": 1}),
        ("شاي وكرواسون، وفيه جلسات؟", BAKERY, {"Tea": 1, "Croissant": 1}),
        ("برجر لحم، وعندكم فرع بالعليا؟", GRILL, {"Beef Burger": 1}),
        ("فروج مشوي، ابي اكله في البيت", GRILL, {"Grilled Chicken": 1}),
    ],
)
def test_a_service_asked_about_is_no_food(text, menu, items) -> None:
    """ "عندكم توصيل؟", "فيه جلسات؟", "في البيت": a service or a place, never a dish named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("كيكة فانيلا وعليها اربع شاي", BAKERY, {"Vanilla Cake": 1, "Tea": 4}),
        ("فروج مشوي وعليه عيران", GRILL, {"Grilled Chicken": 1, "Ayran": 1}),
    ],
)
def test_and_on_it_joins_dishes(text, menu, items) -> None:
    """ "وعليها", "وعليه" (and on it): with it, like "ومعاها", never a dish named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        ("ابي عيران وتشيز كيك", GRILL, {"Ayran": 1}, ["تشيز كيك"]),
        ("بدي برجر لحم وبان كيك اتنين", GRILL, {"Beef Burger": 1}, ["بان كيك"]),
        ("كرواسون وكولد برو", BAKERY, {"Croissant": 1}, ["كولد برو"]),
        ("an ayran and a pan cake", GRILL, {"Ayran": 1}, ["pan cake"]),
    ],
)
def test_a_two_word_food_we_lack_is_named_back_as_one_phrase(text, menu, items, unknown) -> None:
    """ "تشيز كيك", "بان كيك", "pan cake": two food words with no "و" between them are one food,
    named back as one phrase ("ما عندنا تشيز كيك"), never as two foods."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == unknown


def test_two_foods_we_lack_joined_by_and_stay_two() -> None:
    """ "وسوشي وبيتزا": each joined by "و" is its own food, named back one by one."""
    assert parse_order("فروج مشوي وسوشي وبيتزا", GRILL).unknown == ["سوشي", "بيتزا"]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("بدي برجر لحم، وحطلي كمان واحد متلو، وعيران", GRILL, {"Beef Burger": 2, "Ayran": 1}),
        ("بدي كيكة فانيلا ووحدة متلها، ومعهن شاي", BAKERY, {"Vanilla Cake": 2, "Tea": 1}),
        ("ابي فروج مشوي وواحد زيه، ومعاه عيران", GRILL, {"Grilled Chicken": 2, "Ayran": 1}),
    ],
)
def test_one_more_like_it_then_and_with_them_another_dish(text, menu, items) -> None:
    """ "وحطلي كمان واحد متلو" (Levantine "like it" with و), "ووحدة متلها، ومعهن شاي": one more of
    the dish before; "ومعهن" / "ومعاه" after it brings the next dish, no variant of the first."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("برجر لحم وعيران، لا شيل العيران", GRILL, {"Beef Burger": 1}),
        (
            "ابي برجر لحم وبطاطا مقلية، لا لا احذف البطاطا وحط بدالها عيران",
            GRILL,
            {"Beef Burger": 1, "Ayran": 1},
        ),
        (
            "a beef burger and french fries, no remove the fries and add an ayran",
            GRILL,
            {"Beef Burger": 1, "Ayran": 1},
        ),
        ("كيكة فانيلا وشاي، الغي الشاي", BAKERY, {"Vanilla Cake": 1}),
    ],
)
def test_a_remove_verb_before_a_dish_ordered_earlier_takes_it_off(text, menu, items) -> None:
    """ "لأ شيل X وحط بدالو Y", "remove the fries": the dish named after the verb, ordered earlier in
    the message, is taken off; what comes after is ordered."""
    assert_order(text, menu, items)


def test_a_remove_verb_before_an_ingredient_takes_no_dish_off() -> None:
    """ "شيل البصل منه": no dish of the order is named after the verb, so nothing is taken off."""
    assert_order("برجر لحم، شيل البصل منه", GRILL, {"Beef Burger": 1})


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("a beef burger and an ayran, no wait two ayrans", GRILL, {"Beef Burger": 1, "Ayran": 2}),
        ("tea and a croissant, actually 3 croissants", BAKERY, {"Tea": 1, "Croissant": 3}),
        (
            "2 beef burgers, make it 3 actually, and french fries",
            GRILL,
            {"Beef Burger": 3, "French Fries": 1},
        ),
        ("one vanilla cake, sorry, 2 vanilla cakes", BAKERY, {"Vanilla Cake": 2}),
    ],
)
def test_a_count_after_a_change_of_mind_replaces_the_count(text, menu, items) -> None:
    """ "no wait two ayrans", "actually 3 croissants": the new count replaces the one said before,
    with no verb; "actually" / "wait" / "sorry" are spoken words, never a dish or a note."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("a hamour kilo and sayadiyah rice", FISH, {"Grilled Hamour Fish Kilo": 1, "Sayadiyah Rice": 1}),
        ("ابي هامور كيلو", FISH, {"Grilled Hamour Fish Kilo": 1}),
        ("one maamoul kilo and an arabic coffee", SWEETS, {"Date Maamoul Kilo": 1, "Arabic Coffee": 1}),
        ("a half kilo maamoul", SWEETS, {"Date Maamoul Half Kilo": 1}),
    ],
)
def test_a_measure_said_is_the_name_that_adds_no_other_measure(text, menu, items) -> None:
    """ "a hamour kilo" beside "… Kilo" and "… Half Kilo": the kilo; the half kilo only when "half"
    is said."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(("text", "menu"), [("ابي هامور مشوي", FISH), ("بدي معمول تمر", SWEETS)])
def test_no_measure_said_stays_a_question(text, menu) -> None:
    """ "هامور مشوي" with no measure: the kilo and the half kilo are asked about."""
    assert len(asked(text, menu)) == 1 and len(asked(text, menu)[0][1]) == 2


# A milkshake bar: a dish that holds "cream" beside shakes.
SHAKES = menu_entries(
    [
        {"name_ar": "ميلك شيك فانيلا", "name_en": "Vanilla Milkshake", "price": "16"},
        {"name_ar": "فراولة بالكريمة", "name_en": "Strawberries and Cream", "price": "18"},
        {"name_ar": "وافل", "name_en": "Waffle", "price": "14"},
        {"name_ar": "لازانيا بالجبن", "name_en": "Cheese Lasagna", "price": "30"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("2 vanilla milkshakes, one with no whipped cream", {"Vanilla Milkshake": 2}),
        ("a vanilla milkshake with no whipped cream and a waffle", {"Vanilla Milkshake": 1, "Waffle": 1}),
        ("a cheese lasagna without grated cheese", {"Cheese Lasagna": 1}),
    ],
)
def test_a_prepared_ingredient_after_a_change_word_is_the_note(text, items) -> None:
    """ "no whipped cream", "without grated cheese": the ingredient with how it is made is what is
    changed, never a dish of the menu that holds the word ("Strawberries and Cream")."""
    parsed = parse_order(text, SHAKES)
    assert item_counts(parsed) == items
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "half a kilo maamoul and an arabic coffee",
            SWEETS,
            {"Date Maamoul Half Kilo": 1, "Arabic Coffee": 1},
        ),
        (
            "half a kilo of hamour and sayadiyah rice",
            FISH,
            {"Grilled Hamour Fish Half Kilo": 1, "Sayadiyah Rice": 1},
        ),
    ],
)
def test_half_a_kilo_is_the_half_kilo(text, menu, items) -> None:
    """ "half a kilo": the "a" belongs to the measure, not a count of one beside a "half" note."""
    assert_order(text, menu, items)


# A charcoal grill and a breakfast cafe whose names hold a small word inside ("على", "on").
CHARCOAL = menu_entries(
    [
        {"name_ar": "دجاج على الفحم", "name_en": "Chicken on Charcoal", "price": "32"},
        {"name_ar": "رز أبيض", "name_en": "White Rice", "price": "8"},
        {"name_ar": "لبن", "name_en": "Laban", "price": "4"},
    ]
)
BREAKFAST = menu_entries(
    [
        {"name_ar": "بيض على توست", "name_en": "Eggs on Toast", "price": "15"},
        {"name_ar": "توست بالجبن", "name_en": "Cheese Toast", "price": "12"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "10"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي دجاج على الفحم ومعه لبن", CHARCOAL, {"Chicken on Charcoal": 1, "Laban": 1}),
        ("بدي دجاج على الفحم ٢ ورز أبيض", CHARCOAL, {"Chicken on Charcoal": 2, "White Rice": 1}),
        ("بيض على توست وعصير برتقال", BREAKFAST, {"Eggs on Toast": 1, "Orange Juice": 1}),
        ("2 eggs on toast and a cheese toast", BREAKFAST, {"Eggs on Toast": 2, "Cheese Toast": 1}),
    ],
)
def test_a_name_with_a_small_word_inside_is_one_dish(text, menu, items) -> None:
    """ "قوزي على تمن", "eggs on toast": the small word a menu name holds inside joins its two
    halves into that one name, not two dishes (nor a count of one taken twice)."""
    assert_order(text, menu, items)


# An Indian street stall and a tea house, each with a name word that elsewhere is a spoken word
# ("باجي": I'm coming; "ورد": the flowers of a greeting).
STREET = menu_entries(
    [
        {"name_ar": "باو باجي", "name_en": "Pav Bhaji", "price": "16"},
        {"name_ar": "وادا باو", "name_en": "Vada Pav", "price": "12"},
        {"name_ar": "شاي ماسالا", "name_en": "Masala Chai", "price": "6"},
    ]
)
TEA_HOUSE = menu_entries(
    [
        {"name_ar": "شاي ورد", "name_en": "Rose Tea", "price": "9"},
        {"name_ar": "شاي نعناع", "name_en": "Mint Tea", "price": "7"},
        {"name_ar": "كيك تمر", "name_en": "Date Cake", "price": "14"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي شاي ماسالا وباو باجي", STREET, {"Masala Chai": 1, "Pav Bhaji": 1}),
        ("باو باجي اتنين ووادا باو", STREET, {"Pav Bhaji": 2, "Vada Pav": 1}),
        ("بدي شاي ورد وكيك تمر", TEA_HOUSE, {"Rose Tea": 1, "Date Cake": 1}),
        ("ابغى كيك تمر وشاي ورد ثنين", TEA_HOUSE, {"Date Cake": 1, "Rose Tea": 2}),
    ],
)
def test_a_spoken_word_that_is_a_word_of_a_name_beside_it_is_the_name(text, menu, items) -> None:
    """ "باو باجي", "شاي ورد": a word read elsewhere as spoken (no dish) is the menu's own name word
    right after another word of that name; the menu's names come first."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("abgha mint tea thalath w date cake thnain, mn fadlak", TEA_HOUSE, {"Mint Tea": 3, "Date Cake": 2}),
        ("beddi ayran khams w beef burger thnain", GRILL, {"Ayran": 5, "Beef Burger": 2}),
        ("abi thalath beef burger w ayran", GRILL, {"Beef Burger": 3, "Ayran": 1}),
    ],
)
def test_arabizi_number_words_in_other_vowels_count(text, menu, items) -> None:
    """ "thalath", "thnain", "khams" (Gulf spellings of ثلاث / ثنين / خمس): read by their consonants
    like "thalatha" and "ithnain", before or after the dish; "mn fadlak" is "please", no dish."""
    assert_order(text, menu, items)


# A Levantine grill and an Iraqi grill, each with a plain dish beside the same dish made spicy.
TAWOOK = menu_entries(
    [
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "28"},
        {"name_ar": "شيش طاووق حار", "name_en": "Spicy Shish Tawook", "price": "30"},
        {"name_ar": "حمص", "name_en": "Hummus", "price": "10"},
    ]
)
TIKKA = menu_entries(
    [
        {"name_ar": "كباب عراقي", "name_en": "Iraqi Kebab", "price": "30"},
        {"name_ar": "كباب عراقي حار", "name_en": "Spicy Iraqi Kebab", "price": "32"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("abgha kabab 3ra2i w shai", TIKKA, {"Iraqi Kebab": 1, "Tea": 1}),
        ("ابي كباب iraqi وشاي", TIKKA, {"Iraqi Kebab": 1, "Tea": 1}),
        ("ابي شيش tawook وحمص", TAWOOK, {"Shish Tawook": 1, "Hummus": 1}),
        ("abi shish طاووق w hummus", TAWOOK, {"Shish Tawook": 1, "Hummus": 1}),
    ],
)
def test_a_plain_name_said_in_full_in_two_scripts_is_the_plain_dish(text, menu, items) -> None:
    """ "kabab 3ra2i", "شيش tawook": the whole name said (in Arabizi, or half in each script) is the
    plain dish, not a question with the same dish made spicy."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "expected"),
    [
        ("3ayez kebab w shay", TIKKA, ["Iraqi Kebab", "Spicy Iraqi Kebab"]),
        ("بدي شيش وحمص", TAWOOK, ["Shish Tawook", "Spicy Shish Tawook"]),
    ],
)
def test_a_bare_head_beside_a_plain_and_a_spicy_dish_stays_a_question(text, menu, expected) -> None:
    """ "kebab", "شيش" alone: the head both share, asked about."""
    assert [names for _, names in asked(text, menu)] == [expected]


def test_the_spicy_dish_said_is_the_spicy_one() -> None:
    """ "kebab 3ra2i 7ar": the spice word said picks the spicy dish."""
    assert_order("kebab 3ra2i 7ar", TIKKA, {"Spicy Iraqi Kebab": 1})


# A wok kitchen and a rice house, each with a dish that ends in a meat and one that opens with one.
WOK_HOUSE = menu_entries(
    [
        {"name_ar": "دجاج بالبرتقال", "name_en": "Orange Chicken", "price": "30"},
        {"name_ar": "لحم مع الفلفل", "name_en": "Beef with Peppers", "price": "34"},
        {"name_ar": "رز مقلي", "name_en": "Fried Rice", "price": "14"},
    ]
)
RICE_HOUSE = menu_entries(
    [
        {"name_ar": "كبسة دجاج", "name_en": "Chicken Kabsa", "price": "28"},
        {"name_ar": "لحم مع رز", "name_en": "Lamb with Rice", "price": "40"},
        {"name_ar": "لبن", "name_en": "Laban", "price": "4"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "orange chicken, beef with peppers and fried rice",
            WOK_HOUSE,
            {"Orange Chicken": 1, "Beef with Peppers": 1, "Fried Rice": 1},
        ),
        (
            "chicken kabsa, lamb with rice and a laban",
            RICE_HOUSE,
            {"Chicken Kabsa": 1, "Lamb with Rice": 1, "Laban": 1},
        ),
        ("ابي كبسة دجاج، لحم مع رز ولبن", RICE_HOUSE, {"Chicken Kabsa": 1, "Lamb with Rice": 1, "Laban": 1}),
    ],
)
def test_a_meat_word_that_opens_the_next_dish_is_that_dish(text, menu, items) -> None:
    """ "kung pao chicken, beef with broccoli": across the comma, the meat word opens the next dish
    of the menu ("beef with …"), never a kind of the dish before named back."""
    assert_order(text, menu, items)


def test_a_meat_word_after_a_dish_with_nothing_after_is_a_kind_we_lack() -> None:
    """ "كبسة لحم" where only chicken kabsa exists: still a kind the menu lacks, named back."""
    parsed = parse_order("ابي كبسة لحم ولبن", RICE_HOUSE)
    assert item_counts(parsed) == {"Laban": 1} and parsed.unknown


# A waffle bar and a manakish oven, each with a dish named by its filling ("بالعسل", "بالجبن").
WAFFLES = menu_entries(
    [
        {"name_ar": "وافل بالعسل", "name_en": "Honey Waffle", "price": "18"},
        {"name_ar": "لاتيه", "name_en": "Latte", "price": "15"},
    ]
)
OVEN = menu_entries(
    [
        {"name_ar": "مناقيش بالجبن", "name_en": "Cheese Manakish", "price": "10"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        ("ابي لاتيه وتشوروز بالعسل", WAFFLES, {"Latte": 1}, ["تشوروز"]),
        ("بدي شاي وكاتشابوري بالجبن", OVEN, {"Tea": 1}, ["كاتشابوري"]),
    ],
)
def test_a_filling_after_a_food_we_lack_is_that_foods(text, menu, items, unknown) -> None:
    """ "وكريب بالنوتيلا": "with X" right after a food this menu lacks fills that food; it orders no
    dish of the menu named by the same filling."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items and parsed.unknown == unknown


def test_a_filling_said_alone_is_still_the_dish_it_names() -> None:
    """ "وبالعسل" after a dish of the menu: still read as before, not swallowed."""
    assert item_counts(parse_order("ابي لاتيه ووافل بالعسل", WAFFLES)) == {"Latte": 1, "Honey Waffle": 1}


# A coffee bar and a pizzeria that sell one dish in two sizes.
CUPS = menu_entries(
    [
        {"name_ar": "لاتيه صغير", "name_en": "Small Latte", "price": "12"},
        {"name_ar": "لاتيه كبير", "name_en": "Large Latte", "price": "16"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "9"},
    ]
)
PIES = menu_entries(
    [
        {"name_ar": "بيتزا مارجريتا وسط", "name_en": "Medium Margherita", "price": "30"},
        {"name_ar": "بيتزا مارجريتا كبيرة", "name_en": "Large Margherita", "price": "40"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("a small latte, no wait, the large one, and a croissant", CUPS, {"Large Latte": 1, "Croissant": 1}),
        ("small latte, actually the large one", CUPS, {"Large Latte": 1}),
        ("a medium margherita, sorry, the large one, and a cola", PIES, {"Large Margherita": 1, "Cola": 1}),
    ],
)
def test_the_size_one_after_a_change_of_mind_replaces_the_dish(text, menu, items) -> None:
    """ "no wait, the large one": the size corrects the dish before, as "make it the large one"
    does; the first size is no longer ordered."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("2 small lattes, make one of them large", CUPS, {"Small Latte": 1, "Large Latte": 1}),
        (
            "3 small lattes, make 2 of them large, and a croissant",
            CUPS,
            {"Small Latte": 1, "Large Latte": 2, "Croissant": 1},
        ),
        (
            "2 medium margherita, make one of them large, and a cola",
            PIES,
            {"Medium Margherita": 1, "Large Margherita": 1, "Cola": 1},
        ),
    ],
)
def test_make_one_of_them_another_size_moves_it(text, menu, items) -> None:
    """ "make one of them large": that many of the count move to the other size; none is added."""
    assert_order(text, menu, items)
