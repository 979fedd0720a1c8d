"""What placing a confirmed order writes and asks for, beyond the order row `test_stages.py` reads:
the POS forward of a confirmed order (and none for a scheduled one), a draft with no mode placed as a
pickup, and a yes that comes after the branch cache has expired. Real Postgres, `handle_inbound`."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlmodel import select

from crm_res.models import Event, Message, MessageDirection, MessageSender, Notification, Role
from crm_res.services.dialogue.inbound import InboundOutcome
from crm_res.services.followups import FollowUp
from tests.fixtures.people import add_user
from tests.fixtures.shop import AFTERNOON, Shop, riyadh


def _only_olaya(shop: Shop) -> None:
    from crm_res.services.dialogue import flow

    shop.tahlia.is_active = False
    shop.session.add(shop.tahlia)
    shop.session.flush()
    flow.clear_cache()


def _write(shop: Shop, body: str) -> InboundOutcome:
    """The customer writes `body`; returns what `handle_inbound` answered (its follow-up jobs)."""
    from crm_res.services.dialogue.inbound import handle_inbound

    m = Message(
        restaurant_id=shop.restaurant.id,
        conversation_id=shop.conversation.id,
        direction=MessageDirection.inbound,
        sender=MessageSender.customer,
        type="text",
        body=body,
        payload={},
        wa_message_id=f"wamid.placing.{uuid.uuid4().hex}",
    )
    shop.session.add(m)
    shop.session.flush()
    outcome = handle_inbound(session=shop.session, message_id=m.id, now=shop.now)
    shop.session.flush()
    return outcome


def test_a_confirmed_order_asks_for_its_pos_forward_by_the_orders_id(shop):
    """The yes that places an order asks for exactly one follow-up: the order sent to the POS, by its id."""
    _only_olaya(shop)
    shop.say("ابغى برجر استلام")
    assert shop.phase() == "confirming"
    outcome = _write(shop, "نعم")
    [order] = shop.orders()
    assert order.status.value == "confirmed"
    assert outcome.jobs == [(FollowUp.forward_to_pos, (str(order.id),))]


def test_a_scheduled_order_is_not_sent_to_the_pos_when_placed(shop):
    """Closed now, the customer accepts the opening time: a pending order, and no POS forward yet."""
    _only_olaya(shop)
    shop.olaya.operating_hours = AFTERNOON
    shop.session.add(shop.olaya)
    shop.session.flush()
    shop.say("ابغى برجر استلام")
    outcome = _write(shop, "نعم")
    [order] = shop.orders()
    assert (order.status.value, order.scheduled_time) == ("pending", riyadh(2026, 11, 22, 16))
    assert outcome.jobs == []


def test_a_draft_with_no_mode_is_placed_as_a_pickup(shop):
    """`place_order` of a draft whose mode was never set (the conversation defaults it before the
    summary; a draft saved otherwise may lack it): a pickup order, its event saying so."""
    from crm_res.services.dialogue.context import InboundContext
    from crm_res.services.dialogue.placing import place_order
    from crm_res.services.dialogue.states import Draft, Line

    draft = Draft(
        lines=[
            Line(
                menu_item_id=str(uuid.uuid4()),
                name_ar="برجر",
                name_en="Burger",
                quantity=2,
                price=Decimal("35"),
            )
        ]
    )
    assert draft.delivery_type is None
    add_user(
        shop.session, shop.restaurant.id, f"{uuid.uuid4().hex[:8]}@t.sa", Role.owner, password="password-123"
    )
    ctx = InboundContext(
        message=Message(restaurant_id=shop.restaurant.id, conversation_id=shop.conversation.id, body="نعم"),
        conversation=shop.conversation,
        customer=shop.customer,
        restaurant=shop.restaurant,
    )
    order = place_order(shop.session, ctx, draft, shop.olaya, None)
    assert (order.delivery_type.value, order.special_instructions, order.total_amount) == (
        "pickup",
        None,
        Decimal("70"),
    )
    event = shop.session.exec(
        select(Event).where(Event.kind == "order.placed", Event.restaurant_id == shop.restaurant.id)
    ).one()
    assert event.data["delivery_type"] == "pickup"
    alert = shop.session.exec(
        select(Notification).where(Notification.restaurant_id == shop.restaurant.id)
    ).one()
    assert (alert.title, alert.body) == (f"طلب جديد #{order.number}", "70 SAR")


def test_a_yes_after_the_branch_cache_expired_places_the_order(shop):
    """The customer takes longer than the menu and branch cache lasts (10 s) to say yes: the branch is
    read again from the database, and the order is placed."""
    from crm_res.services.dialogue import data

    _only_olaya(shop)
    shop.say("ابغى برجر استلام")
    assert shop.phase() == "confirming"
    data.clear_cache()  # what CACHE_SECONDS passing does
    shop.say("نعم")
    [order] = shop.orders()
    assert (order.status.value, order.branch_id) == ("confirmed", shop.olaya.id)


def test_a_delivery_keeps_its_address_in_its_column_and_the_notes_apart(shop):
    """A delivered order's address is its own column; `special_instructions` holds only the
    customer's notes for the kitchen or the driver, one per line."""
    from crm_res.services.dialogue.context import InboundContext
    from crm_res.services.dialogue.placing import place_order
    from crm_res.services.dialogue.states import Draft, Line

    line = Line(
        menu_item_id=str(uuid.uuid4()), name_ar="برجر", name_en="Burger", quantity=1, price=Decimal("35")
    )
    draft = Draft(
        lines=[line],
        delivery_type="delivery",
        address="حي الملقا، شارع ٤، فيلا ٩",
        notes=["البطاطس تكون حارة", "لا تدق الجرس"],
    )
    ctx = InboundContext(
        message=Message(restaurant_id=shop.restaurant.id, conversation_id=shop.conversation.id, body="نعم"),
        conversation=shop.conversation,
        customer=shop.customer,
        restaurant=shop.restaurant,
    )
    order = place_order(shop.session, ctx, draft, shop.olaya, None)
    assert order.delivery_address == "حي الملقا، شارع ٤، فيلا ٩"
    assert order.special_instructions == "البطاطس تكون حارة\nلا تدق الجرس"
    draft.delivery_type = "pickup"
    picked = place_order(shop.session, ctx, draft, shop.olaya, None)
    assert picked.delivery_address is None  # an address said before switching to pickup goes nowhere
