"""The one way a destructive action asks first: a dialog naming what is about to happen, with a
reason field (required when `reason` is on) and a red confirm button; Escape or Cancel closes it."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventType

from crm_res.state.ui import UIState, tr


def confirm_dialog(
    open_: rx.Var[bool],
    question_key: str,
    subject: rx.Var | rx.Component | str,
    on_confirm: EventType[dict[str, Any]],
    on_close: EventType[bool],
    test_id: str,
    reason: bool = True,
) -> rx.Component:
    """`on_confirm` receives the form ({"reason": ...}); `on_close(False)` when dismissed."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(tr(question_key)),
            rx.alert_dialog.description(rx.text(subject, weight="bold", style={"unicode_bidi": "isolate"})),
            rx.form(
                rx.vstack(
                    *(
                        [
                            rx.text_area(
                                name="reason",
                                placeholder=tr("reason"),
                                required=True,
                                width="100%",
                                dir="auto",
                                data_testid=f"{test_id}-reason",
                            )
                        ]
                        if reason
                        else []
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(
                            rx.button(
                                tr("keep"),
                                type="button",
                                variant="soft",
                                color_scheme="gray",
                                data_testid=f"{test_id}-no",
                            )
                        ),
                        rx.button(
                            tr("yes_confirm"), type="submit", color_scheme="red", data_testid=f"{test_id}-yes"
                        ),
                        justify="end",
                        width="100%",
                        spacing="3",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=on_confirm,
                reset_on_submit=True,
                width="100%",
            ),
            dir=UIState.dir,
            max_width="28em",
            data_testid=test_id,
        ),
        open=open_,
        on_open_change=on_close,
    )
