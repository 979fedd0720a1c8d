"""A customer WhatsApp shows by username only (keyed by their BSUID): every place the dashboard shows
a customer's number shows "@username" instead, never the BSUID, and never a blank."""

from __future__ import annotations

import csv
import io

import pytest

from crm_res.models import Sentiment
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.customers import customers, orders
from crm_res.services.inbox import conversations
from crm_res.services.insights import analytics, feedback
from tests.fixtures.dashboard import add_feedback, make_conversation, make_customer, make_order

BSUID = "SA.1502576394655843"


@pytest.fixture
def people(world):  # type: ignore[no-untyped-def]
    """A username-only customer with a name, one with neither name nor username, and a numbered one."""
    s, r, a = world["session"], world["r"], world["a"]
    noura = make_customer(s, r.id, BSUID, "Noura", user_id=BSUID, username="@noura.eats")
    nobody = make_customer(s, r.id, "SA.77", None, user_id="SA.77")
    sami = make_customer(s, r.id, "966501234567", None)
    for i, c in enumerate((noura, nobody, sami)):
        conv = make_conversation(s, r, c, a, minutes_ago=i)
        make_order(s, r, c, a, 100 + i, conv=conv)
        add_feedback(s, r.id, c, a, 2, comment="بارد", sentiment=Sentiment.negative)
    s.flush()
    return {"noura": noura, "nobody": nobody, "sami": sami}


def _no_bsuid(value: object) -> None:
    assert "SA." not in str(value), value


def test_inbox_thread_header_orders_and_feedback_show_the_username(world, people):
    """Inbox rows, the thread's customer, order cards and detail, and feedback carry "@username" as
    the contact (the number for a numbered customer, "" for neither: the page says "no number")."""
    s, owner = world["session"], world["owner"]
    inbox = {row["customer_name"]: row for row in conversations.list_conversations(session=s, viewer=owner)}
    assert set(inbox) == {"Noura", "", "966501234567"}
    assert (inbox["Noura"]["contact"], inbox[""]["contact"], inbox["966501234567"]["contact"]) == (
        "@noura.eats",
        "",
        "966501234567",
    )
    nameless = conversations.conversation_detail(session=s, viewer=owner, conversation_id=inbox[""]["id"])
    assert (nameless["customer"]["name"], nameless["customer"]["contact"]) == ("", "")
    detail = conversations.conversation_detail(session=s, viewer=owner, conversation_id=inbox["Noura"]["id"])
    assert detail["customer"]["contact"] == "@noura.eats"
    board = {o["number"]: o for o in orders.list_orders(session=s, viewer=owner)}
    assert (board[100]["contact"], board[101]["customer_name"], board[102]["contact"]) == (
        "@noura.eats",
        "",
        "966501234567",
    )
    assert orders.order_detail(session=s, viewer=owner, order_id=board[100]["id"])["contact"] == "@noura.eats"
    rows = feedback.list_feedback(session=s, viewer=owner)
    assert sorted(f["contact"] for f in rows) == ["", "966501234567", "@noura.eats"]
    for row in [*inbox.values(), *board.values(), *rows, detail["customer"], nameless["customer"]]:
        _no_bsuid(row.get("contact"))
        _no_bsuid(row.get("customer_name", row.get("name")))


def test_customer_list_profile_and_search_by_username(world, people):
    """The customer list and profile show "@username"; searching "@noura" or "noura.eats" finds her."""
    s, owner = world["session"], world["owner"]
    rows = customers.search_customers(session=s, viewer=owner)
    assert sorted(r["contact"] for r in rows) == ["", "966501234567", "@noura.eats"]
    profile = customers.customer_profile(session=s, viewer=owner, customer_id=people["noura"].id)
    assert profile["contact"] == "@noura.eats"
    for term in ("@noura", "noura.eats"):
        found = customers.search_customers(
            session=s, viewer=owner, filters=customers.CustomerFilter(search=term)
        )
        assert [r["id"] for r in found] == [str(people["noura"].id)]
    found = conversations.list_conversations(session=s, viewer=owner, search="@noura")
    assert [r["customer_name"] for r in found] == ["Noura"]


def test_csv_exports_show_the_username_and_import_finds_her_by_it(world, people):
    """Customers and feedback CSVs write "@username" (quoted against formulas) or "(no number)",
    never the BSUID; the customer import reads "@username" back as that customer, and refuses an
    unknown one by line."""
    s, owner = world["session"], world["owner"]
    exported = customers.export_customers_csv(session=s, viewer=owner)
    _no_bsuid(exported)
    column = sorted(r["wa_id"] for r in csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert column == ["'@noura.eats", "(no number)", "966501234567"]
    fb = analytics.feedback_csv(session=s, viewer=owner)
    _no_bsuid(fb)
    assert "'@noura.eats" in fb and "(no number)" in fb
    assert customers.import_customers_csv(
        session=s, viewer=owner, content="wa_id,name,tags\n'@noura.eats,Noura A,vip\n"
    ) == (0, 1)
    s.refresh(people["noura"])
    assert (people["noura"].name, people["noura"].tags, people["noura"].wa_id) == ("Noura A", ["vip"], BSUID)
    with pytest.raises(CsvLineErrors) as bad:
        customers.import_customers_csv(
            session=s, viewer=owner, content="wa_id\n966501234567\n@someone.else\n"
        )
    assert [(n, [p.code for p in ps]) for n, ps in bad.value.lines] == [(3, ["username_unknown"])]
