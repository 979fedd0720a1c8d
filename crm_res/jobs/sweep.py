"""Safety nets: work that was committed but whose job was lost (a crash between commit and enqueue)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from crm_res.db import get_engine
from crm_res.jobs.enqueue import enqueue_inbound, enqueue_sends
from crm_res.services.ingest import StoredMessage

STALE = timedelta(seconds=30)


def requeue_stale() -> str:
    """Re-enqueue inbound messages not processed and outbox rows not sent after STALE."""
    cutoff = datetime.now(UTC) - STALE
    with get_engine().connect() as conn:
        inbound = conn.execute(text(
            "SELECT id, wa_message_id, restaurant_id, conversation_id FROM messages "
            "WHERE direction = 'inbound' AND processed_at IS NULL AND created_at < :c LIMIT 1000"),
            {"c": cutoff}).all()  # fmt: skip
        outbox = conn.execute(text(
            "SELECT id, not_before FROM outbox WHERE status IN ('pending', 'sending') "
            "AND not_before < :c AND coalesce(sending_started_at, not_before) < :c LIMIT 1000"),
            {"c": cutoff}).all()  # fmt: skip
    enqueue_inbound([StoredMessage(i, w or "", r, c) for i, w, r, c in inbound])
    enqueue_sends([(i, None) for i, _ in outbox])
    return f"requeued {len(inbound)} inbound, {len(outbox)} outbox"
