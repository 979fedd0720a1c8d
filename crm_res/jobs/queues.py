"""Queue names and enqueue helpers. Job ids are derived from what they act on (idempotent)."""

from __future__ import annotations

from functools import lru_cache

from rq import Queue, Worker

from crm_res.db import get_redis

# Replies first: a customer waiting beats a scheduled summary.
REPLIES = "replies"
OUTBOUND = "outbound"
DEFAULT = "default"
SCHEDULED = "scheduled"
# Campaign sends in batches (jobs/send.send_bulk): last, and each batch yields to a waiting reply.
BULK = "bulk"
ALL_QUEUES = (REPLIES, OUTBOUND, DEFAULT, SCHEDULED, BULK)


@lru_cache
def queue(name: str) -> Queue:
    return Queue(name, connection=get_redis())


def workers_running() -> int:
    """RQ workers registered and alive; one killed without a goodbye drops out when its key
    expires (RQ's worker TTL: minutes)."""
    return len(Worker.all(connection=get_redis()))
