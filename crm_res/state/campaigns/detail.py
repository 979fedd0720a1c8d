"""One campaign: its audience and "send" while a draft, "send a test to me", the schedule (editable
until the first send), pause/resume/cancel (each confirmed first), live results, the per-recipient
drill-down and the CSV export."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

import reflex as rx

from crm_res.db import session_scope
from crm_res.integrations.saudi_cities import find_city
from crm_res.services.campaigns import actions as svc
from crm_res.services.campaigns import board
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.state.listing import page_plus_one
from crm_res.state.live import LiveMixin, viewer_for_token

from .base import MANAGE_ROLES, TIMING_FIELDS, CampaignsBase, TimingFields, timing_choice, timing_words
from .rows import EMPTY_PREVIEW, EMPTY_RESULTS, Preview, RecipientRow, Results

log = logging.getLogger(__name__)
PAGE = 25
STATES = ("waiting", "held", "queued", "sent", "delivered", "read", "failed", "cancelled")
CONFIRMS = ("send", "pause", "resume", "cancel")


def _read(token: str, campaign_id: str, state: str, page: int) -> dict[str, Any] | None:
    """Everything the page shows of one campaign (a worker thread: no state access)."""
    viewer = viewer_for_token(token)
    if viewer is None or viewer.role.value not in MANAGE_ROLES:
        return None
    with session_scope() as session:
        detail = svc.campaign_detail(session=session, viewer=viewer, campaign_id=campaign_id)
        results = svc.campaign_results(session=session, viewer=viewer, campaign_id=campaign_id)
        rows = page_plus_one(
            lambda **p: svc.campaign_recipients(
                session=session, viewer=viewer, campaign_id=campaign_id, state=state, **p
            ),
            page,
            PAGE,
        )
        preview = (
            board.saved_audience(session=session, viewer=viewer, campaign_id=campaign_id)
            if detail["status"] == "draft"
            else None
        )
        tz = restaurant_tz(session, viewer.restaurant_id)
    return {
        "detail": detail,
        "results": results,
        "rows": [_recipient(r, tz) for r in rows],
        "preview": preview,
    }


def _local(iso: str, tz: Any) -> str:
    return time_label(datetime.fromisoformat(iso), tz) if iso else ""


def _recipient(r: dict[str, Any], tz: Any) -> RecipientRow:
    city = find_city(r["city"]) if r["city"] else None
    return cast(
        RecipientRow,
        {
            **r,
            "city_ar": city.name_ar if city else r["city"],
            "sent_at": _local(r["sent_at"], tz),
            "delivered_at": _local(r["delivered_at"], tz),
            "read_at": _local(r["read_at"], tz),
            "error_code": str(r["error_code"] or ""),
        },
    )


class CampaignDetailState(LiveMixin, TimingFields, CampaignsBase):
    # TimingFields: the schedule editor (before the first send)
    campaign_id: str = ""
    not_found: bool = False
    name: str = ""
    status: str = ""
    timing_ar: str = ""
    timing_en: str = ""
    started: bool = False
    results: Results = EMPTY_RESULTS
    preview: Preview = EMPTY_PREVIEW
    recipients: list[RecipientRow] = []
    state_filter: str = ""
    page: int = 0
    has_next: bool = False
    confirm: str = ""  # which action's confirmation is open
    test_number: str = ""

    @rx.var
    def can_edit_schedule(self) -> bool:
        return self.status in ("draft", "scheduled", "paused") and not self.started

    def _live_inputs(self) -> dict[str, Any] | None:
        if not self.campaign_id or self.not_found:
            return None
        return {"token": self._token(), "id": self.campaign_id, "state": self.state_filter, "page": self.page}

    @staticmethod
    def _live_fetch(inputs: dict[str, Any]) -> Any:
        try:
            return _read(inputs["token"], inputs["id"], inputs["state"], inputs["page"])
        except Exception:  # noqa: BLE001 - a campaign deleted meanwhile: keep what is shown
            return None

    def _live_apply(self, data: Any) -> None:
        if data is None:
            return
        self._shown_now()
        d = data["detail"]
        self.name, self.status = d["name"], d["status"]
        self.timing_ar, self.timing_en = timing_words(d["timing"], "ar"), timing_words(d["timing"], "en")
        self.started = d["status"] not in ("draft", "scheduled") or data["results"]["sent"] > 0
        self.results = cast(Results, {k: data["results"][k] for k in EMPTY_RESULTS})
        self.has_next = len(data["rows"]) > PAGE
        self.recipients = data["rows"][:PAGE]
        if data["preview"] is not None:
            p = data["preview"]
            self.preview = cast(
                Preview,
                {
                    **{k: p[k] for k in ("count", "matched", "new_numbers")},
                    **p["excluded"],
                    "sample": p["sample"],
                },
            )

    async def _reload(self) -> None:
        if self._manager() is None or not self.campaign_id:
            return
        try:
            data = await asyncio.to_thread(
                _read, self._token(), self.campaign_id, self.state_filter, self.page
            )
        except Exception as exc:  # noqa: BLE001 - not found / not a valid id
            self.not_found = True
            log.info("campaign %s not shown: %s", self.campaign_id, exc)
            return
        self._live_apply(data)

    @rx.event
    async def load(self) -> None:
        self.campaign_id = self.router.url.query_parameters.get("id", "")
        self.not_found, self.confirm, self.state_filter, self.page = False, "", "", 0
        self._ok()
        await self._reload()
        if self.not_found or not self.allowed:
            return

        def defaults(session, viewer):
            return {
                "number": board.my_test_number(session=session, viewer=viewer),
                "now": board.local_now(session=session, viewer=viewer),
                "detail": svc.campaign_detail(session=session, viewer=viewer, campaign_id=self.campaign_id),
            }

        data = await self._call(defaults)
        if data is None:
            return
        self.test_number = self.test_number or data["number"]
        timing = data["detail"]["timing"]
        self.timing_mode = timing.get("mode", "now")
        today = data["now"].strftime("%Y-%m-%d")
        at = str(timing.get("at", ""))
        self.at_date, self.at_time = (at[:10], at[11:16]) if at else (today, data["now"].strftime("%H:00"))
        self.prayer = timing.get("prayer", "maghrib")
        self.prayer_date = timing.get("date", today)
        offset = int(timing.get("offset_min", -30))
        self.offset_min, self.offset_dir = str(abs(offset)), "before" if offset < 0 else "after"

    @rx.event
    def set_field(self, field: str, value: str) -> None:
        if field in (*TIMING_FIELDS, "test_number"):
            setattr(self, field, str(value))

    @rx.event
    async def filter_state(self, value: str) -> None:
        self.state_filter, self.page = ("" if value == "all" else value), 0
        await self._reload()

    @rx.event
    async def next_page(self) -> None:
        if self.has_next:
            self.page += 1
            await self._reload()

    @rx.event
    async def prev_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            await self._reload()

    @rx.event
    def ask(self, action: str) -> None:
        self.confirm = action if action in CONFIRMS else ""

    @rx.event
    def close_confirm(self, _open: bool = False) -> None:
        self.confirm = ""

    @rx.event
    async def confirmed(self, _form: dict[str, Any]) -> None:
        """The confirmed action: send (freeze the audience and schedule), pause, resume or cancel."""
        action, self.confirm = self.confirm, ""
        actions: dict[str, Callable[..., object]] = {
            "send": svc.schedule_campaign,
            "pause": svc.pause_campaign,
            "resume": svc.resume_campaign,
            "cancel": svc.cancel_campaign,
        }
        fn = actions.get(action)
        if fn is None:
            return
        if await self._call(fn, campaign_id=self.campaign_id) is not None:
            self._ok(f"campaign_{action}_done")
        await self._reload()

    @rx.event
    async def save_schedule(self) -> None:
        try:
            timing = timing_choice(self)
        except ValueError as exc:
            self._fail(exc)
            return
        if await self._call(svc.update_timing, campaign_id=self.campaign_id, timing=timing) is not None:
            self._ok("schedule_saved")
        await self._reload()

    @rx.event
    async def send_test(self) -> None:
        """The message to the user's own number now (not counted in the results)."""
        queued = await self._call(svc.send_test, campaign_id=self.campaign_id, wa_id=self.test_number)
        if queued is None:
            return
        try:
            from crm_res.jobs.enqueue import enqueue_send

            enqueue_send(*queued)
        except Exception:  # noqa: BLE001 - committed in the outbox; the sweeper sends it
            log.exception("could not enqueue the campaign test %s; the sweeper will send it", queued[0])
        self._ok("test_sent")

    @rx.event
    async def export_csv(self):
        data = await self._call(svc.export_campaign_csv, campaign_id=self.campaign_id)
        if data is None:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return rx.download(data=data.encode("utf-8"), filename=f"campaign-{stamp}.csv", mime_type="text/csv")
