"""Campaign sends in batches (services/outbox/bulk_sending.py, jobs/send.send_bulk) on real
Postgres, Redis and RQ with the fake Graph API: one job per batch, not per send; the number's cap
shared with replies; replies ahead of campaign work; the opt-out and prayer re-checks at send
time; pause between batches."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import col, select

from crm_res.models import OutboxMessage
from crm_res.services.campaigns import actions as dash
from tests.fixtures.campaigns import make_campaign as _campaign
from tests.fixtures.channel import run_worker
from tests.fixtures.places import DAY, at


def _finished_jobs(name: str) -> list[str]:
    from crm_res.jobs.queues import queue

    return list(queue(name).finished_job_registry.get_job_ids())


def test_a_campaign_goes_out_in_batch_jobs_each_recipient_once(committed, redis_conn, wired):
    """200 recipients: sent by a handful of batch jobs (not 200 send jobs), each exactly once, with
    the wamid stored on every row and the campaign completed."""
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled
    from crm_res.jobs.queues import BULK, OUTBOUND, queue

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, n=200)
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    assert queue(BULK).count == 1 and queue(OUTBOUND).count == 0
    run_worker()
    scheduled.release_campaigns()  # completes the campaign
    sent = Counter(m.to for m in wired.sent)
    assert len(sent) == 200 and max(sent.values()) == 1
    assert all(m.json["biz_opaque_callback_data"].startswith("outbox:") for m in wired.sent)
    batches = _finished_jobs(BULK)
    assert 1 <= len(batches) < 200 / 8  # at least CHUNK sends per batch job
    assert _finished_jobs(OUTBOUND) == []
    with session_scope() as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)).all()
        assert {row.status.value for row in rows} == {"sent"} and all(row.wa_message_id for row in rows)
        assert {row.attempts for row in rows} == {1}
        res = dash.campaign_results(session=s, viewer=viewer, campaign_id=cid)
    assert res["sent"] == 200 and res["status"] == "completed"


def test_the_cap_is_shared_with_replies_and_never_exceeded(committed, redis_conn, wired):
    """At a cap of 10/s, campaign batches leave the number's slots to replies: a reply posted while
    the campaign runs still gets out, and no 1-second window holds more than the cap."""
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled
    from crm_res.services.outbox.sending import CAP_HEADROOM, wait_for_send_slot

    with session_scope() as s:
        _r, viewer, cid, _c = _campaign(s, n=30, rate=10, pnid="pn-cap")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    for _ in range(3):  # the release paces 20 s ahead at the campaign's share of the cap
        scheduled.release_campaigns()
    # Replies take their slots of the same window meanwhile (what `post_claimed` does for a reply).
    for _ in range(3):
        assert wait_for_send_slot("pn-cap", 10)
    run_worker()
    times = sorted(m.at for m in wired.sent)
    assert len(times) >= 10
    most = max(sum(1 for t in times if t0 <= t < t0 + 1.0) for t0 in times)
    assert most <= int(10 * CAP_HEADROOM * 0.8) + 3  # the bulk share, plus the replies' 3 slots
    assert most <= 10


def test_replies_go_first_a_batch_yields_to_a_waiting_reply(committed, redis_conn, wired):
    """A batch that finds a reply job waiting stops after its first chunk and queues its next batch
    behind it; a worker then takes the reply first."""
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled
    from crm_res.jobs.enqueue import enqueue_inbound_ids
    from crm_res.jobs.queues import BULK, REPLIES, queue
    from crm_res.jobs.send import send_bulk
    from crm_res.services.outbox.bulk_sending import CHUNK

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, n=40, pnid="pn-yield")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    queue(BULK).empty()
    enqueue_inbound_ids([987654321])  # a customer's message waiting (no such row: a no-op job)
    result = send_bulk(str(r.id))
    assert result.endswith("yield") and len(wired.sent) == CHUNK
    assert queue(BULK).count == 1  # the rest, behind the reply
    assert queue(REPLIES).count == 1
    from crm_res.db import get_redis
    from crm_res.jobs.queues import ALL_QUEUES
    from crm_res.jobs.traced_worker import TracedWorker

    order: list[str] = []
    worker = TracedWorker(list(ALL_QUEUES), connection=get_redis())
    original = worker.execute_job

    def record(job, queue):  # type: ignore[no-untyped-def]
        order.append(queue.name)
        return original(job, queue)

    worker.execute_job = record  # type: ignore[method-assign]
    worker.work(burst=True, logging_level="WARNING")
    assert order[0] == REPLIES and set(order[1:]) == {BULK}
    assert len(Counter(m.to for m in wired.sent)) == 40


def test_a_budget_spent_before_the_first_chunk_still_sends_it(committed, redis_conn, wired):
    """A claim slower than the whole budget (a loaded box) still sends its first chunk: a batch
    that sent nothing would only re-queue itself, and could do so forever."""
    from crm_res.db import get_engine, session_scope
    from crm_res.jobs import scheduled
    from crm_res.services.outbox.bulk_sending import CHUNK, send_due_bulk

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, n=40, pnid="pn-budget")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    out = send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign", budget=0)
    assert out.stopped == "budget" and len(wired.sent) == CHUNK < 40


def test_opt_out_after_the_release_is_honoured_at_send_time(committed, redis_conn, wired):
    """A customer who says stop after the campaign released their send never gets it: the batch's
    claim cancels the row."""
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled

    with session_scope() as s:
        r, viewer, cid, customers = _campaign(s, n=12, pnid="pn-optout")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    stopped = customers[:3]
    with session_scope() as s:
        s.execute(
            text("UPDATE customers SET opted_out = true WHERE id = ANY(:ids)"),
            {"ids": [c.id for c in stopped]},
        )
    run_worker()
    sent = {m.to for m in wired.sent}
    assert len(sent) == 9 and not sent & {c.wa_id for c in stopped}
    with session_scope() as s:
        statuses = Counter(
            row.status.value
            for row in s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id))
        )
    assert statuses == {"sent": 9, "cancelled": 3}


def test_prayer_window_at_send_time_holds_the_batch(committed, redis_conn, wired):
    """Released before Asr but sent at 15:12 Riyadh (inside Asr's window): nothing is posted; each
    row's time moves to the window's end (15:25), where the next batch sends it."""
    from crm_res.db import get_engine, session_scope
    from crm_res.services.campaigns import release as engine
    from crm_res.services.outbox.bulk_sending import send_due_bulk

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, n=10, prayer=True, pnid="pn-prayer")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid, now=at(DAY, 14, 0))
        assert engine.release_due(session=s, now=at(DAY, 15, 0)).released == 10  # before the window
    # Budgets no loaded box spends on 10 rows: the call's time budget is not what this tests (at
    # the default 1 s a slow first chunk ended a call at 8 rows, "budget").
    inside = send_due_bulk(
        engine=get_engine(), restaurant_id=r.id, purpose="campaign", budget=60.0, now=lambda: at(DAY, 15, 12)
    )
    assert (inside.sent, inside.held) == (0, 10) and wired.sent == []
    with session_scope() as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)).all()
        assert {row.not_before for row in rows} == {at(DAY, 15, 25)}
        assert {row.status.value for row in rows} == {"pending"}
    assert inside.next_due == at(DAY, 15, 25)
    still = send_due_bulk(
        engine=get_engine(), restaurant_id=r.id, purpose="campaign", now=lambda: at(DAY, 15, 20)
    )
    assert still.sent == 0 and wired.sent == []
    # nothing due yet: done, and the job is told when the next batch is due (not left to the sweeper)
    assert (still.stopped, still.next_due) == ("done", at(DAY, 15, 25))
    after = send_due_bulk(
        engine=get_engine(),
        restaurant_id=r.id,
        purpose="campaign",
        budget=60.0,
        now=lambda: at(DAY, 15, 25, 1),
    )
    assert after.sent == 10 and len(wired.sent) == 10


def test_pause_between_batches_stops_the_rest(committed, redis_conn, wired):
    """After one batch, a pause takes back every row not yet claimed: no later batch sends any."""
    from crm_res.db import get_engine, session_scope
    from crm_res.jobs import scheduled
    from crm_res.services.outbox.bulk_sending import CHUNK, send_due_bulk

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, n=200, rate=10, pnid="pn-pause")  # 20 s ahead: 140 released
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    calls = iter([True])  # after the first chunk (always sent) a reply is waiting: the batch ends
    # Two seconds on: more than one chunk is due however soon after the release this runs (at 7/s
    # only 8 rows are due within the claim's second of the release itself: a single chunk, "done").
    later = datetime.now(UTC) + timedelta(seconds=2)
    first = send_due_bulk(
        engine=get_engine(),
        restaurant_id=r.id,
        purpose="campaign",
        should_yield=lambda: next(calls),
        now=lambda: later,
    )
    assert first.stopped == "yield" and first.sent == len(wired.sent) == CHUNK
    with session_scope() as s:
        released = s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)).all()
        assert dash.pause_campaign(session=s, viewer=viewer, campaign_id=cid) == len(released) - CHUNK
    run_worker()  # the batch sender queued by the release finds nothing to send
    scheduled.release_campaigns()
    run_worker()
    assert len(wired.sent) == CHUNK


def test_a_reply_waiting_for_a_slot_stops_campaign_sends(committed, redis_conn, wired, monkeypatch):
    """While a reply of the number waits for a slot (the window is full), the batch takes none: it
    ends at once, its rows still pending (no attempt counted), and is queued again a second later."""
    from crm_res.db import get_engine, session_scope
    from crm_res.jobs import scheduled
    from crm_res.services.outbox import sending
    from crm_res.services.outbox.bulk_sending import send_due_bulk
    from crm_res.services.outbox.sending import wait_for_send_slot

    # The reply's "waiting" mark lasts a second of wall time; on a loaded box (a mutation run) the
    # batch below began after it had expired and found the next second's slots free. Here it lasts
    # for the whole test, so what is checked is the rule, not how fast the box is.
    monkeypatch.setattr(sending, "REPLY_WAITING_MS", 600_000)

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, n=20, rate=10, pnid="pn-wait")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    while wait_for_send_slot("pn-wait", 10, max_wait=0):  # replies fill the number's second
        pass
    out = send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign")
    assert (out.sent, out.stopped) == (0, "cap") and wired.sent == []
    assert out.released == 8  # the first chunk: its first row found no slot, the other 7 taken back with it
    with session_scope() as s:
        rows = s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)).all()
    assert {row.status.value for row in rows} == {"pending"} and {row.attempts for row in rows} == {0}
    assert {row.last_error for row in rows if row.last_error} == {"throughput cap"}  # why, in the inbox


class _Killed(BaseException):
    """Stands for the SIGKILL: not an Exception, so no handler of the send path settles it."""


def _kill_after_posts(monkeypatch, posts: int):  # type: ignore[no-untyped-def]
    """The batch dies right after its `posts`-th request reached the Graph API, before the wamid
    is stored (the hardest moment); what a finally block would still store is not stored."""
    from crm_res.integrations.whatsapp import WhatsAppClient
    from crm_res.services.outbox import bulk_sending

    real_send, count = WhatsAppClient.send, [0]

    def send(self, payload, *, phone_number_id=None):  # type: ignore[no-untyped-def]
        wamid = real_send(self, payload, phone_number_id=phone_number_id)
        count[0] += 1
        if count[0] == posts:
            raise _Killed
        return wamid

    monkeypatch.setattr(WhatsAppClient, "send", send)
    monkeypatch.setattr(bulk_sending, "record_sent", lambda conn, posted: {})
    return lambda: (monkeypatch.setattr(WhatsAppClient, "send", real_send), monkeypatch.undo())


def _sent_until_killed(monkeypatch, posts: int, **campaign):  # type: ignore[no-untyped-def]
    """A campaign (`make_campaign`'s arguments) scheduled and released; its batch killed right after
    the `posts`-th post (see `_kill_after_posts`). Returns the restaurant, viewer and campaign id."""
    import pytest

    from crm_res.db import get_engine, session_scope
    from crm_res.jobs import scheduled
    from crm_res.services.outbox.bulk_sending import send_due_bulk

    with session_scope() as s:
        r, viewer, cid, _c = _campaign(s, **campaign)
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    restore = _kill_after_posts(monkeypatch, posts)
    with pytest.raises(_Killed):
        send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign")
    restore()
    return r, viewer, cid


def _rows(restaurant_id):  # type: ignore[no-untyped-def]
    from crm_res.db import session_scope

    with session_scope() as s:
        return s.exec(
            select(OutboxMessage)
            .where(OutboxMessage.restaurant_id == restaurant_id)
            .order_by(col(OutboxMessage.id))
        ).all()


def test_a_batch_killed_mid_chunk_takes_back_its_never_posted_rows_at_once(
    committed, redis_conn, wired, monkeypatch
):
    """Killed right after the 3rd post of a chunk of CHUNK: the 3rd row (its request went out) is
    left `sending` with its send started, to wait for its status; the chunk's rows after it were
    never posted and say so (no send started). The next batch takes those back at once and sends
    them, each once, without waiting any grace; the posted row is not posted again."""
    from crm_res.db import get_engine
    from crm_res.jobs.enqueue import bulk_job_started
    from crm_res.jobs.queues import BULK, queue
    from crm_res.jobs.sweep import requeue_stale
    from crm_res.services.outbox.bulk_sending import CHUNK, send_due_bulk

    r, _viewer, _cid = _sent_until_killed(monkeypatch, 3, n=CHUNK + 4, pnid="pn-killed")
    assert len(wired.sent) == 3
    sending = [row for row in _rows(r.id) if row.status.value == "sending"]
    on_the_wire = [row for row in sending if row.sending_started_at is not None]
    assert len(sending) == CHUNK  # the first chunk, all claimed (and the first two not recorded either)
    # the three posted (`_rows` reads the table unordered: an updated row may move in its page)
    assert sorted(row.to_wa_id for row in on_the_wire) == sorted(m.to for m in wired.sent)
    never_posted = {row.id for row in sending if row.sending_started_at is None}
    assert len(never_posted) == CHUNK - 3
    # The sweeper wakes the restaurant's batch sender for them (no grace to wait).
    queue(BULK).empty()
    bulk_job_started(r.id)  # the queued sender's marker gone, as when it ran (and died)
    assert "1 batch senders" in requeue_stale()
    [woken] = queue(BULK).get_jobs()
    assert woken.args == (str(r.id),)  # this restaurant's sender

    out = send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign", budget=60)
    assert out.recovered == CHUNK - 3
    sent = Counter(m.to for m in wired.sent)
    assert len(sent) == CHUNK + 4 and max(sent.values()) == 1  # everyone once, the posted three too
    rows = {row.id: row for row in _rows(r.id)}
    assert all(rows[i].status.value == "sent" and rows[i].attempts == 1 for i in never_posted)
    assert {rows[row.id].status.value for row in on_the_wire} == {"sending"}  # awaiting a status or the grace


def test_never_posted_rows_of_a_campaign_cancelled_meanwhile_are_never_sent(
    committed, redis_conn, wired, monkeypatch
):
    """The batch dies after its 2nd post; the campaign is then cancelled: the rows it had claimed and
    never posted are cancelled when taken back, not sent."""
    from crm_res.db import get_engine, session_scope
    from crm_res.services.outbox.bulk_sending import send_due_bulk

    # more recipients than a release books ahead at this cap: the campaign is still running
    r, viewer, cid = _sent_until_killed(monkeypatch, 2, n=400, rate=10, pnid="pn-killed-cancel")
    with session_scope() as s:
        dash.cancel_campaign(session=s, viewer=viewer, campaign_id=cid)
    out = send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign")
    assert out.recovered == 0 and out.sent == 0
    assert len(wired.sent) == 2
    rows = _rows(r.id)
    assert len(rows) < 400  # not all released before the cancel
    assert Counter(row.status.value for row in rows) == {"cancelled": len(rows) - 2, "sending": 2}
    with session_scope() as s:
        res = dash.campaign_results(session=s, viewer=viewer, campaign_id=cid)
    assert res["cancelled"] == 400 - 2


def test_never_posted_rows_of_a_campaign_paused_meanwhile_wait_for_the_resume(
    committed, redis_conn, wired, monkeypatch
):
    """The batch dies after its 2nd post; the campaign is then paused: its never-posted rows are
    taken back as a pause takes back pending ones (the rows deleted, the recipients pending), nothing
    is sent while paused, and after the resume every recipient gets the campaign once."""
    from crm_res.db import get_engine, session_scope
    from crm_res.jobs import scheduled
    from crm_res.services.outbox.bulk_sending import CHUNK, send_due_bulk

    # more recipients than a release books ahead at this cap: the campaign is still running
    r, viewer, cid = _sent_until_killed(monkeypatch, 2, n=400, rate=10, pnid="pn-killed-pause")
    with session_scope() as s:
        dash.pause_campaign(session=s, viewer=viewer, campaign_id=cid)
    claimed = {
        row.to_wa_id
        for row in _rows(r.id)
        if row.status.value == "sending" and row.sending_started_at is None
    }
    assert len(claimed) == CHUNK - 2
    out = send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign")
    assert (out.recovered, out.sent, len(wired.sent)) == (0, 0, 2)
    assert Counter(row.status.value for row in _rows(r.id)) == {"sending": 2}  # the posted two only
    with session_scope() as s:
        dash.resume_campaign(session=s, viewer=viewer, campaign_id=cid)
        # the moments booked before the pause have passed (the release books 20 s ahead)
        s.execute(text("UPDATE campaign_pacing SET next_at = now() WHERE restaurant_id = :r"), {"r": r.id})
    scheduled.release_campaigns()
    send_due_bulk(engine=get_engine(), restaurant_id=r.id, purpose="campaign", budget=4)
    sent = Counter(m.to for m in wired.sent)
    assert claimed <= set(sent) and max(sent.values()) == 1  # released again first, each once
