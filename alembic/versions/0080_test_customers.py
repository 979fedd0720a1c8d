"""test customers flagged; delivery statuses keyed by restaurant; names without bidi controls

Revision ID: 0080
Revises: 0060

- `customers.is_test`: the simulator's customers. Their traffic stays out of analytics, revenue,
  summaries, feedback requests and the customer list, and their replies are never posted to the
  Cloud API. Customers the simulator tagged before are marked (their replies were sandboxed
  already, so nothing changes for them).
- `message_status_events` unique per restaurant: a status delivered under another restaurant's
  phone number id can no longer stand in for (or block) the real one.
- Customer names lose bidi formatting characters (U+202A-E, U+2066-9, LRM/RLM/ALM) and are capped
  at 120 characters, as new names are at ingestion.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0080"
down_revision: str | None = "0070"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("is_test", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE customers SET is_test = true WHERE 'simulator' = ANY(tags)")
    op.drop_constraint("uq_status_events_wamid_status", "message_status_events", type_="unique")
    op.create_unique_constraint(
        "uq_status_events_wamid_status", "message_status_events", ["wa_message_id", "status", "restaurant_id"]
    )
    op.execute(
        "UPDATE customers SET name = left(regexp_replace(name, "
        "'[\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C]', '', 'g'), 120) "
        "WHERE name ~ '[\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F\\u061C]' OR length(name) > 120"
    )


def downgrade() -> None:
    op.drop_constraint("uq_status_events_wamid_status", "message_status_events", type_="unique")
    op.execute(
        "DELETE FROM message_status_events e USING message_status_events d "
        "WHERE e.wa_message_id = d.wa_message_id AND e.status = d.status AND e.id > d.id"
    )
    op.create_unique_constraint(
        "uq_status_events_wamid_status", "message_status_events", ["wa_message_id", "status"]
    )
    op.drop_column("customers", "is_test")
