"""An opt-out or opt-in message, through `handle_inbound` on a real database: what is recorded
(the customer's flag and its time, the audit event with before/after) and the confirmation queued
in the customer's language under the message's own idempotency key."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from crm_res.models import (
    Conversation,
    Customer,
    Event,
    Message,
    MessageDirection,
    MessageSender,
    OutboxMessage,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def chat(session):  # type: ignore[no-untyped-def]
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(
        session=session,
        name_ar="مطعم الاشتراك",
        name_en="Opt Diner",
        phone_number_id=f"pn-{uuid.uuid4().hex[:10]}",
        settings={},
    )
    customer = Customer(restaurant_id=r.id, wa_id="966555000444", name="نورة", last_inbound_at=NOW)
    session.add(customer)
    session.flush()
    conversation = Conversation(restaurant_id=r.id, customer_id=customer.id)
    session.add(conversation)
    session.flush()
    return session, r, customer, conversation


def _write(chat, body: str, now: datetime, type_: str = "text", **fields):  # type: ignore[no-untyped-def]
    from crm_res.services.dialogue.inbound import handle_inbound

    session, r, _, conversation = chat
    m = Message(
        restaurant_id=r.id,
        conversation_id=conversation.id,
        direction=MessageDirection.inbound,
        sender=MessageSender.customer,
        type=type_,
        body=body,
        wa_message_id=f"wamid.opt.{uuid.uuid4().hex}",
        **fields,
    )
    session.add(m)
    session.flush()
    outcome = handle_inbound(session=session, message_id=m.id, now=now)
    session.flush()
    return m, outcome


def _replies(session, conversation) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.conversation_id == conversation.id)
        .order_by(col(OutboxMessage.id))
    ).all()
    assert all(row.kind == "text" and row.purpose == "reply" for row in rows)  # free-form: window-checked
    return [(row.idempotency_key, row.payload["text"]["body"]) for row in rows]


def test_opt_out_then_opt_in_are_recorded_with_their_time_event_and_confirmation(chat):
    from crm_res.assistant.replies import opted_in_confirmation, opted_out_confirmation

    session, r, customer, conversation = chat
    language, personality = customer.language_preference.value, r.personality_type.value

    stop, outcome = _write(chat, "إيقاف", NOW)
    assert outcome.action == "opted_out" and len(outcome.sends) == 1
    session.refresh(customer)
    assert customer.opted_out is True and customer.opted_out_at == NOW
    [event] = session.exec(
        select(Event).where(Event.restaurant_id == r.id, col(Event.kind).like("customer.opt%"))
    ).all()
    assert (event.kind, event.actor, event.subject_type, event.subject_id) == (
        "customer.opted_out",
        "customer",
        "customer",
        str(customer.id),
    )
    assert event.data == {"who": "نورة", "before": {"opted_out": False}, "after": {"opted_out": True}}
    assert _replies(session, conversation) == [
        (
            f"reply:{stop.wa_message_id}:optout",
            opted_out_confirmation(language=language, personality=personality),
        )
    ]

    later = NOW.replace(hour=10)
    start, outcome = _write(chat, "START", later)
    assert outcome.action == "opted_in" and len(outcome.sends) == 1
    session.refresh(customer)
    assert customer.opted_out is False and customer.opted_out_at is None
    events = session.exec(
        select(Event)
        .where(Event.restaurant_id == r.id, col(Event.kind).like("customer.opt%"))
        .order_by(col(Event.id))
    ).all()
    assert [e.kind for e in events] == ["customer.opted_out", "customer.opted_in"]
    assert events[1].data == {"who": "نورة", "before": {"opted_out": True}, "after": {"opted_out": False}}
    assert _replies(session, conversation)[1:] == [
        (
            f"reply:{start.wa_message_id}:optin",
            opted_in_confirmation(language=language, personality=personality),
        )
    ]


def test_a_customer_without_a_name_is_named_by_number_in_the_event(chat):
    session, r, customer, _ = chat
    customer.name = None
    session.add(customer)
    session.flush()
    _write(chat, "إيقاف", NOW)
    [event] = session.exec(
        select(Event).where(Event.restaurant_id == r.id, Event.kind == "customer.opted_out")
    ).all()
    assert event.data["who"] == "966555000444"


def test_start_from_a_customer_who_never_opted_out_is_not_an_opt_in(chat):
    session, r, customer, _ = chat
    _, outcome = _write(chat, "START", NOW)
    assert outcome.action != "opted_in"
    assert not session.exec(
        select(Event).where(Event.restaurant_id == r.id, Event.kind == "customer.opted_in")
    ).all()


def test_the_confirmations_are_in_the_customers_language_and_the_restaurants_voice(chat):
    """An English-speaking customer of a formal restaurant: both confirmations in English, formal."""
    from crm_res.models import Language, Personality

    session, r, customer, conversation = chat
    r.personality_type = Personality.formal
    customer.language_preference = Language.en
    session.add_all([r, customer])
    session.flush()
    _write(chat, "STOP", NOW)
    _write(chat, "START", NOW.replace(hour=10))
    assert [body for _, body in _replies(session, conversation)] == [
        'You have been unsubscribed from our messages. Reply "START" to subscribe again.',
        "You are subscribed to our messages again. Welcome back.",
    ]


def test_a_photo_captioned_stop_or_start_changes_the_opt_out_and_its_photo_is_still_fetched(chat):
    """A photo captioned STOP opts out, one captioned START opts back in: either way the photo
    itself is fetched, so staff see it in the thread."""
    from crm_res.services.followups import FollowUp

    session, _, customer, _ = chat
    m, outcome = _write(chat, "STOP", NOW, type_="image", media_id="media-stop-1", media_mime="image/jpeg")
    assert outcome.action == "opted_out"
    assert outcome.jobs == [(FollowUp.fetch_media, (m.id,))]
    session.refresh(customer)
    assert customer.opted_out is True
    later = NOW.replace(hour=10)
    m, outcome = _write(
        chat, "START", later, type_="image", media_id="media-start-1", media_mime="image/jpeg"
    )
    assert outcome.action == "opted_in"
    assert outcome.jobs == [(FollowUp.fetch_media, (m.id,))]
    session.refresh(customer)
    assert customer.opted_out is False
