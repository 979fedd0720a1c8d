"""Pages start the send job of a reply they queued once their transaction has committed.

The domain returns what it queued (`outbox.Queued`) and cannot import the jobs; the page's
session registers the start with `db.after_commit`, so a rolled-back action starts nothing and a
job never reads an uncommitted row. A start that fails is logged there; the sweeper sends the row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crm_res.db import after_commit


def send_after_commit(session: Session, queued: Any) -> None:
    """Start the send of `queued` (an `outbox.Queued`, or None) after `session` commits."""
    if queued is not None and queued.created:
        after_commit(session, _start_send, queued.outbox_id, queued.not_before)


def follow_up_after_commit(session: Session, requested: list[Any]) -> None:
    """Enqueue the domain's follow-ups (`services.followups`) after `session` commits."""
    if requested:
        after_commit(session, _start_follow_ups, list(requested))


def _start_follow_ups(requested: list[Any]) -> None:
    from crm_res.jobs.followups import enqueue_followups

    enqueue_followups(requested)


def _start_send(outbox_id: int, not_before: datetime | None) -> None:
    from crm_res.jobs.enqueue import enqueue_send

    enqueue_send(outbox_id, not_before)
