"""Rows handed to a set-based statement as ONE json parameter (`json_array_elements`): orjson
for speed, the stdlib for what orjson refuses (an integer beyond 64 bits in Meta's message)."""

from __future__ import annotations

import json
from typing import Any

import orjson


class RawJson:
    """A value already serialised (pydantic's model_dump_json), spliced into the rows as is.
    (A plain class: orjson would write a dataclass out as an object.)"""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def json_rows(rows: list) -> str:
    """One json parameter carrying a statement's rows (see the module docstring); orjson, or the
    stdlib for what orjson refuses (an integer beyond 64 bits in Meta's original message)."""
    try:
        return orjson.dumps(rows, default=_as_fragment).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_as_value)


def _as_fragment(value: Any) -> Any:
    if isinstance(value, RawJson):
        return orjson.Fragment(value.text)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _as_value(value: Any) -> Any:
    if isinstance(value, RawJson):
        return json.loads(value.text)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
