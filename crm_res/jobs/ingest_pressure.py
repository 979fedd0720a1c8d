"""Workers step aside while the ingestion tier is saturated: Meta's deliveries are acknowledged
first, the processing catches up from the CPU ingestion leaves.

Niceness alone did not do it (docs/CAPACITY.md): the tier spends much of a commit waiting for
Postgres, a niced worker gets that idle CPU, and its queries then run beside the tier's on the
same server, tables and rows, raising the tier's own Postgres cost per delivery.

The signal is the one that matters to Meta: how long a delivery waited for its commit. When a
tier process's batch commits more than `BUSY_WAIT_SECONDS` after its oldest delivery arrived and
holds at least `BUSY_BATCH` deliveries (they arrive faster than one commit clears them), it marks ingestion busy in Redis (a key that lives `HOLD_MS`, set again at most every
`MARK_EVERY_SECONDS` per process: one Redis command per 0.1 s, whatever the rate). A worker,
before each job, waits while the mark is there, for at most its `yield_seconds` (worker.py
`--yield-to-ingestion`, default 2 s): then it runs the job anyway, so even under saturation
that never ends every worker still finishes a job every couple of seconds; at normal load the
mark is never set and nothing waits. A job that takes more rounds of queued messages
(crm_res/jobs/inbound.py) stops taking them while the mark is there. Nothing is weakened: the messages are stored before they
are acknowledged, and the jobs stay queued (a worker that pauses has not taken its next one).

Workers on a box of their own (no tier to yield to) run with `--yield-to-ingestion 0`.
"""

from __future__ import annotations

import time

from redis import Redis
from redis.exceptions import RedisError

KEY = "crm_res:ingest:busy"
BUSY_WAIT_SECONDS = 0.015  # a delivery waited this long for its commit: the tier is behind (run M),
BUSY_BATCH = 4  # if deliveries are also queueing up (a slow commit at 20/s on a busy box is not that)
HOLD_MS = 300
MARK_EVERY_SECONDS = 0.1
POLL_SECONDS = 0.05


class BusyMarker:
    """Per tier process: marks ingestion busy, at most once per `MARK_EVERY_SECONDS`."""

    def __init__(self) -> None:
        self._last = 0.0

    def due(self, waited: float, size: int) -> bool:
        """True when a batch of `size` deliveries whose oldest waited `waited` s should (re)set
        the mark now."""
        now = time.monotonic()
        if waited < BUSY_WAIT_SECONDS or size < BUSY_BATCH or now - self._last < MARK_EVERY_SECONDS:
            return False
        self._last = now
        return True


def mark_busy(redis: Redis) -> None:
    """Ingestion is behind: workers pause for the next `HOLD_MS` (unless marked again)."""
    try:
        redis.set(KEY, b"1", px=HOLD_MS)
    except RedisError:
        pass  # the enqueue that follows reports Redis's state; the mark is only a courtesy


def is_busy(redis: Redis) -> bool:
    """Whether ingestion is marked busy now (a long job checks between its rounds)."""
    try:
        return bool(redis.exists(KEY))
    except RedisError:
        return False


def wait_while_busy(redis: Redis, yield_seconds: float) -> float:
    """Before a job: wait while ingestion is marked busy, at most `yield_seconds`. Returns the
    seconds waited."""
    if yield_seconds <= 0:
        return 0.0
    started = time.monotonic()
    deadline = started + yield_seconds
    try:
        while time.monotonic() < deadline and redis.exists(KEY):
            time.sleep(POLL_SECONDS)
    except RedisError:
        pass  # the job's own Redis use will say so
    return time.monotonic() - started
