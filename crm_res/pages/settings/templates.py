"""Settings › Templates: the approved WhatsApp message templates the outreach jobs may send."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, delete_button, section
from crm_res.db import session_scope
from crm_res.models.outbox import TEMPLATE_REASONS, TEMPLATE_STATUSES
from crm_res.services.admin import restaurant_settings as admin
from crm_res.state.ui import tr, tr_value

from .base import SettingsState
from .rows import TemplateRow

PURPOSES = tuple(admin.TEMPLATE_PURPOSES)
STATUSES = (*TEMPLATE_STATUSES, "other")
REASONS = (*TEMPLATE_REASONS, "other")
# Badge colour by what the owner must do: green usable, amber wait, red fix, gray gone.
STATUS_COLOURS = {
    "approved": "green",
    "pending": "amber",
    "in_appeal": "amber",
    "rejected": "red",
    "paused": "orange",
    "flagged": "orange",
    "limit_exceeded": "orange",
    "locked": "orange",
    "disabled": "gray",
    "pending_deletion": "gray",
    "deleted": "gray",
    "archived": "gray",
}


def status_badge(t: ObjectVar[TemplateRow]) -> rx.Component:
    """Meta's approval status in words with its colour, and when it last changed."""
    status = t["status"].to(str)
    colour = rx.match(status, *STATUS_COLOURS.items(), "gray")
    return rx.vstack(
        rx.badge(
            tr_value("tstatus", status, STATUSES),
            color_scheme=colour,
            variant="soft",
            data_testid="template-status",
            data_status=status,
        ),
        rx.cond(
            t["status_at"].to(str) != "", rx.text(t["status_at"], size="1", color_scheme="gray", dir="ltr")
        ),
        spacing="1",
    )


def reason_text(t: ObjectVar[TemplateRow]) -> rx.Component:
    """Why Meta rejected or paused it, in words, with Meta's own explanation when it sent one."""
    return rx.vstack(
        rx.cond(
            t["reason"].to(str) != "",
            rx.text(
                tr_value("treason", t["reason"].to(str), REASONS),
                size="1",
                color_scheme="red",
                data_testid="template-reason",
            ),
        ),
        rx.cond(t["note"].to(str) != "", rx.text(t["note"], size="1", color_scheme="gray", dir="auto")),
        rx.cond((t["reason"].to(str) == "") & (t["note"].to(str) == ""), rx.text("—", size="1")),
        spacing="1",
    )


class TemplatesState(SettingsState):
    templates: list[TemplateRow] = []
    manager_url: str = admin.WHATSAPP_MANAGER_TEMPLATES

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.templates = cast(list[TemplateRow], admin.list_templates(session=session, viewer=viewer))
            self.manager_url = admin.whatsapp_manager_url(session=session, viewer=viewer)

    @rx.event
    def load(self) -> None:
        self._reload()

    @rx.event
    def add_template(self, form: dict[str, Any]) -> None:
        self._write(admin.save_template, data=form)

    @rx.event
    def delete_template(self, template_id: str) -> None:
        self._write(admin.delete_template, template_id=template_id)


def templates_tab() -> rx.Component:
    s = TemplatesState

    def row(t: ObjectVar[TemplateRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.code(t["name"], dir="ltr")),
            rx.table.cell(tr_value("lang", t["language"], tuple(admin.TEMPLATE_LANGUAGES))),
            rx.table.cell(tr_value("purpose", t["purpose"], PURPOSES)),
            rx.table.cell(status_badge(t)),
            rx.table.cell(reason_text(t)),
            rx.table.cell(rx.text(t["body"], size="1", dir="auto")),
            rx.table.cell(rx.text(t["parameters"], size="1")),
            rx.table.cell(delete_button(s.delete_template(t["id"]))),
            data_testid="template-row",
        )

    return rx.vstack(
        rx.text(tr("templates_help"), size="2", color_scheme="gray"),
        rx.callout(
            rx.vstack(
                rx.text(tr("templates_create_at_meta"), size="2"),
                rx.link(
                    rx.hstack(
                        rx.icon("external-link", size=14),
                        tr("open_whatsapp_manager"),
                        align="center",
                        spacing="1",
                    ),
                    href=s.manager_url,
                    is_external=True,
                    data_testid="whatsapp-manager-link",
                ),
                spacing="1",
            ),
            icon="info",
            color_scheme="blue",
            size="1",
            width="100%",
        ),
        data_table(
            [
                "template_name",
                "language",
                "purpose",
                "template_status",
                "template_reason",
                "body",
                "parameters",
                "actions",
            ],
            s.templates,
            row,
            "templates-table",
        ),
        section(
            "add_template",
            rx.form(
                rx.grid(
                    rx.input(name="name", placeholder="feedback_request", dir="ltr", required=True),
                    rx.select.root(
                        rx.select.trigger(),
                        rx.select.content(
                            *[rx.select.item(tr(f"lang_{c}"), value=c) for c in admin.TEMPLATE_LANGUAGES]
                        ),
                        name="language",
                        default_value="ar",
                    ),
                    rx.select.root(
                        rx.select.trigger(),
                        rx.select.content(*[rx.select.item(tr(f"purpose_{c}"), value=c) for c in PURPOSES]),
                        name="purpose",
                        default_value="feedback_request",
                    ),
                    rx.input(name="parameters", placeholder="customer_name, order_number", dir="ltr"),
                    rx.input(name="body", placeholder=tr("body"), dir="auto"),
                    rx.button(tr("add"), type="submit"),
                    columns=rx.breakpoints(initial="1", md="3"),
                    spacing="2",
                    width="100%",
                ),
                on_submit=s.add_template,
                reset_on_submit=True,
                width="100%",
            ),
        ),
        width="100%",
        spacing="4",
    )
