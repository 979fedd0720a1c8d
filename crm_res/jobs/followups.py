"""The RQ job behind each follow-up the domain asks for (`services/followups.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from crm_res.jobs.media import fetch_media
from crm_res.jobs.orders import forward_to_pos
from crm_res.jobs.queues import DEFAULT, queue
from crm_res.jobs.templates import sync_templates
from crm_res.services.followups import FollowUp, Requested

JOBS: dict[FollowUp, Callable[..., Any]] = {
    FollowUp.fetch_media: fetch_media,
    FollowUp.forward_to_pos: forward_to_pos,
    FollowUp.sync_templates: sync_templates,
}


def enqueue_followups(requested: Iterable[Requested]) -> None:
    """Enqueue each requested follow-up (call after the commit that made its rows visible)."""
    for name, args in requested:
        queue(DEFAULT).enqueue(JOBS[name], *args, job_timeout=60)
