"""The open conversation's state: its messages with the activity log interleaved, the side panel's
detail, staff actions (take over, hand back, resolve and the next conversation after it, assign),
the composer with its "/" quick replies, and templates when the 24-hour window is closed."""

from __future__ import annotations

import uuid
from typing import Any, cast

import reflex as rx

from crm_res.db import session_scope
from crm_res.services.admin.restaurant_settings import list_canned
from crm_res.services.campaigns.board import campaign_thread_messages
from crm_res.services.errors import DomainError, NotFound
from crm_res.services.inbox import conversations as actions
from crm_res.services.inbox.conversations import conversation_detail, get_conversation, thread_page
from crm_res.services.inbox.inbox import conversation_activity, next_waiting
from crm_res.services.lists import list_team
from crm_res.services.notifications import signal_change
from crm_res.services.outbox.outbox import Queued
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.live import LiveMixin, viewer_for_token
from crm_res.state.rows import ConversationDetail, TemplateOption, TemplateParam, ThreadItem
from crm_res.state.sends import send_after_commit

from .inbox import INBOX

MESSAGES_SHOWN = 50
SLASH_SHOWN = 8

EMPTY_DETAIL: ConversationDetail = {
    "id": "",
    "status": "",
    "type": "",
    "handled_by": "",
    "phase": "idle",
    "assigned_id": "",
    "assigned": "",
    "priority": "none",
    "snoozed_label": "",
    "branch_ar": "",
    "branch_en": "",
    "window_seconds": 0,
    "window_label": "",
    "customer": {
        "id": "",
        "name": "",
        "wa_id": "",
        "contact": "",
        "language": "",
        "tags": [],
        "lifetime_value": "0.00",
        "opted_out": False,
        "since": "",
    },
    "orders": [],
    "feedback": [],
}


def thread_data(
    token: str, conversation_id: str, mark_read: bool, from_id: int = 0, before_id: int = 0
) -> dict[str, Any] | None:
    """Messages, the activity log and the detail panel; None when not allowed. Keyset paging by message
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
            page = thread_page(
                session=session,
                viewer=viewer,
                conversation_id=cid,
                limit=MESSAGES_SHOWN,
                from_id=from_id or None,
                before_id=before_id or None,
            )
            detail = conversation_detail(session=session, viewer=viewer, conversation_id=cid)
            activity = conversation_activity(session=session, viewer=viewer, conversation_id=cid)
            # The campaign message the customer answers, by time among the messages (not id-paged).
            activity += campaign_thread_messages(session=session, viewer=viewer, conversation_id=cid)
    except (NotFound, ValueError):
        return {"not_found": True}
    return {
        "not_found": False,
        "messages": page["messages"],
        "has_older": page["has_older"],
        "detail": detail,
        "activity": activity,
        "from_id": from_id,
        "before_id": before_id,
    }


def interleave(
    messages: list[dict[str, Any]], activity: list[dict[str, Any]], complete: bool
) -> list[ThreadItem]:
    """Messages and activity lines in time order. While older messages are not loaded, activity
    older than the first message shown waits with them."""
    if messages and not complete:
        first = messages[0]["ts"]
        activity = [a for a in activity if a["ts"] >= first]
    rows = sorted(messages + activity, key=lambda x: (x["ts"], 0 if x["kind"] != "activity" else 1))
    return cast(list[ThreadItem], rows)


class ThreadState(LiveMixin, AuthState):
    conversation_id: str = ""
    items: list[ThreadItem] = []  # messages and activity lines, oldest first
    _messages: list[dict[str, Any]] = []
    _activity: list[dict[str, Any]] = []
    detail: ConversationDetail = EMPTY_DETAIL
    not_found: bool = False
    has_older: bool = False
    draft: str = ""
    note_mode: bool = False
    client_key: str = ""
    canned: list[dict[str, str]] = []
    team: list[dict[str, str]] = []
    templates: list[TemplateOption] = []
    template_id: str = ""
    template_params: list[TemplateParam] = []
    error: str = ""
    resolved_step: bool = False  # just resolved here: offer the next conversation
    next_id: str = ""

    # ----------------------------------------------------------------- loading

    def _store(self, data: dict[str, Any] | None) -> None:
        if data is None:
            return
        self._shown_now()
        self.not_found = data["not_found"]
        if self.not_found:
            self._messages, self._activity, self.items, self.detail = [], [], [], EMPTY_DETAIL
            return
        if data.get("before_id"):  # an older page: goes in front of what is shown
            self._messages = data["messages"] + [m for m in self._messages if m["id"] >= data["before_id"]]
            self.has_older = data["has_older"]
        elif data.get("from_id") and self._messages and self._messages[0]["id"] < data["from_id"]:
            # A refresh computed before "load older" finished: keep the older page it did not cover.
            self._messages = [m for m in self._messages if m["id"] < data["from_id"]] + data["messages"]
        else:
            self._messages = data["messages"]
            self.has_older = data["has_older"]
        self._activity = data["activity"]
        self.detail = cast(ConversationDetail, data["detail"])
        self.items = interleave(self._messages, self._activity, complete=not self.has_older)

    def _oldest_id(self) -> int:
        return int(self._messages[0]["id"]) if self._messages else 0

    def _reload(self) -> None:
        self._store(
            thread_data(self._token(), self.conversation_id, mark_read=False, from_id=self._oldest_id())
        )

    @rx.event
    def load_thread(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        self.conversation_id = self.router.url.query_parameters.get("id", "")
        self._messages, self._activity, self.items = [], [], []
        self.draft, self.error, self.note_mode = "", "", False
        self.template_id, self.template_params = "", []
        self.resolved_step, self.next_id = False, ""
        self.client_key = uuid.uuid4().hex
        if not self.conversation_id:
            self.not_found, self.detail = False, EMPTY_DETAIL
            return
        self._store(thread_data(self._token(), self.conversation_id, mark_read=True))
        if not self.not_found:
            with session_scope() as session:
                self.canned = list_canned(session=session, viewer=viewer)
                self.team = list_team(session=session, viewer=viewer)
                self.templates = cast(
                    list[TemplateOption],
                    actions.list_templates(
                        session=session, viewer=viewer, conversation_id=uuid.UUID(self.conversation_id)
                    ),
                )

    def _live_inputs(self) -> dict[str, Any] | None:
        if not self.conversation_id or self.not_found:
            return None
        return {"token": self._token(), "id": self.conversation_id, "from_id": self._oldest_id()}

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        # The person is looking at the thread: what arrives is read.
        return thread_data(inputs["token"], inputs["id"], mark_read=True, from_id=inputs["from_id"])

    def _live_apply(self, data: Any) -> None:
        self._store(data)

    @rx.event
    def load_older(self) -> None:
        if self._messages:
            self._store(
                thread_data(self._token(), self.conversation_id, mark_read=False, before_id=self._oldest_id())
            )

    # ----------------------------------------------------------------- staff actions

    def _act(self, fn, **kwargs: Any) -> Any:
        """Run a domain action on this conversation in its own transaction; errors are shown."""
        viewer = self._viewer()
        if viewer is None or not self.conversation_id:
            return None
        try:
            with session_scope() as session:
                result = fn(
                    session=session, viewer=viewer, conversation_id=uuid.UUID(self.conversation_id), **kwargs
                )
                if isinstance(result, Queued):  # a reply or template: its send starts after the commit
                    send_after_commit(session, result)
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return None
        self.error = ""
        return result if result is not None else True

    @rx.event
    def take_over(self) -> None:
        self._act(actions.take_over)
        self.resolved_step = False
        self._reload()

    @rx.event
    def hand_back(self) -> None:
        self._act(actions.hand_back)
        self._reload()

    @rx.event
    def resolve(self) -> None:
        if self._act(actions.resolve):
            viewer = self._viewer()
            if viewer is not None:
                with session_scope() as session:
                    self.next_id = (
                        next_waiting(session=session, viewer=viewer, after=self.conversation_id) or ""
                    )
            self.resolved_step = True
        self._reload()

    @rx.event
    def go_next(self):
        """The "next conversation" step: the first one waiting for a person, else the inbox."""
        viewer = self._viewer()
        if viewer is None:
            return None
        with session_scope() as session:
            target = next_waiting(session=session, viewer=viewer, after=self.conversation_id)
        if target:
            return rx.redirect(f"{INBOX}?id={target}")
        self.next_id = ""
        self.resolved_step = True
        return None

    @rx.event
    def set_priority(self, priority: str) -> None:
        self._act(actions.set_priority, priority=priority)
        self._reload()

    @rx.event
    def snooze(self, option: str) -> None:
        self._act(actions.snooze, option=option)
        self._reload()

    @rx.event
    def assign(self, user_id: str) -> None:
        self._act(actions.assign, user_id=uuid.UUID(user_id))
        self._reload()

    # ----------------------------------------------------------------- the composer and "/" replies

    @rx.var
    def slash_query(self) -> str:
        """What follows a "/" typed at the start of the reply or of a word ("" when there is none)."""
        word = self.draft.rsplit(maxsplit=1)[-1] if self.draft.strip() else ""
        if self.draft.endswith((" ", "\n")) or not word.startswith("/"):
            return ""
        return word

    @rx.var
    def slash_matches(self) -> list[dict[str, str]]:
        """The quick replies whose title or text contains what was typed after "/"."""
        if not self.slash_query or self.note_mode:
            return []
        typed = self.slash_query[1:].casefold()
        found = [c for c in self.canned if typed in c["title"].casefold() or typed in c["body"].casefold()]
        return found[:SLASH_SHOWN]

    @rx.event
    def set_draft(self, value: str) -> None:
        self.draft = value

    @rx.event
    def set_note_mode(self, value: str | list[str]) -> None:
        self.note_mode = value == "note"

    @rx.event
    def use_canned(self, body: str):
        """Insert a quick reply: in place of the "/word" being typed, else after what is there."""
        if self.slash_query:
            head = self.draft[: len(self.draft) - len(self.slash_query)]
            self.draft = head + body
        else:
            self.draft = (self.draft + "\n" + body).strip() if self.draft else body
        return rx.set_focus("composer")

    @rx.event
    def close_slash(self) -> None:
        if self.slash_query:
            self.draft = self.draft[: len(self.draft) - len(self.slash_query)]

    @rx.event
    def send(self) -> None:
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
                self.resolved_step = False
        self._reload()

    # ----------------------------------------------------------------- templates (window closed)

    def _template(self) -> TemplateOption | None:
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
    def choose_template(self, template_id: str) -> None:
        self.template_id = template_id
        t = self._template()
        self.template_params = cast(list[TemplateParam], [dict(p) for p in t["params"]]) if t else []

    @rx.event
    def set_template_param(self, index: int, value: str) -> None:
        params = [dict(p) for p in self.template_params]
        if 0 <= index < len(params):
            params[index]["value"] = value
            self.template_params = cast(list[TemplateParam], params)

    @rx.event
    def send_template(self) -> None:
        if not self.template_id:
            return
        queued = self._act(
            actions.send_template,
            template_id=uuid.UUID(self.template_id),
            params={p["name"]: p["value"] for p in self.template_params},
            client_key=self.client_key,
        )
        if queued:
            self.template_id, self.template_params = "", []
            self.client_key = uuid.uuid4().hex
        self._reload()
