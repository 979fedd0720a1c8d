"""What a thread shows about a message beyond its text: edited (with the original), deleted, the
customer's reaction, a missed call, and content WhatsApp could not hand over (with the reason as a
code the page says in words; never Meta's raw text or numbers).

The facts come from the message's payload, written at ingestion (services/channel/delivery_effects.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import literal_column

from crm_res.models import Message

# Meta's error for content it does not pass to businesses (polls, view-once media, ...).
UNSUPPORTED_TYPE_CODE = "131051"

# Why a message could not be shown, as the page words it (i18n: why_*).
WHY = ("unknown_type", "missing_content", "unreadable")


def mark_columns() -> list[Any]:
    """The payload keys the marks need, as SELECT columns (payload itself can be large)."""
    p = Message.payload
    return [
        p["original_body"].astext,
        p["edited_at"].astext,
        p["deleted_at"].astext,
        p["reaction"].astext,
        p["unsupported_reason"].astext,
        p["original_type"].astext,
        literal_column("messages.payload #>> '{errors,0,code}'"),
    ]


def unsupported_why(reason: str | None, original_type: str | None, error_code: str | None) -> str:
    """Which of WHY explains an unsupported message."""
    if error_code == UNSUPPORTED_TYPE_CODE or original_type in ("unsupported", "unknown"):
        return "unknown_type"
    if reason and " has no " in reason and reason.rstrip().endswith("object"):
        return "missing_content"
    return "unreadable"


def marks(kind: str, values: tuple[Any, ...]) -> dict[str, Any]:
    """The thread's fields for one message, from `mark_columns()`'s values in order."""
    original, edited_at, deleted_at, reaction, reason, original_type, error_code = values
    notice = ""
    if kind == "call":
        notice = "missed_call"
    elif kind == "unsupported":
        notice = "unsupported"
    return {
        "edited": bool(edited_at),
        "original": original or "",
        "deleted": bool(deleted_at),
        "reaction": reaction or "",
        "notice": notice,
        "why": unsupported_why(reason, original_type, error_code) if kind == "unsupported" else "",
    }
