"""Replies to one conversation leave in order across workers, and an earlier row never holds the later ones for ever.

"Two workers" are two threads sending on their own connections, as two RQ worker processes do;
the per-number cap is the real shared moving window in Redis.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q, queue_reply


def _outbox_id(received) -> int:  # type: ignore[no-untyped-def]
    return int(received.json["biz_opaque_callback_data"].split(":")[1])


def _set_cap(engine, per_second: int) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE restaurants SET settings = coalesce(settings, '{}'::jsonb) || :s"),
            {"s": f'{{"rate_per_second": {per_second}}}'},
        )


def test_a_reply_waiting_for_a_send_slot_is_not_overtaken_by_the_next_reply_on_another_worker(
    channel, monkeypatch
):
    """While worker 1's reply waits for a slot under the cap, worker 2 holds the next reply (no post, no attempt); it goes after."""
    from crm_res.services.outbox import sending

    engine, graph = channel["engine"], channel["graph"]
    _set_cap(engine, 1)  # one slot a second
    first = queue_reply(engine, channel["restaurant_id"], body="أهلا بك")
    second = queue_reply(engine, channel["restaurant_id"], body="البرجر بـ ٢٥ ريال")
    sending._limiter.cache_clear()
    assert sending.wait_for_send_slot(PNID, 1, max_wait=0)  # this second's slot is gone: worker 1 must wait

    # Worker 1 is held at the start of its wait until worker 2 has looked (a full window holds it
    # up to a second anyway; the event only makes "worker 2 looks while worker 1 waits" certain).
    real, waiting, go_on = sending.wait_for_send_slot, threading.Event(), threading.Event()

    def slot(*args, **kwargs):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "worker-1":
            waiting.set()
            go_on.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(sending, "wait_for_send_slot", slot)
    outcomes: dict[str, sending.SendOutcome] = {}
    worker_1 = threading.Thread(
        target=lambda: outcomes.update(first=sending.send_outbox(engine=engine, outbox_id=first)),
        name="worker-1",
    )
    worker_1.start()
    try:
        assert waiting.wait(30)
        held = sending.send_outbox(engine=engine, outbox_id=second)  # worker 2
        assert (held.status, held.reason) == ("retry", "after an earlier reply")
        [(status, attempts, not_before)] = q(
            engine, "SELECT status, attempts, not_before FROM outbox WHERE id = :i", i=second
        )
        assert (status, attempts) == ("pending", 0) and not_before > datetime.now(UTC)
    finally:
        go_on.set()
        worker_1.join(30)
    assert outcomes["first"].status == "sent"
    retried = datetime.now(UTC) + timedelta(seconds=held.retry_in or 0)  # worker 2's retry, at its time
    assert sending.send_outbox(engine=engine, outbox_id=second, now=retried).status == "sent"
    assert [_outbox_id(r) for r in graph.sent] == [first, second]
    assert len(graph.requests) == 2  # each posted once


def test_a_reply_released_for_the_cap_holds_its_conversation_in_a_batch_and_outside_it(channel, monkeypatch):
    """A batch holding two messages' replies of one customer: when the first finds no slot, the second is deferred, not posted."""
    from crm_res.db import get_engine
    from crm_res.services.outbox import sending

    engine, graph = channel["engine"], channel["graph"]
    first = queue_reply(engine, channel["restaurant_id"], body="أهلا")
    second = queue_reply(engine, channel["restaurant_id"], body="تفضل")
    monkeypatch.setattr(sending, "wait_for_send_slot", lambda *a, **k: False)  # no slot within the wait
    with get_engine().connect() as conn:
        outcomes = sending.send_many(engine=get_engine(), conn=conn, sequences=[[first], [second]])
    assert outcomes[first].status == "retry" and outcomes[second].status == "deferred"
    assert graph.requests == []
    assert q(engine, "SELECT status, attempts FROM outbox ORDER BY id") == [("pending", 0), ("pending", 0)]
    # The second's own job, before the first is due again: held by the first, which is pending and due soon.
    held = sending.send_outbox(engine=engine, outbox_id=second)
    assert (held.status, held.reason) == ("retry", "after an earlier reply")
    monkeypatch.undo()
    later = datetime.now(UTC) + timedelta(seconds=2)
    assert sending.send_outbox(engine=engine, outbox_id=first, now=later).status == "sent"
    assert sending.send_outbox(engine=engine, outbox_id=second, now=later).status == "sent"
    assert [_outbox_id(r) for r in graph.sent] == [first, second]


@pytest.mark.parametrize(
    ("earlier", "holds"),
    [
        ("status = 'pending', not_before = now()", True),  # due: goes first
        ("status = 'sending', sending_started_at = now() - interval '5 seconds'", True),  # being posted
        ("status = 'failed'", False),  # failed for good
        ("status = 'cancelled'", False),
        (
            "status = 'pending', not_before = now() + interval '1 hour'",
            False,
        ),  # held for prayer, a long backoff
        ("status = 'pending', not_before = now() - interval '1 hour'", False),  # its job lost long ago
        (
            "status = 'sending', sending_started_at = now() - interval '1 hour'",
            False,
        ),  # a bulk row's long grace
    ],
)
def test_what_holds_a_later_reply_is_bounded(channel, earlier, holds):
    """Only an earlier row still on its way out (due within the hold, or posted within it) holds a later reply; nothing holds for ever."""
    from crm_res.services.outbox import sending

    engine, graph = channel["engine"], channel["graph"]
    first = queue_reply(engine, channel["restaurant_id"], body="أهلا")
    second = queue_reply(engine, channel["restaurant_id"], body="تفضل")
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE outbox SET {earlier} WHERE id = :i"), {"i": first})
    outcome = sending.send_outbox(engine=engine, outbox_id=second)
    if holds:
        assert (outcome.status, outcome.reason) == (
            "retry",
            "after an earlier reply",
        ) and graph.requests == []
    else:
        assert outcome.status == "sent" and [_outbox_id(r) for r in graph.sent] == [second]


def test_the_order_check_probes_the_partial_index_of_unsent_rows(channel):
    """The claim's EXISTS can use ix_outbox_conversation_unsent (its predicate is implied): one index probe, not a scan."""
    from crm_res.services.outbox import sending

    engine = channel["engine"]
    second = queue_reply(engine, channel["restaurant_id"], body="تفضل")
    now = datetime.now(UTC)
    hold = sending.order_hold()
    sql = sending._FAST_CLAIM.replace("%(", ":").replace(")s", "")
    with engine.connect() as conn:
        # A restaurant that has been sending a while (the statistics a planner meets in use, not
        # those an earlier test left): 5,000 sent replies, then ANALYZE; all rolled back below.
        conn.execute(
            text(
                "INSERT INTO outbox (restaurant_id, customer_id, conversation_id, to_wa_id, idempotency_key, "
                "kind, purpose, business_initiated, payload, not_before, status, attempts, created_at) "
                "SELECT restaurant_id, customer_id, conversation_id, to_wa_id, idempotency_key || '-old-' || n, "
                "kind, purpose, business_initiated, payload, not_before, 'sent', attempts, created_at "
                "FROM outbox, generate_series(1, 5000) AS n WHERE id = :id"
            ),
            {"id": second},
        )
        conn.execute(text("ANALYZE outbox"))
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                text("EXPLAIN " + sql),
                {
                    "ids": [second],
                    "now": now,
                    "due": now,
                    "free": sorted(sending.FREE_FORM_KINDS),
                    "window_start": now - sending.WINDOW,
                    "hold_from": now - hold,
                    "hold_to": now + hold,
                },
            )
        )
        conn.rollback()
    assert "ix_outbox_conversation_unsent" in plan, plan


def test_two_workers_answer_one_conversation_one_after_the_other(channel):
    """A customer's next message taken by a second worker waits for the first worker's commit, then
    reads the conversation as the first left it; its reply is queued (and so sent) after the first's."""
    from sqlmodel import Session

    from crm_res.services.dialogue.inbound import handle_inbound_batch

    engine = channel["engine"]
    first, second = wa.text_message(PNID, CUSTOMER, "السلام عليكم"), wa.text_message(PNID, CUSTOMER, "المنيو")
    for ev in (first, second):
        assert post(channel["client"], ev).status_code == 200
    ids = dict(q(engine, "SELECT wa_message_id, id FROM messages WHERE direction = 'inbound'"))

    done: dict[str, object] = {}

    def worker_2() -> None:
        with Session(engine, expire_on_commit=False) as session:
            done["outcome"] = handle_inbound_batch(session=session, message_ids=[ids[second.wamid]])[0]
            session.commit()

    with Session(engine, expire_on_commit=False) as session_1:
        mine = handle_inbound_batch(session=session_1, message_ids=[ids[first.wamid]])[0]
        other = threading.Thread(target=worker_2)
        other.start()
        try:
            # Worker 2 is waiting on the conversation's lock (asked of Postgres, not timed here).
            assert _wait_for(
                lambda: (
                    q(engine, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'") == [(1,)]
                )
            ), "the second worker did not wait for the first"
            assert "outcome" not in done
            session_1.commit()
        finally:
            other.join(30)
    theirs = done["outcome"]
    assert mine.sends and theirs.sends  # type: ignore[attr-defined]
    assert max(oid for oid, _ in mine.sends) < min(oid for oid, _ in theirs.sends)  # type: ignore[attr-defined]


def _wait_for(condition, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
