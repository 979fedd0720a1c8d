"""The page template: `@template(route, title_key)` wraps `@rx.page` with the dashboard shell."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from crm_res.state.auth import AuthState
from crm_res.state.ui import UIState, tr

NAV = [
    ("/", "overview", "layout-dashboard"),
    ("/conversations", "conversations", "messages-square"),
    ("/orders", "orders", "shopping-bag"),
    ("/feedback", "feedback", "star"),
    ("/customers", "customers", "users"),
    ("/settings", "settings", "settings"),
    ("/simulator", "simulator", "smartphone"),
]


def _nav_link(route: str, key: str, icon: str) -> rx.Component:
    active = rx.State.router.page.path == route
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(tr(key), size="3"), spacing="3", align="center"),
        href=route,
        underline="none",
        padding="0.55em 0.9em",
        border_radius="8px",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 12)),
        background=rx.cond(active, rx.color("accent", 3), "transparent"),
        width="100%",
        data_testid=f"nav-{key}",
    )


def sidebar() -> rx.Component:
    return rx.vstack(
        rx.heading("CRM-RES", size="6", color=rx.color("accent", 11), padding_bottom="0.2em"),
        rx.text(rx.cond(UIState.is_en, AuthState.restaurant_name_en, AuthState.restaurant_name_ar),
                size="2", color_scheme="gray", data_testid="restaurant-name"),  # fmt: skip
        rx.divider(),
        *[_nav_link(*item) for item in NAV],
        rx.spacer(),
        rx.button(rx.icon("languages", size=16), tr("language_toggle"), on_click=UIState.toggle_lang,
                  variant="outline", width="100%", data_testid="lang-toggle"),  # fmt: skip
        rx.button(rx.icon("log-out", size=16), tr("logout"), on_click=AuthState.logout,
                  variant="ghost", color_scheme="gray", width="100%", data_testid="logout"),  # fmt: skip
        spacing="2",
        padding="1.2em",
        min_width="230px",
        height="100vh",
        position="sticky",
        top="0",
        border_inline_end=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
        display=["none", "none", "flex"],
    )


def mobile_nav() -> rx.Component:
    return rx.hstack(
        *[rx.link(rx.icon(icon, size=20), href=route, padding="0.4em") for route, _, icon in NAV],
        rx.button(tr("language_toggle"), on_click=UIState.toggle_lang, size="1", variant="outline"),
        display=["flex", "flex", "none"],
        overflow_x="auto",
        padding="0.5em",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )


def shell(content: rx.Component, title_key: str) -> rx.Component:
    return rx.box(
        rx.hstack(
            sidebar(),
            rx.vstack(
                mobile_nav(),
                rx.heading(tr(title_key), size="7", data_testid="page-title"),
                content,
                spacing="4",
                padding=["1em", "1.5em", "2em"],
                width="100%",
                min_width="0",
                align="stretch",
            ),
            spacing="0",
            align="start",
            width="100%",
        ),
        dir=UIState.dir,
        lang=rx.cond(UIState.is_en, "en", "ar"),
        width="100%",
    )


def template(
    route: str, title_key: str, on_load: rx.EventHandler | list | None = None
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register a logged-in dashboard page: shell, title, auth check then the page's own load."""
    loads: list = [AuthState.require_login, UIState.sync_dir]
    if on_load is not None:
        loads += on_load if isinstance(on_load, list) else [on_load]

    def decorator(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @rx.page(route=route, title="CRM-RES", on_load=loads)
        def wrapped() -> rx.Component:
            return shell(page(), title_key)

        wrapped.__name__ = page.__name__
        return wrapped

    return decorator
