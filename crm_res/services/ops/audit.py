"""The audit trail owners read: who changed what, when, before and after (the `events` table).

Writes record their entries where they happen (`Event` rows with `actor_user_id`; `changes()`
gives the before/after of the fields that changed). Here: the owner's filtered, paged reading,
its CSV export (itself recorded), and the retention the periodic job applies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, delete, func, or_
from sqlmodel import Session, col, select

from crm_res.models import ApiKey, Event, Role, User
from crm_res.services.access import EVERY_ROLE, Viewer, allowed_roles
from crm_res.services.changes import _plain, audit_entry, changes  # noqa: F401 - changes: re-exported for writers
from crm_res.services.errors import Forbidden
from crm_res.services.lists import escape_like

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
# What people and API keys did (never the assistant's or the system's own bookkeeping); a
# customer's own opt-out or opt-in is listed too (it decides who may be messaged).
PEOPLE = ("user", "api_key")
CUSTOMER_KINDS = ("customer.opted_out", "customer.opted_in")
# The Activity page's "kind of change" filter: each group is a set of kind prefixes.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "menu": ("settings.menu",),
    "settings": ("settings.profile", "settings.branch", "settings.template", "settings.canned", "settings.webhook"),
    "team": ("settings.user",),
    "conversations": ("conversation.",),
    "orders": ("order.",),
    "opt_outs": ("customer.opted_",),
    "customers": ("customer.tags", "customer.created", "customer.updated", "customer.visit", "customers.",
                  "feedback."),
    "exports": ("export.",),
    "api_keys": ("api_key.",),
    "campaigns": ("campaign.",),
    "operations": ("ops.",),
}  # fmt: skip


@dataclass(frozen=True)
class ActivityFilter:
    user_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    kind_prefix: str | None = None  # "settings.", "order.", ...
    group: str | None = None  # a key of KIND_GROUPS
    since: date | None = None
    until: date | None = None  # inclusive
    search: str = ""  # words in the entry (names, numbers, values), its kind or who did it


@dataclass(frozen=True)
class ActivityRow:
    id: int
    at: datetime
    who: str  # the person's name or email, the API key's name, or the customer
    actor: str  # user | api_key | customer
    kind: str
    subject_type: str
    subject: str
    data: dict[str, Any]


def _query(viewer: Viewer, f: ActivityFilter):
    q = (
        select(Event, User.email, User.full_name)
        .outerjoin(User, User.id == Event.actor_user_id)  # type: ignore[arg-type]  # SQLModel types the join condition as bool
        .where(
            Event.restaurant_id == viewer.restaurant_id,
            or_(
                col(Event.actor).in_(PEOPLE),
                and_(col(Event.actor) == "customer", col(Event.kind).in_(CUSTOMER_KINDS)),
            ),
        )
    )
    if f.user_id is not None:
        q = q.where(Event.actor_user_id == f.user_id, Event.actor == "user")
    if f.api_key_id is not None:
        q = q.where(Event.actor == "api_key", Event.data["api_key_id"].astext == str(f.api_key_id))
    if f.kind_prefix:
        q = q.where(col(Event.kind).startswith(f.kind_prefix))
    if f.group in KIND_GROUPS:
        q = q.where(or_(*[col(Event.kind).startswith(p) for p in KIND_GROUPS[f.group]]))
    if f.since is not None:
        q = q.where(Event.created_at >= datetime.combine(f.since, datetime.min.time(), UTC))
    if f.until is not None:
        q = q.where(
            Event.created_at < datetime.combine(f.until + timedelta(days=1), datetime.min.time(), UTC)
        )
    words = f.search.strip()[:100]
    if words:
        like = f"%{escape_like(words)}%"
        q = q.where(
            or_(
                cast(Event.data, String).ilike(like),
                col(Event.kind).ilike(like),
                col(User.email).ilike(like),
                col(User.full_name).ilike(like),
            )
        )
    return q


def _row(event: Event, email: str | None, full_name: str | None) -> ActivityRow:
    data = event.data or {}
    if event.actor == "api_key":
        who = str(data.get("key_name") or "")
    elif event.actor == "customer":
        who = str(data.get("who") or "")
    else:
        who = full_name or email or ""
    subject = str(data.get("name") or data.get("who") or data.get("url") or "")
    if event.subject_type == "order" and data.get("number"):
        subject = f"#{data['number']}"
    return ActivityRow(
        event.id or 0, event.created_at, who, event.actor, event.kind, event.subject_type or "", subject, data
    )


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
    return [_row(*r) for r in rows], int(total)


def activity_actors(*, session: Session, viewer: Viewer) -> list[dict[str, str]]:
    """Who can be picked in the filter: the restaurant's people and its API keys."""
    _require_owner(viewer)
    people = session.exec(
        select(User).where(User.restaurant_id == viewer.restaurant_id).order_by(col(User.email))
    ).all()
    keys = session.exec(
        select(ApiKey).where(ApiKey.restaurant_id == viewer.restaurant_id).order_by(col(ApiKey.created_at))
    ).all()
    return [{"value": f"user:{u.id}", "label": u.full_name or u.email, "actor": "user"} for u in people] + [
        {"value": f"key:{k.id}", "label": k.name or k.prefix, "actor": "api_key"} for k in keys
    ]


@allowed_roles(Role.owner, action="export the activity log")
def export_activity(
    *, session: Session, viewer: Viewer, filters: ActivityFilter | None = None
) -> list[ActivityRow]:
    """The filtered activity (newest first, up to EXPORT_LIMIT) for a CSV; the export is recorded.
    The CSV itself is written in the reader's language by crm_res/reports/activity_csv.py."""
    f = filters or ActivityFilter()
    rows = session.exec(
        _query(viewer, f).order_by(col(Event.created_at).desc(), col(Event.id).desc()).limit(EXPORT_LIMIT)
    ).all()
    session.add(
        audit_entry(
            viewer,
            "export.activity",
            "restaurant",
            str(viewer.restaurant_id),
            {"rows": len(rows), "filters": _plain(f.__dict__)},
        )
    )
    return [_row(*r) for r in rows]


@allowed_roles(*EVERY_ROLE, action="export data")
def record_export(
    *, session: Session, viewer: Viewer, what: str, rows: int, filters: dict[str, Any] | None = None
) -> None:
    """Record that `viewer` downloaded a CSV of `what` (customers, feedback, campaign); the export
    functions themselves only read."""
    session.add(
        audit_entry(
            viewer,
            f"export.{what}",
            "restaurant",
            str(viewer.restaurant_id),
            {"rows": rows, "filters": _plain(filters or {})},
        )
    )


def prune_events(*, session: Session, older_than_days: int, now: datetime | None = None) -> int:
    """Delete audit entries older than the retention (0 or less: keep everything)."""
    if older_than_days <= 0:
        return 0
    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    result = session.exec(delete(Event).where(col(Event.created_at) < cutoff))
    return int(result.rowcount or 0)
