"""The Settings page's TEST buttons: is WhatsApp reachable with our token, does the LLM answer?

Owners only. Each returns `{"ok": bool, "mode": str, "message": str}` for inline display:
- WhatsApp: no access token (the restaurant's or `WHATSAPP_ACCESS_TOKEN`) → mode "sandbox", nothing
  is called; else `GET {WHATSAPP_GRAPH_URL}/{phone_number_id}` with the token → mode "live".
- LLM: no `LLM_API_KEY` → mode "rule_based" (the built-in assistant answers, no network); else a
  tiny completion through the gateway's model chain → mode "llm".
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

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
