"""'The rest' of a count said in an order ("ثلاث منهن دجاج والباقي عادي") is no question about the rest
of an order still to come (issue #13, from conversation set 56; written for the class)."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text", ["بطلب خمس شاورما، ثنتين منهن لحم والباقي دجاج", "abgha 4 burger, wa7ed dbl w el ba2i 3adi"]
)
def test_the_rest_of_a_count_is_no_status_question(text):
    assert classify_intent(text).intent != "order_status"


@pytest.mark.parametrize(
    "text", ["وين الباقي من طلبي؟", "الطلب وصل بس الباقي ما وصل", "باقي كثير على الطلب؟"]
)
def test_the_rest_of_an_order_still_to_come_is_status_guard(text):
    assert classify_intent(text).intent == "order_status"
