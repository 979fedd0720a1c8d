"""What the full claim answers for a row it does not send: already settled, not yet due, or posted
with an unknown outcome and still within its grace (found by mutation testing, docs/MUTATION.md,
session of 2026-12-06 (2): the second of tolerance could become two, so a row was posted up to two
seconds early, and each of these outcomes could lose its reason, which the send job logs and
returns, and no test noticed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply


def _set(engine, oid: int, sql: str, **params) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE outbox SET {sql} WHERE id = :id"), {"id": oid, **params})


def test_a_row_due_in_a_second_and_a_half_is_not_posted_yet(channel):
    """Due 1.5 s from now: answered "retry", not yet due, in 1.5 s; nothing posted, still pending.
    At its time it goes."""
    from crm_res.services.outbox.sending import send_outbox

    engine, now = channel["engine"], datetime.now(UTC)
    oid = queue_reply(engine, channel["restaurant_id"])
    _set(engine, oid, "not_before = :t", t=now + timedelta(seconds=1.5))
    outcome = send_outbox(engine=engine, outbox_id=oid, now=now)
    assert (outcome.status, outcome.reason, outcome.retry_in) == ("retry", "not yet due", 1.5)
    assert q(engine, "SELECT status, attempts FROM outbox") == [("pending", 0)]
    assert channel["graph"].requests == []
    assert send_outbox(engine=engine, outbox_id=oid, now=now + timedelta(seconds=1.5)).status == "sent"


def test_a_settled_row_is_skipped_with_its_status(channel):
    """A row already sent (its status webhook came first, or another worker sent it): skipped,
    "already sent", nothing posted."""
    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"])
    _set(engine, oid, "status = 'sent'")
    outcome = send_outbox(engine=engine, outbox_id=oid)
    assert (outcome.status, outcome.reason) == ("skipped", "already sent")
    assert channel["graph"].requests == []


def test_a_post_with_an_unknown_outcome_is_reconciled_within_its_grace_with_the_reason(channel):
    """Posted 10 s ago with no answer (still `sending`): within its grace the claim answers
    "reconcile", with the reason, a second after the grace ends; nothing is posted again."""
    from crm_res.services.outbox.sending import send_outbox, unknown_send_grace

    engine, now = channel["engine"], datetime.now(UTC)
    oid = queue_reply(engine, channel["restaurant_id"])
    _set(
        engine,
        oid,
        "status = 'sending', attempts = 1, sending_started_at = :t",
        t=now - timedelta(seconds=10),
    )
    outcome = send_outbox(engine=engine, outbox_id=oid, now=now)
    assert (outcome.status, outcome.reason) == ("reconcile", "waiting for a status of an unconfirmed send")
    assert outcome.retry_in == (unknown_send_grace() - timedelta(seconds=10)).total_seconds() + 1.0
    assert q(engine, "SELECT status, attempts FROM outbox") == [("sending", 1)]
    assert channel["graph"].requests == []


def test_a_reply_held_behind_an_earlier_one_retries_a_quarter_second_after_it_is_due(channel):
    """The earlier reply of the conversation is due in 3 s: the later one is answered "retry",
    after an earlier reply, in 3.25 s (kept in its `not_before`, for the sweeper), not posted."""
    from crm_res.services.outbox.sending import send_outbox

    engine, now = channel["engine"], datetime.now(UTC)
    first = queue_reply(engine, channel["restaurant_id"], body="أولا")
    second = queue_reply(engine, channel["restaurant_id"], body="ثانيا")
    _set(engine, first, "not_before = :t", t=now + timedelta(seconds=3))
    outcome = send_outbox(engine=engine, outbox_id=second, now=now)
    assert (outcome.status, outcome.reason, outcome.retry_in) == ("retry", "after an earlier reply", 3.25)
    [(status, not_before)] = q(engine, "SELECT status, not_before FROM outbox WHERE id = :id", id=second)
    assert (status, not_before) == ("pending", now + timedelta(seconds=3.25))
    assert channel["graph"].requests == []


def test_a_post_still_unconfirmed_after_its_grace_is_sent_again_and_audited(channel):
    """Posted with an unknown outcome longer ago than its grace: sent again, and the audit trail
    has one `outbox.resent_unconfirmed` event by the system for the row, saying how long it waited."""
    from crm_res.services.outbox.sending import send_outbox, unknown_send_grace

    engine, now = channel["engine"], datetime.now(UTC)
    oid = queue_reply(engine, channel["restaurant_id"])
    posted = now - unknown_send_grace() - timedelta(seconds=5)
    _set(engine, oid, "status = 'sending', attempts = 1, sending_started_at = :t", t=posted)
    assert send_outbox(engine=engine, outbox_id=oid, now=now).status == "sent"
    events = q(
        engine,
        "SELECT restaurant_id, actor, subject_type, subject_id, data FROM events WHERE kind = 'outbox.resent_unconfirmed'",
    )
    [(restaurant_id, actor, subject_type, subject_id, data)] = events
    assert (restaurant_id, actor, subject_type, subject_id) == (
        channel["restaurant_id"],
        "system",
        "outbox",
        str(oid),
    )
    assert data["waited_seconds"] == round((now - posted).total_seconds()) and data["attempts"] == 1
    assert len(channel["graph"].sent) == 1
