"""Sentiment polarity, negation, mixed reviews and aspect categories."""

from __future__ import annotations

import pytest

from crm_res.assistant.sentiment import CATEGORIES, analyze_sentiment


@pytest.mark.parametrize(
    "text",
    [
        "الاكل كان مره لذيذ والخدمه ممتازه",
        "ممممتاز 👌",
        "الشاورما حلوه كتير",
        "الاكل تحفة بجد",
        "The food was amazing and the staff were super friendly",
        "el akl kan 7elw awi",
        "مش بطال",
        "not bad at all, will come back",
    ],
)
def test_positive(text: str) -> None:
    """Praise, including a negated criticism ("مش بطال"), is positive."""
    assert analyze_sentiment(text).sentiment == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "مو زين",
        "ما عجبني الاكل",
        "not good",
        "مش حلو",
        "الاكل ما كان طيب ابدا",
        "الاكل وصل بارد والبطاطس معجنه",
        "Terrible service, waited 90 minutes",
        "الخدمة زفت",
    ],
)
def test_negative_and_negated_praise(text: str) -> None:
    """Criticism, and praise under a negator ("مو زين", "not good"), is negative."""
    assert analyze_sentiment(text).sentiment == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "the food was tasty but the service was slow",
        "الأكل كان لذيذ بس الخدمة بطيئة شوي",
        "البرجر حلو لكن البطاطس باردة",
        "nice food but way overpriced",
        "great food, slow delivery",
        "الخدمة حلوة بس الاكل عادي",
        "the service was slow but the food was great",
    ],
)
def test_mixed_reviews_are_never_positive(text: str) -> None:
    """Praise with a complaint is negative or neutral; the clause after بس/لكن/but leads."""
    assert analyze_sentiment(text).sentiment in ("negative", "neutral")


def test_clause_after_contrast_decides() -> None:
    """ "Tasty but slow" is negative; "slow but tasty" is at most neutral."""
    assert analyze_sentiment("tasty but slow").sentiment == "negative"
    assert analyze_sentiment("slow but tasty").sentiment == "neutral"


def test_explicit_star_rating_decides() -> None:
    """A stated rating sets the polarity: 1–2 negative, 3 neutral, 4–5 positive."""
    assert analyze_sentiment("⭐⭐⭐⭐⭐").sentiment == "positive"
    assert analyze_sentiment("٣ من ٥ الاكل زين بس غالي").sentiment == "neutral"
    assert analyze_sentiment("نجمتين").sentiment == "negative"


@pytest.mark.parametrize("text", ["ابي برجر", "متى تفتحون؟", "السلام عليكم", "good evening", "ok"])
def test_plain_requests_are_neutral(text: str) -> None:
    """Orders, questions and greetings ("good evening" included) carry no sentiment."""
    assert analyze_sentiment(text).sentiment == "neutral"


def test_thanks_alone_is_positive_but_not_with_a_complaint() -> None:
    """Courtesy colours a message only when nothing is evaluated."""
    assert analyze_sentiment("شكرا").sentiment == "positive"
    assert analyze_sentiment("الاكل بارد، شكرا").sentiment == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأكل لذيذ بس الخدمة بطيئة", {"food", "service", "speed"}),
        ("the place was dirty and the waiter was rude", {"cleanliness", "staff"}),
        ("الاسعار غالية", {"price"}),
        ("مندوب التوصيل تأخر", {"delivery", "speed"}),
    ],
)
def test_categories(text: str, expected: set[str]) -> None:
    """Aspects named or judged in the message are reported from the fixed category list."""
    categories = analyze_sentiment(text).categories
    assert expected <= set(categories)
    assert set(categories) <= set(CATEGORIES)


def test_score_is_bounded_and_signed() -> None:
    """Scores lie in [-1, 1] and have the sign of the label."""
    good = analyze_sentiment("ممتاز ممتاز رائع خرافي")
    bad = analyze_sentiment("سيء سيء مقرف زفت")
    assert 0 < good.score <= 1
    assert -1 <= bad.score < 0


@pytest.mark.parametrize(
    "text", ["ابي ٢ مظبي دجاج، استلام بعد نص ساعة", "pickup in 45 minutes please, 2 spring rolls"]
)
def test_a_time_ahead_is_no_wait(text) -> None:
    assert "speed" not in analyze_sentiment(text).categories


def test_a_wait_already_suffered_still_counts() -> None:
    assert "speed" in analyze_sentiment("طلبي صار له نص ساعه ما وصل").categories
    assert "speed" in analyze_sentiment("waited 50 minutes for my food").categories


@pytest.mark.parametrize(
    "text",
    [
        "I'm craving your wraps sooo bad",
        "i want a shawarma so bad right now",
        "we need your kunafa so badly tonight",
    ],
)
def test_wanting_something_so_bad_is_no_judgement(text: str) -> None:
    """ "craving … so bad" is how much the customer wants it, not a bad review."""
    assert analyze_sentiment(text).sentiment != "negative"


@pytest.mark.parametrize(
    "text", ["I wanted it but it was so bad", "I want a refund, the burger is so bad", "the wrap was so bad"]
)
def test_so_bad_after_a_verb_of_being_still_judges(text: str) -> None:
    """A want word before, then "was / is … so bad": a judgement again."""
    assert analyze_sentiment(text).sentiment == "negative"
