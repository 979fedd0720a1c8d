"""dashboard: canned responses (quick replies) and indexes for the inbox, analytics and segments

Revision ID: 0020
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0020"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "canned_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("restaurant_id", sa.UUID(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["restaurant_id"], ["restaurants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("restaurant_id", "title", name="uq_canned_responses_title"),
    )
    op.create_index(op.f("ix_canned_responses_restaurant_id"), "canned_responses", ["restaurant_id"], unique=False)
    op.create_index("ix_messages_restaurant_created", "messages", ["restaurant_id", "created_at"], unique=False,
                    postgresql_include=["conversation_id", "direction"])
    op.create_index("ix_conversations_unread", "conversations",
                    ["restaurant_id", sa.literal_column("last_message_at DESC")], unique=False,
                    postgresql_where=sa.text("unread_count > 0"))
    op.create_index("ix_customers_tags", "customers", ["tags"], unique=False, postgresql_using="gin")
    op.create_index("ix_customers_ltv", "customers", ["restaurant_id", sa.literal_column("lifetime_value DESC")],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_customers_ltv", table_name="customers")
    op.drop_index("ix_customers_tags", table_name="customers", postgresql_using="gin")
    op.drop_index("ix_conversations_unread", table_name="conversations", postgresql_where=sa.text("unread_count > 0"))
    op.drop_index("ix_messages_restaurant_created", table_name="messages")
    op.drop_index(op.f("ix_canned_responses_restaurant_id"), table_name="canned_responses")
    op.drop_table("canned_responses")
