"""Templates from Meta: the account id, "sync now" (the job does the reading, after commit) and the
last sync's result. The page never calls Meta itself."""

from __future__ import annotations

import logging
from typing import cast

import reflex as rx

from crm_res.services.admin import template_sync as sync

from .base import CampaignsBase, local_label
from .rows import EMPTY_SYNC, SyncStatus

log = logging.getLogger(__name__)


class TemplateSyncState(CampaignsBase):
    sync: SyncStatus = EMPTY_SYNC
    waba_input: str = ""
    requested: bool = False

    async def _reload(self) -> None:
        status = await self._call(sync.sync_status)
        if status is None:
            return
        counts = status.pop("last_counts") or {}
        self.sync = cast(
            SyncStatus,
            {
                **status,
                "last_at": local_label(status["last_at"]),
                **{k: int(counts.get(k, 0)) for k in ("listed", "added", "updated", "gone")},
            },
        )
        self.waba_input = self.waba_input or status["waba_id"]

    @rx.event
    async def load(self) -> None:
        self.requested = False
        await self._reload()

    @rx.event
    def set_waba_input(self, value: str) -> None:
        self.waba_input = value

    @rx.event
    async def save_waba(self) -> None:
        if await self._call(sync.set_business_account_id, waba_id=self.waba_input) is not None:
            self._ok("saved")
            await self._reload()

    @rx.event
    async def sync_now(self) -> None:
        requested = await self._call(sync.request_template_sync)
        if requested is None:
            return
        try:
            from crm_res.jobs.followups import enqueue_followups

            enqueue_followups([requested])
        except Exception:  # noqa: BLE001 - the periodic sync reads the list again later
            log.exception("could not enqueue the template sync")
        self._ok("sync_requested")
        self.requested = True

    @rx.event
    async def refresh(self) -> None:
        await self._reload()
