"""Rows a conversation's thread and side panel hold, as the domain returns them
(services/inbox/conversations.py, inbox.py, message_marks.py). Shared by the conversation page's
state and the thread components, so they live below both."""

from __future__ import annotations

from typing import TypedDict


class ThreadItem(TypedDict, total=False):
    """A message (thread_page) or a line of the activity log (conversation_activity), in time order;
    `kind` tells which ("activity" or the sender)."""

    id: int | str  # a message's id; "e<id>" for an activity line
    kind: str
    at: str
    ts: float
    at_label: str
    # a message
    sender: str
    direction: str
    type: str
    body: str
    status: str
    error: str
    media: str
    media_url: str
    filename: str
    map_url: str
    author: str
    edited: bool
    original: str
    deleted: bool
    reaction: str
    notice: str
    why: str
    # an activity line
    event: str
    actor: str
    actor_kind: str
    target: str


class PanelCustomer(TypedDict):
    id: str
    name: str
    wa_id: str
    contact: str
    language: str
    tags: list[str]
    lifetime_value: str
    opted_out: bool
    since: str


class PanelOrder(TypedDict):
    id: str
    number: int
    status: str
    total: str
    at_label: str


class PanelFeedback(TypedDict):
    rating: int
    sentiment: str
    comment: str
    at_label: str


class ConversationDetail(TypedDict):
    """The thread's header and the customer side panel (conversation_detail)."""

    id: str
    status: str
    type: str
    handled_by: str
    assigned_id: str
    phase: str
    assigned: str
    branch_ar: str
    branch_en: str
    priority: str
    snoozed_label: str
    window_seconds: int
    window_label: str
    customer: PanelCustomer
    orders: list[PanelOrder]
    feedback: list[PanelFeedback]


class TemplateParam(TypedDict):
    name: str
    value: str


class TemplateOption(TypedDict):
    """An approved template the composer offers outside the 24-hour window (list_templates)."""

    id: str
    name: str
    language: str
    purpose: str
    preview: str
    params: list[TemplateParam]
