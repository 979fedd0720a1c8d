"""What a delivery does beyond storing customer messages and statuses (the webhook transaction).

- identities: a customer is found by number, BSUID or both (`resolve_identities`), and Meta's
  identity changes (system messages, `user_id_update`) move the customer's keys;
- replies the restaurant sent from the WhatsApp Business app (`smb_message_echoes`) are stored as
  staff messages and pause the assistant in that conversation (`store_echoes`);
- edits, deletes and reactions update the message they point at (`apply_message_updates`);
- every other change is stored raw in `channel_events` and its effect applied: marketing
  opt-out, template status, an owner notification for account alerts (`store_channel_events`).

Plain SQL on the psycopg connection under the caller's transaction, like ingest.py.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

import psycopg

from crm_res.integrations.whatsapp_inbound import ChannelEvent, InboundMessage, text_of
from crm_res.models.customer import is_bsuid
from crm_res.models.outbox import template_status_of
from crm_res.services.api.webhook_events import deliveries_from, sql_ts
from crm_res.services.channel.json_rows import RawJson, json_rows
from crm_res.services.channel.routing import settle_racing

log = logging.getLogger(__name__)


def _rows(rows: list) -> str:

    return json_rows(rows)


# ---------------------------------------------------------------- identities


def resolve_identities(
    pg: psycopg.Connection, messages: list[InboundMessage], restaurants: dict[str, uuid.UUID]
) -> None:
    """Point each message at the customer its BSUID already names (`from_wa_id` rewritten to that
    customer's key), so a number, a BSUID or both find the same person. A BSUID-keyed customer
    whose number Meta now shows is re-keyed by the number."""
    by_user = [m for m in messages if m.from_user_id and m.phone_number_id in restaurants]
    if not by_user:
        return
    found = pg.execute(
        "SELECT restaurant_id, user_id, wa_id FROM customers WHERE user_id = ANY(%s)",
        [sorted({m.from_user_id for m in by_user if m.from_user_id})],
    ).fetchall()
    known: dict[tuple[uuid.UUID, str], str] = {(r, u): w for r, u, w in found}
    # One key per person for the whole batch, decided before any message takes it: a message
    # without the number must not keep the BSUID key when a later one of the batch re-keys them.
    phone_of: dict[tuple[uuid.UUID, str], str | None] = {}
    for m in by_user:
        key = (restaurants[m.phone_number_id], m.from_user_id or "")
        if not phone_of.get(key):
            phone_of[key] = m.from_phone
    for key, phone in phone_of.items():
        current = known.get(key)
        if current is None:  # first time seen: the number when any message shows it
            known[key] = phone or key[1]
        elif phone and current != phone and is_bsuid(current):
            moved = pg.execute(
                "UPDATE customers SET wa_id = %s, updated_at = now() WHERE restaurant_id = %s AND wa_id = %s "
                "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.restaurant_id = %s AND c.wa_id = %s)",
                [phone, key[0], current, key[0], phone],
            ).rowcount
            if moved:
                known[key] = phone
    for m in by_user:
        m.from_wa_id = known[(restaurants[m.phone_number_id], m.from_user_id or "")]
    for m in messages:  # a message with the number only, whose person is known under a BSUID key
        if not m.from_user_id and m.from_phone and m.phone_number_id in restaurants:
            m.from_wa_id = m.from_phone


def apply_identity_changes(
    pg: psycopg.Connection, messages: list[InboundMessage], restaurants: dict[str, uuid.UUID]
) -> None:
    """System messages: a customer changed their number (`user_changed_number`) or their BSUID
    changed (`user_changed_user_id`)."""
    for m in messages:
        if m.type != "system" or m.phone_number_id not in restaurants:
            continue
        r = restaurants[m.phone_number_id]
        raw_system = m.raw.get("system")
        system: dict[str, Any] = raw_system if isinstance(raw_system, dict) else {}
        if (
            m.system_type == "user_changed_number"
            and m.system_new_wa_id
            and m.system_new_wa_id != m.from_wa_id
        ):
            pg.execute(
                "UPDATE customers SET wa_id = %s, updated_at = now() WHERE restaurant_id = %s AND wa_id = %s "
                "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.restaurant_id = %s AND c.wa_id = %s)",
                [m.system_new_wa_id, r, m.from_wa_id, r, m.system_new_wa_id],
            )
        new_user_id = system.get("user_id") or system.get("new_user_id")
        if isinstance(new_user_id, str) and new_user_id and m.from_user_id:
            _move_user_id(pg, r, m.from_user_id, new_user_id)


def _move_user_id(pg: psycopg.Connection, restaurant_id: uuid.UUID, previous: str, current: str) -> None:
    pg.execute(
        "UPDATE customers SET user_id = %(new)s, wa_id = CASE WHEN wa_id = %(old)s THEN %(new)s ELSE wa_id END, "
        "updated_at = now() WHERE restaurant_id = %(r)s AND (user_id = %(old)s OR wa_id = %(old)s) "
        "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.restaurant_id = %(r)s AND c.user_id = %(new)s)",
        {"new": current, "old": previous, "r": restaurant_id},
    )


# ---------------------------------------------------------------- edits, deletes, reactions

_APPLY_UPDATES = """
UPDATE messages m SET
    body = CASE WHEN v.k = 'edit' AND v.b IS NOT NULL THEN v.b ELSE m.body END,
    payload = CASE v.k
        WHEN 'edit' THEN m.payload || jsonb_build_object(
            'edited_at', v.o, 'original_body', COALESCE(m.payload->'original_body', to_jsonb(m.body)))
        WHEN 'revoke' THEN m.payload || jsonb_build_object('deleted_at', v.o)
        WHEN 'react' THEN m.payload || jsonb_build_object('reaction', v.b)
        ELSE m.payload - 'reaction' END
FROM json_to_recordset(%s::json) AS v(r uuid, t text, k text, b text, o timestamptz)
WHERE m.wa_message_id = v.t AND m.restaurant_id = v.r
"""


def apply_message_updates(
    pg: psycopg.Connection, messages: list[InboundMessage], restaurants: dict[str, uuid.UUID], now: datetime
) -> None:
    """An edit replaces the text (the original kept in payload.original_body), a delete marks the
    message deleted, a reaction sets payload.reaction and an empty one removes it. Harmless when
    redelivered."""
    rows = []
    for m in messages:
        if m.phone_number_id not in restaurants:
            continue
        when = (m.timestamp or now).isoformat()
        if m.type in ("edit", "revoke") and m.target_message_id:
            rows.append(
                {
                    "r": str(restaurants[m.phone_number_id]),
                    "t": m.target_message_id,
                    "k": m.type,
                    "b": text_of(m) or None,
                    "o": when,
                }
            )
        elif m.type == "reaction" and m.reaction_message_id:
            kind = "react" if m.reaction_emoji else "unreact"
            rows.append(
                {
                    "r": str(restaurants[m.phone_number_id]),
                    "t": m.reaction_message_id,
                    "k": kind,
                    "b": m.reaction_emoji,
                    "o": when,
                }
            )
    # One statement per update, in order: an UPDATE changes a row once, so an edit and a reaction
    # to the same message in one delivery must not share a statement.
    for row in rows:
        pg.execute(_APPLY_UPDATES, [_rows([row])])


# ---------------------------------------------------------------- echoes (the WhatsApp Business app)

_ECHO_CUSTOMERS = """
INSERT INTO customers (id, restaurant_id, wa_id, user_id, language_preference, opted_out)
SELECT gen_random_uuid(), r, w, u, 'ar-SA', false
FROM json_to_recordset(%s::json) AS v(r uuid, w text, u text)
ON CONFLICT (restaurant_id, wa_id) DO UPDATE SET updated_at = now()
RETURNING id, restaurant_id, wa_id
"""
_ECHO_MESSAGES = """
WITH ins AS (
    INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, payload,
                          wa_message_id, status, media_id, media_mime, occurred_at, sent_at)
    SELECT r, c, 'outbound', 'staff', t, b, p, w, 'sent', m, mm, o, o
    FROM json_to_recordset(%s::json)
         AS v(r uuid, c uuid, t text, b text, p jsonb, w text, m text, mm text, o timestamptz)
    ON CONFLICT (wa_message_id) WHERE wa_message_id IS NOT NULL DO NOTHING
    RETURNING conversation_id, occurred_at, body, type
)
UPDATE conversations c SET handled_by = 'staff',
       app_reply_at = GREATEST(c.app_reply_at, v.at), last_message_at = now(), updated_at = now(),
       last_message_preview = left(COALESCE(v.body, '[' || v.type || ']'), 120)
FROM (SELECT DISTINCT ON (conversation_id) conversation_id, occurred_at AS at, body, type
      FROM ins ORDER BY conversation_id, occurred_at DESC) v
WHERE c.id = v.conversation_id
"""


def store_echoes(
    pg: psycopg.Connection, echoes: list[InboundMessage], restaurants: dict[str, uuid.UUID], now: datetime
) -> int:
    """Replies sent from the restaurant's phone: staff messages in the customer's thread; the
    assistant pauses there (handled_by staff, `app_reply_at`) until handed back or idle."""

    echoes = [e for e in echoes if e.phone_number_id in restaurants]
    if not echoes:
        return 0
    resolve_identities(pg, echoes, restaurants)
    people = sorted({(str(restaurants[e.phone_number_id]), e.from_wa_id, e.from_user_id) for e in echoes})
    found = pg.execute(
        _ECHO_CUSTOMERS,
        [_rows([{"r": r, "w": w, "u": u} for r, w, u in {(r, w): (r, w, u) for r, w, u in people}.values()])],
    ).fetchall()
    conversation_of: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
    settle_racing(pg, {cid: (r, w) for cid, r, w in found}, conversation_of)
    rows = [
        {
            "r": str(restaurants[e.phone_number_id]),
            "c": str(conversation_of[(restaurants[e.phone_number_id], e.from_wa_id)]),
            "t": e.type,
            "b": text_of(e) or None,
            "w": e.wamid,
            "m": e.media_id,
            "mm": e.mime_type,
            "p": RawJson(e.model_dump_json(exclude_none=True, exclude={"phone_number_id"})),
            "o": (e.timestamp or now).isoformat(),
        }
        for e in echoes
    ]
    pg.execute(_ECHO_MESSAGES, [_rows(rows)])
    return len(rows)


# ---------------------------------------------------------------- other fields

_NOTIFY_OWNERS = """
INSERT INTO notifications (restaurant_id, user_id, kind, title, body, link)
SELECT %(r)s, u.id, 'account_alert', %(title)s, %(body)s, '/settings'
FROM users u WHERE u.restaurant_id = %(r)s AND u.role = 'owner' AND u.is_active
"""


def store_channel_events(
    pg: psycopg.Connection,
    events: list[ChannelEvent],
    waba_restaurants: dict[str, uuid.UUID],
    restaurants: dict[str, uuid.UUID],
) -> tuple[int, int]:
    """Store each event raw for its restaurant (by business number, else by WhatsApp Business
    Account id) and apply what it means. Returns how many were stored, and how many outgoing
    webhook deliveries that wrote."""
    stored = hooks = 0
    for event in events:
        r = restaurants.get(event.phone_number_id or "") or waba_restaurants.get(event.waba_id or "")
        if r is None:
            log.warning(
                "a %s change for no restaurant we serve (number %s, account %s): acknowledged, not stored",
                event.field,
                event.phone_number_id,
                event.waba_id,
            )
            continue
        pg.execute(
            "INSERT INTO channel_events (restaurant_id, field, reason, payload) VALUES (%s, %s, %s, %s::jsonb)",
            [r, event.field, event.reason, _rows(event.value if event.value is not None else {})],
        )
        stored += 1
        value = event.value if isinstance(event.value, dict) else {}
        try:
            hooks += _apply_event(pg, r, event.field, value)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:  # odd values: stored, not applied
            log.warning("a %s change could not be applied (%s); it is stored", event.field, exc)
    return stored, hooks


# Meta's marketing opt-out (`user_preferences`): the customers' flag and, for each customer it
# turns from "in" to "out", a `customer:opted_out` webhook event in the same statement (the shape
# of services/api/webhook_events.customer_data). Returns one row per customer with the deliveries written.
_OPT_OUT = f"""
WITH before AS (
    SELECT id, opted_out FROM customers
    WHERE restaurant_id = %(r)s AND (wa_id = ANY(%(ids)s) OR user_id = ANY(%(ids)s)) FOR UPDATE
), upd AS (
    UPDATE customers c SET opted_out = %(stop)s, opted_out_at = CASE WHEN %(stop)s THEN now() END, updated_at = now()
    FROM before b WHERE c.id = b.id
    RETURNING c.*, b.opted_out AS was
), src AS (
    SELECT restaurant_id, NULL::text AS ordering_key, id::text || ':' || opted_out_at::text AS event_key,
           jsonb_build_object('customer', jsonb_build_object('id', id, 'whatsappNumber', wa_id, 'name', name,
               'languagePreference', language_preference, 'tags', to_jsonb(tags), 'lifetimeValue', lifetime_value,
               'lastInteraction', CASE WHEN last_interaction IS NOT NULL THEN {sql_ts("last_interaction")} END,
               'optedOut', opted_out),
               'optedOutAt', {sql_ts("opted_out_at")}) AS payload_data,
           0 AS sort_key
    FROM upd WHERE opted_out AND NOT was
), hooks AS ({deliveries_from("src", "customer:opted_out")} RETURNING 1)
SELECT count(*) FROM hooks
"""


def _apply_event(pg: psycopg.Connection, r: uuid.UUID, field: str, value: dict[str, Any]) -> int:
    """Apply one account-level change; returns how many webhook deliveries it wrote."""
    hooks = 0
    if field == "user_preferences":
        for pref in value.get("user_preferences") or []:
            if (
                not isinstance(pref, dict)
                or pref.get("category", "marketing_messages") != "marketing_messages"
            ):
                continue
            stop = str(pref.get("value", "")).lower() == "stop"
            ids = [x for x in (pref.get("wa_id"), pref.get("user_id")) if isinstance(x, str) and x]
            cur = pg.execute(_OPT_OUT, {"stop": stop, "r": r, "ids": ids})
            hooks += sum(n for (n,) in cur.fetchall())
    elif field == "user_id_update":
        for update in value.get("user_id_update") or []:
            moved = update.get("user_id") if isinstance(update, dict) else None
            if (
                isinstance(moved, dict)
                and isinstance(moved.get("previous"), str)
                and isinstance(moved.get("current"), str)
            ):
                _move_user_id(pg, r, moved["previous"], moved["current"])
    elif field == "message_template_status_update":
        name, event = value.get("message_template_name"), value.get("event")
        if isinstance(name, str) and isinstance(event, str):
            language = value.get("message_template_language")
            language = language if isinstance(language, str) else None
            reason = str(value.get("reason") or "").strip().lower()
            other = value.get("other_info")
            info: dict[str, Any] = other if isinstance(other, dict) else {}
            note = " — ".join(str(info[k]).strip() for k in ("title", "description") if info.get(k))
            pg.execute(
                "UPDATE message_templates SET status = COALESCE(%(status)s, status), status_reason = %(reason)s, "
                "status_note = %(note)s, status_at = now() WHERE restaurant_id = %(r)s AND name = %(name)s "
                "AND (%(lang)s::text IS NULL OR language = %(lang)s OR replace(language, '-', '_') = %(lang)s)",
                {
                    "status": template_status_of(event),
                    "reason": None if reason in ("", "none") else reason[:100],
                    "note": note[:500] or None,
                    "r": r,
                    "name": name,
                    "lang": language,
                },
            )
    elif field in ("account_alerts", "phone_number_quality_update"):
        if field == "account_alerts":
            body = str(value.get("alert_description") or value.get("alert_type") or "")
        else:
            body = " ".join(
                str(value[k]) for k in ("display_phone_number", "event", "current_limit") if value.get(k)
            )
        pg.execute(_NOTIFY_OWNERS, {"r": r, "title": "تنبيه من واتساب عن حساب المطعم", "body": body[:500]})
    return hooks
