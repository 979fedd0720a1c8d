"""Tables of the scheduled work: feedback requests, daily summaries, release slots after prayer.

The index on `orders.delivered_at` lives here (like the dashboard's indexes in `dashboard.py`):
the feedback scan is the query that needs it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Column, Date, DateTime, ForeignKey, Index, Numeric, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from crm_res.models.base import columns, fk, jsonb, restaurant_fk, ts, uuid_pk
from crm_res.models.commerce import Order


class FeedbackRequest(SQLModel, table=True):
    """One feedback request per delivered order or recorded visit: what was decided and why.

    Orders are found by scanning `orders.delivered_at`; a visit (no order) is recorded ahead as a
    row with status `due`. The idempotency key is also the outbox row's (`feedback:{order_id}`).
    """

    __tablename__ = "feedback_requests"
    __table_args__ = (
        UniqueConstraint("idempotency_key", name="uq_feedback_requests_key"),
        Index("ix_feedback_requests_due", "due_at", postgresql_where=text("status = 'due'")),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    customer_id: uuid.UUID = fk("customers.id", nullable=False, ondelete="CASCADE")
    order_id: uuid.UUID | None = fk("orders.id", ondelete="SET NULL")
    branch_id: uuid.UUID | None = fk("branches.id", ondelete="SET NULL", index=False)
    source: str = "order"  # order | visit | manual
    idempotency_key: str
    occurred_at: datetime = ts(nullable=False, default_now=True)  # order delivered / visit
    due_at: datetime = ts(nullable=False, default_now=True)
    status: str = "due"  # due | queued | skipped
    reason: str | None = None  # why skipped, or what held it ("asr", "ramadan_quiet", ...)
    outbox_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    send_at: datetime | None = ts()  # the outbox row's not_before
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)


class DailySummary(SQLModel, table=True):
    """The owner's daily figures for the 24 hours ending at the restaurant's summary time."""

    __tablename__ = "daily_summaries"
    __table_args__ = (UniqueConstraint("restaurant_id", "day", name="uq_daily_summaries_day"),)

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    day: date = Field(sa_column=Column(Date, nullable=False))  # local date the period ends on
    period_start: datetime = ts(nullable=False)
    period_end: datetime = ts(nullable=False)
    conversations: int = 0
    orders: int = 0
    revenue: Decimal = Field(
        default=Decimal("0"), sa_column=Column(Numeric(12, 2), nullable=False, server_default="0")
    )
    average_rating: Decimal | None = Field(default=None, sa_column=Column(Numeric(3, 2)))
    ratings_count: int = 0
    negative_feedback: int = 0  # negative (or rating <= 2) feedback received in the period
    followups_open: int = 0  # negative feedback still waiting for a follow-up, at period end
    # {"branches": [{"branch_id", "name_ar", "name_en", "conversations", "orders", "revenue", ...}],
    #  "followups": [{"feedback_id", "customer", "rating", "comment", "branch_id", "created_at"}]}
    data: dict[str, Any] = jsonb()
    sent_to: int = 0  # owners messaged on WhatsApp
    created_at: datetime = ts(nullable=False, default_now=True)


class ReleaseSlot(SQLModel, table=True):
    """How many held messages of a restaurant already leave at one release moment (a prayer
    window's end): the next one is booked after them at the release rate."""

    __tablename__ = "release_slots"

    restaurant_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True), ForeignKey("restaurants.id", ondelete="CASCADE"), primary_key=True
        )
    )
    release_at: datetime = Field(sa_column=Column(DateTime(timezone=True), primary_key=True))
    taken: int = 0


# The feedback scan: orders delivered in the last few hours.
Index(
    "ix_orders_delivered_at",
    columns(Order).delivered_at,
    postgresql_where=text("delivered_at IS NOT NULL"),
)
