"""What one ingest batch (`store_deliveries`, called directly) writes. Several messages of one
customer: the 24-hour window starts at the latest message's own time (Meta's timestamp, not the
arrival), whatever their order; the profile name is kept over nameless messages. Repeated and
already-stored messages in a batch are counted as duplicates and cost the other messages nothing;
a message's stored payload is Meta's message without our routing field or empty fields."""

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


def test_repeats_within_a_batch_are_counted_and_the_messages_after_them_still_stored(engine_with_restaurant):
    first = wa.text_message(PNID, CUSTOMER, "a", wamid="wamid.batch.a", timestamp=int(EARLY.timestamp()))
    other = wa.text_message(PNID, "966500000002", "c", wamid="wamid.batch.c", timestamp=int(LATE.timestamp()))
    second = wa.text_message(PNID, CUSTOMER, "b", wamid="wamid.batch.b", timestamp=int(LATE.timestamp()))
    result = _store(first, first, first, second, other)
    assert result.duplicates == 2
    assert sorted(m.wamid for m in result.new_messages) == ["wamid.batch.a", "wamid.batch.b", "wamid.batch.c"]
    assert sorted(b for (b,) in q(engine_with_restaurant, "SELECT body FROM messages")) == ["a", "b", "c"]


def test_an_old_message_redelivered_ahead_of_a_new_customer_costs_the_new_one_nothing(engine_with_restaurant):
    old = wa.text_message(PNID, CUSTOMER, "old", wamid="wamid.batch.old", timestamp=int(EARLY.timestamp()))
    _store(old)
    new = wa.text_message(
        PNID, "966500000003", "new", wamid="wamid.batch.new", timestamp=int(LATE.timestamp())
    )
    result = _store(old, new)
    assert result.duplicates == 1
    assert [m.wamid for m in result.new_messages] == ["wamid.batch.new"]
    assert q(engine_with_restaurant, "SELECT count(*) FROM messages") == [(2,)]


def test_the_stored_payload_has_no_routing_field_and_no_empty_fields(engine_with_restaurant):
    _store(wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.batch.p", timestamp=int(LATE.timestamp())))
    [(payload,)] = q(engine_with_restaurant, "SELECT payload FROM messages")
    assert payload["wamid"] == "wamid.batch.p" and payload["text"] == "مرحبا"
    assert "phone_number_id" not in payload
    assert None not in payload.values()


@pytest.mark.parametrize("resolved_ago", [timedelta(hours=1), timedelta(days=3)])
def test_a_redelivered_old_message_neither_reopens_nor_starts_a_conversation(
    engine_with_restaurant, resolved_ago
):
    """Within the reopen gap (1 h) or past it (3 days): the redelivery touches no conversation."""
    from sqlalchemy import text

    old = wa.text_message(
        PNID, CUSTOMER, "old", wamid="wamid.batch.resolved", timestamp=int(EARLY.timestamp())
    )
    _store(old)
    with engine_with_restaurant.begin() as conn:
        conn.execute(
            text("UPDATE conversations SET status = 'resolved', resolved_at = :t"), {"t": NOW - resolved_ago}
        )
    result = _store(old)
    assert result.new_messages == [] and result.duplicates == 1
    assert q(engine_with_restaurant, "SELECT status FROM conversations") == [("resolved",)]


def test_the_parent_business_scoped_user_id_of_the_contact_is_stored_on_the_customer(engine_with_restaurant):
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel.ingest import store_deliveries

    body = wa.delivery(wa.text_message(PNID, CUSTOMER, "hi", timestamp=int(LATE.timestamp())))
    body["entry"][0]["changes"][0]["value"]["contacts"][0]["parent_user_id"] = "SA.PARENT.1"
    delivery = parse_delivery_body(wa.encode(body))
    delivery.verified = True
    with get_engine().connect() as conn, conn.begin():
        store_deliveries(conn, [delivery], now=NOW)
    assert q(engine_with_restaurant, "SELECT parent_user_id FROM customers") == [("SA.PARENT.1",)]
