"""Thin RQ job: send one outbox row; schedule the retry or reconciliation it asks for."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from redis.exceptions import LockError
from sqlalchemy import Connection

from crm_res.db import get_engine, get_redis
from crm_res.job_names import SEND_OUTBOX
from crm_res.jobs.enqueue import bulk_job_started, enqueue_bulk, enqueue_send, send_job_id
from crm_res.jobs.queues import OUTBOUND, REPLIES, queue
from crm_res.logs import get_logger, trace_meta
from crm_res.services.outbox.bulk_sending import send_due_bulk
from crm_res.services.outbox.sending import SendOutcome, send_many
from crm_res.services.outbox.sending import send_outbox as send_outbox_row

log = get_logger("crm_res.send")


def send_outbox(outbox_id: int) -> str:
    outcome = send_outbox_row(engine=get_engine(), outbox_id=outbox_id)
    _follow_up(outbox_id, outcome)
    return outcome.status if not outcome.reason else f"{outcome.status}: {outcome.reason}"


# One batch sender per number at a time: the cap is the number's, so a second would only take a
# second worker away from replies. The lock outlives a batch (about BULK_BATCH_SECONDS, a post's
# timeout at worst); after a SIGKILL the next batch starts when it expires.
BULK_LOCK_SECONDS = 30
BULK_BATCH_SECONDS = 1.0


def send_bulk(restaurant_id: str) -> str:
    """Send a batch of the restaurant's due campaign rows (outbox/bulk_sending.py), for about a
    second or until a reply is waiting; then queue the next batch behind that reply (or at the
    next row's time). Replies always go first: the `replies` queue is ahead of `bulk` in every
    worker, and a batch gives its worker back as soon as one is queued."""
    bulk_job_started(restaurant_id)
    lock = get_redis().lock(f"crm:bulk-send:{restaurant_id}", timeout=BULK_LOCK_SECONDS, blocking=False)
    if not lock.acquire(blocking=False):
        return "another worker is sending this restaurant's batch"
    try:
        outcome = send_due_bulk(
            engine=get_engine(),
            restaurant_id=uuid.UUID(restaurant_id),
            purpose="campaign",
            budget=BULK_BATCH_SECONDS,
            should_yield=_replies_waiting,
        )
    finally:
        try:
            lock.release()
        except LockError:  # expired during a very slow batch: nothing to give back
            pass
    for outbox_id, unknown in outcome.unknown:  # reconciled as the one-row job does
        _follow_up(outbox_id, unknown)
    if outcome.stopped in ("yield", "budget"):
        enqueue_bulk(restaurant_id)
    elif outcome.stopped == "cap":
        enqueue_bulk(restaurant_id, datetime.now(UTC) + timedelta(seconds=1))
    elif outcome.next_due is not None:
        enqueue_bulk(restaurant_id, outcome.next_due)
    log.info("send.bulk", restaurant_id=restaurant_id, outcome=str(outcome))
    return str(outcome)


def _replies_waiting() -> bool:
    """A customer's message is waiting to be answered (or a reply to be sent)."""
    r = get_redis()
    with r.pipeline(transaction=False) as pipe:
        pipe.llen(queue(REPLIES).key)
        pipe.llen(queue(OUTBOUND).key)
        return any(pipe.execute())


def _follow_up(outbox_id: int, outcome: SendOutcome) -> None:
    log.info(
        "send.outcome",
        outbox_id=outbox_id,
        outcome=outcome.status,
        reason=outcome.reason,
        sent_wamid=outcome.wamid,
    )
    if outcome.status == "deferred":  # released behind an earlier reply that must wait
        enqueue_send(outbox_id, datetime.now(UTC) + timedelta(seconds=outcome.retry_in or 0))
    elif outcome.status in ("retry", "reconcile") and outcome.retry_in is not None:
        queue(OUTBOUND).enqueue_in(
            timedelta(seconds=max(outcome.retry_in, 0.05)),
            SEND_OUTBOX,
            outbox_id,
            job_id=send_job_id(outbox_id, retry=True),
            job_timeout=120,
            result_ttl=300,
            meta=trace_meta() or None,
        )


def send_in_order(sequences: list[list[tuple[int, datetime | None]]], *, conn: Connection) -> None:
    """Send the due rows of each sequence now, in its order (one sequence: the replies to one
    message); the rest at their time, from the queue.

    Called after the rows were committed; if this process dies midway, the sweeper or the
    reconciliation picks the rows up, so nothing is lost or doubled. `conn`: the caller's
    connection (no transaction open) to send on."""
    now = datetime.now(UTC)
    due: list[list[int]] = []
    for sends in sequences:
        due.append([])
        for outbox_id, not_before in sends:
            if not_before is not None and not_before > now + timedelta(seconds=1):
                enqueue_send(outbox_id, not_before)
            else:
                due[-1].append(outbox_id)
    if not any(due):
        return
    outcomes = send_many(engine=get_engine(), conn=conn, sequences=due, now=now)
    for outbox_id, outcome in outcomes.items():
        _follow_up(outbox_id, outcome)
