"""The prayer re-check at send time, through a real send: a feedback request that is due at 15:12
in Riyadh on a day whose Asr is at 15:15 is not posted then; it waits for the window's end (15:25,
with the ten-minute buffer) and is posted after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from tests.fixtures.channel import q
from tests.fixtures.places import DAY, at, make_customer, make_restaurant, queue


def _feedback_request_due_at(committed, due):  # type: ignore[no-untyped-def]
    """A Riyadh restaurant on the fake Graph API and a feedback request due at `due` on DAY, queued
    while prayer holding was off (so nothing was held when it was queued), holding then switched on."""
    from crm_res.models import Conversation

    with Session(committed, expire_on_commit=False) as s:
        r, _ = make_restaurant(s, branch_city="Riyadh", prayer=False, pnid="pn-recheck")
        c = make_customer(s, r, last_inbound_at=at(DAY, 12, 0))
        conv = Conversation(restaurant_id=r.id, customer_id=c.id)
        s.add(conv)
        s.flush()
        queued = queue(s, r, c, due, conversation=conv)
        assert queued.hold is None or not queued.hold.held
        r.prayer_time_enabled = True
        s.add(r)
        s.commit()
    return queued


@pytest.fixture
def due_feedback_request(committed, redis_conn, wired):  # type: ignore[no-untyped-def]
    return _feedback_request_due_at(committed, at(DAY, 15, 12))


def test_a_due_feedback_request_sent_during_asr_is_held_until_the_window_ends(
    due_feedback_request, committed, wired
):
    """At 15:12 the send posts nothing and moves the row to 15:25 (message shown held); at 15:26 it is sent."""
    from crm_res.services.outbox.sending import send_outbox

    oid = due_feedback_request.outbox_id
    outcome = send_outbox(engine=committed, outbox_id=oid, now=at(DAY, 15, 12))
    assert outcome.status == "retry" and "Asr" in outcome.reason
    assert outcome.retry_in == pytest.approx(timedelta(minutes=13).total_seconds())
    assert wired.requests == []
    [(status, not_before, attempts)] = q(
        committed, "SELECT status, not_before, attempts FROM outbox WHERE id = :i", i=oid
    )
    assert (status, not_before, attempts) == ("pending", at(DAY, 15, 25), 0)
    assert q(committed, "SELECT status FROM messages WHERE id = :i", i=due_feedback_request.message_id) == [
        ("held",)
    ]
    # Asked again before the window ends (e.g. by the sweeper), it still waits.
    assert send_outbox(engine=committed, outbox_id=oid, now=at(DAY, 15, 20)).status == "retry"
    assert wired.requests == []
    assert send_outbox(engine=committed, outbox_id=oid, now=at(DAY, 15, 26)).status == "sent"
    [sent] = wired.sent
    assert sent.to == "966500000001"


def test_a_feedback_request_due_before_asr_but_sent_during_it_waits_too(committed, redis_conn, wired):
    """Due at 14:00 but first tried at 15:20 (the worker was down): the moment of sending decides."""
    from crm_res.services.outbox.sending import send_outbox

    queued = _feedback_request_due_at(committed, at(DAY, 14, 0))
    outcome = send_outbox(engine=committed, outbox_id=queued.outbox_id, now=at(DAY, 15, 20))
    assert outcome.status == "retry" and wired.requests == []
    assert q(committed, "SELECT not_before FROM outbox") == [(at(DAY, 15, 25),)]
