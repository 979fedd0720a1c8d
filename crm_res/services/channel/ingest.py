"""Persist parsed webhook deliveries: customers, conversations, messages and statuses.

`store_deliveries` writes any number of deliveries in ONE transaction with a fixed number of
set-based statements, so concurrent webhook requests can be group-committed together.
Exactly-once rests on the database: the unique index on `messages.wa_message_id`
(ON CONFLICT DO NOTHING) and the one-open-conversation-per-customer partial unique index.

Cost model (measured by bench/webhook_ingest.py): a round trip to Postgres costs more CPU than the
rows it carries, so a batch is two pipelined round trips (psycopg pipeline mode): (1) BEGIN with
customers and their conversations in one statement; (2) messages, statuses and status
application together, and the COMMIT too when the caller asks (`commit=True`, the webhook's
batcher; else the caller's COMMIT is a third). Open dashboards are told by the caller after commit (`changes`:
a Redis PUBLISH in its enqueue pipeline; no pg_notify, whose commit lock serialises commits).
Rows travel as ONE json parameter per statement (`json_to_recordset`): psycopg escapes Postgres
arrays element by element in Python. Lookups go through `= ANY(ARRAY(...))`, which the planner
sizes as a handful of keys and serves from the index, where a join with json_to_recordset's
100-row guess can turn into a sequential scan.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import psycopg
from sqlalchemy import Connection

from crm_res.integrations.whatsapp_inbound import Delivery, InboundMessage, StatusUpdate, text_of
from crm_res.services.api.webhook_events import deliveries_from, sql_ts
from crm_res.services.channel import delivery_effects as effects
from crm_res.services.channel.json_rows import RawJson, json_rows
from crm_res.services.channel.routing import settle_racing
from crm_res.services.display_text import clean_name
from crm_res.services.notifications import live_payload
from crm_res.services.options import options_of

log = logging.getLogger(__name__)

PREVIEW_CHARS = 120
_RESTAURANT_CACHE_TTL = 30.0
_RESTAURANT_CACHE_SIZE = 4096  # entries, known and unknown phone_number_ids together


@dataclass
class StoredMessage:
    message_id: int
    wamid: str
    restaurant_id: uuid.UUID
    conversation_id: uuid.UUID


@dataclass
class StoreResult:
    new_messages: list[StoredMessage] = field(default_factory=list)
    echoes: int = 0
    events: int = 0
    # Outgoing webhook deliveries the statements wrote: the caller has them dispatched after commit.
    webhook_events: int = 0
    unknown_phone_number_ids: set[str] = field(default_factory=set)
    # Indexes (into the deliveries given) of unverified deliveries refused: nothing of them stored.
    refused: set[int] = field(default_factory=set)
    # Live-signal payloads for open dashboards ("<restaurant_id>:inbound"), published by the
    # caller after commit (notifications.publish_changes).
    changes: set[str] = field(default_factory=set)


def default_reopen_gap() -> timedelta:
    """A resolved conversation older than this starts a new one when the customer writes again
    (`CONVERSATION_REOPEN_GAP_HOURS`, 6 h; a restaurant may set `settings["reopen_gap_hours"]`)."""
    from crm_res.settings import get_settings

    return timedelta(hours=get_settings().conversation_reopen_gap_hours)


def reopen_gap_of(restaurant_settings: dict | None) -> timedelta:
    """The restaurant's reopen gap (`settings["reopen_gap_hours"]`), else the configured default."""
    hours = options_of(restaurant_settings).reopen_gap_hours
    return default_reopen_gap() if hours is None else timedelta(hours=hours)


_RESTAURANTS_BY_NUMBER = (
    "SELECT whatsapp_phone_number_id, id, settings FROM restaurants "
    "WHERE whatsapp_phone_number_id = ANY(%(ids)s) AND deleted_at IS NULL"
)
_RESTAURANTS_BY_ACCOUNT = (
    "SELECT settings->>'whatsapp_business_account_id', id FROM restaurants "
    "WHERE settings->>'whatsapp_business_account_id' = ANY(%(ids)s) AND deleted_at IS NULL"
)
# Restaurants with an access token of their own (a real number: only signed deliveries).
_CREDENTIALED = (
    "SELECT id FROM restaurants WHERE id = ANY(%(ids)s) AND coalesce(whatsapp_access_token, '') <> ''"
)


class RestaurantDirectory:
    """phone_number_id → restaurant id (and its reopen gap), cached briefly (a hot path on every
    delivery: a changed setting applies within `_RESTAURANT_CACHE_TTL` seconds)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, uuid.UUID | None]] = {}
        self._gaps: dict[uuid.UUID, timedelta] = {}

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
            rows = conn.exec_driver_sql(_RESTAURANTS_BY_NUMBER, {"ids": missing}).all()
            known = {pnid: rid for pnid, rid, _ in rows}
            for _pnid, rid, settings in rows:
                self._gaps[rid] = reopen_gap_of(settings)
            if len(self._cache) + len(missing) > _RESTAURANT_CACHE_SIZE:
                # Bounded: made-up phone_number_ids must not grow the cache without end. Expired
                # entries go first; if that is not enough, the oldest half.
                self._cache = {k: v for k, v in self._cache.items() if now - v[0] < _RESTAURANT_CACHE_TTL}
                if len(self._cache) + len(missing) > _RESTAURANT_CACHE_SIZE:
                    keep = list(self._cache.items())[len(self._cache) // 2 :]
                    self._cache = dict(keep)
            for pnid in missing:
                self._cache[pnid] = (now, known.get(pnid))
                if pnid in known:
                    found[pnid] = known[pnid]
        return found

    def reopen_gap(self, restaurant_id: uuid.UUID) -> timedelta:
        """For a restaurant `resolve` returned."""
        return self._gaps.get(restaurant_id) or default_reopen_gap()

    def clear(self) -> None:
        self._cache.clear()
        self._gaps.clear()


directory = RestaurantDirectory()


def _driver(conn: Connection) -> psycopg.Connection:
    """The psycopg connection under SQLAlchemy's (same transaction), for pipeline mode."""
    pg = conn.connection.driver_connection
    assert pg is not None  # an open pool connection always has its driver connection
    return pg


def store_deliveries(
    conn: Connection, deliveries: Sequence[Delivery], *, now: datetime | None = None, commit: bool = False
) -> StoreResult:
    """Write every message and status of `deliveries`; the caller commits (one transaction).

    `commit`: the COMMIT rides in the last pipeline, after the statements (one round trip fewer
    per batch; the caller's own commit then finds no transaction open and sends nothing). A
    statement that fails aborts the pipeline before the COMMIT, and the error is raised as
    before: nothing of the batch is committed. Only for a caller that commits right after
    anyway (the webhook's batcher), since what was written is then committed on return."""
    now = now or datetime.now(UTC)
    result = StoreResult()
    pnids = {p for d in deliveries for p in _numbers_of(d)}
    if not pnids and not any(d.events for d in deliveries):
        return result
    restaurants = directory.resolve(conn, pnids) if pnids else {}
    wabas = {
        e.waba_id for d in deliveries for e in d.events if e.waba_id and e.phone_number_id not in restaurants
    }
    by_account = _restaurants_by_account(conn, wabas)
    if not all(d.verified for d in deliveries):
        # Routed exactly as they would be stored below (same lookups, same transaction).
        result.refused = _refused_unverified(conn, deliveries, restaurants, by_account)
        deliveries = [d for i, d in enumerate(deliveries) if i not in result.refused]
        pnids = {p for d in deliveries for p in _numbers_of(d)}
    messages: list[InboundMessage] = [m for d in deliveries for m in d.messages]
    statuses: list[StatusUpdate] = [s for d in deliveries for s in d.statuses]
    echoes = [e for d in deliveries for e in d.echoes]
    events = [e for d in deliveries for e in d.events]
    result.unknown_phone_number_ids = pnids - set(restaurants)
    messages = [m for m in messages if m.phone_number_id in restaurants]
    statuses = [s for s in statuses if s.phone_number_id in restaurants]
    pg = _driver(conn)
    if echoes or events:
        result.echoes = effects.store_echoes(pg, echoes, restaurants, now)
        result.events, hooks = effects.store_channel_events(pg, events, by_account, restaurants)
        result.webhook_events += hooks
    if not messages and not statuses:
        return result
    if messages:
        effects.resolve_identities(pg, messages, restaurants)
    conversation_of = _customers_and_conversations(pg, messages, restaurants, now, result) if messages else {}
    inserted = None
    with pg.pipeline():  # one round trip for the rest (statements run in this order)
        if messages:
            inserted = _insert_messages(pg, messages, restaurants, conversation_of)
        status_hooks = _store_statuses(pg, statuses, restaurants) if statuses else None
        if messages:
            effects.apply_message_updates(pg, messages, restaurants, now)
            effects.apply_identity_changes(pg, messages, restaurants)
        if commit:  # unprepared: a transaction statement is never a prepared one
            pg.execute("COMMIT", prepare=False)
    touched = {restaurants[m.phone_number_id] for m in messages} | {
        restaurants[s.phone_number_id] for s in statuses
    }
    result.changes |= {live_payload(r, "inbound") for r in touched}
    if status_hooks is not None:
        result.webhook_events += max(0, status_hooks.rowcount)
    if inserted is not None:
        rows = inserted.fetchall()
        result.new_messages.extend(StoredMessage(msg_id, wamid, r, c) for msg_id, wamid, r, c, _ in rows)
        result.webhook_events += rows[0][4] if rows else 0
    return result


def _numbers_of(delivery: Delivery) -> set[str]:
    """The business numbers (phone_number_ids) a delivery's items are routed by."""
    ids = {m.phone_number_id for m in delivery.messages} | {s.phone_number_id for s in delivery.statuses}
    ids |= {e.phone_number_id for e in delivery.echoes}
    return ids | {e.phone_number_id for e in delivery.events if e.phone_number_id}


def _refused_unverified(
    conn: Connection,
    deliveries: Sequence[Delivery],
    restaurants: dict[str, uuid.UUID],
    by_account: dict[str, uuid.UUID],
) -> set[int]:
    """Indexes of the unverified deliveries that would reach a restaurant with its own access
    token: a real number, whose deliveries must be signed (issue 14, finding 8). The whole
    delivery is refused, not only its items for that restaurant: an unsigned body is not Meta's.
    Items for unknown numbers reach nobody (they are not stored), so they refuse nothing."""
    targets: dict[int, set[uuid.UUID]] = {}
    for i, d in enumerate(deliveries):
        if d.verified:
            continue
        found = {restaurants[p] for p in _numbers_of(d) if p in restaurants}
        found |= {by_account[e.waba_id] for e in d.events if e.waba_id in by_account}
        if found:
            targets[i] = found
    if not targets:
        return set()
    # Read afresh (never the directory's cache): a token set a moment ago applies at once.
    credentialed = {
        rid
        for (rid,) in conn.exec_driver_sql(
            _CREDENTIALED, {"ids": sorted({r for found in targets.values() for r in found})}
        ).all()
    }
    return {i for i, found in targets.items() if found & credentialed}


def _restaurants_by_account(conn: Connection, waba_ids: set[str]) -> dict[str, uuid.UUID]:
    """WhatsApp Business Account id → restaurant, for changes that name no business number
    (template status, account alerts): the restaurant's `settings["whatsapp_business_account_id"]`."""
    if not waba_ids:
        return {}
    rows = conn.exec_driver_sql(_RESTAURANTS_BY_ACCOUNT, {"ids": sorted(waba_ids)}).all()
    return dict(rows)


# Customers upserted and each one's conversation chosen in ONE statement: the open one, else a
# recently resolved one reopened, else a new one. Only customers with at least one message not
# stored yet take part: a redelivered old message must not touch the customer nor reopen (or
# start) a conversation; its insert is then dropped as a duplicate. The statement's snapshot may predate a
# concurrent batch that held the same customer's row lock; what that batch did is caught by the
# conflict rules (ON CONFLICT on the one-open index, the reopen's status re-check) and such a
# customer comes back without a conversation, to be settled by `routing.settle_racing`.
# A reopened conversation's `conversation:status` event (its status before, from `latest`), in
# the same statement; the event id is stable for this reopening (the conversation's closing time).
# The same rows (`reopen_src`, the one source for both) write the thread's activity-log line: an
# events row "conversation.reopened" by the customer, as a teammate's reopen writes one by a user.
_REOPEN_HOOKS = deliveries_from("reopen_src", "conversation:status") + " RETURNING 1"
_REOPEN_EVENTS = """
    INSERT INTO events (restaurant_id, actor, kind, subject_type, subject_id, data, created_at)
    SELECT restaurant_id, 'customer', 'conversation.reopened', 'conversation', ordering_key,
           jsonb_build_object('old_status', payload_data->>'oldStatus'), now()
    FROM reopen_src"""
_REOPEN_SRC = """
    SELECT r.restaurant_id, r.id::text AS ordering_key, r.id::text || ':reopen:' || COALESCE(l.closed_at::text, '')
               AS event_key,
           jsonb_build_object('conversationId', r.id, 'oldStatus', l.status, 'newStatus', 'active') AS payload_data,
           0 AS sort_key
    FROM reopened r JOIN latest l ON l.id = r.id"""
_CUSTOMERS_AND_CONVERSATIONS = """
WITH v AS (
    SELECT * FROM json_to_recordset(%(rows)s::json)
             AS v(r uuid, w text, n text, t timestamptz, a timestamptz, ids json, u text, un text, pu text)
), fresh AS (
    SELECT v.* FROM v WHERE EXISTS (
        SELECT 1 FROM json_array_elements_text(v.ids) AS i(wamid)
        WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.wa_message_id = i.wamid))
), cust AS (
    INSERT INTO customers (id, restaurant_id, wa_id, name, last_inbound_at, last_interaction,
                           language_preference, opted_out, user_id, username, parent_user_id)
    SELECT gen_random_uuid(), r, w, n, t, t, 'ar-SA', false, u, un, pu FROM fresh
    ON CONFLICT (restaurant_id, wa_id) DO UPDATE SET
        name = COALESCE(EXCLUDED.name, customers.name),
        user_id = COALESCE(EXCLUDED.user_id, customers.user_id),
        username = COALESCE(EXCLUDED.username, customers.username),
        parent_user_id = COALESCE(EXCLUDED.parent_user_id, customers.parent_user_id),
        last_inbound_at = GREATEST(customers.last_inbound_at, EXCLUDED.last_inbound_at),
        last_interaction = GREATEST(customers.last_interaction, EXCLUDED.last_interaction),
        updated_at = now()
    RETURNING id, restaurant_id, wa_id
), latest AS (
    SELECT DISTINCT ON (customer_id) customer_id, id, status,
           COALESCE(resolved_at, last_message_at) AS closed_at
    FROM conversations WHERE customer_id = ANY(ARRAY(SELECT id FROM cust))
    ORDER BY customer_id, started_at DESC
), choice AS (
    SELECT cust.id AS customer_id, cust.restaurant_id, l.id AS conversation_id,
           CASE WHEN l.status IN ('active', 'escalated') THEN 'open'
                WHEN l.closed_at IS NOT NULL AND l.closed_at > fresh.a THEN 'reopen'
                ELSE 'new' END AS action
    FROM cust JOIN fresh ON fresh.r = cust.restaurant_id AND fresh.w = cust.wa_id
    LEFT JOIN latest l ON l.customer_id = cust.id
), reopened AS (
    UPDATE conversations c SET status = 'active', resolved_at = NULL, updated_at = now()
    FROM choice WHERE choice.action = 'reopen' AND c.id = choice.conversation_id
      AND c.status IN ('resolved', 'abandoned')
    RETURNING c.customer_id, c.id, c.restaurant_id
), {REOPEN_HOOKS}
), created AS (
    INSERT INTO conversations (id, restaurant_id, customer_id, status, type, handled_by, unread_count)
    SELECT gen_random_uuid(), restaurant_id, customer_id, 'active', 'general', 'ai', 0
    FROM choice WHERE action = 'new'
    ON CONFLICT (customer_id) WHERE status IN ('active', 'escalated') DO NOTHING
    RETURNING customer_id, id
)
SELECT cust.restaurant_id, cust.wa_id, cust.id,
       COALESCE(created.id, reopened.id, CASE WHEN choice.action = 'open' THEN choice.conversation_id END),
       (SELECT count(*) FROM reopen_hooks)
FROM cust JOIN choice ON choice.customer_id = cust.id
LEFT JOIN reopened ON reopened.customer_id = cust.id
LEFT JOIN created ON created.customer_id = cust.id
""".replace(
    "{REOPEN_HOOKS}",
    f"reopen_src AS ({_REOPEN_SRC}\n), reopen_hooks AS ({_REOPEN_HOOKS}\n), reopen_events AS ({_REOPEN_EVENTS}",
)


def _customers_and_conversations(
    pg: psycopg.Connection,
    messages: list[InboundMessage],
    restaurants: dict[str, uuid.UUID],
    now: datetime,
    result: StoreResult,
) -> dict[tuple[uuid.UUID, str], uuid.UUID]:
    """(restaurant id, wa_id) → the conversation its messages go to."""
    # Deduplicated (one INSERT may not hit a row twice) and sorted: concurrent batches (several
    # writers or processes) lock customers in one order and cannot deadlock; the customer's row
    # lock then serialises everything else about that customer.
    people: dict[tuple[uuid.UUID, str], tuple[str | None, datetime, list[str]]] = {}
    ids: dict[tuple[uuid.UUID, str], dict[str, str | None]] = {}
    for m in messages:
        key = (restaurants[m.phone_number_id], m.from_wa_id)
        stamp = m.timestamp or now
        name, seen, wamids = people.get(key, (None, stamp, []))
        wamids.append(m.wamid)
        people[key] = (clean_name(m.profile_name) or name, max(seen, stamp), wamids)
        known = ids.setdefault(key, {})  # a key left out is NULL to json_to_recordset
        known.update(
            {k: v for k, v in (("u", m.from_user_id), ("un", m.username), ("pu", m.parent_user_id)) if v}
        )
    rows = [
        {
            "r": str(k[0]),
            "w": k[1],
            "n": people[k][0],
            "t": people[k][1].isoformat(),
            "a": (now - directory.reopen_gap(k[0])).isoformat(),
            "ids": people[k][2],
            **ids[k],
        }
        for k in sorted(people)
    ]
    with pg.pipeline():  # BEGIN travels with the statement
        cur = pg.execute(_CUSTOMERS_AND_CONVERSATIONS, {"rows": json_rows(rows)})
    conversation_of: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
    racing: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}
    for restaurant_id, wa_id, customer_id, conversation_id, hooks in cur.fetchall():
        result.webhook_events = max(result.webhook_events, hooks)  # the same count on every row
        if conversation_id is None:
            racing[customer_id] = (restaurant_id, wa_id)
        else:
            conversation_of[(restaurant_id, wa_id)] = conversation_id
    if racing:
        settle_racing(pg, racing, conversation_of)
    return conversation_of


# Outgoing webhook events of the inserted messages (services/api/webhook_events.py), written by the
# same statement: `message:new` for each, `conversation:new` first for a conversation that had no
# message before (the statement's snapshot does not see its own inserts). Payloads are built only
# for rows joined to an endpoint that wants them: none for a restaurant without endpoints, and when
# none of the batch's restaurants has an enabled endpoint (most batches), the WHERE EXISTS is a
# one-time filter: the events are not even listed (no look-up per conversation).
INBOUND_WEBHOOK_EVENTS = f"""
    INSERT INTO webhook_deliveries (restaurant_id, endpoint_id, event_id, event_type, ordering_key, payload)
    SELECT s.restaurant_id, e.id, 'msg_' || md5(s.t || ':' || s.k), s.t, s.conversation_id::text,
           jsonb_build_object('type', s.t, 'timestamp', {sql_ts("now()")}, 'data', CASE s.t
           WHEN 'message:new' THEN jsonb_build_object('conversationId', s.conversation_id, 'message',
               jsonb_build_object('id', i.id, 'sender', 'customer', 'content', COALESCE(i.body, ''),
                   'timestamp', {sql_ts("i.occurred_at")}, 'metadata', jsonb_build_object('direction', 'inbound',
                   'type', i.type, 'status', 'received', 'waMessageId', i.wa_message_id)))
           ELSE (SELECT jsonb_build_object('conversation', jsonb_build_object('id', c.id, 'customerId',
                     c.customer_id, 'restaurantId', c.restaurant_id, 'branchId', c.branch_id, 'status', c.status,
                     'type', c.type, 'aiConfidence', c.ai_confidence, 'startedAt', {sql_ts("c.started_at")}),
                     'customer', jsonb_build_object('id', cu.id, 'whatsappNumber', cu.wa_id, 'name', cu.name,
                     'languagePreference', cu.language_preference, 'tags', to_jsonb(cu.tags), 'optedOut',
                     cu.opted_out))
                 FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = s.conversation_id)
           END)
    FROM (
        SELECT 'message:new' AS t, id::text AS k, restaurant_id, conversation_id, id * 2 + 1 AS o FROM ins
        UNION ALL
        SELECT 'conversation:new', conversation_id::text, restaurant_id, conversation_id, first_id * 2
        FROM per_conversation pc
        WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = pc.conversation_id)
    ) s
    JOIN webhook_endpoints e ON e.restaurant_id = s.restaurant_id AND e.enabled AND s.t = ANY(e.events)
    LEFT JOIN ins i ON s.t = 'message:new' AND i.id::text = s.k
    WHERE EXISTS (SELECT 1 FROM webhook_endpoints g WHERE g.enabled
                  AND g.restaurant_id = ANY(ARRAY(SELECT restaurant_id FROM per_conversation)))
    ORDER BY s.o, e.id
    ON CONFLICT (endpoint_id, event_id) DO NOTHING"""

# ON CONFLICT on the wamid makes redelivery (even concurrent) a no-op; the same statement moves
# each conversation's preview and unread count by what was really inserted. The rows arrive as
# jsonb: each message's payload (Meta's original) is then parsed once, where json_to_recordset
# lexes it and then parses its text again into the jsonb column.
_INSERT_MESSAGES = (
    """
WITH ins AS (
    INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload,
                          wa_message_id, status, media_id, media_mime, occurred_at)
    SELECT r, c, 'inbound', 'customer', t, b, p, w, 'received', m, mm, COALESCE(o, now())
    FROM jsonb_to_recordset(%(rows)s::jsonb)
         AS v(r uuid, c uuid, t text, b text, p jsonb, w text, m text, mm text, o timestamptz)
    ON CONFLICT (wa_message_id) WHERE wa_message_id IS NOT NULL DO NOTHING
    RETURNING id, wa_message_id, restaurant_id, conversation_id, body, type, occurred_at
), per_conversation AS (
    SELECT conversation_id, restaurant_id, count(*) AS n, min(id) AS first_id,
           (array_agg(left(COALESCE(body, '[' || type || ']'), %(preview)s) ORDER BY id DESC))[1] AS p
    FROM ins GROUP BY conversation_id, restaurant_id
), touched AS (
    UPDATE conversations c SET last_message_at = now(), updated_at = now(),
           last_message_preview = v.p, unread_count = c.unread_count + v.n
    FROM per_conversation v
    WHERE c.id = ANY(ARRAY(SELECT conversation_id FROM per_conversation)) AND c.id = v.conversation_id
), hooks AS ("""
    + INBOUND_WEBHOOK_EVENTS
    + """ RETURNING 1
)
SELECT id, wa_message_id, restaurant_id, conversation_id, (SELECT count(*) FROM hooks) FROM ins ORDER BY id
"""
)


def _insert_messages(
    pg: psycopg.Connection,
    messages: list[InboundMessage],
    restaurants: dict[str, uuid.UUID],
    conversation_of: dict[tuple[uuid.UUID, str], uuid.UUID],
) -> psycopg.Cursor:
    """Queue the messages INSERT in the pipeline; its cursor yields the rows really inserted."""
    seen_in_batch: set[str] = set()
    rows: list[dict] = []
    for m in messages:
        if m.wamid in seen_in_batch:
            continue
        seen_in_batch.add(m.wamid)
        restaurant_id = restaurants[m.phone_number_id]
        conversation_id = conversation_of.get((restaurant_id, m.from_wa_id))
        if conversation_id is None:  # every message of this customer was stored before
            continue  # (counted with the duplicates by the caller)
        rows.append(
            {
                "r": str(restaurant_id),
                "c": str(conversation_id),
                "t": m.type,
                "b": text_of(m) or None,
                # Every typed field and Meta's original message.
                "p": RawJson(m.model_dump_json(exclude_none=True, exclude={"phone_number_id"})),
                "w": m.wamid,
                "m": m.media_id,
                "mm": m.mime_type,
                "o": m.timestamp.isoformat() if m.timestamp else None,
            }
        )
    return pg.execute(_INSERT_MESSAGES, {"rows": json_rows(rows), "preview": PREVIEW_CHARS})


# Status progression: a late "delivered" never overwrites "read"; "failed" wins over sent/delivered.
_RANK_SQL = (
    "CASE {col} WHEN 'queued' THEN 0 WHEN 'held' THEN 0 WHEN 'sandbox' THEN 1 WHEN 'sent' THEN 1 "
    "WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END"
)
# Kept as events first: a status may arrive before our send job has stored the wamid.
_INSERT_STATUS_EVENTS = """
INSERT INTO message_status_events (restaurant_id, wa_message_id, status, error_code, error_title,
                                   callback_data, occurred_at)
SELECT r, w, s, code, title, cb, at
FROM json_to_recordset(%(rows)s::json)
     AS v(r uuid, w text, s text, code int, title text, cb text, at timestamptz)
ON CONFLICT (wa_message_id, status, restaurant_id) DO NOTHING
"""
# An outbox row whose send was interrupted learns its wamid from the callback data.
_LINK_OUTBOX = """
UPDATE outbox o SET wa_message_id = v.w, status = 'sent', sent_at = COALESCE(o.sent_at, now())
FROM json_to_recordset(%(rows)s::json) AS v(w text, cb text, r uuid)
WHERE v.cb LIKE 'outbox:%%' AND o.id = substr(v.cb, 8)::bigint AND o.restaurant_id = v.r
  AND o.wa_message_id IS NULL
"""
_LINK_OUTBOX_MESSAGES = """
UPDATE messages m SET wa_message_id = o.wa_message_id
FROM outbox o, json_to_recordset(%(rows)s::json) AS v(cb text, r uuid)
WHERE v.cb LIKE 'outbox:%%' AND o.id = substr(v.cb, 8)::bigint AND o.restaurant_id = v.r
  AND m.id = o.message_id AND m.restaurant_id = v.r AND m.wa_message_id IS NULL
"""
# A status batch moves messages forward to `e`, the most advanced recorded status of each (never
# back: a late `delivered` after `read` changes nothing); `upd` is what moved, and each moved
# message is one `message:status` delivery per subscribed endpoint. Shared by the one-statement
# path and the ordered statements below.
_MESSAGES_MOVE_FORWARD = """UPDATE messages m SET status = e.status::message_status,
       error_code = COALESCE(e.error_code, m.error_code),
       error_title = COALESCE(e.error_title, m.error_title),
       sent_at = COALESCE(m.sent_at, e.occurred_at),
       delivered_at = CASE WHEN e.status IN ('delivered', 'read')
                           THEN COALESCE(m.delivered_at, e.occurred_at) ELSE m.delivered_at END,
       read_at = CASE WHEN e.status = 'read' THEN e.occurred_at ELSE m.read_at END"""
_MESSAGES_MOVED = f"""WHERE m.wa_message_id = e.wa_message_id AND m.restaurant_id = e.restaurant_id AND {_RANK_SQL.format(col="e.status")} > {_RANK_SQL.format(col="m.status")}
RETURNING m.id, m.restaurant_id, m.conversation_id, m.wa_message_id, m.status, m.error_code, m.error_title"""
_STATUS_DELIVERIES = f"""INSERT INTO webhook_deliveries (restaurant_id, endpoint_id, event_id, event_type, ordering_key, payload)
SELECT u.restaurant_id, w.id, 'msg_' || md5('message:status:' || u.id || ':' || u.status), 'message:status',
       u.conversation_id::text,
       jsonb_build_object('type', 'message:status', 'timestamp', {sql_ts("now()")}, 'data', jsonb_build_object(
           'conversationId', u.conversation_id, 'messageId', u.id, 'waMessageId', u.wa_message_id,
           'status', u.status, 'errorCode', u.error_code, 'errorTitle', u.error_title))
FROM upd u JOIN webhook_endpoints w
  ON w.restaurant_id = u.restaurant_id AND w.enabled AND 'message:status' = ANY(w.events)
ORDER BY u.id, w.id
ON CONFLICT (endpoint_id, event_id) DO NOTHING"""
# Statuses apply only within the restaurant they were delivered for (its phone number id): a
# status sent under restaurant B's number never touches restaurant C's message of the same wamid.
_APPLY_TO_MESSAGES = f"""
WITH upd AS (
{_MESSAGES_MOVE_FORWARD}
FROM (
    SELECT DISTINCT ON (restaurant_id, wa_message_id) restaurant_id, wa_message_id, status, error_code,
           error_title, occurred_at
    FROM message_status_events
    WHERE wa_message_id = ANY(ARRAY(SELECT json_array_elements_text(%(w)s::json)))
    ORDER BY restaurant_id, wa_message_id, {_RANK_SQL.format(col="status")} DESC
) e
{_MESSAGES_MOVED}
)
{_STATUS_DELIVERIES}
"""
_APPLY_TO_OUTBOX = """
UPDATE outbox o SET status = 'failed',
       last_error = COALESCE(e.error_title, 'failed') || ' (' || COALESCE(e.error_code::text, '?') || ')'
FROM message_status_events e
WHERE e.wa_message_id = ANY(ARRAY(SELECT json_array_elements_text(%(w)s::json))) AND e.status = 'failed'
  AND o.wa_message_id = e.wa_message_id AND o.restaurant_id = e.restaurant_id AND o.status <> 'failed'
"""


# The batch's statuses in ONE statement (the common case: no callback naming an outbox row): kept
# as events, applied to the messages (with their `message:status` webhook deliveries: the
# statement's own INSERT, so its rowcount counts them as _APPLY_TO_MESSAGES's does) and to the
# outbox. What _INSERT_STATUS_EVENTS, _APPLY_TO_MESSAGES and _APPLY_TO_OUTBOX do one after the
# other; the statement's snapshot does not see the events it inserts, so they are added from its
# RETURNING (a row already stored is in the table, and never in both).
_STORE_AND_APPLY_STATUSES = f"""
WITH v AS (
    SELECT * FROM json_to_recordset(%(rows)s::json)
         AS v(r uuid, w text, s text, code int, title text, cb text, at timestamptz)
), ins AS (
    INSERT INTO message_status_events (restaurant_id, wa_message_id, status, error_code, error_title,
                                       callback_data, occurred_at)
    SELECT r, w, s, code, title, cb, at FROM v
    ON CONFLICT (wa_message_id, status, restaurant_id) DO NOTHING
    RETURNING restaurant_id, wa_message_id, status, error_code, error_title, occurred_at
), recorded AS (
    SELECT restaurant_id, wa_message_id, status, error_code, error_title, occurred_at
    FROM message_status_events WHERE wa_message_id = ANY(ARRAY(SELECT DISTINCT w FROM v))
    UNION ALL
    SELECT * FROM ins
), e AS (
    SELECT DISTINCT ON (restaurant_id, wa_message_id) restaurant_id, wa_message_id, status, error_code,
           error_title, occurred_at
    FROM recorded
    ORDER BY restaurant_id, wa_message_id, {_RANK_SQL.format(col="status")} DESC
), upd AS (
{_MESSAGES_MOVE_FORWARD}
FROM e
{_MESSAGES_MOVED}
), outbox_failed AS (
UPDATE outbox o SET status = 'failed',
       last_error = COALESCE(f.error_title, 'failed') || ' (' || COALESCE(f.error_code::text, '?') || ')'
FROM recorded f
WHERE f.status = 'failed' AND o.wa_message_id = f.wa_message_id AND o.restaurant_id = f.restaurant_id
  AND o.status <> 'failed'
)
{_STATUS_DELIVERIES}
"""


def _store_statuses(
    pg: psycopg.Connection,
    statuses: list[StatusUpdate],
    restaurants: dict[str, uuid.UUID],
) -> psycopg.Cursor | None:
    """Queue the status statements in the pipeline; the returned cursor's rowcount (once the
    pipeline has synced) is how many `message:status` webhook deliveries were written."""
    known = [s for s in statuses if s.status in ("sent", "delivered", "read", "failed")]
    if not known:
        return None
    rows: list[dict] = []
    for s in sorted(known, key=lambda s: (s.wamid, s.status)):  # one lock order for every writer
        err = s.errors[0] if s.errors else None
        rows.append(
            {
                "r": str(restaurants[s.phone_number_id]),
                "w": s.wamid,
                "s": s.status,
                "code": err.code if err else None,
                "title": (err.title or err.message) if err else None,
                "cb": s.biz_opaque_callback_data,
                "at": s.timestamp.isoformat(),
            }
        )
    params = {"rows": json_rows(rows)}
    if not any(row["cb"] and row["cb"].startswith("outbox:") for row in rows):
        return pg.execute(_STORE_AND_APPLY_STATUSES, params)
    # An outbox row learns its wamid first (the statements after it must see the link).
    pg.execute(_INSERT_STATUS_EVENTS, params)
    pg.execute(_LINK_OUTBOX, params)
    pg.execute(_LINK_OUTBOX_MESSAGES, params)
    wamids = {"w": json_rows(sorted({row["w"] for row in rows}))}
    hooks = pg.execute(_APPLY_TO_MESSAGES, wamids)
    pg.execute(_APPLY_TO_OUTBOX, wamids)
    return hooks


def apply_status_events(conn: Connection, wamids: list[str]) -> None:
    """Bring messages (and their outbox rows) up to the most advanced status recorded for them.

    Runs on the psycopg connection under `conn` (same transaction), so it may be queued inside a
    psycopg pipeline."""
    pg = _driver(conn)
    params = {"w": json_rows(sorted(wamids))}
    pg.execute(_APPLY_TO_MESSAGES, params)
    pg.execute(_APPLY_TO_OUTBOX, params)
