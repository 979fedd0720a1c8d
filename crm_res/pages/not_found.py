"""The page for an address no route serves: in the user's language, with a way back (Reflex's own
says "404: Page not found" in English)."""

from __future__ import annotations

import reflex as rx

from crm_res.state.ui import UIState, tr


@rx.page(route="404", title="CRM-RES", on_load=UIState.sync_dir)
def not_found_page() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading(tr("not_found_title"), size="7", data_testid="not-found"),
            rx.text(tr("not_found_body"), color_scheme="gray"),
            rx.link(rx.button(tr("not_found_home")), href="/"),
            align="center",
            spacing="4",
        ),
        min_height="80vh",
    )
