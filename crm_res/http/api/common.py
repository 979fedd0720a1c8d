"""What every resource router shares: documented error answers, a domain call in its own
transaction (or, for reads, on the read pool), and sends enqueued after commit."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, TypeVar

import orjson
import psycopg
from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ValidationError
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from crm_res.db import database_url, session_scope
from crm_res.http.api import page_cache
from crm_res.http.api.auth import authorize, key_from
from crm_res.http.api.schemas import ErrorBody
from crm_res.services.api.api_keys import ApiPrincipal

log = logging.getLogger("crm_res.api")
T = TypeVar("T")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad request"),
        (401, "Missing, unknown or revoked API key"),
        (403, "The key's scopes or role do not allow this"),
        (404, "Not found (or another restaurant's)"),
        (409, "Conflict with the row's current state"),
        (422, "Invalid fields (listed in details.fields)"),
        (429, "Rate limit of the restaurant's plan reached (see Retry-After)"),
    )
}
LIST_LIMIT_DOC = "page size, 1 to 200"
_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _not_a_number(value: Any) -> Any:
    """pydantic reads a number as seconds since 1970; the schema promises ISO 8601 only, and
    `updated_since=0` quietly meaning 1970 would hide a client's bug."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("give a date and time in ISO 8601 (e.g. 2026-12-06T09:00:00Z), not a number")
    return value


# A query's date and time: ISO 8601 text only.
IsoDateTime = Annotated[datetime, BeforeValidator(_not_a_number)]


class Paging:
    """A list's page parameters, the same on every list (a dependency: `paging: Paging = Depends()`)."""

    def __init__(
        self,
        limit: int = Query(20, ge=1, le=200),
        offset: int = Query(0, ge=0, le=100_000),
        cursor: str | None = None,
    ) -> None:
        self.limit, self.offset, self.cursor = limit, offset, cursor


def feed_page(
    name: str, feed: Callable[..., tuple[list, str | None]], who: ApiPrincipal, paging: Paging, **filters: Any
) -> dict:
    """One page of `feed` (services/api/feeds.py) as the caller sees it: `{name: rows, "next_cursor"}`."""
    rows, nxt = in_session(
        feed, viewer=who.viewer, limit=paging.limit, offset=paging.offset, cursor=paging.cursor, **filters
    )
    return {name: rows, "next_cursor": nxt}


def in_session(fn: Callable[..., T], **kwargs: Any) -> T:
    """One domain call in its own transaction (committed before the answer is sent)."""
    with session_scope() as session:
        return fn(session=session, **kwargs)


@lru_cache(maxsize=4)
def _read_engine(url: str) -> Engine:
    """The API's pool for reads: autocommit connections (a read is one or a few statements; no
    BEGIN/COMMIT round trips) and no ping on checkout (a connection found dead is invalidated with
    its pool and the read tried once more on a fresh one). It keeps a connection for each read
    thread (_READ_THREADS): an overflow connection is closed when it comes back, so with 8 kept
    for 16 threads a busy process opened Postgres connections (a backend fork and login each)
    all the time — bench/api_latency.py saw 235 in 10 s of never-cached lists; 1 with 16 kept."""
    return create_engine(
        url,
        isolation_level="AUTOCOMMIT",
        pool_pre_ping=False,
        pool_size=16,
        max_overflow=8,
        pool_recycle=1800,
        # Timestamps load with datetime's own UTC rather than the server's zone by name ("Etc/UTC":
        # a ZoneInfo conversion per value, ~20 µs of a 20-row page); answers say UTC as `Z` either way.
        connect_args={"options": "-c TimeZone=UTC"},
    )


def in_read(fn: Callable[..., T], *, bare: bool = False, **kwargs: Any) -> T:
    """A domain *read* on the read pool. Only for functions that change nothing: each statement
    commits on its own there. `bare`: `fn(connection=...)` on the pool's psycopg connection, with
    no Session (for a read that is one plain statement). Either way a connection found dead is
    out of the pool and the read runs once more (_once_more_if_dropped)."""
    if bare:
        return _once_more_if_dropped(lambda: _bare_read(fn, kwargs))
    return _once_more_if_dropped(lambda: _session_read(fn, kwargs))


class _ConnectionDropped(Exception):
    """A read's connection was dead (Postgres restarted, a failover): it and the pool's other idle
    ones are dropped, so the read may run again on a fresh one."""


def _once_more_if_dropped(read: Callable[[], T]) -> T:
    """`read()`, and once more if its connection was dropped (a second failure is raised). A plain
    try rather than tenacity: a `Retrying` call costs ~25 µs, 2% of a never-cached list's CPU in
    the ingestion tier, for a retry that runs only after a restart."""
    try:
        return read()
    except _ConnectionDropped:
        return read()


def _session_read(fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
    try:
        with Session(_read_engine(database_url())) as session:
            return fn(session=session, **kwargs)
    except DBAPIError as exc:
        if exc.connection_invalidated:  # SQLAlchemy dropped it, and the pool's older ones
            raise _ConnectionDropped from exc
        raise


def _bare_read(fn: Callable[..., T], kwargs: dict[str, Any]) -> T:
    """`fn(connection=..., **kwargs)` on one of the read pool's psycopg connections (autocommit),
    with no Session; a dead connection is dropped with the pool's idle ones, as a Session's is."""
    engine = _read_engine(database_url())
    pooled = engine.raw_connection()
    connection = pooled.driver_connection
    assert isinstance(connection, psycopg.Connection)
    try:
        return fn(connection=connection, **kwargs)
    except psycopg.OperationalError as exc:
        if not connection.closed:
            raise
        pooled.invalidate()
        engine.dispose(close=False)
        raise _ConnectionDropped from exc
    finally:
        pooled.close()


async def cached_read_as(
    request: Request,
    scope_name: str,
    route: str,
    query: dict[str, Any],
    fn: Callable[[Session, ApiPrincipal], Any],
    plain: Callable[[psycopg.Connection, ApiPrincipal], Any] | None = None,
) -> Response:
    """A read route's whole work in one hop to the thread pool — the key (read from the header:
    the route declares `auth.BEARER_SECURITY` instead of a dependency), its check and rate-limit
    charge (auth.authorize), then `fn(session, caller)` on the read pool — answered as JSON encoded
    by orjson straight from `fn`'s dict (the route's `response_model` still documents the answer,
    and schemathesis checks answers against it; a pydantic model per row was most of a list's
    CPU). The bytes are kept in this process's page cache (http/api/page_cache.py) under the
    caller and `route`'s whole normalised `query`, and answered again while the restaurant's page
    versions, read with the rate-limit charge before any query, have not moved. With `plain`, that
    is called instead of `fn`, on a psycopg connection (in_read's `bare`) rather than a Session.
    """

    key = key_from(request)

    def run() -> bytes:
        who = authorize(request, key, scope_name)
        versions = request.scope["state"].get("list_versions")
        cache_key = page_cache.page_key(route, who, query)
        body = page_cache.get(cache_key, versions)
        if body is None:
            if plain is not None:
                body = _dumps(in_read(lambda connection: plain(connection, who), bare=True))
            else:
                body = _dumps(in_read(lambda session: fn(session, who)))
            page_cache.put(cache_key, versions, body)
        return body

    return Response(await in_read_thread(run), media_type="application/json")


# The read routes' threads: asyncio's own executor hop costs half of anyio's (run_in_threadpool:
# its capacity limiter and cancel scope), a third of it with requests in flight. Sized like the
# read pool (16 kept): a thread never waits for a connection, nor opens one past the first.
_READ_THREADS = ThreadPoolExecutor(max_workers=16, thread_name_prefix="crm-api-read")


async def in_read_thread(fn: Callable[[], T]) -> T:
    """`fn()` on a read thread, with this task's context variables (as run_in_threadpool)."""
    return await asyncio.get_running_loop().run_in_executor(_READ_THREADS, contextvars.copy_context().run, fn)


M = TypeVar("M", bound=BaseModel)


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """`model`'s fields as OpenAPI query parameters, written as FastAPI writes declared ones (for a
    route's `openapi_extra`, when the route reads its query with `parse_query`)."""
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        description = prop.pop("description", None)
        param = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            param["description"] = description
        out.append(param)
    return out


def parse_query(request: Request, model: type[M]) -> M:
    """The query string as `model` — FastAPI's own rules for declared query parameters (the last of
    repeated values, unknown names ignored, strings coerced), its 422 with `query.<name>` fields —
    without FastAPI's per-parameter analysis on every request, a quarter of a list's CPU."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


async def refuse_unknown_query(request: Request) -> None:
    """Every route's dependency: a query name the operation does not document is a 422, not
    silently ignored (a misspelt `updated_sinse` would otherwise return the unfiltered list), and
    so is a value with a NUL character (`?tag=%00`: Postgres refuses it, a 500 otherwise).
    The names come from the published OpenAPI, the one place they are written. A route that
    needs a key and got none is left to answer 401 first, as for any other invalid field.
    Async: a set lookup, not worth a hop to the thread pool."""
    if not request.scope.get("query_string"):
        return
    route = request.scope.get("route")
    documented = documented_query(request.app).get((request.method, getattr(route, "path_format", "")))
    if documented is None:
        return
    names, needs_key = documented
    problems = [
        {"type": "extra_forbidden", "loc": ("query", name), "msg": "unknown query parameter"}
        for name in dict.fromkeys(name for name in request.query_params if name not in names)
    ]
    query = request.scope["query_string"]
    if b"%00" in query or b"\x00" in query:  # Postgres text cannot hold a NUL: a 422, not a 500
        problems += [
            {"type": "string_nul", "loc": ("query", name), "msg": "a NUL character is not allowed"}
            for name, value in request.query_params.multi_items()
            if name in names and "\x00" in value
        ]
    if not problems or (needs_key and "authorization" not in request.headers):
        return
    raise RequestValidationError(problems)


def documented_query(app: Any) -> dict[tuple[str, str], tuple[frozenset[str], bool]]:
    """Each operation's documented query names and whether it needs a key, by (method, path)."""
    known = getattr(app.state, "documented_query", None)
    if known is None:
        known = {
            (method.upper(), path): (
                frozenset(p["name"] for p in operation.get("parameters", ()) if p.get("in") == "query"),
                bool(operation.get("security")),
            )
            for path, operations in app.openapi()["paths"].items()
            for method, operation in operations.items()
        }
        app.state.documented_query = known
    return known


def json_response(payload: Any, status: int = 200) -> Response:
    """UUIDs and datetimes as pydantic writes them (UTC as `Z`)."""
    return Response(_dumps(payload), status_code=status, media_type="application/json")


def _dumps(payload: Any) -> bytes:
    return orjson.dumps(payload, option=orjson.OPT_UTC_Z)


async def read(fn: Callable[..., T], **kwargs: Any) -> T:
    """`in_read` from an async route: one hop to the thread pool, never the loop."""
    return await run_in_threadpool(lambda: in_read(fn, **kwargs))


def follow_ups_after_commit(requested: list[Any]) -> None:
    """Enqueue the domain's follow-ups of a committed write (`services.followups`)."""
    if not requested:
        return
    try:
        from crm_res.jobs.followups import enqueue_followups

        enqueue_followups(requested)
    except Exception:  # noqa: BLE001 - the order is committed; staff can forward it again by hand
        log.exception("api: could not enqueue %s", [name for name, _ in requested])


def enqueue_after_commit(outbox_id: int, not_before: Any) -> None:
    try:
        from crm_res.jobs.enqueue import enqueue_send

        enqueue_send(outbox_id, not_before)
    except Exception:  # noqa: BLE001 - committed in the outbox; the sweeper sends it
        log.exception("api: could not enqueue outbox %s; the sweeper will send it", outbox_id)
