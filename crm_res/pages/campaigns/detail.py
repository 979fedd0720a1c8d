"""/campaign?id=: one campaign: send (a draft), a test to me, the schedule, pause/resume/cancel
(each confirmed), live results, failures in words, the per-recipient drill-down and the export."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.confirm import confirm_dialog
from crm_res.components.ui import NAME_STYLE, data_table, pager, section, select_tr, stat_card
from crm_res.layout import template
from crm_res.state.campaigns.detail import STATES, CampaignDetailState
from crm_res.state.campaigns.rows import RecipientRow
from crm_res.state.live import live_anchor
from crm_res.state.ui import UIState, tr

from .common import managers_only, messages, meta_reason, status_badge, timing_inputs
from .form import audience_preview

S = CampaignDetailState


def _controls() -> rx.Component:
    st = S.status
    return rx.hstack(
        rx.cond(
            st == "draft",
            rx.button(
                rx.icon("send", size=16),
                tr("send_campaign"),
                on_click=S.ask("send"),
                data_testid="send-campaign",
            ),
        ),
        rx.cond(
            (st == "scheduled") | (st == "running"),
            rx.button(
                rx.icon("pause", size=16),
                tr("pause"),
                on_click=S.ask("pause"),
                variant="soft",
                color_scheme="amber",
                data_testid="pause-campaign",
            ),
        ),
        rx.cond(
            st == "paused",
            rx.button(
                rx.icon("play", size=16),
                tr("resume"),
                on_click=S.ask("resume"),
                variant="soft",
                data_testid="resume-campaign",
            ),
        ),
        rx.cond(
            (st != "completed") & (st != "cancelled"),
            rx.button(
                rx.icon("circle-x", size=16),
                tr("cancel_campaign"),
                on_click=S.ask("cancel"),
                variant="soft",
                color_scheme="red",
                data_testid="cancel-campaign",
            ),
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
                    rx.input(
                        value=S.test_number,
                        on_change=lambda v: S.set_field("test_number", v),
                        dir="ltr",
                        placeholder="9665XXXXXXXX",
                        input_mode="tel",
                        width="14em",
                        data_testid="test-number",
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
    prayers = ("fajr", "dhuhr", "asr", "maghrib", "isha", "jumuah", "ramadan_quiet")
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
