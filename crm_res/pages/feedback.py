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
    branch_name,
    data_table,
    error_callout,
    export_menu,
    ok_callout,
    pager,
    period_line,
    select_rows,
    select_tr,
    shown_name,
    stat_card,
)
from crm_res.db import session_scope
from crm_res.i18n import duration_words
from crm_res.layout import template
from crm_res.models import Restaurant
from crm_res.reports.activity import csv_rows
from crm_res.services.access import Viewer
from crm_res.services.errors import DomainError
from crm_res.services.insights import analytics
from crm_res.services.insights.feedback import list_feedback
from crm_res.services.lists import PAGE_SIZE, list_branch_options
from crm_res.services.ops.audit import record_export
from crm_res.services.options import options
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.listing import ListState
from crm_res.state.ui import UIState, tr, tr_value

SENTIMENTS = ("positive", "neutral", "negative")
PERIOD_OPTIONS = [(str(d), f"last_{d}_days") for d in analytics.PERIODS]
EMPTY_KPIS = dict.fromkeys(("average_rating", "ratings", "negative_share", "response_ar", "response_en", "resolution_rate", "orders", "revenue", "conversations", "open_followups", "escalations"), "—")  # fmt: skip


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def format_kpis(k: dict[str, Any]) -> dict[str, str]:
    return {
        "average_rating": "—" if k["average_rating"] is None else f"{k['average_rating']:.2f}",
        "ratings": f"{k['ratings']:,}", "negative_share": _pct(k["negative_share"]),
        "response_ar": duration_words(k["response_median_s"], "ar"),
        "response_en": duration_words(k["response_median_s"], "en"),
        "resolution_rate": _pct(k["resolution_rate"]), "orders": f"{k['orders']:,}",
        "revenue": f"{k['revenue']:,.0f}", "conversations": f"{k['conversations']:,}",
        "open_followups": f"{k['open_followups']:,}", "escalations": f"{k['escalations']:,}",
    }  # fmt: skip


EMPTY_USAGE = dict.fromkeys(("calls", "tokens_in", "tokens_out", "cost_usd", "fallbacks"), "—")


def format_usage(u: dict[str, Any]) -> dict[str, str]:
    return {"calls": f"{u['calls']:,}", "tokens_in": f"{u['tokens_in']:,}", "tokens_out": f"{u['tokens_out']:,}",
            "cost_usd": f"${u['cost_usd']:,.2f}" if u["cost_usd"] >= 1 else f"${u['cost_usd']:.4f}", "fallbacks": f"{u['rejected'] + u['failed']:,}",
            "rejected": f"{u['rejected']:,}", "failed": f"{u['failed']:,}"}  # fmt: skip


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
    days: str = "30"
    branch: str = ""
    branches: list[dict[str, str]] = []
    period_label: str = ""
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

    def _fetch(self, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
        restaurant = session.get_one(Restaurant, viewer.restaurant_id)
        period = analytics.period_for(days=int(self.days), tz=restaurant.timezone)
        return list_feedback(session=session, viewer=viewer, page=self.page, page_size=PAGE_SIZE + 1,
                             sentiment=self.filter_status or None, branch_id=self.branch or None,
                             since=period.start, until=period.end)  # fmt: skip

    def _analytics(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                if not self.branches:
                    self.branches = list_branch_options(session=session, viewer=viewer)
                data = analytics.analytics_overview(session=session, viewer=viewer, days=int(self.days),
                                                    branch_id=self.branch or None)  # fmt: skip
                queue = analytics.followup_queue(session=session, viewer=viewer, days=int(self.days),
                                                 branch_id=self.branch or None, limit=20)  # fmt: skip
                # Model cost is restaurant-wide, not a branch's: only owners see it.
                usage = (
                    analytics.llm_usage(session=session, viewer=viewer, days=int(self.days))
                    if viewer.can_change_settings
                    else None
                )
        except DomainError as exc:
            self.error = error_key(exc)
            return
        self.period_label = data["period"]
        self.kpis = format_kpis(data["kpis"])
        self.followups = cast(list[FeedbackRow], queue["rows"])
        self.followup_total = f"{queue['total']:,}"
        self.ai_usage = format_usage(usage) if usage else EMPTY_USAGE
        self.ai_visible = usage is not None
        self.trend = cast(list[TrendDay], data["trend"])
        self.sentiment = cast(list[SentimentShare], data["sentiment"])
        self.categories = cast(list[CategoryCount], data["categories"])
        self.branch_rows = [
            cast(BranchFeedback, dict(b, response_ar=duration_words(b.get("response_s"), "ar"),
                                      response_en=duration_words(b.get("response_s"), "en")))
            for b in data["branches"]
        ]  # fmt: skip

    @rx.event
    def load_page(self):
        self.error = self.notice = ""
        self._analytics()
        return FeedbackState.load

    @rx.event
    def set_days(self, value: str):
        self.days = value
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
                analytics.mark_followup_handled(session=session, viewer=viewer,
                                                feedback_id=uuid.UUID(form.get("feedback_id", "")),
                                                note=form.get("note", ""))  # fmt: skip
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

        viewer = self._viewer()
        if viewer is None:
            return
        lang = "en" if (await self.get_state(UIState)).lang == "en" else "ar"
        with session_scope() as session:
            if form == "machines":
                data = analytics.feedback_csv(session=session, viewer=viewer, days=int(self.days),
                                              branch_id=self.branch or None)  # fmt: skip
            else:
                restaurant = session.get_one(Restaurant, viewer.restaurant_id)
                rows = analytics.feedback_export_rows(session=session, viewer=viewer, days=int(self.days),
                                                      branch_id=self.branch or None)  # fmt: skip
                data = feedback_csv_text(rows, lang=lang, digit_style=options(restaurant).digit_style,
                                         tz=restaurant.timezone)  # fmt: skip
            record_export(session=session, viewer=viewer, what="feedback", rows=csv_rows(data),
                          filters={"days": int(self.days), "branch": self.branch})  # fmt: skip
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        suffix = "-data" if form == "machines" else f"-{lang}"
        return rx.download(
            data=data.encode("utf-8"), filename=f"feedback-{stamp}{suffix}.csv", mime_type="text/csv"
        )

    @rx.event
    async def export_pdf(self):
        """The report in the language the dashboard is shown in."""
        from crm_res.reports.analytics_pdf import report_pdf

        viewer = self._viewer()
        if viewer is None:
            return
        lang = "en" if (await self.get_state(UIState)).lang == "en" else "ar"
        with session_scope() as session:
            overview = analytics.analytics_overview(session=session, viewer=viewer, days=int(self.days),
                                                    branch_id=self.branch or None)  # fmt: skip
            restaurant = session.get_one(Restaurant, viewer.restaurant_id)
            name = (restaurant.name_en if lang == "en" else restaurant.name_ar) if restaurant else ""
            digits = options(restaurant).digit_style if restaurant else "western"
        branch = next((b for b in self.branches if b["id"] == self.branch), None)
        branch_label = (branch["name_en"] if lang == "en" else branch["name_ar"]) if branch else (
            "All branches" if lang == "en" else "كل الفروع")  # fmt: skip
        pdf = report_pdf(overview=overview, restaurant_name=name, branch_name=branch_label, lang=lang,
                         digit_style=digits)  # fmt: skip
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
                ),  # fmt: skip
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


def _period_caption(test_id: str, dates: bool = True) -> rx.Component:
    """The period a card or chart covers: "Last 30 days · 2026-11-06 – 2026-12-05" (the small KPI
    cards say only "Last 30 days": the dates are beside the period selector above them)."""
    s = FeedbackState
    words = rx.match(s.days, *[(str(d), tr(f"last_{d}_days")) for d in analytics.PERIODS], "")
    if not dates:
        return period_line(words, test_id=test_id)
    return period_line(words, " · ", rx.text(s.period_label, as_="span", dir="ltr", white_space="nowrap"),
                       test_id=test_id)  # fmt: skip


def _category_chart(label_key: str) -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.bar(data_key="count", fill="#0d9488", name=tr("legend_all_mentions")),
        rx.recharts.bar(data_key="negative", fill="#e5484d", name=tr("legend_negative_mentions")),
        # Slanted names: eight categories side by side still read on a phone.
        rx.recharts.x_axis(
            data_key=label_key, font_size=11, interval=0, angle=-35, text_anchor="end", height=56
        ),
        rx.recharts.y_axis(font_size=11, allow_decimals=False),
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
                    rx.recharts.x_axis(data_key="day", font_size=11),
                    rx.recharts.y_axis(y_axis_id="rating", domain=[1, 5], font_size=11),
                    rx.recharts.y_axis(
                        y_axis_id="count", orientation="right", font_size=11, allow_decimals=False
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
            ),  # fmt: skip
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
            ),  # fmt: skip
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


def _usage_item(label_key: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.vstack(rx.text(tr(label_key), size="1", color_scheme="gray"),
                     rx.text(value, size="4", weight="bold", dir="ltr", data_testid=test_id), spacing="0")  # fmt: skip


def _ai_usage_card() -> rx.Component:
    """The assistant's model calls in the period, their tokens and cost, and the rule fallbacks."""
    u = FeedbackState.ai_usage
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("bot", size=18), rx.heading(tr("ai_usage"), size="3"), align="center"),
            rx.flex(
                _usage_item("ai_calls", u["calls"], "ai-calls"),
                _usage_item("ai_tokens_in", u["tokens_in"], "ai-tokens-in"),
                _usage_item("ai_tokens_out", u["tokens_out"], "ai-tokens-out"),
                _usage_item("ai_cost", u["cost_usd"], "ai-cost"),
                _usage_item("ai_fallbacks", u["fallbacks"], "ai-fallbacks"),
                spacing="6", wrap="wrap",
            ),
            rx.text(tr("ai_usage_help"), size="1", color_scheme="gray"),
            spacing="2", width="100%",
        ),
        width="100%", data_testid="ai-usage",
    )  # fmt: skip


@template("/feedback", "feedback", on_load=FeedbackState.load_page)
def feedback_page() -> rx.Component:
    s = FeedbackState
    return rx.vstack(
        rx.flex(
            select_tr(PERIOD_OPTIONS, s.days, s.set_days, "period-select"),
            rx.cond(
                s.branches.length() > 1,
                select_rows(
                    "all_branches",
                    s.branches,
                    rx.cond(s.branch == "", "all", s.branch),
                    s.set_branch,
                    "analytics-branch",
                ),
            ),  # fmt: skip
            rx.text(s.period_label, size="2", color_scheme="gray", dir="ltr"),
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
        ),  # fmt: skip
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
        ),  # fmt: skip
        _charts(),
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
        ),  # fmt: skip
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
        ),  # fmt: skip
        data_table(
            ["date", "customer", "rating", "sentiment", "comment", "branch", "status"],
            s.rows.to(list[FeedbackRow]),  # ListState holds any page's rows: these are feedback
            _feedback_row,
            "feedback-table",
        ),  # fmt: skip
        pager(s.page, s.prev_page, s.next_page, s.has_next),
        width="100%",
        spacing="4",
    )
