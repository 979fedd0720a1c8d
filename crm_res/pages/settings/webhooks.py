"""The Settings page's Webhooks tab (owners only): endpoints with their events, the secret shown
once, enable/disable/delete, a test event, and each endpoint's delivery log with "send again"."""

from __future__ import annotations

import json
from typing import Any, cast

import reflex as rx
from reflex.event import EventType
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, error_callout, section
from crm_res.db import session_scope
from crm_res.services.api import webhook_endpoints as hooks
from crm_res.services.api.webhook_events import EVENT_TYPES
from crm_res.services.errors import DomainError
from crm_res.state.auth import AuthState
from crm_res.state.errors import error_texts
from crm_res.state.ui import UIState, tr, tr_value

from .rows import EndpointRow


def _row(d: dict[str, Any]) -> dict[str, Any]:
    last = d["log"][-1] if d["log"] else {}
    return {
        "id": d["id"],
        "type": d["type"],
        "status": d["status"],
        "attempts": str(d["attempts"]),
        "event_id": d["event_id"],
        "code": str(last.get("status_code") or last.get("error") or "—"),
        "response": (last.get("response") or "")[:200],
        "duration": str(last.get("duration_ms", "")),
        "request": json.dumps(d["request"], ensure_ascii=False)[:400],
    }


class WebhookState(AuthState):
    error: str = ""  # Arabic; error_en the same in English
    error_en: str = ""
    endpoints: list[EndpointRow] = []
    new_secret: str = ""
    open_endpoint: str = ""
    deliveries: list[dict[str, str]] = []

    def _run(self, fn, **kwargs: Any) -> Any:
        viewer = self._viewer()
        if viewer is None or not viewer.can_change_settings:
            return None
        try:
            with session_scope() as session:
                result = fn(session=session, viewer=viewer, **kwargs)
        except (DomainError, ValueError) as exc:
            texts = error_texts(exc)
            self.error, self.error_en = texts["ar"], texts["en"]
            return None
        self.error = self.error_en = ""
        return result if result is not None else True

    def _refresh(self) -> None:
        rows = self._run(hooks.list_webhook_endpoints)
        self.endpoints = [
            cast(
                EndpointRow,
                {**e, "events_text": ", ".join(e["events"]), "failure_count": str(e["failure_count"])},
            )
            for e in rows or []
        ]
        if self.open_endpoint:
            self._load_log()

    def _load_log(self) -> None:
        rows = self._run(hooks.list_webhook_deliveries, endpoint_id=self.open_endpoint)
        self.deliveries = [_row(d) for d in rows] if isinstance(rows, list) else []

    @rx.event
    def load_webhooks(self) -> None:
        self.new_secret = ""
        self._refresh()

    @rx.event
    def add_endpoint(self, form: dict) -> None:
        events = [e for e in EVENT_TYPES if form.get(f"ev_{e}")]
        made = self._run(
            hooks.create_webhook_endpoint,
            url=form.get("url", ""),
            events=events,
            description=form.get("description", ""),
        )
        self.new_secret = made["secret"] if isinstance(made, dict) else ""
        self._refresh()

    @rx.event
    def set_enabled(self, endpoint_id: str, enabled: bool) -> None:
        self._run(hooks.update_webhook_endpoint, endpoint_id=endpoint_id, enabled=enabled)
        self._refresh()

    @rx.event
    def delete_endpoint(self, endpoint_id: str) -> None:
        self._run(hooks.delete_webhook_endpoint, endpoint_id=endpoint_id)
        if self.open_endpoint == endpoint_id:
            self.open_endpoint, self.deliveries = "", []
        self._refresh()

    @rx.event
    def send_test(self, endpoint_id: str) -> None:
        self._run(hooks.send_test_webhook, endpoint_id=endpoint_id)
        self.open_endpoint = endpoint_id
        self._refresh()

    @rx.event
    def show_log(self, endpoint_id: str) -> None:
        self.open_endpoint = endpoint_id
        self._load_log()

    @rx.event
    def send_again(self, delivery_id: int) -> None:
        self._run(hooks.redeliver_webhook, delivery_id=delivery_id)
        self._load_log()


def _row_action(label_key: str, on_click: EventType[()], color: str) -> rx.Component:
    """One of an endpoint's small actions (enable, disable, delete)."""
    return rx.button(tr(label_key), size="1", variant="soft", color_scheme=color, on_click=on_click)


def webhooks_tab() -> rx.Component:
    s = WebhookState

    def endpoint_row(e: ObjectVar[EndpointRow]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(
                    rx.code(e["url"].to(str), dir="ltr"),
                    rx.text(e["events_text"].to(str), size="1", dir="ltr", color_scheme="gray"),
                    spacing="1",
                )
            ),
            rx.table.cell(
                rx.cond(
                    e["enabled"].to(bool),
                    rx.badge(tr("webhook_enabled"), color_scheme="green"),
                    rx.cond(
                        e["disabled_reason"].to(str) == "failures",
                        rx.badge(tr("webhook_disabled_failures"), color_scheme="red"),
                        rx.badge(tr("webhook_disabled_owner"), color_scheme="gray"),
                    ),
                )
            ),
            rx.table.cell(e["failure_count"].to(str)),
            rx.table.cell(
                rx.flex(
                    rx.button(
                        tr("webhook_send_test"),
                        size="1",
                        variant="soft",
                        on_click=s.send_test(e["id"].to(str)),
                        data_testid="webhook-test",
                    ),
                    rx.button(
                        tr("webhook_log"), size="1", variant="soft", on_click=s.show_log(e["id"].to(str))
                    ),
                    rx.cond(
                        e["enabled"].to(bool),
                        _row_action("webhook_disable", s.set_enabled(e["id"].to(str), False), "orange"),
                        _row_action("webhook_enable", s.set_enabled(e["id"].to(str), True), "green"),
                    ),
                    _row_action("webhook_delete", s.delete_endpoint(e["id"].to(str)), "red"),
                    spacing="2",
                    wrap="wrap",
                )
            ),
            data_testid="webhook-row",
        )

    def delivery_row(d: ObjectVar[dict[str, Any]]) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.vstack(
                    rx.code(d["type"].to(str), dir="ltr"),
                    rx.text(d["event_id"].to(str), size="1", dir="ltr", color_scheme="gray"),
                    spacing="0",
                )
            ),
            rx.table.cell(tr_value("wh_status", d["status"].to(str), ("pending", "delivered", "failed"))),
            rx.table.cell(d["attempts"].to(str)),
            rx.table.cell(
                rx.vstack(
                    rx.code(d["code"].to(str), dir="ltr"),
                    rx.text(d["response"].to(str), size="1", dir="ltr"),
                    spacing="0",
                )
            ),
            rx.table.cell(d["duration"].to(str), dir="ltr"),
            rx.table.cell(
                rx.button(
                    tr("webhook_send_again"),
                    size="1",
                    variant="soft",
                    on_click=s.send_again(d["id"].to(int)),
                    data_testid="webhook-send-again",
                )
            ),
            data_testid="webhook-delivery",
        )

    return rx.vstack(
        error_callout(rx.cond(UIState.is_en, s.error_en, s.error), "webhook-error"),
        section(
            "webhook_endpoints",
            rx.text(tr("webhook_help"), size="1", color_scheme="gray"),
            rx.cond(
                s.new_secret != "",
                rx.callout(
                    rx.vstack(
                        tr("webhook_secret_once"),
                        rx.code(s.new_secret, dir="ltr", data_testid="webhook-secret"),
                    ),
                    color_scheme="amber",
                    icon="key-round",
                ),
            ),
            rx.cond(
                s.endpoints.length() > 0,
                data_table(
                    ["webhook_url", "status", "webhook_failures", "actions"],
                    s.endpoints,
                    endpoint_row,
                    "webhooks-table",
                ),
                rx.text(tr("webhook_no_endpoints"), size="2", color_scheme="gray"),
            ),
            rx.button(rx.icon("refresh-cw", size=14), size="1", variant="ghost", on_click=s.load_webhooks),
            test_id="webhooks",
        ),
        section(
            "add_webhook",
            rx.form(
                rx.vstack(
                    rx.input(
                        name="url",
                        placeholder="https://example.com/webhooks/crm-res",
                        dir="ltr",
                        required=True,
                        width="100%",
                    ),
                    rx.input(name="description", placeholder=tr("description"), width="100%"),
                    rx.text(tr("webhook_events"), size="2", weight="medium"),
                    rx.flex(
                        *[rx.checkbox(rx.code(e, dir="ltr"), name=f"ev_{e}") for e in EVENT_TYPES],
                        spacing="3",
                        wrap="wrap",
                        dir="ltr",
                    ),
                    rx.button(tr("add"), type="submit", data_testid="add-webhook"),
                    width="100%",
                ),
                on_submit=s.add_endpoint,
                reset_on_submit=True,
                width="100%",
            ),
        ),
        rx.cond(
            s.open_endpoint != "",
            section(
                "webhook_log",
                rx.cond(
                    s.deliveries.length() > 0,
                    data_table(
                        ["event", "status", "attempt", "response", "duration_ms", "actions"],
                        s.deliveries,
                        delivery_row,
                        "webhook-deliveries-table",
                    ),
                    rx.text(tr("webhook_no_deliveries"), size="2", color_scheme="gray"),
                ),
                test_id="webhook-log",
            ),
        ),
        width="100%",
        spacing="4",
        dir=UIState.dir,
        on_mount=s.load_webhooks,
    )
