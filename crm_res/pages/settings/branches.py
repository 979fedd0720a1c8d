"""Settings › Branches: the branch list and the editor for a branch's address and its regular and
Ramadan opening hours."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, section
from crm_res.services.admin import restaurant_settings as admin
from crm_res.state.ui import UIState, tr

from .base import SettingsState
from .rows import BranchRow, Hours

DAYS = admin.DAYS
BRANCH_FIELDS = ("id", "name_ar", "name_en", "city", "street", "lat", "lng", "phone")


def _empty_branch() -> dict[str, str]:
    form = dict.fromkeys(BRANCH_FIELDS, "")
    for prefix in ("h", "r"):
        for d in DAYS:
            form[f"{prefix}_{d}_open"] = form[f"{prefix}_{d}_close"] = ""
    return form


class BranchesState(SettingsState):
    branch_form: dict[str, str] = _empty_branch()

    @rx.event
    def edit_branch(self, branch_id: str) -> None:
        form = _empty_branch()
        b: BranchRow | None = next((b for b in self.branches if b["id"] == branch_id), None)
        if b is not None:
            form.update({k: str(b[k]) for k in BRANCH_FIELDS})  # type: ignore[literal-required]  # k is one of BRANCH_FIELDS
            for prefix, hours in (("h", b["hours"]), ("r", b["ramadan"])):
                for d in DAYS:
                    form[f"{prefix}_{d}_open"] = hours[d].get("open", "")
                    form[f"{prefix}_{d}_close"] = hours[d].get("close", "")
        self.branch_form = form

    @rx.event
    def set_branch_field(self, key: str, value: str) -> None:
        self.branch_form = {**self.branch_form, key: value}

    @rx.event
    def copy_hours_to_all(self, prefix: str) -> None:
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
    def save_branch(self) -> None:
        f = self.branch_form
        data: dict[str, Any] = {k: f[k] for k in BRANCH_FIELDS[1:]}
        data["hours"] = {d: {"open": f[f"h_{d}_open"], "close": f[f"h_{d}_close"]} for d in DAYS}
        data["ramadan"] = {d: {"open": f[f"r_{d}_open"], "close": f[f"r_{d}_close"]} for d in DAYS}
        if self._run(admin.save_branch, branch_id=f["id"] or None, data=data):
            self.branch_form = _empty_branch()
            self._reload_branches()


def week_hours(hours: ObjectVar[dict[str, Hours]]) -> rx.Component:
    """A branch's week as translated day names and times, closed days said in words."""
    return rx.flex(
        *[
            rx.text(
                tr(f"day_{d}"),
                " ",
                rx.cond(
                    hours[d]["open"].to(str) == "",
                    tr("closed"),
                    rx.text(
                        hours[d]["open"].to(str),
                        "–",
                        hours[d]["close"].to(str),
                        as_="span",
                        dir="ltr",
                        class_name="digits",
                    ),
                ),
                size="1",
                white_space="nowrap",
            )
            for d in DAYS
        ],
        column_gap="0.8em",
        row_gap="0.1em",
        wrap="wrap",
    )


def _time_input(key: str, placeholder: str) -> rx.Component:
    """One opening or closing time of the branch form (`key`: "<hours>_<day>_open|close")."""
    s = BranchesState
    return rx.input(
        value=s.branch_form[key],
        placeholder=placeholder,
        dir="ltr",
        size="1",
        on_change=lambda v: s.set_branch_field(key, v),
    )


def _hours_grid(prefix: str, title_key: str) -> rx.Component:
    s = BranchesState
    return rx.vstack(
        rx.hstack(
            rx.text(tr(title_key), weight="bold", size="2"),
            rx.button(
                tr("copy_to_all_days"), size="1", variant="ghost", on_click=s.copy_hours_to_all(prefix)
            ),
            align="center",
        ),
        rx.grid(
            *[
                rx.fragment(
                    rx.text(tr(f"day_{d}"), size="2", align_self="center"),
                    _time_input(f"{prefix}_{d}_open", "12:00"),
                    _time_input(f"{prefix}_{d}_close", "01:00"),
                )
                for d in DAYS
            ],
            columns="6em 1fr 1fr",
            spacing="2",
            width="100%",
        ),
        width="100%",
        spacing="2",
    )


def _branch_input(key: str, label: str, **props: Any) -> rx.Component:
    s = BranchesState
    return rx.vstack(
        rx.text(tr(label), size="2"),
        rx.input(
            value=s.branch_form[key],
            on_change=lambda v: s.set_branch_field(key, v),
            width="100%",
            data_testid=f"branch-{key}",
            **props,
        ),
        spacing="1",
        width="100%",
    )


def branches_tab() -> rx.Component:
    s = BranchesState

    def row(b: ObjectVar[BranchRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.cond(UIState.is_en, b["name_en"], b["name_ar"])),
            rx.table.cell(b["city"]),
            rx.table.cell(week_hours(b["hours"].to(dict[str, Hours]))),
            rx.table.cell(week_hours(b["ramadan"].to(dict[str, Hours]))),
            rx.table.cell(rx.button(tr("edit"), size="1", variant="soft", on_click=s.edit_branch(b["id"]))),
        )

    return rx.vstack(
        data_table(["name", "city", "hours", "ramadan_hours", "actions"], s.branches, row, "branches-table"),
        section(
            "branch_editor",
            rx.grid(
                _branch_input("name_ar", "name_ar", dir="rtl"),
                _branch_input("name_en", "name_en", dir="ltr"),
                _branch_input("city", "city"),
                _branch_input("street", "street"),
                _branch_input("lat", "latitude", dir="ltr"),
                _branch_input("lng", "longitude", dir="ltr"),
                _branch_input("phone", "phone", dir="ltr"),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            rx.grid(
                _hours_grid("h", "hours"),
                _hours_grid("r", "ramadan_hours"),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            rx.hstack(
                rx.button(
                    rx.cond(s.branch_form["id"] == "", tr("add_branch"), tr("save")),
                    on_click=s.save_branch,
                    data_testid="save-branch",
                ),
                rx.button(tr("clear"), variant="ghost", on_click=s.edit_branch("")),
            ),
        ),
        width="100%",
        spacing="4",
    )
