"""Reusable UI pieces: stat card, simple data table, pager, status badge."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from crm_res.state.ui import tr

STATUS_COLORS = {
    "active": "blue", "escalated": "red", "resolved": "green", "abandoned": "gray",
    "pending": "amber", "confirmed": "blue", "preparing": "orange", "ready": "teal",
    "delivered": "green", "cancelled": "gray",
    "positive": "green", "neutral": "gray", "negative": "red",
}  # fmt: skip


def stat_card(label_key: str, value: rx.Var | str, icon: str, test_id: str) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=28, color=rx.color("accent", 10)),
            rx.vstack(
                rx.text(tr(label_key), size="2", color_scheme="gray"),
                rx.heading(value, size="7", data_testid=test_id),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        width="100%",
    )


def badge(value: rx.Var, label: rx.Var | rx.Component) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(value, *list(STATUS_COLORS.items()), "gray"),
        variant="soft",
    )


def data_table(
    headers: list[str], rows: rx.Var, render_row: Callable[[rx.Var], rx.Component], test_id: str
) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(tr(h)) for h in headers])
            ),
            rx.table.body(rx.foreach(rows, render_row)),
            variant="surface",
            width="100%",
            data_testid=test_id,
        ),
        rx.cond(rows.length() == 0, rx.text(tr("empty"), color_scheme="gray", padding="1em")),
        overflow_x="auto",
        width="100%",
    )


def pager(page: rx.Var, on_prev: rx.EventHandler, on_next: rx.EventHandler, has_next: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(tr("previous"), on_click=on_prev, disabled=page == 0, variant="soft"),
        rx.text(tr("page"), " ", page + 1),
        rx.button(tr("next"), on_click=on_next, disabled=~has_next, variant="soft"),
        spacing="3",
        align="center",
    )
