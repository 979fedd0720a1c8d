"""A reply that has to wait for a send slot stops business-initiated sends of its number only for a
second (found by mutation testing, docs/MUTATION.md, session of 2026-12-07 (3): the mark kept with
no expiry stopped the number's campaigns for good, and no test noticed)."""

from __future__ import annotations

import time


def test_the_reply_waiting_mark_expires_and_bulk_slots_come_back(redis_conn):
    """Replies fill the number's second; the next one waits, which marks the number for
    REPLY_WAITING_MS (1 s): meanwhile a bulk send gets no slot, and after it one does."""
    from crm_res.services.outbox import sending

    sending._limiter.cache_clear()
    while sending.wait_for_send_slot("pn-mark", 10, max_wait=0):  # replies fill this second
        pass
    ttl = redis_conn.pttl(sending.REPLY_WAITING.format("pn-mark"))
    assert 0 < ttl <= sending.REPLY_WAITING_MS
    assert sending.wait_for_send_slot("pn-mark", 10, max_wait=0, bulk=True) is False
    time.sleep(sending.REPLY_WAITING_MS / 1000 + 1.1)  # the mark and the window's slots expired
    assert sending.wait_for_send_slot("pn-mark", 10, max_wait=0, bulk=True) is True
