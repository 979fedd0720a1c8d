"""message_status_events: one index on the wamid, not two

Revision ID: 0200
Revises: 0190

Every status Meta reports is a row of `message_status_events`, written by the ingestion tier. The
table had two btree indexes led by `wa_message_id`: its own (`ix_message_status_events_wa_message_id`)
and the unique constraint's (`wa_message_id, status, restaurant_id`), which every lookup by wamid
already uses (the status statements' plans, docs/CAPACITY.md run J). The single-column one only
cost an index insert, its WAL and its pages per status: dropped.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0200"
down_revision: str | None = "0190"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_message_status_events_wa_message_id", table_name="message_status_events")


def downgrade() -> None:
    op.create_index(
        "ix_message_status_events_wa_message_id", "message_status_events", ["wa_message_id"], unique=False
    )
