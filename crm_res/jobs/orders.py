"""Thin RQ jobs for orders."""

from __future__ import annotations

import uuid

from crm_res.db import session_scope
from crm_res.integrations.pos import get_adapter
from crm_res.models import Order


def forward_to_pos(order_id: str) -> str:
    """Send a confirmed order to the POS once (the POS id is stored; a rerun does nothing)."""
    with session_scope() as session:
        order = session.get(Order, uuid.UUID(order_id))
        if order is None or order.pos_order_id:
            return "skipped"
        order.pos_order_id = get_adapter().submit(
            {
                "number": order.number,
                "branch_id": str(order.branch_id),
                "items": order.items,
                "total": str(order.total_amount),
                "delivery_type": order.delivery_type.value,
                "delivery_address": order.delivery_address,
                "notes": order.special_instructions,
            }
        )
        session.add(order)
        return order.pos_order_id
