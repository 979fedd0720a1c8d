"""Classes from conversation set 56's misses (issue #13), written for them on the demo menu, not
copied from the set: "without" said in two words ("من غير"), a vowel slipped at a word's end or a
three-letter dish word with a consonant written as it sounds, the dish after "not" that puts the one
before right, people counted in other ways, the "regular" kind said as "the rest", and words around
an order that name no food."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_edits import confirms, is_talk, read_edit
from crm_res.assistant.order_parser import menu_entries, parse_order
from crm_res.assistant.shares import group_size, per_person, shares
from crm_res.services.ops.demo_menu import DEMO_MENU

MENU = menu_entries(DEMO_MENU)


def _items(text: str) -> dict[str, int]:
    parsed = parse_order(text, MENU)
    return {line.name_en: line.quantity for line in parsed.lines}


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("برجر من غير مايونيز", "من غير مايونيز"),
        ("شاورما لحم من غير ثوم وبيبسي", "من غير ثوم"),
        ("2 shawarma la7am min gheir toom", "min gheir toom"),
    ],
)
def test_without_in_two_words_is_one_note(text, note):
    line = parse_order(text, MENU).lines[0]
    assert line.modifications == [note]


@pytest.mark.parametrize("text", ["البرجر من غير مايونيز لو سمحت", "el shawarma min gheir toom"])
def test_without_in_two_words_is_no_change_of_dish(text):
    assert read_edit(text) is None
    assert not is_talk("من غير بصل")


def test_an_arabizi_without_spelled_with_o_is_a_note():
    assert parse_order("burger bdon basal", MENU).lines[0].modifications == ["bdon basal"]
    assert parse_order("el shawarma bdon toom", MENU).ambiguous[0].modifications == ["bdon toom"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("عاوز منده لحم واحد", {"Lamb Mandi": 1}),
        ("كبسي دجاج", {"Chicken Kabsa": 1}),
        ("شورما لحم 2 وحمس وحد", {"Beef Shawarma": 2, "Hummus": 1}),
    ],
)
def test_a_slipped_last_vowel_or_a_sound_alike_consonant_is_the_dish(text, want):
    assert _items(text) == want


@pytest.mark.parametrize("text", ["التوصيل قريب سوق الجمعة", "لشباب السكن", "تبق", "لهم"])
def test_three_letter_words_a_consonant_away_from_nothing_stay_no_dish(text):
    parsed = parse_order(text, MENU)
    assert parsed.lines == [] and parsed.unknown == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ماي مو بيبسي", {"Water": 1}),
        ("water not pepsi", {"Water": 1}),
        ("بيبسي ٢ لا اقصد ماي مش بيبسي", {"Water": 2}),
    ],
)
def test_the_dish_after_not_closing_the_message_is_put_right_not_ordered(text, want):
    assert _items(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "my 2 sisters and me, 3 burgers",
        "ولإلي ولجوزي ٢ مندي لحم",
        "w m3ha batates 2",
        "ونسيت اقولك البرجر بدون بصل",
    ],
)
def test_people_and_remarks_around_an_order_name_no_food(text):
    parsed = parse_order(text, MENU)
    assert parsed.lines and parsed.unknown == []


@pytest.mark.parametrize(
    "text",
    [
        "بطلب للبيت خمس برجر، ثلاث منهن دجاج والباقي عادي",
        "4 burgers, 2 chicken and the rest regular",
        "5 burger, 3 dyay w el ba2y 3adi",
    ],
)
def test_the_rest_regular_is_a_kind_of_an_order_not_a_verdict(text):
    assert classify_intent(text).intent == "order"


@pytest.mark.parametrize("text", ["الاكل كان عادي", "الباقي عادي"])
def test_ordinary_said_of_the_food_is_still_a_verdict(text):
    assert classify_intent(text).intent == "feedback"


def test_people_with_their_count_after_them_are_the_group():
    text = "عنا ولاد تلاتة، بدي لكل واحد منن برغر جاج وبطاطا"
    assert group_size(text) == 3 and per_person(text) == 3


def test_some_of_the_people_counted_are_no_group_of_their_own():
    text = "my dad wants the lamb mandi, my mom the chicken kabsa, and each of the 3 kids a burger"
    assert group_size(text) is None
    assert [n for _, n in shares(text) or []] == [1, 1, 3]


@pytest.mark.parametrize(
    ("text", "party", "counts"),
    [
        ("a beef shawarma and fries for everyone, plus 2 moutabal for the table", 7, [7, 1]),
        ("so 5 of us. 2 lamb mandi and the others chicken kabsa", None, [1, 1, 3]),
        ("احنا ٥، ٢ مندي لحم والباقي كبسة دجاج", None, [1, 1, 3]),
        ("drinks: orange juice for mom and pepsi for everyone else", 5, [1, 1, 4]),
    ],
)
def test_who_gets_what_for_everyone_and_the_others(text, party, counts):
    assert [n for _, n in shares(text, party=party) or []] == counts


@pytest.mark.parametrize(
    "text",
    ["sounds right, lock it in", "looks good, book it", "sounds good", "زين ارسل", "hek mnee7, ib3atolna"],
)
def test_agreement_with_the_summary_is_a_yes(text):
    assert confirms(text)


@pytest.mark.parametrize("text", ["ارسل المنيو", "ارسل لي المنيو", "send me the menu"])
def test_send_before_what_to_send_is_no_yes(text):
    assert not confirms(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("بطاطس ٢ وبيبسي ٢ لا اقصد ماي", {"Fries": 2, "Water": 2}),
        ("fries 2 and pepsi 2 no i mean water", {"Fries": 2, "Water": 2}),
    ],
)
def test_i_mean_after_no_puts_right_the_dish_said_last(text, want):
    assert _items(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "hi i wanna order too chicken burgers and for fries and a pepsi",
            {"Chicken Burger": 2, "Fries": 4, "Pepsi": 1},
        ),
        ("i want to burgers", {"Burger": 2}),
    ],
)
def test_a_voice_notes_two_and_four_before_a_plural_dish_are_counts(text, want):
    assert _items(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("a burger for me and fries for my son", {"Burger": 1, "Fries": 1}),
        ("i want to order burgers", {"Burger": 1}),
        ("fries too", {"Fries": 1}),
    ],
)
def test_to_too_and_for_where_english_has_them_count_nothing(text, want):
    assert _items(text) == want
