"""Requests per restaurant per tier (the `limits` library, a fixed window counted in Redis).

One Redis round trip per request: the counter under the library's own key (`item.key_for`, its
storage prefix) is incremented and given the window's expiry if it has none — what the library's
fixed window does in its incr-and-expire script — in one MULTI pipeline, which also carries the
API key generation read (auth.py), so a cached caller costs one round trip in all. The count
gives the remaining budget; the window's end is known when this request opened the window
(count 1), otherwise read once (TTL) and remembered in this process until the window closes.
The library's own reads (`get_window_stats`, `reset`) see the same keys.
"""

from __future__ import annotations

import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter

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


# key -> when its window ends (time.time()), for the windows this process has seen.
_window_ends: dict[str, float] = {}


def _window_end(storage: RedisStorage, key: str, count: int, expiry: int, now: float) -> float:
    """`key` is the storage's prefixed key."""
    if count == 1:
        _window_ends[key] = now + expiry
    end = _window_ends.get(key)
    if end is None or end <= now:
        if len(_window_ends) > 10_000:
            _window_ends.clear()
        ttl = sessions.redis().ttl(key)
        end = _window_ends[key] = max(int(ttl), 0) + now  # type: ignore[arg-type]  # sync client
    return end


def charge(restaurant_id: str, tier: str, state: dict, also_get: str | None = None) -> bytes | None:
    """Count one request; leave the RateLimit-* headers in `state`; 429 with Retry-After past the
    limit. `also_get`: a Redis key read in the same round trip (its value is returned; the 429,
    if any, is then left in `state["rate_refusal"]` for the caller to raise: see `refuse_if_over`)."""
    from crm_res.db import redis_url

    item = rate_for(tier)
    storage = _limiter(redis_url()).storage
    assert isinstance(storage, RedisStorage)
    key, expiry = storage.prefixed_key(item.key_for("restaurant", restaurant_id)), item.get_expiry()
    pipe = sessions.redis().pipeline(transaction=True)  # the pool the storage itself uses
    pipe.incr(key)
    pipe.expire(key, expiry, nx=True)
    if also_get:
        pipe.get(also_get)
    answers = pipe.execute()
    count, extra = int(answers[0]), (answers[2] if also_get else None)
    now = time.time()
    allowed, remaining = count <= item.amount, item.amount - count
    reset = max(1, int(_window_end(storage, key, count, expiry, now) - now + 0.999))
    state["rate_headers"] = {"RateLimit-Limit": str(item.amount), "RateLimit-Remaining": str(max(0, remaining)),
                             "RateLimit-Reset": str(reset)}  # fmt: skip
    state.pop("rate_refusal", None)
    if not allowed:
        refusal = ApiError(429, "RATE_LIMITED", f"more than {item.amount} requests per {item.GRANULARITY.name} "
                           "for this restaurant's plan", {"limit": item.amount, "retryAfter": reset},
                           headers={"Retry-After": str(reset)})  # fmt: skip
        if also_get is None:
            raise refusal
        state["rate_refusal"] = refusal
    return extra if isinstance(extra, bytes) else None


def refuse_if_over(state: dict) -> None:
    """Raise the 429 a `charge(..., also_get=...)` left in `state`."""
    refusal = state.pop("rate_refusal", None)
    if refusal is not None:
        raise refusal
