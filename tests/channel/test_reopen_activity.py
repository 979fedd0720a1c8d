"""A conversation the customer reopens (a resolved one that gets a new message) shows a
"reopened" line by the customer in the thread's activity log, written by the same ingestion
statement that reopens it and emits its `conversation:status` webhook event."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crm_res.db import session_scope
from crm_res.models import Role
from crm_res.services.access import viewer_for
from crm_res.services.inbox.inbox import conversation_activity
from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q
from tests.fixtures.people import add_user


@pytest.fixture
def owner(channel):  # type: ignore[no-untyped-def]
    with session_scope() as s:
        user = add_user(s, channel["restaurant_id"], "owner@reopen.sa", Role.owner)
        return viewer_for(user)


def _activity(channel, owner):  # type: ignore[no-untyped-def]
    [(conv_id,)] = q(channel["engine"], "SELECT id FROM conversations")
    with session_scope() as s:
        return conversation_activity(session=s, viewer=owner, conversation_id=conv_id)


def test_a_customer_reopening_a_resolved_conversation_is_a_line_in_its_activity_log(channel, owner):
    client = channel["client"]
    assert post(client, wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.O1")).status_code == 200
    assert _activity(channel, owner) == []
    with channel["engine"].begin() as conn:
        conn.execute(
            text("UPDATE conversations SET status = 'resolved', resolved_at = now() - interval '5 minutes'")
        )
    assert post(client, wa.text_message(PNID, CUSTOMER, "رجعت", wamid="wamid.O2")).status_code == 200
    lines = _activity(channel, owner)
    assert [(a["event"], a["actor_kind"], a["actor"]) for a in lines] == [("reopened", "customer", "")]
    # A redelivery of the same message reopens nothing and writes no second line.
    assert post(client, wa.text_message(PNID, CUSTOMER, "رجعت", wamid="wamid.O2")).status_code == 200
    assert len(_activity(channel, owner)) == 1
    # A further message in the now open conversation is no reopening either.
    assert post(client, wa.text_message(PNID, CUSTOMER, "وينكم", wamid="wamid.O3")).status_code == 200
    assert len(_activity(channel, owner)) == 1
    [(status, restaurant)] = q(channel["engine"], "SELECT status::text, restaurant_id FROM conversations")
    assert status == "active"
    [(kind, subject_rid)] = q(
        channel["engine"], "SELECT kind, restaurant_id FROM events WHERE actor = 'customer'"
    )
    assert (kind, subject_rid) == ("conversation.reopened", restaurant)


def test_a_conversation_past_the_reopen_gap_starts_anew_without_a_reopened_line(channel):
    client = channel["client"]
    assert post(client, wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.N1")).status_code == 200
    with channel["engine"].begin() as conn:
        conn.execute(
            text(
                "UPDATE conversations SET status = 'resolved', resolved_at = now() - interval '3 days', "
                "last_message_at = now() - interval '3 days'"
            )
        )
    assert post(client, wa.text_message(PNID, CUSTOMER, "بعد أيام", wamid="wamid.N2")).status_code == 200
    assert q(channel["engine"], "SELECT count(*) FROM conversations") == [(2,)]
    assert q(channel["engine"], "SELECT count(*) FROM events WHERE kind = 'conversation.reopened'") == [(0,)]
