"""The edges of `next_free_moment` the send tests pass over (found by mutation testing,
docs/MUTATION.md): windows that cross local midnight, Maghrib itself when there are no buffers,
the day of Ramadan read in the place's own zone, and settings that leave no free moment at all.
Pure: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.places import RAMADAN_DAY, at

# Real places whose prayer windows reach across local midnight or whose evening is the next day in
# UTC: the code takes any place (a branch known by its coordinates, in the restaurant's zone).
ISTANBUL = ("istanbul", "إسطنبول", "Istanbul", 41.01, 28.98, "Europe/Istanbul")
LOS_ANGELES = ("los_angeles", "لوس أنجلوس", "Los Angeles", 34.05, -118.24, "America/Los_Angeles")
MIDSUMMER = date(2025, 6, 21)  # Istanbul: Fajr 03:19 (22 June 03:20), Isha 22:10


def _local(zone: str, day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=ZoneInfo(zone))


def test_an_isha_window_past_midnight_holds_the_next_days_first_minutes():
    """Isha at 22:10 with three hours after it: at 00:30 the next day the message is still inside
    that window (the day before's), held until 01:10."""
    from crm_res.integrations.saudi_cities import City
    from crm_res.services.timing.holding import HoldSettings, covering_window, next_free_moment

    place, policy = City(*ISTANBUL), HoldSettings(after=timedelta(hours=3))
    late = _local(place.timezone, MIDSUMMER + timedelta(days=1), 0, 30)
    window = covering_window(late, place, policy)
    assert window is not None and window.name == "isha"
    assert window.end == _local(place.timezone, MIDSUMMER + timedelta(days=1), 1, 10)
    assert next_free_moment(late, place, policy) == (window.end.astimezone(UTC), "isha")


def test_a_fajr_window_from_before_midnight_holds_the_evening_before():
    """Fajr at 03:20 on 22 June with four hours before it: at 23:40 on the 21st the message is
    already inside the next day's Fajr window, held until 03:30."""
    from crm_res.integrations.saudi_cities import City
    from crm_res.services.timing.holding import HoldSettings, covering_window, next_free_moment

    place, policy = City(*ISTANBUL), HoldSettings(before=timedelta(hours=4))
    evening = _local(place.timezone, MIDSUMMER, 23, 40)
    window = covering_window(evening, place, policy)
    assert window is not None and window.name == "fajr"
    assert window.end == _local(place.timezone, MIDSUMMER + timedelta(days=1), 3, 30)
    assert next_free_moment(evening, place, policy) == (window.end.astimezone(UTC), "fajr")


def test_with_no_buffers_iftar_itself_is_free_and_the_minute_before_waits_for_it():
    """A restaurant with no prayer buffers (0 and 0 minutes, allowed): in Ramadan in Riyadh (Maghrib
    17:53) a message due at 17:52 is in the quiet hour and waits until 17:53; one due at 17:53 goes."""
    from crm_res.services.timing.holding import RAMADAN_QUIET, RIYADH, HoldSettings, next_free_moment

    policy = HoldSettings(before=timedelta(0), after=timedelta(0))
    assert next_free_moment(at(RAMADAN_DAY, 17, 52), RIYADH, policy) == (
        at(RAMADAN_DAY, 17, 53).astimezone(UTC),
        RAMADAN_QUIET,
    )
    assert next_free_moment(at(RAMADAN_DAY, 17, 53), RIYADH, policy) == (
        at(RAMADAN_DAY, 17, 53).astimezone(UTC),
        None,
    )


def test_the_last_day_of_ramadan_is_read_in_the_places_own_zone():
    """19 March 2026 is the last day of Ramadan 1447. In Los Angeles (Maghrib 19:04) its quiet hour,
    18:04-19:04, is already 20 March in UTC: a message due at 18:30 local is still held by it,
    until after Maghrib's window (19:14)."""
    from crm_res.integrations.saudi_cities import City
    from crm_res.services.timing.holding import RAMADAN_QUIET, HoldSettings, next_free_moment

    place = City(*LOS_ANGELES)
    last_day = date(2026, 3, 19)
    due = _local(place.timezone, last_day, 18, 30)
    assert due.astimezone(UTC).date() == last_day + timedelta(days=1)
    assert next_free_moment(due, place, HoldSettings()) == (
        _local(place.timezone, last_day, 19, 14).astimezone(UTC),
        RAMADAN_QUIET,
    )


def test_settings_whose_windows_chain_around_the_clock_are_refused_saying_so():
    """Six hours before and after every adhan leave no free moment in Riyadh: a clear error, not a
    loop."""
    from crm_res.services.timing.holding import RIYADH, HoldSettings, next_free_moment

    policy = HoldSettings(before=timedelta(hours=6), after=timedelta(hours=6))
    with pytest.raises(ValueError, match="^no free moment found: the hold settings leave no gap$"):
        next_free_moment(at(RAMADAN_DAY - timedelta(days=20), 12, 0), RIYADH, policy)
