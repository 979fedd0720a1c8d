"""What a send records, and the path it takes (found by mutation testing, docs/MUTATION.md, session
of 2026-12-07 (3): `record_sent` could store no `sent_at`, mark a real send "sandbox" or count it
under another label; `_send` could skip the one-round-trip claim; `send_outbox` on a caller's
connection could settle a retry with no engine; and no test noticed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.channel import q, queue_reply


def test_a_sent_reply_and_its_message_say_when_and_that_it_went_to_meta_and_it_is_counted_sent(channel):
    """The row and its message are `sent` (not the simulator's `sandbox`) with the time of the send,
    and the send is counted once as `sent` with no error code."""
    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"])
    counter = metrics.SENDS.labels("sent", "")
    before, started = counter._value.get(), datetime.now(UTC)
    assert send_outbox(engine=engine, outbox_id=oid).status == "sent"
    assert counter._value.get() == before + 1
    [(status, sent_at)] = q(engine, "SELECT status, sent_at FROM outbox")
    [(message_status, message_sent_at)] = q(engine, "SELECT status, sent_at FROM messages")
    assert (status, message_status) == ("sent", "sent")
    assert sent_at == message_sent_at and started <= sent_at <= datetime.now(UTC) + timedelta(seconds=1)


def test_a_due_reply_in_the_window_takes_the_one_round_trip_claim(channel, monkeypatch):
    """The common case never reaches the full claim (`_claim`): the one-round-trip claim takes it."""
    from crm_res.services.outbox import sending

    def no_full_claim(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the full claim was used")

    monkeypatch.setattr(sending, "_claim", no_full_claim)
    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    assert sending.send_outbox(engine=channel["engine"], outbox_id=oid).status == "sent"


def test_a_send_on_the_callers_connection_settles_a_retry_and_a_refusal(channel):
    """`send_outbox(conn=...)` (the inbound job's connection): a 500 is released for a retry, a
    refusal fails the row; both settled through the engine, the row as they say."""
    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"])
    channel["graph"].fail_next(500, code=131000)
    with engine.connect() as conn:
        outcome = send_outbox(engine=engine, outbox_id=oid, conn=conn)
    assert outcome.status == "retry"
    assert q(engine, "SELECT status, attempts FROM outbox") == [("pending", 1)]
    channel["graph"].fail_next(400, code=131026)
    with engine.connect() as conn:
        outcome = send_outbox(
            engine=engine, outbox_id=oid, conn=conn, now=datetime.now(UTC) + timedelta(minutes=1)
        )
    assert outcome.status == "failed"
    assert q(engine, "SELECT status FROM outbox") == [("failed",)]


def test_the_outcome_carries_the_wamid_meta_answered(channel):
    """What the send job logs as `sent_wamid` is the id Meta gave the message."""
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    [posted] = channel["graph"].sent
    assert outcome.status == "sent" and outcome.wamid == posted.wamid is not None


def test_a_full_claim_posts_with_the_restaurants_own_token_and_never_for_the_simulators_customer(channel):
    """A feedback request (full claim) is posted with the restaurant's own access token when it
    has one; to the owner's simulator customer it is never posted to the Cloud API (sandbox)."""
    from sqlalchemy import text

    from crm_res.services.outbox.sending import send_outbox

    engine, graph = channel["engine"], channel["graph"]
    with engine.begin() as conn:
        conn.execute(text("UPDATE restaurants SET whatsapp_access_token = 'own-token'"))
    graph.access_token = "own-token"
    oid = queue_reply(engine, channel["restaurant_id"], purpose="feedback_request")
    assert send_outbox(engine=engine, outbox_id=oid).status == "sent"
    [posted] = graph.sent
    assert posted.headers["authorization"] == "Bearer own-token"

    with engine.begin() as conn:
        conn.execute(text("UPDATE customers SET is_test = true"))
    oid = queue_reply(engine, channel["restaurant_id"], purpose="feedback_request")
    assert send_outbox(engine=engine, outbox_id=oid).status == "sent"
    assert len(graph.requests) == 1
    assert sorted(q(engine, "SELECT status FROM messages")) == [("sandbox",), ("sent",)]
