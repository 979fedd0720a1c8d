"""Operating hours, including hours that run past midnight."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from crm_res.services.timing.hours import hours_text, is_open, next_opening

LATE = {d: {"open": "12:00", "close": "01:00"} for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def riyadh(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A Riyadh wall-clock time, as the UTC instant the code receives."""
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo("Asia/Riyadh")).astimezone(UTC)


def test_open_in_the_afternoon_and_after_midnight_closed_in_the_morning():
    """12:00–01:00 is open at 13:00 and 00:30 (yesterday's tail), closed at 09:00."""
    assert is_open(LATE, riyadh(2026, 11, 22, 13), "Asia/Riyadh")
    assert is_open(LATE, riyadh(2026, 11, 22, 0, 30), "Asia/Riyadh")
    assert not is_open(LATE, riyadh(2026, 11, 22, 9), "Asia/Riyadh")


def test_next_opening_is_today_at_noon_when_closed_in_the_morning():
    """Closed at 09:00 → opens at 12:00 the same day, in the restaurant's timezone."""
    opens = next_opening(LATE, riyadh(2026, 11, 22, 9), "Asia/Riyadh")
    assert opens is not None and (opens.hour, opens.minute, opens.day) == (12, 0, 22)


def test_closed_day_is_skipped_and_no_hours_means_open():
    """A day without hours is closed; a branch with no hours set never turns customers away."""
    no_friday = {k: v for k, v in LATE.items() if k != "fri"}
    friday_morning = riyadh(2026, 11, 27, 14)  # 27 Nov 2026 is a Friday
    assert not is_open(no_friday, friday_morning, "Asia/Riyadh")
    assert is_open({}, friday_morning, "Asia/Riyadh")
    assert hours_text(LATE) == "12:00–01:00"


RAMADAN = {d: {"open": "20:00", "close": "03:00"} for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def test_ramadan_hours_apply_only_in_ramadan():
    """1 Mar 2026 is in Ramadan 1447: 12:00–01:00 normally, but 20:00–03:00 then; November keeps the usual hours."""
    ramadan_noon, ramadan_night = riyadh(2026, 3, 1, 13), riyadh(2026, 3, 1, 23)
    assert not is_open(LATE, ramadan_noon, "Asia/Riyadh", RAMADAN)
    assert is_open(LATE, ramadan_night, "Asia/Riyadh", RAMADAN)
    assert is_open(LATE, riyadh(2026, 3, 2, 2, 30), "Asia/Riyadh", RAMADAN)  # the night's tail
    opens = next_opening(LATE, ramadan_noon, "Asia/Riyadh", RAMADAN)
    assert opens is not None and (opens.hour, opens.day) == (20, 1)
    assert is_open(LATE, riyadh(2026, 11, 22, 13), "Asia/Riyadh", RAMADAN)  # not Ramadan
    assert is_open(LATE, ramadan_noon, "Asia/Riyadh", {})  # no Ramadan hours set: the usual ones


def test_current_hours_shows_ramadan_hours_during_ramadan():
    """What customers are told today: the Ramadan table in Ramadan, else the usual one."""
    from crm_res.services.timing.hours import current_hours

    assert hours_text(current_hours(LATE, RAMADAN, riyadh(2026, 3, 1, 13), "Asia/Riyadh")) == "20:00–03:00"
    assert hours_text(current_hours(LATE, RAMADAN, riyadh(2026, 11, 22, 13), "Asia/Riyadh")) == "12:00–01:00"
