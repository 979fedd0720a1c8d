"""The order total, computed in one place: the summary the customer reads, the stored order and the
dashboard's order lines all come from these two functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any


def line_total(unit_price: Decimal | str | int, quantity: int) -> Decimal:
    """Quantity times unit price (prices as Decimal or their stored string form)."""
    return Decimal(str(unit_price)) * int(quantity)


def order_total(lines: Iterable[Any]) -> Decimal:
    """Sum of quantity × unit price over the lines: parsed/summary lines (``unit_price``, ``quantity``)
    or stored order items (``{"price": ..., "quantity": ...}``)."""
    total = Decimal(0)
    for line in lines:
        if isinstance(line, Mapping):
            total += line_total(line["price"], line["quantity"])
        else:
            total += line_total(line.unit_price, line.quantity)
    return total
