"""What every Campaigns state shares: the owner/manager check, one error/notice line in both
languages, the way a domain call runs (off the event loop), and how a timing reads in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import reflex as rx

from crm_res.i18n import text
from crm_res.services.access import Viewer
from crm_res.services.errors import DomainError
from crm_res.services.lists import normalize_wa_id
from crm_res.state.auth import AuthState
from crm_res.state.calls import call_in_thread
from crm_res.state.errors import error_texts

T = TypeVar("T")
MANAGE_ROLES = ("owner", "manager")


def timing_words(timing: dict[str, Any], lang: str) -> str:
    """ "now", "at 2026-02-25 16:00", "30 minutes before Maghrib on 2026-02-25" in `lang`."""
    mode = (timing or {}).get("mode", "now")
    if mode == "at":
        return text("timing_at_label", lang).format(at=str(timing.get("at", "")).replace("T", " "))
    if mode == "prayer":
        offset = int(timing.get("offset_min", 0))
        key = (
            "timing_prayer_at"
            if offset == 0
            else ("timing_prayer_before" if offset < 0 else "timing_prayer_after")
        )
        return text(key, lang).format(
            minutes=abs(offset),
            prayer=text(f"prayer_{timing.get('prayer', '')}", lang),
            date=timing.get("date", ""),
        )
    return text("timing_now", lang)


# The fields of a timing as the form and the detail's reschedule hold them (text, as typed).
TIMING_FIELDS = ("timing_mode", "at_date", "at_time", "prayer", "prayer_date", "offset_min", "offset_dir")


class TimingFields(rx.State, mixin=True):
    """A timing's fields, as the create form and the detail's schedule editor hold them."""

    timing_mode: str = "now"
    at_date: str = ""
    at_time: str = ""
    prayer: str = "maghrib"
    prayer_date: str = ""
    offset_min: str = "30"
    offset_dir: str = "before"


def timing_choice(f: TimingFields) -> dict[str, Any]:
    """The timing the fields describe, as the domain takes it (create and reschedule)."""
    if f.timing_mode == "at":
        return {"mode": "at", "at": f"{f.at_date}T{f.at_time or '00:00'}"}
    if f.timing_mode == "prayer":
        minutes = int(normalize_wa_id(f.offset_min) or 0)  # digits only, Arabic-Indic accepted
        return {
            "mode": "prayer",
            "prayer": f.prayer,
            "date": f.prayer_date,
            "offset_min": -minutes if f.offset_dir == "before" else minutes,
        }
    return {"mode": "now"}


def local_label(iso: str) -> str:
    """An ISO time as "2026-02-25 16:00" (already in the restaurant's zone or UTC as given)."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class CampaignsBase(AuthState):
    allowed: bool = False
    error: str = ""  # Arabic; error_en the same in English (state/errors.py: error_texts)
    error_en: str = ""
    notice: str = ""  # an i18n key

    def _manager(self) -> Viewer | None:
        """The viewer when an owner or a manager; nothing is loaded for anyone else."""
        viewer = self._viewer()
        self.allowed = viewer is not None and viewer.role.value in MANAGE_ROLES
        return viewer if self.allowed else None

    def _fail(self, exc: Exception) -> None:
        texts = error_texts(exc)
        self.error, self.error_en, self.notice = texts["ar"], texts["en"], ""

    def _say(self, key: str) -> None:
        """An error from the translation table (both languages)."""
        self.error, self.error_en, self.notice = text(key, "ar"), text(key, "en"), ""

    def _ok(self, notice: str = "") -> None:
        self.error, self.error_en, self.notice = "", "", notice

    async def _call(self, fn: Callable[..., T], **kwargs: Any) -> T | None:
        """A domain read or write as the viewer, in a worker thread (the event loop stays free);
        a domain error becomes the error line and None."""
        viewer = self._manager()
        if viewer is None:
            return None

        try:
            return await call_in_thread(viewer, fn, **kwargs)
        except (DomainError, ValueError) as exc:
            self._fail(exc)
            return None
