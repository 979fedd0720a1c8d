"""Thin RQ job: send one outbox row; schedule the retry or reconciliation it asks for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from crm_res.db import get_engine
from crm_res.jobs.enqueue import SEND_OUTBOX, enqueue_send, send_job_id
from crm_res.jobs.queues import OUTBOUND, queue
from crm_res.logs import get_logger, trace_meta
from crm_res.services.outbox.sending import SendOutcome, send_many
from crm_res.services.outbox.sending import send_outbox as send_outbox_row

log = get_logger("crm_res.send")


def send_outbox(outbox_id: int) -> str:
    outcome = send_outbox_row(engine=get_engine(), outbox_id=outbox_id)
    _follow_up(outbox_id, outcome)
    return outcome.status if not outcome.reason else f"{outcome.status}: {outcome.reason}"


def _follow_up(outbox_id: int, outcome: SendOutcome) -> None:
    log.info("send.outcome", outbox_id=outbox_id, outcome=outcome.status, reason=outcome.reason,
             sent_wamid=outcome.wamid)  # fmt: skip
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
