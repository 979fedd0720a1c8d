"""Requests per restaurant per tier (the `limits` library, a fixed window counted in Redis).

One Redis command per request: a script increments the counter under the library's own key
(`item.key_for`, its storage prefix) and gives it the window's expiry if it has none — what the
library's fixed window does in its incr-and-expire script — and answers the count, the window's
remaining seconds, the API key generation (auth.py) and the restaurant's page versions
(page_cache.py), so a cached caller and its cached page cost one round trip (and one reply to
parse) in all.
The library's own reads (`get_window_stats`, `reset`) see the same keys.
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from functools import lru_cache
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

from crm_res.api_key_generation import LISTS_ALL, list_version_key
from crm_res.http.api.errors import ApiError
from crm_res.services.accounts import sessions
from crm_res.settings import get_settings


@lru_cache(maxsize=4)
def _limiter(url: str) -> FixedWindowRateLimiter:
    storage = RedisStorage("redis://", connection_pool=sessions.redis().connection_pool, key_prefix="crm-api")
    return FixedWindowRateLimiter(storage)


@lru_cache(maxsize=16)
def _item(text: str) -> RateLimitItem:
    return parse(text)


def rate_for(tier: str) -> RateLimitItem:
    s = get_settings()
    return _item(
        {"growth": s.api_rate_growth, "enterprise": s.api_rate_enterprise}.get(tier, s.api_rate_starter)
    )


# The fixed window's incr-and-expire (what the library's own script does), the window's remaining
# seconds, the versions of the restaurant's cached list pages (api_key_generation: every
# restaurant's and this one's; a missing one is given a fresh random value, so a Redis that lost
# it never matches an old page) and, when asked, another key's value: one command and one reply.
_CHARGE = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local function version(key)
  local v = redis.call('GET', key)
  if not v then redis.call('SET', key, ARGV[2]); v = ARGV[2] end
  return v
end
local every, mine = version(KEYS[2]), version(KEYS[3])
local extra = false
if KEYS[4] then extra = redis.call('GET', KEYS[4]) end
return {count, ttl, extra, every, mine}
"""


# A value no version ever had, for a version Redis lost: this process's random prefix (new in a
# forked child) and a count (a uuid4 per request read the system's random source every time).
_nonce = [uuid.uuid4().hex]
_counter = itertools.count()
os.register_at_fork(after_in_child=lambda: _nonce.__setitem__(0, uuid.uuid4().hex))


def _fresh_version() -> str:
    return f"{_nonce[0]}-{next(_counter)}"


# The charge's script on a Redis client of the calling thread's own, holding its one connection
# (redis-py's `single_connection_client`): taking a connection from a shared pool and giving it
# back (a readiness poll each time) cost as much CPU as the round trip itself. API requests run
# on a few long-lived threads (common._READ_THREADS, FastAPI's pool), so a thread's connection
# is used again and again; one Redis dropped is reconnected by the next command's retry.
_thread = threading.local()
# A forked child (granian's workers) must not share the forking thread's connection.
os.register_at_fork(after_in_child=lambda: _thread.__dict__.pop("charge", None))


def _charge_script(url: str) -> Any:
    mine = getattr(_thread, "charge", None)
    if mine is None or mine[0] != url:
        client = Redis.from_url(
            url,
            socket_timeout=5,
            socket_connect_timeout=2,
            single_connection_client=True,
            # a connection Redis ended is found on use (not at a pool checkout): reconnect once
            retry=Retry(NoBackoff(), 1),
            retry_on_error=[RedisConnectionError],
        )
        mine = _thread.charge = (url, client.register_script(_CHARGE))
    return mine[1]


def charge(restaurant_id: str, tier: str, state: dict, also_get: str | None = None) -> bytes | None:
    """Count one request; leave the RateLimit-* headers in `state`; 429 with Retry-After past the
    limit. `also_get`: a Redis key read in the same round trip (its value is returned; the 429,
    if any, is then left in `state["rate_refusal"]` for the caller to raise: see `refuse_if_over`)."""
    from crm_res.db import redis_url

    item = rate_for(tier)
    storage = _limiter(redis_url()).storage
    assert isinstance(storage, RedisStorage)
    key, expiry = storage.prefixed_key(item.key_for("restaurant", restaurant_id)), item.get_expiry()
    keys = [key, LISTS_ALL, list_version_key(restaurant_id)] + ([also_get] if also_get else [])
    count, ttl, extra, every, mine = _charge_script(redis_url())(keys=keys, args=[expiry, _fresh_version()])
    state["list_versions"] = (every, mine)
    count = int(count)
    allowed, remaining = count <= item.amount, item.amount - count
    reset = max(1, int(ttl))
    state["rate_headers"] = {
        "RateLimit-Limit": str(item.amount),
        "RateLimit-Remaining": str(max(0, remaining)),
        "RateLimit-Reset": str(reset),
    }
    state.pop("rate_refusal", None)
    if not allowed:
        refusal = ApiError(
            429,
            "RATE_LIMITED",
            f"more than {item.amount} requests per {item.GRANULARITY.name} for this restaurant's plan",
            {"limit": item.amount, "retryAfter": reset},
            headers={"Retry-After": str(reset)},
        )
        if also_get is None:
            raise refusal
        state["rate_refusal"] = refusal
    return extra if isinstance(extra, bytes) else None


def refuse_if_over(state: dict) -> None:
    """Raise the 429 a `charge(..., also_get=...)` left in `state`."""
    refusal = state.pop("rate_refusal", None)
    if refusal is not None:
        raise refusal
