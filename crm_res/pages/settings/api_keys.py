"""Settings › API keys (owners only): create a key (name, scopes, optionally one branch; the key is
shown once, with a copy button), see when each was last used, revoke one (asked first)."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import branch_name, data_table, section
from crm_res.db import session_scope
from crm_res.i18n import STRINGS
from crm_res.services.api import api_keys as keys
from crm_res.state.ui import UIState, tr

from .base import SettingsState
from .rows import ApiKeyRow

ALL_BRANCHES = "all"  # the branch select's value for "every branch" (radix selects refuse "")


def scope_key(scope: str) -> str:
    """`orders:write` -> the translation key `scope_orders_write`."""
    return "scope_" + scope.replace(":", "_")


class ApiKeysState(SettingsState):
    api_keys: list[ApiKeyRow] = []
    new_key: str = ""  # the key just made: shown once, gone on the next load
    new_key_name: str = ""
    key_branch: str = ALL_BRANCHES
    revoke_id: str = ""  # the key about to be revoked, waiting for "yes"
    revoke_name: str = ""

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.api_keys = cast(list[ApiKeyRow], keys.list_api_keys(session=session, viewer=viewer))

    @rx.event
    def load(self) -> None:
        self.new_key = self.new_key_name = self.revoke_id = ""
        self._reload()

    @rx.event
    def set_key_branch(self, value: str) -> None:
        self.key_branch = value

    @rx.event
    def create_key(self, form: dict[str, Any]) -> None:
        scopes = [s for s in keys.SCOPES if form.get(scope_key(s))]
        branch = None if self.key_branch == ALL_BRANCHES else self.key_branch
        if not scopes:
            self.error, self.error_en = STRINGS["api_key_no_scopes"]
            self.notice = ""
            return
        made = self._run(
            keys.create_api_key, notice="", name=form.get("name", ""), scopes=scopes, branch_id=branch
        )
        if isinstance(made, keys.NewKey):
            self.new_key, self.new_key_name = made.key, (form.get("name") or "").strip()
            self.key_branch = ALL_BRANCHES
            self._reload()

    @rx.event
    def ask_revoke(self, key_id: str) -> None:
        row = next((k for k in self.api_keys if k["id"] == key_id), None)
        if row is not None:
            self.revoke_id, self.revoke_name = key_id, row["name"] or row["prefix"]

    @rx.event
    def close_revoke(self, open_: bool = False) -> None:
        if not open_:
            self.revoke_id = ""

    @rx.event
    def revoke(self, _form: dict[str, Any] | None = None) -> None:
        if self.revoke_id:
            self._run(keys.revoke_api_key, key_id=self.revoke_id)
        self.revoke_id = ""
        self._reload()


def _scope_label(scope: rx.Var) -> rx.Component:
    return rx.match(scope, *[(s, tr(scope_key(s))) for s in keys.SCOPES], scope)


def _key_row(k: ObjectVar[ApiKeyRow]) -> rx.Component:
    s = ApiKeysState
    revoked = k["revoked"].to(bool)
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.text(k["name"].to(str), weight="medium"),
                rx.code(k["prefix"].to(str) + "…", dir="ltr", size="1"),
                spacing="1",
            )
        ),
        rx.table.cell(
            rx.flex(
                rx.foreach(
                    k["scope_list"].to(list[str]),
                    lambda sc: rx.badge(_scope_label(sc), variant="soft", size="1"),
                ),
                spacing="1",
                wrap="wrap",
                max_width="28em",
            )
        ),
        rx.table.cell(rx.cond(k["branch_ar"].to(str) != "", branch_name(k), tr("all_branches"))),
        rx.table.cell(rx.text(k["created_label"].to(str), dir="ltr", size="2")),
        rx.table.cell(
            rx.cond(
                k["last_used_label"].to(str) != "",
                rx.text(k["last_used_label"].to(str), dir="ltr", size="2", data_testid="key-last-used"),
                rx.text(tr("api_key_never_used"), color_scheme="gray", size="2"),
            )
        ),
        rx.table.cell(
            rx.cond(
                revoked,
                rx.badge(tr("api_key_revoked"), color_scheme="red"),
                rx.badge(tr("api_key_active"), color_scheme="green"),
            )
        ),
        rx.table.cell(
            rx.cond(
                revoked,
                rx.fragment(),
                rx.button(
                    tr("api_key_revoke"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=s.ask_revoke(k["id"].to(str)),
                    data_testid="revoke-key",
                ),
            )
        ),
        data_testid="api-key-row",
    )


def _scope_boxes() -> rx.Component:
    rows = []
    for resource in keys.RESOURCES:
        rows.append(
            rx.hstack(
                rx.text(tr(f"api_resource_{resource}"), size="2", weight="medium", min_width="8em"),
                *[
                    rx.checkbox(
                        tr(scope_key(f"{resource}:{a}")),
                        name=scope_key(f"{resource}:{a}"),
                        default_checked=a == "read",
                        data_testid=f"scope-{resource}-{a}",
                    )
                    for a in ("read", "write")
                ],
                spacing="4",
                align="center",
                wrap="wrap",
            )
        )
    return rx.vstack(*rows, spacing="2", data_testid="key-scopes")


def api_keys_tab() -> rx.Component:
    s = ApiKeysState
    return rx.vstack(
        section(
            "api_keys",
            rx.text(tr("api_keys_help"), size="1", color_scheme="gray"),
            rx.cond(
                s.new_key != "",
                rx.callout(
                    rx.vstack(
                        rx.text(tr("api_key_shown_once"), weight="medium"),
                        rx.hstack(
                            rx.code(s.new_key, dir="ltr", data_testid="new-api-key", word_break="break-all"),
                            rx.button(
                                rx.icon("copy", size=14),
                                tr("copy"),
                                size="1",
                                variant="soft",
                                on_click=rx.set_clipboard(s.new_key),
                                data_testid="copy-api-key",
                            ),
                            align="center",
                            wrap="wrap",
                        ),
                        spacing="2",
                    ),
                    color_scheme="amber",
                    icon="key-round",
                    data_testid="api-key-once",
                ),
            ),
            rx.cond(
                s.api_keys.length() > 0,
                data_table(
                    [
                        "name",
                        "api_key_scopes",
                        "branch",
                        "api_key_created",
                        "api_key_last_used",
                        "status",
                        "actions",
                    ],
                    s.api_keys,
                    _key_row,
                    "api-keys-table",
                ),
                rx.text(tr("api_keys_none"), size="2", color_scheme="gray"),
            ),
            test_id="api-keys",
        ),
        section(
            "api_key_new",
            rx.form(
                rx.vstack(
                    rx.input(
                        name="name",
                        placeholder=tr("api_key_name_hint"),
                        max_length=keys.NAME_MAX,
                        width="100%",
                        data_testid="api-key-name",
                    ),
                    rx.text(tr("api_key_scopes"), size="2", weight="medium"),
                    _scope_boxes(),
                    rx.text(tr("branch"), size="2", weight="medium"),
                    rx.select.root(
                        rx.select.trigger(data_testid="api-key-branch"),
                        rx.select.content(
                            rx.select.item(tr("all_branches"), value=ALL_BRANCHES),
                            rx.foreach(
                                s.branches,
                                lambda b: rx.select.item(branch_name(b, "name_ar", "name_en"), value=b["id"]),
                            ),
                        ),
                        value=s.key_branch,
                        on_change=s.set_key_branch,
                    ),
                    rx.text(tr("api_key_branch_help"), size="1", color_scheme="gray"),
                    rx.button(tr("api_key_create"), type="submit", data_testid="create-api-key"),
                    width="100%",
                    spacing="3",
                ),
                on_submit=s.create_key,
                reset_on_submit=True,
                width="100%",
            ),
        ),
        confirm_dialog(
            s.revoke_id != "",
            "api_key_revoke_title",
            s.revoke_name,
            s.revoke,
            s.close_revoke,
            "confirm-revoke",
            reason=False,
        ),
        width="100%",
        spacing="4",
        dir=UIState.dir,
    )
