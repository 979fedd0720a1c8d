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

In order, per conversation: a row is claimed only when no earlier row (lower id) of its
conversation is still on its way out, so a reply waiting for a send slot, released to retry, or
held by a worker that died is never overtaken by the reply to the customer's next message taken
by another worker. "On its way out", and so holding the later rows, is bounded (`order_hold`):
- `pending` and due within the hold (before it, or not yet `order_hold` overdue); a row held for
  a long time (prayer, a long backoff) or whose job is lost for longer does not hold the others;
- `sending` for less than the hold (longer than a reply's unknown-outcome grace plus the sweeper's
  period and staleness, so a reply left by a dead worker is resent first);
- never `sent`, `failed` or `cancelled`.
Waiting is no attempt. The held row is retried shortly (`not_before` moved on) and holds the rows
behind it in turn. Holds point to lower ids only, so they never form a cycle; each ends within the
bound, so nothing starves. A claim checks this with one probe of a partial index of the unsent
rows (`ix_outbox_conversation_unsent`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Connection, DateTime, Engine, and_, case, func, literal, or_, text
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from crm_res import metrics
from crm_res.integrations.whatsapp import (
    SERVICE_WINDOW,
    InvalidMessage,
    PermanentSendError,
    RetryableSendError,
    SandboxClient,
    WhatsAppClient,
    backoff_seconds,
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
from crm_res.services.changes import event_entry
from crm_res.services.channel.ingest import apply_status_events
from crm_res.services.notifications import live_payload, publish_changes
from crm_res.services.options import options_of
from crm_res.services.outbox.outbox import template_payload
from crm_res.services.outbox.send_results import announce
from crm_res.services.timing.holding import RELEASE_SHARE, recheck_hold
from crm_res.settings import get_settings

log = logging.getLogger(__name__)

WINDOW = SERVICE_WINDOW
MAX_ATTEMPTS = 8
FREE_FORM_KINDS = {"text", "interactive", "image", "document", "reaction"}


LOCKED = "row locked by another worker or missing"


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


HELD_POLL = timedelta(seconds=1)  # a row held behind a `sending` one looks again after this


def order_hold() -> timedelta:
    """How long an earlier unsent row of a conversation may hold the later ones (module docstring)."""
    # The sweeper (jobs/sweep.py) runs every 30 s and queues a lost row 30 s stale: 70 s spares 10.
    return unknown_send_grace() + timedelta(seconds=70)


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
    window, RELEASE_SHARE of the cap, so replies to customers always keep the rest of it; and none
    at all while a reply of the number waits for a slot (`REPLY_WAITING`): a burst of replies gets
    the whole cap as the campaign's slots of the last second expire."""
    limiter, rate = _limiter(), _send_rate(max(per_second, 1))
    deadline = time.monotonic() + max_wait
    if bulk:
        if _reply_waiting(phone_number_id):
            return False
        if not _wait_hit(
            limiter, _send_rate(max(int(per_second * RELEASE_SHARE), 1)), "wa-bulk", phone_number_id, deadline
        ):
            return False
        return _wait_hit(limiter, rate, "wa-send", phone_number_id, deadline)
    if limiter.hit(rate, "wa-send", phone_number_id):
        return True
    _mark_reply_waiting(phone_number_id)
    return _wait_hit(limiter, rate, "wa-send", phone_number_id, deadline)


# Set (for a second, renewed by every reply that has to wait) while a reply of the number waits
# for a slot: business-initiated sends take none meanwhile.
REPLY_WAITING = "wa-reply-waiting:{}"
REPLY_WAITING_MS = 1000


def _mark_reply_waiting(phone_number_id: str) -> None:
    from crm_res.db import get_redis

    get_redis().set(REPLY_WAITING.format(phone_number_id), 1, px=REPLY_WAITING_MS)


def _reply_waiting(phone_number_id: str) -> bool:
    from crm_res.db import get_redis

    return bool(get_redis().exists(REPLY_WAITING.format(phone_number_id)))


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
    metrics.SENDS.labels("failed", str(code or "")).inc()
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
    params = {str(name): str(values.get(name, "")) or "-" for name in template.parameters}
    return template_payload(row.to_wa_id, template, params)


def _claim(
    session: Session, outbox_id: int, now: datetime
) -> tuple[OutboxMessage | None, Restaurant | None, Customer | None, SendOutcome | None]:
    """Lock the row and decide: send now, reconcile later, or nothing to do (with the row's
    restaurant and customer when it is to be sent)."""
    # One round trip for the row (locked), its customer and restaurant; they are returned, not
    # looked up again (the identity map holds them only weakly: a later `get` may query again).
    found = session.exec(
        select(OutboxMessage, Customer, Restaurant, _held_until(now))
        .join(Restaurant, col(Restaurant.id) == col(OutboxMessage.restaurant_id))
        .outerjoin(Customer, col(Customer.id) == col(OutboxMessage.customer_id))
        .where(OutboxMessage.id == outbox_id)
        .with_for_update(skip_locked=True, of=OutboxMessage)
    ).first()
    row, customer, restaurant, held_until = found if found else (None, None, None, None)
    if row is None:
        return None, None, None, SendOutcome("skipped", reason=LOCKED)
    if row.status in (OutboxStatus.sent, OutboxStatus.failed, OutboxStatus.cancelled):
        return None, None, None, SendOutcome("skipped", reason=f"already {row.status.value}")
    if row.not_before > now + timedelta(seconds=1):
        return (
            None,
            None,
            None,
            SendOutcome("retry", retry_in=(row.not_before - now).total_seconds(), reason="not yet due"),
        )
    unconfirmed = row.status == OutboxStatus.sending and row.sending_started_at is not None
    waited = now - (row.sending_started_at or now)
    if unconfirmed:
        grace = unknown_send_grace(row.business_initiated)
        if waited < grace:
            return (
                None,
                None,
                None,
                SendOutcome(
                    "reconcile",
                    retry_in=(grace - waited).total_seconds() + 1.0,
                    reason="waiting for a status of an unconfirmed send",
                ),
            )
    if held_until is not None:  # an earlier row of the conversation goes first (module docstring)
        retry_in = max((held_until - now).total_seconds() + 0.25, HELD_POLL.total_seconds())
        row.not_before = now + timedelta(seconds=retry_in)  # the rows behind it stay held, the sweeper waits
        session.add(row)
        return None, None, None, SendOutcome("retry", retry_in=retry_in, reason="after an earlier reply")
    if unconfirmed:
        log.warning(
            "outbox %s: no status webhook in %.0f s since a send with an unknown outcome; sending again",
            row.id,
            waited.total_seconds(),
        )
        session.add(
            event_entry(
                row.restaurant_id,
                "system",
                "outbox.resent_unconfirmed",
                ("outbox", row.id),
                posted_at=(row.sending_started_at or now).isoformat(),
                waited_seconds=round(waited.total_seconds()),
                attempts=row.attempts,
                last_error=row.last_error,
            )
        )
    if customer is None:
        return None, None, None, _fail(session, row, "the customer no longer exists")
    if row.business_initiated and customer.opted_out:
        row.status = OutboxStatus.cancelled
        row.last_error = "customer opted out"
        session.add(row)
        _mark_message(session, row, MessageStatus.failed, error_title="customer opted out")
        announce(session=session, row=row, sent=False)
        metrics.SENDS.labels("cancelled", "").inc()
        return None, None, None, SendOutcome("cancelled", reason="customer opted out")
    # Prayer times may have moved a business-initiated row into a window since it was queued.
    if (held := recheck_hold(session=session, row=row, now=now)) is not None:
        return None, None, None, SendOutcome("retry", retry_in=held.retry_in, reason=held.reason)
    if row.business_initiated and row.not_before > row.created_at + timedelta(seconds=1):
        metrics.OUTBOX_RELEASED.inc()  # it was held (prayer, Ramadan, pacing) and goes now
    in_window = customer.last_inbound_at is not None and now - customer.last_inbound_at < WINDOW
    if row.kind in FREE_FORM_KINDS and not in_window:
        metrics.OUTBOX_HELD.labels("window").inc()  # free-form outside the 24 h: a template or nothing
        template = _template_for(session, row, customer)
        if template is None:
            return (
                None,
                None,
                None,
                _fail(
                    session,
                    row,
                    f"outside the 24-hour window and no approved template for '{row.purpose}'",
                    code=131047,
                ),
            )
        row.kind = "template"
        row.payload = {**row.payload, "message": template}
    return row, restaurant, customer, None


def _held_until(now: datetime) -> Any:
    """For the claim's row (correlated): when the latest earlier row of its conversation that holds
    it is expected to have gone (a `sending` one: in HELD_POLL), or NULL when none holds it."""
    e = aliased(OutboxMessage, name="earlier")
    hold = order_hold()
    pending, sending = col(e.status) == OutboxStatus.pending, col(e.status) == OutboxStatus.sending
    on_its_way = or_(
        and_(pending, col(e.not_before).between(now - hold, now + hold)),
        and_(sending, col(e.sending_started_at) > now - hold),
    )
    expected = case((pending, e.not_before), else_=literal(now + HELD_POLL, DateTime(timezone=True)))
    return (
        select(func.max(expected))
        .where(
            e.conversation_id == OutboxMessage.conversation_id,
            e.id < OutboxMessage.id,  # type: ignore[operator]  # SQLModel types the id column as a plain UUID
            # spelled out as in the partial index's predicate, so the planner can use the index
            text("earlier.status IN ('pending', 'sending')"),
            on_its_way,
        )
        .correlate(OutboxMessage)
        .scalar_subquery()
    )


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
class Claimed:
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
# customer, held behind an earlier row of its conversation) matches nothing here and takes
# `_claim`'s full path, as before.
#
# Order: an earlier unsent row of the conversation holds the row (module docstring), unless it is
# one of the rows locked here: those are in the caller's batch, which sends in id order and
# defers a conversation's later rows once one of its rows was not sent (`send_many`). Every
# locked row comes back with its conversation, claimed or not.
_FAST_CLAIM = """
WITH locked AS (SELECT id, conversation_id FROM outbox WHERE id = ANY(%(ids)s) FOR UPDATE SKIP LOCKED),
claimed AS (
    UPDATE outbox o SET status = 'sending', sending_started_at = %(now)s, attempts = o.attempts + 1
    FROM locked l, customers c, restaurants r
    WHERE l.id = o.id
      -- status as text: never the (status, not_before) index for a few rows, whatever the statistics say
      AND o.status::text = 'pending' AND o.not_before <= %(due)s
      AND NOT o.business_initiated AND o.purpose <> 'feedback_request'
      AND c.id = o.customer_id AND r.id = o.restaurant_id
      AND (o.kind <> ALL(%(free)s) OR c.last_inbound_at > %(window_start)s)
      AND NOT EXISTS (
          SELECT 1 FROM outbox e
          WHERE e.conversation_id = o.conversation_id AND e.id < o.id
            AND e.status IN ('pending', 'sending')  -- as in ix_outbox_conversation_unsent's predicate
            AND CASE WHEN e.status = 'pending' THEN e.not_before BETWEEN %(hold_from)s AND %(hold_to)s
                     ELSE e.sending_started_at > %(hold_from)s END
            AND e.id NOT IN (SELECT id FROM locked))
    RETURNING o.id, o.payload, o.purpose, r.whatsapp_phone_number_id, r.whatsapp_access_token, r.settings,
              c.is_test
)
SELECT l.id, l.conversation_id, c.payload, c.purpose, c.whatsapp_phone_number_id, c.whatsapp_access_token,
       c.settings, c.is_test
FROM locked l LEFT JOIN claimed c ON c.id = l.id
"""
_FREE_FORM = sorted(FREE_FORM_KINDS)


def _fast_claim(
    conn: Connection, outbox_ids: list[int], now: datetime
) -> tuple[dict[int, Claimed], dict[int, Any]]:
    """Claim the common-case rows among `outbox_ids` in one round trip (the UPDATE and its COMMIT
    pipelined); the others are left as they were, for `_claim`. Also returns the conversation of
    every row locked here (claimed or not)."""
    hold = order_hold()
    params = {
        "ids": outbox_ids,
        "now": now,
        "due": now + timedelta(seconds=1),
        "free": _FREE_FORM,
        "window_start": now - WINDOW,
        "hold_from": now - hold,
        "hold_to": now + hold,
    }
    with committed_in_one_round_trip(conn, _FAST_CLAIM, params) as cur:
        found = cur.fetchall()
    claimed = {
        outbox_id: Claimed(payload, purpose, phone_number_id, token, settings or {}, bool(is_test))
        for outbox_id, _, payload, purpose, phone_number_id, token, settings, is_test in found
        if purpose is not None  # purpose is NOT NULL: None only for a row locked but not claimed
    }
    return claimed, {outbox_id: conversation_id for outbox_id, conversation_id, *_ in found}


@dataclass
class Posted:
    """Meta accepted the post; the wamid is not stored yet."""

    outbox_id: int
    wamid: str
    sandbox: bool
    claimed: Claimed


def send_many(
    *, engine: Engine, conn: Connection, sequences: list[list[int]], now: datetime | None = None
) -> dict[int, SendOutcome]:
    """Send due rows of several independent sequences (each the replies to one inbound message),
    every sequence in its order: the common-case claims in one round trip, the posts one by one,
    the wamids stored in one round trip. After a row that was not sent, the rest of its sequence
    is not posted: released (no attempt counted; due when a retried row is) with the outcome
    "deferred", for the caller to queue; so are the rows of the same conversation in the sequences
    after it (two messages of one customer in one batch), which the claim let through as this
    batch's own (`_FAST_CLAIM`).

    `conn`: a connection with no transaction open. The claimed rows are `sending` (committed)
    before the first post, so a crash midway leaves them to the unknown-outcome grace, as for one row."""
    now = now or datetime.now(UTC)
    claimed, conversation_of = _fast_claim(conn, [i for seq in sequences for i in seq], now)
    outcomes: dict[int, SendOutcome] = {}
    posted: list[Posted] = []
    blocked: dict[Any, float] = {}  # a conversation with a row not sent: how long its later rows wait
    try:
        for seq in sequences:
            for index, outbox_id in enumerate(seq):
                conversation = conversation_of.get(outbox_id)
                if conversation is not None and conversation in blocked:
                    delay, rest = blocked[conversation], seq[index:]
                else:
                    if outbox_id in claimed:
                        result = post_claimed(engine, outbox_id, claimed.pop(outbox_id))
                        if isinstance(result, Posted):
                            posted.append(result)
                            continue
                    else:
                        result = _send(conn, engine, outbox_id, now, try_fast_claim=False)
                    outcomes[outbox_id] = result
                    if result.status == "sent" or (result.status == "skipped" and result.reason != LOCKED):
                        continue
                    # The rest wait as long as a retried reply does, so they still arrive after it;
                    # behind one whose outcome is unknown, a second longer than its grace (it is
                    # either confirmed or sent again first); behind one another worker holds, not at
                    # all (their claim then finds it unsent and waits for it).
                    delay = (result.retry_in or 0.0) if result.status in ("retry", "reconcile") else 0.0
                    if result.status == "reconcile":
                        delay += 1.0
                    rest = seq[index + 1 :]
                    if conversation is not None:
                        blocked[conversation] = delay
                for later in rest:
                    if claimed.pop(later, None) is not None:
                        _release(
                            engine, later, retry_in=delay, reason="after an earlier reply", attempted=False
                        )
                    outcomes[later] = SendOutcome("deferred", retry_in=delay)
                break
    finally:
        if posted:  # also when a later post raised: what Meta accepted is stored
            outcomes.update(record_sent(conn, posted))
    return outcomes


def _send(
    conn: Connection, engine: Engine, outbox_id: int, now: datetime, *, try_fast_claim: bool = True
) -> SendOutcome:
    """Claim, post and record one row. `try_fast_claim=False`: the common-case claim was already
    tried for it (by `send_many`) and found nothing."""
    claimed = _fast_claim(conn, [outbox_id], now)[0].get(outbox_id) if try_fast_claim else None
    if claimed is None:
        with Session(bind=conn, expire_on_commit=False) as session:
            row, restaurant, customer, outcome = _claim(session, outbox_id, now)
            if row is None:
                session.commit()
                return outcome or SendOutcome("skipped")
            assert restaurant is not None
            claimed = Claimed(
                row.payload,
                row.purpose,
                restaurant.whatsapp_phone_number_id,
                restaurant.whatsapp_access_token,
                restaurant.settings or {},
                bool(customer and customer.is_test),
                row,
                row.business_initiated,
            )
            _mark_sending(session, row, now)
            session.commit()
    result = post_claimed(engine, outbox_id, claimed)
    if not isinstance(result, Posted):
        return result
    return record_sent(conn, [result])[outbox_id]


def post_claimed(
    engine: Engine,
    outbox_id: int,
    claimed: Claimed,
    *,
    max_wait: float = 10.0,
    before_post: Callable[[], bool] | None = None,
) -> Posted | SendOutcome:
    """Post a claimed row under the per-number cap (waiting up to `max_wait` s for a slot); a
    refusal or a retry is settled here. `before_post`: called after the slot, right before the
    request is written (bulk_sending marks the row on the wire); False: not posted ("skipped")."""
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
        phone_number_id, per_second, max_wait, bulk=claimed.business_initiated
    ):
        metrics.OUTBOX_HELD.labels("cap").inc()
        return _release(engine, outbox_id, retry_in=1.0, reason="throughput cap", attempted=False)
    if before_post is not None and not before_post():
        return SendOutcome("skipped", reason="taken back before its post")
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
            log.warning(
                "outbox %s: send outcome unknown (%s); waiting up to %.0f s for a status webhook",
                outbox_id,
                exc,
                grace,
            )
            # A second past the grace: RQ's scheduler keeps whole seconds and may run a job early.
            metrics.SENDS.labels("reconcile", str(exc.code or "")).inc()
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
        metrics.SENDS.labels("retry", str(exc.code or "")).inc()
        return _release(
            engine,
            outbox_id,
            retry_in=backoff_seconds(row.attempts, exc.retry_after_seconds),
            reason=str(exc)[:500],
        )
    return Posted(outbox_id, wamid, isinstance(client, SandboxClient), claimed)


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


# The row and its message marked sent in one statement; its restaurant, for the live signal
# published after commit.
_MARK_SENT = """
WITH o AS (
    UPDATE outbox SET status = 'sent', wa_message_id = %(w)s, sent_at = %(now)s, sending_started_at = NULL,
                      last_error = NULL
    WHERE id = %(id)s RETURNING message_id, restaurant_id
), m AS (
    UPDATE messages SET wa_message_id = %(w)s, status = %(s)s, sent_at = %(now)s
    WHERE id = (SELECT message_id FROM o)
)
SELECT restaurant_id FROM o
"""


@contextmanager
def committed_in_one_round_trip(conn: Connection, statement: Any, params: dict[str, Any]) -> Iterator[Any]:
    """`statement` and its COMMIT sent in one round trip (psycopg's pipeline) on `conn`; the
    cursor, read inside the (committed) transaction block."""
    with conn.begin():
        pg = conn.connection.driver_connection
        assert pg is not None  # an open pool connection always has its driver connection
        with pg.pipeline():
            cur = pg.execute(statement, params)
            pg.commit()  # in the same round trip; SQLAlchemy's commit is then a no-op
        yield cur


def record_sent(conn: Connection, posted: list[Posted]) -> dict[int, SendOutcome]:
    """Store the wamids of posted rows: one pipelined round trip (and the COMMIT) on the connection
    that claimed them; then a sent feedback request makes its conversation await the answer."""
    now = datetime.now(UTC)
    with conn.begin():
        pg = conn.connection.driver_connection
        assert pg is not None  # an open pool connection always has its driver connection
        with pg.pipeline():
            marked = [
                pg.execute(
                    _MARK_SENT,
                    {"w": p.wamid, "s": "sandbox" if p.sandbox else "sent", "now": now, "id": p.outbox_id},
                )
                for p in posted
            ]
            # Statuses that raced ahead of this commit are applied now.
            apply_status_events(conn, [p.wamid for p in posted])
            pg.commit()  # in the same round trip; SQLAlchemy's commit is then a no-op
        restaurants = {row[0] for cur in marked for row in cur.fetchall()}
    # Committed: open dashboards are told (one round trip for the batch).
    publish_changes(live_payload(r, "sent") for r in sorted(restaurants))
    for p in posted:
        if (
            p.claimed.purpose == "feedback_request"
        ):  # only now does the conversation await the customer's answer
            assert p.claimed.row is not None  # never claimed by `_FAST_CLAIM`
            with Session(bind=conn) as session:
                announce(session=session, row=p.claimed.row, sent=True)
                session.commit()
    metrics.SENDS.labels("sent", "").inc(len(posted))
    return {p.outbox_id: SendOutcome("sent", wamid=p.wamid) for p in posted}
