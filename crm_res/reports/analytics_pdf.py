"""The analytics overview as a PDF report, in Arabic (right to left) or English.

fpdf2 with HarfBuzz shaping (uharfbuzz) joins Arabic letters and orders mixed runs; the font is
IBM Plex Sans Arabic (OFL), shipped in assets/fonts as TTF (Arabic and Latin subsets merged).
Tables are fpdf2's own: cells wrap instead of overlapping, a row is never split across pages,
the header row repeats on every page, and a section heading never ends a page alone. Times are
the restaurant's; digits follow its digit style in Arabic (services/digits.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.fonts import FontFace

from crm_res.i18n import duration_words, text
from crm_res.services.digits import WESTERN, localize_digits
from crm_res.settings import ROOT

FONT_DIR = ROOT / "assets" / "fonts"
ROW_H = 7
HEADER_FILL = (230, 242, 240)


class _Report(FPDF):
    def __init__(self, lang: str, digit_style: str = WESTERN) -> None:
        super().__init__(format="A4")
        self.lang = lang
        self.rtl = lang != "en"
        self.digit_style = digit_style
        self.add_font("Plex", "", str(FONT_DIR / "IBMPlexSansArabic-Regular.ttf"))
        self.add_font("Plex", "B", str(FONT_DIR / "IBMPlexSansArabic-Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else "ltr")
        self.set_auto_page_break(auto=True, margin=15)

    def normalize_text(self, text: str) -> str:
        """Every string drawn passes here: Arabic gets the restaurant's digit style."""
        return super().normalize_text(localize_digits(text, self.digit_style, self.lang))

    def t(self, key: str) -> str:
        return text(key, self.lang)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Plex", size=8)
        self.set_text_color(120)
        self.cell(0, 6, f"CRM-RES · {self.page_no()}", align="C")

    def heading(self, value: str, keep_with: float = 3 * ROW_H) -> None:
        """A section title that starts a new page rather than end one: it needs `keep_with` mm
        (the table header and a first row) below it."""
        if self.will_page_break(3 + 9 + keep_with):
            self.add_page()
        self.ln(3)
        self.set_font("Plex", "B", 13)
        self.set_text_color(15, 80, 75)
        self.cell(0, 9, value, new_x="LMARGIN", new_y="NEXT", align="R" if self.rtl else "L")
        self.set_text_color(0)

    def grid(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A table whose cells wrap; in Arabic the first column is drawn on the right."""
        order = list(range(len(headers)))[::-1] if self.rtl else list(range(len(headers)))
        self.set_font("Plex", "", 9)
        with self.table(
            col_widths=tuple(widths[i] for i in order),
            width=sum(widths),
            align="R" if self.rtl else "L",
            text_align="RIGHT" if self.rtl else "LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
            cell_fill_color=(255, 255, 255),
            cell_fill_mode="ALL",
            line_height=5.5,
            padding=1.2,
            repeat_headings=1,
        ) as table:
            for values in [headers, *rows]:
                row = table.row()
                for i in order:
                    row.cell(str(values[i]))
        self.ln(2)


def _kpi_rows(r: _Report, kpis: dict[str, Any]) -> list[list[str]]:
    def pct(v: float | None) -> str:
        return "—" if v is None else f"{v * 100:.1f}%"

    return [
        [
            r.t("average_rating"),
            "—" if kpis["average_rating"] is None else f"{kpis['average_rating']:.2f} / 5",
        ],
        [r.t("ratings_count"), str(kpis["ratings"])],
        [r.t("negative_share"), pct(kpis["negative_share"])],
        [r.t("followups_open"), str(kpis["open_followups"])],
        [r.t("response_time"), duration_words(kpis["response_median_s"], r.lang)],
        [r.t("resolution_rate"), pct(kpis["resolution_rate"])],
        [r.t("conversations"), str(kpis["conversations"])],
        [r.t("orders"), str(kpis["orders"])],
        [r.t("revenue"), f"{kpis['revenue']:,.2f} {r.t('sar')}"],
    ]


def chart_bars(trend: list[dict[str, Any]]) -> list[tuple[str, float | None]]:
    """The trend as (label, average rating) bars: one per day up to 90 days, one per month beyond
    (a year of daily bars is too thin to read); months weighted by their number of ratings."""
    if len(trend) <= 90:
        return [(d.get("date", d["day"]), d["avg_rating"]) for d in trend]
    months: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for d in trend:
        month = d.get("date", d["day"])[:7]
        if d["avg_rating"] and d["ratings"]:
            months[month][0] += float(d["avg_rating"]) * d["ratings"]
            months[month][1] += d["ratings"]
        else:
            months[month]  # the month has a (possibly empty) bar of its own
    return [(m, round(total / n, 2) if n else None) for m, (total, n) in sorted(months.items())]


def _trend_chart(r: _Report, trend: list[dict[str, Any]]) -> None:
    """Average rating as bars (height ∝ rating out of 5), oldest on the reading start side, with
    its scale and dated first, middle and last labels."""
    bars = chart_bars(trend)
    if not bars:
        return
    h = 45
    if r.will_page_break(h + 14):
        r.add_page()
    label_w = 8
    x0, y0, w = r.l_margin + (0 if r.rtl else label_w), r.get_y() + 2, r.epw - label_w
    r.set_draw_color(200)
    r.set_font("Plex", size=7)
    r.set_text_color(90)
    for level in (1, 3, 5):  # the scale: gridlines at ratings 1, 3 and 5
        y = y0 + h - h * level / 5
        r.line(x0, y, x0 + w, y)
        r.text(x0 + w + 1.5 if r.rtl else r.l_margin + 2, y + 1, str(level))
    r.rect(x0, y0, w, h)
    step = w / len(bars)
    r.set_fill_color(20, 150, 140)
    shown = bars[::-1] if r.rtl else bars
    for i, (_label, avg) in enumerate(shown):
        if avg:
            bar = h * float(avg) / 5
            r.rect(x0 + i * step + step * 0.15, y0 + h - bar, step * 0.7, bar, style="F")
    ticks = sorted({0, len(shown) // 2, len(shown) - 1})
    for i in ticks:
        label = shown[i][0]
        width = r.get_string_width(label)
        x = min(max(x0, x0 + i * step + step / 2 - width / 2), x0 + w - width)
        r.text(x, y0 + h + 4, label)
    # The legend: what a bar is, and per what (a cell: text() would not shape Arabic).
    legend = f"{r.t('legend_avg_rating')} — {r.t('per_day' if len(trend) <= 90 else 'per_month')}"
    r.set_fill_color(20, 150, 140)
    r.rect(x0 + w - 3 if r.rtl else x0, y0 + h + 6.5, 3, 3, style="F")
    r.set_xy(x0 if r.rtl else x0 + 5, y0 + h + 5.5)
    r.cell(w - 5, 5, legend, align="R" if r.rtl else "L")
    r.set_text_color(0)
    r.set_y(y0 + h + 11)


def report_pdf(
    *,
    overview: dict[str, Any],
    restaurant_name: str,
    branch_name: str,
    lang: str = "ar",
    digit_style: str = WESTERN,
    now: datetime | None = None,
) -> bytes:
    """Render the analytics overview (from services.analytics.analytics_overview) as PDF bytes."""
    r = _Report(lang, digit_style)
    r.add_page()
    align = "R" if r.rtl else "L"
    zone = ZoneInfo(overview.get("timezone") or "Asia/Riyadh")
    made = (now or datetime.now(UTC)).astimezone(zone)
    r.set_font("Plex", "B", 18)
    r.multi_cell(
        0, 10, f"{r.t('report_title')} — {restaurant_name}", new_x="LMARGIN", new_y="NEXT", align=align
    )
    r.set_font("Plex", "", 10)
    r.set_text_color(90)
    r.multi_cell(
        0,
        6,
        f"{r.t('period')}: {overview.get(f'period_{lang}') or overview['period']}  ·  {r.t('branch')}: {branch_name}",
        new_x="LMARGIN",
        new_y="NEXT",
        align=align,
    )
    r.multi_cell(
        0,
        6,
        f"{r.t('generated_at')}: {made:%Y-%m-%d %H:%M} ({r.t('restaurant_time')})",
        new_x="LMARGIN",
        new_y="NEXT",
        align=align,
    )
    r.set_text_color(0)

    r.heading(r.t("kpis"))
    r.grid([r.t("metric"), r.t("value")], _kpi_rows(r, overview["kpis"]), [110, 70])

    r.heading(r.t("rating_trend" if len(overview["trend"]) <= 90 else "rating_trend_monthly"), keep_with=60)
    _trend_chart(r, overview["trend"])

    r.heading(r.t("sentiment_breakdown"))
    r.grid(
        [r.t("sentiment"), r.t("count"), r.t("share")],
        [[r.t(f"se_{s['sentiment']}"), str(s["count"]), f"{s['share']}%"] for s in overview["sentiment"]],
        [80, 50, 50],
    )

    if overview["categories"]:
        r.heading(r.t("category_breakdown"))
        r.grid(
            [r.t("category"), r.t("count"), r.t("se_negative")],
            [
                [_category(r, c["category"]), str(c["count"]), str(c["negative"])]
                for c in overview["categories"]
            ],
            [80, 50, 50],
        )

    if overview["branches"]:
        r.heading(r.t("branch_comparison"), keep_with=4 * ROW_H)
        name = "name_en" if lang == "en" else "name_ar"
        r.grid(
            [
                r.t("branch"),
                r.t("average_rating"),
                r.t("negative_share"),
                r.t("resolution_rate"),
                r.t("orders"),
                r.t("revenue"),
            ],
            [
                [
                    b[name],
                    b["avg_rating"],
                    b["negative_share"],
                    b["resolution_rate"],
                    str(b["orders"]),
                    f"{b['revenue']} {r.t('sar')}",
                ]
                for b in overview["branches"]
            ],
            [44, 26, 30, 28, 20, 32],
        )
    return bytes(r.output())


def _category(r: _Report, category: str) -> str:
    try:
        return r.t(f"cat_{category}")
    except KeyError:
        return category
