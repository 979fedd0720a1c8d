"""Ids arriving from pages and forms: a tampered value gets a clear InvalidInput, not a traceback."""

from __future__ import annotations

import uuid

from crm_res.services.errors import InvalidInput


def parse_id(value: object, what: str = "id") -> uuid.UUID:
    """`value` as a UUID (a UUID, or its text form); InvalidInput("not a valid <what>") otherwise."""
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value.strip())
        except ValueError:
            pass
    raise InvalidInput(f"not a valid {what}", code="invalid")
