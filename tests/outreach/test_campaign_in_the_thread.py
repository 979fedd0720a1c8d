"""The campaign message a customer answers is shown in the conversation's thread: the text they got
(the template with their own values filled), marked as a campaign message with the campaign's name,
placed by time before their reply. Real sends through the batch sender and the fake Graph API."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from crm_res.models import Customer, MessageSender, MessageTemplate, Restaurant, Role
from crm_res.services.access import Viewer
from crm_res.services.campaigns import actions as dash
from crm_res.services.campaigns import board
from crm_res.services.errors import NotFound
from tests.fixtures.campaigns import make_campaign
from tests.fixtures.channel import run_worker
from tests.fixtures.dashboard import make_conversation
from tests.fixtures.people import add_user


def test_the_thread_shows_the_campaign_message_the_customer_answers(committed, redis_conn, wired):
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled
    from crm_res.pages.conversations.thread_state import interleave, thread_data
    from crm_res.services.accounts.users import open_session_for
    from crm_res.settings import get_settings

    with session_scope() as s:
        r, viewer, cid, customers = make_campaign(s, n=2, pnid="pn-thread")
        tpl = s.exec(select(MessageTemplate).where(MessageTemplate.restaurant_id == r.id)).one()
        tpl.body_preview = "أهلاً {{name}}، كود خصمك {{code}}"
        s.add(tpl)
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
        rid, first = r.id, customers[0].wa_id
    scheduled.release_campaigns()
    run_worker()
    assert len(wired.sent) == 2
    code = next(m for m in wired.sent if m.to == first).json["template"]["components"][0]["parameters"][1][
        "text"
    ]
    with session_scope() as s:
        got = s.exec(select(Customer).where(Customer.restaurant_id == rid, Customer.wa_id == first)).one()
        other = s.exec(select(Customer).where(Customer.restaurant_id == rid, Customer.wa_id != first)).first()
        restaurant = s.get(Restaurant, rid)
        reply = make_conversation(
            s, restaurant, got, None, messages=[(MessageSender.customer, "أبغى أطلب بالكود")]
        )
        unrelated = make_conversation(
            s, restaurant, other, None, messages=[(MessageSender.customer, "مرحبا")]
        )
        unrelated_id, reply_id = unrelated.id, reply.id
        user = add_user(s, rid, "thread@c.sa", Role.staff)
        s.flush()
        token = open_session_for(user, get_settings().signing_key())
    with session_scope() as s:
        [entry] = board.campaign_thread_messages(session=s, viewer=viewer, conversation_id=reply_id)
        assert entry["kind"] == "campaign" and entry["author"] == "Batch" and entry["campaign"] == "Batch"
        assert entry["body"] == f"أهلاً عميل 0، كود خصمك {code}"
        assert entry["status"] == "sent" and entry["direction"] == "outbound"
        # Another customer's conversation shows only their own campaign message, never this one.
        [theirs] = board.campaign_thread_messages(session=s, viewer=viewer, conversation_id=unrelated_id)
        assert code not in theirs["body"]
        stranger = Viewer(user_id=uuid.uuid4(), restaurant_id=uuid.uuid4(), role=Role.owner)
        with pytest.raises(NotFound):
            board.campaign_thread_messages(session=s, viewer=stranger, conversation_id=reply_id)
    # The page's thread query: the campaign message comes first, before the customer's reply.
    data = thread_data(token, str(reply_id), mark_read=False)
    assert data is not None and not data["not_found"]
    items = interleave(data["messages"], data["activity"], complete=not data["has_older"])
    kinds = [(i["kind"], i["body"]) for i in items if i["kind"] in ("campaign", "customer")]
    assert kinds == [("campaign", f"أهلاً عميل 0، كود خصمك {code}"), ("customer", "أبغى أطلب بالكود")]
