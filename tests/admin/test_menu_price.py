"""Menu prices typed as people type them: a decimal comma or point in either digit style, thousands
commas, a currency word; and the bounds that catch a typo before it reaches a WhatsApp quote."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest

from crm_res.services.admin.menu import parse_price


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("12,5", "12.50"),
        ("12.5", "12.50"),
        ("١٢٫٥", "12.50"),
        ("١٢,٥", "12.50"),
        ("1,250", "1250"),
        ("1,250.50", "1250.50"),
        ("35 ر.س", "35"),
        ("35 SAR", "35"),
        ("٣٥ ريال", "35"),
    ],
)
def test_decimal_comma_and_point_read_as_people_mean_them(typed: str, price: str) -> None:
    """ "12,5" is twelve and a half riyals (not 125); "1,250" is a grouped thousand."""
    assert parse_price(typed) == Decimal(price)


@pytest.mark.parametrize(
    "typed", ["0", "0,00", "99999999", "10000.01", "-5", "abc", "12,345,6", "1.2.3", "12.505"]
)
def test_out_of_bounds_or_malformed_prices_are_refused(typed: str) -> None:
    """Zero, a runaway number, negatives and text are refused rather than saved."""
    with pytest.raises(InvalidOperation):
        parse_price(typed)
