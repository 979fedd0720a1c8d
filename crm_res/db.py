"""Engine and sessions. Resolves the database and Redis URLs once (env, else embedded)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from redis import Redis
from sqlalchemy import Engine
from sqlmodel import Session, create_engine

from crm_res.settings import get_settings


def _normalise_pg(url: str) -> str:
    # Heroku-style and plain URLs both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return _normalise_pg(settings.database_url)
    from crm_res.embedded import postgres_url

    return postgres_url(settings.data_dir)


@lru_cache
def redis_url() -> str:
    settings = get_settings()
    if settings.redis_url:
        return settings.redis_url
    from crm_res.embedded import redis_url as embedded_redis_url

    return embedded_redis_url(settings.data_dir)


@lru_cache
def get_engine() -> Engine:
    return create_engine(database_url(), pool_pre_ping=True, pool_size=10, max_overflow=20, pool_recycle=1800)


@lru_cache
def get_redis() -> Redis:
    return Redis.from_url(redis_url(), socket_timeout=5, socket_connect_timeout=2)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
