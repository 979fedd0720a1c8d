"""template status from Meta's webhook: why and when

Revision ID: 0150
Revises: 0130

`message_template_status_update` tells why a template was rejected, paused or locked; Settings ›
Templates shows it in words.
- `message_templates.status_reason`: Meta's reason code, lower case (NULL for none).
- `message_templates.status_note`: Meta's own explanation text (other_info), when it sent one.
- `message_templates.status_at`: when the last status change arrived.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0150"
down_revision: str | None = "0130"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("message_templates", sa.Column("status_reason", sa.String(), nullable=True))
    op.add_column("message_templates", sa.Column("status_note", sa.String(), nullable=True))
    op.add_column("message_templates", sa.Column("status_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("message_templates", "status_at")
    op.drop_column("message_templates", "status_note")
    op.drop_column("message_templates", "status_reason")
