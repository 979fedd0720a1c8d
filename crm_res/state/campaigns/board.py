"""The campaign list with live counts: reloaded when the restaurant's rows change (the live signal)
or every few seconds while open (state/live.py)."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx

from crm_res.db import session_scope
from crm_res.services.campaigns.board import campaign_board
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.state.live import LiveMixin, viewer_for_token

from .base import MANAGE_ROLES, CampaignsBase, timing_words
from .rows import CampaignRow


def load_board(token: str) -> list[CampaignRow] | None:
    """The list as the page shows it (a worker thread: no state access)."""
    viewer = viewer_for_token(token)
    if viewer is None or viewer.role.value not in MANAGE_ROLES:
        return None
    with session_scope() as session:
        rows = campaign_board(session=session, viewer=viewer)
        tz = restaurant_tz(session, viewer.restaurant_id)
    from datetime import datetime

    out = []
    for r in rows:
        out.append(
            cast(
                CampaignRow,
                {
                    "id": r["id"],
                    "name": r["name"],
                    "status": r["status"],
                    "timing_ar": timing_words(r["timing"], "ar"),
                    "timing_en": timing_words(r["timing"], "en"),
                    "created_label": time_label(datetime.fromisoformat(r["created_at"]), tz),
                    **{
                        k: int(r[k])
                        for k in ("targeted", "waiting", "held", "sent", "delivered", "read", "failed")
                    },
                },
            )
        )
    return out


class CampaignBoardState(LiveMixin, CampaignsBase):
    campaigns: list[CampaignRow] = []

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        return load_board(inputs["token"])

    def _live_apply(self, data: Any) -> None:
        if data is not None:
            self._shown_now()
            self.campaigns = data

    @rx.event
    async def load(self) -> None:
        import asyncio

        if self._manager() is None:
            return
        data = await asyncio.to_thread(load_board, self._token())
        self._live_apply(data)
