"""Counts within an order: sizes split under a loose header, corrected quantities, a count's
own number, and back-references ("one of them", "wa7ed menhom") that split a line."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import assert_order, item_counts, load_menu

BAKERY = load_menu("bakery")
JUICE = load_menu("juice")
SEAFOOD = load_menu("seafood")
SHAWARMA = load_menu("shawarma")


def test_sizes_after_a_loose_header_borrow_the_whole_dish() -> None:
    """ "٣ شاورما دجاج، وحدة كبيرة وتنتين صغار" is one large and two small chicken shawarma."""
    parsed = parse_order("بدي ٣ شاورما دجاج، وحدة كبيرة وتنتين صغار", SHAWARMA)
    assert item_counts(parsed) == {"Large Chicken Shawarma": 1, "Small Chicken Shawarma": 2}
    assert parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابغى ٤ شاورما لحم صغير، لا خليها ثلاثة", SHAWARMA, {"Small Beef Shawarma": 3}),
        ("فلافل ساندويتش اربعة لا لا خلها خمسة", SHAWARMA, {"Falafel Sandwich": 5}),
        ("2 cheese pies, no wait make it 4", BAKERY, {"Cheese Pie": 4}),
        (
            "5 zaatar manakish and a tea, actually make it 2 teas",
            BAKERY,
            {"Zaatar Manakish": 5, "Tea": 2},
        ),
    ],
)
def test_a_corrected_quantity_replaces_the_one_before(text, menu, items) -> None:
    """ "لا خليها ٣", "make it 4": the later number wins; the correction words are no dish."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == []


def test_a_counts_own_number_opens_no_line() -> None:
    """ "شاورما دجاج كبير ٢ وحدة منهم بدون مخلل" is two lines of one each, not three."""
    parsed = parse_order("ابي شاورما دجاج كبير ٢ وحدة منهم بدون مخلل", SHAWARMA)
    assert sorted(line.quantity for line in parsed.lines) == [1, 1]
    assert {line.name_en for line in parsed.lines} == {"Large Chicken Shawarma"}


@pytest.mark.parametrize(
    ("menu", "text", "lines"),
    [
        (JUICE, "abgha 3 lemon na3na3, wa7ed menhom bdoon sukkar", [("Lemon Mint", 1), ("Lemon Mint", 2)]),
        (SEAFOOD, "abi 3 kabab djaj, wa7ed menhom bdoon bsal", [("Chicken Kebab", 1), ("Chicken Kebab", 2)]),
    ],
)
def test_arabizi_back_reference_splits_the_count(menu, text, lines) -> None:
    parsed = parse_order(text, menu)
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == lines
    assert parsed.unknown == []


def test_one_of_the_named_dish_splits_that_dish_only() -> None:
    """ "one of the lattes" after "2 spanish latte and 1 iced americano" is a line of the two
    spanish lattes (1 + 1), not a third latte to ask about; "one of them" keeps its old reading."""
    coffee = load_menu("coffee")
    parsed = parse_order("2 spanish latte and 1 iced americano, one of the lattes with oat milk", coffee)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == [
        ("Iced Americano", 1),
        ("Spanish Latte", 1),
        ("Spanish Latte", 1),
    ]
    assert parsed.ambiguous == []
    alone = parse_order("one of the lattes please", coffee)
    assert item_counts(alone) == {} and len(alone.ambiguous) == 1


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        ("3 butter chicken, one of them mild", "biryani", [("Butter Chicken", 1), ("Butter Chicken", 2)]),
        ("٢ ريش غنم وحدة منهم مستوية", "mashawi", [("Lamb Chops", 1), ("Lamb Chops", 1)]),
    ],
)
def test_words_after_one_of_them_are_the_change_of_that_line(text, menu, lines) -> None:
    parsed = parse_order(text, load_menu(menu))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == sorted(lines)
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        # no "و" between the dishes: each number follows its dish through the run
        (
            "بدي شاورما لحم كبير ٣ بطاطس كبير ٢ وعيران",
            "shawarma",
            {"Large Beef Shawarma": 3, "Large Fries": 2, "Ayran": 1},
        ),
        ("ابغى زربيان دجاج ٢ خبز طاوة ٥", "yemeni", {"Chicken Zurbian": 2, "Tawa Bread": 5}),
        # a count closed by a comma is the dish's before it, not the next one's
        ("عايز كريب لوتس ٣، وافل بالعسل", "juice", {"Lotus Crepe": 3, "Honey Waffle": 1}),
        ("1 cheese pie, 2 tea", "bakery", {"Cheese Pie": 1, "Tea": 2}),
        # counts written before their dishes keep that reading
        (
            "ابغى شاورما لحم صغير ٢ بطاطس كبير ٣ بيبسي",
            "shawarma",
            {"Small Beef Shawarma": 1, "Large Fries": 2, "Pepsi": 3},
        ),
        ("بدي ٢ فتوش ٣ حمص", "shawarma", {"Fattoush": 2, "Hummus": 3}),
    ],
)
def test_counts_written_after_their_dishes_through_a_run(text, menu, items) -> None:
    parsed = parse_order(text, load_menu(menu))
    assert item_counts(parsed) == items
    assert parsed.unknown == [] and parsed.ambiguous == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("بدي عصير مانجو وواحد متله", "juice", {"Mango Juice": 2}),
        (
            "عايز بسبوسة بالقشطة وكنافة نابلسية واتنين زيها",
            "bakery",
            {"Cream Basbousa": 1, "Nabulsi Kunafa": 3},
        ),
    ],
)
def test_a_number_and_like_it_is_more_of_the_dish_before(text, menu, items) -> None:
    """ "وواحدة زيها": one more of the last dish; "زيها" is not a dish to name back."""
    parsed = parse_order(text, load_menu(menu))
    assert item_counts(parsed) == items
    assert parsed.unknown == [] and parsed.ambiguous == []


BURGER = load_menu("burger")


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("one large beef shawarma, actually make that two", SHAWARMA, {"Large Beef Shawarma": 2}),
        ("2 pepsi and a classic burger, make the pepsi 3", BURGER, {"Classic Beef Burger": 1, "Pepsi": 3}),
        ("برجر لحم كلاسيك ٢ وبيبسي، لا خلي البيبسي ٣", BURGER, {"Classic Beef Burger": 2, "Pepsi": 3}),
    ],
)
def test_a_correction_naming_its_dish_replaces_that_dish_count(text, menu, items) -> None:
    """ "make that two", "make the pepsi 3", "خلي البيبسي ٣": the dish named after the verb (or
    "that") takes the new count instead of adding a line; the last dish before keeps its own."""
    assert item_counts(parse_order(text, menu)) == items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("فلافل ساندويتش ٣ وثومية زيادة ٤", {"Falafel Sandwich": 3, "Garlic Sauce": 4}),
        ("a mixed grill and extra garlic sauce x3", {"Mixed Grill": 1, "Garlic Sauce": 3}),
        ("a mixed grill with extra garlic sauce", {"Mixed Grill": 1}),
        ("falafel plate with extra hummus", {"Falafel Plate": 1}),
    ],
)
def test_a_count_after_extra_orders_that_many(text, items) -> None:
    """ "وثومية زيادة ٤", "extra garlic sauce x3": a count closing "extra" and a whole menu name
    orders that many of it; "extra" with no count stays a change of the dish before."""
    assert item_counts(parse_order(text, SHAWARMA)) == items


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        (
            "بدي نص فروج مشوي وتبولة، لا خليها فروج مشوي كامل بدل النص",
            load_menu("mashawi"),
            {"Whole Grilled Chicken": 1, "Tabbouleh": 1},
        ),
        ("شاورما دجاج كبير وبيبسي، وعيران بدل البيبسي", SHAWARMA, {"Large Chicken Shawarma": 1, "Ayran": 1}),
        (
            "2 spicy chicken burgers and a pepsi, actually a crispy chicken burger instead of one spicy",
            BURGER,
            {"Spicy Chicken Burger": 1, "Pepsi": 1, "Crispy Chicken Burger": 1},
        ),
    ],
)
def test_a_dish_instead_of_one_named_back_takes_its_place(text, menu, items) -> None:
    """ "X بدل Y", "X instead of one Y": Y names back a dish ordered before (by a word of its
    name, "النص"); it is dropped, or counted down when only some of it is swapped."""
    assert item_counts(parse_order(text, menu)) == items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a cheese kunafa instead of the nutella one and two mint teas", {"Cheese Kunafa": 1, "Mint Tea": 2}),
        ("بدي صينية كنافة صغيرة بدل الكبيرة لو سمحت", {"Small Kunafa Tray": 1}),
    ],
)
def test_a_dish_instead_of_one_ordered_earlier_orders_only_itself(text, items) -> None:
    """ "X instead of the Y one", "X بدل Y" where Y was ordered in an earlier message: Y orders
    nothing here either."""
    assert_order(text, load_menu("kunafa"), items)


def test_instead_of_opening_a_clause_keeps_the_dishes_after_it() -> None:
    """A "وبدل" that opens its own clause has no dish right before it: nothing is dropped."""
    parsed = parse_order("بدي كنافة بالجبن، وبدل السحلب ليمون بالنعناع", load_menu("kunafa"))
    assert "Cheese Kunafa" in item_counts(parsed)


def test_a_correction_naming_a_shared_head_corrects_the_one_ordered() -> None:
    """ "لا خلي الراب تلاتة" after one wrap was ordered corrects that wrap; with two wraps
    ordered the head stays a question."""
    healthy = load_menu("healthy")
    parsed = parse_order("بدي راب دجاج وشاي أخضر، لا خلي الراب ٤", healthy)
    assert item_counts(parsed) == {"Chicken Wrap": 4, "Green Tea": 1}
    assert parsed.ambiguous == []
    parsed = parse_order("راب دجاج وراب حلومي، خلي الراب ٢", healthy)
    assert [a.text for a in parsed.ambiguous] == ["الراب"]


def test_a_name_with_its_own_and_is_one_dish_when_named_by_its_last_words() -> None:
    """ "الحارة والحامضة" for "شوربة حارة وحامضة": the "و" is the name's own, one soup, not two."""
    asian = load_menu("asian")
    assert item_counts(parse_order("ابي الحارة والحامضة ونودلز لحم", asian)) == {
        "Hot and Sour Soup": 1,
        "Beef Noodles": 1,
    }
    assert item_counts(parse_order("بدي شوربة ونتون بدل الحارة والحامضة", asian)) == {"Wonton Soup": 1}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي باد تاي واحد صغير وواحد كبير", {"Small Pad Thai": 1, "Large Pad Thai": 1}),
        ("ابي نودلز دجاج ٣، وحدة حارة وتنتين عادية", {"Spicy Chicken Noodles": 1, "Chicken Noodles": 2}),
    ],
)
def test_a_head_broken_down_into_its_variants_orders_only_them(text, items) -> None:
    """A shared head with no count right before the items it could be is their head, not one
    more to ask about; "عادية" (plain) in a breakdown is the header's own dish."""
    assert_order(text, load_menu("asian"), items)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("بدي ٣ نودلز لحم وخلي وحدة منهم بلا بصل", [("Beef Noodles", 1), ("Beef Noodles", 2)]),
        ("4 spring rolls, one of the rolls with extra sauce", [("Spring Rolls", 1), ("Spring Rolls", 3)]),
    ],
)
def test_a_line_split_from_a_count_stays_in_that_count(text, lines) -> None:
    """ "وخلي وحدة منهم …" is one of them made another way (no new count of one), and "one of
    the rolls" names back the counted dish as the line's own, not one more."""
    parsed = parse_order(text, load_menu("asian"))
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == lines
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي نودلز لحم، وبدل البيبسي خليها شاي ياسمين", {"Beef Noodles": 1, "Jasmine Tea": 1}),
        ("ابي بيبسي ونودلز خضار، وبدل البيبسي مية", {"Vegetable Noodles": 1, "Water": 1}),
    ],
)
def test_instead_of_opening_its_clause_names_back_one_dish(text, items) -> None:
    """ "…، وبدل Y X": Y (one dish) is dropped where it was ordered and orders nothing itself; X,
    after it, is ordered; "بدل" is no food to name back."""
    assert_order(text, load_menu("asian"), items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي ٢ باد تاي صغير، لا خليهم كبار", {"Large Pad Thai": 2}),
        (
            "ابي رز مقلي بالدجاج ونودلز لحم، لا خلي الرز بالروبيان",
            {"Shrimp Fried Rice": 1, "Beef Noodles": 1},
        ),
        ("ابي بيبسي، لا خليها شاي ياسمين", {"Jasmine Tea": 1}),
    ],
)
def test_a_correction_naming_another_dish_replaces_the_one_it_corrects(text, items) -> None:
    """ "لا خليها صغيرة": the dish before that shares a word of the new one's name (or, after "لا",
    the one dish ordered) is replaced, keeping its count."""
    assert_order(text, load_menu("asian"), items)


def test_a_correction_with_several_unrelated_dishes_before_it_replaces_none() -> None:
    """Which of two unrelated dishes "لا خليها مية" replaces is not known: both stay."""
    parsed = parse_order("ابي بيبسي ونودلز لحم، لا خليها مية", load_menu("asian"))
    assert item_counts(parsed) == {"Pepsi": 1, "Beef Noodles": 1, "Water": 1}


def test_a_counted_shared_head_then_the_one_it_is() -> None:
    """ "two kunafa trays, the small ones": the head's count goes to the one variant named right
    after it, nothing is left to ask about."""
    assert_order(
        "two kunafa trays, the small ones, and a mint tea",
        load_menu("kunafa"),
        {"Small Kunafa Tray": 2, "Mint Tea": 1},
    )


@pytest.mark.parametrize(
    "text",
    ["a pepsi and a small pad thai, make it large actually", "one small pad thai, no, make it a large"],
)
def test_make_it_with_a_size_corrects_the_dish_to_that_size(text) -> None:
    """ "make it large": "it" is the dish just ordered, corrected to its large one."""
    items = item_counts(parse_order(text, load_menu("asian")))
    assert items.get("Large Pad Thai") == 1 and "Small Pad Thai" not in items


def test_a_correction_verb_that_adds_a_dish_is_no_food() -> None:
    """ "وخلي معه شوربة ونتون": "خلي" is said, never named back as food."""
    parsed = parse_order("ابي نودلز لحم، وخلي معه سبرنق رول", load_menu("asian"))
    assert item_counts(parsed) == {"Beef Noodles": 1, "Spring Rolls": 1}
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "ابي ٤ فطاير لحمة و٤ فطاير سبانخ، ثنتين من السبانخ بدون بصل",
            [("Meat Fatayer", 4), ("Spinach Fatayer", 2), ("Spinach Fatayer", 2)],
        ),
        (
            "3 zaatar manakish, one of the zaatar without oil",
            [("Zaatar Manakish", 1), ("Zaatar Manakish", 2)],
        ),
    ],
)
def test_a_number_of_the_dish_named_back_after_a_count_splits_it(text, lines) -> None:
    """ "ثنتين من السبانخ" right after "٤ فطاير سبانخ" is a line of those four, not two more."""
    parsed = parse_order(text, load_menu("manakish"))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == sorted(lines)


def test_levantine_of_them_points_back_to_the_count() -> None:
    """Levantine "منن" (of them) is a back-reference: "٦ لحم بعجين، تلاتة منن حار" is three
    plain and three of the spicy one, not six plus three."""
    parsed = parse_order("بدي ٦ لحم بعجين، تلاتة منن حار", load_menu("manakish"))
    assert item_counts(parsed) == {"Lahm Bi Ajeen": 3, "Spicy Lahm Bi Ajeen": 3}


@pytest.mark.parametrize(
    "text",
    [
        "ابي وجبة بروستد ٤ قطع حار ووحدة عادي",
        "bade wajbe broasted 4 2ta3 7ar w wa7de 3adeh",
        "one spicy strips 5 pieces and one regular",
    ],
)
def test_one_regular_after_a_dish_is_the_menus_regular_variant(text: str) -> None:
    """Where the menu names a regular variant beside the spicy one ("… عادي" / "Regular …"),
    "ووحدة عادي" / "one regular" after the spicy dish is that variant, not nothing."""
    parsed = parse_order(text, load_menu("broasted"))
    assert len(parsed.lines) == 2 and {line.name_en.split()[0] for line in parsed.lines} == {
        "Spicy",
        "Regular",
    }


def test_one_plain_where_no_regular_variant_exists_stays_a_line_of_the_dish() -> None:
    """On a menu without a regular variant, "واحد عادي" after "٢ برجر دجاج حار" is one of those
    two made with no change: no new dish."""
    parsed = parse_order("٢ برجر دجاج حار، واحد عادي", load_menu("burger"))
    assert item_counts(parsed) == {"Spicy Chicken Burger": 2}


@pytest.mark.parametrize(
    "text",
    ["عطني لحم بعجين عشرة، نصهم حار", "10 lahm bi ajeen, half of them spicy", "بدي ١٠ لحم بعجين نصن حار"],
)
def test_half_of_them_is_half_the_count_before(text: str) -> None:
    """ "نصهم حار" / "half of them spicy" after a count of ten: five of them are the spicy one."""
    parsed = parse_order(text, load_menu("manakish"))
    assert item_counts(parsed) == {"Lahm Bi Ajeen": 5, "Spicy Lahm Bi Ajeen": 5}


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("بدي ٨ فطاير لحمة، ربعهن بلا بصل", [("Meat Fatayer", 2), ("Meat Fatayer", 6)]),
        ("ابي ٩ فطاير سبانخ ثلثها بدون ليمون", [("Spinach Fatayer", 3), ("Spinach Fatayer", 6)]),
    ],
)
def test_a_quarter_or_a_third_of_them_splits_that_share_of_the_count(text, lines) -> None:
    """ "ربعهن" / "ثلثها": a quarter or a third of the count before is a line of its own."""
    parsed = parse_order(text, load_menu("manakish"))
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == sorted(lines)


def test_a_share_that_does_not_divide_the_count_is_left_alone() -> None:
    """ "نصهم" of three is no whole number: no line is split off."""
    parsed = parse_order("بدي ٣ فطاير لحمة نصهم بلا بصل", load_menu("manakish"))
    assert item_counts(parsed) == {"Meat Fatayer": 3}


def test_a_shared_word_with_the_article_and_a_count_restates_the_dish_ordered() -> None:
    """ "والجبنة ثنتين": "جبنة" fits four dishes, but with the article and a count after it, it
    names back the one cheese dish ordered before, which takes the count; nothing is asked."""
    parsed = parse_order("ابي منقوشة زعتر ومنقوشة جبنة كبيرة، والجبنة ثنتين", load_menu("manakish"))
    assert parsed.ambiguous == []
    assert item_counts(parsed) == {"Zaatar Manakish": 1, "Large Cheese Manakish": 2}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عطني زنجر وبدال البيبسي ماي", {"Zinger Sandwich": 1, "Water": 1}),
        ("a zinger and instead of the pepsi a water", {"Zinger Sandwich": 1, "Water": 1}),
    ],
)
def test_a_dish_after_instead_of_is_never_ordered_even_when_not_ordered_before(text, items) -> None:
    """ "وبدال البيبسي ماي": the pepsi the meal would have come with is swapped for water; it is
    not ordered, and "بدال" / "instead" is never named back as food."""
    parsed = parse_order(text, load_menu("broasted"))
    assert item_counts(parsed) == items and parsed.unknown == []


@pytest.mark.parametrize(
    "text",
    [
        "بدي ٢ لحم بعجين حار وواحد عادي",
        "bde 2 la7m b3ajin 7ar w wa7ad 3adi",
        "2 spicy lahm bi ajeen and one regular",
    ],
)
def test_and_one_regular_is_the_dish_without_the_modifier_in_its_name(text: str) -> None:
    """Where "لحم بعجين حار" and "لحم بعجين" are both dishes, "وواحد عادي" after the spicy one
    is the plain dish: the name without its spice word."""
    parsed = parse_order(text, load_menu("manakish"))
    assert item_counts(parsed) == {"Spicy Lahm Bi Ajeen": 2, "Lahm Bi Ajeen": 1}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a dozen cheese fatayer and half a dozen spinach", {"Cheese Fatayer": 12, "Spinach Fatayer": 6}),
        ("نص درزن فطاير جبنة", {"Cheese Fatayer": 6}),
    ],
)
def test_half_a_dozen_is_six(text, items) -> None:
    assert_order(text, load_menu("manakish"), items)


@pytest.mark.parametrize(
    ("menu", "text", "items"),
    [
        ("broasted", "abi 3 zinger w wa7id popcorn chicken", {"Zinger Sandwich": 3, "Popcorn Chicken": 1}),
        ("manakish", "bdi 2 fatayer spinach w 2 la7meh", {"Spinach Fatayer": 2, "Meat Fatayer": 2}),
    ],
)
def test_gulf_arabizi_one_and_levantine_arabizi_meat(menu, text, items) -> None:
    """ "wa7id" counts one; "la7meh" is "لحمة" (meat)."""
    assert_order(text, load_menu(menu), items)


@pytest.mark.parametrize(
    "text",
    [
        "a pepsi and a small pad thai, actually make it the large one",
        "one small pad thai, make it a large one",
    ],
)
def test_make_it_the_large_one_corrects_the_dish_to_that_size(text) -> None:
    """ "the large one": "one" stands for the dish, never a count of one more."""
    items = item_counts(parse_order(text, load_menu("asian")))
    assert items.get("Large Pad Thai") == 1 and "Small Pad Thai" not in items


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي متبل وفتوش ثلاث، لا خل الفتوش ثنتين", load_menu("mashawi"), {"Moutabal": 1, "Fattoush": 2}),
        ("عطني راب دجاج ٣ لا خل ٢", load_menu("healthy"), {"Chicken Wrap": 2}),
    ],
)
def test_gulf_short_let_after_no_corrects_the_count(text, menu, items) -> None:
    """ "لا خل الفتوش ثنتين": the Gulf "خل" after "لا" is "make it", the later count wins."""
    assert_order(text, menu, items)


def test_vinegar_after_no_is_not_a_correction() -> None:
    """ "فتوش لا خل" (no vinegar) with nothing after it corrects nothing."""
    assert item_counts(parse_order("ابي فتوش ٢ وحمص لا خل", load_menu("mashawi"))) == {
        "Fattoush": 2,
        "Hummus": 1,
    }


def test_a_temperature_word_before_the_count_keeps_the_split() -> None:
    """ "ليمون نعناع بارد اربعة واحد منهم بدون سكر": the cold word describes the dish; the count
    after it is the dish's own, and "واحد منهم" is a line of it."""
    parsed = parse_order("ابي ليمون نعناع بارد اربعة واحد منهم بدون سكر", JUICE)
    assert sorted((x.name_en, x.quantity) for x in parsed.lines) == [("Lemon Mint", 1), ("Lemon Mint", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "a classic beef burger and a milkshake, actually instead of the milkshake an iced tea",
        "ابي برجر لحم كلاسيك وميلك شيك، وبدل الميلك شيك آيس تي",
    ],
)
def test_instead_of_a_dish_asked_about_drops_the_question(text: str) -> None:
    """ "instead of the milkshake" names back the milkshake that was still to be asked about
    (vanilla or chocolate): it is dropped, no question is left."""
    assert_order(text, load_menu("burger"), {"Classic Beef Burger": 1, "Iced Tea": 1})
