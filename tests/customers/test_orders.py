"""Orders on the dashboard: advancing one tells the customer, detail lines, branch and tenant
checks, and the board's columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from crm_res.models import (
    OrderStatus,
    OutboxMessage,
)
from crm_res.services.customers import orders
from crm_res.services.errors import Conflict, NotFound
from crm_res.services.inbox import conversations
from tests.fixtures.dashboard import make_conversation, make_customer, make_order


def test_advancing_an_order_notifies_the_customer_through_the_outbox(world):
    """Each step queues one order_status message in the customer's language; replays do not double it."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000020", "Sara")
    conv = make_conversation(s, r, c, world["a"])
    o = make_order(s, r, c, world["a"], 1001, conv=conv)
    change = orders.advance_order(session=s, viewer=world["owner"], order_id=o.id, expected="pending")
    assert (change.old, change.new) == ("pending", "confirmed") and change.queued and change.queued.created
    out = s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)).all()
    assert len(out) == 1 and out[0].purpose == "order_status" and out[0].to_wa_id == "966500000020"
    assert "1001" in out[0].payload["text"]["body"]
    with pytest.raises(Conflict):  # someone else already confirmed it
        orders.advance_order(session=s, viewer=world["owner"], order_id=o.id, expected="pending")
    for expected in ("confirmed", "preparing", "ready"):
        orders.advance_order(session=s, viewer=world["staff"], order_id=o.id, expected=expected)
    s.refresh(o)
    s.refresh(c)
    assert o.status == OrderStatus.delivered and o.delivered_at is not None
    assert c.lifetime_value == Decimal("50.00")
    with pytest.raises(Conflict):
        orders.cancel_order(session=s, viewer=world["owner"], order_id=o.id)
    assert len(s.exec(select(OutboxMessage).where(OutboxMessage.restaurant_id == r.id)).all()) == 4
    thread = conversations.conversation_messages(session=s, viewer=world["owner"], conversation_id=conv.id)
    assert [m["kind"] for m in thread] == ["system"] * 4


def test_order_detail_lines_show_quantity_times_unit_price(world):
    """An order line of 2 × 25.50 SAR shows 51.00 as its line total (the one total function)."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000611", "Two")
    o = make_order(s, r, c, world["a"], 611, total="51.00")
    o.items = [{"name_ar": "برجر", "name_en": "Burger", "quantity": 2, "price": "25.50", "modifications": []}]
    s.add(o)
    s.flush()
    [line] = orders.order_detail(session=s, viewer=world["owner"], order_id=o.id)["lines"]
    assert (line["quantity"], line["price"], line["line_total"]) == (2, "25.50", "51.00")


def test_order_actions_respect_branch_and_tenant(world):
    """Staff cannot move another branch's orders; other restaurants cannot see them at all."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000021", "Fahd")
    o = make_order(s, r, c, world["b"], 2001)
    with pytest.raises(NotFound):
        orders.advance_order(session=s, viewer=world["staff"], order_id=o.id)
    with pytest.raises(NotFound):
        orders.cancel_order(session=s, viewer=world["stranger"], order_id=o.id)
    change = orders.cancel_order(session=s, viewer=world["owner"], order_id=o.id)
    assert change.new == "cancelled"
    board = orders.orders_board(session=s, viewer=world["owner"])
    assert [x["number"] for x in board["cancelled"]] == [2001] and board["pending"] == []
    assert orders.orders_board(session=s, viewer=world["staff"])["cancelled"] == []


def test_an_older_order_sliding_into_a_full_column_is_not_new(world):
    """The board shows the latest ACTIVE_SHOWN pending orders; when one moves on, an older order
    slides in. Only orders created after the page loaded count as new (and chime)."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000600", "Busy")
    now = datetime.now(UTC)
    placed = [
        make_order(s, r, c, world["a"], 5000 + i, created_at=now - timedelta(minutes=200 - i))
        for i in range(orders.ACTIVE_SHOWN + 1)
    ]
    loaded_at = datetime.now(UTC)
    first = orders.orders_board(session=s, viewer=world["owner"])
    assert placed[0].id not in {o["id"] for o in first["pending"]}  # the oldest is below the cap
    orders.advance_order(session=s, viewer=world["owner"], order_id=placed[-1].id)
    after = orders.orders_board(session=s, viewer=world["owner"])
    assert str(placed[0].id) in {o["id"] for o in after["pending"]}  # ... and slides in now
    assert orders.orders_created_since(after, loaded_at) == []
    fresh = make_order(s, r, c, world["a"], 6000)
    assert orders.orders_created_since(orders.orders_board(session=s, viewer=world["owner"]), loaded_at) == [
        str(fresh.id)
    ]


def test_a_scheduled_order_shows_the_time_it_is_for_not_its_age(world):
    """An order placed while its branch was closed is for the opening time: its card says when
    ("مجدول: 12:00"), where an order placed now says "الآن"."""
    from zoneinfo import ZoneInfo

    from crm_res.pages.orders import with_age_words

    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000700", "Later")
    tz = ZoneInfo(r.timezone)
    noon = (
        (datetime.now(UTC) + timedelta(days=1))
        .astimezone(tz)
        .replace(hour=12, minute=0, second=0, microsecond=0)
    )
    make_order(s, r, c, world["a"], 7001, scheduled_time=noon.astimezone(UTC))
    make_order(s, r, c, world["a"], 7002)
    cards = {
        o["number"]: o
        for o in with_age_words(orders.orders_board(session=s, viewer=world["owner"]))["pending"]
    }
    assert cards[7001]["age_ar"].startswith("مجدول") and "12:00" in cards[7001]["age_ar"]
    assert cards[7001]["age_en"].startswith("Scheduled") and "12:00" in cards[7001]["age_en"]
    assert cards[7002]["age_ar"] == "الآن" and cards[7002]["scheduled_label"] == ""


def test_a_scheduled_order_confirmed_by_staff_is_sent_to_the_pos_once(world):
    """The assistant forwards only the orders it confirms; one it scheduled for the opening time
    (pending) goes to the POS when a person confirms it, and an order the POS already has does not
    go again."""
    from crm_res.services.followups import FollowUp

    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000701", "Later")
    later = make_order(s, r, c, world["a"], 7101, scheduled_time=datetime.now(UTC) + timedelta(hours=3))
    change = orders.advance_order(session=s, viewer=world["owner"], order_id=later.id, expected="pending")
    assert change.jobs == [(FollowUp.forward_to_pos, (str(later.id),))]
    assert orders.advance_order(session=s, viewer=world["owner"], order_id=later.id).jobs == []  # preparing
    known = make_order(s, r, c, world["a"], 7102)
    known.pos_order_id = "POS-9"
    s.add(known)
    s.flush()
    assert orders.advance_order(session=s, viewer=world["owner"], order_id=known.id).jobs == []
