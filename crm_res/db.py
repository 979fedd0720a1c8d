"""Engine and sessions. Resolves the database and Redis URLs once (env, else embedded)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, create_engine

from crm_res.redis_client import get_redis as get_redis  # re-exported: most modules take Redis from here
from crm_res.redis_client import redis_url as redis_url
from crm_res.settings import get_settings


def _normalise_pg(url: str) -> str:
    # Heroku-style and plain URLs both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return _normalise_pg(settings.database_url)
    from crm_res.embedded import postgres_url

    return postgres_url(settings.data_dir)


@lru_cache
def get_engine() -> Engine:
    engine = create_engine(
        database_url(), pool_pre_ping=True, pool_size=10, max_overflow=20, pool_recycle=1800
    )
    _count_pool(engine)
    # Any process that writes (dashboard, worker, CLI) watches for changes that end an API key, so
    # the API's cached callers are dropped after such a commit whichever process made it.
    import crm_res.api_key_generation  # noqa: F401

    return engine


def _count_pool(engine: Engine) -> None:
    """The pool's connections in the metrics (a gauge step per checkout: no query, no lock)."""
    from crm_res import metrics

    event.listen(engine, "connect", lambda *_: metrics.DB_POOL_OPEN.inc())
    event.listen(engine, "close", lambda *_: metrics.DB_POOL_OPEN.dec())
    event.listen(engine, "close_detached", lambda *_: metrics.DB_POOL_OPEN.dec())
    event.listen(engine, "checkout", lambda *_: metrics.DB_POOL_IN_USE.inc())
    event.listen(engine, "checkin", lambda *_: metrics.DB_POOL_IN_USE.dec())


log = logging.getLogger(__name__)
_AFTER_COMMIT = "crm_res.after_commit"


def after_commit(session: OrmSession, fn: Callable[..., Any], *args: Any) -> None:
    """Run `fn(*args)` once `session`'s transaction has committed (never if it rolls back).

    The one place for "commit, then enqueue": a job must never read a row that is not committed
    yet. Work runs in the order registered; a failure is logged and does not undo the commit (the
    sweeper covers an enqueue that did not happen).

    Work belongs to the transaction it was registered in (the innermost savepoint, else the outer
    transaction): a rollback of that transaction or of one around it drops it, and so does a
    transaction that ends without a commit (`session.close()`). A session that has run nothing yet
    has no transaction, and its `rollback()` would pass without a word, so one is begun here."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        transaction = session.begin()
    session.info.setdefault(_AFTER_COMMIT, []).append((transaction, fn, args))


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(OrmSession, "after_commit")
def _run_after_commit(session: OrmSession) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the outer transaction may still roll back
    committed = session.get_transaction()
    for transaction, fn, args in session.info.pop(_AFTER_COMMIT, []):
        if committed is None or not _within(transaction, committed):
            continue  # registered in a transaction that ended without a commit (never expected)
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 - committed already; the sweeper picks up what is missed
            log.exception("after-commit work %s failed", getattr(fn, "__name__", fn))


@event.listens_for(OrmSession, "after_soft_rollback")
def _drop_rolled_back(session: OrmSession, previous_transaction: SessionTransaction) -> None:
    """Any rollback, a savepoint's or the outer one's, real or not: its work and its savepoints'
    work is dropped; work of the transaction around a rolled-back savepoint stays."""
    work = session.info.get(_AFTER_COMMIT)
    if work:
        work[:] = [w for w in work if not _within(w[0], previous_transaction)]


@event.listens_for(OrmSession, "after_transaction_end")
def _drop_at_the_end(session: OrmSession, transaction: SessionTransaction) -> None:
    """The outer transaction is over (committed and run, rolled back, or closed): nothing it
    registered may reach the session's next transaction."""
    if transaction.parent is None:
        session.info.pop(_AFTER_COMMIT, None)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
