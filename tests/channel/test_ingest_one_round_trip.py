"""`store_deliveries(..., one_round_trip=True, commit=True)`, the batcher's first try: customers,
conversations, messages, statuses and the COMMIT in one pipelined round trip, the messages finding
their conversation in SQL. It routes exactly as the two-trip way (open, reopened, new), keeps the
batch's order, and a message that finds no open conversation commits nothing (MissingConversation);
the batcher then stores the batch the two-trip way."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, q

NOW = datetime.now(UTC)


@pytest.fixture
def engine_with_restaurant(committed):  # type: ignore[no-untyped-def]
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.channel import ingest

    ingest.directory.clear()
    with session_scope() as s:
        create_restaurant(session=s, name_ar="مطعم الرحلة", name_en="One Trip Diner", phone_number_id=PNID)
    yield committed
    ingest.directory.clear()


def _delivery(*events):  # type: ignore[no-untyped-def]
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body

    d = parse_delivery_body(wa.encode(wa.delivery(*events)))
    d.verified = True
    return d


def _store_one_trip(*deliveries):  # type: ignore[no-untyped-def]
    from crm_res.db import get_engine
    from crm_res.services.channel.ingest import store_deliveries

    with get_engine().connect() as conn, conn.begin():
        return store_deliveries(conn, list(deliveries), commit=True, one_round_trip=True)


def test_messages_and_statuses_of_a_batch_are_one_round_trip(engine_with_restaurant, monkeypatch):
    """Once the number is known to the directory: one pipeline, no statement outside it."""
    _store_one_trip(_delivery(wa.text_message(PNID, "966500000001", "warm")))  # fills the directory
    calls: list[str] = []
    depth = [0]
    real_pipeline, real_execute = psycopg.Connection.pipeline, psycopg.Connection.execute

    def pipeline(self):  # type: ignore[no-untyped-def]
        calls.append("pipeline")
        cm = real_pipeline(self)

        class Counted:
            def __enter__(self):  # type: ignore[no-untyped-def]
                depth[0] += 1
                return cm.__enter__()

            def __exit__(self, *exc):  # type: ignore[no-untyped-def]
                depth[0] -= 1
                return cm.__exit__(*exc)

        return Counted()

    def execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if depth[0] == 0:
            calls.append(f"outside: {str(args[0])[:40]}")
        return real_execute(self, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "pipeline", pipeline)
    monkeypatch.setattr(psycopg.Connection, "execute", execute)
    result = _store_one_trip(
        _delivery(
            wa.text_message(PNID, CUSTOMER, "السلام عليكم"),
            wa.text_message(PNID, "966500000002", "hi"),
            wa.status(PNID, "wamid.unknown", "delivered"),
        )
    )
    monkeypatch.undo()
    assert calls == ["pipeline"]
    assert len(result.new_messages) == 2 and result.statuses == 1
    assert q(engine_with_restaurant, "SELECT count(*) FROM messages") == [(3,)]  # committed


def test_one_round_trip_routes_to_the_open_a_reopened_and_a_new_conversation(engine_with_restaurant):
    """The same choices as the two-trip way: an open conversation takes the message, one resolved
    within the reopen gap is reopened, one resolved long ago is left and a new one started; a
    redelivered message is a duplicate; the batch's order is the messages' id order."""
    engine = engine_with_restaurant
    open_, recent, old = "966500000011", "966500000012", "966500000013"
    _store_one_trip(_delivery(*(wa.text_message(PNID, who, "first") for who in (open_, recent, old))))
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(
            text(
                "UPDATE conversations c SET status = 'resolved', resolved_at = :at FROM customers u "
                "WHERE u.id = c.customer_id AND u.wa_id = :w"
            ),
            [{"at": NOW - timedelta(minutes=5), "w": recent}, {"at": NOW - timedelta(days=3), "w": old}],
        )
    again = wa.text_message(PNID, open_, "again")
    batch = [wa.text_message(PNID, who, f"second {who}") for who in (old, recent, open_)]
    result = _store_one_trip(_delivery(*batch, again), _delivery(again))
    assert len(result.new_messages) == 4 and result.duplicates == 1
    rows = q(
        engine,
        "SELECT u.wa_id, c.status, c.unread_count, count(m.id) FROM conversations c "
        "JOIN customers u ON u.id = c.customer_id LEFT JOIN messages m ON m.conversation_id = c.id "
        "GROUP BY u.wa_id, c.id ORDER BY u.wa_id, c.started_at",
    )
    assert rows == [
        (open_, "active", 3, 3),  # first, second, again
        (recent, "active", 2, 2),  # reopened
        (old, "resolved", 1, 1),  # left as it was
        (old, "active", 1, 1),  # a new one
    ]
    stored = [w for (w,) in q(engine, "SELECT wa_message_id FROM messages WHERE body <> 'first' ORDER BY id")]
    assert stored == [m.wamid for m in (*batch, again)]


def test_a_racing_batch_finds_the_conversation_the_other_committed(engine_with_restaurant, monkeypatch):
    """Batch B (one round trip) waits behind batch A's new customer; after A commits, B's messages
    go to A's conversation, found by B's INSERT itself (nothing to settle): one conversation."""
    from crm_res.db import get_engine
    from crm_res.services.channel import ingest

    engine = engine_with_restaurant
    settled: list[int] = []
    monkeypatch.setattr(ingest, "settle_racing", lambda *a: settled.append(1))
    _store_one_trip(_delivery(wa.text_message(PNID, "966500000021", "warm")))  # fills the directory
    first = _delivery(wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    second = _delivery(wa.text_message(PNID, CUSTOMER, "ابغى اطلب"))
    results: dict[str, object] = {}

    def store_second() -> None:
        results["b"] = _store_one_trip(second)

    with get_engine().connect() as conn_a:
        tx = conn_a.begin()
        ingest.store_deliveries(conn_a, [first])
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
    assert settled == []
    [(conversation_id, unread)] = q(
        engine,
        "SELECT c.id, c.unread_count FROM conversations c JOIN customers u ON u.id = c.customer_id "
        "WHERE u.wa_id = :w",
        w=CUSTOMER,
    )
    assert unread == 2
    rows = q(
        engine,
        "SELECT conversation_id, body FROM messages WHERE conversation_id = :c ORDER BY id",
        c=conversation_id,
    )
    assert rows == [(conversation_id, "السلام عليكم"), (conversation_id, "ابغى اطلب")]
    [stored] = results["b"].new_messages  # type: ignore[attr-defined]
    assert stored.conversation_id == conversation_id


def _finding_nothing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The INSERT's conversation lookup finds none (as if the customer's conversation had been
    closed between the two statements)."""
    from crm_res.services.channel import ingest

    sql = ingest._INSERT_MESSAGES_BY_CUSTOMER.replace("LIMIT 1", "AND false LIMIT 1")
    assert sql != ingest._INSERT_MESSAGES_BY_CUSTOMER
    monkeypatch.setattr(ingest, "_INSERT_MESSAGES_BY_CUSTOMER", sql)


def test_a_message_without_a_conversation_commits_nothing(engine_with_restaurant, monkeypatch):
    from crm_res.services.channel.ingest import MissingConversation

    _finding_nothing(monkeypatch)
    with pytest.raises(MissingConversation):
        _store_one_trip(_delivery(wa.text_message(PNID, CUSTOMER, "hi"), wa.status(PNID, "wamid.x", "read")))
    for table in ("customers", "conversations", "messages", "message_status_events"):
        assert q(engine_with_restaurant, f"SELECT count(*) FROM {table}") == [(0,)], table


def test_the_batcher_stores_such_a_batch_the_two_trip_way(channel, monkeypatch):
    """Through the webhook: the one-trip try fails its check, the batch is stored again in two
    round trips: 200, one message, one job."""
    import asyncio

    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.jobs.queues import REPLIES, queue
    from crm_res.settings import get_settings

    _finding_nothing(monkeypatch)
    raw = wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "hi")))
    status, body = asyncio.run(
        handle_delivery(raw=raw, signature=wa.sign(raw, get_settings().whatsapp_app_secret or ""))
    )
    assert (status, body["stored"]) == (200, 1)
    [(mid,)] = q(channel["engine"], "SELECT id FROM messages WHERE direction = 'inbound'")
    assert queue(REPLIES).get_job_ids() == [f"in-{mid}"]
