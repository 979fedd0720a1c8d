"""The Feedback page's list, scoped by the viewer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from crm_res.models import (
    Branch,
    Customer,
    Feedback,
)
from crm_res.models.customer import shown_contact
from crm_res.services.access import Viewer
from crm_res.services.lists import PAGE_SIZE, visible_branch
from crm_res.services.local_time import restaurant_tz, time_label


def list_feedback(
    *,
    session: Session,
    viewer: Viewer,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    sentiment: str | None = None,
    followup_only: bool = False,
    branch_id: str | uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    query = (
        select(Feedback, Customer.name, Customer.wa_id, Branch.name_ar, Branch.name_en, Customer.username)  # type: ignore[call-overload]  # SQLModel's select() is typed for at most 4 columns
        .join(Customer, Customer.id == Feedback.customer_id)
        .join(Branch, Branch.id == Feedback.branch_id)
        .where(
            Feedback.restaurant_id == viewer.restaurant_id,
            viewer.branch_filter(col(Feedback.branch_id)),
            ~col(Customer.is_test),
        )  # the simulator's test customers are not feedback
    )
    if sentiment:
        query = query.where(Feedback.sentiment == sentiment)
    if followup_only:
        query = query.where(col(Feedback.requires_followup), col(Feedback.followup_handled_at).is_(None))
    if (branch := visible_branch(session, viewer, branch_id)) is not None:
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
            "id": str(f.id),
            "rating": f.rating or 0,
            "comment": f.comment or "",
            "sentiment": f.sentiment.value if f.sentiment else "neutral",
            "categories": ", ".join(f.categories),
            "customer_name": name or shown_contact(wa_id, username),
            "wa_id": wa_id,
            "contact": shown_contact(wa_id, username),
            "branch_ar": b_ar,
            "branch_en": b_en,
            "followup": f.requires_followup and f.followup_handled_at is None,
            "followup_notes": f.followup_notes or "",
            "conversation_id": str(f.conversation_id or ""),
            "created_at": f.created_at.isoformat(),
            "at_label": time_label(f.created_at, tz, now),
        }
        for f, name, wa_id, b_ar, b_en, username in session.exec(query).all()
    ]
