"""The conversation list's page cache (http/api/page_cache.py): a page is never another
restaurant's, branch's or scope's, and never outlives a committed write, whichever way it was made
(API, ORM, Core, raw driver SQL that publishes the live signal), nor a Redis that lost its versions."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text, update
from sqlmodel import Session

from crm_res.api_key_generation import (
    LIST_COLUMNS,
    LISTS_ALL,
    LISTS_RESTAURANT,
    list_version_key,
    statement_writes_lists,
)
from crm_res.http.api import common, page_cache
from crm_res.models import (
    Conversation,
    ConversationStatus,
    Message,
    MessageDirection,
    MessageSender,
    MessageStatus,
)
from crm_res.services.notifications import live_payload, publish_changes
from tests.fixtures.api import api_get as _get
from tests.fixtures.api import api_post as _post


@pytest.fixture
def queries(api, monkeypatch):  # type: ignore[no-untyped-def]
    """How many list reads reached the database (the others were served from the cache)."""
    page_cache.clear()
    calls: list[int] = []
    real = common.in_read

    def counted(fn: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(fn, **kwargs)

    monkeypatch.setattr(common, "in_read", counted)
    yield calls
    page_cache.clear()


def _ids(api, key: str, **params: str) -> set[str]:  # type: ignore[no-untyped-def]  # noqa: F811
    r = _get(api, key, "/conversations", params=params)
    assert r.status_code == 200, r.text
    return {c["id"] for c in r.json()["conversations"]}


def _statuses(api, key: str = "owner") -> dict[str, str]:  # type: ignore[no-untyped-def]  # noqa: F811
    return {c["id"]: c["status"] for c in _get(api, key, "/conversations").json()["conversations"]}


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ("UPDATE conversations SET status=%(status)s WHERE conversations.id = %(id)s", True),
        ("INSERT INTO customers (id, restaurant_id) VALUES (%(id)s, %(r)s)", True),
        ('DELETE FROM "conversations" WHERE id = :c', True),
        ("TRUNCATE orders, conversations, messages RESTART IDENTITY CASCADE", True),
        ("WITH x AS (SELECT 1) UPDATE customers c SET name = :n", True),
        ("UPDATE branches SET deleted_at = now() WHERE id = :b", True),
        ("UPDATE orders SET status = 'ready'", False),
        ("UPDATE branches_hours SET closes = :c", False),
        ("SELECT * FROM conversations FOR UPDATE", False),
        ("INSERT INTO conversation_notes (id) VALUES (:i)", False),
        # An UPDATE counts only when it sets a column a page shows or filters by.
        ("UPDATE messages SET processed_at=%(processed_at)s WHERE messages.id IN (%(id_1_1)s)", False),
        ("UPDATE customers SET language_preference = 'ar', updated_at = now() WHERE id = :c", False),
        ("UPDATE messages SET processed_at = now(), status = 'read' WHERE id = :m", True),
        ('UPDATE customers SET "name" = :n WHERE id = :c', True),
        # ... every write of the statement (a CTE's too), and what cannot be read counts as one
        ("WITH o AS (UPDATE outbox SET status = 'sent') UPDATE messages SET status = 'sent'", True),
        ("WITH m AS (UPDATE messages SET processed_at = now()) INSERT INTO messages (id) VALUES (1)", True),
        ("UPDATE messages SET processed_at = (SELECT now() FROM x), status = 'read' WHERE id = 1", True),
        ("UPDATE conversations SET (status, updated_at) = ('resolved', now())", True),
    ],
)
def test_which_statements_end_cached_pages(sql: str, writes: bool) -> None:
    assert statement_writes_lists(sql) is writes


def test_list_columns_hold_every_column_the_pages_read() -> None:
    """LIST_COLUMNS (an UPDATE setting none of them ends no page) names every column the cached
    pages' statements select, join or filter by."""
    from sqlalchemy import Column
    from sqlalchemy.sql import visitors

    from crm_res.services.api import feeds

    shapes = [tuple(bool(b >> i & 1) for i in range(8)) for b in range(256)]
    statements = [feeds._conversation_statement(shape) for shape in shapes]
    read: set[tuple[str, str]] = set()
    for stmt in [*statements, feeds._ONE_CONVERSATION, feeds._THREAD]:
        read |= {(c.table.name, c.name) for c in visitors.iterate(stmt) if isinstance(c, Column)}
    assert {t for t, _ in read} <= set(LIST_COLUMNS)
    assert not {(t, c) for t, c in read if c not in LIST_COLUMNS[t]}


def test_a_page_is_served_again_only_to_the_same_restaurant_branch_and_scopes(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ids = api["ids"]
    owner = _ids(api, "owner")
    assert owner == {str(ids["A"]["conversation"]), str(ids["B"]["conversation"])}
    assert _ids(api, "owner") == owner and len(queries) == 1  # the second from the cache
    # Same query, other callers: each its own page, never the owner's.
    assert _ids(api, "other") == {str(ids["X"]["conversation"])}
    assert _ids(api, "branch_a") == {str(ids["A"]["conversation"])}
    assert _ids(api, "read_only") == owner
    assert len(queries) == 4
    # Another query of the same caller is another page.
    assert _ids(api, "owner", limit="1") < owner and len(queries) == 5
    assert _ids(api, "owner", status="resolved") == set() and len(queries) == 6
    # and each cached page stays its caller's
    assert _ids(api, "other") == {str(ids["X"]["conversation"])}
    assert _ids(api, "branch_a") == {str(ids["A"]["conversation"])}
    assert len(queries) == 6


def test_a_write_through_the_api_shows_in_the_next_list(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    a = str(api["ids"]["A"]["conversation"])
    assert _statuses(api)[a] == "active" and a in _ids(api, "owner", status="active")
    assert _post(api, "owner", f"/conversations/{a}/resolve").status_code == 200
    assert _statuses(api)[a] == "resolved"
    assert a not in _ids(api, "owner", status="active")
    assert a in _ids(api, "branch_a", status="resolved")


def test_writes_outside_the_api_end_the_pages_too(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ids, engine = api["ids"], api["engine"]
    a, b = ids["A"]["conversation"], ids["B"]["conversation"]
    _statuses(api)
    with Session(engine) as s:  # an ORM flush: this restaurant's pages
        conv = s.get(Conversation, a)
        assert conv is not None
        conv.status = ConversationStatus.resolved
        s.add(conv)
        s.commit()
    assert _statuses(api)[str(a)] == "resolved"
    with Session(engine) as s:  # a Core statement: every restaurant's pages
        s.exec(update(Conversation).where(Conversation.id == b).values(status=ConversationStatus.abandoned))  # type: ignore[call-overload]
        s.commit()
    assert _statuses(api)[str(b)] == "abandoned"
    # Raw driver SQL, as ingestion writes, then the live signal it publishes after commit.
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur:
            cur.execute("UPDATE conversations SET status = 'active' WHERE id = %s", (a,))
        raw.commit()
    finally:
        raw.close()
    publish_changes([live_payload(api["ids"]["r"], "inbound")])
    assert _statuses(api)[str(a)] == "active"


def test_another_restaurants_write_keeps_this_ones_pages(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _statuses(api)
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, api["ids"]["X"]["conversation"])
        assert conv is not None
        conv.status = ConversationStatus.resolved
        s.add(conv)
        s.commit()
    before = len(queries)
    _statuses(api)  # restaurant A's page, still current
    assert len(queries) == before
    assert _statuses(api, "other") == {str(api["ids"]["X"]["conversation"]): "resolved"}


def test_a_redis_that_lost_the_versions_never_brings_an_old_page_back(api, queries, redis_conn) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    a = api["ids"]["A"]["conversation"]
    _statuses(api)
    redis_conn.delete(LISTS_ALL, list_version_key(api["ids"]["r"]))
    # A change no watcher sees (as typed into psql): only a fresh read can show it.
    with api["engine"].connect() as conn:
        conn.exec_driver_sql("SELECT 1")  # the pool's connection, then SQL under it unseen
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("UPDATE conversations SET status = 'resolved' WHERE id = %s", (a,))
        conn.commit()
    before = len(queries)
    assert _statuses(api)[str(a)] == "resolved"
    assert len(queries) == before + 1
    assert redis_conn.get(list_version_key(api["ids"]["r"])) is not None


def test_a_text_delete_ends_the_pages(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _statuses(api)
    with api["engine"].begin() as conn:
        conn.execute(text("DELETE FROM conversations WHERE restaurant_id = :r"), {"r": api["ids"]["r"]})
    assert _statuses(api) == {}


def test_a_conversation_page_shows_a_new_message_and_stays_its_callers(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The get route's page: a message committed after it was cached is in the next answer; the
    page is never another restaurant's or branch's answer (404 for them, as uncached)."""
    ids = api["ids"]
    a = ids["A"]["conversation"]
    path = f"/conversations/{a}"
    first = _get(api, "owner", path).json()
    assert _get(api, "owner", path).json() == first and len(queries) == 1  # from the cache
    assert _get(api, "other", path).status_code == 404
    assert _get(api, "branch_a", path).status_code == 200
    assert _get(api, "branch_a", f"/conversations/{ids['B']['conversation']}").status_code == 404
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, a)
        assert conv is not None
        s.add(
            Message(
                restaurant_id=conv.restaurant_id,
                conversation_id=a,
                sender=MessageSender.staff,
                body="طلبك في الطريق",
                direction=MessageDirection.outbound,
                status=MessageStatus.sent,
            )
        )
        s.commit()
    after = _get(api, "owner", path).json()
    assert [m["content"] for m in after["messages"]] == [m["content"] for m in first["messages"]] + [
        "طلبك في الطريق"
    ]


def test_a_write_declaring_its_restaurant_ends_only_that_restaurants_pages(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A Core/text() write naming its restaurant's bind parameter (LISTS_RESTAURANT) ends that
    restaurant's pages, not the others'; without the value it ends every restaurant's."""
    ids = api["ids"]
    x = str(ids["X"]["conversation"])
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, ids["X"]["conversation"])
        assert conv is not None
        other_rid = conv.restaurant_id
    resolve = text("UPDATE conversations SET status = 'resolved' WHERE restaurant_id = :r").execution_options(
        **{LISTS_RESTAURANT: "r"}
    )
    _statuses(api)
    _statuses(api, "other")
    before = len(queries)
    with api["engine"].begin() as conn:
        conn.execute(resolve, {"r": other_rid})
    assert _statuses(api, "other") == {x: "resolved"} and len(queries) == before + 1
    _statuses(api)  # restaurant A's page, still current
    assert len(queries) == before + 1
    # A declared name the statement's parameters lack: every restaurant's pages end.
    undeclared = text("UPDATE conversations SET status = 'active' WHERE id = :c").execution_options(
        **{LISTS_RESTAURANT: "r"}
    )
    with api["engine"].begin() as conn:
        conn.execute(undeclared, {"c": x})
    _statuses(api)
    assert len(queries) == before + 2
    assert _statuses(api, "other") == {x: "active"}


def test_the_workers_answer_to_another_restaurants_message_keeps_this_ones_pages(api, queries) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The worker answering restaurant B's inbound message (the claim, the reply queued through the
    outbox) ends B's pages, which then show the reply, and leaves restaurant A's cached."""
    from crm_res.services.dialogue.inbound import handle_inbound

    ids = api["ids"]
    x = ids["X"]["conversation"]
    with Session(api["engine"]) as s:
        conv = s.get(Conversation, x)
        assert conv is not None
        inbound = Message(
            restaurant_id=conv.restaurant_id,
            conversation_id=x,
            direction=MessageDirection.inbound,
            sender=MessageSender.customer,
            body="السلام عليكم",
            wa_message_id="wamid.api.cache.1",
        )
        s.add(inbound)
        s.commit()
        message_id = inbound.id
    _statuses(api)
    seen = _get(api, "other", f"/conversations/{x}").json()["messages"]
    before = len(queries)
    with Session(api["engine"]) as s:
        assert message_id is not None
        handle_inbound(session=s, message_id=message_id)
        s.commit()
    _statuses(api)  # restaurant A's page, still current
    assert len(queries) == before
    after = _get(api, "other", f"/conversations/{x}").json()["messages"]
    assert len(queries) == before + 1
    assert len(after) > len(seen) and after[-1]["direction"] == "outbound"
