"""Inbound jobs taken in batches: one job answers the backlog behind it, each message exactly once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, post, q, queue_reply, run_worker

CUSTOMERS = [f"96650777{i:04d}" for i in range(6)]


def _post_one_each(channel) -> dict[str, int]:  # type: ignore[no-untyped-def]  # noqa: F811
    """One text from each customer, each in its own delivery (its own job); their message ids."""
    for who in CUSTOMERS:
        assert post(channel["client"], wa.text_message(PNID, who, "السلام عليكم")).status_code == 200
    rows = q(
        channel["engine"],
        "SELECT cu.wa_id, m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        "JOIN customers cu ON cu.id = c.customer_id WHERE m.direction = 'inbound'",
    )
    return {who: int(mid) for who, mid in rows}


def test_one_job_answers_the_inbound_jobs_queued_behind_it_once_each(channel):  # noqa: F811
    """Six queued jobs: the first takes the other five off the queue; one claim for all; six replies, one each."""
    from crm_res.db import get_redis
    from crm_res.jobs.queues import REPLIES, queue

    ids = _post_one_each(channel)
    assert queue(REPLIES).get_job_ids() == [f"in-{ids[w]}" for w in CUSTOMERS]
    claims = []

    def on_sql(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.lstrip().startswith("UPDATE messages SET processed_at"):
            claims.append(statement)

    event.listen(channel["engine"], "before_cursor_execute", on_sql)
    try:
        run_worker()
    finally:
        event.remove(channel["engine"], "before_cursor_execute", on_sql)
    sent = channel["graph"].wait_for(len(CUSTOMERS))
    assert sorted(r.to for r in sent) == sorted(CUSTOMERS)  # each customer answered, once
    assert len(claims) == 1  # the six were claimed in one statement: one batch
    assert queue(REPLIES).finished_job_registry.get_job_ids() == [f"in-{ids[CUSTOMERS[0]]}"]  # one job ran
    assert not any(
        get_redis().exists(f"rq:job:in-{ids[w]}") for w in CUSTOMERS[1:]
    )  # the taken ones never run
    assert q(
        channel["engine"],
        "SELECT count(*) FROM messages WHERE direction = 'inbound' AND processed_at IS NULL",
    ) == [(0,)]
    assert q(
        channel["engine"], "SELECT count(*), count(DISTINCT customer_id) FROM outbox WHERE status = 'sent'"
    ) == [(len(CUSTOMERS), len(CUSTOMERS))]


def test_a_message_that_fails_costs_its_batch_neighbours_nothing(channel, monkeypatch):  # noqa: F811
    """The third message raises: the other five are answered; it alone fails, in its own job, unprocessed."""
    from crm_res.jobs.queues import REPLIES, queue
    from crm_res.services.dialogue import inbound

    ids = _post_one_each(channel)
    bad = ids[CUSTOMERS[2]]
    real = inbound._respond

    def respond(session, ctx, now):  # type: ignore[no-untyped-def]
        if ctx.message.id == bad:
            raise RuntimeError("this message breaks the assistant")
        return real(session, ctx, now)

    monkeypatch.setattr(inbound, "_respond", respond)
    run_worker()
    sent = channel["graph"].wait_for(len(CUSTOMERS) - 1)
    assert sorted(r.to for r in sent) == sorted(w for w in CUSTOMERS if w != CUSTOMERS[2])
    assert queue(REPLIES).failed_job_registry.get_job_ids() == [f"in-{bad}"]
    assert q(
        channel["engine"], "SELECT id FROM messages WHERE direction = 'inbound' AND processed_at IS NULL"
    ) == [(bad,)]
    monkeypatch.undo()  # the assistant mended: the sweeper's requeue answers it, once
    from crm_res.jobs import sweep

    monkeypatch.setattr(sweep, "STALE", timedelta(seconds=-1))
    assert "1 inbound" in sweep.requeue_stale()
    run_worker()
    assert sorted(r.to for r in channel["graph"].wait_for(len(CUSTOMERS))) == sorted(CUSTOMERS)


def test_a_worker_dying_after_taking_jobs_loses_no_message(channel, monkeypatch):  # noqa: F811
    """Jobs taken off the queue by a process that then died: the sweeper queues their messages again."""
    from crm_res.jobs import sweep
    from crm_res.jobs.enqueue import take_queued_inbound

    ids = _post_one_each(channel)
    assert sorted(take_queued_inbound(16)) == sorted(ids.values())  # ... and the taker dies here
    run_worker()
    assert channel["graph"].sent == []
    monkeypatch.setattr(sweep, "STALE", timedelta(seconds=-1))
    assert f"{len(CUSTOMERS)} inbound" in sweep.requeue_stale()
    run_worker()
    assert sorted(r.to for r in channel["graph"].wait_for(len(CUSTOMERS))) == sorted(CUSTOMERS)
    assert len(channel["graph"].sent) == len(CUSTOMERS)


def test_concurrent_takers_each_get_a_job_exactly_once(redis_conn):
    """Four threads take from one queue of 400 inbound jobs (other jobs mixed in): every id once, the rest left."""
    from crm_res.jobs.enqueue import enqueue_inbound_ids, take_queued_inbound
    from crm_res.jobs.queues import REPLIES, queue

    for start in range(0, 400, 50):
        enqueue_inbound_ids(list(range(start, start + 50)))
        queue(REPLIES).enqueue("crm_res.jobs.maintenance.heartbeat", job_id=f"other-{start}")
    taken: list[list[int]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def take(k: int) -> None:
        start.wait()  # all four begin together
        while got := take_queued_inbound(16):
            taken[k].extend(got)

    threads = [threading.Thread(target=take, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [i for part in taken for i in part]
    assert sorted(everything) == list(range(400))  # none twice, none lost
    assert queue(REPLIES).get_job_ids() == [f"other-{s}" for s in range(0, 400, 50)]


def test_a_reply_that_must_wait_holds_back_the_ones_after_it(channel):  # noqa: F811
    """Three replies in order; the first meets a 500: the other two are not posted before it, then all go in order."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import send_many

    rows = [queue_reply(channel["engine"], channel["restaurant_id"], body=f"الرد {n}") for n in (1, 2, 3)]
    channel["graph"].fail_next(500)
    before = datetime.now(UTC)
    with get_engine().connect() as conn:
        outcomes = send_many(engine=get_engine(), conn=conn, sequences=[rows])
    assert [outcomes[r].status for r in rows] == ["retry", "deferred", "deferred"]
    assert channel["graph"].sent == []
    [(retry_at,), *held_back] = q(channel["engine"], "SELECT not_before FROM outbox ORDER BY id")
    assert retry_at >= before and all(
        at >= retry_at for (at,) in held_back
    )  # due no earlier (full jitter: ≥ 0 s)
    assert q(channel["engine"], "SELECT status, attempts FROM outbox ORDER BY id") == [
        ("pending", 1),
        ("pending", 0),
        ("pending", 0),
    ]  # the two held back were no attempt
    later = datetime.now(UTC) + timedelta(seconds=(outcomes[rows[0]].retry_in or 0) + 1)
    with get_engine().connect() as conn:
        again = send_many(engine=get_engine(), conn=conn, sequences=[rows], now=later)
    assert [again[r].status for r in rows] == ["sent", "sent", "sent"]
    assert [r.text for r in channel["graph"].sent] == ["الرد 1", "الرد 2", "الرد 3"]


def test_a_job_dequeued_between_the_peek_and_the_take_is_not_taken(redis_conn, monkeypatch):
    """A worker pops two jobs right after the taker looked at the queue: the taker gets the rest only."""
    from crm_res.db import get_redis
    from crm_res.jobs import enqueue
    from crm_res.jobs.queues import REPLIES, queue

    enqueue.enqueue_inbound_ids([1, 2, 3, 4, 5])
    real = get_redis()

    class DequeueAfterPeek:
        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return getattr(real, name)

        def lrange(self, *args):  # type: ignore[no-untyped-def]
            head = real.lrange(*args)
            real.lpop(queue(REPLIES).key, 2)  # an RQ worker's dequeue wins in-1 and in-2
            return head

    monkeypatch.setattr(enqueue, "get_redis", lambda: DequeueAfterPeek())
    assert enqueue.take_queued_inbound(16) == [3, 4, 5]
    assert real.exists("rq:job:in-1") and not real.exists("rq:job:in-3")  # the popped ones still run
