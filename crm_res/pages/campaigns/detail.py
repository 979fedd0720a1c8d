"""/campaign?id=: one campaign: send (a draft), a test to me, the schedule, pause/resume/cancel
(each confirmed), live results, failures in words, the per-recipient drill-down and the export."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import NAME_STYLE, data_table, pager, section, select_tr, stat_card
from crm_res.integrations.prayer_times import PRAYERS
from crm_res.layout import template
from crm_res.state.campaigns.detail import STATES, CampaignDetailState
from crm_res.state.campaigns.rows import RecipientRow
from crm_res.state.live import live_anchor
from crm_res.state.ui import UIState, tr

from .common import ltr_field, managers_only, messages, meta_reason, status_badge, timing_inputs
from .form import audience_preview

S = CampaignDetailState


def _action(action: str, icon: str, label_key: str, **props: Any) -> rx.Component:
    """A button that asks to confirm one of the campaign's actions (send, pause, resume, cancel)."""
    return rx.button(
        rx.icon(icon, size=16),
        tr(label_key),
        on_click=S.ask(action),
        data_testid=f"{action}-campaign",
        **props,
    )


def _controls() -> rx.Component:
    st = S.status
    return rx.hstack(
        rx.cond(st == "draft", _action("send", "send", "send_campaign")),
        rx.cond(
            (st == "scheduled") | (st == "running"),
            _action("pause", "pause", "pause", variant="soft", color_scheme="amber"),
        ),
        rx.cond(st == "paused", _action("resume", "play", "resume", variant="soft")),
        rx.cond(
            (st != "completed") & (st != "cancelled"),
            _action("cancel", "circle-x", "cancel_campaign", variant="soft", color_scheme="red"),
        ),
        spacing="3",
        wrap="wrap",
    )


def _dialogs() -> rx.Component:
    return rx.fragment(
        *[
            confirm_dialog(
                S.confirm == action,
                f"confirm_{action}_campaign",
                S.name,
                S.confirmed,
                S.close_confirm,
                f"confirm-{action}",
                reason=False,
            )
            for action in ("send", "pause", "resume", "cancel")
        ]
    )


def _test_and_schedule() -> rx.Component:
    return rx.grid(
        rx.card(
            rx.vstack(
                rx.heading(tr("send_test_to_me"), size="3"),
                rx.hstack(
                    ltr_field(
                        S,
                        "test_number",
                        "test-number",
                        placeholder="9665XXXXXXXX",
                        input_mode="tel",
                        width="14em",
                    ),
                    rx.button(
                        rx.icon("smartphone", size=14),
                        tr("send_test"),
                        on_click=S.send_test,
                        variant="soft",
                        data_testid="send-test",
                    ),
                    align="center",
                    wrap="wrap",
                ),
                rx.text(tr("test_help"), size="1", color_scheme="gray"),
                spacing="2",
            )
        ),
        rx.cond(
            S.can_edit_schedule,
            rx.card(
                rx.vstack(
                    rx.heading(tr("edit_schedule"), size="3"),
                    timing_inputs(S, "edit"),
                    rx.button(
                        tr("save_schedule"),
                        on_click=S.save_schedule,
                        variant="soft",
                        size="2",
                        data_testid="save-schedule",
                    ),
                    spacing="2",
                )
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="3",
        width="100%",
    )


def _results() -> rx.Component:
    r = S.results
    cards = [("targeted", "targeted", "users"), ("held_for_prayer", "held_for_prayer", "moon"),
             ("sent", "sent", "send"), ("delivered", "delivered", "check-check"), ("read", "read", "eye"),
             ("failed", "failed", "triangle-alert"), ("replied", "replied", "message-circle"),
             ("opted_out_after", "opted_out_after", "user-x"), ("orders", "attributed_orders", "shopping-bag")]  # fmt: skip
    return section(
        "results",
        rx.grid(
            *[stat_card(label, r[key].to(int), icon, f"res-{key}") for key, label, icon in cards],
            stat_card("attributed_revenue", r["revenue"].to(str) + " ر.س", "banknote", "res-revenue"),
            columns=rx.breakpoints(initial="2", md="5"),
            spacing="3",
            width="100%",
        ),
        rx.text(
            tr("attribution_note"),
            " ",
            rx.text(r["attribution_days"].to(int), as_="span", dir="ltr"),
            " ",
            tr("days"),
            size="1",
            color_scheme="gray",
        ),
        rx.cond(
            r["failed_by_reason"].to(list).length() > 0,
            rx.vstack(
                rx.text(tr("why_failed"), weight="bold", size="2"),
                rx.foreach(
                    r["failed_by_reason"].to(list[dict[str, str]]),
                    lambda f: rx.hstack(
                        rx.badge(f["count"], color_scheme="red", variant="soft"),
                        rx.text(meta_reason(f["code"], f["title"]), size="2"),
                        rx.cond(
                            f["code"] != "",
                            rx.text("(", f["code"], ")", size="1", color_scheme="gray", dir="ltr"),
                        ),
                        align="center",
                        data_testid="fail-reason",
                    ),
                ),
                spacing="1",
            ),
        ),
        test_id="campaign-results",
    )


def _recipient(r: ObjectVar[RecipientRow]) -> rx.Component:
    flag = lambda v, key: rx.cond(v.to(bool), rx.badge(tr(key), variant="soft"), "")  # noqa: E731
    return rx.table.row(
        rx.table.cell(rx.text(rx.cond(r["name"] != "", r["name"], "—"), style=NAME_STYLE)),
        rx.table.cell(rx.text(r["wa_id"], dir="ltr", size="2")),
        rx.table.cell(rx.text(rx.cond(UIState.is_en, r["city"], r["city_ar"]), size="2")),
        rx.table.cell(
            rx.badge(rx.match(r["state"], *[(v, tr(f"rs_{v}")) for v in STATES], r["state"]), variant="soft")
        ),
        rx.table.cell(rx.text(r["sent_at"], dir="ltr", size="1")),
        rx.table.cell(
            rx.text(rx.cond(r["read_at"] != "", r["read_at"], r["delivered_at"]), dir="ltr", size="1")
        ),
        rx.table.cell(
            rx.cond(
                r["error"] != "",
                rx.text(meta_reason(r["error_code"], r["error"]), size="1", color_scheme="red"),
                rx.cond(
                    r["held_reason"] != "",
                    rx.text(tr("held_for"), " ", tr_prayer(r["held_reason"]), size="1"),
                    "",
                ),
            )
        ),
        rx.table.cell(
            rx.hstack(flag(r["replied"], "replied"), flag(r["opted_out_after"], "opted_out"), spacing="1")
        ),
        rx.table.cell(rx.text(r["orders"], " / ", r["revenue"], dir="ltr", size="1")),
        rx.table.cell(rx.code(r["discount_code"], dir="ltr", size="1")),
        data_testid="recipient-row",
    )


def tr_prayer(value: rx.Var) -> rx.Component:
    prayers = (*PRAYERS, "jumuah", "ramadan_quiet")
    return rx.match(value, *[(p, tr(f"prayer_{p}")) for p in prayers], value)


def _drill_down() -> rx.Component:
    return section(
        "recipients",
        rx.hstack(
            select_tr(
                [("all", "all_states"), *[(v, f"rs_{v}") for v in STATES]],
                rx.cond(S.state_filter == "", "all", S.state_filter),
                S.filter_state,
                "recipient-state",
            ),
            rx.spacer(),
            rx.button(
                rx.icon("download", size=16),
                tr("export_csv"),
                on_click=S.export_csv,
                variant="soft",
                data_testid="campaign-export",
            ),
            width="100%",
            align="center",
        ),
        data_table(
            [
                "name",
                "whatsapp",
                "city",
                "state",
                "sent_at",
                "delivered_read",
                "reason",
                "recipient_response",
                "orders_revenue",
                "discount_code",
            ],
            S.recipients,
            _recipient,
            "recipients-table",
        ),
        pager(S.page, S.prev_page, S.next_page, S.has_next),
    )


@template("/campaign", "campaign", on_load=CampaignDetailState.load)
def campaign_page() -> rx.Component:
    return rx.cond(
        ~S.allowed,
        managers_only(),
        rx.cond(
            S.not_found,
            rx.callout(tr("not_found"), color_scheme="red", icon="search-x", data_testid="not-found"),
            rx.vstack(
                live_anchor(CampaignDetailState),
                _dialogs(),
                rx.link(tr("back"), href="/campaigns"),
                rx.hstack(
                    rx.heading(S.name, size="6", style=NAME_STYLE, data_testid="campaign-title"),
                    status_badge(S.status),
                    rx.text(
                        rx.cond(UIState.is_en, S.timing_en, S.timing_ar),
                        size="2",
                        color_scheme="gray",
                        data_testid="campaign-timing",
                    ),
                    align="center",
                    wrap="wrap",
                    spacing="3",
                ),
                messages(S.error, S.error_en, S.notice, "campaign"),
                _controls(),
                rx.cond(S.status == "draft", audience_preview(S.preview, "draft-audience")),
                _test_and_schedule(),
                _results(),
                _drill_down(),
                width="100%",
                spacing="4",
            ),
        ),
    )
