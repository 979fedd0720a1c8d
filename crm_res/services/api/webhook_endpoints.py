"""The owner's outgoing webhook endpoints: register, change, disable, delete; the delivery log;
send an event again; send a test event. Every function is scoped to the viewer's restaurant
(another restaurant's endpoint is NotFound) and the writes are the owner's alone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.models import Role, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.api.webhook_events import EVENT_TYPES, emit, kick_after_commit, new_event_id
from crm_res.services.api.webhook_urls import UnsafeUrl, check_url
from crm_res.services.changes import audit_entry, changes
from crm_res.services.errors import InvalidInput, NotFound, Problem

MAX_ENDPOINTS = 10


def new_secret() -> str:
    """A signing secret as the standardwebhooks library reads it: `whsec_` + base64 of 24 bytes."""
    import base64
    import secrets

    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _endpoint(session: Session, viewer: Viewer, endpoint_id: Any) -> WebhookEndpoint:
    try:
        eid = uuid.UUID(str(endpoint_id))
    except ValueError:
        raise NotFound("webhook endpoint not found") from None
    ep = session.get(WebhookEndpoint, eid)
    if ep is None or ep.restaurant_id != viewer.restaurant_id or viewer.role != Role.owner:
        raise NotFound("webhook endpoint not found")
    return ep


def _view(ep: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": str(ep.id),
        "url": ep.url,
        "description": ep.description,
        "events": list(ep.events),
        "enabled": ep.enabled,
        "disabled_reason": ep.disabled_reason or "",
        "failure_count": ep.failure_count,
        "last_success_at": ep.last_success_at,
        "last_failure_at": ep.last_failure_at,
        "created_at": ep.created_at,
    }


def _facts(ep: WebhookEndpoint) -> dict[str, Any]:
    """What the audit trail compares (never the secret)."""
    return {"url": ep.url, "events": list(ep.events), "description": ep.description, "enabled": ep.enabled}


def _audit(
    session: Session, viewer: Viewer, kind: str, ep: WebhookEndpoint, before: dict, after: dict
) -> None:
    session.add(
        audit_entry(viewer, kind, "webhook_endpoint", str(ep.id), {"url": ep.url, **changes(before, after)})
    )


def _clean(url: str, events: list[str]) -> tuple[str, list[str]]:
    problems: list[str] = []
    try:
        url = check_url(url)
    except UnsafeUrl as exc:
        problems.append(Problem("webhook_url", "URL: {why}", why=str(exc)))
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        problems.append(Problem("webhook_events", "unknown event(s): {names}", names=", ".join(unknown)))
    if not events:
        problems.append(Problem("webhook_no_events", "choose at least one event"))
    if problems:
        raise InvalidInput("; ".join(problems), problems)
    return url, [e for e in EVENT_TYPES if e in events]


def list_webhook_endpoints(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """The restaurant's endpoints (never their secrets); only the owner sees them."""
    if viewer.role != Role.owner:
        return []
    rows = session.exec(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.restaurant_id == viewer.restaurant_id)
        .order_by(col(WebhookEndpoint.created_at))
    ).all()
    return [_view(ep) for ep in rows]


@allowed_roles(Role.owner, action="add webhook endpoints")
def create_webhook_endpoint(
    *, session: Session, viewer: Viewer, url: str, events: list[str], description: str = ""
) -> dict[str, Any]:
    """Register an endpoint; the answer carries its secret, shown this once."""
    url, events = _clean(url, events)
    count = len(
        session.exec(
            select(WebhookEndpoint.id).where(WebhookEndpoint.restaurant_id == viewer.restaurant_id)
        ).all()
    )
    if count >= MAX_ENDPOINTS:
        raise InvalidInput(f"a restaurant may register at most {MAX_ENDPOINTS} webhook endpoints")
    ep = WebhookEndpoint(
        restaurant_id=viewer.restaurant_id,
        url=url,
        events=events,
        description=description.strip()[:200],
        secret=new_secret(),
    )
    session.add(ep)
    session.flush()
    _audit(session, viewer, "settings.webhook_added", ep, {}, _facts(ep))
    return {**_view(ep), "secret": ep.secret}


@allowed_roles(Role.owner, action="change webhook endpoints")
def update_webhook_endpoint(
    *,
    session: Session,
    viewer: Viewer,
    endpoint_id: Any,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    enabled: bool | None = None,
) -> dict[str, Any]:
    """Change the URL, events, description or enabled state. Enabling again clears the failures;
    events held while it was disabled are then delivered."""
    ep = _endpoint(session, viewer, endpoint_id)
    before = _facts(ep)
    new_url, new_events = _clean(
        url if url is not None else ep.url, events if events is not None else ep.events
    )
    ep.url, ep.events = new_url, new_events
    if description is not None:
        ep.description = description.strip()[:200]
    if enabled is not None and enabled != ep.enabled:
        ep.enabled = enabled
        ep.disabled_reason = None if enabled else "owner"
        if enabled:
            ep.failure_count = 0
            session.exec(
                text(
                    "UPDATE webhook_deliveries SET next_attempt_at = now() "  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
                    "WHERE endpoint_id = :e AND status = 'pending'"
                ),
                params={"e": ep.id},
            )
            kick_after_commit(session)
    ep.updated_at = datetime.now(UTC)
    session.add(ep)
    session.flush()
    _audit(session, viewer, "settings.webhook_changed", ep, before, _facts(ep))
    return _view(ep)


@allowed_roles(Role.owner, action="delete webhook endpoints")
def delete_webhook_endpoint(*, session: Session, viewer: Viewer, endpoint_id: Any) -> None:
    """Delete the endpoint with its deliveries and log."""
    ep = _endpoint(session, viewer, endpoint_id)
    _audit(session, viewer, "settings.webhook_deleted", ep, _facts(ep), dict.fromkeys(_facts(ep)))
    session.delete(ep)
    session.flush()


@allowed_roles(Role.owner, action="rotate webhook secrets")
def rotate_webhook_secret(*, session: Session, viewer: Viewer, endpoint_id: Any) -> str:
    """A new signing secret (shown once); later attempts are signed with it."""
    ep = _endpoint(session, viewer, endpoint_id)
    ep.secret = new_secret()
    ep.updated_at = datetime.now(UTC)
    session.add(ep)
    session.flush()
    # The secret itself is never recorded: only that it changed.
    _audit(session, viewer, "settings.webhook_secret_rotated", ep, {"secret": "old"}, {"secret": "new"})
    return ep.secret


def list_webhook_deliveries(
    *, session: Session, viewer: Viewer, endpoint_id: Any, limit: int = 50, before_id: int | None = None
) -> list[dict[str, Any]]:
    """The endpoint's deliveries, newest first, each with its attempts (status, excerpt, duration)."""
    ep = _endpoint(session, viewer, endpoint_id)
    query = select(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == ep.id, WebhookDelivery.restaurant_id == viewer.restaurant_id
    )
    if before_id is not None:
        query = query.where(col(WebhookDelivery.id) < before_id)
    rows = session.exec(query.order_by(col(WebhookDelivery.id).desc()).limit(max(1, min(limit, 200)))).all()
    attempts: dict[int, list[dict[str, Any]]] = {}
    if rows:
        for a in session.exec(
            select(WebhookAttempt)
            .where(col(WebhookAttempt.delivery_id).in_([d.id for d in rows]))
            .order_by(col(WebhookAttempt.id))
        ).all():
            attempts.setdefault(a.delivery_id, []).append(
                {
                    "attempt": a.attempt,
                    "status_code": a.status_code,
                    "response": a.response_excerpt,
                    "duration_ms": a.duration_ms,
                    "error": a.error or "",
                    "at": a.created_at,
                }
            )
    return [
        {
            "id": d.id,
            "event_id": d.event_id,
            "type": d.event_type,
            "status": d.status,
            "attempts": d.attempts,
            "next_attempt_at": d.next_attempt_at,
            "last_status_code": d.last_status_code,
            "last_error": d.last_error or "",
            "created_at": d.created_at,
            "delivered_at": d.delivered_at,
            "request": d.payload,
            "log": attempts.get(d.id or 0, []),
        }
        for d in rows
    ]


@allowed_roles(Role.owner, action="send webhook events again")
def redeliver_webhook(*, session: Session, viewer: Viewer, delivery_id: int) -> None:
    """Send a delivery again now, with the same event id (receivers that saw it deduplicate)."""
    d = session.get(WebhookDelivery, int(delivery_id))
    if d is None or d.restaurant_id != viewer.restaurant_id:
        raise NotFound("webhook delivery not found")
    _endpoint(session, viewer, d.endpoint_id)
    # A copy at the end of the conversation's queue keeps the in-order promise for what follows.
    d.status, d.next_attempt_at, d.last_error = "pending", datetime.now(UTC), None
    session.add(d)
    session.flush()
    kick_after_commit(session)


@allowed_roles(Role.owner, action="send test webhook events")
def send_test_webhook(*, session: Session, viewer: Viewer, endpoint_id: Any) -> str:
    """Queue a `webhook:test` event for this endpoint only; returns its event id."""
    ep = _endpoint(session, viewer, endpoint_id)
    event_id = new_event_id()
    emit(
        session,
        restaurant_id=viewer.restaurant_id,
        event_type="webhook:test",
        event_id=event_id,
        endpoints=[ep.id],
        data=lambda: {"message": "test", "endpointId": str(ep.id)},
    )
    return event_id
