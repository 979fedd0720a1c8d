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


# --------------------------------------------------------------------------- list pages
#
# The API keeps serialised pages (the conversation list, a conversation with its messages) in
# memory (http/api/page_cache.py), tagged with versions
# read before their query: one per restaurant and one for all. A committed write to a table the
# lists show gives them a new random value (never an old one back, even from a Redis that lost
# them), so the next request misses and reads afresh:
# - ORM flushes: the restaurants of the flushed rows (their restaurant_id, read without a load);
# - any other SQLAlchemy statement writing such a table (Core, bulk, text()): the restaurant in
#   the bind parameter its `LISTS_RESTAURANT` execution option names (the worker's writes: one
#   restaurant's traffic leaves the others' pages alone), else every restaurant;
# - an UPDATE that sets none of LIST_COLUMNS (a message stamped processed) ends no page;
# - raw driver SQL under a pool connection (ingestion's psycopg pipeline) is not seen here: those
#   paths publish the live signal after commit, which sets the restaurant's version too
#   (services/notifications.publish_changes → `bump_list_versions`).
# What none of these sees (psql by hand) is bounded by the page cache's TTL.

LISTS_ALL = "crm:api:lists:all"
# What cached pages show (a branch deleted may change their rows' branch too).
LIST_TABLES = ("conversations", "customers", "messages", "branches")
_LIST_TARGET = re.compile(
    rf"""\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?"?({"|".join(LIST_TABLES)})"?(?=[\s,;(]|$)""",
    re.IGNORECASE,
)
_LIST_TRUNCATE = re.compile(rf"""\bTRUNCATE\b[^;]*?"?\b({"|".join(LIST_TABLES)})\b"?""", re.IGNORECASE)
_LISTS_EVERY = "crm_res.api_lists.all"  # a write no flush accounts for: every restaurant's pages
_LISTS_RIDS = "crm_res.api_lists.restaurants"
_IN_FLUSH = "crm_res.api_lists.in_flush"
_FLUSH_WROTE = "crm_res.api_lists.flush_wrote"


def list_version_key(restaurant_id: object) -> str:
    return f"crm:api:lists:{restaurant_id}"


# The columns a cached page shows or filters by (services/api/feeds.py's statements; checked
# against them in tests/api/test_page_cache.py). A branch deleted may change rows' branch too.
LIST_COLUMNS: dict[str, frozenset[str]] = {
    "conversations": frozenset({
        "id", "status", "type", "handled_by", "restaurant_id", "branch_id", "customer_id", "ai_confidence",
        "unread_count", "last_message_preview", "last_message_at", "started_at", "resolved_at", "updated_at",
    }),
    "customers": frozenset({"id", "restaurant_id", "wa_id", "name"}),
    "messages": frozenset({
        "id", "restaurant_id", "conversation_id", "sender", "direction", "type", "body", "payload", "status",
        "occurred_at",
    }),
    "branches": frozenset({"id", "restaurant_id", "deleted_at"}),
}  # fmt: skip
# An execution option of a statement outside a flush: the name of its bind parameter that holds
# the restaurant of every row it writes (e.g. `text("INSERT INTO messages (restaurant_id, …)
# VALUES (:r, …)").execution_options(**{LISTS_RESTAURANT: "r"})`), so only that restaurant's pages
# end. A statement without it (or a row without the value) ends every restaurant's pages.
LISTS_RESTAURANT = "api_lists_restaurant"


@lru_cache(maxsize=4096)
def statement_writes_lists(sql: str) -> bool:
    """Whether `sql` inserts, deletes or truncates rows of a table the API's lists show, or updates
    one of LIST_COLUMNS there (every write in the statement counts: a CTE's too)."""
    if _LIST_TRUNCATE.search(sql) is not None:
        return True
    for target in _LIST_TARGET.finditer(sql):
        if not target.group(1).upper().startswith("UPDATE"):
            return True
        sets = _SET.search(sql, target.end())
        section = sets.group(1) if sets is not None else ""
        columns = {c.lower() for c in _SET_COLUMN.findall(section)}
        # Unparsed (a subquery cut the SET short, a `(a, b) = …` row): counted as a write.
        if not columns or section.count("(") != section.count(")"):
            return True
        if columns & LIST_COLUMNS[target.group(2).lower()]:
            return True
    return False


def bump_list_versions(restaurant_ids: Any = (), every: bool = False, pipe: Any = None) -> None:
    """Cached pages of these restaurants (or of all, `every`) are stale from now on: queued on
    `pipe` (executed by the caller) or sent now in one round trip. Call it after commit."""
    keys = [LISTS_ALL] if every else []
    keys += [list_version_key(r) for r in dict.fromkeys(restaurant_ids)]
    if not keys:
        return
    if pipe is not None:
        for key in keys:
            pipe.set(key, uuid.uuid4().hex)
        return
    try:
        with _redis().pipeline(transaction=False) as own:
            for key in keys:
                own.set(key, uuid.uuid4().hex)
            own.execute()
    except (RedisError, OSError):
        log.exception("api lists: could not bump the page versions; cached pages expire on their own")


def _flushed_restaurants(session: Any) -> set[Any] | None:
    """The restaurants of the list tables' rows in this flush (None: one of them has no loaded
    restaurant_id, so every restaurant counts)."""
    from sqlalchemy import inspect

    found: set[Any] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table not in LIST_TABLES:
            continue
        state = inspect(obj)
        rid = state.dict.get("restaurant_id")
        if rid is None:
            return None
        found.add(rid)
        old = state.attrs.restaurant_id.history.deleted  # a row moved: its old restaurant too
        found.update(r for r in old if r is not None)
    return found


def _session_connection_info(session: Any) -> dict:
    return session.connection().info


def _on_before_flush(session: Any, _ctx: Any, _instances: Any) -> None:
    _session_connection_info(session)[_IN_FLUSH] = True


def _on_after_flush(session: Any, _ctx: Any) -> None:
    info = _session_connection_info(session)
    if not info.pop(_FLUSH_WROTE, False):
        return
    rids = _flushed_restaurants(session)
    if rids is None or not rids:
        info[_LISTS_EVERY] = True
    else:
        info.setdefault(_LISTS_RIDS, set()).update(rids)


def _on_after_flush_postexec(session: Any, _ctx: Any) -> None:
    _session_connection_info(session).pop(_IN_FLUSH, None)


def _install_flush_events() -> None:
    from sqlalchemy.orm import Session as OrmSession

    event.listen(OrmSession, "before_flush", _on_before_flush)
    event.listen(OrmSession, "after_flush", _on_after_flush)
    event.listen(OrmSession, "after_flush_postexec", _on_after_flush_postexec)


_install_flush_events()


@event.listens_for(Engine, "after_cursor_execute")
def _watch_lists(conn: Any, _cursor: Any, statement: str, parameters: Any, context: Any, _many: bool) -> None:
    if not statement_writes_lists(statement):
        return
    info = conn.info
    if info.get(_IN_FLUSH):
        info[_FLUSH_WROTE] = True
        return
    rids = _declared_restaurants(context, parameters)
    if rids is None:
        info[_LISTS_EVERY] = True
    else:
        info.setdefault(_LISTS_RIDS, set()).update(rids)


def _declared_restaurants(context: Any, parameters: Any) -> set[uuid.UUID] | None:
    """The restaurants of the rows a statement writes, from the bind parameter its LISTS_RESTAURANT
    execution option names (None: not declared, or a row without a restaurant: every one)."""
    name = context.execution_options.get(LISTS_RESTAURANT) if context is not None else None
    if not name:
        return None
    rows = getattr(context, "compiled_parameters", None) if context.compiled is not None else None
    if rows is None:  # driver SQL: the parameters as sent
        rows = parameters if isinstance(parameters, list | tuple) else [parameters]
    found: set[uuid.UUID] = set()
    for row in rows:
        value = row.get(name) if isinstance(row, dict) else None
        try:
            found.add(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
        except ValueError:
            return None
    return found or None


@event.listens_for(Pool, "checkin")
def _bump_lists_after_commit(_dbapi_connection: Any, record: Any) -> None:
    if record is None:
        return
    info = record.info
    # A flush that never finished (it failed: rolled back) leaves its marks: count them as every.
    every = bool(info.pop(_LISTS_EVERY, False)) | bool(info.pop(_FLUSH_WROTE, False))
    info.pop(_IN_FLUSH, None)
    rids = info.pop(_LISTS_RIDS, None) or ()
    if every or rids:
        bump_list_versions(rids, every=every)
