"""Persist parsed webhook deliveries: customers, conversations, messages and statuses.

`store_deliveries` writes any number of deliveries in ONE transaction with a fixed number of
set-based statements (unnest arrays), so concurrent webhook requests can be group-committed
together. Exactly-once rests on the database: the unique index on `messages.wa_message_id`
(ON CONFLICT DO NOTHING) and the one-open-conversation-per-customer partial unique index.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

from crm_res.integrations.whatsapp_inbound import Delivery, InboundMessage, StatusUpdate, text_of

log = logging.getLogger(__name__)

# A resolved conversation older than this starts a new one when the customer writes again.
REOPEN_GAP = timedelta(hours=6)
PREVIEW_CHARS = 120
_RESTAURANT_CACHE_TTL = 30.0


@dataclass
class StoredMessage:
    message_id: int
    wamid: str
    restaurant_id: uuid.UUID
    conversation_id: uuid.UUID


@dataclass
class StoreResult:
    new_messages: list[StoredMessage] = field(default_factory=list)
    duplicates: int = 0
    statuses: int = 0
    unknown_phone_number_ids: set[str] = field(default_factory=set)


class RestaurantDirectory:
    """phone_number_id → restaurant id, cached briefly (a hot path on every delivery)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, uuid.UUID | None]] = {}

    def resolve(self, conn: Connection, ids: set[str]) -> dict[str, uuid.UUID]:
        now = time.monotonic()
        found: dict[str, uuid.UUID] = {}
        missing = []
        for pnid in ids:
            hit = self._cache.get(pnid)
            if hit and now - hit[0] < _RESTAURANT_CACHE_TTL:
                if hit[1] is not None:
                    found[pnid] = hit[1]
            else:
                missing.append(pnid)
        if missing:
            rows = conn.exec_driver_sql(
                "SELECT whatsapp_phone_number_id, id FROM restaurants "
                "WHERE whatsapp_phone_number_id = ANY(%(ids)s) AND deleted_at IS NULL",
                {"ids": missing},
            ).all()
            known = dict(rows)
            for pnid in missing:
                self._cache[pnid] = (now, known.get(pnid))
                if pnid in known:
                    found[pnid] = known[pnid]
        return found

    def clear(self) -> None:
        self._cache.clear()


directory = RestaurantDirectory()


def _message_fields(msg: InboundMessage) -> tuple[str, str | None, str]:
    """(type, body, payload JSON) for the messages table; payload keeps every typed field + raw."""
    body = text_of(msg) or None
    payload = msg.model_dump(mode="json", exclude_none=True, exclude={"phone_number_id"})
    return msg.type, body, json.dumps(payload, ensure_ascii=False)


def store_deliveries(conn: Connection, deliveries: Sequence[Delivery], *, now: datetime | None = None) -> StoreResult:
    """Write every message and status of `deliveries`; the caller commits (one transaction)."""
    now = now or datetime.now(UTC)
    result = StoreResult()
    messages: list[InboundMessage] = [m for d in deliveries for m in d.messages]
    statuses: list[StatusUpdate] = [s for d in deliveries for s in d.statuses]
    pnids = {m.phone_number_id for m in messages} | {s.phone_number_id for s in statuses}
    if not pnids:
        return result
    restaurants = directory.resolve(conn, pnids)
    result.unknown_phone_number_ids = pnids - set(restaurants)
    messages = [m for m in messages if m.phone_number_id in restaurants]
    statuses = [s for s in statuses if s.phone_number_id in restaurants]
    if messages:
        _store_messages(conn, messages, restaurants, now, result)
    if statuses:
        _store_statuses(conn, statuses, restaurants, result)
    touched = {restaurants[m.phone_number_id] for m in messages} | {restaurants[s.phone_number_id] for s in statuses}
    if touched:
        # Open dashboards LISTEN on this channel; NOTIFY is delivered at commit.
        conn.exec_driver_sql(
            "SELECT pg_notify('crm_res_changes', r::text || ':inbound') FROM unnest(%(r)s::uuid[]) AS r",
            {"r": list(touched)},
        )
    return result


def _store_messages(
    conn: Connection,
    messages: list[InboundMessage],
    restaurants: dict[str, uuid.UUID],
    now: datetime,
    result: StoreResult,
) -> None:
    # 1. Customers: one upsert for the batch (deduplicated, since one INSERT may not hit a row twice).
    people: dict[tuple[uuid.UUID, str], tuple[str | None, datetime]] = {}
    for m in messages:
        key = (restaurants[m.phone_number_id], m.from_wa_id)
        name, seen = people.get(key, (None, m.timestamp))
        people[key] = (m.profile_name or name, max(seen, m.timestamp))
    keys = list(people)
    rows = conn.exec_driver_sql(
        """
        INSERT INTO customers (id, restaurant_id, wa_id, name, last_inbound_at, last_interaction,
                               language_preference, opted_out)
        SELECT gen_random_uuid(), r, w, n, t, t, 'ar-SA', false
        FROM unnest(%(r)s::uuid[], %(w)s::text[], %(n)s::text[], %(t)s::timestamptz[]) AS v(r, w, n, t)
        ON CONFLICT (restaurant_id, wa_id) DO UPDATE SET
            name = COALESCE(EXCLUDED.name, customers.name),
            last_inbound_at = GREATEST(customers.last_inbound_at, EXCLUDED.last_inbound_at),
            last_interaction = GREATEST(customers.last_interaction, EXCLUDED.last_interaction),
            updated_at = now()
        RETURNING id, restaurant_id, wa_id
        """,
        {
            "r": [k[0] for k in keys],
            "w": [k[1] for k in keys],
            "n": [people[k][0] for k in keys],
            "t": [people[k][1] for k in keys],
        },
    ).all()
    customer_of = {(r, w): cid for cid, r, w in rows}

    # 2. Conversations: reuse the open one, reopen a recently resolved one, else start a new one.
    customer_ids = list(customer_of.values())
    latest = conn.exec_driver_sql(
        """
        SELECT DISTINCT ON (customer_id) customer_id, id, status,
               COALESCE(resolved_at, last_message_at)
        FROM conversations WHERE customer_id = ANY(%(ids)s)
        ORDER BY customer_id, started_at DESC
        """,
        {"ids": customer_ids},
    ).all()
    conversation_of: dict[uuid.UUID, uuid.UUID] = {}
    reopen: list[uuid.UUID] = []
    for customer_id, conv_id, status, closed_at in latest:
        if status in ("active", "escalated"):
            conversation_of[customer_id] = conv_id
        elif closed_at is not None and now - closed_at < REOPEN_GAP:
            conversation_of[customer_id] = conv_id
            reopen.append(conv_id)
    if reopen:
        conn.exec_driver_sql(
            "UPDATE conversations SET status = 'active', resolved_at = NULL, updated_at = now() "
            "WHERE id = ANY(%(ids)s) AND status IN ('resolved', 'abandoned')",
            {"ids": reopen},
        )
    restaurant_of_customer = {cid: r for (r, _w), cid in customer_of.items()}
    fresh = [cid for cid in customer_ids if cid not in conversation_of]
    if fresh:
        created = conn.exec_driver_sql(
            """
            INSERT INTO conversations (id, restaurant_id, customer_id, status, type, handled_by,
                                       unread_count)
            SELECT gen_random_uuid(), r, c, 'active', 'general', 'ai', 0
            FROM unnest(%(r)s::uuid[], %(c)s::uuid[]) AS v(r, c)
            ON CONFLICT (customer_id) WHERE status IN ('active', 'escalated') DO NOTHING
            RETURNING customer_id, id
            """,
            {"r": [restaurant_of_customer[c] for c in fresh], "c": fresh},
        ).all()
        conversation_of.update(dict(created))
        racing = [c for c in fresh if c not in conversation_of]
        if racing:  # another process opened one a moment ago: use it
            conversation_of.update(dict(conn.exec_driver_sql(
                "SELECT customer_id, id FROM conversations WHERE customer_id = ANY(%(ids)s) "
                "AND status IN ('active', 'escalated')", {"ids": racing}).all()))  # fmt: skip

    # 3. Messages: ON CONFLICT on the wamid makes redelivery (even concurrent) a no-op.
    seen_in_batch: set[str] = set()
    cols: dict[str, list] = {k: [] for k in ("r", "c", "type", "body", "payload", "wamid", "media", "mime")}
    for m in messages:
        if m.wamid in seen_in_batch:
            result.duplicates += 1
            continue
        seen_in_batch.add(m.wamid)
        restaurant_id = restaurants[m.phone_number_id]
        kind, body, payload = _message_fields(m)
        cols["r"].append(restaurant_id)
        cols["c"].append(conversation_of[customer_of[(restaurant_id, m.from_wa_id)]])
        cols["type"].append(kind)
        cols["body"].append(body)
        cols["payload"].append(payload)
        cols["wamid"].append(m.wamid)
        cols["media"].append(m.media_id)
        cols["mime"].append(m.mime_type)
    inserted = conn.exec_driver_sql(
        """
        INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload,
                              wa_message_id, status, media_id, media_mime)
        SELECT r, c, 'inbound', 'customer', t, b, p, w, 'received', m, mm
        FROM unnest(%(r)s::uuid[], %(c)s::uuid[], %(type)s::text[], %(body)s::text[],
                    %(payload)s::jsonb[], %(wamid)s::text[], %(media)s::text[], %(mime)s::text[])
             AS v(r, c, t, b, p, w, m, mm)
        ON CONFLICT (wa_message_id) WHERE wa_message_id IS NOT NULL DO NOTHING
        RETURNING id, wa_message_id, restaurant_id, conversation_id, body, type
        """,
        cols,
    ).all()
    result.duplicates += len(cols["wamid"]) - len(inserted)
    per_conversation: dict[uuid.UUID, tuple[int, str]] = {}
    for msg_id, wamid, restaurant_id, conv_id, body, kind in inserted:
        result.new_messages.append(StoredMessage(msg_id, wamid, restaurant_id, conv_id))
        count, _ = per_conversation.get(conv_id, (0, ""))
        per_conversation[conv_id] = (count + 1, (body or f"[{kind}]")[:PREVIEW_CHARS])
    if per_conversation:
        conv_ids = list(per_conversation)
        conn.exec_driver_sql(
            """
            UPDATE conversations c SET last_message_at = now(), updated_at = now(),
                   last_message_preview = v.p, unread_count = c.unread_count + v.n
            FROM unnest(%(ids)s::uuid[], %(n)s::int[], %(p)s::text[]) AS v(id, n, p)
            WHERE c.id = v.id
            """,
            {"ids": conv_ids, "n": [per_conversation[c][0] for c in conv_ids],
             "p": [per_conversation[c][1] for c in conv_ids]},
        )  # fmt: skip


# Status progression: a late "delivered" never overwrites "read"; "failed" wins over sent/delivered.
_RANK_SQL = (
    "CASE {col} WHEN 'queued' THEN 0 WHEN 'held' THEN 0 WHEN 'sandbox' THEN 1 WHEN 'sent' THEN 1 "
    "WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END"
)


def _store_statuses(
    conn: Connection, statuses: list[StatusUpdate], restaurants: dict[str, uuid.UUID], result: StoreResult
) -> None:
    known = [s for s in statuses if s.status in ("sent", "delivered", "read", "failed")]
    result.statuses = len(statuses)
    if not known:
        return
    params: dict[str, list] = {k: [] for k in ("r", "w", "s", "code", "title", "cb", "at")}
    for s in known:
        err = s.errors[0] if s.errors else None
        params["r"].append(restaurants[s.phone_number_id])
        params["w"].append(s.wamid)
        params["s"].append(s.status)
        params["code"].append(err.code if err else None)
        params["title"].append((err.title or err.message) if err else None)
        params["cb"].append(s.biz_opaque_callback_data)
        params["at"].append(s.timestamp)
    # Kept as events first: a status may arrive before our send job has stored the wamid.
    conn.exec_driver_sql(
        """
        INSERT INTO message_status_events (restaurant_id, wa_message_id, status, error_code,
                                           error_title, callback_data, occurred_at)
        SELECT * FROM unnest(%(r)s::uuid[], %(w)s::text[], %(s)s::text[], %(code)s::int[],
                             %(title)s::text[], %(cb)s::text[], %(at)s::timestamptz[])
        ON CONFLICT (wa_message_id, status) DO NOTHING
        """,
        params,
    )
    # An outbox row whose send was interrupted learns its wamid from the callback data.
    conn.exec_driver_sql(
        """
        UPDATE outbox o SET wa_message_id = v.w, status = 'sent', sent_at = COALESCE(o.sent_at, now())
        FROM unnest(%(w)s::text[], %(cb)s::text[], %(r)s::uuid[]) AS v(w, cb, r)
        WHERE v.cb LIKE 'outbox:%%' AND o.id = substr(v.cb, 8)::bigint AND o.restaurant_id = v.r
          AND o.wa_message_id IS NULL
        """,
        params,
    )
    conn.exec_driver_sql(
        """
        UPDATE messages m SET wa_message_id = o.wa_message_id
        FROM outbox o, unnest(%(cb)s::text[]) AS v(cb)
        WHERE v.cb LIKE 'outbox:%%' AND o.id = substr(v.cb, 8)::bigint AND m.id = o.message_id
          AND m.wa_message_id IS NULL
        """,
        params,
    )
    apply_status_events(conn, params["w"])


def apply_status_events(conn: Connection, wamids: list[str]) -> None:
    """Bring messages (and their outbox rows) up to the most advanced status recorded for them."""
    rank_m = _RANK_SQL.format(col="m.status")
    rank_e = _RANK_SQL.format(col="e.status")
    conn.exec_driver_sql(
        f"""
        UPDATE messages m SET status = e.status::message_status,
               error_code = COALESCE(e.error_code, m.error_code),
               error_title = COALESCE(e.error_title, m.error_title),
               sent_at = COALESCE(m.sent_at, e.occurred_at),
               delivered_at = CASE WHEN e.status IN ('delivered', 'read')
                                   THEN COALESCE(m.delivered_at, e.occurred_at) ELSE m.delivered_at END,
               read_at = CASE WHEN e.status = 'read' THEN e.occurred_at ELSE m.read_at END
        FROM (
            SELECT DISTINCT ON (wa_message_id) wa_message_id, status, error_code, error_title, occurred_at
            FROM message_status_events WHERE wa_message_id = ANY(%(w)s)
            ORDER BY wa_message_id, {_RANK_SQL.format(col="status")} DESC
        ) e
        WHERE m.wa_message_id = e.wa_message_id AND {rank_e} > {rank_m}
        """,
        {"w": wamids},
    )
    conn.exec_driver_sql(
        """
        UPDATE outbox o SET status = 'failed',
               last_error = COALESCE(e.error_title, 'failed') || ' (' || COALESCE(e.error_code::text, '?') || ')'
        FROM message_status_events e
        WHERE e.wa_message_id = ANY(%(w)s) AND e.status = 'failed' AND o.wa_message_id = e.wa_message_id
          AND o.status <> 'failed'
        """,
        {"w": wamids},
    )
