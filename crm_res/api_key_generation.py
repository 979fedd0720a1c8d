"""The generation of the API's cached callers: one Redis value every process agrees on.

The REST API keeps the caller a key stands for in memory (http/api/auth.py) and checks this value
on every request; a committed change that can end or narrow a key — a key revoked or changed, a
user deactivated, demoted or moved, a branch deleted, a restaurant's tier changed or the
restaurant deleted — sets it to a new random value, so every process looks its keys up again
from the next request on.

The change is seen in the SQL itself, not in ORM objects, so no path escapes it: ORM flushes,
Core or bulk `update()`/`delete()`, `text()` — any statement through any SQLAlchemy engine of any
process that has `crm_res.db` create its engine (dashboard, worker, CLI, API). Each statement's
SQL is classified once (cached by its text); a connection that ran such a statement bumps the
generation when it goes back to its pool, which is after its commit (after a rollback it only
costs one extra lookup). A value read *before* a caller's lookup tags that caller, so a change
committed between the two is never cached as current. What SQLAlchemy never sees (psql by hand)
is bounded by the cache's TTL (auth.CACHE_SECONDS).
"""

from __future__ import annotations

import logging
import re
import uuid
from functools import lru_cache
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import Engine, Pool, event

log = logging.getLogger(__name__)

KEYS_GENERATION = "crm:api:keys:generation"

# table -> the columns that decide what a key's caller is (services/api/api_keys.principal_for_key)
AUTH_COLUMNS: dict[str, frozenset[str]] = {
    "api_keys": frozenset({"revoked_at", "scopes", "branch_id", "created_by"}),
    "users": frozenset({"is_active", "role", "restaurant_id"}),
    "branches": frozenset({"deleted_at", "restaurant_id"}),
    "restaurants": frozenset({"subscription_tier", "deleted_at"}),
}
_TABLES = "|".join(AUTH_COLUMNS)
_TARGET = re.compile(
    rf"""\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?"?({_TABLES})"?(?=[\s,;(]|$)""",
    re.IGNORECASE,
)
_SET = re.compile(r"\bSET\b(.*?)(?:\bWHERE\b|\bFROM\b|\bRETURNING\b|$)", re.IGNORECASE | re.DOTALL)
_SET_COLUMN = re.compile(r'"?(\w+)"?\s*=')
_CHANGED = "crm_res.api_keys.changed"


def _redis() -> Any:
    from crm_res.redis_client import get_redis

    return get_redis()


def keys_generation() -> bytes | None:
    """The current generation (None before the first bump, or when Redis lost it)."""
    value = _redis().get(KEYS_GENERATION)
    return value if isinstance(value, bytes) else None


def bump_keys_generation() -> None:
    """Every process's cached API callers are stale from now on (a new random value: a Redis that
    lost the key never brings an old generation back)."""
    try:
        _redis().set(KEYS_GENERATION, uuid.uuid4().hex)
    except (RedisError, OSError):
        log.exception("api keys: could not bump the cache generation; cached callers expire on their own")


@lru_cache(maxsize=4096)
def statement_touches_auth(sql: str) -> bool:
    """Whether `sql` may end or narrow a key: it deletes from (or truncates) one of AUTH_COLUMNS'
    tables, or sets one of their columns (UPDATE … SET, INSERT … ON CONFLICT DO UPDATE SET)."""
    target = _TARGET.search(sql)
    if target is None:
        return False
    if target.group(1).upper().startswith(("DELETE", "TRUNCATE")):
        return True
    sets = _SET.search(sql, target.end())
    if sets is None:  # a plain INSERT: a new row ends no key
        return False
    return bool(
        {c.lower() for c in _SET_COLUMN.findall(sets.group(1))} & AUTH_COLUMNS[target.group(2).lower()]
    )


@event.listens_for(Engine, "after_cursor_execute")
def _watch(conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool) -> None:
    if statement_touches_auth(statement):
        conn.info[_CHANGED] = True


@event.listens_for(Pool, "checkin")
def _bump_after_commit(_dbapi_connection: Any, record: Any) -> None:
    if record is not None and record.info.pop(_CHANGED, False):
        bump_keys_generation()
