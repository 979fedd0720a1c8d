"""Activity (owners): the audit trail in words, with filters, server-side pages and a CSV export."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any, TypedDict, cast

import reflex as rx
from reflex.event import EventType
from reflex.vars import ObjectVar

from crm_res.components.ui import error_callout, search_box, select_tr
from crm_res.db import session_scope
from crm_res.i18n import text
from crm_res.layout import template
from crm_res.reports.activity import activity_csv, describe
from crm_res.services.access import Viewer
from crm_res.services.digits import ARABIC_INDIC
from crm_res.services.errors import DomainError, InvalidInput
from crm_res.services.insights.date_range import parse_day
from crm_res.services.local_time import restaurant_tz
from crm_res.services.ops import audit
from crm_res.settings import get_settings
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.ui import UIState, tr

GROUP_OPTIONS = [("all", "audit_all_kinds"), *[(g, f"audit_group_{g}") for g in audit.KIND_GROUPS]]


def _day(raw: str) -> date | None:
    """A typed day in either digit style, day first or year first (the picker's own parser)."""
    try:
        return parse_day(raw) if raw.strip() else None
    except InvalidInput:
        return None


def _filters(who: str, group: str, since: str, until: str, search: str) -> audit.ActivityFilter:
    kind, _, ident = who.partition(":")
    try:
        picked = uuid.UUID(ident) if ident else None
    except ValueError:
        picked = None
    return audit.ActivityFilter(
        user_id=picked if kind == "user" else None,
        api_key_id=picked if kind == "key" else None,
        group=group or None,
        since=_day(since),
        until=_day(until),
        search=search,
    )


class ActivityEntry(TypedDict):
    """One line of the log in both languages (reports/activity.py: describe), so the language
    toggle needs no round trip."""

    id: int
    at: str
    subject: str
    who_ar: str
    who_en: str
    what_ar: str
    what_en: str
    detail_ar: str
    detail_en: str
    changes_ar: list[str]
    changes_en: list[str]


def _load(viewer: Viewer, f: audit.ActivityFilter, page: int) -> dict[str, Any]:
    """One page in both languages (the toggle switches without a round trip)."""
    with session_scope() as session:
        rows, total = audit.list_activity(session=session, viewer=viewer, filters=f, page=page)
        actors = audit.activity_actors(session=session, viewer=viewer)
        tz = restaurant_tz(session, viewer.restaurant_id)
    out: list[ActivityEntry] = []
    for row in rows:
        ar, en = describe(row, "ar", tz), describe(row, "en", tz)
        out.append(
            cast(
                ActivityEntry,
                {
                    "id": ar["id"],
                    "at": ar["at"],
                    "subject": ar["subject"],
                    **{
                        f"{k}_{lang}": d[k]
                        for lang, d in (("ar", ar), ("en", en))
                        for k in ("who", "what", "detail")
                    },
                    "changes_ar": ar["changes"],
                    "changes_en": en["changes"],
                },
            )
        )
    return {"rows": out, "total": total, "actors": actors}


def _export(viewer: Viewer, f: audit.ActivityFilter, lang: str) -> str:
    with session_scope() as session:
        rows = audit.export_activity(session=session, viewer=viewer, filters=f)
        tz = restaurant_tz(session, viewer.restaurant_id)
    return activity_csv(rows, lang, tz)


class ActivityState(AuthState):
    rows: list[ActivityEntry] = []
    actors: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    who: str = ""
    group: str = ""
    since: str = ""
    until: str = ""
    search: str = ""
    error: str = ""
    date_error: str = ""

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // audit.PAGE_SIZE))

    @rx.var
    def labels(self) -> dict[str, str]:
        """The sentences with numbers in them, in both languages (the toggle picks one)."""
        days = get_settings().audit_retention_days
        out = {}
        for lang in ("ar", "en"):
            out[f"retention_{lang}"] = (
                text("audit_retention", lang).format(days=days)
                if days > 0
                else text("audit_retention_forever", lang)
            )
            out[f"total_{lang}"] = text("audit_total", lang).format(total=self.total)
            out[f"page_{lang}"] = text("audit_page", lang).format(page=self.page + 1, pages=self.pages)
        return out

    def _filter(self) -> audit.ActivityFilter:
        return _filters(self.who, self.group, self.since, self.until, self.search)

    @rx.event
    async def load(self) -> None:
        data = await self._read_in_thread(_load, self._filter(), self.page)
        if isinstance(data, DomainError):  # not an owner: the domain refuses
            self.rows, self.total, self.error = [], 0, error_key(data)
        elif data is not None:
            self.rows, self.total, self.actors, self.error = data["rows"], data["total"], data["actors"], ""

    def _refilter(self, name: str, value: str):
        setattr(self, name, "" if value == "all" else value)
        self.page = 0
        return ActivityState.load

    @rx.event
    def set_who(self, value: str):
        return self._refilter("who", value)

    @rx.event
    def set_group(self, value: str):
        return self._refilter("group", value)

    def _set_day(self, name: str, value: str):
        """A typed day (on leaving the field): a date it cannot read is said beside the fields and
        leaves the list as it is."""
        if value.strip() and _day(value) is None:
            self.date_error = "err_date_format"
            return None
        self.date_error = ""
        return self._refilter(name, value.strip())

    @rx.event
    def set_since(self, value: str):
        return self._set_day("since", value)

    @rx.event
    def set_until(self, value: str):
        return self._set_day("until", value)

    @rx.event
    def set_search(self, value: str):
        return self._refilter("search", value)

    @rx.event
    def next_page(self):
        if self.page + 1 < self.pages:
            self.page += 1
            return ActivityState.load

    @rx.event
    def prev_page(self):
        if self.page > 0:
            self.page -= 1
            return ActivityState.load

    @rx.event
    async def export_csv(self):
        viewer = self._viewer()
        if viewer is None:
            return
        lang = await self._reader_lang()
        try:
            data = await asyncio.to_thread(_export, viewer, self._filter(), lang)
        except DomainError as exc:
            self.error = error_key(exc)
            return
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return [
            ActivityState.load,
            rx.download(data=data.encode("utf-8"), filename=f"activity-{stamp}.csv", mime_type="text/csv"),
        ]


def _label(key: str) -> rx.Var:
    return rx.cond(UIState.is_en, ActivityState.labels[f"{key}_en"], ActivityState.labels[f"{key}_ar"])


def _lang(row: ObjectVar[ActivityEntry], key: str) -> rx.Var:
    return rx.cond(UIState.is_en, row[f"{key}_en"], row[f"{key}_ar"])


def _entry(row: ObjectVar[ActivityEntry]) -> rx.Component:
    changes = rx.cond(UIState.is_en, row["changes_en"], row["changes_ar"]).to(list[str])
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text(_lang(row, "what"), weight="bold", size="3"),
                rx.cond(
                    row["subject"] != "",
                    rx.text(
                        "«", row["subject"], "»", size="3", dir="auto", style={"unicode_bidi": "isolate"}
                    ),
                ),
                rx.spacer(),
                rx.text(row["at"], size="1", color_scheme="gray", dir="ltr", class_name="digits"),
                spacing="2",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            rx.hstack(
                rx.icon("user", size=14),
                rx.text(_lang(row, "who"), size="2", dir="auto"),
                spacing="1",
                align="center",
                color=rx.color("gray", 11),
            ),
            rx.foreach(
                changes, lambda line: rx.text(line, size="2", dir="auto", data_testid="activity-change")
            ),
            rx.cond(
                _lang(row, "detail") != "",
                rx.text(_lang(row, "detail"), size="1", color_scheme="gray", dir="auto"),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        data_testid="activity-entry",
    )


def _day_box(value: rx.Var[str], on_blur: EventType[str], test_id: str) -> rx.Component:
    """A day typed in either digit style, read when the field is left."""
    return rx.input(
        default_value=value,
        on_blur=on_blur,
        # Day first, as the field reads it, in the digits the rest of the page shows (an input's
        # placeholder is not text the digit script converts).
        placeholder=rx.cond(
            UIState.is_en | (AuthState.digit_style != ARABIC_INDIC), "1/12/2026", "١/١٢/٢٠٢٦"
        ),
        data_testid=test_id,
        dir="ltr",
        width="9em",
    )


def _filters_bar() -> rx.Component:
    s = ActivityState
    return rx.flex(
        search_box(
            tr("audit_search"),
            s.search,
            s.set_search.debounce(400),
            "activity-search",
            width=["100%", "16em"],
        ),
        rx.select.root(
            rx.select.trigger(width="12em", data_testid="activity-who", aria_label=tr("audit_filter_who")),
            rx.select.content(
                rx.select.item(tr("audit_everyone"), value="all"),
                rx.foreach(
                    s.actors,
                    lambda a: rx.select.item(
                        rx.cond(
                            a["actor"] == "api_key",
                            rx.fragment(tr("audit_api_key"), ": ", a["label"]),
                            a["label"],
                        ),
                        value=a["value"],
                    ),
                ),
            ),
            value=rx.cond(s.who == "", "all", s.who),
            on_change=s.set_who,
        ),
        select_tr(
            GROUP_OPTIONS, rx.cond(s.group == "", "all", s.group), s.set_group, "activity-kind", "14em"
        ),
        rx.hstack(
            rx.text(tr("audit_from"), size="2"),
            _day_box(s.since, s.set_since, "activity-since"),
            rx.text(tr("audit_to"), size="2"),
            _day_box(s.until, s.set_until, "activity-until"),
            error_callout(s.date_error, "activity-date-error"),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.button(
            rx.icon("download", size=14),
            tr("audit_export"),
            variant="outline",
            on_click=s.export_csv,
            data_testid="activity-export",
        ),
        spacing="2",
        wrap="wrap",
        align="center",
        width="100%",
    )


@template("/activity", "activity", on_load=ActivityState.load)
def activity_page() -> rx.Component:
    s = ActivityState
    return rx.vstack(
        rx.hstack(
            rx.icon("archive", size=14),
            rx.text(_label("retention"), size="2"),
            align="center",
            color=rx.color("gray", 11),
            data_testid="activity-retention",
        ),
        error_callout(s.error, "activity-error"),
        _filters_bar(),
        rx.text(_label("total"), size="2", data_testid="activity-total"),
        rx.foreach(s.rows, _entry),
        rx.cond(s.rows.length() == 0, rx.text(tr("audit_empty"), color_scheme="gray", padding="1em")),
        rx.hstack(
            rx.button(
                tr("audit_prev"),
                on_click=s.prev_page,
                disabled=s.page == 0,
                variant="soft",
                data_testid="activity-prev",
            ),
            rx.text(_label("page"), size="2", data_testid="activity-page"),
            rx.button(
                tr("audit_next"),
                on_click=s.next_page,
                disabled=s.page + 1 >= s.pages,
                variant="soft",
                data_testid="activity-next",
            ),
            spacing="3",
            align="center",
        ),
        spacing="3",
        width="100%",
        align="stretch",
    )
