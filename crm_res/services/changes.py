"""Before/after of a change, for the audit trail (services/ops/audit.py reads it back)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{"before": {...}, "after": {...}} with only the fields whose value changed (as text-safe JSON)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {
        "before": {k: _plain(before.get(k)) for k in keys},
        "after": {k: _plain(after.get(k)) for k in keys},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Decimal):  # prices: "9.00" SAR, however they were typed
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
