"""What the order parser reads and returns: menu entries, order lines, ambiguous mentions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class MenuEntry:
    """One orderable item as the parser sees it."""

    key: str
    name_ar: str
    name_en: str
    price: Decimal
    available: bool = True
    aliases: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # The menu index is cached per menu (a tuple of entries), so every parse hashes every
        # entry: hash the fields once per entry, not once per parse.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.key, self.name_ar, self.name_en, self.price, self.available, self.aliases))
            object.__setattr__(self, "_hash", cached)
        return cached


@dataclass
class OrderLine:
    """A resolved menu item with its quantity and the customer's changes to it."""

    menu_item_key: str
    name_ar: str
    name_en: str
    quantity: int
    unit_price: Decimal
    modifications: list[str] = field(default_factory=list)
    # False when no count was said for it (one by default: "برجر دجاج قلت لك"); how it was said, so the
    # line compares equal either way
    said_count: bool = field(default=True, compare=False)


@dataclass
class AmbiguousMention:
    """A dish named too loosely to pick one item ("شاورما" when chicken and beef exist)."""

    text: str
    quantity: int
    candidates: list[str]
    modifications: list[str] = field(default_factory=list)  # "shawarma bdon toom": kept for the one picked


@dataclass
class ParsedOrder:
    """What `parse_order` understood; `unknown` holds food-like words not on the menu."""

    lines: list[OrderLine]
    unknown: list[str] = field(default_factory=list)
    unavailable: list[MenuEntry] = field(default_factory=list)
    ambiguous: list[AmbiguousMention] = field(default_factory=list)


def menu_entries(rows: Iterable[Mapping[str, Any]]) -> list[MenuEntry]:
    """Build entries from menu rows shaped like `DEMO_MENU` (keyed by `name_en` unless given)."""
    return [
        MenuEntry(
            key=str(row.get("key") or row["name_en"]),
            name_ar=row["name_ar"],
            name_en=row["name_en"],
            price=Decimal(row["price"]),
            available=bool(row.get("available", True)),
            aliases=tuple(row.get("aliases", ())),
        )
        for row in rows
    ]
