"""Customer names cannot reorder what staff read: bidi controls stripped, length capped, UI isolated and wrapped."""

from __future__ import annotations

import re

import pytest

from crm_res.services.display_text import BIDI_CONTROLS, NAME_MAX, clean_name
from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q
from tests.fixtures.dashboard import make_customer

RLO_NAME = "\u202eأحمد\u2066exe.txt\u2069\u200f"


def test_clean_name_strips_bidi_controls_and_caps_length():
    """Overrides, isolates and marks go; controls become spaces; an overlong name is cut, not refused."""
    assert clean_name(RLO_NAME) == "أحمدexe.txt"
    assert clean_name("نورة\nالقحطاني\t ") == "نورة القحطاني"
    assert clean_name("\u202e\u200f") is None
    long = clean_name("ب" * 5000)
    assert long is not None and len(long) == NAME_MAX


def test_webhook_names_are_stored_clean_and_capped(channel):
    """A WhatsApp profile name with U+202E and 5,000 characters is stored without bidi controls, at most 120 long."""
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا", name=RLO_NAME + "x" * 5000))
    [(name,)] = q(channel["engine"], "SELECT name FROM customers WHERE wa_id = :w", w=CUSTOMER)
    assert not BIDI_CONTROLS.search(name) and len(name) == NAME_MAX and name.startswith("أحمدexe.txt")


def test_csv_exports_carry_no_bidi_controls(world):
    """A name stored before the fix still leaves the CSV export without bidi controls (and formula-safe)."""
    from crm_res.services.customers.customers import export_customers_csv

    s = world["session"]
    make_customer(s, world["r"].id, "966501230001", RLO_NAME)
    make_customer(s, world["r"].id, "966501230002", "\u202e=HYPERLINK(1)")
    data = export_customers_csv(session=s, viewer=world["owner"])
    assert not BIDI_CONTROLS.search(data)
    assert "أحمدexe.txt" in data and "'=HYPERLINK(1)" in data


def test_csv_import_names_lose_bidi_controls(world):
    """A name arriving through the customer CSV import is stored without bidi controls."""
    from sqlmodel import select

    from crm_res.models import Customer
    from crm_res.services.customers.customers import import_customers_csv

    s = world["session"]
    import_customers_csv(session=s, viewer=world["owner"], content=f"wa_id,name\n966501230003,{RLO_NAME}\n")
    name = s.exec(select(Customer.name).where(Customer.wa_id == "966501230003")).one()
    assert name == "أحمدexe.txt"


@pytest.mark.parametrize(
    "page, test_id",
    [
        ("conversations.conversations_page", "inbox-customer"),
        ("conversations.conversation_page", "thread-customer"),
    ],
)
def test_customer_names_are_isolated_and_wrap_on_pages(page, test_id):
    """The inbox line and the thread header isolate the name's direction and wrap it however long it is."""
    import importlib

    module, fn = page.split(".")
    js = str(getattr(importlib.import_module(f"crm_res.pages.{module}"), fn)())
    element = js[: js.index(f'"data-testid":"{test_id}"')].rsplit("jsx(", 1)[1]
    assert re.search(r'\["unicodeBidi"\] : "isolate"', element), element
    assert re.search(r'\["overflowWrap"\] : "anywhere"', element), element
