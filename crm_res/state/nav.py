"""The shell's live badges (unread, escalated), the notification bell and its preferences."""

from __future__ import annotations

from typing import Any, TypedDict, cast

import reflex as rx

from crm_res.db import session_scope
from crm_res.services.errors import DomainError
from crm_res.services.inbox.conversations import inbox_counts
from crm_res.services.notifications import (
    list_notifications,
    mark_notifications_read,
    notification_prefs,
    save_notification_prefs,
)
from crm_res.state.auth import AuthState
from crm_res.state.live import LiveMixin, viewer_for_token


def _load(token: str, with_failed: bool = False) -> dict[str, Any] | None:
    viewer = viewer_for_token(token)
    if viewer is None:
        return None
    with session_scope() as session:
        data: dict[str, Any] = {
            "counts": inbox_counts(session=session, viewer=viewer),
            "notifications": list_notifications(session=session, viewer=viewer),
        }
        if with_failed:  # on page loads only: it reads RQ's failed registries (not on every live tick)
            from crm_res.jobs.failed import RQFailedJobs
            from crm_res.services.ops.failed_work import count_failed_work

            data["failed"] = count_failed_work(session=session, viewer=viewer, jobs=RQFailedJobs())
        return data


class Notification(TypedDict):
    """A line of the bell (services/notifications.py: list_notifications)."""

    id: int
    kind: str
    title: str
    body: str
    link: str
    unread: bool
    at_label: str


class NavState(LiveMixin, AuthState):
    unread: int = 0
    escalated: int = 0
    notification_count: int = 0
    failed: int = 0  # failed jobs and sends (owners; the Operations entry's badge)
    notifications: list[Notification] = []
    prefs: dict[str, bool] = {}
    prefs_open: bool = False

    def _store(self, data: dict[str, Any] | None) -> None:
        if data is None:
            return
        self._shown_now()
        self.unread = data["counts"]["unread"]
        self.escalated = data["counts"]["escalated"]
        self.notification_count = data["counts"]["notifications"]
        self.notifications = cast(list[Notification], data["notifications"])
        if "failed" in data:
            self.failed = data["failed"]

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        return _load(inputs["token"])

    def _live_apply(self, data: Any) -> None:
        self._store(data)

    @rx.event
    def load_nav(self) -> None:
        self._store(_load(self._token(), with_failed=True))

    @rx.event
    def open_notification(self, notification_id: int, link: str):
        viewer = self._viewer()
        if viewer is None:
            return
        with session_scope() as session:
            mark_notifications_read(session=session, viewer=viewer, ids=[int(notification_id)])
        self._store(_load(self._token()))
        if link:
            return rx.redirect(link)

    @rx.event
    def mark_all_read(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        with session_scope() as session:
            mark_notifications_read(session=session, viewer=viewer)
        self._store(_load(self._token()))

    @rx.event
    def open_prefs(self) -> None:
        prefs = self._as_viewer(notification_prefs)
        if prefs is None:
            return
        self.prefs, self.prefs_open = prefs, True

    @rx.event
    def set_prefs_open(self, value: bool) -> None:
        self.prefs_open = value

    @rx.event
    def toggle_pref(self, kind: str, value: bool) -> None:
        """Save one kind's switch at once (no save button to forget)."""
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                self.prefs = save_notification_prefs(
                    session=session, viewer=viewer, wanted={kind: bool(value)}
                )
        except DomainError:
            return
        self._store(_load(self._token()))
