"""Staff move an order along (pending → confirmed → preparing → ready → delivered) or cancel it.

Each change is checked (tenant, branch, allowed transition), recorded as an event, tells open
dashboards, and queues a WhatsApp update to the customer through the outbox. The caller commits
and then enqueues the returned send (`jobs.enqueue.enqueue_send`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from crm_res.assistant.replies import order_status_update
from crm_res.i18n import text
from crm_res.models import Conversation, Customer, Event, MessageSender, Order, OrderStatus, Restaurant
from crm_res.services.access import Viewer
from crm_res.services.errors import Conflict, NotFound
from crm_res.services.notifications import signal_change
from crm_res.services.outbox import Queued, queue_message, text_payload

NEXT_STATUS: dict[OrderStatus, OrderStatus] = {
    OrderStatus.pending: OrderStatus.confirmed,
    OrderStatus.confirmed: OrderStatus.preparing,
    OrderStatus.preparing: OrderStatus.ready,
    OrderStatus.ready: OrderStatus.delivered,
}
FINAL = (OrderStatus.delivered, OrderStatus.cancelled)


@dataclass
class StatusChange:
    order_id: uuid.UUID
    number: int
    old: str
    new: str
    queued: Queued | None  # the customer's notification (None when nothing could be queued)


def _order_for(session: Session, viewer: Viewer, order_id: uuid.UUID) -> Order:
    order = session.get(Order, order_id, with_for_update=True)
    if order is None or order.restaurant_id != viewer.restaurant_id:
        raise NotFound("order not found")
    if not viewer.can_see_branch(order.branch_id):
        raise NotFound("order not found")
    return order


def set_order_status(
    *, session: Session, viewer: Viewer, order_id: uuid.UUID, status: OrderStatus | str,
    expected: OrderStatus | str | None = None,
) -> StatusChange:  # fmt: skip
    """Move the order to `status` if that is its next step (or a cancellation of an open order).

    `expected` is the status the person saw: when someone else moved the order meanwhile, the
    click is refused (Conflict) instead of skipping a step.
    """
    new = OrderStatus(status)
    order = _order_for(session, viewer, order_id)
    old = order.status
    if expected is not None and OrderStatus(expected) != old:
        raise Conflict(f"order #{order.number} is already {old.value}")
    if old in FINAL:
        raise Conflict(f"order #{order.number} is {old.value} and cannot change")
    if new != OrderStatus.cancelled and NEXT_STATUS.get(old) != new:
        raise Conflict(f"order #{order.number} cannot go from {old.value} to {new.value}")
    now = datetime.now(UTC)
    order.status = new
    order.updated_at = now
    customer = session.get(Customer, order.customer_id)
    assert customer is not None
    if new == OrderStatus.delivered:
        order.delivered_at = now
        customer.lifetime_value += order.total_amount
        customer.last_interaction = max(customer.last_interaction or now, now)
        session.add(customer)
    session.add(order)
    session.add(Event(restaurant_id=viewer.restaurant_id, actor_user_id=viewer.user_id, actor="user",
                      kind="order.status_changed", subject_type="order", subject_id=str(order.id),
                      data={"from": old.value, "to": new.value}))  # fmt: skip
    queued = _notify_customer(session, viewer, order, customer)
    signal_change(session, viewer.restaurant_id, "order")
    return StatusChange(order.id, order.number, old.value, new.value, queued)


def advance_order(
    *, session: Session, viewer: Viewer, order_id: uuid.UUID, expected: OrderStatus | str | None = None
) -> StatusChange:
    """One step forward (pending → confirmed → preparing → ready → delivered)."""
    order = _order_for(session, viewer, order_id)
    nxt = NEXT_STATUS.get(order.status)
    if nxt is None:
        raise Conflict(f"order #{order.number} is {order.status.value} and cannot move on")
    return set_order_status(session=session, viewer=viewer, order_id=order_id, status=nxt, expected=expected)


def cancel_order(
    *, session: Session, viewer: Viewer, order_id: uuid.UUID, expected: OrderStatus | str | None = None
) -> StatusChange:
    return set_order_status(session=session, viewer=viewer, order_id=order_id, status=OrderStatus.cancelled,
                            expected=expected)  # fmt: skip


def _notify_customer(session: Session, viewer: Viewer, order: Order, customer: Customer) -> Queued | None:
    """Queue "your order is ready" etc. in the customer's language and the restaurant's voice."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    body = order_status_update(order.status.value, order_number=order.number,
                               language=customer.language_preference.value,
                               personality=restaurant.personality_type.value)  # fmt: skip
    conversation = session.get(Conversation, order.conversation_id) if order.conversation_id else None
    payload = text_payload(customer.wa_id, body)
    # Outside the 24-hour window the sender switches to the restaurant's order_status template.
    lang = "en" if customer.language_preference.value == "en" else "ar"
    payload["template_params"] = {"order_number": str(order.number), "status": text(f"os_{order.status.value}", lang),
                                  "customer_name": customer.name or ""}  # fmt: skip
    return queue_message(
        session=session, restaurant_id=viewer.restaurant_id, customer=customer,
        idempotency_key=f"order-status:{order.id}:{order.status.value}", kind="text",
        payload=payload, body_preview=body, purpose="order_status",
        sender=MessageSender.system, conversation=conversation, sent_by_user_id=viewer.user_id,
    )  # fmt: skip
