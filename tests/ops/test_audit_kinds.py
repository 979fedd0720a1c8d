"""Every kind of change the audit trail must hold (issue 20): one entry each, with who, when, and
what it was before and after; and the entries read back in words, in Arabic and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from crm_res.models import Campaign, Event, MessageSender, MessageTemplate, OrderStatus
from tests.fixtures.dashboard import coffee_at_9_then_11, make_conversation, make_customer, make_order
from tests.fixtures.people import add_user


def _entry(session, owner, kind: str) -> Any:  # type: ignore[no-untyped-def]
    """The newest entry of `kind`, checked for who and when (the Activity read finds it too)."""
    from crm_res.services.ops.audit import ActivityFilter, list_activity

    session.flush()
    rows, total = list_activity(session=session, viewer=owner, filters=ActivityFilter(kind_prefix=kind))
    assert total >= 1, f"no {kind} entry"
    row = rows[0]
    assert row.kind == kind and row.who  # who: a name, an email or the key
    assert datetime.now(UTC) - row.at < timedelta(minutes=5)  # when: recorded now, not made up
    return row


def _changed(row, before: dict, after: dict) -> None:  # type: ignore[no-untyped-def]
    for field, value in before.items():
        assert row.data["before"][field] == value, (field, row.data["before"])
    for field, value in after.items():
        assert row.data["after"][field] == value, (field, row.data["after"])


def test_menu_price_and_availability(world, session):
    """A price edit, an item switched off, and an import that changes a price each say before/after."""
    from crm_res.services.admin import restaurant_settings as rs

    owner = world["owner"]
    item = rs.save_menu_item(
        session=session, viewer=owner, item_id=None, data={"name_ar": "شاي", "name_en": "Tea", "price": "4"}
    )
    rs.set_item_available(session=session, viewer=owner, item_id=item, available=False)
    _changed(_entry(session, owner, "settings.menu_item"), {"available": True}, {"available": False})
    rs.import_menu(
        session=session,
        viewer=owner,
        content="name_ar,name_en,price,category,available\nشاي,Tea,6,drinks,yes\n",
    )
    row = _entry(session, owner, "settings.menu_import")
    assert row.data["before"]["شاي"]["price"] == "4.00" and row.data["after"]["شاي"]["price"] == "6.00"


def test_settings_profile(world, session):
    """A profile save records the fields it changed, and only those."""
    from crm_res.services.admin import restaurant_settings as rs

    owner = world["owner"]
    profile = rs.get_profile(session=session, viewer=owner)
    rs.update_profile(
        session=session,
        viewer=owner,
        data={**profile, "name_en": "Diner A+", "discount_percent": 15, "discount_enabled": True},
    )
    row = _entry(session, owner, "settings.profile")
    _changed(
        row, {"name_en": "Diner A"}, {"name_en": "Diner A+", "discount_percent": 15, "discount_enabled": True}
    )
    assert "name_ar" not in row.data["after"]


def test_team_and_roles(world, session):
    """Adding a teammate records the role and branches given; the branch is named, not an id."""
    from crm_res.services.admin import restaurant_settings as rs

    owner = world["owner"]
    rs.add_user(
        session=session, viewer=owner, email="new@team.sa", role="staff", branch_ids=[str(world["a"].id)]
    )
    _changed(_entry(session, owner, "settings.user_added"), {}, {"role": "staff", "branches": ["فرع أ"]})


def test_takeover(world, session):
    """Taking a conversation over records who answered before (the assistant) and after (staff)."""
    from crm_res.services.inbox.conversations import take_over

    owner, r = world["owner"], world["r"]
    conv = make_conversation(
        session,
        r,
        make_customer(session, r.id, "966500000101", "Sara"),
        world["a"],
        messages=[(MessageSender.customer, "hi")],
    )
    take_over(session=session, viewer=owner, conversation_id=conv.id)
    _changed(
        _entry(session, owner, "conversation.takeover"),
        {"handled_by": "ai"},
        {"handled_by": "staff", "assigned_to": "Owner"},
    )


def test_order_status_change(world, session):
    """An order moved on by staff records the old and the new status (and who: the staff member)."""
    from crm_res.services.customers.orders import set_order_status

    r = world["r"]
    order = make_order(session, r, make_customer(session, r.id, "966500000102", "Ali"), world["a"], 7)
    set_order_status(
        session=session, viewer=world["staff"], order_id=order.id, status=OrderStatus.confirmed.value
    )
    row = _entry(session, world["owner"], "order.status_changed")
    _changed(row, {"status": "pending"}, {"status": "confirmed"})
    assert row.who == "staff@dash.sa" and row.subject == "#7"


def test_opt_out_by_an_import(world, session):
    """A customer file that opts a customer out records that customer's opt-out, false → true."""
    from crm_res.services.customers.customers import import_customers_csv

    owner, r = world["owner"], world["r"]
    make_customer(session, r.id, "966500000103", "Huda")
    import_customers_csv(
        session=session, viewer=owner, content="wa_id,name,opted_out\n966500000103,Huda,yes\n"
    )
    row = _entry(session, owner, "customer.opted_out")
    _changed(row, {"opted_out": False}, {"opted_out": True})
    assert row.data["source"] == "import"


def test_exports(world, session):
    """An export of customers (recorded by the page through record_export) and of the activity log."""
    from crm_res.services.ops.audit import export_activity, record_export

    owner = world["owner"]
    record_export(session=session, viewer=owner, what="customers", rows=12, filters={"tag": "vip"})
    row = _entry(session, owner, "export.customers")
    assert row.data["rows"] == 12 and row.data["filters"] == {"tag": "vip"}
    export_activity(session=session, viewer=owner)
    assert _entry(session, owner, "export.activity").data["rows"] >= 1


def test_api_key_creation_and_a_change_made_with_the_key(world, session):
    """Creating a key records its name and scopes; a change made through the key names the key as who."""
    from crm_res.services.api.api_keys import create_api_key, principal_for_key
    from crm_res.services.customers.customers import set_tags
    from crm_res.services.ops.audit import ActivityFilter, list_activity

    owner, r = world["owner"], world["r"]
    new = create_api_key(session=session, viewer=owner, name="POS", scopes=["customers:write"])
    _changed(_entry(session, owner, "api_key.created"), {}, {"name": "POS", "scopes": ["customers:write"]})
    who = principal_for_key(session=session, key=new.key)
    assert who is not None
    customer = make_customer(session, r.id, "966500000104", "Nora")
    set_tags(session=session, viewer=who.viewer, customer_id=customer.id, tags=["vip"])
    row = _entry(session, owner, "customer.tags")
    assert row.actor == "api_key" and row.who == "POS"
    _changed(row, {"tags": []}, {"tags": ["vip"]})
    by_key, _ = list_activity(session=session, viewer=owner, filters=ActivityFilter(api_key_id=new.id))
    assert [e.kind for e in by_key] == ["customer.tags"]


def test_campaign_send(world, session):
    """Sending a campaign (its audience frozen) records draft → scheduled and how many it goes to."""
    from crm_res.services.campaigns.actions import schedule_campaign

    owner, r = world["owner"], world["r"]
    make_customer(session, r.id, "966500000105", "Reem")
    tpl = MessageTemplate(
        restaurant_id=r.id, name="promo_one", language="ar", purpose="promotion", parameters=[]
    )
    session.add(tpl)
    session.flush()
    campaign = Campaign(
        restaurant_id=r.id, name="Eid", status="draft", template_id=tpl.id, audience={"segment": {}}
    )
    session.add(campaign)
    session.flush()
    schedule_campaign(session=session, viewer=owner, campaign_id=campaign.id)
    row = _entry(session, owner, "campaign.scheduled")
    _changed(row, {"status": "draft"}, {"status": "scheduled"})
    assert row.data["recipients"] >= 1 and row.subject == "Eid"


def test_a_customers_own_opt_out_is_in_the_trail(channel):
    """A customer writing "إيقاف" opts out: the owner's Activity lists it, false → true, by that customer."""
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.access import viewer_for
    from crm_res.services.ops.audit import ActivityFilter, list_activity
    from tests.fakes import wa_payloads as wa
    from tests.fixtures.channel import CUSTOMER, PNID, post, run_worker

    post(channel["client"], wa.text_message(PNID, CUSTOMER, "إيقاف"))
    run_worker()
    with session_scope() as s:
        user = add_user(s, channel["restaurant_id"], "o@audit.sa", Role.owner)
        owner = viewer_for(user)
    with session_scope() as s:
        rows, _ = list_activity(session=s, viewer=owner, filters=ActivityFilter(group="opt_outs"))
    [row] = rows
    assert row.actor == "customer" and row.who
    _changed(row, {"opted_out": False}, {"opted_out": True})


def test_entries_read_in_words_in_both_languages_and_the_csv_follows_the_language(world, session):
    """Before/after become sentences (field names and values translated, SAR for prices); the CSV's
    headers and cells are in the chosen language; no kind code or JSON reaches the reader."""
    from zoneinfo import ZoneInfo

    from crm_res.reports.activity import activity_csv, describe
    from crm_res.services.ops.audit import ActivityFilter, export_activity, list_activity

    owner = world["owner"]
    coffee_at_9_then_11(session, owner)
    session.flush()
    [row, _created], _ = list_activity(session=session, viewer=owner, filters=ActivityFilter(group="menu"))
    tz = ZoneInfo("Asia/Riyadh")
    ar, en = describe(row, "ar", tz), describe(row, "en", tz)
    assert ar["what"] == "تعديل صنف في القائمة" and en["what"] == "Menu item changed"
    assert ar["changes"] == ["السعر: 9.00 ر.س ← 11.00 ر.س"]
    assert en["changes"] == ["Price: 9.00 SAR → 11.00 SAR"]
    assert ar["subject"] == "قهوة"
    rows = export_activity(session=session, viewer=owner, filters=ActivityFilter(group="menu"))
    csv_ar, csv_en = activity_csv(rows, "ar", tz), activity_csv(rows, "en", tz)
    assert csv_ar.splitlines()[0] == "\ufeffالوقت,من,التغيير,على,قبل ← بعد,تفاصيل"
    assert "السعر: 9.00 ر.س ← 11.00 ر.س" in csv_ar and "Price: 9.00 SAR → 11.00 SAR" in csv_en
    for text in (csv_ar, csv_en):
        assert "settings.menu_item" not in text and "{" not in text


def test_filters_search_dates_and_paging(world, session):
    """Who (a person), kind, dates and a text search narrow the list; pages are cut on the server."""
    from crm_res.services.admin import restaurant_settings as rs
    from crm_res.services.ops.audit import PAGE_SIZE, ActivityFilter, list_activity

    owner = world["owner"]
    for i in range(PAGE_SIZE + 3):
        rs.save_canned(session=session, viewer=owner, title=f"reply {i}", body="شكرا لك")
    rs.save_menu_item(
        session=session,
        viewer=owner,
        item_id=None,
        data={"name_ar": "كنافة", "name_en": "Kunafa", "price": "18"},
    )
    session.flush()
    first, total = list_activity(session=session, viewer=owner)
    second, _ = list_activity(session=session, viewer=owner, page=1)
    assert total == PAGE_SIZE + 4 and len(first) == PAGE_SIZE and len(second) == 4
    found, n = list_activity(session=session, viewer=owner, filters=ActivityFilter(search="كنافة"))
    assert n == 1 and found[0].kind == "settings.menu_item"
    _, n = list_activity(
        session=session, viewer=owner, filters=ActivityFilter(user_id=world["staff"].user_id)
    )
    assert n == 0
    _, n = list_activity(
        session=session, viewer=owner, filters=ActivityFilter(user_id=owner.user_id, group="menu")
    )
    assert n == 1
    today = datetime.now(UTC).date()
    _, n = list_activity(
        session=session, viewer=owner, filters=ActivityFilter(until=today - timedelta(days=1))
    )
    assert n == 0
    _, n = list_activity(
        session=session, viewer=owner, filters=ActivityFilter(since=today - timedelta(days=1))
    )
    assert n == PAGE_SIZE + 4
    # Another restaurant's owner never sees these.
    _, n = list_activity(session=session, viewer=world["stranger"])
    assert n == 0
    assert session.exec(select(Event).where(Event.restaurant_id == world["other"].id)).all() == []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_recorded_kind_has_words(lang):
    """Each kind the domain writes for people has its own wording (no fallback to "A change")."""
    import pathlib
    import re

    from crm_res.reports.activity import kind_text
    from crm_res.services.ops.audit import KIND_GROUPS

    src = "\n".join(p.read_text() for p in pathlib.Path("crm_res/services").rglob("*.py"))
    kinds = set(
        re.findall(
            r'"((?:settings|conversation|order|customer|customers|export|api_key|campaign|ops|'
            r'feedback)\.[a-z_]+)"',
            src,
        )
    )
    kinds |= {f"export.{w}" for w in ("customers", "feedback", "campaign", "activity")}
    kinds |= {"customer.opted_in", "customer.opted_out"}
    other = kind_text("no.such_kind", lang)
    prefixes = {p for group in KIND_GROUPS.values() for p in group}
    not_people = {
        "order.placed",
        "conversation.abandoned",
        "conversation.escalated",
    }  # the assistant's, the system's
    missing = sorted(k for k in kinds - prefixes - not_people if kind_text(k, lang) == other)
    assert not missing, missing


def test_failed_work_entries_say_the_reason_in_words(world, session):
    """A retried send's before/after and a retried job's reason are sentences, not the error text."""
    from zoneinfo import ZoneInfo

    from crm_res.reports.activity import describe
    from crm_res.services.changes import audit_entry, changes

    owner = world["owner"]
    session.add(
        audit_entry(
            owner,
            "ops.send_retried",
            "outbox",
            "1",
            changes(
                {"status": "failed", "last_error": "Re-engagement message (131047)"},
                {"status": "pending", "last_error": None},
            ),
        )
    )
    session.add(audit_entry(owner, "ops.job_retried", "job", "j1", {"reason": "(no reason recorded)"}))
    rows = [_entry(session, owner, "ops.job_retried"), _entry(session, owner, "ops.send_retried")]
    job, send = (describe(r, "ar", ZoneInfo("Asia/Riyadh")) for r in rows)
    assert job["detail"] == "السبب: لم يُسجَّل سبب"
    assert "الحالة: فشلت ← بانتظار الإرسال" in send["changes"]
    assert "السبب: مضى أكثر من 24 ساعة على آخر رسالة من العميل ← (لا شيء)" in send["changes"]
