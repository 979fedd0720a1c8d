"""HTTP-facing part of ingestion: map a raw webhook POST to (status, JSON body)."""

from __future__ import annotations

from typing import Any


async def handle_delivery(*, raw: bytes, signature: str | None) -> tuple[int, dict[str, Any]]:
    return 501, {"error": "webhook POST ingestion is not implemented yet"}
