"""A base for paginated list pages: page number, search, rows fetched on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import reflex as rx
from sqlmodel import Session

from crm_res.db import session_scope
from crm_res.services.access import Viewer
from crm_res.services.lists import PAGE_SIZE


class ListState(rx.State, mixin=True):
    page: int = 0
    has_next: bool = False
    search: str = ""
    filter_status: str = ""
    rows: list[dict[str, Any]] = []

    if TYPE_CHECKING:  # the page's state class also derives from AuthState, which has it

        def _viewer(self) -> Viewer | None: ...

    def _fetch(self, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
        raise NotImplementedError

    @rx.event
    def load(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        with session_scope() as session:
            rows = self._fetch(session, viewer)
        # One extra row was fetched to know whether a next page exists.
        self.has_next = len(rows) > PAGE_SIZE
        self.rows = rows[:PAGE_SIZE]

    @rx.event
    def next_page(self):
        if self.has_next:
            self.page += 1
            return type(self).load

    @rx.event
    def prev_page(self):
        if self.page > 0:
            self.page -= 1
            return type(self).load

    @rx.event
    def set_search(self, value: str):
        self.search = value
        self.page = 0
        return type(self).load

    @rx.event
    def set_filter_status(self, value: str):
        self.filter_status = "" if value == "all" else value
        self.page = 0
        return type(self).load
