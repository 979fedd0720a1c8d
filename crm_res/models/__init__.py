"""All tables; importing this package registers them on SQLModel.metadata (Alembic's target)."""

from crm_res.models.api_key import ApiKey
from crm_res.models.campaign import Campaign, CampaignPacing, CampaignRecipient
from crm_res.models.commerce import DiscountCode, Feedback, Order
from crm_res.models.conversation import Conversation, Message, MessageStatusEvent
from crm_res.models.customer import Customer
from crm_res.models.dashboard import CannedResponse
from crm_res.models.enums import (
    ConversationStatus,
    ConversationType,
    DeliveryType,
    Handler,
    Language,
    MessageDirection,
    MessageSender,
    MessageStatus,
    OrderStatus,
    OutboxStatus,
    Personality,
    Role,
    Sentiment,
    SubscriptionTier,
)
from crm_res.models.notification import Notification
from crm_res.models.outbox import ChannelEvent, Event, MessageTemplate, OutboxMessage
from crm_res.models.restaurant import Branch, MenuItem, Restaurant, User
from crm_res.models.scheduling import DailySummary, FeedbackRequest, ReleaseSlot
from crm_res.models.webhook import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiKey",
    "Campaign",
    "CampaignPacing",
    "CampaignRecipient",
    "ChannelEvent",
    "Branch",
    "CannedResponse",
    "Conversation",
    "ConversationStatus",
    "ConversationType",
    "Customer",
    "DailySummary",
    "DeliveryType",
    "DiscountCode",
    "Event",
    "Feedback",
    "FeedbackRequest",
    "Handler",
    "Language",
    "MenuItem",
    "Message",
    "MessageDirection",
    "MessageStatusEvent",
    "MessageSender",
    "MessageStatus",
    "MessageTemplate",
    "Notification",
    "Order",
    "OrderStatus",
    "OutboxMessage",
    "OutboxStatus",
    "Personality",
    "ReleaseSlot",
    "Restaurant",
    "Role",
    "Sentiment",
    "SubscriptionTier",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
