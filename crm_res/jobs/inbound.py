"""Thin RQ job: process stored inbound messages, then send the replies they queued.

Under a backlog, one job also takes the inbound jobs queued behind it (up to BATCH per round)
and processes them in one transaction: RQ's bookkeeping (~2 ms and ~15 Redis round trips per
job) and a commit per message were most of a reply's cost. Each message is still claimed by its
own `processed_at` UPDATE, so exactly-once does not depend on who runs it.
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

BATCH = 16  # messages per transaction: enough to amortise the commit, short enough to answer fast
ROUND_BUDGET_SECONDS = 2.0  # a job takes more rounds only while this lasts (other queues wait)


def process_inbound(message_id: int) -> str:
    # With a model answering, each message waits on the network: batching would make the
    # customers in one batch wait for each other's answers, for no CPU gain.
    batching = not get_settings().llm_api_key
    ids = [message_id, *take_queued_inbound(BATCH - 1, besides=message_id)] if batching else [message_id]
    action = _process_round(ids, own=message_id)
    deadline = time.monotonic() + ROUND_BUDGET_SECONDS
    # No further rounds while the ingestion tier is behind (crm_res/jobs/ingest_pressure.py): the
    # rest stays queued, for this worker's next job once the tier has caught up.
    while (
        batching
        and time.monotonic() < deadline
        and not is_busy(get_redis())
        and (more := take_queued_inbound(BATCH))
    ):
        _process_round(more, own=None)
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
