"""What answers one inbound message: the message, its conversation, customer and restaurant,
loaded together (dialogue/inbound.py) and handed to the flow."""

from __future__ import annotations

from dataclasses import dataclass

from crm_res.assistant.language import detect_language
from crm_res.models import Conversation, Customer, Language, Message, Restaurant


@dataclass
class InboundContext:
    message: Message
    conversation: Conversation
    customer: Customer
    restaurant: Restaurant

    @property
    def language(self) -> str:
        return self.customer.language_preference.value

    def note_language(self, text: str) -> bool:
        """Keep the language/dialect this message is written in (a few letters are too few to
        tell); True when it changed, so that this very reply is in it."""
        if sum(ch.isalpha() for ch in text) < 3:
            return False
        detected = detect_language(text)
        if detected == self.customer.language_preference.value:
            return False
        self.customer.language_preference = Language(detected)
        return True

    @property
    def personality(self) -> str:
        return self.restaurant.personality_type.value
