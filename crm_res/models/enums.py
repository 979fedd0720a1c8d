"""Enumerations: the seed's Postgres enum types plus the ones the seed implies."""

from __future__ import annotations

from enum import StrEnum


class SubscriptionTier(StrEnum):
    starter = "starter"
    growth = "growth"
    enterprise = "enterprise"


class Personality(StrEnum):
    formal = "formal"
    casual = "casual"
    traditional = "traditional"
    modern = "modern"


class Language(StrEnum):
    ar_sa = "ar-SA"
    ar_eg = "ar-EG"
    ar_lv = "ar-LV"
    en = "en"


class ConversationStatus(StrEnum):
    active = "active"
    escalated = "escalated"
    resolved = "resolved"
    abandoned = "abandoned"


class ConversationType(StrEnum):
    feedback = "feedback"
    order = "order"
    support = "support"
    general = "general"


class Handler(StrEnum):
    """Who answers the customer right now: the assistant, or staff after a takeover."""

    ai = "ai"
    staff = "staff"


class MessageSender(StrEnum):
    customer = "customer"
    ai = "ai"
    staff = "staff"
    system = "system"


class MessageDirection(StrEnum):
    inbound = "inbound"
    outbound = "outbound"
    internal = "internal"  # private staff notes: never sent


class MessageStatus(StrEnum):
    received = "received"
    queued = "queued"
    held = "held"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"
    sandbox = "sandbox"


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"


class OrderStatus(StrEnum):
    pending = "pending"
    confirmed = "confirmed"
    preparing = "preparing"
    ready = "ready"
    delivered = "delivered"
    cancelled = "cancelled"


class DeliveryType(StrEnum):
    pickup = "pickup"
    delivery = "delivery"


class Sentiment(StrEnum):
    positive = "positive"
    neutral = "neutral"
    negative = "negative"


class Role(StrEnum):
    owner = "owner"
    manager = "manager"
    staff = "staff"
