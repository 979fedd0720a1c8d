"""The Activity page's from/to fields read typed days as the period picker does: either digit
style, day first (as written in Saudi Arabia) or year first; a day they cannot read filters nothing."""

from __future__ import annotations

from datetime import date

from crm_res.pages.activity import _day, _filters


def test_typed_days_in_either_digit_style_and_order():
    assert _day("١/١٢/٢٠٢٦") == date(2026, 12, 1)
    assert _day(" 2026-12-01 ") == date(2026, 12, 1)
    assert _day("1/12/2026") == date(2026, 12, 1)
    assert _day("") is None
    assert _day("31/02/2026") is None  # no such day
    assert _day("yesterday") is None


def test_the_filter_carries_the_days_it_read():
    f = _filters("all", "", "٠١/١٢/٢٠٢٦", "2026-12-05", "")
    assert (f.since, f.until) == (date(2026, 12, 1), date(2026, 12, 5))
    assert _filters("all", "", "soon", "", "").since is None
