"""message templates: Meta's parameter format (positional {{1}} or named {{first_name}})

Revision ID: 0160
Revises: 0150

Templates synced from Meta's list (services/admin/template_sync.py) may use named parameters;
a send must then name each body parameter (`parameter_name`). Templates entered by hand stay
positional, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0160"
down_revision: str | None = "0150"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "message_templates",
        sa.Column("parameter_format", sa.String(), nullable=False, server_default="positional"),
    )


def downgrade() -> None:
    op.drop_column("message_templates", "parameter_format")
