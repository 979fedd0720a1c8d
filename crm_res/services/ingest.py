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


def _json_rows(rows: list[dict]) -> str:
    """Rows for `json_to_recordset(...)`: one text parameter per statement. Much cheaper to send
    than one Postgres array per column, which psycopg escapes element by element in Python."""
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=str)


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
    # Sorted, so concurrent batches (several writers or processes) lock customers in one order and
    # cannot deadlock; the customer's row lock then serialises everything else about that customer.
    people: dict[tuple[uuid.UUID, str], tuple[str | None, datetime]] = {}
    for m in messages:
        key = (restaurants[m.phone_number_id], m.from_wa_id)
        name, seen = people.get(key, (None, m.timestamp))
        people[key] = (m.profile_name or name, max(seen, m.timestamp))
    keys = sorted(people)
    rows = conn.exec_driver_sql(
        """
        INSERT INTO customers (id, restaurant_id, wa_id, name, last_inbound_at, last_interaction,
                               language_preference, opted_out)
        SELECT gen_random_uuid(), r, w, n, t, t, 'ar-SA', false
        FROM json_to_recordset(%(rows)s::json) AS v(r uuid, w text, n text, t timestamptz)
        ON CONFLICT (restaurant_id, wa_id) DO UPDATE SET
            name = COALESCE(EXCLUDED.name, customers.name),
            last_inbound_at = GREATEST(customers.last_inbound_at, EXCLUDED.last_inbound_at),
            last_interaction = GREATEST(customers.last_interaction, EXCLUDED.last_interaction),
            updated_at = now()
        RETURNING id, restaurant_id, wa_id
        """,
        {"rows": _json_rows([{"r": str(k[0]), "w": k[1], "n": people[k][0], "t": people[k][1].isoformat()}
                             for k in keys])},  # fmt: skip
    ).all()
    customer_of = {(r, w): cid for cid, r, w in rows}

    # 2. Conversations: reuse the open one, reopen a recently resolved one, else start a new one.
    # (A statement of its own: it must see what a concurrent batch committed while we waited for
    # the customer's row lock.)
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
            FROM json_to_recordset(%(rows)s::json) AS v(r uuid, c uuid)
            ON CONFLICT (customer_id) WHERE status IN ('active', 'escalated') DO NOTHING
            RETURNING customer_id, id
            """,
            {"rows": _json_rows([{"r": str(restaurant_of_customer[c]), "c": str(c)} for c in fresh])},
        ).all()
        conversation_of.update(dict(created))
        racing = [c for c in fresh if c not in conversation_of]
        if racing:  # another process opened one a moment ago: use it
            conversation_of.update(dict(conn.exec_driver_sql(
                "SELECT customer_id, id FROM conversations WHERE customer_id = ANY(%(ids)s) "
                "AND status IN ('active', 'escalated')", {"ids": racing}).all()))  # fmt: skip

    # 3. Messages: ON CONFLICT on the wamid makes redelivery (even concurrent) a no-op. The same
    # statement moves each conversation's preview and unread count by what was really inserted.
    seen_in_batch: set[str] = set()
    batch: list[dict] = []
    for m in messages:
        if m.wamid in seen_in_batch:
            result.duplicates += 1
            continue
        seen_in_batch.add(m.wamid)
        restaurant_id = restaurants[m.phone_number_id]
        batch.append({
            "r": str(restaurant_id),
            "c": str(conversation_of[customer_of[(restaurant_id, m.from_wa_id)]]),
            "t": m.type,
            "b": text_of(m) or None,
            # Every typed field and Meta's original message.
            "p": m.model_dump(mode="json", exclude_none=True, exclude={"phone_number_id"}),
            "w": m.wamid,
            "m": m.media_id,
            "mm": m.mime_type,
        })  # fmt: skip
    inserted = conn.exec_driver_sql(
        """
        WITH ins AS (
            INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body,
                                  payload, wa_message_id, status, media_id, media_mime)
            SELECT r, c, 'inbound', 'customer', t, b, p, w, 'received', m, mm
            FROM json_to_recordset(%(rows)s::json)
                 AS v(r uuid, c uuid, t text, b text, p jsonb, w text, m text, mm text)
            ON CONFLICT (wa_message_id) WHERE wa_message_id IS NOT NULL DO NOTHING
            RETURNING id, wa_message_id, restaurant_id, conversation_id, body, type
        ), per_conversation AS (
            SELECT conversation_id, count(*) AS n,
                   (array_agg(left(COALESCE(body, '[' || type || ']'), %(preview)s) ORDER BY id DESC))[1] AS p
            FROM ins GROUP BY conversation_id
        ), touched AS (
            UPDATE conversations c SET last_message_at = now(), updated_at = now(),
                   last_message_preview = v.p, unread_count = c.unread_count + v.n
            FROM per_conversation v WHERE c.id = v.conversation_id
        )
        SELECT id, wa_message_id, restaurant_id, conversation_id FROM ins ORDER BY id
        """,
        {"rows": _json_rows(batch), "preview": PREVIEW_CHARS},
    ).all()
    result.duplicates += len(batch) - len(inserted)
    result.new_messages.extend(StoredMessage(msg_id, wamid, r, c) for msg_id, wamid, r, c in inserted)


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
    rows: list[dict] = []
    for s in sorted(known, key=lambda s: (s.wamid, s.status)):  # one lock order for every writer
        err = s.errors[0] if s.errors else None
        rows.append({
            "r": str(restaurants[s.phone_number_id]), "w": s.wamid, "s": s.status,
            "code": err.code if err else None, "title": (err.title or err.message) if err else None,
            "cb": s.biz_opaque_callback_data, "at": s.timestamp.isoformat(),
        })  # fmt: skip
    params = {"rows": _json_rows(rows)}
    # Kept as events first: a status may arrive before our send job has stored the wamid.
    conn.exec_driver_sql(
        """
        INSERT INTO message_status_events (restaurant_id, wa_message_id, status, error_code,
                                           error_title, callback_data, occurred_at)
        SELECT r, w, s, code, title, cb, at
        FROM json_to_recordset(%(rows)s::json)
             AS v(r uuid, w text, s text, code int, title text, cb text, at timestamptz)
        ON CONFLICT (wa_message_id, status) DO NOTHING
        """,
        params,
    )
    if any((row["cb"] or "").startswith("outbox:") for row in rows):
        # An outbox row whose send was interrupted learns its wamid from the callback data.
        conn.exec_driver_sql(
            """
            UPDATE outbox o SET wa_message_id = v.w, status = 'sent', sent_at = COALESCE(o.sent_at, now())
            FROM json_to_recordset(%(rows)s::json) AS v(w text, cb text, r uuid)
            WHERE v.cb LIKE 'outbox:%%' AND o.id = substr(v.cb, 8)::bigint AND o.restaurant_id = v.r
              AND o.wa_message_id IS NULL
            """,
            params,
        )
        conn.exec_driver_sql(
            """
            UPDATE messages m SET wa_message_id = o.wa_message_id
            FROM outbox o, json_to_recordset(%(rows)s::json) AS v(cb text)
            WHERE v.cb LIKE 'outbox:%%' AND o.id = substr(v.cb, 8)::bigint AND m.id = o.message_id
              AND m.wa_message_id IS NULL
            """,
            params,
        )
    apply_status_events(conn, sorted({row["w"] for row in rows}))


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
