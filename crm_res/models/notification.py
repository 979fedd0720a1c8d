"""Dashboard notifications (the bell): one row per recipient, so read state is per user; and each
user's choice of which kinds they want."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, text
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, jsonb, restaurant_fk, ts

NOTIFICATION_KINDS = ("escalation", "negative_feedback", "new_order", "summary")


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        Index(
            "ix_notifications_user_unread",
            "user_id",
            text("created_at DESC"),
            postgresql_where=text("read_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    restaurant_id: uuid.UUID = restaurant_fk()
    user_id: uuid.UUID = fk("users.id", nullable=False, index=False, ondelete="CASCADE")
    kind: str  # escalation | negative_feedback | new_order | summary
    title: str
    body: str = ""
    link: str = ""  # dashboard path, e.g. /conversation?id=...
    branch_id: uuid.UUID | None = fk("branches.id", ondelete="SET NULL", index=False)
    read_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)


class NotificationPrefs(SQLModel, table=True):
    """Which notification kinds a user does not want in their bell (no row: every kind)."""

    __tablename__ = "notification_prefs"

    user_id: uuid.UUID = Field(
        sa_column=Column(UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    restaurant_id: uuid.UUID = restaurant_fk()
    muted: list[Any] = jsonb(default=list)  # kinds from NOTIFICATION_KINDS
    updated_at: datetime = ts(nullable=False, default_now=True)
