"""The pre-iftar promotion at its edges (found by mutation testing, docs/MUTATION.md): each
customer's language, the refusals and what they say, the day taken from the restaurant's own clock,
the daily job on the real clock and past restaurants it skips, the order customers are served in,
and the line the job reports."""

from __future__ import annotations

import uuid
from datetime import UTC

import pytest
import time_machine
from sqlmodel import select

from tests.fixtures.places import RAMADAN_DAY, at, make_customer, make_restaurant

PROMO = {"enabled": True, "text_ar": "خصم الإفطار", "text_en": "Iftar offer"}


def _bodies(session) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from crm_res.models import OutboxMessage

    return {
        row.to_wa_id: row.payload["message"]["text"]["body"] for row in session.exec(select(OutboxMessage))
    }


@pytest.fixture
def server_in_new_york(monkeypatch):  # type: ignore[no-untyped-def]
    """The process's local timezone is America/New_York: neither UTC nor Riyadh's."""
    import time as time_module

    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


def test_english_customers_get_the_english_text_or_else_the_arabic_one(session):
    """A customer who prefers English gets `text_en`; with no English text set, the Arabic one;
    Arabic-speaking customers get the Arabic text."""
    from crm_res.models import Language
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    both, _ = make_restaurant(session, branch_city="Riyadh", settings={"pre_iftar_promo": PROMO})
    arabic_only, _ = make_restaurant(
        session, branch_city="Riyadh", pnid="pn-ar", settings={"pre_iftar_promo": {**PROMO, "text_en": None}}
    )
    make_customer(session, both, "966500000001")
    make_customer(session, both, "966500000002", language_preference=Language.en)
    make_customer(session, arabic_only, "966500000003", language_preference=Language.en)
    for r in (both, arabic_only):
        schedule_pre_iftar_promotion(
            session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
        )
    assert _bodies(session) == {
        "966500000001": "خصم الإفطار",
        "966500000002": "Iftar offer",
        "966500000003": "خصم الإفطار",
    }


def test_the_refusals_say_what_is_wrong(session):
    """An unknown restaurant, a restaurant with Ramadan mode off and a promotion with no text are
    refused, each with its own message."""
    from crm_res.services.errors import InvalidInput, NotFound
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    def schedule(restaurant_id):  # type: ignore[no-untyped-def]
        return schedule_pre_iftar_promotion(
            session=session, restaurant_id=restaurant_id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
        )

    with pytest.raises(NotFound, match="^no such restaurant$"):
        schedule(uuid.uuid4())
    off, _ = make_restaurant(session, settings={"ramadan_mode": False, "pre_iftar_promo": PROMO})
    with pytest.raises(
        InvalidInput, match=r"^Ramadan mode is off for this restaurant \(Settings\): no pre-iftar promotion$"
    ):
        schedule(off.id)
    textless, _ = make_restaurant(
        session, pnid="pn-textless", settings={"pre_iftar_promo": {"enabled": True}}
    )
    make_customer(session, textless)
    with pytest.raises(
        InvalidInput, match=r"^the pre-iftar promotion needs a text \(settings pre_iftar_promo.text_ar\)$"
    ):
        schedule(textless.id)


def test_the_day_is_the_restaurants_local_date_whatever_the_servers(session, server_in_new_york):
    """At 01:00 in Riyadh on 8 Ramadan (still the 7th in UTC and in New York) the promotion scheduled
    without a day is 8 Ramadan's, at that day's 17:23."""
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"pre_iftar_promo": PROMO})
    make_customer(session, r)
    outcome = schedule_pre_iftar_promotion(session=session, restaurant_id=r.id, now=at(RAMADAN_DAY, 1, 0))
    assert outcome.day == RAMADAN_DAY
    assert outcome.times == {"Riyadh": at(RAMADAN_DAY, 17, 23)}


def test_on_the_real_clock_the_promotion_and_the_daily_job_use_an_aware_now(session, server_in_new_york):
    """Called without `now`, as the daily job and the Settings page call them, at noon in Riyadh on
    8 Ramadan: the promotion is queued for 17:23 (the clock read with its zone, not as a naive time)."""
    from crm_res.services.outreach.ramadan import schedule_due_promotions, schedule_pre_iftar_promotion

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"pre_iftar_promo": PROMO})
    make_customer(session, r)
    with time_machine.travel(at(RAMADAN_DAY, 12, 0), tick=False):
        [outcome] = schedule_due_promotions(session=session)
        assert (outcome.queued, outcome.times) == (1, {"Riyadh": at(RAMADAN_DAY, 17, 23)})
        direct = schedule_pre_iftar_promotion(session=session, restaurant_id=r.id, day=RAMADAN_DAY)
        assert (direct.queued, direct.already) == (0, 1)  # the daily job queued it already


def test_the_daily_job_goes_on_past_the_restaurants_it_skips(session):
    """At noon in Riyadh on 8 Ramadan the job skips a restaurant with no promotion, one whose
    promotion is switched off and one in Los Angeles (01:00 there, before 11:00), and still
    schedules the Riyadh restaurant listed after them."""
    from crm_res.services.outreach.ramadan import schedule_due_promotions

    make_restaurant(session, pnid="pn-none")
    make_restaurant(session, pnid="pn-disabled", settings={"pre_iftar_promo": {**PROMO, "enabled": False}})
    far, _ = make_restaurant(session, pnid="pn-la", settings={"pre_iftar_promo": PROMO})
    far.timezone = "America/Los_Angeles"
    session.add(far)
    due, _ = make_restaurant(
        session, branch_city="Riyadh", pnid="pn-due", settings={"pre_iftar_promo": PROMO}
    )
    for r in (far, due):
        make_customer(session, r)
    session.flush()
    outcomes = schedule_due_promotions(session=session, now=at(RAMADAN_DAY, 12, 0))
    assert [(o.restaurant_id, o.queued) for o in outcomes] == [(due.id, 1)]


def test_customers_are_served_in_the_order_they_became_customers(session):
    """Five customers of one city leave in the order they became customers (the first at 17:23),
    whatever their ids."""
    from crm_res.models import Customer, OutboxMessage
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"pre_iftar_promo": PROMO})
    for i in range(5):  # ids descending while created_at ascends
        session.add(
            Customer(
                id=uuid.UUID(int=(9 - i) << 100),
                restaurant_id=r.id,
                wa_id=f"96650000001{i}",
                created_at=at(RAMADAN_DAY, 9, i),
            )
        )
    session.flush()
    schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
    )
    rows = sorted(session.exec(select(OutboxMessage)).all(), key=lambda row: row.not_before)
    assert [row.to_wa_id for row in rows] == [f"96650000001{i}" for i in range(5)]
    assert rows[0].not_before == at(RAMADAN_DAY, 17, 23)


def test_the_jobs_line_names_each_citys_first_send_in_riyadh_time():
    """The daily job reports each restaurant's outcome as one line: counts, and each city's first
    send (Riyadh time, cities in alphabetical order; "-" when none was queued)."""
    from crm_res.services.outreach.ramadan import PromoOutcome

    outcome = PromoOutcome(
        uuid.uuid4(),
        RAMADAN_DAY,
        queued=3,
        already=1,
        too_late=2,
        times={
            "Riyadh": at(RAMADAN_DAY, 17, 23).astimezone(UTC),
            "Jeddah": at(RAMADAN_DAY, 17, 56).astimezone(UTC),
        },
    )
    assert str(outcome) == (
        "pre-iftar promotion for 2026-02-25: 3 queued (Jeddah 17:56, Riyadh 17:23), 1 already queued, 2 too late"
    )
    assert str(PromoOutcome(uuid.uuid4(), RAMADAN_DAY)) == (
        "pre-iftar promotion for 2026-02-25: 0 queued (-), 0 already queued, 0 too late"
    )


def test_each_promotion_row_carries_its_text_the_name_for_its_template_and_the_hold_mark(session):
    """Each row is a text message with the customer's name for the promotion template (used outside
    the 24-hour window; "" when the name is unknown) and the pre-iftar mark that exempts it from
    the quiet hour; the outcome lists each row and its time for the send jobs."""
    from crm_res.models import OutboxMessage
    from crm_res.services.outbox.outbox import text_payload
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"pre_iftar_promo": PROMO})
    make_customer(session, r, "966500000001", name="سارة")
    make_customer(session, r, "966500000002")
    outcome = schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
    )
    rows = {row.to_wa_id: row for row in session.exec(select(OutboxMessage))}
    for wa_id, name in (("966500000001", "سارة"), ("966500000002", "")):
        assert rows[wa_id].payload == {
            "message": text_payload(wa_id, "خصم الإفطار"),
            "template_params": {"customer_name": name},
            "hold": {"pre_iftar": True},
        }
        assert (rows[wa_id].kind, rows[wa_id].purpose) == ("text", "promotion")
    assert sorted(outcome.sends) == sorted((row.id, row.not_before) for row in rows.values())


def test_cities_whose_time_has_passed_are_counted_too_late_and_the_others_still_queued(session):
    """At 17:23 in Riyadh (its promotion's very time) Riyadh's two customers and Dammam's one (its
    time was earlier) are too late; Jeddah's (17:56) is still queued."""
    from crm_res.models import Branch, Order
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion

    r, _ = make_restaurant(session, branch_city="Riyadh", settings={"pre_iftar_promo": PROMO})
    customers = [make_customer(session, r, f"96650000000{i}") for i in range(4)]  # the first two: Riyadh's
    for number, (city, customer) in enumerate((("Dammam", customers[2]), ("Jeddah", customers[3])), start=1):
        branch = Branch(restaurant_id=r.id, name_ar=city, name_en=city, city=city)
        session.add(branch)
        session.flush()
        session.add(
            Order(
                restaurant_id=r.id,
                number=number,
                customer_id=customer.id,
                branch_id=branch.id,
                total_amount=10,
            )
        )
    session.flush()
    outcome = schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 17, 23)
    )
    assert (outcome.queued, outcome.too_late) == (1, 3)
    assert list(outcome.times) == ["Jeddah"]
