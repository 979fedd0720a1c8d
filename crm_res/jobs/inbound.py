"""Thin RQ job: process stored inbound messages, then send the replies they queued.

Under a backlog, one job also takes the inbound jobs queued behind it (up to BATCH per round)
and processes them in one transaction: RQ's bookkeeping (~2 ms and ~15 Redis round trips per
job) and a commit per message were most of a reply's cost. Each message is still claimed by its
own `processed_at` UPDATE, so exactly-once does not depend on who runs it.

A round's replies are sent after its commit, so every customer in it waits for the others'
answers: a round takes only as many messages as fit in ROUND_TARGET_SECONDS at the per-message
time this process measured (`_Pace`). Without a model that is the whole BATCH (a few ms each);
with a model answering in a second or more it is one message per round, as before batching; a
fast model (or the benches' instant one) gets batches again. Measured by bench/reply_latency.py:
one message per job at 50 concurrent conversations was the reply p99 (the workers' throughput).
"""

from __future__ import annotations

import logging
import time

from sqlmodel import Session

from crm_res.db import get_engine, get_redis
from crm_res.jobs.enqueue import enqueue_inbound_ids, take_queued_inbound
from crm_res.jobs.followups import enqueue_followups
from crm_res.jobs.ingest_pressure import is_busy
from crm_res.jobs.send import send_in_order
from crm_res.services.dialogue.inbound import handle_inbound_batch
from crm_res.settings import get_settings

log = logging.getLogger(__name__)

BATCH = 16  # messages per transaction at most: enough to amortise the commit
ROUND_BUDGET_SECONDS = 2.0  # a job takes more rounds only while this lasts (other queues wait)
ROUND_TARGET_SECONDS = 0.25  # what a round's batching may add to its first customer's wait


class _Pace:
    """The recent time per message of this process's rounds (an exponential moving average),
    and so how many messages a round may take within ROUND_TARGET_SECONDS."""

    def __init__(self) -> None:
        self.per_message: float | None = None

    def batch(self) -> int:
        if self.per_message is None:  # nothing measured yet: a model may take seconds, go alone
            return BATCH if not get_settings().llm_api_key else 1
        return max(1, min(BATCH, int(ROUND_TARGET_SECONDS / max(self.per_message, 1e-4))))

    def observe(self, seconds: float, messages: int) -> None:
        if messages <= 0:
            return
        sample = seconds / messages
        self.per_message = sample if self.per_message is None else 0.7 * self.per_message + 0.3 * sample


_pace = _Pace()


def process_inbound(message_id: int) -> str:
    ids = [message_id, *take_queued_inbound(_pace.batch() - 1, besides=message_id)]
    action = _timed_round(ids, own=message_id)
    deadline = time.monotonic() + ROUND_BUDGET_SECONDS
    # No further rounds while the ingestion tier is behind (crm_res/jobs/ingest_pressure.py): the
    # rest stays queued, for this worker's next job once the tier has caught up.
    while (
        time.monotonic() < deadline
        and not is_busy(get_redis())
        and (more := take_queued_inbound(_pace.batch()))
    ):
        _timed_round(more, own=None)
    return action


def _timed_round(ids: list[int], own: int | None) -> str:
    started = time.monotonic()
    action = _process_round(ids, own)
    _pace.observe(time.monotonic() - started, len(ids))
    return action


def _process_round(ids: list[int], own: int | None) -> str:
    """Process `ids` in one transaction, then send their replies in message order.

    If any of them fails, the others must not pay for it: the job's own message is processed
    alone (its error fails this job, as RQ records), the rest go back to the queue as jobs of their own."""
    with get_engine().connect() as conn:
        with Session(bind=conn, expire_on_commit=False) as session:
            try:
                outcomes = handle_inbound_batch(session=session, message_ids=ids)
                session.commit()
            except Exception:
                session.rollback()
                if ids == [own]:
                    raise
                log.warning("inbound batch %s failed; processing its messages one by one", ids, exc_info=True)
                outcomes = None
        if outcomes is not None:
            send_in_order([o.sends for o in outcomes], conn=conn)  # after commit, in this job: no second hop
    if outcomes is None:
        enqueue_inbound_ids([i for i in ids if i != own])
        return _process_round([own], own=own) if own is not None else "requeued"
    enqueue_followups(job for outcome in outcomes for job in outcome.jobs)
    return outcomes[0].action  # the own message's, when there is one (it comes first)
