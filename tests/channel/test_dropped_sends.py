"""A reply whose connection to Meta drops: never a ten-minute silence, never a duplicate.

Time is driven by the `now` the sends are given (the RQ job's scheduled time), not by sleeping.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q, queue_reply, run_worker

REPLY_DEADLINE = timedelta(seconds=60)


def _scheduled_sends() -> list[tuple[datetime, int]]:
    """(due time, outbox id) of the send jobs RQ's scheduler holds, soonest first."""
    from rq.job import Job

    from crm_res.db import get_redis
    from crm_res.jobs.queues import OUTBOUND, queue

    registry = queue(OUTBOUND).scheduled_job_registry
    due = []
    for job_id in registry.get_job_ids():
        job = Job.fetch(job_id, connection=get_redis())
        due.append((registry.get_scheduled_time(job_id), int(job.args[0])))
    return sorted(due)


def _run_scheduled_at_their_time(engine) -> list[str]:  # type: ignore[no-untyped-def]
    """Each scheduled send, as the worker would run it when due (its `now` is the due time)."""
    from crm_res.services.outbox import sending

    return [
        sending.send_outbox(engine=engine, outbox_id=oid, now=at).status for at, oid in _scheduled_sends()
    ]


def _ask(channel) -> datetime:  # type: ignore[no-untyped-def]
    started = datetime.now(UTC)
    assert post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم")).status_code == 200
    run_worker()  # processes the message; the reply's post is dropped
    return started


def test_reply_lost_on_a_dropped_connection_reaches_the_customer_within_a_minute_exactly_once(channel):
    """Meta never got the post (connection dropped after the request was read): the reply is sent again within 60 s, once."""
    graph = channel["graph"]
    graph.drop_next(accepted=False)
    asked_at = _ask(channel)
    assert len(graph.requests) == 1 and graph.sent == []
    rows = q(channel["engine"], "SELECT id, status FROM outbox ORDER BY id")
    assert rows[0][1] == "sending"  # outcome unknown: not resent at once, not forgotten
    scheduled = _scheduled_sends()
    assert scheduled and all(at - asked_at <= REPLY_DEADLINE for at, _ in scheduled)
    assert "sent" in _run_scheduled_at_their_time(channel["engine"])
    sent = graph.sent_to(CUSTOMER)
    expected = [oid for oid, _ in rows]
    assert [
        int(r.json["biz_opaque_callback_data"].split(":")[1]) for r in sent
    ] == expected  # in order, once each
    assert q(channel["engine"], "SELECT DISTINCT status FROM outbox") == [("sent",)]
    [(kind,)] = q(channel["engine"], "SELECT kind FROM events WHERE kind LIKE 'outbox.%'")
    assert kind == "outbox.resent_unconfirmed"


def test_reply_meta_accepted_before_the_drop_is_not_sent_twice(channel):
    """Meta took the post and its `sent` status arrives within the grace: the row is confirmed, no second post."""
    graph = channel["graph"]
    graph.drop_next(accepted=True)
    _ask(channel)
    [accepted] = graph.sent
    oid = int(accepted.json["biz_opaque_callback_data"].split(":")[1])
    status = wa.status(PNID, accepted.wamid, "sent")
    status.data["biz_opaque_callback_data"] = f"outbox:{oid}"  # Meta echoes it in its statuses
    assert post(channel["client"], status).status_code == 200
    assert q(channel["engine"], "SELECT status, wa_message_id FROM outbox WHERE id = :i", i=oid) == [
        ("sent", accepted.wamid)
    ]
    outcomes = _run_scheduled_at_their_time(channel["engine"])
    assert outcomes and "skipped" in outcomes
    assert [r.wamid for r in graph.sent_to(CUSTOMER)].count(accepted.wamid) == 1
    assert (
        len(
            [
                r
                for r in graph.requests
                if r.json and r.json.get("biz_opaque_callback_data") == f"outbox:{oid}"
            ]
        )
        == 1
    )
    assert q(channel["engine"], "SELECT count(*) FROM events WHERE kind = 'outbox.resent_unconfirmed'") == [
        (0,)
    ]


def test_refused_connection_is_never_sent_and_is_retried_at_once(channel, monkeypatch):
    """Nobody listening (connect error): the row goes back to pending within about a second, no grace."""
    from crm_res.services.outbox import sending
    from crm_res.settings import get_settings

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.setenv("WHATSAPP_GRAPH_URL", f"http://127.0.0.1:{closed}/v21.0")
    get_settings.cache_clear()
    sending._client.cache_clear()
    from crm_res import metrics

    retries = metrics.SENDS.labels("retry", "")._value.get()
    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    outcome = sending.send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "retry" and outcome.retry_in is not None and outcome.retry_in <= 1.0
    assert metrics.SENDS.labels("retry", "")._value.get() == retries + 1  # no Meta code: code ""
    assert q(channel["engine"], "SELECT status, sending_started_at FROM outbox") == [("pending", None)]
    monkeypatch.setenv("WHATSAPP_GRAPH_URL", channel["graph"].url)
    get_settings.cache_clear()
    sending._client.cache_clear()
    later = datetime.now(UTC) + timedelta(seconds=2)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid, now=later).status == "sent"
    assert len(channel["graph"].sent) == 1


def test_business_initiated_sends_wait_the_longer_bulk_grace(channel):
    """A campaign message with an unknown outcome waits the bulk grace (10 min), a reply the short one (20 s)."""
    from crm_res.jobs import sweep
    from crm_res.services.outbox import sending

    graph = channel["graph"]
    reply = queue_reply(channel["engine"], channel["restaurant_id"])
    campaign = queue_reply(channel["engine"], channel["restaurant_id"], body="عرض", purpose="campaign")
    with channel["engine"].begin() as conn:  # a broadcast outside the conversation: not held behind the reply
        conn.execute(text("UPDATE outbox SET conversation_id = NULL WHERE id = :c"), {"c": campaign})
    graph.drop_next(accepted=False, times=2)
    outcomes = {
        oid: sending.send_outbox(engine=channel["engine"], outbox_id=oid) for oid in (reply, campaign)
    }
    assert {o.status for o in outcomes.values()} == {"reconcile"}
    assert outcomes[reply].retry_in == 21 and outcomes[campaign].retry_in == 601  # a second past each grace
    with channel["engine"].begin() as conn:  # the jobs are lost: only the sweeper is left
        conn.execute(text("UPDATE outbox SET not_before = now() - interval '1 minute'"))
    from crm_res.db import get_redis

    get_redis().flushdb()
    in_a_minute = datetime.now(UTC) + timedelta(minutes=1)
    assert "1 outbox" in sweep.requeue_stale(now=in_a_minute)  # the reply; the campaign still waits
    assert (
        sending.send_outbox(engine=channel["engine"], outbox_id=campaign, now=in_a_minute).status
        == "reconcile"
    )
    assert sending.send_outbox(engine=channel["engine"], outbox_id=reply, now=in_a_minute).status == "sent"
    in_eleven = datetime.now(UTC) + timedelta(minutes=11)
    assert sending.send_outbox(engine=channel["engine"], outbox_id=campaign, now=in_eleven).status == "sent"
    assert len(graph.sent) == 2 and len(graph.requests) == 4
