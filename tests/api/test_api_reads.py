"""The conversation list and thread as the API answers them (orjson from rows, statements per
filter shape, the query read by one model): the same answers the pydantic models give, every
filter, the thread's order and paging, and validation errors naming `query.<field>`."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from crm_res.http.api.schemas import ConversationDetail, ConversationPage
from crm_res.models import (
    Conversation,
    ConversationStatus,
    ConversationType,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
)
from tests.fixtures.api import api_get as _get


def test_the_list_answers_what_its_model_would_write(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = _get(api, "owner", "/conversations").json()
    assert ConversationPage.model_validate(body).model_dump(mode="json") == body
    assert body["conversations"][0]["last_message_at"].endswith("Z")  # UTC written as pydantic writes it


def test_every_list_filter(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ids = api["ids"]
    a, b = str(ids["A"]["conversation"]), str(ids["B"]["conversation"])
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, ids["A"]["conversation"])
        assert conv is not None
        conv.status, conv.type = ConversationStatus.resolved, ConversationType.order
        s.add(conv)
        s.commit()

    def listed(key: str = "owner", **params: object) -> list[str]:
        r = _get(api, key, "/conversations", params=params)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["conversations"]]

    assert set(listed()) == {a, b}
    assert listed(status="resolved") == [a] and listed(status="active") == [b]
    assert listed(type="order") == [a] and b in listed(type="general") + listed(type="support")
    assert listed(branch_id=str(ids["b"])) == [b]
    assert listed(updated_since=(datetime.now(UTC) + timedelta(days=1)).isoformat()) == []
    assert len(listed(updated_since=(datetime.now(UTC) - timedelta(days=1)).isoformat())) == 2
    assert listed(offset=1) == listed()[1:]
    assert listed("branch_a", status="resolved") == [a] and listed("branch_a", status="active") == []
    assert _get(api, "branch_a", "/conversations", params={"branch_id": str(ids["b"])}).status_code == 404
    # another restaurant's branch is not found (never an empty list that confirms nothing)
    assert (
        _get(api, "owner", "/conversations", params={"branch_id": str(ids["X"]["branch"])}).status_code == 404
    )


def test_a_conversation_with_no_branch_yet_is_seen_by_a_branch_key(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ids = api["ids"]
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, ids["B"]["conversation"])
        assert conv is not None
        conv.branch_id = None
        s.add(conv)
        s.commit()
    seen = [c["id"] for c in _get(api, "branch_a", "/conversations").json()["conversations"]]
    assert sorted(seen) == sorted([str(ids["A"]["conversation"]), str(ids["B"]["conversation"])])
    assert _get(api, "branch_a", f"/conversations/{ids['B']['conversation']}").status_code == 200


def test_query_errors_name_the_field(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for params, field in (
        ({"limit": 0}, "query.limit"),
        ({"status": "lost"}, "query.status"),
        ({"branch_id": "x"}, "query.branch_id"),
        ({"updated_since": "soon"}, "query.updated_since"),
    ):
        r = _get(api, "owner", "/conversations", params=params)
        assert r.status_code == 422, r.text
        assert [f["field"] for f in r.json()["error"]["details"]["fields"]] == [field]
    assert api["client"].get("/api/v1/conversations", params={"limit": 0}).status_code == 401  # the key first


def test_the_thread_oldest_first_paged_without_marks(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Newest `messages` of the thread, oldest first; a reaction is a mark, not a message; an
    image's caption is its content; has_older_messages says whether more exist."""
    ids = api["ids"]
    conv_id = ids["A"]["conversation"]
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, conv_id)
        assert conv is not None
        at = datetime.now(UTC)
        for i, (kind, body, payload) in enumerate(
            [("text", "ثاني", {}), ("image", None, {"caption": "صورة الطلب"}), ("reaction", "👍", {})]
        ):
            s.add(
                Message(
                    restaurant_id=conv.restaurant_id,
                    conversation_id=conv_id,
                    sender=MessageSender.customer,
                    direction=MessageDirection.inbound,
                    status=MessageStatus.received,
                    type=kind,
                    body=body,
                    payload=payload,
                    occurred_at=at + timedelta(minutes=i + 1),
                )
            )
        s.commit()
    whole = _get(api, "owner", f"/conversations/{conv_id}").json()
    assert ConversationDetail.model_validate(whole).model_dump(mode="json") == whole
    assert [m["content"] for m in whole["messages"]] == ["مرحبا", "ثاني", "صورة الطلب"]
    assert whole["has_older_messages"] is False and whole["customer"]["wa_id"]
    newest = _get(api, "owner", f"/conversations/{conv_id}", params={"messages": 2}).json()
    assert [m["content"] for m in newest["messages"]] == ["ثاني", "صورة الطلب"] and newest[
        "has_older_messages"
    ]


def test_an_undocumented_query_name_is_refused_not_ignored(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A misspelt filter would otherwise answer the unfiltered list as if it had applied; the
    names checked are the OpenAPI's, on routes that read their query either way."""
    for path, params in (
        ("/conversations", {"updated_sinse": "2026-01-01", "status": "active"}),  # parse_query route
        ("/customers", {"serch": "fahad"}),  # FastAPI-declared parameters
        ("/orders", {"since": "2026-01-01T00:00:00Z", "x": "1", "y": "2"}),
    ):
        r = _get(api, "owner", path, params=params)
        assert r.status_code == 422, (path, r.text)
        documented = {"status", "since"}
        assert [f["field"] for f in r.json()["error"]["details"]["fields"]] == [
            f"query.{name}" for name in params if name not in documented
        ]
    assert _get(api, "owner", "/conversations", params={"status": "active"}).status_code == 200
    assert api["client"].get("/api/v1/customers", params={"serch": "x"}).status_code == 401  # the key first
    assert api["client"].get("/api/v1/health", params={"x": "1"}).status_code == 422  # no key needed


def test_a_number_is_not_a_date(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """pydantic would read `0.0` as 1970; the schema promises ISO 8601 only (schemathesis's find)."""
    for path, name in (
        ("/conversations", "updated_since"),
        ("/customers", "updated_since"),
        ("/orders", "since"),
        ("/orders", "until"),
        ("/feedback", "since"),
    ):
        for number in ("0.0", "1733472000", "-5", "1e9"):
            r = _get(api, "owner", path, params={name: number})
            assert r.status_code == 422, (path, name, number, r.text)
            assert [f["field"] for f in r.json()["error"]["details"]["fields"]] == [f"query.{name}"]
        assert _get(api, "owner", path, params={name: "2026-12-06T09:00:00Z"}).status_code == 200


def test_an_id_with_a_newline_is_answered_in_the_api_format(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Starlette's mount pattern stopped at an encoded newline; the answer was a plain-text 404."""
    r = api["client"].post(
        "/api/v1/webhook-endpoints/%0A/deliveries/1/redeliver",
        headers={"Authorization": f"Bearer {api['keys']['owner']}"},
    )
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["error"]["details"]["fields"][0]["field"] == "path.endpoint_id"


def test_a_query_value_with_a_nul_character_is_refused(api) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Postgres text cannot hold a NUL: `?tag=%00` (schemathesis found it on /customers) is a 422
    naming the field, not a 500, on any route; other values of the query are not flagged."""
    for path, params in (
        ("/customers", {"tag": "\x00"}),
        ("/customers", {"search": "fa\x00had", "limit": "5"}),
        ("/conversations", {"cursor": "\x00"}),
    ):
        r = _get(api, "owner", path, params=params)
        assert r.status_code == 422, (path, r.text)
        assert [f["field"] for f in r.json()["error"]["details"]["fields"]] == [
            f"query.{name}" for name, value in params.items() if "\x00" in value
        ]
    assert _get(api, "owner", "/customers", params={"tag": "vip"}).status_code == 200


@pytest.mark.parametrize("branched", [False, True], ids=["bare connection", "session"])
def test_the_list_survives_its_read_connections_being_closed_by_postgres(api, branched: bool) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Both read paths — the list without branch_id on a bare psycopg connection (common.in_read,
    bare=True), with it in a Session — drop a connection Postgres ended (a restart, a failover)
    and read again on a fresh one."""
    from sqlalchemy import text

    from crm_res.db import database_url
    from crm_res.http.api.common import _read_engine

    params = {"branch_id": str(api["ids"]["b"])} if branched else {}
    first = _get(api, "owner", "/conversations", params={**params, "limit": 5})
    assert first.status_code == 200, first.text
    assert first.json()["conversations"]
    engine = _read_engine(database_url())
    kept = engine.pool.checkedin()
    assert kept >= 1  # the read left its connection in the pool
    with ExitStack() as stack:  # every kept connection (the pool's own, not this test's)
        held = [stack.enter_context(engine.connect()) for _ in range(kept)]
        pids = [c.exec_driver_sql("SELECT pg_backend_pid()").scalar() for c in held]
    with api["engine"].connect() as c:
        ended = c.execute(
            text("SELECT bool_and(pg_terminate_backend(pid)) FROM unnest(:pids) AS pid"), {"pids": pids}
        ).scalar()
    assert ended
    again = _get(api, "owner", "/conversations", params={**params, "limit": 4})  # not the cached page
    assert again.status_code == 200, again.text
    assert again.json()["conversations"] == first.json()["conversations"][:4]
