"""Settings › Prayer times: today's adhan times and hold windows per branch, and the messages
waiting for a window to end."""

from __future__ import annotations

from typing import cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, section
from crm_res.db import session_scope
from crm_res.integrations.prayer_times import PRAYERS
from crm_res.services.timing.prayer_board import branch_prayer_times, held_queue
from crm_res.state.ui import UIState, tr

from .base import SettingsState
from .rows import HeldRow, HeldSummary, PrayerRow


class PrayerState(SettingsState):
    prayer_rows: list[PrayerRow] = []
    held: HeldSummary = {}
    held_rows: list[HeldRow] = []

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.prayer_rows = cast(
                list[PrayerRow], branch_prayer_times(session=session, restaurant_id=viewer.restaurant_id)
            )
            queue = held_queue(session=session, restaurant_id=viewer.restaurant_id)
        self.held_rows = cast(list[HeldRow], queue.pop("rows"))
        self.held = cast(HeldSummary, queue)

    @rx.event
    def load(self) -> None:
        self._reload()


def prayer_tab() -> rx.Component:
    """Today's adhan times and hold windows per branch, and the messages waiting for a window to end."""
    s = PrayerState

    def branch_row(b: ObjectVar[PrayerRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(
                    rx.text(rx.cond(UIState.is_en, b["name_en"], b["name_ar"]), weight="medium", size="2"),
                    rx.text(
                        rx.cond(UIState.is_en, b["city"], b["city_ar"]),
                        " · ",
                        b["date"],
                        size="1",
                        color_scheme="gray",
                        dir="ltr",
                    ),
                    rx.cond(
                        b["ramadan"].to(bool), rx.badge(tr("ramadan_today"), color_scheme="purple", size="1")
                    ),
                    rx.cond(
                        b["quiet_from"].to(str) != "",
                        rx.text(
                            tr("quiet_before_iftar"),
                            " ",
                            b["quiet_from"].to(str),
                            size="1",
                            color_scheme="purple",
                        ),
                    ),
                    rx.cond(
                        ~b["holding"].to(bool), rx.badge(tr("holding_off"), color_scheme="orange", size="1")
                    ),
                    spacing="1",
                )
            ),
            *[
                rx.table.cell(
                    rx.vstack(
                        rx.text(b[p].to(str), weight="bold", dir="ltr", data_testid=f"prayer-{p}"),
                        rx.text(b[f"{p}_hold"].to(str), size="1", color_scheme="gray", dir="ltr"),
                        spacing="0",
                    )
                )
                for p in PRAYERS
            ],
            data_testid="prayer-row",
        )

    def held_row(h: ObjectVar[HeldRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(
                    rx.text(h["name"].to(str), size="2"),
                    rx.text(h["recipient"].to(str), size="1", dir="ltr", color_scheme="gray"),
                    spacing="0",
                )
            ),
            rx.table.cell(rx.code(h["purpose"].to(str), dir="ltr")),
            rx.table.cell(rx.text(h["not_before"].to(str), size="2", dir="ltr")),
            data_testid="held-row",
        )

    return rx.vstack(
        section(
            "prayer_times_today",
            rx.text(tr("prayer_times_help"), size="1", color_scheme="gray"),
            data_table(
                ["branch", *[f"prayer_{p}" for p in PRAYERS]], s.prayer_rows, branch_row, "prayer-table"
            ),
            test_id="prayer-times",
        ),
        section(
            "held_queue",
            rx.hstack(
                rx.text(
                    tr("held_waiting"),
                    ": ",
                    rx.text.strong(s.held["count"].to(str), data_testid="held-count"),
                    size="2",
                ),
                rx.cond(
                    s.held["next_release"].to(str) != "",
                    rx.text(
                        tr("next_release"),
                        ": ",
                        rx.text.strong(s.held["next_release"].to(str), dir="ltr"),
                        " (",
                        s.held["timezone"].to(str),
                        ")",
                        size="2",
                        data_testid="held-next",
                    ),
                ),
                spacing="4",
                wrap="wrap",
            ),
            rx.cond(
                s.held_rows.length() > 0,
                data_table(["recipient", "purpose", "not_before"], s.held_rows, held_row, "held-table"),
                rx.text(tr("no_held"), size="2", color_scheme="gray", data_testid="no-held"),
            ),
            test_id="held-queue",
        ),
        width="100%",
        spacing="4",
    )
