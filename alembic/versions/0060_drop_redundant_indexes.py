"""drop four single-column indexes that composite indexes already cover

Revision ID: 0060
Revises: 0050

Every inbound message inserts or moves rows of `customers`, `conversations` and `messages`, and
each non-HOT row version writes every index of its table. These four serve nothing that an
index leading with the same column does not (lookups, the ON DELETE CASCADE from restaurants and
customers): conversations (restaurant_id) and (customer_id), customers (restaurant_id), messages
(restaurant_id).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0060"
down_revision: str | None = "0050"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROPPED = [
    ("ix_conversations_restaurant_id", "conversations", "restaurant_id"),
    ("ix_conversations_customer_id", "conversations", "customer_id"),
    ("ix_customers_restaurant_id", "customers", "restaurant_id"),
    ("ix_messages_restaurant_id", "messages", "restaurant_id"),
]


def upgrade() -> None:
    for name, table, _column in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in DROPPED:
        op.create_index(name, table, [column], unique=False)
