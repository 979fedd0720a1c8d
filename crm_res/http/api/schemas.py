"""The API's request and response bodies (the OpenAPI schema comes from these), examples in Arabic."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

ConvStatus = Literal["active", "escalated", "resolved", "abandoned"]
ConvType = Literal["feedback", "order", "support", "general"]
OrderStatus = Literal["pending", "confirmed", "preparing", "ready", "delivered", "cancelled"]


class ErrorDetail(BaseModel):
    code: str = Field(examples=["NOT_FOUND"])
    message: str = Field(examples=["conversation not found"])
    details: dict[str, Any] = Field(default_factory=dict)
    timestamp: str = Field(examples=["2026-12-01T18:30:00+00:00"])
    requestId: str = Field(examples=["5f0c2a9e7b1d4c33a1e0f7d2b6c84a10"])


class ErrorBody(BaseModel):
    error: ErrorDetail


class CustomerRef(BaseModel):
    id: uuid.UUID
    wa_id: str = Field(examples=["966501234567"])
    name: str | None = Field(default=None, examples=["أبو فهد"])


class Conversation(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b6f1f2e-8a53-4a53-9d7b-2a1f3c4d5e6f",
                    "status": "active",
                    "type": "order",
                    "handled_by": "ai",
                    "customer": {
                        "id": "7c0e2d6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a",
                        "wa_id": "966501234567",
                        "name": "أبو فهد",
                    },
                    "last_message_preview": "أبغى اثنين برجر دجاج",
                }
            ]
        }
    )

    id: uuid.UUID
    status: ConvStatus
    type: ConvType
    handled_by: Literal["ai", "staff"]
    restaurant_id: uuid.UUID
    branch_id: uuid.UUID | None
    customer_id: uuid.UUID
    customer: CustomerRef
    ai_confidence: float | None
    unread_count: int
    last_message_preview: str | None
    last_message_at: datetime
    started_at: datetime
    resolved_at: datetime | None
    updated_at: datetime


class Message(BaseModel):
    id: int
    sender: Literal["customer", "ai", "staff", "system"]
    direction: str
    type: str
    content: str = Field(examples=["مرحبا، متى تفتحون اليوم؟"])
    status: str
    timestamp: datetime


class ConversationDetail(Conversation):
    messages: list[Message]
    has_older_messages: bool


class Page(BaseModel):
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class ConversationPage(Page):
    conversations: list[Conversation]


class StaffMessage(BaseModel):
    text: str = Field(min_length=1, max_length=4096, examples=["طلبك جاهز للاستلام، حياك الله"])


class Queued(BaseModel):
    conversation_id: uuid.UUID
    outbox_id: int
    status: Literal["queued"] = "queued"


class Customer(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "7c0e2d6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a",
                    "wa_id": "966501234567",
                    "name": "نورة العتيبي",
                    "language": "ar-SA",
                    "tags": ["vip", "عميل دائم"],
                    "opted_out": False,
                    "lifetime_value": "1250.00",
                }
            ]
        }
    )

    id: uuid.UUID
    wa_id: str
    bsuid: str | None
    name: str | None
    language: str
    tags: list[str]
    opted_out: bool
    opted_out_at: datetime | None
    lifetime_value: str = Field(description="SAR, two decimals")
    last_interaction: datetime | None
    created_at: datetime
    updated_at: datetime


class CustomerPage(Page):
    customers: list[Customer]


class CustomerUpsert(BaseModel):
    wa_id: str = Field(default="", max_length=32, examples=["966501234567"])
    bsuid: str = Field(default="", max_length=40, examples=["SA.1502576394655843"])
    name: str | None = Field(default=None, max_length=120, examples=["نورة العتيبي"])
    language: Literal["ar-SA", "ar-EG", "ar-LV", "en"] | None = None
    tags: list[str] = Field(default_factory=list, max_length=50, examples=[["vip", "عميل دائم"]])


class Tags(BaseModel):
    tags: list[str] = Field(max_length=50, examples=[["vip", "عميل دائم"]])


class OrderLine(BaseModel):
    name_ar: str = Field(examples=["برجر دجاج"])
    name_en: str = Field(examples=["Chicken burger"])
    quantity: int
    price: str = Field(description="SAR", examples=["25.00"])


class Order(BaseModel):
    id: uuid.UUID
    number: int
    status: OrderStatus
    branch_id: uuid.UUID
    customer: CustomerRef
    conversation_id: uuid.UUID | None
    delivery_type: str
    total: str = Field(examples=["50.00"])
    currency: Literal["SAR"] = "SAR"
    items: list[OrderLine]
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None


class OrderPage(Page):
    orders: list[Order]


class OrderAdvance(BaseModel):
    expected: OrderStatus | None = Field(
        default=None, description="the status you saw: refused (409) if it moved meanwhile"
    )


class OrderCancel(OrderAdvance):
    reason: str = Field(default="", max_length=500, examples=["نفدت الكمية من الصنف المطلوب"])


class FeedbackItem(BaseModel):
    id: uuid.UUID
    rating: int | None
    comment: str | None = Field(examples=["الأكل لذيذ بس التوصيل تأخر"])
    sentiment: str | None
    categories: list[str]
    branch_id: uuid.UUID
    customer: dict[str, Any]
    conversation_id: uuid.UUID | None
    order_id: uuid.UUID | None
    requires_followup: bool
    followup_handled: bool
    created_at: datetime


class FeedbackPage(Page):
    feedback: list[FeedbackItem]


class MenuItem(BaseModel):
    id: uuid.UUID
    name_ar: str = Field(examples=["كبسة لحم"])
    name_en: str = Field(examples=["Lamb kabsa"])
    price: str = Field(examples=["45.00"])
    category: str
    available: bool
    description: str


class MenuItemIn(BaseModel):
    name_ar: str = Field(min_length=1, max_length=120, examples=["كبسة لحم"])
    name_en: str = Field(min_length=1, max_length=120, examples=["Lamb kabsa"])
    price: str = Field(
        max_length=20, description="SAR; Arabic-Indic digits accepted", examples=["٤٥", "45.00"]
    )
    category: str = Field(default="mains", max_length=40)
    available: StrictBool = True
    description: str = Field(default="", max_length=1000)


class Availability(BaseModel):
    available: StrictBool


class Branch(BaseModel):
    id: uuid.UUID
    name_ar: str = Field(examples=["فرع العليا"])
    name_en: str = Field(examples=["Olaya branch"])
    city: str
    street: str | None
    lat: float | None
    lng: float | None
    phone: str | None
    is_active: bool
    operating_hours: dict[str, Any] = Field(examples=[{"sat": {"open": "12:00", "close": "01:00"}}])
    ramadan_hours: dict[str, Any]


class BranchList(BaseModel):
    branches: list[Branch]


class Analytics(BaseModel):
    period: str
    kpis: dict[str, Any]
    trend: list[dict[str, Any]]
    sentiment: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    branches: list[dict[str, Any]]
