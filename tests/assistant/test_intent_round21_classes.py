"""Intent classes found on round 21's held-out parts, read in round 21's tuning (issue #13): each
test names the class and checks it on sentences written for it, on menus written here."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import menu_entries

# A falafel counter and a dessert bar.
COUNTER = menu_entries(
    [
        {"name_ar": "ساندويتش فلافل", "name_en": "Falafel Sandwich", "price": "6"},
        {"name_ar": "حمص", "name_en": "Hummus", "price": "10"},
        {"name_ar": "بطاطس", "name_en": "Fries", "price": "7"},
        {"name_ar": "عيران", "name_en": "Ayran", "price": "4"},
    ]
)
DESSERTS = menu_entries(
    [
        {"name_ar": "كنافة نابلسية", "name_en": "Nabulsi Kunafa", "price": "18"},
        {"name_ar": "بسبوسة", "name_en": "Basbousa", "price": "9"},
        {"name_ar": "قهوة تركية", "name_en": "Turkish Coffee", "price": "8"},
    ]
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("2 falafel sandwiches, hummus and fries, and do you guys have shawarma?", COUNTER),
        ("ساندويتش فلافل ٣ وعيران، وعندكم متبل؟", COUNTER),
        ("one nabulsi kunafa, 2 turkish coffee and any baklava?", DESSERTS),
        ("بدي بسبوسة وقهوة تركية، وفي عندكن هريسة؟", DESSERTS),
    ],
)
def test_an_order_that_ends_asking_for_another_food_is_an_order(text, menu) -> None:
    """ "…, and do you guys have wraps?", "…، وعندكم بروست؟": dishes asked for first, then whether
    another food is there, is an order with a question at its end."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"), [("do you have shawarma?", COUNTER), ("عندكم كنافة نابلسية وبسبوسة؟", DESSERTS)]
)
def test_asking_whether_there_is_a_food_alone_stays_a_menu_question(text, menu) -> None:
    """ "do you have X?", "عندكم X و Y؟" with nothing ordered before stays a question."""
    assert classify_intent(text, menu).intent == "support"


@pytest.mark.parametrize(
    "text", ["ممكن تقللوا الرسايل شوي؟", "في طريقة تخففوا فيها العروض؟", "لو سمحتوا تخففون رسايل العروض"]
)
def test_asking_you_to_send_fewer_messages_is_asked_about(text: str) -> None:
    """ "تخففوا الرسايل", "تقللوا الرسايل": fewer messages asked for, the verb said to "you", is
    probably an opt-out: the assistant asks."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_asking_the_kitchen_for_less_of_something_is_no_opt_out() -> None:
    """ "ممكن تخففوا الملح بالطلب الجاي": less salt, no message named: no consent question."""
    assert classify_intent("ممكن تخففوا الملح بالطلب الجاي؟").intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["فيكن تضيفوني عقائمة العروض؟", "ممكن تضيفوني على رسايل العروض"])
def test_add_me_said_to_you_on_the_offers_is_an_opt_in(text: str) -> None:
    """ "تضيفوني على قائمة العروض": "you add me" to the offers is an opt-in, as "ضيفوني" is."""
    assert classify_intent(text).intent == "opt_in"


@pytest.mark.parametrize("text", ["مسا الورد", "يا مسا النور عليكم 🌸", "مسا الفل يا شباب"])
def test_a_levantine_evening_greeting_is_a_greeting(text: str) -> None:
    """ "مسا الورد", "مسا النور": the evening greeting spelt the spoken way."""
    assert classify_intent(text).intent == "greeting"


@pytest.mark.parametrize(
    "text", ["الطلب صرلو ساعة واقف بنفس الحالة", "الاوردر صارلو نص ساعة ما تحرك، شو صاير؟"]
)
def test_the_order_it_has_been_an_hour_is_an_order_status(text: str) -> None:
    """ "الطلب صرلو ساعة": Levantine "it has been (for it)" an hour, said of the order, asks where it is."""
    assert classify_intent(text).intent == "order_status"
