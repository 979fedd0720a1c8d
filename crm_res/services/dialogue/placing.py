"""Placing a confirmed order: the order row, its number and total, the staff's event and notice.

The conversation (ordering.py) decides *that* an order is placed, after an explicit yes to the final
summary; this module is what placing writes, in the caller's transaction. A branch that is closed now
only gets a scheduled (pending) order, never a "confirmed" one.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from crm_res.models import Branch, DeliveryType, Order, OrderStatus
from crm_res.services.changes import event_entry
from crm_res.services.dialogue import data
from crm_res.services.dialogue.context import InboundContext
from crm_res.services.dialogue.states import Draft
from crm_res.services.notifications import notify_staff


def place_order(
    session: Session,
    ctx: InboundContext,
    draft: Draft,
    branch: Branch,
    when: datetime | None,
    *,
    ready_at: datetime | None = None,
) -> Order:
    """Write the draft as order #N of the restaurant, flushed: scheduled (pending) for `when` when the
    branch is closed; for the time the customer asked (`ready_at`, still confirmed) otherwise."""
    total = draft.total()
    number = data.next_order_number(session, ctx.restaurant.id)
    delivering = draft.delivery_type == "delivery"
    order = Order(
        restaurant_id=ctx.restaurant.id,
        number=number,
        conversation_id=ctx.conversation.id,
        customer_id=ctx.customer.id,
        branch_id=branch.id,
        items=[line.as_item() for line in draft.lines],
        total_amount=total,
        status=OrderStatus.pending if when else OrderStatus.confirmed,
        delivery_type=DeliveryType(draft.delivery_type or "pickup"),
        scheduled_time=when or ready_at,
        special_instructions="\n".join(draft.notes) or None,
        delivery_address=draft.address if delivering and draft.address else None,
    )
    session.add(order)
    session.flush()
    ctx.conversation.branch_id = branch.id
    session.add(
        event_entry(
            ctx.restaurant.id,
            "customer",
            "order.placed",
            ("order", order.id),
            number=number,
            total=str(total),
            scheduled=bool(when),
            delivery_type=str(order.delivery_type),
        )
    )
    notify_staff(
        session=session,
        restaurant_id=ctx.restaurant.id,
        kind="new_order",
        title=f"طلب مجدول #{number}"
        if when
        else f"طلب جديد #{number}" + (" (بوقت محدد)" if ready_at else ""),
        body=f"{total} SAR",
        link="/orders",
        branch_id=branch.id,
    )
    return order
