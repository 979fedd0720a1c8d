"""Conversations and their messages (a table of its own, not a JSON array)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Numeric, SmallInteger, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, jsonb, pg_enum, restaurant_fk, ts, uuid_pk
from crm_res.models.enums import (
    ConversationStatus,
    ConversationType,
    Handler,
    MessageDirection,
    MessageSender,
    MessageStatus,
)


class Conversation(SQLModel, table=True):
    __tablename__ = "conversations"
    __table_args__ = (
        # The inbox: newest activity first, per restaurant, optionally by status.
        Index("ix_conversations_inbox", "restaurant_id", text("last_message_at DESC")),
        Index("ix_conversations_status", "restaurant_id", "status", text("last_message_at DESC")),
        Index("ix_conversations_started", "restaurant_id", text("started_at DESC")),
        Index("ix_conversations_customer_started", "customer_id", text("started_at DESC")),
        # At most one open conversation per customer, even with concurrent webhook processes.
        Index(
            "uq_conversations_one_open",
            "customer_id",
            unique=True,
            postgresql_where=text("status IN ('active', 'escalated')"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk(index=False)  # ix_conversations_inbox etc. lead with it
    # ix_conversations_customer_started leads with it
    customer_id: uuid.UUID = fk("customers.id", nullable=False, ondelete="CASCADE", index=False)
    branch_id: uuid.UUID | None = fk("branches.id", ondelete="SET NULL")
    status: ConversationStatus = pg_enum(
        ConversationStatus, "conversation_status", nullable=False, default=ConversationStatus.active
    )
    type: ConversationType = pg_enum(
        ConversationType, "conversation_type", nullable=False, default=ConversationType.general
    )
    handled_by: Handler = pg_enum(Handler, "conversation_handler", nullable=False, default=Handler.ai)
    assigned_user_id: uuid.UUID | None = fk("users.id", ondelete="SET NULL", index=False)
    ai_confidence: Decimal | None = Field(default=None, sa_column=Column(Numeric(3, 2)))
    unread_count: int = 0
    last_message_at: datetime = ts(nullable=False, default_now=True)
    last_message_preview: str | None = None
    # Flow state of the assistant (e.g. a draft order awaiting confirmation).
    context: dict[str, Any] = jsonb()
    started_at: datetime = ts(nullable=False, default_now=True)
    escalated_at: datetime | None = ts()
    resolved_at: datetime | None = ts()
    # The customer's first message and the first reply after it: the analytics' response time.
    # Kept by a trigger on `messages` (migration 0040), so every write path fills them.
    first_inbound_at: datetime | None = ts()
    first_response_at: datetime | None = ts()
    # Last reply the restaurant sent from the WhatsApp Business app on its phone (smb_message_echoes):
    # the assistant stays paused until handed back or idle (`app_reply_pause_minutes`).
    app_reply_at: datetime | None = ts()
    # Staff triage in the inbox (migration 0180): 0 none … 4 urgent; a snoozed conversation leaves the
    # list until `snoozed_until`, or sooner when the customer writes after `snoozed_at`.
    priority: int = Field(default=0, sa_column=Column(SmallInteger, nullable=False, server_default="0"))
    snoozed_until: datetime | None = ts()
    snoozed_at: datetime | None = ts()
    updated_at: datetime = ts(nullable=False, default_now=True)


class Message(SQLModel, table=True):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation", "conversation_id", text("id DESC")),
        # Threads in the order Meta reports (migration 0070).
        Index(
            "ix_messages_conversation_occurred", "conversation_id", text("occurred_at DESC"), text("id DESC")
        ),
        # Exactly-once ingestion: a wamid is stored once however often Meta redelivers it.
        Index(
            "uq_messages_wa_message_id",
            "wa_message_id",
            unique=True,
            postgresql_where=text("wa_message_id IS NOT NULL"),
        ),
        # The sweeper finds accepted-but-unprocessed inbound messages (e.g. after a crash).
        Index(
            "ix_messages_unprocessed",
            "created_at",
            postgresql_where=text("direction = 'inbound' AND processed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk(index=False)  # ix_messages_restaurant_created leads with it
    conversation_id: uuid.UUID = fk("conversations.id", nullable=False, index=False, ondelete="CASCADE")
    direction: MessageDirection = pg_enum(MessageDirection, "message_direction", nullable=False)
    sender: MessageSender = pg_enum(MessageSender, "message_sender", nullable=False)
    type: str = "text"  # WhatsApp type: text, interactive, image, location, template, note, ...
    body: str | None = None
    payload: dict[str, Any] = jsonb()  # type-specific fields, and the raw inbound message
    wa_message_id: str | None = None
    status: MessageStatus = pg_enum(
        MessageStatus, "message_status", nullable=False, default=MessageStatus.received
    )
    error_code: int | None = None
    error_title: str | None = None
    media_id: str | None = None
    media_mime: str | None = None
    media_path: str | None = None
    sent_by_user_id: uuid.UUID | None = fk("users.id", ondelete="SET NULL", index=False)
    created_at: datetime = ts(nullable=False, default_now=True)
    # When it happened: Meta's timestamp for inbound messages and echoes, else when it was written.
    occurred_at: datetime = ts(nullable=False, default_now=True)
    sent_at: datetime | None = ts()
    delivered_at: datetime | None = ts()
    read_at: datetime | None = ts()
    processed_at: datetime | None = ts()  # inbound: when the assistant/routing handled it


class MessageStatusEvent(SQLModel, table=True):
    """Every delivery status Meta reports, kept even when it arrives before our wamid is stored."""

    __tablename__ = "message_status_events"
    # Per restaurant: a status sent under another restaurant's number must not block the real one.
    __table_args__ = (
        UniqueConstraint("wa_message_id", "status", "restaurant_id", name="uq_status_events_wamid_status"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk()
    wa_message_id: str  # looked up through uq_status_events_wamid_status (its leading column)
    status: str
    error_code: int | None = None
    error_title: str | None = None
    callback_data: str | None = None  # our biz_opaque_callback_data: "outbox:<id>"
    occurred_at: datetime = ts(nullable=False, default_now=True)
    created_at: datetime = ts(nullable=False, default_now=True)
