"""Periodic jobs: declared in one list, registered with RQ's CronScheduler, and what each one does."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.fixtures.people import add_user

KSA = ZoneInfo("Asia/Riyadh")
DAY = date(2025, 6, 11)


def at(hh: int, mm: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=KSA)


def restaurant(session, pnid: str = "pn-jobs", **kw):  # type: ignore[no-untyped-def]
    from crm_res.models import Branch
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(
        session=session, name_ar="مطعم النخيل", name_en="Palm Diner", phone_number_id=pnid, **kw
    )
    b = Branch(restaurant_id=r.id, name_ar="العليا", name_en="Olaya", city="Riyadh")
    session.add(b)
    session.flush()
    return r, b


# --------------------------------------------------------------------------- the list


def test_every_scheduled_job_is_declared_and_registers_with_rq_cron(redis_conn):
    """schedule.py lists the feedback scan, summaries, abandonment, warm-up, pruning and promotions."""
    from rq.cron import CronScheduler

    from crm_res.jobs import scheduled
    from crm_res.jobs.schedule import PERIODIC_JOBS, register_all

    declared = {job.func for job in PERIODIC_JOBS}
    for func in (
        scheduled.queue_due_feedback_requests,
        scheduled.send_daily_summaries,
        scheduled.abandon_idle_conversations,
        scheduled.warm_prayer_times,
        scheduled.prune_release_slots,
        scheduled.schedule_pre_iftar_promotions,
    ):
        assert func in declared
    scheduler = CronScheduler(connection=redis_conn)
    register_all(scheduler)
    names = {job.func_name for job in scheduler.get_jobs()}
    assert "crm_res.jobs.scheduled.send_daily_summaries" in names
    assert len(scheduler.get_jobs()) == len(PERIODIC_JOBS)


# --------------------------------------------------------------------------- daily summary


def _day_of_business(session, r, b):  # type: ignore[no-untyped-def]
    """Two conversations, three orders (one cancelled), ratings 5 and 2 (the 2 needs a follow-up)."""
    from crm_res.models import Conversation, Customer, Feedback, Order, OrderStatus, Sentiment

    c1 = Customer(restaurant_id=r.id, wa_id="966500000011", name="فهد")
    c2 = Customer(restaurant_id=r.id, wa_id="966500000012", name="ريم")
    session.add_all([c1, c2])
    session.flush()
    session.add_all([
        Conversation(restaurant_id=r.id, customer_id=c1.id, branch_id=b.id, started_at=at(13)),
        Conversation(restaurant_id=r.id, customer_id=c2.id, branch_id=b.id, started_at=at(20)),
        Conversation(restaurant_id=r.id, customer_id=c2.id, branch_id=b.id, status="resolved",
                     started_at=at(13) - timedelta(days=2)),  # before the period
        Order(restaurant_id=r.id, number=1, customer_id=c1.id, branch_id=b.id, total_amount=Decimal("50.00"),
              status=OrderStatus.delivered, created_at=at(13, 5)),
        Order(restaurant_id=r.id, number=2, customer_id=c2.id, branch_id=b.id, total_amount=Decimal("30.50"),
              status=OrderStatus.confirmed, created_at=at(20, 10)),
        Order(restaurant_id=r.id, number=3, customer_id=c2.id, branch_id=b.id, total_amount=Decimal("99.00"),
              status=OrderStatus.cancelled, created_at=at(21)),
        Feedback(restaurant_id=r.id, customer_id=c1.id, branch_id=b.id, rating=5, sentiment=Sentiment.positive,
                 created_at=at(16)),
        Feedback(restaurant_id=r.id, customer_id=c2.id, branch_id=b.id, rating=2, sentiment=Sentiment.negative,
                 comment="الطلب وصل بارد", requires_followup=True, created_at=at(22)),
    ])  # fmt: skip
    session.flush()


def test_daily_summary_is_stored_and_sent_to_the_owner_at_the_local_time(session):
    """Not before 23:00 local; at 23:00 the figures are stored once, the owner's number (a customer
    row tagged staff) gets a `summary` message, and the owner's bell a notification."""
    from crm_res.models import Customer, DailySummary, Notification, OutboxMessage, Role
    from crm_res.services.outreach.summaries import run_due_summaries

    r, b = restaurant(session)
    owner = add_user(session, r.id, "owner@palm.sa", Role.owner, full_name="أبو خالد")
    owner.whatsapp_number = "+966 55 000 0001"
    session.add(owner)
    add_user(session, r.id, "staff@palm.sa", Role.staff, password="password-2")
    _day_of_business(session, r, b)
    assert run_due_summaries(session=session, now=at(22, 59)) == []  # yesterday's is > 6 h late: skipped
    [outcome] = run_due_summaries(session=session, now=at(23, 0))
    summary = session.exec(select(DailySummary)).one()
    assert (summary.day, summary.conversations, summary.orders) == (DAY, 2, 2)
    assert summary.revenue == Decimal("80.50") and summary.average_rating == Decimal("3.50")
    assert (summary.ratings_count, summary.negative_feedback, summary.followups_open) == (2, 1, 1)
    assert summary.data["followups"][0]["comment"] == "الطلب وصل بارد"
    assert summary.period_end == at(23, 0) and summary.period_start == at(23, 0) - timedelta(days=1)
    [row] = session.exec(select(OutboxMessage)).all()
    assert row.purpose == "summary" and row.to_wa_id == "966550000001" and not row.business_initiated
    staff_row = session.get(Customer, row.customer_id)
    assert "staff" in staff_row.tags
    body = row.payload["message"]["text"]["body"]
    assert "المحادثات: 2" in body and "80.50 ريال" in body and "بانتظار المتابعة: 1" in body
    assert outcome.sends == [(row.id, row.not_before)] and summary.sent_to == 1
    assert session.exec(select(Notification).where(Notification.kind == "summary")).one().user_id == owner.id
    assert run_due_summaries(session=session, now=at(23, 5)) == []  # once per day


def test_summary_time_and_timezone_come_from_the_restaurant(session):
    """daily_summary_time "21:30": due at 21:30 local; a summary more than 6 h late is skipped."""
    from crm_res.services.outreach.summaries import due_period, run_due_summaries

    r, _ = restaurant(session, settings={"daily_summary_time": "21:30"})
    assert due_period(r, at(21, 29)) is None  # yesterday's is a day late
    assert due_period(r, at(21, 30))[0] == DAY
    assert due_period(r, at(21, 30) + timedelta(hours=5))[0] == DAY  # catching up after a restart
    assert due_period(r, at(21, 30) + timedelta(hours=7)) is None
    [outcome] = run_due_summaries(session=session, now=at(21, 30))
    assert outcome.day == DAY and outcome.sends == []  # no owner with a number: stored only


# --------------------------------------------------------------------------- abandoned conversations


def test_idle_active_conversations_are_abandoned_after_the_configured_hours(session):
    """24 h without anything new: active → abandoned; 23 h stays; escalated stays; 2 h when configured."""
    from crm_res.models import Conversation, ConversationStatus, Customer, Event
    from crm_res.services.outreach.housekeeping import abandon_idle_conversations

    r, _ = restaurant(session)
    r2, _ = restaurant(session, pnid="pn-quick", settings={"abandon_after_hours": 2})
    now = at(12)
    convs = {}
    for name, rest, idle, status in (
        ("old", r, 25, "active"),
        ("fresh", r, 23, "active"),
        ("escalated", r, 30, "escalated"),
        ("quick", r2, 3, "active"),
    ):
        c = Customer(restaurant_id=rest.id, wa_id=f"9665{len(convs):08d}")
        session.add(c)
        session.flush()
        conv = Conversation(
            restaurant_id=rest.id,
            customer_id=c.id,
            status=status,
            started_at=now - timedelta(hours=idle + 1),
            last_message_at=now - timedelta(hours=idle),
        )
        session.add(conv)
        session.flush()
        convs[name] = conv
    assert abandon_idle_conversations(session=session, now=now) == 2
    for conv in convs.values():
        session.refresh(conv)
    assert convs["old"].status == ConversationStatus.abandoned
    assert convs["quick"].status == ConversationStatus.abandoned
    assert convs["fresh"].status == ConversationStatus.active
    assert convs["escalated"].status == ConversationStatus.escalated
    assert len(session.exec(select(Event).where(Event.kind == "conversation.abandoned")).all()) == 2
    assert abandon_idle_conversations(session=session, now=now) == 0


# --------------------------------------------------------------------------- prayer-time warm-up


def test_prayer_times_are_warmed_for_restaurants_whose_day_just_began(session):
    """At 00:30 Riyadh time the Riyadh restaurant's cities are warmed, not a Dubai one (01:30 there);
    at 23:30 Riyadh time it is the Dubai one's turn."""
    from crm_res.models import Branch
    from crm_res.services.timing.holding import warm_prayer_times

    r, _ = restaurant(session)
    session.add(Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="Jeddah"))
    dubai, dubai_branch = restaurant(session, pnid="pn-dubai", timezone="Asia/Dubai")
    dubai_branch.city = "Dammam"
    session.flush()
    warmed = warm_prayer_times(session=session, now=at(0, 30))
    assert "Jeddah" in warmed and "Riyadh" in warmed and "Dammam" not in warmed
    assert warm_prayer_times(session=session, now=at(23, 30)) == ["Dammam"]


# --------------------------------------------------------------------------- the thin jobs on a real worker


def test_jobs_run_on_an_rq_worker_and_their_sends_reach_whatsapp(wired, committed, redis_conn):  # noqa: F811
    """The feedback scan job (real clock) queues the request, the worker sends it; the abandonment
    job closes an idle conversation."""
    from crm_res.jobs.queues import SCHEDULED, queue
    from crm_res.models import Conversation, Customer, Order, OrderStatus
    from tests.fixtures.channel import run_worker

    now = datetime.now(UTC)
    with Session(committed, expire_on_commit=False) as s:
        r, b = restaurant(s, pnid="pn-worker")
        r.prayer_time_enabled = False  # the real clock may be in a prayer window: that is tested elsewhere
        s.add(r)
        c = Customer(
            restaurant_id=r.id,
            wa_id="966501234567",
            name="Sara",
            last_inbound_at=now - timedelta(hours=4),
            language_preference="en",
        )
        idle = Customer(restaurant_id=r.id, wa_id="966501234568")
        s.add_all([c, idle])
        s.flush()
        s.add(
            Order(
                restaurant_id=r.id,
                number=12,
                customer_id=c.id,
                branch_id=b.id,
                total_amount=Decimal("20"),
                status=OrderStatus.delivered,
                delivered_at=now - timedelta(hours=3, minutes=1),
            )
        )
        s.add(
            Conversation(
                restaurant_id=r.id,
                customer_id=idle.id,
                started_at=now - timedelta(days=3),
                last_message_at=now - timedelta(days=2),
            )
        )
        s.commit()
    feedback = queue(SCHEDULED).enqueue("crm_res.jobs.scheduled.queue_due_feedback_requests")
    abandon = queue(SCHEDULED).enqueue("crm_res.jobs.scheduled.abandon_idle_conversations")
    run_worker()
    assert feedback.latest_result().return_value == "1 queued"
    assert abandon.latest_result().return_value == "1 conversations abandoned"
    [sent] = wired.wait_for(1)
    assert sent.to == "966501234567" and "How was your order #12?" in sent.text
    with committed.connect() as conn:
        assert (
            conn.execute(
                text("SELECT status FROM conversations WHERE customer_id = :c"), {"c": idle.id}
            ).scalar()
            == "abandoned"
        )


# --------------------------------------------------------------------------- robust to the server's timezone


def test_no_periodic_job_depends_on_the_servers_timezone(redis_conn):
    """RQ's cron reads crontab hours in the server's local time: every job is interval-based instead."""
    from rq.cron import CronScheduler

    from crm_res.jobs.schedule import PERIODIC_JOBS, register_all

    assert all(job.interval > 0 and not hasattr(job, "cron") for job in PERIODIC_JOBS)
    scheduler = CronScheduler(connection=redis_conn)
    register_all(scheduler)
    assert all(job.cron is None and job.interval for job in scheduler.get_jobs())


@pytest.fixture
def server_in_new_york(monkeypatch):  # type: ignore[no-untyped-def]
    """The process's local timezone is America/New_York (as on a server configured there)."""
    import time as time_module

    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


def test_pre_iftar_promotions_are_queued_from_11_local_whatever_the_server_zone(session, server_in_new_york):
    """In Ramadan, on a New York server: nothing before 11:00 local; a Dubai restaurant's promotion is queued
    at 11:00 Dubai time (10:00 in Riyadh), the Riyadh one's at 11:00 Riyadh time (for 17:23)."""
    from crm_res.models import Customer
    from crm_res.services.outreach.ramadan import schedule_due_promotions

    ramadan_day = date(2026, 2, 25)
    promo = {"pre_iftar_promo": {"enabled": True, "text_ar": "عرض الإفطار"}}
    r, _ = restaurant(session, settings=promo)
    dubai, _ = restaurant(session, pnid="pn-dubai-promo", timezone="Asia/Dubai", settings=promo)
    session.add_all(
        [
            Customer(restaurant_id=r.id, wa_id="966500000031"),
            Customer(restaurant_id=dubai.id, wa_id="966500000032"),
        ]
    )
    session.flush()
    assert datetime.now().astimezone().tzname() in ("EST", "EDT")  # the fixture took effect
    assert schedule_due_promotions(session=session, now=at(9, 59, day=ramadan_day)) == []
    [first] = schedule_due_promotions(session=session, now=at(10, 0, day=ramadan_day))
    assert first.restaurant_id == dubai.id and first.queued == 1
    assert schedule_due_promotions(session=session, now=at(10, 59, day=ramadan_day))[0].already == 1
    outcomes = schedule_due_promotions(session=session, now=at(11, 0, day=ramadan_day))
    assert {o.restaurant_id: (o.queued, o.already) for o in outcomes} == {r.id: (1, 0), dubai.id: (0, 1)}
    assert next(o for o in outcomes if o.restaurant_id == r.id).times["Riyadh"] == at(17, 23, day=ramadan_day)


# --------------------------------------------------------------------------- the summary on the dashboard


def test_latest_summary_is_shown_to_owners_on_the_overview(session):
    """After the 23:00 run the Overview's summary has the day's figures for the owner; staff get none."""
    from crm_res.models import Role
    from crm_res.services.access import Viewer
    from crm_res.services.insights.overview import latest_summary_view
    from crm_res.services.outreach.summaries import run_due_summaries

    r, b = restaurant(session)
    owner = Viewer(uuid.uuid4(), r.id, Role.owner)
    assert latest_summary_view(session=session, viewer=owner) is None
    _day_of_business(session, r, b)
    run_due_summaries(session=session, now=at(23, 0))
    view = latest_summary_view(session=session, viewer=owner)
    assert view["day"] == "2025-06-11" and (view["conversations"], view["orders"]) == (2, 2)
    assert view["revenue"] == "80.50" and view["average_rating"] == "3.50" and view["followups_open"] == 1
    assert (
        latest_summary_view(session=session, viewer=Viewer(uuid.uuid4(), r.id, Role.staff, (b.id,))) is None
    )
    other, _ = restaurant(session, pnid="pn-no-summary")
    assert latest_summary_view(session=session, viewer=Viewer(uuid.uuid4(), other.id, Role.owner)) is None


def test_demo_has_a_template_for_every_purpose_it_sends_on_its_own(session):
    """The demo seeds approved templates for feedback requests, order status, the summary, promotions and
    re-engagement, and the latest daily summary for the Overview; a second run adds none twice."""
    from crm_res.models import DailySummary, MessageTemplate
    from crm_res.services.ops.demo import seed_demo
    from crm_res.services.outbox.outbox import BUSINESS_INITIATED_PURPOSES

    result = seed_demo(session=session, now=at(12))
    seed_demo(session=session, now=at(12))
    rows = session.exec(
        select(MessageTemplate).where(MessageTemplate.restaurant_id == result.restaurant.id)
    ).all()
    purposes = {t.purpose for t in rows if t.status == "approved"}
    assert {"summary", "order_status"} | (BUSINESS_INITIATED_PURPOSES - {"campaign", "reminder"}) <= purposes
    assert len(rows) == len({(t.name, t.language) for t in rows})
    [summary] = session.exec(
        select(DailySummary).where(DailySummary.restaurant_id == result.restaurant.id)
    ).all()
    assert (
        summary.day == DAY - timedelta(days=1) and summary.conversations > 0
    )  # 23:00 of yesterday, seen at noon


def test_demo_owner_summary_outside_the_24_hour_window_goes_as_the_template(wired, committed, redis_conn):  # noqa: F811
    """The owner never wrote to the number: the summary is sent as the demo's `daily_summary` template."""
    from crm_res.models import Role, User
    from crm_res.services.ops.demo import seed_demo
    from crm_res.services.outbox.sending import send_outbox
    from crm_res.services.outreach.summaries import make_daily_summary

    with Session(committed, expire_on_commit=False) as s:
        result = seed_demo(session=s)
        owner = s.exec(
            select(User).where(User.restaurant_id == result.restaurant.id, User.role == Role.owner)
        ).one()
        owner.whatsapp_number = "+966550000777"
        s.add(owner)
        now = datetime.now(UTC)
        outcome = make_daily_summary(
            session=s,
            restaurant=result.restaurant,
            day=date(2020, 1, 1),
            start=now - timedelta(days=1),
            end=now,
        )
        s.commit()
    [(outbox_id, _)] = outcome.sends
    assert send_outbox(engine=committed, outbox_id=outbox_id).status == "sent"
    [sent] = wired.sent
    assert sent.to == "966550000777" and sent.type == "template"
    assert sent.json["template"]["name"] == "daily_summary"
    params = [p["text"] for p in sent.json["template"]["components"][0]["parameters"]]
    assert params[0] == "مطعم البيت السعودي" and len(params) == 7
