"""Templates synced from Meta's template list (GET /{waba_id}/message_templates) when the restaurant
has a token and its WhatsApp Business Account id: name, language, category, status, body and
parameters. Creating or editing templates stays in Meta's manager (`META_TEMPLATES_URL`).

- A template Meta lists is added (purpose "campaign": no automatic outreach picks it up) or
  updated in place (its purpose, chosen by the owner, is kept).
- A synced template Meta no longer lists is marked "deleted" (never sent again); templates entered
  by hand (`synced_at` NULL) are left alone.
- Each run leaves an event (`templates.synced` / `templates.sync_failed`) the Campaigns page shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from crm_res.integrations.whatsapp import SendError, WhatsAppClient
from crm_res.integrations.whatsapp_templates import MetaTemplate, parse_templates
from crm_res.models import Event, MessageTemplate, Restaurant, Role
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.changes import audit_entry, changes, event_entry
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.followups import FollowUp, Requested
from crm_res.services.options import options
from crm_res.settings import get_settings

META_TEMPLATES_URL = "https://business.facebook.com/wa/manage/message-templates/"
SYNCED_PURPOSE = "campaign"
SYNC_INTERVAL_SECONDS = 6 * 3600
Fetch = Callable[[str, str], list[dict[str, Any]]]  # (token, waba id) → Meta's raw list


@dataclass
class SyncOutcome:
    added: int = 0
    updated: int = 0
    gone: int = 0
    error: str = ""  # Meta's answer when the list could not be read (nothing was changed)

    def __str__(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        return f"{self.added} added, {self.updated} updated, {self.gone} no longer at Meta"


def sync_source(restaurant: Restaurant) -> tuple[str, str] | None:
    """(token, WhatsApp Business Account id) when both are configured, else None (sandbox)."""
    token = restaurant.whatsapp_access_token or get_settings().whatsapp_access_token
    waba = (options(restaurant).whatsapp_business_account_id or "").strip()
    return (token, waba) if token and waba else None


def fetch_from_meta(token: str, waba_id: str) -> list[dict[str, Any]]:
    with WhatsAppClient(get_settings().whatsapp_graph_url, token, timeout=15.0) as client:
        return client.list_message_templates(waba_id)


def apply_templates(
    *, session: Session, restaurant_id: uuid.UUID, templates: list[MetaTemplate], now: datetime
) -> SyncOutcome:
    """Make the restaurant's synced templates what Meta lists (one statement per changed row)."""
    outcome = SyncOutcome()
    existing = {
        (t.name, t.language): t
        for t in session.exec(select(MessageTemplate).where(MessageTemplate.restaurant_id == restaurant_id))
    }
    for meta in templates:
        row = existing.pop((meta.name, meta.language), None)
        if row is None:
            row = MessageTemplate(
                restaurant_id=restaurant_id, name=meta.name, language=meta.language, purpose=SYNCED_PURPOSE
            )
            outcome.added += 1
        else:
            outcome.updated += 1
        row.status, row.category, row.body_preview = meta.status, meta.category, meta.body[:1024]
        row.parameters, row.parameter_format, row.synced_at = (
            list(meta.parameters),
            meta.parameter_format,
            now,
        )
        session.add(row)
    for row in existing.values():
        if row.synced_at is not None and row.status != "deleted":
            row.status, row.synced_at = "deleted", now
            session.add(row)
            outcome.gone += 1
    return outcome


def sync_restaurant_templates(
    *, session: Session, restaurant_id: uuid.UUID, fetch: Fetch | None = None, now: datetime | None = None
) -> SyncOutcome | None:
    """Read the restaurant's templates from Meta and store them; None when no token or account id
    is configured. A Graph error changes nothing and is recorded (`templates.sync_failed`)."""
    restaurant = session.get(Restaurant, restaurant_id)
    source = sync_source(restaurant) if restaurant is not None else None
    if source is None:
        return None
    now = now or datetime.now(UTC)
    try:
        raw = (fetch or fetch_from_meta)(*source)
    except SendError as exc:
        session.add(
            event_entry(
                restaurant_id,
                "system",
                "templates.sync_failed",
                ("restaurant", restaurant_id),
                error=str(exc)[:500],
                code=exc.code,
            )
        )
        return SyncOutcome(error=str(exc)[:500])
    outcome = apply_templates(
        session=session, restaurant_id=restaurant_id, templates=parse_templates(raw), now=now
    )
    session.add(
        event_entry(
            restaurant_id,
            "system",
            "templates.synced",
            ("restaurant", restaurant_id),
            added=outcome.added,
            updated=outcome.updated,
            gone=outcome.gone,
            listed=len(raw),
        )
    )
    return outcome


def restaurants_to_sync(*, session: Session) -> list[uuid.UUID]:
    """Restaurants with a WhatsApp Business Account id (the job skips those without a token)."""
    rows = session.exec(select(Restaurant).where(col(Restaurant.deleted_at).is_(None))).all()
    return [r.id for r in rows if sync_source(r) is not None]


@allowed_roles(Role.owner, Role.manager, action="sync templates")
def request_template_sync(*, session: Session, viewer: Viewer) -> Requested:
    """ "Sync now": the follow-up job to run after commit (the page never calls Meta itself)."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    if restaurant.whatsapp_access_token is None and not get_settings().whatsapp_access_token:
        raise InvalidInput(
            "template sync needs a WhatsApp access token (sandbox mode has none)", code="sync_token"
        )
    if sync_source(restaurant) is None:
        raise InvalidInput("template sync needs the WhatsApp Business Account id", code="sync_waba")
    return FollowUp.sync_templates, (str(restaurant.id),)


@allowed_roles(Role.owner, action="change settings")
def set_business_account_id(*, session: Session, viewer: Viewer, waba_id: str) -> str:
    """The WhatsApp Business Account id whose templates are synced (digits, as Meta shows it)."""
    value = (waba_id or "").strip()
    if value and not value.isdigit():
        raise InvalidInput("not a valid WhatsApp Business Account id (digits only)")
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    before = {"waba_id": (restaurant.settings or {}).get("whatsapp_business_account_id")}
    restaurant.settings = {**(restaurant.settings or {}), "whatsapp_business_account_id": value or None}
    session.add(restaurant)
    session.add(
        audit_entry(
            viewer,
            "settings.business_account",
            "restaurant",
            str(viewer.restaurant_id),
            changes(before, {"waba_id": value or None}),
        )
    )
    return value


def sync_status(*, session: Session, viewer: Viewer) -> dict[str, Any]:
    """What the page shows: whether a sync can run, the account id, the last run and its result."""
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    last = session.exec(
        select(Event)
        .where(
            Event.restaurant_id == viewer.restaurant_id,
            col(Event.kind).in_(("templates.synced", "templates.sync_failed")),
        )
        .order_by(col(Event.created_at).desc(), col(Event.id).desc())
        .limit(1)
    ).first()
    return {
        "token": bool(restaurant.whatsapp_access_token or get_settings().whatsapp_access_token),
        "waba_id": options(restaurant).whatsapp_business_account_id or "",
        "last_at": last.created_at.isoformat() if last else "",
        "last_ok": bool(last and last.kind == "templates.synced"),
        "last_error": str(last.data.get("error", ""))
        if last and last.kind == "templates.sync_failed"
        else "",
        "last_counts": {k: int(last.data.get(k, 0)) for k in ("added", "updated", "gone", "listed")}
        if last and last.kind == "templates.synced"
        else {},
        "manager_url": META_TEMPLATES_URL,
    }
