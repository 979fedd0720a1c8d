"""Chat messages for the LLM: an Arabic system prompt in the restaurant's voice + history.

The caller fills a RestaurantContext from the database; nothing here reads it. The model is
asked for one JSON object that validates as ``AssistantDecision``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, get_args

from crm_res.assistant import replies
from crm_res.assistant.replies import Branch, MenuItem
from crm_res.integrations.llm import FEEDBACK_CATEGORIES, Intent, Sentiment

__all__ = ["Branch", "MenuItem", "RestaurantContext", "build_messages", "system_prompt"]

MAX_HISTORY = 12


@dataclass
class RestaurantContext:
    """What the assistant may know about one restaurant (filled by the caller from the DB).

    ``menu`` and ``branches`` accept MenuItem/Branch, plain tuples in the same order, or
    mappings with the same keys; they are normalised on creation.
    """

    name_ar: str
    name_en: str
    personality: str = "casual"
    menu: list[MenuItem] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    discount_enabled: bool = False
    discount_percent: int | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        self.personality = replies.normalize_personality(self.personality)
        self.menu = [_menu_item(row) for row in self.menu]
        self.branches = [_branch(row) for row in self.branches]


def _menu_item(row: Any) -> MenuItem:
    if isinstance(row, MenuItem):
        return row
    if isinstance(row, Mapping):
        row = (row["name_ar"], row["name_en"], row["price"], row.get("category", ""),
               row.get("available", True))
    item = MenuItem._make(tuple(row) + MenuItem._field_defaults_tail(len(tuple(row))))
    return item._replace(price=Decimal(str(item.price)), available=bool(item.available))


def _branch(row: Any) -> Branch:
    if isinstance(row, Branch):
        return row
    if isinstance(row, Mapping):
        return Branch(row["name"], row["city"], row["hours"], row.get("lat"), row.get("lng"))
    values = tuple(row)
    return Branch(*values)
