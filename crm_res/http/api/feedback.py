"""/feedback: ratings and comments, with filters."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Depends

from crm_res.http.api.auth import scope
from crm_res.http.api.common import ERRORS, IsoDateTime, Paging, feed_page
from crm_res.http.api.schemas import FeedbackPage
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.api.feeds import feedback_feed

router = APIRouter(prefix="/feedback", tags=["Feedback"], responses=ERRORS)


@router.get("", response_model=FeedbackPage, operation_id="listFeedback")
def list_feedback(
    who: ApiPrincipal = Depends(scope("feedback:read")),
    sentiment: Literal["positive", "neutral", "negative"] | None = None,
    branch_id: uuid.UUID | None = None,
    followup_only: bool = False,
    since: IsoDateTime | None = None,
    until: IsoDateTime | None = None,
    paging: Paging = Depends(),
) -> dict:
    """Feedback of the key's branches, newest first."""
    filters = {"sentiment": sentiment, "branch_id": branch_id, "followup_only": followup_only}
    return feed_page("feedback", feedback_feed, who, paging, **filters, since=since, until=until)
