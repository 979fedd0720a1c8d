"""Test fixtures on real servers.

Postgres: the server of `DATABASE_URL` (else the embedded one), in a database of its own
(`crm_res_test`) created fresh and migrated once per run. Each `session` test runs inside a
transaction rolled back afterwards; tests that must commit (CLI, HTTP, browser) use `committed`,
which empties the tables afterwards.
Redis: the server of `REDIS_URL` (else the embedded one), database 13, flushed per test.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy.engine import make_url

from tests.fixtures.processes import free_port as free_port  # the tests import it from here too

ROOT = Path(__file__).resolve().parent.parent
# Per-run names, so several test runs on one machine (developers, helpers) do not collide.
TEST_DB = os.environ.get("CRM_RES_TEST_DB", f"crm_res_test_{os.getpid()}")
TEST_REDIS_DB = int(os.environ.get("CRM_RES_TEST_REDIS_DB", "13"))


def _with_db(url: str, db: int) -> str:
    if url.startswith("unix://"):
        return f"{url.split('?')[0]}?db={db}"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))


def _prepare_environment() -> None:
    """Point DATABASE_URL/REDIS_URL at test-only databases before crm_res is imported."""
    # A developer's .env or shell must not leak into tests (tokens, secrets, URLs).
    for name in (
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_APP_SECRET",
        "LLM_API_KEY",
        "OPENROUTER_API_KEY",
        "SECRET_KEY",
    ):
        os.environ.pop(name, None)
    os.environ.setdefault("WHATSAPP_VERIFY_TOKEN", "test-verify-token")
    os.environ["SECRET_KEY"] = "test-secret-key-not-for-production"
    from crm_res.db import _normalise_pg
    from crm_res.settings import get_settings

    settings = get_settings()
    if settings.database_url:
        base = _normalise_pg(settings.database_url)
    else:
        from crm_res.embedded import postgres_url

        base = postgres_url(settings.data_dir)
    if settings.redis_url:
        redis_base = settings.redis_url
    else:
        from crm_res.embedded import redis_url

        redis_base = redis_url(settings.data_dir)
    url = make_url(base)
    admin = url.set(database="postgres" if url.database != "postgres" else url.database)
    import psycopg

    libpq = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TEST_DB}"')
    os.environ["DATABASE_URL"] = url.set(database=TEST_DB).render_as_string(hide_password=False)
    os.environ["REDIS_URL"] = _with_db(redis_base, TEST_REDIS_DB)
    get_settings.cache_clear()
    atexit.register(_drop_test_database, libpq)


def _drop_test_database(admin_libpq: str) -> None:
    from crm_res.db import get_engine

    get_engine().dispose()
    import psycopg

    with psycopg.connect(admin_libpq, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')


_prepare_environment()

# Shared fixtures live in modules of their own, never in another test module.
pytest_plugins = [
    "tests.fixtures.channel",
    "tests.fixtures.dashboard",
    "tests.fixtures.api",
    "tests.fixtures.webhooks",
    "tests.fixtures.shop",
]


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    from crm_res.db import get_engine
    from crm_res.runtime.migrate import upgrade_database

    upgrade_database()
    yield get_engine()


@pytest.fixture
def session(engine) -> Iterator:  # type: ignore[no-untyped-def]
    """A session inside a transaction that is rolled back after the test (commits are savepoints)."""
    from sqlmodel import Session

    conn = engine.connect()
    trans = conn.begin()
    s = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield s
    finally:
        s.close()
        trans.rollback()
        conn.close()


def truncate_all(engine) -> None:  # type: ignore[no-untyped-def]
    """Empty every table and restart every sequence: the state `TRUNCATE <all> RESTART IDENTITY`
    leaves, made cheaply. TRUNCATE replaces the files of each table and index (and fsyncs them):
    0.3-1 s for the 28 tables on a shared box, twice per committed test, which dominated mutation
    runs. Instead one probe finds the tables that have rows (usually a handful, none before a test),
    a DELETE empties those (children first), and one statement rewinds the sequences that moved."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    import crm_res.models  # noqa: F401

    tables = [t.name for t in SQLModel.metadata.sorted_tables]
    probe = " UNION ALL ".join(f"SELECT '{n}' WHERE EXISTS (SELECT FROM \"{n}\")" for n in tables)
    with engine.begin() as conn:
        filled = {row[0] for row in conn.execute(text(probe))}
        for name in reversed(tables):  # those that reference others first
            if name in filled:
                conn.execute(text(f'DELETE FROM "{name}"'))
        conn.execute(
            text(
                "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)"
                " FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        )


@pytest.fixture
def committed(engine) -> Iterator:  # type: ignore[no-untyped-def]
    """For tests whose data must be visible to other processes; tables emptied afterwards."""
    truncate_all(engine)
    yield engine
    truncate_all(engine)


@pytest.fixture
def redis_conn() -> Iterator:  # type: ignore[no-untyped-def]
    from crm_res.db import get_redis

    r = get_redis()
    r.flushdb()
    yield r
    r.flushdb()


@pytest.fixture(autouse=True)
def _fresh_inbound_pace() -> None:
    """The worker's measured time per message (jobs/inbound._Pace) is this process's memory: a test
    that runs the worker in-process starts without what earlier tests taught it (on a loaded box
    a slow earlier round would shrink the next test's rounds)."""
    from crm_res.jobs import inbound

    inbound._pace.per_message = None


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def _forget_inherited_connections() -> None:
    """In a forked child (mutmut runs each mutant in one) the parent's pooled Postgres connections
    must not be used: drop them from the pool without closing the parent's sockets."""
    from concurrent.futures import ThreadPoolExecutor

    import crm_res.db as db
    from crm_res.services.accounts import users

    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose(close=False)
    # Nor the parent's argon2 pool: its threads do not exist in the child, yet the pool counts them
    # and starts none, so every login in the child waited forever (mutmut scored it a timeout).
    users._hash_pool = ThreadPoolExecutor(
        users.HASH_CONCURRENCY, thread_name_prefix="argon2", initializer=users._lowest_priority
    )


os.register_at_fork(after_in_child=_forget_inherited_connections)
