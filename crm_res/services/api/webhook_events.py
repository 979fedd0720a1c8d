# Payloads are built lazily by lambdas that bind their row as a default argument (only when an
# endpoint wants the event); mypy cannot infer such a lambda's type ("misc"), so that code is off here.
# mypy: disable-error-code="misc"
"""Outgoing webhook events, written in the same transaction as the change that causes them.

Each event becomes one `webhook_deliveries` row per enabled endpoint of the restaurant that
subscribed to its type (an outbox): a rollback takes the event with it, a commit keeps it until the
worker has delivered it or given up (services/api/webhook_delivery.py). Nothing is written, and
no payload is built, when no endpoint wants the event.

Two ways in:
- ORM changes (every session): an `after_flush` listener turns new or changed rows into events:
  a new conversation, order or message, a conversation's or order's status, a message's delivery
  status, an AI confidence that fell below LOW_CONFIDENCE, negative feedback, a customer who
  opted out. So every place that changes these through the ORM emits, without each caller
  remembering to.
- Set-based SQL (the webhook's ingestion, status application): `INSERT … SELECT` statements of
  their own (`deliveries_from_sql`), joined to the endpoints table, so a restaurant without
  endpoints costs one empty index lookup per statement and no Python work per message.

The body is the Standard Webhooks shape `{"type", "timestamp", "data"}` with the seed's event names
and camelCase fields; the event id (`webhook-id`) is stable across retries and "send again".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session as OrmSession

from crm_res.db import after_commit
from crm_res.models import Conversation, Customer, Feedback, Message, Order, Sentiment

EVENT_TYPES = (
    "conversation:new", "conversation:status", "message:new", "message:status", "ai:low_confidence",
    "order:new", "order:status", "feedback:negative", "customer:opted_out",
)  # fmt: skip
LOW_CONFIDENCE = 0.45  # as the dialogue's own threshold (dialogue/flow.py, llm_flow.py)
_PENDING = "crm_res.webhook_events"

# Called once after a commit that wrote deliveries (the jobs register the worker's kick).
_kick_listeners: list[Callable[[], None]] = []


def on_committed_events(fn: Callable[[], None]) -> None:
    """Register `fn` to run after any commit that wrote webhook deliveries."""
    if fn not in _kick_listeners:
        _kick_listeners.append(fn)


def _kick() -> None:
    for fn in _kick_listeners:
        fn()


def new_event_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def envelope(event_type: str, data: dict[str, Any], at: datetime | None = None) -> dict[str, Any]:
    """The body every receiver gets: `{"type", "timestamp", "data"}`."""
    body = {"type": event_type, "timestamp": (at or datetime.now(UTC)).isoformat(), "data": data}
    return json.loads(json.dumps(body, default=_json_default))


def subscribed_endpoints(session: OrmSession, restaurant_id: uuid.UUID, event_type: str) -> list[uuid.UUID]:
    rows = session.connection().execute(
        text("SELECT id FROM webhook_endpoints WHERE restaurant_id = :r AND enabled AND :t = ANY(events)"),
        {"r": restaurant_id, "t": event_type},
    )
    return [r[0] for r in rows]


def emit(
    session: OrmSession,
    *,
    restaurant_id: uuid.UUID,
    event_type: str,
    data: Callable[[], dict[str, Any]],
    ordering_key: Any = None,
    event_id: str | None = None,
    endpoints: list[uuid.UUID] | None = None,
) -> int:
    """Write the event for each endpoint subscribed to it (in this transaction); `data` is only
    called when one is. Returns how many deliveries were written."""
    if event_type not in EVENT_TYPES and event_type != "webhook:test":
        raise ValueError(f"unknown webhook event {event_type!r}")
    targets = subscribed_endpoints(session, restaurant_id, event_type) if endpoints is None else endpoints
    if not targets:
        return 0
    payload = json.dumps(envelope(event_type, data()))
    rows = [
        {
            "r": restaurant_id,
            "e": e,
            "id": event_id or new_event_id(),
            "t": event_type,
            "k": None if ordering_key is None else str(ordering_key),
            "p": payload,
        }
        for e in targets
    ]
    # One id for every endpoint of this event (receivers deduplicate on it).
    shared = rows[0]["id"]
    for row in rows:
        row["id"] = shared
    session.connection().execute(
        text(
            "INSERT INTO webhook_deliveries (restaurant_id, endpoint_id, event_id, event_type, ordering_key, "
            "payload) VALUES (:r, :e, :id, :t, :k, CAST(:p AS jsonb)) "
            "ON CONFLICT (endpoint_id, event_id) DO NOTHING"
        ),
        rows,
    )
    kick_after_commit(session)
    return len(rows)


def kick_after_commit(session: OrmSession) -> None:
    """Have the worker look at due deliveries once this transaction commits (once per transaction)."""
    if not session.info.get(_PENDING):
        session.info[_PENDING] = True
        after_commit(session, _kick)


@event.listens_for(OrmSession, "after_commit")
def _clear(session: OrmSession) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(OrmSession, "after_rollback")
def _clear_rollback(session: OrmSession) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


# --------------------------------------------------------------------------- payloads (seed shapes)


def conversation_data(c: Conversation) -> dict[str, Any]:
    return {
        "id": c.id,
        "customerId": c.customer_id,
        "restaurantId": c.restaurant_id,
        "branchId": c.branch_id,
        "status": c.status,
        "type": c.type,
        "aiConfidence": c.ai_confidence,
        "startedAt": c.started_at,
        "escalatedAt": c.escalated_at,
        "resolvedAt": c.resolved_at,
    }


def customer_data(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id,
        "whatsappNumber": c.wa_id,
        "name": c.name,
        "languagePreference": c.language_preference,
        "tags": list(c.tags or []),
        "lifetimeValue": c.lifetime_value,
        "lastInteraction": c.last_interaction,
        "optedOut": c.opted_out,
    }


def message_data(m: Message) -> dict[str, Any]:
    return {
        "id": m.id,
        "sender": m.sender,
        "content": m.body or "",
        "timestamp": m.occurred_at or m.created_at,
        "metadata": {
            "direction": m.direction,
            "type": m.type,
            "status": m.status,
            "waMessageId": m.wa_message_id,
        },
    }


def order_data(o: Order) -> dict[str, Any]:
    return {
        "id": o.id,
        "number": o.number,
        "conversationId": o.conversation_id,
        "customerId": o.customer_id,
        "branchId": o.branch_id,
        "items": o.items,
        "totalAmount": o.total_amount,
        "status": o.status,
        "deliveryType": o.delivery_type,
        "scheduledTime": o.scheduled_time,
        "specialInstructions": o.special_instructions,
        "deliveryAddress": o.delivery_address,
    }


def feedback_data(f: Feedback) -> dict[str, Any]:
    return {
        "id": f.id,
        "conversationId": f.conversation_id,
        "customerId": f.customer_id,
        "branchId": f.branch_id,
        "rating": f.rating,
        "comment": f.comment,
        "sentiment": f.sentiment,
        "categories": list(f.categories or []),
        "requiresFollowup": f.requires_followup,
        "createdAt": f.created_at,
    }


# --------------------------------------------------------------------------- ORM changes → events


def _changed(obj: Any, attr: str) -> tuple[bool, Any]:
    """(changed in this flush, the value before) for a loaded attribute."""
    hist = inspect(obj).attrs[attr].history
    if not hist.has_changes():
        return False, None
    return True, hist.deleted[0] if hist.deleted else None


def _value(v: Any) -> Any:
    return v.value if isinstance(v, Enum) else v


_Found = tuple[int, uuid.UUID, str, Callable[[], dict], Any]


def _found(rank: int, obj: Any, event_type: str, data: Callable[[], dict], key: Any) -> _Found:
    return rank, obj.restaurant_id, event_type, data, key


# A status change: (rank, event type, payload from (row, old status), ordering key of the row).
_STATUS_EVENTS: dict[type, tuple[int, str, Callable[[Any, Any], dict], Callable[[Any], Any]]] = {
    Conversation: (
        1,
        "conversation:status",
        lambda o, old: {"conversationId": o.id, "oldStatus": _value(old), "newStatus": _value(o.status)},
        lambda o: o.id,
    ),
    Order: (
        3,
        "order:status",
        lambda o, old: {"orderId": o.id, "number": o.number, "conversationId": o.conversation_id,
                        "branchId": o.branch_id, "oldStatus": _value(old), "newStatus": _value(o.status)},
        lambda o: o.conversation_id,
    ),
    Message: (
        6,
        "message:status",
        lambda o, old: {"conversationId": o.conversation_id, "messageId": o.id, "waMessageId": o.wa_message_id,
                        "oldStatus": _value(old), "status": _value(o.status), "errorCode": o.error_code,
                        "errorTitle": o.error_title},
        lambda o: o.conversation_id,
    ),
}  # fmt: skip


def _events_of_flush(session: OrmSession) -> list[_Found]:
    """(rank, restaurant, type, data, ordering key) for what this flush wrote; rank orders the
    events of one flush (a new conversation before its first message)."""
    out: list[_Found] = []
    for obj in session.new:
        if isinstance(obj, Conversation):
            cust = session.get(Customer, obj.customer_id)
            conversation = lambda o=obj, c=cust: {  # noqa: E731 - bound now, built when delivered
                "conversation": conversation_data(o),
                "customer": customer_data(c) if c else None,
            }
            out.append(_found(0, obj, "conversation:new", conversation, obj.id))
        elif isinstance(obj, Message) and obj.sender is not None and _value(obj.type) != "note":
            message = lambda o=obj: {"conversationId": o.conversation_id, "message": message_data(o)}  # noqa: E731
            out.append(_found(2, obj, "message:new", message, obj.conversation_id))
        elif isinstance(obj, Order):
            order = lambda o=obj: {"order": order_data(o), "branchId": o.branch_id}  # noqa: E731
            out.append(_found(3, obj, "order:new", order, obj.conversation_id))
        elif isinstance(obj, Feedback) and obj.sentiment == Sentiment.negative:
            out.append(_found(5, obj, "feedback:negative", _negative(obj), obj.conversation_id))
    for obj in session.dirty:
        status_event = _STATUS_EVENTS.get(type(obj))
        if status_event is not None:
            changed, old = _changed(obj, "status")
            if changed and _value(old) != _value(obj.status):
                rank, event_type, payload, key = status_event
                out.append(
                    _found(rank, obj, event_type, lambda o=obj, old=old, p=payload: p(o, old), key(obj))
                )
        if isinstance(obj, Conversation):
            changed, old = _changed(obj, "ai_confidence")
            if changed and obj.ai_confidence is not None and float(obj.ai_confidence) < LOW_CONFIDENCE:
                low = lambda o=obj: {  # noqa: E731
                    "conversationId": o.id,
                    "confidence": float(o.ai_confidence or 0),
                    "suggestedAction": "human_review",
                }
                out.append(_found(4, obj, "ai:low_confidence", low, obj.id))
        elif isinstance(obj, Feedback):
            changed, old = _changed(obj, "sentiment")
            if changed and obj.sentiment == Sentiment.negative and _value(old) != "negative":
                out.append(_found(5, obj, "feedback:negative", _negative(obj), obj.conversation_id))
        elif isinstance(obj, Customer):
            changed, old = _changed(obj, "opted_out")
            if changed and obj.opted_out and not old:
                opted_out = lambda o=obj: {"customer": customer_data(o), "optedOutAt": o.opted_out_at}  # noqa: E731
                out.append(_found(7, obj, "customer:opted_out", opted_out, None))
    return out


def _negative(f: Feedback) -> Callable[[], dict]:
    return lambda: {"feedback": feedback_data(f), "requiresFollowup": f.requires_followup}


_WATCHED = (Conversation, Message, Order, Feedback, Customer)


@event.listens_for(OrmSession, "after_flush")
def _emit_flushed(session: OrmSession, _ctx: Any) -> None:
    if not any(isinstance(o, _WATCHED) for o in (*session.new, *session.dirty)):
        return
    found = _events_of_flush(session)
    if not found:
        return
    # One look-up per restaurant and flush: which endpoints want which types.
    wanted: dict[uuid.UUID, list[tuple[uuid.UUID, list[str]]]] = {}
    for rid in {r for _, r, *_ in found}:
        rows = session.connection().execute(
            text("SELECT id, events FROM webhook_endpoints WHERE restaurant_id = :r AND enabled"), {"r": rid}
        )
        wanted[rid] = [(e, list(types)) for e, types in rows]
    for _rank, rid, etype, data, key in sorted(found, key=lambda f: f[0]):
        targets = [e for e, types in wanted[rid] if etype in types]
        if targets:
            emit(session, restaurant_id=rid, event_type=etype, data=data, ordering_key=key, endpoints=targets)


# --------------------------------------------------------------------------- set-based SQL


def sql_ts(expr: str) -> str:
    """An ISO-8601 UTC timestamp of a timestamptz SQL expression (as Python's isoformat)."""
    return f"to_char(({expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"


# Deliveries for rows a set-based statement returned in a CTE `src` with columns
# (restaurant_id, ordering_key, event_key, payload_data jsonb); `%(type)s` names the event.
def deliveries_from(src: str, event_type: str) -> str:
    """SQL for a data-modifying CTE that writes `event_type` deliveries for each row of CTE `src`."""
    return f"""
    INSERT INTO webhook_deliveries (restaurant_id, endpoint_id, event_id, event_type, ordering_key, payload)
    SELECT s.restaurant_id, e.id, 'msg_' || md5('{event_type}:' || s.event_key), '{event_type}', s.ordering_key,
           jsonb_build_object('type', '{event_type}', 'timestamp', {sql_ts("now()")}, 'data', s.payload_data)
    FROM {src} s JOIN webhook_endpoints e
      ON e.restaurant_id = s.restaurant_id AND e.enabled AND '{event_type}' = ANY(e.events)
    ORDER BY s.sort_key, e.id
    ON CONFLICT (endpoint_id, event_id) DO NOTHING"""
