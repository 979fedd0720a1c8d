"""Nothing raw: durations in words, the restaurant's digit style, CSV files in the owner's language
(and a machine-readable one), and the PDF report's chart for a long period."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from crm_res.i18n import duration_words
from crm_res.models import Sentiment
from crm_res.reports.analytics_pdf import chart_bars, report_pdf
from crm_res.reports.csv_text import customers_csv_text, feedback_csv_text
from crm_res.services.admin.restaurant_settings import get_profile, update_profile
from crm_res.services.customers import customers
from crm_res.services.digits import localize_digits
from crm_res.services.errors import InvalidInput
from crm_res.services.insights import analytics
from tests.fixtures.dashboard import add_feedback, make_customer


@pytest.mark.parametrize(
    ("seconds", "ar", "en"),
    [
        (60, "دقيقة واحدة", "1 minute"),
        (120, "دقيقتان", "2 minutes"),
        (200, "3 دقائق و20 ثانية", "3 minutes 20 seconds"),
        (660, "11 دقيقة", "11 minutes"),
        (7500, "ساعتان و5 دقائق", "2 hours 5 minutes"),
        (45, "45 ثانية", "45 seconds"),
        (None, "—", "—"),
    ],
)
def test_durations_read_as_words_with_arabic_counted_nouns(seconds, ar, en):
    """ "1m 00s" is gone: one, two, three to ten and eleven-plus take their Arabic forms."""
    assert duration_words(seconds, "ar") == ar
    assert duration_words(seconds, "en") == en


def test_arabic_indic_digits_apply_to_arabic_only_and_keep_dates_one_unit():
    """Western stays as it is; Arabic-Indic changes digits, separators and percent in Arabic only,
    and a date's hyphens become slashes so right-to-left text does not reorder it."""
    assert localize_digits("12.5% · 2026-12-05 14:05", "western") == "12.5% · 2026-12-05 14:05"
    assert localize_digits("12.5% · 2026-12-05 14:05", "arabic_indic") == "١٢٫٥٪ · ٢٠٢٦/١٢/٠٥ ١٤:٠٥"
    assert localize_digits("1,234.50 ر.س", "arabic_indic") == "١٬٢٣٤٫٥٠ ر.س"
    assert localize_digits("12.5%", "arabic_indic", lang="en") == "12.5%"


def test_the_owner_chooses_the_digit_style_and_nothing_else_is_accepted(world):
    """The digit style is a profile setting: saved, read back, and a made-up value refused."""
    s, owner = world["session"], world["owner"]
    profile = get_profile(session=s, viewer=owner)
    assert profile["digit_style"] == "western"
    data = {**profile, "digit_style": "arabic_indic"}
    assert update_profile(session=s, viewer=owner, data=data)["digit_style"] == "arabic_indic"
    with pytest.raises(InvalidInput):
        update_profile(session=s, viewer=owner, data={**profile, "digit_style": "roman"})


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_customer_csv_reads_in_arabic_or_english_and_the_machine_file_keeps_codes(world):
    """Headers and values in the chosen language (words for language, tags, yes/no; local time);
    the machine-readable file keeps codes, ISO UTC times and true/false."""
    s, owner = world["session"], world["owner"]
    seen = datetime(2026, 12, 5, 11, 30, tzinfo=UTC)
    make_customer(
        s,
        world["r"].id,
        "966532529580",
        "سارة",
        tags=["vip", "family"],
        opted_out=True,
        last_interaction=seen,
    )
    rows = customers.customer_export_rows(session=s, viewer=owner)
    ar = _rows(customers_csv_text(rows, lang="ar", tz="Asia/Riyadh"))
    assert ar[0] == [
        "واتساب",
        "الاسم",
        "اللغة",
        "الوسوم",
        "إجمالي الإنفاق (ر.س)",
        "آخر زيارة",
        "ألغى الاشتراك",
    ]
    assert ar[1] == ["966532529580", "سارة", "عربي (سعودي)", "مميز؛ عائلة", "0.00", "2026-12-05 14:30", "نعم"]
    en = _rows(customers_csv_text(rows, lang="en", tz="Asia/Riyadh"))
    assert en[0][0] == "WhatsApp" and en[1][2:] == [
        "Arabic (Saudi)",
        "VIP; Family",
        "0.00",
        "2026-12-05 14:30",
        "Yes",
    ]
    indic = _rows(customers_csv_text(rows, lang="ar", digit_style="arabic_indic", tz="Asia/Riyadh"))
    assert indic[1][0] == "٩٦٦٥٣٢٥٢٩٥٨٠" and indic[1][5] == "٢٠٢٦/١٢/٠٥ ١٤:٣٠"
    machine = _rows(customers.export_customers_csv(session=s, viewer=owner))
    assert machine[0][:3] == ["wa_id", "name", "language"]
    assert machine[1][2:] == ["ar-SA", "vip;family", "0.00", "2026-12-05T11:30:00+00:00", "true"]


def test_feedback_csv_reads_in_the_language_and_the_machine_file_has_iso_times(world):
    """Sentiment and categories in words, the restaurant's local time; the machine file has codes
    and an ISO time with the restaurant's offset. Customers' own words are never rewritten."""
    s, owner = world["session"], world["owner"]
    c = make_customer(s, world["r"].id, "966500000040", "هند")
    at = datetime.now(UTC) - timedelta(hours=2)
    add_feedback(
        s,
        world["r"].id,
        c,
        world["a"],
        2,
        comment="الطلب 2 بارد",
        sentiment=Sentiment.negative,
        categories=["food", "speed"],
        requires_followup=True,
        created_at=at,
    )
    s.flush()
    rows = analytics.feedback_export_rows(session=s, viewer=owner, days=30)
    ar = _rows(feedback_csv_text(rows, lang="ar", digit_style="arabic_indic", tz="Asia/Riyadh"))
    assert ar[0][:6] == ["التاريخ", "الفرع", "العميل", "واتساب", "التقييم", "الانطباع"]
    local = at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Riyadh"))
    assert ar[1][0] == localize_digits(local.strftime("%Y-%m-%d %H:%M"), "arabic_indic")
    assert ar[1][1:] == [
        "فرع أ",
        "هند",
        "٩٦٦٥٠٠٠٠٠٠٤٠",
        "٢",
        "سلبي",
        "الطعام؛ السرعة",
        "الطلب 2 بارد",
        "نعم",
        "",
    ]
    en = _rows(feedback_csv_text(rows, lang="en", tz="Asia/Riyadh"))
    assert en[1][1] == "Branch A" and en[1][5:7] == ["Negative", "Food; Speed"] and en[1][8] == "Yes"
    machine = _rows(analytics.feedback_csv(session=s, viewer=owner, days=30))
    header, row = machine[0], machine[1]
    assert row[header.index("sentiment")] == "negative" and row[header.index("categories")] == "food;speed"
    assert row[header.index("created_at")] == local.isoformat(timespec="seconds")
    assert row[header.index("created_at")].endswith("+03:00")


def test_a_years_pdf_chart_has_a_bar_per_month_and_the_report_renders_in_both_digit_styles(world):
    """365 daily points become 13 monthly bars (weighted by ratings), labelled with the year; the
    report renders in Arabic with Arabic-Indic digits and in English."""
    start = datetime(2025, 12, 6).date()
    trend = [
        {
            "day": "",
            "date": (start + timedelta(days=i)).isoformat(),
            "avg_rating": 4.0 if i % 2 else 2.0,
            "ratings": 3 if i % 2 else 1,
            "negative": 0,
            "orders": 0,
            "revenue": 0,
        }
        for i in range(365)
    ]
    bars = chart_bars(trend)
    assert [label for label, _ in bars][:2] == ["2025-12", "2026-01"] and len(bars) == 13
    # Weighted by ratings: about (3×4 + 1×2) / 4 = 3.5 a month (a partial month a little less), never
    # the plain mean of the days (3.0).
    assert all(3.2 < avg < 3.6 for _, avg in bars)
    assert len(chart_bars(trend[:30])) == 30
    s = world["session"]
    data = analytics.analytics_overview(session=s, viewer=world["owner"], days=365)
    assert data["timezone"] == "Asia/Riyadh" and len(data["trend"]) == 365
    for lang, style in (("ar", "arabic_indic"), ("en", "western")):
        pdf = report_pdf(
            overview=data, restaurant_name="مطعم", branch_name="كل الفروع", lang=lang, digit_style=style
        )
        assert pdf.startswith(b"%PDF")


def test_arabic_interface_text_is_written_with_western_digits_which_the_page_localizes():
    """The digit script turns Western digits into the restaurant's Arabic-Indic ones, never back:
    a label written with Arabic-Indic digits would read differently from every figure beside it on a
    Western-digit dashboard. Only the texts that show both styles as choices keep them."""
    import re

    from crm_res.i18n import STRINGS  # the Campaigns and Operations pages' strings included

    both_styles = {"digits_arabic_indic", "range_hint"}
    found = [
        key
        for key, (ar, _en) in STRINGS.items()
        if key not in both_styles and re.search("[\u0660-\u0669]", ar)
    ]
    assert found == []
