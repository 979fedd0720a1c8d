"""Queueing an outbound message (crm_res/services/outbox/outbox.py, found by mutation testing,
docs/MUTATION.md, session of 2026-12-06 (7)): the outbox row and its message row, idempotent on the
key (a key queued again, or taken by another writer meanwhile, yields the first row and writes
nothing more: no second message, no second release slot), one restaurant's customers only, what
each row says (purpose, business-initiated, time, status of its message), the `message:new` event
and the conversation's preview; and many campaign rows at once (`queue_bulk`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from tests.fixtures.places import DAY, at, make_customer, make_restaurant, queue


def _conversation(session, restaurant, customer):  # type: ignore[no-untyped-def]
    from crm_res.models import Conversation

    conversation = Conversation(restaurant_id=restaurant.id, customer_id=customer.id)
    session.add(conversation)
    session.flush()
    return conversation


def _rows(session, sql: str, **params):  # type: ignore[no-untyped-def]
    session.flush()
    return session.execute(text(sql), params).all()


def _reply(session, restaurant, customer, key: str, **more):  # type: ignore[no-untyped-def]
    """`queue_message` as the reply paths call it (no purpose, no time: the defaults)."""
    from crm_res.services.outbox.outbox import queue_message, text_payload

    body = more.pop("body", "hi")
    return queue_message(
        session=session,
        restaurant_id=restaurant.id,
        customer=customer,
        idempotency_key=key,
        kind="text",
        payload=text_payload(customer.wa_id, body),
        body_preview=body,
        **more,
    )


# --------------------------------------------------------------------------- the key


def test_a_key_queued_again_returns_the_first_row_and_books_no_second_release_slot(session):
    """A feedback request held by Asr, queued again with its key (a job run twice): the first row,
    message and time come back, not created; no second message, and no second slot of the
    release after the window, so the next held message leaves right after the first."""
    from crm_res.models import ReleaseSlot

    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    conversation = _conversation(session, r, c)
    first = queue(session, r, c, at(DAY, 15, 10), key="fb:1", conversation=conversation)
    again = queue(session, r, c, at(DAY, 15, 12), key="fb:1", conversation=conversation)
    assert first.created and first.hold is not None and first.hold.held
    assert (again.outbox_id, again.message_id, again.not_before) == (
        first.outbox_id,
        first.message_id,
        first.not_before,
    )
    assert not again.created and again.hold is None
    assert session.exec(select(ReleaseSlot.taken)).all() == [1]
    assert _rows(session, "SELECT count(*) FROM messages") == [(1,)]
    queue(session, r, c, at(DAY, 15, 10), key="fb:2", conversation=conversation)
    assert session.exec(select(ReleaseSlot.taken)).all() == [2]


def test_a_key_another_writer_took_meanwhile_yields_that_row_and_drops_our_message(session):
    """`known_new` (no look-up) on a key that exists, with and without a conversation: the first
    row's id, message and time, not created; only the first message row stays and the
    conversation still shows it."""
    r, _ = make_restaurant(session, prayer=False)
    c = make_customer(session, r)
    conversation = _conversation(session, r, c)
    later = datetime.now(UTC) + timedelta(hours=1)
    for key, conv in (("with", conversation), ("without", None)):
        first = _reply(session, r, c, key, body="one", conversation=conv, known_new=True)
        taken = _reply(session, r, c, key, body="two", conversation=conv, known_new=True, not_before=later)
        assert (taken.outbox_id, taken.message_id, taken.not_before, taken.created) == (
            first.outbox_id,
            first.message_id,
            first.not_before,
            False,
        )
        assert taken.not_before != later
    assert _rows(session, "SELECT body FROM messages") == [("one",)]
    assert conversation.last_message_preview == "one"


# --------------------------------------------------------------------------- what the rows say


def test_a_send_without_a_purpose_is_a_reply_due_now_never_held_and_its_message_queued(session):
    """The reply paths pass neither purpose nor time: inside Asr the row is a reply, due at once,
    not business-initiated; its message is `queued`."""
    from crm_res.models import Message, OutboxMessage

    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    before = datetime.now(UTC)
    queued = _reply(session, r, c, "reply:1", conversation=_conversation(session, r, c))
    after = datetime.now(UTC)
    row = session.get(OutboxMessage, queued.outbox_id)
    assert (row.purpose, row.business_initiated, row.status.value, row.attempts) == (
        "reply",
        False,
        "pending",
        0,
    )
    assert before <= row.not_before == queued.not_before <= after and queued.hold is None
    assert session.get(Message, queued.message_id).status.value == "queued"


def test_a_send_queued_for_later_keeps_its_time(session):
    """A reply queued for an hour from now is due then, not now."""
    from crm_res.models import OutboxMessage

    r, _ = make_restaurant(session, prayer=False)
    c = make_customer(session, r)
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    queued = _reply(session, r, c, "later", not_before=later)
    assert queued.not_before == later == session.get(OutboxMessage, queued.outbox_id).not_before


def test_a_held_business_send_marks_its_message_held_and_a_free_one_queued(session):
    """Inside Asr the feedback request's message is `held` (the inbox says so); after it, `queued`;
    both rows are pending and business-initiated."""
    from crm_res.models import Message, OutboxMessage

    r, _ = make_restaurant(session, branch_city="Riyadh")
    c = make_customer(session, r)
    conversation = _conversation(session, r, c)
    held = queue(session, r, c, at(DAY, 15, 10), key="held", conversation=conversation)
    free = queue(session, r, c, at(DAY, 16, 30), key="free", conversation=conversation)
    assert held.hold.held and not free.hold.held
    assert session.get(Message, held.message_id).status.value == "held"
    assert session.get(Message, free.message_id).status.value == "queued"
    for queued in (held, free):
        row = session.get(OutboxMessage, queued.outbox_id)
        assert (row.purpose, row.business_initiated, row.status.value) == (
            "feedback_request",
            True,
            "pending",
        )


def test_the_conversations_branch_decides_whose_prayer_times_hold_the_send(session):
    """A customer whose last order was at the Riyadh branch, written to in a conversation of the
    Jeddah branch: Jeddah's Asr (15:32–15:52) holds the 15:35 send, though Riyadh's is over."""
    from crm_res.models import Branch, Order

    r, riyadh = make_restaurant(session, branch_city="Riyadh")
    jeddah = Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="جدة")
    session.add(jeddah)
    c = make_customer(session, r)
    session.add(Order(restaurant_id=r.id, number=1, customer_id=c.id, branch_id=riyadh.id, total_amount=10))
    session.flush()
    conversation = _conversation(session, r, c)
    conversation.branch_id = jeddah.id
    queued = queue(session, r, c, at(DAY, 15, 35), conversation=conversation)
    assert queued.not_before == at(DAY, 15, 52) and queued.hold.reason == "asr"


def test_a_customer_of_another_restaurant_is_refused_and_nothing_is_written(session):
    r, _ = make_restaurant(session, prayer=False, pnid="pn-own")
    other, _ = make_restaurant(session, prayer=False, pnid="pn-other")
    stranger = make_customer(session, other)
    with pytest.raises(ValueError, match="^customer belongs to another restaurant$"):
        _reply(session, r, stranger, "stranger")
    assert _rows(session, "SELECT count(*) FROM outbox") == [(0,)]
    assert _rows(session, "SELECT count(*) FROM messages") == [(0,)]


def test_a_send_without_a_conversation_writes_only_its_outbox_row(session):
    """No conversation (a campaign's or a reminder's send): no message row; the outbox row carries
    the recipient, key, kind, purpose, payload and time, pending with no attempt."""
    from crm_res.integrations.whatsapp import build_template_payload
    from crm_res.services.outbox.outbox import queue_message

    r, _ = make_restaurant(session, prayer=False)
    c = make_customer(session, r, "966500000042")
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
    payload = build_template_payload(c.wa_id, "order_reminder", "ar", body_params=["Sara"])
    queued = queue_message(
        session=session,
        restaurant_id=r.id,
        customer=c,
        idempotency_key="reminder:1",
        kind="template",
        payload=payload,
        body_preview="reminder",
        purpose="reminder",
        not_before=when,
    )
    assert queued.created and queued.message_id is None
    assert _rows(
        session,
        "SELECT restaurant_id, customer_id, conversation_id, message_id, to_wa_id, idempotency_key, kind,"
        " purpose, business_initiated, payload, not_before, status, attempts FROM outbox WHERE id = :i",
        i=queued.outbox_id,
    ) == [
        (
            r.id,
            c.id,
            None,
            None,
            "966500000042",
            "reminder:1",
            "template",
            "reminder",
            True,
            payload,
            when,
            "pending",
            0,
        )
    ]
    assert _rows(session, "SELECT count(*) FROM messages") == [(0,)]


# --------------------------------------------------------------------------- the event and the inbox


def _endpoint(session, restaurant):  # type: ignore[no-untyped-def]
    from crm_res.models import WebhookEndpoint

    endpoint = WebhookEndpoint(
        restaurant_id=restaurant.id, url="https://example.com/hook", events=["message:new"], secret="whsec_x"
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def test_an_outbound_message_is_announced_to_its_restaurants_endpoints_with_what_was_queued(session):
    """`message:new` for the restaurant's endpoint only, ordered by the conversation, with the
    message's id, sender, text, time, and that it is outbound, its type and status."""
    from crm_res.models import MessageSender

    r, _ = make_restaurant(session, branch_city="Riyadh", pnid="pn-own")
    other, _ = make_restaurant(session, pnid="pn-other")
    mine, _theirs = _endpoint(session, r), _endpoint(session, other)
    c = make_customer(session, r)
    conversation = _conversation(session, r, c)
    queued = queue(session, r, c, at(DAY, 15, 10), key="fb:ev", conversation=conversation)
    staff = _reply(
        session, r, c, "staff:1", body="أهلاً", conversation=conversation, sender=MessageSender.staff
    )
    rows = _rows(
        session,
        "SELECT restaurant_id, endpoint_id, event_type, ordering_key, payload FROM webhook_deliveries ORDER BY id",
    )
    assert [row[:4] for row in rows] == [(r.id, mine.id, "message:new", str(conversation.id))] * 2
    created = dict(_rows(session, "SELECT id, created_at FROM messages"))
    assert [row[4]["data"] for row in rows] == [
        {
            "conversationId": str(conversation.id),
            "message": {
                "id": queued.message_id,
                "sender": "ai",
                "content": "hi",
                "timestamp": created[queued.message_id].isoformat(),
                "metadata": {"direction": "outbound", "type": "text", "status": "held"},
            },
        },
        {
            "conversationId": str(conversation.id),
            "message": {
                "id": staff.message_id,
                "sender": "staff",
                "content": "أهلاً",
                "timestamp": created[staff.message_id].isoformat(),
                "metadata": {"direction": "outbound", "type": "text", "status": "queued"},
            },
        },
    ]


def test_the_conversation_shows_the_new_message_first_and_its_first_120_characters(session):
    r, _ = make_restaurant(session, prayer=False)
    c = make_customer(session, r)
    conversation = _conversation(session, r, c)
    body = "ا" * 100 + "b" * 100
    before = datetime.now(UTC)
    queued = _reply(session, r, c, "long", body=body, conversation=conversation)
    after = datetime.now(UTC)
    assert conversation.last_message_preview == body[:120]
    assert before <= conversation.last_message_at <= after
    [(created_at,)] = _rows(session, "SELECT created_at FROM messages WHERE id = :i", i=queued.message_id)
    assert created_at == conversation.last_message_at


# --------------------------------------------------------------------------- many at once


def test_campaign_rows_are_written_in_chunks_and_a_key_written_before_keeps_its_row(session, monkeypatch):
    """Five sends in three statements of two rows at most, one of whose keys a run before wrote:
    every key maps to its row (the old one's id for that key), each new row a pending,
    attempt-free, business-initiated campaign row with its own recipient, payload and time;
    nothing to send writes nothing."""
    from crm_res.services.outbox import outbox
    from crm_res.services.outbox.outbox import BulkSend, queue_bulk, text_payload

    monkeypatch.setattr(outbox, "BULK_INSERT_ROWS", 2)
    r, _ = make_restaurant(session, prayer=False)
    customers = [make_customer(session, r, f"96650000010{i}") for i in range(5)]
    start = datetime.now(UTC).replace(microsecond=0)
    sends = [
        BulkSend(
            c.id, c.wa_id, f"camp:{i}", text_payload(c.wa_id, f"offer {i}"), start + timedelta(seconds=i)
        )
        for i, c in enumerate(customers)
    ]
    [old] = queue_bulk(
        session=session, restaurant_id=r.id, purpose="campaign", kind="text", sends=sends[3:4]
    ).values()
    inserts: list[str] = []

    def on_sql(conn, cursor, statement, *rest):  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO outbox"):
            inserts.append(statement)

    event.listen(session.connection(), "before_cursor_execute", on_sql)
    ids = queue_bulk(session=session, restaurant_id=r.id, purpose="campaign", kind="text", sends=sends)
    event.remove(session.connection(), "before_cursor_execute", on_sql)
    assert len(inserts) == 3  # 2 + 2 + 1
    assert sorted(ids) == [f"camp:{i}" for i in range(5)] and ids["camp:3"] == old
    rows = _rows(
        session,
        "SELECT id, restaurant_id, customer_id, conversation_id, message_id, to_wa_id, idempotency_key, kind,"
        " purpose, business_initiated, payload, not_before, status, attempts FROM outbox ORDER BY idempotency_key",
    )
    assert rows == [
        (ids[s.idempotency_key], r.id, s.customer_id, None, None, s.to_wa_id, s.idempotency_key, "text",
         "campaign", True, s.payload, s.not_before, "pending", 0)
        for s in sends
    ]  # fmt: skip
    assert queue_bulk(session=session, restaurant_id=r.id, purpose="campaign", kind="text", sends=[]) == {}


def test_a_reply_payload_is_the_cloud_apis_text_message(session):
    """`text_payload`: the recipient and the body, as Meta takes them."""
    from crm_res.services.outbox.outbox import text_payload

    payload = text_payload("966500000001", "مرحبا")
    assert (
        payload["to"] == "966500000001" and payload["text"]["body"] == "مرحبا" and payload["type"] == "text"
    )
