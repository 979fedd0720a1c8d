"""Words in an order that are no dish — changes ("extra garlic sauce", "plain", "والرز
زيادة", "not" before a word of the name: "مو حار"), doneness, demonstratives, intensifiers, pickup,
delivery and the place after it, future verbs — are never named back as unknown food; a real
food word off the menu still is."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import STEAK_GRILL, WEIGHED, WOK, assert_order, item_counts, load_menu, order_lines

JUICE = load_menu("juice")
SEAFOOD = load_menu("seafood")
SHAWARMA = load_menu("shawarma")
SUSHI = load_menu("sushi")
YEMENI = load_menu("yemeni")


def test_change_words_take_the_whole_dish_name_after_them() -> None:
    """ "with extra garlic sauce" changes the dish; it orders no garlic sauce."""
    assert item_counts(parse_order("a mixed grill with extra garlic sauce", SHAWARMA)) == {"Mixed Grill": 1}


@pytest.mark.parametrize(
    ("menu", "text", "items"),
    [
        (JUICE, "عاوز مهلبية وقشطة بالعسل، وهاستلم من الفرع", {"Muhallabia": 1, "Cream with Honey": 1}),
        (SEAFOOD, "عاوز صيادية وشوربة سمك، وهاجي اخدهم من المحل", {"Sayadieh": 1, "Fish Soup": 1}),
        (JUICE, "عايز وافل بالعسل وميلك شيك لوتس وكل ده توصيل", {"Honey Waffle": 1, "Lotus Milkshake": 1}),
    ],
)
def test_words_joined_to_an_order_that_are_no_dish(menu, text, items) -> None:
    """An Egyptian future verb ("وهاستلم", "وهاجي") and "وكل ده" are not named back as dishes."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.unknown == []


def test_a_food_word_joined_to_an_order_is_still_named_back() -> None:
    parsed = parse_order("ابي عصير مانجو وحمص", JUICE)
    assert item_counts(parsed) == {"Mango Juice": 1}
    assert parsed.unknown == ["حمص"]


def test_the_place_after_delivery_to_is_no_food() -> None:
    parsed = parse_order("one grilled salmon, delivery to Al Khobar please", load_menu("seafood"))
    assert item_counts(parsed) == {"Grilled Salmon": 1}
    assert parsed.unknown == []
    named_back = parse_order("بيتزا مارغريتا توصيل الى حي النرجس وسوشي", load_menu("pizzeria"))
    assert named_back.unknown == ["سوشي"]


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("two plain naan and one garlic naan", "biryani", {"Plain Naan": 2, "Garlic Naan": 1}),
        ("2 hummus with meat and 1 plain hummus", "mashawi", {"Hummus with Meat": 2, "Hummus": 1}),
    ],
)
def test_plain_before_a_dish_describes_that_dish(text, menu, items) -> None:
    """ "one plain X" is X; only a bare "one plain" borrows the dish before it."""
    assert_order(text, load_menu(menu), items)


def test_a_bare_plain_after_a_count_still_borrows_the_dish_before() -> None:
    parsed = parse_order("3 burgers, one plain", load_menu("burger"))
    assert parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي ربع دجاج مندي والرز زيادة", "mandi", {"Quarter Chicken Mandi": 1}),
        ("عطني هامور مشوي والرز زيادة وبيبسي", "seafood", {"Grilled Hamour": 1, "Pepsi": 1}),
        ("ابي برياني لحم ورز ابيض", "biryani", {"Mutton Biryani": 1, "Plain Rice": 1}),
    ],
)
def test_and_the_rice_extra_after_a_dish_is_a_change_not_a_dish(text, menu, items) -> None:
    """The article points at a part of the dish just named; "ورز" without it is still a dish."""
    assert_order(text, load_menu(menu), items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("هاي الطلبية: ٢ نودلز دجاج", SUSHI, {"Chicken Noodles": 2}),
        ("بدي هيدا: زربيان لحم وهاي كمان شاي عدني", YEMENI, {"Lamb Zurbian": 1, "Adeni Tea": 1}),
        ("هاد طلبي ٣ دمبلنغ دجاج", WOK, {"Chicken Dumplings": 3}),
    ],
)
def test_levantine_demonstratives_are_never_dishes(text, menu, items) -> None:
    """ "هاي"/"هيدا"/"هاد" ("this") point at the order; never named back as unknown food."""
    assert_order(text, menu, items)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي انتركوت ويل دن وكولسلو", {"Entrecote": 1, "Coleslaw": 1}),
        ("عايز ٢ فيليه لحم ميديم", {"Beef Fillet": 2}),
        ("one entrecote medium rare and fries", {"Entrecote": 1, "French Fries": 1}),
        ("بدي فيليه لحم نص استواء", {"Beef Fillet": 1}),
        ("a beef fillet well done with a side of coleslaw", {"Beef Fillet": 1, "Coleslaw": 1}),
    ],
)
def test_doneness_and_sides_are_how_a_dish_comes_never_dishes(text, items) -> None:
    """ "ميديم", "ويل دن" (never "و" + "يل"), "medium rare", "نص استواء" say how a cut is
    cooked; "a side of" measures what follows. None is named back as unknown food."""
    assert_order(text, STEAK_GRILL, items)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي انتركوت وكولسلو اثنين، استلام من الفرع", STEAK_GRILL, {"Entrecote": 1, "Coleslaw": 2}),
        ("بيبسي ٣، pickup", WEIGHED, {"Pepsi": 3}),
        ("عايز ٢ كباب ٢٥٠ دليفري", WEIGHED, {"Kebab 250 g": 2}),
    ],
)
def test_pickup_and_delivery_words_after_a_count_are_never_dishes(text, menu, items) -> None:
    assert_order(text, menu, items)


def test_without_a_menu_item_is_a_change_not_a_dish() -> None:
    """ "من غير ثومية": both words lead the change, even when ثومية is on the menu."""
    assert order_lines("عاوز شاورما فراخ كبيرة من غير ثومية", "shawarma") == [("Large Chicken Shawarma", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "2 cheese pides and one more, delivery to my flat",
        "a lahmacun, delivery please",
        "two turkish teas and one, deliver them to the office",
    ],
)
def test_delivery_after_a_count_is_not_an_unknown_dish(text: str) -> None:
    """ "… and one, delivery to …": the fulfilment word after a count is not a dish to name back."""
    parsed = parse_order(text, load_menu("turkish"))
    assert parsed.unknown == []
    assert parsed.lines


@pytest.mark.parametrize("very", ["وايد", "واجد"])
def test_gulf_very_is_not_and_plus_a_word(very: str) -> None:
    """ "مو حار وايد" (not very spicy): "وايد" is an intensifier, not "و" + an unknown dish."""
    parsed = parse_order(f"ابي شوربة عدس وأضنة كباب حار بس مو حار {very}", load_menu("turkish"))
    assert item_counts(parsed) == {"Lentil Soup": 1, "Spicy Adana Kebab": 1}
    assert parsed.unknown == []


@pytest.mark.parametrize("without", ["men gheir", "min ghir", "mn gher", "من غير"])
def test_without_in_two_words_makes_the_next_food_a_change(without: str) -> None:
    """ "men gheir sos" (without sauce): the food after a two-word "without" is what is left
    out; a sauce the menu does not sell is not named back."""
    parsed = parse_order(f"3 strawberry waffles, wa7da menhom {without} sos", load_menu("icecream"))
    assert item_counts(parsed) == {"Strawberry Waffle": 3}
    assert parsed.unknown == []
    assert len(parsed.lines) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ابي أضنة كباب حار وعيران بس مو حار مرة", {"Spicy Adana Kebab": 1, "Cold Ayran": 1}),
        ("عايز كنافة ساخنة بس مش ساخنة اوي", {"Hot Kunefe": 1}),
        ("two spicy adana kebabs, one not spicy", {"Spicy Adana Kebab": 2}),
        ("one adana kebab, not very spicy please", {"Spicy Adana Kebab": 1}),
    ],
)
def test_not_before_a_name_word_is_a_change(text: str, expected: dict[str, int]) -> None:
    """ "مو حار" after "أضنة كباب حار": one kebab made milder, not a second kebab."""
    parsed = parse_order(text, load_menu("turkish"))
    assert item_counts(parsed) == expected
    assert parsed.unknown == []
    # the word is kept with its "not" as one note ("مو حار مره", "not spicy"), never "spicy" alone
    assert any(
        any(word in note and note != word for note in line.modifications)
        for line in parsed.lines
        for word in ("حار", "ساخنه", "spicy")
    )


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("بدي ٢ شاورما دجاج كبير ومعن ٢ بيبسي", {"Large Chicken Shawarma": 2, "Pepsi": 2}),
        ("ابي فلافل ساندويتش والمشروب عيران", {"Falafel Sandwich": 1, "Ayran": 1}),
        ("a falafel plate and 2 drinks, pepsi", {"Falafel Plate": 1, "Pepsi": 2}),
    ],
)
def test_with_them_and_the_drink_are_no_dish(text, items) -> None:
    """ "ومعهم" / Levantine "ومعن" ("with them") join dishes; "المشروب" / "drinks" say what kind
    of dish follows: neither is named back as unknown food."""
    parsed = parse_order(text, SHAWARMA)
    assert item_counts(parsed) == items
    assert parsed.unknown == []


@pytest.mark.parametrize(
    "text",
    ["بدي عوامة وكنافة بالجبن، وكلهن سخنين", "عايز هريسة بالقشطة وعوامة والاتنين سخنين"],
)
def test_a_plural_temperature_word_describes_the_dishes_before_it(text) -> None:
    """ "وكلهن سخنين": a plural of "hot" describes the dishes before it; it is no dual of the
    menu's "سحلب سخن"."""
    assert "Hot Sahlab" not in item_counts(parse_order(text, load_menu("kunafa")))


def test_an_egyptian_hot_word_after_a_dish_describes_it() -> None:
    """ "كنافة بالجبن سخنة وسحلب": "سخنة" describes the kunafa, it is no second "سحلب سخن"; the
    menu's own name keeps it ("٢ سحلب سخن"), and a menu that writes "ساخنة" still reads "سخنة"."""
    kunafa = load_menu("kunafa")
    assert item_counts(parse_order("بدي كنافة بالجبن سخنة وسحلب", kunafa)) == {
        "Cheese Kunafa": 1,
        "Hot Sahlab": 1,
    }
    assert item_counts(parse_order("ابي ٢ سحلب سخن", kunafa)) == {"Hot Sahlab": 2}
    assert item_counts(parse_order("ابي شوكولا سخنة", load_menu("juice"))) == {"Hot Chocolate": 1}


def test_a_word_said_after_a_food_not_on_the_menu_belongs_to_it() -> None:
    """ "a sushi platter" where the only platter is the family one: sushi is named back, and its
    platter orders nothing; "بيتزا دجاج" is no chicken dish."""
    asian = load_menu("asian")
    parsed = parse_order("one beef noodles and a sushi platter", asian)
    assert item_counts(parsed) == {"Beef Noodles": 1}
    assert parsed.unknown == ["sushi"]
    parsed = parse_order("ابي بيتزا دجاج وشاي ياسمين", asian)
    assert item_counts(parsed) == {"Jasmine Tea": 1}
    assert parsed.unknown == ["بيتزا"]
    assert item_counts(parse_order("family platter and a pepsi", asian)) == {
        "Family Mixed Platter": 1,
        "Pepsi": 1,
    }


@pytest.mark.parametrize(
    "text",
    ["أبي برجر بروستد، واذا مو موجود عطني زنجر", "a broasted burger, or if it's not available a zinger"],
)
def test_a_condition_on_what_is_there_is_no_dish(text: str) -> None:
    """ "واذا مو موجود" / "if it's not available": the condition is never named back as food."""
    parsed = parse_order(text, load_menu("broasted"))
    assert parsed.unknown == [] and [e.name_en for e in parsed.unavailable] == ["Broasted Burger"]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ابي ٣ مناقيش زعتر وكمان وحدة كشك، استلام بعد نص ساعة", {"Zaatar Manakish": 3, "Kishk Manakish": 1}),
        ("I'll pick up in half an hour: 2 zaatar manakish", {"Zaatar Manakish": 2}),
    ],
)
def test_a_half_of_an_hour_is_a_time_not_a_half_dish(text, items) -> None:
    """ "بعد نص ساعة" / "in half an hour": the half measures time, it orders no half-and-half."""
    assert_order(text, load_menu("manakish"), items)


def test_what_all_of_them_should_hold_is_a_note() -> None:
    """ "علبة فطاير عائلية، كلها سبانخ": the filling of the box, not a spinach fatayer ordered."""
    assert_order(
        "بدي علبة فطاير عائلية، كلها سبانخ اذا بتقدروا", load_menu("manakish"), {"Family Fatayer Box": 1}
    )


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "can I get 2 zingers and a popcorn chicken? pickup in 20 mins",
            {"Zinger Sandwich": 2, "Popcorn Chicken": 1},
        ),
        ("عايز وجبة عائلية ١٦ قطعة وزودوا ٢ رز بخاري", {"Family Meal 16 Pieces": 1, "Bukhari Rice": 2}),
        ("ابي زنجر، بمر بعد ٢٠ دقيقة", {"Zinger Sandwich": 1}),
    ],
)
def test_a_time_and_an_add_verb_are_no_dish_and_no_count(text, items) -> None:
    """ "in 20 mins" / "بعد ٢٠ دقيقة" is a time; "وزودوا" (add) is a verb: neither is named back."""
    assert_order(text, load_menu("broasted"), items)


def test_a_word_in_a_dish_place_after_a_joined_measure_is_named_back() -> None:
    """ "ووجبة كنتاكي": after "و" and a measure, an unknown word stands where a dish goes."""
    parsed = parse_order("عطني ستربس عادي ٥ قطع وبطاطس عائلي ووجبة كنتاكي", load_menu("broasted"))
    assert parsed.unknown == ["كنتاكي"]


@pytest.mark.parametrize("less", ["خفف", "قلل", "وخففوا"])
def test_a_word_of_the_name_after_less_is_a_change_not_another_dish(less: str) -> None:
    """ "بول دجاج حار بس خفف الحار": less of the spice, not a second spicy bowl."""
    assert_order(
        f"ابي بول دجاج حار بس {less} الحار وسموذي أخضر",
        load_menu("healthy"),
        {"Spicy Chicken Bowl": 1, "Green Smoothie": 1},
    )


@pytest.mark.parametrize(
    ("text", "menu", "items", "unknown"),
    [
        ("ابي عوامة وتيراميسو ايطالي", "kunafa", {"Awameh": 1}, ["تيراميسو ايطالي"]),
        ("بدي شيش طاووق وحراق اصبعه", "mashawi", {"Shish Tawook": 1}, ["حراق اصبعه"]),
        ("بدي معمول جوز ٤ وغريبة", "kunafa", {"Walnut Maamoul": 4}, ["غريبه"]),
    ],
)
def test_a_dish_not_on_the_menu_is_named_back_with_the_word_of_its_kind(text, menu, items, unknown) -> None:
    """ "وتيراميسو ايطالي": an unfamiliar word joined to the order and the unfamiliar word after it
    are one dish named back, not half of one."""
    parsed = parse_order(text, load_menu(menu))
    assert item_counts(parsed) == items
    assert parsed.unknown == unknown


@pytest.mark.parametrize(
    "text", ["ابي شاورما لحم كبير ٣ ولا تحطون ثومية", "ابي شاورما لحم كبير ٣ لا تحط ثومية"]
)
def test_dont_put_before_a_menu_item_is_a_change(text: str) -> None:
    """ "ولا تحط ثومية" (and don't put garlic sauce): how the dish comes, no sauce ordered."""
    assert_order(text, SHAWARMA, {"Large Beef Shawarma": 3})


def test_the_part_of_a_dish_then_less_is_a_change() -> None:
    """ "بس الحار خففوه" after the spicy bowl: less spice, not a second spicy bowl."""
    assert_order(
        "ابي بول دجاج حار وراب دجاج، بس الحار خففوه",
        load_menu("healthy"),
        {"Spicy Chicken Bowl": 1, "Chicken Wrap": 1},
    )


@pytest.mark.parametrize(
    "text",
    [
        "وش عندكم اليوم؟",
        "وش عندكم من برجر؟",
        "عندكم شي بارد؟",
        "do you have anything spicy?",
        "وش عندكم غير البرجر",
    ],
)
def test_a_question_about_the_menu_names_back_no_word_of_it(text):
    """ "وش عندكم اليوم؟" asks what there is: "اليوم" (today) is no dish the menu lacks."""
    from crm_res.assistant.order_parser import menu_entries, parse_order
    from crm_res.services.ops.demo_menu import DEMO_MENU

    assert parse_order(text, menu_entries(DEMO_MENU)).unknown == []


def test_a_food_asked_about_is_still_named_back():
    from crm_res.assistant.order_parser import menu_entries, parse_order
    from crm_res.services.ops.demo_menu import DEMO_MENU

    assert parse_order("عندكم سوشي؟", menu_entries(DEMO_MENU)).unknown == ["سوشي"]
