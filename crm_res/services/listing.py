"""Server-side paginated lists for the dashboard pages, always scoped to the viewer."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from crm_res.models import Branch, Conversation, Customer, Feedback, Message, Order
from crm_res.services.access import Viewer
from crm_res.services.errors import NotFound

PAGE_SIZE = 25


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_conversations(
    *, session: Session, viewer: Viewer, search: str = "", status: str | None = None,
    page: int = 0, page_size: int = PAGE_SIZE,
) -> list[dict[str, Any]]:  # fmt: skip
    query = (
        select(Conversation, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en)
        .join(Customer, Customer.id == Conversation.customer_id)
        .outerjoin(Branch, Branch.id == Conversation.branch_id)
        .where(Conversation.restaurant_id == viewer.restaurant_id)
        .where(viewer.branch_filter(Conversation.branch_id))
    )
    if status:
        query = query.where(Conversation.status == status)
    if search.strip():
        pattern = f"%{_escape_like(search.strip())}%"
        query = query.where(or_(col(Customer.name).ilike(pattern), col(Customer.wa_id).ilike(pattern)))
    query = query.order_by(col(Conversation.last_message_at).desc()).offset(page * page_size).limit(page_size)
    return [
        {
            "id": str(c.id), "customer_name": name or wa_id, "wa_id": wa_id,
            "status": c.status.value, "type": c.type.value, "handled_by": c.handled_by.value,
            "branch_ar": b_ar or "", "branch_en": b_en or "", "unread": c.unread_count,
            "preview": c.last_message_preview or "", "last_at": c.last_message_at.isoformat(),
        }
        for c, name, wa_id, b_ar, b_en in session.exec(query).all()
    ]  # fmt: skip


def get_conversation(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """The conversation if the viewer may see it; NotFound otherwise (never a hint it exists)."""
    conv = session.get(Conversation, conversation_id)
    if conv is None or conv.restaurant_id != viewer.restaurant_id:
        raise NotFound("conversation not found")
    if not viewer.sees_all_branches and conv.branch_id and conv.branch_id not in viewer.branch_ids:
        raise NotFound("conversation not found")
    return conv


def conversation_messages(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, limit: int = 50
) -> list[dict[str, Any]]:
    """The newest `limit` messages of a conversation, oldest first."""
    get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    rows = session.exec(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.restaurant_id == viewer.restaurant_id)
        .order_by(col(Message.id).desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": m.id, "sender": m.sender.value, "direction": m.direction.value, "type": m.type,
            "body": m.body or "", "status": m.status.value, "at": m.created_at.isoformat(),
        }
        for m in reversed(rows)
    ]  # fmt: skip


def list_orders(
    *, session: Session, viewer: Viewer, status: str | None = None, page: int = 0,
    page_size: int = PAGE_SIZE,
) -> list[dict[str, Any]]:  # fmt: skip
    query = (
        select(Order, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en)
        .join(Customer, Customer.id == Order.customer_id)
        .join(Branch, Branch.id == Order.branch_id)
        .where(Order.restaurant_id == viewer.restaurant_id, viewer.branch_filter(Order.branch_id))
    )
    if status:
        query = query.where(Order.status == status)
    query = query.order_by(col(Order.created_at).desc()).offset(page * page_size).limit(page_size)
    return [
        {
            "id": str(o.id), "number": o.number, "status": o.status.value,
            "customer_name": name or wa_id, "branch_ar": b_ar, "branch_en": b_en,
            "total": f"{o.total_amount:.2f}", "items": ", ".join(
                f"{i['name_ar']} ×{i['quantity']}" for i in o.items),
            "items_en": ", ".join(f"{i['name_en']} ×{i['quantity']}" for i in o.items),
            "delivery_type": o.delivery_type.value, "created_at": o.created_at.isoformat(),
        }
        for o, name, wa_id, b_ar, b_en in session.exec(query).all()
    ]  # fmt: skip


def list_feedback(
    *, session: Session, viewer: Viewer, page: int = 0, page_size: int = PAGE_SIZE
) -> list[dict[str, Any]]:
    query = (
        select(Feedback, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en)
        .join(Customer, Customer.id == Feedback.customer_id)
        .join(Branch, Branch.id == Feedback.branch_id)
        .where(Feedback.restaurant_id == viewer.restaurant_id, viewer.branch_filter(Feedback.branch_id))
        .order_by(col(Feedback.created_at).desc())
        .offset(page * page_size)
        .limit(page_size)
    )
    return [
        {
            "id": str(f.id), "rating": f.rating or 0, "comment": f.comment or "",
            "sentiment": f.sentiment.value if f.sentiment else "neutral",
            "categories": ", ".join(f.categories), "customer_name": name or wa_id,
            "branch_ar": b_ar, "branch_en": b_en,
            "followup": f.requires_followup and f.followup_handled_at is None,
            "created_at": f.created_at.isoformat(),
        }
        for f, name, wa_id, b_ar, b_en in session.exec(query).all()
    ]  # fmt: skip


def list_customers(
    *, session: Session, viewer: Viewer, search: str = "", page: int = 0, page_size: int = PAGE_SIZE
) -> list[dict[str, Any]]:
    query = select(Customer).where(Customer.restaurant_id == viewer.restaurant_id)
    if search.strip():
        pattern = f"%{_escape_like(search.strip())}%"
        query = query.where(or_(col(Customer.name).ilike(pattern), col(Customer.wa_id).ilike(pattern)))
    query = query.order_by(col(Customer.last_interaction).desc().nulls_last()).offset(page * page_size).limit(page_size)
    return [
        {
            "id": str(c.id), "name": c.name or "", "wa_id": c.wa_id,
            "language": c.language_preference.value, "tags": ", ".join(c.tags),
            "lifetime_value": f"{c.lifetime_value:.2f}", "opted_out": c.opted_out,
            "last_interaction": c.last_interaction.isoformat() if c.last_interaction else "",
        }
        for c in session.exec(query).all()
    ]  # fmt: skip
