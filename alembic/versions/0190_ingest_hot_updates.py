"""ingestion's per-message writes: customers updated in place (HOT), first response set-based

Revision ID: 0190
Revises: 0180

Every stored message moves its customer's `last_interaction` and `last_inbound_at`. With
`last_interaction` indexed, each of those updates was a new row version in every index of
`customers`: nine of them, three GIN (name and number trigrams, tags). No query used the index:
the customer list sorts `last_interaction DESC NULLS LAST, id` (the index is NULLS FIRST and has
no id), and the "last visit" segment filter reads the restaurant's customers anyway (its count
does). Without it the update changes no indexed column and is a heap-only (HOT) update: no index
entry at all (bench/ingest_statements.py, docs/CAPACITY.md). `fillfactor` leaves room on each
page for those in-place versions.

The first-response columns (0040) were kept by a row trigger: a PL/pgSQL call and an UPDATE
per inserted message, for the one message in a conversation that sets them. Now a statement
trigger over the statement's inserted rows (a transition table): one call per statement, the
same rule (earliest inbound before any reply; the first reply after it).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0190"
down_revision: str | None = "0180"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROW_FUNCTION = """
    CREATE OR REPLACE FUNCTION crm_res_first_response() RETURNS trigger LANGUAGE plpgsql AS $$
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
"""


def upgrade() -> None:
    op.drop_index("ix_customers_restaurant_last_interaction", table_name="customers")
    op.execute("ALTER TABLE customers SET (fillfactor = 85)")
    op.execute("DROP TRIGGER IF EXISTS messages_first_response ON messages")
    op.execute("DROP FUNCTION IF EXISTS crm_res_first_response()")
    # Inbound first (a statement's replies then see its customer's first message), each
    # conversation once, and only conversations still without a reply: later messages update
    # nothing. The first reply is the earliest outbound row not before the first inbound one,
    # whatever the order of the statement's rows (the row trigger depended on it).
    op.execute("""
        CREATE FUNCTION crm_res_first_response() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE conversations c SET first_inbound_at = n.at
            FROM (SELECT conversation_id, min(created_at) AS at FROM new_messages
                  WHERE direction = 'inbound' GROUP BY conversation_id) n
            WHERE c.id = n.conversation_id AND c.first_response_at IS NULL
              AND (c.first_inbound_at IS NULL OR c.first_inbound_at > n.at);
            UPDATE conversations c SET first_response_at = n.at
            FROM (SELECT m.conversation_id, min(m.created_at) AS at
                  FROM new_messages m JOIN conversations f ON f.id = m.conversation_id
                  WHERE m.direction = 'outbound' AND m.created_at >= f.first_inbound_at
                    AND f.first_response_at IS NULL
                  GROUP BY m.conversation_id) n
            WHERE c.id = n.conversation_id AND c.first_response_at IS NULL;
            RETURN NULL;
        END $$;
    """)
    op.execute("""
        CREATE TRIGGER messages_first_response AFTER INSERT ON messages
        REFERENCING NEW TABLE AS new_messages
        FOR EACH STATEMENT EXECUTE FUNCTION crm_res_first_response();
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS messages_first_response ON messages")
    op.execute("DROP FUNCTION IF EXISTS crm_res_first_response()")
    op.execute(_ROW_FUNCTION)
    op.execute("""
        CREATE TRIGGER messages_first_response AFTER INSERT ON messages
        FOR EACH ROW WHEN (NEW.direction IN ('inbound', 'outbound'))
        EXECUTE FUNCTION crm_res_first_response();
    """)
    op.execute("ALTER TABLE customers RESET (fillfactor)")
    op.create_index(
        "ix_customers_restaurant_last_interaction",
        "customers",
        ["restaurant_id", sa.text("last_interaction DESC")],
    )
