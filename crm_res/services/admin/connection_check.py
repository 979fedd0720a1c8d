"""The Settings page's TEST buttons: is WhatsApp reachable with our token, does the LLM answer?

Owners only. Each returns `{"ok": bool, "mode": str, "message": str}` for inline display:
- WhatsApp: no access token (the restaurant's or `WHATSAPP_ACCESS_TOKEN`) → mode "sandbox", nothing
  is called; else `GET {WHATSAPP_GRAPH_URL}/{phone_number_id}` with the token → mode "live".
- LLM: no `LLM_API_KEY` → mode "rule_based" (the built-in assistant answers, no network); else a
  tiny completion through the gateway's model chain → mode "llm".
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from crm_res.integrations.connection_probe import probe_llm, probe_whatsapp
from crm_res.models import Restaurant
from crm_res.services.access import Viewer
from crm_res.services.admin.restaurant_settings import require_owner
from crm_res.services.errors import NotFound
from crm_res.settings import get_settings


def check_whatsapp(*, session: Session, viewer: Viewer, timeout: float = 10.0) -> dict[str, Any]:
    """Ask the Cloud API about this restaurant's phone number (or say it is in sandbox mode)."""
    require_owner(viewer)
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("restaurant not found")
    settings = get_settings()
    token = restaurant.whatsapp_access_token or settings.whatsapp_access_token
    if not token:
        return {
            "ok": True,
            "mode": "sandbox",
            "message": "sandbox mode: no WHATSAPP_ACCESS_TOKEN, messages are recorded, not sent",
        }
    # The HTTP call happens outside any transaction the caller may hold open: nothing is written.
    ok, message = probe_whatsapp(
        settings.whatsapp_graph_url, token, restaurant.whatsapp_phone_number_id, timeout=timeout
    )
    return {"ok": ok, "mode": "live", "message": message}


def check_llm(*, session: Session, viewer: Viewer, timeout: float = 10.0) -> dict[str, Any]:
    """A tiny completion through the configured gateway (or say the rule-based assistant answers)."""
    require_owner(viewer)
    settings = get_settings()
    if not settings.llm_api_key:
        return {
            "ok": True,
            "mode": "rule_based",
            "message": "no LLM_API_KEY: the built-in rule-based assistant answers (no network)",
        }
    ok, message = probe_llm(
        settings.llm_base_url, settings.llm_api_key, settings.llm_model_chain, timeout=timeout
    )
    return {"ok": ok, "mode": "llm", "message": message}


def app_secret_problems(*, session: Session) -> list[str]:
    """Start-up errors: restaurants with their own access token (a real number) while
    WHATSAPP_APP_SECRET is unset. Their deliveries are refused (403) until it is set; the other
    restaurants keep working in sandbox, so the app still starts."""
    if get_settings().whatsapp_app_secret:
        return []
    names = session.exec(
        select(Restaurant.name_en)
        .where(col(Restaurant.whatsapp_access_token).is_not(None), Restaurant.whatsapp_access_token != "")
        .where(col(Restaurant.deleted_at).is_(None))
        .order_by(Restaurant.name_en)
    ).all()
    if not names:
        return []
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return [
        f"{len(names)} restaurant(s) have their own WhatsApp access token ({shown}) but WHATSAPP_APP_SECRET "
        "is not set: their webhook deliveries cannot be verified and are refused (403). Set "
        "WHATSAPP_APP_SECRET to the app secret of your Meta app (App settings > Basic)."
    ]
