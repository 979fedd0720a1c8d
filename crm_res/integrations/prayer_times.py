"""Offline prayer times (Umm al-Qura) and when a business-initiated message may go out.

Pure functions, no I/O: the astronomy is `adhanpy`'s; this module adds the Umm al-Qura
parameters (Fajr at 18.5 degrees, Isha 90 minutes after Maghrib, 120 in Ramadan), the hold
windows around each adhan, and pacing for the backlog released after a window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from adhanpy.calculation.CalculationParameters import CalculationParameters
from adhanpy.calculation.PrayerAdjustments import PrayerAdjustments
from adhanpy.PrayerTimes import PrayerTimes as _AdhanPrayerTimes

from crm_res.integrations.hijri import is_ramadan
from crm_res.integrations.saudi_cities import SAUDI_TZ, City, find_city

Place = City | tuple[float, float] | str
"""A city, a (latitude, longitude) pair, or a city name `find_city` knows."""

PRAYERS: tuple[str, ...] = ("fajr", "dhuhr", "asr", "maghrib", "isha")
JUMUAH = "jumuah"
FAJR_ANGLE = 18.5
ISHA_AFTER_MAGHRIB = timedelta(minutes=90)
ISHA_AFTER_MAGHRIB_RAMADAN = timedelta(minutes=120)
DEFAULT_BUFFER = timedelta(minutes=10)
DEFAULT_JUMUAH_AFTER = timedelta(minutes=45)
_FRIDAY = 4


@dataclass(frozen=True, slots=True)
class PrayerTimes:
    """The adhan times of one day at one place, timezone-aware in the place's zone."""

    fajr: datetime
    sunrise: datetime
    dhuhr: datetime
    asr: datetime
    maghrib: datetime
    isha: datetime
    ramadan: bool

    def adhans(self) -> tuple[tuple[str, datetime], ...]:
        """The five prayers (not sunrise) in order, as (name, adhan time)."""
        return tuple((name, getattr(self, name)) for name in PRAYERS)


class PrayerWindow(NamedTuple):
    """A span around one adhan in which nothing business-initiated is sent: [start, end)."""

    name: str
    start: datetime
    end: datetime

    def contains(self, when: datetime) -> bool:
        """Whether `when` falls inside the window (the end itself is outside)."""
        return self.start <= when < self.end


class _UnroundedAdhan(_AdhanPrayerTimes):
    """adhanpy's calculation without its minute rounding, which truncates hh:59:30 and later
    to hh:59 instead of rounding up; we round ourselves."""

    def _rounded_minute(
        self,
        adjustments: PrayerAdjustments,
        method_adjustments: PrayerAdjustments,
        prayer_name: str,
        temp_prayer: datetime,
    ) -> datetime:
        minutes = getattr(adjustments, prayer_name) + getattr(method_adjustments, prayer_name)
        return temp_prayer + timedelta(minutes=minutes)


def _round_to_minute(when: datetime) -> datetime:
    return (when + timedelta(seconds=30)).replace(second=0, microsecond=0)


def _resolve(place: Place, tz: str | None) -> tuple[float, float, str]:
    if isinstance(place, str):
        city = find_city(place)
        if city is None:
            raise ValueError(f"unknown city: {place!r}")
        place = city
    if isinstance(place, City):
        return place.lat, place.lng, tz or place.timezone
    lat, lng = place
    return float(lat), float(lng), tz or SAUDI_TZ


# The cache is per process (each RQ worker and app process has its own): a day's times for one
# place are computed once, in well under a millisecond, and then reused. `holding.warm_prayer_times`
# after local midnight only makes the first send of the day in the process that runs it skip this
# cheap recompute; other processes fill their own cache on first use. Nothing depends on it.
@lru_cache(maxsize=4096)
def _compute(lat: float, lng: float, day: date, tz: str, ramadan: bool) -> PrayerTimes:
    isha_after = ISHA_AFTER_MAGHRIB_RAMADAN if ramadan else ISHA_AFTER_MAGHRIB
    params = CalculationParameters(fajr_angle=FAJR_ANGLE, isha_interval=int(isha_after.total_seconds() // 60))
    raw = _UnroundedAdhan(
        (lat, lng),
        datetime(day.year, day.month, day.day, tzinfo=UTC),
        calculation_parameters=params,
    )
    zone = ZoneInfo(tz)

    def local(when: datetime) -> datetime:
        return _round_to_minute(when).astimezone(zone)

    return PrayerTimes(
        fajr=local(raw.fajr),
        sunrise=local(raw.sunrise),
        dhuhr=local(raw.dhuhr),
        asr=local(raw.asr),
        maghrib=local(raw.maghrib),
        isha=local(raw.isha),
        ramadan=ramadan,
    )


def prayer_times_for(
    city_or_coords: Place,
    day: date,
    tz: str | None = None,
    *,
    ramadan: bool | None = None,
) -> PrayerTimes:
    """Umm al-Qura adhan times for `day` at a city or (lat, lng), in `tz` (default: the
    city's zone, else Asia/Riyadh). `ramadan=None` reads it from the Hijri date of `day`
    (Isha is then 120 minutes after Maghrib instead of 90). Cached per (place, day)."""
    lat, lng, zone = _resolve(city_or_coords, tz)
    if ramadan is None:
        ramadan = is_ramadan(day)
    return _compute(lat, lng, day, zone, ramadan)


def prayer_windows(
    city_or_coords: Place,
    day: date,
    tz: str | None = None,
    *,
    before: timedelta = DEFAULT_BUFFER,
    after: timedelta = DEFAULT_BUFFER,
    jumuah_after: timedelta = DEFAULT_JUMUAH_AFTER,
    ramadan: bool | None = None,
) -> list[PrayerWindow]:
    """The five no-send windows of `day`: [adhan - before, adhan + after). On Friday Dhuhr is
    Jumu'ah (named "jumuah") and stays closed for `jumuah_after` after its adhan."""
    times = prayer_times_for(city_or_coords, day, tz, ramadan=ramadan)
    windows: list[PrayerWindow] = []
    for name, adhan in times.adhans():
        if name == "dhuhr" and day.weekday() == _FRIDAY:
            windows.append(PrayerWindow(JUMUAH, adhan - before, adhan + jumuah_after))
        else:
            windows.append(PrayerWindow(name, adhan - before, adhan + after))
    return windows


def spread_release(start: datetime, count: int, rate_per_second: float) -> list[datetime]:
    """Release times for `count` held messages from `start` on, so that no 1-second span
    [t, t + 1s) holds more than `rate_per_second` of them (at least one per second is
    allowed only when the rate is 1 or more; below 1 they go 1/rate seconds apart)."""
    if rate_per_second <= 0 or math.isnan(rate_per_second):
        raise ValueError("rate_per_second must be positive")
    if count <= 0:
        return []
    if rate_per_second < 1:
        step = timedelta(microseconds=math.ceil(1_000_000 / rate_per_second))
        return [start + i * step for i in range(count)]
    per_second = math.floor(rate_per_second)
    # Message i and i + per_second are exactly one second apart, so any [t, t + 1s)
    # holds at most per_second of them.
    return [
        start
        + timedelta(
            seconds=i // per_second,
            microseconds=(i % per_second) * 1_000_000 // per_second,
        )
        for i in range(count)
    ]
