"""A small badge on a conversation that answers a campaign: "حملة: <name>" / "Campaign: <name>".

Self-contained (its own tiny state loads the name when the badge mounts, again when the
conversation changes: `key`), so a page places it with one line."""

from __future__ import annotations

import reflex as rx

from crm_res.state.campaigns.badge import CampaignBadgeState
from crm_res.state.ui import tr


def campaign_badge(conversation_id: rx.Var) -> rx.Component:
    names = CampaignBadgeState.names
    return rx.box(
        rx.cond(
            names.contains(conversation_id),
            rx.badge(
                rx.icon("megaphone", size=12),
                tr("campaign_badge"),
                " ",
                names[conversation_id],
                color_scheme="violet",
                variant="soft",
                style={"unicode_bidi": "isolate"},
                data_testid="campaign-badge",
            ),  # fmt: skip
        ),
        on_mount=CampaignBadgeState.load(conversation_id),
        key=conversation_id,
        display="contents",
    )
