"""The analytics page's chosen period (presets and typed from/to dates in the restaurant's time)
and its CSAT view: the share of satisfied ratings (4–5 of 5), per branch and over time, scoped to
the viewer's restaurant and branches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from crm_res.services.errors import InvalidInput
from crm_res.services.insights import analytics
from crm_res.services.insights.date_range import (
    custom_days,
    parse_day,
    preset_days,
    range_label,
)
from tests.fixtures.dashboard import add_feedback, make_customer

# 2026-12-05 22:30 UTC is already 2026-12-06 01:30 in Riyadh.
NOW = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)
TZ = "Asia/Riyadh"


def test_typed_dates_are_read_in_either_digit_style_and_either_order():
    assert parse_day("2026-12-01") == date(2026, 12, 1)
    assert parse_day("٢٠٢٦/١٢/٠١") == date(2026, 12, 1)
    assert parse_day(" ۲۰۲۶-۱۲-۰۷ ") == date(2026, 12, 7)
    assert parse_day("7/12/2026") == date(2026, 12, 7)
    assert parse_day("٧-١٢-٢٠٢٦") == date(2026, 12, 7)
    for bad in ("", "2026-13-01", "2026-02-30", "yesterday", "12/2026", "2026-12-01T00:00"):
        with pytest.raises(InvalidInput) as err:
            parse_day(bad)
        assert err.value.code == "date_format"


def test_presets_are_days_in_the_restaurants_time():
    assert preset_days("today", TZ, NOW) == (date(2026, 12, 6), date(2026, 12, 6))
    assert preset_days("yesterday", TZ, NOW) == (date(2026, 12, 5), date(2026, 12, 5))
    assert preset_days("7", TZ, NOW) == (date(2026, 11, 30), date(2026, 12, 6))
    assert preset_days("30", TZ, NOW) == (date(2026, 11, 7), date(2026, 12, 6))
    assert preset_days("this_month", TZ, NOW) == (date(2026, 12, 1), date(2026, 12, 6))
    assert preset_days("today", "UTC", NOW) == (date(2026, 12, 5), date(2026, 12, 5))
    with pytest.raises(InvalidInput):
        preset_days("fortnight", TZ, NOW)


def test_a_typed_range_is_checked_like_a_bank_form():
    assert custom_days("٢٠٢٦-١٢-٠١", "2026-12-07", TZ, NOW) == (date(2026, 12, 1), date(2026, 12, 6))
    for first, last, code in (
        ("2026-12-07", "2026-12-01", "period_order"),
        ("2026-12-09", "2026-12-10", "period_future"),
        ("2025-01-01", "2026-12-01", "period_too_long"),
        ("2026-12-01", "soon", "date_format"),
    ):
        with pytest.raises(InvalidInput) as err:
            custom_days(first, last, TZ, NOW)
        assert err.value.code == code
    assert custom_days("2025-12-06", "2026-12-06", TZ, NOW)[0] == date(2025, 12, 6)  # 366 days


def test_range_labels_read_like_a_person_writes_them():
    assert range_label(date(2026, 12, 1), date(2026, 12, 7), "ar") == "1–7 ديسمبر 2026"
    assert range_label(date(2026, 12, 1), date(2026, 12, 7), "en") == "1–7 Dec 2026"
    assert range_label(date(2026, 11, 28), date(2026, 12, 4), "ar") == "28 نوفمبر – 4 ديسمبر 2026"
    assert range_label(date(2025, 12, 28), date(2026, 1, 3), "en") == "28 Dec 2025 – 3 Jan 2026"
    assert range_label(date(2026, 12, 5), date(2026, 12, 5), "ar") == "5 ديسمبر 2026"


def _rate(s, r, customer, branch, rating, at):  # type: ignore[no-untyped-def]
    add_feedback(s, r.id, customer, branch, rating, created_at=at)


@pytest.fixture
def rated(world):  # type: ignore[no-untyped-def]
    """Ratings in Riyadh days: Dec 1 (A: 5, 4, 2; B: 1), Dec 3 (A: 3; B: 5, 5), Nov 20 (A: 1),
    a test customer's 5, a comment without a rating, and another restaurant's ratings."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000090", "سارة")
    test = make_customer(s, r.id, "966500000091", "تجربة", is_test=True)
    day = lambda d, h=12: datetime(2026, d // 100, d % 100, h, tzinfo=UTC) - timedelta(hours=3)  # noqa: E731
    for branch, rating, d in (
        ("a", 5, 1201),
        ("a", 4, 1201),
        ("a", 2, 1201),
        ("b", 1, 1201),
        ("a", 3, 1203),
        ("b", 5, 1203),
        ("b", 5, 1203),
        ("a", 1, 1120),
    ):
        _rate(s, r, c, world[branch], rating, day(d))
    _rate(s, r, test, world["a"], 5, day(1202))
    add_feedback(s, r.id, c, world["a"], None, comment="ok", created_at=day(1202))
    oc = make_customer(s, world["other"].id, "966500000092", "X")
    for rating in (5, 5, 5, 1):
        add_feedback(s, world["other"].id, oc, world["ob"], rating, created_at=day(1202))
    s.flush()
    return world


def test_csat_is_the_share_of_4_and_5_with_its_count_per_branch_and_day(rated):
    w, s = rated, rated["session"]
    span = (date(2026, 12, 1), date(2026, 12, 7))
    c = analytics.csat(session=s, viewer=w["owner"], span=span, now=NOW)
    # 7 real ratings, 4 of them 4 or 5; the test customer, the unrated comment, Nov 20 and the
    # other restaurant's ratings don't count.
    assert (c["ratings"], c["satisfied"], c["share"]) == (7, 4, 57.1)
    assert c["period_ar"] == "1–6 ديسمبر 2026" and c["period_en"] == "1–6 Dec 2026"  # to today at most
    by = {b["name_en"]: (b["ratings"], b["satisfied"], b["share_label"]) for b in c["branches"]}
    assert by == {"Branch A": (4, 2, "50.0%"), "Branch B": (3, 2, "66.7%")}
    assert [(t["date"], t["ratings"], t["satisfied"], t["share"]) for t in c["trend"]][:3] == [
        ("2026-12-01", 4, 2, 50.0),
        ("2026-12-02", 0, 0, None),
        ("2026-12-03", 3, 2, 66.7),
    ]
    assert len(c["trend"]) == 6 and c["trend"][0]["label_ar"] == "1 ديسمبر" and not c["weekly"]
    # The same figures come with the page's overview, where the page reads them.
    overview = analytics.analytics_overview(session=s, viewer=w["owner"], span=span, now=NOW)
    assert overview["csat"]["share"] == 57.1 and overview["period_en"] == "1–6 Dec 2026"
    # One branch chosen; one day chosen.
    assert (
        analytics.csat(session=s, viewer=w["owner"], span=span, now=NOW, branch_id=w["b"].id)["share"] == 66.7
    )
    one = analytics.csat(session=s, viewer=w["owner"], span=(date(2026, 12, 3),) * 2, now=NOW)
    assert (one["ratings"], one["share"]) == (3, 66.7)


def test_csat_is_scoped_to_the_restaurant_and_the_staff_members_branches(rated):
    w, s = rated, rated["session"]
    span = (date(2026, 12, 1), date(2026, 12, 6))
    staff = analytics.csat(session=s, viewer=w["staff"], span=span, now=NOW)
    assert (staff["ratings"], staff["satisfied"]) == (4, 2)
    assert [b["name_en"] for b in staff["branches"]] == ["Branch A"]
    from crm_res.services.errors import NotFound

    with pytest.raises(NotFound):
        analytics.csat(session=s, viewer=w["staff"], span=span, now=NOW, branch_id=w["b"].id)
    # Another restaurant's owner sees only their own four ratings, never these.
    other = analytics.csat(session=s, viewer=w["stranger"], span=span, now=NOW)
    assert (other["ratings"], other["satisfied"]) == (4, 3)
    assert [b["name_en"] for b in other["branches"]] == ["Other"]
    # Naming this restaurant's branch is "not found" (it was an empty count: no hint, but no error either).
    with pytest.raises(NotFound):
        analytics.csat(session=s, viewer=w["stranger"], span=span, now=NOW, branch_id=w["a"].id)


def test_the_period_changes_every_figure_and_a_long_one_trends_by_week(rated):
    w, s = rated, rated["session"]
    wide = analytics.analytics_overview(
        session=s, viewer=w["owner"], span=(date(2026, 11, 15), date(2026, 12, 6)), now=NOW
    )
    narrow = analytics.analytics_overview(
        session=s, viewer=w["owner"], span=(date(2026, 12, 3), date(2026, 12, 3)), now=NOW
    )
    assert wide["kpis"]["ratings"] == 8 and narrow["kpis"]["ratings"] == 3
    assert wide["csat"]["share"] == 50.0 and narrow["csat"]["share"] == 66.7
    assert len(narrow["trend"]) == 1 and narrow["period_ar"] == "3 ديسمبر 2026"
    # The rating trend's axis in words, in each language (was "12-03"); a year's axis has the year.
    assert (narrow["trend"][0]["label_ar"], narrow["trend"][0]["label_en"]) == ("3 ديسمبر", "3 Dec")
    long = analytics.analytics_overview(
        session=s, viewer=w["owner"], span=(date(2026, 1, 1), date(2026, 12, 6)), now=NOW
    )
    assert long["trend"][-1]["label_ar"] == "6 ديسمبر 2026" and long["trend"][-1]["label_en"] == "6 Dec 2026"
    # Ratings without a sentiment: the branch's negative share is none ("—"), never "nan%".
    assert {b["name_en"]: b["negative_share"] for b in wide["branches"]} == {"Branch A": "—", "Branch B": "—"}
    year = analytics.csat(session=s, viewer=w["owner"], span=(date(2026, 1, 1), date(2026, 12, 6)), now=NOW)
    assert year["weekly"] and 48 <= len(year["trend"]) <= 50 and year["ratings"] == 8
    assert sum(t["ratings"] for t in year["trend"]) == 8
    with pytest.raises(InvalidInput):
        analytics.csat(session=s, viewer=w["owner"], span=(date(2026, 12, 6), date(2026, 12, 1)), now=NOW)


def test_no_ratings_is_no_share_not_zero(world):
    c = analytics.csat(session=world["session"], viewer=world["owner"], days=7)
    assert (c["ratings"], c["share"]) == (0, None)
    assert all(b["share_label"] == "—" for b in c["branches"]) and len(c["trend"]) == 7


def test_ai_usage_reads_in_riyals_and_words_not_dollars_and_tokens():
    """The analytics page's AI card: replies, cost in riyals (the fixed 3.75 peg), fallbacks; a
    period without model calls says it cost nothing instead of "$0.0000"."""
    from crm_res.pages.feedback import format_usage

    usage = {
        "calls": 1234,
        "tokens_in": 90_000,
        "tokens_out": 9_000,
        "cost_usd": 2.0,
        "rejected": 2,
        "failed": 1,
    }
    assert format_usage(usage) == {"replies": "1,234", "cost": "7.50", "fallbacks": "3", "state": "cost"}
    tiny = format_usage(usage | {"calls": 1, "cost_usd": 0.001})
    assert tiny["state"] == "tiny"  # shown as "under 0.01 SAR", never 0.00
    none = format_usage(usage | {"calls": 0, "cost_usd": 0.0, "rejected": 0, "failed": 0})
    assert none["state"] == "none"
    assert not any("$" in v or "token" in v for v in format_usage(usage).values())
