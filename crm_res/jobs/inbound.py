"""Thin RQ job: process one stored inbound message, then enqueue the sends it queued."""

from __future__ import annotations

from sqlmodel import Session

from crm_res.db import get_engine
from crm_res.jobs.queues import DEFAULT, queue
from crm_res.jobs.send import send_in_order
from crm_res.services.inbound import handle_inbound


def process_inbound(message_id: int) -> str:
    # One connection for the processing and the inline sends (one checkout and ping, not two);
    # the processing still commits on its own before any send is claimed or posted.
    with get_engine().connect() as conn:
        with Session(bind=conn, expire_on_commit=False) as session:
            try:
                outcome = handle_inbound(session=session, message_id=message_id)
                session.commit()
            except BaseException:
                session.rollback()
                raise
        send_in_order(outcome.sends, conn=conn)  # after commit; in order, in this job: no second hop
    for func, args in outcome.jobs:
        queue(DEFAULT).enqueue(func, *args, job_timeout=60)
    return outcome.action
