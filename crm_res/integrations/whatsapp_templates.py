"""Meta's template list read into what the product keeps of a template: name, language, category,
status, the body text and its parameters (positional {{1}} or named {{first_name}}).

Pure: the list comes from `WhatsAppClient.list_message_templates`; no database access here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


@dataclass(frozen=True)
class MetaTemplate:
    name: str
    language: str
    category: str  # lower case: marketing | utility | authentication
    status: str  # lower case: approved | pending | rejected | paused | disabled | ...
    body: str
    parameters: tuple[str, ...]  # body parameters in the order a send fills them
    parameter_format: str  # positional | named


def body_parameters(body: str, named: bool) -> tuple[str, ...]:
    """The body's parameters: named ones in order of first appearance; positional ones "1", "2", …
    by number (Meta numbers them from 1 without gaps)."""
    found = list(dict.fromkeys(_PLACEHOLDER.findall(body or "")))
    if named:
        return tuple(found)
    return tuple(sorted((p for p in found if p.isdecimal()), key=int))


def parse_template(raw: dict[str, Any]) -> MetaTemplate | None:
    """One entry of Meta's list (None when it has no name or language)."""
    name, language = str(raw.get("name") or "").strip(), str(raw.get("language") or "").strip()
    if not name or not language:
        return None
    body = next(
        (
            str(c.get("text") or "")
            for c in raw.get("components") or []
            if isinstance(c, dict) and str(c.get("type", "")).upper() == "BODY"
        ),
        "",
    )
    named = str(raw.get("parameter_format") or "").upper() == "NAMED"
    return MetaTemplate(
        name=name,
        language=language,
        category=str(raw.get("category") or "").lower(),
        status=str(raw.get("status") or "").lower(),
        body=body,
        parameters=body_parameters(body, named),
        parameter_format="named" if named else "positional",
    )


def parse_templates(raw: list[dict[str, Any]]) -> list[MetaTemplate]:
    """Every usable entry, each (name, language) once (the first Meta listed)."""
    seen: dict[tuple[str, str], MetaTemplate] = {}
    for item in raw:
        t = parse_template(item)
        if t is not None:
            seen.setdefault((t.name, t.language), t)
    return list(seen.values())
