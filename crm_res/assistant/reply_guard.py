"""Check a generated (LLM) reply against the restaurant's own menu before it is sent.

Every price-like number (next to ريال / ر.س / SAR / ﷼, in Arabic-Indic or Western digits) must be
the price of the item named just before it (times its quantity, or the sum of those items),
or at least a menu price when no item precedes it, and every dish or drink word must name
something on the menu. Anything else is treated as invented: the caller sends the rule-based reply.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from crm_res.assistant.normalize import to_ascii_digits
from crm_res.assistant.order_parser import MenuEntry, foreign_food_words, parse_order

_NUM = r"(\d{1,6}(?:[.,٫]\d{1,2})?)"
_CURRENCY = r"(?:ريال|ريالات|رس|ر\.\s?س\.?|ر\s?س|sar|sr|riyals?|rials?|﷼)"
_PRICE = re.compile(r"(?:(?:sar|sr|﷼)\s*" + _NUM + r")|(?:" + _NUM + r"\s*" + _CURRENCY + r")", re.IGNORECASE)
_LINE_BREAK = re.compile(r"[\n•]")


def _amount(match: re.Match[str]) -> Decimal | None:
    raw = (match.group(1) or match.group(2)).replace(",", ".").replace("٫", ".")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _price_problems(reply: str, menu: Sequence[MenuEntry]) -> list[str]:
    """Each amount must be the price of what is named just before it (× its quantity, or their sum);
    an amount with no item before it must at least be a menu price."""
    plain = to_ascii_digits(reply)
    problems = []
    previous_end = 0
    for match in _PRICE.finditer(plain):
        amount = _amount(match)
        chunk = plain[previous_end : match.start()]
        previous_end = match.end()
        if amount is None:
            continue
        breaks = list(_LINE_BREAK.finditer(chunk))
        if breaks:  # only what is on the same line
            chunk = chunk[breaks[-1].end() :]
        lines = parse_order(chunk, menu).lines
        if lines:
            allowed = {line.unit_price * line.quantity for line in lines} | {
                line.unit_price for line in lines
            }
            allowed.add(sum((line.unit_price * line.quantity for line in lines), Decimal(0)))
        else:
            allowed = {Decimal(entry.price) for entry in menu}
        if amount not in allowed:
            problems.append(f"price {amount} does not match the menu")
    return problems


def reply_problems(reply: str, menu: Sequence[MenuEntry]) -> list[str]:
    """Why the reply may not be sent as it is (empty: it only states the menu's own facts)."""
    problems = _price_problems(reply, menu)
    problems += [f"item {word!r} is not on the menu" for word in foreign_food_words(reply, menu)]
    return problems
