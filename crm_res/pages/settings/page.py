"""Settings (owners only, enforced by services/admin): one tab per module in this package, each
with its own substate of `SettingsState`."""

from __future__ import annotations

import reflex as rx

from crm_res.components.ui import error_callout
from crm_res.layout import template
from crm_res.state.ui import UIState, tr

from .api_keys import ApiKeysState, api_keys_tab
from .base import TABS, SettingsState
from .branches import branches_tab
from .connections import ConnectionsState, connections_tab
from .menu import MenuState, menu_tab
from .prayer import PrayerState, prayer_tab
from .profile import ProfileState, profile_tab
from .quick_replies import QuickRepliesState, quick_replies_tab
from .team import TeamState, team_tab
from .templates import TemplatesState, templates_tab
from .webhooks import webhooks_tab

LOADS = [
    SettingsState.load,
    ProfileState.load,
    PrayerState.load,
    MenuState.load,
    TemplatesState.load,
    QuickRepliesState.load,
    TeamState.load,
    ConnectionsState.load,
    ApiKeysState.load,
]
TAB_VIEWS = {
    "profile": profile_tab,
    "branches": branches_tab,
    "prayer": prayer_tab,
    "menu": menu_tab,
    "templates": templates_tab,
    "quick_replies": quick_replies_tab,
    "team": team_tab,
    "connections": connections_tab,
    "webhooks": webhooks_tab,
    "api_keys": api_keys_tab,
}


@template("/settings", "settings", on_load=LOADS)
def settings_page() -> rx.Component:
    s = SettingsState
    return rx.cond(
        ~s.allowed,
        rx.callout(tr("owners_only"), icon="lock", color_scheme="amber", data_testid="owners-only"),
        rx.vstack(
            error_callout(rx.cond(UIState.is_en, s.error_en, s.error), "settings-error"),
            rx.cond(
                s.notice != "",
                rx.callout(
                    rx.fragment(tr("saved"), " ", rx.cond(s.notice == "saved", "", s.notice)),
                    icon="circle-check",
                    color_scheme="green",
                    data_testid="settings-saved",
                ),
            ),
            rx.tabs.root(
                rx.tabs.list(
                    *[rx.tabs.trigger(tr(f"tab_{t}"), value=t, data_testid=f"tab-{t}") for t in TABS],
                    wrap="wrap",
                ),
                *[rx.tabs.content(TAB_VIEWS[t](), value=t, padding_top="1em") for t in TABS],
                value=s.tab,
                on_change=s.set_tab,
                width="100%",
                dir=UIState.dir,
            ),
            width="100%",
            spacing="3",
        ),
    )
