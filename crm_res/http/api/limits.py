"""Requests per restaurant per tier (the `limits` library, a fixed window counted in Redis)."""

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


def charge(restaurant_id: str, tier: str, state: dict) -> None:
    """Count one request; leave the RateLimit-* headers in `state`; 429 with Retry-After past the limit."""
    from crm_res.db import redis_url

    item = rate_for(tier)
    limiter = _limiter(redis_url())
    allowed = limiter.hit(item, "restaurant", restaurant_id)
    reset_at, remaining = limiter.get_window_stats(item, "restaurant", restaurant_id)
    reset = max(1, int(reset_at - time.time() + 0.999))
    state["rate_headers"] = {"RateLimit-Limit": str(item.amount), "RateLimit-Remaining": str(max(0, remaining)),
                             "RateLimit-Reset": str(reset)}  # fmt: skip
    if not allowed:
        raise ApiError(429, "RATE_LIMITED", f"more than {item.amount} requests per {item.GRANULARITY.name} "
                       "for this restaurant's plan", {"limit": item.amount, "retryAfter": reset},
                       headers={"Retry-After": str(reset)})  # fmt: skip
