"""Alerts to owners and managers: rows for the bell, and a Postgres NOTIFY for live dashboards."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.models import Notification, Role, User


def notify_staff(
    *, session: Session, restaurant_id: uuid.UUID, kind: str, title: str, body: str = "", link: str = "",
    branch_id: uuid.UUID | None = None,
) -> int:  # fmt: skip
    """One notification per owner, and per manager of the branch (all managers if no branch)."""
    users = session.exec(
        select(User).where(User.restaurant_id == restaurant_id, User.is_active,
                           col(User.role).in_([Role.owner, Role.manager]))  # fmt: skip
    ).all()
    count = 0
    for user in users:
        if user.role == Role.manager and branch_id and user.branch_ids and branch_id not in user.branch_ids:
            continue
        session.add(Notification(restaurant_id=restaurant_id, user_id=user.id, kind=kind, title=title,
                                 body=body[:500], link=link, branch_id=branch_id))  # fmt: skip
        count += 1
    signal_change(session, restaurant_id, "notification")
    return count


def signal_change(session: Session, restaurant_id: uuid.UUID, what: str) -> None:
    """Tell open dashboards of this restaurant that something changed (delivered at commit)."""
    session.exec(text("SELECT pg_notify('crm_res_changes', :payload)"),  # type: ignore[call-overload]
                 params={"payload": f"{restaurant_id}:{what}"})


def unread_for(*, session: Session, user_id: uuid.UUID, limit: int = 20) -> list[Notification]:
    return list(session.exec(
        select(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))  # type: ignore[union-attr]
        .order_by(col(Notification.created_at).desc()).limit(limit)
    ))  # fmt: skip
