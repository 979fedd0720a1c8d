"""The one-round-trip claim of the common case and the release of a row that was not sent: what each
hands on and keeps (found by mutation testing, docs/MUTATION.md, session of 2026-12-06 (2): a fast
claim that took rows due a second later, or none due within the second, or no free-form reply at all
(the full claim then sent them, so no end-to-end test noticed); the restaurant's own token and
settings dropped on the fast path; a deferred row losing an attempt it never made; a retried row
forgetting why)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.fixtures.channel import q, queue_reply


def test_the_fast_claim_takes_a_reply_due_within_the_second_and_leaves_one_due_later(channel):
    """Three replies to a customer who wrote an hour ago: one due now, one in half a second (the
    same second's tolerance as the full claim), one in a second and a half. The fast claim takes
    the first two, with everything the post needs, and leaves the third pending for the full claim."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import _fast_claim

    engine = channel["engine"]
    now = datetime.now(UTC)
    ids = [
        queue_reply(engine, channel["restaurant_id"], body=f"r{i}", last_inbound=now - timedelta(hours=1))
        for i in range(3)
    ]
    with engine.begin() as conn:
        for outbox_id, ahead in zip(ids, (0.0, 0.5, 1.5), strict=True):
            conn.execute(
                text("UPDATE outbox SET not_before = :t WHERE id = :id"),
                {"t": now + timedelta(seconds=ahead), "id": outbox_id},
            )
    with get_engine().connect() as conn:
        claimed, conversation_of = _fast_claim(conn, ids, now)
    assert sorted(claimed) == ids[:2]
    assert set(conversation_of) == set(ids)  # every locked row comes back with its conversation
    statuses = q(engine, "SELECT id, status, attempts FROM outbox ORDER BY id")
    assert statuses == [(ids[0], "sending", 1), (ids[1], "sending", 1), (ids[2], "pending", 0)]


def test_the_fast_claim_hands_the_post_the_restaurants_own_token_and_settings(channel):
    """A restaurant with an access token of its own (Meta answers 401 to the global one) and a
    send rate of its own: the fast claim carries both to the post, and the reply goes out with
    the restaurant's token."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import _fast_claim, send_outbox

    engine = channel["engine"]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE restaurants SET whatsapp_access_token = 'own-token', settings = :s WHERE id = :id"),
            {"s": '{"rate_per_second": 7}', "id": channel["restaurant_id"]},
        )
    channel["graph"].access_token = "own-token"
    first = queue_reply(engine, channel["restaurant_id"], body="أهلا")
    outcome = send_outbox(engine=engine, outbox_id=first)
    assert outcome.status == "sent", outcome.reason
    assert [r.text for r in channel["graph"].sent] == ["أهلا"]

    second = queue_reply(engine, channel["restaurant_id"], body="تفضل")
    with get_engine().connect() as conn:
        claimed, _ = _fast_claim(conn, [second], datetime.now(UTC))
    got = claimed[second]
    assert (got.purpose, got.token_override, got.restaurant_settings) == (
        "reply",
        "own-token",
        {"rate_per_second": 7},
    )
    assert got.payload["text"]["body"] == "تفضل" and got.test_customer is False


def test_a_retried_reply_keeps_its_reason_and_the_deferred_one_behind_it_its_attempts(channel):
    """Two replies of one sequence, both claimed in one round trip; Meta answers 500 to the first.
    The first goes back to pending with the error as its reason and its attempt counted; the second
    is deferred and gets back the attempt its claim counted (it had two from earlier tries: it
    keeps two, no fewer)."""
    from crm_res.db import get_engine
    from crm_res.services.outbox import sending

    engine = channel["engine"]
    first = queue_reply(engine, channel["restaurant_id"], body="واحد")
    second = queue_reply(engine, channel["restaurant_id"], body="اثنان")
    with engine.begin() as conn:
        conn.execute(text("UPDATE outbox SET attempts = 2 WHERE id = :id"), {"id": second})
    channel["graph"].fail_next(500, message="temporarily down")
    with get_engine().connect() as conn:
        outcomes = sending.send_many(engine=get_engine(), conn=conn, sequences=[[first, second]])
    assert (outcomes[first].status, outcomes[second].status) == ("retry", "deferred")
    rows = q(engine, "SELECT id, status, attempts, last_error FROM outbox ORDER BY id")
    (_, status1, attempts1, error1), (_, status2, attempts2, error2) = rows
    assert (status1, attempts1) == ("pending", 1)
    assert error1 and "temporarily down" in error1 and error1 == outcomes[first].reason
    assert (status2, attempts2, error2) == ("pending", 2, "after an earlier reply")
    assert len(channel["graph"].requests) == 1 and channel["graph"].sent == []
