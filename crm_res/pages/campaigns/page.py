"""/campaigns: the list with live counts, the create form, and the templates synced from Meta."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from crm_res.components.ui import data_table, section
from crm_res.layout import template
from crm_res.state.campaigns.board import CampaignBoardState
from crm_res.state.campaigns.form import CampaignFormState
from crm_res.state.campaigns.rows import CampaignRow
from crm_res.state.campaigns.templates import TemplateSyncState
from crm_res.state.live import live_anchor
from crm_res.state.ui import UIState

from .common import managers_only, status_badge
from .form import create_form
from .templates import templates_section


def _row(c: ObjectVar[CampaignRow]) -> rx.Component:
    def num(key: str) -> rx.Component:
        return rx.table.cell(rx.text(c[key].to(int), dir="ltr"))

    return rx.table.row(
        rx.table.cell(
            rx.link(
                c["name"],
                href="/campaign?id=" + c["id"].to(str),
                weight="bold",
                style={"unicode_bidi": "isolate"},
                data_testid="campaign-link",
            )
        ),
        rx.table.cell(status_badge(c["status"])),
        rx.table.cell(rx.text(rx.cond(UIState.is_en, c["timing_en"], c["timing_ar"]), size="2")),
        num("targeted"),
        num("held"),
        num("sent"),
        num("delivered"),
        num("read"),
        num("failed"),
        rx.table.cell(rx.text(c["created_label"], size="1", dir="ltr", color_scheme="gray")),
        data_testid="campaign-row",
    )


@template(
    "/campaigns",
    "campaigns",
    on_load=[CampaignBoardState.load, CampaignFormState.load, TemplateSyncState.load],
)
def campaigns_page() -> rx.Component:
    return rx.cond(
        ~CampaignBoardState.allowed,
        managers_only(),
        rx.vstack(
            live_anchor(CampaignBoardState),
            section(
                "campaign_list",
                data_table(
                    [
                        "campaign_name",
                        "status",
                        "timing",
                        "targeted",
                        "held_for_prayer",
                        "sent",
                        "delivered",
                        "read",
                        "failed",
                        "created",
                    ],
                    CampaignBoardState.campaigns,
                    _row,
                    "campaigns-table",
                ),
            ),
            create_form(),
            templates_section(),
            width="100%",
            spacing="4",
        ),
    )
