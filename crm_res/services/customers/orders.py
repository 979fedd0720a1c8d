"""Staff move an order along (pending → confirmed → preparing → ready → delivered) or cancel it.

Each change is checked (tenant, branch, allowed transition), recorded as an event, tells open
dashboards, and queues a WhatsApp update to the customer through the outbox. The caller commits
and then enqueues the returned send (`jobs.enqueue.enqueue_send`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from crm_res.assistant.replies import order_status_update, order_status_word
from crm_res.assistant.totals import line_total
from crm_res.models import (
    Branch,
    Conversation,
    Customer,
    MessageSender,
    Order,
    OrderStatus,
    Restaurant,
)
from crm_res.models.customer import shown_contact
from crm_res.services.access import EVERY_ROLE, Viewer, allowed_roles
from crm_res.services.changes import audit_entry, changes
from crm_res.services.errors import Conflict, InvalidInput, NotFound
from crm_res.services.followups import FollowUp, Requested
from crm_res.services.ids import parse_id
from crm_res.services.lists import PAGE_SIZE, visible_branch
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.services.notifications import signal_change
from crm_res.services.outbox.outbox import Queued, queue_message, text_payload

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
    # after commit: a scheduled order confirmed by staff goes to the POS (the assistant forwards
    # only the orders it confirms itself)
    jobs: list[Requested] = field(default_factory=list)


def _status(value: str) -> OrderStatus:
    try:
        return OrderStatus(value)
    except ValueError:
        raise InvalidInput("not a valid order status", code="invalid") from None


def _order_for(session: Session, viewer: Viewer, order_id: uuid.UUID) -> Order:
    order = session.get(Order, parse_id(order_id, "order"), with_for_update=True)
    if order is None or order.restaurant_id != viewer.restaurant_id:
        raise NotFound("order not found")
    if not viewer.can_see_branch(order.branch_id):
        raise NotFound("order not found")
    return order


@allowed_roles(*EVERY_ROLE, action="change an order")
def set_order_status(
    *,
    session: Session,
    viewer: Viewer,
    order_id: uuid.UUID,
    status: OrderStatus | str,
    expected: OrderStatus | str | None = None,
    reason: str = "",
) -> StatusChange:
    """Move the order to `status` if that is its next step (or a cancellation of an open order).

    `expected` is the status the person saw: when someone else moved the order meanwhile, the
    click is refused (Conflict) instead of skipping a step.
    """
    new = _status(status)
    order = _order_for(session, viewer, order_id)
    old = order.status
    if expected is not None and _status(expected) != old:
        raise Conflict(f"order #{order.number} is already {old.value}", code="order_changed")
    if old in FINAL:
        raise Conflict(f"order #{order.number} is {old.value} and cannot change", code="order_changed")
    if new != OrderStatus.cancelled and NEXT_STATUS.get(old) != new:
        raise Conflict(
            f"order #{order.number} cannot go from {old.value} to {new.value}", code="order_changed"
        )
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
    session.add(
        audit_entry(
            viewer,
            "order.status_changed",
            "order",
            str(order.id),
            {
                "number": order.number,
                "from": old.value,
                "to": new.value,
                **({"reason": reason[:500]} if reason else {}),
                **changes({"status": old.value}, {"status": new.value}),
            },
        )
    )
    queued = _notify_customer(session, viewer, order, customer)
    signal_change(session, viewer.restaurant_id, "order")
    forward = new == OrderStatus.confirmed and not order.pos_order_id
    jobs: list[Requested] = [(FollowUp.forward_to_pos, (str(order.id),))] if forward else []
    return StatusChange(order.id, order.number, old.value, new.value, queued, jobs)


@allowed_roles(*EVERY_ROLE, action="advance an order")
def advance_order(
    *, session: Session, viewer: Viewer, order_id: uuid.UUID, expected: OrderStatus | str | None = None
) -> StatusChange:
    """One step forward (pending → confirmed → preparing → ready → delivered)."""
    order = _order_for(session, viewer, order_id)
    nxt = NEXT_STATUS.get(order.status)
    if nxt is None:
        raise Conflict(
            f"order #{order.number} is {order.status.value} and cannot move on", code="order_changed"
        )
    return set_order_status(session=session, viewer=viewer, order_id=order_id, status=nxt, expected=expected)


@allowed_roles(*EVERY_ROLE, action="cancel an order")
def cancel_order(
    *,
    session: Session,
    viewer: Viewer,
    order_id: uuid.UUID,
    expected: OrderStatus | str | None = None,
    reason: str = "",
) -> StatusChange:
    """Cancel an open order; the person's reason is kept on the status-change event."""
    return set_order_status(
        session=session,
        viewer=viewer,
        order_id=order_id,
        status=OrderStatus.cancelled,
        expected=expected,
        reason=reason.strip(),
    )


def _notify_customer(session: Session, viewer: Viewer, order: Order, customer: Customer) -> Queued | None:
    """Queue "your order is ready" etc. in the customer's language and the restaurant's voice."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    body = order_status_update(
        order.status.value,
        order_number=order.number,
        language=customer.language_preference.value,
        personality=restaurant.personality_type.value,
        delivery_type=order.delivery_type.value,
    )
    conversation = session.get(Conversation, order.conversation_id) if order.conversation_id else None
    payload = text_payload(customer.wa_id, body)
    # Outside the 24-hour window the sender switches to the restaurant's order_status template.
    status_word = order_status_word(order.status.value, language=customer.language_preference.value)
    payload["template_params"] = {
        "order_number": str(order.number),
        "status": status_word,
        "customer_name": customer.name or "",
    }
    return queue_message(
        session=session,
        restaurant_id=viewer.restaurant_id,
        customer=customer,
        idempotency_key=f"order-status:{order.id}:{order.status.value}",
        kind="text",
        payload=payload,
        body_preview=body,
        purpose="order_status",
        sender=MessageSender.system,
        conversation=conversation,
        sent_by_user_id=viewer.user_id,
    )


# --- reads (from the former listing module)


def _items_text(items: list[dict[str, Any]], key: str) -> str:
    return ", ".join(f"{i.get(key) or i.get('name_ar', '')} ×{i.get('quantity', 1)}" for i in items)


def _order_row(
    o: Order,
    name: str | None,
    wa_id: str,
    b_ar: str,
    b_en: str,
    tz: ZoneInfo,
    now: datetime,
    username: str | None = None,
) -> dict[str, Any]:
    contact = shown_contact(wa_id, username)
    return {
        "id": str(o.id),
        "number": o.number,
        "status": o.status.value,
        "customer_name": name or contact,
        "wa_id": wa_id,
        "contact": contact,
        "branch_ar": b_ar,
        "branch_en": b_en,
        "total": f"{o.total_amount:.2f}",
        "items": _items_text(o.items, "name_ar"),
        "items_en": _items_text(o.items, "name_en"),
        "delivery_type": o.delivery_type.value,
        "created_at": o.created_at.isoformat(),
        "at_label": time_label(o.created_at, tz, now),
        # a scheduled order (the branch was closed): when it is for, not how old it is
        "scheduled_label": time_label(o.scheduled_time, tz, now),
        "age_minutes": max(0, int((now - o.created_at).total_seconds() // 60)),
        "age_hours": max(0, int((now - o.created_at).total_seconds() // 3600)),
        "conversation_id": str(o.conversation_id or ""),
    }


def _orders_query(viewer: Viewer):
    return (
        select(Order, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en, Customer.username)  # type: ignore[call-overload]  # SQLModel's select() is typed for at most 4 columns
        .join(Customer, Customer.id == Order.customer_id)
        .join(Branch, Branch.id == Order.branch_id)
        .where(col(Order.restaurant_id) == viewer.restaurant_id, viewer.branch_filter(col(Order.branch_id)))
    )


def list_orders(
    *,
    session: Session,
    viewer: Viewer,
    status: str | None = None,
    branch_id: str | uuid.UUID | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> list[dict[str, Any]]:
    query = _orders_query(viewer)
    if status:
        query = query.where(Order.status == status)
    if (branch := visible_branch(session, viewer, branch_id)) is not None:
        query = query.where(Order.branch_id == branch)
    query = query.order_by(col(Order.created_at).desc()).offset(page * page_size).limit(page_size)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [
        _order_row(o, name, wa_id, b_ar, b_en, tz, now, username)
        for o, name, wa_id, b_ar, b_en, username in session.exec(query).all()
    ]


BOARD_STATUSES = ("pending", "confirmed", "preparing", "ready", "delivered", "cancelled")


# Finished orders pile up; the board shows only the latest of them.
FINISHED_SHOWN = 10


ACTIVE_SHOWN = 100


FULL_COLUMN_SHOWN = 500  # "see all" on a finished column: this many, and the count says if there are more


def orders_board(
    *,
    session: Session,
    viewer: Viewer,
    branch_id: str | uuid.UUID | None = None,
    show_all: tuple[str, ...] = (),
) -> dict[str, list[dict[str, Any]]]:
    """Orders by status column, oldest first for work in progress, newest first for finished ones.

    Finished columns hold the latest FINISHED_SHOWN unless listed in `show_all`; `board_totals`
    gives each column's full count so the page can say "showing 10 of 18"."""
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    branch = visible_branch(session, viewer, branch_id)
    board: dict[str, list[dict[str, Any]]] = {}
    for status in BOARD_STATUSES:
        finished = status in ("delivered", "cancelled")
        query = _orders_query(viewer).where(Order.status == status)
        if branch is not None:
            query = query.where(Order.branch_id == branch)
        # Work in progress: the most recent ACTIVE_SHOWN (an abandoned backlog must not flood the page).
        limit = (FULL_COLUMN_SHOWN if status in show_all else FINISHED_SHOWN) if finished else ACTIVE_SHOWN
        query = query.order_by(col(Order.created_at).desc()).limit(limit)
        rows = [_order_row(o, n, w, a, e, tz, now, u) for o, n, w, a, e, u in session.exec(query).all()]
        board[status] = rows if finished else rows[::-1]
    return board


def board_totals(
    *, session: Session, viewer: Viewer, branch_id: str | uuid.UUID | None = None
) -> dict[str, int]:
    """How many orders each board column has in all (the columns show only the latest)."""
    # The same rows as the columns (_orders_query's joins), counted.
    query = (
        select(Order.status, func.count())
        .join(Customer, col(Customer.id) == Order.customer_id)
        .join(Branch, col(Branch.id) == Order.branch_id)
        .where(col(Order.restaurant_id) == viewer.restaurant_id, viewer.branch_filter(col(Order.branch_id)))
        .group_by(col(Order.status))
    )
    if (branch := visible_branch(session, viewer, branch_id)) is not None:
        query = query.where(Order.branch_id == branch)
    counts = {getattr(k, "value", k): int(v) for k, v in session.exec(query).all()}
    return {status: counts.get(status, 0) for status in BOARD_STATUSES}


def orders_created_since(board: Mapping[str, Sequence[Mapping[str, Any]]], since: datetime) -> list[str]:
    """Ids of the board's orders created after `since` (the page's load time), newest first.

    Not "ids not on the previous board": an older order that slides into a column capped at
    ACTIVE_SHOWN (because another one moved on) is not new and must not chime.
    """
    rows = [o for column in board.values() for o in column if datetime.fromisoformat(o["created_at"]) > since]
    return [o["id"] for o in sorted(rows, key=lambda o: o["created_at"], reverse=True)]


def order_detail(*, session: Session, viewer: Viewer, order_id: uuid.UUID) -> dict[str, Any]:
    order = session.get(Order, parse_id(order_id, "order"))
    if order is None or order.restaurant_id != viewer.restaurant_id:
        raise NotFound("order not found")
    if not viewer.can_see_branch(order.branch_id):
        raise NotFound("order not found")
    customer = session.get(Customer, order.customer_id)
    branch = session.get(Branch, order.branch_id)
    assert customer is not None and branch is not None
    tz = restaurant_tz(session, viewer.restaurant_id)
    row = _order_row(
        order,
        customer.name,
        customer.wa_id,
        branch.name_ar,
        branch.name_en,
        tz,
        datetime.now(UTC),
        customer.username,
    )
    row["lines"] = [
        {
            "name_ar": i.get("name_ar", ""),
            "name_en": i.get("name_en", ""),
            "quantity": int(i.get("quantity", 1)),
            "price": f"{float(i.get('price', 0)):.2f}",
            "line_total": f"{line_total(i.get('price', 0), i.get('quantity', 1)):.2f}",
            "notes": ", ".join(str(m) for m in i.get("modifications") or []),
        }
        for i in order.items
    ]
    row["instructions"] = order.special_instructions or ""
    row["address"] = order.delivery_address or ""
    row["pos_order_id"] = order.pos_order_id or ""
    return row
