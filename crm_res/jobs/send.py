"""Thin RQ job: send one outbox row; schedule the retry or reconciliation it asks for."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from crm_res.db import get_engine
from crm_res.jobs.enqueue import SEND_OUTBOX, enqueue_send
from crm_res.jobs.queues import OUTBOUND, queue
from crm_res.services.sending import send_outbox as send_outbox_row


def send_outbox(outbox_id: int, *, conn: Connection | None = None) -> str:
    outcome = send_outbox_row(engine=get_engine(), outbox_id=outbox_id, conn=conn)
    if outcome.status in ("retry", "reconcile") and outcome.retry_in is not None:
        queue(OUTBOUND).enqueue_in(
            timedelta(seconds=max(outcome.retry_in, 0.05)), SEND_OUTBOX, outbox_id,
            job_id=f"send-{outbox_id}-{time.time_ns()}", job_timeout=120, result_ttl=300,
        )  # fmt: skip
    return outcome.status if not outcome.reason else f"{outcome.status}: {outcome.reason}"


def send_in_order(sends: list[tuple[int, datetime | None]], *, conn: Connection | None = None) -> None:
    """Send due rows now, one after the other (replies keep their order); the rest at their time.

    Called after the rows were committed; if this process dies midway, the sweeper or the
    reconciliation picks the rows up, so nothing is lost or doubled. `conn`: the caller's
    connection (no transaction open) to send on.
    """
    now = datetime.now(UTC)
    for index, (outbox_id, not_before) in enumerate(sends):
        if not_before is not None and not_before > now + timedelta(seconds=1):
            enqueue_send(outbox_id, not_before)
            continue
        result = send_outbox(outbox_id, conn=conn)
        if not result.startswith("sent") and not result.startswith("skipped"):
            # This one must wait (retry/cap): later replies go to the queue, in order after it.
            for later_id, later_at in sends[index + 1 :]:
                enqueue_send(later_id, later_at)
            return
