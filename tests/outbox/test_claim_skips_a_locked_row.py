"""Two workers on one row: the one that finds it locked skips it at once instead of waiting for the
other's transaction (found by mutation testing, docs/MUTATION.md, session of 2026-12-06 (2): the full
claim's `skip_locked` could be dropped and no test noticed; a worker would then sit on every row
another holds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply


def test_a_row_another_worker_holds_is_skipped_not_waited_for(channel):
    """A reply outside the window (so the full claim decides it, not the one-round-trip one) is
    locked by another connection. A send on a connection that gives up on locks after a few seconds
    (a safety bound: the claim must not wait at all) reports the row locked and changes nothing;
    once the other transaction ends the row is decided as usual."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import LOCKED, send_outbox

    engine = channel["engine"]
    oid = queue_reply(engine, channel["restaurant_id"], last_inbound=datetime.now(UTC) - timedelta(hours=25))
    with get_engine().connect() as other, get_engine().connect() as mine:
        mine.execute(text("SET lock_timeout = '5s'"))
        mine.commit()
        held = other.begin()
        other.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": oid})
        outcome = send_outbox(engine=engine, outbox_id=oid, conn=mine)
        assert (outcome.status, outcome.reason) == ("skipped", LOCKED)
        assert q(engine, "SELECT status, attempts FROM outbox") == [("pending", 0)]
        held.rollback()
        after = send_outbox(engine=engine, outbox_id=oid, conn=mine)
    assert after.status == "failed" and "24-hour window" in (after.reason or "")
    assert channel["graph"].requests == []
