"""Dashboard-only tables and the indexes the dashboard's queries need.

Canned responses are the inbox's quick replies. The indexes below are attached to tables defined
elsewhere so that migration 0020 and `SQLModel.metadata` stay in step (no autogenerate drift).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import SQLModel

from crm_res.models.base import columns, restaurant_fk, ts, uuid_pk
from crm_res.models.conversation import Conversation, Message
from crm_res.models.customer import Customer


class CannedResponse(SQLModel, table=True):
    """A quick reply staff insert into the composer (per restaurant, per language)."""

    __tablename__ = "canned_responses"
    __table_args__ = (UniqueConstraint("restaurant_id", "title", name="uq_canned_responses_title"),)

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    title: str
    body: str
    language: str = "ar"
    created_at: datetime = ts(nullable=False, default_now=True)


# Analytics: first response times read a restaurant's messages of a period; the included columns
# let Postgres answer from the index alone (no visit to the 1M-row heap).
Index(
    "ix_messages_restaurant_created",
    columns(Message).restaurant_id,
    columns(Message).created_at,
    postgresql_include=["conversation_id", "direction"],
)
# Navigation badge: conversations with unread messages (a small, hot subset).
Index(
    "ix_conversations_unread",
    columns(Conversation).restaurant_id,
    text("last_message_at DESC"),
    postgresql_where=text("unread_count > 0"),
)
# Segments: customers by tag and by lifetime value.
Index("ix_customers_tags", columns(Customer).tags, postgresql_using="gin")
Index("ix_customers_ltv", columns(Customer).restaurant_id, text("lifetime_value DESC"))
