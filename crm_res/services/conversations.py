"""Staff actions on a conversation: take over, write, hand back, resolve, assign, note.

Every function checks the viewer may see the conversation (tenant and branch), records an
event and signals the change to open dashboards (a NOTIFY delivered at commit, like the inbound
path). The caller commits and then enqueues the returned sends.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from crm_res.models import (
    Conversation,
    ConversationStatus,
    Customer,
    Event,
    Handler,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
    MessageTemplate,
    Restaurant,
    User,
)
from crm_res.services.access import Viewer
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.listing import get_conversation
from crm_res.services.notifications import signal_change
from crm_res.services.outbox import Queued, queue_message, text_payload
from crm_res.services.users import viewer_for

TEXT_MAX = 4096


def _event(session: Session, viewer: Viewer, conv: Conversation, kind: str, **data: object) -> None:
    """Audit the action and wake every open dashboard of the restaurant (delivered at commit)."""
    session.add(Event(restaurant_id=viewer.restaurant_id, actor_user_id=viewer.user_id, actor="user",
                      kind=kind, subject_type="conversation", subject_id=str(conv.id), data=data))  # fmt: skip
    signal_change(session, viewer.restaurant_id, "conversation")


def take_over(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """Staff own the conversation: the assistant stops replying in it."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    conv.handled_by = Handler.staff
    conv.assigned_user_id = conv.assigned_user_id or viewer.user_id
    if conv.status in (ConversationStatus.resolved, ConversationStatus.abandoned):
        conv.status = ConversationStatus.active
        conv.resolved_at = None
    conv.unread_count = 0
    conv.updated_at = datetime.now(UTC)
    session.add(conv)
    _event(session, viewer, conv, "conversation.takeover")
    return conv


def hand_back(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    """Give the conversation back to the assistant (and clear an escalation)."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    conv.handled_by = Handler.ai
    if conv.status == ConversationStatus.escalated:
        conv.status = ConversationStatus.active
    conv.updated_at = datetime.now(UTC)
    session.add(conv)
    _event(session, viewer, conv, "conversation.handback")
    return conv


def resolve(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> Conversation:
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    now = datetime.now(UTC)
    conv.status = ConversationStatus.resolved
    conv.resolved_at = now
    conv.handled_by = Handler.ai
    conv.unread_count = 0
    conv.updated_at = now
    session.add(conv)
    _event(session, viewer, conv, "conversation.resolved")
    return conv


def assign(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, user_id: uuid.UUID
) -> Conversation:
    """Give the conversation to a teammate who can see it (same restaurant and its branch)."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    user = session.get(User, user_id)
    if user is None or user.restaurant_id != viewer.restaurant_id or not user.is_active:
        raise NotFound("no such teammate")
    if not viewer_for(user).can_see_branch(conv.branch_id):
        raise InvalidInput("this teammate does not work in the conversation's branch")
    conv.assigned_user_id = user.id
    session.add(conv)
    _event(session, viewer, conv, "conversation.assigned", user_id=str(user.id))
    return conv


def mark_read(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID) -> None:
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    if conv.unread_count:
        conv.unread_count = 0
        session.add(conv)


def add_note(*, session: Session, viewer: Viewer, conversation_id: uuid.UUID, body: str) -> Message:
    """A private note for teammates: stored in the thread, never sent."""
    body = body.strip()
    if not body:
        raise InvalidInput("the note is empty")
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    note = Message(restaurant_id=viewer.restaurant_id, conversation_id=conv.id,
                   direction=MessageDirection.internal, sender=MessageSender.staff, type="note",
                   body=body, status=MessageStatus.received, sent_by_user_id=viewer.user_id)  # fmt: skip
    session.add(note)
    session.flush()
    _event(session, viewer, conv, "conversation.note", message_id=note.id)
    return note


def staff_reply(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, body: str, client_key: str | None = None
) -> Queued:
    """Staff write to the customer; writing takes the conversation over. Returns the queued send.

    `client_key` (one per compose action in the UI) makes a double click send once.
    """
    body = body.strip()
    if not body:
        raise InvalidInput("the message is empty")
    if len(body) > TEXT_MAX:
        raise InvalidInput(f"the message is longer than WhatsApp allows ({TEXT_MAX} characters)")
    conv = take_over(session=session, viewer=viewer, conversation_id=conversation_id)
    customer = session.get(Customer, conv.customer_id)
    assert customer is not None
    key = f"staff:{conv.id}:{client_key or uuid.uuid4().hex}"
    return queue_message(session=session, restaurant_id=viewer.restaurant_id, customer=customer,
                         idempotency_key=key, kind="text", payload=text_payload(customer.wa_id, body),
                         body_preview=body, purpose="reply", sender=MessageSender.staff,
                         conversation=conv, sent_by_user_id=viewer.user_id)  # fmt: skip


# --------------------------------------------------------------------------- templates (window closed)

# Templates the restaurant sends to itself (the owner's daily summary) are not offered to staff.
STAFF_TEMPLATE_PURPOSES_EXCLUDED = ("summary",)
PARAM_MAX = 1024
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _template_defaults(names: list[str], customer: Customer, restaurant: Restaurant) -> dict[str, str]:
    """Values staff need not type: the customer's and the restaurant's names."""
    known = {"customer_name": customer.name or "", "name": customer.name or "",
             "restaurant_name": restaurant.name_ar if customer.language_preference.value != "en" else restaurant.name_en}  # fmt: skip
    return {n: known.get(n, "") for n in names}


def fill_template(preview: str, names: list[str], values: dict[str, str]) -> str:
    """The template's text with its {{1}} / {{name}} placeholders filled, for the thread."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key.isdigit() and 0 < int(key) <= len(names):
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
        select(MessageTemplate).where(
            MessageTemplate.restaurant_id == viewer.restaurant_id, MessageTemplate.status == "approved",
            col(MessageTemplate.purpose).not_in(STAFF_TEMPLATE_PURPOSES_EXCLUDED))
        .order_by(MessageTemplate.name, MessageTemplate.language)
    ).all()  # fmt: skip
    wanted = "en" if customer.language_preference.value == "en" else "ar"
    rows = sorted(rows, key=lambda t: not t.language.startswith(wanted))
    out = []
    for t in rows:
        names = [str(n) for n in t.parameters]
        defaults = _template_defaults(names, customer, restaurant)
        out.append({"id": str(t.id), "name": t.name, "language": t.language, "purpose": t.purpose,
                    "preview": t.body_preview, "params": [{"name": n, "value": defaults[n]} for n in names]})  # fmt: skip
    return out


def send_template(
    *, session: Session, viewer: Viewer, conversation_id: uuid.UUID, template_id: uuid.UUID,
    params: dict[str, str] | None = None, client_key: str | None = None,
) -> Queued:  # fmt: skip
    """Staff send an approved template (the way to reach a customer after the 24-hour window).

    Every body parameter needs a value: given in `params`, or known (the customer's name). Writing
    takes the conversation over, like a staff reply. The send goes through the outbox, so prayer
    holding, opt-out and the throughput cap apply as for any business-initiated message.
    """
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    template = session.get(MessageTemplate, template_id)
    if (template is None or template.restaurant_id != viewer.restaurant_id or template.status != "approved"
            or template.purpose in STAFF_TEMPLATE_PURPOSES_EXCLUDED):  # fmt: skip
        raise NotFound("template not found")
    customer = session.get(Customer, conv.customer_id)
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    assert customer is not None and restaurant is not None
    if customer.opted_out:
        raise InvalidInput("the customer opted out of messages")
    names = [str(n) for n in template.parameters]
    values = _template_defaults(names, customer, restaurant)
    values.update({k: str(v).strip() for k, v in (params or {}).items() if k in values and str(v).strip()})
    missing = [n for n in names if not values[n]]
    if missing:
        raise InvalidInput(f"fill in the template parameter(s): {', '.join(missing)}")
    if any(len(v) > PARAM_MAX for v in values.values()):
        raise InvalidInput(f"a template parameter is longer than {PARAM_MAX} characters")
    from crm_res.integrations.whatsapp import build_template_payload

    payload = build_template_payload(customer.wa_id, template.name, template.language,
                                     body_params=[values[n] for n in names])  # fmt: skip
    conv = take_over(session=session, viewer=viewer, conversation_id=conversation_id)
    preview = fill_template(template.body_preview, names, values) or template.name
    _event(session, viewer, conv, "conversation.template", template=template.name, language=template.language)
    key = f"staff-template:{conv.id}:{client_key or uuid.uuid4().hex}"
    return queue_message(session=session, restaurant_id=viewer.restaurant_id, customer=customer,
                         idempotency_key=key, kind="template", payload=payload, body_preview=preview,
                         purpose=template.purpose, sender=MessageSender.staff, conversation=conv,
                         sent_by_user_id=viewer.user_id)  # fmt: skip


def escalate(*, session: Session, conversation: Conversation, reason: str) -> None:
    """The assistant hands the conversation to staff (called from the assistant flow)."""
    now = datetime.now(UTC)
    conversation.status = ConversationStatus.escalated
    conversation.handled_by = Handler.staff
    conversation.escalated_at = now
    conversation.updated_at = now
    session.add(conversation)
    session.add(Event(restaurant_id=conversation.restaurant_id, actor="ai", kind="conversation.escalated",
                      subject_type="conversation", subject_id=str(conversation.id),
                      data={"reason": reason}))  # fmt: skip
