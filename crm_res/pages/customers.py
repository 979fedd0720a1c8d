"""Customers: search and segments, CSV import/export, and a customer's profile and timeline."""

from __future__ import annotations

import uuid
from typing import Any, TypedDict, cast

import reflex as rx
from reflex.vars import ObjectVar
from sqlmodel import Session

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import (
    NAME_STYLE,
    any_status,
    contact_text,
    data_table,
    done_callout,
    error_callout,
    export_menu,
    file_picker,
    pager,
    problem_lines,
    search_box,
    select_tr,
    shown_name,
    translated_error,
)
from crm_res.db import session_scope
from crm_res.i18n import CONVERSATION_TYPES, csv_line_texts
from crm_res.layout import template
from crm_res.reports.csv_text import customers_csv_text
from crm_res.services.access import Viewer
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.customers import customers as svc
from crm_res.services.customers.customer_merge import duplicate_candidates, merge_customers
from crm_res.services.errors import DomainError, InvalidInput, NotFound
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.state.auth import AuthState
from crm_res.state.errors import CSV_NOT_UTF8, error_key
from crm_res.state.exports import csv_download
from crm_res.state.listing import ListState, page_plus_one
from crm_res.state.ui import tr, tr_value

UPLOAD_ID = "customers_csv"
LANG_OPTIONS = [
    ("all", "all_languages"),
    ("ar-SA", "lang_ar_sa"),
    ("ar-EG", "lang_ar_eg"),
    ("ar-LV", "lang_ar_lv"),
    ("en", "lang_en"),
]
VISIT_OPTIONS = [
    ("all", "any_visit"),
    ("7", "visit_7"),
    ("30", "visit_30"),
    ("90", "visit_90"),
    ("lapsed", "visit_lapsed"),
]
RATING_OPTIONS = [("all", "any_rating"), ("high", "rating_high"), ("low", "rating_low")]
OPT_OPTIONS = [("all", "any_optin"), ("no", "subscribed"), ("yes", "opted_out")]
TEST_OPTIONS = [("real", "real_customers"), ("test", "test_customers"), ("all", "all_customers")]
SEGMENT_SELECTS = ("tag", "language", "last_visit", "rating", "opted")


class _CustomerFacts(TypedDict):
    """What the list's rows and one customer's header both show of a customer."""

    id: str
    name: str
    wa_id: str
    contact: str
    language: str
    tags: str
    tag_list: list[str]
    lifetime_value: str
    opted_out: bool
    last_label: str


class CustomerRow(_CustomerFacts):
    """A customer in the list (services/customers/customers.py: _row)."""

    is_test: bool
    last_interaction: str


class CustomersState(ListState, AuthState):
    rows: list[CustomerRow] = []  # ListState's rows, typed for this page
    tag: str = ""
    language: str = ""
    last_visit: str = ""
    min_ltv: str = ""
    rating: str = ""
    opted: str = ""
    test: str = "real"
    total: int = 0
    tags: list[str] = []
    import_errors: list[str] = []
    import_lines: list[dict[str, str]] = []
    import_message: str = ""
    error: str = ""

    def _filters(self) -> svc.CustomerFilter:
        return svc.CustomerFilter(
            search=self.search,
            tag=self.tag,
            language=self.language,
            last_visit=self.last_visit,
            min_ltv=self.min_ltv,
            rating=self.rating,
            opted_out=self.opted,
            test="" if self.test == "real" else self.test,
        )

    def _fetch(self, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
        try:
            rows = page_plus_one(
                lambda **page: svc.search_customers(
                    session=session, viewer=viewer, filters=self._filters(), **page
                ),
                self.page,
            )
            self.total = svc.count_customers(session=session, viewer=viewer, filters=self._filters())
            self.error = ""
        except InvalidInput as exc:
            self.error = error_key(exc)
            return []
        if not self.tags:
            self.tags = svc.all_tags(session=session, viewer=viewer)
        return rows

    @rx.event
    def set_segment(self, name: str, value: str):
        """One of the segment's selects (tag, language, last visit, rating, opted out); "all" is
        no filter. The list starts again from its first page."""
        return self._set(name, value) if name in SEGMENT_SELECTS else None

    def _set(self, name: str, value: str):
        setattr(self, name, "" if value == "all" else value)
        self.page = 0
        return CustomersState.load

    @rx.event
    def set_test(self, value: str):
        self.test = value if value in ("real", "test", "all") else "real"
        self.page = 0
        return CustomersState.load

    @rx.event
    def set_min_ltv(self, value: str):
        return self._set("min_ltv", value.strip())

    @rx.event
    async def export_csv(self, form: str = "people"):
        """The segment as a CSV to read (the page's language) or for other systems (codes, ISO times)."""
        return await csv_download(
            self,
            "customers",
            form,
            query=lambda _session, _viewer: {"filters": self._filters()},
            machines_csv=svc.export_customers_csv,
            people_rows=svc.customer_export_rows,
            people_csv=customers_csv_text,
            audited=lambda kw: {k: v for k, v in kw["filters"].__dict__.items() if v},
        )

    @rx.event
    async def import_csv(self, files: list[rx.UploadFile]):
        viewer = self._viewer()
        if viewer is None or not files:
            return
        raw = await files[0].read()
        self.import_errors, self.import_message, self.import_lines = [], "", []
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.import_errors = [CSV_NOT_UTF8]
            return
        try:
            with session_scope() as session:
                added, updated = svc.import_customers_csv(session=session, viewer=viewer, content=content)
        except CsvLineErrors as exc:
            # The heading and each line-numbered problem in both languages; the page shows the chosen one.
            self.import_errors = [error_key(exc)]
            self.import_lines = csv_line_texts(exc.lines[:50])
            return
        except InvalidInput as exc:
            self.import_errors = [error_key(exc), *exc.problems][:51]
            return
        except DomainError as exc:  # e.g. a staff member: importing is for owners and managers
            self.import_errors = [error_key(exc)]
            return
        self.import_message = f"+{added} / ~{updated}"
        self.tags = []
        return [rx.clear_selected_files(UPLOAD_ID), CustomersState.load]


LANG_CODES = ("ar-SA", "ar-EG", "ar-LV", "en", "ar")
TAG_CODES = ("new", "family", "delivery", "vip", "regular")  # the demo's and the importer's usual tags


def _row(c: ObjectVar[CustomerRow]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                shown_name(c["name"], c["contact"]),
                dir="auto",
                href="/customer?id=" + c["id"].to(str),
                style=NAME_STYLE,
                data_testid="customer-link",
            )
        ),
        rx.table.cell(contact_text(c["contact"])),
        rx.table.cell(tr_value("lang", c["language"].to(str), LANG_CODES)),
        rx.table.cell(
            rx.flex(
                rx.foreach(
                    c["tag_list"].to(list[str]),
                    lambda t: rx.badge(tr_value("tag", t, TAG_CODES), variant="outline"),
                ),
                spacing="1",
                wrap="wrap",
            )
        ),
        rx.table.cell(rx.text(rx.text(c["lifetime_value"], as_="span", class_name="digits"), " ", tr("sar"))),
        rx.table.cell(rx.text(c["last_label"], dir="ltr", size="1")),
        rx.table.cell(
            rx.cond(c["opted_out"].to(bool), rx.badge(tr("opted_out"), color_scheme="red"), ""),
            rx.cond(c["is_test"].to(bool), rx.badge(tr("test_customer"), color_scheme="amber"), ""),
        ),
    )


def _import_box() -> rx.Component:
    s = CustomersState
    return rx.card(
        rx.vstack(
            rx.heading(tr("import_customers"), size="3"),
            rx.text(tr("import_help"), size="1", color_scheme="gray"),
            rx.code("wa_id,name,language,tags,opted_out", dir="ltr"),
            rx.hstack(
                file_picker(UPLOAD_ID, "customers-upload"),
                rx.button(
                    tr("import"),
                    on_click=s.import_csv(rx.upload_files(upload_id=UPLOAD_ID)),
                    data_testid="customers-import",
                ),
                align="center",
                wrap="wrap",
            ),
            done_callout("import_done", s.import_message, "import-done"),
            rx.cond(
                s.import_errors.length() > 0,
                rx.callout(
                    rx.vstack(
                        rx.foreach(
                            s.import_errors, lambda e: rx.text(translated_error(e), size="1", dir="auto")
                        ),
                        problem_lines(s.import_lines, "import-line-error"),
                    ),
                    color_scheme="red",
                    icon="triangle-alert",
                    data_testid="import-errors",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _segment_select(options: list[tuple[str, str]], name: str, test_id: str) -> rx.Component:
    value = getattr(CustomersState, name)
    return select_tr(
        options, rx.cond(value == "", "all", value), lambda v: CustomersState.set_segment(name, v), test_id
    )


@template("/customers", "customers", on_load=CustomersState.load)
def customers_page() -> rx.Component:
    s = CustomersState
    return rx.vstack(
        rx.flex(
            search_box(
                tr("search"), s.search, s.set_search.debounce(300), "customer-search", width=["100%", "16em"]
            ),
            rx.select.root(
                rx.select.trigger(width="10em", data_testid="segment-tag"),
                rx.select.content(
                    rx.select.item(tr("all_tags"), value="all"),
                    rx.foreach(s.tags, lambda t: rx.select.item(t, value=t)),
                ),
                value=rx.cond(s.tag == "", "all", s.tag),
                on_change=lambda v: s.set_segment("tag", v),
            ),
            _segment_select(LANG_OPTIONS, "language", "segment-language"),
            _segment_select(VISIT_OPTIONS, "last_visit", "segment-visit"),
            _segment_select(RATING_OPTIONS, "rating", "segment-rating"),
            _segment_select(OPT_OPTIONS, "opted", "segment-optout"),
            select_tr(TEST_OPTIONS, s.test, s.set_test, "segment-test"),
            rx.input(
                placeholder=tr("min_ltv"),
                value=s.min_ltv,
                on_change=s.set_min_ltv.debounce(500),
                width="9em",
                dir="ltr",
                data_testid="segment-ltv",
            ),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        rx.hstack(
            rx.text(
                tr("customers_in_segment"),
                ": ",
                rx.text(s.total, as_="span", weight="bold", data_testid="segment-count"),
            ),
            rx.spacer(),
            export_menu(s.export_csv, "customers-export"),
            width="100%",
            align="center",
        ),
        error_callout(s.error, "customers-error"),
        data_table(
            ["name", "whatsapp", "language", "tags", "lifetime_value", "last_visit", "opted_out"],
            s.rows,
            _row,
            "customers-table",
        ),
        pager(s.page, s.prev_page, s.next_page, s.has_next),
        rx.cond(AuthState.user_role != "staff", _import_box()),
        width="100%",
        spacing="4",
    )


# --------------------------------------------------------------------------- one customer


class CustomerProfile(_CustomerFacts):
    """One customer's header (services/customers/customers.py: customer_profile), the keys shown."""

    average_rating: str
    ratings: int
    orders: int
    since: str
    opted_out_at: str


class TimelineItem(TypedDict):
    """A conversation, order, feedback or event in the customer's history (customer_timeline)."""

    kind: str
    ref: str
    status: str
    detail: str
    text: str
    at_label: str


EMPTY_PROFILE: CustomerProfile = {
    "id": "",
    "name": "",
    "wa_id": "",
    "contact": "",
    "language": "",
    "tags": "",
    "tag_list": [],
    "lifetime_value": "0.00",
    "opted_out": False,
    "last_label": "",
    "average_rating": "",
    "ratings": 0,
    "orders": 0,
    "since": "",
    "opted_out_at": "",
}


class CustomerState(AuthState):
    profile: CustomerProfile = EMPTY_PROFILE
    timeline: list[TimelineItem] = []
    tags_text: str = ""
    not_found: bool = False
    error: str = ""
    visit_due: str = ""  # when the recorded visit's feedback request goes out (restaurant time)
    visit_exists: bool = False
    duplicates: list[dict[str, str]] = []
    merge_query: str = ""
    merge_results: list[dict[str, str]] = []
    merge_target: dict[str, str] = {}
    merge_open: bool = False
    merged: bool = False

    @rx.var
    def can_record_visit(self) -> bool:
        return self.user_role in ("owner", "manager")

    @rx.var
    def can_merge(self) -> bool:
        return self.user_role in ("owner", "manager")

    @rx.event
    def set_merge_query(self, value: str) -> None:
        """Other records of the restaurant matching the typed name or number (not this one)."""
        self.merge_query = value
        viewer = self._viewer()
        if viewer is None or not value.strip():
            self.merge_results = []
            return
        with session_scope() as session:
            rows = svc.search_customers(
                session=session,
                viewer=viewer,
                page_size=6,
                filters=svc.CustomerFilter(search=value.strip(), test="all"),
            )
        self.merge_results = [
            {"id": r["id"], "name": r["name"], "wa_id": r["wa_id"]}
            for r in rows
            if r["id"] != self.profile["id"]
        ][:5]

    @rx.event
    def ask_merge(self, target: dict[str, str]) -> None:
        self.merge_target = {"id": target["id"], "label": f"{target['name']} {target['wa_id']}".strip()}
        self.merge_open = True

    @rx.event
    def close_merge(self, open_: bool = False) -> None:
        self.merge_open = open_

    @rx.event
    def confirm_merge(self, form: dict) -> None:
        viewer = self._viewer()
        self.merge_open = False
        if viewer is None or not self.merge_target:
            return
        try:
            with session_scope() as session:
                merge_customers(
                    session=session,
                    viewer=viewer,
                    keep_id=self.profile["id"],
                    merge_id=self.merge_target["id"],
                )
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return
        self.error, self.merged = "", True
        self.merge_query, self.merge_results, self.merge_target = "", [], {}
        self._reload()

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            cid = uuid.UUID(self.router.url.query_parameters.get("id", ""))
            with session_scope() as session:
                self.profile = cast(
                    CustomerProfile, svc.customer_profile(session=session, viewer=viewer, customer_id=cid)
                )
                self.timeline = cast(
                    list[TimelineItem], svc.customer_timeline(session=session, viewer=viewer, customer_id=cid)
                )
                self.duplicates = (
                    duplicate_candidates(session=session, viewer=viewer, customer_id=cid)
                    if self.user_role in ("owner", "manager")
                    else []
                )
            self.tags_text = ", ".join(self.profile["tag_list"])
            self.not_found = False
        except (NotFound, ValueError):
            self.profile, self.timeline, self.not_found = EMPTY_PROFILE, [], True

    @rx.event
    def load(self) -> None:
        self.error, self.visit_due, self.visit_exists, self.merged = "", "", False, False
        self.merge_query, self.merge_results, self.merge_open = "", [], False
        self._reload()

    @rx.event
    def record_visit(self) -> None:
        """Owner/manager: the customer visited; a feedback request follows after the configured delay."""
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                due = svc.record_customer_visit(
                    session=session, viewer=viewer, customer_id=uuid.UUID(self.profile["id"])
                )
                label = time_label(due, restaurant_tz(session, viewer.restaurant_id)) if due else ""
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return
        self.error = ""
        self.visit_due, self.visit_exists = label, due is None
        self._reload()

    @rx.event
    def set_tags_text(self, value: str) -> None:
        self.tags_text = value

    @rx.event
    def save_tags(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                svc.set_tags(
                    session=session,
                    viewer=viewer,
                    customer_id=uuid.UUID(self.profile["id"]),
                    tags=self.tags_text.replace("،", ",").split(","),
                )
        except (DomainError, ValueError) as exc:
            self.error = error_key(exc)
            return
        self.error = ""
        self._reload()


EVENT_KINDS = (
    "customer.created",
    "customer.updated",
    "customer.tags",
    "customer.visit",
    "customer.merged",
    "customer.opted_out",
)


def _timeline_item(item: ObjectVar[TimelineItem]) -> rx.Component:
    kind = item["kind"].to(str)
    icon = rx.match(kind, ("conversation", "💬"), ("order", "🛍️"), ("feedback", "⭐"), "•")
    href = rx.match(
        kind,
        ("conversation", "/conversation?id="),
        ("order", "/order?id="),
        ("feedback", "/conversation?id="),
        "",
    )
    return rx.hstack(
        rx.text(icon, size="4"),
        rx.vstack(
            rx.hstack(
                rx.text(
                    tr_value("tl", kind, ("conversation", "order", "feedback", "event")),
                    weight="bold",
                    size="2",
                ),
                # A conversation's detail is its type (a code): shown as a word; an order's number as it is.
                rx.text(
                    rx.match(
                        kind,
                        ("conversation", tr_value("ty", item["detail"].to(str), CONVERSATION_TYPES)),
                        ("event", tr_value("ev", item["detail"].to(str), EVENT_KINDS)),
                        item["detail"],
                    ),
                    size="2",
                    dir="auto",
                ),
                rx.cond(kind != "event", any_status(item["status"])),
                rx.text(item["at_label"], size="1", color_scheme="gray", dir="ltr"),
                wrap="wrap",
                align="center",
            ),
            rx.cond(item["text"] != "", rx.text(item["text"], size="1", color_scheme="gray", dir="auto")),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(
            (item["ref"] != "") & (href != ""),
            rx.link(tr("open"), href=href.to(str) + item["ref"].to(str), size="2"),
        ),
        width="100%",
        padding="0.5em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="timeline-item",
    )


def _merge_choice(c: ObjectVar[dict[str, Any]]) -> rx.Component:
    return rx.hstack(
        rx.text(rx.cond(c["name"] != "", c["name"], "—"), size="2", style=NAME_STYLE),
        rx.text(c["wa_id"], size="2", dir="ltr", color_scheme="gray"),
        rx.spacer(),
        rx.button(
            rx.icon("merge", size=14),
            tr("merge_into_this"),
            size="1",
            variant="soft",
            on_click=CustomerState.ask_merge(c),
            data_testid="merge-choose",
        ),
        width="100%",
        align="center",
        wrap="wrap",
        data_testid="merge-choice",
    )


def _merge_box() -> rx.Component:
    """Owners and managers: suggested duplicates, a search for any other record, and a merge that
    asks first."""
    s = CustomerState
    return rx.card(
        rx.vstack(
            rx.heading(tr("merge_heading"), size="3"),
            rx.text(tr("merge_help"), size="1", color_scheme="gray"),
            rx.cond(
                s.duplicates.length() > 0,
                rx.vstack(
                    rx.text(tr("possible_duplicates"), size="2", weight="bold"),
                    rx.foreach(s.duplicates, _merge_choice),
                    width="100%",
                    spacing="1",
                    data_testid="duplicates",
                ),
            ),
            search_box(tr("merge_search"), s.merge_query, s.set_merge_query.debounce(300), "merge-search"),
            rx.foreach(s.merge_results, _merge_choice),
            rx.cond(
                (s.merge_query != "") & (s.merge_results.length() == 0),
                rx.text(tr("no_matches"), size="1", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="merge-box",
    )


def _fact(label_key: str, *value: rx.Var | rx.Component | str, **props: Any) -> rx.Component:
    """One of the facts on a customer's card (lifetime value, orders, rating...): its name small
    and grey, the value under it."""
    return rx.card(
        rx.text(tr(label_key), size="1", color_scheme="gray"), rx.heading(*value, size="4", **props)
    )


@template("/customer", "customer", on_load=CustomerState.load)
def customer_page() -> rx.Component:
    s, p = CustomerState, CustomerState.profile
    return rx.cond(
        s.not_found,
        rx.callout(tr("not_found"), color_scheme="red", icon="search-x", data_testid="not-found"),
        rx.vstack(
            rx.link(tr("back"), href="/customers"),
            rx.hstack(
                rx.avatar(fallback=p["name"].to(str)[:1], size="5", radius="full"),
                rx.vstack(
                    rx.heading(
                        shown_name(p["name"].to(str), p["contact"].to(str)),
                        size="6",
                        dir="auto",
                        style=NAME_STYLE,
                        data_testid="customer-name",
                    ),
                    contact_text(p["contact"].to(str), color_scheme="gray"),
                    spacing="0",
                ),
                rx.cond(p["opted_out"].to(bool), rx.badge(tr("opted_out"), color_scheme="red", size="2")),
                rx.spacer(),
                rx.cond(
                    s.can_record_visit,
                    rx.button(
                        rx.icon("calendar-check", size=16),
                        tr("record_visit"),
                        on_click=s.record_visit,
                        variant="soft",
                        data_testid="record-visit",
                    ),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            done_callout("visit_recorded", s.visit_due, "visit-recorded"),
            rx.cond(
                s.visit_exists,
                rx.callout(tr("visit_exists"), icon="info", color_scheme="blue", data_testid="visit-exists"),
            ),
            rx.grid(
                _fact("lifetime_value", p["lifetime_value"].to(str), " ", tr("sar")),
                _fact("orders", p["orders"].to(str)),
                _fact(
                    "average_rating",
                    rx.cond(p["average_rating"].to(str) != "", p["average_rating"].to(str), "—"),
                ),
                _fact("language", tr_value("lang", p["language"].to(str), LANG_CODES)),
                _fact("customer_since", p["since"].to(str), dir="ltr"),
                columns=rx.breakpoints(initial="2", md="5"),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.input(
                    value=s.tags_text,
                    on_change=s.set_tags_text,
                    placeholder=tr("tags_help"),
                    width="100%",
                    data_testid="tags-input",
                ),
                rx.button(tr("save_tags"), on_click=s.save_tags, data_testid="save-tags"),
                width="100%",
            ),
            error_callout(s.error, "customer-error"),
            rx.cond(
                s.merged,
                rx.callout(
                    tr("merged_done"), icon="circle-check", color_scheme="green", data_testid="merged-done"
                ),
            ),
            rx.heading(tr("timeline"), size="4"),
            rx.vstack(
                rx.foreach(s.timeline, _timeline_item), width="100%", spacing="0", data_testid="timeline"
            ),
            rx.cond(s.timeline.length() == 0, rx.text(tr("empty"), color_scheme="gray")),
            rx.cond(s.can_merge, _merge_box()),
            confirm_dialog(
                s.merge_open,
                "merge_question",
                rx.fragment(
                    s.merge_target["label"].to(str),
                    rx.el.br(),
                    rx.text(tr("merge_warning"), as_="span", weight="regular", size="2"),
                ),
                s.confirm_merge,
                s.close_merge,
                "merge-confirm",
                reason=False,
            ),
            spacing="4",
            width="100%",
        ),
    )
