"""Branch operating hours: open now? when next? Hours may cross midnight (close before open)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parse(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour) % 24, int(minute))


def _intervals(hours: dict[str, Any], day: datetime) -> list[tuple[datetime, datetime]]:
    spec = hours.get(DAYS[day.weekday()])
    if not spec or not spec.get("open") or not spec.get("close"):
        return []
    start = datetime.combine(day.date(), _parse(spec["open"]), tzinfo=day.tzinfo)
    end = datetime.combine(day.date(), _parse(spec["close"]), tzinfo=day.tzinfo)
    if end <= start:
        end += timedelta(days=1)  # e.g. 12:00–01:00
    return [(start, end)]


def is_open(hours: dict[str, Any], now: datetime, tz: str) -> bool:
    """True when `now` falls in today's hours or in yesterday's past-midnight tail."""
    if not hours:
        return True  # no hours configured: do not turn customers away
    local = now.astimezone(ZoneInfo(tz))
    for day in (local - timedelta(days=1), local):
        for start, end in _intervals(hours, day):
            if start <= local < end:
                return True
    return False


def next_opening(hours: dict[str, Any], now: datetime, tz: str) -> datetime | None:
    local = now.astimezone(ZoneInfo(tz))
    for offset in range(8):
        day = local + timedelta(days=offset)
        for start, _end in _intervals(hours, day):
            if start > local:
                return start
    return None


def hours_text(hours: dict[str, Any]) -> str:
    """Compact display, e.g. "12:00–01:00" when every day is the same."""
    specs = {f"{v.get('open')}–{v.get('close')}" for v in hours.values() if v}
    if len(specs) == 1:
        return specs.pop()
    return ", ".join(f"{d}: {v.get('open')}–{v.get('close')}" for d, v in hours.items() if v)
