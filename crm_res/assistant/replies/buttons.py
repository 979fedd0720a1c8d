"""The labels of the reply buttons and list buttons the assistant sends (WhatsApp caps them at 20
characters); the button ids the dialogue reads back stay in services/dialogue."""

from __future__ import annotations

from typing import Literal

from crm_res.assistant.replies.common import is_arabic

Button = Literal[
    "yes",
    "no",
    "confirm_yes",
    "confirm_no",
    "pickup",
    "delivery",
    "schedule",
    "cancel",
    "branches",
    "choose",
    "rate",
]

_LABELS: dict[Button, tuple[str, str]] = {
    "yes": ("نعم", "Yes"),
    "no": ("لا", "No"),
    "confirm_yes": ("نعم ✅", "Yes ✅"),
    "confirm_no": ("لا ❌", "No ❌"),
    "pickup": ("استلام 🏃", "Pickup 🏃"),
    "delivery": ("توصيل 🛵", "Delivery 🛵"),
    "schedule": ("جدولة الطلب ⏰", "Schedule ⏰"),
    "cancel": ("إلغاء ❌", "Cancel ❌"),
    "branches": ("الفروع", "Branches"),
    "choose": ("اختر", "Choose"),
    "rate": ("التقييم", "Rate"),
}


def button_label(button: Button, *, language: str = "ar-SA") -> str:
    """A button's label in the customer's language."""
    ar, en = _LABELS[button]
    return ar if is_arabic(language) else en
