"""What ingestion writes on the customer when several messages of one customer arrive in one
batch: the 24-hour window starts at the latest message's own time (Meta's timestamp, not the
arrival), whatever the order of the messages in the batch; the latest profile name is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, q

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
EARLY, LATE = NOW - timedelta(hours=3), NOW - timedelta(hours=2)


@pytest.fixture
def engine_with_restaurant(committed):  # type: ignore[no-untyped-def]
    """A restaurant on PNID; store_deliveries is called directly (no webhook, no queue)."""
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.channel import ingest

    ingest.directory.clear()
    with session_scope() as s:
        create_restaurant(session=s, name_ar="مطعم الاستلام", name_en="Ingest Diner", phone_number_id=PNID)
    yield committed
    ingest.directory.clear()


def _store(*events):  # type: ignore[no-untyped-def]
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel.ingest import store_deliveries

    delivery = parse_delivery_body(wa.encode(wa.delivery(*events)))
    delivery.verified = True
    with get_engine().connect() as conn, conn.begin():
        return store_deliveries(conn, [delivery], now=NOW)


@pytest.mark.parametrize("order", ["early first", "late first"])
def test_the_window_starts_at_the_latest_message_of_the_batch_not_at_its_arrival(
    engine_with_restaurant, order
):
    early = wa.text_message(PNID, CUSTOMER, "السلام عليكم", timestamp=int(EARLY.timestamp()))
    late = wa.text_message(PNID, CUSTOMER, "ابغى اطلب", timestamp=int(LATE.timestamp()))
    result = _store(*((early, late) if order == "early first" else (late, early)))
    assert len(result.new_messages) == 2
    assert q(engine_with_restaurant, "SELECT last_inbound_at, last_interaction FROM customers") == [
        (LATE, LATE)
    ]
    assert sorted(t for (t,) in q(engine_with_restaurant, "SELECT occurred_at FROM messages")) == [
        EARLY,
        LATE,
    ]


def test_a_later_batch_with_an_older_message_does_not_move_the_window_back(engine_with_restaurant):
    _store(wa.text_message(PNID, CUSTOMER, "late", timestamp=int(LATE.timestamp())))
    _store(wa.text_message(PNID, CUSTOMER, "early, delivered late", timestamp=int(EARLY.timestamp())))
    assert q(engine_with_restaurant, "SELECT last_inbound_at FROM customers") == [(LATE,)]


def test_the_profile_name_of_the_batch_is_kept_and_a_nameless_message_keeps_it(engine_with_restaurant):
    _store(
        wa.text_message(PNID, CUSTOMER, "a", name="سارة", timestamp=int(EARLY.timestamp())),
        wa.text_message(PNID, CUSTOMER, "b", name=None, timestamp=int(LATE.timestamp())),
    )
    assert q(engine_with_restaurant, "SELECT name FROM customers") == [("سارة",)]
    _store(wa.text_message(PNID, CUSTOMER, "c", name=None, timestamp=int(LATE.timestamp()) + 60))
    assert q(engine_with_restaurant, "SELECT name FROM customers") == [("سارة",)]
