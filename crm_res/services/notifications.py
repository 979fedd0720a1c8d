"""Alerts for the team: rows for the bell, each user's preferences, and the live signal that
wakes open dashboards (a Redis PUBLISH after commit)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import event, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from crm_res.api_key_generation import bump_list_versions
from crm_res.db import after_commit, get_redis
from crm_res.models import (
    Notification,
    User,
)
from crm_res.models.notification import NOTIFICATION_KINDS, NotificationPrefs
from crm_res.services.access import EVERY_ROLE, Viewer, allowed_roles
from crm_res.services.errors import InvalidInput
from crm_res.services.local_time import restaurant_tz, time_label

log = logging.getLogger(__name__)


def notify_staff(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    branch_id: uuid.UUID | None = None,
) -> int:
    """One notification per active teammate who can see the branch (owners: every branch; managers
    and staff: their branches; no branch: everyone) and has not muted this kind. Returns how many."""
    from crm_res.services.access import viewer_for

    users = session.exec(select(User).where(User.restaurant_id == restaurant_id, User.is_active)).all()
    muted = set(
        session.exec(
            select(NotificationPrefs.user_id).where(
                NotificationPrefs.restaurant_id == restaurant_id,
                col(NotificationPrefs.muted).contains([kind]),
            )
        ).all()
    )
    count = 0
    for user in users:
        if user.id in muted or not viewer_for(user).can_see_branch(branch_id):
            continue
        session.add(
            Notification(
                restaurant_id=restaurant_id,
                user_id=user.id,
                kind=kind,
                title=title,
                body=body[:500],
                link=link,
                branch_id=branch_id,
            )
        )
        count += 1
    signal_change(session, restaurant_id, "notification")
    return count


# The live signal: one Redis pub/sub channel, payloads "<restaurant_id>:<what>", published AFTER
# commit (never pg_notify: a NOTIFY takes Postgres's one cluster-wide notify lock at commit and
# holds it through the WAL flush, serialising every such commit; docs/CAPACITY.md). Subscribed by
# each dashboard process's hub (services/live.py) while a page watches.
LIVE_CHANNEL = "crm_res_changes"
_LIVE_PENDING = "crm_res.live_pending"


def live_channel(db: int | None = None) -> str:
    """The channel, per Redis database (default: the app's): pub/sub ignores database numbers, so
    deployments (or test runs) sharing one Redis server by database would otherwise wake each
    other's dashboards."""
    if db is None:
        db = get_redis().connection_pool.connection_kwargs.get("db")
    return f"{LIVE_CHANNEL}:{int(db or 0)}"


def live_payload(restaurant_id: object, what: str) -> str:
    return f"{restaurant_id}:{what}"


def publish_changes(payloads: Iterable[str], pipe: Any = None) -> None:
    """PUBLISH each payload: queued on `pipe` (the caller's pipeline, executed by the caller) or
    sent now in one round trip. Call it after commit only. Best effort when sent here: a dashboard
    that misses a signal reloads at its idle timeout, and its hub bumps every version when it
    (re)subscribes."""
    payloads = list(payloads)
    if not payloads:
        return
    channel = live_channel()
    # The API's cached list pages of these restaurants end with the same round trip.
    restaurants = [p.partition(":")[0] for p in payloads]
    if pipe is not None:
        for payload in payloads:
            pipe.publish(channel, payload)
        bump_list_versions(restaurants, pipe=pipe)
        return
    try:
        with get_redis().pipeline(transaction=False) as own:
            for payload in payloads:
                own.publish(channel, payload)
            bump_list_versions(restaurants, pipe=own)
            own.execute()
    except (RedisError, OSError) as exc:
        log.warning("live updates: could not publish %d change(s): %s", len(payloads), exc)


def signal_change(session: OrmSession, restaurant_id: uuid.UUID, what: str) -> None:
    """Tell open dashboards of this restaurant that something changed, once `session`'s transaction
    has committed (never if it rolls back). Each payload goes out once per transaction, all of
    them in one round trip."""
    pending: dict[str, None] | None = session.info.get(_LIVE_PENDING)
    if pending is None:
        # The transaction must have begun for its rollback to be seen (and the publish dropped):
        # a session that has not touched the database yet rolls back without any event.
        session.connection()
        pending = session.info[_LIVE_PENDING] = {}
        after_commit(session, publish_changes, pending)
    pending[live_payload(restaurant_id, what)] = None


@event.listens_for(OrmSession, "after_commit")
def _live_committed(session: OrmSession) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_LIVE_PENDING, None)  # its publish is registered with this commit's work


@event.listens_for(OrmSession, "after_rollback")
def _live_rolled_back(session: OrmSession) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_LIVE_PENDING, None)


# --------------------------------------------------------------------------- preferences


def muted_kinds(*, session: Session, user_id: uuid.UUID) -> list[str]:
    """The kinds this user does not want in the bell (empty: every kind)."""
    prefs = session.get(NotificationPrefs, user_id)
    return [str(k) for k in prefs.muted] if prefs else []


def notification_prefs(*, session: Session, viewer: Viewer) -> dict[str, bool]:
    """Kind → wanted, for the viewer's preferences dialog."""
    muted = set(muted_kinds(session=session, user_id=viewer.user_id))
    return {kind: kind not in muted for kind in NOTIFICATION_KINDS}


@allowed_roles(*EVERY_ROLE, action="change notification settings")
def save_notification_prefs(*, session: Session, viewer: Viewer, wanted: dict[str, bool]) -> dict[str, bool]:
    """Store which kinds the viewer wants; kinds not mentioned keep their current setting."""
    unknown = sorted(set(wanted) - set(NOTIFICATION_KINDS))
    if unknown:
        raise InvalidInput(f"unknown notification kind(s): {', '.join(unknown)}")
    current = notification_prefs(session=session, viewer=viewer) | {k: bool(v) for k, v in wanted.items()}
    muted = [kind for kind in NOTIFICATION_KINDS if not current[kind]]
    prefs = session.get(NotificationPrefs, viewer.user_id) or NotificationPrefs(
        user_id=viewer.user_id, restaurant_id=viewer.restaurant_id
    )
    prefs.muted = muted
    prefs.updated_at = datetime.now(UTC)
    session.add(prefs)
    session.flush()
    return current


# --- reads (from the former listing module)


def wanted_kinds(session: Session, viewer: Viewer) -> list[Any]:
    """WHERE clauses hiding the kinds the viewer muted (rows written by others, e.g. the daily
    summary, are filtered here too)."""
    muted = muted_kinds(session=session, user_id=viewer.user_id)
    return [col(Notification.kind).not_in(muted)] if muted else []


def list_notifications(*, session: Session, viewer: Viewer, limit: int = 15) -> list[dict[str, Any]]:
    """The viewer's latest notifications of the kinds they want, unread first."""
    rows = session.exec(
        select(Notification)
        .where(
            Notification.user_id == viewer.user_id,
            Notification.restaurant_id == viewer.restaurant_id,
            *wanted_kinds(session, viewer),
        )
        .order_by(col(Notification.read_at).is_not(None), col(Notification.created_at).desc())
        .limit(limit)
    ).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "link": n.link,
            "unread": n.read_at is None,
            "at_label": time_label(n.created_at, tz, now),
        }
        for n in rows
    ]


@allowed_roles(*EVERY_ROLE, action="mark notifications read")
def mark_notifications_read(*, session: Session, viewer: Viewer, ids: list[int] | None = None) -> int:
    """Mark the viewer's notifications read (all of them when `ids` is None); returns how many."""
    stmt = (
        update(Notification)
        .where(col(Notification.user_id) == viewer.user_id, col(Notification.read_at).is_(None))
        .values(read_at=datetime.now(UTC))
    )
    if ids is not None:
        stmt = stmt.where(col(Notification.id).in_(ids))
    result = session.exec(stmt)
    return int(result.rowcount or 0)
