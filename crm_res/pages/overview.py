"""Overview: today's figures for the logged-in user's restaurant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypedDict, cast

import reflex as rx

from crm_res.components.ui import figure, period_line, stat_card
from crm_res.db import session_scope
from crm_res.i18n import ORDER_STATUSES
from crm_res.layout import template
from crm_res.services.insights.overview import hijri_today, latest_summary_view, overview_figures
from crm_res.services.local_time import restaurant_tz
from crm_res.state.auth import AuthState
from crm_res.state.live import LiveMixin, live_anchor, viewer_for_token
from crm_res.state.ui import UIState, tr


def _figures(token: str):
    viewer = viewer_for_token(token)
    if viewer is None:
        return None
    with session_scope() as session:
        return overview_figures(session=session, viewer=viewer)


class DailySummary(TypedDict, total=False):
    """The latest daily summary (services/insights/overview.py: latest_summary_view); empty when
    there is none or the viewer is not an owner."""

    day: str
    relative: str
    conversations: int
    orders: int
    revenue: str
    average_rating: str
    ratings_count: int
    negative_feedback: int
    followups_open: int
    sent_to: int


class OverviewState(LiveMixin, AuthState):
    conversations_today: int = 0
    open_escalations: int = 0
    average_rating: str = "—"
    ratings_count: int = 0
    followups_open: int = 0
    revenue_today: str = "0"
    orders_by_status: dict[str, int] = {}
    hijri_ar: str = ""
    hijri_en: str = ""
    summary: DailySummary = {}
    today: str = ""  # the restaurant's local date, beside "today"

    @staticmethod
    def _live_fetch(inputs: dict) -> Any:
        return _figures(inputs["token"])

    def _live_apply(self, figures: Any) -> None:
        if figures is not None:
            self._store(figures)

    @rx.event
    def load(self) -> None:
        figures = _figures(self._token())
        if figures is None:
            return
        self._store(figures)
        viewer = viewer_for_token(self._token())
        if viewer is None:
            return
        with session_scope() as session:
            # The restaurant's local day, not the server's (a UTC server is a day behind until 03:00).
            self.hijri_ar, self.hijri_en = hijri_today(session=session, restaurant_id=viewer.restaurant_id)
            self.today = (
                datetime.now(UTC)
                .astimezone(restaurant_tz(session, viewer.restaurant_id))
                .strftime("%Y-%m-%d")
            )
            self.summary = cast(DailySummary, latest_summary_view(session=session, viewer=viewer) or {})

    def _store(self, figures: Any) -> None:
        self._shown_now()
        self.conversations_today = figures.conversations_today
        self.open_escalations = figures.open_escalations
        self.average_rating = f"{figures.average_rating:.1f}" if figures.average_rating else "—"
        self.ratings_count = figures.ratings_count
        self.followups_open = figures.followups_open
        self.revenue_today = f"{figures.revenue_today:,.0f}"
        self.orders_by_status = {s: figures.orders_by_status.get(s, 0) for s in ORDER_STATUSES}


def _order_status_cell(status: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(tr(f"os_{status}"), size="2", color_scheme="gray"),
            rx.heading(OverviewState.orders_by_status[status], size="6", data_testid=f"orders-{status}"),
            spacing="1",
            align="center",
        ),
    )


def _summary_card() -> rx.Component:
    """The latest daily summary (owners): the same figures the owner gets on WhatsApp."""
    s = OverviewState.summary

    return rx.cond(
        s.length() > 0,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("clipboard-list", size=18),
                    rx.heading(tr("daily_summary"), size="4"),
                    rx.badge(
                        rx.match(
                            s["relative"].to(str),
                            ("yesterday", tr("period_yesterday")),
                            ("today", tr("period_today")),
                            tr("period_day_of"),
                        ),
                        " ",
                        rx.text(s["day"].to(str), as_="span", dir="ltr"),
                        color_scheme="amber",
                        variant="soft",
                        size="2",
                        data_testid="summary-period",
                    ),
                    align="center",
                    wrap="wrap",
                ),
                rx.grid(
                    figure(
                        "summary_conversations",
                        s["conversations"].to(str),
                        "summary-conversations",
                        dir="ltr",
                    ),
                    figure("summary_orders", s["orders"].to(str), "summary-orders", dir="ltr"),
                    figure("summary_revenue", s["revenue"].to(str), "summary-revenue", dir="ltr"),
                    figure("average_rating", s["average_rating"].to(str), "summary-rating", dir="ltr"),
                    figure("summary_negative", s["negative_feedback"].to(str), "summary-negative", dir="ltr"),
                    figure("followups_open", s["followups_open"].to(str), "summary-followups", dir="ltr"),
                    columns=rx.breakpoints(initial="2", sm="3", lg="6"),
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            data_testid="daily-summary",
        ),
    )


def _today(test_id: str) -> rx.Component:
    return period_line(
        tr("period_today"), " · ", rx.text(OverviewState.today, as_="span", dir="ltr"), test_id=test_id
    )


@template("/", "overview", on_load=OverviewState.load)
def overview_page() -> rx.Component:
    return rx.vstack(
        live_anchor(OverviewState),
        rx.cond(
            OverviewState.hijri_ar != "",
            rx.text(
                tr("hijri_today"),
                ": ",
                rx.cond(UIState.is_en, OverviewState.hijri_en, OverviewState.hijri_ar),
                color_scheme="gray",
                data_testid="hijri-date",
            ),
        ),
        rx.grid(
            stat_card(
                "conversations_today",
                OverviewState.conversations_today,
                "messages-square",
                "stat-conversations-today",
                period=_today("stat-conversations-today-period"),
            ),
            stat_card(
                "open_escalations",
                OverviewState.open_escalations,
                "siren",
                "stat-escalations",
                period=tr("period_now"),
            ),
            stat_card(
                "average_rating",
                OverviewState.average_rating,
                "star",
                "stat-rating",
                period=tr("period_all_time"),
            ),
            stat_card(
                "followups_open",
                OverviewState.followups_open,
                "flag",
                "stat-followups",
                period=tr("period_now"),
            ),
            stat_card(
                "revenue_today",
                OverviewState.revenue_today,
                "banknote",
                "stat-revenue",
                hint=tr("sar"),
                period=_today("stat-revenue-period"),
            ),
            columns=rx.breakpoints(initial="1", sm="2", lg="3", xl="5"),
            spacing="4",
            width="100%",
        ),
        _summary_card(),
        rx.hstack(
            rx.heading(tr("orders_by_status"), size="4"),
            rx.text(
                tr("period_all_time"), size="2", color_scheme="gray", data_testid="orders-by-status-period"
            ),
            align="baseline",
            spacing="3",
        ),
        rx.grid(
            *[_order_status_cell(s) for s in ORDER_STATUSES],
            columns=rx.breakpoints(initial="2", sm="3", lg="6"),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
