"""Login page."""

from __future__ import annotations

import reflex as rx

from crm_res.components.native_form import native_form
from crm_res.state.auth import AuthState
from crm_res.state.ui import UIState, tr


def _field(name: str) -> tuple[rx.Component, rx.Component]:
    """A required field of the login form, its label above; `name` is its input type too."""
    return (
        rx.text(tr(name), size="2", weight="bold"),
        rx.input(name=name, type=name, required=True, width="100%", dir="ltr", data_testid=name),
    )


@rx.page(route="/login", title="CRM-RES", on_load=[UIState.sync_dir, AuthState.show_login_error])
def login_page() -> rx.Component:
    # A plain HTML form posted to /auth/login: the server checks the password and sets the
    # HttpOnly session cookie itself (crm_res/http/auth_routes.py).
    return rx.center(
        rx.card(
            native_form(
                rx.vstack(
                    rx.hstack(
                        rx.heading("CRM-RES", size="7", color=rx.color("accent", 11)),
                        rx.spacer(),
                        rx.button(
                            tr("language_toggle"),
                            on_click=UIState.toggle_lang,
                            type="button",
                            variant="ghost",
                            size="1",
                            data_testid="lang-toggle",
                        ),
                        width="100%",
                    ),
                    rx.text(tr("login_subtitle"), color_scheme="gray"),
                    rx.heading(tr("login_title"), size="5"),
                    *_field("email"),
                    *_field("password"),
                    rx.cond(
                        AuthState.login_error != "",
                        rx.callout(
                            tr("login_failed"),
                            color_scheme="red",
                            icon="triangle-alert",
                            width="100%",
                            data_testid="login-error",
                        ),
                    ),
                    rx.button(tr("sign_in"), type="submit", width="100%", size="3", data_testid="sign-in"),
                    spacing="3",
                    width="100%",
                ),
                action="/auth/login",
                method="post",
            ),
            width=["92vw", "400px"],
            padding="2em",
        ),
        dir=UIState.dir,
        min_height="100vh",
        background=rx.color("accent", 2),
    )
