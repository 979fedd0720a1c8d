"""A generated reply may only state the menu's own items and prices."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries
from crm_res.assistant.reply_guard import reply_problems
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


@pytest.mark.parametrize(
    "reply",
    [
        "البرجر بـ ٣٥ ريال 🙂",
        "The burger is SAR 35.00",
        "Two burgers come to 70 SAR",
        "برجر وبطاطس = 47 ريال",
        "• برجر: 35 ريال\n• بطاطس: 12 ريال",
        "نفتح من ١٢ الظهر إلى ١ بالليل",
        "الطلب يوصلك خلال ٣٠ دقيقة",
    ],
)
def test_true_prices_and_plain_numbers_pass(reply: str) -> None:
    """Menu prices (Arabic or Western digits), their multiples and totals, and non-price numbers pass."""
    assert reply_problems(reply, MENU) == []


@pytest.mark.parametrize(
    "reply",
    [
        "البرجر بـ ٣٠ ريال",  # wrong price
        "البرجر بـ 12 ريال",  # another item's price
        "عندنا بيتزا مارجريتا",  # an item the menu does not have
        "جرب السوشي عندنا",
        "Our burger is just SAR 29",
    ],
)
def test_invented_prices_and_items_are_caught(reply: str) -> None:
    """A price that is not the named item's, or a dish not on the menu, is a problem."""
    assert reply_problems(reply, MENU)
