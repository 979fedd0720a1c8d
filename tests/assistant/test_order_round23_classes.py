"""Order classes found on round 22's held-out parts, read in round 23's tuning (issue #13): each test
names the class and checks it on sentences written for it, on menus written here, not on the
records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import assert_order, item_counts

# A Gulf breakfast house: beans, eggs, bread and tea.
BREAKFAST = menu_entries(
    [
        {"name_ar": "فول بالزيت", "name_en": "Foul with Oil", "price": "9"},
        {"name_ar": "شكشوكة", "name_en": "Shakshuka", "price": "14"},
        {"name_ar": "خبز تنور", "name_en": "Tannour Bread", "price": "2"},
        {"name_ar": "شاي حليب", "name_en": "Milk Tea", "price": "4"},
    ]
)

# A seafood grill: fish by the plate, rice and a juice.
SEAFOOD = menu_entries(
    [
        {"name_ar": "صحن هامور مشوي", "name_en": "Grilled Hammour Plate", "price": "48"},
        {"name_ar": "روبيان مقلي", "name_en": "Fried Shrimp", "price": "38"},
        {"name_ar": "رز صيادية", "name_en": "Sayadieh Rice", "price": "12"},
        {"name_ar": "عصير ليمون", "name_en": "Lemon Juice", "price": "10"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي فول بالزيت ووياه خبز تنور ٣", BREAKFAST, {"Foul with Oil": 1, "Tannour Bread": 3}),
        ("شكشوكة ثنتين ووياهم شاي حليب", BREAKFAST, {"Shakshuka": 2, "Milk Tea": 1}),
        ("عطني روبيان مقلي ووياها رز صيادية", SEAFOOD, {"Fried Shrimp": 1, "Sayadieh Rice": 1}),
        ("صحن هامور مشوي وعصير ليمون ٢ وياه", SEAFOOD, {"Grilled Hammour Plate": 1, "Lemon Juice": 2}),
    ],
)
def test_gulf_with_it_joins_the_next_dish(text, menu, items):
    """The Gulf "وياه" / "وياها" / "وياهم" (with it / them) joins the next dish as "ومعه" does; it is
    never named back as a food."""
    assert_order(text, menu, items)


# A Levantine grill with one dish off today, and a name beginning with the "ب" of "with".
GRILL_OFF = menu_entries(
    [
        {"name_ar": "كباب حلبي", "name_en": "Aleppo Kebab", "price": "35", "available": False},
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "30"},
        {"name_ar": "بولو دجاج", "name_en": "Chicken Polo", "price": "28"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "5"},
    ]
)

# A bakery with a pie off today and bottled water on the menu.
BAKERY_OFF = menu_entries(
    [
        {"name_ar": "فطيرة سبانخ", "name_en": "Spinach Pie", "price": "6", "available": False},
        {"name_ar": "فطيرة جبن", "name_en": "Cheese Pie", "price": "7"},
        {"name_ar": "ماء", "name_en": "Water", "price": "2"},
        {"name_ar": "كعك", "name_en": "Kaak", "price": "4"},
    ]
)


def _off_and_fallback(text, menu, items, off):
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert [e.name_en for e in parsed.unavailable] == off
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "items", "off"),
    [
        ("عندكم كباب حلبي؟ لو ما فيه خلاص بس شيش طاووق", GRILL_OFF, {"Shish Tawook": 1}, ["Aleppo Kebab"]),
        ("ابي كباب حلبي لو موجود، ولو لأ هات عيران ٢", GRILL_OFF, {"Ayran": 2}, ["Aleppo Kebab"]),
        ("فيه فطيرة سبانخ؟ اذا مافيه عطني فطيرة جبن", BAKERY_OFF, {"Cheese Pie": 1}, ["Spinach Pie"]),
        ("ابغى فطيرة سبانخ لو فيه، ولا خلاص كعك ٣", BAKERY_OFF, {"Kaak": 3}, ["Spinach Pie"]),
    ],
)  # fmt: skip
def test_the_words_of_if_not_before_a_fallback_are_no_dish(text, menu, items, off):
    """ "لو ما فيه خلاص", "ولو لأ", "اذا مافيه", "ولا خلاص" between an off dish and the one to bring
    instead are spoken: no dish ("مافيه" is not water, "ولو" not a "بولو"), nothing named back."""
    _off_and_fallback(text, menu, items, off)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي شكشوكة ثنتين وشاي حليب، لا خلها شكشوكة وحده بس", BREAKFAST, {"Shakshuka": 1, "Milk Tea": 1}),
        ("فول بالزيت ٣ وخبز تنور، لا خليه فول بالزيت واحد", BREAKFAST, {"Foul with Oil": 1, "Tannour Bread": 1}),
        ("روبيان مقلي ثنين وعصير ليمون، لا خلها روبيان مقلي وحدة", SEAFOOD, {"Fried Shrimp": 1, "Lemon Juice": 1}),
    ],
)  # fmt: skip
def test_a_correction_naming_a_dish_ordered_before_with_one_corrects_its_count(text, menu, items):
    """ "لا خلها X وحده": "one" spelt with its own "و" is the count of X, said again; the dish
    before it is not swapped for X, nor is X counted twice."""
    assert_order(text, menu, items)


# A Syrian grill: one dish in two ways of cooking, a drink.
KIBBEH_HOUSE = menu_entries(
    [
        {"name_ar": "فطاير مقلية", "name_en": "Fried Fatayer", "price": "12"},
        {"name_ar": "فطاير بالفرن", "name_en": "Baked Fatayer", "price": "11"},
        {"name_ar": "فتوش", "name_en": "Fattoush", "price": "15"},
        {"name_ar": "جلاب", "name_en": "Jallab", "price": "8"},
    ]
)

# A curry house selling two curries by the kilo and by the half kilo.
CURRY_HOUSE = menu_entries(
    [
        {"name_ar": "كاري دجاج كيلو", "name_en": "Chicken Curry Kilo", "price": "60"},
        {"name_ar": "كاري دجاج نص كيلو", "name_en": "Chicken Curry Half Kilo", "price": "34"},
        {"name_ar": "كاري لحم كيلو", "name_en": "Lamb Curry Kilo", "price": "80"},
        {"name_ar": "كاري لحم نص كيلو", "name_en": "Lamb Curry Half Kilo", "price": "44"},
        {"name_ar": "خبز نان", "name_en": "Naan", "price": "3"},
    ]
)

# A seafood counter selling shrimp by the kilo and half kilo, and a soup.
SHRIMP_COUNTER = menu_entries(
    [
        {"name_ar": "روبيان مشوي كيلو", "name_en": "Grilled Shrimp Kilo", "price": "90"},
        {"name_ar": "روبيان مشوي نص كيلو", "name_en": "Grilled Shrimp Half Kilo", "price": "48"},
        {"name_ar": "سمك مشوي كيلو", "name_en": "Grilled Fish Kilo", "price": "70"},
        {"name_ar": "سمك مشوي نص كيلو", "name_en": "Grilled Fish Half Kilo", "price": "38"},
        {"name_ar": "شوربة سي فود", "name_en": "Seafood Soup", "price": "18"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("فطاير مقلية ٣ وفتوش، لا عفواً الفطاير خليها بالفرن", KIBBEH_HOUSE, {"Baked Fatayer": 3, "Fattoush": 1}),
        ("٢ فطاير بالفرن وجلاب، لا الفطاير خليها مقلية", KIBBEH_HOUSE, {"Fried Fatayer": 2, "Jallab": 1}),
        ("lamb curry kilo and 4 naan, actually make it the half kilo", CURRY_HOUSE,
         {"Lamb Curry Half Kilo": 1, "Naan": 4}),
        ("grilled shrimp kilo, seafood soup x2, no wait make it the half kilo", SHRIMP_COUNTER,
         {"Grilled Shrimp Half Kilo": 1, "Seafood Soup": 2}),
    ],
)  # fmt: skip
def test_a_size_or_way_said_after_a_correction_changes_the_dish_before(text, menu, items):
    """A way of cooking or a size said after a correction verb, with no count, changes the dish it
    points at: the head named back before the verb ("الفطاير خليها بالفرن") or, when several dishes
    have that size, the one of them nearest the dish ordered before; the count stays."""
    assert_order(text, menu, items)


# A rotisserie: two chicken dishes and a beef one, a drink.
ROTISSERIE = menu_entries(
    [
        {"name_ar": "دجاج مشوي بالليمون", "name_en": "Lemon Roast Chicken", "price": "32"},
        {"name_ar": "ساندويتش دجاج", "name_en": "Chicken Sandwich", "price": "14"},
        {"name_ar": "لحم مشوي", "name_en": "Roast Beef", "price": "40"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "9"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("lemon roast chicken x2 and an orange juice, actually make the chicken 3", ROTISSERIE,
         {"Lemon Roast Chicken": 3, "Orange Juice": 1}),
        ("2 roast beef, a chicken sandwich and orange juice, no make the beef 1", ROTISSERIE,
         {"Roast Beef": 1, "Chicken Sandwich": 1, "Orange Juice": 1}),
        ("chicken curry kilo x2 and 3 naan, actually make the chicken 1", CURRY_HOUSE,
         {"Chicken Curry Kilo": 1, "Naan": 3}),
    ],
)  # fmt: skip
def test_a_word_of_a_dish_between_the_correction_and_its_count_names_that_dish(text, menu, items):
    """ "make the chicken 3": a word of the name of a dish ordered before, said between the
    correction verb and the count, corrects that dish (not the last one); nothing is asked."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bdi foul with oil w shakshuka w milk tea, la 5aly el milk tea 3", BREAKFAST,
         {"Foul with Oil": 1, "Shakshuka": 1, "Milk Tea": 3}),
        ("fried shrimp w lemon juice, la 5ally el lemon juice 2", SEAFOOD, {"Fried Shrimp": 1, "Lemon Juice": 2}),
    ],
)  # fmt: skip
def test_arabizi_let_with_a_final_y_corrects_a_count(text, menu, items):
    """Arabizi "5aly" / "5ally" (خلي with the final ي as "y") before a dish and a count corrects
    its count, as "5alli" does; it is not one more."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي شكشوكة وشاي حليب، وكمان واحد شبهه", BREAKFAST, {"Shakshuka": 1, "Milk Tea": 2}),
        ("عصير ليمون ووحدة شبهها", SEAFOOD, {"Lemon Juice": 2}),
        ("a fattoush and a jallab, and another just like that", KIBBEH_HOUSE, {"Fattoush": 1, "Jallab": 2}),
        ("naan and another naan just like that", CURRY_HOUSE, {"Naan": 2}),
    ],
)  # fmt: skip
def test_its_likeness_and_another_just_like_that_are_one_more(text, menu, items):
    """ "وكمان واحد شبهه" (its likeness) and "another (dish) just like that" are one more of the dish
    before; "شبهه" and "another" are never named back."""
    assert_order(text, menu, items)


# An Iraqi rice house: two rice dishes and a lamb served on rice.
IRAQI_RICE = menu_entries(
    [
        {"name_ar": "تمن احمر", "name_en": "Red Rice", "price": "9"},
        {"name_ar": "تمن بالشعرية", "name_en": "Vermicelli Rice", "price": "8"},
        {"name_ar": "لحم على تمن", "name_en": "Lamb on Rice", "price": "55"},
        {"name_ar": "مرق باميا", "name_en": "Okra Stew", "price": "18"},
    ]
)

# A Basra kitchen with one rice and fish served on it.
BASRA = menu_entries(
    [
        {"name_ar": "تمن", "name_en": "Timman", "price": "7"},
        {"name_ar": "سمك على تمن", "name_en": "Fish on Timman", "price": "45"},
        {"name_ar": "لبن", "name_en": "Laban", "price": "3"},
    ]
)

# A Turkish grill: kebabs served on bread beside two breads.
KEBAB_ON_BREAD = menu_entries(
    [
        {"name_ar": "خبز بلدي", "name_en": "Village Bread", "price": "2"},
        {"name_ar": "خبز صاج", "name_en": "Saj Bread", "price": "2"},
        {"name_ar": "كباب على خبز", "name_en": "Kebab on Bread", "price": "30"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)


def test_a_number_word_elsewhere_that_a_menu_names_is_its_dish():
    """The Iraqi "تمن" (rice) is the Egyptian "eight": on a menu that names it, it is the dish —
    asked about when several rice dishes start with it, never dropped silently."""
    parsed = parse_order("ابي تمن ومرق باميا", IRAQI_RICE)
    assert item_counts(parsed) == {"Okra Stew": 1}
    assert [sorted(a.candidates) for a in parsed.ambiguous] == [["Red Rice", "Vermicelli Rice"]]
    assert_order("تمن ٢ ولبن", BASRA, {"Timman": 2, "Laban": 1})


@pytest.mark.parametrize(
    ("text", "menu", "candidates"),
    [
        ("ابي تمن", IRAQI_RICE, ["Red Rice", "Vermicelli Rice"]),
        ("ابغى خبز وعيران", KEBAB_ON_BREAD, ["Saj Bread", "Village Bread"]),
        ("bread please", KEBAB_ON_BREAD, ["Saj Bread", "Village Bread"]),
    ],
)
def test_what_a_dish_is_served_on_is_not_its_head(text, menu, candidates):
    """A bare word asks among the dishes it heads, not about one served on it ("لحم على تمن",
    "Kebab on Bread")."""
    parsed = parse_order(text, menu)
    assert [sorted(a.candidates) for a in parsed.ambiguous] == [candidates]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("3 milk tea and a shakshuka, oh and scratch one milk tea", BREAKFAST, {"Milk Tea": 2, "Shakshuka": 1}),
        ("4 naan, lamb curry kilo, remove 2 naan", CURRY_HOUSE, {"Naan": 2, "Lamb Curry Kilo": 1}),
        ("عصير ليمون ٣ وروبيان مقلي، شيل واحد عصير ليمون", SEAFOOD, {"Lemon Juice": 2, "Fried Shrimp": 1}),
    ],
)  # fmt: skip
def test_a_remove_verb_with_a_count_takes_that_many_off(text, menu, items):
    """ "scratch one X" after more X were ordered takes that many off; the rest stay, and the verb
    is never named back."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bdi fattoush w jallab w fried fatayer, shil el jallab", KIBBEH_HOUSE,
         {"Fattoush": 1, "Fried Fatayer": 1}),
        ("abi fried shrimp w sayadieh rice, la sheel el sayadieh rice", SEAFOOD, {"Fried Shrimp": 1}),
    ],
)  # fmt: skip
def test_arabizi_remove_verbs_take_a_dish_off(text, menu, items):
    """Arabizi "shil el X" / "sheel el X" (شيل) takes off a dish ordered before, as "شيل" does."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("شاي حليب عدد ٢ 🫖", BREAKFAST, {"Milk Tea": 2}),
        ("روبيان مقلي ٣ 😋", SEAFOOD, {"Fried Shrimp": 3}),
        ("ابي شكشوكة وزيدوني خبز تنور ٢", BREAKFAST, {"Shakshuka": 1, "Tannour Bread": 2}),
        ("عصير ليمون وزودني روبيان مقلي", SEAFOOD, {"Lemon Juice": 1, "Fried Shrimp": 1}),
    ],
)
def test_an_emoji_or_add_for_me_is_never_a_dish(text, menu, items):
    """An emoji after a count ("عدد ٢ 🫖") and "زيدوني" / "زودني" (add for me) are never named back."""
    assert_order(text, menu, items)


# A tea house whose hot and cold drinks carry the word in their names.
TEA_HOUSE = menu_entries(
    [
        {"name_ar": "شاي كرك ساخن", "name_en": "Hot Karak Tea", "price": "5"},
        {"name_ar": "قهوة مثلجة باردة", "name_en": "Cold Iced Coffee", "price": "14"},
        {"name_ar": "كيكة تمر", "name_en": "Date Cake", "price": "12"},
    ]
)

# A soup kitchen with one hot soup and a large salad.
SOUP_KITCHEN = menu_entries(
    [
        {"name_ar": "شوربة عدس حارة", "name_en": "Spicy Lentil Soup", "price": "9"},
        {"name_ar": "سلطة خضراء كبيرة", "name_en": "Large Green Salad", "price": "16"},
        {"name_ar": "خبز", "name_en": "Bread", "price": "1"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("karak tea 3 hot w date cake", TEA_HOUSE, {"Hot Karak Tea": 3, "Date Cake": 1}),
        ("ابي قهوة مثلجة ٢ باردة وكيكة تمر", TEA_HOUSE, {"Cold Iced Coffee": 2, "Date Cake": 1}),
        ("شوربة عدس ٢ حارة وخبز ٤", SOUP_KITCHEN, {"Spicy Lentil Soup": 2, "Bread": 4}),
        ("green salad 2 large", SOUP_KITCHEN, {"Large Green Salad": 2}),
    ],
)
def test_a_word_of_the_name_after_its_count_finishes_that_dish(text, menu, items):
    """One word of a dish's own name said after its count ("karak tea 3 hot") finishes that dish's
    name; it is not one more of it."""
    assert_order(text, menu, items)


# A fair stand that writes "dog" with ق, and one that writes it with غ.
CORN_DOGS = menu_entries(
    [
        {"name_ar": "كورن دوق", "name_en": "Corn Dog", "price": "9"},
        {"name_ar": "كورن دوق بالجبن", "name_en": "Cheese Corn Dog", "price": "11"},
        {"name_ar": "ليموناضة", "name_en": "Lemonade", "price": "6"},
    ]
)
PUPS = menu_entries(
    [
        {"name_ar": "بب دوغ", "name_en": "Pup Dog", "price": "7"},
        {"name_ar": "بطاطس", "name_en": "Fries", "price": "5"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي ليموناضة وكورن دوج", CORN_DOGS, {"Lemonade": 1, "Corn Dog": 1}),
        ("بب دوج ٣ وبطاطس", PUPS, {"Pup Dog": 3, "Fries": 1}),
    ],
)
def test_dog_in_any_arabic_spelling_of_its_g_is_the_menus_word(text, menu, items):
    """ "دوج" / "دوغ" / "دوق" (the "g" of "dog") are one word: the menu's own spelling is found."""
    assert_order(text, menu, items)


# A Levantine grill whose kibbeh comes two ways, and a breakfast place with one fatteh.
KUBBA_GRILL = menu_entries(
    [
        {"name_ar": "كبة مقلية", "name_en": "Fried Kubba", "price": "16"},
        {"name_ar": "كبة لبنية", "name_en": "Kubba in Yogurt", "price": "22"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)
FATTEH_HOUSE = menu_entries(
    [
        {"name_ar": "فتة دجاج", "name_en": "Chicken Fatteh", "price": "24"},
        {"name_ar": "فول مدمس", "name_en": "Foul Medames", "price": "10"},
    ]
)


def test_an_arabizi_final_vowel_is_the_taa_marbuta_of_a_short_name():
    """ "kebbe", "fatte": a final "e" is the "ة" of a three-letter name ("كبة", "فتة"); the dish is
    ordered, or asked about when several share it — never dropped silently."""
    parsed = parse_order("bade kebbe w 2 ayran", KUBBA_GRILL)
    assert item_counts(parsed) == {"Ayran": 2}
    assert [sorted(a.candidates) for a in parsed.ambiguous] == [["Fried Kubba", "Kubba in Yogurt"]]
    assert_order("bdi fatte w foul", FATTEH_HOUSE, {"Chicken Fatteh": 1, "Foul Medames": 1})


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        ("2 milk tea, also tamales if u got it", BREAKFAST, {"Milk Tea": 2}, ["tamales"]),
        ("ابي شكشوكة وكمان عريكة لو عندكم", BREAKFAST, {"Shakshuka": 1}, ["عريكه"]),
        ("fried shrimp please, also ceviche if available", SEAFOOD, {"Fried Shrimp": 1}, ["ceviche"]),
    ],
)
def test_a_food_before_if_you_have_it_is_named_back(text, menu, items, unknown):
    """A word right before "if you have it" / "لو عندكم" / "if available" is a food asked about: named
    back when the menu lacks it, never dropped silently."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == unknown


def test_a_word_before_if_you_have_a_service_is_not_named_back():
    """ "ابغى اعرف اذا عندكم توصيل": the question goes on past "عندكم", so the word before "اذا" is
    no food asked about."""
    assert parse_order("ابغى اعرف اذا عندكم توصيل للملقا", BREAKFAST).unknown == []
