"""Staff actions on a conversation: take over, write, hand back, resolve, assign, note.

Every function checks the viewer may see the conversation (tenant and branch), records an
event and signals the change to open dashboards (a Redis PUBLISH after commit, like the inbound
path). The caller commits and then enqueues the returned sends.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, not_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_res.models import (
    Branch,
    Conversation,
    ConversationStatus,
    Customer,
    Feedback,
    Handler,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
    MessageTemplate,
    Notification,
    Order,
    Restaurant,
    Sentiment,
    User,
)
from crm_res.models.customer import shown_contact
from crm_res.services.access import EVERY_ROLE, Viewer, allowed_roles, viewer_for
from crm_res.services.changes import audit_entry, changes
from crm_res.services.dialogue.states import phase_of, reset_conversation
from crm_res.services.display_text import preview_line
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.ids import parse_id
from crm_res.services.inbox.message_marks import mark_columns, marks
from crm_res.services.lists import (
    MEDIA_TYPES,
    PAGE_SIZE,
    WINDOW,
    customer_search,
    uuid_or_none,
    visible_branch,
)
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.services.notifications import signal_change, wanted_kinds
from crm_res.services.outbox.outbox import Queued, queue_message, template_payload, text_payload
from crm_res.vocabulary import UPDATE_TYPES

TEXT_MAX = 4096


def _facts(session: Session, conv: Conversation) -> dict[str, object]:
    """Who handles the conversation, its status and its assignee: what the audit trail compares."""
    assignee = session.get(User, conv.assigned_user_id) if conv.assigned_user_id else None
    return {
        "handled_by": conv.handled_by,
        "status": conv.status,
        "assigned_to": (assignee.full_name or assignee.email) if assignee else None,
    }


def _event(
    session: Session,
    viewer: Viewer,
    conv: Conversation,
    kind: str,
    before: dict | None = None,
    **data: object,
) -> None:
    """Audit the action (with before/after when given) and wake every open dashboard of the
    restaurant (delivered at commit)."""
    if before is not None:
        data.update(changes(before, _facts(session, conv)))
    session.add(audit_entry(viewer, kind, "conversation", str(conv.id), data))
    signal_change(session, viewer.restaurant_id, "conversation")


@contextmanager
def _changing(
    session: Session, viewer: Viewer, conversation_id: uuid.UUID, kind: str, now: datetime | None = None
) -> Iterator[Conversation]:
    """The viewer's conversation, changed inside the `with`; then stamped, stored and audited as
    `kind` with its facts before and after."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    before = _facts(session, conv)
    yield conv
    conv.updated_at = now or datetime.now(UTC)
    session.add(conv)
    _event(session, viewer, conv, kind, before)


@allowed_roles(*EVERY_ROLE, action="take over a conversation")
def take_over(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """Staff own the conversation: the assistant stops replying in it."""
    with _changing(session, viewer, conversation_id, "conversation.takeover") as conv:
        conv.handled_by = Handler.staff
        conv.assigned_user_id = conv.assigned_user_id or viewer.user_id
        if conv.status in (ConversationStatus.resolved, ConversationStatus.abandoned):
            conv.status = ConversationStatus.active
            conv.resolved_at = None
            _event(session, viewer, conv, "conversation.reopened")  # the thread's activity log shows it
        conv.unread_count = 0
    return conv


@allowed_roles(*EVERY_ROLE, action="hand a conversation back")
def hand_back(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """Give the conversation back to the assistant (and clear an escalation)."""
    with _changing(session, viewer, conversation_id, "conversation.handback") as conv:
        conv.handled_by = Handler.ai
        if conv.status == ConversationStatus.escalated:
            conv.status = ConversationStatus.active
    return conv


@allowed_roles(*EVERY_ROLE, action="resolve a conversation")
def resolve(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    now = datetime.now(UTC)
    with _changing(session, viewer, conversation_id, "conversation.resolved", now) as conv:
        conv.status = ConversationStatus.resolved
        conv.resolved_at = now
        conv.handled_by = Handler.ai
        reset_conversation(conv)  # the next message starts fresh: no order or rating question resumes
        conv.unread_count = 0
    return conv


@allowed_roles(*EVERY_ROLE, action="assign a conversation")
def assign(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, user_id: uuid.UUID
) -> Conversation:
    """Give the conversation to a teammate who can see it (same restaurant and its branch)."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    user = session.get(User, parse_id(user_id, "teammate"))
    if user is None or user.restaurant_id != viewer.restaurant_id or not user.is_active:
        raise NotFound("no such teammate", code="teammate_not_found")
    if not viewer_for(user).can_see_branch(conv.branch_id):
        raise InvalidInput("this teammate does not work in the conversation's branch", code="teammate_branch")
    before = _facts(session, conv)
    conv.assigned_user_id = user.id
    session.add(conv)
    _event(session, viewer, conv, "conversation.assigned", before, user_id=str(user.id))
    return conv


PRIORITIES = ("none", "low", "medium", "high", "urgent")  # stored as their index
SNOOZE_OPTIONS = ("1h", "3h", "tomorrow")
SNOOZE_MORNING = time(10, 0)  # "until tomorrow": the restaurant's next morning


@allowed_roles(*EVERY_ROLE, action="set a conversation's priority")
def set_priority(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, priority: str
) -> Conversation:
    """Staff triage: none, low, medium, high or urgent (urgent ones lead the waiting list)."""
    if priority not in PRIORITIES:
        raise InvalidInput(f"the priority must be one of {', '.join(PRIORITIES)}")
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    conv.priority = PRIORITIES.index(priority)
    session.add(conv)
    _event(session, viewer, conv, "conversation.priority", priority=priority)
    return conv


def snooze_until(option: str, tz: ZoneInfo, now: datetime) -> datetime:
    """When a snooze option ends: in one or three hours, or the restaurant's next morning."""
    if option == "1h":
        return now + timedelta(hours=1)
    if option == "3h":
        return now + timedelta(hours=3)
    if option == "tomorrow":
        tomorrow = now.astimezone(tz).date() + timedelta(days=1)
        return datetime.combine(tomorrow, SNOOZE_MORNING, tzinfo=tz).astimezone(UTC)
    raise InvalidInput(f"snooze for one of {', '.join(SNOOZE_OPTIONS)}")


@allowed_roles(*EVERY_ROLE, action="snooze a conversation")
def snooze(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, option: str, now: datetime | None = None
) -> Conversation:
    """Put the conversation out of the inbox for a while ("1h", "3h", "tomorrow"; "off" ends it). It
    comes back by itself when the time passes or the customer writes again."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    now = now or datetime.now(UTC)
    if option == "off":
        conv.snoozed_until = conv.snoozed_at = None
        _event(session, viewer, conv, "conversation.unsnoozed")
    else:
        until = snooze_until(option, restaurant_tz(session, viewer.restaurant_id), now)
        conv.snoozed_until, conv.snoozed_at = until, now
        _event(session, viewer, conv, "conversation.snoozed", until=until.isoformat())
    session.add(conv)
    return conv


def is_snoozed(snoozed_until: Any, snoozed_at: Any, last_message_at: Any, now: Any) -> Any:
    """Snoozed: the time has not come and the customer has not written since (SQL or Python values)."""
    return and_(snoozed_until > now, last_message_at <= snoozed_at)


@allowed_roles(*EVERY_ROLE, action="mark a conversation read")
def mark_read(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> None:
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    if conv.unread_count:
        conv.unread_count = 0
        session.add(conv)


@allowed_roles(*EVERY_ROLE, action="add a note")
def add_note(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID, body: str) -> Message:
    """A private note for teammates: stored in the thread, never sent."""
    body = body.strip()
    if not body:
        raise InvalidInput("the note is empty", code="empty_note")
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    note = Message(
        restaurant_id=viewer.restaurant_id,
        conversation_id=conv.id,
        direction=MessageDirection.internal,
        sender=MessageSender.staff,
        type="note",
        body=body,
        status=MessageStatus.received,
        sent_by_user_id=viewer.user_id,
    )
    session.add(note)
    session.flush()
    _event(session, viewer, conv, "conversation.note", message_id=note.id)
    return note


@allowed_roles(*EVERY_ROLE, action="reply to a customer")
def staff_reply(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, body: str, client_key: str | None = None
) -> Queued:
    """Staff write to the customer; writing takes the conversation over. Returns the queued send.

    `client_key` (one per compose action in the UI) makes a double click send once.
    """
    body = body.strip()
    if not body:
        raise InvalidInput("the message is empty", code="empty_message")
    if len(body) > TEXT_MAX:
        raise InvalidInput(
            f"the message is longer than WhatsApp allows ({TEXT_MAX} characters)", code="message_too_long"
        )
    conv = take_over(session=session, viewer=viewer, conversation_id=conversation_id)
    customer = session.get(Customer, conv.customer_id)
    assert customer is not None
    return _queue_staff_message(
        session,
        viewer,
        conv,
        customer,
        f"staff:{conv.id}:{client_key or uuid.uuid4().hex}",
        kind="text",
        payload=text_payload(customer.wa_id, body),
        body_preview=body,
        purpose="reply",
    )


def _queue_staff_message(
    session: Session, viewer: Viewer, conv: Conversation, customer: Customer, key: str, **message: Any
) -> Queued:
    """A message the viewer sends the customer in `conv` (idempotent on `key`), as staff."""
    return queue_message(
        session=session,
        restaurant_id=viewer.restaurant_id,
        customer=customer,
        idempotency_key=key,
        sender=MessageSender.staff,
        conversation=conv,
        sent_by_user_id=viewer.user_id,
        **message,
    )


# --------------------------------------------------------------------------- templates (window closed)

# Templates the restaurant sends to itself (the owner's daily summary) are not offered to staff.
STAFF_TEMPLATE_PURPOSES_EXCLUDED = ("summary",)
PARAM_MAX = 1024
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _template_defaults(names: list[str], customer: Customer, restaurant: Restaurant) -> dict[str, str]:
    """Values staff need not type: the customer's and the restaurant's names."""
    known = {
        "customer_name": customer.name or "",
        "name": customer.name or "",
        "restaurant_name": restaurant.name_ar
        if customer.language_preference.value != "en"
        else restaurant.name_en,
    }
    return {n: known.get(n, "") for n in names}


def fill_template(preview: str, names: list[str], values: dict[str, str]) -> str:
    """The template's text with its {{1}} / {{name}} placeholders filled, for the thread."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.isdecimal() and 0 < int(key) <= len(names):
            key = names[int(key) - 1]
        return values.get(key, match.group(0))

    return _PLACEHOLDER.sub(value, preview)


def list_templates(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> list[dict[str, Any]]:
    """The restaurant's approved templates staff may send in this conversation, customer's language
    first, each with its parameters pre-filled where the system knows them (customer name)."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    customer = session.get(Customer, conv.customer_id)
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert customer is not None and restaurant is not None
    rows = session.exec(
        select(MessageTemplate)
        .where(
            MessageTemplate.restaurant_id == viewer.restaurant_id,
            MessageTemplate.status == "approved",
            col(MessageTemplate.purpose).not_in(STAFF_TEMPLATE_PURPOSES_EXCLUDED),
        )
        .order_by(MessageTemplate.name, MessageTemplate.language)
    ).all()
    wanted = "en" if customer.language_preference.value == "en" else "ar"
    rows = sorted(rows, key=lambda t: not t.language.startswith(wanted))
    out = []
    for t in rows:
        names = [str(n) for n in t.parameters]
        defaults = _template_defaults(names, customer, restaurant)
        out.append(
            {
                "id": str(t.id),
                "name": t.name,
                "language": t.language,
                "purpose": t.purpose,
                "preview": t.body_preview,
                "params": [{"name": n, "value": defaults[n]} for n in names],
            }
        )
    return out


@allowed_roles(*EVERY_ROLE, action="send a template")
def send_template(
    *,
    session: Session,
    viewer: Viewer,
    conversation_id: uuid.UUID,
    template_id: uuid.UUID,
    params: dict[str, str] | None = None,
    client_key: str | None = None,
) -> Queued:
    """Staff send an approved template (the way to reach a customer after the 24-hour window).

    Every body parameter needs a value: given in `params`, or known (the customer's name). Writing
    takes the conversation over, like a staff reply. The send goes through the outbox, so prayer
    holding, opt-out and the throughput cap apply as for any business-initiated message.
    """
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    template = session.get(MessageTemplate, parse_id(template_id, "template"))
    if (
        template is None
        or template.restaurant_id != viewer.restaurant_id
        or template.status != "approved"
        or template.purpose in STAFF_TEMPLATE_PURPOSES_EXCLUDED
    ):
        raise NotFound("template not found", code="template_not_found")
    customer = session.get(Customer, conv.customer_id)
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert customer is not None and restaurant is not None
    if customer.opted_out:
        raise InvalidInput("the customer opted out of messages", code="opted_out")
    names = [str(n) for n in template.parameters]
    values = _template_defaults(names, customer, restaurant)
    values.update({k: str(v).strip() for k, v in (params or {}).items() if k in values and str(v).strip()})
    missing = [n for n in names if not values[n]]
    if missing:
        raise InvalidInput(f"fill in the template parameter(s): {', '.join(missing)}", code="template_params")
    if any(len(v) > PARAM_MAX for v in values.values()):
        raise InvalidInput(
            f"a template parameter is longer than {PARAM_MAX} characters", code="template_param_long"
        )
    payload = template_payload(customer.wa_id, template, values)
    conv = take_over(session=session, viewer=viewer, conversation_id=conversation_id)
    preview = fill_template(template.body_preview, names, values) or template.name
    _event(session, viewer, conv, "conversation.template", template=template.name, language=template.language)
    return _queue_staff_message(
        session,
        viewer,
        conv,
        customer,
        f"staff-template:{conv.id}:{client_key or uuid.uuid4().hex}",
        kind="template",
        payload=payload,
        body_preview=preview,
        purpose=template.purpose,
    )


# --- reads (from the former listing module)


class InboxFilters(TypedDict, total=False):
    """The inbox's filters. `status` may also be "open" (active or escalated); `snoozed`: None (the
    default) every conversation, False those not snoozed, True only the snoozed ones."""

    search: str
    status: str | None
    type: str | None
    branch_id: str | uuid.UUID | None
    handler: str | None
    mine: bool
    unread_only: bool
    snoozed: bool | None


def inbox_query(
    *, viewer: Viewer, extra_columns: tuple[Any, ...] = (), **filters: Unpack[InboxFilters]
) -> Any:
    """The inbox's filtered SELECT (no order, no paging): the list and its pinned part share it."""
    assignee = aliased(User)
    query = (
        select(  # type: ignore[call-overload]  # SQLModel's select() is typed for at most 4 columns
            Conversation.id,
            Conversation.status,
            Conversation.type,
            Conversation.handled_by,
            Conversation.unread_count,
            Conversation.last_message_preview,
            Conversation.last_message_at,
            Customer.name,
            Customer.wa_id,
            Branch.name_ar,
            Branch.name_en,
            assignee.full_name,
            assignee.email,
            Conversation.priority,
            Customer.username,
            *extra_columns,
        )
        .join(Customer, Customer.id == Conversation.customer_id)
        .outerjoin(Branch, Branch.id == Conversation.branch_id)
        .outerjoin(assignee, assignee.id == Conversation.assigned_user_id)
        .where(Conversation.restaurant_id == viewer.restaurant_id)
        .where(viewer.branch_filter(col(Conversation.branch_id)))
    )
    if (status := filters.get("status")) == "open":
        query = query.where(
            col(Conversation.status).in_([ConversationStatus.active, ConversationStatus.escalated])
        )
    elif status:
        query = query.where(Conversation.status == status)
    if kind := filters.get("type"):
        query = query.where(Conversation.type == kind)
    if (branch := uuid_or_none(filters.get("branch_id"))) is not None:
        query = query.where(Conversation.branch_id == branch)
    if handler := filters.get("handler"):
        query = query.where(Conversation.handled_by == handler)
    if filters.get("mine"):
        query = query.where(Conversation.assigned_user_id == viewer.user_id)
    if filters.get("unread_only"):
        query = query.where(Conversation.unread_count > 0)
    if search := filters.get("search", "").strip():
        query = query.where(customer_search(search, Customer.name, Customer.wa_id, Customer.username))
    if (snoozed := filters.get("snoozed")) is not None:
        asleep = is_snoozed(
            col(Conversation.snoozed_until),
            col(Conversation.snoozed_at),
            col(Conversation.last_message_at),
            datetime.now(UTC),
        )
        query = query.where(asleep if snoozed else not_(func.coalesce(asleep, False)))
    return query


def inbox_row(row: Any, tz: Any, now: datetime) -> dict[str, Any]:
    """One inbox row (the first 15 columns of `inbox_query`) as the page shows it."""
    cid, st, ty, hb, unread, preview, last_at, name, wa_id, b_ar, b_en, a_name, a_email, prio, username = row[
        :15
    ]
    return {
        "id": str(cid),
        "customer_name": name or shown_contact(wa_id, username),
        "wa_id": wa_id,
        "contact": shown_contact(wa_id, username),
        "status": st.value,
        "type": ty.value,
        "handled_by": hb.value,
        "branch_ar": b_ar or "",
        "branch_en": b_en or "",
        "unread": unread,
        "preview": preview_line(preview or ""),
        "last_at": last_at.isoformat(),
        "last_label": time_label(last_at, tz, now),
        "assigned": a_name or a_email or "",
        "priority": PRIORITIES[prio] if 0 <= prio < len(PRIORITIES) else "none",
        "waiting_ar": "",
        "waiting_en": "",
    }


def list_conversations(
    *,
    session: Session,
    viewer: Viewer,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    exclude_ids: list[uuid.UUID] | None = None,
    **filters: Unpack[InboxFilters],
) -> list[dict[str, Any]]:
    """The inbox: newest activity first, filtered (`InboxFilters`). `exclude_ids`: conversations
    shown elsewhere on the page (the pinned ones waiting for a person)."""
    filters["branch_id"] = visible_branch(session, viewer, filters.get("branch_id"))
    query = inbox_query(viewer=viewer, **filters)
    if exclude_ids:
        query = query.where(col(Conversation.id).not_in(exclude_ids))
    query = query.order_by(col(Conversation.last_message_at).desc()).offset(page * page_size).limit(page_size)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    return [inbox_row(row, tz, now) for row in session.exec(query).all()]


def inbox_counts(*, session: Session, viewer: Viewer) -> dict[str, int]:
    """Badges for the navigation: conversations with unread messages, open escalations, and the
    viewer's unread notifications."""
    scope = (
        col(Conversation.restaurant_id) == viewer.restaurant_id,
        viewer.branch_filter(col(Conversation.branch_id)),
    )
    unread = session.exec(
        select(func.count()).select_from(Conversation).where(*scope, Conversation.unread_count > 0)
    ).one()
    escalated = session.exec(
        select(func.count())
        .select_from(Conversation)
        .where(*scope, Conversation.status == ConversationStatus.escalated)
    ).one()
    notes = session.exec(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == viewer.user_id,
            col(Notification.read_at).is_(None),
            *wanted_kinds(session, viewer),
        )
    ).one()
    return {"unread": int(unread), "escalated": int(escalated), "notifications": int(notes)}


def get_conversation(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """The conversation if the viewer may see it; NotFound otherwise (never a hint it exists)."""
    conv = session.get(Conversation, parse_id(conversation_id, "conversation"))
    if conv is None or conv.restaurant_id != viewer.restaurant_id:
        raise NotFound("conversation not found")
    if not viewer.can_see_branch(conv.branch_id):
        raise NotFound("conversation not found")
    return conv


def _media_kind(kind: str) -> str:
    return kind if kind in MEDIA_TYPES else ""


def conversation_messages(
    *,
    session: Session,
    viewer: Viewer,
    conversation_id: uuid.UUID,
    limit: int | None = 50,
    before_id: int | None = None,
    from_id: int | None = None,
) -> list[dict[str, Any]]:
    """The newest `limit` messages of a conversation, oldest first.

    Keyset paging by message id (ids grow with arrival): `before_id` gives the page just older than
    a loaded message, `from_id` everything from a loaded message on (a live refresh of what is on
    screen plus what arrived), so any length of thread can be paged without OFFSET."""
    conversation_id = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id).id
    author = aliased(User)
    query = (
        select(  # type: ignore[call-overload, misc]  # SQLModel's select() is typed for at most 4 columns
            Message.id,
            Message.sender,
            Message.direction,
            Message.type,
            Message.body,
            Message.status,
            Message.error_code,
            Message.error_title,
            Message.occurred_at,
            Message.payload["latitude"].astext,
            Message.payload["longitude"].astext,
            Message.payload["caption"].astext,
            author.full_name,
            Message.media_path,
            Message.payload["filename"].astext,
            *mark_columns(),
        )
        .outerjoin(author, author.id == Message.sent_by_user_id)
        .where(Message.conversation_id == conversation_id, Message.restaurant_id == viewer.restaurant_id)
        # An edit, delete or reaction is shown on the message it changes, not as a message.
        .where(col(Message.type).not_in(UPDATE_TYPES))
    )
    if before_id:
        query = query.where(col(Message.id) < before_id)
    if from_id:
        query = query.where(col(Message.id) >= from_id)
    query = query.order_by(col(Message.id).desc())
    rows = session.exec(query.limit(limit) if limit else query).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    out = []
    for (
        mid,
        sender,
        direction,
        kind,
        body,
        status,
        err_code,
        err_title,
        at,
        lat,
        lng,
        caption,
        who,
        media_path,
        filename,
        *mark_values,
    ) in sorted(rows, key=lambda row: (row[8], row[0])):
        # Within the page, in the order Meta reports (a delivery retried late lands in its place).
        media = _media_kind(kind)
        is_note = direction.value == "internal"
        out.append(
            {
                "id": mid,
                "sender": sender.value,
                "direction": direction.value,
                "type": kind,
                "kind": "note" if is_note else sender.value,
                "body": body or caption or "",
                "status": status.value,
                "error": (err_title or (f"error {err_code}" if err_code else "")),
                "at": at.isoformat(),
                "ts": at.timestamp(),  # the thread interleaves its activity log by this
                "at_label": time_label(at, tz, now),
                "media": media,
                # Served by webhook.py's /media route once the worker has fetched the file.
                "media_url": f"/media/{mid}" if media and media_path else "",
                "filename": (filename or "") if media == "document" else "",
                "map_url": f"https://maps.google.com/?q={lat},{lng}" if lat and lng else "",
                "author": who or "",
                **marks(kind, tuple(mark_values)),
            }
        )
    return out


def thread_page(
    *,
    session: Session,
    viewer: Viewer,
    conversation_id: uuid.UUID,
    limit: int = 50,
    before_id: int | None = None,
    from_id: int | None = None,
) -> dict[str, Any]:
    """A page of the thread for the dashboard, keyset-paged by message id: the newest `limit`
    messages; with `before_id` the `limit` just older than that message; with `from_id` every
    message from that one on. `has_older` says whether anything older than the page exists."""
    if from_id and not before_id:
        messages = conversation_messages(
            session=session, viewer=viewer, conversation_id=conversation_id, limit=None, from_id=from_id
        )
        more = bool(messages) and has_older_messages(
            session=session, viewer=viewer, conversation_id=conversation_id, before_id=messages[0]["id"]
        )
        return {"messages": messages, "has_older": more}
    messages = conversation_messages(
        session=session, viewer=viewer, conversation_id=conversation_id, limit=limit + 1, before_id=before_id
    )
    more = len(messages) > limit
    return {"messages": messages[1:] if more else messages, "has_older": more}


def has_older_messages(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, before_id: int
) -> bool:
    """Whether the conversation has a message older than `before_id` (for the "load older" button)."""
    return (
        session.exec(
            select(Message.id)
            .where(
                Message.conversation_id == conversation_id,
                Message.restaurant_id == viewer.restaurant_id,
                col(Message.id) < before_id,
                col(Message.type).not_in(UPDATE_TYPES),
            )
            .limit(1)
        ).first()
        is not None
    )


def _latest_of_customer(
    session: Session,
    viewer: Viewer,
    customer_id: uuid.UUID,
    model: type[Order] | type[Feedback],
    columns: tuple[Any, ...],
    limit: int = 5,
) -> list[Any]:
    """The customer's newest `limit` rows of `model` (orders, feedback) the viewer's branches see."""
    return list(
        session.exec(
            select(*columns)
            .where(
                model.restaurant_id == viewer.restaurant_id,
                model.customer_id == customer_id,
                viewer.branch_filter(col(model.branch_id)),
            )
            .order_by(col(model.created_at).desc())
            .limit(limit)
        ).all()
    )


def conversation_detail(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, now: datetime | None = None
) -> dict[str, Any]:
    """The thread's header and the customer side panel: profile, 24-hour window, recent orders and
    feedback (of the viewer's branches)."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    customer = session.get(Customer, conv.customer_id)
    assert customer is not None
    now = now or datetime.now(UTC)
    tz = restaurant_tz(session, viewer.restaurant_id)
    branch = session.get(Branch, conv.branch_id) if conv.branch_id else None
    assignee = session.get(User, conv.assigned_user_id) if conv.assigned_user_id else None
    window_left = 0
    if customer.last_inbound_at is not None:
        window_left = max(0, int((customer.last_inbound_at + WINDOW - now).total_seconds()))
    orders = _latest_of_customer(
        session,
        viewer,
        customer.id,
        Order,
        (Order.id, Order.number, Order.status, Order.total_amount, Order.created_at),
    )
    feedback = _latest_of_customer(
        session,
        viewer,
        customer.id,
        Feedback,
        (Feedback.rating, Feedback.sentiment, Feedback.comment, Feedback.created_at),
    )
    return {
        "id": str(conv.id),
        "status": conv.status.value,
        "type": conv.type.value,
        "handled_by": conv.handled_by.value,
        "assigned_id": str(conv.assigned_user_id or ""),
        "phase": phase_of(conv.context),
        "assigned": (assignee.full_name or assignee.email) if assignee else "",
        "branch_ar": branch.name_ar if branch else "",
        "branch_en": branch.name_en if branch else "",
        "priority": PRIORITIES[conv.priority] if 0 <= conv.priority < len(PRIORITIES) else "none",
        "snoozed_label": time_label(conv.snoozed_until, tz, now)
        if conv.snoozed_until
        and conv.snoozed_at
        and conv.snoozed_until > now
        and conv.last_message_at <= conv.snoozed_at
        else "",
        "window_seconds": window_left,
        "window_label": f"{window_left // 3600}:{window_left % 3600 // 60:02d}" if window_left else "",
        "customer": {
            "id": str(customer.id),
            "name": customer.name or shown_contact(customer.wa_id, customer.username),
            "wa_id": customer.wa_id,
            "contact": shown_contact(customer.wa_id, customer.username),
            "language": customer.language_preference.value,
            "tags": list(customer.tags),
            "lifetime_value": f"{customer.lifetime_value:.2f}",
            "opted_out": customer.opted_out,
            "since": customer.created_at.astimezone(tz).strftime("%Y-%m-%d"),
        },
        "orders": [
            {
                "id": str(oid),
                "number": num,
                "status": st.value,
                "total": f"{total:.2f}",
                "at_label": time_label(at, tz, now),
            }
            for oid, num, st, total, at in orders
        ],
        "feedback": [
            {
                "rating": rating or 0,
                "sentiment": Sentiment(se).value if se else "neutral",  # typed str by select()
                "comment": comment or "",
                "at_label": time_label(at, tz, now),
            }
            for rating, se, comment, at in feedback
        ],
    }
