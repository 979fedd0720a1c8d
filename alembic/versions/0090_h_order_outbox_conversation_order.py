"""replies to one conversation leave in order; the send slot's grant time is kept

Revision ID: h_order_0090
Revises: 0080

- `ix_outbox_conversation_unsent`: a reply is claimed only when no earlier reply of its
  conversation is still waiting to go out (services/channel/sending.py, `_EARLIER_UNSENT`). Partial
  on unsent rows, so it stays as small as the backlog and the check is one index probe.
- `outbox.slot_at`: when the per-number throughput cap granted the post its slot (NULL for posts
  that take none: the sandbox). Written with the wamid, in the same statement; it is what the cap
  is checked against.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "h_order_0090"
down_revision: str | None = "0080"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_conversation_unsent", "outbox", ["conversation_id", "id"],
                    postgresql_where=sa.text("status IN ('pending', 'sending')"))  # fmt: skip
    op.add_column("outbox", sa.Column("slot_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("outbox", "slot_at")
    op.drop_index("ix_outbox_conversation_unsent", table_name="outbox")
