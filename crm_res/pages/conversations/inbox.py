"""The inbox list: filters, the conversations waiting for a person pinned on top (with how long), the
rest newest first; moving to the next/previous one (keyboard j/k)."""

from __future__ import annotations

from typing import Any, TypedDict, cast

import reflex as rx
from reflex.event import EventType
from reflex.vars import ObjectVar

from crm_res.components.thread import branch_label
from crm_res.components.ui import NAME_STYLE, badge, branch_filter, pager, search_box, select_tr, shown_name
from crm_res.db import session_scope
from crm_res.i18n import CONVERSATION_STATUSES, CONVERSATION_TYPES
from crm_res.services.inbox.conversations import list_conversations
from crm_res.services.inbox.inbox import waiting_conversations
from crm_res.services.lists import PAGE_SIZE, list_branch_options
from crm_res.state.auth import AuthState
from crm_res.state.listing import ListState, page_plus_one
from crm_res.state.live import LiveMixin, viewer_for_token
from crm_res.state.ui import UIState, tr, tr_value

INBOX = "/conversations"


def inbox_data(inputs: dict[str, Any]) -> dict[str, Any] | None:
    """The pinned part (shown on the first page, left out of every page of the rest, so the pages
    stay consistent) and a page of the rest; None when the session ended."""
    viewer = viewer_for_token(inputs["token"])
    if viewer is None:
        return None
    filters = {
        "search": inputs["search"],
        "type": inputs["type"] or None,
        "branch_id": inputs["branch"] or None,
        "handler": inputs["handler"] or None,
        "mine": inputs["mine"],
        "unread_only": inputs["unread"],
        "snoozed": inputs["snoozed"],
    }
    with session_scope() as session:
        status = inputs["status"] or None
        pinned = []
        if not inputs["snoozed"] and status in (None, "open", "active", "escalated"):
            pinned = waiting_conversations(session=session, viewer=viewer, **filters)
            if status in ("active", "escalated"):
                pinned = [p for p in pinned if p["status"] == status]
        rows = page_plus_one(
            lambda **page: list_conversations(
                session=session,
                viewer=viewer,
                status=status,
                exclude_ids=[p["id"] for p in pinned],
                **filters,
                **page,
            ),
            inputs["page"],
        )
    return {"pinned": pinned if inputs["page"] == 0 else [], "rows": rows}


class InboxRow(TypedDict):
    """A conversation in the inbox (services/inbox/conversations.py: inbox_row), how long it
    has waited in words."""

    id: str
    customer_name: str
    wa_id: str
    contact: str
    status: str
    type: str
    handled_by: str
    branch_ar: str
    branch_en: str
    unread: int
    preview: str
    last_at: str
    last_label: str
    assigned: str
    priority: str
    waiting_ar: str
    waiting_en: str


class InboxState(LiveMixin, ListState, AuthState):
    rows: list[InboxRow] = []  # ListState's rows, typed for this page
    filter_type: str = ""
    filter_branch: str = ""
    filter_handler: str = ""
    mine: bool = False
    unread_only: bool = False
    show_snoozed: bool = False
    branches: list[dict[str, str]] = []
    pinned: list[InboxRow] = []

    @rx.var
    def selected(self) -> str:
        """The conversation open beside the list (the URL's ?id=)."""
        return self.router.url.query_parameters.get("id", "")

    def _inputs(self) -> dict[str, Any]:
        return {
            "token": self._token(),
            "search": self.search,
            "status": self.filter_status,
            "type": self.filter_type,
            "branch": self.filter_branch,
            "handler": self.filter_handler,
            "mine": self.mine,
            "unread": self.unread_only,
            "snoozed": self.show_snoozed,
            "page": self.page,
        }

    def _apply(self, data: dict[str, Any] | None) -> None:
        if data is None:
            return
        self._shown_now()
        self.pinned = cast(list[InboxRow], data["pinned"])
        self.has_next = len(data["rows"]) > PAGE_SIZE
        self.rows = data["rows"][:PAGE_SIZE]

    @rx.event
    def load(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        if not self.branches:
            with session_scope() as session:
                self.branches = list_branch_options(session=session, viewer=viewer)
        self._apply(inbox_data(self._inputs()))

    def _live_inputs(self) -> dict[str, Any] | None:
        return self._inputs()

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        return inbox_data(inputs)

    def _live_apply(self, data: Any) -> None:
        self._apply(data)

    def _refilter(self):
        self.page = 0
        return InboxState.load

    @rx.event
    def set_filter_type(self, value: str):
        self.filter_type = "" if value == "all" else value
        return self._refilter()

    @rx.event
    def set_filter_branch(self, value: str):
        self.filter_branch = "" if value == "all" else value
        return self._refilter()

    @rx.event
    def set_filter_handler(self, value: str):
        self.filter_handler = "" if value == "all" else value
        return self._refilter()

    @rx.event
    def toggle_mine(self, value: bool):
        self.mine = value
        return self._refilter()

    @rx.event
    def toggle_unread(self, value: bool):
        self.unread_only = value
        return self._refilter()

    @rx.event
    def toggle_snoozed(self, value: bool):
        self.show_snoozed = value
        return self._refilter()

    @rx.event
    def step(self, delta: int):
        """Open the next (1) or previous (-1) conversation in the list's order (pinned first)."""
        ids = [str(c["id"]) for c in self.pinned] + [str(c["id"]) for c in self.rows]
        if not ids:
            return None
        current = self.router.url.query_parameters.get("id", "")
        if current in ids:
            target = ids[max(0, min(len(ids) - 1, ids.index(current) + delta))]
        else:
            target = ids[0] if delta > 0 else ids[-1]
        if target == current:
            return None
        return rx.redirect(f"{INBOX}?id={target}")


PRIORITIES = ("none", "low", "medium", "high", "urgent")
PRIORITY_COLORS = {"low": "gray", "medium": "amber", "high": "orange", "urgent": "red"}


def priority_badge(priority: rx.Var) -> rx.Component:
    """The conversation's priority when it has one (urgent red, high orange, medium amber, low gray)."""
    p = priority.to(str)
    return rx.cond(
        (p != "none") & (p != ""),
        rx.badge(
            rx.icon("flag", size=11),
            tr_value("pr", p, PRIORITIES),
            color_scheme=rx.match(p, *list(PRIORITY_COLORS.items()), "gray"),
            variant="solid",
            data_testid="priority-badge",
        ),
    )


def _row(c: ObjectVar[InboxRow], pinned: bool) -> rx.Component:
    selected = InboxState.selected == c["id"].to(str)
    unread = c["unread"].to(int) > 0
    return rx.link(
        rx.hstack(
            rx.avatar(fallback=c["customer_name"].to(str)[:1], size="3", radius="full", flex_shrink="0"),
            rx.vstack(
                rx.hstack(
                    rx.text(
                        shown_name(c["customer_name"]),
                        dir="auto",
                        weight="bold",
                        size="2",
                        trim="both",
                        truncate=True,
                        style=NAME_STYLE,
                        data_testid="inbox-customer",
                    ),
                    rx.spacer(),
                    rx.badge(
                        rx.icon("clock", size=11),
                        rx.cond(UIState.is_en, c["waiting_en"].to(str), c["waiting_ar"].to(str)),
                        color_scheme=rx.cond(c["status"].to(str) == "escalated", "red", "orange"),
                        variant="soft",
                        flex_shrink="0",
                        data_testid="waiting-time",
                    )
                    if pinned
                    else rx.text(c["last_label"], size="1", color_scheme="gray", dir="ltr", flex_shrink="0"),
                    width="100%",
                    align="center",
                    spacing="2",
                ),
                rx.text(
                    c["preview"],
                    size="1",
                    color_scheme="gray",
                    truncate=True,
                    width="100%",
                    dir="auto",
                    white_space="nowrap",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    data_testid="conversation-preview",
                ),
                rx.flex(
                    priority_badge(c["priority"]),
                    badge(c["status"], tr_value("st", c["status"], CONVERSATION_STATUSES)),
                    badge(c["handled_by"], tr_value("hb", c["handled_by"], ("ai", "staff"))),
                    rx.cond(
                        c["type"].to(str) != "general",
                        rx.badge(tr_value("ty", c["type"], CONVERSATION_TYPES), variant="outline"),
                    ),
                    rx.cond(
                        c["branch_ar"] != "",
                        rx.badge(branch_label(c), variant="surface", color_scheme="gray"),
                    ),
                    rx.cond(
                        c["assigned"] != "",
                        rx.badge(
                            rx.icon("user", size=11),
                            c["assigned"],
                            variant="surface",
                            color_scheme="indigo",
                            max_width="12em",
                            truncate=True,
                        ),
                    ),
                    wrap="wrap",
                    spacing="1",
                ),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            rx.cond(
                unread,
                rx.badge(
                    c["unread"],
                    color_scheme="red",
                    variant="solid",
                    radius="full",
                    flex_shrink="0",
                    data_testid="unread-badge",
                ),
            ),
            spacing="2",
            align="center",
            width="100%",
        ),
        href=INBOX + "?id=" + c["id"].to(str),
        underline="none",
        color="inherit",
        display="block",
        width="100%",
        padding="0.6em 0.7em",
        border_radius="10px",
        background=rx.cond(
            selected, rx.color("accent", 4), rx.cond(unread, rx.color("accent", 2), "transparent")
        ),
        border=rx.cond(selected, f"1px solid {rx.color('accent', 7)}", "1px solid transparent"),
        _hover={"background": rx.color("gray", 3)},
        data_testid="conversation-row",
        data_pinned="true" if pinned else "false",
        data_selected=rx.cond(selected, "true", "false"),
        data_id=c["id"].to(str),
    )


STATUS_OPTIONS = [("all", "all_statuses"), ("open", "st_open")] + [
    (s, f"st_{s}") for s in CONVERSATION_STATUSES
]
TYPE_OPTIONS = [("all", "all_types")] + [(t, f"ty_{t}") for t in CONVERSATION_TYPES]
HANDLER_OPTIONS = [("all", "all_handlers"), ("ai", "hb_ai"), ("staff", "hb_staff")]


def _filter(
    options: list[tuple[str, str]], value: rx.Var[str], on_change: EventType[str], test_id: str
) -> rx.Component:
    """One of the inbox's filter selects ("" in the state is "all" in the select)."""
    return select_tr(options, rx.cond(value == "", "all", value), on_change, test_id, width="auto")


def _filters() -> rx.Component:
    s = InboxState
    return rx.vstack(
        search_box(tr("search"), s.search, s.set_search.debounce(300), "conversation-search"),
        rx.flex(
            _filter(STATUS_OPTIONS, s.filter_status, s.set_filter_status, "filter-status"),
            _filter(TYPE_OPTIONS, s.filter_type, s.set_filter_type, "filter-type"),
            _filter(HANDLER_OPTIONS, s.filter_handler, s.set_filter_handler, "filter-handler"),
            branch_filter(s.branches, s.filter_branch, s.set_filter_branch, "filter-branch"),
            rx.hstack(
                rx.switch(checked=s.mine, on_change=s.toggle_mine, data_testid="filter-mine"),
                rx.text(tr("assigned_to_me"), size="2"),
                align="center",
                spacing="1",
            ),
            rx.hstack(
                rx.switch(checked=s.unread_only, on_change=s.toggle_unread, data_testid="filter-unread"),
                rx.text(tr("unread_only"), size="2"),
                align="center",
                spacing="1",
            ),
            rx.hstack(
                rx.switch(checked=s.show_snoozed, on_change=s.toggle_snoozed, data_testid="filter-snoozed"),
                rx.text(tr("inbox_show_snoozed"), size="2"),
                align="center",
                spacing="1",
            ),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        spacing="2",
        width="100%",
    )


def _section_title(key: str, count: rx.Var | None = None) -> rx.Component:
    parts = [rx.text(tr(key), size="1", weight="bold", color_scheme="gray")]
    if count is not None:
        parts.append(rx.badge(count, variant="soft", color_scheme="red", radius="full"))
    return rx.hstack(*parts, align="center", spacing="2", padding_inline="0.4em", padding_top="0.4em")


def inbox_list() -> rx.Component:
    """The list column: filters, the pinned "waiting for a reply" part, then every other conversation."""
    s = InboxState
    return rx.vstack(
        _filters(),
        rx.box(
            rx.cond(
                s.pinned.length() > 0,
                rx.vstack(
                    _section_title("inbox_waiting", s.pinned.length()),
                    rx.foreach(s.pinned, lambda c: _row(c, True)),
                    rx.divider(),
                    _section_title("inbox_all"),
                    spacing="1",
                    width="100%",
                    data_testid="inbox-pinned",
                ),
            ),
            rx.vstack(
                rx.foreach(s.rows, lambda c: _row(c, False)),
                spacing="1",
                width="100%",
                data_testid="conversations-table",
            ),
            rx.cond(
                (s.rows.length() == 0) & (s.pinned.length() == 0),
                rx.text(tr("empty"), color_scheme="gray", padding="1em", data_testid="conversations-empty"),
            ),
            pager(s.page, s.prev_page, s.next_page, s.has_next),
            class_name="inbox-scroll",
            width="100%",
        ),
        # Targets of the keyboard shortcuts (shortcuts.py clicks them).
        rx.el.button(on_click=s.step(1), data_shortcut="next", hidden=True, tab_index=-1),
        rx.el.button(on_click=s.step(-1), data_shortcut="prev", hidden=True, tab_index=-1),
        spacing="2",
        width="100%",
        height="100%",
        min_width="0",
    )
