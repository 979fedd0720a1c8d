"""Whatever a customer sends (only punctuation, emoji, digits, mixed scripts, control characters),
every reading of a message returns an answer and never raises: a raise would fail the message's
job, and the customer would hear nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_res.assistant import intent, language, ratings, sentiment
from crm_res.assistant.menu_questions import asks_the_price, categories_named
from crm_res.assistant.order_edits import (
    asks_for_food,
    chosen_place,
    confirms,
    read_edit,
    starts_with_and,
    takes_it,
    wants_a_change,
)
from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.assistant.small_talk import announces_a_question, asks_how_we_are, is_apology, is_mash
from crm_res.assistant.staff_requests import asks_for_refund, asks_to_cancel
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)
# Arabic letters, Arabic-Indic digits and punctuation, Latin, emoji and symbols, weighted to the
# characters customers send, plus anything Unicode has.
_CUSTOMER_CHARS = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىءأإآةؤئ ٠١٢٣٤٥٦٧٨٩؟،؛ـ ًٌٍَُِّْ abcxyz0123456789?!.,-+*/() 👍😊🙏❤️✅⭐")
)
TEXTS = st.one_of(st.text(_CUSTOMER_CHARS, max_size=40), st.text(max_size=20))
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(TEXTS)
def test_every_reading_of_a_message_answers_whatever_it_holds(text):
    assert intent.classify_intent(text).intent
    assert intent.classify_intent(text, MENU).intent
    for check in (
        intent.is_opt_out,
        intent.is_opt_in,
        intent.is_probable_opt_out,
        intent.is_confirmation,
        intent.is_rejection,
        asks_to_cancel,
        asks_for_refund,
    ):
        assert check(text) in (True, False)
    assert language.detect_language(text) in ("ar-SA", "ar-EG", "ar-LV", "en")
    assert sentiment.analyze_sentiment(text).sentiment in ("positive", "neutral", "negative")
    assert ratings.puts_off(text) in (True, False)
    rating = ratings.parse_rating(text)
    assert rating is None or 1 <= rating <= 5
    read_edit(text), starts_with_and(text), chosen_place(text, 3), confirms(text), asks_for_food(text)
    wants_a_change(text)
    takes_it(text), asks_the_price(text), asks_how_we_are(text)
    is_apology(text), is_mash(text), announces_a_question(text)
    categories_named(text, ["mains", "drinks"])


@EXAMPLES
@given(TEXTS)
def test_an_order_read_from_any_text_is_priced_from_the_menu(text):
    parsed = parse_order(text, MENU)
    prices = {e.key: e.price for e in MENU}
    for line in parsed.lines:
        assert 1 <= line.quantity and line.unit_price == prices[line.menu_item_key]
