"""The send jobs (crm_res/jobs/send.py, found by mutation testing, docs/MUTATION.md, session of
2026-12-06 (7)): what each outcome of a send schedules next, the batch sender's lock and its next
batch, and the due replies sent in their order in the job itself. Where a test is about the job's
decision, the service it calls (`send_outbox`, `send_due_bulk`) is stood in for by one returning
the outcome under test, and the job's clock is frozen (`_frozen_clock`); the queues are real RQ."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from rq import Queue
from rq.registry import ScheduledJobRegistry

from crm_res.services.outbox.bulk_sending import BulkOutcome
from crm_res.services.outbox.sending import SendOutcome
from tests.fixtures.channel import q, queue_reply


@pytest.fixture
def send_job():  # type: ignore[no-untyped-def]
    from crm_res.jobs import send

    return send


def _frozen_clock(monkeypatch, send_job) -> datetime:  # type: ignore[no-untyped-def]
    """The job's `datetime.now` answers one moment (naive when asked without a zone, as the real
    one does); returns it."""
    now = datetime.now(UTC).replace(microsecond=0)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
            return now if tz is not None else now.replace(tzinfo=None)

    monkeypatch.setattr(send_job, "datetime", Frozen)
    return now


def _calls(monkeypatch, module, name: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Record the calls of `module.name` instead of making them."""
    calls: list[tuple] = []
    monkeypatch.setattr(module, name, lambda *args: calls.append(args))
    return calls


def _delays(monkeypatch) -> list[timedelta]:  # type: ignore[no-untyped-def]
    """The waits RQ's `enqueue_in` is given (the jobs are still scheduled)."""
    delays: list[timedelta] = []
    real = Queue.enqueue_in

    def spy(self, time_delta, func, *args, **kwargs):  # type: ignore[no-untyped-def]
        delays.append(time_delta)
        return real(self, time_delta, func, *args, **kwargs)

    monkeypatch.setattr(Queue, "enqueue_in", spy)
    return delays


def _scheduled_sends() -> list[Any]:
    from crm_res.jobs.queues import OUTBOUND, queue

    registry = ScheduledJobRegistry(queue=queue(OUTBOUND))
    return [queue(OUTBOUND).fetch_job(job_id) for job_id in registry.get_job_ids()]


def _sent_as(monkeypatch, send_job, outcome: SendOutcome) -> list[int]:  # type: ignore[no-untyped-def]
    """The one-row send answers `outcome`; returns the rows it was asked to send."""
    asked: list[int] = []

    def send_outbox_row(*, engine, outbox_id):  # type: ignore[no-untyped-def]
        assert engine is not None
        asked.append(outbox_id)
        return outcome

    monkeypatch.setattr(send_job, "send_outbox_row", send_outbox_row)
    return asked


# --------------------------------------------------------------------------- one row's send job


def test_a_deferred_row_is_queued_again_for_when_the_reply_ahead_of_it_may_go(
    redis_conn, monkeypatch, send_job
):
    """`deferred` (released behind an earlier reply): its send job again at now + the wait, or now
    when it has none; nothing else is scheduled."""
    now = _frozen_clock(monkeypatch, send_job)
    queued = _calls(monkeypatch, send_job, "enqueue_send")
    _sent_as(monkeypatch, send_job, SendOutcome("deferred", retry_in=30.0))
    assert send_job.send_outbox(7) == "deferred"
    _sent_as(monkeypatch, send_job, SendOutcome("deferred"))
    send_job.send_outbox(8)
    assert queued == [(7, now + timedelta(seconds=30)), (8, now)]
    assert _scheduled_sends() == []


@pytest.mark.parametrize("status", ["retry", "reconcile"])
def test_a_retry_or_an_unknown_outcome_schedules_a_fresh_send_job_after_its_wait(
    redis_conn, monkeypatch, send_job, status
):
    """The job schedules the row's next try itself: the send job of that row (a fresh id: the first
    may still be in RQ's started registry) after the outcome's wait, at least 0.05 s; the job
    carries the trace of the request it serves and RQ's limits of a send job."""
    from structlog.contextvars import bound_contextvars

    from crm_res.job_names import SEND_OUTBOX
    from crm_res.jobs.queues import OUTBOUND, queue

    asked = _sent_as(monkeypatch, send_job, SendOutcome(status, retry_in=2.5, reason="429 rate limited"))
    delays = _delays(monkeypatch)
    with bound_contextvars(request_id="req-41"):
        assert send_job.send_outbox(41) == f"{status}: 429 rate limited"
    _sent_as(monkeypatch, send_job, SendOutcome(status, retry_in=0.0, reason="now"))
    send_job.send_outbox(42)
    assert asked == [41]
    assert delays == [timedelta(seconds=2.5), timedelta(seconds=0.05)]
    jobs = {job.args[0]: job for job in _scheduled_sends()}
    assert set(jobs) == {41, 42} and queue(OUTBOUND).count == 0
    first = jobs[41]
    assert first.func_name == SEND_OUTBOX and first.args == (41,)
    assert re.fullmatch(r"send-41-\d+", first.id)
    assert (first.timeout, first.result_ttl) == (120, 300)
    assert first.meta.get("request_id") == "req-41"


def test_a_sent_failed_or_cancelled_row_schedules_nothing_and_says_why(redis_conn, monkeypatch, send_job):
    """The job's result is the outcome, with its reason when it has one."""
    queued = _calls(monkeypatch, send_job, "enqueue_send")
    _sent_as(monkeypatch, send_job, SendOutcome("sent", wamid="wamid.1"))
    assert send_job.send_outbox(1) == "sent"
    _sent_as(monkeypatch, send_job, SendOutcome("failed", reason="invalid message: no recipient"))
    assert send_job.send_outbox(2) == "failed: invalid message: no recipient"
    _sent_as(monkeypatch, send_job, SendOutcome("cancelled", reason="customer opted out"))
    assert send_job.send_outbox(3) == "cancelled: customer opted out"
    assert queued == [] and _scheduled_sends() == []


def _log_lines(monkeypatch, send_job) -> list[dict]:  # type: ignore[no-untyped-def]
    """The job's log lines, each its event and fields (whatever logging is configured as)."""
    lines: list[dict] = []

    class Log:
        def info(self, event: str, **fields: Any) -> None:
            lines.append({"event": event, **fields})

    monkeypatch.setattr(send_job, "log", Log())
    return lines


def test_each_send_jobs_outcome_is_logged_with_its_row_reason_and_wamid(redis_conn, monkeypatch, send_job):
    """`send.outcome`: the line an operator follows a message by (its row, what happened, why, and
    Meta's id of the message)."""
    lines = _log_lines(monkeypatch, send_job)
    _sent_as(monkeypatch, send_job, SendOutcome("sent", reason="first try", wamid="wamid.9"))
    send_job.send_outbox(9)
    assert lines == [
        {
            "event": "send.outcome",
            "outbox_id": 9,
            "outcome": "sent",
            "reason": "first try",
            "sent_wamid": "wamid.9",
        }
    ]


# --------------------------------------------------------------------------- the batch sender


class _Batch:
    """Stands in for `send_due_bulk`: records what it was asked, asks `should_yield` once, and
    answers `outcome`."""

    def __init__(self, outcome: BulkOutcome, check=None) -> None:  # type: ignore[no-untyped-def]
        self.outcome, self.check = outcome, check
        self.asked: list[dict] = []

    def __call__(self, *, engine, restaurant_id, purpose, budget, should_yield):  # type: ignore[no-untyped-def]
        self.asked.append(
            {"restaurant_id": restaurant_id, "purpose": purpose, "budget": budget, "yield": should_yield()}
        )
        assert engine is not None
        if self.check:
            self.check()
        return self.outcome


def _batch(monkeypatch, send_job, outcome: BulkOutcome, check=None) -> _Batch:  # type: ignore[no-untyped-def]
    batch = _Batch(outcome, check)
    monkeypatch.setattr(send_job, "send_due_bulk", batch)
    return batch


def test_a_batch_sends_the_restaurants_campaign_rows_for_its_budget_and_yields_to_a_waiting_reply(
    redis_conn, monkeypatch, send_job
):
    """The batch is asked for the restaurant's campaign rows for BULK_BATCH_SECONDS; it is told to
    yield when a customer's message or a reply's send waits, and not otherwise."""
    from crm_res.jobs.queues import OUTBOUND, REPLIES, queue

    rid = uuid.uuid4()
    batch = _batch(monkeypatch, send_job, BulkOutcome(stopped="done"))
    send_job.send_bulk(str(rid))
    queue(REPLIES).enqueue("crm_res.jobs.inbound.process_inbound", 1)
    send_job.send_bulk(str(rid))
    queue(REPLIES).empty()
    queue(OUTBOUND).enqueue("crm_res.jobs.send.send_outbox", 1)
    send_job.send_bulk(str(rid))
    expected = {"restaurant_id": rid, "purpose": "campaign", "budget": send_job.BULK_BATCH_SECONDS}
    assert batch.asked == [
        {**expected, "yield": False},
        {**expected, "yield": True},
        {**expected, "yield": True},
    ]


def test_a_batch_that_yielded_or_ran_out_of_time_queues_the_next_one_at_once(
    redis_conn, monkeypatch, send_job
):
    """Its next batch is queued now (behind the reply it yielded to), though a batch sender was
    marked queued before this one started: the running batch clears that mark."""
    from crm_res.jobs.enqueue import enqueue_bulk
    from crm_res.jobs.queues import BULK, queue

    for stopped in ("yield", "budget"):
        rid = str(uuid.uuid4())
        assert enqueue_bulk(rid)  # the job now running, as the release queued it
        queue(BULK).empty()
        _batch(monkeypatch, send_job, BulkOutcome(sent=8, stopped=stopped))
        assert send_job.send_bulk(rid) == str(BulkOutcome(sent=8, stopped=stopped))
        [job] = queue(BULK).get_jobs()
        assert job.args == (rid,)
        assert ScheduledJobRegistry(queue=queue(BULK)).get_job_ids() == []
        queue(BULK).empty()


def test_a_batch_stopped_by_the_cap_comes_back_a_second_later_and_one_with_nothing_due_at_the_next_rows_time(
    redis_conn, monkeypatch, send_job
):
    """No cap slot: the next batch in one second; nothing due now: at the earliest pending row's
    time; nothing pending: no next batch."""
    now = _frozen_clock(monkeypatch, send_job)
    queued = _calls(monkeypatch, send_job, "enqueue_bulk")
    rid = str(uuid.uuid4())
    later = now + timedelta(minutes=7)
    for outcome in (
        BulkOutcome(stopped="cap"),
        BulkOutcome(stopped="done", next_due=later),
        BulkOutcome(stopped="done"),
    ):
        _batch(monkeypatch, send_job, outcome)
        send_job.send_bulk(rid)
    assert queued == [(rid, now + timedelta(seconds=1)), (rid, later)]


def test_a_batchs_posts_with_an_unknown_outcome_are_reconciled_as_the_one_row_job_does(
    redis_conn, monkeypatch, send_job
):
    """Each row whose post's outcome is unknown gets its send job after the grace."""
    delays = _delays(monkeypatch)
    unknown = [(51, SendOutcome("reconcile", retry_in=61.0)), (52, SendOutcome("reconcile", retry_in=62.0))]
    _batch(monkeypatch, send_job, BulkOutcome(unknown=unknown, stopped="done"))
    send_job.send_bulk(str(uuid.uuid4()))
    assert sorted(job.args for job in _scheduled_sends()) == [(51,), (52,)]
    assert delays == [timedelta(seconds=61), timedelta(seconds=62)]


def test_the_batch_runs_under_the_restaurants_lock_that_expires_and_is_given_back(
    redis_conn, monkeypatch, send_job
):
    """While the batch runs the restaurant's lock is held with an expiry (a SIGKILLed worker's
    lock lapses by itself); afterwards it is free again."""
    rid = str(uuid.uuid4())
    key = f"crm:bulk-send:{rid}"
    ttl: list[int] = []
    _batch(monkeypatch, send_job, BulkOutcome(stopped="done"), check=lambda: ttl.append(redis_conn.pttl(key)))
    send_job.send_bulk(rid)
    assert len(ttl) == 1 and 0 < ttl[0] <= send_job.BULK_LOCK_SECONDS * 1000
    assert not redis_conn.exists(key)


def test_a_second_batch_sender_of_the_restaurant_ends_at_once_and_leaves_the_lock_to_the_first(
    redis_conn, monkeypatch, send_job
):
    """Another worker holds the lock: this job sends nothing, says so at once and leaves it."""
    from crm_res.db import get_redis

    rid = str(uuid.uuid4())
    first = get_redis().lock(f"crm:bulk-send:{rid}", timeout=20)
    assert first.acquire(blocking=False)
    batch = _batch(monkeypatch, send_job, BulkOutcome(stopped="done"))
    assert send_job.send_bulk(rid) == "another worker is sending this restaurant's batch"
    assert batch.asked == [] and first.owned()
    first.release()


def test_each_batch_is_logged_with_its_restaurant_and_outcome(redis_conn, monkeypatch, send_job):
    """`send.bulk`: which restaurant's batch and what it did."""
    lines = _log_lines(monkeypatch, send_job)
    rid = str(uuid.uuid4())
    outcome = BulkOutcome(sent=3, held=1, stopped="done")
    _batch(monkeypatch, send_job, outcome)
    send_job.send_bulk(rid)
    assert lines == [{"event": "send.bulk", "restaurant_id": rid, "outcome": str(outcome)}]


# --------------------------------------------------------------------------- replies in order


def test_due_replies_are_sent_in_the_job_and_later_ones_are_left_to_their_own_send_jobs(
    channel, monkeypatch, send_job
):
    """With the job's clock at T: rows due by T + 1 s (no time, or T itself) are posted in this call
    in their order; a row due at T + 1.5 s or in a minute is not claimed but gets its send job (the
    row's own id, not a retry's) for its time."""
    from crm_res.db import get_engine
    from crm_res.jobs.queues import OUTBOUND, queue

    engine, rid = channel["engine"], channel["restaurant_id"]
    first, second, soon, later = (
        queue_reply(engine, rid, body=b) for b in ("أولاً", "ثانياً", "بعد قليل", "لاحقاً")
    )
    now = _frozen_clock(monkeypatch, send_job)
    in_a_minute = now + timedelta(minutes=1)
    sequences = [
        [(first, None), (second, now)],
        [(soon, now + timedelta(seconds=1.5))],
        [(later, in_a_minute)],
    ]
    with get_engine().connect() as conn:
        send_job.send_in_order(sequences, conn=conn)
    assert [m.text for m in channel["graph"].sent] == ["أولاً", "ثانياً"]
    assert q(engine, "SELECT id, status, attempts FROM outbox ORDER BY id") == [
        (first, "sent", 1),
        (second, "sent", 1),
        (soon, "pending", 0),
        (later, "pending", 0),
    ]
    jobs = {job.id: job for job in [*_scheduled_sends(), *queue(OUTBOUND).get_jobs()]}
    assert sorted(jobs) == sorted([f"send-{soon}", f"send-{later}"])
    assert jobs[f"send-{later}"].args == (later,)
    when = ScheduledJobRegistry(queue=queue(OUTBOUND)).get_scheduled_time(f"send-{later}")
    assert abs((when - in_a_minute).total_seconds()) <= 1.0  # RQ keeps whole seconds
