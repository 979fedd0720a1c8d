"""/menu-items: the menu (owner keys only: a branch key acts as that branch's manager)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from crm_res.http.api.auth import scope
from crm_res.http.api.common import ERRORS, in_session
from crm_res.http.api.idempotency import write
from crm_res.http.api.schemas import Availability, MenuItem, MenuItemIn
from crm_res.services.admin import restaurant_settings as domain
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.errors import NotFound

router = APIRouter(prefix="/menu-items", tags=["Menu"], responses=ERRORS)
READ, WRITE = scope("menu:read"), scope("menu:write")


def _item(session: Session, who: ApiPrincipal, item_id: str) -> dict:
    for row in domain.list_menu_admin(session=session, viewer=who.viewer):
        if row["id"] == item_id:
            return _out(row)
    raise NotFound("menu item not found")


def _out(row: dict) -> dict:
    return {k: row[k] for k in ("id", "name_ar", "name_en", "price", "category", "available", "description")}


@router.get("", response_model=list[MenuItem], operation_id="listMenuItems")
def list_items(who: ApiPrincipal = Depends(READ)) -> list[dict]:
    """Every item, by category."""
    return [_out(r) for r in in_session(domain.list_menu_admin, viewer=who.viewer)]


@router.get("/{item_id}", response_model=MenuItem, operation_id="getMenuItem")
def get_item(item_id: uuid.UUID, who: ApiPrincipal = Depends(READ)) -> dict:
    """One item."""
    return in_session(_item, who=who, item_id=str(item_id))


def _save(request: Request, who: ApiPrincipal, item_id: str | None, body: MenuItemIn, status: int):
    def act() -> dict:
        def run(session: Session) -> dict:
            saved = domain.save_menu_item(
                session=session, viewer=who.viewer, item_id=item_id, data=body.model_dump()
            )
            return _item(session, who, saved)

        return in_session(run)

    return write(request, who, {"item": item_id, **body.model_dump()}, act, status=status)


@router.post("", response_model=MenuItem, status_code=201, operation_id="createMenuItem")
def create_item(request: Request, body: MenuItemIn, who: ApiPrincipal = Depends(WRITE)):
    """Add an item (price in SAR)."""
    return _save(request, who, None, body, 201)


@router.put("/{item_id}", response_model=MenuItem, operation_id="updateMenuItem")
def update_item(request: Request, item_id: uuid.UUID, body: MenuItemIn, who: ApiPrincipal = Depends(WRITE)):
    """Change an item's names, price, category, availability or description."""
    return _save(request, who, str(item_id), body, 200)


@router.put("/{item_id}/availability", response_model=MenuItem, operation_id="setMenuItemAvailability")
def set_available(
    request: Request, item_id: uuid.UUID, body: Availability, who: ApiPrincipal = Depends(WRITE)
):
    """Mark an item available or sold out (the assistant stops offering it)."""

    def act() -> dict:
        def run(session: Session) -> dict:
            domain.set_item_available(
                session=session, viewer=who.viewer, item_id=str(item_id), available=body.available
            )
            return _item(session, who, str(item_id))

        return in_session(run)

    return write(request, who, body.model_dump(), act)
