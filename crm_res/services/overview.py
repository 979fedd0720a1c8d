"""Figures for the Overview page, for one restaurant (and the viewer's branches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from crm_res.models import Conversation, ConversationStatus, Feedback, Order, Restaurant
from crm_res.services.access import Viewer


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
    conv_scope = (Conversation.restaurant_id == rid, viewer.branch_filter(Conversation.branch_id))
    conversations_today = session.exec(
        select(func.count()).select_from(Conversation).where(*conv_scope, Conversation.started_at >= day_start)
    ).one()
    open_escalations = session.exec(
        select(func.count())
        .select_from(Conversation)
        .where(*conv_scope, Conversation.status == ConversationStatus.escalated)
    ).one()
    order_scope = (Order.restaurant_id == rid, viewer.branch_filter(Order.branch_id))
    by_status = dict(
        session.exec(select(Order.status, func.count()).where(*order_scope).group_by(Order.status)).all()
    )
    revenue_today = session.exec(
        select(func.coalesce(func.sum(Order.total_amount), 0)).where(
            *order_scope, Order.created_at >= day_start, Order.status != "cancelled"
        )
    ).one()
    fb_scope = (Feedback.restaurant_id == rid, viewer.branch_filter(Feedback.branch_id))
    avg, count = session.exec(
        select(func.avg(Feedback.rating), func.count(Feedback.rating)).where(*fb_scope)
    ).one()
    followups = session.exec(
        select(func.count())
        .select_from(Feedback)
        .where(*fb_scope, Feedback.requires_followup, Feedback.followup_handled_at.is_(None))  # type: ignore[union-attr]
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
