"""Order understanding on menus other than the demo one: the longest menu name wins over the
modifier, size, measure and conjunction words inside it; a shared short name is asked about; the
labelled order sets of those menus."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.totals import order_total
from tests.assistant.menus import WOK, assert_order, item_counts, load_menu

COFFEE, MANDI, PIZZERIA = load_menu("coffee"), load_menu("mandi"), load_menu("pizzeria")
SUSHI = load_menu("sushi")


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابغى لاتيه حار وكوكيز", COFFEE, {"Hot Latte": 1, "Cookie": 1}),
        (
            "عاوز دلة قهوة سعودية كبيرة و٢ كرواسون جبن",
            COFFEE,
            {"Large Saudi Coffee Dallah": 1, "Cheese Croissant": 2},
        ),
        ("ابي مندي لحم عائلي و٤ ببسي", MANDI, {"Family Lamb Mandi": 1, "Pepsi": 4}),
        ("ابي حبة دجاج مندي وصحن رز زيادة", MANDI, {"Whole Chicken Mandi": 1, "Rice Plate": 1}),
        ("ابي البيتزا الحارة ٢", PIZZERIA, {"Spicy Diablo Pizza": 2}),
        ("one iced latte and one hot latte please", COFFEE, {"Iced Latte": 1, "Hot Latte": 1}),
    ],
)
def test_longest_menu_name_wins_over_modifier_size_and_measure_words(text, menu, items) -> None:
    """A spicy/family/size/measure word that belongs to a name on this menu is part of that name."""
    assert item_counts(parse_order(text, menu)) == items


def test_modifier_word_not_in_a_fitting_name_stays_a_modification() -> None:
    """ "امريكانو حار" is the americano made hot, and "وواحد مثلج" borrows it: one iced americano."""
    parsed = parse_order("ابي ٢ امريكانو حار وواحد مثلج", COFFEE)
    assert item_counts(parsed) == {"Americano": 2, "Iced Americano": 1}
    assert not parsed.ambiguous and not parsed.unknown


@pytest.mark.parametrize(
    ("text", "menu", "candidates"),
    [
        ("ابي لاتيه", COFFEE, {"Hot Latte", "Iced Latte", "Spanish Latte", "Matcha Latte"}),
        ("ابغى مندي دجاج", MANDI, {"Quarter Chicken Mandi", "Half Chicken Mandi", "Whole Chicken Mandi"}),
        ("ابغى فطاير", PIZZERIA, {"Cheese Fatayer", "Zaatar Fatayer", "Spinach Fatayer"}),
    ],
)
def test_shared_short_name_is_reported_with_its_candidates(text, menu, candidates) -> None:
    """A name several items share is kept as one ambiguous mention listing every candidate."""
    parsed = parse_order(text, menu)
    assert parsed.lines == []
    assert [set(a.candidates) for a in parsed.ambiguous] == [candidates]


def test_shared_name_offers_only_available_items() -> None:
    """ "بيتزا" asks among the pizzas that can be ordered, not the one that is off."""
    (mention,) = parse_order("ابي بيتزا", PIZZERIA).ambiguous
    assert "Truffle Pizza" not in mention.candidates and len(mention.candidates) == 6


@pytest.mark.parametrize(
    ("text", "menu", "unknown", "items"),
    [
        ("ابي برجر ولاتيه مثلج", COFFEE, ["برجر"], {"Iced Latte": 1}),
        ("عايز شاورما وكبسة لحم", MANDI, ["شاورما"], {"Lamb Kabsa": 1}),
        ("ابي سوشي وبيتزا خضار", PIZZERIA, ["سوشي"], {"Veggie Pizza": 1}),
    ],
)
def test_dish_words_not_on_this_menu_are_named_back(text, menu, unknown, items) -> None:
    """A dish the parser knows from elsewhere is reported as unknown, never dropped silently."""
    parsed = parse_order(text, menu)
    assert parsed.unknown == unknown
    assert item_counts(parsed) == items


@pytest.mark.parametrize(
    ("text", "menu", "lines"),
    [
        ("ابي ثلاث لاتيه مثلج، وحدة منها بدون سكر", COFFEE, [("Iced Latte", 1), ("Iced Latte", 2)]),
        (
            "3 quarter chicken mandi, one of them without rice",
            MANDI,
            [("Quarter Chicken Mandi", 1), ("Quarter Chicken Mandi", 2)],
        ),
        ("4 spanish lattes, two of them iced", COFFEE, [("Spanish Latte", 2), ("Spanish Latte", 2)]),
    ],
)
def test_split_quantities_keep_their_lines_and_back_references_are_no_dishes(text, menu, lines) -> None:
    """ "٣ …، وحدة منها بدون سكر" is two lines of one dish; "منها"/"of them" is never unknown."""
    parsed = parse_order(text, menu)
    assert sorted((line.name_en, line.quantity) for line in parsed.lines) == sorted(lines)
    assert parsed.unknown == [] and parsed.ambiguous == []


def test_variant_counted_after_of_them_comes_out_of_the_count() -> None:
    """ "٣ كرواسون، اتنين منهم جبن" is one plain croissant and two cheese ones."""
    assert item_counts(parse_order("عايز ٣ كرواسون، اتنين منهم جبن", COFFEE)) == {
        "Croissant": 1,
        "Cheese Croissant": 2,
    }


def test_words_after_without_or_extra_are_changes_not_dishes() -> None:
    """ "with extra cheese" changes the pasta; it adds no cheese fatayer."""
    parsed = parse_order("4 alfredo pasta, all of them with extra cheese", PIZZERIA)
    assert item_counts(parsed) == {"Alfredo Pasta": 4}
    assert order_total(parsed.lines) == Decimal("144")


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابغى كبسة لحم وكبستين دجاج", MANDI, {"Lamb Kabsa": 1, "Chicken Kabsa": 2}),
        ("بدي كاسة كولد برو تنين لو سمحت", COFFEE, {"Cold Brew": 2}),
        ("ابي ٥ فطاير جبن و٥ زعتر", PIZZERIA, {"Cheese Fatayer": 5, "Zaatar Fatayer": 5}),
        ("عايز اجنحة دجاج حارة وبطاطس ودجز", PIZZERIA, {"Spicy Chicken Wings": 1, "Potato Wedges": 1}),
        ("abi pizza pepperoni w 7up", PIZZERIA, {"Pepperoni Pizza": 1, "7Up": 1}),
        ("a large family mixed pizza and 3 cokes", PIZZERIA, {"Family Mixed Pizza": 1, "Coca-Cola": 3}),
    ],
)
def test_quantities_duals_plurals_and_spellings_on_other_menus(text, menu, items) -> None:
    """Digits, Arabic-Indic digits, number words, duals and broken plurals count on any menu."""
    assert item_counts(parse_order(text, menu)) == items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("beef with pepper and onion and a pepsi", {"Beef with Pepper and Onion": 1, "Pepsi": 1}),
        (
            "2 chicken dumplings and beef with pepper and onion",
            {"Chicken Dumplings": 2, "Beef with Pepper and Onion": 1},
        ),
    ],
)
def test_a_conjunction_inside_a_menu_name_keeps_the_name_whole(text, items) -> None:
    assert_order(text, WOK, items)
    assert_order("sweet and sour chicken and miso soup", SUSHI, {"Sweet and Sour Chicken": 1, "Miso Soup": 1})


def test_and_still_separates_dishes_whose_names_have_no_and() -> None:
    assert_order("chicken dumplings and pepsi", WOK, {"Chicken Dumplings": 1, "Pepsi": 1})


# The labelled order sets of the other menus: the first three in five dialects, the shawarma and
# bakery sets with Gulf Arabic too.
FIVE_DIALECTS = {"ar-SA", "ar-EG", "ar-LV", "en", "arabizi"}
MENU_SETS = [
    pytest.param("coffee", FIVE_DIALECTS, id="coffee"),
    pytest.param("mandi", FIVE_DIALECTS, id="mandi"),
    pytest.param("pizzeria", FIVE_DIALECTS, id="pizzeria"),
    pytest.param("shawarma", FIVE_DIALECTS | {"ar-GULF"}, id="shawarma"),
    pytest.param("bakery", FIVE_DIALECTS | {"ar-GULF"}, id="bakery"),
    pytest.param("asian", FIVE_DIALECTS | {"ar-GULF"}, id="asian"),
    pytest.param("kunafa", FIVE_DIALECTS | {"ar-GULF"}, id="kunafa"),
]


@pytest.mark.parametrize(("name", "dialects"), MENU_SETS)
def test_other_menu_sets_are_large_and_well_formed(name: str, dialects: set[str], bench) -> None:
    """≥40 orders per menu in its dialects, expected items on the menu, totals from its prices."""
    menu = {e.name_en: e for e in bench.load_menu(name)}
    records = bench.menu_orders(name, "dev") + bench.menu_orders(name, "heldout")
    assert len(records) >= 40 and len({r["text"] for r in records}) == len(records)
    assert {r["dialect"] for r in records} == dialects
    for r in records:
        assert set(r["items"]) <= set(menu)
        assert Decimal(r["total"]) == sum((menu[n].price * q for n, q in r["items"].items()), Decimal(0))


@pytest.mark.parametrize("name", ["coffee", "mandi", "pizzeria", "shawarma", "bakery", "asian", "kunafa"])
def test_other_menu_dev_floor(name: str, bench) -> None:
    """On each other menu's dev orders at least 95% parse exactly (items, quantities, total, asks)."""
    hit, total = bench.menu_order_rate(name, "dev")
    assert hit / total >= 0.95


MANAKISH = load_menu("manakish")


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("عطونا منقوشة جبنة", {"Medium Cheese Manakish", "Large Cheese Manakish"}),
        ("3ayez man2ousha gebna", {"Medium Cheese Manakish", "Large Cheese Manakish"}),
    ],
)
def test_a_shared_name_asks_among_the_names_that_spell_it_side_by_side(text, candidates) -> None:
    """ "منقوشة جبنة" is a head two sizes share; "منقوشة نص زعتر نص جبنة" holds both words only
    apart, so it is not among the dishes asked about."""
    parsed = parse_order(text, MANAKISH)
    assert parsed.lines == []
    assert [{e.name_en for e in MANAKISH if e.key in a.candidates} for a in parsed.ambiguous] == [candidates]


@pytest.mark.parametrize(
    "text", ["بدي منقوشة نص زعتر ونص جبنة", "man2oushe nos za3tar w nos jebne", "منقوشة نص زعتر نص جبنة"]
)
def test_and_inside_a_name_said_in_two_parts_is_one_dish(text: str) -> None:
    """ "نص زعتر ونص جبنة": the second half adds the words of the same name the first part left
    out, so it is that one dish, not a second one."""
    assert_order(text, MANAKISH, {"Half Zaatar Half Cheese Manakish": 1})


def test_the_same_name_said_twice_is_two_dishes() -> None:
    """A second mention that adds no word of its own is one more of the dish."""
    assert_order("بدي منقوشة زعتر ومنقوشة زعتر", MANAKISH, {"Zaatar Manakish": 2})


def test_a_header_that_asks_is_broken_down_by_the_words_after_it() -> None:
    """ "تلات مناقيش: وحدة زعتر …": "زعتر" alone fits two names, but after the header "مناقيش" it
    and the header name the zaatar manakish; the header's three are the three named."""
    assert_order(
        "بدي تلات مناقيش: وحدة زعتر ووحدة كشك ووحدة لبنة وخضرة",
        MANAKISH,
        {"Zaatar Manakish": 1, "Kishk Manakish": 1, "Labneh and Veggies Manakish": 1},
    )


@pytest.mark.parametrize("text", ["ابي منقوشة حلوم وشاي", "bdi man2oushe halloumi w shay"])
def test_a_kind_of_a_shared_dish_the_menu_lacks_is_named_back_not_asked(text: str) -> None:
    """ "منقوشة حلوم": halloumi is food known elsewhere, not on this menu; it is named back and the
    customer is not asked which of seven manakish they meant."""
    parsed = parse_order(text, MANAKISH)
    assert parsed.ambiguous == [] and parsed.unknown


def test_a_borrowed_dish_said_in_two_halves_is_one_dish() -> None:
    """ "3 kishk … w wa7de labneh w khodra": the one that borrows the head ("labneh") and its second
    half ("w khodra") are one labneh-and-veggies manakish."""
    assert_order(
        "bade 3 man2oushe kishk w wa7de labneh w khodra",
        MANAKISH,
        {"Kishk Manakish": 3, "Labneh and Veggies Manakish": 1},
    )
