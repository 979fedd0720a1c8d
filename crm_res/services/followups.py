"""Work the domain asks for after its transaction commits, named without reaching into jobs.

A service returns `(FollowUp, args)` pairs; the jobs layer (`crm_res/jobs/followups.py`) maps each
name to its RQ job and enqueues it after commit. The domain never imports the jobs it asks for."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class FollowUp(StrEnum):
    fetch_media = "fetch_media"  # download a customer's image/audio/document from Meta
    forward_to_pos = "forward_to_pos"  # send a placed order to the restaurant's POS
    sync_templates = "sync_templates"  # read the restaurant's templates from Meta's list


Requested = tuple[FollowUp, tuple[Any, ...]]
