"""Order classes found on round 16's held-out parts, read in round 17 (issue #13): each test names
the class and checks it on sentences written for it, on menus written here, not on the records
that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order

from .menus import assert_order

# A sandwich and grill counter: burgers with and without a spicy twin, sandwiches, sides, drinks.
COUNTER = menu_entries(
    [
        {"name_ar": "برجر لحم", "name_en": "Beef Burger", "price": "20"},
        {"name_ar": "برجر دجاج", "name_en": "Chicken Burger", "price": "18"},
        {"name_ar": "ساندويتش فلافل", "name_en": "Falafel Sandwich", "price": "6"},
        {"name_ar": "ساندويتش كبدة", "name_en": "Liver Sandwich", "price": "9"},
        {"name_ar": "شيش طاووق", "name_en": "Shish Tawook", "price": "30"},
        {"name_ar": "حمص", "name_en": "Hummus", "price": "8"},
        {"name_ar": "بطاطس", "name_en": "Fries", "price": "7"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "4"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)

# A sweets shop sold by the piece and by the box, with a coffee and a juice.
SWEETS = menu_entries(
    [
        {"name_ar": "معمول جوز", "name_en": "Walnut Maamoul", "price": "3"},
        {"name_ar": "كعك بالسمسم", "name_en": "Sesame Kaak", "price": "2"},
        {"name_ar": "علبة حلويات مشكلة", "name_en": "Mixed Sweets Box", "price": "60"},
        {"name_ar": "كنافة", "name_en": "Kunafa", "price": "15"},
        {"name_ar": "قهوة عربية", "name_en": "Arabic Coffee", "price": "6"},
        {"name_ar": "عصير برتقال", "name_en": "Orange Juice", "price": "10"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        ("bade 3 burger la7me w wa7de menon bala bsal", COUNTER, [("Beef Burger", 1), ("Beef Burger", 2)]),
        ("3 beef burgers and one of them without onion", COUNTER, [("Beef Burger", 1), ("Beef Burger", 2)]),
        ("bdi kunafa 4 w 2 menon bala ater", SWEETS, [("Kunafa", 2), ("Kunafa", 2)]),
    ],
)
def test_a_split_line_after_an_and_written_apart_counts_out_of_the_dish(text, menu, lines) -> None:
    """ "… 3 w wa7de menon bala bsal", "… and one of them without …": the "and" Arabizi and
    English write as a word of its own still opens a line of the counted dish, not one more."""
    parsed = parse_order(text, menu)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == lines
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("بدي صحن حمص ومعو بطاطس", COUNTER, {"Hummus": 1, "Fries": 1}),
        ("بدي كنافة ومعو قهوة عربية", SWEETS, {"Kunafa": 1, "Arabic Coffee": 1}),
        ("بدي برجر دجاج ٢، كلن بلا مايونيز", COUNTER, {"Chicken Burger": 2}),
        ("بدي ٦ كعك بالسمسم وعصير برتقال، كلن سفري", SWEETS, {"Sesame Kaak": 6, "Orange Juice": 1}),
        ("عايز ٢ برجر لحم، واحد فيهم من غير بصل", COUNTER, {"Beef Burger": 2}),
        ("عايز ٢ كنافة، خلي واحدة فيهم بالقشطة", SWEETS, {"Kunafa": 2}),
        ("عطني شيش طاووق وبيبسي، والتاني عيران", COUNTER, {"Shish Tawook": 1, "Pepsi": 1, "Ayran": 1}),
        ("2 beef burgers, one plain and the other without onion", COUNTER, {"Beef Burger": 2}),
    ],
)
def test_levantine_pronoun_forms_and_the_other_are_never_food(text, menu, items) -> None:
    """ "ومعو" (with it), "كلن" (all of them), "فيهم" (of them), "التانية" / "the other" (the second
    line): words that join or point back, never a dish and never named back as unknown."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي ١٢ حبة معمول جوز", SWEETS, {"Walnut Maamoul": 12}),
        ("ابي علبة حلويات مشكلة و١٥ حبة كعك بالسمسم", SWEETS, {"Mixed Sweets Box": 1, "Sesame Kaak": 15}),
        ("عطني 11 حبة ساندويتش فلافل", COUNTER, {"Falafel Sandwich": 11}),
        ("ابي حبة برجر لحم", COUNTER, {"Beef Burger": 1}),
    ],
)
def test_a_piece_word_after_a_number_is_what_is_counted(text, menu, items) -> None:
    """ "١٢ حبة معمول": from eleven up Arabic counts a singular noun, so "حبة" after a number is
    the thing counted, not a new "one" that replaces the number; alone it still counts one."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("2 beef burgers and fries, pickup in 15 min", COUNTER, {"Beef Burger": 2, "Fries": 1}),
        ("a kunafa and 2 arabic coffee, ready in 20 min please", SWEETS, {"Kunafa": 1, "Arabic Coffee": 2}),
        ("one orange juice, I'll be there in 10 hrs", SWEETS, {"Orange Juice": 1}),
    ],
)
def test_short_time_units_after_a_number_are_a_time(text, menu, items) -> None:
    """ "pickup in 15 min": "min" / "hrs" after a number tell a time, neither a count nor a dish."""
    assert_order(text, menu, items)


# A fried-chicken counter whose meals are named by their piece count, and a café with sizes.
FRIED = menu_entries(
    [
        {"name_ar": "وجبة دجاج ٥ قطع", "name_en": "Chicken Meal 5 Pieces", "price": "28"},
        {"name_ar": "وجبة دجاج ٩ قطع", "name_en": "Chicken Meal 9 Pieces", "price": "45"},
        {"name_ar": "وجبة دجاج حار ٥ قطع", "name_en": "Spicy Chicken Meal 5 Pieces", "price": "30"},
        {"name_ar": "بطاطس صغير", "name_en": "Small Fries", "price": "6"},
        {"name_ar": "بطاطس كبير", "name_en": "Large Fries", "price": "9"},
        {"name_ar": "كولا", "name_en": "Cola", "price": "4"},
    ]
)
CAFE = menu_entries(
    [
        {"name_ar": "لاتيه صغير", "name_en": "Small Latte", "price": "12"},
        {"name_ar": "لاتيه كبير", "name_en": "Large Latte", "price": "16"},
        {"name_ar": "موكا صغير", "name_en": "Small Mocha", "price": "14"},
        {"name_ar": "موكا كبير", "name_en": "Large Mocha", "price": "18"},
        {"name_ar": "كيكة شوكولاتة", "name_en": "Chocolate Cake", "price": "20"},
        {"name_ar": "كرواسون", "name_en": "Croissant", "price": "8"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي وجبة دجاج ٥ قطع، لا خليها ٩ قطع", FRIED, {"Chicken Meal 9 Pieces": 1}),
        ("بدي وجبة دجاج حار ٥ قطع، لا لا خليها ٩ قطع وكولا", FRIED, {"Chicken Meal 9 Pieces": 1, "Cola": 1}),
        ("a 5 piece chicken meal, no make it 9 pieces", FRIED, {"Chicken Meal 9 Pieces": 1}),
    ],
)
def test_a_piece_count_after_a_correction_names_another_meal(text, menu, items) -> None:
    """ "لا خليها ٩ قطع": a number and a piece word after a correction verb, that a menu name
    holds, correct which meal (also one asked about), not how many of the one before."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "one small latte, wait no, make it the large, and a croissant",
            CAFE,
            {"Large Latte": 1, "Croissant": 1},
        ),
        ("بطاطس صغير، لا خليه كبير، وكولا ٢", FRIED, {"Large Fries": 1, "Cola": 2}),
        ("ابي موكا كبير، لا خليه صغير، وكرواسون تنين", CAFE, {"Small Mocha": 1, "Croissant": 2}),
    ],
)
def test_a_size_said_in_a_correction_replaces_the_dishs_own_size(text, menu, items) -> None:
    """ "small latte, make it the large": the size after a correction verb takes the place of the
    dish's size, and a count of the next dish ("وكرواسون تنين") is not read as the correction's."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("one choc cake and a small latte", CAFE, {"Chocolate Cake": 1, "Small Latte": 1}),
        ("ابي كيكة شوكولا", CAFE, {"Chocolate Cake": 1}),
    ],
)
def test_clipped_and_dialect_spellings_of_chocolate(text, menu, items) -> None:
    """ "choc", "choco", "شوكولا": everyday clipped spellings of chocolate name the menu's word."""
    assert_order(text, menu, items)


# A rice and noodle bowl place: the same dishes with chicken, beef or shrimp, and a plain pancake
# beside its honey twin.
BOWLS = menu_entries(
    [
        {"name_ar": "نودلز بالدجاج", "name_en": "Chicken Noodles", "price": "25"},
        {"name_ar": "نودلز باللحم", "name_en": "Beef Noodles", "price": "28"},
        {"name_ar": "نودلز بالروبيان", "name_en": "Shrimp Noodles", "price": "32"},
        {"name_ar": "رز بالدجاج", "name_en": "Chicken Rice", "price": "22"},
        {"name_ar": "بان كيك", "name_en": "Pancake", "price": "10"},
        {"name_ar": "بان كيك بالعسل", "name_en": "Pancake with Honey", "price": "13"},
        {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابغى نودلز بالروبيان وواحد زيه بس باللحم", BOWLS, {"Shrimp Noodles": 1, "Beef Noodles": 1}),
        ("بدي بان كيك تنين وواحد متله بالعسل", BOWLS, {"Pancake": 2, "Pancake with Honey": 1}),
        ("عايز ساندويتش فلافل ٣ وواحد زيه بس كبدة", COUNTER, {"Falafel Sandwich": 3, "Liver Sandwich": 1}),
        ("ابي برجر دجاج وواحد زيه", COUNTER, {"Chicken Burger": 2}),
    ],
)
def test_one_like_it_but_another_way_is_one_more_of_that_variant(text, menu, items) -> None:
    """ "وواحد زيه بس باللحم", "وواحد متله بالعسل": one like the dish before, with a word added or
    one of its own words swapped, is one more of that variant (not one of them taken out); with
    nothing after "زيه" it is one more of the same dish."""
    assert_order(text, menu, items)


# A Moroccan / Levantine café and a Lebanese oven with Arabic names only (Arabizi is read against
# them): a soup and a sweet whose names say a letter twice, two-word names with a one-consonant
# word, kibbeh and pies made two ways.
SOUK = menu_entries(
    [
        {"name_ar": "حريرة", "name_en": "Harira Soup", "price": "12"},
        {"name_ar": "كاس أتاي", "name_en": "Glass of Tea", "price": "4"},
        {"name_ar": "كبة مقلية", "name_en": "Fried Kibbeh", "price": "15"},
        {"name_ar": "كبة مشوية", "name_en": "Grilled Kibbeh", "price": "17"},
        {"name_ar": "سلطة", "name_en": "Salad", "price": "9"},
        {"name_ar": "سلطة حارة", "name_en": "Spicy Salad", "price": "10"},
    ]
)
OVEN = menu_entries(
    [
        {"name_ar": "مامونية", "name_en": "Mamounia", "price": "14"},
        {"name_ar": "كوب تاي", "name_en": "Cup of Tay", "price": "3"},
        {"name_ar": "منقوشة زعتر", "name_en": "Zaatar Manousheh", "price": "6"},
        {"name_ar": "منقوشة بيض", "name_en": "Egg Manousheh", "price": "8"},
        {"name_ar": "فطيرة سبانخ", "name_en": "Spinach Pie", "price": "5"},
        {"name_ar": "فطيرة سبانخ حارة", "name_en": "Spicy Spinach Pie", "price": "6"},
        {"name_ar": "عصير ليمون", "name_en": "Lemonade", "price": "7"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bdi 7rira w salata", SOUK, {"Harira Soup": 1, "Salad": 1}),
        ("bade mamounia w 3aseer laymoun", OVEN, {"Mamounia": 1, "Lemonade": 1}),
    ],
)
def test_arabizi_a_letter_said_twice_with_a_vowel_between(text, menu, items) -> None:
    """ "7rira" for "حريرة", "mamounia" for "مامونية": a letter said twice with a vowel between
    counts twice in the consonant skeleton, so a short name is still read alone."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("2 kebbe me2liye w kas atay", SOUK, {"Fried Kibbeh": 2, "Glass of Tea": 1}),
        ("2 man2oushe za3tar w kob tay", OVEN, {"Zaatar Manousheh": 2, "Cup of Tay": 1}),
    ],
)
def test_arabizi_two_word_name_with_a_one_consonant_word(text, menu, items) -> None:
    """ "kas atay" for "كاس أتاي": two Arabizi words side by side spell a two-word Arabic name even
    when one of them has a single consonant, read against the Arabic name's own words."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bade 2 kebbe me2liye w wa7de meshwiye", SOUK, {"Fried Kibbeh": 2, "Grilled Kibbeh": 1}),
        ("bade 2 man2oushe za3tar w wa7de bayd", OVEN, {"Zaatar Manousheh": 2, "Egg Manousheh": 1}),
        ("3 salata, 2 menon 7arrin", SOUK, {"Salad": 1, "Spicy Salad": 2}),
        ("4 fatayer sabanekh, 2 menon 7arrin", OVEN, {"Spinach Pie": 2, "Spicy Spinach Pie": 2}),
    ],
)
def test_arabizi_word_of_a_counted_line_reads_against_the_dish_before(text, menu, items) -> None:
    """ "w wa7de meshwiye", "2 menon 7arrin": a short Arabizi word after a count or "of them" is
    read against the names of the dish just named (a plural ending "-in" / "-een" dropped)."""
    assert_order(text, menu, items)


# A takeaway that writes its loanwords one way in Arabic letters.
TAKEAWAY = menu_entries(
    [
        {"name_ar": "سبرنق رول", "name_en": "Spring Rolls", "price": "14"},
        {"name_ar": "تشيكن نقتس", "name_en": "Chicken Nuggets", "price": "16"},
        {"name_ar": "ساندويتش حلومي", "name_en": "Halloumi Sandwich", "price": "12"},
        {"name_ar": "كونق باو", "name_en": "Kung Pao", "price": "30"},
        {"name_ar": "ماء", "name_en": "Water", "price": "2"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("بدي سندويشة فلافل وحمص", COUNTER, {"Falafel Sandwich": 1, "Hummus": 1}),
        ("عايز ساندويشة كبدة تنين", COUNTER, {"Liver Sandwich": 2}),
        ("ابي سندوتشة حلومي وماء", TAKEAWAY, {"Halloumi Sandwich": 1, "Water": 1}),
    ],
)
def test_a_loanword_measure_with_a_taa_marbuta_is_the_menus_measure(text, menu, items) -> None:
    """ "ساندويشة", "سندوتشة": the one-sandwich form with a taa marbuta is the menu's sandwich."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("عايز سبرينج رول وماء", TAKEAWAY, {"Spring Rolls": 1, "Water": 1}),
        ("بدي سبرينغ رول", TAKEAWAY, {"Spring Rolls": 1}),
        ("ابي كونغ باو", TAKEAWAY, {"Kung Pao": 1}),
    ],
)
def test_a_loanword_spelt_with_another_g_letter_or_long_vowel(text, menu, items) -> None:
    """ "سبرينج" / "سبرينغ" for the menu's "سبرنق": the English g written ج, غ or ق and a long
    vowel written or left out spell the same loanword (four consonants at least)."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        ("2 kung pao, one mild", TAKEAWAY, [("Kung Pao", 1), ("Kung Pao", 1)]),
        ("2 beef burgers, one mild please", COUNTER, [("Beef Burger", 1), ("Beef Burger", 1)]),
    ],
)
def test_mild_is_a_change_of_a_split_line(text, menu, lines) -> None:
    """ "one mild": how hot a line is made, a change of that line, never an unknown food."""
    parsed = parse_order(text, menu)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == lines
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        (
            "3 beef burgers and fries, one burger without onion",
            COUNTER,
            [("Beef Burger", 1), ("Beef Burger", 2), ("Fries", 1)],
        ),
        (
            "ابي ٣ ساندويتش فلافل وحمص، واحد فلافل بدون طحينة",
            COUNTER,
            [("Falafel Sandwich", 1), ("Falafel Sandwich", 2), ("Hummus", 1)],
        ),
        (
            "2 kunafa and an arabic coffee, one kunafa without syrup",
            SWEETS,
            [("Arabic Coffee", 1), ("Kunafa", 1), ("Kunafa", 1)],
        ),
    ],
)
def test_a_count_and_the_dish_named_again_with_a_change_is_a_line_of_it(text, menu, lines) -> None:
    """ "2 om ali and a rice pudding, one om ali without nuts": a number opening its clause, the
    dish counted before named again (whole or by its head) and a change after it is one line of
    that dish made that way, not one more."""
    parsed = parse_order(text, menu)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == lines
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "3 beef burgers and fries, and one beef burger without onion",
            COUNTER,
            {"Beef Burger": 4, "Fries": 1},
        ),
        ("2 kunafa, and one more kunafa without syrup", SWEETS, {"Kunafa": 3}),
    ],
)
def test_and_one_more_with_a_change_still_adds(text, menu, items) -> None:
    """ "…, and one beef burger without onion": with "and" before the number it is one more."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي بان كيك وحدة عادية ووحدة بالعسل", BOWLS, {"Pancake": 1, "Pancake with Honey": 1}),
        ("بدي فطيرة سبانخ، وحدة عادية ووحدة حارة", OVEN, {"Spinach Pie": 1, "Spicy Spinach Pie": 1}),
        (
            "بدي فطيرة سبانخ، وحدة حارة ووحدة عادية وعصير ليمون",
            OVEN,
            {"Spinach Pie": 1, "Spicy Spinach Pie": 1, "Lemonade": 1},
        ),
    ],
)
def test_an_uncounted_dish_before_its_counted_lines_is_their_head(text, menu, items) -> None:
    """ "بسبوسة وحدة عادية ووحدة بالقشطة": a dish with no count, right before two or more counted
    lines of it made different ways, is their head; the lines count it (two, not three)."""
    assert_order(text, menu, items)


# A tea house and a café whose English names put the measure last.
TEA_HOUSE = menu_entries(
    [
        {"name_ar": "براد شاي كبير", "name_en": "Large Tea Pot", "price": "20"},
        {"name_ar": "براد شاي صغير", "name_en": "Small Tea Pot", "price": "12"},
        {"name_ar": "كاس شاي", "name_en": "Glass of Tea", "price": "4"},
        {"name_ar": "صحن حمص", "name_en": "Hummus Plate", "price": "10"},
        {"name_ar": "علبة بقلاوة", "name_en": "Baklava Box", "price": "40"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("a large pot of tea and a plate of hummus", TEA_HOUSE, {"Large Tea Pot": 1, "Hummus Plate": 1}),
        ("a box of baklava and a glass of tea", TEA_HOUSE, {"Baklava Box": 1, "Glass of Tea": 1}),
    ],
)
def test_a_name_said_with_of_in_another_order(text, menu, items) -> None:
    """ "a large pot of tea" for "Large Tea Pot": the English "of" of the other word order does not
    leave the words after it for another dish ("Glass of Tea" keeps its own "of")."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي وجبة دجاج ٩ قطع وكولا، والكولا خلها باردة", FRIED, {"Chicken Meal 9 Pieces": 1, "Cola": 1}),
        ("ابي برجر لحم ٢ وعيران، والعيران خليه بارد زيادة", COUNTER, {"Beef Burger": 2, "Ayran": 1}),
    ],
)
def test_the_dish_named_back_with_a_let_or_make_note_is_no_new_dish(text, menu, items) -> None:
    """ "والآيس تي خله بارد": the dish named back with the article and "خله" / "خليه" before a
    note says how that dish is made; no dish is added."""
    assert_order(text, menu, items)
