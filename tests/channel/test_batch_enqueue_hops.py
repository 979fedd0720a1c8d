"""The delivery batcher enqueues a batch in the thread that stored it when nothing else waits
(one thread hop per batch at a steady rate), and hands the enqueue to a task of its own when
the next batch is already queued (it overlaps that batch's transaction). Either way each stored
message gets exactly one processing job and every request its answer."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, q


def _deliveries(*customers: str) -> list[bytes]:
    return [wa.encode(wa.delivery(wa.text_message(PNID, who, f"hi from {who}"))) for who in customers]


def _running_batcher():  # type: ignore[no-untyped-def]
    """The batcher of the test's event loop: the one whose writer runs (an earlier test's loop, and
    its batcher, may not be collected yet, and it comes first in `_batchers`)."""
    from crm_res.http import delivery_batcher

    [batcher] = [b for b in list(delivery_batcher._batchers.values()) if b._writer and not b._writer.done()]
    return batcher


def _queued_jobs() -> list[str]:
    from crm_res.jobs.queues import REPLIES, queue

    return queue(REPLIES).get_job_ids()


def _post_all(
    bodies: list[bytes], between: object = None, request_ids: list[str] | None = None
) -> list[tuple[int, dict]]:
    """`bodies[0]` first; the others once `between` (a threading.Event) is set, on one event loop
    (`request_ids`: each request's id). A request left without an answer fails the test (it would
    hold Meta's connection until Meta gives up) rather than hanging it."""
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    secret = get_settings().whatsapp_app_secret or ""
    ids = request_ids or [None] * len(bodies)

    async def answer(raw: bytes, request_id: str | None) -> tuple[int, dict]:
        call = handle_delivery(raw=raw, signature=wa.sign(raw, secret), request_id=request_id)
        return await asyncio.wait_for(call, 60)

    async def later(raw: bytes, request_id: str | None) -> tuple[int, dict]:
        while between is not None and not between.is_set():  # type: ignore[attr-defined]
            await asyncio.sleep(0.005)
        return await answer(raw, request_id)

    async def run() -> list[tuple[int, dict]]:
        first = asyncio.ensure_future(answer(bodies[0], ids[0]))
        rest = [asyncio.ensure_future(later(raw, rid)) for raw, rid in zip(bodies[1:], ids[1:], strict=True)]
        return list(await asyncio.gather(first, *rest))

    return asyncio.run(run())


def test_a_lone_batch_is_enqueued_in_its_store_thread(channel, monkeypatch):
    """Nothing waiting behind it: no enqueue task, the job is queued once, the request answered 200."""
    from crm_res.http import delivery_batcher

    tasks: list[int] = []
    real = delivery_batcher._enqueue_and_answer

    async def counted(batch, result, **kw):  # type: ignore[no-untyped-def]
        tasks.append(len(batch))
        await real(batch, result, **kw)

    monkeypatch.setattr(delivery_batcher, "_enqueue_and_answer", counted)
    [(status, body)] = _post_all(_deliveries("966500000101"))
    assert (status, body["stored"]) == (200, 1)
    assert tasks == []
    [(mid,)] = q(channel["engine"], "SELECT id FROM messages WHERE direction = 'inbound'")
    assert _queued_jobs() == [f"in-{mid}"]


def test_a_batch_with_another_waiting_hands_its_enqueue_to_a_task(channel, monkeypatch):
    """The next deliveries arrive while the first batch is being stored: the first batch's enqueue
    runs as a task beside the next batch's transaction; every message is queued exactly once."""
    from crm_res.http import delivery_batcher

    storing, calls = threading.Event(), []
    real_store = delivery_batcher.store_deliveries

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(deliveries))
        if len(calls) == 1:  # hold the first batch until the others are queued behind it
            storing.set()
            batcher = _running_batcher()
            deadline = time.monotonic() + 10
            while batcher._queue.qsize() < 2 and time.monotonic() < deadline:
                time.sleep(0.005)
        return real_store(conn, deliveries, **kw)

    tasks: list[int] = []
    real = delivery_batcher._enqueue_and_answer

    async def counted(batch, result, **kw):  # type: ignore[no-untyped-def]
        tasks.append(len(batch))
        await real(batch, result, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    monkeypatch.setattr(delivery_batcher, "_enqueue_and_answer", counted)
    answers = _post_all(_deliveries("966500000201", "966500000202", "966500000203"), between=storing)
    assert [status for status, _ in answers] == [200, 200, 200]
    assert calls == [1, 2]  # the first alone, the two behind it together
    assert tasks[:1] == [1]  # the first batch's enqueue was a task of its own
    ids = [mid for (mid,) in q(channel["engine"], "SELECT id FROM messages WHERE direction = 'inbound'")]
    assert len(ids) == 3
    assert sorted(_queued_jobs()) == sorted(f"in-{mid}" for mid in ids)


def test_a_failed_enqueue_in_the_store_thread_answers_503_and_keeps_the_rows(channel, monkeypatch):
    """Redis refusing the inline enqueue: the batch's requests get 503 (Meta redelivers), the rows
    stay stored (the sweeper queues them), and the redelivery is acknowledged without a second row."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    refused = 0

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal refused
        refused += 1
        raise RedisConnectionError("redis is down")

    monkeypatch.setattr("crm_res.jobs.enqueue.enqueue_inbound_ids", refuse)
    bodies = _deliveries("966500000301")
    [(status, body)] = _post_all(bodies)
    assert status == 503 and body["retry"] is True
    assert refused == 1  # answered from the failure, not enqueued again by a task (a 200)
    monkeypatch.undo()
    [(status, _)] = _post_all(bodies)
    assert status == 200
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'inbound'")[0][0] == 1


def test_a_fault_after_the_store_answers_503_and_the_writer_keeps_going(channel, monkeypatch, caplog):
    """A bug between the store and the answer (here: the store's result malformed) must not stop
    the one writer: the batch's request answers 503 with its row kept, and the next delivery on the
    same event loop is stored and answered as usual (it would wait forever if the writer died)."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    real_store, calls = delivery_batcher.store_deliveries, []

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        result = real_store(conn, deliveries, **kw)
        calls.append(len(deliveries))
        if len(calls) == 1:
            result.unknown_phone_number_ids = None  # what `frozenset(...)` cannot take
        return result

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    secret = get_settings().whatsapp_app_secret or ""
    first, second = _deliveries("966500000401", "966500000402")

    async def run() -> list[tuple[int, dict]]:
        answers = []
        for raw in (first, second):  # one after the other, on one loop: one batcher, one writer
            answers.append(
                await asyncio.wait_for(handle_delivery(raw=raw, signature=wa.sign(raw, secret)), 30)
            )
        return answers

    with caplog.at_level("ERROR", logger="crm_res.webhook"):
        (status1, body1), (status2, body2) = asyncio.run(run())
    assert (status1, body1["retry"]) == (503, True)
    assert (status2, body2["stored"]) == (200, 1)
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'inbound'")[0][0] == 2
    [logged] = [r for r in caplog.records if r.name == "crm_res.webhook"]  # for the operator, with the trace
    assert logged.getMessage() == "webhook: answering 1 stored deliveries failed" and logged.exc_info


def test_a_bug_in_the_store_answers_503_and_the_writer_keeps_going(channel, monkeypatch, caplog):
    """An error no database raises (a bug in the store itself) fails only its batch: its request
    answers 503, the operator gets the trace, and the next delivery is stored as usual."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    real_store, calls = delivery_batcher.store_deliveries, []

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(deliveries))
        if len(calls) == 1:
            raise KeyError("a bug")
        return real_store(conn, deliveries, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    secret = get_settings().whatsapp_app_secret or ""
    first, second = _deliveries("966500000451", "966500000452")

    async def run() -> list[tuple[int, dict]]:
        return [
            await asyncio.wait_for(handle_delivery(raw=raw, signature=wa.sign(raw, secret)), 60)
            for raw in (first, second)
        ]

    with caplog.at_level("ERROR", logger="crm_res.webhook"):
        (status1, body1), (status2, body2) = asyncio.run(run())
    # Meta reads a 503 (it redelivers) naming the kind of failure, never a bare 500.
    assert (status1, body1) == (
        503,
        {"error": "could not store the delivery (KeyError)", "retry": True, "_reason": "unavailable"},
    )
    assert (status2, body2["stored"]) == (200, 1)
    [logged] = [r for r in caplog.records if r.name == "crm_res.webhook"]
    assert logged.getMessage() == "webhook: storing 1 deliveries failed" and logged.exc_info
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'inbound'")[0][0] == 1


def _behind_a_held_first_batch(  # type: ignore[no-untyped-def]
    monkeypatch, bodies: list[bytes], request_ids: list[str] | None = None
) -> list[tuple[int, dict]]:
    """Post `bodies`, the first stored alone while the others queue behind it: its enqueue runs
    as a task of its own (as in the test above)."""
    from crm_res.http import delivery_batcher

    storing, calls = threading.Event(), []
    real_store = delivery_batcher.store_deliveries

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(deliveries))
        if len(calls) == 1:
            storing.set()
            batcher = _running_batcher()
            deadline = time.monotonic() + 10
            while batcher._queue.qsize() < len(bodies) - 1 and time.monotonic() < deadline:
                time.sleep(0.005)
        return real_store(conn, deliveries, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    answers = _post_all(bodies, between=storing, request_ids=request_ids)
    assert calls[0] == 1
    return answers


def test_a_failed_enqueue_in_a_task_answers_its_batch_503_and_its_neighbours_200(channel, monkeypatch):
    """Redis refusing the enqueue that runs as a task: that batch's request gets 503 (Meta
    redelivers; its row stays for the sweeper), never a 200 for a message nobody will process;
    the batch behind it is queued and answered 200."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from crm_res.jobs import enqueue

    real, refused = enqueue.enqueue_inbound_ids, []

    def first_refused(ids, **kw):  # type: ignore[no-untyped-def]
        if not refused:
            refused.append(ids)
            raise RedisConnectionError("redis is down")
        return real(ids, **kw)

    monkeypatch.setattr(enqueue, "enqueue_inbound_ids", first_refused)
    answers = _behind_a_held_first_batch(monkeypatch, _deliveries("966500000501", "966500000502"))
    assert [status for status, _ in answers] == [503, 200]
    assert answers[0][1]["retry"] is True
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'inbound'")[0][0] == 2


def test_a_batch_enqueued_by_a_task_still_reports_what_no_restaurant_has(channel, monkeypatch):
    """A delivery with a message for a number no restaurant has, enqueued as a task: its answer
    counts that message as ignored, as the inline path does."""
    mixed = wa.encode(
        wa.delivery(
            wa.text_message(PNID, "966500000601", "hi"), wa.text_message("pn-nobody", "966500000602", "hi")
        )
    )
    answers = _behind_a_held_first_batch(monkeypatch, [mixed, *_deliveries("966500000603")])
    assert answers[0] == (200, {"status": "ok", "stored": 1, "ignored": 1})
    assert answers[1][0] == 200


def test_the_job_names_the_request_that_stored_its_message(channel):
    """A message's processing job carries the id of the webhook request that stored it (its log
    lines name that request)."""
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.jobs.queues import REPLIES, queue
    from crm_res.settings import get_settings

    [raw] = _deliveries("966500000701")
    signature = wa.sign(raw, get_settings().whatsapp_app_secret or "")
    status, _ = asyncio.run(handle_delivery(raw=raw, signature=signature, request_id="req-701"))
    [job_id] = _queued_jobs()
    job = queue(REPLIES).fetch_job(job_id)
    assert status == 200 and job is not None and job.meta["request_id"] == "req-701"


def _burst_behind_a_slow_batch(monkeypatch, held_in: str) -> list[tuple[int, dict]]:  # type: ignore[no-untyped-def]
    """Post a delivery, then four more while its batch is held up in its store (its enqueue then
    runs as a task, still running when the four are stored: theirs is a task too) or in its enqueue
    (in the store thread: the four's is then done in theirs), until the four have queued behind it
    and waited for a commit: they are stored as one batch, the sign that ingestion is behind."""
    from crm_res.http import delivery_batcher
    from crm_res.jobs import enqueue

    held, second_stored, stores, enqueues = threading.Event(), threading.Event(), [], []

    def until_the_four_waited() -> None:
        held.set()
        batcher = _running_batcher()
        deadline = time.monotonic() + 10
        while batcher._queue.qsize() < 4 and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.05)  # longer than a delivery may wait for its commit (BUSY_WAIT_SECONDS)

    real_store, real_enqueue = delivery_batcher.store_deliveries, enqueue.enqueue_inbound_ids

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        stores.append(len(deliveries))
        if len(stores) == 1 and held_in == "store":
            until_the_four_waited()
        if len(stores) == 2:
            second_stored.set()
        return real_store(conn, deliveries, **kw)

    def enqueue_ids(ids, **kw):  # type: ignore[no-untyped-def]
        enqueues.append(ids)
        if len(enqueues) == 1 and held_in == "enqueue":
            until_the_four_waited()
        elif len(enqueues) == 1:
            second_stored.wait(10)
        return real_enqueue(ids, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    monkeypatch.setattr(enqueue, "enqueue_inbound_ids", enqueue_ids)
    answers = _post_all(_deliveries(*(f"96650000080{i}" for i in range(5))), between=held)
    assert stores == [1, 4]
    return answers


@pytest.mark.parametrize("held_in", ["enqueue", "store"])
def test_deliveries_that_waited_for_their_commit_make_the_workers_step_aside(channel, monkeypatch, held_in):
    """Four deliveries queued up behind a slow batch: once stored, ingestion is marked busy, so
    the workers pause before their next job and a long job stops taking rounds (the tier's CPU
    and Postgres go to acknowledging Meta first), whichever path enqueued them."""
    from crm_res.db import get_redis
    from crm_res.jobs import ingest_pressure

    monkeypatch.setattr(ingest_pressure, "HOLD_MS", 600_000)  # the mark outlives the test's reading
    assert not ingest_pressure.is_busy(get_redis())
    answers = _burst_behind_a_slow_batch(monkeypatch, held_in)
    assert [status for status, _ in answers] == [200] * 5
    assert ingest_pressure.is_busy(get_redis())


@pytest.mark.parametrize("held_in", ["enqueue", "store"])
def test_a_batch_stored_without_a_wait_leaves_the_workers_alone(channel, monkeypatch, held_in):
    """The same batch of four, when a delivery may wait a minute for its commit before ingestion
    counts as behind: the workers are not held up (at normal load nothing waits for the tier)."""
    from crm_res.db import get_redis
    from crm_res.jobs import ingest_pressure

    monkeypatch.setattr(ingest_pressure, "HOLD_MS", 600_000)
    monkeypatch.setattr(ingest_pressure, "BUSY_WAIT_SECONDS", 60.0)
    answers = _burst_behind_a_slow_batch(monkeypatch, held_in)
    assert [status for status, _ in answers] == [200] * 5
    assert not ingest_pressure.is_busy(get_redis())


def test_a_job_enqueued_by_a_task_names_the_request_that_stored_its_message(channel, monkeypatch):
    """The enqueue that runs as a task (another batch waiting) carries each message's request id
    into its job too: the job's log lines name the webhook request, as on the inline path."""
    from crm_res.jobs.queues import REPLIES, queue

    answers = _behind_a_held_first_batch(
        monkeypatch, _deliveries("966500000901", "966500000902"), request_ids=["req-901", "req-902"]
    )
    assert [status for status, _ in answers] == [200, 200]
    jobs = [queue(REPLIES).fetch_job(job_id) for job_id in _queued_jobs()]
    wamids = dict(q(channel["engine"], "SELECT body, wa_message_id FROM messages"))
    named = {job.meta["wamid"]: job.meta["request_id"] for job in jobs if job is not None}
    assert named == {wamids["hi from 966500000901"]: "req-901", wamids["hi from 966500000902"]: "req-902"}


def test_a_delivery_arriving_while_the_idle_writer_lets_go_of_its_connection_is_stored(channel, monkeypatch):
    """Deliveries stop, the writer gives its idle connection back (in a thread: a close can take a
    network round trip), and a delivery arrives meanwhile: the same writer takes it next and it
    is stored and answered 200, rather than left waiting for an answer that never comes."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import DeliveryBatcher, handle_delivery
    from crm_res.settings import get_settings

    releasing, releases = threading.Event(), []
    real_release = DeliveryBatcher._release

    def release(self: DeliveryBatcher) -> None:
        releases.append(threading.current_thread() is threading.main_thread())
        if len(releases) == 1 and not releases[0]:  # the idle release (in its thread): hold it
            releasing.set()
            deadline = time.monotonic() + 10
            while self._queue.empty() and time.monotonic() < deadline:
                time.sleep(0.005)
        real_release(self)

    monkeypatch.setattr(delivery_batcher, "IDLE_RELEASE_SECONDS", 0.05)
    monkeypatch.setattr(DeliveryBatcher, "_release", release)
    secret = get_settings().whatsapp_app_secret or ""
    first, second = _deliveries("966500001001", "966500001002")

    async def run() -> list[tuple[int, dict]]:
        answers = [await asyncio.wait_for(handle_delivery(raw=first, signature=wa.sign(first, secret)), 30)]
        while not releasing.is_set():  # bounded by the test's own wait below
            await asyncio.sleep(0.005)
        writer = _running_batcher()._writer
        answers.append(
            await asyncio.wait_for(handle_delivery(raw=second, signature=wa.sign(second, secret)), 30)
        )
        assert _running_batcher()._writer is writer  # the same writer took it
        return answers

    (status1, body1), (status2, body2) = asyncio.run(asyncio.wait_for(run(), 60))
    assert (status1, body1["stored"]) == (200, 1)
    assert (status2, body2["stored"]) == (200, 1)
    assert releases[0] is False  # the idle path let go of the connection, in a thread
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'inbound'")[0][0] == 2


def _until_one_more_is_queued(held: threading.Event) -> None:
    """(In the store thread.) Signal `held`, then wait until the next delivery has queued behind."""
    held.set()
    batcher = _running_batcher()
    deadline = time.monotonic() + 10
    while batcher._queue.empty() and time.monotonic() < deadline:
        time.sleep(0.005)


@pytest.mark.parametrize(
    ("failure", "first_answer"),
    [
        ("a bug in the store", (503, "could not store the delivery (KeyError)")),
        ("its data refused", (400, "Postgres refused the delivery: bad data")),
        ("a fault while answering it", (503, "could not store the delivery (RuntimeError)")),
    ],
)
def test_a_delivery_queued_behind_a_failed_batch_is_stored_by_the_same_writer(
    channel, monkeypatch, failure, first_answer
):
    """Whatever failed the batch ahead of it (a bug in the store, Postgres refusing all of its
    data, a fault while answering it after the store), a delivery that queued behind it meanwhile
    is stored and answered 200: the writer goes on to it (a writer that stopped there would leave
    it waiting for an answer until some later delivery started a new one)."""
    import psycopg

    from crm_res.http import delivery_batcher
    from crm_res.jobs import enqueue

    held, stores, enqueues, answers = threading.Event(), [], [], []
    real_store, real_enqueue, real_answer = (
        delivery_batcher.store_deliveries,
        enqueue.enqueue_inbound_ids,
        delivery_batcher._answer,
    )

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        stores.append(len(deliveries))
        if len(stores) == 1 and failure != "a fault while answering it":
            _until_one_more_is_queued(held)
            raise (
                KeyError("a bug")
                if failure == "a bug in the store"
                else psycopg.errors.DataException("bad data")
            )
        return real_store(conn, deliveries, **kw)

    def enqueue_ids(ids, **kw):  # type: ignore[no-untyped-def]
        enqueues.append(ids)
        if len(enqueues) == 1:  # the first batch's enqueue, in its store thread (nothing waited yet)
            _until_one_more_is_queued(held)
        return real_enqueue(ids, **kw)

    def answer(batch, exc=None, unknown=frozenset()):  # type: ignore[no-untyped-def]
        answers.append(len(batch))
        if len(answers) == 1:
            raise RuntimeError("a bug while answering")
        real_answer(batch, exc, unknown=unknown)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    if failure == "a fault while answering it":
        monkeypatch.setattr(enqueue, "enqueue_inbound_ids", enqueue_ids)
        monkeypatch.setattr(delivery_batcher, "_answer", answer)
    (status1, body1), (status2, body2) = _post_all(_deliveries("966500001101", "966500001102"), between=held)
    assert (status1, body1["error" if status1 == 503 else "detail"]) == first_answer
    assert (status2, body2["stored"]) == (200, 1)
    assert q(channel["engine"], "SELECT body FROM messages WHERE direction = 'inbound' ORDER BY id")[-1] == (
        "hi from 966500001102",
    )


def test_once_an_enqueue_task_is_done_the_next_lone_batch_is_enqueued_in_its_store_thread(
    channel, monkeypatch
):
    """A batch enqueued by a task (another was waiting) does not leave the writer thinking one is
    still running: a delivery after both were answered is enqueued inline again (one thread hop)."""
    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    held, stores, by_task = threading.Event(), [], []
    real_store, real = delivery_batcher.store_deliveries, delivery_batcher._enqueue_and_answer

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        stores.append(len(deliveries))
        if len(stores) == 1:
            _until_one_more_is_queued(held)
        return real_store(conn, deliveries, **kw)

    async def counted(batch, result, **kw):  # type: ignore[no-untyped-def]
        by_task.extend(p.request_id for p in batch)
        await real(batch, result, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    monkeypatch.setattr(delivery_batcher, "_enqueue_and_answer", counted)
    secret = get_settings().whatsapp_app_secret or ""
    bodies = _deliveries("966500001201", "966500001202", "966500001203")

    def post(i: int):  # type: ignore[no-untyped-def]
        call = handle_delivery(raw=bodies[i], signature=wa.sign(bodies[i], secret), request_id=f"req-{i}")
        return asyncio.wait_for(call, 60)

    async def run() -> list[tuple[int, dict]]:
        first = asyncio.ensure_future(post(0))
        while not held.is_set():
            await asyncio.sleep(0.005)
        answers = list(await asyncio.gather(first, post(1)))
        return [*answers, await post(2)]

    assert [status for status, _ in asyncio.run(run())] == [200, 200, 200]
    assert by_task[:1] == ["req-0"] and "req-2" not in by_task


def test_a_connection_lost_while_storing_one_by_one_answers_the_rest_503_without_trying_them(
    channel, monkeypatch, caplog
):
    """Three deliveries in one batch; the batch fails (not the connection: it is stored one by
    one), the first alone is stored, then the connection is lost on the second: it and the third
    answer 503 without a try each (they would fail the same way), every failure is logged with its
    kind and Postgres's reason, and only the first is stored."""
    import psycopg

    from crm_res.http import delivery_batcher
    from crm_res.http.delivery_batcher import handle_delivery
    from crm_res.settings import get_settings

    real_store, stores = delivery_batcher.store_deliveries, []

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        stores.append(len(deliveries))
        if len(stores) == 1:
            raise psycopg.errors.RaiseException("a trigger refused the batch")
        if len(stores) in (3, 4):  # the kept connection, then a fresh one
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real_store(conn, deliveries, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    secret = get_settings().whatsapp_app_secret or ""
    bodies = _deliveries("966500001301", "966500001302", "966500001303")

    async def one_batch() -> list[tuple[int, dict]]:  # queued together before the writer runs
        calls = (handle_delivery(raw=raw, signature=wa.sign(raw, secret)) for raw in bodies)
        return list(await asyncio.gather(*(asyncio.wait_for(call, 60) for call in calls)))

    with caplog.at_level("WARNING", logger="crm_res.webhook"):
        answers = asyncio.run(one_batch())
    unavailable = (503, {"error": "database unavailable", "retry": True, "_reason": "unavailable"})
    assert answers == [(200, {"status": "ok", "stored": 1}), unavailable, unavailable]
    assert stores == [3, 1, 1, 1]
    assert [r.getMessage() for r in caplog.records if r.name == "crm_res.webhook"] == [
        "webhook: batch of 3 deliveries failed (a trigger refused the batch); storing them one by one",
        "webhook: could not store a delivery (connection): server closed the connection unexpectedly",
    ]
    assert q(channel["engine"], "SELECT body FROM messages WHERE direction = 'inbound'") == [
        ("hi from 966500001301",)
    ]


def test_with_two_enqueues_in_flight_the_writer_waits_for_one_then_takes_the_next_delivery(
    channel, monkeypatch
):
    """Three deliveries, each arriving while the one before is being stored: the first two are
    enqueued by tasks, and the first of those is held until the second runs, so two are in flight
    (the most the writer lets run): the writer waits for one to finish, then stores the third,
    while the second is still running (it is held until the third is stored: a writer waiting for
    both would store the third only after it). All three are answered 200 (a writer that failed at
    that wait would leave the third waiting)."""
    from crm_res.http import delivery_batcher
    from crm_res.jobs import enqueue
    from crm_res.settings import get_settings

    held = [threading.Event(), threading.Event()]
    second_enqueue_started, third_stored = threading.Event(), threading.Event()
    stores, enqueues, third_stored_first = [], [], []
    real_store, real_enqueue = delivery_batcher.store_deliveries, enqueue.enqueue_inbound_ids

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        stores.append(len(deliveries))
        if len(stores) <= 2:
            _until_one_more_is_queued(held[len(stores) - 1])
        try:
            return real_store(conn, deliveries, **kw)
        finally:
            if len(stores) == 3:
                third_stored.set()

    def enqueue_ids(ids, **kw):  # type: ignore[no-untyped-def]
        enqueues.append(ids)
        nth = len(enqueues)
        if nth == 1:
            second_enqueue_started.wait(10)
        else:
            second_enqueue_started.set()
        if nth == 2:  # in flight until the third is stored (10 s at most)
            third_stored_first.append(third_stored.wait(10))
        return real_enqueue(ids, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    monkeypatch.setattr(enqueue, "enqueue_inbound_ids", enqueue_ids)
    secret = get_settings().whatsapp_app_secret or ""
    bodies = _deliveries("966500001401", "966500001402", "966500001403")

    async def post(raw: bytes, after: threading.Event | None) -> tuple[int, dict]:
        from crm_res.http.delivery_batcher import handle_delivery

        while after is not None and not after.is_set():
            await asyncio.sleep(0.005)
        return await asyncio.wait_for(handle_delivery(raw=raw, signature=wa.sign(raw, secret)), 60)

    async def run() -> list[tuple[int, dict]]:
        return list(
            await asyncio.gather(post(bodies[0], None), post(bodies[1], held[0]), post(bodies[2], held[1]))
        )

    assert [status for status, _ in asyncio.run(run())] == [200, 200, 200]
    assert stores == [1, 1, 1] and len(enqueues) == 3
    assert third_stored_first == [True]  # stored while the second enqueue was still in flight
