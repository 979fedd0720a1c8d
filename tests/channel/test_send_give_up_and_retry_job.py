"""Sends that Meta keeps refusing: a 500 storm ends `failed` with the reason after the attempt limit,
and a 429 makes the send job schedule its own retry for when the row is due (not left to the sweeper)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply, run_worker


def test_500s_past_the_attempt_limit_end_failed_with_the_reason(channel):
    """Every post answered 500: after MAX_ATTEMPTS posts the row and its message are failed, the
    reason says it gave up and why, and no further post is made."""
    from crm_res.services.outbox.sending import MAX_ATTEMPTS, send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(500, code=131000, times=MAX_ATTEMPTS + 3)  # Meta's "something went wrong"
    statuses, at = [], datetime.now(UTC)
    for _ in range(MAX_ATTEMPTS + 2):  # each try when the previous one said to come back
        outcome = send_outbox(engine=channel["engine"], outbox_id=oid, now=at)
        statuses.append(outcome.status)
        at += timedelta(seconds=(outcome.retry_in or 0) + 1)
    assert statuses == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed", "skipped", "skipped"]
    [(status, attempts, error)] = q(channel["engine"], "SELECT status, attempts, last_error FROM outbox")
    assert (status, attempts) == ("failed", MAX_ATTEMPTS)
    assert f"gave up after {MAX_ATTEMPTS} attempts" in error
    [(message_status, title, code)] = q(
        channel["engine"], "SELECT status, error_title, error_code FROM messages"
    )
    assert message_status == "failed" and f"gave up after {MAX_ATTEMPTS} attempts" in title
    assert code == 131000  # Meta's code of the last refusal, as the inbox shows it
    assert len(channel["graph"].requests) == MAX_ATTEMPTS and channel["graph"].sent == []


def test_a_429_makes_the_send_job_schedule_its_retry_when_the_row_is_due(channel):
    """The send job itself puts the retry on RQ's schedule at the row's not_before (Retry-After
    honoured), and that scheduled job sends the message."""
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry

    from crm_res.db import get_redis
    from crm_res.job_names import SEND_OUTBOX
    from crm_res.jobs import send as send_job
    from crm_res.jobs.queues import OUTBOUND, queue

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    channel["graph"].fail_next(429, retry_after=3)
    before = datetime.now(UTC)
    assert send_job.send_outbox(oid).startswith("retry")
    [(status, not_before)] = q(channel["engine"], "SELECT status, not_before FROM outbox")
    assert status == "pending" and not_before >= before + timedelta(seconds=3)
    registry = ScheduledJobRegistry(queue=queue(OUTBOUND))
    [job_id] = registry.get_job_ids()
    job = Job.fetch(job_id, connection=get_redis())
    assert (job.func_name, job.args) == (SEND_OUTBOX, (oid,))
    # RQ keeps whole seconds: the job is due within a second of the row.
    assert abs((registry.get_scheduled_time(job_id) - not_before).total_seconds()) <= 1.0
    assert queue(OUTBOUND).count == 0  # nothing runs before then
    # When it is due, that job (moved to the queue as RQ's scheduler would) sends the message.
    registry.remove(job)
    queue(OUTBOUND).enqueue_job(job)
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET not_before = now() - interval '1 second'"))
    run_worker()
    assert len(channel["graph"].sent) == 1
    assert q(channel["engine"], "SELECT status, attempts FROM outbox") == [("sent", 2)]


def test_a_payload_that_is_not_a_cloud_api_message_fails_at_once_without_a_post(channel):
    """A row whose payload the client refuses (no recipient) fails with the reason; Meta sees nothing."""
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET payload = payload - 'to' WHERE id = :i"), {"i": oid})
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed" and outcome.reason.startswith("invalid message:")
    [(status, error)] = q(channel["engine"], "SELECT status, last_error FROM outbox")
    assert status == "failed" and "not a Cloud API message payload" in error
    assert q(channel["engine"], "SELECT status FROM messages") == [("failed",)]
    assert channel["graph"].requests == []


def test_a_reply_held_behind_a_429_is_scheduled_with_it_and_sent_after_it(channel):
    """Two replies to one message, the first refused with 429: the second is not posted before it;
    both are scheduled for the first's retry time, and then arrive in their order."""
    from rq.registry import ScheduledJobRegistry

    from crm_res.db import get_engine
    from crm_res.jobs import send as send_job
    from crm_res.jobs.queues import OUTBOUND, queue

    first = queue_reply(channel["engine"], channel["restaurant_id"], body="الأول")
    second = queue_reply(channel["engine"], channel["restaurant_id"], body="الثاني")
    channel["graph"].fail_next(429, retry_after=3)
    with get_engine().connect() as conn:
        send_job.send_in_order([[(first, None), (second, None)]], conn=conn)
    assert channel["graph"].sent == []
    rows = dict(q(channel["engine"], "SELECT id, not_before FROM outbox"))
    registry = ScheduledJobRegistry(queue=queue(OUTBOUND))
    scheduled = {
        int(job_id.split("-")[1]): registry.get_scheduled_time(job_id) for job_id in registry.get_job_ids()
    }
    assert set(scheduled) == {first, second}
    for oid in (first, second):
        assert abs((scheduled[oid] - rows[first]).total_seconds()) <= 1.0
    assert q(channel["engine"], "SELECT attempts FROM outbox ORDER BY id") == [(1,), (0,)]
    with channel["engine"].begin() as conn:
        conn.execute(text("UPDATE outbox SET not_before = now() - interval '1 second'"))
    for oid in (first, second):  # due now: the send jobs run in the order RQ's scheduler moves them
        assert send_job.send_outbox(oid) == "sent"
    assert [r.text for r in channel["graph"].sent] == ["الأول", "الثاني"]
