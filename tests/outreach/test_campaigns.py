"""Campaigns on real Postgres, Redis and RQ with the fake Graph API: audience and exclusions,
prayer holding per city, pause/resume/cancel, crashes and a Redis restart, attribution."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from crm_res.models import (
    Branch,
    Campaign,
    CampaignRecipient,
    Conversation,
    Customer,
    MessageTemplate,
    Order,
    OrderStatus,
    OutboxMessage,
    Role,
)
from crm_res.services.access import Viewer
from crm_res.services.campaigns import actions as dash
from crm_res.services.campaigns import board
from crm_res.services.campaigns import release as engine
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.errors import Forbidden
from tests.fakes import wa_payloads as wa
from tests.fixtures.campaigns import an_owner
from tests.fixtures.channel import post, run_worker
from tests.fixtures.places import DAY, RAMADAN_DAY, at

ROOT = Path(__file__).resolve().parents[2]


def _setup(s: Session, *, prayer: bool, rate: int = 80, pnid: str = "pn-camp", cities=("Riyadh", "Jeddah")):  # type: ignore[no-untyped-def]
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(
        session=s,
        name_ar="مطعم الحملات",
        name_en="Campaign Diner",
        phone_number_id=pnid,
        settings={"rate_per_second": rate},
    )
    r.prayer_time_enabled = prayer
    s.add(r)
    branches = [Branch(restaurant_id=r.id, name_ar=f"فرع {c}", name_en=c, city=c) for c in cities]
    s.add_all(branches)
    tpl = MessageTemplate(
        restaurant_id=r.id,
        name="weekend_offer",
        language="ar",
        purpose="promotion",
        body_preview="عرض نهاية الأسبوع",
        parameters=["name", "code", "branch"],
    )
    s.add(tpl)
    viewer = an_owner(s, r.id)
    s.flush()
    return r, branches, tpl, viewer


def _customers(s: Session, r, branch, n: int, start: int, **fields):  # type: ignore[no-untyped-def]
    """`n` customers whose branch is `branch` (an order there)."""
    out = []
    for i in range(n):
        c = Customer(restaurant_id=r.id, wa_id=f"9665{start + i:08d}", name=f"عميل {start + i}", **fields)
        s.add(c)
        out.append(c)
    s.flush()
    s.execute(
        text(
            "INSERT INTO orders (id, restaurant_id, number, customer_id, branch_id, items, total_amount, status, "
            "delivery_type, created_at, updated_at) SELECT gen_random_uuid(), :r, :base + ord, c, :b, '[]', 10, "
            "'delivered', 'pickup', now() - interval '40 days', now() - interval '40 days' "
            "FROM unnest(CAST(:ids AS uuid[])) WITH ORDINALITY AS t(c, ord)"
        ),
        {"r": r.id, "b": branch.id, "ids": [c.id for c in out], "base": start},
    )
    return out


PARAMS = {"name": "{name}", "code": "{discount_code}", "branch": "{branch}"}


# --------------------------------------------------------------------------- audience


def test_a_staff_number_that_got_a_test_is_left_out_of_the_campaign(committed, redis_conn):
    """ "Send a test to me" to a number that was no customer makes it a staff customer; scheduling
    the campaign afterwards leaves it out (reason "test"), as the daily summaries' staff numbers."""
    from crm_res.db import session_scope

    with session_scope() as s:
        r, (riyadh, _jeddah), tpl, viewer = _setup(s, prayer=False)
        people = _customers(s, r, riyadh, 5, 0)
        cid = dash.create_campaign(
            session=s,
            viewer=viewer,
            name="Test first",
            template_id=tpl.id,
            template_params=PARAMS,
            segment={},
        )
        assert dash.preview_audience(session=s, viewer=viewer, segment={})["count"] == 5
        dash.send_test(session=s, viewer=viewer, campaign_id=cid, wa_id="966599999999")
        s.flush()
        staff = s.exec(select(Customer).where(Customer.wa_id == "966599999999")).one()
        assert staff.tags == ["staff"]
        preview = dash.preview_audience(session=s, viewer=viewer, segment={})
        assert preview["count"] == 5 and preview["excluded"]["test"] == 1
        frozen = dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
        assert frozen["recipients"] == 5
        wa_ids = set(
            s.exec(select(CampaignRecipient.wa_id).where(CampaignRecipient.campaign_id == cid)).all()
        )
        assert wa_ids == {c.wa_id for c in people}


def test_numbers_csv_reports_bad_lines_by_their_number():
    """An uploaded list without a header is read as numbers; bad lines carry their own line number."""
    assert [r["wa_id"] for r in dash.parse_numbers_csv("966500000001\n+966 50 000 0002\n")] == [
        "966500000001",
        "966500000002",
    ]
    with pytest.raises(CsvLineErrors) as err:
        dash.parse_numbers_csv("966500000001\nnot-a-number\n966500000001\n")
    assert [n for n, _ in err.value.lines] == [2, 3]


def test_staff_cannot_create_and_other_restaurants_templates_are_not_found(session):
    """Only owners and managers create campaigns; a template of another restaurant is not found."""
    r, _b, tpl, owner = _setup(session, prayer=False)
    staff = Viewer(user_id=owner.user_id, restaurant_id=r.id, role=Role.staff)
    with pytest.raises(Forbidden):
        dash.create_campaign(session=session, viewer=staff, name="x", template_id=tpl.id, segment={})
    r2, _b2, _t2, other = _setup(session, prayer=False, pnid="pn-camp-2")
    from crm_res.services.errors import NotFound

    with pytest.raises(NotFound):
        dash.create_campaign(session=session, viewer=other, name="x", template_id=tpl.id, segment={})


def test_thousand_recipients_exclude_opted_out_capped_test_and_failed_numbers(committed, redis_conn, wired):
    """1,000 customers: opted-out, test, recently campaigned and permanently failed numbers are left
    out of the count and of the sends; everyone else gets exactly one message, with their own code."""
    from crm_res.db import session_scope
    from crm_res.jobs.enqueue import enqueue_sends

    with session_scope() as s:
        r, (riyadh, jeddah), tpl, viewer = _setup(s, prayer=False, rate=1000)
        normal = _customers(s, r, riyadh, 600, 0) + _customers(s, r, jeddah, 330, 600)
        opted = _customers(s, r, riyadh, 30, 1000, opted_out=True, opted_out_at=datetime.now(UTC))
        tests = _customers(s, r, riyadh, 10, 2000, is_test=True)
        capped, failed = normal[:20], normal[20:25]
        earlier = Campaign(restaurant_id=r.id, name="earlier", status="completed", template_id=tpl.id)
        s.add(earlier)
        s.flush()
        for c in capped:  # reached by another campaign two days ago (cap: 7 days)
            s.add(
                CampaignRecipient(
                    campaign_id=earlier.id,
                    restaurant_id=r.id,
                    customer_id=c.id,
                    wa_id=c.wa_id,
                    due_at=datetime.now(UTC),
                    status="queued",
                    released_at=datetime.now(UTC) - timedelta(days=2),
                )
            )
        for c in failed:  # Meta said the number cannot receive messages
            s.add(
                OutboxMessage(
                    restaurant_id=r.id,
                    customer_id=c.id,
                    to_wa_id=c.wa_id,
                    idempotency_key=f"f:{c.id}",
                    status="failed",
                    last_error="Message undeliverable (131026)",
                )
            )
        s.flush()
        everyone = normal + opted + tests
        assert len(everyone) == 970
        # 30 numbers not yet customers, and a simulator test customer's (a segment never has those)
        extra = "\n".join([*(f"9665{i:08d}" for i in range(5000, 5030)), tests[0].wa_id])
        preview = dash.preview_audience(session=s, viewer=viewer, segment={}, numbers_csv=extra)
        assert preview["excluded"] == {
            "opted_out": 30,
            "test": 1,
            "capped": 20,
            "failed": 5,
            "other_branches": 0,
        }
        assert preview["matched"] == 961 and preview["new_numbers"] == 30
        assert preview["count"] == 961 - 56 + 30 == 935
        assert len(preview["sample"]) == dash.SAMPLE
        cid = dash.create_campaign(
            session=s,
            viewer=viewer,
            name="Weekend",
            template_id=tpl.id,
            template_params=PARAMS,
            segment={},
            numbers_csv=extra,
            discount_percent=15,
        )
        frozen = dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
        assert frozen["recipients"] == 935
    now = datetime.now(UTC)
    for step in range(10):
        with session_scope() as s:
            out = engine.release_due(session=s, now=now + timedelta(seconds=20 * step))
            s.commit()
        enqueue_sends([(i, None) for i, _ in out.sends])
    run_worker()
    sent = [m.to for m in wired.sent]
    assert len(sent) == len(set(sent)) == 935
    excluded = {c.wa_id for c in opted + tests + capped + failed}
    assert not excluded & set(sent)
    codes = [m.json["template"]["components"][0]["parameters"][1]["text"] for m in wired.sent]
    assert len(set(codes)) == 935 and all(code.startswith("C") for code in codes)
    with session_scope() as s:
        res = dash.campaign_results(session=s, viewer=viewer, campaign_id=cid)
    assert (
        res["targeted"] == 935 and res["sent"] == 935 and res["failed"] == 0 and res["status"] == "completed"
    )


# --------------------------------------------------------------------------- prayer


def test_prayer_holding_differs_per_city(session):
    """At 15:12 in Riyadh's Asr window but not Jeddah's: Jeddah's customers are released, Riyadh's
    wait until the window ends, and no send is booked inside its city's window."""
    from crm_res.integrations.saudi_cities import find_city
    from crm_res.services.timing.holding import covering_window, hold_settings

    r, (riyadh, jeddah), tpl, viewer = _setup(session, prayer=True, rate=80)
    in_riyadh = _customers(session, r, riyadh, 5, 0)
    in_jeddah = _customers(session, r, jeddah, 5, 100)
    start = at(DAY, 15, 12)
    cid = dash.create_campaign(
        session=session,
        viewer=viewer,
        name="Asr",
        template_id=tpl.id,
        template_params=PARAMS,
        segment={},
        timing={"mode": "at", "at": "2025-06-11T15:12"},
    )
    dash.schedule_campaign(session=session, viewer=viewer, campaign_id=cid, now=start - timedelta(hours=1))
    first = engine.release_due(session=session, now=start)
    assert (first.released, first.held) == (5, 5)
    rows = {
        r.wa_id: r
        for r in session.exec(select(CampaignRecipient).where(CampaignRecipient.campaign_id == cid))
    }
    assert {rows[c.wa_id].status for c in in_jeddah} == {"queued"}
    assert {rows[c.wa_id].held_reason for c in in_riyadh} == {"asr"}
    assert all(rows[c.wa_id].due_at == at(DAY, 15, 25) for c in in_riyadh)  # Asr 15:15 + 10 min
    assert engine.release_due(session=session, now=at(DAY, 15, 20)).released == 0  # still in the window
    later = engine.release_due(session=session, now=at(DAY, 15, 25, 1))
    assert later.released == 5
    policy = hold_settings(r)
    cities = {c.wa_id: find_city("Riyadh") for c in in_riyadh} | {
        c.wa_id: find_city("Jeddah") for c in in_jeddah
    }
    outbox = session.exec(
        select(OutboxMessage).where(OutboxMessage.purpose == "campaign", OutboxMessage.restaurant_id == r.id)
    ).all()
    assert len(outbox) == 10
    for row in outbox:
        assert covering_window(row.not_before, cities[row.to_wa_id], policy) is None
        assert row.business_initiated
    res = dash.campaign_results(session=session, viewer=viewer, campaign_id=cid)
    assert res["held_for_prayer"] == 5


def test_relative_to_maghrib_is_per_city(session):
    """ "30 minutes before Maghrib" in Ramadan is due at each city's own Maghrib minus 30 minutes."""
    from crm_res.integrations.prayer_times import prayer_times_for
    from crm_res.integrations.saudi_cities import find_city

    r, (riyadh, jeddah), tpl, viewer = _setup(session, prayer=True)
    _customers(session, r, riyadh, 3, 0)
    _customers(session, r, jeddah, 3, 100)
    timing = {"mode": "prayer", "prayer": "maghrib", "offset_min": -30, "date": RAMADAN_DAY.isoformat()}
    cid = dash.create_campaign(
        session=session, viewer=viewer, name="Iftar", template_id=tpl.id, segment={}, timing=timing
    )
    dash.schedule_campaign(session=session, viewer=viewer, campaign_id=cid, now=at(RAMADAN_DAY, 9, 0))
    due = {
        r.city: r.due_at
        for r in session.exec(select(CampaignRecipient).where(CampaignRecipient.campaign_id == cid))
    }
    for city in ("Riyadh", "Jeddah"):
        maghrib = prayer_times_for(find_city(city), RAMADAN_DAY, ramadan=True).maghrib
        assert due[city] == maghrib - timedelta(minutes=30)
    assert due["Jeddah"] - due["Riyadh"] > timedelta(minutes=20)
    # Inside Ramadan's quiet hour, yet released: a pre-iftar campaign is exempt (not from prayer).
    out = engine.release_due(session=session, now=due["Riyadh"])
    assert out.released == 3 and out.held == 0


def test_relative_to_maghrib_is_per_town_for_branches_known_by_their_coordinates(session):
    """Two branches in towns we have no entry for (coordinates only, 10 degrees of longitude apart):
    "30 minutes before Maghrib" is due at each town's own Maghrib, not the first town's for both."""
    from crm_res.integrations.prayer_times import prayer_times_for

    r, _, tpl, viewer = _setup(session, prayer=True, cities=())
    west = Branch(restaurant_id=r.id, name_ar="غرب", name_en="West", city="Qaryah West", lat=24.0, lng=39.0)
    east = Branch(restaurant_id=r.id, name_ar="شرق", name_en="East", city="Qaryah East", lat=24.0, lng=49.0)
    session.add_all([west, east])
    session.flush()
    _customers(session, r, west, 2, 0)
    _customers(session, r, east, 2, 100)
    timing = {"mode": "prayer", "prayer": "maghrib", "offset_min": -30, "date": RAMADAN_DAY.isoformat()}
    cid = dash.create_campaign(
        session=session, viewer=viewer, name="Iftar", template_id=tpl.id, segment={}, timing=timing
    )
    dash.schedule_campaign(session=session, viewer=viewer, campaign_id=cid, now=at(RAMADAN_DAY, 9, 0))
    due = {
        r.city: r.due_at
        for r in session.exec(select(CampaignRecipient).where(CampaignRecipient.campaign_id == cid))
    }
    for branch in (west, east):
        maghrib = prayer_times_for((branch.lat, branch.lng), RAMADAN_DAY, ramadan=True).maghrib
        assert due[branch.city] == maghrib - timedelta(minutes=30)
    assert due["Qaryah West"] - due["Qaryah East"] > timedelta(minutes=30)


# --------------------------------------------------------------------------- control


def _scheduled(session, n: int = 50, rate: int = 2):  # type: ignore[no-untyped-def]
    r, (riyadh, _j), tpl, viewer = _setup(session, prayer=False, rate=rate)
    _customers(session, r, riyadh, n, 0)
    cid = dash.create_campaign(
        session=session, viewer=viewer, name="C", template_id=tpl.id, segment={}, template_params=PARAMS
    )
    dash.schedule_campaign(session=session, viewer=viewer, campaign_id=cid)
    return r, viewer, cid


def _keys(session, cid) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        session.exec(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.like(f"campaign:{cid}:%"), OutboxMessage.status != "cancelled"
            )
        ).all()
    )


def test_pause_takes_back_unsent_and_resume_sends_them_under_the_same_keys(session):
    """A pause removes queued sends not yet posted (a row being posted is left alone); nothing is
    released while paused; resume releases them again, each under its one key."""
    _r, viewer, cid = _scheduled(session)
    now = datetime.now(UTC)
    first = engine.release_due(session=session, now=now)
    assert first.released == 20  # 1 send/s for 20 s: the rate is the pacing
    posting = session.get(OutboxMessage, first.sends[0][0])
    posting.status = "sending"
    session.add(posting)
    session.flush()
    assert dash.pause_campaign(session=session, viewer=viewer, campaign_id=cid) == 19
    assert _keys(session, cid) == [posting.idempotency_key]
    assert engine.release_due(session=session, now=now + timedelta(minutes=5)).released == 0
    assert dash.resume_campaign(session=session, viewer=viewer, campaign_id=cid) == "running"
    total = 1
    for step in range(10):
        total += engine.release_due(
            session=session, now=now + timedelta(minutes=6, seconds=20 * step)
        ).released
    keys = _keys(session, cid)
    assert total == len(keys) == len(set(keys)) == 50


def test_a_resumed_campaign_books_the_slots_its_pause_gave_back(session):
    """A pause frees the look-ahead its queued sends had booked: released again at once, the
    first send is due now (just after the one still being posted), not 20 s later."""
    _r, viewer, cid = _scheduled(session)
    now = datetime.now(UTC)
    first = engine.release_due(session=session, now=now)
    posting = session.get(OutboxMessage, first.sends[0][0])
    posting.status = "sending"
    session.add(posting)
    session.flush()
    dash.pause_campaign(session=session, viewer=viewer, campaign_id=cid)
    dash.resume_campaign(session=session, viewer=viewer, campaign_id=cid)
    again = engine.release_due(session=session, now=datetime.now(UTC))
    slots = sorted(at for _id, at in again.sends)
    assert again.released == len(slots) >= 19
    assert slots[0] - posting.not_before <= timedelta(seconds=2)  # not after the 20 s given up
    assert slots[0] > posting.not_before  # nor on the slot still being posted


def test_cancel_never_sends_what_was_not_yet_sent(session):
    """After cancel, queued sends are cancelled, pending recipients never released, and a send job
    that runs anyway skips its row."""
    from crm_res.services.outbox.sending import _claim

    _r, viewer, cid = _scheduled(session)
    now = datetime.now(UTC)
    first = engine.release_due(session=session, now=now)
    assert dash.cancel_campaign(session=session, viewer=viewer, campaign_id=cid) == first.released
    assert engine.release_due(session=session, now=now + timedelta(hours=1)).released == 0
    statuses = Counter(
        session.exec(select(CampaignRecipient.status).where(CampaignRecipient.campaign_id == cid))
    )
    assert statuses == {"cancelled": 50}
    session.flush()
    row, _r2, _c, outcome = _claim(session, first.sends[0][0], now)
    assert row is None and outcome.status == "skipped" and outcome.reason == "already cancelled"


def test_timing_can_change_before_the_start_only(session):
    """The schedule can be edited before the first send, not after."""
    from crm_res.services.errors import Conflict

    _r, viewer, cid = _scheduled(session, n=3)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    dash.update_timing(session=session, viewer=viewer, campaign_id=cid, timing={"mode": "at", "at": tomorrow})
    assert engine.release_due(session=session).released == 0  # not due yet
    dash.update_timing(session=session, viewer=viewer, campaign_id=cid, timing={"mode": "now"})
    assert engine.release_due(session=session).released == 3
    with pytest.raises(Conflict):
        dash.update_timing(session=session, viewer=viewer, campaign_id=cid, timing={"mode": "now"})


# --------------------------------------------------------------------------- crashes


def _status_deliveries(client, graph, pnid: str) -> None:  # type: ignore[no-untyped-def]
    """What Meta does: a "sent" status for every message it accepted, with our callback data."""
    events = []
    for m in graph.sent:
        event = wa.status(pnid, m.wamid, "sent", recipient_id=m.to)
        event.data["biz_opaque_callback_data"] = m.json.get("biz_opaque_callback_data")
        events.append(event)
    for i in range(0, len(events), 50):
        assert post(client, *events[i : i + 50]).status_code == 200


def test_worker_killed_mid_release_and_redis_restart_send_each_once(committed, redis_conn, wired):
    """A real worker is killed (SIGKILL) while it posts campaign sends, then Redis is emptied: the
    release job and the sweeper rebuild the work from Postgres; with Meta's statuses for what it
    accepted, every recipient gets exactly one message."""
    from starlette.testclient import TestClient

    import webhook
    from crm_res.db import get_redis, session_scope
    from crm_res.jobs import scheduled, sweep
    from crm_res.jobs.queues import BULK, OUTBOUND, queue
    from crm_res.services.outbox import sending

    with session_scope() as s:
        r, (riyadh, _j), tpl, viewer = _setup(s, prayer=False, rate=1000, pnid="pn-kill")
        _customers(s, r, riyadh, 120, 0)
        cid = dash.create_campaign(
            session=s, viewer=viewer, name="Kill", template_id=tpl.id, segment={}, template_params=PARAMS
        )
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()  # the periodic job: commits, then enqueues
    # One batch sender for the restaurant, not a job per send; it queues its next batch itself.
    assert queue(BULK).count == 1 and queue(OUTBOUND).count == 0
    wired.delay_next(0.05, times=1000)  # slow posts, so the kill lands mid-batch
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rq.cli",
            "worker",
            "--burst",
            "--worker-class",
            "rq.SimpleWorker",
            "--url",
            os.environ["REDIS_URL"],
            BULK,
            OUTBOUND,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(wired.sent) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    with wired._lock:  # the remaining posts answer at once
        wired._canned.clear()
    assert 0 < len(wired.sent) < 120
    get_redis().flushdb()  # Redis restarted empty: every queued and scheduled job is gone
    _status_deliveries(TestClient(webhook.app), wired, "pn-kill")
    # The sweeper after its staleness delay and the bulk grace (rows left "sending" by the kill).
    later = datetime.now(UTC) + sending.unknown_send_grace(True) + timedelta(minutes=1)
    sweep.requeue_stale(now=later)
    with session_scope() as s:  # the kill may have left a row "sending" with no status: past its grace
        s.execute(
            text("UPDATE outbox SET sending_started_at = now() - interval '1 hour' WHERE status = 'sending'")
        )
    sweep.requeue_stale(now=later)
    scheduled.release_campaigns()
    run_worker()
    sent = Counter(m.to for m in wired.sent)
    assert len(sent) == 120 and max(sent.values()) == 1
    with session_scope() as s:
        res = dash.campaign_results(session=s, viewer=viewer, campaign_id=cid)
    assert res["sent"] == 120


# --------------------------------------------------------------------------- results


def test_order_after_delivery_is_attributed_and_replies_are_counted(session):
    """An order placed within the attribution window after the campaign was delivered counts (with
    its revenue); one placed before, or after the window, does not; a reply and an opt-out count."""
    now = datetime.now(UTC)
    r, (riyadh, _j), tpl, viewer = _setup(session, prayer=False)
    buyer, late, quiet = _customers(session, r, riyadh, 3, 0)
    cid = dash.create_campaign(session=session, viewer=viewer, name="Attr", template_id=tpl.id, segment={})
    dash.schedule_campaign(session=session, viewer=viewer, campaign_id=cid, now=now - timedelta(days=2))
    out = engine.release_due(session=session, now=now - timedelta(days=2))
    assert out.released == 3
    delivered_at = now - timedelta(days=2) + timedelta(minutes=1)
    for i, (outbox_id, _) in enumerate(out.sends):
        row = session.get(OutboxMessage, outbox_id)
        row.status, row.wa_message_id, row.sent_at = "sent", f"wamid.attr{i}", now - timedelta(days=2)
        session.add(row)
        session.execute(
            text(
                "INSERT INTO message_status_events (restaurant_id, wa_message_id, status, occurred_at) "
                "VALUES (:r, :w, 'delivered', :t)"
            ),
            {"r": r.id, "w": row.wa_message_id, "t": delivered_at},
        )
    conv = Conversation(restaurant_id=r.id, customer_id=buyer.id, branch_id=riyadh.id)
    session.add(conv)
    session.flush()
    session.execute(
        text(
            "INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, "
            "status, created_at) VALUES (:r, :c, 'inbound', 'customer', 'text', 'أبي العرض', "
            "'delivered', :t)"
        ),
        {"r": r.id, "c": conv.id, "t": delivered_at + timedelta(hours=1)},
    )
    for customer, when, amount in (
        (buyer, delivered_at + timedelta(days=1), "55.50"),
        (buyer, delivered_at - timedelta(days=3), "99"),
        (late, delivered_at + timedelta(days=4), "40"),
    ):
        session.add(
            Order(
                restaurant_id=r.id,
                number=9000 + int(float(amount)),
                customer_id=customer.id,
                branch_id=riyadh.id,
                total_amount=Decimal(amount),
                status=OrderStatus.delivered,
                created_at=when,
            )
        )
    quiet.opted_out, quiet.opted_out_at = True, now - timedelta(days=1)
    session.add(quiet)
    session.flush()
    res = dash.campaign_results(session=session, viewer=viewer, campaign_id=cid)
    assert (res["delivered"], res["replied"], res["opted_out_after"]) == (3, 1, 1)
    assert (res["orders"], res["revenue"]) == (1, "55.50")
    drill = {d["wa_id"]: d for d in dash.campaign_recipients(session=session, viewer=viewer, campaign_id=cid)}
    assert drill[buyer.wa_id]["orders"] == 1 and drill[buyer.wa_id]["replied"]
    csv_text = dash.export_campaign_csv(session=session, viewer=viewer, campaign_id=cid)
    assert (
        csv_text.lstrip("\ufeff").splitlines()[0].startswith("wa_id,name,city,state") and "55.50" in csv_text
    )
    assert board.campaign_for_conversation(session=session, viewer=viewer, conversation_id=conv.id) == "Attr"
