"""Business-initiated sends take at most RELEASE_SHARE of a number's per-second cap, per number, so
replies always keep the rest (found by mutation testing, docs/MUTATION.md, session of 2026-12-07
(3): the bulk window shared by every number, or sized at the cap divided by the share, and no test
noticed)."""

from __future__ import annotations


def test_bulk_slots_are_the_share_of_each_numbers_cap_and_replies_keep_the_rest(redis_conn):
    """With a cap of 20 a second, bulk sends of a number get the share's slots and no more, and
    another number's bulk sends get their own share; the replies of the first number then get the
    rest of its cap (the bulk slots taken count against it), no more."""
    from crm_res.services.outbox import sending
    from crm_res.services.timing.holding import RELEASE_SHARE

    sending._limiter.cache_clear()
    share = sending._send_rate(max(int(20 * RELEASE_SHARE), 1)).amount
    cap = sending._send_rate(20).amount
    assert 0 < share < cap
    for number in ("pn-bulk-a", "pn-bulk-b"):
        taken = 0
        while sending.wait_for_send_slot(number, 20, max_wait=0, bulk=True) and taken <= cap:
            taken += 1
        assert taken == share
    replies = 0
    while sending.wait_for_send_slot("pn-bulk-a", 20, max_wait=0) and replies <= cap:
        replies += 1
    assert replies == cap - share  # the bulk slots count against the number's one cap; the rest is theirs
