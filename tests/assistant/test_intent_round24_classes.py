"""Intent classes found on round 23's held-out parts, read in round 24's tuning (issue #13): each test
names the class and checks it on sentences written for it, not on the records that showed it."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_in, is_opt_out
from crm_res.assistant.order_parser import menu_entries


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather not get your promos anymore",
        "honestly we would prefer not to receive the newsletter",
        "i'd rather not receive offers on whatsapp thanks",
        "kindly drop my number",
        "can you erase my number from your list",
    ],
)
def test_a_preference_against_the_offers_or_my_number_dropped_is_an_opt_out(text):
    """ "I'd rather not" / "would prefer not" (a wish against) with the marketing named, and my number
    dropped or erased, ask to stop as "I don't want" and "remove my number" do."""
    assert is_opt_out(text)
    assert classify_intent(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "i'd rather not have onions on the burger",
        "we'd rather not get the promo burger, make it the classic one",
        "I'd prefer not to wait, is it ready?",
    ],
)
def test_a_preference_against_a_dish_or_a_wait_is_no_opt_out(text):
    """Without the marketing named, or with a dish beside the promo word, "rather not" stops nothing."""
    assert not is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    [
        "ممكن ترسلون لي العروض على الواتس",
        "تقدرون تبعتولي الخصومات اول بأول؟",
        "فيكن تبعتولي العروض؟ بدي اعرف شو في جديد",
        "momken teb3atoli el 3orood?",
    ],
)
def test_can_you_send_me_the_offers_is_an_opt_in(text):
    """ "Can you" (ممكن / تقدرون / فيكن), a "you send" verb to me, and the offers named: a request for
    them, its question mark polite."""
    assert is_opt_in(text)
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize(
    "text",
    [
        "ليش ترسلون لي العروض؟",
        "ممكن ما ترسلون لي العروض؟",
        "ممكن ترسلون لي المنيو؟",
    ],
)
def test_can_you_send_me_is_no_opt_in_when_asked_why_negated_or_not_the_offers(text):
    """ "Why", a negation, or something other than the offers (the menu) is no request to subscribe."""
    assert not is_opt_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "سجلوني في قايمة العروض، ودي يوصلني الجديد اول ما ينزل",
        "ضيفوني على العروض وقت ما يكون عندكم خصم",
        "حطوا رقمي بالعروض، اول ما تنزلون خصومات ابي اعرف",
    ],
)
def test_ma_after_a_word_it_joins_is_no_negation_of_the_opt_in(text):
    """ "اول ما" (as soon as), "وقت ما" (whenever): "ما" joins a clause there, it negates nothing, so
    the request to be put on the offers stands."""
    assert is_opt_in(text)


def test_a_real_negation_still_blocks_being_put_on_the_offers():
    """A negation that is one ("ما ابي") still keeps the message from being an opt-in."""
    assert not is_opt_in("سجلوني بس ما ابي العروض")


@pytest.mark.parametrize("text", ["اول ما يوصلني العرض بطلب منكم", "بعد ما توصلني الرسالة بجي استلم"])
def test_ma_joining_a_clause_is_no_opt_out(text):
    """ "اول ما يوصلني العرض" (as soon as the offer reaches me): no negated send, no opt-out."""
    assert not is_opt_out(text)


# A Levantine bakery with one pie off today.
PIES = menu_entries(
    [
        {"name_ar": "فطيرة سبانخ", "name_en": "Spinach Pie", "price": "6", "available": False},
        {"name_ar": "فطيرة جبنة", "name_en": "Cheese Pie", "price": "7"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)

# A shawarma stand.
SHAWARMA = menu_entries(
    [
        {"name_ar": "شاورما دجاج", "name_en": "Chicken Shawarma", "price": "12"},
        {"name_ar": "فلافل", "name_en": "Falafel", "price": "8"},
        {"name_ar": "بيبسي", "name_en": "Pepsi", "price": "3"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("فطيرة سبانخ موجودة؟ وإلا تنتين فطيرة جبنة", PIES),
        ("عندكم فطيرة سبانخ اليوم؟ لو خلصت يبقى فطيرة جبنة وعيران", PIES),
        ("is the chicken shawarma available? otherwise 3 falafel", SHAWARMA),
        ("عندكم شاورما دجاج؟ اذا خلصت خلاص فلافل ٢ وبيبسي", SHAWARMA),
    ],
)
def test_asking_for_a_dish_then_or_else_or_if_it_ran_out_is_an_order(text, menu):
    """Whether a dish is there, then "or else" ("وإلا", "otherwise") after the question, or "if it ran
    out" ("لو خلصت", "اذا خلصت"), and a dish to bring instead: an order."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize("text", ["عندكم شاورما دجاج والا بس فلافل؟", "الفلافل حار والا عادي؟"])
def test_x_or_y_asked_is_no_fallback(text):
    """ "والا" inside the question ("X or Y?") asks about the menu; it is no fallback."""
    assert classify_intent(text, SHAWARMA).intent != "order"


@pytest.mark.parametrize(
    "text",
    [
        "الطلب بقاله ساعتين ولسه ما وصل",
        "الاوردر بتاعي بقاله ساعة على نفس الحالة",
        "my order is stuck on 'preparing'",
    ],
)
def test_an_order_that_has_been_waiting_is_a_status_question(text):
    """The Egyptian "بقاله" (it has been, for it) beside the order, and an order "stuck": asking after
    the order, as the Levantine "صرلو" already is."""
    assert classify_intent(text).intent == "order_status"


def test_depends_on_is_no_stuck_order():
    """ "متوقف على" also means "depends on": an order with it stays an order."""
    assert classify_intent("عايز اوردر كشري والدفع متوقف على الاستلام").intent != "order_status"


@pytest.mark.parametrize(
    "text",
    ["مشكورين، وصل الطلب وكله مظبوط", "thanks, the order arrived, all fine", "تسلموا، وصلني كل شي تمام"],
)
def test_thanks_that_it_arrived_all_fine_is_thanks(text):
    """Thanks, then only that the order arrived and all of it is fine: thanks for a delivery."""
    assert classify_intent(text).intent == "thanks"


@pytest.mark.parametrize(
    "text", ["مشكورين الاكل وصل حار وطعمه روعه", "يعطيكم العافية، وصل الطلب بس بارد", "شكرا وصل الطلب ناقص"]
)
def test_thanks_with_a_word_on_the_food_or_a_fault_stays_feedback(text):
    """A word of taste, temperature or a fault beside the thanks makes it a review."""
    assert classify_intent(text).intent == "feedback"
