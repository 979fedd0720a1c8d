"""/campaigns: create a campaign, list them, read one with its live results, and send, pause,
resume or cancel it — the dashboard's campaign domain (services/campaigns/actions.py) through
the API, with the same rules (owners and managers; the audience's exclusions; prayer holding).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, get_args

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import Session

from crm_res.http.api.auth import scope
from crm_res.http.api.common import ERRORS, in_session
from crm_res.http.api.idempotency import write
from crm_res.http.api.schemas import Page
from crm_res.integrations.prayer_times import PRAYERS
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.campaigns import actions as domain

router = APIRouter(prefix="/campaigns", tags=["Campaigns"], responses=ERRORS)
READ, WRITE = scope("campaigns:read"), scope("campaigns:write")
LIST_MAX = 5000  # campaigns reachable by paging (a restaurant has tens to hundreds)
STATUS_DOC = "draft → scheduled → running → completed; or paused, cancelled"


# Literal for the OpenAPI enum; the names are integrations.prayer_times.PRAYERS, held to it here.
PrayerName = Literal["fajr", "dhuhr", "asr", "maghrib", "isha"]
assert get_args(PrayerName) == PRAYERS


class Segment(BaseModel):
    """The customer list's filters (every field narrows; none means every customer)."""

    search: str | None = Field(default=None, max_length=100, examples=["أبو"])
    tag: str | None = Field(default=None, max_length=50, examples=["vip"])
    language: Literal["ar-SA", "ar-EG", "ar-LV", "en"] | None = None
    last_visit: Literal["7", "30", "90", "lapsed"] | None = Field(
        default=None, description="within 7/30/90 days, or `lapsed`: not in 90 days"
    )
    min_ltv: str | None = Field(
        default=None,
        max_length=12,
        pattern=r"^[0-9٠-٩]{1,9}([.,][0-9٠-٩]{1,2})?$",
        description="lifetime value at least this many SAR",
    )
    rating: Literal["low", "high"] | None = Field(default=None, description="average rating ≤ 2.5, or ≥ 4")
    branch_id: uuid.UUID | None = Field(
        default=None, description="customers who ordered or wrote to this branch"
    )


class Timing(BaseModel):
    mode: Literal["now", "at", "prayer"] = "now"
    at: str | None = Field(
        default=None,
        max_length=40,
        description="mode `at`: restaurant-local time",
        examples=["2026-12-10T16:00"],
    )
    prayer: PrayerName | None = Field(
        default=None, description="mode `prayer`: relative to this prayer in each customer's branch city"
    )
    offset_min: int | None = Field(default=None, ge=-720, le=720, examples=[-30])
    date: str | None = Field(default=None, max_length=10, examples=["2026-12-10"])


class CampaignIn(BaseModel):
    name: str = Field(min_length=1, max_length=domain.NAME_MAX, examples=["عرض الجمعة"])
    template_id: uuid.UUID = Field(description="an approved template of the restaurant")
    template_params: dict[str, str] = Field(
        default_factory=dict, max_length=20, examples=[{"1": "{name}", "2": "{code}"}]
    )
    segment: Segment | None = None
    numbers: list[str] = Field(
        default_factory=list,
        max_length=100_000,
        description="WhatsApp numbers to add to the audience (international form)",
        examples=[["966501234567"]],
    )
    timing: Timing = Field(default_factory=Timing)
    discount_percent: int | None = Field(default=None, ge=1, le=100)
    max_recipients: int | None = Field(default=None, ge=1, le=1_000_000)


class CampaignSummary(BaseModel):
    id: uuid.UUID
    name: str
    status: str = Field(description=STATUS_DOC)
    timing: dict[str, Any]
    recipients: int
    created_at: datetime


class CampaignPage(Page):
    campaigns: list[CampaignSummary]


class Campaign(BaseModel):
    id: uuid.UUID
    name: str
    status: str = Field(description=STATUS_DOC)
    template_id: str
    template_params: dict[str, Any]
    timing: dict[str, Any]
    segment: dict[str, Any] | None
    numbers: int = Field(description="how many numbers the audience lists besides the segment")
    discount_percent: int | None
    max_recipients: int | None


class Results(BaseModel):
    targeted: int
    held_for_prayer: int
    waiting: int
    sent: int
    delivered: int
    read: int
    failed: int
    failed_reasons: dict[str, int]
    cancelled: int
    replied: int
    opted_out_after: int
    orders: int
    revenue: str = Field(description="SAR, attributed within attribution_days of delivery")
    attribution_days: int


class CampaignDetail(Campaign):
    results: Results


class CampaignAction(BaseModel):
    campaign: Campaign
    recipients: int | None = Field(default=None, description="send: recipients frozen")
    excluded: dict[str, int] | None = Field(default=None, description="send: left out, by reason")
    taken_back: int | None = Field(default=None, description="pause/cancel: queued sends taken back")


def _detail(session: Session, who: ApiPrincipal, campaign_id: uuid.UUID) -> dict[str, Any]:
    out = domain.campaign_detail(session=session, viewer=who.viewer, campaign_id=campaign_id)
    results = domain.campaign_results(session=session, viewer=who.viewer, campaign_id=campaign_id)
    out["results"] = {k: results[k] for k in Results.model_fields}
    return out


@router.get("", response_model=CampaignPage, operation_id="listCampaigns")
def list_campaigns(
    who: ApiPrincipal = Depends(READ),
    limit: int = Query(20, ge=1, le=200),
    cursor: str | None = Query(None, pattern=r"^[0-9]{1,4}$", description="the previous page's next_cursor"),
) -> dict:
    """Campaigns, newest first, with their recipient counts."""
    start = int(cursor or 0)
    rows = in_session(domain.list_campaigns, viewer=who.viewer, limit=min(start + limit + 1, LIST_MAX))
    page = rows[start : start + limit]
    more = len(rows) > start + limit and start + limit < LIST_MAX
    return {"campaigns": page, "next_cursor": str(start + limit) if more else None}


@router.post("", response_model=Campaign, status_code=201, operation_id="createCampaign")
def create_campaign(request: Request, body: CampaignIn, who: ApiPrincipal = Depends(WRITE)):
    """A draft: nothing is sent until `send`. The audience is the segment, the numbers, or both;
    opted-out, test, frequency-capped and permanently failed numbers are left out when it is sent."""

    def act() -> dict:
        def run(session: Session) -> dict:
            made = domain.create_campaign(
                session=session,
                viewer=who.viewer,
                name=body.name,
                template_id=body.template_id,
                template_params=body.template_params,
                segment=body.segment.model_dump(mode="json", exclude_none=True) if body.segment else None,
                numbers_csv="\n".join(body.numbers) or None,
                timing=body.timing.model_dump(exclude_none=True),
                discount_percent=body.discount_percent,
                max_recipients=body.max_recipients,
            )
            return domain.campaign_detail(session=session, viewer=who.viewer, campaign_id=made)

        return in_session(run)

    return write(request, who, body.model_dump(mode="json"), act, status=201)


@router.get("/{campaign_id}", response_model=CampaignDetail, operation_id="getCampaign")
def get_campaign(campaign_id: uuid.UUID, who: ApiPrincipal = Depends(READ)) -> dict:
    """The campaign with its live results (sent, delivered, read, failed by reason, replies, orders)."""
    return in_session(lambda session: _detail(session, who, campaign_id))


def _act(request: Request, who: ApiPrincipal, campaign_id: uuid.UUID, verb: str) -> Any:
    def act() -> dict:
        def run(session: Session) -> dict:
            kw: dict[str, Any] = {"session": session, "viewer": who.viewer, "campaign_id": campaign_id}
            out: dict[str, Any] = {}
            if verb == "send":
                out = dict(domain.schedule_campaign(**kw))
            elif verb == "pause":
                out["taken_back"] = domain.pause_campaign(**kw)
            elif verb == "resume":
                domain.resume_campaign(**kw)
            else:
                out["taken_back"] = domain.cancel_campaign(**kw)
            out["campaign"] = domain.campaign_detail(**kw)
            return out

        return in_session(run)

    return write(request, who, {"id": str(campaign_id), "verb": verb}, act)


@router.post("/{campaign_id}/send", response_model=CampaignAction, operation_id="sendCampaign")
def send_campaign(request: Request, campaign_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Freeze the audience and send at the campaign's time (a draft only; 409 otherwise)."""
    return _act(request, who, campaign_id, "send")


@router.post("/{campaign_id}/pause", response_model=CampaignAction, operation_id="pauseCampaign")
def pause_campaign(request: Request, campaign_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Stop sending; queued sends not yet posted wait again."""
    return _act(request, who, campaign_id, "pause")


@router.post("/{campaign_id}/resume", response_model=CampaignAction, operation_id="resumeCampaign")
def resume_campaign(request: Request, campaign_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    return _act(request, who, campaign_id, "resume")


@router.post("/{campaign_id}/cancel", response_model=CampaignAction, operation_id="cancelCampaign")
def cancel_campaign(request: Request, campaign_id: uuid.UUID, who: ApiPrincipal = Depends(WRITE)):
    """Nothing not yet posted is ever posted."""
    return _act(request, who, campaign_id, "cancel")
