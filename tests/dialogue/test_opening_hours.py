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


AFTERNOON = {
    d: {"open": "16:00", "close": "23:00"} for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
}


def test_open_from_the_opening_minute_itself_and_closed_from_the_closing_minute():
    """16:00–23:00: open at 16:00 exactly, closed at 23:00 exactly (and at 15:59)."""
    assert is_open(AFTERNOON, riyadh(2026, 11, 22, 16), "Asia/Riyadh")
    assert not is_open(AFTERNOON, riyadh(2026, 11, 22, 23), "Asia/Riyadh")
    assert not is_open(AFTERNOON, riyadh(2026, 11, 22, 15, 59), "Asia/Riyadh")


def test_the_same_opening_and_closing_time_is_open_around_the_clock():
    """00:00–00:00 (a branch open around the clock, as the tests' own fixture): open at any hour,
    not closed all day."""
    always = {d: {"open": "00:00", "close": "00:00"} for d in AFTERNOON}
    for hour in (0, 9, 16, 23):
        assert is_open(always, riyadh(2026, 11, 22, hour), "Asia/Riyadh")


def test_a_day_with_an_opening_but_no_closing_time_is_closed_not_an_error():
    """A half-filled day (the close cleared) is a closed day, as a day with no hours."""
    half = {**AFTERNOON, "sun": {"open": "16:00", "close": ""}}  # 22 Nov 2026 is a Sunday
    assert not is_open(half, riyadh(2026, 11, 22, 17), "Asia/Riyadh")
    assert is_open(half, riyadh(2026, 11, 23, 17), "Asia/Riyadh")


def test_a_branch_with_only_ramadan_hours_is_open_outside_ramadan_and_keeps_them_by_its_own_date():
    """No usual hours, Ramadan hours 20:00–03:00: outside Ramadan nothing limits it (open); in
    Ramadan only those hours, by the restaurant's date: at 00:30 on 18 Feb 2026 in Riyadh (the
    first day of Ramadan 1447; still 17 Feb, Sha'ban, in UTC) it is closed until 20:00."""
    assert is_open({}, riyadh(2026, 11, 22, 13), "Asia/Riyadh", RAMADAN)
    assert not is_open({}, riyadh(2026, 2, 18, 0, 30), "Asia/Riyadh", RAMADAN)
    assert is_open({}, riyadh(2026, 2, 18, 21), "Asia/Riyadh", RAMADAN)
