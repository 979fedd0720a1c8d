"""Thin RQ job: fetch an inbound message's media into the media store."""

from __future__ import annotations

from crm_res.db import session_scope
from crm_res.services.outbox.media import fetch_media as fetch


def fetch_media(message_id: int) -> str:
    with session_scope() as session:
        return fetch(session=session, message_id=message_id)
