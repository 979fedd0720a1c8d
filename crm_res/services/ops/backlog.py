"""Work of a restaurant that is waiting for the workers: customer messages the assistant has not
handled yet, replies due but not yet sent, and business-initiated messages held for later.

The operations page shows it beside how many workers are running, so an owner sees that nothing
moves when no worker runs ("nothing failed" alone would read as "all is well").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from crm_res.models import Message, MessageDirection, OutboxMessage, OutboxStatus, Role
from crm_res.services.access import Viewer
from crm_res.services.errors import Forbidden


@dataclass(frozen=True)
class Backlog:
    unanswered: int  # customer messages not yet handled by the assistant or routed to staff
    oldest_unanswered: datetime | None
    to_send: int  # messages to customers not yet accepted by Meta (replies, and the rest once due)
    oldest_to_send: datetime | None
    held: int  # business-initiated messages waiting for a later time (prayer, schedule, iftar)
    next_release: datetime | None


def restaurant_backlog(*, session: Session, viewer: Viewer, now: datetime | None = None) -> Backlog:
    """The viewer's restaurant's waiting work (owners only, like the rest of Operations)."""
    if viewer.role != Role.owner:
        raise Forbidden("only an owner can see the operations page")
    now = now or datetime.now(UTC)
    unanswered, oldest_unanswered = session.exec(
        select(func.count(), func.min(Message.created_at)).where(
            Message.restaurant_id == viewer.restaurant_id,
            Message.direction == MessageDirection.inbound,
            col(Message.processed_at).is_(None),
        )
    ).one()
    waiting = (
        OutboxMessage.restaurant_id == viewer.restaurant_id,
        col(OutboxMessage.status).in_((OutboxStatus.pending, OutboxStatus.sending)),
    )
    # A reply waiting for its retry is still owed now; a campaign or reminder held for later is not.
    later = col(OutboxMessage.business_initiated) & (col(OutboxMessage.not_before) > now)
    to_send, oldest_to_send = session.exec(
        select(func.count(), func.min(OutboxMessage.created_at)).where(*waiting, ~later)
    ).one()
    held, next_release = session.exec(
        select(func.count(), func.min(OutboxMessage.not_before)).where(*waiting, later)
    ).one()
    return Backlog(int(unanswered), oldest_unanswered, int(to_send), oldest_to_send, int(held), next_release)
