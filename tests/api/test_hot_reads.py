"""The conversation list's plain-ASGI lane (http/api/hot_reads.py) answers every request as the
FastAPI app behind it would: the same status, body and API headers for a page, each kind of error
and a caller's own request id — and the lane, not the app, is what answered."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

import crm_res.http.api as rest_api
from crm_res.services.access import viewer_for
from crm_res.services.api.api_keys import create_api_key

# (query, key name or None for no Authorization header, extra headers)
CASES = [
    ("", "owner", {}),
    ("?limit=5&status=active", "owner", {}),
    ("?limit=0", "owner", {}),  # a field out of range: 422 naming query.limit
    ("?status=lost&type=nope", "owner", {}),
    ("?updated_sinse=2026-01-01", "owner", {}),  # an undocumented name
    ("?status=%00", "owner", {}),  # a NUL Postgres cannot hold
    ("?branch_id={other_branch}", "owner", {}),  # another restaurant's branch: 404
    ("", None, {}),  # no key: 401
    ("?updated_sinse=x", None, {}),  # no key and a bad name: the 401 first
    ("", "bad", {}),  # a key that is no key
    ("", "orders_only", {}),  # a key without conversations:read: 403
    ("", "owner", {"X-Request-ID": "pos-poll-000123"}),  # the caller's id kept
    ("?cursor=not-a-cursor", "owner", {}),
]


@pytest.fixture
def both(api):  # type: ignore[no-untyped-def]
    """The product's client (webhook.app: the lane in front) and one on the FastAPI app alone."""
    with Session(api["engine"]) as s:
        api["keys"]["orders_only"] = create_api_key(
            session=s, viewer=viewer_for(api["owner"]), scopes=["orders:read"]
        ).key
        s.commit()
    api["keys"]["bad"] = "crk_" + "x" * 40
    plain = TestClient(Starlette(routes=[Mount("/api/v1", app=rest_api.app)]), raise_server_exceptions=False)
    return api, plain


def _answer(client: TestClient, url: str, headers: dict[str, str]) -> tuple[int, object, dict[str, str]]:
    r = client.get(url, headers=headers)
    body = r.json()
    if "error" in body:  # when and which request: different for any two requests
        assert body["error"].pop("timestamp") and body["error"].pop("requestId") == r.headers["x-request-id"]
    kept = {"content-type", "www-authenticate", "retry-after"}
    api_headers = {k: v for k, v in r.headers.items() if k in kept}
    api_headers["x-request-id"] = r.headers["x-request-id"] if "X-Request-ID" in headers else "(made)"
    api_headers["ratelimit"] = ",".join(sorted(k for k in r.headers if k.startswith("ratelimit")))
    return r.status_code, body, api_headers


def test_the_lane_answers_as_the_app_would(both, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    api, plain = both
    lane_calls = []
    lane = rest_api.front._lane

    async def counted(scope, receive, send):  # type: ignore[no-untyped-def]
        lane_calls.append(scope["query_string"])
        await lane(scope, receive, send)

    monkeypatch.setattr(rest_api.front, "_lane", counted)
    statuses = set()
    for query, key, extra in CASES:
        url = "/api/v1/conversations" + query.format(other_branch=api["ids"]["X"]["branch"])
        headers = {**extra, **({"Authorization": f"Bearer {api['keys'][key]}"} if key else {})}
        via_lane = _answer(api["client"], url, headers)
        via_app = _answer(plain, url, headers)
        assert via_lane == via_app, url
        statuses.add(via_lane[0])
    assert statuses == {200, 401, 403, 404, 422}
    assert len(lane_calls) == len(CASES)  # every one answered by the lane, none passed to the app


def test_other_requests_go_to_the_app(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lane_calls = []

    async def counted(scope, receive, send):  # type: ignore[no-untyped-def]
        lane_calls.append(scope["path"])

    monkeypatch.setattr(rest_api.front, "_lane", counted)
    h = {"Authorization": f"Bearer {api['keys']['owner']}"}
    conv = api["ids"]["A"]["conversation"]
    assert api["client"].get(f"/api/v1/conversations/{conv}", headers=h).status_code == 200
    assert api["client"].head("/api/v1/conversations", headers=h).status_code in (200, 405)
    assert api["client"].post("/api/v1/conversations", headers=h).status_code == 405
    assert api["client"].get("/api/v1/customers", headers=h).status_code == 200
    assert lane_calls == []
