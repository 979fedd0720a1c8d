"""replies to one conversation leave in order: an index of each conversation's unsent outbox rows

Revision ID: 0100
Revises: 0090

A reply is claimed only when no earlier row of its conversation is still on its way out
(services/outbox/sending.py: the NOT EXISTS in `_FAST_CLAIM`, `_held_until` in `_claim`). Partial on
unsent rows, so the index stays as small as the backlog and the check is one index probe.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0100"
down_revision: str | None = "0090"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_conversation_unsent", "outbox", ["conversation_id", "id"],
                    postgresql_where=sa.text("status IN ('pending', 'sending')"))


def downgrade() -> None:
    op.drop_index("ix_outbox_conversation_unsent", table_name="outbox")
