"""WhatsApp as it is in 2026: business-scoped user ids and usernames on customers, Meta's time on
messages, replies from the WhatsApp Business app, catalog retailer ids, and channel events

Revision ID: 0070
Revises: 0060

- customers.user_id (BSUID), parent_user_id, username: a customer is found by number, BSUID or
  both; a username-only customer has no number and `wa_id` holds their BSUID.
- messages.occurred_at: when Meta says the message happened (threads are ordered by it, so a
  delivery retried hours later lands in its place); existing rows take created_at.
- conversations.app_reply_at: last reply the restaurant sent from the WhatsApp Business app
  (the assistant stays paused until handed back or idle).
- menu_items.retailer_id: the catalog's product retailer id, matching cart items to the menu.
- channel_events: every other change Meta sends (and what could not be read), stored raw.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0070"
down_revision: str | None = "0060"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("user_id", sa.String(), nullable=True))
    op.add_column("customers", sa.Column("parent_user_id", sa.String(), nullable=True))
    op.add_column("customers", sa.Column("username", sa.String(), nullable=True))
    op.create_index(
        "uq_customers_restaurant_user_id", "customers", ["restaurant_id", "user_id"], unique=True,
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )  # fmt: skip
    op.add_column("messages", sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE messages SET occurred_at = created_at WHERE occurred_at IS NULL")
    op.alter_column("messages", "occurred_at", nullable=False, server_default=sa.text("now()"))
    op.create_index(
        "ix_messages_conversation_occurred", "messages",
        ["conversation_id", sa.text("occurred_at DESC"), sa.text("id DESC")],
    )  # fmt: skip
    op.add_column("conversations", sa.Column("app_reply_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("menu_items", sa.Column("retailer_id", sa.String(), nullable=True))
    op.create_index(
        "uq_menu_items_retailer_id", "menu_items", ["restaurant_id", "retailer_id"], unique=True,
        postgresql_where=sa.text("retailer_id IS NOT NULL"),
    )  # fmt: skip
    op.create_table(
        "channel_events",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("restaurant_id", sa.Uuid(), sa.ForeignKey("restaurants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("payload", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
    )
    op.create_index("ix_channel_events_restaurant_created", "channel_events", ["restaurant_id", sa.text("created_at DESC")])


def downgrade() -> None:
    op.drop_index("ix_channel_events_restaurant_created", table_name="channel_events")
    op.drop_table("channel_events")
    op.drop_index("uq_menu_items_retailer_id", table_name="menu_items")
    op.drop_column("menu_items", "retailer_id")
    op.drop_column("conversations", "app_reply_at")
    op.drop_index("ix_messages_conversation_occurred", table_name="messages")
    op.drop_column("messages", "occurred_at")
    op.drop_index("uq_customers_restaurant_user_id", table_name="customers")
    op.drop_column("customers", "username")
    op.drop_column("customers", "parent_user_id")
    op.drop_column("customers", "user_id")
