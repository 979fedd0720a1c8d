"""Requests per restaurant per tier (the `limits` library, a fixed window counted in Redis).

One Redis round trip per request: the window's counter is incremented by the library's own
storage (its atomic incr-and-expire script), which returns the count, so the remaining budget
needs no second read. The window's end is known when this request opened the window (count 1);
otherwise it is read once (TTL) and remembered in this process until the window closes.
"""

from __future__ import annotations

import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter

from crm_res.http.api.errors import ApiError
from crm_res.services.admin import sessions
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
    if count == 1:
        _window_ends[key] = now + expiry
    end = _window_ends.get(key)
    if end is None or end <= now:
        if len(_window_ends) > 10_000:
            _window_ends.clear()
        end = _window_ends[key] = storage.get_expiry(key)
    return end


def charge(restaurant_id: str, tier: str, state: dict) -> None:
    """Count one request; leave the RateLimit-* headers in `state`; 429 with Retry-After past the limit."""
    from crm_res.db import redis_url

    item = rate_for(tier)
    storage = _limiter(redis_url()).storage
    assert isinstance(storage, RedisStorage)
    key, expiry = item.key_for("restaurant", restaurant_id), item.get_expiry()
    count = storage.incr(key, expiry)
    now = time.time()
    allowed, remaining = count <= item.amount, item.amount - count
    reset = max(1, int(_window_end(storage, key, count, expiry, now) - now + 0.999))
    state["rate_headers"] = {"RateLimit-Limit": str(item.amount), "RateLimit-Remaining": str(max(0, remaining)),
                             "RateLimit-Reset": str(reset)}  # fmt: skip
    if not allowed:
        raise ApiError(429, "RATE_LIMITED", f"more than {item.amount} requests per {item.GRANULARITY.name} "
                       "for this restaurant's plan", {"limit": item.amount, "retryAfter": reset},
                       headers={"Retry-After": str(reset)})  # fmt: skip
