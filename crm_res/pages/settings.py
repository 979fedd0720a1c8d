"""Settings: restaurant profile, branches, menu and connection status."""

from __future__ import annotations

from typing import Any

import reflex as rx

from crm_res.components.ui import data_table
from crm_res.db import session_scope
from crm_res.layout import template
from crm_res.models import Restaurant
from crm_res.services.menu import list_menu
from crm_res.services.restaurants import list_branches
from crm_res.settings import get_settings
from crm_res.state.auth import AuthState
from crm_res.state.ui import UIState, tr


class SettingsState(AuthState):
    name_ar: str = ""
    name_en: str = ""
    personality: str = ""
    timezone: str = ""
    branches: list[dict[str, Any]] = []
    menu: list[dict[str, Any]] = []
    sandbox: bool = True
    llm_configured: bool = False

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        viewer = self._viewer()
        if viewer is None:
            return
        with session_scope() as session:
            r = session.get(Restaurant, viewer.restaurant_id)
            assert r is not None
            self.name_ar, self.name_en = r.name_ar, r.name_en
            self.personality, self.timezone = r.personality_type.value, r.timezone
            self.branches = [
                {"name_ar": b.name_ar, "name_en": b.name_en, "city": b.city, "phone": b.phone or "",
                 "hours": ", ".join(f"{d}: {h['open']}–{h['close']}" for d, h in b.operating_hours.items())}
                for b in list_branches(session=session, restaurant_id=r.id)
            ]  # fmt: skip
            self.menu = [
                {"name_ar": m.name_ar, "name_en": m.name_en, "price": f"{m.price:.2f}",
                 "category": m.category, "available": m.available}
                for m in list_menu(session=session, restaurant_id=r.id)
            ]  # fmt: skip
        settings = get_settings()
        self.sandbox = settings.sandbox
        self.llm_configured = bool(settings.llm_api_key)


def _branch_row(b: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(UIState.is_en, b["name_en"], b["name_ar"])),
        rx.table.cell(b["city"]),
        rx.table.cell(rx.text(b["phone"], dir="ltr")),
        rx.table.cell(rx.text(b["hours"], size="1", dir="ltr")),
    )


def _menu_row(m: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(UIState.is_en, m["name_en"], m["name_ar"])),
        rx.table.cell(m["category"]),
        rx.table.cell(m["price"], " ", tr("sar")),
        rx.table.cell(rx.cond(m["available"].to(bool), tr("yes"), tr("no"))),
    )


@template("/settings", "settings", on_load=SettingsState.load)
def settings_page() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.heading(tr("restaurant_profile"), size="4"),
                rx.text(SettingsState.name_ar, " — ", SettingsState.name_en, data_testid="profile-names"),
                rx.text(tr("personality"), ": ", SettingsState.personality),
                rx.text(tr("timezone"), ": ", SettingsState.timezone),
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading(tr("connections"), size="4"),
                rx.text(tr("whatsapp_mode"), ": ",
                        rx.cond(SettingsState.sandbox, tr("sandbox_mode"), tr("live_mode"))),
                rx.text(tr("llm_mode"), ": ",
                        rx.cond(SettingsState.llm_configured, tr("llm_connected"), tr("rule_based"))),
            ),
            width="100%",
        ),  # fmt: skip
        rx.heading(tr("branches"), size="4"),
        data_table(["name", "branch", "whatsapp", "status"], SettingsState.branches, _branch_row,
                   "branches-table"),  # fmt: skip
        rx.heading(tr("menu"), size="4"),
        data_table(["name", "category", "price", "available"], SettingsState.menu, _menu_row, "menu-table"),
        width="100%",
        spacing="4",
    )
