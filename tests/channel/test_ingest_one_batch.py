"""What one ingest batch (`store_deliveries`, called directly) writes. Several messages of one
customer: the 24-hour window starts at the latest message's own time (Meta's timestamp, not the
arrival), whatever their order; the profile name is kept over nameless messages. Repeated and
already-stored messages in a batch are stored once and cost the other messages nothing;
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


def test_repeats_in_a_batch_are_stored_once_and_the_messages_after_them_still_stored(engine_with_restaurant):
    first = wa.text_message(PNID, CUSTOMER, "a", wamid="wamid.batch.a", timestamp=int(EARLY.timestamp()))
    other = wa.text_message(PNID, "966500000002", "c", wamid="wamid.batch.c", timestamp=int(LATE.timestamp()))
    second = wa.text_message(PNID, CUSTOMER, "b", wamid="wamid.batch.b", timestamp=int(LATE.timestamp()))
    result = _store(first, first, first, second, other)
    assert sorted(m.wamid for m in result.new_messages) == ["wamid.batch.a", "wamid.batch.b", "wamid.batch.c"]
    assert sorted(b for (b,) in q(engine_with_restaurant, "SELECT body FROM messages")) == ["a", "b", "c"]


def test_an_old_message_redelivered_ahead_of_a_new_customer_costs_the_new_one_nothing(engine_with_restaurant):
    old = wa.text_message(PNID, CUSTOMER, "old", wamid="wamid.batch.old", timestamp=int(EARLY.timestamp()))
    _store(old)
    new = wa.text_message(
        PNID, "966500000003", "new", wamid="wamid.batch.new", timestamp=int(LATE.timestamp())
    )
    result = _store(old, new)
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
    assert result.new_messages == []
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


def test_a_known_customers_next_message_updates_their_row_in_place(engine_with_restaurant):
    """The customer's per-message update (last seen, window) changes no indexed column, so Postgres
    writes it in place (HOT) instead of a new entry in each of the customers' indexes (migration
    0190): an index on last_interaction or last_inbound_at would bring that cost back."""
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel.ingest import store_deliveries

    _store(wa.text_message(PNID, CUSTOMER, "السلام عليكم", timestamp=int(EARLY.timestamp())))
    delivery = parse_delivery_body(
        wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "ابغى اطلب", timestamp=int(LATE.timestamp()))))
    )
    delivery.verified = True
    counts = (
        "SELECT pg_stat_get_xact_tuples_updated('customers'::regclass), "
        "pg_stat_get_xact_tuples_hot_updated('customers'::regclass)"
    )
    with get_engine().connect() as conn, conn.begin():
        # The backend's counts not yet flushed include earlier transactions' (flushed at most
        # once a second): the store's own updates are the difference.
        updated_before, in_place_before = conn.exec_driver_sql(counts).one()
        store_deliveries(conn, [delivery], now=NOW)
        updated, in_place = conn.exec_driver_sql(counts).one()
    assert updated - updated_before == 1 and in_place - in_place_before == 1
    assert q(engine_with_restaurant, "SELECT last_inbound_at, last_interaction FROM customers") == [
        (LATE, LATE)
    ]


def test_first_inbound_is_set_once_per_conversation_by_a_batch(engine_with_restaurant):
    """A batch with several messages of two customers sets each conversation's first customer
    message (the analytics' response time) once; a later batch does not move it."""
    other = "966501112299"
    _store(
        wa.text_message(PNID, CUSTOMER, "السلام عليكم"),
        wa.text_message(PNID, other, "hi"),
        wa.text_message(PNID, CUSTOMER, "ابغى اطلب"),
    )
    first = q(
        engine_with_restaurant,
        "SELECT c.first_inbound_at, min(m.created_at), c.first_response_at FROM conversations c "
        "JOIN messages m ON m.conversation_id = c.id GROUP BY c.id",
    )
    assert len(first) == 2 and all(
        at is not None and at == earliest and reply is None for at, earliest, reply in first
    )
    _store(wa.text_message(PNID, CUSTOMER, "وين الطلب؟"), wa.text_message(PNID, other, "?"))
    assert sorted(q(engine_with_restaurant, "SELECT first_inbound_at FROM conversations")) == sorted(
        (at,) for at, _, _ in first
    )


def test_one_statement_of_many_messages_sets_the_first_inbound_and_the_first_reply_after_it(
    engine_with_restaurant,
):
    """Every writer fills the response-time columns, one that inserts many rows in one statement
    too: the earliest customer message, and the earliest reply not before it (a reply before any
    customer message is no response; a private note is no reply)."""
    from sqlalchemy import text

    _store(wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    with engine_with_restaurant.begin() as conn:
        conn.execute(text("UPDATE conversations SET first_inbound_at = NULL, first_response_at = NULL"))
        conn.execute(
            text("""
            INSERT INTO messages (restaurant_id, conversation_id, direction, sender, type, body, status, created_at)
            SELECT c.restaurant_id, c.id, v.d::message_direction, v.s::message_sender, 'text', '…', 'received',
                   :t + v.sec * interval '1 second'
            FROM conversations c, (VALUES ('outbound', 'ai', 5), ('inbound', 'customer', 20),
                                          ('internal', 'staff', 30), ('outbound', 'ai', 65),
                                          ('inbound', 'customer', 10), ('outbound', 'ai', 200)) v(d, s, sec)
        """),
            {"t": NOW},
        )
    assert q(engine_with_restaurant, "SELECT first_inbound_at, first_response_at FROM conversations") == [
        (NOW + timedelta(seconds=10), NOW + timedelta(seconds=65))
    ]


def test_the_commit_rides_in_the_last_round_trip_and_a_failing_statement_commits_nothing(
    engine_with_restaurant, monkeypatch
):
    """`commit=True` (the batcher's call): on return the batch is committed, seen by another
    connection before the caller's own commit, which then has nothing left to send. A statement
    of the last round trip that fails aborts it before its COMMIT: the error reaches the caller
    and nothing of the batch is stored, as when the caller committed."""
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel import delivery_effects, ingest

    def delivery(text: str):  # type: ignore[no-untyped-def]
        d = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, text))))
        d.verified = True
        return d

    with get_engine().connect() as conn, conn.begin():
        result = ingest.store_deliveries(conn, [delivery("السلام عليكم")], now=NOW, commit=True)
        assert len(result.new_messages) == 1
        assert conn.connection.driver_connection.info.transaction_status.name == "IDLE"
        assert q(engine_with_restaurant, "SELECT count(*) FROM messages") == [(1,)]  # another connection

    def failing(pg, messages, restaurants):  # type: ignore[no-untyped-def]
        pg.execute("SELECT 1 / 0")  # queued after the messages INSERT, before the COMMIT

    monkeypatch.setattr(delivery_effects, "apply_identity_changes", failing)
    with pytest.raises(Exception, match="division by zero"):
        with get_engine().connect() as conn, conn.begin():
            ingest.store_deliveries(conn, [delivery("ابغى اطلب")], now=NOW, commit=True)
    assert q(engine_with_restaurant, "SELECT count(*) FROM messages") == [(1,)]
    assert q(engine_with_restaurant, "SELECT unread_count FROM conversations") == [(1,)]


def test_status_events_are_found_by_wamid_through_the_unique_index_alone(engine_with_restaurant):
    """One btree led by `wa_message_id` on message_status_events (migration 0200): the unique
    constraint's. A second one only cost an index insert per status Meta reports."""
    led_by_wamid = q(
        engine_with_restaurant,
        "SELECT indexname FROM pg_indexes WHERE tablename = 'message_status_events' "
        "AND indexdef LIKE '%(wa_message_id%' ORDER BY 1",
    )
    assert led_by_wamid == [("uq_status_events_wamid_status",)]


def test_a_message_without_a_timestamp_is_stored_at_its_arrival(engine_with_restaurant):
    """Meta's message with no timestamp at all (malformed) is still stored, once, as of its arrival
    (the database's clock); the batch's other message keeps its own time."""
    bare = wa.text_message(PNID, CUSTOMER, "بدون وقت")
    del bare.data["timestamp"]
    timed = wa.text_message(PNID, CUSTOMER, "ابغى اطلب", timestamp=int(LATE.timestamp()))
    result = _store(bare, timed)
    assert len(result.new_messages) == 2
    [(stamp,)] = q(
        engine_with_restaurant, "SELECT occurred_at FROM messages WHERE wa_message_id = :w", w=bare.wamid
    )
    assert stamp is not None
    assert q(
        engine_with_restaurant, "SELECT occurred_at FROM messages WHERE wa_message_id = :w", w=timed.wamid
    ) == [(LATE,)]
    assert _store(bare).new_messages == []  # redelivered: stored once
    assert q(engine_with_restaurant, "SELECT count(*) FROM messages") == [(2,)]


def test_a_message_for_an_unknown_number_is_reported_not_stored(engine_with_restaurant):
    """A batch with a message for a business number no restaurant has: that number is reported
    (the webhook logs it once), nothing of it is stored, and the known number's message is."""
    stray = wa.text_message("pn-nobody", CUSTOMER, "لمن هذه؟")
    ours = wa.text_message(PNID, CUSTOMER, "مرحبا", timestamp=int(LATE.timestamp()))
    result = _store(stray, ours)
    assert result.unknown_phone_number_ids == {"pn-nobody"}
    assert [m.wamid for m in result.new_messages] == [ours.wamid]
    assert q(engine_with_restaurant, "SELECT wa_message_id FROM messages") == [(ours.wamid,)]
