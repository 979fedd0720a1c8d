"""Every periodic job, declared in one list and registered with RQ's CronScheduler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rq.cron import CronScheduler

from crm_res.jobs import maintenance, scheduled, sweep
from crm_res.jobs.queues import DEFAULT, SCHEDULED


@dataclass(frozen=True)
class Periodic:
    func: Callable[..., object]
    queue: str
    interval: int | None = None  # seconds
    cron: str | None = None  # crontab, UTC


PERIODIC_JOBS: list[Periodic] = [
    Periodic(maintenance.heartbeat, DEFAULT, interval=60),
    Periodic(sweep.requeue_stale, DEFAULT, interval=30),
    # --- prayer-aware and scheduled work (jobs/scheduled.py) ---
    Periodic(scheduled.queue_due_feedback_requests, SCHEDULED, interval=300),
    Periodic(scheduled.send_daily_summaries, SCHEDULED, interval=300),
    Periodic(scheduled.abandon_idle_conversations, SCHEDULED, interval=900),
    # Hourly: picks the restaurants whose local day has just begun (local hour 0).
    Periodic(scheduled.warm_prayer_times, SCHEDULED, cron="1 * * * *"),
    Periodic(scheduled.prune_release_slots, SCHEDULED, cron="30 3 * * *"),
    # 08:00-13:00 UTC is 11:00-16:00 in Saudi Arabia, before every Maghrib; reruns are idempotent.
    Periodic(scheduled.schedule_pre_iftar_promotions, SCHEDULED, cron="0 8-13 * * *"),
]


def register_all(scheduler: CronScheduler) -> None:
    for job in PERIODIC_JOBS:
        scheduler.register(job.func, job.queue, interval=job.interval, cron=job.cron)
