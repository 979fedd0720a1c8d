"""/branches and /analytics/summary."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query

from crm_res.http.api.auth import scope
from crm_res.http.api.common import ERRORS, in_session
from crm_res.http.api.schemas import Analytics, BranchList
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.api.feeds import branch_feed
from crm_res.services.insights.analytics import analytics_overview

router = APIRouter(tags=["Branches & analytics"], responses=ERRORS)


@router.get("/branches", response_model=BranchList, operation_id="listBranches")
def list_branches(who: ApiPrincipal = Depends(scope("branches:read"))) -> dict:
    """The key's branches with their opening hours (and Ramadan hours)."""
    return {"branches": in_session(branch_feed, viewer=who.viewer)}


@router.get("/analytics/summary", response_model=Analytics, operation_id="analyticsSummary")
def summary(
    who: ApiPrincipal = Depends(scope("analytics:read")),
    days: int = Query(30, ge=1, le=366),
    branch_id: uuid.UUID | None = None,
) -> dict:
    """The analytics page's figures for the last `days` days (restaurant time)."""
    return in_session(analytics_overview, viewer=who.viewer, days=days, branch_id=branch_id)
