"""Branch operating hours: open now? when next? Hours may cross midnight (close before open).

During Ramadan (Umm al-Qura calendar) a branch's `ramadan_hours`, when set, replace its
`operating_hours` for that day: most Saudi restaurants open around iftar and close near suhoor.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from crm_res.integrations.hijri import is_ramadan

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parse(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour) % 24, int(minute))


def _ramadan_day(d: date) -> bool:
    try:
        return is_ramadan(d)
    except (OverflowError, ValueError):  # outside the calendar's range
        return False


def hours_for_day(hours: dict[str, Any], ramadan_hours: dict[str, Any] | None, d: date) -> dict[str, Any]:
    """The table that applies on civil day `d`: Ramadan hours on a Ramadan day when set."""
    if ramadan_hours and _ramadan_day(d):
        return ramadan_hours
    return hours


def _intervals(
    hours: dict[str, Any], day: datetime, ramadan_hours: dict[str, Any] | None = None
) -> list[tuple[datetime, datetime]]:
    table = hours_for_day(hours, ramadan_hours, day.date())
    spec = table.get(DAYS[day.weekday()])
    if not spec or not spec.get("open") or not spec.get("close"):
        return []
    start = datetime.combine(day.date(), _parse(spec["open"]), tzinfo=day.tzinfo)
    end = datetime.combine(day.date(), _parse(spec["close"]), tzinfo=day.tzinfo)
    if end <= start:
        end += timedelta(days=1)  # e.g. 12:00–01:00
    return [(start, end)]


def is_open(
    hours: dict[str, Any], now: datetime, tz: str, ramadan_hours: dict[str, Any] | None = None
) -> bool:
    """True when `now` falls in today's hours or in yesterday's past-midnight tail."""
    if not hours and not (ramadan_hours and _ramadan_day(now.astimezone(ZoneInfo(tz)).date())):
        return True  # no hours configured: do not turn customers away
    local = now.astimezone(ZoneInfo(tz))
    for day in (local - timedelta(days=1), local):
        for start, end in _intervals(hours, day, ramadan_hours):
            if start <= local < end:
                return True
    return False


def next_opening(
    hours: dict[str, Any], now: datetime, tz: str, ramadan_hours: dict[str, Any] | None = None
) -> datetime | None:
    """The next opening time after `now`, in the restaurant's timezone (None: none within a week)."""
    local = now.astimezone(ZoneInfo(tz))
    for offset in range(8):
        day = local + timedelta(days=offset)
        for start, _end in _intervals(hours, day, ramadan_hours):
            if start > local:
                return start
    return None


def current_hours(
    hours: dict[str, Any], ramadan_hours: dict[str, Any] | None, now: datetime, tz: str
) -> dict[str, Any]:
    """The table to show customers today (Ramadan hours during Ramadan, when set)."""
    return hours_for_day(hours, ramadan_hours, now.astimezone(ZoneInfo(tz)).date())


def hours_text(hours: dict[str, Any]) -> str:
    """Compact display, e.g. "12:00–01:00" when every day is the same."""
    specs = {f"{v.get('open')}–{v.get('close')}" for v in hours.values() if v}
    if len(specs) == 1:
        return specs.pop()
    return ", ".join(f"{d}: {v.get('open')}–{v.get('close')}" for d, v in hours.items() if v)


def week_hours(
    hours: dict[str, Any], ramadan_hours: dict[str, Any] | None, now: datetime, tz: str
) -> list[tuple[date, time | None, time | None]]:
    """Seven days from today (local): (day, opens, closes), None/None on a closed day.

    Each day uses its own table (Ramadan or not); a close before the open is past midnight."""
    local = now.astimezone(ZoneInfo(tz))
    days = [(local + timedelta(days=offset)).date() for offset in range(7)]
    if not (hours or ramadan_hours):  # nothing configured: open around the clock
        return [(d, time.min, time.min) for d in days]
    out: list[tuple[date, time | None, time | None]] = []
    for d in days:
        spec = hours_for_day(hours, ramadan_hours, d).get(DAYS[d.weekday()])
        if spec and spec.get("open") and spec.get("close"):
            out.append((d, _parse(spec["open"]), _parse(spec["close"])))
        else:
            out.append((d, None, None))
    return out
