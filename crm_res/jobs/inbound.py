"""Thin RQ job: process one stored inbound message, then enqueue the sends it queued."""

from __future__ import annotations

from crm_res.db import session_scope
from crm_res.jobs.queues import DEFAULT, queue
from crm_res.jobs.send import send_in_order
from crm_res.services.inbound import handle_inbound


def process_inbound(message_id: int) -> str:
    with session_scope() as session:
        outcome = handle_inbound(session=session, message_id=message_id)
    send_in_order(outcome.sends)  # after commit; in order, in this job: no second hop for a reply
    for func, args in outcome.jobs:
        queue(DEFAULT).enqueue(func, *args, job_timeout=60)
    return outcome.action
