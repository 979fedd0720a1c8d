"""Housekeeping: conversations nobody answers any more are marked abandoned.

An `active` conversation in which nothing happened for `options(restaurant).abandon_after_hours`
(default 24) — no customer reply to our last message, nor anything newer — becomes `abandoned`.
Escalated conversations, and taken-over ones with unread customer messages, wait for staff and
are left alone. If the customer writes again soon,
the webhook's ingestion reopens the conversation (within its reopen gap) or starts a new one.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.models import Restaurant
from crm_res.services.api.webhook_events import deliveries_from, kick_after_commit
from crm_res.services.changes import event_entry
from crm_res.services.notifications import signal_change
from crm_res.services.options import options

log = logging.getLogger(__name__)

DEFAULT_ABANDON_HOURS = 24.0
BATCH = 1000
# The batch marked abandoned, and its `conversation:status` webhook events in the same statement
# (services/api/webhook_events.py; nothing is written for a restaurant without endpoints).
_ABANDON = f"""
WITH upd AS (
    UPDATE conversations SET status = 'abandoned', updated_at = :now WHERE id IN (
        SELECT id FROM conversations WHERE restaurant_id = ANY(:ids) AND status = 'active'
        AND GREATEST(last_message_at, started_at) < :cutoff
        AND NOT (handled_by = 'staff' AND unread_count > 0)
        -- the simulator's test conversations are not the restaurant's abandoned ones
        AND NOT EXISTS (SELECT 1 FROM customers tc WHERE tc.id = customer_id AND tc.is_test)
        LIMIT :batch FOR UPDATE SKIP LOCKED
    ) RETURNING id, restaurant_id
), src AS (
    SELECT restaurant_id, id::text AS ordering_key, id::text || ':abandoned:' || CAST(:now AS text) AS event_key,
           jsonb_build_object('conversationId', id, 'oldStatus', 'active', 'newStatus', 'abandoned') AS payload_data,
           id AS sort_key
    FROM upd
), hooks AS ({deliveries_from("src", "conversation:status")} RETURNING 1)
SELECT id, restaurant_id, (SELECT count(*) FROM hooks) FROM upd
"""


def abandon_after(restaurant: Restaurant) -> timedelta:
    return options(restaurant).abandon_after


def abandon_idle_conversations(
    *, session: Session, now: datetime | None = None, restaurant_id: uuid.UUID | None = None
) -> int:
    """Mark idle active conversations abandoned (all restaurants, or one); returns how many."""
    now = now or datetime.now(UTC)
    query = select(Restaurant).where(col(Restaurant.deleted_at).is_(None))
    if restaurant_id is not None:
        query = query.where(Restaurant.id == restaurant_id)
    by_cutoff: dict[datetime, list[uuid.UUID]] = defaultdict(list)
    for restaurant in session.exec(query).all():
        by_cutoff[now - abandon_after(restaurant)].append(restaurant.id)
    total = 0
    for cutoff, ids in by_cutoff.items():
        while True:
            rows = session.execute(
                text(_ABANDON), params={"now": now, "ids": ids, "cutoff": cutoff, "batch": BATCH}
            ).all()
            if any(hooks for _, _, hooks in rows):
                kick_after_commit(session)
            for conversation_id, rid, _ in rows:
                session.add(
                    event_entry(rid, "system", "conversation.abandoned", ("conversation", conversation_id))
                )
            for rid in {rid for _, rid, _ in rows}:
                signal_change(session, rid, "conversation")
            total += len(rows)
            if len(rows) < BATCH:
                break
    return total
