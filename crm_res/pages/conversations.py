"""Conversations: the live inbox and a conversation's thread with staff actions."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import reflex as rx

from crm_res.components.campaign_badge import campaign_badge, load_campaign_badge
from crm_res.components.thread import branch_label, bubble, customer_panel, phase_badge
from crm_res.components.ui import NAME_STYLE, badge, branch_filter, error_callout, pager, select_tr
from crm_res.db import session_scope
from crm_res.i18n import CONVERSATION_STATUSES, CONVERSATION_TYPES
from crm_res.layout import template
from crm_res.services.admin.restaurant_settings import list_canned
from crm_res.services.dashboard import conversations as actions
from crm_res.services.dashboard.common import PAGE_SIZE, list_branch_options, list_team
from crm_res.services.dashboard.conversations import (
    conversation_detail,
    get_conversation,
    list_conversations,
    thread_page,
)
from crm_res.services.errors import DomainError, NotFound
from crm_res.services.notifications import signal_change
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.listing import ListState
from crm_res.state.live import LiveMixin, live_anchor, viewer_for_token
from crm_res.state.ui import UIState, tr, tr_value

log = logging.getLogger("crm_res.pages")
MESSAGES_SHOWN = 50

# --------------------------------------------------------------------------- inbox


def _inbox_rows(inputs: dict[str, Any]) -> list[dict[str, Any]] | None:
    viewer = viewer_for_token(inputs["token"])
    if viewer is None:
        return None
    with session_scope() as session:
        return list_conversations(
            session=session, viewer=viewer, search=inputs["search"], status=inputs["status"] or None,
            type=inputs["type"] or None, branch_id=inputs["branch"] or None, handler=inputs["handler"] or None,
            mine=inputs["mine"], unread_only=inputs["unread"], page=inputs["page"], page_size=PAGE_SIZE + 1,
        )  # fmt: skip


class ConversationsState(LiveMixin, ListState, AuthState):
    filter_type: str = ""
    filter_branch: str = ""
    filter_handler: str = ""
    mine: bool = False
    unread_only: bool = False
    branches: list[dict[str, str]] = []

    def _inputs(self) -> dict[str, Any]:
        return {"token": self._token(), "search": self.search, "status": self.filter_status,
                "type": self.filter_type, "branch": self.filter_branch, "handler": self.filter_handler,
                "mine": self.mine, "unread": self.unread_only, "page": self.page}  # fmt: skip

    def _fetch(self, session, viewer):  # type: ignore[no-untyped-def]
        if not self.branches:
            self.branches = list_branch_options(session=session, viewer=viewer)
        i = self._inputs()
        return list_conversations(
            session=session, viewer=viewer, search=i["search"], status=i["status"] or None,
            type=i["type"] or None, branch_id=i["branch"] or None, handler=i["handler"] or None,
            mine=i["mine"], unread_only=i["unread"], page=i["page"], page_size=PAGE_SIZE + 1,
        )  # fmt: skip

    def _live_inputs(self) -> dict[str, Any] | None:
        return self._inputs()

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        return _inbox_rows(inputs)

    def _live_apply(self, data: Any) -> None:
        if data is not None:
            self.has_next = len(data) > PAGE_SIZE
            self.rows = data[:PAGE_SIZE]

    def _refilter(self):  # type: ignore[no-untyped-def]
        self.page = 0
        return ConversationsState.load

    @rx.event
    def set_filter_type(self, value: str):  # type: ignore[no-untyped-def]
        self.filter_type = "" if value == "all" else value
        return self._refilter()

    @rx.event
    def set_filter_branch(self, value: str):  # type: ignore[no-untyped-def]
        self.filter_branch = "" if value == "all" else value
        return self._refilter()

    @rx.event
    def set_filter_handler(self, value: str):  # type: ignore[no-untyped-def]
        self.filter_handler = "" if value == "all" else value
        return self._refilter()

    @rx.event
    def toggle_mine(self, value: bool):  # type: ignore[no-untyped-def]
        self.mine = value
        return self._refilter()

    @rx.event
    def toggle_unread(self, value: bool):  # type: ignore[no-untyped-def]
        self.unread_only = value
        return self._refilter()


def _conversation_card(c: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.avatar(fallback=c["customer_name"].to(str)[:1], size="3", radius="full"),
                rx.vstack(
                    rx.hstack(
                        rx.text(
                            c["customer_name"],
                            weight="bold",
                            size="3",
                            trim="both",
                            style=NAME_STYLE,
                            data_testid="inbox-customer",
                        ),
                        rx.spacer(),
                        rx.text(c["last_label"], size="1", color_scheme="gray", dir="ltr"),
                        width="100%",
                        align="center",
                    ),
                    rx.text(
                        c["preview"],
                        size="2",
                        color_scheme="gray",
                        truncate=True,
                        width="100%",
                        dir="auto",
                        data_testid="conversation-preview",
                    ),  # fmt: skip
                    rx.flex(
                        badge(c["status"], tr_value("st", c["status"], CONVERSATION_STATUSES)),
                        rx.badge(tr_value("ty", c["type"], CONVERSATION_TYPES), variant="outline"),
                        badge(c["handled_by"], tr_value("hb", c["handled_by"], ("ai", "staff"))),
                        rx.cond(
                            c["branch_ar"] != "",
                            rx.badge(branch_label(c), variant="surface", color_scheme="gray"),
                        ),
                        rx.cond(
                            c["assigned"] != "",
                            rx.badge(
                                rx.icon("user", size=12),
                                c["assigned"],
                                variant="surface",
                                color_scheme="indigo",
                            ),
                        ),
                        wrap="wrap",
                        spacing="1",
                    ),  # fmt: skip
                    spacing="1",
                    width="100%",
                    min_width="0",
                ),
                rx.cond(
                    c["unread"].to(int) > 0,
                    rx.badge(
                        c["unread"],
                        color_scheme="red",
                        variant="solid",
                        radius="full",
                        data_testid="unread-badge",
                    ),  # fmt: skip
                ),
                spacing="3",
                align="center",
                width="100%",
            ),
            width="100%",
            background=rx.cond(c["unread"].to(int) > 0, rx.color("accent", 2), rx.color("gray", 1)),
        ),
        href="/conversation?id=" + c["id"].to(str),
        underline="none",
        color="inherit",
        width="100%",
        data_testid="conversation-row",
    )


STATUS_OPTIONS = [("all", "all_statuses"), ("open", "st_open")] + [
    (s, f"st_{s}") for s in CONVERSATION_STATUSES
]
TYPE_OPTIONS = [("all", "all_types")] + [(t, f"ty_{t}") for t in CONVERSATION_TYPES]
HANDLER_OPTIONS = [("all", "all_handlers"), ("ai", "hb_ai"), ("staff", "hb_staff")]


@template("/conversations", "conversations", on_load=ConversationsState.load)
def conversations_page() -> rx.Component:
    s = ConversationsState
    return rx.vstack(
        live_anchor(s),
        rx.flex(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                placeholder=tr("search"),
                value=s.search,
                on_change=s.set_search.debounce(300),
                width=["100%", "18em"],
                data_testid="conversation-search",
            ),  # fmt: skip
            select_tr(
                STATUS_OPTIONS,
                rx.cond(s.filter_status == "", "all", s.filter_status),
                s.set_filter_status,
                "filter-status",
            ),  # fmt: skip
            select_tr(
                TYPE_OPTIONS,
                rx.cond(s.filter_type == "", "all", s.filter_type),
                s.set_filter_type,
                "filter-type",
            ),  # fmt: skip
            select_tr(
                HANDLER_OPTIONS,
                rx.cond(s.filter_handler == "", "all", s.filter_handler),
                s.set_filter_handler,
                "filter-handler",
            ),  # fmt: skip
            branch_filter(s.branches, s.filter_branch, s.set_filter_branch, "filter-branch"),
            rx.hstack(
                rx.switch(checked=s.mine, on_change=s.toggle_mine, data_testid="filter-mine"),
                rx.text(tr("assigned_to_me"), size="2"),
                align="center",
            ),  # fmt: skip
            rx.hstack(
                rx.switch(checked=s.unread_only, on_change=s.toggle_unread, data_testid="filter-unread"),
                rx.text(tr("unread_only"), size="2"),
                align="center",
            ),  # fmt: skip
            spacing="3",
            wrap="wrap",
            align="center",
        ),
        rx.vstack(
            rx.foreach(s.rows, _conversation_card),
            spacing="2",
            width="100%",
            data_testid="conversations-table",
        ),  # fmt: skip
        rx.cond(
            s.rows.length() == 0,
            rx.text(tr("empty"), color_scheme="gray", padding="1em", data_testid="conversations-empty"),
        ),
        pager(s.page, s.prev_page, s.next_page, s.has_next),
        width="100%",
        spacing="4",
    )


# --------------------------------------------------------------------------- thread

EMPTY_DETAIL: dict[str, Any] = {
    "id": "", "status": "", "type": "", "handled_by": "", "phase": "idle", "assigned_id": "", "assigned": "",
    "branch_ar": "",
    "branch_en": "", "window_seconds": 0, "window_label": "",
    "customer": {"id": "", "name": "", "wa_id": "", "language": "", "tags": [], "lifetime_value": "0.00",
                 "opted_out": False, "since": ""},
    "orders": [], "feedback": [],
}  # fmt: skip


def _thread_data(
    token: str, conversation_id: str, mark_read: bool, from_id: int = 0, before_id: int = 0
) -> dict[str, Any] | None:
    """Messages and the detail panel; None when not allowed or not found. Keyset paging by message
    id: the newest page, everything from `from_id` on (a refresh), or the page before `before_id`."""
    viewer = viewer_for_token(token)
    if viewer is None:
        return None
    try:
        cid = uuid.UUID(conversation_id)
        with session_scope() as session:
            if (
                mark_read
                and get_conversation(session=session, viewer=viewer, conversation_id=cid).unread_count
            ):
                actions.mark_read(session=session, viewer=viewer, conversation_id=cid)
                signal_change(session, viewer.restaurant_id, "read")  # other tabs' badges drop too
            page = thread_page(session=session, viewer=viewer, conversation_id=cid, limit=MESSAGES_SHOWN,
                               from_id=from_id or None, before_id=before_id or None)  # fmt: skip
            detail = conversation_detail(session=session, viewer=viewer, conversation_id=cid)
    except (NotFound, ValueError):
        return {"not_found": True}
    return {"not_found": False, "messages": page["messages"], "has_older": page["has_older"], "detail": detail,
            "from_id": from_id, "before_id": before_id}  # fmt: skip


class ThreadState(LiveMixin, AuthState):
    conversation_id: str = ""
    messages: list[dict[str, Any]] = []
    detail: dict[str, Any] = EMPTY_DETAIL
    not_found: bool = False
    has_older: bool = False
    draft: str = ""
    note_mode: bool = False
    client_key: str = ""
    canned: list[dict[str, str]] = []
    team: list[dict[str, str]] = []
    templates: list[dict[str, Any]] = []
    template_id: str = ""
    template_params: list[dict[str, str]] = []
    error: str = ""

    def _store(self, data: dict[str, Any] | None) -> None:
        if data is None:
            return
        self.not_found = data["not_found"]
        if self.not_found:
            self.messages, self.detail = [], EMPTY_DETAIL
            return
        if data.get("before_id"):  # an older page: goes in front of what is shown
            self.messages = data["messages"] + [m for m in self.messages if m["id"] >= data["before_id"]]
        elif data.get("from_id") and self.messages and self.messages[0]["id"] < data["from_id"]:
            # A refresh computed before "load older" finished: keep the older page it did not cover.
            self.messages = [m for m in self.messages if m["id"] < data["from_id"]] + data["messages"]
            self.detail = data["detail"]
            return
        else:
            self.messages = data["messages"]
        self.has_older = data["has_older"]
        self.detail = data["detail"]

    def _oldest_id(self) -> int:
        return int(self.messages[0]["id"]) if self.messages else 0

    def _reload(self) -> None:
        self._store(
            _thread_data(self._token(), self.conversation_id, mark_read=False, from_id=self._oldest_id())
        )

    @rx.event
    def load_thread(self):  # type: ignore[no-untyped-def]
        viewer = self._viewer()
        if viewer is None:
            return
        self.conversation_id = self.router.url.query_parameters.get("id", "")
        self.messages, self.draft, self.error, self.note_mode = [], "", "", False
        self.template_id, self.template_params = "", []
        self.client_key = uuid.uuid4().hex
        self._store(_thread_data(self._token(), self.conversation_id, mark_read=True))
        if not self.not_found:
            with session_scope() as session:
                self.canned = list_canned(session=session, viewer=viewer)
                self.team = list_team(session=session, viewer=viewer)
                self.templates = actions.list_templates(session=session, viewer=viewer,
                                                        conversation_id=uuid.UUID(self.conversation_id))  # fmt: skip

    def _live_inputs(self) -> dict[str, Any] | None:
        if not self.conversation_id or self.not_found:
            return None
        return {"token": self._token(), "id": self.conversation_id, "from_id": self._oldest_id()}

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        # The person is looking at the thread: what arrives is read.
        return _thread_data(inputs["token"], inputs["id"], mark_read=True, from_id=inputs["from_id"])

    def _live_apply(self, data: Any) -> None:
        self._store(data)

    @rx.event
    def load_older(self):  # type: ignore[no-untyped-def]
        if self.messages:
            self._store(_thread_data(self._token(), self.conversation_id, mark_read=False,
                                     before_id=self._oldest_id()))  # fmt: skip

    def _act(self, fn, **kwargs: Any) -> Any:  # type: ignore[no-untyped-def]
        """Run a domain action on this conversation in its own transaction; errors are shown."""
        viewer = self._viewer()
        if viewer is None:
            return None
        try:
            with session_scope() as session:
                result = fn(
                    session=session, viewer=viewer, conversation_id=uuid.UUID(self.conversation_id), **kwargs
                )
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return None
        self.error = ""
        return result if result is not None else True

    @rx.event
    def take_over(self):  # type: ignore[no-untyped-def]
        self._act(actions.take_over)
        self._reload()

    @rx.event
    def hand_back(self):  # type: ignore[no-untyped-def]
        self._act(actions.hand_back)
        self._reload()

    @rx.event
    def resolve(self):  # type: ignore[no-untyped-def]
        self._act(actions.resolve)
        self._reload()

    @rx.event
    def assign(self, user_id: str):  # type: ignore[no-untyped-def]
        self._act(actions.assign, user_id=uuid.UUID(user_id))
        self._reload()

    @rx.event
    def set_draft(self, value: str):  # type: ignore[no-untyped-def]
        self.draft = value

    @rx.event
    def set_note_mode(self, value: str | list[str]):  # type: ignore[no-untyped-def]
        self.note_mode = value == "note"

    @rx.event
    def use_canned(self, body: str):  # type: ignore[no-untyped-def]
        self.draft = (self.draft + "\n" + body).strip() if self.draft else body

    @rx.event
    def send(self):  # type: ignore[no-untyped-def]
        body = self.draft.strip()
        if not body:
            return
        if self.note_mode:
            if self._act(actions.add_note, body=body):
                self.draft = ""
        else:
            queued = self._act(actions.staff_reply, body=body, client_key=self.client_key)
            if queued:
                self.draft = ""
                self.client_key = uuid.uuid4().hex
                _enqueue(queued)
        self._reload()

    # ----------------------------------------------------------------- templates (window closed)

    def _template(self) -> dict[str, Any] | None:
        return next((t for t in self.templates if t["id"] == self.template_id), None)

    @rx.var
    def template_preview(self) -> str:
        """The chosen template's text with the parameters typed so far."""
        t = next((t for t in self.templates if t["id"] == self.template_id), None)
        if t is None:
            return ""
        names = [p["name"] for p in self.template_params]
        return actions.fill_template(
            t["preview"], names, {p["name"]: p["value"] for p in self.template_params if p["value"]}
        )

    @rx.var
    def template_ready(self) -> bool:
        return self.template_id != "" and all(p["value"].strip() for p in self.template_params)

    @rx.event
    def choose_template(self, template_id: str):  # type: ignore[no-untyped-def]
        self.template_id = template_id
        t = self._template()
        self.template_params = [dict(p) for p in t["params"]] if t else []

    @rx.event
    def set_template_param(self, index: int, value: str):  # type: ignore[no-untyped-def]
        params = [dict(p) for p in self.template_params]
        if 0 <= index < len(params):
            params[index]["value"] = value
            self.template_params = params

    @rx.event
    def send_template(self):  # type: ignore[no-untyped-def]
        if not self.template_id:
            return
        queued = self._act(actions.send_template, template_id=uuid.UUID(self.template_id),
                           params={p["name"]: p["value"] for p in self.template_params}, client_key=self.client_key)  # fmt: skip
        if queued:
            self.template_id, self.template_params = "", []
            self.client_key = uuid.uuid4().hex
            _enqueue(queued)
        self._reload()


def _enqueue(queued: Any) -> None:
    """Start the send job for a committed outbox row (the sweeper covers a failure here)."""
    if not queued.created:
        return
    try:
        from crm_res.jobs.enqueue import enqueue_send

        enqueue_send(queued.outbox_id, queued.not_before)
    except Exception:  # noqa: BLE001 - the outbox row is committed; the sweeper sends it
        log.exception("could not enqueue outbox %s; the sweeper will send it", queued.outbox_id)


def _window(d: rx.Var) -> rx.Component:
    return rx.cond(
        d["window_seconds"].to(int) > 0,
        rx.badge(rx.icon("clock", size=12), tr("window_open"), " ", rx.text(d["window_label"], as_="span", dir="ltr"),
                 color_scheme="green", variant="soft", data_testid="window-countdown"),
        rx.badge(rx.icon("clock", size=12), tr("window_closed"), color_scheme="orange", variant="soft",
                 data_testid="window-countdown"),
    )  # fmt: skip


def _assign_select() -> rx.Component:
    s = ThreadState
    return rx.select.root(
        rx.select.trigger(placeholder=tr("assign_to"), width="12em", data_testid="assign-select"),
        rx.select.content(rx.foreach(s.team, lambda u: rx.select.item(u["name"], value=u["id"].to(str)))),
        value=s.detail["assigned_id"].to(str),
        on_change=s.assign,
    )


def _thread_header() -> rx.Component:
    s, d = ThreadState, ThreadState.detail
    staff = d["handled_by"].to(str) == "staff"
    return rx.vstack(
        rx.hstack(
            rx.link(
                rx.cond(UIState.is_en, rx.icon("arrow-left"), rx.icon("arrow-right")),
                href="/conversations",
                data_testid="back-to-inbox",
            ),
            rx.heading(
                d["customer"].to(dict)["name"].to(str),
                size="5",
                data_testid="thread-customer",
                style=NAME_STYLE,
            ),
            badge(d["status"], tr_value("st", d["status"], CONVERSATION_STATUSES)),
            badge(d["handled_by"], tr_value("hb", d["handled_by"], ("ai", "staff"))),
            phase_badge(d),
            rx.cond(
                d["branch_ar"].to(str) != "",
                rx.badge(branch_label(d), variant="surface", color_scheme="gray"),
            ),
            _window(d),
            campaign_badge(s.conversation_id),
            wrap="wrap",
            align="center",
            spacing="2",
            data_testid="thread-header",
        ),  # fmt: skip
        rx.flex(
            rx.cond(
                staff,
                rx.button(
                    rx.icon("bot", size=16),
                    tr("hand_back"),
                    on_click=s.hand_back,
                    variant="soft",
                    data_testid="hand-back",
                ),
                rx.button(
                    rx.icon("hand", size=16), tr("take_over"), on_click=s.take_over, data_testid="take-over"
                ),
            ),
            rx.button(
                rx.icon("circle-check", size=16),
                tr("resolve"),
                on_click=s.resolve,
                variant="outline",
                color_scheme="green",
                disabled=d["status"].to(str) == "resolved",
                data_testid="resolve",
            ),
            _assign_select(),
            spacing="2",
            wrap="wrap",
            align="center",
        ),  # fmt: skip
        spacing="2",
        width="100%",
    )


def _template_param(p: rx.Var, i: rx.Var) -> rx.Component:
    return rx.input(value=p["value"], placeholder=p["name"], on_change=lambda v: ThreadState.set_template_param(i, v),
                    dir="auto", width=["100%", "14em"], data_testid="template-param")  # fmt: skip


def _template_picker() -> rx.Component:
    """Outside the 24-hour window: one of the restaurant's approved templates, with its parameters."""
    s = ThreadState
    return rx.cond(
        s.templates.length() == 0,
        rx.text(tr("no_templates"), size="2", color_scheme="gray", data_testid="no-templates"),
        rx.vstack(
            rx.flex(
                rx.select.root(
                    rx.select.trigger(placeholder=tr("choose_template"), width=["100%", "16em"],
                                      data_testid="template-select"),
                    rx.select.content(rx.foreach(s.templates, lambda t: rx.select.item(
                        t["name"].to(str) + " (" + t["language"].to(str) + ")", value=t["id"].to(str)))),
                    value=s.template_id,
                    on_change=s.choose_template,
                ),
                rx.foreach(s.template_params, _template_param),
                spacing="2",
                wrap="wrap",
                align="center",
                width="100%",
            ),
            rx.cond(s.template_preview != "", rx.text(s.template_preview, size="2", dir="auto", padding="0.5em",
                                                      border_radius="8px", background=rx.color("indigo", 2),
                                                      data_testid="template-preview")),
            rx.button(rx.icon("send", size=14), tr("send_template"), on_click=s.send_template,
                      disabled=~s.template_ready, data_testid="send-template"),
            spacing="2",
            width="100%",
            data_testid="template-picker",
        ),
    )  # fmt: skip


def _composer() -> rx.Component:
    s, d = ThreadState, ThreadState.detail
    closed = (d["window_seconds"].to(int) == 0) & ~s.note_mode
    return rx.vstack(
        rx.hstack(
            rx.segmented_control.root(
                rx.segmented_control.item(tr("reply"), value="reply"),
                rx.segmented_control.item(tr("private_note"), value="note"),
                value=rx.cond(s.note_mode, "note", "reply"),
                on_change=s.set_note_mode,
                data_testid="compose-mode",
            ),
            rx.cond(
                s.canned.length() > 0,
                rx.menu.root(
                    rx.menu.trigger(
                        rx.button(
                            rx.icon("zap", size=14),
                            tr("quick_replies"),
                            variant="soft",
                            size="2",
                            data_testid="quick-replies",
                        )
                    ),  # fmt: skip
                    rx.menu.content(
                        rx.foreach(
                            s.canned, lambda c: rx.menu.item(c["title"], on_click=s.use_canned(c["body"]))
                        )
                    ),  # fmt: skip
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            closed,
            rx.callout(
                tr("window_closed_help"),
                icon="info",
                color_scheme="orange",
                size="1",
                data_testid="window-closed-help",
            ),
        ),
        rx.cond(closed, _template_picker()),
        # Outside the window free text cannot be sent: only the template picker (and private notes) show.
        rx.cond(
            closed,
            rx.fragment(),
            rx.hstack(
                rx.text_area(
                    value=s.draft,
                    on_change=s.set_draft,
                    placeholder=rx.cond(s.note_mode, tr("note_placeholder"), tr("type_message")),
                    rows="2",
                    width="100%",
                    dir="auto",
                    data_testid="composer",
                    background=rx.cond(s.note_mode, rx.color("amber", 2), "transparent"),
                ),  # fmt: skip
                rx.button(
                    rx.cond(s.note_mode, tr("add_note"), tr("send")),
                    on_click=s.send,
                    disabled=s.draft.strip() == "",
                    height="auto",
                    data_testid="send",
                ),  # fmt: skip
                width="100%",
                align="stretch",
            ),
        ),
        width="100%",
        spacing="2",
    )


@template("/conversation", "conversation", on_load=[ThreadState.load_thread, load_campaign_badge])
def conversation_page() -> rx.Component:
    s = ThreadState
    return rx.cond(
        s.not_found,
        rx.vstack(
            rx.callout(tr("not_found"), color_scheme="red", icon="search-x", data_testid="not-found"),
            rx.link(tr("back"), href="/conversations"),
        ),
        rx.grid(
            rx.vstack(
                live_anchor(s),
                _thread_header(),
                error_callout(s.error, "thread-error"),
                rx.box(
                    rx.vstack(
                        rx.cond(
                            s.has_older,
                            rx.button(
                                tr("load_older"),
                                on_click=s.load_older,
                                variant="ghost",
                                size="1",
                                align_self="center",
                                data_testid="load-older",
                            ),
                        ),
                        rx.foreach(s.messages, bubble),
                        spacing="2",
                        width="100%",
                        align="stretch",
                        data_testid="thread",
                    ),  # fmt: skip
                    display="flex",
                    flex_direction="column-reverse",  # keeps the newest message in view
                    height=["55vh", "60vh", "calc(100vh - 330px)"],
                    min_height="300px",
                    overflow_y="auto",
                    padding="0.75em",
                    border_radius="12px",
                    background=rx.color("gray", 2),
                    border=f"1px solid {rx.color('gray', 4)}",
                    width="100%",
                ),
                _composer(),
                spacing="3",
                width="100%",
                min_width="0",
            ),
            rx.card(customer_panel(s.detail), width="100%", align_self="start"),
            columns=rx.breakpoints(initial="1", lg="minmax(0, 1fr) 300px"),
            spacing="4",
            width="100%",
        ),
    )
