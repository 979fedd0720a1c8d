"""Server-side paginated lists and detail views for the dashboard, always scoped to the viewer.

Every function returns plain dicts of JSON-friendly values (the Reflex state keeps no ORM object).
Times are labelled in the restaurant's timezone.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_res.assistant.normalize import to_ascii_digits
from crm_res.models import (
    Branch,
    Conversation,
    ConversationStatus,
    Customer,
    Feedback,
    Message,
    Notification,
    Order,
    Restaurant,
    User,
)
from crm_res.services.access import Viewer
from crm_res.services.errors import NotFound
from crm_res.services.notifications import muted_kinds

PAGE_SIZE = 25
WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window after the last inbound message
MEDIA_TYPES = ("image", "audio", "video", "document", "sticker")


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def normalize_wa_id(raw: str) -> str:
    """Digits only, international form without "+" (Arabic-Indic digits accepted)."""
    return re.sub(r"[\s\-()+]", "", to_ascii_digits(raw))


def customer_search(term: str, name_column: Any, wa_id_column: Any) -> Any:
    """WHERE clause for a search box: the name or number contains the term; a typed phone number
    ("+966 50…", Arabic-Indic digits) also matches its stored digits-only form."""
    pattern = f"%{_escape_like(term)}%"
    conds = [col(name_column).ilike(pattern), col(wa_id_column).ilike(pattern)]
    digits = normalize_wa_id(term)
    if digits.isdigit() and digits != term:
        conds.append(col(wa_id_column).ilike(f"%{digits}%"))
    return or_(*conds)


def restaurant_tz(session: Session, restaurant_id: uuid.UUID) -> ZoneInfo:
    restaurant = session.get(Restaurant, restaurant_id)
    return ZoneInfo(restaurant.timezone if restaurant else "Asia/Riyadh")


def time_label(at: datetime | None, tz: ZoneInfo, now: datetime | None = None) -> str:
    """ "14:05" for today (restaurant time), "2026-11-20 14:05" otherwise; "" for no time."""
    if at is None:
        return ""
    local = at.astimezone(tz)
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


def _uuid_or_none(value: str | uuid.UUID | None) -> uuid.UUID | None:
    if not value:
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- conversations


def list_conversations(
    *, session: Session, viewer: Viewer, search: str = "", status: str | None = None,
    type: str | None = None, branch_id: str | uuid.UUID | None = None, handler: str | None = None,
    mine: bool = False, unread_only: bool = False, page: int = 0, page_size: int = PAGE_SIZE,
) -> list[dict[str, Any]]:  # fmt: skip
    """The inbox: newest activity first. `status` may also be "open" (active or escalated)."""
    assignee = aliased(User)
    query = (
        select(
            Conversation.id,
            Conversation.status,
            Conversation.type,
            Conversation.handled_by,
            Conversation.unread_count,
            Conversation.last_message_preview,
            Conversation.last_message_at,
            Customer.name,
            Customer.wa_id,
            Branch.name_ar,
            Branch.name_en,
            assignee.full_name,
            assignee.email,
        )  # fmt: skip
        .join(Customer, Customer.id == Conversation.customer_id)
        .outerjoin(Branch, Branch.id == Conversation.branch_id)
        .outerjoin(assignee, assignee.id == Conversation.assigned_user_id)
        .where(Conversation.restaurant_id == viewer.restaurant_id)
        .where(viewer.branch_filter(Conversation.branch_id))
    )
    if status == "open":
        query = query.where(
            col(Conversation.status).in_([ConversationStatus.active, ConversationStatus.escalated])
        )
    elif status:
        query = query.where(Conversation.status == status)
    if type:
        query = query.where(Conversation.type == type)
    if (branch := _uuid_or_none(branch_id)) is not None:
        query = query.where(Conversation.branch_id == branch)
    if handler:
        query = query.where(Conversation.handled_by == handler)
    if mine:
        query = query.where(Conversation.assigned_user_id == viewer.user_id)
    if unread_only:
        query = query.where(Conversation.unread_count > 0)
    if search.strip():
        query = query.where(customer_search(search.strip(), Customer.name, Customer.wa_id))
    query = query.order_by(col(Conversation.last_message_at).desc()).offset(page * page_size).limit(page_size)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [
        {
            "id": str(cid), "customer_name": name or wa_id, "wa_id": wa_id,
            "status": st.value, "type": ty.value, "handled_by": hb.value,
            "branch_ar": b_ar or "", "branch_en": b_en or "", "unread": unread,
            "preview": preview or "", "last_at": last_at.isoformat(),
            "last_label": time_label(last_at, tz, now), "assigned": a_name or a_email or "",
        }
        for cid, st, ty, hb, unread, preview, last_at, name, wa_id, b_ar, b_en, a_name, a_email
        in session.exec(query).all()
    ]  # fmt: skip


def inbox_counts(*, session: Session, viewer: Viewer) -> dict[str, int]:
    """Badges for the navigation: conversations with unread messages, open escalations, and the
    viewer's unread notifications."""
    scope = (Conversation.restaurant_id == viewer.restaurant_id, viewer.branch_filter(Conversation.branch_id))
    unread = session.exec(
        select(func.count()).select_from(Conversation).where(*scope, Conversation.unread_count > 0)
    ).one()
    escalated = session.exec(
        select(func.count()).select_from(Conversation)
        .where(*scope, Conversation.status == ConversationStatus.escalated)
    ).one()  # fmt: skip
    notes = session.exec(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == viewer.user_id, col(Notification.read_at).is_(None),
               *_wanted_kinds(session, viewer))
    ).one()  # fmt: skip
    return {"unread": int(unread), "escalated": int(escalated), "notifications": int(notes)}


def get_conversation(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """The conversation if the viewer may see it; NotFound otherwise (never a hint it exists)."""
    conv = session.get(Conversation, conversation_id)
    if conv is None or conv.restaurant_id != viewer.restaurant_id:
        raise NotFound("conversation not found")
    if not viewer.can_see_branch(conv.branch_id):
        raise NotFound("conversation not found")
    return conv


def _media_kind(kind: str) -> str:
    return kind if kind in MEDIA_TYPES else ""


def conversation_messages(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, limit: int | None = 50,
    before_id: int | None = None, from_id: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The newest `limit` messages of a conversation, oldest first.

    Keyset paging by message id (ids grow with arrival): `before_id` gives the page just older than
    a loaded message, `from_id` everything from a loaded message on (a live refresh of what is on
    screen plus what arrived), so any length of thread can be paged without OFFSET."""
    get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    author = aliased(User)
    query = (
        select(
            Message.id,
            Message.sender,
            Message.direction,
            Message.type,
            Message.body,
            Message.status,
            Message.error_code,
            Message.error_title,
            Message.created_at,
            Message.payload["latitude"].astext,
            Message.payload["longitude"].astext,
            Message.payload["caption"].astext,
            author.full_name,
            Message.media_path,
            Message.payload["filename"].astext,
        )  # fmt: skip
        .outerjoin(author, author.id == Message.sent_by_user_id)
        .where(Message.conversation_id == conversation_id, Message.restaurant_id == viewer.restaurant_id)
    )
    if before_id:
        query = query.where(col(Message.id) < before_id)
    if from_id:
        query = query.where(col(Message.id) >= from_id)
    query = query.order_by(col(Message.id).desc())
    rows = session.exec(query.limit(limit) if limit else query).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    out = []
    for (mid, sender, direction, kind, body, status, err_code, err_title, at, lat, lng, caption, who, media_path,
         filename) in reversed(rows):  # fmt: skip
        media = _media_kind(kind)
        is_note = direction.value == "internal"
        out.append({
            "id": mid, "sender": sender.value, "direction": direction.value, "type": kind,
            "kind": "note" if is_note else sender.value, "body": body or caption or "",
            "status": status.value, "error": (err_title or (f"error {err_code}" if err_code else "")),
            "at": at.isoformat(), "at_label": time_label(at, tz, now), "media": media,
            # Served by webhook.py's /media route once the worker has fetched the file.
            "media_url": f"/media/{mid}" if media and media_path else "",
            "filename": (filename or "") if media == "document" else "",
            "map_url": f"https://maps.google.com/?q={lat},{lng}" if lat and lng else "",
            "author": who or "",
        })  # fmt: skip
    return out


def thread_page(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, limit: int = 50,
    before_id: int | None = None, from_id: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A page of the thread for the dashboard, keyset-paged by message id: the newest `limit`
    messages; with `before_id` the `limit` just older than that message; with `from_id` every
    message from that one on. `has_older` says whether anything older than the page exists."""
    if from_id and not before_id:
        messages = conversation_messages(session=session, viewer=viewer, conversation_id=conversation_id,
                                         limit=None, from_id=from_id)  # fmt: skip
        more = bool(messages) and has_older_messages(session=session, viewer=viewer,
                                                     conversation_id=conversation_id, before_id=messages[0]["id"])  # fmt: skip
        return {"messages": messages, "has_older": more}
    messages = conversation_messages(session=session, viewer=viewer, conversation_id=conversation_id,
                                     limit=limit + 1, before_id=before_id)  # fmt: skip
    more = len(messages) > limit
    return {"messages": messages[1:] if more else messages, "has_older": more}


def has_older_messages(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, before_id: int
) -> bool:
    """Whether the conversation has a message older than `before_id` (for the "load older" button)."""
    return session.exec(
        select(Message.id).where(Message.conversation_id == conversation_id,
                                 Message.restaurant_id == viewer.restaurant_id, col(Message.id) < before_id).limit(1)
    ).first() is not None  # fmt: skip


def conversation_detail(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, now: datetime | None = None
) -> dict[str, Any]:
    """The thread's header and the customer side panel: profile, 24-hour window, recent orders and
    feedback (of the viewer's branches)."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    customer = session.get(Customer, conv.customer_id)
    assert customer is not None
    now = now or datetime.now(UTC)
    tz = restaurant_tz(session, viewer.restaurant_id)
    branch = session.get(Branch, conv.branch_id) if conv.branch_id else None
    assignee = session.get(User, conv.assigned_user_id) if conv.assigned_user_id else None
    window_left = 0
    if customer.last_inbound_at is not None:
        window_left = max(0, int((customer.last_inbound_at + WINDOW - now).total_seconds()))
    orders = session.exec(
        select(Order.id, Order.number, Order.status, Order.total_amount, Order.created_at)
        .where(Order.restaurant_id == viewer.restaurant_id, Order.customer_id == customer.id,
               viewer.branch_filter(Order.branch_id))
        .order_by(col(Order.created_at).desc()).limit(5)
    ).all()  # fmt: skip
    feedback = session.exec(
        select(Feedback.rating, Feedback.sentiment, Feedback.comment, Feedback.created_at)
        .where(Feedback.restaurant_id == viewer.restaurant_id, Feedback.customer_id == customer.id,
               viewer.branch_filter(Feedback.branch_id))
        .order_by(col(Feedback.created_at).desc()).limit(5)
    ).all()  # fmt: skip
    return {
        "id": str(conv.id), "status": conv.status.value, "type": conv.type.value,
        "handled_by": conv.handled_by.value, "assigned_id": str(conv.assigned_user_id or ""),
        "assigned": (assignee.full_name or assignee.email) if assignee else "",
        "branch_ar": branch.name_ar if branch else "", "branch_en": branch.name_en if branch else "",
        "window_seconds": window_left,
        "window_label": f"{window_left // 3600}:{window_left % 3600 // 60:02d}" if window_left else "",
        "customer": {
            "id": str(customer.id), "name": customer.name or customer.wa_id, "wa_id": customer.wa_id,
            "language": customer.language_preference.value, "tags": list(customer.tags),
            "lifetime_value": f"{customer.lifetime_value:.2f}", "opted_out": customer.opted_out,
            "since": customer.created_at.astimezone(tz).strftime("%Y-%m-%d"),
        },
        "orders": [
            {"id": str(oid), "number": num, "status": st.value, "total": f"{total:.2f}",
             "at_label": time_label(at, tz, now)}
            for oid, num, st, total, at in orders
        ],
        "feedback": [
            {"rating": rating or 0, "sentiment": se.value if se else "neutral", "comment": comment or "",
             "at_label": time_label(at, tz, now)}
            for rating, se, comment, at in feedback
        ],
    }  # fmt: skip


def list_team(*, session: Session, viewer: Viewer) -> list[dict[str, str]]:
    """Active teammates of the viewer's restaurant (for assignment)."""
    users = session.exec(
        select(User).where(User.restaurant_id == viewer.restaurant_id, User.is_active).order_by(User.email)
    ).all()
    return [{"id": str(u.id), "name": u.full_name or u.email, "role": u.role.value} for u in users]


def list_branch_options(*, session: Session, viewer: Viewer) -> list[dict[str, str]]:
    """The branches the viewer may see (for filters)."""
    query = select(Branch).where(
        Branch.restaurant_id == viewer.restaurant_id, col(Branch.deleted_at).is_(None)
    )
    if not viewer.sees_all_branches:
        query = query.where(col(Branch.id).in_(viewer.branch_ids))
    return [{"id": str(b.id), "name_ar": b.name_ar, "name_en": b.name_en}
            for b in session.exec(query.order_by(Branch.created_at)).all()]  # fmt: skip


# --------------------------------------------------------------------------- orders


def _items_text(items: list[dict[str, Any]], key: str) -> str:
    return ", ".join(f"{i.get(key) or i.get('name_ar', '')} ×{i.get('quantity', 1)}" for i in items)


def _order_row(o: Order, name: str | None, wa_id: str, b_ar: str, b_en: str, tz: ZoneInfo,
               now: datetime) -> dict[str, Any]:  # fmt: skip
    return {
        "id": str(o.id), "number": o.number, "status": o.status.value,
        "customer_name": name or wa_id, "wa_id": wa_id, "branch_ar": b_ar, "branch_en": b_en,
        "total": f"{o.total_amount:.2f}", "items": _items_text(o.items, "name_ar"),
        "items_en": _items_text(o.items, "name_en"), "delivery_type": o.delivery_type.value,
        "created_at": o.created_at.isoformat(), "at_label": time_label(o.created_at, tz, now),
        "age_minutes": max(0, int((now - o.created_at).total_seconds() // 60)),
        "age_hours": max(0, int((now - o.created_at).total_seconds() // 3600)),
        "conversation_id": str(o.conversation_id or ""),
    }  # fmt: skip


def _orders_query(viewer: Viewer):  # type: ignore[no-untyped-def]
    return (
        select(Order, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en)
        .join(Customer, Customer.id == Order.customer_id)
        .join(Branch, Branch.id == Order.branch_id)
        .where(Order.restaurant_id == viewer.restaurant_id, viewer.branch_filter(Order.branch_id))
    )


def list_orders(
    *, session: Session, viewer: Viewer, status: str | None = None, branch_id: str | uuid.UUID | None = None,
    page: int = 0, page_size: int = PAGE_SIZE,
) -> list[dict[str, Any]]:  # fmt: skip
    query = _orders_query(viewer)
    if status:
        query = query.where(Order.status == status)
    if (branch := _uuid_or_none(branch_id)) is not None:
        query = query.where(Order.branch_id == branch)
    query = query.order_by(col(Order.created_at).desc()).offset(page * page_size).limit(page_size)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [
        _order_row(o, name, wa_id, b_ar, b_en, tz, now)
        for o, name, wa_id, b_ar, b_en in session.exec(query).all()
    ]


BOARD_STATUSES = ("pending", "confirmed", "preparing", "ready", "delivered", "cancelled")
# Finished orders pile up; the board shows only the latest of them.
FINISHED_SHOWN = 10
ACTIVE_SHOWN = 100


def orders_board(
    *, session: Session, viewer: Viewer, branch_id: str | uuid.UUID | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Orders by status column, oldest first for work in progress, newest first for finished ones."""
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    branch = _uuid_or_none(branch_id)
    board: dict[str, list[dict[str, Any]]] = {}
    for status in BOARD_STATUSES:
        finished = status in ("delivered", "cancelled")
        query = _orders_query(viewer).where(Order.status == status)
        if branch is not None:
            query = query.where(Order.branch_id == branch)
        # Work in progress: the most recent ACTIVE_SHOWN (an abandoned backlog must not flood the page).
        query = query.order_by(col(Order.created_at).desc()).limit(
            FINISHED_SHOWN if finished else ACTIVE_SHOWN
        )
        rows = [_order_row(o, n, w, a, e, tz, now) for o, n, w, a, e in session.exec(query).all()]
        board[status] = rows if finished else rows[::-1]
    return board


def orders_created_since(board: dict[str, list[dict[str, Any]]], since: datetime) -> list[str]:
    """Ids of the board's orders created after `since` (the page's load time), newest first.

    Not "ids not on the previous board": an older order that slides into a column capped at
    ACTIVE_SHOWN (because another one moved on) is not new and must not chime.
    """
    rows = [o for column in board.values() for o in column if datetime.fromisoformat(o["created_at"]) > since]
    return [o["id"] for o in sorted(rows, key=lambda o: o["created_at"], reverse=True)]


def order_detail(*, session: Session, viewer: Viewer, order_id: uuid.UUID) -> dict[str, Any]:
    order = session.get(Order, order_id)
    if order is None or order.restaurant_id != viewer.restaurant_id:
        raise NotFound("order not found")
    if not viewer.can_see_branch(order.branch_id):
        raise NotFound("order not found")
    customer = session.get(Customer, order.customer_id)
    branch = session.get(Branch, order.branch_id)
    assert customer is not None and branch is not None
    tz = restaurant_tz(session, viewer.restaurant_id)
    row = _order_row(
        order, customer.name, customer.wa_id, branch.name_ar, branch.name_en, tz, datetime.now(UTC)
    )
    row["lines"] = [
        {"name_ar": i.get("name_ar", ""), "name_en": i.get("name_en", ""), "quantity": int(i.get("quantity", 1)),
         "price": f"{float(i.get('price', 0)):.2f}",
         "line_total": f"{float(i.get('price', 0)) * int(i.get('quantity', 1)):.2f}",
         "notes": ", ".join(str(m) for m in i.get("modifications") or [])}
        for i in order.items
    ]  # fmt: skip
    row["instructions"] = order.special_instructions or ""
    row["pos_order_id"] = order.pos_order_id or ""
    return row


# --------------------------------------------------------------------------- feedback


def list_feedback(
    *, session: Session, viewer: Viewer, page: int = 0, page_size: int = PAGE_SIZE,
    sentiment: str | None = None, followup_only: bool = False, branch_id: str | uuid.UUID | None = None,
    since: datetime | None = None, until: datetime | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    query = (
        select(Feedback, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en)
        .join(Customer, Customer.id == Feedback.customer_id)
        .join(Branch, Branch.id == Feedback.branch_id)
        .where(Feedback.restaurant_id == viewer.restaurant_id, viewer.branch_filter(Feedback.branch_id))
    )
    if sentiment:
        query = query.where(Feedback.sentiment == sentiment)
    if followup_only:
        query = query.where(col(Feedback.requires_followup), col(Feedback.followup_handled_at).is_(None))
    if (branch := _uuid_or_none(branch_id)) is not None:
        query = query.where(Feedback.branch_id == branch)
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    if until is not None:
        query = query.where(Feedback.created_at < until)
    query = query.order_by(col(Feedback.created_at).desc()).offset(page * page_size).limit(page_size)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [
        {
            "id": str(f.id), "rating": f.rating or 0, "comment": f.comment or "",
            "sentiment": f.sentiment.value if f.sentiment else "neutral",
            "categories": ", ".join(f.categories), "customer_name": name or wa_id, "wa_id": wa_id,
            "branch_ar": b_ar, "branch_en": b_en,
            "followup": f.requires_followup and f.followup_handled_at is None,
            "followup_notes": f.followup_notes or "",
            "conversation_id": str(f.conversation_id or ""),
            "created_at": f.created_at.isoformat(), "at_label": time_label(f.created_at, tz, now),
        }
        for f, name, wa_id, b_ar, b_en in session.exec(query).all()
    ]  # fmt: skip


# --------------------------------------------------------------------------- customers


def list_customers(
    *, session: Session, viewer: Viewer, search: str = "", page: int = 0, page_size: int = PAGE_SIZE
) -> list[dict[str, Any]]:
    """Kept for callers that only search; segments live in services.customers."""
    from crm_res.services.customers import CustomerFilter, search_customers

    return search_customers(session=session, viewer=viewer, filters=CustomerFilter(search=search),
                            page=page, page_size=page_size)  # fmt: skip


# --------------------------------------------------------------------------- notifications


def _wanted_kinds(session: Session, viewer: Viewer) -> list[Any]:
    """WHERE clauses hiding the kinds the viewer muted (rows written by others, e.g. the daily
    summary, are filtered here too)."""
    muted = muted_kinds(session=session, user_id=viewer.user_id)
    return [col(Notification.kind).not_in(muted)] if muted else []


def list_notifications(*, session: Session, viewer: Viewer, limit: int = 15) -> list[dict[str, Any]]:
    """The viewer's latest notifications of the kinds they want, unread first."""
    rows = session.exec(
        select(Notification)
        .where(
            Notification.user_id == viewer.user_id,
            Notification.restaurant_id == viewer.restaurant_id,
            *_wanted_kinds(session, viewer),
        )
        .order_by(col(Notification.read_at).is_not(None), col(Notification.created_at).desc())
        .limit(limit)
    ).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [
        {"id": n.id, "kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
         "unread": n.read_at is None, "at_label": time_label(n.created_at, tz, now)}
        for n in rows
    ]  # fmt: skip


def mark_notifications_read(*, session: Session, viewer: Viewer, ids: list[int] | None = None) -> int:
    """Mark the viewer's notifications read (all of them when `ids` is None); returns how many."""
    stmt = (
        update(Notification)
        .where(col(Notification.user_id) == viewer.user_id, col(Notification.read_at).is_(None))
        .values(read_at=datetime.now(UTC))
    )
    if ids is not None:
        stmt = stmt.where(col(Notification.id).in_(ids))
    result = session.exec(stmt)  # type: ignore[call-overload]
    return int(result.rowcount or 0)
