"""Intent classification, the yes/no/opt-out helpers, and language detection."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import (
    classify_intent,
    is_confirmation,
    is_opt_in,
    is_opt_out,
    is_rejection,
)
from crm_res.assistant.language import detect_language


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ابغى اطلب برجر مع بطاطس", "order"),
        ("عايز اطلب 2 شاورما فراخ", "order"),
        ("بدي اطلب فلافل وحمص", "order"),
        ("2 burgers and a pepsi", "order"),
        ("abi burger w batates", "order"),
        ("وين طلبي؟", "order_status"),
        ("الاوردر فين؟ بقالي ساعة", "order_status"),
        ("where is my order?", "order_status"),
        ("الأكل كان لذيذ بس الخدمة بطيئة شوي", "feedback"),
        ("the food was tasty but the service was slow", "feedback"),
        ("٥ نجوم", "feedback"),
        ("السلام عليكم", "greeting"),
        ("hello there", "greeting"),
        ("شكرا جزيلا", "thanks"),
        ("يسلمو", "thanks"),
        ("ابي اكلم موظف", "escalation"),
        ("أبغى أكلم موظف", "escalation"),
        ("ابغى موظف", "escalation"),
        ("I want to talk to a human", "escalation"),
        ("agent", "escalation"),
        ("مدير", "escalation"),
        ("STOP", "opt_out"),
        ("إيقاف", "opt_out"),
        ("الغاء الاشتراك", "opt_out"),
        ("unsubscribe", "opt_out"),
        ("START", "opt_in"),
        ("اشتراك", "opt_in"),
        ("subscribe", "opt_in"),
        ("tell me a joke", "other"),
        ("😂😂", "other"),
        ("", "other"),
    ],
)
def test_intents_across_dialects(text: str, intent: str) -> None:
    """Each intent is recognised in Saudi, Egyptian, Levantine Arabic, English and Arabizi."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("متى تفتحون؟", "hours"),
        ("إيمتى بتسكروا؟", "hours"),
        ("وين موقعكم؟", "location"),
        ("انتو فين بالظبط؟", "location"),
        ("وش عندكم في المنيو؟", "menu"),
        ("شو في عندكن اكل؟", "menu"),
        ("كم سعر المندي؟", "prices"),
        ("قديش سعر الكنافة؟", "prices"),
        ("الشاورما بكام؟", "prices"),
        ("فيه فرع في جدة؟", "branches"),
        ("do you have a branch in dammam?", "branches"),
    ],
)
def test_support_questions_carry_their_topic(text: str, topic: str) -> None:
    """Support questions are tagged hours / location / menu / prices / branches."""
    result = classify_intent(text)
    assert (result.intent, result.topic) == ("support", topic)


def test_opt_out_wins_over_everything_else() -> None:
    """A stop request inside a complaint is still an opt-out (it is a legal obligation)."""
    assert classify_intent("الاكل بارد ووقفوا الرسائل لو سمحتوا").intent == "opt_out"


def test_greeting_with_a_request_is_the_request() -> None:
    """ "Hello, I want to order" is an order, not a greeting."""
    assert classify_intent("السلام عليكم ابي اطلب برجر").intent == "order"


def test_thanks_with_an_evaluation_is_feedback() -> None:
    """Thanks that also judge the food count as feedback."""
    assert classify_intent("شكرا الاكل كان لذيذ مره").intent == "feedback"


def test_staff_praise_is_not_an_escalation() -> None:
    """Mentioning staff without asking for one is feedback, not a handover request."""
    assert classify_intent("الموظفين محترمين والمكان نظيف").intent == "feedback"


def test_confidence_is_a_probability() -> None:
    """Confidence always lies in [0, 1]."""
    for text in ("STOP", "ابي برجر", "؟", "hello", "وين طلبي"):
        assert 0.0 <= classify_intent(text).confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    ["STOP", "stop", "إيقاف", "ايقاف", "الغاء الاشتراك", "unsubscribe", "stop sending me messages"],
)
def test_is_opt_out(text: str) -> None:
    """The documented opt-out words are recognised in any case and spelling."""
    assert is_opt_out(text)


@pytest.mark.parametrize("text", ["لا", "الغاء", "stop by the branch?", "ابي اطلب"])
def test_is_opt_out_ignores_plain_no_and_cancel(text: str) -> None:
    """A bare "no" or "cancel" is not an unsubscribe request."""
    assert not is_opt_out(text)


@pytest.mark.parametrize("text", ["START", "start", "اشتراك", "subscribe", "ابي اشترك في العروض"])
def test_is_opt_in(text: str) -> None:
    """The documented opt-in words are recognised."""
    assert is_opt_in(text)


def test_unsubscribe_is_not_opt_in() -> None:
    """ "الغاء الاشتراك" contains "اشتراك" but is an opt-out."""
    assert not is_opt_in("الغاء الاشتراك")


@pytest.mark.parametrize(
    "text",
    [
        "نعم",
        "ايه",
        "اي",
        "ايوه",
        "أيوه",
        "أكيد",
        "تمام",
        "تمااام",
        "yes",
        "OK",
        "confirm",
        "👍",
        "نعم أكد",
    ],
)
def test_is_confirmation(text: str) -> None:
    """Short yeses in Arabic (any hamza or elongation) and English confirm."""
    assert is_confirmation(text)


@pytest.mark.parametrize("text", ["لا", "no", "cancel", "الغاء", "لا شكرا", "لأ", "no thanks"])
def test_is_rejection(text: str) -> None:
    """Short noes and cancels reject."""
    assert is_rejection(text)
    assert not is_confirmation(text)


@pytest.mark.parametrize("text", ["ابي برجر", "تمام بس بدون بصل وزيادة جبن وبطاطس", "الغاء الاشتراك"])
def test_longer_or_other_messages_are_neither_yes_nor_no(text: str) -> None:
    """A real message or an opt-out is not mistaken for a bare yes or no."""
    assert not is_confirmation(text)
    assert not is_rejection(text)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ابغى اطلب برجر", "ar-SA"),
        ("السلام عليكم", "ar-SA"),
        ("عايز اطلب شاورما", "ar-EG"),
        ("الاوردر فين؟", "ar-EG"),
        ("بدي اطلب فلافل", "ar-LV"),
        ("قديش سعر الكنافة؟", "ar-LV"),
        ("where is my order?", "en"),
        ("3ayez 2 shawarma", "ar-EG"),
        ("bdi falafel", "ar-LV"),
        ("abi burger w batates", "ar-SA"),
        ("do you deliver to al olaya?", "en"),
    ],
)
def test_language_and_dialect(text: str, language: str) -> None:
    """Dialect markers pick ar-EG / ar-LV; unmarked Arabic defaults to ar-SA; Arabizi is Arabic."""
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    ["متى توقفون استقبال الطلبات؟", "emta tsakroon el lela?", "until when are you taking orders?"],
)
def test_until_when_orders_are_taken_asks_the_hours(text) -> None:
    result = classify_intent(text)
    assert (result.intent, result.topic) == ("support", "hours")


@pytest.mark.parametrize(
    "text",
    ["مرحبا، في عندكن مكان للعيلة؟", "kifak, shu fi akl nabati 3andkon?", "hi, do you have a kids menu?"],
)
def test_a_greeting_then_a_question_that_asks_for_something_is_support(text) -> None:
    assert classify_intent(text).intent == "support"


@pytest.mark.parametrize(
    "text", ["السلام عليكم، كيف حالكم اليوم؟", "hello, how are you doing today?", "ahla w sahla, kifkon?"]
)
def test_a_greeting_with_how_are_you_stays_a_greeting(text) -> None:
    assert classify_intent(text).intent == "greeting"


@pytest.mark.parametrize(
    "text",
    [
        "3ayez a2abel 7ad mn el management",
        "عايز اقابل المدير لو سمحت",
        "I need someone from the management to call me",
    ],
)
def test_meeting_someone_from_the_management_is_an_escalation(text: str) -> None:
    """ "Meet" ("اقابل", "a2abel") and "the management" ask for a person like "talk to a manager"."""
    assert classify_intent(text).intent == "escalation"


def test_arabizi_missing_items_are_a_complaint() -> None:
    """Arabizi "na2es" (missing) about a delivered order is feedback, not a new order."""
    assert classify_intent("el order wesel na2es, ma fi el batata").intent == "feedback"


@pytest.mark.parametrize(
    "text", ["wen far3kon el a2rab?", "fen ma7alkom bel zabt?", "wen far3kom 3al jamaa?"]
)
def test_arabizi_branch_and_place_with_your_suffix_ask_where(text: str) -> None:
    """ "far3kon" / "ma7alkom" (your branch / your shop) with "where": a support question."""
    result = classify_intent(text)
    assert result.intent == "support"
    assert result.topic in ("location", "branches")
