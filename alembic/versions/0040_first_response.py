"""first customer message and first reply per conversation (response-time analytics)

Revision ID: 0040
Revises: 0030

The analytics page's response time used to scan every message of the period (~170,000 a month
for a busy restaurant, ~95 ms). Two columns on `conversations`, kept by a trigger on `messages`
so that every writer (webhook batches, worker, staff, demo, imports) fills them, make it a read
of the period's conversations. The trigger touches a conversation only for its first inbound
message and its first reply; every later message finds the column set and updates nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0040"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("conversations", sa.Column("first_inbound_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("conversations", sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("""
        CREATE FUNCTION crm_res_first_response() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.direction = 'inbound' THEN
                UPDATE conversations SET first_inbound_at = NEW.created_at
                WHERE id = NEW.conversation_id
                  AND (first_inbound_at IS NULL OR first_inbound_at > NEW.created_at)
                  AND first_response_at IS NULL;
            ELSIF NEW.direction = 'outbound' THEN
                UPDATE conversations SET first_response_at = NEW.created_at
                WHERE id = NEW.conversation_id AND first_response_at IS NULL
                  AND first_inbound_at IS NOT NULL AND first_inbound_at <= NEW.created_at;
            END IF;
            RETURN NULL;
        END $$;
    """)
    op.execute("""
        CREATE TRIGGER messages_first_response AFTER INSERT ON messages
        FOR EACH ROW WHEN (NEW.direction IN ('inbound', 'outbound'))
        EXECUTE FUNCTION crm_res_first_response();
    """)
    # Existing history: the same definition, computed once.
    op.execute("""
        UPDATE conversations c SET first_inbound_at = a.first_in, first_response_at = a.first_out
        FROM (
            SELECT i.conversation_id, i.first_in,
                   (SELECT min(o.created_at) FROM messages o WHERE o.conversation_id = i.conversation_id
                      AND o.direction = 'outbound' AND o.created_at >= i.first_in) AS first_out
            FROM (SELECT conversation_id, min(created_at) AS first_in FROM messages
                  WHERE direction = 'inbound' GROUP BY conversation_id) i
        ) a
        WHERE c.id = a.conversation_id;
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS messages_first_response ON messages")
    op.execute("DROP FUNCTION IF EXISTS crm_res_first_response()")
    op.drop_column("conversations", "first_response_at")
    op.drop_column("conversations", "first_inbound_at")
