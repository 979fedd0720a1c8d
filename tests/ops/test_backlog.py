"""What waits for the workers (the operations page's "what is running"): a customer's message
before a worker handles it, replies owed, messages held for later; one restaurant's owner only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, queue_reply, run_worker
from tests.fixtures.people import add_user


def _viewer(restaurant_id, email: str, role):  # type: ignore[no-untyped-def]
    from crm_res.db import session_scope
    from crm_res.services.access import viewer_for

    with session_scope() as s:
        return viewer_for(add_user(s, restaurant_id, email, role))


def _backlog(viewer, now: datetime | None = None):  # type: ignore[no-untyped-def]
    from crm_res.db import session_scope
    from crm_res.services.ops.backlog import restaurant_backlog

    with session_scope() as s:
        return restaurant_backlog(session=s, viewer=viewer, now=now)


def test_a_message_waits_until_a_worker_runs_then_nothing_waits(channel):
    """Stored by the webhook with no worker running: one message not handled, since its arrival;
    once a worker has run, it is handled and its reply sent: nothing waits."""
    from crm_res.jobs.queues import workers_running
    from crm_res.models import Role

    owner = _viewer(channel["restaurant_id"], "owner@backlog.sa", Role.owner)
    before = datetime.now(UTC)
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    waiting = _backlog(owner)
    assert workers_running() == 0
    assert (waiting.unanswered, waiting.to_send, waiting.held) == (1, 0, 0)
    assert waiting.oldest_unanswered is not None and waiting.oldest_unanswered >= before - timedelta(
        seconds=5
    )
    run_worker()
    assert channel["graph"].sent_to(CUSTOMER)
    done = _backlog(owner)
    assert (done.unanswered, done.to_send, done.held) == (0, 0, 0)
    assert done.oldest_unanswered is None and done.oldest_to_send is None and done.next_release is None


def test_a_reply_owed_counts_even_while_it_waits_for_its_retry_and_a_reminder_for_later_is_held(channel):
    """A reply not yet sent is owed now (its retry time in the future changes nothing); a
    business-initiated message for later is held, with its release time; sent ones are not counted."""
    from sqlalchemy import text

    from crm_res.models import Role

    engine, rid = channel["engine"], channel["restaurant_id"]
    owner = _viewer(rid, "owner@backlog.sa", Role.owner)
    now = datetime.now(UTC)
    queue_reply(engine, rid, body="أهلاً")
    retrying = queue_reply(engine, rid, body="رد ثانٍ")
    later = queue_reply(engine, rid, body="كيف كانت تجربتك؟", purpose="feedback_request")
    sent = queue_reply(engine, rid, body="تم", purpose="feedback_request")
    release = now + timedelta(hours=2)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE outbox SET not_before = :t WHERE id = :i"),
            {"t": now + timedelta(minutes=5), "i": retrying},
        )
        conn.execute(text("UPDATE outbox SET not_before = :t WHERE id = :i"), {"t": release, "i": later})
        conn.execute(text("UPDATE outbox SET status = 'sent' WHERE id = :i"), {"i": sent})
    backlog = _backlog(owner, now=now)
    assert (backlog.to_send, backlog.held) == (2, 1)
    assert backlog.next_release == release
    # Its time come, the held one is owed like the others.
    due = _backlog(owner, now=release)
    assert (due.to_send, due.held) == (3, 0)


def test_another_restaurant_sees_none_of_it_and_only_an_owner_sees_it(channel):
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.errors import Forbidden

    post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا"))
    queue_reply(channel["engine"], channel["restaurant_id"], purpose="feedback_request")
    with session_scope() as s:
        other = create_restaurant(
            session=s, name_ar="آخر", name_en="Other", phone_number_id="pn-other-backlog"
        )
    stranger = _viewer(other.id, "owner@other.sa", Role.owner)
    theirs = _backlog(stranger)
    assert (theirs.unanswered, theirs.to_send, theirs.held) == (0, 0, 0)
    assert (_backlog(_viewer(channel["restaurant_id"], "o@backlog.sa", Role.owner)).unanswered) == 1
    for role in (Role.manager, Role.staff):
        with pytest.raises(Forbidden):
            _backlog(_viewer(channel["restaurant_id"], f"{role.value}@backlog.sa", role))


def test_workers_running_counts_registered_rq_workers(redis_conn):
    """A worker counts from its start until it says goodbye (RQ's own registry in Redis)."""
    from rq import Worker

    from crm_res.db import get_redis
    from crm_res.jobs.queues import REPLIES, queue, workers_running

    assert workers_running() == 0
    worker = Worker([queue(REPLIES)], connection=get_redis())
    worker.register_birth()
    try:
        assert workers_running() == 1
    finally:
        worker.register_death()
    assert workers_running() == 0
