"""Conversations: the inbox list and a conversation's thread."""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from crm_res.components.ui import badge, data_table, pager
from crm_res.db import session_scope
from crm_res.i18n import CONVERSATION_STATUSES
from crm_res.layout import template
from crm_res.services.errors import NotFound
from crm_res.services.listing import PAGE_SIZE, conversation_messages, list_conversations
from crm_res.state.auth import AuthState
from crm_res.state.listing import ListState
from crm_res.state.ui import UIState, tr, tr_value


class ConversationsState(ListState, AuthState):
    def _fetch(self, session, viewer):  # type: ignore[no-untyped-def]
        return list_conversations(
            session=session, viewer=viewer, search=self.search, status=self.filter_status or None,
            page=self.page, page_size=PAGE_SIZE + 1,
        )  # fmt: skip


class ThreadState(ListState, AuthState):
    conversation_id: str = ""
    messages: list[dict[str, Any]] = []
    not_found: bool = False

    @rx.event
    def load_thread(self):  # type: ignore[no-untyped-def]
        viewer = self._viewer()
        if viewer is None:
            return
        raw = self.router.url.query_parameters.get("id", "")
        self.conversation_id = raw
        try:
            with session_scope() as session:
                self.messages = conversation_messages(
                    session=session, viewer=viewer, conversation_id=uuid.UUID(raw)
                )
            self.not_found = False
        except (NotFound, ValueError):
            self.messages = []
            self.not_found = True


def _row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(c["customer_name"], href="/conversation?id=" + c["id"].to(str))),
        rx.table.cell(badge(c["status"], tr_value("st", c["status"], CONVERSATION_STATUSES))),
        rx.table.cell(tr_value("ty", c["type"], ("feedback", "order", "support", "general"))),
        rx.table.cell(rx.cond(UIState.is_en, c["branch_en"], c["branch_ar"])),
        rx.table.cell(rx.text(c["preview"], max_width="22em", trim="both", truncate=True)),
        rx.table.cell(rx.cond(c["unread"].to(int) > 0, rx.badge(c["unread"], color_scheme="red"), "")),
    )


@template("/conversations", "conversations", on_load=ConversationsState.load)
def conversations_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.input(placeholder=tr("search"), value=ConversationsState.search,
                     on_change=ConversationsState.set_search.debounce(300), width="18em",
                     data_testid="conversation-search"),  # fmt: skip
            rx.select(["all", *CONVERSATION_STATUSES], value=rx.cond(
                ConversationsState.filter_status == "", "all", ConversationsState.filter_status),
                on_change=ConversationsState.set_filter_status),  # fmt: skip
            spacing="3",
            wrap="wrap",
        ),
        data_table(["customer", "status", "type", "branch", "last_message", "unread"],
                   ConversationsState.rows, _row, "conversations-table"),  # fmt: skip
        pager(ConversationsState.page, ConversationsState.prev_page, ConversationsState.next_page,
              ConversationsState.has_next),  # fmt: skip
        width="100%",
        spacing="4",
    )


def _bubble(m: rx.Var) -> rx.Component:
    mine = m["direction"] != "inbound"
    return rx.box(
        rx.text(tr_value("sender", m["sender"], ("customer", "ai", "staff", "system")),
                size="1", color_scheme="gray"),  # fmt: skip
        rx.text(m["body"], white_space="pre-wrap"),
        rx.text(m["at"].to(str)[11:16], " ", m["status"], size="1", color_scheme="gray"),
        background=rx.cond(mine, rx.color("accent", 3), rx.color("gray", 3)),
        padding="0.6em 0.9em",
        border_radius="12px",
        max_width="75%",
        align_self=rx.cond(mine, "flex-end", "flex-start"),
        data_testid="message-bubble",
    )


@template("/conversation", "conversation", on_load=ThreadState.load_thread)
def conversation_page() -> rx.Component:
    return rx.vstack(
        rx.link(tr("back"), href="/conversations"),
        rx.cond(
            ThreadState.not_found,
            rx.callout(tr("not_found"), color_scheme="red", data_testid="not-found"),
            rx.vstack(rx.foreach(ThreadState.messages, _bubble), width="100%", spacing="2",
                      align="stretch"),  # fmt: skip
        ),
        width="100%",
    )
