"""Queue an outbound message: an outbox row (idempotency key) and its message row, atomically.

The caller commits, then enqueues the send job (`jobs.enqueue.enqueue_send`). A second call with
the same idempotency key returns the existing row instead of creating another message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, select

from crm_res.models import (
    Conversation,
    Customer,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
    OutboxMessage,
    OutboxStatus,
)
from crm_res.services.holding import Hold, hold_for_send

# Replies to the customer's own message and updates they wait for never wait for prayer.
BUSINESS_INITIATED_PURPOSES = {"feedback_request", "campaign", "reminder", "promotion", "reengage"}


@dataclass
class Queued:
    outbox_id: int
    message_id: int | None
    not_before: datetime
    created: bool
    hold: Hold | None = None  # set when the prayer/Ramadan policy was asked (services/holding.py)


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
) -> Queued:
    """Write the outbox + message rows for one logical send (idempotent on the key)."""
    if customer.restaurant_id != restaurant_id:
        raise ValueError("customer belongs to another restaurant")
    existing = session.exec(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    ).first()
    if existing is not None:
        return Queued(existing.id or 0, existing.message_id, existing.not_before, created=False)
    now = datetime.now(UTC)
    not_before = not_before or now
    # --- prayer/Ramadan hold (services/holding.py): business-initiated sends wait for a good time ---
    hold = None
    if purpose in BUSINESS_INITIATED_PURPOSES:
        hold = hold_for_send(session=session, restaurant_id=restaurant_id, when=not_before, customer=customer,
                             conversation=conversation, payload=payload)  # fmt: skip
        not_before = hold.not_before
    # --- end of the hold ---
    message = None
    if conversation is not None:
        message = Message(
            restaurant_id=restaurant_id, conversation_id=conversation.id,
            direction=MessageDirection.outbound, sender=sender, type=kind, body=body_preview,
            payload={"outbox_payload": payload},
            status=MessageStatus.held if hold is not None and hold.held else MessageStatus.queued,
            sent_by_user_id=sent_by_user_id,
        )  # fmt: skip
        session.add(message)
        session.flush()
        conversation.last_message_at = now
        conversation.last_message_preview = body_preview[:120]
        session.add(conversation)
    stmt = (
        insert(OutboxMessage)
        .values(
            restaurant_id=restaurant_id,
            customer_id=customer.id,
            conversation_id=conversation.id if conversation else None,
            message_id=message.id if message else None,
            to_wa_id=customer.wa_id,
            idempotency_key=idempotency_key,
            kind=kind,
            purpose=purpose,
            business_initiated=purpose in BUSINESS_INITIATED_PURPOSES,
            payload=payload,
            not_before=not_before,
            status=OutboxStatus.pending,
            attempts=0,
        )  # fmt: skip
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.id)
    )
    outbox_id = session.exec(stmt).scalar()  # type: ignore[call-overload]
    if outbox_id is None:  # a concurrent writer won the key: drop our message row
        if message is not None:
            session.delete(message)
        row = session.exec(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
        ).one()
        return Queued(row.id or 0, row.message_id, row.not_before, created=False)
    return Queued(outbox_id, message.id if message else None, not_before, created=True, hold=hold)


def text_payload(to: str, body: str) -> dict[str, Any]:
    from crm_res.integrations.whatsapp import build_text_payload

    return build_text_payload(to, body)
