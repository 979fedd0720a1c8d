"""/webhook-endpoints: the owner's outgoing webhook endpoints (register, change, delete), their
delivery log, "send again" and a test event — the Settings › Webhooks tab's domain, through the API.

Owner keys only (services/api/webhook_endpoints.py: a branch key acts as a manager, who sees no
endpoints and may change none). A restaurant has at most 10 endpoints, so that list is one page;
the delivery log pages by `cursor`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field, StrictBool
from sqlmodel import Session

from crm_res.http.api.auth import scope
from crm_res.http.api.common import ERRORS, in_session
from crm_res.http.api.idempotency import write
from crm_res.http.api.schemas import Page
from crm_res.services.api import webhook_endpoints as domain
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.errors import NotFound

router = APIRouter(prefix="/webhook-endpoints", tags=["Webhook endpoints"], responses=ERRORS)
READ, WRITE = scope("webhooks:read"), scope("webhooks:write")

# services/api/webhook_events.EVENT_TYPES (a test keeps the two equal).
EventType = Literal[
    "conversation:new",
    "conversation:status",
    "message:new",
    "message:status",
    "ai:low_confidence",
    "order:new",
    "order:status",
    "feedback:negative",
    "customer:opted_out",
]
URL_DOC = "https URL of your receiver (public addresses only)"


class WebhookEndpointIn(BaseModel):
    url: str = Field(max_length=2000, description=URL_DOC, examples=["https://pos.example.sa/hooks/crm-res"])
    events: list[EventType] = Field(min_length=1, max_length=20, examples=[["order:new", "order:status"]])
    description: str = Field(default="", max_length=200, examples=["نظام نقاط البيع في فرع العليا"])


class WebhookEndpointPatch(BaseModel):
    url: str | None = Field(default=None, max_length=2000, description=URL_DOC)
    events: list[EventType] | None = Field(default=None, min_length=1, max_length=20)
    description: str | None = Field(default=None, max_length=200)
    enabled: StrictBool | None = Field(default=None, description="false pauses deliveries; true resumes them")


class WebhookEndpoint(BaseModel):
    id: uuid.UUID
    url: str
    description: str
    events: list[str]
    enabled: bool
    disabled_reason: Literal["", "owner", "failures"] = Field(
        description="why it is disabled: by its owner, or after repeated failed deliveries"
    )
    failure_count: int
    last_success_at: datetime | None
    last_failure_at: datetime | None
    created_at: datetime


class WebhookEndpointCreated(WebhookEndpoint):
    secret: str = Field(description="the signing secret (Standard Webhooks `whsec_…`), shown this once")


class WebhookEndpointList(BaseModel):
    endpoints: list[WebhookEndpoint]


class Deleted(BaseModel):
    id: uuid.UUID
    deleted: Literal[True] = True


class Attempt(BaseModel):
    attempt: int
    status_code: int | None
    response: str | None
    duration_ms: int | None
    error: str
    at: datetime


class Delivery(BaseModel):
    id: int
    event_id: str = Field(description="the `webhook-id` header: the same on every retry and on send-again")
    type: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None
    request: dict[str, Any] = Field(description="the body that was (or will be) sent")
    log: list[Attempt]


class DeliveryPage(Page):
    deliveries: list[Delivery]


class EventQueued(BaseModel):
    event_id: str | None
    status: Literal["queued"] = "queued"


class Secret(BaseModel):
    secret: str = Field(description="the new signing secret, shown this once")


def _one(session: Session, who: ApiPrincipal, endpoint_id: uuid.UUID) -> dict[str, Any]:
    for row in domain.list_webhook_endpoints(session=session, viewer=who.viewer):
        if row["id"] == str(endpoint_id):
            return row
    raise NotFound("webhook endpoint not found")


@router.get("", response_model=WebhookEndpointList, operation_id="listWebhookEndpoints")
def list_endpoints(who: ApiPrincipal = Depends(READ)) -> dict:
    """Every endpoint of the restaurant (at most 10), oldest first; secrets are never listed."""
    return {"endpoints": in_session(domain.list_webhook_endpoints, viewer=who.viewer)}


@router.post("", response_model=WebhookEndpointCreated, status_code=201, operation_id="createWebhookEndpoint")
def create_endpoint(request: Request, body: WebhookEndpointIn, who: ApiPrincipal = Depends(WRITE)):
    """Register a receiver for the chosen events. The answer carries the signing secret, once."""

    def act() -> dict:
        return in_session(
            domain.create_webhook_endpoint,
            viewer=who.viewer,
            url=body.url,
            events=list(body.events),
            description=body.description,
        )

    return write(request, who, body.model_dump(), act, status=201)


@router.get("/{endpoint_id}", response_model=WebhookEndpoint, operation_id="getWebhookEndpoint")
def get_endpoint(endpoint_id: uuid.UUID, who: ApiPrincipal = Depends(READ)) -> dict:
    return in_session(lambda session: _one(session, who, endpoint_id))


@router.patch("/{endpoint_id}", response_model=WebhookEndpoint, operation_id="updateWebhookEndpoint")
def update_endpoint(
    request: Request, endpoint_id: uuid.UUID, body: WebhookEndpointPatch, who: ApiPrincipal = Depends(WRITE)
):
    """Change the URL, events, description, or pause/resume deliveries (resuming clears the
    failures and sends what waited)."""

    def act() -> dict:
        return in_session(
            domain.update_webhook_endpoint,
            viewer=who.viewer,
            endpoint_id=endpoint_id,
            url=body.url,
            events=list(body.events) if body.events is not None else None,
            description=body.description,
            enabled=body.enabled,
        )

    return write(request, who, {"id": str(endpoint_id), **body.model_dump()}, act)


@router.delete("/{endpoint_id}", response_model=Deleted, operation_id="deleteWebhookEndpoint")
def delete_endpoint(request: Request, endpoint_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Delete the endpoint with its delivery log."""

    def act() -> dict:
        in_session(domain.delete_webhook_endpoint, viewer=who.viewer, endpoint_id=endpoint_id)
        return {"id": endpoint_id, "deleted": True}

    return write(request, who, {"id": str(endpoint_id)}, act)


@router.post("/{endpoint_id}/rotate-secret", response_model=Secret, operation_id="rotateWebhookSecret")
def rotate_secret(request: Request, endpoint_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """A new signing secret; later attempts are signed with it."""

    def act() -> dict:
        return {
            "secret": in_session(domain.rotate_webhook_secret, viewer=who.viewer, endpoint_id=endpoint_id)
        }

    return write(request, who, {"id": str(endpoint_id)}, act)


@router.post(
    "/{endpoint_id}/test", response_model=EventQueued, status_code=202, operation_id="sendTestWebhook"
)
def send_test(request: Request, endpoint_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Queue a `webhook:test` event for this endpoint only (it shows in the delivery log)."""

    def act() -> dict:
        return {"event_id": in_session(domain.send_test_webhook, viewer=who.viewer, endpoint_id=endpoint_id)}

    return write(request, who, {"id": str(endpoint_id)}, act, status=202)


@router.get("/{endpoint_id}/deliveries", response_model=DeliveryPage, operation_id="listWebhookDeliveries")
def list_deliveries(
    endpoint_id: uuid.UUID,
    who: ApiPrincipal = Depends(READ),
    limit: int = Query(20, ge=1, le=200),
    cursor: str | None = Query(None, pattern=r"^[0-9]{1,18}$", description="the previous page's next_cursor"),
) -> dict:
    """The endpoint's deliveries, newest first, each with the request sent and every attempt's answer."""
    rows = in_session(
        domain.list_webhook_deliveries,
        viewer=who.viewer,
        endpoint_id=endpoint_id,
        limit=limit + 1,
        before_id=int(cursor) if cursor else None,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {"deliveries": rows, "next_cursor": str(rows[-1]["id"]) if more and rows else None}


@router.post(
    "/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    response_model=EventQueued,
    status_code=202,
    operation_id="redeliverWebhook",
)
def redeliver(
    request: Request,
    endpoint_id: uuid.UUID,
    delivery_id: int = Path(ge=1, le=2**62),
    who: ApiPrincipal = Depends(WRITE),
):
    """Send a delivery again now, with the same event id (a receiver that saw it deduplicates)."""

    def act() -> dict:
        def run(session: Session) -> dict:
            _one(session, who, endpoint_id)
            rows = [
                d
                for d in domain.list_webhook_deliveries(
                    session=session,
                    viewer=who.viewer,
                    endpoint_id=endpoint_id,
                    limit=1,
                    before_id=delivery_id + 1,
                )
                if d["id"] == delivery_id
            ]
            if not rows:
                raise NotFound("webhook delivery not found")
            domain.redeliver_webhook(session=session, viewer=who.viewer, delivery_id=delivery_id)
            return {"event_id": rows[0]["event_id"]}

        return in_session(run)

    return write(request, who, {"id": str(endpoint_id), "delivery": delivery_id}, act, status=202)
