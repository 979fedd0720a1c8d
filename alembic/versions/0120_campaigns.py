"""campaigns: campaigns, their recipients, per-restaurant pacing; template category and sync time

Revision ID: 0120
Revises: 0110

- `campaigns`: audience (segment and/or numbers), template and parameters, timing, limits, status.
- `campaign_recipients`: one row per recipient frozen when the campaign is scheduled; the release
  job turns due rows into outbox rows (`campaign:<campaign>:<recipient>` idempotency keys).
- `campaign_pacing`: the next free send moment per restaurant (locked by the release job).
- `message_templates.category`, `.synced_at`: what Meta's template list says.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0120"
down_revision: str | None = "0110"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("message_templates", sa.Column("category", sa.String(), nullable=False, server_default=""))
    op.add_column("message_templates", sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("restaurant_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("restaurants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("template_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("message_templates.id", ondelete="SET NULL"), nullable=True),
        sa.Column("template_params", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("audience", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("timing", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("discount_percent", sa.Integer(), nullable=True),
        sa.Column("max_recipients", sa.Integer(), nullable=True),
        sa.Column("created_by", postgresql.UUID(as_uuid=True), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_campaigns_restaurant_created", "campaigns", ["restaurant_id", sa.text("created_at DESC")]
    )
    op.create_table(
        "campaign_recipients",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("campaign_id", postgresql.UUID(as_uuid=True), sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("restaurant_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("restaurants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("customer_id", postgresql.UUID(as_uuid=True), sa.ForeignKey("customers.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("wa_id", sa.String(), nullable=False),
        sa.Column("city", sa.String(), nullable=False, server_default=""),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("held_reason", sa.String(), nullable=True),
        sa.Column("held_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("params", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("discount_code", sa.String(), nullable=True),
        sa.Column("outbox_id", sa.BigInteger(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.UniqueConstraint("campaign_id", "customer_id", name="uq_campaign_recipients_customer"),
    )
    op.create_index("ix_campaign_recipients_due", "campaign_recipients", ["due_at"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_index("ix_campaign_recipients_customer_released", "campaign_recipients",
                    ["customer_id", "released_at"])
    op.create_index("ix_campaign_recipients_outbox", "campaign_recipients", ["outbox_id"],
                    postgresql_where=sa.text("outbox_id IS NOT NULL"))
    op.create_table(
        "campaign_pacing",
        sa.Column("restaurant_id", postgresql.UUID(as_uuid=True),
                  sa.ForeignKey("restaurants.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("campaign_pacing")
    op.drop_table("campaign_recipients")
    op.drop_table("campaigns")
    op.drop_column("message_templates", "synced_at")
    op.drop_column("message_templates", "category")
