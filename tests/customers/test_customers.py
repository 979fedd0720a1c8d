"""Customers on the dashboard: CSV import and export, segments, tags, the timeline and side
panel scoped to the viewer's branches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from crm_res.models import (
    Customer,
    MessageSender,
    OrderStatus,
    Sentiment,
)
from crm_res.services.customers import customers
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.inbox import conversations
from crm_res.services.insights import analytics
from tests.fixtures.dashboard import add_feedback, make_conversation, make_customer, make_order


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
        add_feedback(s, r.id, cust, world["a"], rating)
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


def test_csv_exports_neutralise_spreadsheet_formulas(world):
    """Customer-written names and comments starting with = + - @ (or tab/CR) are exported with a
    leading quote, so a spreadsheet shows them as text instead of running them."""
    import csv
    import io

    s, r, owner = world["session"], world["r"], world["owner"]
    c = make_customer(s, r.id, "966500000090", '=HYPERLINK("http://evil","x")', tags=["vip"])
    add_feedback(
        s, r.id, c, world["a"], 1, comment="@SUM(1+1)", followup_notes="-2+3", sentiment=Sentiment.negative
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
    add_feedback(s, r.id, c, world["a"], 5, comment="A-side")
    add_feedback(s, r.id, c, world["b"], 1, comment="B-side")
    make_order(s, r, c, world["b"], 4242)
    conv = make_conversation(s, r, c, world["a"])

    def texts(viewer) -> set[str]:  # type: ignore[no-untyped-def]
        timeline = customers.customer_timeline(session=s, viewer=viewer, customer_id=c.id)
        return {x["text"] for x in timeline if x["kind"] == "feedback"}

    assert texts(world["owner"]) == {"A-side", "B-side"}
    assert texts(world["staff"]) == {"A-side"}
    panel = conversations.conversation_detail(session=s, viewer=world["staff"], conversation_id=conv.id)
    assert [f["comment"] for f in panel["feedback"]] == ["A-side"] and panel["orders"] == []
