"""The order hold on the full claim's path (business-initiated rows: the one-round-trip claim never
takes them), at its bounds (found by mutation testing, docs/MUTATION.md, session of 2026-12-07 (3):
`_held_until` could hold a feedback request behind an earlier row posted an hour ago or held for an
hour, or at the exact bound, and `order_hold` be a second longer, and no test noticed; the reply
order tests reach only the one-round-trip claim's own check). `now` is passed, so the bounds are
exact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.channel import queue_reply


@pytest.mark.parametrize(
    ("earlier", "behind"),
    [
        ("status = 'sending', sending_started_at = :now - interval '1 hour', not_before = :now", None),
        ("status = 'pending', not_before = :now + interval '1 hour'", None),
        ("status = 'sending', sending_started_at = :now - :hold", None),  # posted exactly the hold ago
        ("status = 'sending', sending_started_at = :now - :hold + interval '1 second'", 1.25),
        ("status = 'sending', sending_started_at = :now - interval '5 seconds'", 1.25),  # HELD_POLL + 0.25
        ("status = 'pending', not_before = :now - :hold - interval '0.5 seconds'", None),
        ("status = 'pending', not_before = :now - :hold", 1.0),  # due the hold ago: still holds (HELD_POLL)
        ("status = 'pending', not_before = :now + interval '30 seconds'", 30.25),
        ("status = 'failed', sending_started_at = NULL", None),
    ],
)
def test_a_feedback_request_waits_only_for_an_earlier_row_on_its_way_within_the_hold(
    channel, earlier, behind
):
    """An earlier row of the conversation holds a feedback request only while it is due within the
    hold (`order_hold`: the reply grace + 70 s) or was posted less than the hold ago; then the request
    is retried when the earlier row is expected to have gone (a `sending` one: in a second)."""
    from crm_res.services.outbox import sending

    engine, graph = channel["engine"], channel["graph"]
    assert sending.order_hold() == timedelta(seconds=20 + 70)  # the default reply grace, 20 s
    now = datetime.now(UTC)
    first = queue_reply(engine, channel["restaurant_id"], body="أهلا")
    second = queue_reply(engine, channel["restaurant_id"], body="قيّم طلبك", purpose="feedback_request")
    with engine.begin() as conn:
        conn.execute(text("UPDATE outbox SET not_before = :now WHERE id = :i"), {"now": now, "i": second})
        conn.execute(
            text(f"UPDATE outbox SET {earlier} WHERE id = :i"),
            {"now": now, "hold": sending.order_hold(), "i": first},
        )
    outcome = sending.send_outbox(engine=engine, outbox_id=second, now=now)
    if behind is None:
        assert outcome.status == "sent" and len(graph.sent) == 1
    else:
        assert (outcome.status, outcome.reason) == (
            "retry",
            "after an earlier reply",
        ) and graph.requests == []
        assert outcome.retry_in == pytest.approx(behind)
