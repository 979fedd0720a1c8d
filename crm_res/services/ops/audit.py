"""The audit trail owners read: who changed what, when, before and after (the `events` table).

Writes record their entries where they happen (`Event` rows with `actor_user_id`; `changes()`
gives the before/after of the fields that changed). Here: the owner's filtered, paged reading,
its CSV export (itself recorded), and the retention the periodic job applies.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from crm_res.models import Event, Role, User
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.changes import _plain, changes  # noqa: F401 - changes: re-exported for writers
from crm_res.services.errors import Forbidden

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
# What people and API keys did (never the assistant's or the system's own bookkeeping).
PEOPLE = ("user", "api_key")


@dataclass(frozen=True)
class ActivityFilter:
    user_id: uuid.UUID | None = None
    kind_prefix: str | None = None  # "settings.", "order.", ...
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class ActivityRow:
    id: int
    at: datetime
    who: str
    kind: str
    subject: str
    data: dict[str, Any]


def _query(viewer: Viewer, f: ActivityFilter):
    q = (
        select(Event, User.email)
        .outerjoin(User, User.id == Event.actor_user_id)  # type: ignore[arg-type]
        .where(Event.restaurant_id == viewer.restaurant_id, col(Event.actor).in_(PEOPLE))
    )
    if f.user_id is not None:
        q = q.where(Event.actor_user_id == f.user_id)
    if f.kind_prefix:
        q = q.where(col(Event.kind).startswith(f.kind_prefix))
    if f.since is not None:
        q = q.where(Event.created_at >= datetime.combine(f.since, datetime.min.time(), UTC))
    if f.until is not None:
        q = q.where(
            Event.created_at < datetime.combine(f.until + timedelta(days=1), datetime.min.time(), UTC)
        )
    return q


def _row(event: Event, email: str | None) -> ActivityRow:
    who = email or (f"api key {event.data.get('key_name', '')}".strip() if event.actor == "api_key" else "-")
    subject = f"{event.subject_type or ''} {event.subject_id or ''}".strip()
    return ActivityRow(event.id or 0, event.created_at, who, event.kind, subject, event.data or {})


def _require_owner(viewer: Viewer) -> None:
    if viewer.role != Role.owner:
        raise Forbidden("only an owner can read the activity log")


def list_activity(
    *, session: Session, viewer: Viewer, filters: ActivityFilter | None = None, page: int = 0
) -> tuple[list[ActivityRow], int]:
    """One page (newest first) of what people did, and the total matching (server-side paging)."""
    _require_owner(viewer)
    f = filters or ActivityFilter()
    q = _query(viewer, f)
    total = session.exec(select(func.count()).select_from(q.subquery())).one()
    rows = session.exec(
        q.order_by(col(Event.created_at).desc(), col(Event.id).desc())
        .offset(max(page, 0) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return [_row(e, email) for e, email in rows], int(total)


@allowed_roles(Role.owner, action="export the activity log")
def export_activity_csv(*, session: Session, viewer: Viewer, filters: ActivityFilter | None = None) -> str:
    """The filtered activity as CSV (UTF-8 with BOM for spreadsheet apps); the export is recorded."""
    f = filters or ActivityFilter()
    rows = session.exec(_query(viewer, f).order_by(col(Event.created_at).desc()).limit(EXPORT_LIMIT)).all()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["time_utc", "who", "kind", "subject", "before", "after", "details"])
    import json

    for event, email in rows:
        r = _row(event, email)
        data = dict(r.data)
        before, after = data.pop("before", ""), data.pop("after", "")
        writer.writerow([r.at.isoformat(), r.who, r.kind, r.subject,
                         json.dumps(before, ensure_ascii=False) if before else "",
                         json.dumps(after, ensure_ascii=False) if after else "",
                         json.dumps(data, ensure_ascii=False) if data else ""])  # fmt: skip
    session.add(Event(restaurant_id=viewer.restaurant_id, actor_user_id=viewer.user_id, actor="user",
                      kind="export.activity", subject_type="restaurant", subject_id=str(viewer.restaurant_id),
                      data={"rows": len(rows), "filters": _plain(f.__dict__)}))  # fmt: skip
    return out.getvalue()


def prune_events(*, session: Session, older_than_days: int, now: datetime | None = None) -> int:
    """Delete audit entries older than the retention (0 or less: keep everything)."""
    if older_than_days <= 0:
        return 0
    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    result = session.exec(delete(Event).where(col(Event.created_at) < cutoff))
    return int(result.rowcount or 0)
