"""Send one outbox row: the rules (opt-out, 24-hour window), the rate cap, the post, the bookkeeping.

Never twice, never lost:
- The row is claimed (`sending`, `sending_started_at`) and committed BEFORE the post, and the post
  carries `biz_opaque_callback_data = "outbox:<id>"`, which Meta echoes in its status webhooks.
- A post that never reached Meta (connection refused, connect timeout, TLS failure: the client's
  `maybe_sent` is false) is simply retried after a short backoff (about a second the first time).
- A row found still `sending` has a post whose outcome is unknown (the worker died between the
  post and storing the wamid, or the connection dropped or timed out after the request went out).
  It is not posted again at once: it waits a grace for a status webhook carrying its callback data
  (the ingestion then links the wamid and marks it sent); only if none came is it sent again,
  which is logged and recorded as an `outbox.resent_unconfirmed` event. The grace is
  `WHATSAPP_UNKNOWN_SEND_GRACE_SECONDS` (default 20 s) for replies, so a customer hears back
  within a minute, and `WHATSAPP_UNKNOWN_SEND_GRACE_BULK_SECONDS` (default 10 min) for
  business-initiated messages, where a duplicate is worse than a late one.
- A retry's time is kept in `outbox.not_before` (the sweeper never picks a row up before it); a
  wait for the per-number throughput cap that finds no slot is not counted as an attempt (a crash
  during that wait leaves the row `sending`: it then waits the grace, as nothing tells us better).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Connection, Engine
from sqlmodel import Session, select

from crm_res.integrations.whatsapp import (
    SERVICE_WINDOW,
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
    Event,
    Message,
    MessageStatus,
    MessageTemplate,
    OutboxMessage,
    OutboxStatus,
    Restaurant,
)
from crm_res.services.channel.holding import RELEASE_SHARE, recheck_hold
from crm_res.services.channel.ingest import apply_status_events
from crm_res.services.channel.send_results import announce
from crm_res.services.notifications import LIVE_CHANNEL
from crm_res.services.options import options_of
from crm_res.settings import get_settings

log = logging.getLogger(__name__)

WINDOW = SERVICE_WINDOW
MAX_ATTEMPTS = 8
FREE_FORM_KINDS = {"text", "interactive", "image", "document", "reaction"}


@dataclass
class SendOutcome:
    status: str  # sent | failed | cancelled | retry | reconcile | skipped | deferred (send_many)
    retry_in: float | None = None
    reason: str | None = None
    wamid: str | None = None


# --------------------------------------------------------------------------- clients and the cap


@lru_cache(maxsize=64)
def _client(token: str | None, base_url: str) -> WhatsAppClient | SandboxClient:
    if not token:
        return SandboxClient()
    return WhatsAppClient(base_url, token, timeout=15.0)


def unknown_send_grace(business_initiated: bool = False) -> timedelta:
    """How long a post with an unknown outcome waits for a status webhook before it is resent."""
    settings = get_settings()
    if business_initiated:
        return timedelta(seconds=settings.whatsapp_unknown_send_grace_bulk_seconds)
    return timedelta(seconds=settings.whatsapp_unknown_send_grace_seconds)


# Meta counts a number's messages per second as they ARRIVE; what leaves here within one second
# arrives spread over a little more (scheduling, the network), so slots are handed out a little
# under the cap: then no second of arrivals holds more than the cap (bench/outbound_rate.py
# measures it; with slots at the full cap 81-83 of 80 arrived within one second).
CAP_HEADROOM = 0.9


def limits_storage_uri(url: str) -> str:
    """The app's Redis URL as a `limits` storage URI (a unix socket is `redis+unix://`)."""
    return "redis+" + url if url.startswith("unix://") else url


@lru_cache
def _limiter() -> MovingWindowRateLimiter:
    """A moving window per number, in the app's Redis, so every worker shares it (`limits`)."""
    from crm_res.db import redis_url

    storage = RedisStorage(limits_storage_uri(redis_url()), socket_timeout=5, socket_connect_timeout=2)
    return MovingWindowRateLimiter(storage)


@lru_cache(maxsize=256)
def _send_rate(per_second: int) -> RateLimitItem:
    return RateLimitItemPerSecond(max(1, int(per_second * CAP_HEADROOM)), 1)


def wait_for_send_slot(
    phone_number_id: str, per_second: int, max_wait: float = 10.0, *, bulk: bool = False
) -> bool:
    """Block until this number may send one more message under its per-second cap (all workers).

    `bulk` (business-initiated: campaigns, held backlogs): first a slot of the number's bulk
    window, RELEASE_SHARE of the cap, so replies to customers always keep the rest of it."""
    limiter, rate = _limiter(), _send_rate(max(per_second, 1))
    deadline = time.monotonic() + max_wait
    if bulk and not _wait_hit(limiter, _send_rate(max(int(per_second * RELEASE_SHARE), 1)), "wa-bulk",
                              phone_number_id, deadline):  # fmt: skip
        return False
    return _wait_hit(limiter, rate, "wa-send", phone_number_id, deadline)


def _wait_hit(
    limiter: MovingWindowRateLimiter, rate: RateLimitItem, name: str, phone_number_id: str, deadline: float
) -> bool:
    while True:
        if limiter.hit(rate, name, phone_number_id):
            return True
        # The oldest slot of the window frees at `reset`; several workers waking together race for
        # it, and the losers are told how long to wait again.
        reset, _remaining = limiter.get_window_stats(rate, name, phone_number_id)
        wait = min(max(reset - time.time(), 0.001), 1.0)
        if time.monotonic() + wait > deadline:
            return False
        time.sleep(wait)


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
    announce(session=session, row=row, sent=False)  # a feedback request no longer awaits an answer
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


def _claim(
    session: Session, outbox_id: int, now: datetime
) -> tuple[OutboxMessage | None, Restaurant | None, Customer | None, SendOutcome | None]:
    """Lock the row and decide: send now, reconcile later, or nothing to do (with the row's
    restaurant and customer when it is to be sent)."""
    # One round trip for the row (locked), its customer and restaurant; they are returned, not
    # looked up again (the identity map holds them only weakly: a later `get` may query again).
    found = session.exec(
        select(OutboxMessage, Customer, Restaurant)
        .join(Restaurant, Restaurant.id == OutboxMessage.restaurant_id)  # type: ignore[arg-type]
        .outerjoin(Customer, Customer.id == OutboxMessage.customer_id)  # type: ignore[arg-type]
        .where(OutboxMessage.id == outbox_id)
        .with_for_update(skip_locked=True, of=OutboxMessage)  # type: ignore[arg-type]
    ).first()
    row, customer, restaurant = found if found else (None, None, None)
    if row is None:
        return None, None, None, SendOutcome("skipped", reason="row locked by another worker or missing")
    if row.status in (OutboxStatus.sent, OutboxStatus.failed, OutboxStatus.cancelled):
        return None, None, None, SendOutcome("skipped", reason=f"already {row.status.value}")
    if row.not_before > now + timedelta(seconds=1):
        return (
            None,
            None,
            None,
            SendOutcome("retry", retry_in=(row.not_before - now).total_seconds(), reason="not yet due"),
        )
    if row.status == OutboxStatus.sending and row.sending_started_at is not None:
        waited, grace = now - row.sending_started_at, unknown_send_grace(row.business_initiated)
        if waited < grace:
            return None, None, None, SendOutcome("reconcile", retry_in=(grace - waited).total_seconds() + 1.0,
                                     reason="waiting for a status of an unconfirmed send")  # fmt: skip
        log.warning("outbox %s: no status webhook in %.0f s since a send with an unknown outcome; "
                    "sending again", row.id, waited.total_seconds())  # fmt: skip
        session.add(Event(
            restaurant_id=row.restaurant_id, actor="system", kind="outbox.resent_unconfirmed",
            subject_type="outbox", subject_id=str(row.id),
            data={"posted_at": row.sending_started_at.isoformat(), "waited_seconds": round(waited.total_seconds()),
                  "attempts": row.attempts, "last_error": row.last_error},
        ))  # fmt: skip
    if customer is None:
        return None, None, None, _fail(session, row, "the customer no longer exists")
    if row.business_initiated and customer.opted_out:
        row.status = OutboxStatus.cancelled
        row.last_error = "customer opted out"
        session.add(row)
        _mark_message(session, row, MessageStatus.failed, error_title="customer opted out")
        announce(session=session, row=row, sent=False)
        return None, None, None, SendOutcome("cancelled", reason="customer opted out")
    # Prayer times may have moved a business-initiated row into a window since it was queued.
    if (held := recheck_hold(session=session, row=row, now=now)) is not None:
        return None, None, None, SendOutcome("retry", retry_in=held.retry_in, reason=held.reason)
    in_window = customer.last_inbound_at is not None and now - customer.last_inbound_at < WINDOW
    if row.kind in FREE_FORM_KINDS and not in_window:
        template = _template_for(session, row, customer)
        if template is None:
            return None, None, None, _fail(
                session, row,
                f"outside the 24-hour window and no approved template for '{row.purpose}'",
                code=131047,
            )  # fmt: skip
        row.kind = "template"
        row.payload = {**row.payload, "message": template}
    return row, restaurant, customer, None


def _mark_sending(session: Session, row: OutboxMessage, now: datetime) -> None:
    """From here until the wamid is stored, the post's outcome is unknown."""
    row.status = OutboxStatus.sending
    row.sending_started_at = now
    row.attempts += 1
    session.add(row)


def send_outbox(
    *, engine: Engine, outbox_id: int, now: datetime | None = None, conn: Connection | None = None
) -> SendOutcome:
    """Send one outbox row; returns what happened and, for retries, when to try again.

    `conn`: a connection the caller already holds, with no transaction open (the inbound job
    passes the one it processed the message on: no second checkout and ping)."""
    if conn is not None:
        return _send(conn, engine, outbox_id, now or datetime.now(UTC))
    with engine.connect() as own:  # one connection for the claim and the record
        return _send(own, engine, outbox_id, now or datetime.now(UTC))


@dataclass
class _Claimed:
    """What the post needs from a claimed row (committed as `sending`)."""

    payload: dict[str, Any]
    purpose: str
    phone_number_id: str
    token_override: str | None
    restaurant_settings: dict[str, Any]
    test_customer: bool  # the simulator's: never posted to the real Cloud API
    row: OutboxMessage | None = None  # the ORM row when `_claim` claimed it
    business_initiated: bool = False  # never for a row `_FAST_CLAIM` took

    def grace(self) -> timedelta:
        return unknown_send_grace(self.business_initiated)


# The common case of a claim in ONE round trip (the UPDATE and its COMMIT pipelined): a pending,
# due reply (not business-initiated, not a feedback request) of an existing customer who is in the
# 24-hour window, or a non-free-form kind. `_claim` would decide nothing else for such a row (the
# opt-out and prayer re-checks apply to business-initiated rows only; the template swap to rows
# outside the window), so it is marked `sending` directly. Every other row (locked by another
# worker, not due, already sending/sent/failed, business-initiated, outside the window, without a
# customer) matches nothing here and takes `_claim`'s full path, as before.
_FAST_CLAIM = """
WITH locked AS (SELECT id FROM outbox WHERE id = ANY(%(ids)s) FOR UPDATE SKIP LOCKED)
UPDATE outbox o SET status = 'sending', sending_started_at = %(now)s, attempts = o.attempts + 1
FROM locked l, customers c, restaurants r
WHERE l.id = o.id
  -- status as text: never the (status, not_before) index for a few rows, whatever the statistics say
  AND o.status::text = 'pending' AND o.not_before <= %(due)s
  AND NOT o.business_initiated AND o.purpose <> 'feedback_request'
  AND c.id = o.customer_id AND r.id = o.restaurant_id
  AND (o.kind <> ALL(%(free)s) OR c.last_inbound_at > %(window_start)s)
RETURNING o.id, o.payload, o.purpose, r.whatsapp_phone_number_id, r.whatsapp_access_token, r.settings, c.is_test
"""
_FREE_FORM = sorted(FREE_FORM_KINDS)


def _fast_claim(conn: Connection, outbox_ids: list[int], now: datetime) -> dict[int, _Claimed]:
    """Claim the common-case rows among `outbox_ids` in one round trip (the UPDATE and its COMMIT
    pipelined); the others are left as they were, for `_claim`."""
    params = {"ids": outbox_ids, "now": now, "due": now + timedelta(seconds=1), "free": _FREE_FORM,
              "window_start": now - WINDOW}  # fmt: skip
    with conn.begin():
        pg = conn.connection.driver_connection
        with pg.pipeline():  # type: ignore[union-attr]
            cur = pg.execute(_FAST_CLAIM, params)  # type: ignore[union-attr]
            pg.commit()  # type: ignore[union-attr]  # in the same round trip; SQLAlchemy's commit is then a no-op
        found = cur.fetchall()
    return {
        outbox_id: _Claimed(payload, purpose, phone_number_id, token, settings or {}, bool(is_test))
        for outbox_id, payload, purpose, phone_number_id, token, settings, is_test in found
    }


@dataclass
class _Posted:
    """Meta accepted the post; the wamid is not stored yet."""

    outbox_id: int
    wamid: str
    sandbox: bool
    claimed: _Claimed


def send_many(
    *, engine: Engine, conn: Connection, sequences: list[list[int]], now: datetime | None = None
) -> dict[int, SendOutcome]:
    """Send due rows of several independent sequences (each the replies to one inbound message),
    every sequence in its order: the common-case claims in one round trip, the posts one by one,
    the wamids stored in one round trip. After a row that was not sent, the rest of its sequence
    is not posted: released (no attempt counted; due when a retried row is) with the outcome
    "deferred", for the caller to queue.

    `conn`: a connection with no transaction open. The claimed rows are `sending` (committed)
    before the first post, so a crash midway leaves them to the unknown-outcome grace, as for one row."""
    now = now or datetime.now(UTC)
    claimed = _fast_claim(conn, [i for seq in sequences for i in seq], now)
    outcomes: dict[int, SendOutcome] = {}
    posted: list[_Posted] = []
    try:
        for seq in sequences:
            for index, outbox_id in enumerate(seq):
                if outbox_id in claimed:
                    result = _post(engine, outbox_id, claimed.pop(outbox_id))
                    if isinstance(result, _Posted):
                        posted.append(result)
                        continue
                else:
                    result = _send(conn, engine, outbox_id, now, try_fast_claim=False)
                outcomes[outbox_id] = result
                if result.status not in ("sent", "skipped"):
                    # The rest wait as long as a retried reply does, so they still arrive after it;
                    # behind one whose outcome is unknown, a second longer than its grace (it is
                    # either confirmed or sent again first).
                    delay = (result.retry_in or 0.0) if result.status in ("retry", "reconcile") else 0.0
                    if result.status == "reconcile":
                        delay += 1.0
                    for later in seq[index + 1 :]:
                        if claimed.pop(later, None) is not None:
                            _release(
                                engine,
                                later,
                                retry_in=delay,
                                reason="after an earlier reply",
                                attempted=False,
                            )
                        outcomes[later] = SendOutcome("deferred", retry_in=delay)
                    break
    finally:
        if posted:  # also when a later post raised: what Meta accepted is stored
            outcomes.update(_record_sent(conn, posted))
    return outcomes


def _send(
    conn: Connection, engine: Engine, outbox_id: int, now: datetime, *, try_fast_claim: bool = True
) -> SendOutcome:
    """Claim, post and record one row. `try_fast_claim=False`: the common-case claim was already
    tried for it (by `send_many`) and found nothing."""
    claimed = _fast_claim(conn, [outbox_id], now).get(outbox_id) if try_fast_claim else None
    if claimed is None:
        with Session(bind=conn, expire_on_commit=False) as session:
            row, restaurant, customer, outcome = _claim(session, outbox_id, now)
            if row is None:
                session.commit()
                return outcome or SendOutcome("skipped")
            assert restaurant is not None
            claimed = _Claimed(
                row.payload, row.purpose, restaurant.whatsapp_phone_number_id, restaurant.whatsapp_access_token,
                restaurant.settings or {}, bool(customer and customer.is_test), row,
                row.business_initiated,
            )  # fmt: skip
            _mark_sending(session, row, now)
            session.commit()
    result = _post(engine, outbox_id, claimed)
    if not isinstance(result, _Posted):
        return result
    return _record_sent(conn, [result])[outbox_id]


def _post(engine: Engine, outbox_id: int, claimed: _Claimed) -> _Posted | SendOutcome:
    """Post a claimed row under the per-number cap; a refusal or a retry is settled here."""
    settings = get_settings()
    payload = dict(claimed.payload.get("message") or claimed.payload)
    payload.pop("template_params", None)
    payload["biz_opaque_callback_data"] = f"outbox:{outbox_id}"
    phone_number_id = claimed.phone_number_id
    token = claimed.token_override or settings.whatsapp_access_token
    if claimed.test_customer:  # the owner's simulator chat: never the real Cloud API
        token = None
    client = _client(token, settings.whatsapp_graph_url)
    per_second = options_of(claimed.restaurant_settings).rate_per_second or settings.whatsapp_rate_per_second

    # The slot is taken right before the post (after the commit, whose time varies most): the cap
    # is about when posts reach Meta. A wait that finds no slot is no attempt.
    if not isinstance(client, SandboxClient) and not wait_for_send_slot(
        phone_number_id, per_second, bulk=claimed.business_initiated
    ):
        return _release(engine, outbox_id, retry_in=1.0, reason="throughput cap", attempted=False)
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
            # Meta may have the message: leave the row "sending"; a status webhook or the grace decide.
            grace = claimed.grace().total_seconds()
            log.warning("outbox %s: send outcome unknown (%s); waiting up to %.0f s for a status webhook",
                        outbox_id, exc, grace)  # fmt: skip
            # A second past the grace: RQ's scheduler keeps whole seconds and may run a job early.
            return SendOutcome("reconcile", retry_in=grace + 1.0, reason=str(exc))
        with Session(engine) as session:
            row = session.get(OutboxMessage, outbox_id)
            assert row is not None
            if row.attempts >= MAX_ATTEMPTS:
                outcome = _fail(
                    session, row, f"gave up after {row.attempts} attempts: {exc}"[:500], code=exc.code
                )
                session.commit()
                return outcome
        return _release(engine, outbox_id, retry_in=backoff_seconds(row.attempts, exc.retry_after_seconds),
                        reason=str(exc)[:500])  # fmt: skip
    return _Posted(outbox_id, wamid, isinstance(client, SandboxClient), claimed)


def _release(
    engine: Engine, outbox_id: int, *, retry_in: float, reason: str, attempted: bool = True
) -> SendOutcome:
    """Back to pending until `retry_in` from now, kept in `not_before` (honoured by the sweeper)."""
    with Session(engine) as session:
        row = session.get(OutboxMessage, outbox_id)
        assert row is not None
        if not attempted:  # nothing was posted: the claim's count is taken back
            row.attempts = max(row.attempts - 1, 0)
        row.status = OutboxStatus.pending
        row.sending_started_at = None
        row.not_before = datetime.now(UTC) + timedelta(seconds=retry_in)
        row.last_error = reason
        session.add(row)
        session.commit()
    return SendOutcome("retry", retry_in=retry_in, reason=reason)


# The row and its message marked sent, and open dashboards told, in one statement.
_MARK_SENT = f"""
WITH o AS (
    UPDATE outbox SET status = 'sent', wa_message_id = %(w)s, sent_at = %(now)s, sending_started_at = NULL,
                      last_error = NULL
    WHERE id = %(id)s RETURNING message_id, restaurant_id
), m AS (
    UPDATE messages SET wa_message_id = %(w)s, status = %(s)s, sent_at = %(now)s
    WHERE id = (SELECT message_id FROM o)
)
SELECT pg_notify('{LIVE_CHANNEL}', restaurant_id::text || ':sent') FROM o
"""


def _record_sent(conn: Connection, posted: list[_Posted]) -> dict[int, SendOutcome]:
    """Store the wamids of posted rows: one pipelined round trip (and the COMMIT) on the connection
    that claimed them; then a sent feedback request makes its conversation await the answer."""
    now = datetime.now(UTC)
    with conn.begin():
        pg = conn.connection.driver_connection
        with pg.pipeline():  # type: ignore[union-attr]
            for p in posted:
                pg.execute(_MARK_SENT, {"w": p.wamid, "s": "sandbox" if p.sandbox else "sent", "now": now,
                                        "id": p.outbox_id})  # type: ignore[union-attr]  # fmt: skip
            # Statuses that raced ahead of this commit are applied now.
            apply_status_events(conn, [p.wamid for p in posted])
            pg.commit()  # type: ignore[union-attr]  # in the same round trip; SQLAlchemy's commit is then a no-op
    for p in posted:
        if (
            p.claimed.purpose == "feedback_request"
        ):  # only now does the conversation await the customer's answer
            assert p.claimed.row is not None  # never claimed by `_FAST_CLAIM`
            with Session(bind=conn) as session:
                announce(session=session, row=p.claimed.row, sent=True)
                session.commit()
    return {p.outbox_id: SendOutcome("sent", wamid=p.wamid) for p in posted}
