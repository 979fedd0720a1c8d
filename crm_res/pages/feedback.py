"""Feedback & analytics: KPIs for a period and branch, trends, breakdowns, branch comparison,
the follow-up queue for negative feedback, the feedback list, CSV and PDF exports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, TypedDict, cast

import reflex as rx
from reflex.vars import ObjectVar
from sqlmodel import Session

from crm_res.components.ui import (
    NAME_STYLE,
    badge,
    branch_filter,
    branch_name,
    data_table,
    error_callout,
    export_menu,
    figure,
    ok_callout,
    pager,
    period_line,
    select_tr,
    shown_name,
    stat_card,
    translated_error,
)
from crm_res.db import session_scope
from crm_res.i18n import duration_words
from crm_res.layout import template
from crm_res.models import Restaurant
from crm_res.services.access import Viewer
from crm_res.services.errors import DomainError
from crm_res.services.insights import analytics, date_range
from crm_res.services.insights.feedback import list_feedback
from crm_res.services.lists import list_branch_options
from crm_res.services.options import options
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.exports import csv_download
from crm_res.state.listing import ListState, page_plus_one
from crm_res.state.ui import UIState, tr, tr_value

SENTIMENTS = ("positive", "neutral", "negative")
# The period picker: presets in the restaurant's time, then the person's own from/to dates.
PERIOD_OPTIONS = [(p, f"range_{p}") for p in date_range.PRESETS] + [(date_range.CUSTOM, "range_custom")]
EMPTY_KPIS = dict.fromkeys(
    (
        "average_rating",
        "ratings",
        "negative_share",
        "response_ar",
        "response_en",
        "resolution_rate",
        "orders",
        "revenue",
        "conversations",
        "open_followups",
        "escalations",
    ),
    "—",
)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def format_kpis(k: dict[str, Any]) -> dict[str, str]:
    return {
        "average_rating": "—" if k["average_rating"] is None else f"{k['average_rating']:.2f}",
        "ratings": f"{k['ratings']:,}",
        "negative_share": _pct(k["negative_share"]),
        "response_ar": duration_words(k["response_median_s"], "ar"),
        "response_en": duration_words(k["response_median_s"], "en"),
        "resolution_rate": _pct(k["resolution_rate"]),
        "orders": f"{k['orders']:,}",
        "revenue": f"{k['revenue']:,.0f}",
        "conversations": f"{k['conversations']:,}",
        "open_followups": f"{k['open_followups']:,}",
        "escalations": f"{k['escalations']:,}",
    }


EMPTY_USAGE = {"replies": "—", "cost": "—", "fallbacks": "—", "state": "none"}
SAR_PER_USD = 3.75  # the riyal's fixed peg to the dollar (the model gateway bills in dollars)


def format_usage(u: dict[str, Any]) -> dict[str, str]:
    """The assistant's model use in words an owner reads: how many replies the AI wrote, what they
    cost in riyals (the dashboard's digit style applies on top), how often the fixed replies
    answered instead; "none" when the AI cost nothing this period (no calls, or no model key)."""
    sar = u["cost_usd"] * SAR_PER_USD
    state = "none" if u["calls"] == 0 and sar == 0 else ("tiny" if sar < 0.01 else "cost")
    return {
        "replies": f"{u['calls']:,}",
        "cost": f"{sar:,.2f}",
        "fallbacks": f"{u['rejected'] + u['failed']:,}",
        "state": state,
    }


# Charts mirror in Arabic: time runs from the right and the main axis stands on the right.
_RTL = ~UIState.is_en
_START = rx.cond(UIState.is_en, "left", "right")
_END = rx.cond(UIState.is_en, "right", "left")


class FeedbackRow(TypedDict):
    """A feedback in the list and in the follow-up queue (services/insights/feedback.py)."""

    id: str
    rating: int
    comment: str
    sentiment: str
    categories: str
    customer_name: str
    wa_id: str
    contact: str
    branch_ar: str
    branch_en: str
    followup: bool
    followup_notes: str
    conversation_id: str
    created_at: str
    at_label: str


class BranchFeedback(TypedDict):
    """A branch's line of the comparison (services/insights/analytics.py), response time in words."""

    branch_id: str
    name_ar: str
    name_en: str
    avg_rating: str
    feedback: int
    negative_share: str
    conversations: int
    resolution_rate: str
    orders: int
    revenue: str
    response: str
    response_s: float | None
    response_ar: str
    response_en: str


class TrendDay(TypedDict):
    """A day of the rating trend chart (services/insights/analytics.py: _trend)."""

    day: str
    label_ar: str  # "20 مايو": the chart's axis in the page's language
    label_en: str
    date: str
    avg_rating: float | None
    ratings: int
    negative: int
    orders: int
    revenue: float


class SentimentShare(TypedDict):
    sentiment: str
    count: int
    share: float


class CategoryCount(TypedDict):
    category: str
    count: int
    negative: int
    label_ar: str
    label_en: str


class FeedbackState(ListState, AuthState):
    rows: list[FeedbackRow] = []  # ListState's rows, typed for this page
    days: str = "30"  # the period picker's choice: a preset (date_range.PRESETS) or "custom"
    range_from: str = ""  # the custom period's first and last day, as chosen (ISO)
    range_to: str = ""
    range_error: str = ""
    branch: str = ""
    branches: list[dict[str, str]] = []
    period_label: str = ""
    period_ar: str = ""
    period_en: str = ""
    csat: dict[str, Any] = {}  # share, ratings, satisfied (labels) and weekly (bool)
    csat_trend: list[dict[str, Any]] = []
    csat_branches: list[dict[str, Any]] = []
    kpis: dict[str, str] = EMPTY_KPIS
    trend: list[TrendDay] = []
    sentiment: list[SentimentShare] = []
    categories: list[CategoryCount] = []
    branch_rows: list[BranchFeedback] = []
    followups: list[FeedbackRow] = []
    followup_total: str = "0"
    ai_usage: dict[str, str] = EMPTY_USAGE
    ai_visible: bool = False
    error: str = ""
    notice: str = ""

    def _span(self, session: Session, viewer: Viewer) -> analytics.Span:
        """The chosen period's first and last day in the restaurant's time."""
        tz = session.get_one(Restaurant, viewer.restaurant_id).timezone
        if self.days == date_range.CUSTOM:
            return date_range.custom_days(self.range_from, self.range_to, tz)
        return date_range.preset_days(self.days, tz)

    def _fetch(self, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
        restaurant = session.get_one(Restaurant, viewer.restaurant_id)
        period = analytics.period_for(days=1, tz=restaurant.timezone, span=self._span(session, viewer))
        return page_plus_one(
            lambda **page: list_feedback(
                session=session,
                viewer=viewer,
                sentiment=self.filter_status or None,
                branch_id=self.branch or None,
                since=period.start,
                until=period.end,
                **page,
            ),
            self.page,
        )

    def _analytics(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                if not self.branches:
                    self.branches = list_branch_options(session=session, viewer=viewer)
                span = self._span(session, viewer)
                data = analytics.analytics_overview(
                    session=session, viewer=viewer, span=span, branch_id=self.branch or None
                )
                queue = analytics.followup_queue(
                    session=session, viewer=viewer, span=span, branch_id=self.branch or None, limit=20
                )
                # Model cost is restaurant-wide, not a branch's: only owners see it.
                usage = (
                    analytics.llm_usage(session=session, viewer=viewer, span=span)
                    if viewer.can_change_settings
                    else None
                )
        except DomainError as exc:
            self.error = error_key(exc)
            return
        self.period_label = data["period"]
        self.period_ar, self.period_en = data["period_ar"], data["period_en"]
        first, last = data["period"].split(" – ")
        self.range_from, self.range_to = first, last
        csat = data["csat"]
        self.csat = {
            "share": "—" if csat["share"] is None else f"{csat['share']:.1f}%",
            "ratings": f"{csat['ratings']:,}",
            "satisfied": f"{csat['satisfied']:,}",
            "weekly": csat["weekly"],
        }
        self.csat_trend = csat["trend"]
        self.csat_branches = csat["branches"]
        self.kpis = format_kpis(data["kpis"])
        self.followups = cast(list[FeedbackRow], queue["rows"])
        self.followup_total = f"{queue['total']:,}"
        self.ai_usage = format_usage(usage) if usage else EMPTY_USAGE
        self.ai_visible = usage is not None
        self.trend = cast(list[TrendDay], data["trend"])
        self.sentiment = cast(list[SentimentShare], data["sentiment"])
        self.categories = cast(list[CategoryCount], data["categories"])
        self.branch_rows = [
            cast(
                BranchFeedback,
                dict(
                    b,
                    response_ar=duration_words(b.get("response_s"), "ar"),
                    response_en=duration_words(b.get("response_s"), "en"),
                ),
            )
            for b in data["branches"]
        ]

    @rx.event
    def load_page(self):
        self.error = self.notice = ""
        self._analytics()
        return FeedbackState.load

    @rx.event
    def set_days(self, value: str):
        """A preset reloads at once; "custom" opens the from/to fields, filled with the period shown."""
        self.range_error = ""
        self.days = value
        if value == date_range.CUSTOM:
            return None
        self.page = 0
        return FeedbackState.load_page

    @rx.event
    def apply_range(self, form: dict):
        """The person's own from/to dates (either digit style), checked before anything reloads: a
        refused range leaves the figures of the period shown, and says why beside the fields."""
        viewer = self._viewer()
        if viewer is None:
            return None
        first, last = str(form.get("from", "")), str(form.get("to", ""))
        try:
            with session_scope() as session:
                tz = session.get_one(Restaurant, viewer.restaurant_id).timezone
                a, b = date_range.custom_days(first, last, tz)
        except DomainError as exc:
            self.range_error = error_key(exc)
            return None
        self.range_error = ""
        self.days = date_range.CUSTOM
        self.range_from, self.range_to = a.isoformat(), b.isoformat()
        self.page = 0
        return FeedbackState.load_page

    @rx.event
    def set_branch(self, value: str):
        self.branch = "" if value == "all" else value
        self.page = 0
        return FeedbackState.load_page

    @rx.event
    def handle_followup(self, form: dict):
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                analytics.mark_followup_handled(
                    session=session,
                    viewer=viewer,
                    feedback_id=uuid.UUID(form.get("feedback_id", "")),
                    note=form.get("note", ""),
                )
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return
        self.error = ""
        self.notice = "followup_done"
        self._analytics()
        return FeedbackState.load

    @rx.event
    async def export_csv(self, form: str = "people"):
        """The period's feedback as a CSV to read (the page's language) or for other systems."""
        from crm_res.reports.csv_text import feedback_csv_text

        return await csv_download(
            self,
            "feedback",
            form,
            query=lambda session, viewer: {
                "span": self._span(session, viewer),
                "branch_id": self.branch or None,
            },
            machines_csv=analytics.feedback_csv,
            people_rows=analytics.feedback_export_rows,
            people_csv=feedback_csv_text,
            audited=lambda kw: {
                "from": kw["span"][0].isoformat(),
                "to": kw["span"][1].isoformat(),
                "branch": self.branch,
            },
        )

    @rx.event
    async def export_pdf(self):
        """The report in the language the dashboard is shown in."""
        from crm_res.reports.analytics_pdf import report_pdf

        viewer = self._viewer()
        if viewer is None:
            return
        lang = await self._reader_lang()
        with session_scope() as session:
            overview = analytics.analytics_overview(
                session=session,
                viewer=viewer,
                span=self._span(session, viewer),
                branch_id=self.branch or None,
            )
            restaurant = session.get_one(Restaurant, viewer.restaurant_id)
            name = (restaurant.name_en if lang == "en" else restaurant.name_ar) if restaurant else ""
            digits = options(restaurant).digit_style if restaurant else "western"
        branch = next((b for b in self.branches if b["id"] == self.branch), None)
        branch_label = (
            (branch["name_en"] if lang == "en" else branch["name_ar"])
            if branch
            else ("All branches" if lang == "en" else "كل الفروع")
        )
        pdf = report_pdf(
            overview=overview, restaurant_name=name, branch_name=branch_label, lang=lang, digit_style=digits
        )
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return rx.download(data=pdf, filename=f"report-{stamp}.pdf", mime_type="application/pdf")


def _feedback_row(f: ObjectVar[FeedbackRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(f["at_label"], dir="ltr", size="1")),
        rx.table.cell(rx.text(shown_name(f["customer_name"]), style=NAME_STYLE, dir="auto")),
        rx.table.cell("⭐ ", f["rating"]),
        rx.table.cell(badge(f["sentiment"], tr_value("se", f["sentiment"], SENTIMENTS))),
        rx.table.cell(rx.text(f["comment"], max_width="26em", dir="auto")),
        rx.table.cell(branch_name(f)),
        rx.table.cell(
            rx.cond(f["followup"].to(bool), rx.badge(tr("needs_followup"), color_scheme="red"), "")
        ),
    )


def _followup_item(f: ObjectVar[FeedbackRow]) -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.hstack(
                    rx.text(shown_name(f["customer_name"]), weight="bold", style=NAME_STYLE, dir="auto"),
                    rx.text("⭐ ", f["rating"]),
                    rx.text(branch_name(f), size="1", color_scheme="gray"),
                    rx.spacer(),
                    rx.text(f["at_label"], size="1", color_scheme="gray", dir="ltr"),
                    width="100%",
                    wrap="wrap",
                ),
                rx.text(f["comment"], size="2", dir="auto"),
                rx.hstack(
                    rx.input(
                        name="note",
                        placeholder=tr("followup_note"),
                        width="100%",
                        data_testid="followup-note",
                    ),
                    rx.button(tr("mark_handled"), type="submit", data_testid="followup-done"),
                    rx.cond(
                        f["conversation_id"] != "",
                        rx.link(
                            rx.button(rx.icon("messages-square", size=14), variant="soft"),
                            href="/conversation?id=" + f["conversation_id"].to(str),
                        ),
                    ),
                    width="100%",
                ),
                rx.el.input(type="hidden", name="feedback_id", value=f["id"]),
                spacing="2",
                width="100%",
            ),
            on_submit=FeedbackState.handle_followup,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
        data_testid="followup-item",
    )


def period_words() -> rx.Var:
    """The chosen period in the page language: "1–7 ديسمبر 2026" / "1–7 Dec 2026"."""
    return rx.cond(UIState.is_en, FeedbackState.period_en, FeedbackState.period_ar)


def _period_caption(test_id: str, dates: bool = True) -> rx.Component:
    """The period a card or chart covers: "Last 7 days · 30 Nov – 6 Dec 2026" (a custom period, and
    a small KPI card, say the dates alone; every card and chart names the same dates)."""
    s = FeedbackState
    preset = rx.match(s.days, *[(p, tr(f"range_{p}")) for p in date_range.PRESETS], "")
    dates_text = rx.text(period_words(), as_="span", white_space="nowrap", data_testid=f"{test_id}-dates")
    if not dates:  # a small KPI card: its dates alone ("30 Nov – 6 Dec 2026")
        return period_line(dates_text, test_id=test_id)
    return period_line(
        rx.cond(s.days == date_range.CUSTOM, rx.fragment(), rx.fragment(preset, " · ")),
        dates_text,
        test_id=test_id,
    )


def _range_picker() -> rx.Component:
    """Presets, and "custom" opening from/to fields (typed in either digit style, checked on
    the server; the error sits beside the fields)."""
    s = FeedbackState

    def day_box(name: str, value: rx.Var[str], example: str) -> rx.Component:
        """A day typed as yyyy-mm-dd (either digit style); `key` renews it when the state changes it."""
        return rx.input(
            name=name,
            default_value=value,
            key=value,
            dir="ltr",
            width="9em",
            placeholder=example,
            data_testid=f"range-{name}",
            data_keep_digits=True,
        )

    return rx.cond(
        s.days == date_range.CUSTOM,
        rx.form(
            rx.flex(
                rx.text(tr("range_from"), size="2"),
                day_box("from", s.range_from, "2026-12-01"),
                rx.text(tr("range_to"), size="2"),
                day_box("to", s.range_to, "2026-12-07"),
                rx.button(tr("range_apply"), type="submit", size="2", data_testid="range-apply"),
                rx.text(tr("range_hint"), size="1", color_scheme="gray", width="100%"),
                rx.cond(
                    s.range_error != "",
                    rx.callout(
                        translated_error(s.range_error),
                        color_scheme="red",
                        icon="triangle-alert",
                        size="1",
                        width="100%",
                        data_testid="range-error",
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            on_submit=s.apply_range,
            data_testid="range-form",
        ),
    )


def _category_chart(label_key: str) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.bar(data_key="count", fill="#0d9488", name=tr("legend_all_mentions")),
        rx.recharts.bar(data_key="negative", fill="#e5484d", name=tr("legend_negative_mentions")),
        # Slanted names: eight categories side by side still read on a phone.
        rx.recharts.x_axis(
            data_key=label_key,
            font_size=11,
            interval=0,
            angle=-35,
            text_anchor="end",
            height=56,
            reversed=_RTL,
        ),
        rx.recharts.y_axis(font_size=11, allow_decimals=False, orientation=_START),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(vertical_align="top", height=28, icon_type="square"),
        data=FeedbackState.categories,
        width="100%",
        height=230,
    )


def _charts() -> rx.Component:
    s = FeedbackState
    return rx.grid(
        rx.card(
            rx.heading(tr("rating_trend"), size="3"),
            _period_caption("trend-period"),
            rx.box(
                rx.recharts.composed_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                    rx.recharts.bar(
                        data_key="ratings", fill="#a7d8d2", y_axis_id="count", name=tr("legend_ratings")
                    ),
                    rx.recharts.line(
                        data_key="avg_rating",
                        stroke="#0d9488",
                        stroke_width=2,
                        y_axis_id="rating",
                        connect_nulls=True,
                        dot=False,
                        name=tr("legend_avg_rating"),
                    ),
                    rx.recharts.x_axis(
                        data_key=rx.cond(UIState.is_en, "label_en", "label_ar"), font_size=11, reversed=_RTL
                    ),
                    rx.recharts.y_axis(y_axis_id="rating", domain=[1, 5], font_size=11, orientation=_START),
                    rx.recharts.y_axis(
                        y_axis_id="count", orientation=_END, font_size=11, allow_decimals=False
                    ),
                    rx.recharts.graphing_tooltip(),
                    rx.recharts.legend(vertical_align="top", height=28),
                    data=s.trend,
                    width="100%",
                    height=260,
                ),
                dir="ltr",
                width="100%",
                data_testid="rating-trend",
            ),
            width="100%",
        ),
        rx.card(
            rx.heading(tr("sentiment_breakdown"), size="3"),
            _period_caption("sentiment-period"),
            rx.vstack(
                rx.foreach(
                    s.sentiment,
                    lambda x: rx.hstack(
                        rx.box(
                            badge(x["sentiment"], tr_value("se", x["sentiment"], SENTIMENTS)), min_width="6em"
                        ),
                        rx.progress(
                            value=x["share"].to(int),
                            color_scheme=rx.match(
                                x["sentiment"], ("positive", "green"), ("negative", "red"), "gray"
                            ),
                            width="100%",
                        ),
                        rx.text(x["share"], "%", size="2", dir="ltr", min_width="4em"),
                        width="100%",
                        align="center",
                    ),
                ),
                rx.heading(tr("category_breakdown"), size="3", padding_top="0.6em"),
                rx.box(
                    rx.cond(UIState.is_en, _category_chart("label_en"), _category_chart("label_ar")),
                    dir="ltr",
                    width="100%",
                ),
                width="100%",
                data_testid="sentiment-breakdown",
            ),
            width="100%",
        ),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )


def _branch_row(b: ObjectVar[BranchFeedback]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(UIState.is_en, b["name_en"], b["name_ar"])),
        rx.table.cell(b["avg_rating"], dir="ltr"),
        rx.table.cell(b["feedback"], dir="ltr"),
        rx.table.cell(b["negative_share"], dir="ltr"),
        rx.table.cell(rx.cond(UIState.is_en, b["response_en"], b["response_ar"])),
        rx.table.cell(b["resolution_rate"], dir="ltr"),
        rx.table.cell(b["orders"], dir="ltr"),
        rx.table.cell(b["revenue"], dir="ltr"),
    )


def _ai_usage_card() -> rx.Component:
    """What the AI did in the period in an owner's words: replies it wrote, their cost in riyals,
    and how often ready-made replies went out instead; or that it cost nothing this period."""
    u = FeedbackState.ai_usage
    cost = rx.cond(
        u["state"] == "tiny",
        rx.fragment(tr("ai_cost_tiny"), " ", tr("sar")),
        rx.fragment(u["cost"], " ", tr("sar")),
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("bot", size=18), rx.heading(tr("ai_usage"), size="3"), align="center", wrap="wrap"
            ),
            _period_caption("ai-usage-period"),
            rx.cond(
                u["state"] == "none",
                rx.text(tr("ai_no_costs"), size="2", data_testid="ai-no-costs"),
                rx.flex(
                    figure("ai_replies", u["replies"], "ai-replies", dir="ltr"),
                    figure("ai_cost_sar", cost, "ai-cost"),
                    figure("ai_fallbacks", u["fallbacks"], "ai-fallbacks", dir="ltr"),
                    spacing="6",
                    wrap="wrap",
                ),
            ),
            rx.text(tr("ai_usage_help"), size="1", color_scheme="gray"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="ai-usage",
    )


def _csat_branch_row(b: ObjectVar[dict[str, Any]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(UIState.is_en, b["name_en"], b["name_ar"])),
        rx.table.cell(b["share_label"], data_testid="csat-branch-share"),
        rx.table.cell(b["satisfied"]),
        rx.table.cell(b["ratings"]),
    )


def _csat_section() -> rx.Component:
    """CSAT: the share of 4–5 ratings in the period, the ratings behind it, by branch and over time."""
    s = FeedbackState
    trend_label = rx.cond(UIState.is_en, "label_en", "label_ar")
    chart = rx.recharts.composed_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.bar(
            data_key="ratings",
            fill="#a5b4fc",
            y_axis_id="count",
            name=tr("legend_csat_ratings"),
            is_animation_active=False,
        ),
        rx.recharts.line(
            data_key="share",
            stroke="#16a34a",
            stroke_width=2,
            y_axis_id="share",
            connect_nulls=True,
            dot=True,
            name=tr("legend_csat_share"),
            is_animation_active=False,
        ),
        rx.recharts.x_axis(data_key=trend_label, font_size=11, reversed=_RTL),
        rx.recharts.y_axis(y_axis_id="share", domain=[0, 100], font_size=11, unit="%", orientation=_START),
        rx.recharts.y_axis(y_axis_id="count", orientation=_END, font_size=11, allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(vertical_align="top", height=28),
        data=s.csat_trend,
        width="100%",
        height=240,
    )
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("smile", size=18), rx.heading(tr("csat_title"), size="4"), align="center"),
            _period_caption("csat-period"),
            rx.hstack(
                rx.heading(s.csat["share"].to(str), size="8", data_testid="csat-share"),
                rx.text(
                    tr("csat_ratings_behind"),
                    ": ",
                    rx.text(s.csat["ratings"].to(str), as_="span", data_testid="csat-ratings"),
                    " · ",
                    tr("csat_satisfied_of_them"),
                    ": ",
                    rx.text(s.csat["satisfied"].to(str), as_="span", data_testid="csat-satisfied"),
                    size="2",
                    color_scheme="gray",
                ),
                align="baseline",
                spacing="3",
                wrap="wrap",
            ),
            rx.text(tr("csat_help"), size="1", color_scheme="gray"),
            rx.grid(
                rx.vstack(
                    rx.text(
                        rx.cond(s.csat["weekly"].to(bool), tr("csat_trend_weekly"), tr("csat_trend_daily")),
                        weight="medium",
                        size="2",
                    ),
                    rx.box(chart, dir="ltr", width="100%", data_testid="csat-trend"),
                    width="100%",
                ),
                rx.vstack(
                    rx.text(tr("csat_by_branch"), weight="medium", size="2"),
                    data_table(
                        ["branch", "csat_share", "satisfied_count", "ratings_count"],
                        s.csat_branches,
                        _csat_branch_row,
                        "csat-branches",
                    ),
                    width="100%",
                ),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="4",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="csat",
    )


@template("/feedback", "feedback", on_load=FeedbackState.load_page)
def feedback_page() -> rx.Component:
    s = FeedbackState
    return rx.vstack(
        rx.flex(
            select_tr(PERIOD_OPTIONS, s.days, s.set_days, "period-select", width="12em"),
            branch_filter(s.branches, s.branch, s.set_branch, "analytics-branch"),
            rx.text(period_words(), size="2", color_scheme="gray", data_testid="period-dates"),
            rx.spacer(),
            export_menu(s.export_csv, "export-csv"),
            rx.button(
                rx.icon("file-text", size=16),
                tr("export_pdf"),
                on_click=s.export_pdf,
                variant="soft",
                data_testid="export-pdf",
            ),
            spacing="3",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        _range_picker(),
        error_callout(s.error, "feedback-error"),
        rx.cond(s.notice != "", ok_callout(tr("followup_done"), "feedback-notice")),
        rx.grid(
            stat_card(
                "average_rating",
                s.kpis["average_rating"],
                "star",
                "kpi-rating",
                hint=s.kpis["ratings"],
                period=_period_caption("kpi-rating-period", dates=False),
            ),
            stat_card(
                "response_time",
                rx.cond(UIState.is_en, s.kpis["response_en"], s.kpis["response_ar"]),
                "timer",
                "kpi-response",
                period=_period_caption("kpi-response-period", dates=False),
            ),
            stat_card(
                "resolution_rate",
                s.kpis["resolution_rate"],
                "circle-check",
                "kpi-resolution",
                period=_period_caption("kpi-resolution-period", dates=False),
            ),
            stat_card(
                "negative_share",
                s.kpis["negative_share"],
                "thumbs-down",
                "kpi-negative",
                period=_period_caption("kpi-negative-period", dates=False),
            ),
            stat_card(
                "orders",
                s.kpis["orders"],
                "shopping-bag",
                "kpi-orders",
                period=_period_caption("kpi-orders-period", dates=False),
            ),
            stat_card(
                "revenue",
                s.kpis["revenue"],
                "banknote",
                "kpi-revenue",
                hint=tr("sar"),
                period=_period_caption("kpi-revenue-period", dates=False),
            ),
            columns=rx.breakpoints(initial="2", md="3", xl="6"),
            spacing="3",
            width="100%",
        ),
        _charts(),
        _csat_section(),
        rx.hstack(
            rx.heading(tr("branch_comparison"), size="4"),
            _period_caption("branches-period"),
            align="baseline",
            spacing="3",
            wrap="wrap",
        ),
        data_table(
            [
                "branch",
                "average_rating",
                "ratings_count",
                "negative_share",
                "response_time",
                "resolution_rate",
                "orders",
                "revenue",
            ],
            s.branch_rows,
            _branch_row,
            "branch-comparison",
        ),
        rx.cond(s.ai_visible, _ai_usage_card()),
        rx.heading(
            tr("followup_queue"),
            " (",
            rx.text(s.followup_total, as_="span", data_testid="followup-total"),
            ")",
            size="4",
        ),
        rx.vstack(
            rx.foreach(s.followups, _followup_item), width="100%", spacing="2", data_testid="followup-queue"
        ),
        rx.cond(s.followups.length() == 0, rx.text(tr("no_followups"), color_scheme="gray")),
        rx.hstack(
            rx.heading(tr("all_feedback"), size="4"),
            select_tr(
                [("all", "all_sentiments")] + [(x, f"se_{x}") for x in SENTIMENTS],
                rx.cond(s.filter_status == "", "all", s.filter_status),
                s.set_filter_status,
                "sentiment-filter",
            ),
            align="center",
        ),
        data_table(
            ["date", "customer", "rating", "sentiment", "comment", "branch", "status"],
            s.rows,
            _feedback_row,
            "feedback-table",
        ),
        pager(s.page, s.prev_page, s.next_page, s.has_next),
        width="100%",
        spacing="4",
    )
