"""Order arithmetic, defined once: a line is quantity × unit price, an order the sum of its lines.

Used by the parser's lines, the replies' summaries and the dialogue's draft (all carry a
`quantity` and a `unit_price`), so the total a customer reads is the total that is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol


class Priced(Protocol):
    @property
    def quantity(self) -> int: ...

    @property
    def unit_price(self) -> Decimal: ...


def line_total(line: Priced) -> Decimal:
    """Quantity times unit price."""
    return Decimal(line.quantity) * Decimal(line.unit_price)


def order_total(lines: Iterable[Priced]) -> Decimal:
    """Sum of the line totals."""
    return sum((line_total(line) for line in lines), Decimal(0))
