"""A plain batch (signed customer messages and statuses for numbers the directory knows) is stored
on the event loop: psycopg's async connection, the same statements and two round trips, the
COMMIT before any answer, the enqueue on redis.asyncio. Anything else, and any failure, goes the
thread's way (`store_deliveries`) with its retries, so the answers and what is stored are the same
either way: exactly one row and one job per message, nothing partial."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, q


def _body(who: str, text: str = "hi") -> bytes:
    return wa.encode(wa.delivery(wa.text_message(PNID, who, text)))


def _queued_jobs() -> list[str]:
    from crm_res.jobs.queues import REPLIES, queue

    return queue(REPLIES).get_job_ids()


async def _post(*bodies: bytes) -> list[tuple[int, dict]]:
    """The bodies at once, on the running loop (one batcher: the loop's)."""
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    secret = get_settings().whatsapp_app_secret or ""
    return list(await asyncio.gather(*(handle_delivery(raw=b, signature=wa.sign(b, secret)) for b in bodies)))


@pytest.fixture
def thread_stores(monkeypatch):  # type: ignore[no-untyped-def]
    """How many batches went the thread's way (`store_deliveries` in the batcher)."""
    from crm_res.http import delivery_batcher

    calls: list[int] = []
    real = delivery_batcher.store_deliveries

    def counted(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(deliveries))
        return real(conn, deliveries, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", counted)
    return calls


def test_a_plain_batch_is_stored_on_the_loop_once_the_number_is_known(channel, thread_stores):
    """The first delivery (an unknown number to the directory's cache) goes the thread's way and
    fills the cache; the next ones are stored on the loop: 200, one row and one job each."""

    async def run() -> list[list[tuple[int, dict]]]:
        first = await _post(_body("966500000401"))
        rest = await _post(_body("966500000402"), _body("966500000403"))
        return [first, rest]

    first, rest = asyncio.run(run())
    assert [(s, b["stored"]) for s, b in first + rest] == [(200, 1)] * 3
    assert thread_stores == [1]  # only the first
    ids = [mid for (mid,) in q(channel["engine"], "SELECT id FROM messages WHERE direction = 'inbound'")]
    assert len(ids) == 3
    assert sorted(_queued_jobs()) == sorted(f"in-{mid}" for mid in ids)


def test_redelivered_and_concurrent_duplicates_on_the_loop_are_stored_once(channel, thread_stores):
    body = _body(CUSTOMER, "ابغى اطلب")

    async def run() -> list[tuple[int, dict]]:
        await _post(_body("966500000501"))  # warms the directory
        together = await _post(body, body, body)  # one batch, the same wamid three times
        again = await _post(body)  # Meta's redelivery
        return together + again

    answers = asyncio.run(run())
    assert [s for s, _ in answers] == [200] * 4
    assert thread_stores == [1]
    rows = q(
        channel["engine"],
        "SELECT m.id FROM messages m JOIN conversations v ON v.id = m.conversation_id "
        "JOIN customers c ON c.id = v.customer_id WHERE c.wa_id = :w",
        w=CUSTOMER,
    )
    assert len(rows) == 1
    assert _queued_jobs().count(f"in-{rows[0][0]}") == 1


def test_redis_down_on_the_loop_answers_503_and_keeps_the_row(channel, thread_stores, monkeypatch):
    """Stored but not enqueued: 503 (Meta redelivers), the row stays for the sweeper, and the
    redelivery is answered 200 without a second row."""
    from redis.asyncio import Redis

    from crm_res.http import delivery_batcher

    body = _body("966500000601")
    dead = Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)

    async def run() -> list[tuple[int, dict]]:
        await _post(_body("966500000602"))  # warms the directory
        with monkeypatch.context() as m:
            m.setattr(delivery_batcher._LoopClients, "redis", lambda self: dead)
            refused = await _post(body)
        return refused + await _post(body)

    (status, answer), (again, _) = asyncio.run(run())
    assert status == 503 and answer["retry"] is True
    assert again == 200
    assert thread_stores == [1]
    assert q(
        channel["engine"],
        "SELECT count(*) FROM messages WHERE wa_message_id IS NOT NULL "
        "AND conversation_id IN (SELECT v.id FROM conversations v JOIN customers c ON c.id = v.customer_id "
        "WHERE c.wa_id = '966500000601')",
    ) == [(1,)]


def test_the_loop_connection_killed_between_batches_loses_nothing(channel, thread_stores):
    """Postgres drops the loop's connection while idle: the next batch is stored the thread's way
    (200), and the one after on the loop again, on a fresh connection."""
    from crm_res.http import delivery_batcher

    engine = channel["engine"]

    async def run() -> list[tuple[int, dict]]:
        answers = await _post(_body("966500000701"))
        answers += await _post(_body("966500000702"))  # on the loop: its connection now exists
        batcher = delivery_batcher._batchers[asyncio.get_running_loop()]
        pg = batcher._on_loop._pg
        assert pg is not None
        q(engine, "SELECT pg_terminate_backend(:p)", p=pg.info.backend_pid)
        answers += await _post(_body("966500000703"))
        answers += await _post(_body("966500000704"))
        assert batcher._on_loop._pg is not None and batcher._on_loop._pg is not pg
        return answers

    answers = asyncio.run(run())
    assert [s for s, _ in answers] == [200] * 4
    assert thread_stores == [1, 1]  # the first (cold cache) and the one whose connection was gone
    ids = [mid for (mid,) in q(engine, "SELECT id FROM messages WHERE direction = 'inbound'")]
    assert len(ids) == 4
    assert sorted(_queued_jobs()) == sorted(f"in-{mid}" for mid in ids)


def test_a_customer_routed_by_another_batch_rolls_the_loop_batch_back(channel):
    """Batch B (on the loop) waits behind batch A's uncommitted new customer; after A commits, B's
    snapshot has no conversation for it: B rolls back whole (`Racing`), nothing of it stored, for
    the thread's path to settle."""
    import psycopg
    from sqlalchemy.engine import make_url

    from crm_res.db import database_url
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel import ingest

    engine = channel["engine"]
    first = parse_delivery_body(_body(CUSTOMER, "السلام عليكم"))
    second = parse_delivery_body(_body(CUSTOMER, "ابغى اطلب"))
    for d in (first, second):
        d.verified = True
    url = make_url(database_url()).set(drivername="postgresql").render_as_string(hide_password=False)
    outcome: dict[str, object] = {}

    def store_second() -> None:
        async def run() -> None:
            async with await psycopg.AsyncConnection.connect(url) as apg:
                restaurants = ingest.plain_batch([second])
                assert restaurants is not None
                try:
                    outcome["b"] = await ingest.store_deliveries_async(apg, [second], restaurants)
                except ingest.Racing as exc:
                    outcome["b"] = exc
                    outcome["status"] = apg.info.transaction_status

        asyncio.run(run())

    with engine.connect() as conn_a:
        tx = conn_a.begin()
        ingest.store_deliveries(conn_a, [first])  # also fills the directory
        b = threading.Thread(target=store_second)
        b.start()
        for _ in range(3000):  # B reaches A's uncommitted customer row and waits
            waiting = q(
                engine,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'",
            )[0][0]
            if waiting or not b.is_alive():
                break
            time.sleep(0.01)
        assert b.is_alive(), "batch B should be waiting on batch A"
        tx.commit()
    b.join(timeout=30)
    assert isinstance(outcome["b"], ingest.Racing)
    assert outcome["status"] == psycopg.pq.TransactionStatus.IDLE  # rolled back
    assert q(engine, "SELECT body FROM messages ORDER BY id") == [("السلام عليكم",)]
    assert q(engine, "SELECT count(*) FROM conversations") == [(1,)]
