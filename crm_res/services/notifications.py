"""Alerts for the team: rows for the bell, each user's preferences, and a Postgres NOTIFY for live
dashboards."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.models import Notification, User
from crm_res.models.notification import NOTIFICATION_KINDS, NotificationPrefs
from crm_res.services.access import Viewer
from crm_res.services.errors import InvalidInput


def notify_staff(
    *, session: Session, restaurant_id: uuid.UUID, kind: str, title: str, body: str = "", link: str = "",
    branch_id: uuid.UUID | None = None,
) -> int:  # fmt: skip
    """One notification per active teammate who can see the branch (owners: every branch; managers
    and staff: their branches; no branch: everyone) and has not muted this kind. Returns how many."""
    from crm_res.services.users import viewer_for

    users = session.exec(select(User).where(User.restaurant_id == restaurant_id, User.is_active)).all()
    muted = set(session.exec(
        select(NotificationPrefs.user_id).where(NotificationPrefs.restaurant_id == restaurant_id,
                                                col(NotificationPrefs.muted).contains([kind]))
    ).all())  # fmt: skip
    count = 0
    for user in users:
        if user.id in muted or not viewer_for(user).can_see_branch(branch_id):
            continue
        session.add(Notification(restaurant_id=restaurant_id, user_id=user.id, kind=kind, title=title,
                                 body=body[:500], link=link, branch_id=branch_id))  # fmt: skip
        count += 1
    signal_change(session, restaurant_id, "notification")
    return count


def signal_change(session: Session, restaurant_id: uuid.UUID, what: str) -> None:
    """Tell open dashboards of this restaurant that something changed (delivered at commit)."""
    # Delivered at commit whatever is pending: no need to flush the session's changes first
    # (they then go out together at commit instead of as separate statements now).
    with session.no_autoflush:
        session.exec(
            text("SELECT pg_notify('crm_res_changes', :payload)"),  # type: ignore[call-overload]
            params={"payload": f"{restaurant_id}:{what}"},
        )


# --------------------------------------------------------------------------- preferences


def muted_kinds(*, session: Session, user_id: uuid.UUID) -> list[str]:
    """The kinds this user does not want in the bell (empty: every kind)."""
    prefs = session.get(NotificationPrefs, user_id)
    return [str(k) for k in prefs.muted] if prefs else []


def notification_prefs(*, session: Session, viewer: Viewer) -> dict[str, bool]:
    """Kind → wanted, for the viewer's preferences dialog."""
    muted = set(muted_kinds(session=session, user_id=viewer.user_id))
    return {kind: kind not in muted for kind in NOTIFICATION_KINDS}


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
