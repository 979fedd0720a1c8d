"""The inbound job's round-trip budget and the guarantees its shortcuts must keep."""

from __future__ import annotations

from sqlalchemy import event, text

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q
from tests.fixtures.places import make_customer, make_restaurant


def _stored_id(channel, wamid: str) -> int:  # type: ignore[no-untyped-def]  # noqa: F811
    [(message_id,)] = q(channel["engine"], "SELECT id FROM messages WHERE wa_message_id = :w", w=wamid)
    return int(message_id)


def test_one_reply_takes_one_connection_and_a_bounded_number_of_statements(channel):  # noqa: F811
    """Processing + the inline send check out one pooled connection and stay within the statement budget."""
    from crm_res.jobs.inbound import process_inbound

    ev = wa.text_message(PNID, CUSTOMER, "السلام عليكم")
    assert post(channel["client"], ev).status_code == 200
    message_id = _stored_id(channel, ev.wamid)
    engine = channel["engine"]
    counts = {"checkout": 0, "sql": 0}

    def on_checkout(*_a):  # type: ignore[no-untyped-def]
        counts["checkout"] += 1

    def on_sql(*_a):  # type: ignore[no-untyped-def]
        counts["sql"] += 1

    event.listen(engine.pool, "checkout", on_checkout)
    event.listen(engine, "before_cursor_execute", on_sql)
    try:
        assert process_inbound(message_id) == "replied"
    finally:
        event.remove(engine.pool, "checkout", on_checkout)
        event.remove(engine, "before_cursor_execute", on_sql)
    assert counts["checkout"] == 1
    # was 15 (+1 checkout) before the round trips were cut; +1 for the conversation lock (one conversation at a time)
    assert counts["sql"] <= 7, counts
    sent = channel["graph"].wait_for(1)
    assert sent[0].to == CUSTOMER
    assert q(engine, "SELECT status, wa_message_id FROM outbox") == [("sent", sent[0].wamid)]
    rows = q(engine, "SELECT processed_at IS NOT NULL FROM messages WHERE id = :i", i=message_id)
    assert rows == [(True,)]
    [(preview,)] = q(engine, "SELECT last_message_preview FROM conversations")
    assert preview and preview == q(engine, "SELECT body FROM messages WHERE direction = 'outbound'")[0][0]


def test_a_second_run_of_a_processed_message_sends_nothing(channel):  # noqa: F811
    """The processed_at claim: a rerun (duplicate job, sweeper) is a no-op, one outbox row, one post."""
    from crm_res.jobs.inbound import process_inbound

    ev = wa.text_message(PNID, CUSTOMER, "السلام عليكم")
    assert post(channel["client"], ev).status_code == 200
    message_id = _stored_id(channel, ev.wamid)
    assert process_inbound(message_id) == "replied"
    assert process_inbound(message_id) == "duplicate"
    channel["graph"].wait_for(1)
    assert len(channel["graph"].sent) == 1
    assert q(channel["engine"], "SELECT count(*) FROM outbox") == [(1,)]
    assert q(channel["engine"], "SELECT count(*) FROM messages WHERE direction = 'outbound'") == [(1,)]


def test_known_new_key_that_exists_returns_the_existing_row_and_leaves_no_message(session):
    """`known_new` skips the look-up only: an existing key still yields the old row and no new message."""
    from crm_res.models import Conversation, Message
    from crm_res.services.outbox.outbox import queue_message, text_payload

    restaurant, _ = make_restaurant(session, pnid="pn-cost")
    customer = make_customer(session, restaurant)
    conversation = Conversation(restaurant_id=restaurant.id, customer_id=customer.id)
    session.add(conversation)
    session.flush()
    kw = {
        "session": session,
        "restaurant_id": restaurant.id,
        "customer": customer,
        "idempotency_key": "reply:x:a0",
        "kind": "text",
        "conversation": conversation,
    }
    first = queue_message(
        **kw, payload=text_payload(customer.wa_id, "one"), body_preview="one", known_new=True
    )
    again = queue_message(
        **kw, payload=text_payload(customer.wa_id, "two"), body_preview="two", known_new=True
    )
    assert first.created and not again.created
    assert (again.outbox_id, again.message_id) == (first.outbox_id, first.message_id)
    session.flush()
    bodies = [m.body for m in session.exec(Message.__table__.select()).all()]  # type: ignore[attr-defined]
    assert bodies == ["one"]
    assert conversation.last_message_preview == "one"


def test_a_reply_row_locked_by_another_worker_is_skipped_then_sent_once(channel):  # noqa: F811
    """The one-round-trip claim keeps SKIP LOCKED: a row another worker holds is left alone."""
    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import Conversation, Customer
    from crm_res.services.outbox.outbox import queue_message, text_payload
    from crm_res.services.outbox.sending import send_outbox

    ev = wa.text_message(PNID, CUSTOMER, "السلام عليكم")
    assert post(channel["client"], ev).status_code == 200  # the customer writes: in the window
    engine = channel["engine"]
    with session_scope() as s:
        customer = s.exec(select(Customer).where(Customer.wa_id == CUSTOMER)).one()
        conversation = s.exec(select(Conversation).where(Conversation.customer_id == customer.id)).one()
        queued = queue_message(
            session=s,
            restaurant_id=customer.restaurant_id,
            customer=customer,
            idempotency_key="reply:test:a0",
            kind="text",
            payload=text_payload(CUSTOMER, "hello"),
            body_preview="hello",
            conversation=conversation,
        )
    with engine.connect() as other:
        other.execute(text("SELECT 1 FROM outbox WHERE id = :i FOR UPDATE"), {"i": queued.outbox_id})
        assert send_outbox(engine=engine, outbox_id=queued.outbox_id).status == "skipped"
        assert q(engine, "SELECT status, attempts FROM outbox") == [("pending", 0)]
        other.rollback()
    assert send_outbox(engine=engine, outbox_id=queued.outbox_id).status == "sent"
    assert send_outbox(engine=engine, outbox_id=queued.outbox_id).status == "skipped"
    channel["graph"].wait_for(1)
    assert len(channel["graph"].sent) == 1
    assert q(engine, "SELECT status, attempts FROM outbox") == [("sent", 1)]
