"""Orders: a live board by status (advance or cancel in one click) and an order's detail."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, TypedDict, cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import (
    NAME_STYLE,
    badge,
    branch_filter,
    branch_name,
    data_table,
    error_callout,
    shown_name,
)
from crm_res.db import session_scope
from crm_res.i18n import ORDER_STATUSES, duration_words, text
from crm_res.layout import template
from crm_res.services.customers import orders
from crm_res.services.customers.orders import board_totals, order_detail, orders_board, orders_created_since
from crm_res.services.errors import DomainError, NotFound
from crm_res.services.lists import list_branch_options
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_key
from crm_res.state.live import LiveMixin, live_anchor, viewer_for_token
from crm_res.state.sends import follow_up_after_commit, send_after_commit
from crm_res.state.ui import UIState, tr, tr_value

NEW_SHOWN = 50  # at most this many "new" badges at once
NEXT_LABEL = {
    "pending": "do_confirm",
    "confirmed": "do_prepare",
    "preparing": "do_ready",
    "ready": "do_deliver",
}
# A short two-tone chime through WebAudio (no audio file); ignored when the browser blocks sound.
CHIME = (
    "(()=>{try{const C=window.AudioContext||window.webkitAudioContext;const c=window.__crmAudio||"
    "(window.__crmAudio=new C());[880,1320].forEach((f,i)=>{const o=c.createOscillator(),g=c.createGain();"
    "o.frequency.value=f;o.connect(g);g.connect(c.destination);const t=c.currentTime+i*0.18;"
    "g.gain.setValueAtTime(0.12,t);g.gain.exponentialRampToValueAtTime(0.001,t+0.3);o.start(t);o.stop(t+0.3);});"
    "window.__crmChimes=(window.__crmChimes||0)+1;}catch(e){}})()"
)


class _OrderFacts(TypedDict):
    """What the board's cards and the order page both show of an order."""

    id: str
    number: int
    status: str
    customer_name: str
    wa_id: str
    contact: str
    branch_ar: str
    branch_en: str
    total: str
    delivery_type: str
    at_label: str
    conversation_id: str


class OrderCard(_OrderFacts):
    """An order on the board as the domain gives it (services/customers/orders.py), with its age in
    words added here (with_age_words)."""

    items: str
    items_en: str
    created_at: str
    scheduled_label: str
    age_minutes: int
    age_hours: int
    age_ar: str
    age_en: str


class OrderLine(TypedDict):
    name_ar: str
    name_en: str
    quantity: int
    price: str
    line_total: str
    notes: str


class OrderDetail(_OrderFacts):
    """The order page's order (services/customers/orders.py: order_detail), the keys it shows."""

    lines: list[OrderLine]
    instructions: str
    address: str
    pos_order_id: str


def _board(token: str, branch: str, show_all: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The columns and each column's full count ("showing 10 of 18")."""
    viewer = viewer_for_token(token)
    if viewer is None:
        return None
    with session_scope() as session:
        return {
            "columns": orders_board(
                session=session, viewer=viewer, branch_id=branch or None, show_all=show_all
            ),
            "totals": board_totals(session=session, viewer=viewer, branch_id=branch or None),
        }


def change_status(state: AuthState, order_id: str, expected: str, cancel: bool, reason: str = "") -> str:
    """Advance or cancel (with the person's reason) from any page; returns an error key or ""."""
    viewer = state._viewer()
    if viewer is None:
        return ""
    try:
        with session_scope() as session:
            if cancel:
                change = orders.cancel_order(
                    session=session,
                    viewer=viewer,
                    order_id=uuid.UUID(order_id),
                    expected=expected or None,
                    reason=reason,
                )
            else:
                change = orders.advance_order(
                    session=session, viewer=viewer, order_id=uuid.UUID(order_id), expected=expected or None
                )
            send_after_commit(session, change.queued)  # the customer's status message
            follow_up_after_commit(session, change.jobs)  # a scheduled order confirmed: to the POS
    except (DomainError, ValueError) as exc:
        return error_key(exc)
    return ""


class OrdersState(LiveMixin, AuthState):
    board: dict[str, list[OrderCard]] = {s: [] for s in ORDER_STATUSES}
    totals: dict[str, int] = dict.fromkeys(ORDER_STATUSES, 0)
    show_all: list[str] = []  # finished columns opened in full ("see all")
    filter_branch: str = ""
    branches: list[dict[str, str]] = []
    new_ids: list[str] = []  # orders that came in while the page is open: a "new" badge each
    error: str = ""
    phone_status: str = "pending"  # the one column a phone shows (a status switcher above it)
    cancel_id: str = ""  # the order waiting for "yes, cancel" and a reason
    cancel_expected: str = ""
    _loaded_at: str = ""  # ISO time of the page load: orders created after it are new

    def _store(self, data: dict[str, Any] | None) -> bool:
        """Keep the board; mark orders created since the page load as new. True when one arrived
        that was not announced yet (the chime)."""
        if data is None:
            return False
        self._shown_now()
        board = with_age_words(data["columns"])
        self.board, self.totals = board, data["totals"]
        if not self._loaded_at:
            return False
        fresh = orders_created_since(board, datetime.fromisoformat(self._loaded_at))
        announced = set(self.new_ids)
        arrived = [i for i in fresh if i not in announced]
        self.new_ids = fresh[:NEW_SHOWN]
        return bool(arrived)

    @rx.event
    def load(self) -> None:
        branches = self._as_viewer(list_branch_options)
        if branches is None:
            return
        self.branches = branches
        self._loaded_at = datetime.now(UTC).isoformat()
        self.new_ids = []
        self._store(self._fetch())

    def _live_inputs(self) -> dict[str, Any] | None:
        return {"token": self._token(), "branch": self.filter_branch, "show_all": tuple(self.show_all)}

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        return _board(inputs["token"], inputs["branch"], inputs["show_all"])

    def _fetch(self) -> dict[str, Any] | None:
        return _board(self._token(), self.filter_branch, tuple(self.show_all))

    @rx.event
    def see_all(self, status: str) -> None:
        """Open a finished column in full (its latest FULL_COLUMN_SHOWN)."""
        if status in ORDER_STATUSES and status not in self.show_all:
            self.show_all = [*self.show_all, status]
        self._store(self._fetch())

    def _live_apply(self, data: Any) -> Any:
        if self._store(data):
            return rx.call_script(CHIME)
        return None

    @rx.event
    def set_filter_branch(self, value: str) -> None:
        self.filter_branch = "" if value == "all" else value
        self._store(self._fetch())

    @rx.event
    def advance(self, order_id: str, expected: str) -> None:
        self.error = change_status(self, order_id, expected, cancel=False)
        self._store(self._fetch())

    @rx.event
    def set_phone_status(self, value: str | list[str]) -> None:
        self.phone_status = value if isinstance(value, str) else (value[0] if value else "pending")

    @rx.event
    def cancel(self, order_id: str, expected: str) -> None:
        """Cancelling asks first (confirm_cancel), with a reason."""
        self.cancel_id, self.cancel_expected = order_id, expected

    @rx.event
    def close_cancel(self, open_: bool = False) -> None:
        if not open_:
            self.cancel_id = ""

    @rx.event
    def confirm_cancel(self, form: dict[str, Any]) -> None:
        order_id, self.cancel_id = self.cancel_id, ""
        if order_id:
            self.error = change_status(
                self, order_id, self.cancel_expected, cancel=True, reason=str(form.get("reason", ""))
            )
            self._store(self._fetch())


def with_age_words(board: dict[str, list[dict[str, Any]]]) -> dict[str, list[OrderCard]]:
    """Each order's age in words in both languages ("3 دقائق" / "3 minutes"); a day or older: its date;
    a scheduled order: the time it is for."""
    for column in board.values():
        for o in column:
            minutes = int(o.get("age_minutes", 0))
            if o.get("scheduled_label"):  # "مجدول 12:00": a scheduled order is not "just now"
                at = o["scheduled_label"]
                o["age_ar"], o["age_en"] = (
                    text("scheduled_for", "ar").format(at=at),
                    text("scheduled_for", "en").format(at=at),
                )
            elif minutes >= 24 * 60:
                o["age_ar"] = o["age_en"] = o["at_label"]
            elif minutes < 1:
                o["age_ar"], o["age_en"] = text("just_now", "ar"), text("just_now", "en")
            else:
                seconds = minutes * 60 if minutes < 60 else (minutes // 60) * 3600
                o["age_ar"], o["age_en"] = duration_words(seconds, "ar"), duration_words(seconds, "en")
    return cast(dict[str, list[OrderCard]], board)


def _age(o: ObjectVar[OrderCard]) -> rx.Component:
    """How long ago the order came in, in words; older ones show their date."""
    return rx.text(
        rx.cond(UIState.is_en, o["age_en"], o["age_ar"]),
        size="1",
        color_scheme="gray",
        dir="auto",
        data_testid="order-age",
    )


def _order_card(o: ObjectVar[OrderCard], status: str) -> rx.Component:
    s = OrdersState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(
                    rx.text("#", o["number"], weight="bold", dir="ltr"),
                    href="/order?id=" + o["id"].to(str),
                    data_testid="order-link",
                ),
                rx.spacer(),
                rx.cond(
                    s.new_ids.contains(o["id"]), rx.badge(tr("new"), color_scheme="amber", variant="solid")
                ),
                _age(o),
                width="100%",
                align="center",
            ),
            rx.text(shown_name(o["customer_name"]), size="2", weight="medium", style=NAME_STYLE, dir="auto"),
            rx.text(rx.cond(UIState.is_en, o["items_en"], o["items"]), size="1", color_scheme="gray"),
            rx.hstack(
                rx.text(o["total"], " ", tr("sar"), size="2", weight="bold"),
                rx.spacer(),
                rx.badge(
                    rx.cond(o["delivery_type"] == "delivery", tr("delivery"), tr("pickup")), variant="outline"
                ),
                width="100%",
            ),
            rx.text(branch_name(o), size="1", color_scheme="gray"),
            *(
                [
                    rx.hstack(
                        rx.button(
                            tr(NEXT_LABEL[status]),
                            size="1",
                            on_click=s.advance(o["id"], status),
                            flex="1",
                            data_testid="advance-order",
                        ),
                        rx.icon_button(
                            rx.icon("x", size=14),
                            size="1",
                            color_scheme="red",
                            variant="soft",
                            on_click=s.cancel(o["id"], status),
                            title=tr("cancel_order"),
                            data_testid="cancel-order",
                        ),
                        width="100%",
                    )
                ]
                if status in NEXT_LABEL
                else []
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name=rx.cond(s.new_ids.contains(o["id"]), "crm-new", ""),
        data_testid="order-card",
        data_number=o["number"].to(str),
    )


def _capped_note(status: str) -> rx.Component:
    """A column showing fewer orders than it has says so: "showing 10 of 18 — see all"."""
    shown, total = OrdersState.board[status].length(), OrdersState.totals[status]
    return rx.cond(
        total > shown,
        rx.hstack(
            rx.text(
                tr("showing_word"),
                " ",
                shown,
                " ",
                tr("of_word"),
                " ",
                total,
                size="1",
                color_scheme="gray",
                data_testid=f"capped-{status}",
            ),
            rx.text("—", size="1", color_scheme="gray"),
            rx.link(
                tr("see_all"),
                size="1",
                on_click=OrdersState.see_all(status),
                cursor="pointer",
                data_testid=f"see-all-{status}",
            ),
            spacing="1",
            align="center",
            wrap="wrap",
        ),
    )


def _column(status: str) -> rx.Component:
    rows = OrdersState.board[status]
    return rx.vstack(
        rx.hstack(
            badge(rx.Var.create(status), tr(f"os_{status}")),
            rx.text(OrdersState.totals[status], size="2", color_scheme="gray", data_testid=f"count-{status}"),
            align="center",
        ),
        _capped_note(status),
        rx.foreach(rows, lambda o: _order_card(o, status)),
        spacing="2",
        width="100%",
        min_height="6em",
        display=rx.breakpoints(
            initial=rx.cond(OrdersState.phone_status == status, "flex", "none"), sm="flex"
        ),
        padding="0.6em",
        border_radius="12px",
        background=rx.color("gray", 2),
        align="stretch",
        data_testid=f"column-{status}",
    )


@template("/orders", "orders", on_load=OrdersState.load)
def orders_page() -> rx.Component:
    s = OrdersState
    return rx.vstack(
        live_anchor(s),
        rx.hstack(
            branch_filter(s.branches, s.filter_branch, s.set_filter_branch, "orders-branch"),
            rx.text(tr("board_hint"), size="2", color_scheme="gray"),
            align="center",
            wrap="wrap",
        ),
        error_callout(s.error, "orders-error"),
        confirm_dialog(
            s.cancel_id != "", "confirm_cancel_order", "", s.confirm_cancel, s.close_cancel, "confirm-cancel"
        ),
        # Phones: every status in reach of a thumb, three to a row (six in one row were cut off).
        rx.grid(
            *[
                rx.button(
                    rx.text(tr(f"os_{st}"), size="1", truncate=True),
                    rx.badge(s.totals[st], size="1", radius="full", variant="surface"),
                    on_click=s.set_phone_status(st),
                    variant=rx.cond(s.phone_status == st, "solid", "soft"),
                    size="2",
                    min_width="0",
                    aria_pressed=rx.cond(s.phone_status == st, "true", "false"),
                    data_testid=f"switch-{st}",
                )
                for st in ORDER_STATUSES
            ],
            columns="3",
            spacing="2",
            width="100%",
            display=rx.breakpoints(initial="grid", sm="none"),
            data_testid="status-switcher",
        ),
        rx.box(
            # Phones show one column (chosen above); laptops two rows of three; wide screens one row.
            rx.grid(
                *[_column(st) for st in ORDER_STATUSES],
                spacing="3",
                align_items="start",
                data_testid="orders-board",
                grid_template_columns=[
                    "minmax(0, 1fr)",
                    "repeat(6, 260px)",
                    "repeat(6, 260px)",
                    "repeat(3, minmax(0, 1fr))",
                    "repeat(3, minmax(0, 1fr))",
                    "repeat(6, minmax(0, 1fr))",
                ],
            ),
            overflow_x="auto",
            width="100%",
            padding_bottom="0.5em",
        ),
        width="100%",
        spacing="4",
    )


# --------------------------------------------------------------------------- detail

EMPTY_ORDER: OrderDetail = {
    "id": "",
    "number": 0,
    "status": "",
    "customer_name": "",
    "wa_id": "",
    "contact": "",
    "branch_ar": "",
    "branch_en": "",
    "total": "0.00",
    "delivery_type": "",
    "at_label": "",
    "conversation_id": "",
    "lines": [],
    "instructions": "",
    "address": "",
    "pos_order_id": "",
}


class OrderDetailState(AuthState):
    order: OrderDetail = EMPTY_ORDER
    not_found: bool = False
    error: str = ""
    asking_cancel: bool = False

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                self.order = cast(
                    OrderDetail,
                    order_detail(
                        session=session,
                        viewer=viewer,
                        order_id=uuid.UUID(self.router.url.query_parameters.get("id", "")),
                    ),
                )
            self.not_found = False
        except (NotFound, ValueError):
            self.order, self.not_found = EMPTY_ORDER, True

    @rx.event
    def load(self) -> None:
        self.error = ""
        self._reload()

    @rx.event
    def advance(self) -> None:
        self.error = change_status(self, self.order["id"], self.order["status"], cancel=False)
        self._reload()

    @rx.event
    def cancel(self) -> None:
        """Cancelling asks first (confirm_cancel), with a reason."""
        self.asking_cancel = True

    @rx.event
    def close_cancel(self, open_: bool = False) -> None:
        self.asking_cancel = open_

    @rx.event
    def confirm_cancel(self, form: dict[str, Any]) -> None:
        self.asking_cancel = False
        self.error = change_status(
            self, self.order["id"], self.order["status"], cancel=True, reason=str(form.get("reason", ""))
        )
        self._reload()


def _line(line: ObjectVar[OrderLine]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(UIState.is_en, line["name_en"], line["name_ar"])),
        rx.table.cell(line["quantity"], dir="ltr"),
        rx.table.cell(line["price"], dir="ltr"),
        rx.table.cell(line["line_total"], dir="ltr"),
        rx.table.cell(line["notes"]),
    )


@template("/order", "order", on_load=OrderDetailState.load)
def order_page() -> rx.Component:
    s, o = OrderDetailState, OrderDetailState.order
    open_order = (o["status"].to(str) != "delivered") & (o["status"].to(str) != "cancelled")
    return rx.cond(
        s.not_found,
        rx.callout(tr("not_found"), color_scheme="red", icon="search-x", data_testid="not-found"),
        rx.vstack(
            confirm_dialog(
                s.asking_cancel,
                "confirm_cancel_order",
                rx.text("#", o["number"].to(str), dir="ltr"),
                s.confirm_cancel,
                s.close_cancel,
                "confirm-cancel",
            ),
            rx.link(tr("back_to_board"), href="/orders"),
            rx.hstack(
                rx.heading("#", o["number"].to(str), size="6", dir="ltr", data_testid="order-number"),
                badge(o["status"], tr_value("os", o["status"], ORDER_STATUSES)),
                rx.badge(
                    rx.cond(o["delivery_type"].to(str) == "delivery", tr("delivery"), tr("pickup")),
                    variant="outline",
                ),
                align="center",
                wrap="wrap",
            ),
            rx.text(
                rx.text(shown_name(o["customer_name"].to(str)), as_="span", dir="auto", style=NAME_STYLE),
                " · ",
                rx.text(
                    rx.cond(o["contact"].to(str) != "", o["contact"].to(str), tr("no_number")),
                    as_="span",
                    dir="ltr",
                    data_testid="customer-contact",
                ),
                " · ",
                branch_name(o),
                " · ",
                rx.text(o["at_label"].to(str), as_="span", dir="ltr"),
            ),
            error_callout(s.error, "order-error"),
            data_table(
                ["item", "quantity", "price", "line_total", "notes"],
                o["lines"].to(list[OrderLine]),
                _line,
                "order-lines",
            ),
            rx.heading(tr("total"), ": ", o["total"].to(str), " ", tr("sar"), size="4"),
            rx.cond(o["address"].to(str) != "", rx.text(tr("delivery_address"), ": ", o["address"].to(str))),
            rx.cond(
                o["instructions"].to(str) != "", rx.text(tr("instructions"), ": ", o["instructions"].to(str))
            ),
            rx.hstack(
                rx.cond(
                    open_order, rx.button(tr("advance"), on_click=s.advance, data_testid="advance-order")
                ),
                rx.cond(
                    open_order,
                    rx.button(
                        tr("cancel_order"),
                        on_click=s.cancel,
                        color_scheme="red",
                        variant="soft",
                        data_testid="cancel-order",
                    ),
                ),
                rx.cond(
                    o["conversation_id"].to(str) != "",
                    rx.link(
                        rx.button(
                            rx.icon("messages-square", size=16), tr("open_conversation"), variant="outline"
                        ),
                        href="/conversation?id=" + o["conversation_id"].to(str),
                        data_testid="order-conversation",
                    ),
                ),
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
    )
