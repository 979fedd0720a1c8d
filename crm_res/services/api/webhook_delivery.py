"""Delivering outgoing webhooks: sign (Standard Webhooks), POST, record, retry, give up, disable.

A delivery is attempted only when it is `pending`, due, and the head of its conversation's queue
for that endpoint (no earlier pending delivery with the same ordering key): events of one
conversation reach a receiver in the order they happened; a later one waits until the earlier one
succeeded or was given up. The row is locked (FOR UPDATE SKIP LOCKED) for the whole attempt, so a
duplicate job or the sweeper never posts it twice at once; a crash mid-attempt rolls back and the
attempt is made again with the same `webhook-id` (receivers deduplicate).

Retry schedule after a failed attempt (a non-2xx answer, a timeout, a refused connection), as
Standard Webhooks' reference service does, cut to about a day:
    5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 6 h   → 8 attempts over ~23 h 35 min, then given up.
An endpoint whose attempts failed WEBHOOK_DISABLE_AFTER_FAILURES times in a row (any events), or
one whose delivery was given up, is disabled and the owners are notified; enabling it again on the
Settings page resumes its pending events.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlmodel import Session, select
from standardwebhooks.webhooks import Webhook

from crm_res.models import Notification, Role, User, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from crm_res.services.api.webhook_urls import UnsafeUrl, check_url
from crm_res.services.notifications import signal_change
from crm_res.settings import get_settings

log = logging.getLogger(__name__)

RETRY_SCHEDULE = (
    timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
    timedelta(hours=5), timedelta(hours=10), timedelta(hours=6),
)  # fmt: skip
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1
EXCERPT = 1000
USER_AGENT = "CRM-RES-Webhooks/1"


@dataclass
class Outcome:
    """What one call of `attempt_delivery` did; `next_ids` are deliveries now free to go."""

    attempted: bool
    delivered: bool = False
    retry_at: datetime | None = None
    next_ids: tuple[int, ...] = ()


def due_heads(session: Session, *, limit: int = 500, now: datetime | None = None) -> list[int]:
    """Pending deliveries that are due and first in their conversation's queue, enabled endpoints only."""
    rows = session.connection().execute(
        text("""
        SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
        WHERE d.status = 'pending' AND d.next_attempt_at <= :now
          AND (d.ordering_key IS NULL OR NOT EXISTS (
              SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id
                 AND p.ordering_key = d.ordering_key AND p.status = 'pending' AND p.id < d.id))
        ORDER BY d.next_attempt_at, d.id LIMIT :limit"""),
        {"now": now or datetime.now(UTC), "limit": limit},
    )
    return [r[0] for r in rows]


def _next_in_line(session: Session, d: WebhookDelivery) -> tuple[int, ...]:
    if d.ordering_key is None:
        return ()
    rows = session.connection().execute(
        text(
            "SELECT id FROM webhook_deliveries WHERE endpoint_id = :e AND ordering_key = :k AND status = 'pending' "
            "AND id > :id ORDER BY id LIMIT 1"
        ),
        {"e": d.endpoint_id, "k": d.ordering_key, "id": d.id},
    )
    return tuple(r[0] for r in rows)


def signed_request(endpoint: WebhookEndpoint, delivery: WebhookDelivery, at: datetime) -> tuple[bytes, dict]:
    """The body and Standard Webhooks headers for one attempt (signed now, with the stable id)."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    signature = Webhook(endpoint.secret).sign(delivery.event_id, at, body)
    headers = {
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    return body.encode(), headers


def _post(client: httpx.Client, url: str, body: bytes, headers: dict) -> tuple[int | None, str, str | None]:
    try:
        check_url(url)
        response = client.post(url, content=body, headers=headers)
    except UnsafeUrl as exc:
        return None, "", str(exc)
    except httpx.HTTPError as exc:
        return None, "", f"{type(exc).__name__}: {exc}"[:500]
    return response.status_code, response.text[:EXCERPT], None


def client() -> httpx.Client:
    """Short timeouts, no redirects (a redirect could lead inside: SSRF), no proxies from the env."""
    t = get_settings().webhook_timeout_seconds
    return httpx.Client(
        timeout=httpx.Timeout(t, connect=min(t, 5.0)), follow_redirects=False, trust_env=False
    )


def attempt_delivery(
    session: Session, delivery_id: int, *, http: httpx.Client | None = None, now: datetime | None = None
) -> Outcome:
    """One attempt of a delivery if it is pending, due, first in line and its endpoint enabled;
    records it; the caller commits."""
    row = (
        session.connection()
        .execute(
            text(
                "SELECT id FROM webhook_deliveries WHERE id = :id AND status = 'pending' FOR UPDATE SKIP LOCKED"
            ),
            {"id": delivery_id},
        )
        .first()
    )
    if row is None:
        return Outcome(False)
    d = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    ep = session.get(WebhookEndpoint, d.endpoint_id) if d else None
    now = now or datetime.now(UTC)
    if d is None or ep is None or not ep.enabled or d.next_attempt_at > now:
        return Outcome(False)
    if (
        d.ordering_key is not None
        and session.connection()
        .execute(
            text(
                "SELECT 1 FROM webhook_deliveries WHERE endpoint_id = :e AND ordering_key = :k AND status = 'pending' "
                "AND id < :id LIMIT 1"
            ),
            {"e": d.endpoint_id, "k": d.ordering_key, "id": d.id},
        )
        .first()
    ):
        return Outcome(False)  # an earlier event of this conversation goes first
    body, headers = signed_request(ep, d, now)
    started = time.monotonic()
    own = http is None
    http = http or client()
    try:
        status, excerpt, error = _post(http, ep.url, body, headers)
    finally:
        if own:
            http.close()
    duration = int((time.monotonic() - started) * 1000)
    d.attempts += 1
    ok = status is not None and 200 <= status < 300
    if error is None and not ok:
        error = f"HTTP {status}"
    assert d.id is not None  # a stored delivery
    session.add(
        WebhookAttempt(
            restaurant_id=d.restaurant_id,
            delivery_id=d.id,
            attempt=d.attempts,
            status_code=status,
            response_excerpt=excerpt,
            duration_ms=duration,
            error=None if ok else error,
        )
    )
    d.last_status_code, d.last_error = status, None if ok else error
    if ok:
        d.status, d.delivered_at = "delivered", now
        ep.failure_count, ep.last_success_at = 0, now
        session.add_all([d, ep])
        session.flush()
        return Outcome(True, delivered=True, next_ids=_next_in_line(session, d))
    ep.failure_count += 1
    ep.last_failure_at = now
    given_up = d.attempts >= MAX_ATTEMPTS
    if given_up:
        d.status = "failed"
    else:
        d.next_attempt_at = now + RETRY_SCHEDULE[d.attempts - 1]
    if ep.enabled and (given_up or ep.failure_count >= get_settings().webhook_disable_after_failures):
        _disable(session, ep)
    session.add_all([d, ep])
    session.flush()
    return Outcome(
        True,
        retry_at=None if given_up else d.next_attempt_at,
        next_ids=_next_in_line(session, d) if given_up else (),
    )


def _disable(session: Session, ep: WebhookEndpoint) -> None:
    """Disable the endpoint and tell the restaurant's owners (the bell), who alone manage it."""
    ep.enabled, ep.disabled_reason = False, "failures"
    log.warning(
        "webhook endpoint %s of %s disabled after %d failures", ep.id, ep.restaurant_id, ep.failure_count
    )
    owners = session.exec(
        select(User).where(User.restaurant_id == ep.restaurant_id, User.is_active, User.role == Role.owner)
    ).all()
    for owner in owners:
        session.add(
            Notification(
                restaurant_id=ep.restaurant_id,
                user_id=owner.id,
                kind="webhook_disabled",
                link="/settings",
                title="أُوقف Webhook بعد إخفاقات متكررة / Webhook disabled after repeated failures",
                body=f"{ep.url} ({ep.failure_count})"[:500],
            )
        )
    signal_change(session, ep.restaurant_id, "notification")


def endpoint_of(session: Session, delivery_id: int) -> uuid.UUID | None:
    d = session.get(WebhookDelivery, delivery_id)
    return d.endpoint_id if d else None
