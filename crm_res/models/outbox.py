"""The outbox: every send is a row first, then a job posts it (no lost or doubled messages)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, jsonb, pg_enum, restaurant_fk, ts, uuid_pk
from crm_res.models.enums import OutboxStatus


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        Index("ix_outbox_due", "status", "not_before"),
        # A failed status finds its row by wamid (migration 0050).
        Index("ix_outbox_wa_message_id", "wa_message_id", postgresql_where=text("wa_message_id IS NOT NULL")),
        # A reply waits for its conversation's earlier unsent ones (migration h_order_0090).
        Index(
            "ix_outbox_conversation_unsent",
            "conversation_id",
            "id",
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk()
    customer_id: uuid.UUID | None = fk("customers.id", ondelete="CASCADE")
    conversation_id: uuid.UUID | None = fk("conversations.id", ondelete="SET NULL", index=False)
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    to_wa_id: str
    idempotency_key: str
    kind: str = "text"  # text | template | interactive | image | document | reaction | read
    purpose: str = "reply"  # reply | order_status | feedback_request | campaign | summary | alert
    # Business-initiated sends respect prayer windows and opt-out; replies do not wait.
    business_initiated: bool = False
    payload: dict[str, Any] = jsonb()
    not_before: datetime = ts(nullable=False, default_now=True)
    status: OutboxStatus = pg_enum(
        OutboxStatus, "outbox_status", nullable=False, default=OutboxStatus.pending
    )
    attempts: int = 0
    # Set when a send attempt starts; a row left "sending" by a crash is reconciled, not resent blindly.
    sending_started_at: datetime | None = ts()
    last_error: str | None = None
    wa_message_id: str | None = None
    created_at: datetime = ts(nullable=False, default_now=True)
    sent_at: datetime | None = ts()


# A template's states as Meta names them (lower case), and the reasons it gives for a rejection or
# a pause; Settings › Templates says each in words (crm_res/i18n.py: tstatus_*, treason_*).
TEMPLATE_STATUSES = (
    "approved",
    "pending",
    "rejected",
    "paused",
    "disabled",
    "flagged",
    "in_appeal",
    "pending_deletion",
    "deleted",
    "archived",
    "limit_exceeded",
    "locked",
)
TEMPLATE_REASONS = (
    "abusive_content",
    "category_not_available",
    "incorrect_category",
    "invalid_format",
    "promotional",
    "scam",
    "tag_content_mismatch",
)
_EVENT_STATUS = {"unarchived": "approved", "reinstated": "approved", "unlocked": "approved"}


def template_status_of(event: str) -> str | None:
    """The status a message_template_status_update event leaves the template in (None: an event
    we do not know, which leaves it as it was)."""
    e = event.strip().lower()
    e = _EVENT_STATUS.get(e, e)
    return e if e in TEMPLATE_STATUSES else None


class MessageTemplate(SQLModel, table=True):
    """An approved WhatsApp template, used outside the 24-hour window."""

    __tablename__ = "message_templates"
    __table_args__ = (
        UniqueConstraint("restaurant_id", "name", "language", name="uq_templates_name_language"),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    name: str
    language: str = "ar"
    purpose: str = "feedback_request"  # feedback_request | order_status | reengage | promotion
    body_preview: str = ""
    parameters: list[Any] = jsonb(default=list)  # names of body parameters, in order
    status: str = "approved"  # Meta's: approved | pending | rejected | paused | disabled
    category: str = ""  # Meta's: marketing | utility | authentication ("" when entered by hand)
    synced_at: datetime | None = ts()  # last read from Meta's template list (None: entered by hand)
    # From Meta's message_template_status_update: its reason code (lower case; None for none), its
    # own explanation when it sent one, and when the change arrived (Settings › Templates shows them).
    status_reason: str | None = None
    status_note: str | None = None
    status_at: datetime | None = ts()
    # Meta's: "positional" ({{1}}, filled in order) | "named" ({{first_name}}, sent with parameter_name)
    parameter_format: str = Field(default="positional", sa_column_kwargs={"server_default": "positional"})
    created_at: datetime = ts(nullable=False, default_now=True)


class Event(SQLModel, table=True):
    """Audit and event log: who did what to which row, and when."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_restaurant_created", "restaurant_id", text("created_at DESC")),
        # A thread's activity log (services/inbox/inbox.py), migration 0180.
        Index(
            "ix_events_conversation",
            "subject_id",
            "created_at",
            postgresql_where=text("subject_type = 'conversation'"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk()
    actor_user_id: uuid.UUID | None = fk("users.id", ondelete="SET NULL", index=False)
    actor: str = "system"  # system | ai | user | customer
    kind: str  # e.g. conversation.takeover, order.status_changed, user.login_failed
    subject_type: str | None = None
    subject_id: str | None = None
    data: dict[str, Any] = jsonb()
    created_at: datetime = ts(nullable=False, default_now=True)


class ChannelEvent(SQLModel, table=True):
    """A change Meta sent that is not a message or a status (template status, account alert,
    marketing preference, identity update, ...), or a piece of a delivery that could not be read
    (`field` "unsupported", with the reason): stored raw, as received."""

    __tablename__ = "channel_events"
    __table_args__ = (
        Index("ix_channel_events_restaurant_created", "restaurant_id", text("created_at DESC")),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk(index=False)
    field: str
    reason: str | None = None
    payload: Any = jsonb()
    created_at: datetime = ts(nullable=False, default_now=True)
