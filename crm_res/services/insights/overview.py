"""Figures for the Overview page, for one restaurant (and the viewer's branches)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from crm_res.models import Conversation, ConversationStatus, Feedback, Order, Restaurant
from crm_res.services.access import Viewer
from crm_res.services.test_customers import real_customer


@dataclass
class OverviewFigures:
    conversations_today: int
    open_escalations: int
    orders_by_status: dict[str, int] = field(default_factory=dict)
    average_rating: float | None = None
    ratings_count: int = 0
    followups_open: int = 0
    revenue_today: float = 0.0


def start_of_local_day(now: datetime, tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    return datetime.combine(local.date(), time.min, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def overview_figures(*, session: Session, viewer: Viewer, now: datetime | None = None) -> OverviewFigures:
    """Today's conversations (restaurant's local day), open escalations, orders, ratings."""
    now = now or datetime.now(UTC)
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert restaurant is not None
    day_start = start_of_local_day(now, restaurant.timezone)
    rid = viewer.restaurant_id
    # The simulator's test customers never count (services/test_customers.py).
    conv_scope = (
        Conversation.restaurant_id == rid,
        viewer.branch_filter(col(Conversation.branch_id)),
        real_customer(Conversation.customer_id),
    )
    conversations_today = session.exec(
        select(func.count())
        .select_from(Conversation)
        .where(*conv_scope, Conversation.started_at >= day_start)
    ).one()
    open_escalations = session.exec(
        select(func.count())
        .select_from(Conversation)
        .where(*conv_scope, Conversation.status == ConversationStatus.escalated)
    ).one()
    order_scope = (
        Order.restaurant_id == rid,
        viewer.branch_filter(col(Order.branch_id)),
        real_customer(Order.customer_id),
    )
    by_status = dict(
        session.exec(select(Order.status, func.count()).where(*order_scope).group_by(Order.status)).all()
    )
    revenue_today = session.exec(
        select(func.coalesce(func.sum(Order.total_amount), 0)).where(
            *order_scope, Order.created_at >= day_start, Order.status != "cancelled"
        )
    ).one()
    fb_scope = (
        Feedback.restaurant_id == rid,
        viewer.branch_filter(col(Feedback.branch_id)),
        real_customer(Feedback.customer_id),
    )
    avg, count = session.exec(
        select(func.avg(col(Feedback.rating)), func.count(col(Feedback.rating))).where(*fb_scope)
    ).one()
    followups = session.exec(
        select(func.count())
        .select_from(Feedback)
        .where(*fb_scope, col(Feedback.requires_followup), col(Feedback.followup_handled_at).is_(None))
    ).one()
    return OverviewFigures(
        conversations_today=conversations_today,
        open_escalations=open_escalations,
        orders_by_status={str(k.value if hasattr(k, "value") else k): v for k, v in by_status.items()},
        average_rating=round(float(avg), 2) if avg is not None else None,
        ratings_count=count,
        followups_open=followups,
        revenue_today=float(revenue_today),
    )


def hijri_today(
    *, session: Session, restaurant_id: uuid.UUID, now: datetime | None = None
) -> tuple[str, str]:
    """Today's Hijri (Umm al-Qura) date in Arabic and English, for the restaurant's LOCAL day (the
    server's date can be another day: a UTC server is still on yesterday until 03:00 in Riyadh).
    Western digits: the page shows them in the restaurant's digit style like every other figure."""
    from crm_res.integrations.hijri import format_hijri_ar, format_hijri_en

    restaurant = session.get(Restaurant, restaurant_id)
    tz = restaurant.timezone if restaurant is not None and restaurant.timezone else "Asia/Riyadh"
    day = (now or datetime.now(UTC)).astimezone(ZoneInfo(tz)).date()
    return format_hijri_ar(day, arabic_indic=False), format_hijri_en(day)


def latest_summary_view(*, session: Session, viewer: Viewer) -> dict[str, Any] | None:
    """The latest daily summary as the Overview shows it (owners only: it covers every branch);
    None when there is none yet or the viewer is not an owner."""
    from crm_res.services.outreach.summaries import latest_summaries

    if not viewer.sees_all_branches:
        return None
    found = latest_summaries(session=session, restaurant_id=viewer.restaurant_id, limit=1)
    if not found:
        return None
    s = found[0]
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    today = (
        datetime.now(UTC).astimezone(ZoneInfo(restaurant.timezone if restaurant else "Asia/Riyadh")).date()
    )
    relative = {0: "today", 1: "yesterday"}.get((today - s.day).days, "")
    return {
        "day": s.day.isoformat(),
        "relative": relative,  # "yesterday" most mornings: the page says so beside the date
        "conversations": s.conversations,
        "orders": s.orders,
        "revenue": f"{s.revenue:,.2f}",
        "average_rating": f"{s.average_rating:.2f}" if s.average_rating is not None else "—",
        "ratings_count": s.ratings_count,
        "negative_feedback": s.negative_feedback,
        "followups_open": s.followups_open,
        "sent_to": s.sent_to,
    }
