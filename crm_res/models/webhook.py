"""Outgoing webhooks: a restaurant's endpoints, one delivery row per event per subscribed endpoint
(written in the transaction of the change that caused it: an outbox), and each attempt's log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from crm_res.models.base import jsonb, restaurant_fk, text_array, ts, uuid_pk


class WebhookEndpoint(SQLModel, table=True):
    """A receiver URL the owner registered, the events it wants and its signing secret."""

    __tablename__ = "webhook_endpoints"

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    url: str = Field(sa_column=Column(Text, nullable=False))
    description: str = ""
    events: list[str] = text_array()  # event types (services/api/webhook_events.EVENT_TYPES)
    secret: str = Field(sa_column=Column(String(120), nullable=False))  # whsec_<base64>
    enabled: bool = True
    disabled_reason: str | None = None  # "failures" (by the worker) | "owner"
    failure_count: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    last_success_at: datetime | None = ts()
    last_failure_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint. `pending` until delivered or given up (`failed`); events with the
    same ordering key (a conversation) go to an endpoint in id order."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id", name="uq_webhook_deliveries_endpoint_event"),
        Index("ix_webhook_deliveries_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
        Index(
            "ix_webhook_deliveries_order",
            "endpoint_id",
            "ordering_key",
            "id",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_webhook_deliveries_log", "endpoint_id", text("id DESC")),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk(index=False)
    endpoint_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True), ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False
        )
    )
    event_id: str  # the `webhook-id`: stable across retries and "send again"
    event_type: str
    ordering_key: str | None = None  # the conversation id, when the event belongs to one
    payload: dict[str, Any] = jsonb()
    status: str = "pending"  # pending | delivered | failed
    attempts: int = 0
    next_attempt_at: datetime = ts(nullable=False, default_now=True)
    last_status_code: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)


class WebhookAttempt(SQLModel, table=True):
    """One POST of a delivery: what the receiver answered (the delivery log on the Settings page)."""

    __tablename__ = "webhook_attempts"

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk(index=False)
    delivery_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    attempt: int
    status_code: int | None = None
    response_excerpt: str = ""
    duration_ms: int = 0
    error: str | None = None
    created_at: datetime = ts(nullable=False, default_now=True)
