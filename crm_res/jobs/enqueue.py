"""Enqueue helpers used after commit. Job ids come from the row they act on, so a second
enqueue of the same work (sweeper, redelivery) is recognised by the job itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from rq import Queue

from crm_res.db import get_redis
from crm_res.jobs.queues import OUTBOUND, REPLIES, queue

PROCESS_INBOUND = "crm_res.jobs.inbound.process_inbound"
SEND_OUTBOX = "crm_res.jobs.send.send_outbox"


def enqueue_inbound(messages: Iterable) -> None:  # Iterable[StoredMessage]
    """One pipeline for the whole batch of newly stored inbound messages."""
    q = queue(REPLIES)
    data = [
        Queue.prepare_data(
            PROCESS_INBOUND,
            args=(m.message_id,),
            job_id=f"in-{m.message_id}",
            timeout=120,
            result_ttl=300,
            failure_ttl=7 * 86400,
        )  # fmt: skip
        for m in messages
    ]
    if not data:
        return
    with get_redis().pipeline() as pipe:
        q.enqueue_many(data, pipeline=pipe)
        pipe.execute()


def enqueue_send(outbox_id: int, not_before: datetime | None = None) -> None:
    """Queue the send job for an outbox row now, or at its not-before time (RQ's scheduler)."""
    q = queue(OUTBOUND)
    kwargs = {"job_id": f"send-{outbox_id}", "job_timeout": 120, "result_ttl": 300,
              "failure_ttl": 7 * 86400}  # fmt: skip
    if not_before is not None and not_before > datetime.now(UTC):
        q.enqueue_at(not_before, SEND_OUTBOX, outbox_id, **kwargs)
    else:
        q.enqueue(SEND_OUTBOX, outbox_id, **kwargs)


def enqueue_sends(outbox: Iterable[tuple[int, datetime | None]]) -> None:
    for outbox_id, not_before in outbox:
        enqueue_send(outbox_id, not_before)
