"""The REST API over HTTP (FastAPI's test client on the app webhook.py mounts), on real Postgres
and Redis: tenancy, branch keys, revocation, tier limits, idempotency, errors."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from crm_res.models import ConversationStatus, Restaurant, SubscriptionTier
from crm_res.services.access import viewer_for
from crm_res.services.api.api_keys import revoke_api_key
from tests.fixtures.api import api_get as _get
from tests.fixtures.api import api_post as _post


def _routes_for(x: dict) -> list[tuple[str, str, dict | None]]:
    """Every route that takes an id, with a valid body."""
    c, cu, o, m = x["conversation"], x["customer"], x["order"], x["menu_item"]
    return [
        ("GET", f"/conversations/{c}", None), ("POST", f"/conversations/{c}/takeover", {}),
        ("POST", f"/conversations/{c}/handback", {}), ("POST", f"/conversations/{c}/resolve", {}),
        ("POST", f"/conversations/{c}/messages", {"text": "أهلاً"}),
        ("GET", f"/customers/{cu}", None), ("PUT", f"/customers/{cu}/tags", {"tags": ["vip"]}),
        ("GET", f"/orders/{o}", None), ("POST", f"/orders/{o}/advance", {}),
        ("POST", f"/orders/{o}/cancel", {"reason": "نفد"}),
        ("PUT", f"/menu-items/{m}", {"name_ar": "س", "name_en": "S", "price": "5"}),
        ("PUT", f"/menu-items/{m}/availability", {"available": False}),
    ]  # fmt: skip


def test_a_key_gets_404_for_every_id_of_another_restaurant(api) -> None:  # type: ignore[no-untyped-def]
    """Restaurant A's key on each of restaurant B's ids, on every route: 404 in the seed's error
    format, and B's rows unchanged; B's own key on the same routes succeeds (the ids are real)."""
    client = api["client"]
    for method, path, body in _routes_for(api["ids"]["X"]):
        r = client.request(
            method, f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {api['keys']['owner']}"}
        )
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["error"]["code"] == "NOT_FOUND"
    r = client.get(
        f"/api/v1/conversations/{api['ids']['X']['conversation']}",
        headers={"Authorization": f"Bearer {api['keys']['other']}"},
    )
    assert r.status_code == 200 and r.json()["status"] == "active"  # A's attempts changed nothing
    seen = _get(api, "owner", "/conversations").json()["conversations"]
    assert {c["id"] for c in seen} == {str(api["ids"][t]["conversation"]) for t in "AB"}
    assert str(api["ids"]["X"]["feedback"]) not in _get(api, "owner", "/feedback").text
    assert "Item X" not in _get(api, "owner", "/menu-items").text


def test_a_branch_limited_key_sees_only_its_branch(api) -> None:  # type: ignore[no-untyped-def]
    """A key limited to branch A lists and reads only branch A's rows; branch B's ids are 404."""
    ids = api["ids"]
    assert [c["id"] for c in _get(api, "branch_a", "/conversations").json()["conversations"]] == [
        str(ids["A"]["conversation"])
    ]
    assert [o["id"] for o in _get(api, "branch_a", "/orders").json()["orders"]] == [str(ids["A"]["order"])]
    assert [f["id"] for f in _get(api, "branch_a", "/feedback").json()["feedback"]] == [
        str(ids["A"]["feedback"])
    ]
    assert [b["id"] for b in _get(api, "branch_a", "/branches").json()["branches"]] == [str(ids["a"])]
    for path in (f"/conversations/{ids['B']['conversation']}", f"/orders/{ids['B']['order']}"):
        assert _get(api, "branch_a", path).status_code == 404
    assert _post(api, "branch_a", f"/conversations/{ids['B']['conversation']}/resolve").status_code == 404
    assert _get(api, "branch_a", "/conversations", params={"branch_id": str(ids["b"])}).status_code == 404
    # A branch key acts as that branch's manager: owner-only changes are refused.
    assert _get(api, "branch_a", "/menu-items").status_code == 403


def test_a_revoked_key_is_refused_at_once(api) -> None:  # type: ignore[no-untyped-def]
    """The request after revocation gets 401 (no cache lets a revoked key through)."""
    assert _get(api, "owner", "/conversations").status_code == 200
    from crm_res.models import ApiKey
    from crm_res.services.api.api_keys import hash_key

    with Session(api["engine"]) as s:
        from sqlmodel import select

        key_id = s.exec(select(ApiKey.id).where(ApiKey.key_hash == hash_key(api["keys"]["owner"]))).one()
        revoke_api_key(session=s, viewer=viewer_for(api["owner"]), key_id=key_id)
        s.commit()
    r = _get(api, "owner", "/conversations")
    assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"
    assert r.headers["x-request-id"] == r.json()["error"]["requestId"]


def test_missing_and_unknown_keys_and_scopes(api) -> None:  # type: ignore[no-untyped-def]
    """No key or a made-up one: 401; a key without the route's scope: 403."""
    assert api["client"].get("/api/v1/conversations").status_code == 401
    r = api["client"].get("/api/v1/conversations", headers={"Authorization": "Bearer crk_" + "x" * 40})
    assert r.status_code == 401
    assert _get(api, "read_only", "/conversations").status_code == 200
    r = _post(api, "read_only", f"/conversations/{api['ids']['A']['conversation']}/resolve")
    assert r.status_code == 403 and r.json()["error"]["details"] == {"scope": "conversations:write"}


def test_the_request_past_the_tier_limit_gets_429(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Starter's limit (set to 5/hour here, 1000/hour by default) counts per restaurant: the 6th
    request is 429 with Retry-After and RateLimit-* headers; a growth restaurant's limit is its own."""
    from crm_res.settings import get_settings

    monkeypatch.setattr(get_settings(), "api_rate_starter", "5/hour")
    monkeypatch.setattr(get_settings(), "api_rate_growth", "7/hour")
    answers = [_get(api, "owner", "/branches") for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["4", "3", "2", "1", "0"]
    assert answers[0].headers["ratelimit-limit"] == "5"
    r = _get(api, "branch_a", "/branches")  # another key of the same restaurant shares its budget
    assert r.status_code == 429
    assert 0 < int(r.headers["retry-after"]) <= 3600 and r.json()["error"]["code"] == "RATE_LIMITED"
    assert _get(api, "other", "/branches").status_code == 200  # restaurant B counts apart
    with Session(api["engine"]) as s:
        rest = s.get(Restaurant, api["ids"]["r"])
        rest.subscription_tier = SubscriptionTier.growth
        s.add(rest)
        s.commit()
    r = _get(api, "owner", "/branches")
    assert r.status_code == 200 and r.headers["ratelimit-limit"] == "7"


def test_the_rate_limit_counts_on_after_redis_drops_the_threads_connection(api, redis_conn) -> None:  # type: ignore[no-untyped-def]
    """The charge runs on a connection its thread keeps (limits._charge_script): when Redis ends
    it (a restart, `CLIENT KILL`), the next request reconnects and still counts, never a 500."""
    import threading

    from crm_res.db import redis_url
    from crm_res.http.api import limits

    rid = str(api["ids"]["r"])
    seen: list[object] = []

    def two_charges_around_a_kill() -> None:
        state: dict = {}
        limits.charge(rid, "starter", state)
        before = int(state["rate_headers"]["RateLimit-Remaining"])
        mine = limits._charge_script(redis_url())
        seen.append(mine)
        assert redis_conn.client_kill_filter(_id=mine.registered_client.client_id()) == 1
        limits.charge(rid, "starter", state)
        seen.append(int(state["rate_headers"]["RateLimit-Remaining"]) == before - 1)

    worker = threading.Thread(target=two_charges_around_a_kill)
    worker.start()
    worker.join()
    assert seen[1] is True
    # each thread has its own client: this thread's is not the worker thread's
    assert limits._charge_script(redis_url()) is not seen[0]
    r = _get(api, "owner", "/branches")
    assert r.status_code == 200


def test_writes_with_an_idempotency_key_happen_once(api) -> None:  # type: ignore[no-untyped-def]
    """A retried staff message with the same Idempotency-Key queues one send and replays the
    answer; the same key with another body is refused; order advance is applied once."""
    from sqlmodel import func, select

    from crm_res.models import OutboxMessage

    conv = api["ids"]["A"]["conversation"]
    h = {"Idempotency-Key": "pos-retry-1"}
    first = _post(api, "owner", f"/conversations/{conv}/messages", {"text": "طلبك جاهز"}, h)
    again = _post(api, "owner", f"/conversations/{conv}/messages", {"text": "طلبك جاهز"}, h)
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    with Session(api["engine"]) as s:
        assert (
            s.exec(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.purpose == "reply")
            ).one()
            == 1
        )
    clash = _post(api, "owner", f"/conversations/{conv}/messages", {"text": "غير"}, h)
    assert clash.status_code == 422 and clash.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    order = api["ids"]["A"]["order"]
    k = {"Idempotency-Key": "advance-1"}
    assert _post(api, "owner", f"/orders/{order}/advance", {}, k).json()["status"] == "confirmed"
    assert _post(api, "owner", f"/orders/{order}/advance", {}, k).json()["status"] == "confirmed"
    assert _get(api, "owner", f"/orders/{order}").json()["status"] == "confirmed"


def test_the_kit_routes_and_cursor_paging(api) -> None:  # type: ignore[no-untyped-def]
    """The contract's routes: list newest first with id/status/customer.wa_id, get, handback,
    resolve; a cursor walks the list without repeats."""
    rows = _get(api, "owner", "/conversations", params={"status": "active", "limit": 1}).json()
    assert len(rows["conversations"]) == 1 and rows["next_cursor"]
    first = rows["conversations"][0]
    assert {"id", "status", "customer"} <= first.keys() and first["customer"]["wa_id"]
    rest = _get(api, "owner", "/conversations", params={"limit": 1, "cursor": rows["next_cursor"]}).json()
    assert rest["conversations"][0]["id"] != first["id"] and rest["next_cursor"] is None
    conv = first["id"]
    assert _get(api, "owner", f"/conversations/{conv}").json()["messages"][0]["content"] == "مرحبا"
    assert _post(api, "owner", f"/conversations/{conv}/takeover").json()["handled_by"] == "staff"
    assert _post(api, "owner", f"/conversations/{conv}/handback").json()["handled_by"] == "ai"
    assert (
        _post(api, "owner", f"/conversations/{conv}/resolve").json()["status"]
        == ConversationStatus.resolved.value
    )


def test_validation_errors_list_the_fields(api) -> None:  # type: ignore[no-untyped-def]
    """Bad input: 422 in the seed's format naming each field; a bad id is 422 too, never 500."""
    r = _post(api, "owner", "/menu-items", {"name_ar": "", "price": "x"})
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "VALIDATION_ERROR"
    assert {f["field"] for f in err["details"]["fields"]} >= {"name_ar", "name_en"}
    assert set(err) == {"code", "message", "details", "timestamp", "requestId"}
    assert _get(api, "owner", "/conversations/not-a-uuid").status_code == 422
    assert _get(api, "owner", "/conversations", params={"cursor": "garbage"}).status_code == 422


def test_customer_upsert_by_number_and_bsuid(api) -> None:  # type: ignore[no-untyped-def]
    """Upsert adds once, then updates by the same number; a BSUID customer gets the number later."""
    one = _post(
        api, "owner", "/customers", {"wa_id": "+966 55 123 4567", "name": "نورة", "tags": ["vip"]}
    ).json()
    two = _post(api, "owner", "/customers", {"wa_id": "966551234567", "tags": ["جديد"]}).json()
    assert one["id"] == two["id"] and two["name"] == "نورة" and set(two["tags"]) == {"vip", "جديد"}
    b = _post(api, "owner", "/customers", {"bsuid": "SA.1502576394655843"}).json()
    assert b["wa_id"] == "SA.1502576394655843"
    c = _post(api, "owner", "/customers", {"bsuid": "SA.1502576394655843", "wa_id": "966559998877"}).json()
    assert c["id"] == b["id"] and c["wa_id"] == "966559998877"


def test_openapi_and_docs_page_are_served(api) -> None:  # type: ignore[no-untyped-def]
    """OpenAPI 3.1 at /api/v1/openapi.json with Arabic examples; /api/docs loads only our own script."""
    spec = api["client"].get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1") and "/conversations/{conversation_id}/handback" in spec["paths"]
    assert "طلبك جاهز" in str(spec)
    page = api["client"].get("/api/docs")
    assert (
        page.status_code == 200
        and 'src="/api/docs/docs.js"' in page.text
        and "http" not in page.text.split("<script")[1]
    )
    assert api["client"].get("/api/docs/docs.js").status_code == 200
    assert uuid.UUID(api["client"].get("/api/v1/branches").headers["x-request-id"])


def test_cached_callers_end_at_once_when_the_owner_is_deactivated(api) -> None:  # type: ignore[no-untyped-def]
    """The API keeps callers in memory between requests; deactivating the key's owner (a change to
    the user, not the key) is seen by the very next request: 401."""
    from crm_res.models import User

    assert _get(api, "owner", "/me").status_code == 200
    assert _get(api, "owner", "/me").status_code == 200  # now from the cache
    with Session(api["engine"]) as s:
        user = s.get(User, api["owner"].id)
        assert user is not None
        user.is_active = False
        s.add(user)
        s.commit()
    assert _get(api, "owner", "/me").status_code == 401
    assert _get(api, "branch_a", "/conversations").status_code == 401  # every key it made


def test_health_and_me(api) -> None:  # type: ignore[no-untyped-def]
    """/health needs no key; /me names the key's restaurant, branch and scopes."""
    assert api["client"].get("/api/v1/health").json() == {"status": "ok"}
    me = _get(api, "branch_a", "/me").json()
    assert me["restaurant_id"] == str(api["ids"]["r"]) and me["branch_id"] == str(api["ids"]["a"])
    assert "conversations:read" in me["scopes"] and me["plan"] == "starter"
    assert _get(api, "read_only", "/me").json()["scopes"] == ["conversations:read"]
    assert api["client"].get("/api/v1/me").status_code == 401


def test_an_order_a_person_confirms_through_the_api_is_queued_for_the_pos(api, redis_conn) -> None:  # type: ignore[no-untyped-def]
    """pending → confirmed by a person (a scheduled order, say): the POS forward job is queued
    after the commit, once."""
    from crm_res.jobs.queues import DEFAULT, queue

    order = api["ids"]["A"]["order"]
    q = queue(DEFAULT)
    before = [j.func_name for j in q.jobs]
    assert _post(api, "owner", f"/orders/{order}/advance", {}).json()["status"] == "confirmed"
    added = [j for j in q.jobs if j.func_name.endswith("forward_to_pos")]
    assert len(added) == 1 + sum(name.endswith("forward_to_pos") for name in before)
    assert added[-1].args == (str(order),)
    assert _post(api, "owner", f"/orders/{order}/advance", {}).json()["status"] == "preparing"
    assert len([j for j in q.jobs if j.func_name.endswith("forward_to_pos")]) == len(added)
