"""Customers: search by name or number."""

from __future__ import annotations

import reflex as rx

from crm_res.components.ui import data_table, pager
from crm_res.layout import template
from crm_res.services.listing import PAGE_SIZE, list_customers
from crm_res.state.auth import AuthState
from crm_res.state.listing import ListState
from crm_res.state.ui import tr


class CustomersState(ListState, AuthState):
    def _fetch(self, session, viewer):  # type: ignore[no-untyped-def]
        return list_customers(session=session, viewer=viewer, search=self.search, page=self.page,
                              page_size=PAGE_SIZE + 1)  # fmt: skip


def _row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["name"]),
        rx.table.cell(rx.text(c["wa_id"], dir="ltr")),
        rx.table.cell(c["language"]),
        rx.table.cell(c["tags"]),
        rx.table.cell(c["lifetime_value"], " ", tr("sar")),
        rx.table.cell(rx.cond(c["opted_out"].to(bool), rx.badge(tr("opted_out"), color_scheme="red"), "")),
    )


@template("/customers", "customers", on_load=CustomersState.load)
def customers_page() -> rx.Component:
    return rx.vstack(
        rx.input(placeholder=tr("search"), value=CustomersState.search,
                 on_change=CustomersState.set_search.debounce(300), width="18em"),  # fmt: skip
        data_table(["name", "whatsapp", "language", "tags", "lifetime_value", "opted_out"],
                   CustomersState.rows, _row, "customers-table"),  # fmt: skip
        pager(CustomersState.page, CustomersState.prev_page, CustomersState.next_page,
              CustomersState.has_next),  # fmt: skip
        width="100%",
        spacing="4",
    )
