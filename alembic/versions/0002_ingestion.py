"""ingestion: status events, processed_at, one open conversation

Reviewed by hand: messages that existed before this revision count as processed, so the
sweeper does not answer history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 14:34:32.325283
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('message_status_events',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('restaurant_id', sa.UUID(), nullable=False),
    sa.Column('wa_message_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('error_code', sa.Integer(), nullable=True),
    sa.Column('error_title', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('callback_data', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['restaurant_id'], ['restaurants.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('wa_message_id', 'status', name='uq_status_events_wamid_status')
    )
    op.create_index(op.f('ix_message_status_events_restaurant_id'), 'message_status_events', ['restaurant_id'], unique=False)
    op.create_index(op.f('ix_message_status_events_wa_message_id'), 'message_status_events', ['wa_message_id'], unique=False)
    op.create_index('ix_conversations_customer_started', 'conversations', ['customer_id', sa.literal_column('started_at DESC')], unique=False)
    op.create_index('uq_conversations_one_open', 'conversations', ['customer_id'], unique=True, postgresql_where=sa.text("status IN ('active', 'escalated')"))
    op.add_column('messages', sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE messages SET processed_at = created_at WHERE direction = 'inbound'")
    op.create_index('ix_messages_unprocessed', 'messages', ['created_at'], unique=False, postgresql_where=sa.text("direction = 'inbound' AND processed_at IS NULL"))
    op.add_column('outbox', sa.Column('sending_started_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('outbox', 'sending_started_at')
    op.drop_index('ix_messages_unprocessed', table_name='messages', postgresql_where=sa.text("direction = 'inbound' AND processed_at IS NULL"))
    op.drop_column('messages', 'processed_at')
    op.drop_index('uq_conversations_one_open', table_name='conversations', postgresql_where=sa.text("status IN ('active', 'escalated')"))
    op.drop_index('ix_conversations_customer_started', table_name='conversations')
    op.drop_index(op.f('ix_message_status_events_wa_message_id'), table_name='message_status_events')
    op.drop_index(op.f('ix_message_status_events_restaurant_id'), table_name='message_status_events')
    op.drop_table('message_status_events')
