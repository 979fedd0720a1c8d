"""Housekeeping jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from crm_res.db import get_redis


def heartbeat() -> str:
    """Record that the worker's cron ran; /health/ready can show it."""
    now = datetime.now(UTC).isoformat()
    get_redis().set("crm_res:worker:heartbeat", now, ex=600)
    return now
