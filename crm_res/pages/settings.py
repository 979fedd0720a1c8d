"""Settings (owners only, enforced by services.settings_admin): profile and personality preview,
discount rules, prayer holding and Ramadan mode, branches and hours, today's prayer times and the
held queue, menu, templates, quick replies, team, connection status with live TEST buttons."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from crm_res.components.ui import data_table, error_callout, section, select_tr, translated_error
from crm_res.db import session_scope
from crm_res.i18n import csv_line_texts
from crm_res.layout import template
from crm_res.pages.settings_webhooks import webhooks_tab
from crm_res.services.access import Viewer
from crm_res.services.admin import restaurant_settings as admin
from crm_res.services.admin.connection_check import check_llm, check_whatsapp
from crm_res.services.admin.prayer_board import branch_prayer_times, held_queue
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.errors import DomainError
from crm_res.state.auth import AuthState
from crm_res.state.errors import CSV_NOT_UTF8, error_key, error_texts
from crm_res.state.ui import UIState, tr, tr_value

MENU_UPLOAD = "menu_csv"
DAYS = admin.DAYS
PERSONALITY_OPTIONS = [(p, f"pers_{p}") for p in ("formal", "casual", "traditional", "modern")]
TABS = (
    "profile",
    "branches",
    "prayer",
    "menu",
    "templates",
    "quick_replies",
    "team",
    "connections",
    "webhooks",
)
PRAYER_KEYS = ("fajr", "dhuhr", "asr", "maghrib", "isha")
EMPTY_ITEM = {"id": "", "name_ar": "", "name_en": "", "price": "", "category": "mains", "available": True,
              "description": ""}  # fmt: skip


def _run_check(check: Callable[..., dict[str, Any]], viewer: Viewer) -> dict[str, Any]:
    """Run a connection check (HTTP, up to ~10 s) in its own session; errors become a result."""
    try:
        with session_scope() as session:
            return check(session=session, viewer=viewer)
    except (DomainError, ValueError) as exc:
        return {"ok": False, "mode": "", "message": str(exc)}


def _empty_branch() -> dict[str, str]:
    form = {
        "id": "",
        "name_ar": "",
        "name_en": "",
        "city": "",
        "street": "",
        "lat": "",
        "lng": "",
        "phone": "",
    }
    for prefix in ("h", "r"):
        for d in DAYS:
            form[f"{prefix}_{d}_open"] = form[f"{prefix}_{d}_close"] = ""
    return form


class SettingsState(AuthState):
    allowed: bool = False
    tab: str = "profile"
    error: str = ""  # Arabic; error_en the same in English (state/errors.py: error_texts)
    error_en: str = ""
    notice: str = ""
    profile: dict[str, Any] = {}
    personality: str = "casual"
    preview_lang: str = "ar-SA"
    prayer: bool = True
    ramadan_mode: bool = True
    discount: bool = False
    branches: list[dict[str, Any]] = []
    branch_form: dict[str, str] = _empty_branch()
    menu: list[dict[str, Any]] = []
    item: dict[str, Any] = EMPTY_ITEM
    templates: list[dict[str, Any]] = []
    canned: list[dict[str, str]] = []
    team: list[dict[str, Any]] = []
    new_password: str = ""
    password_for: str = ""
    password_reset: bool = False
    edit_id: str = ""
    edit_email: str = ""
    edit_role: str = "staff"
    edit_branches: list[str] = []
    connections: dict[str, Any] = {}
    menu_errors: list[str] = []
    menu_lines: list[dict[str, str]] = []
    prayer_rows: list[dict[str, Any]] = []
    held: dict[str, Any] = {}
    held_rows: list[dict[str, Any]] = []
    wa_check: dict[str, Any] = {}
    llm_check: dict[str, Any] = {}
    checking_wa: bool = False
    checking_llm: bool = False

    @rx.var
    def preview(self) -> str:
        """The assistant's greeting in the chosen personality: updates as the owner picks."""
        name = (
            self.profile.get("name_en") if self.preview_lang == "en" else self.profile.get("name_ar")
        ) or ""
        return admin.personality_preview(restaurant_name=name, personality=self.personality,
                                         language=self.preview_lang)  # fmt: skip

    def _run(self, fn, notice: str = "saved", **kwargs: Any) -> Any:  # type: ignore[no-untyped-def]
        viewer = self._viewer()
        if viewer is None:
            return None
        try:
            with session_scope() as session:
                result = fn(session=session, viewer=viewer, **kwargs)
        except (DomainError, ValueError) as exc:
            texts = error_texts(exc)
            self.error, self.error_en, self.notice = texts["ar"], texts["en"], ""
            return None
        self.error, self.error_en, self.notice = "", "", notice
        return result if result is not None else True

    async def _run_in_thread(self, fn, notice: str = "saved", **kwargs: Any) -> Any:  # type: ignore[no-untyped-def]
        """`_run` for work too heavy for the event loop (password hashing: ~100 ms of CPU, on the
        loop that also serves the webhook): the domain call runs in a worker thread."""
        viewer = self._viewer()
        if viewer is None:
            return None

        def call() -> Any:
            with session_scope() as session:
                return fn(session=session, viewer=viewer, **kwargs)

        try:
            result = await asyncio.to_thread(call)
        except (DomainError, ValueError) as exc:
            texts = error_texts(exc)
            self.error, self.error_en, self.notice = texts["ar"], texts["en"], ""
            return None
        self.error, self.error_en, self.notice = "", "", notice
        return result if result is not None else True

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None:
            return
        self.allowed = viewer.can_change_settings
        if not self.allowed:
            return  # nothing owner-only is ever loaded into a non-owner's state
        with session_scope() as session:
            kw = {"session": session, "viewer": viewer}
            self.profile = admin.get_profile(**kw)
            self.branches = admin.list_branches_admin(**kw)
            self.menu = admin.list_menu_admin(**kw)
            self.templates = admin.list_templates(**kw)
            self.canned = admin.list_canned(**kw)
            self.team = admin.list_users_admin(**kw)
            self.connections = admin.connection_status(**kw)
            self.prayer_rows = branch_prayer_times(session=session, restaurant_id=viewer.restaurant_id)
            queue = held_queue(session=session, restaurant_id=viewer.restaurant_id)
        self.held_rows = queue.pop("rows")
        self.held = queue
        self.personality = self.profile["personality"]
        self.prayer = self.profile["prayer_time_enabled"]
        self.ramadan_mode = self.profile["ramadan_mode"]
        self.discount = self.profile["discount_enabled"]

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        self.error = self.error_en = self.notice = self.new_password = self.password_for = self.edit_id = ""
        self.menu_errors = []
        self._reload()

    @rx.event
    def set_tab(self, value: str):  # type: ignore[no-untyped-def]
        self.tab = value
        self.error = self.error_en = self.notice = ""

    # ---------------------------------------------------------------- profile

    @rx.event
    def set_personality(self, value: str):  # type: ignore[no-untyped-def]
        self.personality = value

    @rx.event
    def set_preview_lang(self, value: str):  # type: ignore[no-untyped-def]
        self.preview_lang = value

    @rx.event
    def set_prayer(self, value: bool):  # type: ignore[no-untyped-def]
        self.prayer = value

    @rx.event
    def set_ramadan_mode(self, value: bool):  # type: ignore[no-untyped-def]
        self.ramadan_mode = value

    @rx.event
    def set_discount(self, value: bool):  # type: ignore[no-untyped-def]
        self.discount = value

    @rx.event
    def save_profile(self, form: dict):  # type: ignore[no-untyped-def]
        data = dict(
            form,
            personality=self.personality,
            prayer_time_enabled=self.prayer,
            discount_enabled=self.discount,
            ramadan_mode=self.ramadan_mode,
        )
        if self._run(admin.update_profile, data=data):
            self.restaurant_name_ar = ""  # the sidebar re-reads the names
            self._reload()
            self._viewer()

    # ---------------------------------------------------------------- connection tests (slow I/O: background)

    @rx.event(background=True)
    async def test_whatsapp(self):  # type: ignore[no-untyped-def]
        async with self:
            viewer = self._viewer()
            if viewer is None or self.checking_wa:
                return
            self.checking_wa, self.wa_check = True, {}
        result = await asyncio.to_thread(_run_check, check_whatsapp, viewer)
        async with self:
            self.checking_wa, self.wa_check = False, result

    @rx.event(background=True)
    async def test_llm(self):  # type: ignore[no-untyped-def]
        async with self:
            viewer = self._viewer()
            if viewer is None or self.checking_llm:
                return
            self.checking_llm, self.llm_check = True, {}
        result = await asyncio.to_thread(_run_check, check_llm, viewer)
        async with self:
            self.checking_llm, self.llm_check = False, result

    # ---------------------------------------------------------------- branches

    @rx.event
    def edit_branch(self, branch_id: str):  # type: ignore[no-untyped-def]
        form = _empty_branch()
        b = next((b for b in self.branches if b["id"] == branch_id), None)
        if b is not None:
            form.update(
                {k: str(b[k]) for k in ("id", "name_ar", "name_en", "city", "street", "lat", "lng", "phone")}
            )
            for prefix, key in (("h", "hours"), ("r", "ramadan")):
                for d in DAYS:
                    form[f"{prefix}_{d}_open"] = b[key][d].get("open", "")
                    form[f"{prefix}_{d}_close"] = b[key][d].get("close", "")
        self.branch_form = form

    @rx.event
    def set_branch_field(self, key: str, value: str):  # type: ignore[no-untyped-def]
        self.branch_form = {**self.branch_form, key: value}

    @rx.event
    def copy_hours_to_all(self, prefix: str):  # type: ignore[no-untyped-def]
        if prefix not in ("h", "r"):  # a tampered event: nothing to copy
            return
        f = dict(self.branch_form)
        for d in DAYS[1:]:
            f[f"{prefix}_{d}_open"], f[f"{prefix}_{d}_close"] = (
                f[f"{prefix}_sat_open"],
                f[f"{prefix}_sat_close"],
            )
        self.branch_form = f

    @rx.event
    def save_branch(self):  # type: ignore[no-untyped-def]
        f = self.branch_form
        data = {k: f[k] for k in ("name_ar", "name_en", "city", "street", "lat", "lng", "phone")}
        data["hours"] = {d: {"open": f[f"h_{d}_open"], "close": f[f"h_{d}_close"]} for d in DAYS}
        data["ramadan"] = {d: {"open": f[f"r_{d}_open"], "close": f[f"r_{d}_close"]} for d in DAYS}
        if self._run(admin.save_branch, branch_id=f["id"] or None, data=data):
            self.branch_form = _empty_branch()
            self._reload()

    # ---------------------------------------------------------------- menu

    @rx.event
    def edit_item(self, item_id: str):  # type: ignore[no-untyped-def]
        self.item = next((dict(m) for m in self.menu if m["id"] == item_id), dict(EMPTY_ITEM))

    @rx.event
    def new_item(self):  # type: ignore[no-untyped-def]
        self.item = dict(EMPTY_ITEM)

    @rx.event
    def set_item_field(self, key: str, value: Any):  # type: ignore[no-untyped-def]
        self.item = {**self.item, key: value}

    @rx.event
    def save_item(self):  # type: ignore[no-untyped-def]
        if self._run(admin.save_menu_item, item_id=self.item["id"] or None, data=self.item):
            self.item = dict(EMPTY_ITEM)
            self._reload()

    @rx.event
    def toggle_available(self, item_id: str, available: bool):  # type: ignore[no-untyped-def]
        if self._run(admin.set_item_available, item_id=item_id, available=available):
            self._reload()

    @rx.event
    async def import_menu(self, files: list[rx.UploadFile]):  # type: ignore[no-untyped-def]
        if not files:
            return
        raw = await files[0].read()
        self.menu_errors, self.menu_lines = [], []
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.menu_errors = [CSV_NOT_UTF8]
            return
        viewer = self._viewer()
        if viewer is None:
            return
        try:
            with session_scope() as session:
                added, updated = admin.import_menu(session=session, viewer=viewer, content=content)
        except CsvLineErrors as exc:  # line problems in both languages, shown in the chosen one
            self.menu_errors = [error_key(exc)]
            self.menu_lines = csv_line_texts(exc.lines[:50])
            return
        except DomainError as exc:  # e.g. a wrong header: the menu's own columns are in the message
            self.menu_errors = [str(exc).splitlines()[0]]
            return
        self.notice = f"menu_imported:+{added}/~{updated}"
        self._reload()
        return rx.clear_selected_files(MENU_UPLOAD)

    # ---------------------------------------------------------------- templates and quick replies

    @rx.event
    def add_template(self, form: dict):  # type: ignore[no-untyped-def]
        if self._run(admin.save_template, data=form):
            self._reload()

    @rx.event
    def delete_template(self, template_id: str):  # type: ignore[no-untyped-def]
        if self._run(admin.delete_template, template_id=template_id):
            self._reload()

    @rx.event
    def add_canned(self, form: dict):  # type: ignore[no-untyped-def]
        if self._run(admin.save_canned, title=form.get("title", ""), body=form.get("body", ""),
                     language=form.get("language", "ar")):  # fmt: skip
            self._reload()

    @rx.event
    def delete_canned(self, canned_id: str):  # type: ignore[no-untyped-def]
        if self._run(admin.delete_canned, canned_id=canned_id):
            self._reload()

    # ---------------------------------------------------------------- team

    @rx.event
    async def add_user(self, form: dict):  # type: ignore[no-untyped-def]
        branch_ids = [k.removeprefix("branch_") for k, v in form.items() if k.startswith("branch_") and v]
        result = await self._run_in_thread(admin.add_user, email=form.get("email", ""), role=form.get("role", "staff"),
                           branch_ids=branch_ids, full_name=form.get("full_name", ""),
                           password=form.get("password") or None)  # fmt: skip
        if result:
            self.new_password, self.password_for = result[1], form.get("email", "").strip().lower()
            self.password_reset = False
            self._reload()

    @rx.event
    def edit_user(self, user_id: str):  # type: ignore[no-untyped-def]
        u = next((u for u in self.team if u["id"] == user_id), None)
        if u:
            self.edit_id, self.edit_role, self.edit_branches = user_id, u["role"], list(u["branch_ids"])
            self.edit_email = u["email"]

    @rx.event
    def close_edit(self, open_: bool = False):  # type: ignore[no-untyped-def]
        if not open_:
            self.edit_id = ""

    @rx.event
    def set_edit_role(self, role: str):  # type: ignore[no-untyped-def]
        self.edit_role = role

    @rx.event
    def toggle_edit_branch(self, branch_id: str, on: bool):  # type: ignore[no-untyped-def]
        rest = [b for b in self.edit_branches if b != branch_id]
        self.edit_branches = [*rest, branch_id] if on else rest

    @rx.event
    def save_user(self):  # type: ignore[no-untyped-def]
        u = next((u for u in self.team if u["id"] == self.edit_id), None)
        if u and self._run(admin.update_user, user_id=self.edit_id, role=self.edit_role,
                           branch_ids=self.edit_branches, is_active=u["is_active"]):  # fmt: skip
            self.edit_id = ""
            self._reload()

    @rx.event
    def set_user_active(self, user_id: str, active: bool):  # type: ignore[no-untyped-def]
        u = next((u for u in self.team if u["id"] == user_id), None)
        if u and self._run(admin.update_user, user_id=user_id, role=u["role"], branch_ids=u["branch_ids"],
                           is_active=active):  # fmt: skip
            self._reload()

    @rx.event
    async def reset_password(self, user_id: str):  # type: ignore[no-untyped-def]
        u = next((u for u in self.team if u["id"] == user_id), None)
        password = await self._run_in_thread(admin.reset_password, user_id=user_id) if u else None
        if password:
            self.new_password, self.password_for, self.password_reset = password, u["email"], True


# ==================================================================== components


def _field(label_key: str, name: str, default: Any, **props: Any) -> rx.Component:
    return rx.vstack(rx.text(tr(label_key), size="2", weight="medium"),
                     rx.input(name=name, default_value=default, width="100%", data_testid=f"f-{name}", **props),
                     spacing="1", width="100%")  # fmt: skip


def _profile_tab() -> rx.Component:
    s, p = SettingsState, SettingsState.profile
    return rx.vstack(
        section(
            "restaurant_profile",
            rx.form(
                rx.vstack(
                    rx.grid(
                        _field("name_ar", "name_ar", p["name_ar"], dir="rtl"),
                        _field("name_en", "name_en", p["name_en"], dir="ltr"),
                        _field("timezone", "timezone", p["timezone"], dir="ltr"),
                        _field("city", "city", p["city"]),
                        columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
                    ),
                    rx.text(tr("personality"), size="2", weight="medium"),
                    rx.hstack(
                        select_tr(PERSONALITY_OPTIONS, s.personality, s.set_personality, "personality-select"),
                        select_tr([("ar-SA", "lang_ar_sa"), ("ar-EG", "lang_ar_eg"), ("en", "lang_en")],
                                  s.preview_lang, s.set_preview_lang, "preview-lang"),
                        wrap="wrap",
                    ),
                    rx.box(
                        rx.text(tr("preview"), size="1", color_scheme="gray"),
                        rx.text(s.preview, size="3", dir="auto", data_testid="personality-preview"),
                        padding="0.8em", border_radius="12px", background="#d9fdd3", width="100%",
                    ),
                    rx.divider(),
                    rx.hstack(rx.switch(checked=s.prayer, on_change=s.set_prayer, data_testid="prayer-toggle"),
                              rx.text(tr("prayer_holding")), align="center"),
                    rx.text(tr("prayer_help"), size="1", color_scheme="gray"),
                    rx.hstack(rx.switch(checked=s.ramadan_mode, on_change=s.set_ramadan_mode,
                                        data_testid="ramadan-mode-toggle"),
                              rx.text(tr("ramadan_mode")), align="center"),
                    rx.text(tr("ramadan_mode_help"), size="1", color_scheme="gray"),
                    rx.divider(),
                    rx.hstack(rx.switch(checked=s.discount, on_change=s.set_discount, data_testid="discount-toggle"),
                              rx.text(tr("discount_enabled")), align="center"),
                    rx.grid(
                        _field("discount_percent", "discount_percent", p["discount_percent"], dir="ltr", type="number"),
                        _field("discount_valid_days", "discount_valid_days", p["discount_valid_days"], dir="ltr",
                               type="number"),
                        _field("feedback_delay_hours", "feedback_delay_hours", p["feedback_delay_hours"], dir="ltr",
                               type="number"),
                        columns=rx.breakpoints(initial="1", md="3"), spacing="3", width="100%",
                    ),
                    rx.button(tr("save"), type="submit", data_testid="save-profile"),
                    spacing="3", width="100%",
                ),
                on_submit=s.save_profile, reset_on_submit=False, width="100%",
            ),
        ),
    )  # fmt: skip


def _hours_grid(prefix: str, title_key: str) -> rx.Component:
    s = SettingsState
    return rx.vstack(
        rx.hstack(
            rx.text(tr(title_key), weight="bold", size="2"),
            rx.button(
                tr("copy_to_all_days"), size="1", variant="ghost", on_click=s.copy_hours_to_all(prefix)
            ),
            align="center",
        ),  # fmt: skip
        rx.grid(
            *[
                rx.fragment(
                    rx.text(tr(f"day_{d}"), size="2", align_self="center"),
                    rx.input(
                        value=s.branch_form[f"{prefix}_{d}_open"],
                        placeholder="12:00",
                        dir="ltr",
                        size="1",
                        on_change=lambda v, k=f"{prefix}_{d}_open": s.set_branch_field(k, v),
                    ),
                    rx.input(
                        value=s.branch_form[f"{prefix}_{d}_close"],
                        placeholder="01:00",
                        dir="ltr",
                        size="1",
                        on_change=lambda v, k=f"{prefix}_{d}_close": s.set_branch_field(k, v),
                    ),
                )
                for d in DAYS
            ],
            columns="6em 1fr 1fr",
            spacing="2",
            width="100%",
        ),  # fmt: skip
        width="100%",
        spacing="2",
    )


def _branch_input(key: str, label: str, **props: Any) -> rx.Component:
    s = SettingsState
    return rx.vstack(rx.text(tr(label), size="2"),
                     rx.input(value=s.branch_form[key], on_change=lambda v: s.set_branch_field(key, v), width="100%",
                              data_testid=f"branch-{key}", **props), spacing="1", width="100%")  # fmt: skip


def _branches_tab() -> rx.Component:
    s = SettingsState

    def row(b: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.cond(UIState.is_en, b["name_en"], b["name_ar"])),
            rx.table.cell(b["city"]),
            rx.table.cell(rx.text(b["hours_text"], size="1", dir="ltr")),
            rx.table.cell(rx.text(b["ramadan_text"], size="1", dir="ltr")),
            rx.table.cell(rx.button(tr("edit"), size="1", variant="soft", on_click=s.edit_branch(b["id"]))),
        )

    return rx.vstack(
        data_table(["name", "city", "hours", "ramadan_hours", "actions"], s.branches, row, "branches-table"),
        section(
            "branch_editor",
            rx.grid(
                _branch_input("name_ar", "name_ar", dir="rtl"), _branch_input("name_en", "name_en", dir="ltr"),
                _branch_input("city", "city"), _branch_input("street", "street"),
                _branch_input("lat", "latitude", dir="ltr"), _branch_input("lng", "longitude", dir="ltr"),
                _branch_input("phone", "phone", dir="ltr"),
                columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
            ),
            rx.grid(_hours_grid("h", "hours"), _hours_grid("r", "ramadan_hours"),
                    columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
            rx.hstack(
                rx.button(rx.cond(s.branch_form["id"] == "", tr("add_branch"), tr("save")), on_click=s.save_branch,
                          data_testid="save-branch"),
                rx.button(tr("clear"), variant="ghost", on_click=s.edit_branch("")),
            ),
        ),
        width="100%",
        spacing="4",
    )  # fmt: skip


def _menu_tab() -> rx.Component:
    s, it = SettingsState, SettingsState.item

    def row(m: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.cond(UIState.is_en, m["name_en"], m["name_ar"]), data_testid="menu-item-name"),
            rx.table.cell(rx.cond(UIState.is_en, m["category_en"], m["category_ar"])),
            rx.table.cell(rx.text(m["price"], " ", tr("sar"), dir="ltr"), data_testid="menu-item-price"),
            rx.table.cell(rx.switch(checked=m["available"].to(bool),
                                    on_change=lambda v: s.toggle_available(m["id"], v))),
            rx.table.cell(rx.button(tr("edit"), size="1", variant="soft", on_click=s.edit_item(m["id"]),
                                    data_testid="edit-item")),
            data_testid="menu-row",
        )  # fmt: skip

    return rx.vstack(
        section(
            "menu_editor",
            rx.grid(
                rx.input(value=it["name_ar"].to(str), on_change=lambda v: s.set_item_field("name_ar", v),
                         placeholder=tr("name_ar"), dir="rtl", data_testid="item-name-ar"),
                rx.input(value=it["name_en"].to(str), on_change=lambda v: s.set_item_field("name_en", v),
                         placeholder=tr("name_en"), dir="ltr", data_testid="item-name-en"),
                rx.input(value=it["price"].to(str), on_change=lambda v: s.set_item_field("price", v),
                         placeholder=tr("price"), dir="ltr", data_testid="item-price"),
                rx.input(value=it["category"].to(str), on_change=lambda v: s.set_item_field("category", v),
                         placeholder=tr("category"), dir="ltr", data_testid="item-category"),
                columns=rx.breakpoints(initial="1", md="4"), spacing="2", width="100%",
            ),
            rx.hstack(
                rx.switch(checked=it["available"].to(bool), on_change=lambda v: s.set_item_field("available", v)),
                rx.text(tr("available"), size="2"),
                rx.spacer(),
                rx.button(tr("clear"), variant="ghost", on_click=s.new_item),
                rx.button(rx.cond(it["id"].to(str) == "", tr("add_item"), tr("save")), on_click=s.save_item,
                          data_testid="save-item"),
                align="center", width="100%",
            ),
        ),
        data_table(["name", "category", "price", "available", "actions"], s.menu, row, "menu-table"),
        section(
            "menu_import",
            rx.code("name_ar,name_en,price,category,available", dir="ltr"),
            rx.hstack(
                rx.upload.root(rx.button(rx.icon("file-up", size=14), tr("choose_file"), variant="outline"),
                               id=MENU_UPLOAD, accept={"text/csv": [".csv"]}, max_files=1, data_testid="menu-upload"),
                rx.text(rx.selected_files(MENU_UPLOAD).join(", "), size="1", dir="ltr"),
                rx.button(tr("import"), on_click=s.import_menu(rx.upload_files(upload_id=MENU_UPLOAD)),
                          data_testid="menu-import"),
                align="center", wrap="wrap",
            ),
            rx.cond(s.menu_errors.length() > 0,
                    rx.callout(rx.vstack(rx.foreach(s.menu_errors, lambda e: rx.text(translated_error(e), size="1")),
                                         rx.foreach(s.menu_lines, lambda e: rx.text(
                                             rx.cond(UIState.is_en, e["en"], e["ar"]), size="1", dir="auto",
                                             data_testid="menu-line-error"))),
                               color_scheme="red", icon="triangle-alert")),
        ),
        width="100%",
        spacing="4",
    )  # fmt: skip


def _templates_tab() -> rx.Component:
    s = SettingsState

    def row(t: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.code(t["name"], dir="ltr")), rx.table.cell(t["language"]), rx.table.cell(t["purpose"]),
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


def _canned_tab() -> rx.Component:
    s = SettingsState

    def row(c: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(c["title"]), rx.table.cell(rx.text(c["body"], size="2", dir="auto")),
            rx.table.cell(c["language"]),
            rx.table.cell(rx.icon_button(rx.icon("trash-2", size=14), size="1", color_scheme="red", variant="soft",
                                         on_click=s.delete_canned(c["id"]))),
        )  # fmt: skip

    return rx.vstack(
        data_table(["title", "body", "language", "actions"], s.canned, row, "canned-table"),
        section(
            "add_quick_reply",
            rx.form(
                rx.vstack(
                    rx.hstack(rx.input(name="title", placeholder=tr("title"), required=True, width="100%"),
                              rx.select(["ar", "en"], name="language", default_value="ar"), width="100%"),
                    rx.text_area(name="body", placeholder=tr("body"), required=True, width="100%", dir="auto"),
                    rx.button(tr("add"), type="submit", data_testid="add-canned"),
                    width="100%",
                ),
                on_submit=s.add_canned, reset_on_submit=True, width="100%",
            ),
        ),
        width="100%",
        spacing="4",
    )  # fmt: skip


def _edit_user_dialog() -> rx.Component:
    """Role and any number of branches for one teammate (owners work in all branches)."""
    s = SettingsState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("edit_teammate")),
            rx.vstack(
                rx.text(s.edit_email, size="2", dir="ltr", color_scheme="gray"),
                rx.text(tr("role"), size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(width="12em", data_testid="edit-role"),
                    rx.select.content(*[rx.select.item(tr(f"role_{r}"), value=r) for r in ("owner", "manager", "staff")]),
                    value=s.edit_role, on_change=s.set_edit_role,
                ),
                rx.text(tr("branches"), size="2", weight="medium"),
                rx.cond(
                    s.edit_role == "owner",
                    rx.text(tr("all_branches"), size="2", color_scheme="gray"),
                    rx.flex(rx.foreach(s.branches, lambda b: rx.checkbox(
                        rx.cond(UIState.is_en, b["name_en"], b["name_ar"]),
                        checked=s.edit_branches.contains(b["id"].to(str)),
                        on_change=lambda v: s.toggle_edit_branch(b["id"].to(str), v),
                        data_testid="edit-branch")), spacing="3", wrap="wrap", data_testid="edit-branches"),
                ),
                error_callout(rx.cond(UIState.is_en, s.error_en, s.error), "edit-user-error"),
                rx.hstack(
                    rx.dialog.close(rx.button(tr("cancel"), variant="soft", color_scheme="gray")),
                    rx.button(tr("save"), on_click=s.save_user, data_testid="save-user"),
                    justify="end", width="100%",
                ),
                spacing="3", width="100%",
            ),
            dir=UIState.dir, max_width="30em",
        ),
        open=s.edit_id != "",
        on_open_change=s.close_edit,
    )  # fmt: skip


def _team_tab() -> rx.Component:
    s = SettingsState

    def row(u: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.vstack(rx.text(u["name"], size="2"), rx.text(u["email"], size="1", dir="ltr",
                                                                         color_scheme="gray"), spacing="0")),
            rx.table.cell(tr_value("role", u["role"].to(str), ("owner", "manager", "staff"))),
            rx.table.cell(rx.cond(u["role"] == "owner", rx.text(tr("all_branches"), size="2"),
                                  rx.text(rx.cond(UIState.is_en, u["branches_en"], u["branches_ar"]), size="2",
                                          data_testid="user-branches"))),
            rx.table.cell(rx.hstack(
                rx.switch(checked=u["is_active"].to(bool), disabled=u["is_me"].to(bool),
                          on_change=lambda v: s.set_user_active(u["id"], v), data_testid="user-active"),
                rx.cond(u["is_active"].to(bool), rx.fragment(),
                        rx.badge(tr("deactivated"), color_scheme="gray", size="1")),
                align="center", spacing="2")),
            rx.table.cell(rx.hstack(
                rx.button(rx.icon("pencil", size=14), tr("edit"), size="1", variant="soft",
                          on_click=s.edit_user(u["id"]), disabled=u["is_me"].to(bool), data_testid="edit-user"),
                rx.button(rx.icon("key-round", size=14), tr("reset_password"), size="1", variant="soft",
                          color_scheme="amber", on_click=s.reset_password(u["id"]), data_testid="reset-password"),
                spacing="2", wrap="wrap")),
            data_testid="team-row",
        )  # fmt: skip

    return rx.vstack(
        rx.cond(s.new_password != "", rx.callout(
            rx.fragment(rx.cond(s.password_reset, tr("reset_password_once"), tr("new_password_once")), " ", rx.text(s.password_for, as_="span", dir="ltr"), ": ",
                        rx.code(s.new_password, dir="ltr")),
            color_scheme="amber", icon="key-round", data_testid="new-password")),
        data_table(["name", "role", "branch", "active", "actions"], s.team, row, "team-table"),
        _edit_user_dialog(),
        section(
            "add_teammate",
            rx.form(
                rx.vstack(
                    rx.grid(
                        rx.input(name="email", type="email", placeholder=tr("email"), required=True, dir="ltr"),
                        rx.input(name="full_name", placeholder=tr("name")),
                        rx.select.root(rx.select.trigger(), rx.select.content(
                            *[rx.select.item(tr(f"role_{r}"), value=r) for r in ("staff", "manager", "owner")]),
                            name="role", default_value="staff"),
                        rx.input(name="password", type="password", placeholder=tr("password_optional"), dir="ltr"),
                        columns=rx.breakpoints(initial="1", md="4"), spacing="2", width="100%",
                    ),
                    rx.flex(rx.foreach(s.branches, lambda b: rx.checkbox(
                        rx.cond(UIState.is_en, b["name_en"], b["name_ar"]), name="branch_" + b["id"].to(str))),
                        spacing="3", wrap="wrap"),
                    rx.button(tr("add"), type="submit", data_testid="add-user"),
                    width="100%",
                ),
                on_submit=s.add_user, reset_on_submit=True, width="100%",
            ),
        ),
        width="100%",
        spacing="4",
    )  # fmt: skip


def _prayer_tab() -> rx.Component:
    """Today's adhan times and hold windows per branch, and the messages waiting for a window to end."""
    s = SettingsState

    def branch_row(b: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.vstack(
                rx.text(rx.cond(UIState.is_en, b["name_en"], b["name_ar"]), weight="medium", size="2"),
                rx.text(rx.cond(UIState.is_en, b["city"], b["city_ar"]), " · ", b["date"], size="1",
                        color_scheme="gray", dir="ltr"),
                rx.cond(b["ramadan"].to(bool), rx.badge(tr("ramadan_today"), color_scheme="purple", size="1")),
                rx.cond(b["quiet_from"].to(str) != "",
                        rx.text(tr("quiet_before_iftar"), " ", b["quiet_from"].to(str), size="1", color_scheme="purple")),
                rx.cond(~b["holding"].to(bool), rx.badge(tr("holding_off"), color_scheme="orange", size="1")),
                spacing="1",
            )),
            *[rx.table.cell(rx.vstack(
                rx.text(b[p].to(str), weight="bold", dir="ltr", data_testid=f"prayer-{p}"),
                rx.text(b[f"{p}_hold"].to(str), size="1", color_scheme="gray", dir="ltr"),
                spacing="0")) for p in PRAYER_KEYS],
            data_testid="prayer-row",
        )  # fmt: skip

    def held_row(h: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.vstack(rx.text(h["name"].to(str), size="2"),
                                    rx.text(h["recipient"].to(str), size="1", dir="ltr", color_scheme="gray"),
                                    spacing="0")),
            rx.table.cell(rx.code(h["purpose"].to(str), dir="ltr")),
            rx.table.cell(rx.text(h["not_before"].to(str), size="2", dir="ltr")),
            data_testid="held-row",
        )  # fmt: skip

    return rx.vstack(
        section(
            "prayer_times_today",
            rx.text(tr("prayer_times_help"), size="1", color_scheme="gray"),
            data_table(["branch", *[f"prayer_{p}" for p in PRAYER_KEYS]], s.prayer_rows, branch_row, "prayer-table"),
            test_id="prayer-times",
        ),
        section(
            "held_queue",
            rx.hstack(
                rx.text(tr("held_waiting"), ": ", rx.text.strong(s.held["count"].to(str), data_testid="held-count"),
                        size="2"),
                rx.cond(s.held["next_release"].to(str) != "",
                        rx.text(tr("next_release"), ": ", rx.text.strong(s.held["next_release"].to(str), dir="ltr"),
                                " (", s.held["timezone"].to(str), ")", size="2", data_testid="held-next")),
                spacing="4", wrap="wrap",
            ),
            rx.cond(s.held_rows.length() > 0,
                    data_table(["recipient", "purpose", "not_before"], s.held_rows, held_row, "held-table"),
                    rx.text(tr("no_held"), size="2", color_scheme="gray", data_testid="no-held")),
            test_id="held-queue",
        ),
        width="100%",
        spacing="4",
    )  # fmt: skip


def _check_result(result: rx.Var, busy: rx.Var, test_id: str) -> rx.Component:
    """The inline answer of a TEST button: spinner, then ok (green) or the error text (red)."""
    return rx.cond(
        busy,
        rx.hstack(rx.spinner(size="1"), rx.text(tr("checking"), size="1"), align="center"),
        rx.cond(result.length() > 0,
                rx.callout(result["message"].to(str), size="1", icon=rx.cond(result["ok"].to(bool), "circle-check",
                                                                             "circle-alert"),
                           color_scheme=rx.cond(result["ok"].to(bool), "green", "red"), data_testid=test_id)),
    )  # fmt: skip


def _status_line(label_key: str, ok: rx.Var, ok_key: str, bad_key: str) -> rx.Component:
    return rx.hstack(
        rx.cond(
            ok,
            rx.icon("circle-check", size=16, color="green"),
            rx.icon("circle-alert", size=16, color="orange"),
        ),
        rx.text(tr(label_key), ": ", rx.cond(ok, tr(ok_key), tr(bad_key)), size="2"),
        align="center",
    )


def _connections_tab() -> rx.Component:
    c = SettingsState.connections
    return section(
        "connections",
        rx.hstack(
            _status_line("whatsapp_mode", ~c["sandbox"].to(bool), "live_mode", "sandbox_mode"),
            rx.button(rx.icon("plug-zap", size=14), tr("test_connection"), size="1", variant="soft",
                      on_click=SettingsState.test_whatsapp, loading=SettingsState.checking_wa,
                      data_testid="test-whatsapp"),
            align="center", wrap="wrap",
        ),
        _check_result(SettingsState.wa_check, SettingsState.checking_wa, "whatsapp-check"),
        rx.text("phone_number_id: ", rx.code(c["phone_number_id"].to(str), dir="ltr"), size="2"),
        rx.text("Graph API: ", rx.code(c["graph_url"].to(str), dir="ltr"), size="2"),
        _status_line("webhook_signature", c["app_secret"].to(bool), "configured", "not_configured"),
        _status_line("verify_token", c["verify_token"].to(bool), "configured", "not_configured"),
        rx.hstack(
            _status_line("llm_mode", c["llm"].to(bool), "llm_connected", "rule_based"),
            rx.button(rx.icon("plug-zap", size=14), tr("test_connection"), size="1", variant="soft",
                      on_click=SettingsState.test_llm, loading=SettingsState.checking_llm, data_testid="test-llm"),
            align="center", wrap="wrap",
        ),
        _check_result(SettingsState.llm_check, SettingsState.checking_llm, "llm-check"),
        rx.cond(c["llm"].to(bool), rx.text(c["llm_models"].to(str), size="1", dir="ltr", color_scheme="gray")),
        rx.divider(),
        rx.text(tr("sent_24h"), ": ", c["sent_24h"].to(str), " · ", tr("failed_24h"), ": ", c["failed_24h"].to(str),
                " · ", tr("pending_sends"), ": ", c["pending"].to(str), size="2", data_testid="send-stats"),
        rx.cond(c["last_error"].to(str) != "", rx.callout(c["last_error"].to(str), color_scheme="red", size="1")),
        test_id="connections",
    )  # fmt: skip


@template("/settings", "settings", on_load=SettingsState.load)
def settings_page() -> rx.Component:
    s = SettingsState
    return rx.cond(
        ~s.allowed,
        rx.callout(tr("owners_only"), icon="lock", color_scheme="amber", data_testid="owners-only"),
        rx.vstack(
            error_callout(rx.cond(UIState.is_en, s.error_en, s.error), "settings-error"),
            rx.cond(s.notice != "", rx.callout(rx.fragment(tr("saved"), " ", rx.cond(s.notice == "saved", "", s.notice)),
                                               icon="circle-check", color_scheme="green", data_testid="settings-saved")),
            rx.tabs.root(
                rx.tabs.list(*[rx.tabs.trigger(tr(f"tab_{t}"), value=t, data_testid=f"tab-{t}") for t in TABS],
                             wrap="wrap"),
                rx.tabs.content(_profile_tab(), value="profile", padding_top="1em"),
                rx.tabs.content(_branches_tab(), value="branches", padding_top="1em"),
                rx.tabs.content(_prayer_tab(), value="prayer", padding_top="1em"),
                rx.tabs.content(_menu_tab(), value="menu", padding_top="1em"),
                rx.tabs.content(_templates_tab(), value="templates", padding_top="1em"),
                rx.tabs.content(_canned_tab(), value="quick_replies", padding_top="1em"),
                rx.tabs.content(_team_tab(), value="team", padding_top="1em"),
                rx.tabs.content(_connections_tab(), value="connections", padding_top="1em"),
                rx.tabs.content(webhooks_tab(), value="webhooks", padding_top="1em"),
                value=s.tab,
                on_change=s.set_tab,
                width="100%",
                dir=UIState.dir,
            ),
            width="100%",
            spacing="3",
        ),
    )  # fmt: skip
