"""orders.delivery_address: where a delivered order goes, in a column of its own

Revision ID: 0210
Revises: 0200

The assistant wrote a delivery's address into `special_instructions` behind a label ("عنوان
التوصيل: …"), and read it back from that prose to deliver a later order "to the same address".
`special_instructions` is the customer's notes for the kitchen or the driver (the seed's data model);
the address is a fact of its own. Existing rows are moved: the labelled address goes to the new
column and leaves the notes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0210"
down_revision: str | None = "0200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LABEL = "عنوان التوصيل:"


def upgrade() -> None:
    op.add_column("orders", sa.Column("delivery_address", sa.String(), nullable=True))
    op.execute(
        sa.text(
            "UPDATE orders SET delivery_address = btrim(substr(special_instructions, :n)),"
            " special_instructions = NULL"
            " WHERE delivery_type = 'delivery' AND starts_with(special_instructions, :label)"
        ).bindparams(n=len(_LABEL) + 1, label=_LABEL)
    )


def downgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE orders SET special_instructions = :label || ' ' || delivery_address"
            " WHERE delivery_address IS NOT NULL AND special_instructions IS NULL"
        ).bindparams(label=_LABEL)
    )
    op.drop_column("orders", "delivery_address")
