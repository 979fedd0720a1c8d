"""What the webhook tells the operator: a delivery for a number no restaurant has (each number by
name, at most once per ten minutes, a flood of made-up ones in bounded memory), a stored message
Redis would not queue, a transaction tried again after a conflict."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID

CUSTOMER = "966501240000"


def _post(raw: bytes) -> tuple[int, dict]:
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    signature = wa.sign(raw, get_settings().whatsapp_app_secret or "")
    return asyncio.run(asyncio.wait_for(handle_delivery(raw=raw, signature=signature), 60))


def _lines(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "crm_res.webhook" and words in r.getMessage()]


def test_each_unknown_number_is_logged_by_name_once_with_the_lines_held_back_so_far(
    channel, caplog, monkeypatch
):
    """Two numbers no restaurant has: a line for each, naming it (a made-up one cut to 64
    characters); the first one again within the interval adds no line, only to the count the
    next line reports."""
    from crm_res.http import delivery_batcher

    monkeypatch.setattr(delivery_batcher, "_unknown_logged", delivery_batcher._OncePerInterval())
    long_id = "pn-" + "9" * 100
    caplog.set_level(logging.WARNING, logger="crm_res.webhook")
    for pnid in ("pn-nobody", "pn-nobody", long_id):
        assert _post(wa.encode(wa.delivery(wa.text_message(pnid, CUSTOMER, "hi"))))[0] == 200
    assert _lines(caplog, "unknown phone_number_id") == [
        "webhook: delivery for unknown phone_number_id 'pn-nobody' ignored (0 such lines suppressed so far)",
        f"webhook: delivery for unknown phone_number_id {long_id[:64]!r} ignored (1 such lines suppressed so far)",
    ]


def test_a_message_redis_would_not_queue_is_logged_with_redis_reason(channel, caplog, monkeypatch):
    """Stored, not queued: one error line with the count and Redis's own reason (the sweeper
    queues the row later; the operator learns why it waited)."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RedisConnectionError("redis is down")

    monkeypatch.setattr("crm_res.jobs.enqueue.enqueue_inbound_ids", refuse)
    caplog.set_level(logging.ERROR, logger="crm_res.webhook")
    assert _post(wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "hi"))))[0] == 503
    assert _lines(caplog, "could not enqueue") == [
        "webhook: stored but could not enqueue 1 messages: redis is down"
    ]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_the_unknown_number_limiter_logs_a_key_once_per_interval(monkeypatch):
    """Per key: once, then not again until `interval` seconds later (exactly then it may); another
    key has its own interval. Each line held back is counted."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import _OncePerInterval

    clock = _Clock()
    monkeypatch.setattr(delivery_batcher, "time", SimpleNamespace(monotonic=clock.monotonic))
    once = _OncePerInterval(interval=10.0, size=2)
    seen = []
    for moment, key in [(0, "a"), (0, "a"), (9.5, "a"), (9.5, "b"), (10, "a"), (10, "b")]:
        clock.now = 1000.0 + moment
        seen.append(once(key))
    assert seen == [True, False, False, True, True, False]
    assert once.suppressed == 3


def test_a_full_limiter_drops_the_key_logged_longest_ago_and_no_recent_one(monkeypatch):
    """Table of two: `a` at 0, `b` at 5, `a` again at 10 (so `b` is now the oldest). `c` at 12:
    every key is recent, `c` is held back. At 15 `b` has aged out and `c` takes its place; `b`
    at 15 is new again but `a` and `c` are recent: held back."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import _OncePerInterval

    clock = _Clock()
    monkeypatch.setattr(delivery_batcher, "time", SimpleNamespace(monotonic=clock.monotonic))
    once = _OncePerInterval(interval=10.0, size=2)
    seen = []
    for moment, key in [(0, "a"), (5, "b"), (10, "a"), (12, "c"), (15, "c"), (15, "b"), (20, "a")]:
        clock.now = 1000.0 + moment
        seen.append(once(key))
    assert seen == [True, True, True, False, True, False, True]
    assert once.suppressed == 2
    assert list(once._last) == ["c", "a"]


def test_the_limiter_defaults_to_ten_minutes_and_a_table_of_1024(monkeypatch):
    """The webhook's limiter: an id once per 600 s; 1,024 ids remembered, a 1,025th within the
    interval held back."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import _OncePerInterval

    clock = _Clock()
    monkeypatch.setattr(delivery_batcher, "time", SimpleNamespace(monotonic=clock.monotonic))
    once = _OncePerInterval()
    assert all(once(f"pn-{i}") for i in range(1024))
    assert not once("pn-1024")
    clock.now = 1599.5
    assert not once("pn-0")
    clock.now = 1600.0
    assert once("pn-0")
    assert once.suppressed == 2


def test_the_sqlstate_of_a_conflict_is_read_raw_or_wrapped_by_sqlalchemy():
    """The retry line names Postgres's code whether psycopg raised it directly (the ingest
    statements) or SQLAlchemy wrapped it (a commit or checkout); none for an error without one."""
    import psycopg
    from sqlalchemy.exc import OperationalError

    from crm_res.http.delivery_batcher import _sqlstate

    raw = psycopg.errors.SerializationFailure()
    assert _sqlstate(raw) == "40001"
    assert _sqlstate(OperationalError("COMMIT", {}, raw)) == "40001"
    assert _sqlstate(OSError("connection refused")) is None


def test_an_outgoing_webhook_dispatcher_redis_would_not_queue_is_left_to_the_sweep_with_a_warning(
    monkeypatch, caplog
):
    """Deliveries that wrote outgoing-webhook events queue one dispatcher run; Redis refusing it
    is a warning naming Redis's reason (the periodic sweep dispatches them), never a failure."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from crm_res.http.delivery_batcher import _dispatch_webhooks

    def refuse() -> None:
        raise RedisConnectionError("redis is down")

    monkeypatch.setattr("crm_res.jobs.webhooks.enqueue_dispatch", refuse)
    caplog.set_level(logging.WARNING, logger="crm_res.webhook")
    _dispatch_webhooks()
    assert _lines(caplog, "dispatcher") == [
        "webhook: could not queue the outgoing-webhook dispatcher (the sweep will): redis is down"
    ]
