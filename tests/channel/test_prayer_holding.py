"""Prayer and Ramadan holding of business-initiated sends (frozen clocks passed as `now=`/`when`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.fixtures.people import add_user
from tests.fixtures.places import DAY, KSA, RAMADAN_DAY, at, make_customer, make_restaurant, queue


def test_business_initiated_send_during_asr_in_riyadh_is_held_until_the_buffer_ends(session):
    """Queued at 15:10 (Asr 15:15, window 15:05–15:25): the row may go at 15:25:00 and no earlier."""
    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    queued = queue(session, r, c, at(DAY, 15, 10))
    assert queued.not_before == at(DAY, 15, 25)
    assert queued.hold is not None and queued.hold.reason == "asr"
    assert "because of Asr (Riyadh)" in queued.hold.describe("Asia/Riyadh")


def test_jeddah_branch_uses_jeddahs_prayer_times(session):
    """The same moment is free in Riyadh (Asr over) but inside Jeddah's Asr window (15:32–15:52)."""
    from crm_res.models import Branch, Conversation

    r, riyadh = make_restaurant(session, branch_city="Riyadh")
    jeddah = Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="جدة")
    session.add(jeddah)
    session.flush()
    a, b = make_customer(session, r, "966500000001"), make_customer(session, r, "966500000002")
    conv_a = Conversation(restaurant_id=r.id, customer_id=a.id, branch_id=riyadh.id)
    conv_b = Conversation(restaurant_id=r.id, customer_id=b.id, branch_id=jeddah.id)
    session.add_all([conv_a, conv_b])
    session.flush()
    in_riyadh = queue(session, r, a, at(DAY, 15, 35), key="a", conversation=conv_a)
    in_jeddah = queue(session, r, b, at(DAY, 15, 35), key="b", conversation=conv_b)
    assert in_riyadh.not_before == at(DAY, 15, 35) and not in_riyadh.hold.held
    assert in_jeddah.not_before == at(DAY, 15, 52) and in_jeddah.hold.reason == "asr"
    assert "Jeddah" in in_jeddah.hold.describe()


def test_place_falls_back_from_branch_to_restaurant_city_to_riyadh(session):
    """No branch: the restaurant's city; no city either: Riyadh; the customer's latest order's branch wins."""
    from crm_res.services.timing.holding import place_for

    r, _ = make_restaurant(session, city="Jeddah", pnid="pn-a")
    assert place_for(session=session, restaurant=r).key == "jeddah"
    r2, _ = make_restaurant(session, city=None, pnid="pn-b")
    assert place_for(session=session, restaurant=r2).key == "riyadh"
    r3, dammam = make_restaurant(session, city="Jeddah", branch_city="Dammam", pnid="pn-c")
    assert place_for(session=session, restaurant=r3).key == "dammam"
    from crm_res.models import Branch, Order

    makkah = Branch(restaurant_id=r3.id, name_ar="مكة", name_en="Makkah", city="مكة المكرمة")
    session.add(makkah)
    session.flush()
    c = make_customer(session, r3)
    assert place_for(session=session, restaurant=r3, customer=c).key == "dammam"
    session.add(Order(restaurant_id=r3.id, number=1, customer_id=c.id, branch_id=makkah.id, total_amount=10))
    session.flush()
    assert place_for(session=session, restaurant=r3, customer=c).key == "makkah"


def test_restaurant_buffers_override_the_default_ten_minutes(session):
    """prayer_buffer_before_min=25: 14:52 is already inside the Asr window (15:15 − 25 min)."""
    r, _ = make_restaurant(
        session, branch_city="Riyadh", settings={"prayer_buffer_before_min": 25, "prayer_buffer_after_min": 5}
    )
    c = make_customer(session, r)
    assert queue(session, r, c, at(DAY, 14, 52)).not_before == at(DAY, 15, 20)


def test_holding_off_sends_at_the_requested_time(session):
    """restaurant.prayer_time_enabled = False: nothing is held, even in the middle of Asr."""
    r, _ = make_restaurant(session, branch_city="Riyadh", prayer=False)
    c = make_customer(session, r)
    queued = queue(session, r, c, at(DAY, 15, 15))
    assert queued.not_before == at(DAY, 15, 15) and not queued.hold.held


def test_replies_and_order_updates_are_never_held(session):
    """Purposes outside BUSINESS_INITIATED_PURPOSES (reply, order_status) go at once during prayer."""
    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    for i, purpose in enumerate(("reply", "order_status")):
        queued = queue(session, r, c, at(DAY, 15, 15), purpose=purpose, key=f"p{i}")
        assert queued.not_before == at(DAY, 15, 15) and queued.hold is None


def test_jumuah_holds_for_45_minutes_after_the_adhan(session):
    """Friday Dhuhr (11:53 on 13 June 2025 in Riyadh) is Jumu'ah: held until 12:38."""
    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    queued = queue(session, r, c, at(date(2025, 6, 13), 12, 0))
    assert queued.not_before == at(date(2025, 6, 13), 12, 38) and queued.hold.reason == "jumuah"


def test_jumuah_holds_for_the_restaurants_own_span_after_the_adhan(session):
    """A restaurant that keeps Jumu'ah 60 minutes after the adhan (11:53): a message due at 12:40
    waits until 12:53, not the default 45 minutes' 12:38."""
    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"jumuah_after_min": 60})
    c = make_customer(session, r)
    queued = queue(session, r, c, at(date(2025, 6, 13), 12, 40))
    assert queued.not_before == at(date(2025, 6, 13), 12, 53) and queued.hold.reason == "jumuah"


# --------------------------------------------------------------------------- Ramadan


def test_ramadan_shifts_isha_to_120_minutes_after_maghrib(session):
    """In Ramadan Isha is 19:53 (Maghrib 17:53 + 120): 19:25 is free, 19:50 is held to 20:03."""
    from crm_res.integrations.prayer_times import prayer_times_for

    times = prayer_times_for("Riyadh", RAMADAN_DAY)
    assert times.ramadan and times.isha - times.maghrib == timedelta(minutes=120)
    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    free = queue(session, r, c, at(RAMADAN_DAY, 19, 25), key="a")
    held = queue(session, r, c, at(RAMADAN_DAY, 19, 50), key="b")
    assert free.not_before == at(RAMADAN_DAY, 19, 25) and not free.hold.held
    assert held.not_before == at(RAMADAN_DAY, 20, 3) and held.hold.reason == "isha"


def test_ramadan_quiet_hour_before_iftar_holds_until_after_maghrib(session):
    """60 minutes before Maghrib (17:53) nothing business-initiated goes: 17:10 waits until 18:03."""
    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    queued = queue(session, r, c, at(RAMADAN_DAY, 17, 10))
    assert queued.not_before == at(RAMADAN_DAY, 18, 3) and queued.hold.reason == "ramadan_quiet"
    r2, _ = make_restaurant(
        session, branch_city="Riyadh", pnid="pn-q", settings={"ramadan_quiet_before_iftar_min": 30}
    )
    c2 = make_customer(session, r2)
    assert queue(session, r2, c2, at(RAMADAN_DAY, 17, 10), key="q").not_before == at(RAMADAN_DAY, 17, 10)


def test_no_quiet_hour_outside_ramadan(session):
    """The same hour before Maghrib on an ordinary day is not held."""
    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    assert queue(session, r, c, at(DAY, 18, 0)).not_before == at(DAY, 18, 0)


def test_pre_iftar_promotion_goes_before_maghrib_per_city_and_skips_opted_out(session):
    """The promotion leaves 30 min before each customer's Maghrib (Riyadh 17:23, Jeddah 17:56),
    inside the quiet hour, spread at the release rate; opted-out customers and staff get nothing."""
    from sqlmodel import select

    from crm_res.models import Branch, Order, OutboxMessage
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    r, riyadh = make_restaurant(
        session,
        branch_city="Riyadh",
        settings={"pre_iftar_promo": {"enabled": True, "text_ar": "خصم الإفطار ٢٠٪"}},
    )
    jeddah = Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="Jeddah")
    session.add(jeddah)
    session.flush()
    riyadh_people = [make_customer(session, r, f"9665000001{i:02d}") for i in range(3)]
    jeddah_person = make_customer(session, r, "966500000200")
    session.add(
        Order(
            restaurant_id=r.id, number=1, customer_id=jeddah_person.id, branch_id=jeddah.id, total_amount=10
        )
    )
    make_customer(session, r, "966500000300", opted_out=True)
    make_customer(session, r, "966500000400", tags=["staff"])
    outcome = schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
    )
    assert outcome.queued == 4 and outcome.too_late == 0
    rows = {row.to_wa_id: row for row in session.exec(select(OutboxMessage)).all()}
    assert set(rows) == {c.wa_id for c in riyadh_people} | {jeddah_person.wa_id}
    riyadh_times = sorted(rows[c.wa_id].not_before for c in riyadh_people)
    assert riyadh_times[0] == at(RAMADAN_DAY, 17, 23) and riyadh_times[-1] < at(RAMADAN_DAY, 17, 23, 1)
    assert len(set(riyadh_times)) == 3  # spread, not one second for all
    assert rows[jeddah_person.wa_id].not_before == at(RAMADAN_DAY, 17, 56)
    assert all(row.purpose == "promotion" and row.business_initiated for row in rows.values())
    again = schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 30)
    )
    assert again.queued == 0 and again.already == 4


def test_pre_iftar_promotion_refuses_a_day_outside_ramadan(session):
    """Scheduling it on an ordinary day is a clear error."""
    from crm_res.services.errors import InvalidInput
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    r, _ = make_restaurant(session, settings={"pre_iftar_promo": {"enabled": True, "text_ar": "عرض"}})
    with pytest.raises(InvalidInput, match="not a day of Ramadan"):
        schedule_pre_iftar_promotion(session=session, restaurant_id=r.id, day=DAY, now=at(DAY, 9, 0))


# --------------------------------------------------------------------------- release pacing and re-check


def test_a_held_backlog_is_released_spread_under_the_rate(session):
    """200 sends held by Asr leave from 15:25:00 on, at most release_rate in any second, none sharing a time."""
    from crm_res.services.timing.holding import release_rate

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"rate_per_second": 50})
    rate = release_rate(r)
    assert rate == 40  # 80% of the cap: the rest stays free for live replies
    customers = [make_customer(session, r, f"96655{i:07d}") for i in range(200)]
    times = [queue(session, r, c, at(DAY, 15, 10), key=f"b{i}").not_before for i, c in enumerate(customers)]
    assert min(times) == at(DAY, 15, 25) and len(set(times)) == 200
    ordered = sorted(times)
    worst = max(sum(1 for t in ordered if s <= t < s + timedelta(seconds=1)) for s in ordered)
    assert worst <= rate
    assert max(times) < at(DAY, 15, 25) + timedelta(seconds=200 / rate + 1)


def test_recheck_at_send_time_holds_a_row_that_now_falls_in_a_window(session):
    """A due row (not_before computed earlier) whose moment is now inside Asr moves to the window's
    end and its message shows as held; a reply row is never touched."""
    from crm_res.models import Conversation, Message, MessageStatus, OutboxMessage
    from crm_res.services.timing.holding import recheck_hold

    r, _ = make_restaurant(session, branch_city="Riyadh", prayer=False)
    c = make_customer(session, r)
    conv = Conversation(restaurant_id=r.id, customer_id=c.id)
    session.add(conv)
    session.flush()
    queued = queue(session, r, c, at(DAY, 15, 12), conversation=conv)  # computed while holding was off
    reply = queue(session, r, c, at(DAY, 15, 12), purpose="reply", key="reply")
    r.prayer_time_enabled = True
    session.add(r)
    row = session.get(OutboxMessage, queued.outbox_id)
    held = recheck_hold(session=session, row=row, now=at(DAY, 15, 12))
    assert held is not None and held.not_before == at(DAY, 15, 25)
    assert held.retry_in == pytest.approx(13 * 60)
    assert row.not_before == at(DAY, 15, 25) and "Asr" in held.reason
    assert session.get(Message, queued.message_id).status == MessageStatus.held
    assert recheck_hold(session=session, row=row, now=at(DAY, 15, 25)) is None
    assert (
        recheck_hold(session=session, row=session.get(OutboxMessage, reply.outbox_id), now=at(DAY, 15, 12))
        is None
    )


# --------------------------------------------------------------------------- end to end, on the real clock


def coords_where_dhuhr_is_now(now: datetime) -> tuple[float, float]:
    """A (latitude, longitude) whose Dhuhr adhan is within a minute of `now` (solar noon moves
    4 minutes per degree): a branch there is inside a prayer window right now, no clock patching."""
    from crm_res.integrations.prayer_times import prayer_times_for
    from crm_res.integrations.saudi_cities import City

    lng = (12 - (now.hour + now.minute / 60)) * 15
    for _ in range(4):
        lng = ((lng + 180) % 360) - 180
        place = City("here", "هنا", "Here", 24.0, lng, "Asia/Riyadh")
        local_day = now.astimezone(KSA).date()
        dhuhr = min(
            (prayer_times_for(place, local_day + timedelta(days=o)).dhuhr for o in (-1, 0, 1)),
            key=lambda d: abs(d - now),
        )
        lng += (dhuhr - now).total_seconds() / 60 / 4
    return 24.0, ((lng + 180) % 360) - 180


@pytest.fixture
def praying_channel(committed, redis_conn, wired):  # type: ignore[no-untyped-def]  # noqa: F811
    """A restaurant (real token, FakeGraph) whose only branch is where it is Dhuhr right now."""
    from sqlmodel import Session
    from starlette.testclient import TestClient

    from crm_res.models import Branch
    from crm_res.services.timing.holding import covering_window, hold_settings, place_for

    lat, lng = coords_where_dhuhr_is_now(datetime.now(UTC))
    with Session(committed, expire_on_commit=False) as s:
        r, _ = make_restaurant(s, city=None, pnid="pn-pray")
        s.add(
            Branch(restaurant_id=r.id, name_ar="هنا", name_en="Here", city="Nowhere Town", lat=lat, lng=lng)
        )
        s.commit()
        window = covering_window(datetime.now(UTC), place_for(session=s, restaurant=r), hold_settings(r))
    assert window is not None and window.name in ("dhuhr", "jumuah")
    import webhook

    return {"client": TestClient(webhook.app), "graph": wired, "restaurant_id": r.id, "window": window}


def test_a_customer_writing_during_prayer_is_answered_at_once(praying_channel, committed):
    """Inbound during Dhuhr at the branch: the webhook → worker → send path answers at once; a
    feedback request queued at the same moment waits for the window's end."""
    from sqlmodel import Session, select

    from crm_res.models import OutboxMessage
    from crm_res.services.outreach.feedback_requests import queue_feedback_request
    from tests.fakes import wa_payloads as wa
    from tests.fixtures.channel import APP_SECRET, run_worker

    ev = wa.text_message("pn-pray", "966501112233", "السلام عليكم", name="سارة")
    body = wa.encode(wa.delivery(ev))
    r = praying_channel["client"].post(
        "/webhooks/whatsapp",
        content=body,
        headers={"content-type": "application/json", "x-hub-signature-256": wa.sign(body, APP_SECRET)},
    )
    assert r.status_code == 200
    run_worker()
    [reply] = praying_channel["graph"].wait_for(1)
    assert reply.to == "966501112233" and reply.type in ("text", "interactive")
    with Session(committed, expire_on_commit=False) as s:
        outcome = queue_feedback_request(
            session=s, restaurant_id=praying_channel["restaurant_id"], wa_id="966501112233"
        )
        s.commit()
        assert outcome.status == "held" and "because of" in str(outcome)
        row = s.exec(select(OutboxMessage).where(OutboxMessage.purpose == "feedback_request")).one()
    window_end = praying_channel["window"].end
    assert window_end <= row.not_before < window_end + timedelta(seconds=1)
    from crm_res.jobs.enqueue import enqueue_sends

    enqueue_sends(outcome.sends)
    run_worker()  # the scheduled job is not due: nothing more is sent
    assert len(praying_channel["graph"].sent) == 1


def test_release_slots_are_pruned(session):
    """Old release counters are deleted by the housekeeping job's service."""
    from crm_res.services.timing.holding import book_release, prune_release_slots

    r, _ = make_restaurant(session)
    book_release(session=session, restaurant_id=r.id, release_at=at(DAY, 15, 25), rate=10)
    assert prune_release_slots(session=session, now=at(DAY, 15, 25) + timedelta(days=3)) == 1
    assert session.exec(text("SELECT count(*) FROM release_slots")).one()[0] == 0


# --------------------------------------------------------------------------- Ramadan mode per restaurant


def test_ramadan_mode_off_keeps_the_ordinary_isha_and_no_quiet_hour(session):
    """settings ramadan_mode=False: in Ramadan Isha stays Maghrib + 90 (19:50 is free, 19:28 held to 19:33)
    and 17:10 before iftar goes at once; the default (on) still shifts and holds."""
    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"ramadan_mode": False})
    c = make_customer(session, r)
    assert queue(session, r, c, at(RAMADAN_DAY, 19, 50), key="late").not_before == at(RAMADAN_DAY, 19, 50)
    held = queue(session, r, c, at(RAMADAN_DAY, 19, 28), key="isha")
    assert held.not_before == at(RAMADAN_DAY, 19, 33) and held.hold.reason == "isha"
    assert queue(session, r, c, at(RAMADAN_DAY, 17, 10), key="quiet").not_before == at(RAMADAN_DAY, 17, 10)
    on, _ = make_restaurant(session, branch_city="Riyadh", pnid="pn-on")
    c2 = make_customer(session, on)
    assert queue(session, on, c2, at(RAMADAN_DAY, 17, 10), key="on").hold.reason == "ramadan_quiet"


def test_ramadan_mode_off_means_no_pre_iftar_promotion(session):
    """With Ramadan mode off the daily promotion job skips the restaurant and a manual one is refused."""
    from crm_res.services.errors import InvalidInput
    from crm_res.services.outreach.ramadan import schedule_due_promotions, schedule_pre_iftar_promotion

    r, _ = make_restaurant(
        session,
        branch_city="Riyadh",
        settings={"ramadan_mode": False, "pre_iftar_promo": {"enabled": True, "text_ar": "عرض"}},
    )
    make_customer(session, r)
    assert schedule_due_promotions(session=session, now=at(RAMADAN_DAY, 12, 0)) == []
    with pytest.raises(InvalidInput, match="Ramadan mode is off"):
        schedule_pre_iftar_promotion(
            session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
        )


def test_ramadan_mode_is_switched_on_the_settings_profile(session):
    """The owner's profile save stores ramadan_mode in settings (default on) and keeps other settings."""
    from crm_res.models import Role
    from crm_res.services.access import Viewer
    from crm_res.services.admin.restaurant_settings import get_profile, update_profile

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"rate_per_second": 50})
    owner = add_user(session, r.id, "o@hold.sa", Role.owner)
    viewer = Viewer(owner.id, r.id, Role.owner)
    profile = get_profile(session=session, viewer=viewer)
    assert profile["ramadan_mode"] is True
    saved = update_profile(session=session, viewer=viewer, data={**profile, "ramadan_mode": False})
    assert saved["ramadan_mode"] is False
    assert r.settings["ramadan_mode"] is False and r.settings["rate_per_second"] == 50


# --------------------------------------------------------------------------- what the Settings page shows


def test_branch_prayer_times_show_each_branchs_times_and_hold_windows(session):
    """Riyadh and Jeddah branches get their own Asr (15:15 / 15:42) with windows; another restaurant's
    branch is not listed; in Ramadan Isha is shifted and the quiet hour shown, unless Ramadan mode is off."""
    from crm_res.models import Branch
    from crm_res.services.timing.prayer_board import branch_prayer_times

    r, riyadh = make_restaurant(session, branch_city="Riyadh")
    session.add(Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="Jeddah"))
    make_restaurant(session, branch_city="Dammam", pnid="pn-other-board")
    session.flush()
    rows = branch_prayer_times(session=session, restaurant_id=r.id, now=at(DAY, 9, 0))
    assert [row["city"] for row in rows] == ["Riyadh", "Jeddah"]
    assert rows[0]["asr"] == "15:15" and rows[0]["asr_hold"] == "15:05–15:25"
    assert rows[1]["asr"] == "15:42" and rows[1]["asr_hold"] == "15:32–15:52"
    assert (
        rows[0]["timezone"] == "Asia/Riyadh"
        and rows[0]["date"] == "2025-06-11"
        and rows[0]["quiet_from"] == ""
    )
    assert all(row[p] for row in rows for p in ("fajr", "dhuhr", "maghrib", "isha"))
    [ramadan] = branch_prayer_times(
        session=session,
        restaurant_id=make_restaurant(session, branch_city="Riyadh", pnid="pn-ramadan-board")[0].id,
        now=at(RAMADAN_DAY, 9, 0),
    )
    assert (ramadan["maghrib"], ramadan["isha"], ramadan["quiet_from"]) == ("17:53", "19:53", "16:53")
    off, _ = make_restaurant(
        session, branch_city="Riyadh", pnid="pn-off-board", settings={"ramadan_mode": False}
    )
    [plain] = branch_prayer_times(session=session, restaurant_id=off.id, now=at(RAMADAN_DAY, 9, 0))
    assert (plain["isha"], plain["quiet_from"], plain["ramadan"]) == ("19:23", "", False)


def test_the_prayer_board_rows_are_what_the_settings_page_declares(session):
    """The Settings page holds the board's rows as PrayerRow: the same keys, each of its type."""
    from typing import get_type_hints

    from crm_res.pages.settings.rows import PrayerRow
    from crm_res.services.timing.prayer_board import branch_prayer_times

    r, _ = make_restaurant(session, branch_city="Riyadh")
    session.flush()
    [row] = branch_prayer_times(session=session, restaurant_id=r.id, now=at(RAMADAN_DAY, 9, 0))
    declared = get_type_hints(PrayerRow)
    assert set(row) == set(declared)
    assert {k: type(v) for k, v in row.items()} == declared


def test_held_queue_counts_and_lists_this_restaurants_held_messages(session):
    """Three sends held by Asr: count 3, next release 15:25 local, recipients listed; another restaurant's
    and a reply are not counted; after the release nothing is waiting."""
    from crm_res.services.timing.prayer_board import held_queue

    r, _ = make_restaurant(session, branch_city="Riyadh")
    people = [make_customer(session, r, f"96650000010{i}", name=f"ز{i}") for i in range(3)]
    for i, c in enumerate(people):
        queue(session, r, c, at(DAY, 15, 10), key=f"held-{i}")
    queue(session, r, people[0], at(DAY, 15, 10), purpose="reply", key="reply-now")
    other, _ = make_restaurant(session, branch_city="Riyadh", pnid="pn-other-held")
    queue(session, other, make_customer(session, other, "966500000999"), at(DAY, 15, 10), key="other")
    board = held_queue(session=session, restaurant_id=r.id, now=at(DAY, 15, 11))
    assert board["count"] == 3 and board["next_release"] == "2025-06-11 15:25"
    assert [row["recipient"] for row in board["rows"]] == [c.wa_id for c in people]
    assert (
        board["rows"][0]["purpose"] == "feedback_request"
        and board["rows"][0]["not_before"] == "2025-06-11 15:25:00"
    )
    assert held_queue(session=session, restaurant_id=r.id, now=at(DAY, 15, 30))["count"] == 0


def test_the_send_time_recheck_lets_the_pre_iftar_promotion_go_inside_the_quiet_hour(session):
    """At its time (17:23 in Riyadh, 30 min before Maghrib, inside Ramadan's quiet hour) the
    send-time re-check lets the promotion go: the quiet hour holds everything but it."""
    from sqlmodel import select

    from crm_res.models import OutboxMessage
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion
    from crm_res.services.timing.holding import recheck_hold

    r, _ = make_restaurant(
        session,
        branch_city="Riyadh",
        settings={"pre_iftar_promo": {"enabled": True, "text_ar": "خصم الإفطار"}},
    )
    make_customer(session, r)
    schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
    )
    [row] = session.exec(select(OutboxMessage)).all()
    assert row.not_before == at(RAMADAN_DAY, 17, 23)
    assert recheck_hold(session=session, row=row, now=row.not_before) is None
    assert row.not_before == at(RAMADAN_DAY, 17, 23)


def test_ramadans_quiet_hour_starts_at_its_first_minute():
    """On 8 Ramadan 1447 in Riyadh (Maghrib 17:53) the quiet hour holds a message due at 16:53
    exactly, to after Maghrib's window; one due at 16:52 goes at once."""
    from crm_res.services.timing.holding import RAMADAN_QUIET, RIYADH, HoldSettings, next_free_moment

    free, reason = next_free_moment(at(RAMADAN_DAY, 16, 53), RIYADH, HoldSettings())
    assert reason == RAMADAN_QUIET and free > at(RAMADAN_DAY, 17, 53)
    assert next_free_moment(at(RAMADAN_DAY, 16, 52), RIYADH, HoldSettings()) == (
        at(RAMADAN_DAY, 16, 52),
        None,
    )


def test_a_pre_iftar_promotion_held_by_asr_goes_after_it_even_inside_a_long_quiet_span(session):
    """A restaurant whose quiet span before iftar is 150 min (from 15:23; Maghrib 17:53): a pre-iftar
    promotion due at 15:30 is held by Asr only, to 15:36, its release slot there; the quiet span
    never pushes it past iftar (it holds everything but the promotion)."""
    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"ramadan_quiet_before_iftar_min": 150})
    c = make_customer(session, r)
    queued = queue(
        session,
        r,
        c,
        at(RAMADAN_DAY, 15, 30),
        purpose="promotion",
        payload={"hold": {"pre_iftar": True}, "to": c.wa_id},
    )
    assert queued.hold is not None and queued.hold.reason == "asr"
    assert queued.not_before == at(RAMADAN_DAY, 15, 36)


def test_holds_are_counted_as_prayer_or_ramadan_by_what_held_them(session):
    """A message held by Asr counts under held reason "prayer", one held by Ramadan's quiet hour
    before iftar under "ramadan" (dashboards tell the two apart)."""
    from crm_res import metrics

    def count(label: str) -> float:
        return metrics.OUTBOX_HELD.labels(label)._value.get()

    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    prayer, ramadan = count("prayer"), count("ramadan")
    assert queue(session, r, c, at(RAMADAN_DAY, 15, 30), key="asr").hold.reason == "asr"
    assert (count("prayer"), count("ramadan")) == (prayer + 1, ramadan)
    assert queue(session, r, c, at(RAMADAN_DAY, 17, 0), key="quiet").hold.reason == "ramadan_quiet"
    assert (count("prayer"), count("ramadan")) == (prayer + 1, ramadan + 1)


def test_a_release_backlog_that_runs_into_the_next_hold_is_booked_after_it(session):
    """Asr holds a message due at 15:30 (8 Ramadan, Riyadh) to 15:36; that moment's release counter
    already has 4,700 messages at 1 a second, so its slot would be 16:54:20, inside the quiet hour
    before iftar: it is booked after Maghrib's window instead (18:03), still named for Asr."""
    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"rate_per_second": 1})
    c = make_customer(session, r)
    session.execute(
        text("INSERT INTO release_slots (restaurant_id, release_at, taken) VALUES (:r, :t, 4700)"),
        {"r": r.id, "t": at(RAMADAN_DAY, 15, 36)},
    )
    queued = queue(session, r, c, at(RAMADAN_DAY, 15, 30))
    assert queued.hold is not None and queued.hold.reason == "asr"
    assert queued.not_before == at(RAMADAN_DAY, 18, 3)


def test_next_free_moment_refuses_a_time_without_a_zone():
    """A time without a zone is refused, saying so (its instant, and so its prayer window, is unknown)."""
    from crm_res.services.timing.holding import RIYADH, HoldSettings, next_free_moment

    with pytest.raises(ValueError, match="^when must be timezone-aware$"):
        next_free_moment(datetime(2025, 6, 11, 15, 0), RIYADH, HoldSettings())
