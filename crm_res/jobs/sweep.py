"""Safety nets: work that was committed but whose job was lost (a crash between commit and enqueue).

An outbox row is picked up only when its job is really missing: it is due (`not_before` has
passed: a retry's Retry-After and backoff are kept there), it has no job queued, scheduled or
running, and, for a row left `sending` (a post with an unknown outcome), the grace for its status
webhook is over (services/outbox/sending.py then decides, and records, whether to send it again).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from crm_res.db import get_engine
from crm_res.jobs.enqueue import (
    BULK_PURPOSES,
    INBOUND_JOB_ID,
    SEND_JOB_ID,
    enqueue_bulk,
    enqueue_inbound_ids,
    enqueue_sends,
)
from crm_res.jobs.queues import OUTBOUND, REPLIES, queue
from crm_res.services.outbox.sending import unknown_send_grace

STALE = timedelta(seconds=30)

# The statements are module constants: one place to read them, and (like ingest.py's) no
# upper/lower-case copies of their keywords among the mutants (docs/MUTATION.md).
_UNPROCESSED_INBOUND = text(
    "SELECT id FROM messages WHERE direction = 'inbound' AND processed_at IS NULL AND created_at < :c LIMIT 1000"
)
_STRANDED_BATCHES = text(
    "SELECT DISTINCT restaurant_id FROM outbox WHERE ((status = 'pending' AND not_before < :c) "
    "OR (status = 'sending' AND sending_started_at IS NULL)) AND purpose = ANY(:bulk)"
)
_STRANDED_SENDS = text(
    "SELECT id FROM outbox WHERE (status = 'pending' AND not_before < :c "
    "AND purpose <> ALL(:bulk_purposes)) "
    "OR (status = 'sending' AND sending_started_at < CASE WHEN business_initiated THEN :bulk "
    "ELSE :reply END) ORDER BY not_before LIMIT 1000"
)


def _live_ids(queue_name: str, pattern: re.Pattern[str]) -> set[int]:
    q = queue(queue_name)
    ids = [*q.get_job_ids(), *q.scheduled_job_registry.get_job_ids(), *q.started_job_registry.get_job_ids()]
    return {int(m.group(1)) for job_id in ids if (m := pattern.match(job_id))}


def live_send_jobs() -> set[int]:
    """Outbox ids with a send job waiting in the queue, scheduled for later, or running."""
    return _live_ids(OUTBOUND, SEND_JOB_ID)


def live_inbound_jobs() -> set[int]:
    """Inbound message ids whose processing job is waiting in the queue or running: in a backlog
    older than STALE, queuing them again would only make the workers claim them twice."""
    return _live_ids(REPLIES, INBOUND_JOB_ID)


def requeue_stale(now: datetime | None = None) -> str:
    """Re-enqueue inbound messages not processed after STALE, and outbox rows whose job is lost."""
    now = now or datetime.now(UTC)
    cutoff = now - STALE
    with get_engine().connect() as conn:
        inbound = conn.execute(_UNPROCESSED_INBOUND, {"c": cutoff}).scalars().all()
        # A late pending row of a batched purpose (campaigns), or one a stopped batch claimed and
        # never posted (`sending` with no send started: bulk_sending.release_unposted), wakes its
        # restaurant's batch sender; everything else (and a batched row left `sending` after its
        # post began: its outcome is unknown) its own job.
        batched = conn.execute(_STRANDED_BATCHES, {"c": cutoff, "bulk": list(BULK_PURPOSES)}).scalars().all()
        outbox = (
            conn.execute(
                _STRANDED_SENDS,
                {
                    "c": cutoff,
                    "reply": now - unknown_send_grace(),
                    "bulk": now - unknown_send_grace(True),
                    "bulk_purposes": list(BULK_PURPOSES),
                },
            )
            .scalars()
            .all()
        )
    live_in = live_inbound_jobs() if inbound else set()
    # Ids only: a job of the webhook carries its request's id and wamid in its meta, one re-queued
    # here has no request to name.
    lost_in = [i for i in inbound if i not in live_in]
    live = live_send_jobs() if outbox else set()
    lost = [i for i in outbox if i not in live]
    enqueue_inbound_ids(lost_in)
    enqueue_sends([(i, None) for i in lost])
    woken = sum(enqueue_bulk(r) for r in batched)
    return f"requeued {len(lost_in)} inbound, {len(lost)} outbox, {woken} batch senders"
