"""Named-parameter templates (Meta's `parameter_format: NAMED`, synced into
`message_templates.parameter_format`) are sent with each value's `parameter_name` on every path:
the swap of a staff or AI reply into a template outside the 24-hour window, a staff template send,
and a campaign. Checked on what the fake Graph API received."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.fixtures.channel import CUSTOMER, lone_staff_reply, q, queue_reply, run_worker
from tests.fixtures.people import add_user


def _template(engine, restaurant_id, *, purpose: str, named: bool, parameters: list[str]):  # type: ignore[no-untyped-def]
    from crm_res.models import MessageTemplate

    with Session(engine, expire_on_commit=False) as s:
        t = MessageTemplate(
            restaurant_id=restaurant_id,
            name=f"t_{purpose}",
            language="ar",
            purpose=purpose,
            parameters=parameters,
            parameter_format="named" if named else "positional",
            body_preview="مرحبا {{customer_name}}",
        )
        s.add(t)
        s.commit()
        return t


def _body(received) -> list[dict]:  # type: ignore[no-untyped-def]
    [component] = [c for c in received.json["template"]["components"] if c["type"] == "body"]
    return component["parameters"]


@pytest.mark.parametrize("named", [True, False])
def test_an_ai_reply_outside_the_window_swaps_to_the_template_with_its_parameter_names(channel, named):
    """An AI reply 25 h after the customer's last message becomes the restaurant's approved reply
    template; a named one carries `parameter_name` for each value, a positional one does not."""
    from crm_res.db import get_engine
    from crm_res.jobs.send import send_in_order

    engine, rid = channel["engine"], channel["restaurant_id"]
    _template(engine, rid, purpose="reply", named=named, parameters=["customer_name"])
    stale = datetime.now(UTC) - timedelta(hours=25)
    oid = queue_reply(engine, rid, body="ردّ المساعد", last_inbound=stale)
    with engine.begin() as conn:
        conn.execute(text("UPDATE customers SET name = 'Maha' WHERE wa_id = :w"), {"w": CUSTOMER})
    with get_engine().connect() as conn:
        send_in_order([[(oid, None)]], conn=conn)
    [(status, kind)] = q(engine, "SELECT status, kind FROM outbox WHERE id = :i", i=oid)
    [sent] = channel["graph"].sent
    assert status == "sent" and sent.json["type"] == "template"
    assert kind == "template"  # the row says what went out (a retry is no free-form message)
    if named:
        assert _body(sent) == [{"type": "text", "text": "Maha", "parameter_name": "customer_name"}]
    else:
        assert _body(sent) == [{"type": "text", "text": "Maha"}]


def test_a_staff_reply_outside_the_window_swaps_to_a_named_template(channel):
    """The staff reply's swap (the one-row send job) names the parameter too."""
    engine, rid = channel["engine"], channel["restaurant_id"]
    _template(engine, rid, purpose="reply", named=True, parameters=["customer_name"])
    lone_staff_reply(engine, rid, datetime.now(UTC) - timedelta(hours=25), "أهلاً")
    run_worker()
    [sent] = channel["graph"].sent
    assert [p.get("parameter_name") for p in _body(sent)] == ["customer_name"]


def test_a_staff_template_send_names_its_parameters(channel):
    """Staff pick a named template outside the window: Meta receives each value with its name,
    and the thread shows the text with the values filled."""
    from crm_res.jobs.enqueue import enqueue_send
    from crm_res.models import Conversation, Customer, MessageTemplate, Role
    from crm_res.services.accounts.users import viewer_for
    from crm_res.services.inbox import conversations as conv_service

    engine, rid = channel["engine"], channel["restaurant_id"]
    queue_reply(engine, rid, body="seed", last_inbound=datetime.now(UTC) - timedelta(days=3))
    with Session(engine, expire_on_commit=False) as s:
        s.execute(text("DELETE FROM outbox"))
        t = MessageTemplate(
            restaurant_id=rid,
            name="order_ready",
            language="ar",
            purpose="order_status",
            parameters=["order_number", "customer_name"],
            parameter_format="named",
            body_preview="طلبك {{order_number}} جاهز يا {{customer_name}}",
        )
        s.add(t)
        owner = add_user(s, rid, "owner@named2.sa", Role.owner)
        conv = s.exec(select(Conversation).join(Customer).where(Customer.wa_id == CUSTOMER)).one()
        queued = conv_service.send_template(
            session=s,
            viewer=viewer_for(owner),
            conversation_id=conv.id,
            template_id=t.id,
            params={"order_number": "17", "customer_name": "Maha"},
        )
        s.commit()
    enqueue_send(queued.outbox_id)
    run_worker()
    [sent] = channel["graph"].sent
    assert _body(sent) == [
        {"type": "text", "text": "17", "parameter_name": "order_number"},
        {"type": "text", "text": "Maha", "parameter_name": "customer_name"},
    ]
    assert q(
        engine,
        "SELECT body FROM messages WHERE id = (SELECT message_id FROM outbox WHERE id = :i)",
        i=queued.outbox_id,
    ) == [("طلبك 17 جاهز يا Maha",)]


def test_a_campaign_with_a_named_template_names_every_value(committed, redis_conn, wired):
    """A campaign's batched sends of a named template carry `parameter_name` per value."""
    from crm_res.db import session_scope
    from crm_res.jobs import scheduled
    from crm_res.models import MessageTemplate
    from crm_res.services.campaigns import actions as dash
    from tests.fixtures.campaigns import make_campaign

    with session_scope() as s:
        r, viewer, cid, _c = make_campaign(s, n=3, pnid="pn-named")
        tpl = s.exec(select(MessageTemplate).where(MessageTemplate.restaurant_id == r.id)).one()
        tpl.parameter_format = "named"
        s.add(tpl)
        dash.schedule_campaign(session=s, viewer=viewer, campaign_id=cid)
    scheduled.release_campaigns()
    run_worker()
    assert len(wired.sent) == 3
    for sent in wired.sent:
        body = _body(sent)
        assert [p["parameter_name"] for p in body] == ["name", "code"]
        assert body[0]["text"].startswith("عميل ") and body[1]["text"].startswith("C")
