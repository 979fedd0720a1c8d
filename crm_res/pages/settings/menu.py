"""Settings › Menu: the item editor (scrolled into view when an item is picked, its error beside
the fields), the item list with availability switches, and the CSV import."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.event import EventSpec
from reflex.vars import ObjectVar

from crm_res.components.ui import (
    data_table,
    error_callout,
    file_picker,
    problem_lines,
    section,
    translated_error,
)
from crm_res.db import session_scope
from crm_res.i18n import csv_line_texts
from crm_res.services.admin import restaurant_settings as admin
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.errors import DomainError
from crm_res.state.errors import CSV_NOT_UTF8, error_key
from crm_res.state.ui import UIState, tr

from .base import SettingsState
from .rows import ItemForm, MenuRow

MENU_UPLOAD = "menu_csv"
EDITOR_ID = "menu-editor"
CATEGORIES = ("mains", "sides", "appetizers", "salads", "sandwiches", "breakfast", "drinks", "desserts")


def _empty_item() -> ItemForm:
    return {
        "id": "",
        "name_ar": "",
        "name_en": "",
        "price": "",
        "category": "mains",
        "available": True,
        "description": "",
        "retailer_id": "",
    }


class MenuState(SettingsState):
    menu: list[MenuRow] = []
    item: ItemForm = _empty_item()
    item_error: str = ""  # the editor's own error, shown beside its fields
    item_error_en: str = ""
    menu_errors: list[str] = []
    menu_lines: list[dict[str, str]] = []

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.menu = cast(list[MenuRow], admin.list_menu_admin(session=session, viewer=viewer))

    @rx.event
    def load(self) -> None:
        self.menu_errors, self.item_error, self.item_error_en = [], "", ""
        self._reload()

    @rx.event
    def edit_item(self, item_id: str) -> EventSpec:
        row = next((m for m in self.menu if m["id"] == item_id), None)
        self.item = _empty_item() if row is None else cast(ItemForm, {k: row[k] for k in _empty_item()})  # type: ignore[literal-required]  # k: the form's keys, a subset of the row's
        self.item_error = self.item_error_en = ""
        return rx.scroll_to(EDITOR_ID)

    @rx.event
    def new_item(self) -> None:
        self.item, self.item_error, self.item_error_en = _empty_item(), "", ""

    @rx.event
    def set_item_field(self, key: str, value: str | bool) -> None:
        self.item = cast(ItemForm, {**self.item, key: value})

    @rx.event
    def save_item(self) -> EventSpec | None:
        if self._run(admin.save_menu_item, item_id=self.item["id"] or None, data=dict(self.item)):
            self.item, self.item_error, self.item_error_en = _empty_item(), "", ""
            self._reload()
            return None
        # the error belongs beside the editor, not at the top of a long page
        self.item_error, self.item_error_en, self.error, self.error_en = self.error, self.error_en, "", ""
        return rx.scroll_to(EDITOR_ID)

    @rx.event
    def toggle_available(self, item_id: str, available: bool) -> None:
        self._write(admin.set_item_available, item_id=item_id, available=available)

    @rx.event
    def export_menu(self) -> EventSpec | None:
        data = self._as_viewer(admin.export_menu)
        if data is None:
            return None
        return rx.download(data=("\ufeff" + data).encode("utf-8"), filename="menu.csv", mime_type="text/csv")

    @rx.event
    async def import_menu(self, files: list[rx.UploadFile]) -> EventSpec | None:
        if not files:
            return None
        raw = await files[0].read()
        self.menu_errors, self.menu_lines = [], []
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.menu_errors = [CSV_NOT_UTF8]
            return None
        viewer = self._viewer()
        if viewer is None:
            return None
        try:
            with session_scope() as session:
                added, updated = admin.import_menu(session=session, viewer=viewer, content=content)
        except CsvLineErrors as exc:  # line problems in both languages, shown in the chosen one
            self.menu_errors = [error_key(exc)]
            self.menu_lines = csv_line_texts(exc.lines[:50])
            return None
        except DomainError as exc:  # e.g. a wrong header: the menu's own columns are in the message
            self.menu_errors = [str(exc).splitlines()[0]]
            return None
        self.notice = f"menu_imported:+{added}/~{updated}"
        self._reload()
        return rx.clear_selected_files(MENU_UPLOAD)


def menu_tab() -> rx.Component:
    s, it = MenuState, MenuState.item

    def row(m: ObjectVar[MenuRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.cond(UIState.is_en, m["name_en"], m["name_ar"]), data_testid="menu-item-name"),
            rx.table.cell(rx.cond(UIState.is_en, m["category_en"], m["category_ar"])),
            rx.table.cell(rx.text(m["price"], " ", tr("sar"), dir="ltr"), data_testid="menu-item-price"),
            rx.table.cell(
                rx.cond(m["retailer_id"] != "", rx.code(m["retailer_id"], dir="ltr"), rx.text("—")),
                data_testid="menu-item-retailer-id",
            ),
            rx.table.cell(
                rx.switch(checked=m["available"].to(bool), on_change=lambda v: s.toggle_available(m["id"], v))
            ),
            rx.table.cell(
                rx.button(
                    tr("edit"),
                    size="1",
                    variant="soft",
                    on_click=s.edit_item(m["id"]),
                    data_testid="edit-item",
                )
            ),
            data_testid="menu-row",
        )

    def item_input(field: str, direction: str, **props: Any) -> rx.Component:
        """One text field of the item being edited, named by its placeholder."""
        return rx.input(
            value=it[field].to(str),
            on_change=lambda v: s.set_item_field(field, v),
            placeholder=tr(field),
            dir=direction,
            data_testid="item-" + field.replace("_", "-"),
            **props,
        )

    return rx.vstack(
        section(
            "menu_editor",
            rx.grid(
                item_input("name_ar", "rtl"),
                item_input("name_en", "ltr"),
                item_input("price", "ltr", input_mode="decimal"),
                rx.select.root(
                    rx.select.trigger(placeholder=tr("category"), data_testid="item-category"),
                    rx.select.content(*[rx.select.item(tr(f"cat_{c}"), value=c) for c in CATEGORIES]),
                    value=it["category"].to(str),
                    on_change=lambda v: s.set_item_field("category", v),
                ),
                columns=rx.breakpoints(initial="1", md="4"),
                spacing="2",
                width="100%",
            ),
            rx.hstack(
                item_input("retailer_id", "ltr", max_length=100, min_width="16em"),
                rx.text(tr("retailer_id_help"), size="1", color_scheme="gray"),
                align="center",
                wrap="wrap",
                width="100%",
            ),
            error_callout(rx.cond(UIState.is_en, s.item_error_en, s.item_error), "item-error"),
            rx.hstack(
                rx.switch(
                    checked=it["available"].to(bool), on_change=lambda v: s.set_item_field("available", v)
                ),
                rx.text(tr("available"), size="2"),
                rx.spacer(),
                rx.button(tr("clear"), variant="ghost", on_click=s.new_item),
                rx.button(
                    rx.cond(it["id"].to(str) == "", tr("add_item"), tr("save")),
                    on_click=s.save_item,
                    data_testid="save-item",
                ),
                align="center",
                width="100%",
            ),
            id=EDITOR_ID,
            scroll_margin_top="5em",
        ),
        data_table(
            ["name", "category", "price", "retailer_id_short", "available", "actions"],
            s.menu,
            row,
            "menu-table",
        ),
        section(
            "menu_import",
            rx.code("name_ar,name_en,price,category,available,retailer_id", dir="ltr"),
            rx.hstack(
                file_picker(MENU_UPLOAD, "menu-upload"),
                rx.button(
                    tr("import"),
                    on_click=s.import_menu(rx.upload_files(upload_id=MENU_UPLOAD)),
                    data_testid="menu-import",
                ),
                rx.button(
                    rx.icon("file-down", size=14),
                    tr("export_menu"),
                    variant="outline",
                    on_click=s.export_menu,
                    data_testid="menu-export",
                ),
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                s.menu_errors.length() > 0,
                rx.callout(
                    rx.vstack(
                        rx.foreach(s.menu_errors, lambda e: rx.text(translated_error(e), size="1")),
                        problem_lines(s.menu_lines, "menu-line-error"),
                    ),
                    color_scheme="red",
                    icon="triangle-alert",
                ),
            ),
        ),
        width="100%",
        spacing="4",
    )
