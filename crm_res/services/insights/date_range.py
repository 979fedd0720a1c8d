"""The period a page's figures cover, chosen by a person: a preset (today, yesterday, the last 7 or
30 days, this month...) or their own from/to dates, in the restaurant's time zone.

Typed dates are read as a person types them: Western or Arabic-Indic (or Persian) digits, with
"-", "/" or "." between year, month and day, year first or last. A range runs from its first day
to its last day inclusive, first ≤ last, at most `MAX_DAYS` days, and never starts in the future.
Labels read like "1–7 ديسمبر 2026" / "1–7 Dec 2026" (the dashboard's digit style applies on top).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from crm_res.services.errors import InvalidInput

MAX_DAYS = 366
# Presets in the order the picker shows them; "custom" is the person's own from/to.
PRESETS = ("today", "yesterday", "7", "30", "this_month", "90", "365")
CUSTOM = "custom"

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_YEAR_LAST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")

MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def today_in(tz: str, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(tz)).date()


def parse_day(value: str) -> date:
    """A typed date: "2026-12-01", "٢٠٢٦/١٢/٠١", "1/12/2026" (day first, as in Saudi Arabia)."""
    text = (value or "").strip().translate(_DIGITS).replace("\u200f", "").replace("\u200e", "")
    text = re.sub(r"\s*([-/.])\s*", r"\1", text)
    if m := _YEAR_FIRST.match(text):
        y, mo, d = (int(x) for x in m.groups())
    elif m := _YEAR_LAST.match(text):
        d, mo, y = (int(x) for x in m.groups())
    else:
        raise InvalidInput("a date reads like 2026-12-01", code="date_format")
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise InvalidInput("no such date", code="date_format") from exc


def preset_days(preset: str, tz: str, now: datetime | None = None) -> tuple[date, date]:
    """The first and last day of a preset, in the restaurant's time."""
    today = today_in(tz, now)
    if preset == "today":
        return today, today
    if preset == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if preset == "this_month":
        return today.replace(day=1), today
    if preset.isdecimal() and 1 <= int(preset) <= MAX_DAYS:
        return today - timedelta(days=int(preset) - 1), today
    raise InvalidInput("unknown period", code="period")


def checked_days(first: date, last: date, tz: str, now: datetime | None = None) -> tuple[date, date]:
    """A person's own range, refused unless first ≤ last, at most MAX_DAYS long and not in the
    future (a last day after today is cut to today: nothing has happened there yet)."""
    if first > last:
        raise InvalidInput("the first day is after the last", code="period_order")
    today = today_in(tz, now)
    if first > today:
        raise InvalidInput("the period starts in the future", code="period_future")
    last = min(last, today)
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput("the period is too long", code="period_too_long")
    return first, last


def custom_days(first: str, last: str, tz: str, now: datetime | None = None) -> tuple[date, date]:
    """Typed from/to dates, read and checked."""
    return checked_days(parse_day(first), parse_day(last), tz, now)


def _day(d: date, months: tuple[str, ...], year: bool) -> str:
    return f"{d.day} {months[d.month - 1]}" + (f" {d.year}" if year else "")


def day_label(d: date, lang: str, *, year: bool = False) -> str:
    """One day in words for a chart's axis: "20 مايو" / "20 May" (with the year when asked)."""
    return _day(d, MONTHS_EN if lang == "en" else MONTHS_AR, year)


def range_label(first: date, last: date, lang: str) -> str:
    """ "1–7 ديسمبر 2026", "28 نوفمبر – 4 ديسمبر 2026", "5 ديسمبر 2026" (one day)."""
    months = MONTHS_EN if lang == "en" else MONTHS_AR
    if first == last:
        return _day(first, months, True)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last, months, True)}"
    if first.year == last.year:
        return f"{_day(first, months, False)} – {_day(last, months, True)}"
    return f"{_day(first, months, True)} – {_day(last, months, True)}"
