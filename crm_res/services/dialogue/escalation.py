"""The assistant hands a conversation to staff."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from crm_res import metrics
from crm_res.models import Conversation, ConversationStatus, Handler
from crm_res.services.changes import event_entry


def escalate(*, session: Session, conversation: Conversation, reason: str) -> None:
    """The assistant hands the conversation to staff (called from the assistant flow)."""
    now = datetime.now(UTC)
    conversation.status = ConversationStatus.escalated
    metrics.ESCALATIONS.labels(reason).inc()
    conversation.handled_by = Handler.staff
    conversation.escalated_at = now
    conversation.updated_at = now
    session.add(conversation)
    session.add(
        event_entry(
            conversation.restaurant_id,
            "ai",
            "conversation.escalated",
            ("conversation", conversation.id),
            reason=reason,
        )
    )
