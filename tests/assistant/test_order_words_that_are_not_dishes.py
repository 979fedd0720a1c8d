"""Words inside an order that are never a dish and never named back as one: how the order reaches
the customer, an intensifier, and "without" written in two words in Arabizi."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import parse_order
from tests.assistant.menus import item_counts, load_menu


@pytest.mark.parametrize(
    "text",
    [
        "2 cheese pides and one more, delivery to my flat",
        "a lahmacun, delivery please",
        "two turkish teas and one, deliver them to the office",
    ],
)
def test_delivery_after_a_count_is_not_an_unknown_dish(text: str) -> None:
    """ "… and one, delivery to …": the fulfilment word after a count is not a dish to name back."""
    parsed = parse_order(text, load_menu("turkish"))
    assert parsed.unknown == []
    assert parsed.lines


@pytest.mark.parametrize("very", ["وايد", "واجد"])
def test_gulf_very_is_not_and_plus_a_word(very: str) -> None:
    """ "مو حار وايد" (not very spicy): "وايد" is an intensifier, not "و" + an unknown dish."""
    parsed = parse_order(f"ابي شوربة عدس وأضنة كباب حار بس مو حار {very}", load_menu("turkish"))
    assert item_counts(parsed) == {"Lentil Soup": 1, "Spicy Adana Kebab": 1}
    assert parsed.unknown == []


@pytest.mark.parametrize("without", ["men gheir", "min ghir", "mn gher", "من غير"])
def test_without_in_two_words_makes_the_next_food_a_change(without: str) -> None:
    """ "men gheir sos" (without sauce): the food after a two-word "without" is what is left
    out; a sauce the menu does not sell is not named back."""
    parsed = parse_order(f"3 strawberry waffles, wa7da menhom {without} sos", load_menu("icecream"))
    assert item_counts(parsed) == {"Strawberry Waffle": 3}
    assert parsed.unknown == []
    assert len(parsed.lines) == 2
