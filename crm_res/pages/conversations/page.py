"""The split-pane inbox: list, thread and customer side by side on a desktop (mirrored in Arabic by
the page's direction), list then thread with a back control on a phone (assets/inbox.css). One view
for /conversations (?id= opens a thread beside the list) and /conversation?id= (older links)."""

from __future__ import annotations

import reflex as rx

from crm_res.components.campaign_badge import load_campaign_badge
from crm_res.layout import template
from crm_res.state.live import live_anchor

from .inbox import InboxState, inbox_list
from .shortcuts import help_dialog, keys_anchor
from .thread import side_panel, thread_pane
from .thread_state import ThreadState

LOADS = [InboxState.load, ThreadState.load_thread, load_campaign_badge]


def inbox_view() -> rx.Component:
    return rx.box(
        live_anchor(InboxState),
        live_anchor(ThreadState),
        keys_anchor(),
        help_dialog(),
        rx.box(inbox_list(), class_name="inbox-list"),
        rx.box(thread_pane(), class_name="inbox-thread", data_testid="thread-pane"),
        rx.box(side_panel(), class_name="inbox-panel"),
        class_name="inbox",
        data_inbox="true",
        data_open=rx.cond(ThreadState.conversation_id != "", "true", "false"),
        data_testid="inbox",
    )


@template("/conversations", "conversations", on_load=LOADS)
def conversations_page() -> rx.Component:
    return inbox_view()


@template("/conversation", "conversation", on_load=LOADS)
def conversation_page() -> rx.Component:
    return inbox_view()
