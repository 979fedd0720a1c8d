"""Customers: one per restaurant and WhatsApp id."""

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
        Index("ix_customers_restaurant_last_interaction", "restaurant_id", text("last_interaction DESC")),
        # Search by name or number with ILIKE '%...%' (pg_trgm, created in migration 0001).
        Index(
            "ix_customers_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
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
    wa_id: str = Field(index=True)  # WhatsApp id: the number in international form, no "+"
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
    # list, and never sent to for real (services/channel/simulator.py).
    is_test: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    opted_out_at: datetime | None = ts()
    conversation_context: dict[str, Any] = jsonb()
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)
