"""A price asked at the end of an order message (found in the browser: "برجر ٢ وسلطة وحدة، وبكم
الكنافة؟" then "زيدلي ٢ منها" added nothing): the price is answered as it is mid-order, with no
"add it?" beside the summary, so the yes that follows confirms the order as shown, and a count "of
it" next is that many of the dish priced."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("first", "then", "added"),
    [
        ("برجر ٢ وسلطة وحدة، وبكم الكنافة؟", "زيدلي ٢ منها", {"Kunafa": 2}),
        ("بدي شاورما جاج وبطاطا، وقديش العصير البرتقال؟", "طيب زيدلي واحد منو", {"Orange Juice": 1}),
        (
            "2 kunafa and 1 om ali please, and how much is the arabic coffee?",
            "add 2 of it",
            {"Arabic Coffee": 2},
        ),
    ],
)
def test_a_count_of_it_after_the_price_takes_the_dish_priced(shop, first, then, added):
    shop.say(first)
    before = shop.draft_lines()
    shop.say(then)
    assert shop.draft_lines() == {**before, **added}


@pytest.mark.parametrize(
    ("first", "yes"),
    [
        ("برجر ٢ وسلطة وحدة توصيل لحي الروضة شارع ٥، وبكم الكنافة؟", "ايوه ابعتوه"),
        ("1 burger and 2 orange juice, pickup from tahlia, and how much is the kunafa?", "yes"),
    ],
)
def test_the_yes_after_it_places_the_order_as_summarised(shop, first, yes):
    replies = shop.say(first)
    assert not any("أضيف" in r or "add it" in r.lower() for r in replies)  # nothing offered beside it
    summarised = shop.draft_lines()
    shop.say(yes)
    assert shop.only_order_lines() == summarised and "Kunafa" not in summarised
