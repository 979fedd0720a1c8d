"""Queue an outbound message: an outbox row (idempotency key) and its message row, atomically.

The caller commits, then enqueues the send job (`jobs.enqueue.enqueue_send`). A second call with
the same idempotency key returns the existing row instead of creating another message.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, String, Uuid, bindparam, delete, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlmodel import Session, col, select

from crm_res.api_key_generation import LISTS_RESTAURANT
from crm_res.models import (
    Conversation,
    Customer,
    Message,
    MessageSender,
    MessageStatus,
    OutboxMessage,
    OutboxStatus,
)
from crm_res.services.api.webhook_events import emit
from crm_res.services.timing.holding import Hold, hold_for_send

# Replies to the customer's own message and updates they wait for never wait for prayer.
BUSINESS_INITIATED_PURPOSES = {"feedback_request", "campaign", "reminder", "promotion", "reengage"}


@dataclass
class Queued:
    outbox_id: int
    message_id: int | None
    not_before: datetime
    created: bool
    hold: Hold | None = None  # set when the prayer/Ramadan policy was asked (services/timing/holding.py)


def queue_message(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    customer: Customer,
    idempotency_key: str,
    kind: str,
    payload: dict[str, Any],
    body_preview: str,
    purpose: str = "reply",
    sender: MessageSender = MessageSender.ai,
    conversation: Conversation | None = None,
    sent_by_user_id: uuid.UUID | None = None,
    not_before: datetime | None = None,
    known_new: bool = False,
) -> Queued:
    """Write the outbox + message rows for one logical send (idempotent on the key).

    `known_new`: the caller knows the key cannot exist yet (a reply to a message it holds locked
    and unprocessed); the look-up is skipped, the insert's ON CONFLICT still keeps it idempotent.
    """
    if customer.restaurant_id != restaurant_id:
        raise ValueError("customer belongs to another restaurant")
    if not known_new:
        existing = session.exec(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
        ).first()
        if existing is not None:
            return Queued(existing.id or 0, existing.message_id, existing.not_before, created=False)
    now = datetime.now(UTC)
    not_before = not_before or now
    # --- prayer/Ramadan hold (services/timing/holding.py): business-initiated sends wait for a good time ---
    hold = None
    if purpose in BUSINESS_INITIATED_PURPOSES:
        hold = hold_for_send(
            session=session,
            restaurant_id=restaurant_id,
            when=not_before,
            customer=customer,
            conversation=conversation,
            payload=payload,
        )
        not_before = hold.not_before
    # --- end of the hold ---
    status = MessageStatus.held if hold is not None and hold.held else MessageStatus.queued
    if conversation is not None:
        # The message row and the outbox row in one round trip (this runs on every reply). Rows
        # the insert may refer to are flushed first; pending updates (the conversation's) wait,
        # to go out with the ones made below as one UPDATE.
        if session.new:
            session.flush()
        with session.no_autoflush:
            message_id, outbox_id = session.execute(
                _INSERT_BOTH,
                {
                    "r": restaurant_id,
                    "cv": conversation.id,
                    "cu": customer.id,
                    "sender": sender.value,
                    "kind": kind,
                    "body": body_preview,
                    "mpayload": {"outbox_payload": payload},
                    "mstatus": status.value,
                    "user": sent_by_user_id,
                    "now": now,
                    "to": customer.wa_id,
                    "key": idempotency_key,
                    "purpose": purpose,
                    "bi": purpose in BUSINESS_INITIATED_PURPOSES,
                    "payload": payload,
                    "not_before": not_before,
                },
            ).one()
    else:
        message_id = None
        outbox_id = session.exec(
            insert(OutboxMessage)
            .values(
                restaurant_id=restaurant_id,
                customer_id=customer.id,
                conversation_id=None,
                message_id=None,
                to_wa_id=customer.wa_id,
                idempotency_key=idempotency_key,
                kind=kind,
                purpose=purpose,
                business_initiated=purpose in BUSINESS_INITIATED_PURPOSES,
                payload=payload,
                not_before=not_before,
                status=OutboxStatus.pending,
                attempts=0,
            )
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(col(OutboxMessage.id))
        ).scalar()
    if outbox_id is None:  # a concurrent writer won the key: drop our message row
        if message_id is not None:
            session.execute(delete(Message).where(Message.id == message_id))
        row = session.exec(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
        ).one()
        return Queued(row.id or 0, row.message_id, row.not_before, created=False)
    if conversation is not None:  # set after the insert: flushed with the caller's other changes
        emit(
            session,
            restaurant_id=restaurant_id,
            event_type="message:new",
            ordering_key=conversation.id,
            data=lambda: {
                "conversationId": conversation.id,
                "message": {
                    "id": message_id,
                    "sender": sender.value,
                    "content": body_preview,
                    "timestamp": now,
                    "metadata": {"direction": "outbound", "type": kind, "status": status.value},
                },
            },
        )
        conversation.last_message_at = now
        conversation.last_message_preview = body_preview[:120]
        session.add(conversation)
    return Queued(outbox_id, message_id, not_before, created=True, hold=hold)


# Rows per INSERT of `queue_bulk`: 13 parameters a row, well under Postgres' 65535 per statement.
BULK_INSERT_ROWS = 2000


@dataclass(frozen=True)
class BulkSend:
    """One business-initiated send whose hold the caller has already decided (`not_before`)."""

    customer_id: uuid.UUID
    to_wa_id: str
    idempotency_key: str
    payload: dict[str, Any]
    not_before: datetime


def queue_bulk(
    *, session: Session, restaurant_id: uuid.UUID, purpose: str, kind: str, sends: list[BulkSend]
) -> dict[str, int]:
    """Outbox rows (no conversation, no message row) for many sends in one statement, idempotent
    on each key: idempotency key → outbox id (an existing row's id when the key was taken).

    For callers that place each send outside prayer windows themselves (campaigns: the release
    job books them at the campaign's pace); the send job re-checks the hold before posting."""
    if not sends:
        return {}
    rows = [
        {
            "restaurant_id": restaurant_id,
            "customer_id": x.customer_id,
            "conversation_id": None,
            "message_id": None,
            "to_wa_id": x.to_wa_id,
            "idempotency_key": x.idempotency_key,
            "kind": kind,
            "purpose": purpose,
            "business_initiated": purpose in BUSINESS_INITIATED_PURPOSES,
            "payload": x.payload,
            "not_before": x.not_before,
            "status": OutboxStatus.pending,
            "attempts": 0,
        }
        for x in sends
    ]
    ids: dict[str, int] = {}
    for start in range(0, len(rows), BULK_INSERT_ROWS):
        inserted = session.execute(
            insert(OutboxMessage)
            .values(rows[start : start + BULK_INSERT_ROWS])
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(col(OutboxMessage.idempotency_key), col(OutboxMessage.id))
        ).all()
        ids.update(dict(inserted))
    taken = [x.idempotency_key for x in sends if x.idempotency_key not in ids]
    if taken:  # a key written before (another run): its row stands
        existing = session.exec(
            select(OutboxMessage.idempotency_key, OutboxMessage.id).where(
                col(OutboxMessage.idempotency_key).in_(taken)
            )
        ).all()
        ids.update(dict(existing))  # type: ignore[arg-type]  # SQLModel types the key column as nullable
    return ids


# Both rows of one send; the outbox row links the message row. On a key conflict only the message
# row was written (outbox id NULL): the caller deletes it again.
_INSERT_BOTH = text("""
WITH m AS (
    INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload, status,
                          sent_by_user_id, created_at)
    VALUES (:r, :cv, 'outbound', CAST(:sender AS message_sender), :kind, :body, :mpayload,
            CAST(:mstatus AS message_status), :user, :now)
    RETURNING id
), o AS (
    INSERT INTO outbox (restaurant_id, customer_id, conversation_id, message_id, to_wa_id, idempotency_key,
                        kind, purpose, business_initiated, payload, not_before, status, attempts)
    SELECT :r, :cu, :cv, m.id, :to, :key, :kind, :purpose, :bi, :payload, :not_before, 'pending', 0 FROM m
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id
)
SELECT m.id, o.id FROM m LEFT JOIN o ON true
""").bindparams(
    bindparam("r", type_=Uuid),
    bindparam("cv", type_=Uuid),
    bindparam("cu", type_=Uuid),
    bindparam("user", type_=Uuid),
    bindparam("kind", type_=String),
    bindparam("body", type_=String),
    bindparam("to", type_=String),
    bindparam("key", type_=String),
    bindparam("purpose", type_=String),
    bindparam("bi", type_=Boolean),
    bindparam("mpayload", type_=JSONB),
    bindparam("payload", type_=JSONB),
    bindparam("now", type_=DateTime(timezone=True)),
    bindparam("not_before", type_=DateTime(timezone=True)),
)
# Its rows are restaurant :r's: the API's cached pages of other restaurants stay.
_INSERT_BOTH = _INSERT_BOTH.execution_options(**{LISTS_RESTAURANT: "r"})


def template_payload(to: str, template: Any, values: Mapping[str, str]) -> dict[str, Any]:
    """The Cloud API payload of an approved template (a `MessageTemplate`) with the value of each
    body parameter by its name: a named-parameter template (`parameter_format: NAMED` at Meta)
    sends each value with its `parameter_name`; a positional one ({{1}}, {{2}}…) in order. Every
    template send goes through here (staff, the swap outside the 24-hour window, campaigns)."""
    from crm_res.integrations.whatsapp import build_template_payload

    names = [str(p) for p in template.parameters]
    body: list[str] | dict[str, str] = [values[n] for n in names]
    if template.parameter_format == "named":
        body = {n: values[n] for n in names}
    return build_template_payload(to, template.name, template.language, body_params=body)


def text_payload(to: str, body: str) -> dict[str, Any]:
    from crm_res.integrations.whatsapp import build_text_payload

    return build_text_payload(to, body)
