"""The templates section: approval status of every template, Meta's account id, "sync now"."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, section
from crm_res.services.admin.restaurant_settings import TEMPLATE_LANGUAGES
from crm_res.state.auth import AuthState
from crm_res.state.campaigns.form import CampaignFormState
from crm_res.state.campaigns.rows import TemplateChoice
from crm_res.state.campaigns.templates import TemplateSyncState
from crm_res.state.ui import tr, tr_value

from .common import messages

TEMPLATE_STATUSES = ("approved", "pending", "rejected", "paused", "disabled", "deleted")
TEMPLATE_COLORS = {
    "approved": "green",
    "pending": "amber",
    "rejected": "red",
    "paused": "orange",
    "disabled": "gray",
    "deleted": "gray",
}


def _template_row(t: ObjectVar[TemplateChoice]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(t["name"], dir="ltr")),
        rx.table.cell(
            rx.text(
                tr_value("lang", t["language"], TEMPLATE_LANGUAGES), size="2", data_testid="template-language"
            )
        ),
        rx.table.cell(
            rx.text(
                rx.match(
                    t["category"],
                    ("marketing", tr("cat_marketing")),
                    ("utility", tr("cat_utility")),
                    ("authentication", tr("cat_authentication")),
                    "—",
                ),
                size="2",
            )
        ),
        rx.table.cell(
            rx.badge(
                rx.match(t["status"], *[(v, tr(f"tpl_{v}")) for v in TEMPLATE_STATUSES], t["status"]),
                color_scheme=rx.match(t["status"], *list(TEMPLATE_COLORS.items()), "gray"),
                variant="soft",
                data_testid="template-status",
            )
        ),
        rx.table.cell(rx.text(t["body_preview"], size="1", dir="auto")),
        rx.table.cell(
            rx.cond(
                t["synced"].to(bool),
                rx.badge(tr("from_meta"), variant="outline"),
                rx.badge(tr("by_hand"), variant="outline", color_scheme="gray"),
            )
        ),
    )


def templates_section() -> rx.Component:
    s, sync = TemplateSyncState, TemplateSyncState.sync
    return section(
        "templates_from_meta",
        messages(s.error, s.error_en, s.notice, "sync"),
        rx.text(tr("templates_sync_help"), size="2", color_scheme="gray"),
        rx.hstack(
            rx.input(
                value=s.waba_input,
                on_change=s.set_waba_input,
                placeholder=tr("waba_id"),
                dir="ltr",
                width="16em",
                disabled=~AuthState.is_owner,
                data_testid="waba-id",
            ),
            rx.cond(
                AuthState.is_owner,
                rx.button(tr("save"), on_click=s.save_waba, variant="soft", data_testid="waba-save"),
            ),
            rx.button(
                rx.icon("refresh-cw", size=14),
                tr("sync_now"),
                on_click=s.sync_now,
                disabled=~sync["token"].to(bool),
                data_testid="sync-now",
            ),
            rx.button(tr("refresh"), on_click=[s.refresh, CampaignFormState.load], variant="ghost", size="1"),
            rx.link(tr("open_meta_manager"), href=sync["manager_url"].to(str), is_external=True, size="2"),
            align="center",
            wrap="wrap",
        ),
        rx.cond(~sync["token"].to(bool), rx.text(tr("sync_needs_token"), size="1", color_scheme="amber")),
        rx.cond(
            sync["last_at"].to(str) != "",
            rx.text(
                tr("last_sync"),
                " ",
                rx.text(sync["last_at"].to(str), as_="span", dir="ltr"),
                " — ",
                rx.cond(
                    sync["last_ok"].to(bool),
                    rx.fragment(
                        tr("sync_counts"), " ", rx.text(sync["listed"].to(int), as_="span", dir="ltr")
                    ),
                    rx.text(sync["last_error"].to(str), as_="span", color_scheme="red", dir="ltr"),
                ),
                size="2",
                data_testid="last-sync",
            ),
        ),
        data_table(
            ["template_name", "language", "category", "approval", "body", "source"],
            CampaignFormState.templates,
            _template_row,
            "campaign-templates",
        ),
        test_id="templates-section",
    )
