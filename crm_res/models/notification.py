"""Dashboard notifications (the bell): one row per recipient, so read state is per user."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, text
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, restaurant_fk, ts


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_unread", "user_id", text("created_at DESC"),
              postgresql_where=text("read_at IS NULL")),  # fmt: skip
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
