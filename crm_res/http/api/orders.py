"""/orders: list by status, branch and date; get; advance or cancel (the customer is told)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session

from crm_res.http.api.auth import scope
from crm_res.http.api.common import (
    ERRORS,
    IsoDateTime,
    Paging,
    enqueue_after_commit,
    feed_page,
    follow_ups_after_commit,
    in_session,
)
from crm_res.http.api.idempotency import write
from crm_res.http.api.schemas import Order, OrderAdvance, OrderCancel, OrderPage, OrderStatus
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.api.feeds import get_order_fields, order_feed
from crm_res.services.customers import orders as domain

router = APIRouter(prefix="/orders", tags=["Orders"], responses=ERRORS)
READ, WRITE = scope("orders:read"), scope("orders:write")


@router.get("", response_model=OrderPage, operation_id="listOrders")
def list_orders(
    who: ApiPrincipal = Depends(READ),
    status: OrderStatus | None = None,
    branch_id: uuid.UUID | None = None,
    since: IsoDateTime | None = Query(None, description="placed at or after"),
    until: IsoDateTime | None = Query(None, description="placed before"),
    updated_since: IsoDateTime | None = None,
    paging: Paging = Depends(),
) -> dict:
    """Orders of the key's branches, newest first."""
    filters = {"status": status, "branch_id": branch_id, "since": since, "until": until}
    return feed_page("orders", order_feed, who, paging, **filters, updated_since=updated_since)


@router.get("/{order_id}", response_model=Order, operation_id="getOrder")
def get_order(order_id: uuid.UUID, who: ApiPrincipal = Depends(READ)) -> dict:
    return in_session(get_order_fields, viewer=who.viewer, order_id=order_id)


def _change(request: Request, who: ApiPrincipal, order_id: uuid.UUID, body: OrderAdvance, cancel: bool):
    def act() -> dict:
        def run(session: Session) -> tuple:
            if cancel:
                change = domain.cancel_order(
                    session=session,
                    viewer=who.viewer,
                    order_id=order_id,
                    expected=body.expected,
                    reason=getattr(body, "reason", ""),
                )
            else:
                change = domain.advance_order(
                    session=session, viewer=who.viewer, order_id=order_id, expected=body.expected
                )
            return change, get_order_fields(session=session, viewer=who.viewer, order_id=order_id)

        change, out = in_session(run)
        if change.queued is not None and change.queued.created:
            enqueue_after_commit(change.queued.outbox_id, change.queued.not_before)
        follow_ups_after_commit(change.jobs)  # a scheduled order confirmed: to the POS
        return out

    return write(request, who, {"cancel": cancel, **body.model_dump()}, act)


@router.post("/{order_id}/advance", response_model=Order, operation_id="advanceOrder")
def advance(request: Request, order_id: uuid.UUID, body: OrderAdvance, who: ApiPrincipal = Depends(WRITE)):
    """One step on (pending → confirmed → preparing → ready → delivered); the customer is told on WhatsApp."""
    return _change(request, who, order_id, body, cancel=False)


@router.post("/{order_id}/cancel", response_model=Order, operation_id="cancelOrder")
def cancel(request: Request, order_id: uuid.UUID, body: OrderCancel, who: ApiPrincipal = Depends(WRITE)):
    """Cancel an open order with a reason (kept in the audit log); the customer is told."""
    return _change(request, who, order_id, body, cancel=True)
