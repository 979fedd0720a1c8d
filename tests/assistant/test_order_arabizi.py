"""Arabizi (Arabic in Latin letters) read against the menu: the consonant skeleton, "bel"
compounds, short words beside a word of the same name, measure words and "th"."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from crm_res.assistant.orders.arabizi import latin_skeletons, skeleton
from tests.assistant.menus import assert_order, item_counts, load_menu

BAKERY = load_menu("bakery")
BURGER = load_menu("burger")
JUICE = load_menu("juice")
SEAFOOD = load_menu("seafood")
YEMENI = load_menu("yemeni")


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
    assert item_counts(parse_order(text, BAKERY)) == items


def test_arabizi_skeleton_folds_what_latin_spelling_merges() -> None:
    """ق/ء/ك share a class, vowels drop out, a final taa marbuta is no consonant."""
    assert skeleton("baءlawa") == skeleton("بقلاوه")
    assert skeleton("simsim") == skeleton("سمسم")
    assert skeleton("kabseh") == skeleton("كبسه")
    assert skeleton("burger") != skeleton("بقلاوه")


@pytest.mark.parametrize(
    ("menu", "text", "items"),
    [
        (BAKERY, "bdi basbousa bel ashta", {"Cream Basbousa": 1}),
        (BAKERY, "3ayez om ali w roz bel laban", {"Om Ali": 1, "Rice Pudding": 1}),
        (JUICE, "3ayez ashta bel 3asal w waffle bel 3asal", {"Cream with Honey": 1, "Honey Waffle": 1}),
        (SEAFOOD, "3ayez rubyan bel thoum", {"Garlic Shrimp": 1}),
        (JUICE, "3ayez salatet fawakeh kbeera", {"Large Fruit Salad": 1}),
    ],
)
def test_arabizi_bel_compounds_and_short_words_beside_their_name(menu, text, items) -> None:
    """ "bel ashta" is the menu's "بالقشطة" (ق said as a glottal stop), "laban" the Egyptian for
    the menu's "حليب", "fawakeh" (two consonants) a word of the name "salatet" starts."""
    parsed = parse_order(text, menu)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_a_short_arabizi_word_alone_names_nothing() -> None:
    """Without a word of the same name beside it, a two-consonant skeleton is not read."""
    parsed = parse_order("abi ashta", JUICE)
    assert item_counts(parsed) == {}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("abi 2 wagba burger la7am", {"Beef Burger Meal": 2}),
        ("abi wajbet burger dajaj w burger la7am dabal", {"Chicken Burger Meal": 1, "Double Beef Burger": 1}),
        ("3ayez sos 7ar w sos thoom", {"Hot Sauce": 1, "Garlic Sauce": 1}),
    ],
)
def test_arabizi_measure_words_double_and_sauce(text, items) -> None:
    """ "wagba"/"wajbet" are the menu's "وجبة", "dabal" its "دبل", "sos" its "صوص"."""
    parsed = parse_order(text, BURGER)
    assert item_counts(parsed) == items
    assert parsed.ambiguous == [] and parsed.unknown == []


def test_an_arabizi_measure_word_on_a_menu_without_it_is_still_a_measure() -> None:
    parsed = parse_order("abi 2 wagba shawarma dajaj kbeer", load_menu("shawarma"))
    assert item_counts(parsed) == {"Large Chicken Shawarma": 2}


@pytest.mark.parametrize(
    ("text", "menu", "items"),
    [
        ("bdi 3 kebbe mashwiye", "mashawi", {"Grilled Kibbeh": 3}),
        ("3ayez roz abyad w biryani djaj", "biryani", {"Plain Rice": 1, "Chicken Biryani": 1}),
        ("baddi salata khadra", "seafood", {"Green Salad": 1}),
        ("bade nos farrouj mashwe", "mashawi", {"Half Grilled Chicken": 1}),
        ("abi strips 3 2it3a", "burger", {"Strips 3 Pieces": 1}),
    ],
)
def test_arabizi_beside_a_word_of_the_same_name(text, menu, items) -> None:
    """A short Arabizi word is read against the words of the names beside it: a taa marbuta said
    as a vowel ("kebbe"), a silent final hamza ("khadra"), across the name's own number."""
    assert_order(text, load_menu(menu), items)


def test_a_final_hamza_after_alif_is_not_in_the_skeleton() -> None:
    assert skeleton("خضراء") == skeleton("khadra")


def test_arabizi_th_reads_as_either_arabic_letter() -> None:
    assert skeleton("حنيذ") in latin_skeletons("haneeth")
    assert len(latin_skeletons("haneeth")) == 2 and latin_skeletons("7aneen") == (skeleton("7aneen"),)
    assert_order("bdi 7aneeth la7m", YEMENI, {"Lamb Haneeth": 1})
    assert_order("abi mathbi djaj", YEMENI, {"Chicken Madhbi": 1})


def test_arabizi_wa7ad_counts_one() -> None:
    """ "wa7ad" / "wahad" (Levantine spellings of one) count the dish after them."""
    parsed = parse_order("bade wa7ad fattoush w wahad hummus", load_menu("shawarma"))
    assert item_counts(parsed) == {"Fattoush": 1, "Hummus": 1}
    assert parsed.unknown == []


def test_an_arabizi_3_before_a_menus_english_name() -> None:
    """ "3awameh" on a menu whose English name is "Awameh": the English drops the ع."""
    parsed = parse_order("baddi 3awameh w sa7lab", load_menu("kunafa"))
    assert item_counts(parsed) == {"Awameh": 1, "Hot Sahlab": 1}
    assert parsed.unknown == []
