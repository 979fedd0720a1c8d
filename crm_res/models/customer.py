"""Customers: one per restaurant, found by WhatsApp number, business-scoped user id (BSUID) or both."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Column, Index, Numeric, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from crm_res.models.base import jsonb, pg_enum, restaurant_fk, text_array, ts, uuid_pk
from crm_res.models.enums import Language


class Customer(SQLModel, table=True):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("restaurant_id", "wa_id", name="uq_customers_restaurant_wa_id"),
        # No index on last_interaction (nor last_inbound_at): every stored message moves both, and
        # an indexed column would make that update a new entry in each of these indexes, GIN ones
        # included, instead of an in-place (HOT) one (migration 0190; the table's fillfactor is 85).
        # Search by name or number with ILIKE '%...%' (pg_trgm, created in migration 0001).
        Index(
            "ix_customers_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ),
        # A BSUID names one customer of the restaurant (migration 0070).
        Index(
            "uq_customers_restaurant_user_id",
            "restaurant_id",
            "user_id",
            unique=True,
            postgresql_where=text("user_id IS NOT NULL"),
        ),
        Index(
            "ix_customers_wa_id_trgm",
            "wa_id",
            postgresql_using="gin",
            postgresql_ops={"wa_id": "gin_trgm_ops"},
        ),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk(index=False)  # the (restaurant_id, wa_id) key leads with it
    # WhatsApp address: the number in international form, no "+"; for a customer who hides their
    # number behind a username, their BSUID ("SA.1502..."), replaced by the number once Meta shows it.
    wa_id: str = Field(index=True)
    user_id: str | None = None  # business-scoped user id (BSUID), when Meta sent one
    parent_user_id: str | None = None  # BSUID across linked business portfolios
    username: str | None = None  # the WhatsApp username they chose (shown when there is no number)
    name: str | None = None
    language_preference: Language = pg_enum(
        Language, "language_preference", nullable=False, default=Language.ar_sa
    )
    dietary_restrictions: list[str] = text_array()
    tags: list[str] = text_array()
    lifetime_value: Decimal = Field(
        default=Decimal("0"), sa_column=Column(Numeric(10, 2), nullable=False, server_default="0")
    )
    last_interaction: datetime | None = ts()
    # Start of the 24-hour customer-service window.
    last_inbound_at: datetime | None = ts()
    opted_out: bool = False
    # The simulator's test customers: kept out of analytics, summaries, follow-ups and the customer
    # list, and never sent to for real (services/admin/simulator.py).
    is_test: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    opted_out_at: datetime | None = ts()
    conversation_context: dict[str, Any] = jsonb()
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)


def is_bsuid(wa_id: str | None) -> bool:
    """A business-scoped user id ("SA.1502576394655843": country code, a dot, an id), not a number."""
    return bool(wa_id) and "." in (wa_id or "")


def customer_phone(customer: Customer) -> str | None:
    """The customer's number, or None when WhatsApp hides it (a username user)."""
    return None if is_bsuid(customer.wa_id) else customer.wa_id


def shown_contact(wa_id: str | None, username: str | None) -> str:
    """The address the dashboard shows for a customer: the number (as stored), else "@username",
    else "" (a page then says "no number"): never a raw BSUID."""
    if wa_id and not is_bsuid(wa_id):
        return wa_id
    name = (username or "").strip().lstrip("@")
    return "@" + name if name else ""


NO_NUMBER_CSV = "(no number)"


def csv_contact(wa_id: str | None, username: str | None) -> str:
    """The address column of a CSV export: the number, else "@username", else a note saying there
    is no number (a spreadsheet has no language toggle; the BSUID stays out of sight)."""
    return shown_contact(wa_id, username) or NO_NUMBER_CSV


def staff_name(customer: Customer) -> str:
    """The customer as a notification to staff names them: their name, else as `shown_contact`."""
    return customer.name or shown_contact(customer.wa_id, customer.username) or NO_NUMBER_CSV


def customer_label(customer: Customer) -> str:
    """How staff recognise the customer in a message to them: the number with "+", else
    "@username", else a note that there is no number (never the BSUID)."""
    phone = customer_phone(customer)
    if phone:
        return "+" + phone
    return shown_contact(customer.wa_id, customer.username) or NO_NUMBER_CSV
