"""Order understanding on the round-2 menus (#13): a shawarma/grill place and a sweets shop.

Sizes and measures in any spelling, size splits under a loose header, corrections, changes
that name a menu item, measure phrases, broken plurals and Arabizi spellings of Arabic names.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_res.assistant import order_parser
from crm_res.assistant.order_parser import MenuEntry, parse_order
from crm_res.assistant.orders.arabizi import skeleton
from tests.assistant.menus import item_counts, load_menu

_menu = load_menu


SHAWARMA, BAKERY = _menu("shawarma"), _menu("bakery")


_items = item_counts


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("عايز شاورما فراخ كبيرة", {"Large Chicken Shawarma": 1}),
        ("ابا شاورما دياي عود", {"Large Chicken Shawarma": 1}),
        ("abi shawarma la7m kbeer", {"Large Beef Shawarma": 1}),
        ("هات ٢ شاورما لحم صغيرين", {"Small Beef Shawarma": 2}),
        ("بدي بطاطا كبيرة", {"Large Fries": 1}),
        ("عاوز طبق فلافل", {"Falafel Plate": 1}),
    ],
)
def test_size_and_measure_words_in_any_spelling_fit_the_menu_name(text, items) -> None:
    """ "كبيرة", "عود" (Gulf), "kbeer", "صغيرين" are the menu's "كبير"/"صغير"; "طبق" is "صحن"."""
    parsed = parse_order(text, SHAWARMA)
    assert _items(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_sizes_after_a_loose_header_borrow_the_whole_dish() -> None:
    """ "٣ شاورما دجاج، وحدة كبيرة وتنتين صغار" is one large and two small chicken shawarma."""
    parsed = parse_order("بدي ٣ شاورما دجاج، وحدة كبيرة وتنتين صغار", SHAWARMA)
    assert _items(parsed) == {"Large Chicken Shawarma": 1, "Small Chicken Shawarma": 2}
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
    assert _items(parsed) == items
    assert parsed.unknown == []


def test_change_words_take_the_whole_dish_name_after_them() -> None:
    """ "with extra garlic sauce" changes the dish; it orders no garlic sauce."""
    assert _items(parse_order("a mixed grill with extra garlic sauce", SHAWARMA)) == {"Mixed Grill": 1}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a kilo of baklava", {"Baklava Kilo": 1}),
        ("half a kilo of baklava", {"Baklava Half Kilo": 1}),
        ("2 quarter kilos of baklava", {"Baklava Quarter Kilo": 2}),
    ],
)
def test_measure_phrases_name_one_dish(text, items) -> None:
    """ "a kilo of baklava" is the kilo box; "of"/"a" join the measure and the dish."""
    parsed = parse_order(text, BAKERY)
    assert _items(parsed) == items
    assert parsed.ambiguous == []


def test_a_counts_own_number_opens_no_line() -> None:
    """ "شاورما دجاج كبير ٢ وحدة منهم بدون مخلل" is two lines of one each, not three."""
    parsed = parse_order("ابي شاورما دجاج كبير ٢ وحدة منهم بدون مخلل", SHAWARMA)
    assert sorted(line.quantity for line in parsed.lines) == [1, 1]
    assert {line.name_en for line in parsed.lines} == {"Large Chicken Shawarma"}


def test_broken_plural_and_singular_both_fit() -> None:
    """The menu says "مناقيش"; the customer writes "منقوشة" (and the other way round)."""
    assert _items(parse_order("بدي منقوشة زعتر", BAKERY)) == {"Zaatar Manakish": 1}
    assert parse_order("بدي منقوشة زعتر", BAKERY).unknown == []


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ana 3ayez kilo ba2lawa", {"Baklava Kilo": 1}),
        ("abi ka3k simsim 4", {"Sesame Kaak": 4}),
        ("bdi croissant zebde", {"Butter Croissant": 1}),
    ],
)
def test_arabizi_spelling_of_an_arabic_menu_word(text, items) -> None:
    """A Latin word whose consonants are those of one Arabic word of this menu names it."""
    assert _items(parse_order(text, BAKERY)) == items


def test_arabizi_skeleton_folds_what_latin_spelling_merges() -> None:
    """ق/ء/ك share a class, vowels drop out, a final taa marbuta is no consonant."""
    assert skeleton("baءlawa") == skeleton("بقلاوه")
    assert skeleton("simsim") == skeleton("سمسم")
    assert skeleton("kabseh") == skeleton("كبسه")
    assert skeleton("burger") != skeleton("بقلاوه")


def test_clear_caches_leaves_results_unchanged() -> None:
    """The caches are only speed: after emptying them the same order parses the same."""
    text = "ابي ٢ شاورما دجاج كبير وبيبسي"
    before = _items(parse_order(text, SHAWARMA))
    order_parser.clear_caches()
    assert _items(parse_order(text, SHAWARMA)) == before == {"Large Chicken Shawarma": 2, "Pepsi": 1}


@pytest.mark.parametrize("name", ["shawarma", "bakery"])
def test_round2_sets_are_large_and_well_formed(name: str, bench) -> None:
    """≥40 orders per menu in six dialects (Gulf too), items on the menu, totals from its prices."""
    menu = {e.name_en: e for e in bench.load_menu(name)}
    records = bench.menu_orders(name, "dev") + bench.menu_orders(name, "heldout")
    assert len(records) >= 40 and len({r["text"] for r in records}) == len(records)
    assert {r["dialect"] for r in records} == {"ar-SA", "ar-EG", "ar-LV", "ar-GULF", "en", "arabizi"}
    for r in records:
        assert set(r["items"]) <= set(menu)
        assert Decimal(r["total"]) == sum((menu[n].price * q for n, q in r["items"].items()), Decimal(0))


@pytest.mark.parametrize("name", ["shawarma", "bakery"])
def test_round2_dev_floor(name: str, bench) -> None:
    """On each round-2 menu's dev orders at least 95% parse exactly."""
    hit, total = bench.menu_order_rate(name, "dev")
    assert hit / total >= 0.95


def test_round2_dev_opt_outs_all_caught_and_none_false(bench) -> None:
    """Round-2 dev messages: every certain opt-out caught, no other message taken for one."""
    scores = bench.optout_scores(bench.menu_messages("dev", "messages2"))
    hit, total = scores["opt-out recall (certain)"]
    assert total >= 10 and hit == total
    assert scores["false opt-out on other messages"][0] == 0


def _other(name: str) -> list[MenuEntry]:
    return _menu(name)


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("ابي بيتزا عائلي مشكل", "pizzeria", {"Family Mixed Pizza": 1}),
        ("دلة قهوة سعودي صغيرة", "coffee", {"Small Saudi Coffee Dallah": 1}),
        ("one veg pizza", "pizzeria", {"Veggie Pizza": 1}),
        ("بدي بيتزا خضروات", "pizzeria", {"Veggie Pizza": 1}),
        ("بيتزا دجاج بي بي كيو", "pizzeria", {"BBQ Chicken Pizza": 1}),
    ],
)
def test_adjectives_in_either_gender_and_common_dish_word_spellings(text, menu, items) -> None:
    """ "مشكل" is the menu's "مشكلة", "سعودي" its "سعودية"; "veg"/"خضروات" and "بي بي كيو" fit."""
    parsed = parse_order(text, _other(menu))
    assert _items(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []
