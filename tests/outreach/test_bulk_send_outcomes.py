"""What one call of the batch sender (services/outbox/bulk_sending.py `send_due_bulk`) reports and
decides, on real Postgres and Redis with the fake Graph API: when it stops and what it tells the job
(`stopped`, `next_due`), how often it asks whether to yield, the due re-check at claim time, the
opt-out and prayer counts with their metrics, the pre-iftar promotion inside Ramadan's quiet hour.
Found by mutation testing (docs/MUTATION.md, session of 2026-12-06 (6)): each of these could change
and the campaign tests, which look at what was sent in the end, did not notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import col, select

from crm_res.models import OutboxMessage
from crm_res.services.campaigns import actions as dash
from tests.fixtures.campaigns import make_campaign
from tests.fixtures.places import RAMADAN_DAY, at


def _released(n: int, **campaign):  # type: ignore[no-untyped-def]
    """A campaign to `n` customers (`make_campaign`'s arguments) scheduled and released now (at the
    fixture's 1000/s every row is due at once). Returns the restaurant and its customers."""
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled

    with session_scope() as s:
        r, viewer, cid, customers = make_campaign(s, n=n, **campaign)
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    return r, customers


def _rows(restaurant_id) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    """The restaurant's outbox rows in the batch's own order (oldest slot first)."""
    from crm_res.db import session_scope

    with session_scope() as s:
        return list(
            s.exec(
                select(OutboxMessage)
                .where(OutboxMessage.restaurant_id == restaurant_id)
                .order_by(col(OutboxMessage.not_before), col(OutboxMessage.id))
            ).all()
        )


def _send(restaurant_id, **kwargs):  # type: ignore[no-untyped-def]
    from crm_res.db import get_engine
    from crm_res.services.outbox.bulk_sending import send_due_bulk

    return send_due_bulk(engine=get_engine(), restaurant_id=restaurant_id, purpose="campaign", **kwargs)


def _count(counter, *labels: str) -> float:  # type: ignore[no-untyped-def]
    return counter.labels(*labels)._value.get()


def _answers(*answers: bool) -> tuple[Callable[[], bool], list[bool]]:
    """A `should_yield` giving `answers` in turn (then False), and the list of what it answered."""
    asked: list[bool] = []

    def should_yield() -> bool:
        asked.append(answers[len(asked)] if len(asked) < len(answers) else False)
        return asked[-1]

    return should_yield, asked


def test_the_batch_asks_whether_to_yield_once_between_chunks_and_stops_when_told(
    committed, redis_conn, wired
):
    """Three chunks due: asked before the second (no) and before the third (yes): two chunks sent,
    each row once, and the call says "yield" (the job queues the rest behind the reply)."""
    from crm_res.db import session_scope
    from crm_res.services.outbox.bulk_sending import CHUNK

    r, _customers = _released(3 * CHUNK, pnid="pn-asks")
    with session_scope() as s:  # the restaurant's own number and token (the fake accepts only it)
        s.execute(
            text("UPDATE restaurants SET whatsapp_access_token = 'own-token' WHERE id = :r"), {"r": r.id}
        )
    wired.access_token = "own-token"
    should_yield, asked = _answers(False, True)
    later = datetime.now(UTC) + timedelta(seconds=2)
    out = _send(r.id, budget=60.0, should_yield=should_yield, now=lambda: later)
    assert asked == [False, True]
    assert (out.sent, out.stopped) == (2 * CHUNK, "yield") and len(wired.sent) == 2 * CHUNK
    assert len({m.to for m in wired.sent}) == 2 * CHUNK
    assert {m.phone_number_id for m in wired.sent} == {"pn-asks"}
    assert {m.headers["authorization"] for m in wired.sent} == {"Bearer own-token"}
    assert [row.status.value for row in _rows(r.id)] == ["sent"] * 2 * CHUNK + ["pending"] * CHUNK


def test_a_row_moved_later_after_the_batch_chose_it_is_claimed_only_within_its_second(
    committed, redis_conn, wired
):
    """The batch chose 10 due rows; before its second chunk is claimed, another sender moved that
    chunk's two rows on (as a send-time hold does): the one now due half a second after the batch's
    moment still goes (the claim's second of tolerance, as the choice had), the one due 1.5 s after
    it stays pending. The call is then "done" and names that row's time as the next batch's."""
    from crm_res.db import get_engine
    from crm_res.services.outbox.bulk_sending import CHUNK

    r, _customers = _released(CHUNK + 2, pnid="pn-moved")
    later = datetime.now(UTC) + timedelta(seconds=2)
    *_first, soon, late = (row.id for row in _rows(r.id))

    def move_the_second_chunk() -> bool:
        with get_engine().begin() as conn:
            for outbox_id, after in ((soon, 0.5), (late, 1.5)):
                conn.execute(
                    text("UPDATE outbox SET not_before = :t WHERE id = :id"),
                    {"t": later + timedelta(seconds=after), "id": outbox_id},
                )
        return False

    out = _send(r.id, budget=60.0, should_yield=move_the_second_chunk, now=lambda: later)
    rows = {row.id: row for row in _rows(r.id)}
    assert rows[soon].status.value == "sent"
    assert rows[late].status.value == "pending" and rows[late].attempts == 0
    assert (out.sent, len(wired.sent)) == (CHUNK + 1, CHUNK + 1)
    assert (out.stopped, out.next_due) == ("done", later + timedelta(seconds=1.5))


def test_a_call_that_took_as_many_rows_as_its_limit_says_budget_so_the_job_comes_back(
    committed, redis_conn, wired
):
    """A budget small enough that the call takes one chunk of candidates (the limit is
    max(CHUNK, budget × 200)) while more are due: it sends that chunk and says "budget", not
    "done" (the job queues the next batch at once; there may be more due)."""
    from crm_res.services.outbox.bulk_sending import CHUNK

    r, _customers = _released(CHUNK + 4, pnid="pn-limit")
    later = datetime.now(UTC) + timedelta(seconds=2)
    out = _send(r.id, budget=CHUNK / 200, now=lambda: later)
    assert (out.sent, out.stopped, out.next_due) == (CHUNK, "budget", None)
    assert len(wired.sent) == CHUNK


def test_opt_outs_at_send_time_are_counted_in_the_outcome_and_under_cancelled(committed, redis_conn, wired):
    """Two of five customers opt out after the release: the call reports 2 cancelled and 3 sent,
    and the sends metric counts the two under outcome "cancelled", code ""."""
    from crm_res import metrics
    from crm_res.db import session_scope

    r, customers = _released(5, pnid="pn-counted")
    with session_scope() as s:
        s.execute(
            text("UPDATE customers SET opted_out = true WHERE id = ANY(:ids)"),
            {"ids": [c.id for c in customers[:2]]},
        )
    before = _count(metrics.SENDS, "cancelled", "")
    later = datetime.now(UTC) + timedelta(seconds=2)
    out = _send(r.id, budget=60.0, now=lambda: later)
    assert (out.sent, out.cancelled) == (3, 2)
    assert _count(metrics.SENDS, "cancelled", "") == before + 2
    assert {row.last_error for row in _rows(r.id) if row.status.value == "cancelled"} == {
        "customer opted out"
    }


def test_the_pre_iftar_promotion_goes_inside_the_quiet_hour_and_a_held_row_says_why(
    committed, redis_conn, wired
):
    """At 17:10 on a day of Ramadan in Riyadh (the hour before Maghrib, 17:53, is quiet): the row
    marked as the pre-iftar promotion is sent; the other is held to 18:03 with its reason on the row
    ("held for ramadan_quiet", what the inbox shows), counted once as held and under "prayer"."""
    from crm_res import metrics
    from crm_res.db import session_scope
    from crm_res.services.campaigns import release

    with session_scope() as s:
        r, viewer, cid, _c = make_campaign(s, n=2, prayer=True, pnid="pn-iftar")
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid, now=at(RAMADAN_DAY, 14, 0))
        assert release.release_due(session=s, now=at(RAMADAN_DAY, 16, 0)).released == 2
    promotion, other = _rows(r.id)
    with session_scope() as s:
        s.execute(
            text(
                """UPDATE outbox SET payload = jsonb_set(payload, '{hold}', '{"pre_iftar": true}') WHERE id = :id"""
            ),
            {"id": promotion.id},
        )
    before = _count(metrics.OUTBOX_HELD, "prayer")
    out = _send(r.id, budget=60.0, now=lambda: at(RAMADAN_DAY, 17, 10))
    assert (out.sent, out.held) == (1, 1) and [m.to for m in wired.sent] == [promotion.to_wa_id]
    rows = {row.id: row for row in _rows(r.id)}
    assert rows[promotion.id].status.value == "sent"
    held = rows[other.id]
    assert (held.status.value, held.not_before) == ("pending", at(RAMADAN_DAY, 18, 3))
    assert held.last_error == "held for ramadan_quiet"
    assert _count(metrics.OUTBOX_HELD, "prayer") == before + 1


def test_each_posts_outcome_in_a_chunk_is_counted_where_it_belongs(committed, redis_conn, wired):
    """One chunk of seven: Meta refuses the first two (failed), answers 500 to the next two
    (released to their backoff), takes the fifth and drops the connection (unknown: handed to the
    job to reconcile, with its row), accepts the last two (sent)."""
    r, _customers = _released(7, pnid="pn-outcomes")
    ids = [row.id for row in _rows(r.id)]
    wired.fail_next(400, code=131026, title="Message undeliverable", times=2)
    wired.fail_next(500, times=2)
    wired.drop_next(accepted=True)
    later = datetime.now(UTC) + timedelta(seconds=2)
    out = _send(r.id, budget=60.0, now=lambda: later)
    assert (out.failed, out.released, out.sent, out.stopped) == (2, 2, 2, "done")
    assert [(outbox_id, outcome.status) for outbox_id, outcome in out.unknown] == [(ids[4], "reconcile")]
    rows = {row.id: row for row in _rows(r.id)}
    statuses = [rows[i].status.value for i in ids]
    assert statuses == ["failed", "failed", "pending", "pending", "sending", "sent", "sent"]


def test_a_row_taken_back_before_its_post_is_skipped_not_counted_and_the_chunk_goes_on(
    committed, redis_conn, wired, monkeypatch
):
    """The second row of a chunk is taken back (to pending, as `release_unposted` does when this
    sender's lock has expired) between its claim and its post: it is not posted nor counted as
    released, and the rows after it are posted."""
    from crm_res.db import get_engine
    from crm_res.services.outbox import bulk_sending

    r, _customers = _released(4, pnid="pn-skipped")
    ids = [row.id for row in _rows(r.id)]
    real = bulk_sending._on_the_wire

    def taken_back_first(conn, outbox_id):  # type: ignore[no-untyped-def]
        if outbox_id == ids[1]:
            with get_engine().begin() as other:
                other.execute(text("UPDATE outbox SET status = 'pending' WHERE id = :id"), {"id": outbox_id})
        return real(conn, outbox_id)

    monkeypatch.setattr(bulk_sending, "_on_the_wire", taken_back_first)
    later = datetime.now(UTC) + timedelta(seconds=2)
    out = _send(r.id, budget=60.0, now=lambda: later)
    assert (out.sent, out.released, out.failed, out.unknown) == (3, 0, 0, [])
    rows = {row.id: row for row in _rows(r.id)}
    assert [rows[i].status.value for i in ids] == ["sent", "pending", "sent", "sent"]
    assert rows[ids[1]].to_wa_id not in {m.to for m in wired.sent} and len(wired.sent) == 3


def test_each_post_asks_the_cap_at_the_restaurants_rate_in_the_bulk_window_waiting_at_most_slot_wait(
    committed, redis_conn, wired, monkeypatch
):
    """Every post of a batch takes a slot of the restaurant's number at its own rate (7/s here), in
    the bulk window (replies keep the rest of the cap), waiting at most SLOT_WAIT for it (a batch
    must not sit on a worker; the rest of its chunk is released instead)."""
    from crm_res.services.outbox import sending
    from crm_res.services.outbox.bulk_sending import SLOT_WAIT

    r, _customers = _released(3, rate=7, pnid="pn-slots")
    asked: list[tuple] = []
    real = sending.wait_for_send_slot

    def wait_for_send_slot(phone_number_id, per_second, max_wait=10.0, *, bulk=False):  # type: ignore[no-untyped-def]
        asked.append((phone_number_id, per_second, max_wait, bulk))
        return real(phone_number_id, per_second, max_wait, bulk=bulk)

    monkeypatch.setattr(sending, "wait_for_send_slot", wait_for_send_slot)
    later = datetime.now(UTC) + timedelta(seconds=5)
    out = _send(r.id, budget=60.0, now=lambda: later)
    assert out.sent == 3 and len(wired.sent) == 3
    assert asked == [("pn-slots", 7, SLOT_WAIT, True)] * 3
