"""The webhook POST: verify, parse, group-commit, enqueue, answer.

Concurrent requests are written together: each request hands its parsed delivery to the
process's `DeliveryBatcher` and waits; a writer takes whatever has queued up and stores it in a
single transaction, then enqueues the processing jobs and publishes the live signal for open
dashboards (one Redis pipeline) and answers every waiting request. Nothing is answered 200
before it is committed and its processing enqueued.

Throughput (bench/webhook_ingest.py): when the next batch is already waiting, a batch's Redis
enqueue overlaps with that batch's transaction (the enqueue of batch N runs while batch N+1 is
written); when nothing waits, the thread that committed the batch enqueues it too (one thread hop
per batch instead of two: at a steady rate a batch is a delivery or two, and each delivery cost
~35 context switches of the tier's threads, docs/CAPACITY.md "Run I"). A busy writer keeps its
database connection between batches instead of checking one out (and pinging it) for every
batch; it gives it back as soon as nothing is waiting.

Failures: a batch that hits a deadlock, serialization failure or unique violation is tried again;
one that still fails is retried delivery by delivery, so a delivery Postgres refuses (its data's
fault: 400) or a transient error costs only the requests concerned (503, Meta redelivers), never
its neighbours. Postgres or Redis unreachable: every waiting request is answered 503.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import psycopg
import structlog
from redis.exceptions import RedisError
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from crm_res import metrics
from crm_res.integrations.whatsapp_inbound import (
    Delivery,
    InvalidDelivery,
    parse_delivery_body,
    verify_signature,
)
from crm_res.jobs.ingest_pressure import BusyMarker, mark_busy
from crm_res.services.channel.ingest import StoredMessage, StoreResult, store_deliveries
from crm_res.services.notifications import publish_changes
from crm_res.settings import get_settings

log = logging.getLogger("crm_res.webhook")
slog = structlog.get_logger("crm_res.webhook")
MAX_BATCH = 256
# Meta's deliveries are a few kilobytes (at most some hundred messages): a far larger body is not
# one, and reading it whole would only cost memory (webhook.py stops reading past this).
MAX_BODY_BYTES = 2 * 1024 * 1024
# Batches whose enqueue may still be running while the next one is written.
MAX_ENQUEUES_IN_FLIGHT = 2
# The writer keeps its connection while deliveries keep coming: handing it back to the pool
# after every batch cost a pool ping and two thread hops per batch.
IDLE_RELEASE_SECONDS = 2.0
# Deadlocks cannot happen between our own batches (customers are locked in one order), but
# another writer (the worker, staff) may still collide with one, as may two batches racing to
# reopen the same conversation: such a batch is tried again before the senders hear of it.
_RETRIED_SQLSTATES = {"40P01", "40001", "23505"}  # deadlock, serialization failure, unique violation
_ATTEMPTS = 3
# More messages and statuses than Meta ever puts in one delivery (it sends a few at a time): such
# a body is not Meta's, and parsing and storing it would hold everyone else's up.
MAX_ITEMS_PER_DELIVERY = 1000


NOT_CONFIGURED = (
    "WHATSAPP_APP_SECRET is not configured: deliveries cannot be verified, and a real WhatsApp "
    "number (an access token) only accepts verified deliveries"
)


class Unavailable(Exception):
    """Postgres or Redis could not take the delivery: answer 503 so Meta redelivers."""


class Rejected(Exception):
    """Postgres refused the delivery's data itself (answer 400: redelivery would fail again)."""


# What went wrong with a transaction, from its exception (SQLAlchemy-wrapped or raw psycopg: the
# ingest statements run on the psycopg connection directly).
_RETRY, _CONNECTION, _DATA, _OTHER = "retry", "connection", "data", "other"


def _kind_of(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in _RETRIED_SQLSTATES:
        return _RETRY
    if getattr(exc, "connection_invalidated", False) or isinstance(
        orig, (psycopg.OperationalError, psycopg.InterfaceError, OSError)
    ):
        return _CONNECTION
    # psycopg raises every SQLSTATE of class 22 (data exception: an untranslatable character, a
    # value out of range, …) as a DataError, known codes and unknown alike.
    if isinstance(orig, (psycopg.DataError, UnicodeError)):
        return _DATA
    return _OTHER


class Unverified(Exception):
    """An unsigned delivery for a restaurant with its own access token (answer 403)."""


class _StoreFailed(Exception):
    def __init__(self, kind: str, cause: BaseException) -> None:
        super().__init__(f"{kind}: {cause}")
        self.kind = kind
        self.cause = cause

    def answer(self) -> Exception:
        if self.kind == _DATA:
            return Rejected(f"Postgres refused the delivery: {str(self.cause).splitlines()[0][:200]}")
        return Unavailable("database unavailable")


@dataclass
class _Pending:
    delivery: Delivery
    future: asyncio.Future
    request_id: str | None = None
    arrived: float = field(default_factory=time.monotonic)


class DeliveryBatcher:
    """Group commit for one event loop: one writer, batches of whatever is waiting."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._writer: asyncio.Task | None = None
        self._conn: Connection | None = None  # kept while batches keep coming
        self._busy = BusyMarker()  # tells the workers to step aside (crm_res/jobs/ingest_pressure.py)

    async def submit(self, delivery: Delivery, request_id: str | None = None) -> set[str]:
        """Store the delivery; returns the phone_number_ids of the batch no restaurant has (what
        of this delivery was addressed to them was not stored)."""
        if self._writer is None or self._writer.done():
            # A context of its own: the writer serves every request, it must not log as the first.
            self._writer = asyncio.get_running_loop().create_task(self._run(), context=contextvars.Context())
        future = asyncio.get_running_loop().create_future()
        await self._queue.put(_Pending(delivery, future, request_id))
        return await future

    async def _run(self) -> None:
        try:
            await self._write_batches()
        finally:  # the event loop is closing (a test client's, a server's shutdown)
            self._release()

    async def _write_batches(self) -> None:
        enqueuing: set[asyncio.Task] = set()
        while True:
            if self._conn is not None and self._queue.empty():
                try:
                    first = await asyncio.wait_for(self._queue.get(), IDLE_RELEASE_SECONDS)
                except TimeoutError:
                    await asyncio.to_thread(self._release)
                    first = await self._queue.get()
            else:
                first = await self._queue.get()
            batch = [first]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                result, failures, enqueued, enqueue_error = await asyncio.to_thread(
                    self._store_batch, batch, not enqueuing
                )
            except Exception as exc:  # noqa: BLE001 - every waiter learns of the failure
                log.exception("webhook: storing %d deliveries failed", len(batch))
                _answer(batch, exc)
                continue
            try:
                for pending, failure in zip(batch, failures, strict=True):
                    if failure is not None:
                        _answer([pending], failure)
                batch = [p for p, failure in zip(batch, failures, strict=True) if failure is None]
                if not batch:
                    continue
                if enqueued:
                    _answer(batch, enqueue_error, unknown=frozenset(result.unknown_phone_number_ids))
                    continue
                busy = self._busy.due(time.monotonic() - batch[0].arrived, len(batch))
                task = asyncio.get_running_loop().create_task(_enqueue_and_answer(batch, result, busy=busy))
            except Exception as exc:  # noqa: BLE001 - a fault here must not stop the one writer
                # The rows are stored: the requests answer 503, Meta redelivers (deduplicated) and the
                # sweep queues what was not. Uncaught, every later request would wait forever.
                log.exception("webhook: answering %d stored deliveries failed", len(batch))
                _answer(batch, exc)
                continue
            enqueuing.add(task)
            task.add_done_callback(enqueuing.discard)
            if len(enqueuing) >= MAX_ENQUEUES_IN_FLIGHT:
                await asyncio.wait(enqueuing, return_when=asyncio.FIRST_COMPLETED)

    def _store_batch(
        self, batch: list[_Pending], may_enqueue: bool
    ) -> tuple[StoreResult, list[Exception | None], bool, Exception | None]:
        """`_store`, then (in the same thread) the enqueue too when no other batch waits and none
        is being enqueued: there is nothing to overlap it with, and a thread hop saved is two
        wake-ups. Then: whether it was enqueued here (else the caller enqueues), and how that
        enqueue failed (None: it did not)."""
        result, failures = self._store([p.delivery for p in batch])
        stored = [p for p, failure in zip(batch, failures, strict=True) if failure is None]
        if not (may_enqueue and stored and self._queue.empty()):
            return result, failures, False, None
        busy = self._busy.due(time.monotonic() - stored[0].arrived, len(stored))
        try:
            _enqueue_and_mark(result, _request_ids(stored), busy)
        except Exception as exc:  # noqa: BLE001 - every waiter of the batch learns of it
            return result, failures, True, exc
        return result, failures, True, None

    def _store(self, deliveries: list[Delivery]) -> tuple[StoreResult, list[Exception | None]]:
        """Store the batch (in a worker thread): what was stored, and per delivery its failure
        (None: stored). All or nothing per delivery, never a part of one."""
        try:
            return _refusals(self._transaction(deliveries), len(deliveries))
        except _StoreFailed as failed:
            if failed.kind == _CONNECTION or len(deliveries) == 1:
                log.error("webhook: could not store %d deliveries: %s", len(deliveries), failed.cause)
                return StoreResult(), [failed.answer()] * len(deliveries)
            log.warning(
                "webhook: batch of %d deliveries failed (%s); storing them one by one",
                len(deliveries),
                failed.cause,
            )
        stored = StoreResult()
        failures: list[Exception | None] = []
        for index, delivery in enumerate(deliveries):
            try:
                one, [failure] = _refusals(self._transaction([delivery]), 1)
                _merge(stored, one)
                failures.append(failure)
            except _StoreFailed as failed:
                log.error("webhook: could not store a delivery (%s): %s", failed.kind, failed.cause)
                failures.append(failed.answer())
                if failed.kind == _CONNECTION:  # the rest would fail the same way
                    failures += [Unavailable("database unavailable")] * (len(deliveries) - index - 1)
                    break
        return stored, failures

    def _transaction(self, deliveries: list[Delivery]) -> StoreResult:
        """One transaction on this writer's connection, tried again on transient conflicts."""
        from crm_res.db import get_engine

        for attempt in range(1, _ATTEMPTS + 1):
            kept = self._conn is not None  # not pinged since the last batch
            try:
                if self._conn is None:
                    self._conn = get_engine().connect()
                with self._conn.begin():  # committed in the statements' last round trip
                    return store_deliveries(self._conn, deliveries, commit=True)
            except (psycopg.Error, SQLAlchemyError, OSError, UnicodeError) as exc:
                kind = _kind_of(exc)
                # A fresh connection for what follows, whatever failed (failures are rare: one pool
                # checkout more, never a dead or half-used connection kept).
                self._release()
                if kind == _CONNECTION and kept and attempt < _ATTEMPTS:
                    # The kept connection died while idle (a Postgres restart): a fresh one, once.
                    log.info("webhook: kept connection lost (%s); storing on a fresh one", exc)
                    continue
                if kind == _RETRY and attempt < _ATTEMPTS:
                    log.info("webhook: %d deliveries retried after %s", len(deliveries), _sqlstate(exc))
                    continue
                raise _StoreFailed(kind, exc) from exc
        raise AssertionError  # unreachable: the last try returns or raises

    def _release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - a broken connection is dropped either way
                conn.invalidate()


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "orig", exc), "sqlstate", None)


def _refusals(result: StoreResult, count: int) -> tuple[StoreResult, list[Exception | None]]:
    """The result, and per delivery None (stored) or its refusal."""
    return result, [Unverified() if i in result.refused else None for i in range(count)]


def _merge(into: StoreResult, other: StoreResult) -> None:
    into.new_messages.extend(other.new_messages)
    into.webhook_events += other.webhook_events
    into.unknown_phone_number_ids |= other.unknown_phone_number_ids
    into.changes |= other.changes


def _answer(
    batch: list[_Pending], exc: BaseException | None = None, unknown: frozenset[str] = frozenset()
) -> None:
    # Whatever failed, a waiting request answers 400 (Rejected) or 503, never a bare 500.
    if exc is not None and not isinstance(exc, (Unavailable, Rejected, Unverified)):
        exc = Unavailable(f"could not store the delivery ({type(exc).__name__})")
    for p in batch:
        if not p.future.done():
            if exc is None:
                p.future.set_result(unknown)
            else:
                p.future.set_exception(exc)


def _request_ids(batch: list[_Pending]) -> dict[str, str]:
    return {m.wamid: p.request_id for p in batch if p.request_id for m in p.delivery.messages}


async def _enqueue_and_answer(batch: list[_Pending], result: StoreResult, *, busy: bool) -> None:
    try:
        await asyncio.to_thread(_enqueue_and_mark, result, _request_ids(batch), busy)
        _answer(batch, unknown=frozenset(result.unknown_phone_number_ids))
    except Exception as exc:  # noqa: BLE001 - every request of the batch is answered, whatever failed
        _answer(batch, exc)


class _OncePerInterval:
    """Says whether to log about a key: once per `interval` seconds per key, remembering at most
    `size` keys (a flood of made-up phone_number_ids costs neither memory nor a log line each)."""

    def __init__(self, interval: float = 600.0, size: int = 1024) -> None:
        self.interval, self.size = interval, size
        self._last: OrderedDict[str, float] = OrderedDict()
        self.suppressed = 0

    def __call__(self, key: str) -> bool:
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            self.suppressed += 1
            return False
        if last is None and len(self._last) >= self.size:
            oldest_key, oldest = next(iter(self._last.items()))
            if now - oldest < self.interval:
                self.suppressed += 1  # the table is full of recent ids: a flood, already logged
                return False
            del self._last[oldest_key]
        self._last[key] = now
        self._last.move_to_end(key)
        return True


_unknown_logged = _OncePerInterval()


def _enqueue_and_mark(result: StoreResult, request_ids: dict[str, str], busy: bool) -> None:
    """The batch's enqueue, and, when its deliveries waited too long, the busy mark that makes
    the workers step aside (one thread hop for both)."""
    if busy:
        from crm_res.db import get_redis

        mark_busy(get_redis())
    enqueue_stored(result, request_ids)


def enqueue_stored(result: StoreResult, request_ids: dict[str, str] | None = None) -> list[StoredMessage]:
    """After commit: log what was ignored, enqueue the processing of the new messages (each job's
    meta names the request that stored it: `request_ids`, wamid → request id) and tell open
    dashboards (the PUBLISH rides in the same Redis pipeline)."""
    for pnid in result.unknown_phone_number_ids:
        if _unknown_logged(pnid):
            log.warning(
                "webhook: delivery for unknown phone_number_id %r ignored (%d such lines suppressed so far)",
                pnid[:64],
                _unknown_logged.suppressed,
            )
    changes = sorted(result.changes)  # open dashboards told, in the enqueue's round trip
    if not result.new_messages:
        publish_changes(changes)  # statuses only: a signal is best effort, never a 503
    else:
        try:
            from crm_res.jobs.enqueue import enqueue_inbound

            enqueue_inbound(result.new_messages, request_ids=request_ids or {}, changes=changes)
        except (RedisError, OSError) as exc:
            # Stored but not queued: the sweeper picks these up; Meta's redelivery is harmless.
            log.error("webhook: stored but could not enqueue %d messages: %s", len(result.new_messages), exc)
            raise Unavailable("queue unavailable") from exc
        metrics.INBOUND_MESSAGES.inc(len(result.new_messages))
        # One line per message: where its trail starts. Asked first: structlog runs its processors
        # (context, timestamp, redaction) before the level drops a line, ~7 µs a message for
        # nothing at `make run`'s WARNING.
        logged = log.isEnabledFor(logging.INFO)
        for m in result.new_messages if logged else ():
            slog.info(
                "webhook.message_stored",
                request_id=(request_ids or {}).get(m.wamid),
                wamid=m.wamid,
                restaurant_id=str(m.restaurant_id),
                message_id=m.message_id,
            )
    if result.webhook_events:
        _dispatch_webhooks()
    return result.new_messages


def _dispatch_webhooks() -> None:
    """The statements wrote outgoing webhook deliveries: one dispatcher run now, rather than at the
    next periodic sweep (which still covers a failure here)."""
    try:
        from crm_res.jobs.webhooks import enqueue_dispatch

        enqueue_dispatch()
    except (RedisError, OSError) as exc:
        log.warning("webhook: could not queue the outgoing-webhook dispatcher (the sweep will): %s", exc)


# One batcher per event loop (weakly held: a finished loop, e.g. a test client's, takes its
# batcher with it, and a new loop at the same address never inherits a stale queue).
_batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, DeliveryBatcher] = weakref.WeakKeyDictionary()


def _batcher() -> DeliveryBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        batcher = _batchers[loop] = DeliveryBatcher()
    return batcher


async def handle_delivery(
    *, raw: bytes, signature: str | None, request_id: str | None = None
) -> tuple[int, dict[str, Any]]:
    """Map a webhook POST to (HTTP status, JSON body) per the PRODUCT.md contract. A refusal's
    body carries `_reason` (for the metrics; webhook.py takes it out before answering)."""
    settings = get_settings()
    secret = settings.whatsapp_app_secret
    if secret:
        if not verify_signature(raw, signature, secret):
            return 403, {"error": "invalid or missing X-Hub-Signature-256", "_reason": "signature"}
    elif not settings.sandbox:
        # A real number without the app secret: anyone knowing the phone_number_id could inject
        # messages, orders and opt-outs. Refused until WHATSAPP_APP_SECRET is set.
        return 403, {"error": NOT_CONFIGURED, "_reason": "not_configured"}
    if len(raw) > MAX_BODY_BYTES:
        return 413, {"error": f"body larger than {MAX_BODY_BYTES} bytes", "_reason": "too_large"}
    try:
        delivery = parse_delivery_body(raw)
        # Sandbox without a secret: unverified, refused at storage for a restaurant with its own
        # access token (it has a real number: same rule as the global token above).
        delivery.verified = bool(secret)
    except InvalidDelivery as exc:
        return 400, {
            "error": "not a WhatsApp webhook delivery",
            "detail": str(exc)[:500],
            "_reason": "invalid",
        }
    items = len(delivery.messages) + len(delivery.statuses)
    if items > MAX_ITEMS_PER_DELIVERY:
        return 413, {
            "error": f"more than {MAX_ITEMS_PER_DELIVERY} messages and statuses in one delivery",
            "_reason": "too_many_items",
        }
    for error in delivery.errors:  # Meta's errors about the number or the subscription itself
        log.warning(
            "webhook: Meta reports error %s for phone_number_id %r: %s%s",
            error.code,
            error.phone_number_id,
            error.title or error.message or "",
            f" ({error.details})" if error.details else "",
        )
    if not (delivery.messages or delivery.statuses or delivery.echoes or delivery.events):
        return 200, {"status": "ok", "stored": 0}
    try:
        unknown = await _batcher().submit(delivery, request_id)
    except Unavailable as exc:
        return 503, {"error": str(exc), "retry": True, "_reason": "unavailable"}
    except Unverified:
        return 403, {"error": NOT_CONFIGURED, "_reason": "not_configured"}
    except Rejected as exc:
        return 400, {"error": "the delivery could not be stored", "detail": str(exc), "_reason": "rejected"}
    ignored = sum(1 for m in delivery.messages if m.phone_number_id in unknown) + sum(
        1 for s in delivery.statuses if s.phone_number_id in unknown
    )
    answer: dict[str, Any] = {
        "status": "ok",
        "stored": items + len(delivery.echoes) + len(delivery.events) - ignored,
    }
    if ignored:
        answer["ignored"] = ignored  # addressed to a phone_number_id no restaurant has
    return 200, answer
