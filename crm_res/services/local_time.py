"""A restaurant's own clock: its timezone and how a time reads on its pages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from crm_res.models import Restaurant


def restaurant_tz(session: Session, restaurant_id: uuid.UUID) -> ZoneInfo:
    restaurant = session.get(Restaurant, restaurant_id)
    return ZoneInfo(restaurant.timezone if restaurant else "Asia/Riyadh")


def time_label(at: datetime | None, tz: ZoneInfo, now: datetime | None = None) -> str:
    """ "14:05" for today (restaurant time), "2026-11-20 14:05" otherwise; "" for no time."""
    if at is None:
        return ""
    local = at.astimezone(tz)
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")
