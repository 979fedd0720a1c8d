"""Two webhook batches stored at the same time, each with a different message from the same new
customer: the second waits on the first's customer row, then finds the conversation the first
opened (the ingest's race path). One customer, one conversation, both messages in it."""

from __future__ import annotations

import threading
import time

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, q


def _waiting_on_a_lock(engine) -> bool:  # type: ignore[no-untyped-def]
    return (
        q(
            engine,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'",
        )[0][0]
        > 0
    )


def test_concurrent_batches_with_different_messages_from_one_new_customer(channel, monkeypatch):
    """Batch B blocks behind batch A's new customer; after A commits, B settles on A's conversation."""
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel import ingest

    engine = channel["engine"]
    settled: list[int] = []
    real_settle = ingest.settle_racing

    def settle(pg, racing, conversation_of):  # type: ignore[no-untyped-def]
        settled.append(len(racing))
        return real_settle(pg, racing, conversation_of)

    monkeypatch.setattr(ingest, "settle_racing", settle)  # as ingest calls it
    first = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "السلام عليكم"))))
    second = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "ابغى اطلب"))))
    results: dict[str, object] = {}

    def store_second() -> None:
        with engine.connect() as conn, conn.begin():
            results["b"] = ingest.store_deliveries(conn, [second])

    with engine.connect() as conn_a:
        tx = conn_a.begin()
        results["a"] = ingest.store_deliveries(conn_a, [first])
        b = threading.Thread(target=store_second)
        b.start()
        for _ in range(3000):  # B reaches A's uncommitted customer row and waits (order of events, not time)
            if _waiting_on_a_lock(engine) or not b.is_alive():
                break
            time.sleep(0.01)
        assert b.is_alive() and _waiting_on_a_lock(engine), "batch B should be waiting on batch A"
        tx.commit()
    b.join(timeout=30)
    assert not b.is_alive()
    assert settled == [1]  # B found no open conversation in its snapshot and took the race path
    assert q(engine, "SELECT count(*) FROM customers WHERE wa_id = :w", w=CUSTOMER) == [(1,)]
    [(conversation_id, unread)] = q(engine, "SELECT id, unread_count FROM conversations")
    assert unread == 2
    rows = q(engine, "SELECT conversation_id, body FROM messages ORDER BY id")
    assert rows == [(conversation_id, "السلام عليكم"), (conversation_id, "ابغى اطلب")]
    [stored_a], [stored_b] = results["a"].new_messages, results["b"].new_messages  # type: ignore[attr-defined]
    assert stored_a.conversation_id == stored_b.conversation_id == conversation_id
