"""A dialect's singular of a dish word is that word: Egyptian "فرخة" is one chicken ("فراخ")."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import item_counts, load_menu


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عايز فرخة مشوية كاملة ومحمرة", {"Whole Grilled Chicken": 1, "Muhammara": 1}),
        ("هاتلي ٢ نص فرخة مشوية", {"Half Grilled Chicken": 2}),
        ("3ayez nos farkha meshweya w fattoush", {"Half Grilled Chicken": 1, "Fattoush": 1}),
    ],
)
def test_farkha_is_the_menus_chicken(text: str, expected: dict[str, int]) -> None:
    """ "نص فرخة مشوية" on a menu that writes "نص فروج مشوي" is that dish."""
    parsed = parse_order(text, load_menu("mashawi"))
    assert item_counts(parsed) == expected
    assert parsed.unknown == []


@pytest.mark.parametrize("water", ["mai", "mayy", "mayye"])
def test_arabizi_water_spellings_are_water(water: str) -> None:
    """Arabizi "mai" / "mayy" / "mayye" is the menu's water, not a word named back."""
    parsed = parse_order(f"bade tuna salad w {water}", load_menu("healthy"))
    assert parsed.unknown == []
    assert item_counts(parsed) == {"Tuna Salad": 1, "Water": 1}
