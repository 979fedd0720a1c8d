"""The batched send of a sequence of replies (`send_many`) when a row is not the fast claim's common
case (found by mutation testing, docs/MUTATION.md, session of 2026-12-06 (4)): a row the full claim
sends (a reply swapped to its template outside the 24-hour window) lets the rest of its sequence go,
and one Meta answers 500 to is released with its reason, the rest deferred behind it; a row already
sent holds nothing back, and one another worker holds is never overtaken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

from tests.fixtures.channel import q, queue_reply


def _reply_template(engine, restaurant_id) -> None:  # type: ignore[no-untyped-def]
    from crm_res.models import MessageTemplate

    with Session(engine) as s:
        s.add(
            MessageTemplate(
                restaurant_id=restaurant_id,
                name="t_reply",
                language="ar",
                purpose="reply",
                parameters=[],
                body_preview="شكراً لتواصلك",
            )
        )
        s.commit()


def _two_stale_replies(channel) -> list[int]:  # type: ignore[no-untyped-def]
    """Two replies of one sequence to a customer who last wrote 25 hours ago (neither is the fast
    claim's: the full claim swaps each to the approved reply template)."""
    engine, rid = channel["engine"], channel["restaurant_id"]
    _reply_template(engine, rid)
    stale = datetime.now(UTC) - timedelta(hours=25)
    return [queue_reply(engine, rid, body=body, last_inbound=stale) for body in ("واحد", "اثنان")]


def test_replies_the_full_claim_sends_each_let_the_rest_of_their_sequence_go(channel):
    """Both swapped replies go out in this one call, in order: the first being sent by the full
    claim (not the fast one) holds nothing back."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import send_many

    first, second = _two_stale_replies(channel)
    with get_engine().connect() as conn:
        outcomes = send_many(engine=get_engine(), conn=conn, sequences=[[first, second]])
    assert (outcomes[first].status, outcomes[second].status) == ("sent", "sent")
    assert [r.type for r in channel["graph"].sent] == ["template", "template"]
    assert q(channel["engine"], "SELECT id, status FROM outbox ORDER BY id") == [
        (first, "sent"),
        (second, "sent"),
    ]


def test_a_swapped_reply_meta_answers_500_to_is_released_with_its_reason_and_the_next_deferred(channel):
    """The full-claim row's 500 is settled on the caller's engine: back to pending with Meta's error
    as its reason and its attempt counted; the reply behind it deferred, its claim's attempt taken
    back, never posted before it."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import send_many

    first, second = _two_stale_replies(channel)
    channel["graph"].fail_next(500, message="temporarily down")
    with get_engine().connect() as conn:
        outcomes = send_many(engine=get_engine(), conn=conn, sequences=[[first, second]])
    assert (outcomes[first].status, outcomes[second].status) == ("retry", "deferred")
    rows = q(channel["engine"], "SELECT id, status, attempts, last_error FROM outbox ORDER BY id")
    assert [(i, s, a) for i, s, a, _ in rows] == [(first, "pending", 1), (second, "pending", 0)]
    assert "temporarily down" in (rows[0][3] or "")
    assert len(channel["graph"].requests) == 1 and channel["graph"].sent == []


def test_a_row_already_sent_holds_back_nothing_behind_it(channel):
    """A sequence whose first row was already sent (a repeated job): that row is skipped, the next
    one is posted in the same call, not deferred."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import send_many

    engine, rid = channel["engine"], channel["restaurant_id"]
    first = queue_reply(engine, rid, body="واحد")
    second = queue_reply(engine, rid, body="اثنان")
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE outbox SET status = 'sent', wa_message_id = 'wamid.earlier' WHERE id = :id"),
            {"id": first},
        )
    with get_engine().connect() as conn:
        outcomes = send_many(engine=get_engine(), conn=conn, sequences=[[first, second]])
    assert (outcomes[first].status, outcomes[second].status) == ("skipped", "sent")
    assert [r.text for r in channel["graph"].sent] == ["اثنان"]


def test_a_row_another_worker_holds_is_not_overtaken_by_the_rest_of_its_sequence(channel):
    """The first row of a sequence is locked by another worker (it is posting it): the second is
    deferred, not posted ahead of it; nothing is posted by this call."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import LOCKED, send_many

    engine, rid = channel["engine"], channel["restaurant_id"]
    first = queue_reply(engine, rid, body="واحد")
    second = queue_reply(engine, rid, body="اثنان")
    with engine.connect() as other:
        other.execute(text("SELECT 1 FROM outbox WHERE id = :id FOR UPDATE"), {"id": first})
        with get_engine().connect() as conn:
            outcomes = send_many(engine=get_engine(), conn=conn, sequences=[[first, second]])
        other.rollback()
    assert (outcomes[first].status, outcomes[first].reason) == ("skipped", LOCKED)
    assert (outcomes[second].status, outcomes[second].retry_in) == ("deferred", 0.0)  # due again at once
    assert channel["graph"].requests == []
    assert q(engine, "SELECT id, status FROM outbox ORDER BY id") == [(first, "pending"), (second, "pending")]


def test_the_reply_behind_a_post_with_an_unknown_outcome_waits_a_second_past_its_reconcile(channel):
    """Meta's answer to the first reply is lost (it may have the message): that row waits the reply
    grace for a status (20 s, retried a second after); the reply behind it is deferred a second
    longer still, so it can never go out before the first is confirmed or sent again."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.sending import send_many

    engine, rid = channel["engine"], channel["restaurant_id"]
    first = queue_reply(engine, rid, body="واحد")
    second = queue_reply(engine, rid, body="اثنان")
    channel["graph"].drop_next(accepted=False)
    with get_engine().connect() as conn:
        outcomes = send_many(engine=get_engine(), conn=conn, sequences=[[first, second]])
    assert (outcomes[first].status, outcomes[first].retry_in) == ("reconcile", 21)
    # what the client saw (the connection closed mid-answer), for the job's log
    assert "WhatsApp Cloud API connection error" in (outcomes[first].reason or "")
    assert (outcomes[second].status, outcomes[second].retry_in) == ("deferred", 22)
    assert q(engine, "SELECT id, status FROM outbox ORDER BY id") == [(first, "sending"), (second, "pending")]
