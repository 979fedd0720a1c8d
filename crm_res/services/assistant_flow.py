"""The assistant's reply to a customer message (rule-based path)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from crm_res.assistant import replies
from crm_res.assistant.intent import classify_intent

if TYPE_CHECKING:
    from crm_res.services.inbound import InboundContext


def respond(*, session: Session, ctx: InboundContext, now: datetime) -> list[str]:
    """The texts to send back, in the customer's language and the restaurant's personality."""
    text = ctx.message.body or ""
    kw = {"language": ctx.language, "personality": ctx.personality}
    intent = classify_intent(text).intent if text else "other"
    if intent == "greeting":
        return [replies.greeting(ctx.restaurant.name_ar if ctx.language != "en" else ctx.restaurant.name_en, **kw)]
    if intent == "thanks":
        return [replies.thanks(**kw)]
    return [replies.fallback_didnt_understand(**kw)]
