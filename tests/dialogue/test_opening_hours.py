"""Operating hours, including hours that run past midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
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


def test_next_opening_is_the_instant_in_the_restaurants_zone_and_strictly_after_now():
    """Closed at 09:00 in Riyadh: opens at 12:00 Riyadh time (09:00 UTC), as that instant and in
    that zone; asked at 12:00 exactly it is the next day's opening, after now, not now."""
    opens = next_opening(AFTERNOON | LATE, riyadh(2026, 11, 22, 9), "Asia/Riyadh")
    assert opens == riyadh(2026, 11, 22, 12) and str(opens.tzinfo) == "Asia/Riyadh"
    assert next_opening(LATE, riyadh(2026, 11, 22, 12), "Asia/Riyadh") == riyadh(2026, 11, 23, 12)


def test_next_opening_a_week_ahead_and_none_beyond_a_week():
    """Open on Sundays only, asked on a Sunday after the opening: next Sunday's. A branch whose only
    hours are Ramadan's, asked eight days before Ramadan 1447 (18 Feb 2026): none within a week."""
    sundays = {"sun": {"open": "12:00", "close": "23:00"}}  # 22 Nov 2026 is a Sunday
    assert next_opening(sundays, riyadh(2026, 11, 22, 13), "Asia/Riyadh") == riyadh(2026, 11, 29, 12)
    assert next_opening({}, riyadh(2026, 2, 10, 13), "Asia/Riyadh", RAMADAN) is None
    assert next_opening({}, riyadh(2026, 2, 11, 13), "Asia/Riyadh", RAMADAN) == riyadh(2026, 2, 18, 20)


def test_a_closing_time_of_24_00_is_midnight_and_minutes_count():
    """ "24:00" closes at midnight: open at 23:30, closed at 00:30, without an error; opening at
    18:30, it is still closed at 18:15."""
    evening = {d: {"open": "18:30", "close": "24:00"} for d in AFTERNOON}
    assert is_open(evening, riyadh(2026, 11, 22, 23, 30), "Asia/Riyadh")
    assert not is_open(evening, riyadh(2026, 11, 22, 18, 15), "Asia/Riyadh")
    assert not is_open(evening, riyadh(2026, 11, 23, 0, 30), "Asia/Riyadh")


def test_current_hours_go_by_the_restaurants_date():
    """At 00:30 on 18 Feb 2026 in Riyadh (Ramadan's first day; still 17 Feb in UTC) customers are
    told the Ramadan hours; the evening before, the usual ones."""
    from crm_res.services.timing.hours import current_hours

    assert current_hours(LATE, RAMADAN, riyadh(2026, 2, 18, 0, 30), "Asia/Riyadh") is RAMADAN
    assert current_hours(LATE, RAMADAN, riyadh(2026, 2, 17, 23), "Asia/Riyadh") is LATE


def test_hours_text_lists_each_open_day_when_days_differ():
    """Different hours name each day (in the table's order), a closed day left out; alike days,
    a closed one among them, read as one range."""
    hours = {
        "sat": {"open": "12:00", "close": "01:00"},
        "sun": None,
        "fri": {"open": "13:30", "close": "00:00"},
    }
    assert hours_text(hours) == "sat: 12:00–01:00, fri: 13:30–00:00"
    assert hours_text({**LATE, "fri": {}}) == "12:00–01:00"


def test_week_hours_are_seven_days_from_the_restaurants_today_each_by_its_own_table():
    """From 17 Feb 2026 at 23:00 Riyadh (20:00 UTC, the same date) the week starts that day and
    runs seven days; 18 Feb on is Ramadan, with its own hours; with no hours at all every day is
    open around the clock; at 00:30 on 18 Feb in Riyadh (17 Feb in UTC) today is the 18th."""
    from crm_res.services.timing.hours import week_hours

    week = week_hours(LATE, RAMADAN, riyadh(2026, 2, 17, 23), "Asia/Riyadh")
    assert [d for d, _, _ in week] == [date(2026, 2, 17 + i) for i in range(7)]
    assert week[0][1:] == (time(12, 0), time(1, 0)) and week[1][1:] == (time(20, 0), time(3, 0))
    assert week_hours(LATE, RAMADAN, riyadh(2026, 2, 18, 0, 30), "Asia/Riyadh")[0][0] == date(2026, 2, 18)
    around_the_clock = week_hours({}, None, riyadh(2026, 11, 22, 13), "Asia/Riyadh")
    assert len(around_the_clock) == 7 and {w[1:] for w in around_the_clock} == {(time(0, 0), time(0, 0))}
    only_ramadan = week_hours({}, RAMADAN, riyadh(2026, 2, 17, 13), "Asia/Riyadh")
    assert only_ramadan[0][1:] == (None, None) and only_ramadan[1][1:] == (time(20, 0), time(3, 0))
