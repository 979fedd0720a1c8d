"""The full claim (business-initiated rows, and every row the one-round-trip claim does not take)
counts each post as an attempt, so a refusal storm ends at the limit on that path too (found by
mutation testing, docs/MUTATION.md, session of 2026-12-07 (3): `_mark_sending` setting the count
to 1 instead of adding one, a feedback request was retried forever, and no test noticed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.channel import q, queue_reply


def test_a_feedback_request_answered_500_gives_up_after_the_attempt_limit(channel):
    """Each post of a feedback request (full claim) adds one attempt; after MAX_ATTEMPTS 500s the
    row fails, saying it gave up, and is not posted again."""
    from crm_res.services.outbox.sending import MAX_ATTEMPTS, send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"], purpose="feedback_request")
    channel["graph"].fail_next(500, code=131000, times=MAX_ATTEMPTS + 3)
    statuses, attempts, at = [], [], datetime.now(UTC)
    for _ in range(MAX_ATTEMPTS + 1):
        outcome = send_outbox(engine=engine, outbox_id=oid, now=at)
        statuses.append(outcome.status)
        attempts.append(q(engine, "SELECT attempts FROM outbox")[0][0])
        at += timedelta(seconds=(outcome.retry_in or 0) + 1)
    assert statuses == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed", "skipped"]
    assert attempts == [*range(1, MAX_ATTEMPTS + 1), MAX_ATTEMPTS]
    [(status, error)] = q(engine, "SELECT status, last_error FROM outbox")
    assert status == "failed" and f"gave up after {MAX_ATTEMPTS} attempts" in error
    assert len(channel["graph"].requests) == MAX_ATTEMPTS
