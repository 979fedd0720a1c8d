"""outgoing webhooks: endpoints, deliveries (an outbox written with the change), attempts

Revision ID: 0110
Revises: 0100
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0110"
down_revision: str | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""
    CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        restaurant_id uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
        url text NOT NULL,
        description varchar NOT NULL DEFAULT '',
        events varchar[] NOT NULL DEFAULT '{}',
        secret varchar(120) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason varchar,
        failure_count integer NOT NULL DEFAULT 0,
        last_success_at timestamptz,
        last_failure_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_webhook_endpoints_restaurant_id ON webhook_endpoints (restaurant_id);
    CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        restaurant_id uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
        event_id varchar NOT NULL,
        event_type varchar NOT NULL,
        ordering_key varchar,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        status varchar NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status_code integer,
        last_error varchar,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_webhook_deliveries_endpoint_event UNIQUE (endpoint_id, event_id)
    );
    CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (endpoint_id, ordering_key, id)
        WHERE status = 'pending';
    CREATE INDEX ix_webhook_deliveries_log ON webhook_deliveries (endpoint_id, id DESC);
    CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        restaurant_id uuid NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
        delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        status_code integer,
        response_excerpt varchar NOT NULL DEFAULT '',
        duration_ms integer NOT NULL DEFAULT 0,
        error varchar,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ix_webhook_attempts_delivery_id ON webhook_attempts (delivery_id);
    """)


def downgrade() -> None:
    op.execute("DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints;")
