"""Settings › Connections: WhatsApp and LLM configuration, the outbox's last 24 hours, and TEST
buttons that call Meta and the LLM gateway (in the background: up to ~10 s of network)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, cast

import reflex as rx
from reflex.event import EventType
from reflex.vars import ObjectVar

from crm_res.components.ui import section
from crm_res.db import session_scope
from crm_res.services.access import Viewer
from crm_res.services.admin import restaurant_settings as admin
from crm_res.services.admin.connection_check import check_llm, check_whatsapp
from crm_res.services.errors import DomainError
from crm_res.state.ui import tr

from .base import SettingsState
from .rows import CheckResult, Connections


def _run_check(check: Callable[..., dict[str, Any]], viewer: Viewer) -> CheckResult:
    """Run a connection check (HTTP, up to ~10 s) in its own session; errors become a result."""
    try:
        with session_scope() as session:
            return cast(CheckResult, check(session=session, viewer=viewer))
    except (DomainError, ValueError) as exc:
        return {"ok": False, "mode": "", "message": str(exc)}


class ConnectionsState(SettingsState):
    connections: Connections = {}
    wa_check: CheckResult = {}
    llm_check: CheckResult = {}
    checking_wa: bool = False
    checking_llm: bool = False

    def _reload(self) -> None:
        viewer = self._viewer()
        if viewer is None or not self._may_load():
            return
        with session_scope() as session:
            self.connections = cast(Connections, admin.connection_status(session=session, viewer=viewer))

    @rx.event
    def load(self) -> None:
        self._reload()

    @rx.event(background=True)
    async def test_whatsapp(self) -> None:
        async with self:
            viewer = self._viewer()
            if viewer is None or self.checking_wa:
                return
            self.checking_wa, self.wa_check = True, {}
        result = await asyncio.to_thread(_run_check, check_whatsapp, viewer)
        async with self:
            self.checking_wa, self.wa_check = False, result

    @rx.event(background=True)
    async def test_llm(self) -> None:
        async with self:
            viewer = self._viewer()
            if viewer is None or self.checking_llm:
                return
            self.checking_llm, self.llm_check = True, {}
        result = await asyncio.to_thread(_run_check, check_llm, viewer)
        async with self:
            self.checking_llm, self.llm_check = False, result


def _check_result(result: ObjectVar[CheckResult], busy: rx.Var[bool], test_id: str) -> rx.Component:
    """The inline answer of a TEST button: spinner, then ok (green) or the error text (red)."""
    return rx.cond(
        busy,
        rx.hstack(rx.spinner(size="1"), rx.text(tr("checking"), size="1"), align="center"),
        rx.cond(
            result.length() > 0,
            rx.callout(
                result["message"].to(str),
                size="1",
                icon=rx.cond(result["ok"].to(bool), "circle-check", "circle-alert"),
                color_scheme=rx.cond(result["ok"].to(bool), "green", "red"),
                data_testid=test_id,
            ),
        ),
    )


def _status_line(label_key: str, ok: rx.Var, ok_key: str, bad_key: str) -> rx.Component:
    return rx.hstack(
        rx.cond(
            ok,
            rx.icon("circle-check", size=16, color="green"),
            rx.icon("circle-alert", size=16, color="orange"),
        ),
        rx.text(tr(label_key), ": ", rx.cond(ok, tr(ok_key), tr(bad_key)), size="2"),
        align="center",
    )


def _tested_line(
    status: rx.Component, on_test: EventType[()], checking: rx.Var[bool], test_id: str
) -> rx.Component:
    """A connection's status with its TEST button beside it."""
    return rx.hstack(
        status,
        rx.button(
            rx.icon("plug-zap", size=14),
            tr("test_connection"),
            size="1",
            variant="soft",
            on_click=on_test,
            loading=checking,
            data_testid=test_id,
        ),
        align="center",
        wrap="wrap",
    )


def connections_tab() -> rx.Component:
    c = ConnectionsState.connections
    return section(
        "connections",
        _tested_line(
            _status_line("whatsapp_mode", ~c["sandbox"].to(bool), "live_mode", "sandbox_mode"),
            ConnectionsState.test_whatsapp,
            ConnectionsState.checking_wa,
            "test-whatsapp",
        ),
        _check_result(ConnectionsState.wa_check, ConnectionsState.checking_wa, "whatsapp-check"),
        rx.text("phone_number_id: ", rx.code(c["phone_number_id"].to(str), dir="ltr"), size="2"),
        rx.text("Graph API: ", rx.code(c["graph_url"].to(str), dir="ltr"), size="2"),
        _status_line("webhook_signature", c["app_secret"].to(bool), "configured", "not_configured"),
        rx.cond(
            c["app_secret_missing"].to(bool),
            rx.callout(
                tr("app_secret_required"),
                color_scheme="red",
                size="1",
                icon="shield-alert",
                data_testid="app-secret-required",
            ),
        ),
        _status_line("verify_token", c["verify_token"].to(bool), "configured", "not_configured"),
        _tested_line(
            _status_line("llm_mode", c["llm"].to(bool), "llm_connected", "rule_based"),
            ConnectionsState.test_llm,
            ConnectionsState.checking_llm,
            "test-llm",
        ),
        _check_result(ConnectionsState.llm_check, ConnectionsState.checking_llm, "llm-check"),
        rx.cond(
            c["llm"].to(bool), rx.text(c["llm_models"].to(str), size="1", dir="ltr", color_scheme="gray")
        ),
        rx.divider(),
        rx.text(
            tr("sent_24h"),
            ": ",
            c["sent_24h"].to(str),
            " · ",
            tr("failed_24h"),
            ": ",
            c["failed_24h"].to(str),
            " · ",
            tr("pending_sends"),
            ": ",
            c["pending"].to(str),
            size="2",
            data_testid="send-stats",
        ),
        rx.cond(
            c["last_error"].to(str) != "", rx.callout(c["last_error"].to(str), color_scheme="red", size="1")
        ),
        test_id="connections",
    )
