"""Every periodic job, declared in one list and registered with RQ's CronScheduler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rq.cron import CronScheduler

from crm_res.jobs import maintenance, sweep
from crm_res.jobs.queues import DEFAULT


@dataclass(frozen=True)
class Periodic:
    func: Callable[..., object]
    queue: str
    interval: int | None = None  # seconds
    cron: str | None = None  # crontab, UTC


PERIODIC_JOBS: list[Periodic] = [
    Periodic(maintenance.heartbeat, DEFAULT, interval=60),
    Periodic(sweep.requeue_stale, DEFAULT, interval=30),
]


def register_all(scheduler: CronScheduler) -> None:
    for job in PERIODIC_JOBS:
        scheduler.register(job.func, job.queue, interval=job.interval, cron=job.cron)
