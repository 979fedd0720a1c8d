"""Which campaign a conversation answers, for the inbox's small "حملة: <name>" badge."""

from __future__ import annotations

import asyncio

import reflex as rx

from crm_res.db import session_scope
from crm_res.services.campaigns.board import campaign_for_conversation
from crm_res.services.errors import DomainError
from crm_res.state.auth import AuthState
from crm_res.state.live import viewer_for_token


def _campaign_name(token: str, conversation_id: str) -> str:
    viewer = viewer_for_token(token)
    if viewer is None or not conversation_id:
        return ""
    try:
        with session_scope() as session:
            return campaign_for_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    except (DomainError, ValueError):
        return ""


class CampaignBadgeState(AuthState):
    names: dict[str, str] = {}  # conversation id → campaign name (only those that answer one)

    @rx.event
    async def load_from_url(self) -> None:
        """On a conversation page's load: the conversation named by `?id=`."""
        await self.load(self.router.url.query_parameters.get("id", ""))

    @rx.event
    async def load(self, conversation_id: str) -> None:
        name = await asyncio.to_thread(_campaign_name, self._token(), conversation_id)
        if name:
            self.names = {**self.names, conversation_id: name}
