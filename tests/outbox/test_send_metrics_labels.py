"""The labels the send metrics are read by (dashboards and alerts use them; metrics.py documents
them): a failure with no Meta code is counted under code "", a reply held for the 24-hour window
under reason "window" (found by mutation testing, docs/MUTATION.md, session of 2026-12-06 (2):
both labels could be renamed and no test noticed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply


def _count(counter, *labels: str) -> float:  # type: ignore[no-untyped-def]
    return counter.labels(*labels)._value.get()


def test_a_failure_without_a_meta_code_is_counted_under_the_empty_code(channel):
    """A row whose payload is not a Cloud API message fails before any request ("invalid
    message", no code): one failure under outcome "failed" and code ""."""
    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(channel["engine"], channel["restaurant_id"])
    with channel["engine"].begin() as conn:
        conn.execute(
            text("""UPDATE outbox SET payload = '{"to": "966501112233"}' WHERE id = :id"""), {"id": oid}
        )
    before = _count(metrics.SENDS, "failed", "")
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed" and outcome.reason.startswith("invalid message")
    assert q(channel["engine"], "SELECT status FROM outbox") == [("failed",)]
    assert _count(metrics.SENDS, "failed", "") == before + 1
    assert channel["graph"].requests == []


def test_a_reply_outside_the_window_is_counted_as_held_for_the_window(channel):
    """A reply 25 hours after the customer's last message, no template for replies: counted once
    under held reason "window", then failed with Meta's code for it (131047)."""
    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    oid = queue_reply(
        channel["engine"], channel["restaurant_id"], last_inbound=datetime.now(UTC) - timedelta(hours=25)
    )
    held, failed = _count(metrics.OUTBOX_HELD, "window"), _count(metrics.SENDS, "failed", "131047")
    outcome = send_outbox(engine=channel["engine"], outbox_id=oid)
    assert outcome.status == "failed" and "24-hour window" in (outcome.reason or "")
    assert _count(metrics.OUTBOX_HELD, "window") == held + 1
    assert _count(metrics.SENDS, "failed", "131047") == failed + 1
    assert channel["graph"].requests == []


def test_an_unknown_outcome_and_a_retry_are_counted_under_their_outcome_and_code(channel):
    """A post whose answer is lost (Meta may have it) counts once under outcome "reconcile", code
    ""; a 500 with Meta code 2 (temporarily unavailable) once under "retry", code "2"."""
    from crm_res import metrics
    from crm_res.services.outbox.sending import send_outbox

    lost = queue_reply(channel["engine"], channel["restaurant_id"], body="واحد")
    reconciles = _count(metrics.SENDS, "reconcile", "")
    channel["graph"].drop_next(accepted=False)
    assert send_outbox(engine=channel["engine"], outbox_id=lost).status == "reconcile"
    assert _count(metrics.SENDS, "reconcile", "") == reconciles + 1

    with channel["engine"].begin() as conn:  # the first settled: the next is not held behind it
        conn.execute(
            text("UPDATE outbox SET status = 'sent', wa_message_id = 'wamid.x' WHERE id = :id"), {"id": lost}
        )
    retried = queue_reply(channel["engine"], channel["restaurant_id"], body="اثنان")
    retries = _count(metrics.SENDS, "retry", "2")
    channel["graph"].fail_next(500, code=2, message="temporarily unavailable")
    assert send_outbox(engine=channel["engine"], outbox_id=retried).status == "retry"
    assert _count(metrics.SENDS, "retry", "2") == retries + 1
