"""Each reply is in the language of the message it answers, even when it is the customer's first
English message, and even when an Arabic dish name is written in Latin letters."""

from __future__ import annotations

import pytest

from crm_res.assistant.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("2 chicken kabsa", "en"),
        ("one lamb mandi and a pepsi please", "en"),
        ("kabsa please", "en"),
        ("mandi w kabsa", "ar-SA"),  # "w" is Arabizi's "and"
        ("abi kabsa la7m", "ar-SA"),
        ("fen el order", "ar-EG"),
        ("la la, ghayerha mandi lahm", "ar-SA"),  # Arabizi's little words: la, ghayerha, lahm
        ("howa el tawseel byakhod ad eh?", "ar-SA"),
        ("ghayer el pepsi la moya", "ar-SA"),
        ("no, the burger and a pepsi", "en"),
        ("pickup from olaya branch", "en"),
    ],
)
def test_an_arabic_dish_in_latin_letters_does_not_make_english_arabizi(text, language):
    assert detect_language(text) == language


def test_an_english_order_with_an_arabic_dish_name_is_answered_in_english(shop):
    shop.say("مرحبا")
    out = shop.say("2 chicken kabsa")
    assert out[0].startswith("Your order: 2 × Chicken Kabsa")


def test_an_opt_out_in_english_is_confirmed_in_english(shop):
    shop.say("مرحبا")
    [out] = shop.say("stop sending me offers")
    assert out.isascii() and "START" in out
    shop.session.refresh(shop.customer)
    assert shop.customer.opted_out and shop.customer.language_preference.value == "en"


def test_a_branch_name_in_latin_letters_keeps_the_customers_language(shop):
    shop.say("ابغى برجر")
    out = shop.say("olaya")
    assert out[0].startswith("طلبك: برجر") and "العليا" in out[0]
