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
