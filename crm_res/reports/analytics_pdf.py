"""The analytics overview as a PDF report, in Arabic (right to left) or English.

fpdf2 with HarfBuzz shaping (uharfbuzz) joins Arabic letters and orders mixed runs; the font is
IBM Plex Sans Arabic (OFL), shipped in assets/fonts as TTF (Arabic and Latin subsets merged).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fpdf import FPDF

from crm_res.i18n import text
from crm_res.services.dashboard.analytics import duration_label
from crm_res.settings import ROOT

FONT_DIR = ROOT / "assets" / "fonts"


class _Report(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(format="A4")
        self.lang = lang
        self.rtl = lang != "en"
        self.add_font("Plex", "", str(FONT_DIR / "IBMPlexSansArabic-Regular.ttf"))
        self.add_font("Plex", "B", str(FONT_DIR / "IBMPlexSansArabic-Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True, direction="rtl" if self.rtl else "ltr")
        self.set_auto_page_break(auto=True, margin=15)

    def t(self, key: str) -> str:
        return text(key, self.lang)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Plex", size=8)
        self.set_text_color(120)
        self.cell(0, 6, f"CRM-RES · {self.page_no()}", align="C")

    def heading(self, value: str, size: int = 13) -> None:
        self.ln(3)
        self.set_font("Plex", "B", size)
        self.set_text_color(15, 80, 75)
        self.cell(0, 9, value, new_x="LMARGIN", new_y="NEXT", align="R" if self.rtl else "L")
        self.set_text_color(0)

    def grid(self, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A simple grid; in Arabic the first column is drawn on the right."""
        order = list(range(len(headers)))[::-1] if self.rtl else list(range(len(headers)))
        align = "R" if self.rtl else "L"
        self.set_font("Plex", "B", 9)
        self.set_fill_color(230, 242, 240)
        for i in order:
            self.cell(widths[i], 7, headers[i], border=1, align=align, fill=True)
        self.ln()
        self.set_font("Plex", "", 9)
        for row in rows:
            for i in order:
                self.cell(widths[i], 7, str(row[i])[:60], border=1, align=align)
            self.ln()


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
        [r.t("response_time"), duration_label(kpis["response_median_s"])],
        [r.t("resolution_rate"), pct(kpis["resolution_rate"])],
        [r.t("conversations"), str(kpis["conversations"])],
        [r.t("orders"), str(kpis["orders"])],
        [r.t("revenue"), f"{kpis['revenue']:,.2f} {r.t('sar')}"],
    ]


def _trend_chart(r: _Report, trend: list[dict[str, Any]]) -> None:
    """Daily average rating as bars (height ∝ rating out of 5), oldest on the reading start side."""
    if not trend:
        return
    x0, y0, w, h = r.l_margin, r.get_y() + 2, r.epw, 45
    r.set_draw_color(200)
    r.rect(x0, y0, w, h)
    step = w / len(trend)
    r.set_fill_color(20, 150, 140)
    days = trend[::-1] if r.rtl else trend
    for i, d in enumerate(days):
        if d["avg_rating"]:
            bar = h * float(d["avg_rating"]) / 5
            r.rect(x0 + i * step + step * 0.15, y0 + h - bar, step * 0.7, bar, style="F")
    r.set_font("Plex", size=7)
    r.set_text_color(90)
    for i in (0, len(days) - 1):
        r.text(x0 + i * step, y0 + h + 4, days[i]["day"])
    r.set_text_color(0)
    r.set_y(y0 + h + 7)


def report_pdf(
    *, overview: dict[str, Any], restaurant_name: str, branch_name: str, lang: str = "ar"
) -> bytes:
    """Render the analytics overview (from services.analytics.analytics_overview) as PDF bytes."""
    r = _Report(lang)
    r.add_page()
    align = "R" if r.rtl else "L"
    r.set_font("Plex", "B", 18)
    r.cell(0, 11, f"{r.t('report_title')} — {restaurant_name}", new_x="LMARGIN", new_y="NEXT", align=align)
    r.set_font("Plex", "", 10)
    r.set_text_color(90)
    r.cell(
        0,
        6,
        f"{r.t('period')}: {overview['period']}  ·  {r.t('branch')}: {branch_name}",
        new_x="LMARGIN",
        new_y="NEXT",
        align=align,
    )
    r.cell(
        0,
        6,
        f"{r.t('generated_at')}: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        new_x="LMARGIN",
        new_y="NEXT",
        align=align,
    )
    r.set_text_color(0)

    r.heading(r.t("kpis"))
    r.grid([r.t("metric"), r.t("value")], _kpi_rows(r, overview["kpis"]), [110, 70])

    r.heading(r.t("rating_trend"))
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
        r.heading(r.t("branch_comparison"))
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
                    b["revenue"],
                ]
                for b in overview["branches"]
            ],
            [44, 26, 28, 30, 20, 32],
        )
    return bytes(r.output())


def _category(r: _Report, category: str) -> str:
    try:
        return r.t(f"cat_{category}")
    except KeyError:
        return category
