"""The dashboard's domain layer on the real database: inbox, thread, orders, analytics, customers,
settings, notifications and the live-change hub."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from crm_res.models import (
    Branch,
    ConversationStatus,
    Customer,
    Feedback,
    Handler,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
    Notification,
    OrderStatus,
    OutboxMessage,
    Role,
    Sentiment,
    User,
)
from crm_res.services import notifications
from crm_res.services.access import viewer_for
from crm_res.services.accounts.users import create_user
from crm_res.services.admin import restaurant_settings
from crm_res.services.admin.restaurants import create_restaurant
from crm_res.services.customers import customers, orders
from crm_res.services.errors import Conflict, InvalidInput, NotFound
from crm_res.services.inbox import conversations
from crm_res.services.inbox.conversations import add_note
from crm_res.services.insights import analytics, feedback
from tests.fixtures.dashboard import make_conversation, make_customer, make_order
from tests.fixtures.live import live_subscriber, payloads

# --------------------------------------------------------------------------- inbox and thread


def test_inbox_is_scoped_filtered_searchable_and_paginated(world):
    """Owners see every branch, staff their own; filters, search by name or number and pages work."""
    s, r = world["session"], world["r"]
    nora = make_customer(s, r.id, "966500000001", "نورة")
    omar = make_customer(s, r.id, "966500000002", "Omar")
    make_conversation(
        s, r, nora, world["a"], minutes_ago=1, unread=2, messages=[(MessageSender.customer, "السلام")]
    )
    make_conversation(s, r, omar, world["b"], minutes_ago=5, status=ConversationStatus.escalated)
    for i in range(30):
        c = make_customer(s, r.id, f"9665100000{i:02d}", f"عميل {i}")
        make_conversation(s, r, c, world["a"], minutes_ago=100 + i, status=ConversationStatus.resolved)
    owner, staff = world["owner"], world["staff"]
    first = conversations.list_conversations(session=s, viewer=owner, page_size=10)
    assert [row["customer_name"] for row in first[:2]] == ["نورة", "Omar"]
    assert first[0]["unread"] == 2 and first[0]["preview"] == "السلام" and first[0]["branch_en"] == "Branch A"
    assert len(conversations.list_conversations(session=s, viewer=owner, page=3, page_size=10)) == 2
    staff_rows = conversations.list_conversations(session=s, viewer=staff, page_size=100)
    assert "Omar" not in {row["customer_name"] for row in staff_rows} and len(staff_rows) == 31
    assert [
        x["customer_name"] for x in conversations.list_conversations(session=s, viewer=owner, search="نور")
    ] == ["نورة"]
    assert [
        x["customer_name"]
        for x in conversations.list_conversations(session=s, viewer=owner, search="500000002")
    ] == ["Omar"]
    opened = conversations.list_conversations(session=s, viewer=owner, status="open")
    assert {x["customer_name"] for x in opened} == {"نورة", "Omar"}
    assert [
        x["customer_name"]
        for x in conversations.list_conversations(session=s, viewer=owner, unread_only=True)
    ] == ["نورة"]
    assert [
        x["customer_name"]
        for x in conversations.list_conversations(session=s, viewer=owner, branch_id=str(world["b"].id))
    ] == ["Omar"]
    assert conversations.inbox_counts(session=s, viewer=owner)["unread"] == 1
    assert conversations.inbox_counts(session=s, viewer=owner)["escalated"] == 1
    assert conversations.inbox_counts(session=s, viewer=staff)["escalated"] == 0
    assert conversations.list_conversations(session=s, viewer=world["stranger"]) == []


def test_thread_shows_kinds_window_and_side_panel_and_hides_other_tenants(world):
    """Messages carry their kind (customer/AI/staff/note), the 24-hour window and the customer panel."""
    s, r = world["session"], world["r"]
    c = make_customer(
        s,
        r.id,
        "966500000009",
        "Lina",
        tags=["vip"],
        lifetime_value=Decimal("120.50"),
        last_inbound_at=datetime.now(UTC) - timedelta(hours=1),
    )
    conv = make_conversation(
        s, r, c, world["a"], messages=[(MessageSender.customer, "hi"), (MessageSender.ai, "hello")]
    )
    add_note(session=s, viewer=world["owner"], conversation_id=conv.id, body="VIP, be nice")
    make_order(s, r, c, world["a"], 7, status=OrderStatus.delivered, conv=conv)
    s.add(
        Feedback(
            restaurant_id=r.id,
            customer_id=c.id,
            branch_id=world["a"].id,
            rating=5,
            sentiment=Sentiment.positive,
            comment="great",
        )
    )
    s.flush()
    msgs = conversations.conversation_messages(session=s, viewer=world["owner"], conversation_id=conv.id)
    assert [m["kind"] for m in msgs] == ["customer", "ai", "note"]
    assert msgs[1]["status"] == "read" and msgs[2]["body"] == "VIP, be nice"
    d = conversations.conversation_detail(session=s, viewer=world["owner"], conversation_id=conv.id)
    assert 22 * 3600 < d["window_seconds"] <= 23 * 3600 and d["window_label"].startswith("22:")
    assert d["customer"]["tags"] == ["vip"] and d["customer"]["lifetime_value"] == "120.50"
    assert d["orders"][0]["number"] == 7 and d["feedback"][0]["rating"] == 5
    with pytest.raises(NotFound):
        conversations.conversation_detail(session=s, viewer=world["stranger"], conversation_id=conv.id)
    other_branch = make_conversation(s, r, make_customer(s, r.id, "966500000010", "B"), world["b"])
    with pytest.raises(NotFound):
        conversations.conversation_messages(session=s, viewer=world["staff"], conversation_id=other_branch.id)


# --------------------------------------------------------------------------- orders


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


# --------------------------------------------------------------------------- analytics


def test_analytics_overview_computes_kpis_trend_breakdowns_and_branches(world):
    """Average rating, negative share, response time, resolution rate, orders and revenue, per branch."""
    s, r = world["session"], world["r"]
    now = datetime.now(UTC)
    c = make_customer(s, r.id, "966500000030", "Reem")
    # Branch A: resolved conversation answered after 30 s; branch B: open one answered after 90 s.
    make_conversation(
        s,
        r,
        c,
        world["a"],
        minutes_ago=60,
        status=ConversationStatus.resolved,
        messages=[(MessageSender.customer, "hi"), (MessageSender.ai, "hello")],
    )
    c2 = make_customer(s, r.id, "966500000031", "Ali")
    conv_b = make_conversation(
        s, r, c2, world["b"], minutes_ago=30, messages=[(MessageSender.customer, "hey")]
    )
    s.add(
        Message(
            restaurant_id=r.id,
            conversation_id=conv_b.id,
            sender=MessageSender.staff,
            body="yes",
            direction=MessageDirection.outbound,
            created_at=conv_b.started_at + timedelta(seconds=90),
        )
    )
    for rating, sentiment, cats, branch in [
        (5, Sentiment.positive, ["food"], "a"),
        (4, Sentiment.positive, [], "a"),
        (1, Sentiment.negative, ["food", "speed"], "b"),
    ]:
        s.add(
            Feedback(
                restaurant_id=r.id,
                customer_id=c.id,
                branch_id=world[branch].id,
                rating=rating,
                sentiment=sentiment,
                categories=cats,
                requires_followup=rating < 3,
                created_at=now,
            )
        )
    make_order(s, r, c, world["a"], 1, status=OrderStatus.delivered, total="100.00")
    make_order(s, r, c, world["b"], 2, status=OrderStatus.cancelled, total="40.00")
    # Old and foreign data must not count.
    s.add(
        Feedback(
            restaurant_id=r.id,
            customer_id=c.id,
            branch_id=world["a"].id,
            rating=1,
            created_at=now - timedelta(days=60),
        )
    )
    oc = make_customer(s, world["other"].id, "966500000032", "X")
    s.add(Feedback(restaurant_id=world["other"].id, customer_id=oc.id, branch_id=world["ob"].id, rating=1))
    s.flush()
    data = analytics.analytics_overview(session=s, viewer=world["owner"], days=30)
    k = data["kpis"]
    assert k["average_rating"] == pytest.approx(3.33, abs=0.01) and k["ratings"] == 3
    assert k["negative_share"] == pytest.approx(1 / 3, abs=0.001) and k["open_followups"] == 1
    assert k["conversations"] == 2 and k["resolution_rate"] == 0.5
    assert k["response_median_s"] == pytest.approx(60.0) and k["orders"] == 2 and k["revenue"] == 100.0
    assert len(data["trend"]) == 30 and data["trend"][-1]["ratings"] == 3
    assert {x["sentiment"]: x["count"] for x in data["sentiment"]} == {
        "positive": 2,
        "neutral": 0,
        "negative": 1,
    }
    assert data["categories"][0] | {"label_ar": "", "label_en": ""} == {
        "category": "food",
        "count": 2,
        "negative": 1,
        "label_ar": "",
        "label_en": "",
    }
    assert data["categories"][0]["label_en"] == "Food"
    by_branch = {b["name_en"]: b for b in data["branches"]}
    assert (
        by_branch["Branch A"]["avg_rating"] == "4.50" and by_branch["Branch B"]["negative_share"] == "100.0%"
    )
    assert by_branch["Branch A"]["response"] == "30s" and by_branch["Branch A"]["revenue"] == "100.00"
    staff = analytics.analytics_overview(session=s, viewer=world["staff"], days=30)
    assert staff["kpis"]["ratings"] == 2 and [b["name_en"] for b in staff["branches"]] == ["Branch A"]
    with pytest.raises(NotFound):
        analytics.analytics_overview(session=s, viewer=world["staff"], days=30, branch_id=world["b"].id)
    assert (
        analytics.analytics_overview(session=s, viewer=world["owner"], days=7, branch_id=world["b"].id)[
            "kpis"
        ]["ratings"]
        == 1
    )
    pdf = __import__("crm_res.reports.analytics_pdf", fromlist=["report_pdf"]).report_pdf(
        overview=data, restaurant_name="مطعم أ", branch_name="كل الفروع", lang="ar"
    )
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_followup_is_handled_with_a_note_and_feedback_exports_as_csv(world):
    """Marking a follow-up handled needs a note; the CSV holds the period's rows with a header."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000040", "هند")
    fb = Feedback(
        restaurant_id=r.id,
        customer_id=c.id,
        branch_id=world["a"].id,
        rating=1,
        comment="بارد",
        sentiment=Sentiment.negative,
        requires_followup=True,
    )
    s.add(fb)
    s.flush()
    with pytest.raises(InvalidInput):
        analytics.mark_followup_handled(session=s, viewer=world["owner"], feedback_id=fb.id, note="  ")
    analytics.mark_followup_handled(session=s, viewer=world["owner"], feedback_id=fb.id, note="called her")
    assert feedback.list_feedback(session=s, viewer=world["owner"], followup_only=True) == []
    text = analytics.feedback_csv(session=s, viewer=world["owner"], days=30)
    lines = text.lstrip("\ufeff").splitlines()
    assert (
        lines[0].startswith("created_at,branch,customer") and "هند" in lines[1] and "called her" in lines[1]
    )
    assert analytics.feedback_csv(session=s, viewer=world["stranger"], days=30).count("\n") == 1


# --------------------------------------------------------------------------- customers


def test_customer_csv_import_is_validated_all_or_nothing_and_upserts(world):
    """Bad rows are listed by line number and nothing is imported; a good file adds and updates."""
    s, r, owner = world["session"], world["r"], world["owner"]
    make_customer(s, r.id, "966500000050", "Old Name", tags=["regular"])
    bad = "wa_id,name,language,tags\n966500000051,سارة,ar,vip\nabc,X,ar,\n966500000051,Dup,xx,\n"
    with pytest.raises(InvalidInput) as err:
        customers.import_customers_csv(session=s, viewer=owner, content=bad)
    assert [p.split(":")[0] for p in err.value.problems] == ["line 3", "line 4"]
    assert "repeats line 2" in err.value.problems[1] and "language" in err.value.problems[1]
    assert s.exec(select(Customer).where(Customer.wa_id == "966500000051")).first() is None
    good = "\ufeffwa_id,name,language,tags,opted_out\n+966 50 000 0051,سارة,ar,vip;family,no\n966500000050,,en,vip,yes\n"
    assert customers.import_customers_csv(session=s, viewer=owner, content=good) == (1, 1)
    s.expire_all()
    old = s.exec(select(Customer).where(Customer.wa_id == "966500000050")).one()
    assert old.name == "Old Name" and sorted(old.tags) == ["regular", "vip"] and old.opted_out
    vip = customers.search_customers(session=s, viewer=owner, filters=customers.CustomerFilter(tag="vip"))
    assert {x["wa_id"] for x in vip} == {"966500000050", "966500000051"}
    en = customers.CustomerFilter(language="en", opted_out="yes")
    assert customers.count_customers(session=s, viewer=owner, filters=en) == 1
    exported = customers.export_customers_csv(
        session=s, viewer=owner, filters=customers.CustomerFilter(tag="family")
    )
    assert exported.lstrip("\ufeff").splitlines()[1].startswith("966500000051,سارة,ar-SA,vip;family")
    assert customers.search_customers(session=s, viewer=world["stranger"]) == []


def test_customer_segments_timeline_and_tags(world):
    """Rating and last-visit segments, tag edits, and a timeline mixing conversations, orders, feedback."""
    s, r, owner = world["session"], world["r"], world["owner"]
    happy = make_customer(s, r.id, "966500000060", "Happy", last_interaction=datetime.now(UTC))
    sad = make_customer(
        s, r.id, "966500000061", "Sad", last_interaction=datetime.now(UTC) - timedelta(days=200)
    )
    for cust, rating in ((happy, 5), (sad, 1)):
        s.add(Feedback(restaurant_id=r.id, customer_id=cust.id, branch_id=world["a"].id, rating=rating))
    make_conversation(s, r, happy, world["a"], messages=[(MessageSender.customer, "hi")])
    make_order(s, r, happy, world["a"], 31, status=OrderStatus.delivered)
    s.flush()

    def names(**f: str) -> list[str]:
        return [
            x["name"]
            for x in customers.search_customers(
                session=s, viewer=owner, filters=customers.CustomerFilter(**f)
            )
        ]

    assert names(rating="high") == ["Happy"] and names(rating="low") == ["Sad"]
    assert names(last_visit="30") == ["Happy"] and names(last_visit="lapsed") == ["Sad"]
    with pytest.raises(InvalidInput):
        names(min_ltv="lots")
    assert customers.set_tags(
        session=s, viewer=owner, customer_id=happy.id, tags=["VIP", " family ", "vip"]
    ) == ["vip", "family"]
    kinds = [x["kind"] for x in customers.customer_timeline(session=s, viewer=owner, customer_id=happy.id)]
    assert {"conversation", "order", "feedback", "event"} <= set(kinds)
    with pytest.raises(NotFound):
        customers.customer_profile(session=s, viewer=world["stranger"], customer_id=happy.id)


# --------------------------------------------------------------------------- settings


def test_settings_are_for_owners_only(world):
    """Staff get Forbidden from every settings function, whatever the page shows."""
    s, staff = world["session"], world["staff"]
    for fn, kw in [
        (restaurant_settings.get_profile, {}),
        (restaurant_settings.update_profile, {"data": {}}),
        (restaurant_settings.list_menu_admin, {}),
        (restaurant_settings.save_menu_item, {"item_id": None, "data": {}}),
        (restaurant_settings.add_user, {"email": "a@b.sa", "role": "staff", "branch_ids": []}),
        (restaurant_settings.connection_status, {}),
        (restaurant_settings.save_branch, {"branch_id": None, "data": {}}),
    ]:
        with pytest.raises(restaurant_settings.Forbidden):
            fn(session=s, viewer=staff, **kw)


def test_owner_edits_profile_menu_branch_templates_and_team(world):
    """Profile with discount rules and prayer toggle, a menu item, branch hours, a template, a teammate."""
    s, owner, r = world["session"], world["owner"], world["r"]
    with pytest.raises(InvalidInput):
        restaurant_settings.update_profile(
            session=s, viewer=owner, data={"name_ar": "", "name_en": "x", "discount_percent": "200"}
        )
    p = restaurant_settings.update_profile(
        session=s,
        viewer=owner,
        data={
            "name_ar": "مطعم جديد",
            "name_en": "New Diner",
            "personality": "formal",
            "timezone": "Asia/Riyadh",
            "prayer_time_enabled": False,
            "discount_enabled": True,
            "discount_percent": "20",
            "discount_valid_days": "14",
            "feedback_delay_hours": "2",
        },
    )
    assert p["personality"] == "formal" and p["discount_percent"] == "20" and not p["prayer_time_enabled"]
    assert r.settings["discount_valid_days"] == 14 and r.settings["discount_enabled"] is True
    assert "New Diner" in restaurant_settings.personality_preview(
        restaurant_name="New Diner", personality="modern", language="en"
    )
    item_id = restaurant_settings.save_menu_item(
        session=s,
        viewer=owner,
        item_id=None,
        data={
            "name_ar": "برجر",
            "name_en": "Burger",
            "price": "٢٥",
            "category": "burgers",
            "available": True,
        },
    )
    restaurant_settings.save_menu_item(
        session=s,
        viewer=owner,
        item_id=item_id,
        data={
            "name_ar": "برجر",
            "name_en": "Big Burger",
            "price": "27.50",
            "category": "burgers",
            "available": False,
        },
    )
    [menu] = restaurant_settings.list_menu_admin(session=s, viewer=owner)
    assert (menu["name_en"], menu["price"], menu["available"]) == ("Big Burger", "27.50", False)
    with pytest.raises(InvalidInput) as err:
        restaurant_settings.save_branch(
            session=s,
            viewer=owner,
            branch_id=None,
            data={
                "name_ar": "فرع",
                "name_en": "B",
                "city": "Atlantis",
                "hours": {"sat": {"open": "25:00", "close": "1"}},
            },
        )
    assert any("Atlantis" in x for x in err.value.problems) and any("sat" in x for x in err.value.problems)
    # The Settings page says the same in Arabic (and the CLI's English in English).
    from crm_res.state.errors import error_texts

    texts = error_texts(err.value)
    assert texts["ar"].splitlines() == [
        "لم يُحفظ الفرع:",
        "مدينة سعودية غير معروفة «Atlantis» (أوقات الصلاة تحتاج مدينة معروفة)",
        "ساعات العمل (السبت): الوقت يُكتب مثل 09:00 و23:30 (المُدخل «25:00»–«1»)",
    ]
    assert texts["en"].splitlines() == [
        "the branch was not saved:",
        err.value.problems[0],
        err.value.problems[1].replace("hours sat", "hours Sat"),
    ]
    with pytest.raises(InvalidInput) as err:
        restaurant_settings.update_profile(
            session=s, viewer=owner, data={"name_ar": "", "name_en": "X", "discount_percent": "٩٥"}
        )
    assert error_texts(err.value)["ar"].splitlines()[1:] == [
        "الاسمان العربي والإنجليزي مطلوبان",
        "نسبة الخصم: يجب أن يكون بين 1 و90",
    ]
    bid = restaurant_settings.save_branch(
        session=s,
        viewer=owner,
        branch_id=str(world["a"].id),
        data={
            "name_ar": "فرع أ",
            "name_en": "Branch A",
            "city": "الرياض",
            "hours": {"sat": {"open": "12:00", "close": "01:00"}},
            "ramadan": {"sat": {"open": "20:00", "close": "03:00"}},
        },
    )
    branch = s.get(Branch, uuid.UUID(bid))
    assert branch.operating_hours == {"sat": {"open": "12:00", "close": "01:00"}}
    assert branch.ramadan_hours["sat"]["open"] == "20:00" and branch.city == "Riyadh"
    restaurant_settings.save_template(
        session=s,
        viewer=owner,
        data={"name": "order_update", "language": "ar", "purpose": "order_status", "parameters": "n, s"},
    )
    with pytest.raises(Conflict):
        restaurant_settings.save_template(
            session=s,
            viewer=owner,
            data={"name": "order_update", "language": "ar", "purpose": "order_status"},
        )
    uid, password = restaurant_settings.add_user(
        session=s, viewer=owner, email="new@dash.sa", role="manager", branch_ids=[str(world["b"].id)]
    )
    assert len(password) >= 8
    user = s.get(User, uuid.UUID(uid))
    assert user.role == Role.manager and user.branch_ids == [world["b"].id]
    with pytest.raises(Conflict):
        restaurant_settings.update_user(
            session=s,
            viewer=owner,
            user_id=str(owner.user_id),
            role="staff",
            branch_ids=[str(world["a"].id)],
            is_active=True,
        )
    with pytest.raises(NotFound):  # a branch of another restaurant
        restaurant_settings.add_user(
            session=s, viewer=owner, email="n2@dash.sa", role="staff", branch_ids=[str(world["ob"].id)]
        )
    restaurant_settings.save_canned(session=s, viewer=owner, title="hours", body="نفتح 12 ظهراً")
    assert [c["title"] for c in restaurant_settings.list_canned(session=s, viewer=world["staff"])] == [
        "hours"
    ]


# --------------------------------------------------------------------------- notifications and live


def test_notifications_list_and_mark_read(world):
    """The bell lists the user's own notifications, unread first; marking read is per user."""
    s, owner, r = world["session"], world["owner"], world["r"]
    for i in range(3):
        s.add(Notification(restaurant_id=r.id, user_id=owner.user_id, kind="escalation", title=f"n{i}"))
    s.add(Notification(restaurant_id=r.id, user_id=world["staff"].user_id, kind="escalation", title="theirs"))
    s.flush()
    rows = notifications.list_notifications(session=s, viewer=owner)
    assert len(rows) == 3 and all(x["unread"] for x in rows)
    assert notifications.mark_notifications_read(session=s, viewer=owner, ids=[rows[0]["id"]]) == 1
    assert conversations.inbox_counts(session=s, viewer=owner)["notifications"] == 2
    assert notifications.mark_notifications_read(session=s, viewer=owner) == 2
    assert conversations.inbox_counts(session=s, viewer=world["staff"])["notifications"] == 1


async def test_live_hub_wakes_waiters_on_a_published_change(redis_conn):
    """A change published on the live channel wakes the page waiting for that restaurant; others
    stay asleep."""
    from crm_res.services.live import ChangeHub
    from crm_res.services.notifications import live_payload, publish_changes

    hub = ChangeHub()
    rid, other = uuid.uuid4(), uuid.uuid4()
    try:
        v0 = hub.version(rid)
        await asyncio.wait_for(hub.connected.wait(), 10)
        v_other = hub.version(other)
        waiter = asyncio.create_task(hub.wait(rid, hub.version(rid), timeout=10))
        await asyncio.sleep(0.05)
        await asyncio.to_thread(publish_changes, [live_payload(rid, "inbound")])
        version, changed = await waiter
        assert changed and version > v0
        assert hub.last_kind(rid) == "inbound"
        assert await hub.wait(other, v_other, timeout=0.2) == (v_other, False)
    finally:
        await hub.stop()


async def test_live_hub_falls_back_to_polling_without_a_subscription():
    """With Redis unreachable, waits return every second as 'changed' (a cheap poll)."""
    from crm_res.services.live import ChangeHub

    hub = ChangeHub(url="redis://127.0.0.1:1/0")
    try:
        # Nothing is published: only the poll fallback says "changed" before the 30 s are up.
        _, changed = await hub.wait(uuid.uuid4(), 0, timeout=30)
        assert changed and not hub.connected.is_set()
    finally:
        await hub.stop()


async def test_live_hub_bumps_every_version_when_its_redis_connection_drops_and_comes_back(redis_conn):
    """Redis drops the hub's subscribed connection (a restart, a failover, CLIENT KILL): once it
    is subscribed again every page reloads (a change published in between reached nobody), and
    changes reach it again."""
    from crm_res.services.live import ChangeHub
    from crm_res.services.notifications import live_payload, publish_changes

    hub = ChangeHub()
    rid = uuid.uuid4()
    try:
        hub.version(rid)
        await asyncio.wait_for(hub.connected.wait(), 10)
        version = hub.version(rid)  # after the first subscription's bump

        def ours() -> list[str]:
            return [c["id"] for c in redis_conn.client_list(_type="pubsub") if c["name"] == hub.client_name]

        [client_id] = await asyncio.to_thread(ours)
        await asyncio.to_thread(redis_conn.client_kill_filter, _id=client_id)
        version, changed = await hub.wait(rid, version, timeout=30)
        assert changed and hub.last_kind(rid) == "reconnect"
        assert (await asyncio.to_thread(ours)) not in ([], [client_id])  # a new connection, subscribed
        await asyncio.wait_for(hub.connected.wait(), 10)
        await asyncio.to_thread(publish_changes, [live_payload(rid, "order")])
        version, changed = await hub.wait(rid, version, timeout=10)
        assert changed and hub.last_kind(rid) == "order"
    finally:
        await hub.stop()


def test_escalated_conversation_is_counted_until_handed_back(world):
    """An escalation shows in the navigation badge until staff hand it back."""
    from crm_res.services.inbox.conversations import hand_back

    s, r = world["session"], world["r"]
    conv = make_conversation(
        s, r, make_customer(s, r.id, "966500000070", "E"), world["a"], status=ConversationStatus.escalated
    )
    conv.handled_by = Handler.staff
    assert conversations.inbox_counts(session=s, viewer=world["staff"])["escalated"] == 1
    hand_back(session=s, viewer=world["staff"], conversation_id=conv.id)
    assert conversations.inbox_counts(session=s, viewer=world["staff"])["escalated"] == 0


def test_analytics_two_lanes_on_the_engine_match_one_connection(committed):
    """In the app the reads run in two lanes on pooled connections; the figures are the same."""
    from sqlmodel import Session

    from crm_res.db import get_engine, session_scope
    from crm_res.services.ops.demo import seed_demo

    with session_scope() as s:
        rid = seed_demo(session=s).restaurant.id
        owner = viewer_for(
            s.exec(select(User).where(User.restaurant_id == rid, User.role == Role.owner)).one()
        )
    with session_scope() as s:
        assert isinstance(s.get_bind(), type(get_engine()))
        lanes = analytics.analytics_overview(session=s, viewer=owner, days=30)
    with get_engine().connect() as conn, Session(bind=conn) as s:
        single = analytics.analytics_overview(session=s, viewer=owner, days=30)
    assert lanes == single and lanes["kpis"]["ratings"] > 0 and lanes["kpis"]["response_median_s"] is not None


# --------------------------------------------------------------------------- staff actions reach open dashboards


def test_staff_actions_notify_open_dashboards_at_commit(committed, redis_conn):
    """Take over, note, reply, assign, hand back and resolve each publish the live signal once
    committed, never before."""
    from crm_res.db import session_scope
    from crm_res.services.inbox import conversations as actions

    with session_scope() as s:
        r = create_restaurant(session=s, name_ar="م", name_en="Live", phone_number_id="pn-live")
        branch = Branch(restaurant_id=r.id, name_ar="ف", name_en="B", city="Riyadh")
        s.add(branch)
        s.flush()
        owner, _ = create_user(
            session=s, restaurant_id=r.id, email="o@live.sa", role=Role.owner, password="password-1"
        )
        mate, _ = create_user(
            session=s,
            restaurant_id=r.id,
            email="m@live.sa",
            role=Role.staff,
            password="password-1",
            branch_ids=[branch.id],
        )
        c = make_customer(s, r.id, "966500000801", "Live", last_inbound_at=datetime.now(UTC))
        conv_id = make_conversation(s, r, c, branch).id
        viewer, rid, mate_id = viewer_for(owner), r.id, mate.id
    with live_subscriber() as sub:
        steps = [
            lambda s: actions.take_over(session=s, viewer=viewer, conversation_id=conv_id),
            lambda s: actions.add_note(session=s, viewer=viewer, conversation_id=conv_id, body="note"),
            lambda s: actions.staff_reply(session=s, viewer=viewer, conversation_id=conv_id, body="hello"),
            lambda s: actions.assign(session=s, viewer=viewer, conversation_id=conv_id, user_id=mate_id),
            lambda s: actions.hand_back(session=s, viewer=viewer, conversation_id=conv_id),
            lambda s: actions.resolve(session=s, viewer=viewer, conversation_id=conv_id),
        ]
        for i, step in enumerate(steps):
            with session_scope() as s:
                step(s)
                s.flush()
                assert payloads(sub, timeout=0.05) == [], f"step {i}: notified before commit"
            assert f"{rid}:conversation" in payloads(sub), f"step {i}: no notification after commit"


def test_a_rolled_back_transaction_publishes_nothing_and_a_committed_one_each_change_once(
    committed, redis_conn
):
    """Only committed changes are signalled: a staff action whose transaction rolls back publishes
    nothing; a committed transaction publishes each of its changes once, after the commit."""
    from crm_res.db import session_scope
    from crm_res.services.notifications import signal_change

    rid, other = uuid.uuid4(), uuid.uuid4()
    with live_subscriber() as sub:
        with pytest.raises(RuntimeError), session_scope() as s:
            signal_change(s, rid, "conversation")
            raise RuntimeError("the action failed after signalling")
        with session_scope() as s:  # the same session type again: nothing left over from the first
            signal_change(s, other, "order")
            s.rollback()
        assert payloads(sub) == []
        with session_scope() as s:
            for _ in range(3):
                signal_change(s, rid, "inbound")
            signal_change(s, rid, "reply")
            signal_change(s, other, "order")
        assert sorted(payloads(sub)) == sorted([f"{rid}:inbound", f"{rid}:reply", f"{other}:order"])


def test_no_pg_notify_left_in_the_package():
    """The live signal is a Redis PUBLISH after commit: a pg_notify takes Postgres's cluster-wide
    notify lock at commit and holds it through the WAL flush, serialising every such commit."""
    import re
    from pathlib import Path

    import crm_res

    root = Path(crm_res.__file__).parent
    found = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(
            r"(?i:pg_notify\s*\()|\b(LISTEN|NOTIFY) +(\{|\w+_changes)", p.read_text(encoding="utf-8")
        )
    ]
    assert found == []


async def test_live_watch_reloads_once_at_start_so_a_change_before_it_is_not_missed():
    """The watch loop's first turn is immediate: a change between the page's load and the loop start
    is picked up without waiting for the next signal or the idle timeout."""
    from crm_res.services.live import ChangeHub, watch

    hub = ChangeHub()
    rid = uuid.uuid4()
    try:
        hub.publish(f"{rid}:inbound")  # happened after the page loaded, before the loop read the version
        turns = watch(hub, rid, idle_timeout=30)
        started = asyncio.get_running_loop().time()
        assert await asyncio.wait_for(anext(turns), 1) is True
        assert asyncio.get_running_loop().time() - started < 0.5
        nxt = asyncio.ensure_future(anext(turns))
        await asyncio.sleep(0.05)
        assert not nxt.done()  # nothing new: the loop sleeps
        hub.publish(f"{rid}:reply")
        assert await asyncio.wait_for(nxt, 2) is True
    finally:
        await hub.stop()


async def test_live_hub_stops_listening_when_no_page_watches_and_misses_nothing_when_one_returns(
    redis_conn,
):
    """Every published change wakes a subscribed process, so the subscription closes once the last
    page left; the next page reopens it, and a change published while nobody listened still
    reloads that page."""
    from crm_res.services.live import ChangeHub, watch
    from crm_res.services.notifications import live_channel, live_payload

    hub = ChangeHub(idle_stop=0.0)
    rid = uuid.uuid4()
    try:
        async with contextlib.aclosing(watch(hub, rid, idle_timeout=30)) as turns:
            assert await anext(turns) is True
            assert hub.listening
            await asyncio.wait_for(hub.connected.wait(), 10)
        for _ in range(100):  # the idle timer runs on the loop
            if not hub.listening:
                break
            await asyncio.sleep(0.02)
        assert not hub.listening and not hub.connected.is_set()

        # Nobody listens: this change reaches no one (and Redis says so).
        assert await asyncio.to_thread(redis_conn.publish, live_channel(), live_payload(rid, "inbound")) == 0
        async with contextlib.aclosing(watch(hub, rid, idle_timeout=30)) as turns:
            assert await anext(turns) is True  # the first turn always reloads
            assert hub.listening
            # ... and so does the reconnect: versions are bumped once the listener is back
            assert await asyncio.wait_for(anext(turns), 10) is True
            assert hub.last_kind(rid) == "reconnect"
    finally:
        await hub.stop()


# --------------------------------------------------------------------------- CSV safety, import, search


def test_csv_exports_neutralise_spreadsheet_formulas(world):
    """Customer-written names and comments starting with = + - @ (or tab/CR) are exported with a
    leading quote, so a spreadsheet shows them as text instead of running them."""
    import csv
    import io

    s, r, owner = world["session"], world["r"], world["owner"]
    c = make_customer(s, r.id, "966500000090", '=HYPERLINK("http://evil","x")', tags=["vip"])
    s.add(
        Feedback(
            restaurant_id=r.id,
            customer_id=c.id,
            branch_id=world["a"].id,
            rating=1,
            comment="@SUM(1+1)",
            followup_notes="-2+3",
            sentiment=Sentiment.negative,
        )
    )
    make_customer(s, r.id, "966500000091", "\tTabbed")
    s.flush()

    def parsed(text: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))

    fb = parsed(analytics.feedback_csv(session=s, viewer=owner, days=30))
    header, row = fb[0], fb[1]
    assert row[header.index("customer")] == '\'=HYPERLINK("http://evil","x")'
    assert row[header.index("comment")] == "'@SUM(1+1)" and row[header.index("followup_notes")] == "'-2+3"
    people = {row[0]: row for row in parsed(customers.export_customers_csv(session=s, viewer=owner))[1:]}
    assert people["966500000090"][1].startswith("'=") and people["966500000091"][1] == "'\tTabbed"
    assert (
        people["966500000090"][2] == "ar-SA" and people["966500000090"][4] == "0.00"
    )  # plain cells untouched


def test_import_with_a_blank_language_keeps_the_customers_language(world):
    """A blank (or missing) language in the CSV keeps an existing customer's language; new
    customers get ar-SA; a given language still updates."""
    s, r, owner = world["session"], world["r"], world["owner"]
    from crm_res.models import Language

    make_customer(s, r.id, "966500000095", "Eng", language_preference=Language.en)
    make_customer(s, r.id, "966500000096", "Egy", language_preference=Language.ar_eg)
    make_customer(s, r.id, "966500000097", "Lev", language_preference=Language.ar_lv)
    content = "wa_id,name,language,tags\n966500000095,,,vip\n966500000096,,ar-LV,\n966500000098,New,,\n"
    assert customers.import_customers_csv(session=s, viewer=owner, content=content) == (1, 2)
    assert customers.import_customers_csv(
        session=s, viewer=owner, content="wa_id,name\n966500000097,Lev2\n"
    ) == (0, 1)
    s.expire_all()
    langs = {
        c.wa_id: c.language_preference for c in s.exec(select(Customer).where(Customer.restaurant_id == r.id))
    }
    assert langs["966500000095"] == Language.en and langs["966500000096"] == Language.ar_lv
    assert langs["966500000097"] == Language.ar_lv and langs["966500000098"] == Language.ar_sa


def test_customer_timeline_and_side_panel_hide_other_branches_feedback(world):
    """Branch staff see only their branch's feedback (and orders) of a customer; the owner sees all."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000099", "Both")
    s.add(Feedback(restaurant_id=r.id, customer_id=c.id, branch_id=world["a"].id, rating=5, comment="A-side"))
    s.add(Feedback(restaurant_id=r.id, customer_id=c.id, branch_id=world["b"].id, rating=1, comment="B-side"))
    make_order(s, r, c, world["b"], 4242)
    conv = make_conversation(s, r, c, world["a"])

    def texts(viewer) -> set[str]:  # type: ignore[no-untyped-def]
        timeline = customers.customer_timeline(session=s, viewer=viewer, customer_id=c.id)
        return {x["text"] for x in timeline if x["kind"] == "feedback"}

    assert texts(world["owner"]) == {"A-side", "B-side"}
    assert texts(world["staff"]) == {"A-side"}
    panel = conversations.conversation_detail(session=s, viewer=world["staff"], conversation_id=conv.id)
    assert [f["comment"] for f in panel["feedback"]] == ["A-side"] and panel["orders"] == []


def test_inbox_search_accepts_phone_numbers_as_people_type_them(world):
    """ "+966 50 000 0123", Arabic-Indic "٩٦٦٥٠٠٠٠٠١٢٣" and a plain fragment all find the customer."""
    s, r, owner = world["session"], world["r"], world["owner"]
    make_conversation(s, r, make_customer(s, r.id, "966500000123", "Phone"), world["a"])
    make_conversation(s, r, make_customer(s, r.id, "966511111111", "Other"), world["a"])
    for typed in ("+966 50 000 0123", "٩٦٦٥٠٠٠٠٠١٢٣", "٠٠٠٠١٢٣", "0000123", "+966-50-000-0123"):
        found = [
            x["customer_name"]
            for x in conversations.list_conversations(session=s, viewer=owner, search=typed)
        ]
        assert found == ["Phone"], typed


# --------------------------------------------------------------------------- templates when the window is closed


def test_staff_send_an_approved_template_when_the_window_is_closed(world):
    """Outside the 24-hour window staff pick an approved template; the customer's name fills its
    parameter, other parameters must be given, and it is queued in the outbox as a template."""
    from crm_res.models import MessageTemplate
    from crm_res.services.inbox import conversations as actions

    s, r, owner = world["session"], world["r"], world["owner"]
    c = make_customer(s, r.id, "966500000300", "Maha", last_inbound_at=datetime.now(UTC) - timedelta(days=3))
    conv = make_conversation(s, r, c, world["a"])
    miss = MessageTemplate(
        restaurant_id=r.id,
        name="we_miss_you",
        language="ar",
        purpose="reengage",
        parameters=["customer_name"],
        body_preview="اشتقنا لك يا {{1}}!",
    )
    update = MessageTemplate(
        restaurant_id=r.id,
        name="order_update",
        language="ar",
        purpose="order_status",
        parameters=["order_number", "status"],
        body_preview="طلبك {{1}}: {{2}}",
    )
    summary = MessageTemplate(restaurant_id=r.id, name="daily_summary", language="ar", purpose="summary")
    foreign = MessageTemplate(
        restaurant_id=world["other"].id, name="theirs", language="ar", purpose="reengage"
    )
    s.add_all([miss, update, summary, foreign])
    s.flush()
    assert (
        conversations.conversation_detail(session=s, viewer=owner, conversation_id=conv.id)["window_seconds"]
        == 0
    )
    offered = actions.list_templates(session=s, viewer=world["staff"], conversation_id=conv.id)
    assert [t["name"] for t in offered] == ["order_update", "we_miss_you"]
    assert offered[1]["params"] == [{"name": "customer_name", "value": "Maha"}]

    queued = actions.send_template(
        session=s, viewer=world["staff"], conversation_id=conv.id, template_id=miss.id, client_key="k1"
    )
    row = s.get(OutboxMessage, queued.outbox_id)
    assert row.kind == "template" and row.to_wa_id == "966500000300" and row.purpose == "reengage"
    sent = row.payload["template"]
    assert sent["name"] == "we_miss_you" and sent["language"] == {"code": "ar"}
    assert sent["components"] == [{"type": "body", "parameters": [{"type": "text", "text": "Maha"}]}]
    thread = conversations.conversation_messages(session=s, viewer=owner, conversation_id=conv.id)
    assert thread[-1]["kind"] == "staff" and thread[-1]["body"] == "اشتقنا لك يا Maha!"
    s.refresh(conv)
    assert conv.handled_by == Handler.staff  # sending took the conversation over
    again = actions.send_template(
        session=s, viewer=world["staff"], conversation_id=conv.id, template_id=miss.id, client_key="k1"
    )
    assert not again.created and again.outbox_id == queued.outbox_id  # a double click sends once

    with pytest.raises(InvalidInput, match="order_number, status"):
        actions.send_template(session=s, viewer=owner, conversation_id=conv.id, template_id=update.id)
    ok = actions.send_template(
        session=s,
        viewer=owner,
        conversation_id=conv.id,
        template_id=update.id,
        params={"order_number": "17", "status": "جاهز"},
    )
    params = s.get(OutboxMessage, ok.outbox_id).payload["template"]["components"][0]["parameters"]
    assert [p["text"] for p in params] == ["17", "جاهز"]
    for template in (summary, foreign):
        with pytest.raises(NotFound):
            actions.send_template(session=s, viewer=owner, conversation_id=conv.id, template_id=template.id)
    with pytest.raises(NotFound):  # another restaurant cannot use this conversation
        actions.send_template(
            session=s, viewer=world["stranger"], conversation_id=conv.id, template_id=miss.id
        )
    c.opted_out = True
    s.add(c)
    with pytest.raises(InvalidInput, match="opted out"):
        actions.send_template(session=s, viewer=owner, conversation_id=conv.id, template_id=miss.id)


def test_thread_messages_carry_media_urls_file_names_and_captions(world):
    """Fetched media get a /media/{id} address for inline previews; a document keeps its file name;
    a caption is the text under it; media not fetched yet has no address (a placeholder shows)."""
    s, r = world["session"], world["r"]
    conv = make_conversation(s, r, make_customer(s, r.id, "966500000400", "Media"), world["a"])

    def add(kind: str, **kw):  # type: ignore[no-untyped-def]
        m = Message(
            restaurant_id=r.id,
            conversation_id=conv.id,
            direction=MessageDirection.inbound,
            sender=MessageSender.customer,
            type=kind,
            status=MessageStatus.received,
            **kw,
        )
        s.add(m)
        s.flush()
        return m.id

    img = add("image", body="our table", media_path="x/1.jpg", payload={"caption": "our table"})
    doc = add("document", media_path="x/2.pdf", payload={"filename": "receipt.pdf"})
    voice = add("audio", media_id="wa-media-1")  # not fetched yet
    rows = {
        m["id"]: m
        for m in conversations.conversation_messages(
            session=s, viewer=world["owner"], conversation_id=conv.id
        )
    }
    assert (rows[img]["media"], rows[img]["media_url"], rows[img]["body"]) == (
        "image",
        f"/media/{img}",
        "our table",
    )
    assert (rows[doc]["media_url"], rows[doc]["filename"]) == (f"/media/{doc}", "receipt.pdf")
    assert (rows[voice]["media"], rows[voice]["media_url"]) == ("audio", "")


# --------------------------------------------------------------------------- notification preferences


def test_notifications_reach_staff_of_the_branch_and_respect_each_users_preferences(world):
    """Staff now get their branch's alerts (not other branches'); a muted kind is neither created
    by notify_staff nor shown in the bell (even when written elsewhere, like the daily summary)."""
    from crm_res.services.notifications import notification_prefs, notify_staff, save_notification_prefs

    s, r, owner, staff = world["session"], world["r"], world["owner"], world["staff"]
    manager, _ = create_user(
        session=s,
        restaurant_id=r.id,
        email="mgr@dash.sa",
        role=Role.manager,
        password="password-1",
        branch_ids=[world["b"].id],
    )
    mgr = viewer_for(manager)

    def recipients(kind: str, branch) -> set:  # type: ignore[no-untyped-def]
        before = {n.id for n in s.exec(select(Notification)).all()}
        notify_staff(
            session=s, restaurant_id=r.id, kind=kind, title="t", branch_id=branch.id if branch else None
        )
        return {n.user_id for n in s.exec(select(Notification)).all() if n.id not in before}

    assert recipients("escalation", world["a"]) == {owner.user_id, staff.user_id}
    assert recipients("new_order", world["b"]) == {owner.user_id, mgr.user_id}
    assert recipients("escalation", None) == {owner.user_id, staff.user_id, mgr.user_id}

    assert notification_prefs(session=s, viewer=staff) == {
        "escalation": True,
        "negative_feedback": True,
        "new_order": True,
        "summary": True,
    }
    save_notification_prefs(session=s, viewer=staff, wanted={"new_order": False})
    save_notification_prefs(session=s, viewer=owner, wanted={"summary": False, "escalation": False})
    assert notification_prefs(session=s, viewer=staff)["new_order"] is False
    assert recipients("new_order", world["a"]) == {owner.user_id}
    assert recipients("escalation", world["a"]) == {staff.user_id}
    with pytest.raises(InvalidInput):
        save_notification_prefs(session=s, viewer=owner, wanted={"spam": True})

    s.add(Notification(restaurant_id=r.id, user_id=owner.user_id, kind="summary", title="daily"))
    s.flush()
    bell = notifications.list_notifications(session=s, viewer=owner, limit=50)
    assert {n["kind"] for n in bell} == {"new_order"}  # escalations and the summary are muted
    assert conversations.inbox_counts(session=s, viewer=owner)["notifications"] == len(bell)
    save_notification_prefs(session=s, viewer=owner, wanted={"summary": True})
    assert "summary" in {
        n["kind"] for n in notifications.list_notifications(session=s, viewer=owner, limit=50)
    }


def test_owner_or_manager_records_a_visit_and_a_feedback_request_is_scheduled(world):
    """Record visit schedules one post-visit feedback request (per day) through
    services.feedback_requests; staff may not, other restaurants cannot see the customer."""
    from crm_res.models import FeedbackRequest
    from crm_res.services.errors import Forbidden

    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000500", "Visitor")
    manager, _ = create_user(
        session=s,
        restaurant_id=r.id,
        email="mv@dash.sa",
        role=Role.manager,
        password="password-1",
        branch_ids=[world["b"].id],
    )
    due = customers.record_customer_visit(session=s, viewer=world["owner"], customer_id=c.id)
    assert due is not None and timedelta(minutes=30) < due - datetime.now(UTC) < timedelta(hours=25)
    [request] = s.exec(select(FeedbackRequest).where(FeedbackRequest.customer_id == c.id)).all()
    assert request.due_at == due and request.status == "due"
    assert customers.record_customer_visit(session=s, viewer=viewer_for(manager), customer_id=c.id) is None
    with pytest.raises(Forbidden):
        customers.record_customer_visit(session=s, viewer=world["staff"], customer_id=c.id)
    with pytest.raises(NotFound):
        customers.record_customer_visit(session=s, viewer=world["stranger"], customer_id=c.id)
    kinds = [
        x["detail"] for x in customers.customer_timeline(session=s, viewer=world["owner"], customer_id=c.id)
    ]
    assert "customer.visit" in kinds


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


def test_domain_errors_shown_in_the_dashboard_have_arabic_and_english_text(world):
    """Errors raised by the dashboard's services map to i18n keys with both languages; a message
    with no key passes through unchanged."""
    from crm_res.i18n import STRINGS
    from crm_res.services.inbox import conversations as actions
    from crm_res.state.errors import ERROR_KEYS, error_key

    s, r = world["session"], world["r"]
    conv = make_conversation(s, r, make_customer(s, r.id, "966500000700", "Err"), world["b"])
    raised = []
    for call in (
        lambda: actions.staff_reply(session=s, viewer=world["owner"], conversation_id=conv.id, body="  "),
        lambda: actions.add_note(session=s, viewer=world["owner"], conversation_id=conv.id, body=""),
        lambda: actions.take_over(session=s, viewer=world["staff"], conversation_id=conv.id),
        lambda: actions.assign(
            session=s, viewer=world["owner"], conversation_id=conv.id, user_id=world["staff"].user_id
        ),
        lambda: customers.search_customers(
            session=s, viewer=world["owner"], filters=customers.CustomerFilter(min_ltv="lots")
        ),
    ):
        with pytest.raises(Exception) as err:  # noqa: B017 - each raises its own DomainError
            call()
        raised.append(error_key(err.value))
    assert raised == [
        "err_empty_message",
        "err_empty_note",
        "err_not_found",
        "err_teammate_branch",
        "err_min_ltv",
    ]
    for key in ERROR_KEYS:
        ar, en = STRINGS[key]
        assert ar and en and ar != en, key
    assert error_key(InvalidInput("something new")) == "something new"


def test_response_time_is_from_the_first_customer_message_to_the_first_reply_after_it(world):
    """A conversation the restaurant opened (a feedback request) is timed from the customer's first
    message, not from the request; notes and later messages do not move either end."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000040", "Noura")
    conv = make_conversation(
        s, r, c, world["a"], minutes_ago=10, messages=[(MessageSender.ai, "كيف كانت زيارتك؟")]
    )
    t0 = conv.started_at

    def say(sender: MessageSender, direction: MessageDirection, seconds: int) -> None:
        s.add(
            Message(
                restaurant_id=r.id,
                conversation_id=conv.id,
                sender=sender,
                body="…",
                type="text",
                direction=direction,
                created_at=t0 + timedelta(seconds=seconds),
            )
        )
        s.flush()

    s.refresh(conv)
    assert conv.first_inbound_at is None and conv.first_response_at is None
    say(MessageSender.customer, MessageDirection.inbound, 20)
    say(MessageSender.staff, MessageDirection.internal, 30)  # a private note is no reply
    say(MessageSender.ai, MessageDirection.outbound, 65)
    say(MessageSender.customer, MessageDirection.inbound, 90)
    say(MessageSender.ai, MessageDirection.outbound, 200)
    s.refresh(conv)
    assert conv.first_inbound_at == t0 + timedelta(seconds=20)
    assert conv.first_response_at == t0 + timedelta(seconds=65)
    k = analytics.analytics_overview(session=s, viewer=world["owner"], days=30)["kpis"]
    assert k["response_median_s"] == pytest.approx(45.0)


def test_a_nul_character_in_a_search_box_finds_nothing_instead_of_failing(world):
    """Postgres text cannot hold NUL; a search with one (schemathesis sent it through the API) once
    failed with a 500. It is dropped: the rest of the term still searches."""
    from crm_res.services.ops import audit

    s, r = world["session"], world["r"]
    make_customer(s, r.id, "966500000321", "Nul Tester")
    found = customers.search_customers(
        session=s, viewer=world["owner"], filters=customers.CustomerFilter(search="Nul\x00 Tester")
    )
    assert [c["name"] for c in found] == ["Nul Tester"]
    conversations.list_conversations(session=s, viewer=world["owner"], search="\x00")
    audit.list_activity(session=s, viewer=world["owner"], filters=audit.ActivityFilter(search="a\x00b"))
