"""What the Settings page shows about timing: today's prayer times per branch, and the held queue.

Both are read-only views for one restaurant (every query is scoped by `restaurant_id`); times are
shown in the branch's (prayer times) or the restaurant's (queue) timezone.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from crm_res.integrations.hijri import is_ramadan
from crm_res.integrations.prayer_times import PRAYERS, prayer_times_for
from crm_res.integrations.saudi_cities import SAUDI_TZ, City
from crm_res.models import Branch, Customer, Message, MessageStatus, OutboxMessage, OutboxStatus, Restaurant
from crm_res.services.errors import NotFound
from crm_res.services.timing.holding import _windows, branch_place, default_place, hold_settings

HELD_LISTED = 10


def _restaurant(session: Session, restaurant_id: uuid.UUID) -> Restaurant:
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    return restaurant


def _times_row(place: City, restaurant: Restaurant, now: datetime, **names: str) -> dict[str, Any]:
    policy = hold_settings(restaurant)
    zone = ZoneInfo(place.timezone)
    day = now.astimezone(zone).date()
    times = prayer_times_for(place, day, place.timezone, ramadan=policy.ramadan)
    windows = {w.name if w.name != "jumuah" else "dhuhr": w for w in _windows(place, day, policy)}
    row: dict[str, Any] = {
        **names,
        "city": place.name_en,
        "city_ar": place.name_ar,
        "timezone": place.timezone,
        "date": day.isoformat(),
        "ramadan": bool(times.ramadan),
        "holding": policy.enabled,
        "jumuah": "jumuah" in {w.name for w in _windows(place, day, policy)},
        "quiet_from": "",
    }
    for name in PRAYERS:
        window = windows[name]
        row[name] = f"{getattr(times, name).astimezone(zone):%H:%M}"
        row[f"{name}_hold"] = f"{window.start.astimezone(zone):%H:%M}–{window.end.astimezone(zone):%H:%M}"
    if policy.ramadan_mode and is_ramadan(day) and policy.ramadan_quiet.total_seconds() > 0:
        row["quiet_from"] = f"{(times.maghrib - policy.ramadan_quiet).astimezone(zone):%H:%M}"
    return row


def branch_prayer_times(
    *, session: Session, restaurant_id: uuid.UUID, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Today's five adhan times (HH:MM, the branch's timezone) and hold windows for every branch.

    One dict per active branch (the restaurant's default place when it has none): names, city,
    timezone, local date, `ramadan` (Isha shifted), `holding` (prayer holding on), and for each
    prayer `fajr` = "04:12" and `fajr_hold` = "04:02–04:22"; `quiet_from` is the start of Ramadan's
    quiet hour before iftar ("" when none applies today).
    """
    now = now or datetime.now(UTC)
    restaurant = _restaurant(session, restaurant_id)
    tz = restaurant.timezone or SAUDI_TZ
    branches = session.exec(
        select(Branch)
        .where(Branch.restaurant_id == restaurant.id, col(Branch.deleted_at).is_(None), Branch.is_active)
        .order_by(col(Branch.created_at), col(Branch.id))
    ).all()
    rows = []
    for branch in branches:
        place = branch_place(branch, tz) or default_place(session=session, restaurant=restaurant)
        rows.append(
            _times_row(
                place,
                restaurant,
                now,
                branch_id=str(branch.id),
                name_ar=branch.name_ar,
                name_en=branch.name_en,
            )
        )
    if not rows:
        place = default_place(session=session, restaurant=restaurant)
        rows.append(
            _times_row(
                place, restaurant, now, branch_id="", name_ar=restaurant.name_ar, name_en=restaurant.name_en
            )
        )
    return rows


def held_queue(
    *, session: Session, restaurant_id: uuid.UUID, now: datetime | None = None, limit: int = HELD_LISTED
) -> dict[str, Any]:
    """Business-initiated messages waiting to go out (held for a prayer window or the quiet hour
    before iftar, or scheduled for later): how many, the next release time, and the first few.

    `{"count", "next_release" ("YYYY-MM-DD HH:MM" local, "" if none), "timezone",
    "rows": [{"recipient", "name", "purpose", "not_before", "held"}]}`; `held` is true when the
    prayer/Ramadan policy moved the message (its dashboard status is "held").
    """
    now = now or datetime.now(UTC)
    restaurant = _restaurant(session, restaurant_id)
    zone = ZoneInfo(restaurant.timezone or SAUDI_TZ)
    waiting = (
        OutboxMessage.restaurant_id == restaurant.id,
        col(OutboxMessage.business_initiated),
        OutboxMessage.status == OutboxStatus.pending,
        col(OutboxMessage.not_before) > now,
    )
    count, first = session.exec(
        select(func.count(), func.min(OutboxMessage.not_before)).where(*waiting)
    ).one()
    rows = session.exec(
        select(  # type: ignore[call-overload]  # SQLModel's select() is typed for at most 4 columns
            OutboxMessage.to_wa_id,
            Customer.name,
            OutboxMessage.purpose,
            OutboxMessage.not_before,
            Message.status,
            OutboxMessage.last_error,
        )
        .outerjoin(Customer, Customer.id == OutboxMessage.customer_id)
        .outerjoin(Message, Message.id == OutboxMessage.message_id)
        .where(*waiting)
        .order_by(col(OutboxMessage.not_before), col(OutboxMessage.id))
        .limit(limit)
    ).all()
    return {
        "count": int(count),
        "next_release": f"{first.astimezone(zone):%Y-%m-%d %H:%M}" if first is not None else "",
        "timezone": str(zone),
        "rows": [
            {
                "recipient": wa_id,
                "name": name or "",
                "purpose": purpose,
                "not_before": f"{not_before.astimezone(zone):%Y-%m-%d %H:%M:%S}",
                "held": status == MessageStatus.held or (last_error or "").startswith("held until"),
            }
            for wa_id, name, purpose, not_before, status, last_error in rows
        ],
    }
