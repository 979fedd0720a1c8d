"""When a message is an order: a counted dish with pickup or delivery, even asked as a
question; temperature, freshness and size words beside a dish or spelling the menu's name; an
Arabizi spelling of the menu's own word. A question without a counted dish, or food that arrived
cold or small, is not."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_parser import dish_name_words
from tests.assistant.menus import load_menu

COFFEE = load_menu("coffee")
JUICE = load_menu("juice")
MANDI = load_menu("mandi")
PIZZERIA = load_menu("pizzeria")
SEAFOOD = load_menu("seafood")


@pytest.mark.parametrize(
    ("menu", "text"),
    [
        (JUICE, "بدي شوكولا سخنة وكريبين نوتيلا"),
        (JUICE, "ابي كوكتيل فواكه وعصير برتقال طازج، كلها بدون سكر"),
        (JUICE, "abi 2 lemon na3na3 bared, delivery"),
        (SEAFOOD, "abgha sayadiya w 3aseer lemon bared"),
    ],
)
def test_temperature_and_fresh_words_of_an_order_are_no_complaint(menu, text) -> None:
    """ "سخنة", "طازج" spell the menu's name; Arabizi "bared" beside a drink describes it."""
    assert classify_intent(text, menu).intent == "order"


def test_a_cold_dish_that_arrived_is_still_a_complaint() -> None:
    assert classify_intent("الهامور المشوي وصل بارد وما ينوكل", SEAFOOD).intent == "feedback"


def test_dish_name_words_are_only_words_of_one_name_together() -> None:
    assert dish_name_words("ابي عصير برتقال طازج", JUICE) == {"عصير", "برتقال", "طازج"}
    assert dish_name_words("العصير كان طازج", JUICE) == frozenset()


def test_a_feminine_hot_word_beside_a_soup_is_part_of_the_order() -> None:
    assert classify_intent("عاوز ٢ شوربة سمك سخنة وسلطة", SEAFOOD).intent == "order"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("can I pick up three shish tawook at 9?", "mashawi"),
        ("ممكن ٢ برياني دجاج توصيل؟", "biryani"),
    ],
)
def test_a_counted_dish_with_pickup_or_delivery_is_an_order_even_as_a_question(text, menu) -> None:
    assert classify_intent(text, load_menu(menu)).intent == "order"


def test_a_pickup_question_without_a_counted_dish_is_still_a_question() -> None:
    assert classify_intent("can I pick up from the olaya branch?").intent == "support"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("can I pick up a lamb haneeth at 8?", "yemeni"),
        ("could I get a large pizza delivered?", "pizzeria"),
    ],
)
def test_a_dish_counted_by_a_with_pickup_or_delivery_is_an_order(text, menu) -> None:
    assert classify_intent(text, load_menu(menu)).intent == "order"


def test_a_yes_no_question_about_delivering_a_dish_still_asks() -> None:
    assert classify_intent("do you deliver a family sushi platter?", load_menu("sushi")).intent == "support"


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("ابي ٢ لاتيه مثلج استلام من الفرع", COFFEE),
        ("2 margherita for pickup at 8 please", PIZZERIA),
        ("ابي لبن بارد وكبسة دجاج", MANDI),
        ("one cold brew for delivery", COFFEE),
        ("ممكن ٢ موكا واحد منهم بارد", COFFEE),
    ],
)
def test_orders_with_pickup_delivery_or_a_cold_drink_are_orders(text, menu) -> None:
    """Pickup/delivery and a temperature word beside a dish leave an order an order."""
    assert classify_intent(text, menu).intent == "order"


def test_food_arriving_cold_is_still_a_complaint() -> None:
    """ "الكبسة وصلت باردة" is feedback: the temperature describes what arrived."""
    assert classify_intent("الكبسة وصلت باردة والرز ناشف", MANDI).intent == "feedback"


def test_sizes_beside_a_dish_or_a_count_are_no_complaint() -> None:
    menu = load_menu("shawarma")
    assert classify_intent("عطيني شاورما لحم كبيرة وحدة وصغيرة وحدة", menu).intent == "order"
    assert classify_intent("الشاورما كانت صغيرة", menu).intent == "feedback"


def test_arabizi_spelling_of_the_menus_own_word_makes_an_order() -> None:
    assert classify_intent("ana 3ayez kilo ba2lawa", load_menu("bakery")).intent == "order"


KUNAFA = load_menu("kunafa")
ASIAN = load_menu("asian")


@pytest.mark.parametrize(
    ("menu", "text"),
    [
        (KUNAFA, "a nutella kunafa instead of the cream one please"),
        (KUNAFA, "ابغى قهوة تركية بدل الشاي بالنعناع"),
        (ASIAN, "beef noodles instead of the chicken ones and a jasmine tea"),
    ],
)
def test_a_swap_asked_for_right_after_a_dish_is_an_order(menu, text) -> None:
    """ "X instead of Y" / "X بدل Y" right after the dish asked for is part of the order."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    "text",
    ["I got chicken noodles instead of beef noodles", "you sent me a pepsi instead of the jasmine tea"],
)
def test_a_dish_received_instead_of_another_is_still_a_complaint(text) -> None:
    assert classify_intent(text, ASIAN).intent == "feedback"


@pytest.mark.parametrize(
    ("menu", "text"),
    [
        (KUNAFA, "عايز ٣ قهوة تركية مظبوط وعوامة"),
        (KUNAFA, "ابغى كنافة بالجبن، آخر مرة كانت روعة"),
        (ASIAN, "the dumplings were a bit dry last week but ok, two beef noodles please"),
    ],
)
def test_a_dish_asked_for_beside_a_judgement_is_an_order(menu, text) -> None:
    """A want verb opening the message right before a dish (or its count), or a last clause that
    counts a dish and asks for it, orders, whatever is judged beside it."""
    assert classify_intent(text, menu).intent == "order"


@pytest.mark.parametrize(
    "text",
    ["the noodles were cold and the soup was too salty", "ابي اقول ان الكنافة كانت باردة"],
)
def test_a_judgement_without_a_dish_asked_for_stays_feedback(text) -> None:
    assert classify_intent(text, KUNAFA).intent == "feedback"


def test_a_counted_dish_closing_a_message_that_asks_is_an_order() -> None:
    """ "… so please send them hot, 2 beef noodles": the request is made before the last clause."""
    assert (
        classify_intent("the soup was cold yesterday so please bring it hot, 2 wonton soups", ASIAN).intent
        == "order"
    )
    assert (
        classify_intent("the noodles were cold, please fix it, 2 noodles were raw", ASIAN).intent
        == "feedback"
    )


@pytest.mark.parametrize(
    "text",
    [
        "I'll take a large pad thai, the last one was great",
        "i want two beef noodles, yesterday's were perfect",
    ],
)
def test_an_english_order_opening_the_message_beside_praise_is_an_order(text) -> None:
    assert classify_intent(text, ASIAN).intent == "order"


def test_an_english_want_without_a_dish_beside_a_judgement_stays_feedback() -> None:
    assert classify_intent("i want to say the pad thai was cold", ASIAN).intent == "feedback"


BROASTED = load_menu("broasted")
MANAKISH = load_menu("manakish")


@pytest.mark.parametrize(
    "text", ["عطونا وجبة عائلية ١٢ قطعة، بمر اخذها بعد شوي", "family meal 16 pieces for pickup please"]
)
def test_a_menu_name_made_of_measure_size_and_count_words_is_a_dish(text: str) -> None:
    """ "وجبة عائلية ١٢ قطعة" has no food word in it (a meal, a size, a count, a measure), but
    written out in full it is the restaurant's dish: with pickup, an order, not a branch question."""
    assert classify_intent(text, BROASTED).intent == "order"


@pytest.mark.parametrize(
    ("menu", "text"),
    [
        (MANAKISH, "two cheese fatayer and one zaatar manakish, actually kishk instead of the zaatar"),
        (BROASTED, "a 12 piece family meal, actually the 16 piece one instead of the 12"),
        (MANAKISH, "ابي ٤ فطاير جبنة ومنقوشة كشك بدل الزعتر"),
    ],
)
def test_instead_of_in_an_order_is_a_correction(menu, text: str) -> None:
    """ "instead of" before a dish, a count or "the one", with nothing brought: a change of mind."""
    assert classify_intent(text, menu).intent == "order"


def test_instead_of_what_was_brought_is_still_a_complaint() -> None:
    """ "you sent X instead of Y": a wrong item, feedback."""
    assert (
        classify_intent("you sent me a zaatar manakish instead of the cheese one", MANAKISH).intent
        == "feedback"
    )


@pytest.mark.parametrize(
    "text",
    ["بدي ٤ مناقيش زعتر، وحدة منن مقرمشة كتير", "3 zinger sandwiches, one of them extra crispy please"],
)
def test_how_one_of_them_should_be_made_is_no_judgement(text: str) -> None:
    """The words after a counted back-reference ("وحدة منن", "one of them") shape that one."""
    menu = MANAKISH if "مناقيش" in text else BROASTED
    assert classify_intent(text, menu).intent == "order"


def test_how_one_of_them_was_is_feedback() -> None:
    """A past copula after the back-reference ("one of them was burnt") tells how it came."""
    assert classify_intent("طلبت ٣ مناقيش، وحدة منهم كانت محروقة", MANAKISH).intent == "feedback"


def test_a_temperature_after_a_two_word_drink_describes_it() -> None:
    """ "سفن اب بارد": "بارد" follows the second word of the drink's name; it is the drink asked
    for cold, not a complaint."""
    assert classify_intent("ابي اجنحة حارة ٦ قطع وسفن اب بارد", BROASTED).intent == "order"


@pytest.mark.parametrize(
    ("menu", "text"),
    [
        (MANAKISH, "one sujuk manakish and one kishk, both well done"),
        (MANAKISH, "٢ لحم بعجين حار، واحد عادي"),
    ],
)
def test_both_and_one_regular_in_an_order_are_notes_not_verdicts(menu, text: str) -> None:
    """ "both well done" shapes the two dishes named; "واحد عادي" is a regular one, not "ordinary"."""
    assert classify_intent(text, menu).intent == "order"


def test_ordinary_as_a_verdict_on_food_that_came_is_still_feedback() -> None:
    assert classify_intent("الاكل كان عادي").intent == "feedback"


def test_a_count_and_measure_as_the_menu_names_them_is_food() -> None:
    """ "one 8 piece meal": the menu's own count and measure, an order."""
    assert classify_intent("one 8 piece meal and one 4 piece spicy meal", BROASTED).intent == "order"


@pytest.mark.parametrize(
    "text", ["2 chicken burgers and a crispy one", "three beef burgers, two grilled ones"]
)
def test_a_describing_word_before_one_that_stands_for_a_dish_is_no_judgement(text) -> None:
    """ "a crispy one": the kind of dish asked for, not praise of one."""
    assert classify_intent(text, load_menu("burger")).intent == "order"
