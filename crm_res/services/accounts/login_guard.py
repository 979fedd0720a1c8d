"""Login throttling: rate limits (the `limits` library, counted in Redis) and progressive delays.

Three things slow a password guesser down, none of which lets a stranger lock the owner out:
- per client address and for the whole app, failed attempts per minute (`LOGIN_RATE_PER_IP`,
  `LOGIN_RATE_GLOBAL`): past them a login is answered at once, without the password check, so
  a storm of logins costs no CPU (successful logins are not counted: a restaurant's staff
  behind one address starting a shift are not refused);
- per e-mail address typed (whether or not such an account exists: no existence oracle) and per
  client address, after `FREE_FAILURES` failures each new attempt must wait a delay that doubles
  with every failure, up to `MAX_DELAY` seconds (not a lock: one try per delay stays possible);
- a *known device* (the browser holds a device cookie from an earlier successful login to that
  account) counts its own failures: the right password from the owner's own browser is not
  refused because a stranger failed on the same e-mail address or from the same office network.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from limits import RateLimitItem, parse
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter

from crm_res.services.accounts import sessions

FREE_FAILURES = 5
MAX_DELAY = 60.0
FAILURE_MEMORY = 3600  # failures older than this are forgotten
_FAIL_PREFIX = "crm:login-fail:"


def email_key(email: str) -> str:
    """A stable, non-reversible name for a typed e-mail address (logs and Redis keep no address)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Attempt:
    """Who tries: the client's address, the e-mail typed, and the device id when the browser's
    device cookie is one we issued for that same e-mail."""

    ip: str
    email: str
    device: str | None = None

    def buckets(self) -> list[str]:
        if self.device:
            return [f"device:{self.device}"]
        return [f"email:{email_key(self.email)}", f"ip:{self.ip}"]


@lru_cache(maxsize=4)
def _limiter(url: str) -> MovingWindowRateLimiter:
    client = sessions.redis()
    storage = RedisStorage("redis://", connection_pool=client.connection_pool, key_prefix="crm-login")
    return MovingWindowRateLimiter(storage)


def _rates() -> tuple[RateLimitItem, RateLimitItem]:
    from crm_res.settings import get_settings

    s = get_settings()
    return parse(s.login_rate_per_ip), parse(s.login_rate_global)


def delay_after(failures: int) -> float:
    """Seconds the next attempt must wait after `failures` recent failures."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(2.0 ** (failures - FREE_FAILURES), MAX_DELAY)


def admit(attempt: Attempt) -> bool:
    """Whether to check this attempt's password now (False: answer "failed" without checking)."""
    from crm_res.db import redis_url

    for bucket in attempt.buckets():
        raw = cast(list[bytes | None], sessions.redis().hmget(_FAIL_PREFIX + bucket, ["n", "last"]))
        if raw[0] is not None:
            failures, last = int(raw[0]), float(raw[1] or 0)
            if time.time() - last < delay_after(failures):
                return False
    if attempt.device:
        return True  # a known device: its own delay only, never the crowd's limits
    per_ip, overall = _rates()
    limiter = _limiter(redis_url())
    return limiter.test(per_ip, "ip", attempt.ip) and limiter.test(overall, "all")


def failed(attempt: Attempt) -> None:
    """Count a failed password check against the attempt's buckets and the rate limits."""
    from crm_res.db import redis_url

    if not attempt.device:
        per_ip, overall = _rates()
        limiter = _limiter(redis_url())
        limiter.hit(per_ip, "ip", attempt.ip)
        limiter.hit(overall, "all")
    pipe = sessions.redis().pipeline()
    for bucket in attempt.buckets():
        key = _FAIL_PREFIX + bucket
        pipe.hincrby(key, "n", 1)
        pipe.hset(key, "last", repr(time.time()))
        pipe.expire(key, FAILURE_MEMORY)
    pipe.execute()


def succeeded(attempt: Attempt) -> None:
    """A right password: its buckets start again from zero."""
    sessions.redis().delete(*[_FAIL_PREFIX + b for b in attempt.buckets()])
