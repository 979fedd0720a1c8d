"""Settings › Templates: the approved WhatsApp message templates the outreach jobs may send."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx

from crm_res.components.ui import data_table, section
from crm_res.db import session_scope
from crm_res.services.admin import restaurant_settings as admin
from crm_res.state.ui import tr, tr_value

from .base import SettingsState
from .rows import TemplateRow

PURPOSES = tuple(admin.TEMPLATE_PURPOSES)


class TemplatesState(SettingsState):
    templates: list[TemplateRow] = []

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.templates = cast(list[TemplateRow], admin.list_templates(session=session, viewer=viewer))

    @rx.event
    def load(self) -> None:
        self._reload()

    @rx.event
    def add_template(self, form: dict[str, Any]) -> None:
        if self._run(admin.save_template, data=form):
            self._reload()

    @rx.event
    def delete_template(self, template_id: str) -> None:
        if self._run(admin.delete_template, template_id=template_id):
            self._reload()


def templates_tab() -> rx.Component:
    s = TemplatesState

    def row(t: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.code(t["name"], dir="ltr")), rx.table.cell(tr_value("lang", t["language"], tuple(admin.TEMPLATE_LANGUAGES))), rx.table.cell(tr_value("purpose", t["purpose"], PURPOSES)),
            rx.table.cell(rx.text(t["body"], size="1", dir="auto")), rx.table.cell(rx.text(t["parameters"], size="1")),
            rx.table.cell(rx.icon_button(rx.icon("trash-2", size=14), size="1", color_scheme="red", variant="soft",
                                         on_click=s.delete_template(t["id"]))),
        )  # fmt: skip

    return rx.vstack(
        rx.text(tr("templates_help"), size="2", color_scheme="gray"),
        data_table(["template_name", "language", "purpose", "body", "parameters", "actions"], s.templates, row,
                   "templates-table"),
        section(
            "add_template",
            rx.form(
                rx.grid(
                    rx.input(name="name", placeholder="feedback_request", dir="ltr", required=True),
                    rx.select(list(admin.TEMPLATE_LANGUAGES), name="language", default_value="ar"),
                    rx.select(list(admin.TEMPLATE_PURPOSES), name="purpose", default_value="feedback_request"),
                    rx.input(name="parameters", placeholder="customer_name, order_number", dir="ltr"),
                    rx.input(name="body", placeholder=tr("body"), dir="auto"),
                    rx.button(tr("add"), type="submit"),
                    columns=rx.breakpoints(initial="1", md="3"), spacing="2", width="100%",
                ),
                on_submit=s.add_template, reset_on_submit=True, width="100%",
            ),
        ),
        width="100%",
        spacing="4",
    )  # fmt: skip
