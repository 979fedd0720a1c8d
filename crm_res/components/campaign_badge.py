"""A small badge on a conversation that answers a campaign: "حملة: <name>" / "Campaign: <name>".

Self-contained: its own tiny state holds the names; a page places the badge with one line and
loads the name on its `on_load` (`load_campaign_badge`, reading `?id=`) or, for a conversation
chosen without a page load (a split pane), with `CampaignBadgeState.load(conversation_id)`."""

from __future__ import annotations

import reflex as rx

from crm_res.state.campaigns.badge import CampaignBadgeState
from crm_res.state.ui import tr

load_campaign_badge = CampaignBadgeState.load_from_url


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
            ),
        ),
        display="contents",
    )
