"""Every periodic job, declared in one list and registered with RQ's CronScheduler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rq.cron import CronScheduler

from crm_res.jobs import maintenance, scheduled, sweep, templates, webhooks
from crm_res.jobs.queues import DEFAULT, SCHEDULED
from crm_res.services.admin import template_sync
from crm_res.services.campaigns import release as campaigns


@dataclass(frozen=True)
class Periodic:
    func: Callable[..., object]
    queue: str
    interval: int  # seconds


# Every job runs at a fixed interval and decides in code, with timezone-aware times in each
# restaurant's zone, whether anything is due. No crontab hours here: RQ 3's CronScheduler reads a
# cron expression in the SERVER's local time (rq/cron.py), so "0 8-13 * * *" would mean different
# Saudi hours on a server in UTC, in Riyadh or in New York.
PERIODIC_JOBS: list[Periodic] = [
    Periodic(maintenance.heartbeat, DEFAULT, interval=60),
    Periodic(sweep.requeue_stale, DEFAULT, interval=30),
    # Outgoing webhooks whose job was lost, and events ingestion wrote in SQL (jobs/webhooks.py).
    Periodic(webhooks.dispatch_webhooks, DEFAULT, interval=15),
    # --- operating it (docs/OPERATIONS.md): each decides in code whether anything is due ---
    Periodic(maintenance.scheduled_backup, SCHEDULED, interval=3600),
    Periodic(maintenance.prune_audit_trail, SCHEDULED, interval=6 * 3600),
    # --- prayer-aware and scheduled work (jobs/scheduled.py) ---
    Periodic(scheduled.queue_due_feedback_requests, SCHEDULED, interval=300),
    # At each restaurant's local summary time (services/summaries.due_period).
    Periodic(scheduled.send_daily_summaries, SCHEDULED, interval=300),
    Periodic(scheduled.abandon_idle_conversations, SCHEDULED, interval=900),
    # Restaurants whose local hour is 0 (a cheap, idempotent recompute; see holding.warm_prayer_times).
    Periodic(scheduled.warm_prayer_times, SCHEDULED, interval=900),
    Periodic(scheduled.prune_release_slots, SCHEDULED, interval=6 * 3600),
    # From 11:00 local in Ramadan; reruns are idempotent (services/ramadan.schedule_due_promotions).
    Periodic(scheduled.schedule_pre_iftar_promotions, SCHEDULED, interval=1800),
    # Campaign sends due soon, a few seconds' worth per run (services/campaigns/release.py).
    Periodic(scheduled.release_campaigns, SCHEDULED, interval=campaigns.RELEASE_INTERVAL_SECONDS),
    # Templates from Meta's list, for restaurants with a token and an account id (jobs/templates.py).
    Periodic(templates.sync_all_templates, SCHEDULED, interval=template_sync.SYNC_INTERVAL_SECONDS),
]


def register_all(scheduler: CronScheduler) -> None:
    for job in PERIODIC_JOBS:
        scheduler.register(job.func, job.queue, interval=job.interval)
