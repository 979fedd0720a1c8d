"""The API's outgoing-webhook endpoints and campaigns (FastAPI's test client on webhook.app, real
Postgres, Redis and RQ): register → list → change → test event delivered to a local receiver →
delivery log → send again → delete; a campaign created, read with results, sent, paused, resumed,
cancelled; scopes, idempotency and tenancy (restaurant A's key gets 404 for B's ids)."""

from __future__ import annotations

import json
import typing
import uuid

from sqlalchemy import text
from sqlmodel import Session
from standardwebhooks.webhooks import Webhook

from crm_res.http.api.webhook_endpoints import EventType
from crm_res.models import Customer
from crm_res.services.api.webhook_events import EVENT_TYPES
from tests.fixtures.campaigns import offer_template
from tests.fixtures.webhooks import Receiver, deliver_everything


def _call(api, key: str, method: str, path: str, json_body=None, headers=None, params=None):  # type: ignore[no-untyped-def]  # noqa: F811
    h = {"Authorization": f"Bearer {api['keys'][key]}", **(headers or {})}
    return api["client"].request(method, f"/api/v1{path}", json=json_body, headers=h, params=params)


def _templates(api) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]  # noqa: F811
    """An approved template for each restaurant (A's and X's) and a few of A's customers."""
    out = {}
    with Session(api["engine"]) as s:
        for tag, rid in (("A", api["ids"]["r"]), ("X", _restaurant_of(s, api["ids"]["X"]["customer"]))):
            out[tag] = offer_template(s, rid, f"offer_{tag.lower()}").id
        s.commit()
    return out


def _restaurant_of(s: Session, customer_id) -> uuid.UUID:  # type: ignore[no-untyped-def]
    customer = s.get(Customer, customer_id)
    assert customer is not None
    return customer.restaurant_id


def test_the_event_names_in_the_schema_are_the_domains() -> None:
    assert typing.get_args(EventType) == EVENT_TYPES


def test_webhook_endpoint_lifecycle_through_the_api(api, loopback) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Register (secret shown once, never listed), change, send a test event that a local receiver
    gets with a valid signature, read it in the delivery log, send it again (same event id), delete."""
    receiver = Receiver()
    try:
        made = _call(
            api,
            "owner",
            "POST",
            "/webhook-endpoints",
            {"url": receiver.url, "events": ["order:new"], "description": "نقاط البيع"},
        )
        assert made.status_code == 201, made.text
        ep = made.json()
        assert ep["secret"].startswith("whsec_") and ep["events"] == ["order:new"]
        listed = _call(api, "owner", "GET", "/webhook-endpoints").json()["endpoints"]
        assert [e["id"] for e in listed] == [ep["id"]] and "secret" not in listed[0]
        changed = _call(
            api,
            "owner",
            "PATCH",
            f"/webhook-endpoints/{ep['id']}",
            {"events": ["order:new", "order:status"], "enabled": False},
        ).json()
        assert changed["events"] == ["order:new", "order:status"] and not changed["enabled"]
        assert changed["disabled_reason"] == "owner"
        again = _call(api, "owner", "PATCH", f"/webhook-endpoints/{ep['id']}", {"enabled": True})
        assert again.json()["enabled"] is True
        test = _call(api, "owner", "POST", f"/webhook-endpoints/{ep['id']}/test")
        assert test.status_code == 202
        event_id = test.json()["event_id"]
        deliver_everything(api["engine"])
        got = [r for r in receiver.ok() if r["headers"]["webhook-id"] == event_id]
        assert len(got) == 1
        Webhook(ep["secret"]).verify(got[0]["body"], {k.lower(): v for k, v in got[0]["headers"].items()})
        assert json.loads(got[0]["body"])["type"] == "webhook:test"
        log = _call(api, "owner", "GET", f"/webhook-endpoints/{ep['id']}/deliveries").json()
        [delivery] = log["deliveries"]
        assert delivery["event_id"] == event_id and delivery["status"] == "delivered"
        assert delivery["log"][0]["status_code"] == 200 and log["next_cursor"] is None
        resent = _call(
            api, "owner", "POST", f"/webhook-endpoints/{ep['id']}/deliveries/{delivery['id']}/redeliver"
        )
        assert resent.status_code == 202 and resent.json()["event_id"] == event_id
        deliver_everything(api["engine"])
        assert [r["headers"]["webhook-id"] for r in receiver.ok()].count(event_id) == 2
        rotated = _call(api, "owner", "POST", f"/webhook-endpoints/{ep['id']}/rotate-secret").json()
        assert rotated["secret"].startswith("whsec_") and rotated["secret"] != ep["secret"]
        gone = _call(api, "owner", "DELETE", f"/webhook-endpoints/{ep['id']}")
        assert gone.status_code == 200 and gone.json()["deleted"] is True
        assert _call(api, "owner", "GET", f"/webhook-endpoints/{ep['id']}").status_code == 404
    finally:
        receiver.close()


def test_webhook_endpoint_rules_scopes_and_idempotency(api, loopback) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Unknown events and unsafe URLs are 422 naming the field; the same Idempotency-Key registers
    once; a read-only key cannot register (403); a branch key (a manager) sees none and may change none."""
    bad = _call(
        api, "owner", "POST", "/webhook-endpoints", {"url": "https://x.example", "events": ["order:eaten"]}
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]["fields"][0]["field"].startswith(
        "events"
    )
    body = {"url": "http://127.0.0.1:9/hook", "events": ["order:new"]}
    h = {"Idempotency-Key": "hook-1"}
    one = _call(api, "owner", "POST", "/webhook-endpoints", body, h)
    two = _call(api, "owner", "POST", "/webhook-endpoints", body, h)
    assert one.status_code == two.status_code == 201 and one.json() == two.json()
    assert len(_call(api, "owner", "GET", "/webhook-endpoints").json()["endpoints"]) == 1
    assert _call(api, "read_only", "POST", "/webhook-endpoints", body).status_code == 403
    assert _call(api, "branch_a", "GET", "/webhook-endpoints").json()["endpoints"] == []
    r = _call(api, "branch_a", "POST", "/webhook-endpoints", {**body, "url": "http://127.0.0.1:10/x"})
    assert r.status_code == 403
    assert _call(api, "branch_a", "DELETE", f"/webhook-endpoints/{one.json()['id']}").status_code == 403


def test_campaign_lifecycle_through_the_api(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Create a draft for a list of numbers, read it with results, send (audience frozen), pause,
    resume, cancel; a second send is 409; the same Idempotency-Key creates one campaign."""
    tpl = _templates(api)
    body = {
        "name": "عرض الجمعة",
        "template_id": str(tpl["A"]),
        "template_params": {"name": "{name}"},
        "numbers": ["966500000001", "966500000002"],
        "timing": {"mode": "at", "at": "2099-01-01T16:00"},
    }
    h = {"Idempotency-Key": "camp-1"}
    made = _call(api, "owner", "POST", "/campaigns", body, h)
    assert made.status_code == 201, made.text
    assert _call(api, "owner", "POST", "/campaigns", body, h).json() == made.json()
    cid = made.json()["id"]
    assert made.json()["status"] == "draft" and made.json()["numbers"] == 2
    listed = _call(api, "owner", "GET", "/campaigns").json()
    assert [c["id"] for c in listed["campaigns"]] == [cid] and listed["next_cursor"] is None
    detail = _call(api, "owner", "GET", f"/campaigns/{cid}").json()
    assert detail["results"]["targeted"] == 0 and detail["timing"]["mode"] == "at"
    sent = _call(api, "owner", "POST", f"/campaigns/{cid}/send")
    assert sent.status_code == 200, sent.text
    assert sent.json()["recipients"] == 2 and sent.json()["campaign"]["status"] == "scheduled"
    assert _call(api, "owner", "GET", f"/campaigns/{cid}").json()["results"]["targeted"] == 2
    again = _call(api, "owner", "POST", f"/campaigns/{cid}/send")
    assert again.status_code == 409 and again.json()["error"]["code"] == "CONFLICT"
    assert _call(api, "owner", "POST", f"/campaigns/{cid}/pause").json()["campaign"]["status"] == "paused"
    assert _call(api, "owner", "POST", f"/campaigns/{cid}/resume").json()["campaign"]["status"] == "scheduled"
    cancelled = _call(api, "owner", "POST", f"/campaigns/{cid}/cancel").json()
    assert cancelled["campaign"]["status"] == "cancelled" and cancelled["taken_back"] == 0
    assert _call(api, "read_only", "GET", "/campaigns").status_code == 403
    with Session(api["engine"]) as s:
        kinds = s.exec(
            text("SELECT kind FROM events WHERE subject_id = :c ORDER BY id"),  # type: ignore[call-overload]
            params={"c": cid},
        ).all()
    assert [k for (k,) in kinds] == [
        "campaign.created",
        "campaign.scheduled",
        "campaign.paused",
        "campaign.resumed",
        "campaign.cancelled",
    ]


def test_campaign_paging_and_validation(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Three campaigns page two at a time without repeats; an unknown template is 404, a bad
    timing 422 with the field named."""
    tpl = _templates(api)
    ids = []
    for n in range(3):
        r = _call(
            api,
            "owner",
            "POST",
            "/campaigns",
            {"name": f"حملة {n}", "template_id": str(tpl["A"]), "segment": {"tag": "vip"}},
        )
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    first = _call(api, "owner", "GET", "/campaigns", params={"limit": 2}).json()
    rest = _call(
        api, "owner", "GET", "/campaigns", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    seen = [c["id"] for c in first["campaigns"] + rest["campaigns"]]
    assert sorted(seen) == sorted(ids) and rest["next_cursor"] is None
    r = _call(
        api, "owner", "POST", "/campaigns", {"name": "x", "template_id": str(uuid.uuid4()), "numbers": ["1"]}
    )
    assert r.status_code == 404
    r = _call(
        api,
        "owner",
        "POST",
        "/campaigns",
        {"name": "x", "template_id": str(tpl["A"]), "timing": {"mode": "prayer", "prayer": "noon"}},
    )
    assert r.status_code == 422 and "timing.prayer" in {
        f["field"] for f in r.json()["error"]["details"]["fields"]
    }


def test_a_key_gets_404_for_the_other_restaurants_endpoints_and_campaigns(api, loopback) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Restaurant B's endpoint, delivery and campaign, on every route, through A's key: 404; B's
    own key reaches them (the ids are real) and they are unchanged."""
    tpl = _templates(api)
    ep = _call(
        api, "other", "POST", "/webhook-endpoints", {"url": "http://127.0.0.1:9/b", "events": ["order:new"]}
    )
    eid = ep.json()["id"]
    _call(api, "other", "POST", f"/webhook-endpoints/{eid}/test")
    [delivery] = _call(api, "other", "GET", f"/webhook-endpoints/{eid}/deliveries").json()["deliveries"]
    camp = _call(
        api,
        "other",
        "POST",
        "/campaigns",
        {"name": "ب", "template_id": str(tpl["X"]), "numbers": ["966500000009"]},
    ).json()
    cid = camp["id"]
    routes = [("GET", f"/webhook-endpoints/{eid}", None), ("PATCH", f"/webhook-endpoints/{eid}", {"enabled": False}),
              ("DELETE", f"/webhook-endpoints/{eid}", None), ("POST", f"/webhook-endpoints/{eid}/test", None),
              ("POST", f"/webhook-endpoints/{eid}/rotate-secret", None),
              ("GET", f"/webhook-endpoints/{eid}/deliveries", None),
              ("POST", f"/webhook-endpoints/{eid}/deliveries/{delivery['id']}/redeliver", None),
              ("GET", f"/campaigns/{cid}", None), ("POST", f"/campaigns/{cid}/send", None),
              ("POST", f"/campaigns/{cid}/pause", None), ("POST", f"/campaigns/{cid}/resume", None),
              ("POST", f"/campaigns/{cid}/cancel", None)]  # fmt: skip
    for method, path, body in routes:
        r = _call(api, "owner", method, path, body)
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["error"]["code"] == "NOT_FOUND"
    assert _call(api, "owner", "GET", "/webhook-endpoints").json()["endpoints"] == []
    assert _call(api, "owner", "GET", "/campaigns").json()["campaigns"] == []
    # A's own endpoint with B's delivery id: still 404 (the delivery is looked up under the endpoint).
    mine = _call(
        api, "owner", "POST", "/webhook-endpoints", {"url": "http://127.0.0.1:9/a", "events": ["order:new"]}
    )
    r = _call(
        api, "owner", "POST", f"/webhook-endpoints/{mine.json()['id']}/deliveries/{delivery['id']}/redeliver"
    )
    assert r.status_code == 404
    b_ep = _call(api, "other", "GET", f"/webhook-endpoints/{eid}").json()
    assert b_ep["enabled"] is True
    assert _call(api, "other", "GET", f"/campaigns/{cid}").json()["status"] == "draft"
