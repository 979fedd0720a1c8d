"""The inbox as staff work it: who is waiting for a person (pinned on top, with how long in words),
which one to open next, and the thread's activity log (assigned, taken over, handed back, resolved,
reopened: by whom and when), read from the events the actions already record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, literal_column, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from crm_res.models import (
    Conversation,
    ConversationStatus,
    Event,
    Handler,
    Message,
    MessageDirection,
    MessageSender,
    User,
)
from crm_res.services.access import Viewer
from crm_res.services.inbox.conversations import get_conversation, inbox_query, inbox_row
from crm_res.services.lists import visible_branch
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.vocabulary import ar_count

PINNED_MAX = 30
# The assistant answers in seconds; a customer message it has left unanswered this long (worker
# down, a failed send) needs a person as much as an escalation does.
AI_STUCK = timedelta(minutes=2)
OPEN = (ConversationStatus.active, ConversationStatus.escalated)

# --------------------------------------------------------------------------- waiting time in words

# Arabic counts: 1 and 2 have their own words, 3–10 take the plural, 11 and up the singular.
_AR_UNITS = {
    "minute": ("دقيقة", "دقيقتين", "دقائق", "دقيقة"),
    "hour": ("ساعة", "ساعتين", "ساعات", "ساعة"),
    "day": ("يوم", "يومين", "أيام", "يوماً"),
}
_EN_UNITS = {"minute": "min", "hour": "h", "day": "d"}


def _ar_count(n: int, unit: str) -> str:
    # Western digits, as every figure: the restaurant's digit style is applied where it is shown
    # (services/digits.py, assets/digits.js).
    return ar_count(n, _AR_UNITS[unit])


def waiting_words(seconds: float) -> dict[str, str]:
    """How long someone has waited, as a person says it: {"ar": "منذ ٣ دقائق", "en": "3 min"}."""
    s = max(0, int(seconds))
    if s < 60:
        return {"ar": "الآن", "en": "just now"}
    unit, n = ("minute", s // 60) if s < 3600 else ("hour", s // 3600) if s < 86400 else ("day", s // 86400)
    return {"ar": f"منذ {_ar_count(n, unit)}", "en": f"{n} {_EN_UNITS[unit]}"}


# --------------------------------------------------------------------------- who is waiting


def _waiting_since() -> Any:
    """Per conversation: the customer's first message after the last answer, else NULL. An answer is
    a staff message, or (while the assistant handles it) the assistant's. A private note is none."""
    answered_by = or_(
        col(Message.sender) == MessageSender.staff,
        and_(col(Message.sender) == MessageSender.ai, col(Conversation.handled_by) == Handler.ai),
    )
    last_answer = (
        select(func.max(Message.occurred_at))
        .where(
            Message.conversation_id == Conversation.id,
            Message.direction == MessageDirection.outbound,
            answered_by,
        )
        .correlate(Conversation)
        .scalar_subquery()
    )
    return (
        select(func.min(Message.occurred_at))
        .where(
            Message.conversation_id == Conversation.id,
            Message.direction == MessageDirection.inbound,
            Message.occurred_at > func.coalesce(last_answer, literal_column("'-infinity'::timestamptz")),
        )
        .correlate(Conversation)
        .scalar_subquery()
        .label("waiting_since")
    )


def waiting_conversations(
    *, session: Session, viewer: Viewer, now: datetime | None = None, limit: int = PINNED_MAX, **filters: Any
) -> list[dict[str, Any]]:
    """Open conversations a customer is waiting in for a person, escalations first, then by priority,
    then the longest wait (snoozed ones left out): escalated or staff-handled with the customer's message unanswered, or the assistant's
    unanswered for `AI_STUCK`. Each row is an inbox row plus `waiting_seconds` and the wait in words.
    `filters` are the inbox's (search, type, branch_id, handler, mine, unread_only)."""
    now = now or datetime.now(UTC)
    filters.pop("status", None)  # only open conversations wait
    filters["snoozed"] = False  # a snoozed one comes back when the customer writes
    if "branch_id" in filters:
        filters["branch_id"] = visible_branch(session, viewer, filters["branch_id"])
    since = _waiting_since()
    query = inbox_query(viewer=viewer, extra_columns=(since,), **filters).where(
        col(Conversation.status).in_(OPEN)
    )
    # Materialised: Postgres would otherwise inline it and compute the wait once per use (filter,
    # order and output), four times the work over every open conversation.
    inner = query.cte("open_inbox").prefix_with("MATERIALIZED")
    rows = session.execute(
        sa_select(inner)
        .where(
            inner.c.waiting_since.is_not(None),
            or_(inner.c.handled_by == Handler.staff, inner.c.waiting_since <= now - AI_STUCK),
        )
        .order_by(
            (inner.c.status == ConversationStatus.escalated).desc(),
            inner.c.priority.desc(),
            inner.c.waiting_since,
        )
        .limit(limit)
    ).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    out = []
    for row in rows:
        item = inbox_row(row, tz, now)
        waited = (now - row[15]).total_seconds()
        words = waiting_words(waited)
        item.update(waiting_seconds=int(waited), waiting_ar=words["ar"], waiting_en=words["en"])
        out.append(item)
    return out


def next_waiting(
    *, session: Session, viewer: Viewer, after: uuid.UUID | str | None = None, now: datetime | None = None
) -> str | None:
    """The conversation to open after finishing one: the first one waiting for a person (other than
    `after`), else None."""
    skip = str(after or "")
    for row in waiting_conversations(session=session, viewer=viewer, now=now, limit=PINNED_MAX + 1):
        if row["id"] != skip:
            return str(row["id"])
    return None


# --------------------------------------------------------------------------- the thread's activity log

# What the log shows, and who has the conversation after it (None: unchanged).
ACTIVITY_KINDS: dict[str, Handler | None] = {
    "conversation.escalated": Handler.staff,
    "conversation.takeover": Handler.staff,
    "conversation.handback": Handler.ai,
    "conversation.assigned": None,
    "conversation.resolved": Handler.ai,
    "conversation.reopened": None,
    "conversation.abandoned": None,
}


def conversation_activity(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The thread's system lines, oldest first: {"id": "e<id>", "kind": "activity", "event":
    "takeover", "actor": name or "", "actor_kind": user|ai|system|customer, "target": a teammate's
    name (assigned), "at", "ts", "at_label"}. A staff reply takes the conversation over each time;
    only a real change of hands is shown."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    now = now or datetime.now(UTC)
    events = session.exec(  # ix_events_conversation (migration 0180)
        select(Event)
        .where(
            Event.restaurant_id == viewer.restaurant_id,
            Event.subject_type == "conversation",
            Event.subject_id == str(conv.id),
            col(Event.kind).in_(list(ACTIVITY_KINDS)),
        )
        .order_by(col(Event.created_at), col(Event.id))
    ).all()
    user_ids = {e.actor_user_id for e in events if e.actor_user_id}
    user_ids |= {uuid.UUID(str(e.data["user_id"])) for e in events if e.data.get("user_id")}
    names = {
        u.id: u.full_name or u.email
        for u in session.exec(
            select(User).where(col(User.id).in_(user_ids), User.restaurant_id == viewer.restaurant_id)
        ).all()
    }
    tz = restaurant_tz(session, viewer.restaurant_id)
    holder: uuid.UUID | None = None  # the teammate who took it over last, while staff have it
    out = []
    for e in events:
        action = e.kind.removeprefix("conversation.")
        if action == "takeover":
            if holder is not None and holder == e.actor_user_id:
                continue  # a reply by the teammate who already has it
            holder = e.actor_user_id
        elif ACTIVITY_KINDS[e.kind] is not None:
            holder = None  # escalated to staff in general, or back with the assistant
        target = ""
        if e.data.get("user_id"):
            target = names.get(uuid.UUID(str(e.data["user_id"])), "")
        out.append(
            {
                "id": f"e{e.id}",
                "kind": "activity",
                "event": action,
                "actor": names.get(e.actor_user_id, "") if e.actor_user_id else "",
                "actor_kind": e.actor,
                "target": target,
                "at": e.created_at.isoformat(),
                "ts": e.created_at.timestamp(),
                "at_label": time_label(e.created_at, tz, now),
            }
        )
    return out
