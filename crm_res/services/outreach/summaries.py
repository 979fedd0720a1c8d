"""The owner's daily summary: stored for the dashboard, and sent on WhatsApp to owners who gave a number.

At `options(restaurant).daily_summary_time` (local, default "23:00") the figures of the 24 hours
ending then are stored in `daily_summaries` (one row per restaurant and day: the unique key makes a
rerun harmless): conversations started, orders (not cancelled) and their revenue, average rating,
negative feedback received, and negative feedback still waiting for a follow-up.

Messages to staff numbers: the outbox's window rules (24 hours since the last inbound message, else
an approved template) are per customer row, so an owner's WhatsApp number is a `customers` row of
the restaurant tagged `staff` (created on first use, or an existing row of that number tagged).
The message has no conversation (it does not appear in the inbox), purpose `summary` (not
business-initiated: no prayer hold, no opt-out), and carries `template_params` for a `summary`
template (date, conversations, orders, revenue, rating, followups, restaurant_name), which sending
uses outside the owner's 24-hour window.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.assistant.replies import format_sar
from crm_res.models import (
    Branch,
    Customer,
    DailySummary,
    Language,
    MessageSender,
    Notification,
    Restaurant,
    Role,
    User,
)
from crm_res.services.errors import InvalidInput
from crm_res.services.notifications import signal_change
from crm_res.services.options import options
from crm_res.services.outbox.outbox import queue_message, text_payload
from crm_res.services.outreach.feedback_requests import normalise_wa_id
from crm_res.services.test_customers import real_customer_sql

REAL = real_customer_sql("t")  # the simulator's test customers are not in the summary

log = logging.getLogger(__name__)

DEFAULT_TIME = "23:00"
# A summary more than this late (worker down) is skipped rather than sent in the morning.
CATCH_UP = timedelta(hours=6)
STAFF_TAG = "staff"
FOLLOWUPS_LISTED = 10


def summary_time(restaurant: Restaurant) -> time:
    return options(restaurant).daily_summary_time


def due_period(restaurant: Restaurant, now: datetime) -> tuple[date, datetime, datetime] | None:
    """(local day, start, end) of the latest summary that is due by `now`, or None when that one
    is more than CATCH_UP late. The period is the 24 hours ending at the summary time, so late
    orders (after the summary, before midnight) count in the next day's summary, not in none."""
    zone = ZoneInfo(restaurant.timezone)
    at = summary_time(restaurant)
    local = now.astimezone(zone)
    day = local.date() if local.time() >= at else local.date() - timedelta(days=1)
    end = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
    if now - end > CATCH_UP:
        return None
    start = datetime.combine(day - timedelta(days=1), at, tzinfo=zone).astimezone(UTC)
    return day, start, end


# --------------------------------------------------------------------------- the figures


def _rows(session: Session, sql: str, **params: Any) -> list[Any]:
    return list(session.execute(text(sql), params=params).all())


def compute_figures(
    *, session: Session, restaurant_id: uuid.UUID, start: datetime, end: datetime
) -> dict[str, Any]:
    """The summary's figures for [start, end), overall and per branch."""
    p = {"r": restaurant_id, "s": start, "e": end}
    per_branch: dict[Any, dict[str, Any]] = {}

    def branch(bid: Any) -> dict[str, Any]:
        return per_branch.setdefault(
            bid,
            {
                "conversations": 0,
                "orders": 0,
                "revenue": Decimal("0"),
                "ratings": 0,
                "rating_sum": 0,
                "negative": 0,
            },
        )

    for bid, n in _rows(
        session,
        "SELECT branch_id, count(*) FROM conversations t WHERE restaurant_id = :r "
        f"AND {REAL} AND started_at >= :s AND started_at < :e GROUP BY branch_id",
        **p,
    ):
        branch(bid)["conversations"] = n
    for bid, n, revenue in _rows(
        session,
        "SELECT branch_id, count(*), coalesce(sum(total_amount), 0) FROM orders t "
        f"WHERE restaurant_id = :r AND {REAL} AND created_at >= :s AND created_at < :e "
        "AND status <> 'cancelled' GROUP BY branch_id",
        **p,
    ):
        branch(bid).update(orders=n, revenue=Decimal(revenue))
    for bid, n, total, negative in _rows(
        session,
        "SELECT branch_id, count(rating), coalesce(sum(rating), 0), "
        "count(*) FILTER (WHERE sentiment = 'negative' OR rating <= 2) FROM feedback t "
        f"WHERE restaurant_id = :r AND {REAL} AND created_at >= :s AND created_at < :e GROUP BY branch_id",
        **p,
    ):
        branch(bid).update(ratings=n, rating_sum=int(total), negative=negative)
    followups = _rows(
        session,
        "SELECT f.id, coalesce(c.name, c.wa_id), f.rating, f.comment, f.branch_id, f.created_at "
        "FROM feedback f JOIN customers c ON c.id = f.customer_id WHERE f.restaurant_id = :r "
        "AND NOT c.is_test AND f.requires_followup AND f.followup_handled_at IS NULL AND f.created_at < :e "
        "ORDER BY f.created_at DESC",
        **p,
    )
    names = {b.id: b for b in session.exec(select(Branch).where(Branch.restaurant_id == restaurant_id))}
    ratings = sum(b["ratings"] for b in per_branch.values())
    rating_sum = sum(b["rating_sum"] for b in per_branch.values())
    return {
        "conversations": sum(b["conversations"] for b in per_branch.values()),
        "orders": sum(b["orders"] for b in per_branch.values()),
        "revenue": sum((b["revenue"] for b in per_branch.values()), Decimal("0")),
        "ratings_count": ratings,
        "average_rating": (Decimal(rating_sum) / ratings).quantize(Decimal("0.01")) if ratings else None,
        "negative_feedback": sum(b["negative"] for b in per_branch.values()),
        "followups_open": len(followups),
        "data": {
            "branches": [
                {
                    "branch_id": str(bid) if bid else None,
                    "name_ar": names[bid].name_ar if bid in names else "",
                    "name_en": names[bid].name_en if bid in names else "",
                    "conversations": b["conversations"],
                    "orders": b["orders"],
                    "revenue": str(b["revenue"]),
                    "ratings": b["ratings"],
                    "average_rating": round(b["rating_sum"] / b["ratings"], 2) if b["ratings"] else None,
                    "negative_feedback": b["negative"],
                }
                for bid, b in sorted(per_branch.items(), key=lambda kv: str(kv[0]))
            ],
            "followups": [
                {
                    "feedback_id": str(fid),
                    "customer": who,
                    "rating": rating,
                    "comment": (comment or "")[:200],
                    "branch_id": str(bid) if bid else None,
                    "created_at": created.isoformat(),
                }
                for fid, who, rating, comment, bid, created in followups[:FOLLOWUPS_LISTED]
            ],
        },
    }


def summary_text(summary: DailySummary, restaurant: Restaurant, language: str = "ar") -> str:
    """The WhatsApp text of a summary, in Arabic or English."""
    english = language.startswith("en")
    revenue = format_sar(summary.revenue, "en" if english else "ar-SA")
    if english:
        rating = (
            f"{summary.average_rating} of 5 ({summary.ratings_count} ratings)"
            if summary.average_rating is not None
            else "no ratings"
        )
        return (
            f"📊 {restaurant.name_en} — summary for {summary.day:%Y-%m-%d}\n"
            f"💬 Conversations: {summary.conversations}\n"
            f"🧾 Orders: {summary.orders} — revenue {revenue}\n"
            f"⭐ Average rating: {rating}\n"
            f"⚠️ Negative feedback: {summary.negative_feedback} — waiting for follow-up: {summary.followups_open}"
        )
    rating = (
        f"{summary.average_rating} من 5 ({summary.ratings_count} تقييم)"
        if summary.average_rating is not None
        else "لا توجد تقييمات"
    )
    return (
        f"📊 ملخص {restaurant.name_ar} — {summary.day:%Y-%m-%d}\n"
        f"💬 المحادثات: {summary.conversations}\n"
        f"🧾 الطلبات: {summary.orders} — الإيرادات {revenue}\n"
        f"⭐ متوسط التقييم: {rating}\n"
        f"⚠️ ملاحظات سلبية: {summary.negative_feedback} — بانتظار المتابعة: {summary.followups_open}"
    )


# --------------------------------------------------------------------------- staff numbers


def staff_recipient(*, session: Session, restaurant_id: uuid.UUID, user: User) -> Customer | None:
    """The `customers` row (tagged `staff`) that messages to this user's WhatsApp number go to."""
    if not user.whatsapp_number:
        return None
    try:
        wa = normalise_wa_id(user.whatsapp_number)
    except InvalidInput:
        log.warning("user %s: whatsapp_number %r is not a WhatsApp number", user.id, user.whatsapp_number)
        return None
    session.exec(
        insert(Customer)
        .values(
            id=uuid.uuid4(),
            restaurant_id=restaurant_id,
            wa_id=wa,
            name=user.full_name,
            tags=[STAFF_TAG],
            language_preference=Language.en if user.language == "en" else Language.ar_sa,
            opted_out=False,
        )
        .on_conflict_do_nothing(index_elements=["restaurant_id", "wa_id"])
    )
    customer = session.exec(
        select(Customer).where(Customer.restaurant_id == restaurant_id, Customer.wa_id == wa)
    ).one()
    if STAFF_TAG not in (customer.tags or []):
        customer.tags = [*(customer.tags or []), STAFF_TAG]
        session.add(customer)
    return customer


# --------------------------------------------------------------------------- the job's service


@dataclass
class SummaryOutcome:
    restaurant_id: uuid.UUID
    day: date
    summary_id: uuid.UUID | None
    line: str
    sends: list[tuple[int, datetime | None]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.line


def make_daily_summary(
    *, session: Session, restaurant: Restaurant, day: date, start: datetime, end: datetime
) -> SummaryOutcome:
    """Store the summary of [start, end) (once per day) and queue it to the owners' WhatsApp."""
    figures = compute_figures(session=session, restaurant_id=restaurant.id, start=start, end=end)
    summary_id = session.exec(
        insert(DailySummary)
        .values(
            id=uuid.uuid4(),
            restaurant_id=restaurant.id,
            day=day,
            period_start=start,
            period_end=end,
            sent_to=0,
            **figures,
        )
        .on_conflict_do_nothing(constraint="uq_daily_summaries_day")
        .returning(col(DailySummary.id))
    ).scalar()
    if summary_id is None:
        return SummaryOutcome(
            restaurant.id, day, None, f"{restaurant.name_en}: summary for {day} already made"
        )
    summary = session.get(DailySummary, summary_id)
    assert summary is not None
    owners = session.exec(
        select(User).where(User.restaurant_id == restaurant.id, User.role == Role.owner, User.is_active)
    ).all()
    sends: list[tuple[int, datetime | None]] = []
    for owner in owners:
        session.add(
            Notification(
                restaurant_id=restaurant.id,
                user_id=owner.id,
                kind="summary",
                title=summary_text(summary, restaurant, owner.language).split("\n")[0],
                body=summary_text(summary, restaurant, owner.language),
                link="/",
            )
        )
        recipient = staff_recipient(session=session, restaurant_id=restaurant.id, user=owner)
        if recipient is None:
            continue
        body = summary_text(summary, restaurant, owner.language)
        rating = str(summary.average_rating) if summary.average_rating is not None else "-"
        payload = {
            "message": text_payload(recipient.wa_id, body),
            "template_params": {
                "date": f"{day:%Y-%m-%d}",
                "conversations": str(summary.conversations),
                "orders": str(summary.orders),
                "revenue": format_sar(summary.revenue, owner.language),
                "rating": rating,
                "followups": str(summary.followups_open),
                "restaurant_name": restaurant.name_ar,
            },
        }
        queued = queue_message(
            session=session,
            restaurant_id=restaurant.id,
            customer=recipient,
            idempotency_key=f"summary:{summary.id}:{owner.id}",
            kind="text",
            payload=payload,
            body_preview=body,
            purpose="summary",
            sender=MessageSender.system,
        )
        if queued.created:
            sends.append((queued.outbox_id, queued.not_before))
    summary.sent_to = len(sends)
    session.add(summary)
    signal_change(session, restaurant.id, "summary")
    line = (
        f"{restaurant.name_en}: summary for {day} — {summary.conversations} conversations, {summary.orders} "
        f"orders, {summary.revenue} SAR, rating {summary.average_rating or '-'}, "
        f"{summary.followups_open} follow-ups open; sent to {len(sends)} owner(s)"
    )
    return SummaryOutcome(restaurant.id, day, summary.id, line, sends)


def run_due_summaries(*, session: Session, now: datetime | None = None) -> list[SummaryOutcome]:
    """Make every restaurant's summary whose time has come and that does not exist yet."""
    now = now or datetime.now(UTC)
    done = {
        (rid, day)
        for rid, day in session.execute(
            text("SELECT restaurant_id, day FROM daily_summaries WHERE day >= :d"),
            params={"d": (now - timedelta(days=2)).date()},
        ).all()
    }
    outcomes = []
    for restaurant in session.exec(select(Restaurant).where(col(Restaurant.deleted_at).is_(None))).all():
        period = due_period(restaurant, now)
        if period is None:
            continue
        day, start, end = period
        if (restaurant.id, day) in done:
            continue
        try:
            with session.begin_nested():
                outcomes.append(
                    make_daily_summary(session=session, restaurant=restaurant, day=day, start=start, end=end)
                )
        except Exception:
            log.exception("daily summary of restaurant %s for %s failed", restaurant.id, day)
    return outcomes


def latest_summaries(*, session: Session, restaurant_id: uuid.UUID, limit: int = 14) -> list[DailySummary]:
    """The most recent summaries, newest first (for the dashboard)."""
    return list(
        session.exec(
            select(DailySummary)
            .where(DailySummary.restaurant_id == restaurant_id)
            .order_by(col(DailySummary.day).desc())
            .limit(limit)
        )
    )
