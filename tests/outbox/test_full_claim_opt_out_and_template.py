"""What the full claim records for a business-initiated row it cancels, and what it hands on for a
reply it swaps to a template (found by mutation testing, docs/MUTATION.md, session of 2026-12-06 (3):
the cancelled message could lose the reason the inbox shows for it, and no test noticed)."""

from __future__ import annotations

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply


def _count(counter, *labels: str) -> float:  # type: ignore[no-untyped-def]
    return counter.labels(*labels)._value.get()


def test_a_feedback_request_to_a_customer_who_opted_out_is_cancelled_with_the_reason_on_its_message(channel):
    """The customer opted out after the request was queued: the send cancels it, nothing is posted;
    the outbox row and the conversation's message both say why (the inbox shows the message's
    reason), and it is counted once as a cancelled send."""
    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"], purpose="feedback_request")
    with engine.begin() as conn:
        conn.execute(text("UPDATE customers SET opted_out = true"))
    before = _count(metrics.SENDS, "cancelled", "")
    outcome = send_outbox(engine=engine, outbox_id=oid)
    assert (outcome.status, outcome.reason) == ("cancelled", "customer opted out")
    assert q(engine, "SELECT status, last_error FROM outbox") == [("cancelled", "customer opted out")]
    assert q(engine, "SELECT status, error_title FROM messages") == [("failed", "customer opted out")]
    assert _count(metrics.SENDS, "cancelled", "") == before + 1
    assert channel["graph"].requests == []


def test_a_business_initiated_row_sent_after_a_hold_is_counted_as_released_and_one_sent_as_queued_is_not(
    channel,
):
    """`outbox_released_total` counts the held business-initiated rows that go out once their hold
    ended: due more than a second after they were queued. A feedback request due exactly a second
    after it was queued (the queueing's own tolerance) and a reply due an hour late are not counted;
    one due a second and a half after it was queued is, and so is one held for an hour."""
    from datetime import UTC, datetime, timedelta

    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    engine, now = channel["engine"], datetime.now(UTC)
    queued = now - timedelta(hours=2)

    def sent_counting(purpose: str, due_after: timedelta) -> float:
        oid = queue_reply(engine, channel["restaurant_id"], purpose=purpose)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE outbox SET created_at = :c, not_before = :n WHERE id = :id"),
                {"c": queued, "n": queued + due_after, "id": oid},
            )
        before = metrics.OUTBOX_RELEASED._value.get()
        assert send_outbox(engine=engine, outbox_id=oid, now=now).status == "sent"
        return metrics.OUTBOX_RELEASED._value.get() - before

    assert sent_counting("feedback_request", timedelta(seconds=1)) == 0
    assert sent_counting("reply", timedelta(hours=1)) == 0
    assert sent_counting("feedback_request", timedelta(seconds=1.5)) == 1
    assert sent_counting("feedback_request", timedelta(hours=1)) == 1
    assert len(channel["graph"].sent) == 4


def test_a_reply_exactly_24_hours_after_the_customers_last_message_is_outside_the_window(channel):
    """The window is open for less than 24 hours: a free-form reply claimed at exactly 24 hours
    after the customer's last message (no template for replies) fails with Meta's code for it, one
    claimed a microsecond earlier goes out."""
    from datetime import UTC, datetime, timedelta

    from crm_res.services.outbox.sending import WINDOW, send_outbox

    engine, last = channel["engine"], datetime.now(UTC) - timedelta(hours=30)
    late = queue_reply(engine, channel["restaurant_id"], body="متأخر", last_inbound=last)
    in_time = queue_reply(engine, channel["restaurant_id"], body="في الوقت", last_inbound=last)
    with engine.begin() as conn:  # both queued when the customer wrote
        conn.execute(text("UPDATE outbox SET created_at = :t, not_before = :t"), {"t": last})
    outcome = send_outbox(engine=engine, outbox_id=late, now=last + WINDOW)
    assert outcome.status == "failed" and "24-hour window" in (outcome.reason or "")
    assert (
        send_outbox(engine=engine, outbox_id=in_time, now=last + WINDOW - timedelta(microseconds=1)).status
        == "sent"
    )
    assert [r.text for r in channel["graph"].sent] == ["في الوقت"]
