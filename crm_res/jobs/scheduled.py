"""Thin periodic RQ jobs (declared in `jobs/schedule.py`): open a session, call the service; the
sends it queued are enqueued once the session commits (RQ's `enqueue_at` holds the ones due later)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from crm_res.db import after_commit, session_scope
from crm_res.jobs.enqueue import enqueue_bulk, enqueue_sends
from crm_res.services.campaigns import release as campaigns
from crm_res.services.outreach import feedback_requests, housekeeping, ramadan, summaries
from crm_res.services.timing import holding


class _Outcome(Protocol):
    @property
    def sends(self) -> Sequence[Any]: ...


OutcomeT = TypeVar("OutcomeT", bound=_Outcome)


def _with_sends(run: Callable[..., list[OutcomeT]]) -> list[OutcomeT]:
    """`run(session=...)`'s outcomes; the sends they queued are enqueued once the session commits."""
    with session_scope() as session:
        outcomes = run(session=session)
        after_commit(session, enqueue_sends, [send for o in outcomes for send in o.sends])
    return outcomes


def queue_due_feedback_requests() -> str:
    """Feedback requests for orders delivered and visits recorded a few hours ago."""
    outcomes = _with_sends(feedback_requests.queue_due_feedback_requests)
    by_status: dict[str, int] = {}
    for o in outcomes:
        by_status[o.status] = by_status.get(o.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(by_status.items())) or "nothing due"


def send_daily_summaries() -> str:
    """Each restaurant's summary at its local summary time: stored, and sent to owners."""
    outcomes = _with_sends(summaries.run_due_summaries)
    return "; ".join(str(o) for o in outcomes) or "no summary due"


def abandon_idle_conversations() -> str:
    with session_scope() as session:
        count = housekeeping.abandon_idle_conversations(session=session)
    return f"{count} conversations abandoned"


def warm_prayer_times() -> str:
    """After local midnight: today's and tomorrow's prayer times for every branch city."""
    with session_scope() as session:
        places = holding.warm_prayer_times(session=session)
    return f"warmed {', '.join(places)}" if places else "no restaurant starting its day"


def prune_release_slots() -> str:
    with session_scope() as session:
        count = holding.prune_release_slots(session=session)
    return f"{count} release slots pruned"


def schedule_pre_iftar_promotions() -> str:
    """In Ramadan: today's pre-iftar promotion, for restaurants that enabled it."""
    outcomes = _with_sends(ramadan.schedule_due_promotions)
    return "; ".join(str(o) for o in outcomes) or "no promotion today"


def release_campaigns() -> str:
    """Campaign sends due in the next few seconds: outbox rows written, then each restaurant's batch
    sender queued for its first one (jobs/send.send_bulk). Idempotent: the state is in Postgres
    (services/campaigns/release.py)."""
    with session_scope() as session:
        outcome = campaigns.release_due(session=session)
        after_commit(session, enqueue_bulk_senders, outcome.first_slot)
    return str(outcome)


def enqueue_bulk_senders(first_slot: dict) -> None:
    for restaurant_id, at in first_slot.items():
        enqueue_bulk(restaurant_id, at)
