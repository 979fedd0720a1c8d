"""Outgoing webhook jobs: deliver one event, and the dispatcher that queues every due one.

`deliver_webhook(id)` is idempotent (services/api/webhook_delivery.py locks and re-checks the
row), so a second job for the same delivery, from the dispatcher or a redelivery, does nothing
harmful. After a success (or a given-up failure) the next event of the same conversation is
queued at once; after a failure the same delivery is scheduled at its retry time. The dispatcher
runs after every commit that wrote deliveries and periodically (it also covers a lost job or a
crash between commit and enqueue).
"""

from __future__ import annotations

from datetime import UTC, datetime

from crm_res.db import session_scope
from crm_res.jobs.queues import DEFAULT, queue
from crm_res.services.api import webhook_delivery
from crm_res.services.api.webhook_events import on_committed_events

_JOB = {"job_timeout": 120, "result_ttl": 60, "failure_ttl": 7 * 86400}


def enqueue_delivery(delivery_id: int, at: datetime | None = None) -> None:
    q = queue(DEFAULT)
    job_id = f"wh-{delivery_id}-{int(at.timestamp()) if at else 'now'}"
    if at is not None and at > datetime.now(UTC):
        q.enqueue_at(at, deliver_webhook, delivery_id, job_id=job_id, **_JOB)
    else:
        q.enqueue(deliver_webhook, delivery_id, job_id=job_id, **_JOB)


def deliver_webhook(delivery_id: int) -> str:
    with session_scope() as session:
        outcome = webhook_delivery.attempt_delivery(session, delivery_id)
    # Committed: the next in line may go, or this one waits for its retry time.
    for next_id in outcome.next_ids:
        enqueue_delivery(next_id)
    if outcome.retry_at is not None:
        enqueue_delivery(delivery_id, outcome.retry_at)
    if not outcome.attempted:
        return "skipped"
    return "delivered" if outcome.delivered else "failed"


def dispatch_webhooks() -> str:
    """Queue a delivery job for every due delivery that is first in its conversation's line."""
    with session_scope() as session:
        ids = webhook_delivery.due_heads(session)
    for delivery_id in ids:
        enqueue_delivery(delivery_id)
    return f"queued {len(ids)} webhook deliveries"


def enqueue_dispatch() -> None:
    """Called after a commit that wrote deliveries: one dispatcher run (a queued one is enough)."""
    q = queue(DEFAULT)
    job = q.fetch_job("wh-dispatch")
    if job is not None and job.get_status(refresh=False) in ("queued", "deferred", "scheduled"):
        return
    q.enqueue(dispatch_webhooks, job_id="wh-dispatch", job_timeout=120, result_ttl=10, failure_ttl=86400)


on_committed_events(enqueue_dispatch)
