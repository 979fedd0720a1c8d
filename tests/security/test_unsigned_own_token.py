"""Finding 8, per restaurant: a restaurant with its OWN access token has a real number, so its
deliveries must be signed even when the global WHATSAPP_ACCESS_TOKEN is unset (sandbox for the
others). Unsigned deliveries keep working for sandbox restaurants only (issue 14)."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import q

CUSTOMER = "966501234567"
DEMO, OWN = "pn-demo", "pn-own-token"


@pytest.fixture
def two(committed, redis_conn, monkeypatch):  # type: ignore[no-untyped-def]
    """Global sandbox, no app secret; a demo restaurant and one with its own access token (and
    its WhatsApp Business Account id, how template and account changes find it)."""
    import webhook
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.channel import ingest
    from crm_res.settings import get_settings

    monkeypatch.delenv("WHATSAPP_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("WHATSAPP_APP_SECRET", raising=False)
    get_settings.cache_clear()
    ingest.directory.clear()
    with session_scope() as s:
        demo = create_restaurant(session=s, name_ar="تجربة", name_en="Demo", phone_number_id=DEMO)
        own = create_restaurant(session=s, name_ar="حقيقي", name_en="Real One", phone_number_id=OWN)
        own.whatsapp_access_token = "EAAG-own-token"
        own.settings = {**(own.settings or {}), "whatsapp_business_account_id": "waba-own"}
        ids = {"demo": demo.id, "own": own.id}
    assert get_settings().sandbox  # the global token is unset: the old check let everything in
    yield {"client": TestClient(webhook.app), "engine": committed, **ids}
    get_settings.cache_clear()
    ingest.directory.clear()


def _post(client, raw: bytes):  # type: ignore[no-untyped-def]
    return client.post("/webhooks/whatsapp", content=raw, headers={"content-type": "application/json"})


def _messages(engine) -> int:  # type: ignore[no-untyped-def]
    return q(engine, "SELECT count(*) FROM messages")[0][0]


def test_an_unsigned_delivery_for_a_restaurant_with_its_own_token_is_refused(two):
    r = _post(two["client"], wa.encode(wa.delivery(wa.text_message(OWN, CUSTOMER, "STOP"))))
    assert r.status_code == 403 and "WHATSAPP_APP_SECRET" in r.json()["error"]
    assert _messages(two["engine"]) == 0
    assert q(two["engine"], "SELECT count(*) FROM customers")[0][0] == 0


def test_sandbox_restaurants_still_take_unsigned_deliveries(two):
    r = _post(two["client"], wa.encode(wa.delivery(wa.text_message(DEMO, CUSTOMER, "hi"))))
    assert r.status_code == 200 and r.json()["stored"] == 1
    assert q(two["engine"], "SELECT restaurant_id FROM messages") == [(two["demo"],)]


def test_a_mixed_delivery_is_refused_whole(two):
    """One body naming the demo number and the real one: nothing of it is stored, not even the
    demo's part (an unsigned body is not Meta's)."""
    raw = wa.encode(
        wa.delivery(wa.text_message(DEMO, CUSTOMER, "hi"), wa.text_message(OWN, CUSTOMER, "STOP"))
    )
    assert _post(two["client"], raw).status_code == 403
    assert _messages(two["engine"]) == 0


def test_unknown_numbers_reach_nobody_and_a_status_for_the_real_number_is_refused(two):
    unknown = _post(two["client"], wa.encode(wa.delivery(wa.text_message("pn-not-yet", CUSTOMER, "hi"))))
    assert unknown.status_code == 200 and unknown.json() == {"status": "ok", "stored": 0, "ignored": 1}
    status = _post(two["client"], wa.encode(wa.delivery(wa.status(OWN, "wamid.x", "failed"))))
    assert status.status_code == 403


def test_an_account_change_routed_by_business_account_is_refused(two):
    """Template and account changes name no number; they find the restaurant by its WhatsApp
    Business Account id: routed to the real one, so refused."""
    raw = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "waba-own",
                    "changes": [
                        {
                            "field": "account_alerts",
                            "value": {
                                "entity_type": "WABA",
                                "alert_severity": "CRITICAL",
                                "alert_type": "x",
                                "alert_info": {},
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()
    assert _post(two["client"], raw).status_code == 403
    assert q(two["engine"], "SELECT count(*) FROM channel_events")[0][0] == 0


def test_a_token_set_a_moment_ago_applies_at_once(two):
    """The routing cache is warm with the demo number; the owner connects a real number: the very
    next unsigned delivery is refused (credentials are read afresh, not from the cache)."""
    assert (
        _post(two["client"], wa.encode(wa.delivery(wa.text_message(DEMO, CUSTOMER, "hi")))).status_code == 200
    )
    with two["engine"].begin() as conn:
        conn.execute(
            text("UPDATE restaurants SET whatsapp_access_token = 'EAAG-new' WHERE id = :r"),
            {"r": two["demo"]},
        )
    r = _post(two["client"], wa.encode(wa.delivery(wa.text_message(DEMO, CUSTOMER, "again"))))
    assert r.status_code == 403 and _messages(two["engine"]) == 1


def test_in_one_batch_only_the_refused_delivery_is_lost(two):
    """Deliveries are written in batches: refusing one must not cost its neighbours."""
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel.ingest import store_deliveries

    demo = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(DEMO, CUSTOMER, "a"))))
    own = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(OWN, CUSTOMER, "b"))))
    signed = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(OWN, CUSTOMER, "c"))))
    signed.verified = True
    with get_engine().connect() as conn, conn.begin():
        result = store_deliveries(conn, [demo, own, signed])
    assert result.refused == {1}
    assert sorted(b for (b,) in q(two["engine"], "SELECT body FROM messages")) == ["a", "c"]


def test_a_signed_delivery_ahead_in_the_batch_does_not_let_an_unsigned_one_through(two):
    """The check looks at every unsigned delivery of a batch, not only those before the first
    signed one: an unsigned delivery for the real number after a signed one is still refused."""
    from crm_res.db import get_engine
    from crm_res.integrations.whatsapp_inbound import parse_delivery_body
    from crm_res.services.channel.ingest import store_deliveries

    signed = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(OWN, CUSTOMER, "signed"))))
    signed.verified = True
    unsigned = parse_delivery_body(wa.encode(wa.delivery(wa.text_message(OWN, CUSTOMER, "unsigned"))))
    with get_engine().connect() as conn, conn.begin():
        result = store_deliveries(conn, [signed, unsigned])
    assert result.refused == {1}
    assert q(two["engine"], "SELECT body FROM messages") == [("signed",)]


def test_start_up_and_settings_say_the_app_secret_is_required(two, capsys):
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.runtime import serve
    from crm_res.services.access import Viewer
    from crm_res.services.admin.connection_check import app_secret_problems
    from crm_res.services.admin.restaurant_settings import connection_status

    with session_scope() as s:
        problems = app_secret_problems(session=s)
        own = connection_status(
            session=s, viewer=Viewer(restaurant_id=two["own"], user_id=uuid.uuid4(), role=Role.owner)
        )
        demo = connection_status(
            session=s, viewer=Viewer(restaurant_id=two["demo"], user_id=uuid.uuid4(), role=Role.owner)
        )
    assert len(problems) == 1 and "Real One" in problems[0] and "WHATSAPP_APP_SECRET" in problems[0]
    assert "Demo" not in problems[0]
    assert own["app_secret_missing"] and not own["sandbox"]
    assert not demo["app_secret_missing"] and demo["sandbox"]
    assert serve.database_problems() == problems


def test_the_webhook_answers_an_unsigned_delivery_403_and_stores_a_signed_one_once_the_secret_is_set(
    two, monkeypatch
):
    """The restaurant with its own token: unsigned (no app secret) its delivery is refused 403 with
    the configuration error, counted as `not_configured`; with the secret set, a delivery whose
    signature the webhook checked counts as verified and is stored."""
    import asyncio

    from crm_res.http.delivery_batcher import NOT_CONFIGURED, handle_delivery
    from crm_res.settings import get_settings

    raw = wa.encode(wa.delivery(wa.text_message(OWN, CUSTOMER, "hi")))
    unsigned = asyncio.run(asyncio.wait_for(handle_delivery(raw=raw, signature=None), 60))
    assert unsigned == (403, {"error": NOT_CONFIGURED, "_reason": "not_configured"})
    monkeypatch.setenv("WHATSAPP_APP_SECRET", "the-app-secret")
    get_settings.cache_clear()
    signed = asyncio.run(
        asyncio.wait_for(handle_delivery(raw=raw, signature=wa.sign(raw, "the-app-secret")), 60)
    )
    assert signed == (200, {"status": "ok", "stored": 1})
    assert _messages(two["engine"]) == 1
