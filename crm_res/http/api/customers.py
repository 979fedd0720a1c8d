"""/customers: list and search, get, tags, opt-out state, and upsert by number or BSUID."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session

from crm_res.http.api.auth import scope
from crm_res.http.api.common import ERRORS, IsoDateTime, Paging, feed_page, in_session
from crm_res.http.api.idempotency import write
from crm_res.http.api.schemas import Customer, CustomerPage, CustomerUpsert, Tags
from crm_res.models import Customer as CustomerRow
from crm_res.services.api.api_keys import ApiPrincipal
from crm_res.services.api.feeds import customer_feed, customer_fields
from crm_res.services.customers import customers as domain
from crm_res.services.errors import NotFound

router = APIRouter(prefix="/customers", tags=["Customers"], responses=ERRORS)
READ, WRITE = scope("customers:read"), scope("customers:write")


@router.get("", response_model=CustomerPage, operation_id="listCustomers")
def list_customers(
    who: ApiPrincipal = Depends(READ),
    search: str = Query("", max_length=100, description="name or number"),
    tag: str = Query("", max_length=32),
    opted_out: bool | None = None,
    updated_since: IsoDateTime | None = None,
    paging: Paging = Depends(),
) -> dict:
    """Customers, most recently changed first; `search` matches a name or a number (Arabic-Indic digits too)."""
    return feed_page(
        "customers",
        customer_feed,
        who,
        paging,
        search=search,
        tag=tag,
        opted_out=opted_out,
        updated_since=updated_since,
    )


def _one(session: Session, who: ApiPrincipal, customer_id: uuid.UUID) -> dict:
    row = session.get(CustomerRow, customer_id)
    if row is None or row.restaurant_id != who.restaurant_id or row.is_test:
        raise NotFound("customer not found")
    return customer_fields(row)


@router.get("/{customer_id}", response_model=Customer, operation_id="getCustomer")
def get_customer(customer_id: uuid.UUID, who: ApiPrincipal = Depends(READ)) -> dict:
    """A customer: number, name, language, tags, opt-out state, lifetime value (SAR)."""
    return in_session(lambda session: _one(session, who, customer_id))


@router.put("/{customer_id}/tags", response_model=Customer, operation_id="setCustomerTags")
def set_tags(request: Request, customer_id: uuid.UUID, body: Tags, who: ApiPrincipal = Depends(WRITE)):
    """Replace the customer's tags."""

    def act() -> dict:
        def run(session: Session) -> dict:
            _one(session, who, customer_id)
            domain.set_tags(session=session, viewer=who.viewer, customer_id=customer_id, tags=body.tags)
            return _one(session, who, customer_id)

        return in_session(run)

    return write(request, who, body.model_dump(), act)


@router.post("", response_model=Customer, operation_id="upsertCustomer")
def upsert_customer(request: Request, body: CustomerUpsert, who: ApiPrincipal = Depends(WRITE)):
    """Add a customer by number (`wa_id`) or BSUID, or update the one already known: tags are
    merged, a missing name or language keeps the stored one, an opt-out is never undone."""

    def act() -> dict:
        def run(session: Session) -> dict:
            row, _ = domain.upsert_customer(
                session=session,
                viewer=who.viewer,
                wa_id=body.wa_id,
                bsuid=body.bsuid,
                name=body.name,
                language=body.language,
                tags=body.tags,
            )
            return customer_fields(row)

        return in_session(run)

    return write(request, who, body.model_dump(), act)
