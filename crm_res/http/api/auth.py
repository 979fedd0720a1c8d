"""Bearer keys: who calls (services/api/api_keys.py), the tier limit, and each route's scope.

The caller a key stands for is kept in this process for up to CACHE_SECONDS, tagged with the key
generation read *before* its database lookup; each request reads the generation (in the same Redis
round trip as its rate-limit count) and looks the key up again when it moved. A revocation (or a
deactivated owner, a deleted branch, a changed tier) bumps the generation after its commit, in
whichever process and by whatever statement (crm_res/api_key_generation.py), so the next request
after it is refused. The TTL only bounds what SQLAlchemy never sees (psql by hand).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from crm_res.api_key_generation import KEYS_GENERATION, keys_generation
from crm_res.db import session_scope
from crm_res.http.api import limits
from crm_res.http.api.errors import ApiError
from crm_res.services.api.api_keys import (
    LAST_USED_EVERY,
    ApiPrincipal,
    hash_key,
    principal_for_key,
    touch_last_used,
)

bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer crk_…` (Settings → API keys)")
CACHE_SECONDS = 30.0
CACHE_SIZE = 10_000


@dataclass
class _Cached:
    who: ApiPrincipal | None  # None: a key that does not work (cached too: a flood of bad keys)
    generation: bytes | None
    expires: float
    used: float  # when this process last recorded the key's use (monotonic)


_cache: OrderedDict[str, _Cached] = OrderedDict()
_lock = threading.Lock()


def _unauthorized() -> ApiError:
    return ApiError(
        401, "UNAUTHORIZED", "the API key is not valid or was revoked", headers={"WWW-Authenticate": "Bearer"}
    )


def _lookup(key: str, digest: str, generation: bytes | None, now: float) -> ApiPrincipal | None:
    with session_scope() as session:  # records the key's use too (at most once a minute)
        who = principal_for_key(session=session, key=key)
    with _lock:
        _cache[digest] = _Cached(who, generation, now + CACHE_SECONDS, now)
        _cache.move_to_end(digest)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return who


def _cached(digest: str, now: float) -> _Cached | None:
    with _lock:
        hit = _cache.get(digest)
    return hit if hit is not None and hit.expires >= now else None


def _record_use(hit: _Cached, now: float) -> None:
    if hit.who is not None and now - hit.used > LAST_USED_EVERY.total_seconds():
        hit.used = now
        with session_scope() as session:
            touch_last_used(session=session, key_id=hit.who.key_id, now=datetime.now(UTC))


def caller_for(key: str) -> ApiPrincipal | None:
    """The caller `key` stands for, from this process's cache when the generation has not moved."""
    digest, now = hash_key(key), time.monotonic()
    generation = keys_generation()
    hit = _cached(digest, now)
    if hit is None or hit.generation != generation:
        return _lookup(key, digest, generation, now)
    _record_use(hit, now)
    return hit.who


def _authenticate(key: str, state: dict) -> ApiPrincipal:
    """The caller, charged to its restaurant's rate limit. A cached caller costs one Redis round
    trip: the limit's counter and the key generation travel together; a generation that moved
    means a fresh lookup (this request stays counted, as any request with a key once valid)."""
    digest, now = hash_key(key), time.monotonic()
    hit = _cached(digest, now)
    if hit is not None and hit.who is not None:
        generation = limits.charge(str(hit.who.restaurant_id), hit.who.tier, state, also_get=KEYS_GENERATION)
        if generation == hit.generation:
            limits.refuse_if_over(state)
            _record_use(hit, now)
            return hit.who
        who = _lookup(key, digest, generation, now)
        if who is None:
            raise _unauthorized()
        if who.tier == hit.who.tier:
            limits.refuse_if_over(state)  # counted already, under the same plan
        else:  # the plan changed: count under the new one
            limits.charge(str(who.restaurant_id), who.tier, state)
        return who
    who = caller_for(key)
    if who is None:
        raise _unauthorized()
    limits.charge(str(who.restaurant_id), who.tier, state)
    return who


def forget_cached_callers() -> None:
    with _lock:
        _cache.clear()


def _no_key() -> ApiError:
    return ApiError(
        401,
        "UNAUTHORIZED",
        "send an API key: Authorization: Bearer <key>",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def api_key(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """The bearer key as sent (async, no I/O: nothing to send to the thread pool); 401 when none."""
    if creds is None or creds.scheme.lower() != "bearer":
        raise _no_key()
    return creds.credentials


# For a route that reads the key itself (`key_from`) instead of through `api_key`: its OpenAPI
# security, which the dependency would otherwise declare.
BEARER_SECURITY: dict[str, Any] = {"security": [{"HTTPBearer": []}]}


def key_from(request: Request) -> str:
    """`api_key`'s answer read straight from the header, as HTTPBearer reads it — for the hot read
    routes, where solving a dependency chain per request costs more than the check itself."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        raise _no_key()
    return credentials


def _check_scope(who: ApiPrincipal, name: str) -> ApiPrincipal:
    if not who.allows(name):
        raise ApiError(403, "INSUFFICIENT_SCOPE", f"this API key lacks the {name} scope", {"scope": name})
    return who


def authorize(request: Request, key: str, scope_name: str) -> ApiPrincipal:
    """The caller `key` stands for, charged to its rate limit, if it carries `scope_name`.
    Blocking (Redis, and Postgres on a cache miss): call it from the thread pool, e.g. in the same
    hop as the route's read (common.cached_read_as)."""
    if len(key) > 200:
        raise _unauthorized()
    return _check_scope(_authenticate(key, request.scope.setdefault("state", {})), scope_name)


def principal(request: Request, key: str = Depends(api_key)) -> ApiPrincipal:
    """Runs in FastAPI's thread pool (a sync dependency): the key lookup never blocks the loop."""
    if len(key) > 200:
        raise _unauthorized()
    return _authenticate(key, request.scope.setdefault("state", {}))


def scope(name: str) -> Callable[..., Awaitable[ApiPrincipal]]:
    """A dependency: the caller, if its key carries scope `name` (403 otherwise). Async (no I/O):
    FastAPI runs it on the loop instead of sending it to the thread pool."""

    async def check(who: ApiPrincipal = Depends(principal)) -> ApiPrincipal:
        return _check_scope(who, name)

    return check
