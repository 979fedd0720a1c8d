"""Characters Unicode calls digits that int() cannot read ("²", a Rumi numeral "𐹠", "①") are no
count and crash nothing: found by the property test of any text."""

from __future__ import annotations

import pytest

from crm_res.assistant.normalize import number_value
from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


@pytest.mark.parametrize("token", ["𐹠", "²", "①", "᧚"])
def test_a_digit_int_cannot_read_is_no_number(token):
    assert token.isdigit() and number_value(token) is None
    parse_order(f"{token} برجر", MENU)  # no exception


@pytest.mark.parametrize("token", ["3", "٣", "۳"])
def test_decimal_digits_of_any_script_still_count(token):
    assert number_value(token) == 3


def test_a_choice_answered_with_such_a_digit_is_asked_again(shop):
    shop.say("ابي شاورما")
    out = shop.say("²")
    assert out and not shop.orders()


def test_an_english_word_a_synonym_spells_is_a_dish_only_after_a_count():
    """Arabizi "mayy" (water) is written "may" once doubled letters are folded: "May I have a tea"
    orders a tea only; "w 2 mayy" is two waters."""
    from crm_res.assistant.order_parser import menu_entries, parse_order
    from crm_res.services.ops.demo_menu import DEMO_MENU

    menu = menu_entries(DEMO_MENU)
    assert [(x.name_en, x.quantity) for x in parse_order("May I have a tea please", menu).lines] == [
        ("Tea", 1)
    ]
    assert not parse_order("Yes dear. May God reward you", menu).lines
    assert [(x.name_en, x.quantity) for x in parse_order("kabsa w 2 mayy", menu).lines][-1] == ("Water", 2)
