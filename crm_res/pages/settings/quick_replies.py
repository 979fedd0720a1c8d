"""Settings › Quick replies: the canned answers staff open with "/" in a thread."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, delete_button, section
from crm_res.db import session_scope
from crm_res.services.admin import restaurant_settings as admin
from crm_res.state.ui import tr, tr_value

from .base import SettingsState
from .rows import CannedRow


class QuickRepliesState(SettingsState):
    canned: list[CannedRow] = []

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.canned = cast(list[CannedRow], admin.list_canned(session=session, viewer=viewer))

    @rx.event
    def load(self) -> None:
        self._reload()

    @rx.event
    def add_canned(self, form: dict[str, Any]) -> None:
        self._write(
            admin.save_canned,
            title=form.get("title", ""),
            body=form.get("body", ""),
            language=form.get("language", "ar"),
        )

    @rx.event
    def delete_canned(self, canned_id: str) -> None:
        self._write(admin.delete_canned, canned_id=canned_id)


def quick_replies_tab() -> rx.Component:
    s = QuickRepliesState

    def row(c: ObjectVar[CannedRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(c["title"]),
            rx.table.cell(rx.text(c["body"], size="2", dir="auto")),
            rx.table.cell(tr_value("lang", c["language"], ("ar", "en"))),
            rx.table.cell(delete_button(s.delete_canned(c["id"]))),
        )

    return rx.vstack(
        data_table(["title", "body", "language", "actions"], s.canned, row, "canned-table"),
        section(
            "add_quick_reply",
            rx.form(
                rx.vstack(
                    rx.hstack(
                        rx.input(name="title", placeholder=tr("title"), required=True, width="100%"),
                        rx.select.root(
                            rx.select.trigger(),
                            rx.select.content(
                                rx.select.item(tr("lang_ar"), value="ar"),
                                rx.select.item(tr("lang_en"), value="en"),
                            ),
                            name="language",
                            default_value="ar",
                        ),
                        width="100%",
                    ),
                    rx.text_area(
                        name="body", placeholder=tr("body"), required=True, width="100%", dir="auto"
                    ),
                    rx.button(tr("add"), type="submit", data_testid="add-canned"),
                    width="100%",
                ),
                on_submit=s.add_canned,
                reset_on_submit=True,
                width="100%",
            ),
        ),
        width="100%",
        spacing="4",
    )
