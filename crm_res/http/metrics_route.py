"""GET /metrics: the Prometheus scrape, on the app's port.

Who may read it: with METRICS_TOKEN set, whoever sends `Authorization: Bearer <token>`; without
it, only this machine (CRM_RES_METRICS_LOCAL_ONLY, the default) — behind the Caddy front the peer
is always 127.0.0.1, so the address Caddy forwarded (X-Forwarded-For) is the one checked.

Measured at scrape (never on a hot path): each RQ queue's depth and its oldest job's age, the
failed-job registry's size, and how many restaurants are open now (the "no inbound during opening
hours" alert needs it).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from datetime import UTC, datetime

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from crm_res.metrics import exposition
from crm_res.settings import get_settings

log = logging.getLogger("crm_res.metrics")


def _loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


def client_address(request: Request) -> str | None:
    peer = request.client.host if request.client else None
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and _loopback(peer):  # our own front (Caddy) forwarded it: its client is the one
        return forwarded.split(",")[-1].strip()
    return peer


def allowed(request: Request) -> bool:
    settings = get_settings()
    if settings.metrics_token:
        given = request.headers.get("authorization", "")
        expected = f"Bearer {settings.metrics_token}"
        return hmac.compare_digest(given.encode(), expected.encode())
    if settings.metrics_local_only:
        return _loopback(client_address(request))
    return True


class QueueCollector(Collector):
    """Depth and oldest job's age per RQ queue, failed jobs per queue (read from Redis now)."""

    def collect(self):
        from rq.job import Job
        from rq.registry import FailedJobRegistry

        from crm_res.jobs.queues import ALL_QUEUES, queue

        depth = GaugeMetricFamily("crm_res_queue_depth", "Jobs waiting per RQ queue", labels=["queue"])
        age = GaugeMetricFamily(
            "crm_res_queue_oldest_age_seconds",
            "Age of the oldest waiting job per RQ queue (0 when empty)",
            labels=["queue"],
        )
        failed = GaugeMetricFamily(
            "crm_res_queue_failed_jobs", "Jobs in RQ's failed registry per queue", labels=["queue"]
        )
        now = datetime.now(UTC)
        for name in ALL_QUEUES:
            q = queue(name)
            depth.add_metric([name], q.count)
            oldest = 0.0
            head = q.get_job_ids(0, 1)
            if head:
                job = (
                    Job.fetch(head[0], connection=q.connection)
                    if q.connection.exists(Job.key_for(head[0]))
                    else None
                )
                stamp = (job.enqueued_at or job.created_at) if job is not None else None
                if stamp is not None:
                    oldest = max(0.0, (now - stamp.replace(tzinfo=stamp.tzinfo or UTC)).total_seconds())
            age.add_metric([name], oldest)
            failed.add_metric([name], FailedJobRegistry(name, connection=q.connection).count)
        yield depth
        yield age
        yield failed


class OpenRestaurantsCollector(Collector):
    """Restaurants with a branch open now by its own hours (one row per branch, no more)."""

    def collect(self):
        from sqlmodel import Session, select

        from crm_res.db import get_engine
        from crm_res.models import Branch, Restaurant
        from crm_res.services.timing.hours import is_open

        now = datetime.now(UTC)
        with Session(get_engine()) as session:
            rows = session.exec(
                select(
                    Branch.restaurant_id, Branch.operating_hours, Branch.ramadan_hours, Restaurant.timezone
                ).join(
                    Restaurant,
                    Restaurant.id == Branch.restaurant_id,  # type: ignore[arg-type]  # SQLModel types a column comparison as bool
                )
            ).all()
        open_now = {
            rid
            for rid, hours, ramadan, tz in rows
            if is_open(dict(hours or {}), now, tz, dict(ramadan or {}))
        }
        family = GaugeMetricFamily(
            "crm_res_restaurants_open", "Restaurants with a branch inside its opening hours now"
        )
        family.add_metric([], len(open_now))
        yield family


class _Safe(Collector):
    """A scrape-time collector whose store is down yields nothing (the rest of the scrape stays)."""

    def __init__(self, inner: Collector) -> None:
        self.inner = inner

    def collect(self):
        try:
            yield from list(self.inner.collect())
        except Exception as exc:  # noqa: BLE001 - a scrape must not fail because Redis is down
            log.warning("metrics: %s skipped: %s", type(self.inner).__name__, exc)


def scrape() -> tuple[bytes, str]:
    return exposition([_Safe(QueueCollector()), _Safe(OpenRestaurantsCollector())])


async def metrics(request: Request) -> Response:
    if not allowed(request):
        return PlainTextResponse("forbidden", status_code=403)
    body, content_type = await asyncio.to_thread(scrape)
    return Response(body, media_type=content_type)
