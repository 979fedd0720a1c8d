"""Text people typed, made safe to show: no bidi formatting characters, bounded length.

Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9) and the direction marks (LRM, RLM,
ALM) in a customer's name can reverse the line it is shown on (the inbox, a spreadsheet) and so
disguise what follows ("Trojan Source"). Names lose them at ingestion and cells in CSV exports
too; pages also isolate names (`unicode-bidi: isolate`), which covers rows stored before.
"""

from __future__ import annotations

import re

NAME_MAX = 120  # one cap for stored names: from WhatsApp (after cleaning), the CSV import and the dashboard
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")


def strip_bidi(text: str) -> str:
    """`text` without bidi formatting characters."""
    return BIDI_CONTROLS.sub("", text)


def clean_name(raw: str | None, limit: int = NAME_MAX) -> str | None:
    """A display name: bidi and control characters removed, spaces collapsed, cut at `limit`
    characters (kept, not refused); None when nothing is left."""
    if not raw:
        return None
    name = " ".join(_OTHER_CONTROLS.sub(" ", strip_bidi(raw)).split())
    return name[:limit].rstrip() or None


_LINK = re.compile(r"https?://(?:www\.)?([^/\s?#:]+)\S*", re.IGNORECASE)


def preview_line(text: str) -> str:
    """A message as one line of a list: a link shows as its site only. A whole URL cut by the
    line's end in a right-to-left row shows its tail first ("810,39.1560…" for a maps link)."""
    return " ".join(_LINK.sub(r"\1", strip_bidi(text)).split())
