"""Umm al-Qura Hijri dates, Ramadan detection and their Arabic/English formatting."""

from datetime import date

import pytest

from crm_res.integrations.hijri import (
    HijriDate,
    arabic_digits,
    format_hijri_ar,
    format_hijri_en,
    is_ramadan,
    to_hijri,
)

# Month starts as published on Saudi Arabia's Umm al-Qura calendar (and observed there).
KNOWN_MONTH_STARTS = [
    (date(2024, 3, 11), 1445, 9),  # 1 Ramadan 1445
    (date(2024, 4, 10), 1445, 10),  # Eid al-Fitr 1445
    (date(2024, 7, 7), 1446, 1),  # 1 Muharram 1446
    (date(2025, 3, 1), 1446, 9),  # 1 Ramadan 1446
    (date(2025, 3, 30), 1446, 10),  # Eid al-Fitr 1446
    (date(2025, 6, 26), 1447, 1),  # 1 Muharram 1447
    (date(2026, 2, 18), 1447, 9),  # 1 Ramadan 1447
    (date(2026, 3, 20), 1447, 10),  # Eid al-Fitr 1447
]


@pytest.mark.parametrize(("gregorian", "year", "month"), KNOWN_MONTH_STARTS)
def test_month_starts_match_umm_al_qura(gregorian: date, year: int, month: int) -> None:
    """Known first days of Hijri months convert to day 1 of that month."""
    hijri = to_hijri(gregorian)
    assert (hijri.year, hijri.month, hijri.day) == (year, month, 1)


def test_to_hijri_carries_month_names() -> None:
    """The Hijri date names its month in Arabic and English."""
    assert to_hijri(date(2026, 3, 1)) == HijriDate(1447, 9, 12, "رمضان", "Ramadan")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 17), False),  # 29 Sha'ban
        (date(2026, 2, 18), True),  # 1 Ramadan
        (date(2026, 3, 19), True),  # 30 Ramadan
        (date(2026, 3, 20), False),  # 1 Shawwal
        (date(2026, 7, 1), False),
    ],
)
def test_is_ramadan_follows_the_month_boundaries(day: date, expected: bool) -> None:
    """Ramadan starts on 1 Ramadan and ends the day before Eid al-Fitr."""
    assert is_ramadan(day) is expected


def test_format_hijri_ar_uses_arabic_indic_digits() -> None:
    """The Arabic format writes day and year in Arabic-Indic digits with the هـ suffix."""
    assert format_hijri_ar(date(2027, 2, 10)) == "٣ رمضان ١٤٤٨ هـ"


def test_format_hijri_en() -> None:
    """The English format is day, month name, year and AH."""
    assert format_hijri_en(date(2027, 2, 10)) == "3 Ramadan 1448 AH"
    assert format_hijri_en(date(2025, 6, 26)) == "1 Muharram 1447 AH"


def test_arabic_digits_maps_every_digit() -> None:
    """All ten Western digits map to their Arabic-Indic forms."""
    assert arabic_digits("0123456789") == "٠١٢٣٤٥٦٧٨٩"


def test_dates_outside_the_calendar_range_raise() -> None:
    """Dates the Umm al-Qura tables do not cover are refused, not guessed."""
    with pytest.raises(OverflowError):
        to_hijri(date(1900, 1, 1))


def test_dashboard_hijri_date_follows_the_restaurants_day_not_the_servers(session):
    """At 22:30 UTC on 11 June 2025 it is already 12 June in Riyadh: the Overview shows that day's Hijri date."""
    from datetime import UTC, datetime

    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.insights.overview import hijri_today

    r = create_restaurant(session=session, name_ar="مطعم", name_en="Diner", phone_number_id="pn-hijri")
    now = datetime(2025, 6, 11, 22, 30, tzinfo=UTC)
    ar, en = hijri_today(session=session, restaurant_id=r.id, now=now)
    assert en == format_hijri_en(date(2025, 6, 12)) != format_hijri_en(now.date())
    # Western digits: the page applies the restaurant's digit style as to every other figure.
    assert ar == format_hijri_ar(date(2025, 6, 12), arabic_indic=False)
    assert not any("٠" <= ch <= "٩" for ch in ar)
    assert hijri_today(session=session, restaurant_id=r.id, now=datetime(2025, 6, 11, 20, 30, tzinfo=UTC))[
        1
    ] == (format_hijri_en(date(2025, 6, 11)))
