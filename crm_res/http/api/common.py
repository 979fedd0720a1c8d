"""What every resource router shares: documented error answers, a domain call in its own
transaction (or, for reads, on the read pool), and sends enqueued after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from crm_res.db import database_url, session_scope
from crm_res.http.api.schemas import ErrorBody

log = logging.getLogger("crm_res.api")
T = TypeVar("T")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in ((400, "Bad request"), (401, "Missing, unknown or revoked API key"),
                         (403, "The key's scopes or role do not allow this"), (404, "Not found (or another restaurant's)"),
                         (409, "Conflict with the row's current state"), (422, "Invalid fields (listed in details.fields)"),
                         (429, "Rate limit of the restaurant's plan reached (see Retry-After)"))
}  # fmt: skip
LIST_LIMIT_DOC = "page size, 1 to 200"


def in_session(fn: Callable[..., T], **kwargs: Any) -> T:
    """One domain call in its own transaction (committed before the answer is sent)."""
    with session_scope() as session:
        return fn(session=session, **kwargs)


@lru_cache(maxsize=4)
def _read_engine(url: str) -> Engine:
    """The API's pool for reads: autocommit connections (a read is one or a few statements; no
    BEGIN/COMMIT round trips) and no ping on checkout (a connection found dead is invalidated with
    its pool and the read tried once more on a fresh one)."""
    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=False, pool_size=8, max_overflow=8,
                         pool_recycle=1800)  # fmt: skip


def in_read(fn: Callable[..., T], **kwargs: Any) -> T:
    """A domain *read* on the read pool. Only for functions that change nothing: each statement
    commits on its own there."""
    for attempt in (1, 2):
        try:
            with Session(_read_engine(database_url())) as session:
                return fn(session=session, **kwargs)
        except DBAPIError as exc:
            if not exc.connection_invalidated or attempt == 2:
                raise
    raise AssertionError("unreachable")


async def read(fn: Callable[..., T], **kwargs: Any) -> T:
    """`in_read` from an async route: one hop to the thread pool, never the loop."""
    return await run_in_threadpool(lambda: in_read(fn, **kwargs))


def enqueue_after_commit(outbox_id: int, not_before: Any) -> None:
    try:
        from crm_res.jobs.enqueue import enqueue_send

        enqueue_send(outbox_id, not_before)
    except Exception:  # noqa: BLE001 - committed in the outbox; the sweeper sends it
        log.exception("api: could not enqueue outbox %s; the sweeper will send it", outbox_id)
