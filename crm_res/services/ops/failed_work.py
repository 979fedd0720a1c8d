"""Failed work an owner can see and retry: RQ jobs that failed, and sends Meta refused for good.

RQ's failed registry is global (every restaurant's jobs); a restaurant's owner sees only the jobs
whose arguments name a row of their restaurant (a message, an outbox row, an order). Jobs that
name no restaurant (the periodic ones) are for the machine's administrator: `crm-res jobs failed`.

The domain does not import RQ: the caller hands in a `FailedJobStore` (crm_res/jobs/failed.py
reads RQ's registries; tests may hand in their own).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import func
from sqlmodel import Session, col, select

from crm_res import job_names
from crm_res.models import Message, OutboxMessage, OutboxStatus, Role
from crm_res.models.commerce import Order
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.changes import audit_entry
from crm_res.services.errors import Forbidden, NotFound

# Which argument of which job names which row (the job's first argument).
_INBOUND = (job_names.PROCESS_INBOUND, job_names.FETCH_MEDIA)
_SEND = (job_names.SEND_OUTBOX,)
_ORDER = (job_names.FORWARD_TO_POS,)
MAX_LISTED = 200


@dataclass(frozen=True)
class FailedJob:
    id: str
    queue: str
    func: str
    args: tuple
    reason: str  # the exception's last line
    failed_at: datetime | None


class FailedJobStore(Protocol):
    def failed(self) -> list[FailedJob]: ...
    def requeue(self, job_id: str) -> None: ...
    def discard(self, job_id: str) -> None: ...


@dataclass(frozen=True)
class FailedSend:
    id: int
    to_wa_id: str
    purpose: str
    reason: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class FailedWork:
    jobs: list[FailedJob]
    sends: list[FailedSend]

    @property
    def count(self) -> int:
        return len(self.jobs) + len(self.sends)


def restaurant_of_job(session: Session, job: FailedJob) -> uuid.UUID | None:
    """The restaurant whose row the job's first argument names; None for jobs of no restaurant."""
    if not job.args:
        return None
    first = job.args[0]
    try:
        if job.func in _INBOUND:
            return session.exec(select(Message.restaurant_id).where(Message.id == int(first))).first()
        if job.func in _SEND:
            return session.exec(
                select(OutboxMessage.restaurant_id).where(OutboxMessage.id == int(first))
            ).first()
        if job.func in _ORDER:
            return session.exec(select(Order.restaurant_id).where(Order.id == uuid.UUID(str(first)))).first()
    except (TypeError, ValueError):
        return None
    return None


def _require_owner(viewer: Viewer) -> None:
    if viewer.role != Role.owner:
        raise Forbidden("only an owner can see failed work")


def _own_jobs(session: Session, viewer: Viewer, jobs: FailedJobStore) -> list[FailedJob]:
    return [j for j in jobs.failed() if restaurant_of_job(session, j) == viewer.restaurant_id]


def list_failed_work(*, session: Session, viewer: Viewer, jobs: FailedJobStore) -> FailedWork:
    """The owner's failed jobs and failed sends, newest first."""
    _require_owner(viewer)
    own = sorted(
        _own_jobs(session, viewer, jobs),
        key=lambda j: j.failed_at or datetime.min.replace(tzinfo=UTC),
        reverse=True,
    )[:MAX_LISTED]
    rows = session.exec(
        select(OutboxMessage)
        .where(
            OutboxMessage.restaurant_id == viewer.restaurant_id, OutboxMessage.status == OutboxStatus.failed
        )
        .order_by(col(OutboxMessage.id).desc())
        .limit(MAX_LISTED)
    ).all()
    sends = [
        FailedSend(r.id or 0, r.to_wa_id, r.purpose, r.last_error or "", r.attempts, r.created_at)
        for r in rows
    ]
    return FailedWork(own, sends)


def count_failed_work(*, session: Session, viewer: Viewer, jobs: FailedJobStore) -> int:
    """The number on the navigation (0 for anyone but an owner)."""
    if viewer.role != Role.owner:
        return 0
    sends = session.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.restaurant_id == viewer.restaurant_id, OutboxMessage.status == OutboxStatus.failed
        )
    ).one()
    return int(sends) + len(_own_jobs(session, viewer, jobs))


def _own_job(session: Session, viewer: Viewer, jobs: FailedJobStore, job_id: str) -> FailedJob:
    for job in jobs.failed():
        if job.id == job_id and restaurant_of_job(session, job) == viewer.restaurant_id:
            return job
    raise NotFound("no such failed job")


def _record(
    session: Session, viewer: Viewer, kind: str, subject_type: str, subject_id: str, data: dict
) -> None:
    session.add(audit_entry(viewer, kind, subject_type, subject_id, data))


@allowed_roles(Role.owner, action="retry failed work")
def retry_failed_job(*, session: Session, viewer: Viewer, jobs: FailedJobStore, job_id: str) -> None:
    """Put a failed job of this restaurant back on its queue (RQ runs it once more)."""
    job = _own_job(session, viewer, jobs, job_id)
    _record(session, viewer, "ops.job_retried", "job", job.id, {"func": job.func, "reason": job.reason[:300]})
    jobs.requeue(job.id)


@allowed_roles(Role.owner, action="discard failed work")
def discard_failed_job(*, session: Session, viewer: Viewer, jobs: FailedJobStore, job_id: str) -> None:
    """Forget a failed job of this restaurant (it will not run)."""
    job = _own_job(session, viewer, jobs, job_id)
    _record(
        session, viewer, "ops.job_discarded", "job", job.id, {"func": job.func, "reason": job.reason[:300]}
    )
    jobs.discard(job.id)


def _failed_send(session: Session, viewer: Viewer, outbox_id: int) -> OutboxMessage:
    row = session.exec(select(OutboxMessage).where(OutboxMessage.id == outbox_id).with_for_update()).first()
    if row is None or row.restaurant_id != viewer.restaurant_id or row.status != OutboxStatus.failed:
        raise NotFound("no such failed send")
    return row


@allowed_roles(Role.owner, action="retry failed work")
def retry_failed_send(*, session: Session, viewer: Viewer, outbox_id: int) -> int:
    """A failed send back to pending, due now, with fresh attempts; returns the outbox id for the
    caller to enqueue after commit. The send's rules (opt-out, 24-hour window) apply again."""
    row = _failed_send(session, viewer, outbox_id)
    _record(
        session,
        viewer,
        "ops.send_retried",
        "outbox",
        str(row.id),
        {"before": {"status": "failed", "last_error": row.last_error}, "after": {"status": "pending"}},
    )
    row.status, row.attempts, row.not_before = OutboxStatus.pending, 0, datetime.now(UTC)
    row.last_error = None
    session.add(row)
    return row.id or 0


@allowed_roles(Role.owner, action="discard failed work")
def discard_failed_send(*, session: Session, viewer: Viewer, outbox_id: int) -> None:
    """Take a failed send off the list (cancelled; it is never sent)."""
    row = _failed_send(session, viewer, outbox_id)
    _record(
        session,
        viewer,
        "ops.send_discarded",
        "outbox",
        str(row.id),
        {"before": {"status": "failed", "last_error": row.last_error}, "after": {"status": "cancelled"}},
    )
    row.status = OutboxStatus.cancelled
    session.add(row)
