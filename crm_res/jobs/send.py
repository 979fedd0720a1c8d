"""Thin RQ job: send one outbox row; schedule the retry or reconciliation it asks for."""

from __future__ import annotations

import time
from datetime import timedelta

from crm_res.db import get_engine
from crm_res.jobs.enqueue import SEND_OUTBOX
from crm_res.jobs.queues import OUTBOUND, queue
from crm_res.services.sending import send_outbox as send_outbox_row


def send_outbox(outbox_id: int) -> str:
    outcome = send_outbox_row(engine=get_engine(), outbox_id=outbox_id)
    if outcome.status in ("retry", "reconcile") and outcome.retry_in is not None:
        queue(OUTBOUND).enqueue_in(
            timedelta(seconds=max(outcome.retry_in, 0.05)), SEND_OUTBOX, outbox_id,
            job_id=f"send-{outbox_id}-{time.time_ns()}", job_timeout=120, result_ttl=300,
        )  # fmt: skip
    return outcome.status if not outcome.reason else f"{outcome.status}: {outcome.reason}"
