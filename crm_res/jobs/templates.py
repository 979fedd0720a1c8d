"""Thin RQ jobs: read restaurants' templates from Meta's list (services/admin/template_sync.py)."""

from __future__ import annotations

import uuid

from crm_res.db import session_scope
from crm_res.services.admin import template_sync


def sync_templates(restaurant_id: str) -> str:
    """One restaurant ("sync now" on the Campaigns page)."""
    with session_scope() as session:
        outcome = template_sync.sync_restaurant_templates(
            session=session, restaurant_id=uuid.UUID(restaurant_id)
        )
    return str(outcome) if outcome is not None else "no token or WhatsApp Business Account id"


def sync_all_templates() -> str:
    """Every restaurant with a token and an account id (periodic), each in its own transaction."""
    with session_scope() as session:
        ids = template_sync.restaurants_to_sync(session=session)
    return "; ".join(sync_templates(str(rid)) for rid in ids) or "no restaurant to sync"
