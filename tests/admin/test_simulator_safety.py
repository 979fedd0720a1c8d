"""The simulator is the owner's sandbox: never a way to a real customer, never counted as business."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from crm_res.models import Customer, MessageSender, OrderStatus, Role
from crm_res.services.accounts.users import viewer_for
from crm_res.services.admin import simulator
from crm_res.services.errors import Forbidden, InvalidInput
from tests.fixtures.dashboard import add_feedback, make_conversation, make_customer, make_order
from tests.fixtures.people import add_user

TEST_NUMBER = "966500000007"


def _manager(world):  # type: ignore[no-untyped-def]
    user = add_user(world["session"], world["r"].id, "mgr@sim.sa", Role.manager, branch_ids=[world["a"].id])
    return viewer_for(user)


@pytest.mark.parametrize("who", ["staff", "manager"])
def test_only_an_owner_may_use_the_simulator(world, who):
    """Staff and managers are refused by the domain (not only by the navigation), before anything is written."""
    viewer = world["staff"] if who == "staff" else _manager(world)
    s = world["session"]
    with pytest.raises(Forbidden):
        simulator.ensure_test_customer(session=s, viewer=viewer, wa_id=TEST_NUMBER)
    with pytest.raises(Forbidden):
        simulator.post_as_customer(viewer=viewer, wa_id=TEST_NUMBER, text="STOP")  # refused before any await
    assert s.exec(select(Customer).where(Customer.wa_id == TEST_NUMBER)).first() is None


def test_a_real_customer_is_never_touched(world):
    """Typing a real customer's number (even a reserved-looking one) is refused; name, tags and opt-in stay."""
    s = world["session"]
    real = make_customer(s, world["r"].id, "966501234567", "نورة", tags=["vip"])
    lookalike = make_customer(s, world["r"].id, "966500000009", "Real person")
    for number in (real.wa_id, lookalike.wa_id):
        with pytest.raises(InvalidInput, match="real customer"):
            simulator.ensure_test_customer(session=s, viewer=world["owner"], wa_id=number)
    s.refresh(real)
    s.refresh(lookalike)
    assert (real.name, real.tags, real.opted_out, real.is_test) == ("نورة", ["vip"], False, False)
    assert (lookalike.name, lookalike.tags, lookalike.is_test) == ("Real person", [], False)


def test_a_real_customers_thread_cannot_be_read_through_the_simulator(world):
    """The phone shows only test customers' threads: a real number shows nothing, to the owner too."""
    s = world["session"]
    real = make_customer(s, world["r"].id, "966501234567", "نورة")
    make_conversation(s, world["r"], real, world["b"], messages=[(MessageSender.customer, "عنواني السري")])
    assert simulator.simulator_thread(session=s, viewer=world["owner"], wa_id=real.wa_id) == []
    assert simulator.simulator_thread(session=s, viewer=world["staff"], wa_id=real.wa_id) == []


def test_only_reserved_test_numbers_make_new_test_customers(world):
    """A number outside 966 50 000 00XX is refused; a reserved one becomes a flagged test customer (once)."""
    s = world["session"]
    with pytest.raises(InvalidInput, match="test numbers"):
        simulator.ensure_test_customer(session=s, viewer=world["owner"], wa_id="966551112222")
    assert s.exec(select(Customer).where(Customer.wa_id == "966551112222")).first() is None
    made = simulator.ensure_test_customer(session=s, viewer=world["owner"], wa_id="+966 500 000 007")
    again = simulator.ensure_test_customer(session=s, viewer=world["owner"], wa_id=TEST_NUMBER)
    assert made.id == again.id and made.is_test and made.wa_id == TEST_NUMBER
    assert made.tags == [simulator.SIMULATOR_TAG]


def test_simulator_traffic_is_kept_out_of_what_the_restaurant_counts(world):
    """A test customer's conversation, order and feedback stay out of the overview, analytics, summary,
    follow-ups and the customer list (which can still show them, flagged)."""
    from crm_res.services.customers.customers import count_customers, search_customers
    from crm_res.services.customers.segments import CustomerFilter
    from crm_res.services.insights.analytics import analytics_overview, followup_queue
    from crm_res.services.insights.feedback import list_feedback
    from crm_res.services.insights.overview import overview_figures
    from crm_res.services.outreach.summaries import compute_figures

    s, owner = world["session"], world["owner"]
    before = overview_figures(session=s, viewer=owner)
    before_analytics = analytics_overview(session=s, viewer=owner)
    test = simulator.ensure_test_customer(session=s, viewer=owner, wa_id=TEST_NUMBER)
    conv = make_conversation(s, world["r"], test, world["a"], messages=[(MessageSender.customer, "طلب")])
    make_order(s, world["r"], test, world["a"], 901, status=OrderStatus.confirmed, total="999.00", conv=conv)
    add_feedback(s, world["r"].id, test, world["a"], 1, requires_followup=True, comment="test")
    s.flush()

    after = overview_figures(session=s, viewer=owner)
    assert after == before
    assert analytics_overview(session=s, viewer=owner) == before_analytics
    now = datetime.now(UTC)
    figures = compute_figures(
        session=s, restaurant_id=world["r"].id, start=now - timedelta(days=1), end=now + timedelta(hours=1)
    )
    assert (figures["conversations"], figures["orders"], figures["revenue"]) == (0, 0, 0)
    assert list_feedback(session=s, viewer=owner, followup_only=True) == []
    assert followup_queue(session=s, viewer=owner)["total"] == 0
    assert search_customers(session=s, viewer=owner) == []
    assert count_customers(session=s, viewer=owner) == 0
    shown = search_customers(session=s, viewer=owner, filters=CustomerFilter(test="test"))
    assert [(c["wa_id"], c["is_test"]) for c in shown] == [(TEST_NUMBER, True)]
    assert count_customers(session=s, viewer=owner, filters=CustomerFilter(test="all")) == 1


def test_no_feedback_request_goes_to_a_test_customer(world):
    """A delivered test order is not picked up by the feedback-request scan."""
    from crm_res.services.outreach.feedback_requests import queue_due_feedback_requests

    s = world["session"]
    test = simulator.ensure_test_customer(session=s, viewer=world["owner"], wa_id=TEST_NUMBER)
    delivered = datetime.now(UTC) - timedelta(hours=4)
    make_order(s, world["r"], test, world["a"], 902, status=OrderStatus.delivered, delivered_at=delivered)
    outcomes = queue_due_feedback_requests(session=s, now=datetime.now(UTC))
    assert [o for o in outcomes if TEST_NUMBER in str(o)] == []


def test_idle_test_conversations_are_not_abandoned(world):
    """The abandonment sweep leaves the simulator's conversations alone (they are not lost business)."""
    from crm_res.services.outreach.housekeeping import abandon_idle_conversations

    s = world["session"]
    test = simulator.ensure_test_customer(session=s, viewer=world["owner"], wa_id=TEST_NUMBER)
    real = make_customer(s, world["r"].id, "966501234567", "نورة")
    idle = make_conversation(s, world["r"], test, world["a"], minutes_ago=60 * 24 * 3)
    real_idle = make_conversation(s, world["r"], real, world["a"], minutes_ago=60 * 24 * 3)
    assert abandon_idle_conversations(session=s, restaurant_id=world["r"].id) == 1
    s.refresh(idle)
    s.refresh(real_idle)
    assert (idle.status.value, real_idle.status.value) == ("active", "abandoned")


def test_the_acting_owner_is_recorded_on_injected_messages(channel, monkeypatch):
    """A message typed in the simulator carries the owner who typed it, and an audit event names them."""

    from crm_res.db import session_scope
    from tests.fixtures.channel import q, simulate

    with session_scope() as s:
        owner = viewer_for(add_user(s, channel["restaurant_id"], "o@sim.sa", Role.owner))
    wamid = simulate(monkeypatch, owner, TEST_NUMBER, "مرحبا")
    assert q(
        channel["engine"],
        "SELECT sent_by_user_id, direction::text FROM messages WHERE wa_message_id = :w",
        w=wamid,
    ) == [(owner.user_id, "inbound")]
    assert q(
        channel["engine"], "SELECT actor_user_id, data->>'wamid' FROM events WHERE kind = 'simulator.message'"
    ) == [(owner.user_id, wamid)]
    assert q(channel["engine"], "SELECT is_test FROM customers WHERE wa_id = :w", w=TEST_NUMBER) == [(True,)]
