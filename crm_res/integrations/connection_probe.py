"""Cheap live checks of the two outside services, for the Settings page's TEST buttons.

No database access: the caller passes the URLs, tokens and models. Each check answers in at most
`timeout` seconds and raises nothing: it returns (ok, what happened).
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel

from crm_res.integrations.llm import AllModelsFailed, LLMGateway
from crm_res.integrations.whatsapp import classify_error


def probe_whatsapp(
    base_url: str, token: str, phone_number_id: str, *, timeout: float = 10.0
) -> tuple[bool, str]:
    """GET {base_url}/{phone_number_id} with the token: Meta answers with the number's details."""
    url = f"{base_url.rstrip('/')}/{phone_number_id}"
    try:
        response = httpx.get(
            url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            params={"fields": "display_phone_number,verified_name,quality_rating"},
        )
    except httpx.TransportError as exc:
        return False, f"could not reach {base_url}: {type(exc).__name__}: {exc}"[:300]
    if response.status_code >= 400:
        return False, str(classify_error(response.status_code, response.content, response.headers))[:300]
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return False, f"unexpected answer (HTTP {response.status_code}, not a JSON object)"
    number = data.get("display_phone_number") or phone_number_id
    name = data.get("verified_name")
    quality = data.get("quality_rating")
    details = ", ".join(str(x) for x in (name, f"quality {quality}" if quality else None) if x)
    return True, f"connected: {number}" + (f" ({details})" if details else "")


class _Pong(BaseModel):
    ok: bool


def probe_llm(base_url: str, api_key: str, models: list[str], *, timeout: float = 10.0) -> tuple[bool, str]:
    """A tiny completion through the gateway's fallback chain; says which model answered."""
    if not models:
        return False, "no model configured (LLM_MODELS)"
    gateway = LLMGateway(base_url, api_key, models, timeout_s=timeout, max_tokens=20, temperature=0.0)
    messages = [
        {"role": "system", "content": 'Reply with exactly this JSON object: {"ok": true}'},
        {"role": "user", "content": "ping"},
    ]
    try:
        result = gateway.complete_json(messages, _Pong)
    except AllModelsFailed as exc:
        return False, str(exc)[:300]
    finally:
        gateway.close()
    return True, f"connected: {result.model} answered in {result.latency_ms} ms"
