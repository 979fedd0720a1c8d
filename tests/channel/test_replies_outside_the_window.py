"""The 24-hour customer-service window on every send path: a staff reply and an AI reply sent 25 hours
after the customer's last message are not posted free-form; they fail with the reason (no template
is configured for replies), while the same replies inside the window go out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.fixtures.channel import lone_staff_reply, q, queue_reply, run_worker


def _sent_or_refused(channel, oid: int, sent: bool) -> bool:  # type: ignore[no-untyped-def]
    """The reply `oid` went out when `sent` (True), else failed for the window and nothing reached
    the Graph API (False: the caller checks the thread's row)."""
    [(status, error)] = q(channel["engine"], "SELECT status, last_error FROM outbox WHERE id = :i", i=oid)
    if sent:
        assert status == "sent" and len(channel["graph"].sent) == 1
        return True
    assert status == "failed" and "24-hour window" in error
    assert channel["graph"].requests == []
    return False


@pytest.mark.parametrize("hours, sent", [(25, False), (23, True)])
def test_a_staff_reply_is_sent_only_inside_the_window(channel, hours, sent):
    """The send job posts a staff reply 23 h after the customer's last message, not 25 h after."""
    stale = datetime.now(UTC) - timedelta(hours=hours)
    oid = lone_staff_reply(channel["engine"], channel["restaurant_id"], stale, "أهلاً، معك الفرع")
    run_worker()
    if _sent_or_refused(channel, oid, sent):
        return
    assert q(
        channel["engine"], "SELECT sender, status, error_code FROM messages WHERE body = 'أهلاً، معك الفرع'"
    ) == [("staff", "failed", 131047)]


@pytest.mark.parametrize("hours, sent", [(25, False), (23, True)])
def test_an_ai_reply_is_sent_only_inside_the_window_on_the_batched_path(channel, hours, sent):
    """Replies sent in order after processing (one round-trip claim) honour the window too."""
    from crm_res.db import get_engine
    from crm_res.jobs.send import send_in_order

    stale = datetime.now(UTC) - timedelta(hours=hours)
    oid = queue_reply(channel["engine"], channel["restaurant_id"], body="ردّ المساعد", last_inbound=stale)
    with get_engine().connect() as conn:
        send_in_order([[(oid, None)]], conn=conn)
    if _sent_or_refused(channel, oid, sent):
        return
    assert q(channel["engine"], "SELECT sender, status FROM messages") == [("ai", "failed")]
