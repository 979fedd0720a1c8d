"""General mechanisms that let the rules handle messages they were not written for."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.normalize import normalize, number_value
from crm_res.assistant.order_parser import food_mentions, menu_entries, parse_order
from crm_res.assistant.sentiment import analyze_sentiment, is_strong_anger
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


def test_chat_shorthand_is_spelled_out() -> None:
    """ "u", "r", "pls", "thx" become full words, so one phrase list covers both spellings."""
    assert normalize("r u a bot pls") == "are you a bot please"
    assert classify_intent("are u a bot?").intent == "escalation"
    assert classify_intent("thnx").intent == "thanks"


def test_whole_word_beats_a_peeled_clitic_form() -> None:
    """ "بالغالين" (dear ones) is not read as "غالين" (expensive)."""
    assert analyze_sentiment("هلا والله بالغالين").sentiment == "neutral"
    assert classify_intent("هلا والله بالغالين").intent == "greeting"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الشاورما لزيزه", "positive"),  # ذ written ز
        ("the burger was amazng", "positive"),  # one letter dropped
        ("الموظفين ممتازين", "positive"),  # plural of ممتاز
        ("please send me the menu", "neutral"),  # "please" is not "pleased"
        ("the waiter brought the bill", "neutral"),  # "waiter" is not "waited"
    ],
)
def test_lexicon_tolerates_typos_but_not_real_neighbours(text: str, expected: str) -> None:
    """Evaluative words are found through look-alike letters and one-letter typos only."""
    assert analyze_sentiment(text).sentiment == expected


def test_insults_are_negative_and_strong_anger() -> None:
    """An insult or curse makes the message negative, not only an escalation trigger."""
    assert analyze_sentiment("حرامية والله").sentiment == "negative"
    assert is_strong_anger("حرامية والله")


def test_only_shrugs_stay_neutral() -> None:
    """Several "average" words add up to neutral; "not the best" is not a complaint."""
    assert analyze_sentiment("الطعم عادي والسعر عادي والخدمة نص نص").sentiment == "neutral"
    assert analyze_sentiment("مش احسن شاورما بس مقبولة").sentiment == "neutral"
    assert analyze_sentiment("مو زين ابد").sentiment == "negative"


def test_support_phrases_accept_levantine_and_egyptian_your() -> None:
    """ "-كم" phrases also match "-كن" and "-كو": "عنوانكن", "موقعكو"."""
    assert classify_intent("شو عنوانكن؟").topic == "location"
    assert classify_intent("موقعكو فين").topic == "location"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("بتقفلوا الساعة كام؟", "hours"),
        ("كام فرع عندكو؟", "branches"),
        ("قديش حق الكنافة؟", "prices"),
        ("الشاورما بكام", "prices"),
    ],
)
def test_how_much_is_a_price_only_when_nothing_else_is_asked(text: str, topic: str) -> None:
    """ "كام"/"قديش" alone ask a price; with hours or branches words they ask those."""
    result = classify_intent(text)
    assert (result.intent, result.topic) == ("support", topic)


def test_what_do_you_have_asks_for_the_menu() -> None:
    """A what-question about what the restaurant has is a menu question."""
    assert classify_intent("شو الاشيا اللي عندكن؟").topic == "menu"


def test_a_lone_acknowledgement_is_neither_feedback_nor_positive() -> None:
    """ "طيب", "👍" alone acknowledge; "طيب شكرا" is thanks, not praise of the food."""
    for text in ("طيب", "👍", "ماشي"):
        assert classify_intent(text).intent == "other"
        assert analyze_sentiment(text).sentiment == "neutral"
    assert classify_intent("طيب شكرا").intent == "thanks"


def test_a_late_order_is_a_status_question_unless_more_is_reviewed() -> None:
    """ "اوردري اتأخر" asks about the order; a review that also judges the food stays feedback."""
    assert classify_intent("اوردري اتأخر كتير").intent == "order_status"
    assert classify_intent("الأكل وحش والطلب اتأخر").intent == "feedback"


def test_a_dish_described_in_the_past_is_feedback_not_an_order() -> None:
    """ "الحمص كان حامض", "طلبت برجر وجاني بارد" review an order, they do not place one."""
    assert classify_intent("المتبل كان حامض").intent == "feedback"
    assert analyze_sentiment("المتبل كان حامض").sentiment == "negative"
    assert classify_intent("طلبت برجر ووصل بارد").intent == "feedback"


def test_judgement_alone_is_feedback() -> None:
    """A short judgement with nothing else ("يعني مقبول") is feedback, not other."""
    assert classify_intent("يعني مقبول").intent == "feedback"
    assert classify_intent("nothing special honestly").intent == "feedback"


def test_opt_out_by_not_wanting_messages() -> None:
    """ "مش عايز رسايل", "dont send me offers" are opt-outs, never opt-ins."""
    assert classify_intent("مش عايز رسايل منكم").intent == "opt_out"
    assert classify_intent("dont send me any offers").intent == "opt_out"
    assert classify_intent("الغوا اشتراكي").intent == "opt_out"


def test_number_words_with_a_clitic_and_everyday_words_are_not_dishes() -> None:
    """ "بثلاث" is 3; "many" is not a typo of "mandi"."""
    assert number_value(normalize("بثلاث")) == 3
    assert parse_order("ابغى بثلاث فلافل", MENU).lines[0].quantity == 3
    assert food_mentions("many thanks") == 0
    assert classify_intent("many thanks").intent == "thanks"
