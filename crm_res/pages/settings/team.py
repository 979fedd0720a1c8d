"""Settings › Team: teammates, their role and branches; adding one, resetting a password (shown
once) and switching a teammate off (asked first, with a reason)."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import data_table, error_callout, section
from crm_res.db import session_scope
from crm_res.services.admin import restaurant_settings as admin
from crm_res.state.ui import UIState, tr, tr_value

from .base import SettingsState
from .rows import TeamRow


class TeamState(SettingsState):
    team: list[TeamRow] = []
    new_password: str = ""
    password_for: str = ""
    password_reset: bool = False
    edit_id: str = ""
    edit_email: str = ""
    edit_role: str = "staff"
    edit_branches: list[str] = []
    off_id: str = ""  # the teammate about to be switched off, waiting for "yes"
    off_name: str = ""

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.team = cast(list[TeamRow], admin.list_users_admin(session=session, viewer=viewer))

    def _member(self, user_id: str) -> TeamRow | None:
        return next((u for u in self.team if u["id"] == user_id), None)

    @rx.event
    def load(self) -> None:
        self.new_password = self.password_for = self.edit_id = self.off_id = ""
        self._reload()

    @rx.event
    async def add_user(self, form: dict[str, Any]) -> None:
        branch_ids = [k.removeprefix("branch_") for k, v in form.items() if k.startswith("branch_") and v]
        result = await self._run_in_thread(
            admin.add_user,
            email=form.get("email", ""),
            role=form.get("role", "staff"),
            branch_ids=branch_ids,
            full_name=form.get("full_name", ""),
            password=form.get("password") or None,
        )
        if isinstance(result, tuple):
            self.new_password, self.password_for = result[1], form.get("email", "").strip().lower()
            self.password_reset = False
            self._reload()

    @rx.event
    def edit_user(self, user_id: str) -> None:
        u = self._member(user_id)
        if u:
            self.edit_id, self.edit_role, self.edit_branches = user_id, u["role"], list(u["branch_ids"])
            self.edit_email = u["email"]

    @rx.event
    def close_edit(self, open_: bool = False) -> None:
        if not open_:
            self.edit_id = ""

    @rx.event
    def set_edit_role(self, role: str) -> None:
        self.edit_role = role

    @rx.event
    def toggle_edit_branch(self, branch_id: str, on: bool) -> None:
        rest = [b for b in self.edit_branches if b != branch_id]
        self.edit_branches = [*rest, branch_id] if on else rest

    @rx.event
    def save_user(self) -> None:
        u = self._member(self.edit_id)
        if (
            u is not None
            and self._run(
                admin.update_user,
                user_id=self.edit_id,
                role=self.edit_role,
                branch_ids=self.edit_branches,
                is_active=u["is_active"],
            )
            is not None
        ):
            self.edit_id = ""
            self._reload()

    def _set_active(self, user_id: str, active: bool) -> None:
        u = self._member(user_id)
        if (
            u is not None
            and self._run(
                admin.update_user,
                user_id=user_id,
                role=u["role"],
                branch_ids=u["branch_ids"],
                is_active=active,
            )
            is not None
        ):
            self._reload()

    @rx.event
    def set_user_active(self, user_id: str, active: bool) -> None:
        """Switching a teammate back on is harmless; switching one off asks first."""
        if active:
            self._set_active(user_id, True)
            return
        u = self._member(user_id)
        if u:
            self.off_id, self.off_name = user_id, u["name"] or u["email"]

    @rx.event
    def cancel_off(self, open_: bool = False) -> None:
        if not open_:
            self.off_id = ""

    @rx.event
    def confirm_off(self, form: dict[str, Any]) -> None:
        user_id, self.off_id = self.off_id, ""
        if user_id:
            self._set_active(user_id, False)

    @rx.event
    async def reset_password(self, user_id: str) -> None:
        u = self._member(user_id)
        password = await self._run_in_thread(admin.reset_password, user_id=user_id) if u else None
        if u and isinstance(password, str):
            self.new_password, self.password_for, self.password_reset = password, u["email"], True


def _edit_user_dialog() -> rx.Component:
    """Role and any number of branches for one teammate (owners work in all branches)."""
    s = TeamState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("edit_teammate")),
            rx.vstack(
                rx.text(s.edit_email, size="2", dir="ltr", color_scheme="gray"),
                rx.text(tr("role"), size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(width="12em", data_testid="edit-role"),
                    rx.select.content(
                        *[rx.select.item(tr(f"role_{r}"), value=r) for r in ("owner", "manager", "staff")]
                    ),
                    value=s.edit_role,
                    on_change=s.set_edit_role,
                ),
                rx.text(tr("branches"), size="2", weight="medium"),
                rx.cond(
                    s.edit_role == "owner",
                    rx.text(tr("all_branches"), size="2", color_scheme="gray"),
                    rx.flex(
                        rx.foreach(
                            s.branches,
                            lambda b: rx.checkbox(
                                rx.cond(UIState.is_en, b["name_en"], b["name_ar"]),
                                checked=s.edit_branches.contains(b["id"].to(str)),
                                on_change=lambda v: s.toggle_edit_branch(b["id"].to(str), v),
                                data_testid="edit-branch",
                            ),
                        ),
                        spacing="3",
                        wrap="wrap",
                        data_testid="edit-branches",
                    ),
                ),
                error_callout(rx.cond(UIState.is_en, s.error_en, s.error), "edit-user-error"),
                rx.hstack(
                    rx.dialog.close(rx.button(tr("cancel"), variant="soft", color_scheme="gray")),
                    rx.button(tr("save"), on_click=s.save_user, data_testid="save-user"),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            dir=UIState.dir,
            max_width="30em",
        ),
        open=s.edit_id != "",
        on_open_change=s.close_edit,
    )


def team_tab() -> rx.Component:
    s = TeamState

    def row(u: ObjectVar[TeamRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(
                    rx.text(u["name"], size="2"),
                    rx.text(u["email"], size="1", dir="ltr", color_scheme="gray"),
                    spacing="0",
                )
            ),
            rx.table.cell(tr_value("role", u["role"].to(str), ("owner", "manager", "staff"))),
            rx.table.cell(
                rx.cond(
                    u["role"] == "owner",
                    rx.text(tr("all_branches"), size="2"),
                    rx.text(
                        rx.cond(UIState.is_en, u["branches_en"], u["branches_ar"]),
                        size="2",
                        data_testid="user-branches",
                    ),
                )
            ),
            rx.table.cell(
                rx.hstack(
                    rx.switch(
                        checked=u["is_active"].to(bool),
                        disabled=u["is_me"].to(bool),
                        on_change=lambda v: s.set_user_active(u["id"], v),
                        data_testid="user-active",
                    ),
                    rx.cond(
                        u["is_active"].to(bool),
                        rx.fragment(),
                        rx.badge(tr("deactivated"), color_scheme="gray", size="1"),
                    ),
                    align="center",
                    spacing="2",
                )
            ),
            rx.table.cell(
                rx.hstack(
                    rx.button(
                        rx.icon("pencil", size=14),
                        tr("edit"),
                        size="1",
                        variant="soft",
                        on_click=s.edit_user(u["id"]),
                        disabled=u["is_me"].to(bool),
                        data_testid="edit-user",
                    ),
                    rx.button(
                        rx.icon("key-round", size=14),
                        tr("reset_password"),
                        size="1",
                        variant="soft",
                        color_scheme="amber",
                        on_click=s.reset_password(u["id"]),
                        data_testid="reset-password",
                    ),
                    spacing="2",
                    wrap="wrap",
                )
            ),
            data_testid="team-row",
        )

    return rx.vstack(
        rx.cond(
            s.new_password != "",
            rx.callout(
                rx.fragment(
                    rx.cond(s.password_reset, tr("reset_password_once"), tr("new_password_once")),
                    " ",
                    rx.text(s.password_for, as_="span", dir="ltr"),
                    ": ",
                    rx.code(s.new_password, dir="ltr"),
                ),
                color_scheme="amber",
                icon="key-round",
                data_testid="new-password",
            ),
        ),
        data_table(["name", "role", "branch", "active", "actions"], s.team, row, "team-table"),
        _edit_user_dialog(),
        confirm_dialog(
            TeamState.off_id != "",
            "confirm_deactivate",
            TeamState.off_name,
            TeamState.confirm_off,
            TeamState.cancel_off,
            "confirm-deactivate",
        ),
        section(
            "add_teammate",
            rx.form(
                rx.vstack(
                    rx.grid(
                        rx.input(
                            name="email", type="email", placeholder=tr("email"), required=True, dir="ltr"
                        ),
                        rx.input(name="full_name", placeholder=tr("name")),
                        rx.select.root(
                            rx.select.trigger(),
                            rx.select.content(
                                *[
                                    rx.select.item(tr(f"role_{r}"), value=r)
                                    for r in ("staff", "manager", "owner")
                                ]
                            ),
                            name="role",
                            default_value="staff",
                        ),
                        rx.input(
                            name="password", type="password", placeholder=tr("password_optional"), dir="ltr"
                        ),
                        columns=rx.breakpoints(initial="1", md="4"),
                        spacing="2",
                        width="100%",
                    ),
                    rx.flex(
                        rx.foreach(
                            s.branches,
                            lambda b: rx.checkbox(
                                rx.cond(UIState.is_en, b["name_en"], b["name_ar"]),
                                name="branch_" + b["id"].to(str),
                            ),
                        ),
                        spacing="3",
                        wrap="wrap",
                    ),
                    rx.button(tr("add"), type="submit", data_testid="add-user"),
                    width="100%",
                ),
                on_submit=s.add_user,
                reset_on_submit=True,
                width="100%",
            ),
        ),
        width="100%",
        spacing="4",
    )
