"""Orders, newest first, filterable by status."""

from __future__ import annotations

import reflex as rx

from crm_res.components.ui import badge, data_table, pager
from crm_res.i18n import ORDER_STATUSES
from crm_res.layout import template
from crm_res.services.listing import PAGE_SIZE, list_orders
from crm_res.state.auth import AuthState
from crm_res.state.listing import ListState
from crm_res.state.ui import UIState, tr, tr_value


class OrdersState(ListState, AuthState):
    def _fetch(self, session, viewer):  # type: ignore[no-untyped-def]
        return list_orders(session=session, viewer=viewer, status=self.filter_status or None,
                           page=self.page, page_size=PAGE_SIZE + 1)  # fmt: skip


def _row(o: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell("#", o["number"]),
        rx.table.cell(o["customer_name"]),
        rx.table.cell(rx.cond(UIState.is_en, o["items_en"], o["items"])),
        rx.table.cell(o["total"], " ", tr("sar")),
        rx.table.cell(badge(o["status"], tr_value("os", o["status"], ORDER_STATUSES))),
        rx.table.cell(rx.cond(UIState.is_en, o["branch_en"], o["branch_ar"])),
    )


@template("/orders", "orders", on_load=OrdersState.load)
def orders_page() -> rx.Component:
    return rx.vstack(
        rx.select(["all", *ORDER_STATUSES], value=rx.cond(
            OrdersState.filter_status == "", "all", OrdersState.filter_status),
            on_change=OrdersState.set_filter_status),  # fmt: skip
        data_table(["order_number", "customer", "items", "total", "status", "branch"],
                   OrdersState.rows, _row, "orders-table"),  # fmt: skip
        pager(OrdersState.page, OrdersState.prev_page, OrdersState.next_page, OrdersState.has_next),
        width="100%",
        spacing="4",
    )
