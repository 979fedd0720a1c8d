"""Restaurants (the tenant), their branches, staff logins and menu."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, Numeric, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, jsonb, pg_enum, restaurant_fk, ts, uuid_pk
from crm_res.models.enums import Personality, Role, SubscriptionTier


class Restaurant(SQLModel, table=True):
    __tablename__ = "restaurants"

    id: uuid.UUID = uuid_pk()
    name_ar: str
    name_en: str
    subscription_tier: SubscriptionTier = pg_enum(
        SubscriptionTier, "subscription_tier", nullable=False, default=SubscriptionTier.starter
    )
    personality_type: Personality = pg_enum(
        Personality, "personality_type", nullable=False, default=Personality.casual
    )
    timezone: str = "Asia/Riyadh"
    city: str | None = None
    prayer_time_enabled: bool = True
    whatsapp_number: str | None = None
    # Meta's id for the business phone number: how a webhook delivery finds its restaurant.
    whatsapp_phone_number_id: str = Field(unique=True, index=True)
    whatsapp_access_token: str | None = None  # per-restaurant override of the global token
    settings: dict[str, Any] = jsonb()
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)
    deleted_at: datetime | None = ts()


class Branch(SQLModel, table=True):
    __tablename__ = "branches"

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    name_ar: str
    name_en: str
    city: str
    street: str | None = None
    lat: float | None = None
    lng: float | None = None
    phone: str | None = None
    # {"sat": {"open": "12:00", "close": "01:00"}, ...}; a close before open crosses midnight.
    operating_hours: dict[str, Any] = jsonb()
    ramadan_hours: dict[str, Any] = jsonb()
    is_active: bool = True
    manager_id: uuid.UUID | None = fk("users.id", ondelete="SET NULL", index=False)
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)
    deleted_at: datetime | None = ts()


class User(SQLModel, table=True):
    """A dashboard login, bound to one restaurant. An e-mail address is unique within its
    restaurant only: another restaurant may have a login with the same address (an owner never
    learns whether one does); login tells them apart by password (services/accounts/users.py)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("restaurant_id", "email", name="uq_users_restaurant_email"),)

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    email: str = Field(index=True)  # stored lower-cased
    full_name: str | None = None
    password_hash: str
    role: Role = pg_enum(Role, "user_role", nullable=False, default=Role.staff)
    # Branches a manager or staff member works in; empty for owners (they see all).
    branch_ids: list[uuid.UUID] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
    )
    whatsapp_number: str | None = None  # for alerts and daily summaries
    language: str = "ar"
    is_active: bool = True
    last_login_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)


class MenuItem(SQLModel, table=True):
    __tablename__ = "menu_items"
    __table_args__ = (
        UniqueConstraint("restaurant_id", "name_ar", name="uq_menu_items_name_ar"),
        Index(
            "uq_menu_items_retailer_id",
            "restaurant_id",
            "retailer_id",
            unique=True,
            postgresql_where=text("retailer_id IS NOT NULL"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    branch_id: uuid.UUID | None = fk("branches.id", ondelete="CASCADE")  # None: every branch
    name_ar: str
    name_en: str
    description: str | None = None
    price: Decimal = Field(sa_column=Column(Numeric(10, 2), nullable=False))
    category: str = "mains"
    available: bool = True
    sort_order: int = 0
    # The product's retailer id in the WhatsApp catalog: cart items are matched by it.
    retailer_id: str | None = None
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)
