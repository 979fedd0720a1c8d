"""What every Settings tab shares: the owner check, the tab in view, one error/notice line and the
way a tab runs a domain write (errors shown in both languages). Each tab is its own substate of
`SettingsState` in its own module, loading and reloading only its own rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import reflex as rx

from crm_res.db import session_scope
from crm_res.services.admin import restaurant_settings as admin
from crm_res.services.errors import DomainError
from crm_res.state.auth import AuthState
from crm_res.state.calls import call_in_thread
from crm_res.state.errors import error_texts

from .rows import BranchRow

T = TypeVar("T")
TABS = (
    "profile",
    "branches",
    "prayer",
    "menu",
    "templates",
    "quick_replies",
    "team",
    "connections",
    "webhooks",
    "api_keys",
)


class SettingsState(AuthState):
    allowed: bool = False
    tab: str = "profile"
    error: str = ""  # Arabic; error_en the same in English (state/errors.py: error_texts)
    error_en: str = ""
    notice: str = ""
    branches: list[BranchRow] = []  # the branches tab edits them, the team tab assigns them

    def _run(self, fn: Callable[..., T], notice: str = "saved", **kwargs: Any) -> T | bool | None:
        """Run a domain write as the viewer; a domain error becomes the error line (None)."""
        viewer = self._viewer()
        if viewer is None:
            return None
        try:
            with session_scope() as session:
                result = fn(session=session, viewer=viewer, **kwargs)
        except (DomainError, ValueError) as exc:
            self._fail(exc)
            return None
        self.error, self.error_en, self.notice = "", "", notice
        return result if result is not None else True

    async def _run_in_thread(
        self, fn: Callable[..., T], notice: str = "saved", **kwargs: Any
    ) -> T | bool | None:
        """`_run` for work too heavy for the event loop (password hashing: ~100 ms of CPU, on the
        loop that also serves the webhook): the domain call runs in a worker thread."""
        viewer = self._viewer()
        if viewer is None:
            return None

        try:
            result = await call_in_thread(viewer, fn, **kwargs)
        except (DomainError, ValueError) as exc:
            self._fail(exc)
            return None
        self.error, self.error_en, self.notice = "", "", notice
        return result if result is not None else True

    def _reload(self) -> None:
        """The tab's own rows, read again (each tab says which)."""

    def _write(self, fn: Callable[..., Any], **kwargs: Any) -> None:
        """A domain write as `_run`, then the tab's rows again when it went through."""
        if self._run(fn, **kwargs):
            self._reload()

    def _fail(self, exc: Exception) -> None:
        texts = error_texts(exc)
        self.error, self.error_en, self.notice = texts["ar"], texts["en"], ""

    def _may_load(self) -> bool:
        """True for an owner; nothing owner-only is ever loaded into a non-owner's state."""
        viewer = self._viewer()
        self.allowed = viewer is not None and viewer.can_change_settings
        return self.allowed

    def _reload_branches(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.branches = cast(list[BranchRow], admin.list_branches_admin(session=session, viewer=viewer))

    @rx.event
    def load(self) -> None:
        self.error = self.error_en = self.notice = ""
        self._reload_branches()

    @rx.event
    def set_tab(self, value: str) -> None:
        self.tab = value
        self.error = self.error_en = self.notice = ""
