"""Before/after of a change, and the audit entry that records it (services/ops/audit.py reads
them back). Every write a person or an API key makes goes through `audit_entry`, so who acted
(the user, or the key acting for its owner) is recorded the same way everywhere; what the system,
the assistant or a customer did goes through `event_entry`."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, Protocol

from crm_res.models import Event


class Actor(Protocol):
    """What of services.access.Viewer an entry needs (that module is a sibling layer)."""

    @property
    def user_id(self) -> uuid.UUID: ...
    @property
    def restaurant_id(self) -> uuid.UUID: ...
    @property
    def api_key_id(self) -> uuid.UUID | None: ...
    @property
    def api_key_name(self) -> str: ...


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{"before": {...}, "after": {...}} with only the fields whose value changed (as text-safe JSON)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {
        "before": {k: _plain(before.get(k)) for k in keys},
        "after": {k: _plain(after.get(k)) for k in keys},
    }


def audit_entry(
    actor: Actor,
    kind: str,
    subject_type: str | None = None,
    subject_id: str | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """The Event row for a change `actor` (a services.access.Viewer) made; the caller adds it to
    its session. An API key acts for its owner: the entry names the key too."""
    data = _plain(dict(data or {}))
    who = "user"
    if actor.api_key_id is not None:
        who = "api_key"
        data.update(api_key_id=str(actor.api_key_id), key_name=actor.api_key_name)
    return Event(
        restaurant_id=actor.restaurant_id,
        actor_user_id=actor.user_id,
        actor=who,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data,
    )


def event_entry(
    restaurant_id: uuid.UUID,
    actor: str,
    kind: str,
    subject: tuple[str, object] | None = None,
    /,
    **data: Any,
) -> Event:
    """The Event row for what `actor` ("system", "ai", "customer", or a person not yet signed in)
    did to `subject` (its type and id); the keywords are the entry's data. The caller adds it to
    its session."""
    subject_type, subject_id = subject if subject is not None else (None, None)
    return Event(
        restaurant_id=restaurant_id,
        actor=actor,
        kind=kind,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        data=data,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Decimal):  # prices: "9.00" SAR, however they were typed
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum: its stored value
        return value.value
    return str(value)
