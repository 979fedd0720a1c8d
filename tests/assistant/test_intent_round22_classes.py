"""Intent classes found on round 20's held-out parts, read in round 22's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent


@pytest.mark.parametrize(
    "text",
    [
        "بدي صير مشترك عندكن بالعروض",
        "عايز اكون مشترك عندكو",
        "ابغى اكون مشترك عشان توصلني الخصومات",
        "i would like to be a subscriber",
        "bade kun meshtarek 3ndkon",
    ],
)
def test_wanting_to_be_a_subscriber_is_an_opt_in(text):
    """A want word, then "be" and "a subscriber", is a request to be put on the offers."""
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "سجلولي رقمي ليوصلني كل جديد عندكم",
        "حطولي رقمي عشان يوصلني كل جديد",
        "ضيفولي رقمي ليجيني كل شي جديد",
    ],
)
def test_my_number_put_so_that_news_reaches_me_is_an_opt_in(text):
    """My number registered / put with them so that what is new reaches me means the offers, unnamed."""
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "ما بدي اكون مشترك",
        "حطولي ٢ شاورما",
        "سجل رقمي عندكم للطلبات",
        "i like the shared plate",
    ],
)
def test_no_opt_in_without_the_wish_or_the_reaching(text):
    """Not wanting to be a subscriber, an order with "حطولي", or a number registered for orders is no opt-in."""
    assert classify_intent(text).intent != "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "انا مشترك عندكم من زمان وما يوصلني شي",
        "ما عاد يجيني شي منكم من شهر، وش صار؟",
        "مشتركة بالعروض بس ما توصلني ولا رسالة",
    ],
)
def test_telling_that_nothing_arrives_is_no_opt_out(text):
    """A receiving verb after a statement's "ما" tells that nothing reaches the customer (often one
    who wants the offers): no opt-out, and nothing asked about stopping."""
    from crm_res.assistant.intent import is_opt_out, is_probable_opt_out

    assert not is_opt_out(text) and not is_probable_opt_out(text)
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "لا يوصلني شي منكم بعد اليوم",
        "ما ابي يوصلني شي منكم",
        "ما ابغى تجيني عروضكم",
        "ما ترسلون لي شي بعد اليوم",
    ],
)
def test_asking_that_nothing_arrives_is_still_an_opt_out(text):
    """A wish's "لا", or a "want" word, before the same verbs asks to stop: an opt-out."""
    assert classify_intent(text).intent == "opt_out"
