"""index outbox rows by their WhatsApp message id

Revision ID: 0050
Revises: 0040

A `failed` status from Meta marks its outbox row failed by wamid (services/ingest.py,
_APPLY_TO_OUTBOX). Without an index that join read the whole outbox, which grows by one row per
message sent, inside the webhook's transaction. Partial: rows not sent yet have no wamid.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0050"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_wa_message_id", "outbox", ["wa_message_id"],
                    postgresql_where=sa.text("wa_message_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_outbox_wa_message_id", table_name="outbox")
