"""A short Arabic word with one more consonant is another word, not a typo of a dish: "الماضية"
(the last time) is no "ماية" (water); a letter doubled or a long vowel more or less is a typo
("كنفه", "ميااه"); Arabizi, spelled by ear, keeps any single edit."""

from __future__ import annotations

import pytest

from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


@pytest.mark.parametrize("text", ["بدي قيّم زيارتي المرة الماضية", "زيارتنا الماضيه كانت حلوة"])
def test_a_word_with_one_more_consonant_is_no_dish(text):
    assert parse_order(text, MENU).lines == []


@pytest.mark.parametrize(
    ("text", "dish"), [("ابي كنفه", "Kunafa"), ("عايز ماية", "Water"), ("ابي مايه", "Water")]
)
def test_a_missing_long_vowel_is_still_the_dish(text, dish):
    assert [line.name_en for line in parse_order(text, MENU).lines] == [dish]
