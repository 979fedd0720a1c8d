"""inbox triage: a conversation's priority and snooze

Revision ID: 0180
Revises: 0160

- `conversations.priority` (0 none, 1 low, 2 medium, 3 high, 4 urgent), set by staff in the inbox.
- `conversations.snoozed_until` / `snoozed_at`: a snoozed conversation leaves the inbox until the
  time, or sooner when the customer writes after it was snoozed (its `last_message_at` passes
  `snoozed_at`), so the ingestion path needs no change.
- `ix_events_conversation`: a thread's activity log reads its conversation's events without
  walking the restaurant's whole event history.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0180"
down_revision: str | None = "0160"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("conversations", sa.Column("priority", sa.SmallInteger(), nullable=False, server_default="0"))
    op.add_column("conversations", sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("conversations", sa.Column("snoozed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_events_conversation",
        "events",
        ["subject_id", "created_at"],
        postgresql_where=sa.text("subject_type = 'conversation'"),
    )


def downgrade() -> None:
    op.drop_index("ix_events_conversation", table_name="events")
    op.drop_column("conversations", "snoozed_at")
    op.drop_column("conversations", "snoozed_until")
    op.drop_column("conversations", "priority")
