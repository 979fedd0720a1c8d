"""Reusable UI pieces: stat card, figure, data table, pager, status badge, translated select,
callouts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import reflex as rx
from reflex.event import EventType
from reflex.vars import ArrayVar, NumberVar, ObjectVar

from crm_res.state.errors import ERROR_KEYS
from crm_res.state.ui import UIState, tr

Row = TypeVar("Row", bound=Mapping[str, Any])

STATUS_COLORS = {
    "active": "blue", "escalated": "red", "resolved": "green", "abandoned": "gray",
    "pending": "amber", "confirmed": "blue", "preparing": "orange", "ready": "teal",
    "delivered": "green", "cancelled": "gray",
    "positive": "green", "neutral": "gray", "negative": "red",
    "ai": "teal", "staff": "indigo",
}  # fmt: skip


def _period_line(period: rx.Var | rx.Component | str, test_id: str) -> rx.Component:
    """A period line built by the page (a component) as it is; a word (a Var) gets the icon."""
    if isinstance(period, rx.Component):
        return period
    return rx.text(
        rx.icon("calendar", size=11, display="inline", margin_inline_end="0.25em"),
        period,
        as_="div",
        size="1",
        color_scheme="gray",
        data_testid=f"{test_id}-period",
    )


def period_line(*parts: rx.Var | rx.Component | str, test_id: str) -> rx.Component:
    """The period a card covers, with the calendar icon: pages build theirs with this."""
    return rx.text(
        rx.icon("calendar", size=11, display="inline", margin_inline_end="0.25em"),
        *parts,
        as_="div",
        size="1",
        color_scheme="gray",
        data_testid=test_id,
    )


def stat_card(
    label_key: str,
    value: rx.Var | str,
    icon: str,
    test_id: str,
    hint: rx.Var | str = "",
    period: rx.Var | rx.Component | str = "",
) -> rx.Component:
    """A figure with its name and the period it covers (today, now, the last 30 days...)."""
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=26, color=rx.color("accent", 10), flex_shrink="0"),
            rx.vstack(
                rx.text(tr(label_key), size="2", color_scheme="gray"),
                rx.heading(value, size="6", data_testid=test_id, dir="auto"),
                *(
                    []
                    if isinstance(hint, str) and not hint
                    else [rx.text(hint, size="1", color_scheme="gray")]
                ),
                *([] if isinstance(period, str) and not period else [_period_line(period, test_id)]),
                spacing="1",
                min_width="0",
            ),
            spacing="3",
            align="center",
        ),
        width="100%",
    )


def figure(label_key: str, value: rx.Var | rx.Component, test_id: str, **props: Any) -> rx.Component:
    """A figure in bold under its small grey name, one of a row of them inside a card."""
    return rx.vstack(
        rx.text(tr(label_key), size="1", color_scheme="gray"),
        rx.text(value, size="4", weight="bold", data_testid=test_id, **props),
        spacing="0",
    )


def badge(value: rx.Var | str, label: rx.Var | rx.Component) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(value, *list(STATUS_COLORS.items()), "gray"),
        variant="soft",
    )


def labelled_row(row: rx.Component, headers: Sequence[str]) -> rx.Component:
    """Each cell of a table row carries its column's name (data-label, in the page language), so
    the phone's card layout (app.css) shows "name: value" instead of bare values."""
    cells = [
        c
        for c in row.children
        if isinstance(c, rx.Component) and c.tag in ("Table.Cell", "Table.RowHeaderCell")
    ]
    if len(cells) != len(headers):
        raise ValueError(f"a table row has {len(cells)} cells for {len(headers)} headers: {list(headers)}")
    for cell, key in zip(cells, headers, strict=True):
        cell.custom_attrs["data-label"] = tr(key) if key else ""
    return row


def data_table(
    headers: list[str],
    rows: ArrayVar[Sequence[Row]],
    render_row: Callable[[ObjectVar[Row]], rx.Component],
    test_id: str,
    empty_key: str = "empty",
    size: str | None = None,
) -> rx.Component:
    """A table whose headers come from the translation table; on a phone its rows become cards
    with each value under its column's name. A header "" is a column without a name (actions)."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(tr(h) if h else "") for h in headers])
            ),
            rx.table.body(rx.foreach(rows, lambda r: labelled_row(render_row(r), headers))),
            variant="surface",
            width="100%",
            data_testid=test_id,
            **({"size": size} if size else {}),
        ),
        rx.cond(rows.length() == 0, rx.text(tr(empty_key), color_scheme="gray", padding="1em")),
        overflow_x="auto",
        width="100%",
        class_name="crm-table",
    )


def delete_button(on_click: EventType[()]) -> rx.Component:
    """A table row's small red trash button."""
    return rx.icon_button(
        rx.icon("trash-2", size=14), size="1", color_scheme="red", variant="soft", on_click=on_click
    )


def pager(
    page: NumberVar, on_prev: EventType[()], on_next: EventType[()], has_next: rx.Var[bool]
) -> rx.Component:
    return rx.hstack(
        rx.button(
            tr("previous"), on_click=on_prev, disabled=page == 0, variant="soft", data_testid="prev-page"
        ),
        rx.text(tr("page"), " ", page + 1),
        rx.button(tr("next"), on_click=on_next, disabled=~has_next, variant="soft", data_testid="next-page"),
        spacing="3",
        align="center",
    )


def _select(
    value: rx.Var[str] | str, on_change: EventType[str], test_id: str, width: str, *items: rx.Component
) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width=width, data_testid=test_id),
        rx.select.content(*items),
        value=value,
        on_change=on_change,
    )


def select_tr(
    options: Sequence[tuple[str, str]],
    value: rx.Var[str] | str,
    on_change: EventType[str],
    test_id: str,
    width: str = "11em",
    rows: ArrayVar[Sequence[Row]] | None = None,
) -> rx.Component:
    """A select whose option labels come from the translation table: [(value, key), ...], then
    one option per row of {"id", "name_ar", "name_en"} (branches) in the reader's language."""
    items = [rx.select.item(tr(key), value=v) for v, key in options]
    if rows is not None:
        items.append(
            rx.foreach(
                rows,
                lambda b: rx.select.item(
                    rx.cond(UIState.is_en, b["name_en"], b["name_ar"]), value=b["id"].to(str)
                ),
            )
        )
    return _select(value, on_change, test_id, width, *items)


CSV_FILES = {"text/csv": [".csv"]}


def file_picker(upload_id: str, test_id: str, accept: dict[str, list[str]] = CSV_FILES) -> rx.Component:
    """A one-file upload's "choose file" button and the chosen file's name beside it; the button
    that sends the file is the caller's (`rx.upload_files(upload_id=...)`)."""
    return rx.fragment(
        rx.upload.root(
            rx.button(
                rx.icon("file-up", size=14), tr("choose_file"), variant="outline", size="2", type="button"
            ),
            id=upload_id,
            accept=accept,
            max_files=1,
            multiple=False,
            data_testid=test_id,
        ),
        rx.text(rx.selected_files(upload_id).join(", "), size="1", dir="ltr"),
    )


def branch_filter(
    branches: ArrayVar[Sequence[Row]], selected: rx.Var[str], on_change: EventType[str], test_id: str
) -> rx.Component:
    """The branch select of a list page ("" = all branches), shown only when there is a choice."""
    return rx.cond(
        branches.length() > 1,
        select_tr(
            [("all", "all_branches")],
            rx.cond(selected == "", "all", selected),
            on_change,
            test_id,
            rows=branches,
        ),
    )


def translated_error(message: rx.Var[str]) -> rx.Var | rx.Component:
    """An error key from state.errors in the page's language; any other text as it is."""
    return rx.match(message, *[(k, tr(k)) for k in ERROR_KEYS], message)


def search_box(
    placeholder: rx.Var | str,
    value: rx.Var[str],
    on_change: EventType[str],
    test_id: str,
    width: str | list[str] = "100%",
) -> rx.Component:
    """A text input with the search icon in front (`on_change` comes debounced by the caller)."""
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder=placeholder,
        value=value,
        on_change=on_change,
        width=width,
        data_testid=test_id,
    )


def problem_lines(lines: ArrayVar, test_id: str, **props: Any) -> rx.Component:
    """The problems found in an uploaded file, one line each, in the page's language (rows of
    {"en", "ar"} from services/csv_problems.py)."""
    return rx.foreach(
        lines,
        lambda line: rx.text(
            rx.cond(UIState.is_en, line["en"], line["ar"]), size="1", **props, dir="auto", data_testid=test_id
        ),
    )


def error_callout(message: rx.Var[str], test_id: str = "error") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            translated_error(message),
            icon="triangle-alert",
            color_scheme="red",
            width="100%",
            data_testid=test_id,
            white_space="pre-wrap",
        ),
    )


def done_callout(key: str, value: rx.Var[str], test_id: str) -> rx.Component:
    """A green "done" line followed by what was done (a count, a date: left to right), shown once
    there is one."""
    return rx.cond(
        value != "",
        rx.callout(
            rx.fragment(tr(key), " ", rx.text(value, as_="span", dir="ltr")),
            icon="circle-check",
            color_scheme="green",
            data_testid=test_id,
        ),
    )


def ok_callout(message: rx.Var[str], test_id: str = "notice") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle-check", color_scheme="green", width="100%", data_testid=test_id),
    )


def section(title_key: str, *children: rx.Component, test_id: str = "", **props) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(tr(title_key), size="4"), *children, spacing="3", width="100%", align="stretch"),
        width="100%",
        data_testid=test_id or None,
        **props,
    )


def branch_name(row: ObjectVar[Mapping[str, Any]], ar: str = "branch_ar", en: str = "branch_en") -> rx.Var:
    return rx.cond(UIState.is_en, row[en], row[ar])


ALL_STATUS_KEYS = (
    [(v, f"st_{v}") for v in ("active", "escalated", "resolved", "abandoned")]
    + [(v, f"os_{v}") for v in ("pending", "confirmed", "preparing", "ready", "delivered", "cancelled")]
    + [(v, f"se_{v}") for v in ("positive", "neutral", "negative")]
)


def any_status(value: rx.Var[str]) -> rx.Component:
    """A badge for a conversation, order or sentiment status, translated."""
    return badge(value, rx.match(value, *[(v, tr(k)) for v, k in ALL_STATUS_KEYS], value))


# Names people typed (customers, in any direction): isolated from the text around them, so a
# right-to-left or bidi-laden name cannot reorder the line, and wrapped however long it is.
NAME_STYLE: dict[str, str] = {"unicode_bidi": "isolate", "overflow_wrap": "anywhere", "min_width": "0"}


def shown_name(name: rx.Var, contact: rx.Var | str = "") -> rx.Var:
    """A customer's name, else their number or "@username", else "no number" (never a BSUID)."""
    fallback = rx.cond(rx.Var.create(contact).to(str) != "", contact, tr("no_number"))
    return rx.cond(name.to(str) != "", name, fallback)


def contact_text(contact: rx.Var, **props) -> rx.Component:
    """The customer's number or "@username" as the domain's `contact` gives it; "no number" when
    WhatsApp shows neither."""
    return rx.text(
        rx.cond(contact.to(str) != "", contact, tr("no_number")),
        dir="ltr",
        data_testid="customer-contact",
        **props,
    )


def export_menu(on_export: Callable[[str], EventType[()]], test_id: str) -> rx.Component:
    """The CSV button: a file to read in the page's language, or one for other systems (codes, ISO
    times). `on_export(form)` gets "people" or "machines"."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("download", size=16),
                tr("export_csv"),
                rx.icon("chevron-down", size=14),
                variant="soft",
                data_testid=test_id,
            )
        ),
        rx.menu.content(
            rx.menu.item(
                tr("csv_for_people"), on_select=on_export("people"), data_testid=f"{test_id}-people"
            ),
            rx.menu.item(
                tr("csv_for_machines"), on_select=on_export("machines"), data_testid=f"{test_id}-machines"
            ),
            dir=UIState.dir,
        ),
    )
