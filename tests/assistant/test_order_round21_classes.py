"""Order classes found on round 21's held-out parts, read in round 21's tuning (issue #13): each test
names the class and checks it on sentences written for it, on menus written here, not on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.normalize import normalize
from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import assert_order, item_counts

# A stadium snack kiosk: hot dogs written in Arabic with "ج" and in English, a plain one beside a
# spicy one, a corn dog, and no fries.
KIOSK = menu_entries(
    [
        {"name_ar": "هوت دوج بقري", "name_en": "Beef Hot Dog", "price": "13"},
        {"name_ar": "هوت دوج دجاج", "name_en": "Chicken Hot Dog", "price": "12"},
        {"name_ar": "هوت دوج دجاج حار", "name_en": "Spicy Chicken Hot Dog", "price": "13"},
        {"name_ar": "كورن دوج", "name_en": "Corn Dog", "price": "9"},
        {"name_ar": "ناتشوز", "name_en": "Nachos", "price": "15"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "5"},
    ]
)

# An American diner: a hot dog written with "غ", a chili dog plate beside it, French toast.
DINER = menu_entries(
    [
        {"name_ar": "هوت دوغ بالجبن", "name_en": "Cheese Hot Dog", "price": "16"},
        {"name_ar": "هوت دوغ بالمستردة", "name_en": "Mustard Hot Dog", "price": "15"},
        {"name_ar": "فرنش توست", "name_en": "French Toast", "price": "18"},
        {"name_ar": "ميلك شيك فانيلا", "name_en": "Vanilla Milkshake", "price": "14"},
        {"name_ar": "قهوة", "name_en": "Coffee", "price": "8"},
    ]
)

# A grill with no hot dog at all, for the food named back.
GRILL = menu_entries(
    [
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "28"},
        {"name_ar": "كباب لحم", "name_en": "Lamb Kebab", "price": "32"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "4"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي هوت دوق دجاج وكولا", KIOSK, {"Chicken Hot Dog": 1, "Cola": 1}),
        ("2 chicken hot dogs and a cola", KIOSK, {"Chicken Hot Dog": 2, "Cola": 1}),
        ("one spicy chicken hot dog", KIOSK, {"Spicy Chicken Hot Dog": 1}),
        ("abi corn dog w nachos", KIOSK, {"Corn Dog": 1, "Nachos": 1}),
        ("بدي هوت دوج بالجبن تنين وقهوة", DINER, {"Cheese Hot Dog": 2, "Coffee": 1}),
        ("a mustard hot dog and french toast", DINER, {"Mustard Hot Dog": 1, "French Toast": 1}),
    ],
)
def test_a_two_word_food_on_this_menu_is_the_menus_own_name(text, menu, items) -> None:
    """ "hot dog", "corn dog", "french toast": a food of other menus said in two words is this
    restaurant's dish where its menu has it, in any script and any spelling of its "g" ("هوت دوق"
    for "هوت دوج"); "hot" in it is never "spicy", so "chicken hot dog" is not the spicy one."""
    assert_order(text, menu, items)


def test_a_bare_hot_dog_asks_among_this_menus_hot_dogs() -> None:
    """ "هوت دوق" alone on a menu of several hot dogs is a short list question, not a food named
    back."""
    parsed = parse_order("ابغى هوت دوق وناتشوز", KIOSK)
    names = {e.key: e.name_en for e in KIOSK}
    assert item_counts(parsed) == {"Nachos": 1} and parsed.unknown == []
    assert [sorted(names[k] for k in a.candidates) for a in parsed.ambiguous] == [
        ["Beef Hot Dog", "Chicken Hot Dog", "Spicy Chicken Hot Dog"]
    ]


@pytest.mark.parametrize(
    ("text", "food"), [("ابي كباب لحم وهوت دوج", "هوت دوج"), ("a kebab and a hot dog", "hot dog")]
)
def test_a_hot_dog_on_a_menu_without_one_is_still_named_back(text: str, food: str) -> None:
    """Where the menu has no hot dog, "هوت دوج" / "hot dog" stays one food named back."""
    assert parse_order(text, GRILL).unknown == [food]


# A Levantine snack bar and a Gulf breakfast house, for "one more like it" in more spellings.
SNACK = menu_entries(
    [
        {"name_ar": "فتة حمص", "name_en": "Hummus Fatteh", "price": "18"},
        {"name_ar": "فلافل صحن", "name_en": "Falafel Plate", "price": "15"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
    ]
)
BREAKFAST = menu_entries(
    [
        {"name_ar": "شكشوكة", "name_en": "Shakshuka", "price": "16"},
        {"name_ar": "بلاليط", "name_en": "Balaleet", "price": "14"},
        {"name_ar": "كرك", "name_en": "Karak", "price": "3"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "9"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("بدي فتة حمص وكمان واحد متلو، وعيران", SNACK, {"Hummus Fatteh": 2, "Ayran": 1}),
        ("بدي فتة حمص وكمان وحدة متل هيداك وشاي", SNACK, {"Hummus Fatteh": 2, "Tea": 1}),
        ("abi shakshuka w wa7da thanya zayha w karak", BREAKFAST, {"Shakshuka": 2, "Karak": 1}),
        ("abi balaleet w wa7ed thani mithlah", BREAKFAST, {"Balaleet": 2}),
        ("ابي شكشوكة ووحدة بعد زيها وكرك", BREAKFAST, {"Shakshuka": 2, "Karak": 1}),
        ("ayiz 3aseer burtuqal w wa7ed zayh", BREAKFAST, {"Orange Juice": 2}),
    ],
)
def test_one_more_like_it_in_more_spellings(text, menu, items) -> None:
    """ "وكمان واحد متلو", "متل هيداك", "wa7da thanya zayha", "wa7ed thani mithlah", "ووحدة بعد
    زيها": one more of the dish before, whatever the dialect's spelling of "another" and "like it";
    "another" is never a food named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("abi falafel plate w wa7ed zayo w ayran", SNACK, {"Falafel Plate": 2, "Ayran": 1}),
        ("bdi fatteh hummus w wa7de mitla w shai", SNACK, {"Hummus Fatteh": 2, "Tea": 1}),
        (
            "a shakshuka and one more of the same, orange juice too",
            BREAKFAST,
            {"Shakshuka": 2, "Orange Juice": 1},
        ),
        ("one balaleet and one more of the same, karak as well", BREAKFAST, {"Balaleet": 2, "Karak": 1}),
    ],
)
def test_a_dish_after_like_it_and_and_is_the_next_dish(text, menu, items) -> None:
    """ "w wa7da zayha w laban": a dish after "like it" and a standalone "and", or a whole other
    dish right after it ("one more of the same, orange juice too": the comma is not kept), is the
    next dish; the one "like it" is one more of the dish before."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items", "food"),
    [
        (
            "2 shish tawook and a pepsi, and do you guys have arayes?",
            GRILL,
            {"Shish Tawook": 2, "Pepsi": 1},
            "arayes",
        ),
        ("one lamb kebab, also do u have wraps", GRILL, {"Lamb Kebab": 1}, "wraps"),
        ("ابي شيش طاووق وبيبسي، وعندكم مندي؟", GRILL, {"Shish Tawook": 1, "Pepsi": 1}, "مندي"),
        ("بدي شكشوكة وكرك، وفي عندكن معصوب؟", BREAKFAST, {"Shakshuka": 1, "Karak": 1}, "معصوب"),
        ("عايز بلاليط وعصير برتقال وعندكو عريكة؟", BREAKFAST, {"Balaleet": 1, "Orange Juice": 1}, "عريكة"),
        ("a shakshuka, a karak, and any pancakes?", BREAKFAST, {"Shakshuka": 1, "Karak": 1}, "pancakes"),
    ],
)
def test_a_food_asked_about_inside_an_order_is_named_back(text, menu, items, food) -> None:
    """ "…, and do you have falafel?", "…، وعندكم مندي؟", "وفي عندكن كنافة؟", "and any pancakes?": a
    question whether the restaurant has a food names that food back where the menu lacks it; the
    question's words ("do", "عندكو") are never a food."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert [normalize(w) for w in parsed.unknown] == [normalize(food)]


# A pie oven and a juice stand, each with a head several items share.
PIES = menu_entries(
    [
        {"name_ar": "فطيرة جبن", "name_en": "Cheese Pie", "price": "8"},
        {"name_ar": "فطيرة زعتر", "name_en": "Zaatar Pie", "price": "6"},
        {"name_ar": "فطيرة سبانخ", "name_en": "Spinach Pie", "price": "7"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "2"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)
JUICES = menu_entries(
    [
        {"name_ar": "عصير مانجو", "name_en": "Mango Juice", "price": "12"},
        {"name_ar": "عصير فراولة", "name_en": "Strawberry Juice", "price": "12"},
        {"name_ar": "كوكتيل", "name_en": "Cocktail", "price": "15"},
        {"name_ar": "ماء", "name_en": "Water", "price": "1"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("abi fatayer jebne 2 w shay, oops 5aliha 4 shay", PIES, {"Cheese Pie": 2, "Tea": 4}),
        (
            "bade 3 ayran w cocktail... la 5alli el ayran wa7ed bas",
            PIES + JUICES,
            {"Ayran": 1, "Cocktail": 1},
        ),
        ("بدي عصير مانجو ٢ وماء، ولا أقولك خليهم تلاتة", JUICES, {"Mango Juice": 2, "Water": 3}),
        ("ابي فطيرة جبن ثنتين وشاي، اقول خلها ثلاث فطيرة", PIES, {"Cheese Pie": 3, "Tea": 1}),
        ("3ayez 2 3aseer farawla w maya, la2 5aleehom 4 3aseer", JUICES, {"Strawberry Juice": 4, "Water": 1}),
    ],
)
def test_a_correction_in_arabizi_and_gulf_replaces_the_count(text, menu, items) -> None:
    """ "oops 5aliha 4 shay", "la 5alli el ayran wa7ed bas", "ولا أقولك خليهم", "اقول خلها ثلاث
    فطيرة": Arabizi "5alli" (the 5 for خ), "el" before the dish, the leads "oops" / "la2" / "اقول" /
    "ولا أقولك" correct the count instead of adding to it; a head several dishes share said after
    the correction's count names back the one ordered before; no lead word is named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابغى فطيرة زعتر ٣ وعيران واجي اخذهم بعد العصر", PIES, {"Zaatar Pie": 3, "Ayran": 1}),
        ("abi 2 fatayer sabanekh w shay w bamer akhudha", PIES, {"Spinach Pie": 2, "Tea": 1}),
        ("ابي فطيرة جبن وشاي وديليفري لو سمحت", PIES, {"Cheese Pie": 1, "Tea": 1}),
        ("3ayez cocktail w 2 maya, w el talab delivery", JUICES, {"Cocktail": 1, "Water": 2}),
        ("ابي عصير مانجو وماء ٢، عدل الماء خله ثلاث", JUICES, {"Mango Juice": 1, "Water": 3}),
    ],
)
def test_spoken_words_around_an_order_are_no_dishes(text, menu, items) -> None:
    """ "واجي اخذهم", "bamer akhudha" (I come and take them), "ديليفري", "el talab" (the order),
    "عدل" (fix), "bas" (only): words about the order, never a food named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "abi shakshuka w karak... la ghayer el karak la orange juice",
            BREAKFAST,
            {"Shakshuka": 1, "Orange Juice": 1},
        ),
        ("bdi fatayer zaatar w ayran, la ghayyer el ayran la shay", PIES, {"Zaatar Pie": 1, "Tea": 1}),
    ],
)
def test_change_in_arabizi_swaps_the_dish_named_back(text, menu, items) -> None:
    """ "la ghayyer el crepe la waffle": Arabizi "change X to Y" drops the dish named back and
    orders the new one, as "بدل X" does."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("abi fatayer jebne w 3 shay... la2 sorry 2 shay bas", PIES, {"Cheese Pie": 1, "Tea": 2}),
        ("بدي عصير مانجو ٣ وماء، لا آسف ٢ عصير مانجو بس", JUICES, {"Mango Juice": 2, "Water": 1}),
    ],
)
def test_a_count_after_no_sorry_corrects_the_dish(text, menu, items) -> None:
    """ "la2 sorry 2 shay bas", "لا آسف ٢ …": after "no, sorry" a count and a dish named before
    correct that dish's count instead of adding to it."""
    assert_order(text, menu, items)


# A liver and sausage cart whose sandwiches and plates share their fillings.
CART = menu_entries(
    [
        {"name_ar": "ساندويتش كبدة", "name_en": "Liver Sandwich", "price": "7"},
        {"name_ar": "صحن كبدة", "name_en": "Liver Plate", "price": "18"},
        {"name_ar": "ساندويتش سجق", "name_en": "Sausage Sandwich", "price": "8"},
        {"name_ar": "صحن سجق", "name_en": "Sausage Plate", "price": "20"},
        {"name_ar": "شاي بحليب", "name_en": "Milk Tea", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("عايز سندوتشين كبدة وشاي بحليب", CART, {"Liver Sandwich": 2, "Milk Tea": 1}),
        ("بدي ساندويشتين سجق", CART, {"Sausage Sandwich": 2}),
        ("ممكن شكشوكة ومعاها كوباية كرك؟", BREAKFAST, {"Shakshuka": 1, "Karak": 1}),
        ("عايز ٢ كوباية شاي وفطيرة جبن", PIES, {"Tea": 2, "Cheese Pie": 1}),
    ],
)
def test_an_egyptian_cup_and_a_dual_measure_spelt_otherwise_measure_the_dish(text, menu, items) -> None:
    """ "كوباية كاكاو" (the Egyptian cup) measures the drink and is never a food named back;
    "سندوتشين كبدة" is two of the menu's "ساندويتش كبدة" however the sandwich is spelt, not a
    question between the sandwich and the plate."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        ("3 mango juices but make one without sugar", JUICES, [("Mango Juice", 1), ("Mango Juice", 2)]),
        (
            "4 cheese pies, make one without sesame, and a tea",
            PIES,
            [("Cheese Pie", 1), ("Cheese Pie", 3), ("Tea", 1)],
        ),
    ],
)
def test_make_one_with_a_note_splits_the_count(text, menu, lines) -> None:
    """ "3 milkshakes but make one less sweet": "make one" with a note after it is one of them
    made another way (a line of its own, the rest plain), never a count corrected to one."""
    parsed = parse_order(text, menu)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == sorted(lines)
    assert parsed.unknown == [] and parsed.ambiguous == []


# A Ramadan drinks stall whose names are one word each.
DRINKS = menu_entries(
    [
        {"name_ar": "عرقسوس", "name_en": "Licorice Drink", "price": "6"},
        {"name_ar": "تمرهندي", "name_en": "Tamarind Drink", "price": "6"},
        {"name_ar": "قطايف", "name_en": "Qatayef", "price": "12"},
    ]
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي قطايف وعرق سوس", {"Qatayef": 1, "Licorice Drink": 1}),
        ("ابي ٢ تمر هندي وقطايف", {"Tamarind Drink": 2, "Qatayef": 1}),
    ],
)
def test_a_one_word_name_said_in_two_words_is_that_name(text, items) -> None:
    """ "عرق سوس" for the menu's "عرقسوس", "تمر هندي" for "تمرهندي": two words that spell one
    word of a name on this menu are that dish, not a food named back."""
    assert_order(text, DRINKS, items)


@pytest.mark.parametrize(
    ("text", "menu", "items", "food"),
    [
        ("bghit shakshuka w chi msemen", BREAKFAST, {"Shakshuka": 1}, "msemen"),
        ("bghit 2 shay w chi harira", PIES, {"Tea": 2}, "harira"),
    ],
)
def test_maghrebi_some_is_no_part_of_the_food_named_back(text, menu, items, food) -> None:
    """ "w chi rfissa": Maghrebi "chi" (some) says how much; the food named back is the word after it."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items and parsed.unknown == [food]


# A café and a pizza counter that sell one thing in two sizes.
CAFE = menu_entries(
    [
        {"name_ar": "لاتيه صغير", "name_en": "Small Latte", "price": "12"},
        {"name_ar": "لاتيه كبير", "name_en": "Large Latte", "price": "16"},
        {"name_ar": "كوكيز", "name_en": "Cookie", "price": "6"},
    ]
)
PIZZA_COUNTER = menu_entries(
    [
        {"name_ar": "بيتزا مارجريتا صغيرة", "name_en": "Small Margherita Pizza", "price": "25"},
        {"name_ar": "بيتزا مارجريتا كبيرة", "name_en": "Large Margherita Pizza", "price": "40"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "a small latte and a cookie... actually make the latte a large one",
            CAFE,
            {"Large Latte": 1, "Cookie": 1},
        ),
        (
            "large margherita pizza and a cola, no wait make the pizza a small one",
            PIZZA_COUNTER,
            {"Small Margherita Pizza": 1, "Cola": 1},
        ),
    ],
)
def test_make_the_dish_a_size_one_corrects_its_size(text, menu, items) -> None:
    """ "actually make the tea pot a large one": the dish named again, then "a <size> one", is that
    dish in the other size, replacing the one ordered; it is no second dish."""
    assert_order(text, menu, items)
