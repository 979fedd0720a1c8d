"""A cart sent from the WhatsApp catalog (an `order` message) read as a parsed order: each
product retailer id matched to the menu item carrying it, at the menu's price."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from crm_res.assistant.order_parser import ParsedOrder
from crm_res.models import MenuItem
from crm_res.services.dialogue.data import entry, order_line


def cart_order(product_items: Iterable[Mapping[str, Any]], menu: list[MenuItem]) -> ParsedOrder:
    """Lines for the items the menu knows; unknown retailer ids and unavailable items listed apart."""
    by_retailer = {m.retailer_id: m for m in menu if m.retailer_id}
    parsed = ParsedOrder(lines=[])
    for item in product_items:
        retailer_id = str(item.get("product_retailer_id") or "")
        item_row = by_retailer.get(retailer_id)
        try:
            quantity = max(1, int(item.get("quantity") or 1))
        except (TypeError, ValueError):
            quantity = 1
        if item_row is None:
            parsed.unknown.append(retailer_id)
        elif not item_row.available:
            parsed.unavailable.append(entry(item_row))
        else:
            parsed.lines.append(order_line(item_row, quantity))
    return parsed
