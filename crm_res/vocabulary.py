"""The product's words for what a customer's message is: intents, sentiment and feedback
categories. One place, shared by the rule-based assistant, the LLM gateway's structured output,
the domain and the dashboard's filters (a plain module: it imports nothing)."""

from __future__ import annotations

from typing import Literal

Intent = Literal[
    "feedback",
    "order",
    "order_status",
    "support",
    "greeting",
    "thanks",
    "escalation",
    "opt_out",
    # probably an opt-out but not certainly ("كثرتوا علينا الرسايل"): ask, never guess
    "opt_out_uncertain",
    "opt_in",
    "other",
]
Sentiment = Literal["positive", "neutral", "negative"]
# What a piece of feedback is about; the dashboard filters and charts by these. The rules detect
# the first seven; "ambience" comes from the LLM or from staff.
FEEDBACK_CATEGORIES: tuple[str, ...] = (
    "food",
    "service",
    "speed",
    "price",
    "cleanliness",
    "staff",
    "delivery",
    "ambience",
)
# How a category reads (Arabic, English); the dashboard's translation table takes them from here.
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "food": ("الطعام", "Food"),
    "service": ("الخدمة", "Service"),
    "speed": ("السرعة", "Speed"),
    "price": ("السعر", "Price"),
    "cleanliness": ("النظافة", "Cleanliness"),
    "staff": ("الموظفون", "Staff"),
    "delivery": ("التوصيل", "Delivery"),
    "ambience": ("الأجواء", "Ambience"),
}

# Message rows that change an earlier message rather than being one (the thread shows them on the
# message they point at; the API's message lists leave them out).
UPDATE_TYPES = ("edit", "revoke", "reaction")


def ar_count(n: int, forms: tuple[str, str, str, str]) -> str:
    """An Arabic counted noun from its (one, two, 3-10, 11 and more) forms: دقيقة واحدة، دقيقتان،
    3 دقائق، 15 دقيقة. The plural goes with 3 to 10 of each hundred (103 أيام, 111 يوماً); digits
    stay Western (the digit style is applied where a figure is shown)."""
    one, two, few, many = forms
    if n == 1:
        return one
    if n == 2:
        return two
    return f"{n} {few if 3 <= n % 100 <= 10 else many}"
