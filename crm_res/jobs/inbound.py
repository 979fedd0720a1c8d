"""Thin RQ job: process one stored inbound message, then enqueue the sends it queued."""

from __future__ import annotations

from crm_res.db import session_scope
from crm_res.jobs.enqueue import enqueue_sends
from crm_res.jobs.queues import DEFAULT, queue
from crm_res.services.inbound import handle_inbound


def process_inbound(message_id: int) -> str:
    with session_scope() as session:
        outcome = handle_inbound(session=session, message_id=message_id)
    enqueue_sends(outcome.sends)  # after commit: the send job must find the rows
    for func, args in outcome.jobs:
        queue(DEFAULT).enqueue(func, *args, job_timeout=60)
    return outcome.action
