"""Orders, feedback and discount codes."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, Numeric, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from crm_res.models.base import fk, jsonb, pg_enum, restaurant_fk, text_array, ts, uuid_pk
from crm_res.models.enums import DeliveryType, OrderStatus, Sentiment


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("restaurant_id", "number", name="uq_orders_restaurant_number"),
        Index("ix_orders_board", "restaurant_id", "status", text("created_at DESC")),
        Index("ix_orders_created", "restaurant_id", text("created_at DESC")),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    number: int  # short, human-friendly, per restaurant ("#1234")
    conversation_id: uuid.UUID | None = fk("conversations.id", ondelete="SET NULL")
    customer_id: uuid.UUID = fk("customers.id", nullable=False, ondelete="CASCADE")
    branch_id: uuid.UUID = fk("branches.id", nullable=False)
    # [{"menu_item_id", "name_ar", "name_en", "quantity", "price", "modifications": [...]}]
    items: list[Any] = jsonb(default=list)
    total_amount: Decimal = Field(sa_column=Column(Numeric(10, 2), nullable=False))
    status: OrderStatus = pg_enum(OrderStatus, "order_status", nullable=False, default=OrderStatus.pending)
    delivery_type: DeliveryType = pg_enum(
        DeliveryType, "delivery_type", nullable=False, default=DeliveryType.pickup
    )
    scheduled_time: datetime | None = ts()
    special_instructions: str | None = None  # the customer's notes for the kitchen or the driver
    delivery_address: str | None = None  # where a delivery goes, as the customer gave it
    pos_order_id: str | None = None
    created_at: datetime = ts(nullable=False, default_now=True)
    updated_at: datetime = ts(nullable=False, default_now=True)
    delivered_at: datetime | None = ts()


class Feedback(SQLModel, table=True):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="ck_feedback_rating"),
        Index("ix_feedback_created", "restaurant_id", text("created_at DESC")),
        Index("ix_feedback_sentiment", "restaurant_id", "sentiment"),
        Index(
            "ix_feedback_followup",
            "restaurant_id",
            text("created_at DESC"),
            postgresql_where=text("requires_followup AND followup_handled_at IS NULL"),
        ),
    )

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    conversation_id: uuid.UUID | None = fk("conversations.id", ondelete="SET NULL", index=False)
    customer_id: uuid.UUID = fk("customers.id", nullable=False, ondelete="CASCADE")
    branch_id: uuid.UUID = fk("branches.id", nullable=False)
    order_id: uuid.UUID | None = fk("orders.id", ondelete="SET NULL")
    rating: int | None = None
    comment: str | None = None
    sentiment: Sentiment | None = pg_enum(Sentiment, "sentiment", nullable=True)
    categories: list[str] = text_array()
    requires_followup: bool = False
    followup_notes: str | None = None
    followup_handled_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)


class DiscountCode(SQLModel, table=True):
    __tablename__ = "discount_codes"
    __table_args__ = (UniqueConstraint("restaurant_id", "code", name="uq_discount_codes_code"),)

    id: uuid.UUID = uuid_pk()
    restaurant_id: uuid.UUID = restaurant_fk()
    customer_id: uuid.UUID | None = fk("customers.id", ondelete="CASCADE")
    feedback_id: uuid.UUID | None = fk("feedback.id", ondelete="SET NULL", index=False)
    code: str
    percent: int = 15
    valid_until: datetime | None = ts()
    redeemed_at: datetime | None = ts()
    created_at: datetime = ts(nullable=False, default_now=True)
