"""What answers one inbound message: the message, its conversation, customer and restaurant,
loaded together (dialogue/inbound.py) and handed to the flow."""

from __future__ import annotations

from dataclasses import dataclass

from crm_res.models import Conversation, Customer, Message, Restaurant


@dataclass
class InboundContext:
    message: Message
    conversation: Conversation
    customer: Customer
    restaurant: Restaurant

    @property
    def language(self) -> str:
        return self.customer.language_preference.value

    @property
    def personality(self) -> str:
        return self.restaurant.personality_type.value
