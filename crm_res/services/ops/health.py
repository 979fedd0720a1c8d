"""Readiness checks: Postgres and Redis answer."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy import text


def _check_postgres() -> dict[str, Any]:
    from crm_res.db import get_engine

    start = time.perf_counter()
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 1)}
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return {"ok": False, "error": type(exc).__name__}


def _check_redis() -> dict[str, Any]:
    from crm_res.db import get_redis

    start = time.perf_counter()
    try:
        get_redis().ping()
        return {"ok": True, "ms": round((time.perf_counter() - start) * 1000, 1)}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__}


async def readiness() -> dict[str, dict[str, Any]]:
    pg, redis = await asyncio.gather(asyncio.to_thread(_check_postgres), asyncio.to_thread(_check_redis))
    return {"postgres": pg, "redis": redis}
