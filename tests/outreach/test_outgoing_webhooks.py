"""Outgoing webhooks end to end: a local receiver gets each event once, signed by the Standard
Webhooks convention, in order per conversation, again after a 500; failing endpoints are
disabled with a notice to the owner; "send again" and the test event work; tenancy holds."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text
from standardwebhooks.webhooks import Webhook

from crm_res.db import session_scope
from crm_res.models import Role, WebhookEndpoint
from crm_res.services.access import viewer_for
from crm_res.services.api import webhook_endpoints as hooks
from crm_res.services.api.webhook_events import EVENT_TYPES
from crm_res.services.errors import Forbidden, InvalidInput, NotFound
from crm_res.settings import get_settings
from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post
from tests.fixtures.people import add_user
from tests.fixtures.webhooks import Receiver, deliver_everything, owner_of


def test_each_event_once_signed_in_order_and_again_after_a_500(channel, loopback):
    """A customer's message, the reply and its statuses reach the receiver: each event id accepted
    exactly once, every signature valid, events of the conversation in the order they happened,
    and the one answered 500 delivered again."""
    receiver = Receiver(fail_first=1)
    try:
        owner = owner_of(channel["restaurant_id"])
        with session_scope() as s:
            ep = hooks.create_webhook_endpoint(
                session=s, viewer=owner, url=receiver.url, events=list(EVENT_TYPES)
            )
        assert ep["secret"].startswith("whsec_")
        assert (
            post(
                channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم", wamid="wamid.H1")
            ).status_code
            == 200
        )
        deliver_everything(channel["engine"])
        assert (
            post(
                channel["client"], wa.text_message(PNID, CUSTOMER, "كم السعر؟", wamid="wamid.H2")
            ).status_code
            == 200
        )
        deliver_everything(channel["engine"])
    finally:
        receiver.close()
    verifier = Webhook(ep["secret"])
    for r in receiver.requests:
        verifier.verify(r["body"], {k.lower(): v for k, v in r["headers"].items()})  # raises if not valid
    accepted = [r["headers"]["webhook-id"] for r in receiver.ok()]
    assert len(accepted) == len(set(accepted)), "an event was accepted twice"
    assert receiver.requests[0]["status"] == 500
    assert receiver.requests[0]["headers"]["webhook-id"] in accepted, "the 500'd event was not sent again"
    bodies = [json.loads(r["body"]) for r in receiver.ok()]
    types = [b["type"] for b in bodies]
    assert types[0] == "conversation:new" and types.count("conversation:new") == 1
    assert types.count("message:new") >= 3  # two from the customer, at least one reply
    inbound = [
        b["data"]["message"]["content"]
        for b in bodies
        if b["type"] == "message:new" and b["data"]["message"]["sender"] == "customer"
    ]
    assert inbound == ["السلام عليكم", "كم السعر؟"]
    with channel["engine"].connect() as conn:
        in_db = conn.execute(text("SELECT event_id, ordering_key FROM webhook_deliveries ORDER BY id")).all()
        assert not conn.execute(text("SELECT 1 FROM webhook_deliveries WHERE status <> 'delivered'")).first()
    assert sorted(accepted) == sorted(e for e, _ in in_db)  # everything written went out, nothing else
    for key in {k for _, k in in_db if k}:
        expected = [e for e, k in in_db if k == key]
        assert [e for e in accepted if e in expected] == expected, "events of a conversation out of order"


def test_endpoint_disabled_after_repeated_failures_with_a_notice_to_theowner_of(
    channel, loopback, monkeypatch
):
    """An endpoint that keeps answering 500 is disabled and the owner gets a notification."""
    monkeypatch.setenv("WEBHOOK_DISABLE_AFTER_FAILURES", "3")
    get_settings.cache_clear()
    receiver = Receiver(always_fail=True)
    try:
        owner = owner_of(channel["restaurant_id"])
        with session_scope() as s:
            ep = hooks.create_webhook_endpoint(
                session=s, viewer=owner, url=receiver.url, events=["message:new"]
            )
        post(channel["client"], wa.text_message(PNID, CUSTOMER, "مرحبا", wamid="wamid.F1"))
        deliver_everything(channel["engine"])
    finally:
        receiver.close()
    assert len(receiver.requests) == 3
    with session_scope() as s:
        endpoint = s.get(WebhookEndpoint, uuid.UUID(ep["id"]))
        assert endpoint is not None and not endpoint.enabled and endpoint.disabled_reason == "failures"
        notes = s.exec(text("SELECT user_id, kind FROM notifications")).all()  # type: ignore[call-overload]
        assert [(n[0], n[1]) for n in notes] == [(owner.user_id, "webhook_disabled")]
        log = hooks.list_webhook_deliveries(session=s, viewer=owner, endpoint_id=ep["id"])
    tried = [d for d in log if d["log"]]
    assert [a["status_code"] for d in tried for a in d["log"]] == [500, 500, 500]
    assert all(d["status"] == "pending" for d in log)  # kept: enabling the endpoint again resumes them


def test_send_again_and_test_event(channel, loopback):
    """The test event reaches the receiver signed; "send again" repeats a delivery with its id."""
    receiver = Receiver()
    try:
        owner = owner_of(channel["restaurant_id"])
        with session_scope() as s:
            ep = hooks.create_webhook_endpoint(
                session=s, viewer=owner, url=receiver.url, events=["order:new"]
            )
        with session_scope() as s:
            event_id = hooks.send_test_webhook(session=s, viewer=owner, endpoint_id=ep["id"])
        deliver_everything(channel["engine"])
        assert [r["headers"]["webhook-id"] for r in receiver.requests] == [event_id]
        Webhook(ep["secret"]).verify(receiver.requests[0]["body"], receiver.requests[0]["headers"])
        assert json.loads(receiver.requests[0]["body"])["type"] == "webhook:test"
        with session_scope() as s:
            [delivery] = hooks.list_webhook_deliveries(session=s, viewer=owner, endpoint_id=ep["id"])
            assert delivery["status"] == "delivered" and delivery["log"][0]["status_code"] == 200
            hooks.redeliver_webhook(session=s, viewer=owner, delivery_id=delivery["id"])
        deliver_everything(channel["engine"])
    finally:
        receiver.close()
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [event_id, event_id]


def test_owner_cannot_see_or_touch_another_restaurants_endpoints(channel, loopback):
    """Another restaurant's owner gets NotFound for every endpoint and delivery of this one; staff
    may not manage endpoints at all."""
    from crm_res.services.admin.restaurants import create_restaurant

    owner = owner_of(channel["restaurant_id"])
    with session_scope() as s:
        other = create_restaurant(session=s, name_ar="آخر", name_en="Other", phone_number_id="pn-other-hooks")
        other_id = other.id
    stranger = owner_of(other_id, email="owner@other.sa")
    with session_scope() as s:
        staff_user = add_user(s, channel["restaurant_id"], "s@hooks.sa", Role.staff)
        staff = viewer_for(staff_user)
    with session_scope() as s:
        ep = hooks.create_webhook_endpoint(
            session=s, viewer=owner, url="http://127.0.0.1:9/x", events=["order:new"]
        )
        hooks.send_test_webhook(session=s, viewer=owner, endpoint_id=ep["id"])
    with session_scope() as s:
        delivery_id = hooks.list_webhook_deliveries(session=s, viewer=owner, endpoint_id=ep["id"])[0]["id"]
        assert hooks.list_webhook_endpoints(session=s, viewer=stranger) == []
        assert hooks.list_webhook_endpoints(session=s, viewer=staff) == []
        for call in (
            lambda: hooks.list_webhook_deliveries(session=s, viewer=stranger, endpoint_id=ep["id"]),
            lambda: hooks.redeliver_webhook(session=s, viewer=stranger, delivery_id=delivery_id),
            lambda: hooks.send_test_webhook(session=s, viewer=stranger, endpoint_id=ep["id"]),
            lambda: hooks.update_webhook_endpoint(
                session=s, viewer=stranger, endpoint_id=ep["id"], enabled=False
            ),
            lambda: hooks.delete_webhook_endpoint(session=s, viewer=stranger, endpoint_id=ep["id"]),
            lambda: hooks.rotate_webhook_secret(session=s, viewer=stranger, endpoint_id=ep["id"]),
        ):
            with pytest.raises(NotFound):
                call()
        with pytest.raises(Forbidden):
            hooks.create_webhook_endpoint(
                session=s, viewer=staff, url="http://127.0.0.1:9/x", events=["order:new"]
            )


def test_private_addresses_refused_unless_allowed(channel):
    """Without WEBHOOK_ALLOW_PRIVATE_URLS a loopback or private receiver is refused (SSRF)."""
    owner = owner_of(channel["restaurant_id"])
    for url in (
        "http://127.0.0.1:8080/x",
        "http://10.0.0.5/x",
        "http://169.254.169.254/latest",
        "ftp://a.sa/x",
    ):
        with session_scope() as s, pytest.raises(InvalidInput):
            hooks.create_webhook_endpoint(session=s, viewer=owner, url=url, events=["order:new"])
