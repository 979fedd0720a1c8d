"""Turn a free-text order ("ابغى برجرين دجاج وبيبسي ثنتين", "2 burgers and a pepsi") into lines.

Dish names are reduced to canonical words through a built-in synonym table (Arabic, English,
dialect and Arabizi spellings), so a menu item is recognised by the *set* of its words in any
order ("chicken burger" = "برجر دجاج"); the longest matching set wins. Typos fall back to
rapidfuzz against the known spellings and against the restaurant's own dish words (names the
synonym table does not know). Pure functions, no I/O.

This module is the public face; the work is done in `crm_res.assistant.orders`:
vocabulary (words and their canonical forms) → menu_index (one menu, cached) → tokens (typed
slots) → matching (dish mentions) → quantities and modifiers → assemble (the parsed order).
"""

from __future__ import annotations

from crm_res.assistant.orders import arabizi as _arabizi
from crm_res.assistant.orders import assemble as _assemble
from crm_res.assistant.orders import canonical as _canonical
from crm_res.assistant.orders import matching as _matching
from crm_res.assistant.orders import menu_index as _menu_index
from crm_res.assistant.orders.assemble import (
    dish_name_words,
    food_mentions,
    food_positions,
    foreign_food_words,
    parse_order,
)
from crm_res.assistant.orders.canonical import FOOD_WORDS, canonical_words
from crm_res.assistant.orders.model import AmbiguousMention, MenuEntry, OrderLine, ParsedOrder, menu_entries
from crm_res.assistant.orders.vocabulary import BACK_REFERENCES, MOD_STANDALONE

__all__ = [
    "BACK_REFERENCES",
    "FOOD_WORDS",
    "MOD_STANDALONE",
    "AmbiguousMention",
    "MenuEntry",
    "OrderLine",
    "ParsedOrder",
    "canonical_words",
    "clear_caches",
    "dish_name_words",
    "food_mentions",
    "food_positions",
    "foreign_food_words",
    "menu_entries",
    "parse_order",
]


def clear_caches() -> None:
    """Empty the parser's word and menu caches (for cold-start measurements)."""
    for cached in (
        _canonical.single_canonical,
        _canonical.exact_canonical,
        _canonical._fuzzy_canonical,
        _menu_index.index_of,
        _menu_index.fuzzy_own,
        _arabizi.spoken_skeletons,
        _matching._other_gender,
        _assemble._said_name_words,
        _assemble._own_and,
        _assemble._name_skeletons,
    ):
        cached.cache_clear()
