"""Send one outbox row: the rules (opt-out, 24-hour window), the rate cap, the post, the bookkeeping.

Never twice, never lost:
- The row is claimed (`sending`, `sending_started_at`) and committed BEFORE the post, and the post
  carries `biz_opaque_callback_data = "outbox:<id>"`, which Meta echoes in its status webhooks.
- A row found still `sending` (the worker died between the post and storing the wamid, or the
  post timed out) is not posted again at once: after `RECONCILE_GRACE` it is sent again only if
  no status webhook has claimed it (the ingestion links such statuses to the row).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine
from sqlmodel import Session, select

from crm_res.integrations.whatsapp import (
    InvalidMessage,
    PermanentSendError,
    RetryableSendError,
    SandboxClient,
    WhatsAppClient,
    backoff_seconds,
    build_template_payload,
)
from crm_res.models import (
    Customer,
    Message,
    MessageStatus,
    MessageTemplate,
    OutboxMessage,
    OutboxStatus,
    Restaurant,
)
from crm_res.services.feedback_requests import on_send_result
from crm_res.services.holding import recheck_hold
from crm_res.services.ingest import apply_status_events
from crm_res.settings import get_settings

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
RECONCILE_GRACE = timedelta(seconds=90)
MAX_ATTEMPTS = 8
FREE_FORM_KINDS = {"text", "interactive", "image", "document", "reaction"}


@dataclass
class SendOutcome:
    status: str  # sent | failed | cancelled | retry | reconcile | skipped
    retry_in: float | None = None
    reason: str | None = None
    wamid: str | None = None


# --------------------------------------------------------------------------- clients and the cap


@lru_cache(maxsize=64)
def _client(token: str | None, base_url: str) -> WhatsAppClient | SandboxClient:
    if not token:
        return SandboxClient()
    return WhatsAppClient(base_url, token, timeout=15.0)


# Meta counts a number's messages per second as they ARRIVE; what leaves here within one second
# arrives spread over a little more (scheduling, the network). So a send holds its slot for a
# second plus this guard: then no second of arrivals can hold more than the cap, as long as
# arrival delays vary by less than the guard. (bench/outbound_rate.py measures it: with a plain
# 1-second window 81-83 of 80 arrived within one second.)
SEND_WINDOW = 1.0
SEND_WINDOW_GUARD = 0.1

# A moving window per number, in Redis so every worker shares it: a list of the last `cap` slot
# times (Redis' own clock, so workers on other hosts agree). Answers 0 when a slot was taken,
# else how many ms until the oldest slot frees up. (`limits` was used before; its Redis scripts
# only know whole seconds, which cannot express the guard.)
_TAKE_SLOT = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local cap = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local oldest = redis.call('LINDEX', KEYS[1], cap - 1)
if oldest and tonumber(oldest) > now - window then
    return tonumber(oldest) + window - now
end
redis.call('LPUSH', KEYS[1], now)
redis.call('LTRIM', KEYS[1], 0, cap - 1)
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


@lru_cache
def _limiter() -> Any:
    """The slot-taking script, registered once per process on the shared Redis client."""
    from crm_res.db import get_redis

    return get_redis().register_script(_TAKE_SLOT)


def wait_for_send_slot(phone_number_id: str, per_second: int, max_wait: float = 30.0) -> bool:
    """Block until this number may send one more message under its per-second cap (all workers)."""
    take = _limiter()
    window_ms = int((SEND_WINDOW + SEND_WINDOW_GUARD) * 1000)
    deadline = time.monotonic() + max_wait
    while True:
        wait_ms = int(take(keys=[f"crm_res:wa-send:{phone_number_id}"], args=[max(per_second, 1), window_ms]))
        if wait_ms <= 0:
            return True
        if time.monotonic() + wait_ms / 1000 > deadline:
            return False
        # Sleep until the oldest slot frees; several workers waking together race for it, and the
        # losers are told how long to wait again.
        time.sleep(wait_ms / 1000)


# --------------------------------------------------------------------------- the send


def _mark_message(session: Session, row: OutboxMessage, status: MessageStatus, **fields: Any) -> None:
    if row.message_id is None:
        return
    message = session.get(Message, row.message_id)
    if message is None:
        return
    message.status = status
    for key, value in fields.items():
        setattr(message, key, value)
    session.add(message)


def _fail(session: Session, row: OutboxMessage, reason: str, code: int | None = None) -> SendOutcome:
    row.status = OutboxStatus.failed
    row.last_error = reason
    row.sending_started_at = None
    session.add(row)
    _mark_message(session, row, MessageStatus.failed, error_code=code, error_title=reason[:300])
    on_send_result(session=session, row=row, sent=False)  # a feedback request no longer awaits an answer
    return SendOutcome("failed", reason=reason)


def _template_for(session: Session, row: OutboxMessage, customer: Customer) -> dict[str, Any] | None:
    """The restaurant's approved template for this purpose, in the customer's language if it has one."""
    templates = session.exec(
        select(MessageTemplate).where(
            MessageTemplate.restaurant_id == row.restaurant_id,
            MessageTemplate.purpose == row.purpose,
            MessageTemplate.status == "approved",
        )
    ).all()
    if not templates:
        return None
    wanted = "en" if customer.language_preference.value == "en" else "ar"
    template = next((t for t in templates if t.language.startswith(wanted)), templates[0])
    values = dict(row.payload.get("template_params") or {})
    values.setdefault("customer_name", customer.name or "")
    params = [str(values.get(name, "")) or "-" for name in template.parameters]
    return build_template_payload(row.to_wa_id, template.name, template.language, body_params=params)


def _claim(session: Session, outbox_id: int, now: datetime) -> tuple[OutboxMessage | None, SendOutcome | None]:
    """Lock the row and decide: send now, reconcile later, or nothing to do."""
    # One round trip for the row (locked) and, into the session's identity map, its customer and
    # restaurant: the `session.get`s below and in `send_outbox` then need no query of their own.
    found = session.exec(
        select(OutboxMessage, Customer, Restaurant)
        .join(Restaurant, Restaurant.id == OutboxMessage.restaurant_id)  # type: ignore[arg-type]
        .outerjoin(Customer, Customer.id == OutboxMessage.customer_id)  # type: ignore[arg-type]
        .where(OutboxMessage.id == outbox_id)
        .with_for_update(skip_locked=True, of=OutboxMessage)  # type: ignore[arg-type]
    ).first()
    row = found[0] if found else None
    if row is None:
        return None, SendOutcome("skipped", reason="row locked by another worker or missing")
    if row.status in (OutboxStatus.sent, OutboxStatus.failed, OutboxStatus.cancelled):
        return None, SendOutcome("skipped", reason=f"already {row.status.value}")
    if row.not_before > now + timedelta(seconds=1):
        return None, SendOutcome("retry", retry_in=(row.not_before - now).total_seconds(), reason="not yet due")
    if row.status == OutboxStatus.sending and row.sending_started_at is not None:
        waited = now - row.sending_started_at
        if waited < RECONCILE_GRACE:
            return None, SendOutcome("reconcile", retry_in=(RECONCILE_GRACE - waited).total_seconds())
        log.warning("outbox %s: no status seen since an interrupted send; sending again", row.id)
    customer = session.get(Customer, row.customer_id) if row.customer_id else None
    if customer is None:
        return None, _fail(session, row, "the customer no longer exists")
    if row.business_initiated and customer.opted_out:
        row.status = OutboxStatus.cancelled
        row.last_error = "customer opted out"
        session.add(row)
        _mark_message(session, row, MessageStatus.failed, error_title="customer opted out")
        on_send_result(session=session, row=row, sent=False)
        return None, SendOutcome("cancelled", reason="customer opted out")
    # Prayer times may have moved a business-initiated row into a window since it was queued.
    if (held := recheck_hold(session=session, row=row, now=now)) is not None:
        return None, SendOutcome("retry", retry_in=held.retry_in, reason=held.reason)
    in_window = customer.last_inbound_at is not None and now - customer.last_inbound_at < WINDOW
    if row.kind in FREE_FORM_KINDS and not in_window:
        template = _template_for(session, row, customer)
        if template is None:
            return None, _fail(
                session, row,
                f"outside the 24-hour window and no approved template for '{row.purpose}'",
                code=131047,
            )  # fmt: skip
        row.kind = "template"
        row.payload = {**row.payload, "message": template}
    row.status = OutboxStatus.sending
    row.sending_started_at = now
    row.attempts += 1
    session.add(row)
    return row, None


def send_outbox(*, engine: Engine, outbox_id: int, now: datetime | None = None) -> SendOutcome:
    """Send one outbox row; returns what happened and, for retries, when to try again."""
    with engine.connect() as conn:  # one connection for the claim and the record
        return _send(conn, engine, outbox_id, now or datetime.now(UTC))


def _send(conn: Connection, engine: Engine, outbox_id: int, now: datetime) -> SendOutcome:
    settings = get_settings()
    with Session(bind=conn, expire_on_commit=False) as session:
        row, outcome = _claim(session, outbox_id, now)
        if row is not None:
            restaurant = session.get(Restaurant, row.restaurant_id)  # loaded with the claim
        session.commit()
        if row is None:
            return outcome or SendOutcome("skipped")
        assert restaurant is not None
        payload = dict(row.payload.get("message") or row.payload)
        payload.pop("template_params", None)
        payload["biz_opaque_callback_data"] = f"outbox:{row.id}"
        phone_number_id = restaurant.whatsapp_phone_number_id
        token = restaurant.whatsapp_access_token or settings.whatsapp_access_token
        client = _client(token, settings.whatsapp_graph_url)
        per_second = int(restaurant.settings.get("rate_per_second") or settings.whatsapp_rate_per_second)

    if not wait_for_send_slot(phone_number_id, per_second):
        return _release(engine, outbox_id, retry_in=1.0, reason="throughput cap")
    try:
        wamid = client.send(payload, phone_number_id=phone_number_id)
    except InvalidMessage as exc:
        with Session(engine) as session:
            row = session.get(OutboxMessage, outbox_id)
            assert row is not None
            outcome = _fail(session, row, f"invalid message: {exc}")
            session.commit()
            return outcome
    except PermanentSendError as exc:
        with Session(engine) as session:
            row = session.get(OutboxMessage, outbox_id)
            assert row is not None
            outcome = _fail(session, row, f"{exc.title or 'refused'}: {exc}"[:500], code=exc.code)
            session.commit()
            return outcome
    except RetryableSendError as exc:
        if exc.maybe_sent:
            # Meta may have the message: leave the row "sending"; statuses or the grace decide.
            return SendOutcome("reconcile", retry_in=RECONCILE_GRACE.total_seconds(), reason=str(exc))
        with Session(engine) as session:
            row = session.get(OutboxMessage, outbox_id)
            assert row is not None
            if row.attempts >= MAX_ATTEMPTS:
                outcome = _fail(session, row, f"gave up after {row.attempts} attempts: {exc}"[:500], code=exc.code)
                session.commit()
                return outcome
        return _release(engine, outbox_id, retry_in=backoff_seconds(row.attempts, exc.retry_after_seconds),
                        reason=str(exc)[:500])  # fmt: skip
    outcome = _record_sent(conn, outbox_id, wamid, sandbox=isinstance(client, SandboxClient))
    if row.purpose == "feedback_request":  # only now does the conversation await the customer's answer
        with Session(bind=conn) as session:
            on_send_result(session=session, row=row, sent=True)
            session.commit()
    return outcome


def _release(engine: Engine, outbox_id: int, *, retry_in: float, reason: str) -> SendOutcome:
    with Session(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        assert row is not None
        row.status = OutboxStatus.pending
        row.sending_started_at = None
        row.last_error = reason
        session.add(row)
        session.commit()
    return SendOutcome("retry", retry_in=retry_in, reason=reason)


# The row and its message marked sent, and open dashboards told, in one statement.
_MARK_SENT = """
WITH o AS (
    UPDATE outbox SET status = 'sent', wa_message_id = %(w)s, sent_at = %(now)s, sending_started_at = NULL,
                      last_error = NULL
    WHERE id = %(id)s RETURNING message_id, restaurant_id
), m AS (
    UPDATE messages SET wa_message_id = %(w)s, status = %(s)s, sent_at = %(now)s
    WHERE id = (SELECT message_id FROM o)
)
SELECT pg_notify('crm_res_changes', restaurant_id::text || ':sent') FROM o
"""


def _record_sent(conn: Connection, outbox_id: int, wamid: str, *, sandbox: bool) -> SendOutcome:
    """One pipelined round trip (and the COMMIT) on the connection that claimed the row."""
    now = datetime.now(UTC)
    with conn.begin():
        pg = conn.connection.driver_connection
        with pg.pipeline():  # type: ignore[union-attr]
            pg.execute(_MARK_SENT, {"w": wamid, "s": "sandbox" if sandbox else "sent", "now": now, "id": outbox_id})  # type: ignore[union-attr]
            # Statuses that raced ahead of this commit are applied now.
            apply_status_events(conn, [wamid])
    return SendOutcome("sent", wamid=wamid)
