"""Campaigns: one template to an audience at a chosen time, released in batches by a periodic job.

Every recipient is a row before anything is sent: the release job turns due `pending` rows into
outbox rows (idempotency key `campaign:<campaign id>:<recipient id>`), so what was released, held
or cancelled lives in Postgres, never only in Redis.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, jsonb, restaurant_fk, ts, uuid_pk

# Campaign.status: draft → scheduled (audience frozen) → running → completed; paused, cancelled.
CAMPAIGN_STATUSES = ("draft", "scheduled", "running", "paused", "completed", "cancelled")
# CampaignRecipient.status: pending (not released) → queued (an outbox row exists); cancelled.
RECIPIENT_STATUSES = ("pending", "queued", "cancelled")


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_restaurant_created", "restaurant_id", text("created_at DESC")),)

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk(index=False)
    name: str
    status: str = "draft"
    template_id: uuid.UUID | None = fk("message_templates.id", ondelete="SET NULL", index=False)
    # template parameter name → "{name}" | "{discount_code}" | "{branch}" | literal text
    template_params: dict[str, Any] = jsonb()
    # {"segment": {CustomerFilter fields, "branch_id"} | null, "numbers": [wa_id, ...]}
    audience: dict[str, Any] = jsonb()
    # {"mode": "now"} | {"mode": "at", "at": "2026-02-25T16:00"} (local) |
    # {"mode": "prayer", "prayer": "maghrib", "offset_min": -30, "date": "2026-02-25"}
    timing: dict[str, Any] = jsonb()
    discount_percent: int | None = None
    max_recipients: int | None = None
    created_by: uuid.UUID | None = fk("users.id", ondelete="SET NULL", index=False)
    created_at: datetime = ts(nullable=False, default_now=True)
    scheduled_at: datetime | None = ts()  # the audience was frozen into recipient rows
    started_at: datetime | None = ts()  # the first recipient was released
    finished_at: datetime | None = ts()


class CampaignRecipient(SQLModel, table=True):
    __tablename__ = "campaign_recipients"
    __table_args__ = (
        UniqueConstraint("campaign_id", "customer_id", name="uq_campaign_recipients_customer"),
        # The release job's scan: due pending rows.
        Index("ix_campaign_recipients_due", "due_at", postgresql_where=text("status = 'pending'")),
        # The frequency cap: who a campaign reached lately.
        Index("ix_campaign_recipients_customer_released", "customer_id", "released_at"),
        Index("ix_campaign_recipients_outbox", "outbox_id", postgresql_where=text("outbox_id IS NOT NULL")),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    campaign_id: uuid.UUID = Field(
        sa_column=Column(UUID(as_uuid=True), ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    )
    restaurant_id: uuid.UUID = restaurant_fk(index=False)
    customer_id: uuid.UUID = fk("customers.id", nullable=False, ondelete="CASCADE", index=False)
    wa_id: str
    city: str = ""  # whose prayer times applied (display; the release job recomputes the place)
    due_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    status: str = "pending"
    held_reason: str | None = None  # the prayer (or the quiet hour) that held it last
    held_count: int = 0
    params: dict[str, Any] = jsonb()  # the values sent, per template parameter
    discount_code: str | None = None
    outbox_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    released_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)


class CampaignPacing(SQLModel, table=True):
    """Per restaurant, the time the next campaign send may be booked at: locked by the release job,
    so two runs never book the same moments and the campaign rate holds across campaigns."""

    __tablename__ = "campaign_pacing"

    restaurant_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True), ForeignKey("restaurants.id", ondelete="CASCADE"), primary_key=True
        )
    )
    next_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
