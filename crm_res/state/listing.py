"""A base for paginated list pages: page number, search, rows fetched on the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import reflex as rx
from sqlmodel import Session

from crm_res.services.access import Viewer
from crm_res.services.lists import PAGE_SIZE

T = TypeVar("T")


def page_plus_one(fetch: Callable[..., list[T]], page: int, size: int = PAGE_SIZE) -> list[T]:
    """The rows of `page`, and the first row of the next page when there is one (a page shows
    `size` rows; one more says that a next page exists). The domain's lists start a page at
    page × page_size, so the extra row is asked for on its own: asking `size + 1` rows a page
    would start every later page one row late and never show a row per page."""
    rows = fetch(page=page, page_size=size)
    if len(rows) == size:
        rows = [*rows, *fetch(page=(page + 1) * size, page_size=1)]
    return rows


class ListState(rx.State, mixin=True):
    page: int = 0
    has_next: bool = False
    search: str = ""
    filter_status: str = ""
    rows: list[Any] = []  # each page declares its own row type (a TypedDict)

    if TYPE_CHECKING:  # the page's state class also derives from AuthState, which has it

        def _as_viewer(self, fn: Callable[..., T], **kwargs: Any) -> T | None: ...

    def _fetch(self, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
        raise NotImplementedError

    @rx.event
    def load(self) -> None:
        rows = self._as_viewer(self._fetch)
        if rows is None:
            return
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
