"""How a yes/no cell reads in the CSV files and forms owners fill in (Arabic or English words)."""

from __future__ import annotations

YES_WORDS = frozenset({"1", "true", "yes", "y", "نعم", "متوفر", "available"})
NO_WORDS = frozenset({"0", "false", "no", "n", "لا", "غير متوفر", "unavailable"})


def parse_yes_no(raw: str, *, blank: bool) -> bool | None:
    """True or False for a known word (any case), `blank` for an empty cell, None otherwise."""
    value = raw.strip().lower()
    if value == "":
        return blank
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    return None
