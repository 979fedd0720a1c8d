"""The labelled menus of tests/data/menus and what a parsed order holds, for the parser tests."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, menu_entries

MENUS = Path(__file__).resolve().parents[1] / "data" / "menus"


def load_menu(name: str) -> list[MenuEntry]:
    """The entries of tests/data/menus/<name>.json."""
    return menu_entries(json.loads((MENUS / f"{name}.json").read_text(encoding="utf-8"))["items"])


def item_counts(parsed: ParsedOrder) -> dict[str, int]:
    """Menu item (English name) → quantity over all lines of a parsed order."""
    got: Counter[str] = Counter()
    for line in parsed.lines:
        got[line.name_en] += line.quantity
    return dict(got)
