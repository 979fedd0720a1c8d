"""Dashboard sessions, kept server-side in Redis so they can be ended.

The browser holds only a random token (an HttpOnly cookie set by crm_res/http/auth_routes.py);
Redis holds `crm:session:<sha256(token)>` → the user, when it was opened and a mark of the
password it was opened with. A session ends when unused for `SESSION_IDLE_MINUTES`, at the
latest `SESSION_ABSOLUTE_HOURS` after login, at logout, at "log out everywhere", and when the
password changes (the mark no longer matches). The token itself is never stored (only its hash),
so a copy of Redis opens no dashboard.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from redis import Redis

_PREFIX = "crm:session:"
_USER_SET = "crm:user-sessions:"


@dataclass(frozen=True)
class OpenSession:
    user_id: uuid.UUID
    password_mark: str
    created: float


@lru_cache(maxsize=4)
def _client(url: str) -> Redis:
    return Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)


def redis() -> Redis:
    """One pooled client per Redis URL (a session is checked on every dashboard event)."""
    from crm_res.db import redis_url

    return _client(redis_url())


def _key(token: str) -> str:
    return _PREFIX + hashlib.sha256(token.encode()).hexdigest()


def _limits() -> tuple[int, int]:
    from crm_res.settings import get_settings

    s = get_settings()
    return s.session_idle_minutes * 60, s.session_absolute_hours * 3600


def open_session(*, user_id: uuid.UUID, password_mark: str) -> str:
    """A new session for the user; returns the token for the cookie (shown nowhere else)."""
    idle, absolute = _limits()
    token = secrets.token_urlsafe(32)
    key = _key(token)
    now = time.time()
    pipe = redis().pipeline()
    pipe.hset(key, mapping={"uid": str(user_id), "pw": password_mark, "created": repr(now)})
    pipe.expire(key, min(idle, absolute))
    pipe.sadd(_USER_SET + str(user_id), key)
    pipe.expire(_USER_SET + str(user_id), absolute)
    pipe.execute()
    return token


def lookup(token: str) -> OpenSession | None:
    """The open session behind `token` (its idle time starts again), or None."""
    if not token or len(token) > 200:
        return None
    idle, absolute = _limits()
    key = _key(token)
    data = cast(dict[bytes, bytes], redis().hgetall(key))
    if not data:
        return None
    try:
        created = float(data[b"created"])
        found = OpenSession(uuid.UUID(data[b"uid"].decode()), data[b"pw"].decode(), created)
    except (KeyError, ValueError):
        return None
    left = created + absolute - time.time()
    if left <= 0:
        redis().delete(key)
        return None
    redis().expire(key, int(min(idle, left)) + 1)
    return found


def close_session(token: str) -> None:
    """Logout: the token opens nothing from now on."""
    if token:
        redis().delete(_key(token))


def close_all_sessions(user_id: uuid.UUID) -> int:
    """ "Log out everywhere" (and what a password reset or a deactivation does): every session of
    the user ends. Returns how many were open."""
    members = cast(set[bytes], redis().smembers(_USER_SET + str(user_id)))
    pipe = redis().pipeline()
    for key in members:
        pipe.delete(key)
    pipe.delete(_USER_SET + str(user_id))
    results = pipe.execute()
    return sum(int(r) for r in results[:-1])
