"""Hijri dates on the Umm al-Qura calendar (Saudi Arabia's official one), via `hijridate`.

`hijridate` covers 1343-1500 AH (1924-08-01 .. 2077-11-16); outside that range the
conversion raises OverflowError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hijridate import Gregorian

RAMADAN = 9
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True, slots=True)
class HijriDate:
    """A Hijri (Umm al-Qura) date with its month's name in Arabic and English."""

    year: int
    month: int
    day: int
    month_name_ar: str
    month_name_en: str


def to_hijri(d: date) -> HijriDate:
    """The Umm al-Qura Hijri date of the Gregorian civil day `d`."""
    hijri = Gregorian(d.year, d.month, d.day).to_hijri()
    return HijriDate(
        year=hijri.year,
        month=hijri.month,
        day=hijri.day,
        month_name_ar=hijri.month_name("ar"),
        month_name_en=hijri.month_name("en"),
    )


def is_ramadan(d: date) -> bool:
    """Whether the civil day `d` is a day of Ramadan (a fasting day) on the Umm al-Qura calendar."""
    return to_hijri(d).month == RAMADAN


def arabic_digits(value: int | str) -> str:
    """Write Western digits as Arabic-Indic ones (١٤٤٧)."""
    return str(value).translate(_ARABIC_INDIC)


def format_hijri_ar(d: date, *, arabic_indic: bool = True) -> str:
    """The Hijri date of `d` in Arabic, e.g. "٣ رمضان ١٤٤٨ هـ" (or "3 رمضان 1448 هـ" with
    `arabic_indic=False`, for a page that applies the restaurant's digit style itself)."""
    h = to_hijri(d)
    if not arabic_indic:
        return f"{h.day} {h.month_name_ar} {h.year} هـ"
    return f"{arabic_digits(h.day)} {h.month_name_ar} {arabic_digits(h.year)} هـ"


def format_hijri_en(d: date) -> str:
    """The Hijri date of `d` in English, e.g. "3 Ramadan 1448 AH"."""
    h = to_hijri(d)
    return f"{h.day} {h.month_name_en} {h.year} AH"
