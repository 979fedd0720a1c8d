"""/health and /me: is the API up, and which key is this (its restaurant, branch and scopes).

Both are cheap on purpose: /health touches nothing (the floor of the API's own stack), /me only
the key's cached caller and the rate limit (the floor of an authenticated request).
"""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from crm_res.http.api.auth import principal
from crm_res.http.api.common import ERRORS
from crm_res.services.api.api_keys import ApiPrincipal

router = APIRouter(tags=["Meta"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Me(BaseModel):
    key_id: uuid.UUID
    restaurant_id: uuid.UUID
    branch_id: uuid.UUID | None
    scopes: list[str]
    plan: str


@router.get("/health", response_model=Health, operation_id="health")
async def health() -> dict:
    """Answers while the API is serving (no key needed; checks nothing behind it)."""
    return {"status": "ok"}


@router.get("/me", response_model=Me, operation_id="whoAmI", responses=ERRORS)
async def me(who: ApiPrincipal = Depends(principal)) -> dict:
    """The key's restaurant, branch (null: every branch), scopes and plan."""
    return {
        "key_id": who.key_id,
        "restaurant_id": who.restaurant_id,
        "plan": who.tier,
        "branch_id": who.viewer.branch_ids[0] if who.viewer.branch_ids else None,
        "scopes": sorted(who.scopes),
    }
