"""The assistant's order and feedback stages at a fixed clock, through `handle_inbound` on a real
database: pickup/delivery, shared locations, cancelling, escalation and anger at any stage,
opening hours (and Ramadan hours), manager WhatsApp alerts."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlmodel import col, select

from crm_res.models import (
    Branch,
    Feedback,
    Notification,
    OutboxMessage,
    Role,
    User,
)
from tests.fixtures.channel import DAYS
from tests.fixtures.people import add_user
from tests.fixtures.shop import AFTERNOON, NOON, Shop, riyadh


def _only_branch(shop: Shop, branch: Branch) -> None:
    """Make `branch` the restaurant's only active branch."""
    from crm_res.services.dialogue import flow

    other = shop.tahlia if branch is shop.olaya else shop.olaya
    other.is_active = False
    shop.session.add(other)
    shop.session.flush()
    flow.clear_cache()


# --------------------------------------------------------------------------- pickup / delivery


def test_items_are_summarised_at_once_then_the_branch_is_asked_before_the_final_summary(shop):
    """Two branches, none known: the summary with prices comes first, then which branch (before any "yes")."""
    out = shop.say("ابغى برجر وبيبسي")
    assert "35" in out[0] and "41" in out[0]
    assert "فرع" in out[-1] and shop.phase() == "fulfilment:branch"
    assert shop.orders() == []
    # the branches as a list, its one section titled like its button
    row = shop.session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id).desc())).first()
    assert row is not None and row.kind == "interactive"
    action = row.payload["interactive"]["action"]
    assert [section["title"] for section in action["sections"]] == [action["button"]]


def test_branch_by_name_then_yes_places_a_pickup_order(shop):
    """Branch "التحلية" → the final summary states the pickup and asks "للتأكيد اكتب نعم" → yes → a pickup order."""
    shop.say("ابغى برجر")
    out = shop.say("التحلية")
    assert "استلام من فرع التحلية" in out[-2] and "فرع فرع" not in out[-2]
    assert out[-1] == "للتأكيد اكتب نعم"
    assert shop.last_buttons() == ["confirm_yes", "mode_delivery", "confirm_no"]
    shop.tap("confirm_yes", "نعم ✅")
    [order] = shop.orders()
    assert (order.status.value, order.delivery_type.value, order.branch_id) == (
        "confirmed",
        "pickup",
        shop.tahlia.id,
    )
    assert shop.phase() == "placed"  # at rest: the next message is a new conversation turn, not the order's


def test_switching_to_delivery_asks_for_the_address_and_stores_it_on_the_order(shop):
    """Pickup assumed → the توصيل button → the address is asked, stored in the order's notes, then confirmed."""
    _only_branch(shop, shop.olaya)
    out = shop.say("2 burgers please")
    assert "Pickup from the Olaya branch" in out[-2] and shop.phase() == "confirming"
    shop.tap("mode_delivery", "Delivery 🛵")
    assert shop.phase() == "fulfilment:address"
    out = shop.say("حي الملقا، شارع أنس بن مالك، فيلا 12")
    assert "حي الملقا" in out[-2] and shop.last_buttons() == ["confirm_yes", "mode_pickup", "confirm_no"]
    shop.say("yes")
    [order] = shop.orders()
    assert order.delivery_type.value == "delivery" and order.status.value == "confirmed"
    assert "حي الملقا، شارع أنس بن مالك" in (order.delivery_address or "")


def test_quantities_above_one_are_in_the_stored_total_the_event_and_the_staff_alert(shop):
    """2 burgers and 3 Pepsi: the summary, the stored order, its event and the alert all say 88 SAR."""
    from crm_res.models import Event

    _only_branch(shop, shop.olaya)
    _user(shop.session, shop.restaurant, Role.owner, None)
    out = shop.say("ابغى ٢ برجر و ٣ بيبسي استلام")
    assert "88" in out[0], out
    shop.tap("confirm_yes", "نعم ✅")
    [order] = shop.orders()
    assert sorted((i["name_en"], i["quantity"]) for i in order.items) == [("Burger", 2), ("Pepsi", 3)]
    assert order.total_amount == Decimal("88")
    event = shop.session.exec(
        select(Event).where(Event.kind == "order.placed", Event.restaurant_id == shop.restaurant.id)
    ).one()
    assert Decimal(event.data["total"]) == Decimal("88")
    alert = shop.session.exec(
        select(Notification).where(
            Notification.kind == "new_order", Notification.restaurant_id == shop.restaurant.id
        )
    ).one()
    assert alert.body.startswith("88")


def test_placed_orders_are_numbered_in_turn_and_recorded_for_staff(shop):
    """Orders are numbered 1001, 1002…; each leaves an order.placed event and a new-order alert for
    the branch, and pins the conversation to the branch; a pickup order carries no address note."""
    from crm_res.models import Event

    _only_branch(shop, shop.olaya)
    owner = _user(shop.session, shop.restaurant, Role.owner, None)
    for text in ("ابغى برجر استلام", "ابغى ٢ بيبسي استلام"):
        shop.say(text)
        shop.tap("confirm_yes", "نعم ✅")
    first, second = sorted(shop.orders(), key=lambda o: o.number)
    assert (first.number, second.number) == (1001, 1002)
    assert first.delivery_address is None and first.delivery_type.value == "pickup"
    assert shop.conversation.branch_id == shop.olaya.id
    events = shop.session.exec(
        select(Event)
        .where(Event.kind == "order.placed", Event.restaurant_id == shop.restaurant.id)
        .order_by(col(Event.id))
    ).all()
    assert [(e.actor, e.subject_type, e.subject_id, e.data) for e in events] == [
        (
            "customer",
            "order",
            str(first.id),
            {"number": 1001, "total": "35.00", "scheduled": False, "delivery_type": "pickup"},
        ),
        (
            "customer",
            "order",
            str(second.id),
            {"number": 1002, "total": "12.00", "scheduled": False, "delivery_type": "pickup"},
        ),
    ]
    alerts = shop.session.exec(
        select(Notification)
        .where(Notification.kind == "new_order", Notification.restaurant_id == shop.restaurant.id)
        .order_by(col(Notification.created_at), Notification.title)
    ).all()
    assert [(a.user_id, a.title, a.body, a.link, a.branch_id) for a in alerts] == [
        (owner.id, "طلب جديد #1001", "35.00 SAR", "/orders", shop.olaya.id),
        (owner.id, "طلب جديد #1002", "12.00 SAR", "/orders", shop.olaya.id),
    ]


def test_switching_back_to_pickup_leaves_no_delivery_address_on_the_order(shop):
    """Delivery, an address, then the استلام button: a pickup order, and no "delivery address" note
    for the branch's staff (the draft still holds the address, should the customer switch again)."""
    _only_branch(shop, shop.olaya)
    shop.say("ابغى برجر توصيل")
    shop.say("حي الملقا، شارع أنس بن مالك، فيلا 12")
    assert shop.last_buttons() == ["confirm_yes", "mode_pickup", "confirm_no"]
    shop.tap("mode_pickup", "استلام")
    shop.tap("confirm_yes", "نعم ✅")
    [order] = shop.orders()
    assert (order.delivery_type.value, order.status.value) == ("pickup", "confirmed")
    assert order.delivery_address is None and order.special_instructions is None


def test_an_english_customers_order_is_confirmed_in_english_with_its_preparation_time(shop):
    """An order written in English is confirmed in English: the number, then the preparation time."""
    _only_branch(shop, shop.olaya)
    shop.say("I want 2 burgers for pickup please")
    out = shop.tap("confirm_yes", "Yes ✅")
    [order] = shop.orders()
    assert any("1001" in t for t in out) and any(t.startswith("Preparation time: ") for t in out), out


def test_mode_stated_in_the_order_is_not_asked_again(shop):
    """ "برجر توصيل" goes straight to the address question."""
    shop.say("ابغى برجر توصيل")
    assert shop.phase() == "fulfilment:address"


# --------------------------------------------------------------------------- shared locations


def test_location_while_choosing_a_branch_picks_the_nearest_not_the_first(shop):
    """A pin in Jeddah while asked for the branch picks Tahlia (an empty body matches no branch name)."""
    shop.say("ابغى برجر استلام")
    assert shop.phase() == "fulfilment:branch"
    out = shop.share_location(21.55, 39.17)
    assert any("التحلية" in t for t in out)
    shop.say("نعم")
    [order] = shop.orders()
    assert order.branch_id == shop.tahlia.id


def test_location_while_confirming_switches_to_the_nearest_branch(shop):
    """At the confirmation stage a pin near Olaya moves the order there, and asks to confirm again."""
    _only_branch(shop, shop.tahlia)
    shop.olaya.is_active = True
    shop.session.add(shop.olaya)
    shop.conversation.branch_id = shop.tahlia.id
    shop.session.add(shop.conversation)
    shop.session.flush()
    from crm_res.services.dialogue import flow

    flow.clear_cache()
    shop.say("برجر استلام")
    assert shop.phase() == "confirming"
    out = shop.share_location(24.70, 46.68)
    assert any("العليا" in t for t in out) and shop.phase() == "confirming"
    assert shop.orders() == []  # a location is not a confirmation
    shop.say("ايوه")
    [order] = shop.orders()
    assert order.branch_id == shop.olaya.id


def test_location_for_delivery_is_the_address_and_picks_the_branch(shop):
    """Asked for the address, a pin becomes the delivery address (a map link) and picks the nearest branch."""
    shop.say("ابغى شاورما دجاج توصيل")
    shop.share_location(21.60, 39.14, name="Al Rawdah")
    shop.say("نعم")
    [order] = shop.orders()
    assert order.branch_id == shop.tahlia.id and order.delivery_type.value == "delivery"
    assert "maps.google.com/?q=21.6,39.14" in (order.delivery_address or "")


def test_nearest_branch_uses_great_circle_distance():
    """At 24°N a degree of longitude is ~10% shorter than one of latitude: naive degrees pick wrong."""
    from crm_res.services.dialogue.flow import distance_km, nearest_branch

    east = Branch(restaurant_id=uuid.uuid4(), name_ar="شرق", name_en="East", city="x", lat=24.0, lng=46.95)
    north = Branch(restaurant_id=uuid.uuid4(), name_ar="شمال", name_en="North", city="x", lat=24.9, lng=46.0)
    assert nearest_branch([north, east], 24.0, 46.0) is east
    assert distance_km(24.0, 46.0, 24.0, 46.95) == pytest.approx(96.5, abs=0.5)


# --------------------------------------------------------------------------- cancel / escalate mid-order


@pytest.mark.parametrize("stage_text", ["ابغى برجر", "ابغى برجر استلام", "ابغى برجر توصيل"])
@pytest.mark.parametrize("cancel", ["الغاء", "cancel", "لا خلاص"])
def test_cancel_at_any_order_stage(shop, stage_text, cancel):
    """ "الغاء" / "cancel" / "لا خلاص" ends an order in progress at the mode, branch or address question."""
    shop.say(stage_text)
    assert shop.phase() in ("fulfilment:branch", "fulfilment:address")
    out = shop.say(cancel)
    assert "إلغاء" in out[-1] or "cancelled" in out[-1]
    assert shop.phase() == "idle" and shop.orders() == []


@pytest.mark.parametrize("stage_text", ["ابغى برجر", "ابغى برجر استلام", "ابغى برجر توصيل"])
@pytest.mark.parametrize("ask", ["ابي اكلم موظف", "human please"])
def test_escalation_request_at_any_order_stage(shop, stage_text, ask):
    """Asking for a person mid-order escalates (staff own it, alert on the bell) instead of being ignored."""
    shop.say(stage_text)
    shop.say(ask)
    shop.session.refresh(shop.conversation)
    assert (shop.conversation.status.value, shop.conversation.handled_by.value) == ("escalated", "staff")
    assert shop.phase() == "escalated" and shop.orders() == []


def test_escalation_request_while_confirming(shop):
    """At the confirmation question "ابي اكلم موظف" escalates too, and no order is placed."""
    _only_branch(shop, shop.olaya)
    shop.say("برجر استلام")
    assert shop.phase() == "confirming"
    shop.say("ابي اكلم موظف")
    shop.session.refresh(shop.conversation)
    assert shop.conversation.status.value == "escalated" and shop.orders() == []


# --------------------------------------------------------------------------- anger


def test_two_angry_messages_in_a_row_escalate_with_an_alert_even_mid_feedback(shop):
    """ "الخدمة زفت" starts feedback; a second angry message (not a rating) escalates, the complaint is kept."""
    _user(shop.session, shop.restaurant, Role.owner, None)
    shop.say("الخدمة زفت")
    assert shop.phase() == "awaiting_rating"
    shop.say("والله اسوأ تعامل شفته، الموظفين ما عندهم ذوق")
    shop.session.refresh(shop.conversation)
    assert shop.conversation.status.value == "escalated"
    kinds = {
        n.kind
        for n in shop.session.exec(
            select(Notification).where(Notification.restaurant_id == shop.restaurant.id)
        )
    }
    assert "escalation" in kinds
    [fb] = shop.session.exec(select(Feedback).where(Feedback.conversation_id == shop.conversation.id)).all()
    assert fb.rating is None and fb.requires_followup and fb.sentiment.value == "negative"


def test_an_insult_escalates_at_once(shop):
    """One message calling the restaurant thieves hands the conversation to a person."""
    shop.say("انتم حرامية ونصابين")
    shop.session.refresh(shop.conversation)
    assert shop.conversation.status.value == "escalated"


def test_a_single_complaint_then_a_rating_does_not_escalate(shop):
    """Complaint → rating 2 stores the feedback; the rating answer is not counted as a second outburst."""
    shop.say("الأكل وصل بارد")
    out = shop.say("2")
    shop.session.refresh(shop.conversation)
    assert shop.conversation.status.value == "active" and "2/5" in out[-1]


# --------------------------------------------------------------------------- opening hours


def test_closed_branch_says_when_it_opens_today_and_offers_to_schedule(shop):
    """At 12:00 a branch opening at 16:00 says "اليوم الساعة ٤ العصر"; no confirmed order is placed."""
    _only_branch(shop, shop.olaya)
    shop.olaya.operating_hours = AFTERNOON
    shop.session.add(shop.olaya)
    shop.session.flush()
    out = shop.say("ابغى برجر استلام")
    assert any("اليوم الساعة ٤ العصر" in t for t in out)
    assert shop.last_buttons() == ["schedule_yes", "schedule_no"]
    _user(shop.session, shop.restaurant, Role.owner, None)
    out = shop.say("نعم")
    [order] = shop.orders()
    assert order.status.value == "pending"  # scheduled, never "confirmed" while closed
    assert order.scheduled_time == riyadh(2026, 11, 22, 16)
    assert any("اليوم الساعة ٤ العصر" in t and "1001" in t for t in out), out
    assert "stage" not in shop.context()
    from crm_res.models import Event

    event = shop.session.exec(
        select(Event).where(Event.kind == "order.placed", Event.restaurant_id == shop.restaurant.id)
    ).one()
    assert event.data["scheduled"] is True
    alert = shop.session.exec(
        select(Notification).where(
            Notification.kind == "new_order", Notification.restaurant_id == shop.restaurant.id
        )
    ).one()
    assert alert.title == "طلب مجدول #1001"


def test_a_yes_to_the_schedule_after_the_branch_opened_places_a_confirmed_order_now(shop):
    """Offered at 15:58 to schedule for 16:00, the customer says yes at 16:02: the branch is open,
    so the order is confirmed for now, not left pending for a time already past."""
    _only_branch(shop, shop.olaya)
    shop.olaya.operating_hours = AFTERNOON
    shop.session.add(shop.olaya)
    shop.session.flush()
    shop.say("ابغى برجر استلام", now=riyadh(2026, 11, 22, 15, 58))
    assert shop.last_buttons() == ["schedule_yes", "schedule_no"]
    shop.tap("schedule_yes", "جدولة الطلب ⏰", now=riyadh(2026, 11, 22, 16, 2))  # the button's own title
    [order] = shop.orders()
    assert (order.status.value, order.scheduled_time) == ("confirmed", None)


def test_an_order_scheduled_after_midnight_in_riyadh_opens_today_in_its_confirmation(shop):
    """At 01:00 in Riyadh (22:00 the day before in UTC) a branch opening at 16:00 opens "today":
    the offer and the scheduled order's confirmation both say so, counted in the restaurant's zone."""
    _only_branch(shop, shop.olaya)
    shop.olaya.operating_hours = AFTERNOON
    shop.session.add(shop.olaya)
    shop.session.flush()
    night = riyadh(2026, 11, 23, 1, 0)
    assert any("اليوم الساعة ٤ العصر" in t for t in shop.say("ابغى برجر استلام", now=night))
    out = shop.say("نعم", now=night)
    [order] = shop.orders()
    assert order.scheduled_time == riyadh(2026, 11, 23, 16)
    assert any("اليوم الساعة ٤ العصر" in t and "1001" in t for t in out), out


def test_an_english_customers_scheduled_order_is_confirmed_in_english(shop):
    """A customer writing English at 12:00 to a branch opening at 16:00: the scheduled order's
    confirmation is English, its opening time too ("today at 4 PM")."""
    _only_branch(shop, shop.olaya)
    shop.olaya.operating_hours = AFTERNOON
    shop.session.add(shop.olaya)
    shop.session.flush()
    shop.say("I want a burger for pickup please")
    out = shop.say("yes")
    [order] = shop.orders()
    assert order.status.value == "pending"
    assert any(t.startswith("Your order") and "1001" in t and "today at 4 PM" in t for t in out), out


def test_closed_after_choosing_a_branch_says_tomorrow(shop):
    """At 23:30 the chosen branch (16:00–23:00) opens "غداً الساعة ٤ العصر"; declining cancels politely."""
    shop.tahlia.operating_hours = AFTERNOON
    shop.session.add(shop.tahlia)
    shop.session.flush()
    late = riyadh(2026, 11, 22, 23, 30)
    shop.say("ابغى برجر استلام", now=late)
    out = shop.say("التحلية", now=late)
    assert any("غداً الساعة ٤ العصر" in t for t in out)
    shop.say("لا", now=late)
    assert shop.orders() == [] and shop.phase() == "idle"


def test_ramadan_hours_replace_the_usual_hours_during_ramadan(shop):
    """In Ramadan (1 Mar 2026) a branch open all day normally but 20:00–03:00 in Ramadan is closed at noon."""
    _only_branch(shop, shop.olaya)
    shop.olaya.ramadan_hours = {d: {"open": "20:00", "close": "03:00"} for d in DAYS}
    shop.session.add(shop.olaya)
    shop.session.flush()
    ramadan_noon = riyadh(2026, 3, 1, 12)
    out = shop.say("ابغى برجر استلام", now=ramadan_noon)
    assert any("اليوم الساعة ٨ بالليل" in t for t in out)
    shop.say("الغاء", now=ramadan_noon)
    out = shop.say("ابغى برجر استلام", now=NOON)  # November: the usual (all-day) hours
    assert shop.phase() == "confirming"


def test_a_yes_after_the_ramadan_hours_closed_places_nothing_and_offers_the_opening(shop):
    """Summarised in Ramadan at 02:50 (Ramadan hours 20:00–03:00, usual hours all day), the yes comes
    at 03:05: the branch is closed by its Ramadan hours, so nothing is placed and the opening is offered."""
    _only_branch(shop, shop.olaya)
    shop.olaya.ramadan_hours = {d: {"open": "20:00", "close": "03:00"} for d in DAYS}
    shop.session.add(shop.olaya)
    shop.session.flush()
    shop.say("ابغى برجر استلام", now=riyadh(2026, 3, 2, 2, 50))
    assert shop.phase() == "confirming"
    out = shop.say("نعم", now=riyadh(2026, 3, 2, 3, 5))
    assert shop.orders() == [] and any("يفتح اليوم الساعة ٨ بالليل" in t for t in out)
    assert shop.last_buttons() == ["schedule_yes", "schedule_no"]


def test_an_ordering_phase_saved_without_its_draft_reads_the_message_afresh(shop):
    """A conversation left "confirming" with no draft (a state saved before drafts, or cut short) is
    not stuck: the next message is read on its own, here as a new order."""
    shop.conversation.context = {"phase": "confirming"}
    shop.session.add(shop.conversation)
    shop.session.flush()
    out = shop.say("ابغى برجر")
    assert out[0] == "طلبك: برجر (35 ريال) = 35 ريال" and shop.phase() == "fulfilment:branch"


# --------------------------------------------------------------------------- manager WhatsApp alerts


def _user(session, r, role: Role, number: str | None, branches: list[Branch] | None = None) -> User:  # type: ignore[no-untyped-def]

    user = add_user(
        session,
        r.id,
        f"{uuid.uuid4().hex[:8]}@t.sa",
        role,
        password="password-123",
        branch_ids=[b.id for b in branches or []],
    )
    user.whatsapp_number = number
    session.add(user)
    session.flush()
    return user


def _alerts(shop: Shop) -> list[OutboxMessage]:
    return list(
        shop.session.exec(
            select(OutboxMessage).where(
                OutboxMessage.restaurant_id == shop.restaurant.id, OutboxMessage.purpose == "manager_alert"
            )
        )
    )


def test_negative_feedback_alerts_owner_and_the_branch_manager_on_whatsapp_once(shop):
    """A complaint at Olaya queues one WhatsApp alert to the owner and Olaya's manager, none to Tahlia's."""
    _user(shop.session, shop.restaurant, Role.owner, "+966500000001")
    _user(shop.session, shop.restaurant, Role.manager, "+966500000002", [shop.olaya])
    _user(shop.session, shop.restaurant, Role.manager, "+966500000003", [shop.tahlia])
    _user(shop.session, shop.restaurant, Role.manager, None, [shop.olaya])
    shop.conversation.branch_id = shop.olaya.id
    shop.session.add(shop.conversation)
    shop.session.flush()
    shop.say("الأكل كان بارد والطلب ناقص")
    shop.say("1")  # the rating completes the same feedback: no second alert
    alerts = _alerts(shop)
    assert sorted(a.to_wa_id for a in alerts) == ["966500000001", "966500000002"]
    assert all(
        a.idempotency_key.startswith("feedback-alert:") and a.customer_id != shop.customer.id for a in alerts
    )
    assert "بارد" in alerts[0].payload["message"]["text"]["body"]


def test_manager_alerts_can_be_turned_off(shop):
    """settings["alert_managers_whatsapp"] = False: the bell only, no WhatsApp."""
    _user(shop.session, shop.restaurant, Role.owner, "+966500000001")
    shop.restaurant.settings = {"alert_managers_whatsapp": False}
    shop.session.add(shop.restaurant)
    shop.session.flush()
    shop.say("الخدمة سيئة جداً")
    assert _alerts(shop) == []
    assert shop.session.exec(
        select(Notification).where(
            Notification.kind == "negative_feedback", Notification.restaurant_id == shop.restaurant.id
        )
    ).first()


def test_positive_feedback_sends_no_alert(shop):
    """A happy customer with a 5 alerts nobody."""
    _user(shop.session, shop.restaurant, Role.owner, "+966500000001")
    shop.say("الأكل لذيذ جداً")
    shop.say("5")
    assert _alerts(shop) == []


# --------------------------------------------------------------------------- discount default


def test_discount_default_percent_is_the_settings_page_default(shop):
    """With discounts on and no percent set, the code uses the one shared default (10%)."""
    from crm_res.models import DiscountCode
    from crm_res.services.options import RestaurantOptions

    shop.restaurant.settings = {"discount_enabled": True}
    shop.session.add(shop.restaurant)
    shop.session.flush()
    shop.say("الأكل لذيذ")
    shop.say("5")
    [code] = shop.session.exec(
        select(DiscountCode).where(DiscountCode.restaurant_id == shop.restaurant.id)
    ).all()
    assert code.percent == RestaurantOptions().discount_percent == 10
