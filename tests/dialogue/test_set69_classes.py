"""Classes from conversation set 69's misses (issue #13: notes, repeat orders, two people in one chat),
written for them on the demo restaurant, not copied from the set: the last order asked for again (none
yet: said so; one placed before: it again, less a dish or with one more); a second person's dishes "on
the same order" are added; "I won't order delivery" is pickup; "nobody needs to call me" asks for no
one; a yes that sends or books "the order", that says "as I said" or "nothing missing", or that names the
order's own dishes back."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent
from crm_res.assistant.order_edits import asks_for_the_last_order, confirms, read_edit
from crm_res.services.dialogue.data import stated_mode


@pytest.mark.parametrize(
    "text",
    [
        "ابغى نفس طلبي حق المره اللي فاتت",
        "عايز نفس الاوردر بتاع امبارح",
        "can you repeat my last order please",
        "same as last time please",
    ],
)
def test_the_last_order_asked_for_again(text):
    assert asks_for_the_last_order(text)


def test_on_the_same_order_is_more_not_the_last_order():
    assert not asks_for_the_last_order("زيدولي على نفس الطلب شاورما")
    edit = read_edit("انا اخوه، حطولي على نفس الاوردر برجر وبيبسي")
    assert edit is not None and edit.kind == "add"


def test_no_earlier_order_is_said_so(shop):
    replies = shop.say("ابغى نفس طلبي حق المره اللي فاتت")
    assert any("طلب سابق" in r for r in replies)
    assert not (shop.context().get("draft") or {}).get("lines")


def _place(shop, order: str) -> None:
    shop.say(order)
    shop.say("استلام من العليا")
    shop.say("ايوه")


def test_the_last_order_again(shop):
    _place(shop, "٢ شاورما دجاج وبطاطس وبيبسي")
    shop.say("ابغى نفس طلبي اللي فات")
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Fries": 1, "Pepsi": 1}


def test_the_last_order_again_without_a_dish(shop):
    _place(shop, "٢ شاورما دجاج وبطاطس وبيبسي")
    shop.say("عايز نفس الاوردر اللي فات بس من غير البيبسي")
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Fries": 1}


def test_the_last_order_again_with_one_more(shop):
    _place(shop, "٢ شاورما دجاج وبطاطس")
    shop.say("ابي اعيد طلبي الاخير وزيدوا عليه كنافة")
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Fries": 1, "Kunafa": 1}


def _sold_out(shop, *names_en: str) -> None:
    from sqlmodel import select

    from crm_res.models import MenuItem
    from crm_res.services.dialogue import flow

    rows = shop.session.exec(select(MenuItem).where(MenuItem.restaurant_id == shop.restaurant.id))
    for row in rows:
        if row.name_en in names_en:
            row.available = False
            shop.session.add(row)
    shop.session.flush()
    flow.clear_cache()  # the menu is cached per restaurant


def test_the_last_order_again_names_a_sold_out_dish_back(shop):
    _place(shop, "٢ شاورما دجاج وبطاطس وبيبسي")
    _sold_out(shop, "Pepsi")
    replies = shop.say("ابغى نفس طلبي اللي فات")
    assert shop.draft_lines() == {"Chicken Shawarma": 2, "Fries": 1}
    assert any("بيبسي" in r and "خلص" in r for r in replies)


def test_the_last_order_again_all_sold_out_is_said_and_asks_what_instead(shop):
    _place(shop, "برجر وبيبسي")
    _sold_out(shop, "Burger", "Pepsi")
    (reply,) = shop.say("same as last time please")
    assert "Burger" in reply and "Pepsi" in reply and "instead" in reply
    assert not (shop.context().get("draft") or {}).get("lines")
    shop.say("ok then one chicken burger")
    assert shop.draft_lines() == {"Chicken Burger": 1}


def test_a_second_person_on_the_same_order(shop):
    shop.say("انا بدي شاورما لحمة وبطاطا")
    shop.say("مرحبا انا اختو، حطولي عنفس الطلب سلطة وعصير برتقال")
    assert shop.draft_lines() == {"Beef Shawarma": 1, "Fries": 1, "Salad": 1, "Orange Juice": 1}


@pytest.mark.parametrize(
    "text",
    ["ماراح اطلب توصيل، بمر عليكم العليا", "مش هطلب توصيل، هعدي اخده", "I don't need delivery, I'll come by"],
)
def test_no_delivery_wanted_is_pickup(text):
    assert stated_mode(text) == "pickup"


def test_nobody_needs_to_call_is_no_request_for_a_person():
    text = "الطلب امس وصل بارد، ما ابي احد يتصل علي بس حبيت تعرفون. ابي اليوم ٢ برجر"
    assert classify_intent(text).intent != "escalation"


@pytest.mark.parametrize(
    "text",
    [
        "كله تمام يا معلم، ابعت الاوردر وخلي المندوب يتصل زي ما قلت",
        "الحساب صح، سجل الطلب باسمي",
        "ايه هذا هو ما نقص شي، يلا مشوه",
    ],
)
def test_yeses_that_send_the_order(text):
    assert confirms(text)


@pytest.mark.parametrize("text", ["ابعت الاوردر بعدين لا تستعجل", "لا ناقص الكنافة"])
def test_not_yeses(text):
    assert not confirms(text)


def test_a_yes_that_names_the_orders_own_dish_places_it(shop):
    shop.say("٢ برجر دجاج وكنافة")
    shop.say("استلام من التحلية")
    shop.say("ايه هذا هو مع الكنافة، اعتمد الطلب")
    assert shop.only_order_lines() == {"Chicken Burger": 2, "Kunafa": 1}


@pytest.mark.parametrize(
    "text",
    [
        "الحساب مظبوط، سجل الاوردر باسمي",
        "ايه الحساب صح، ثبته وبجيكم على طول",
        "تمام، ابعتوه بس لا تنسو بلا مخلل",
    ],
)
def test_a_yes_that_speaks_of_the_bill_or_reminds_places_the_order(shop, text):
    shop.say("٢ شاورما دجاج وحمص")
    shop.say("استلام من التحلية")
    shop.say(text)
    assert shop.only_order_lines() == {"Chicken Shawarma": 2, "Hummus": 1}


def test_a_reminder_with_the_yes_keeps_the_note(shop):
    shop.say("٢ مندي لحم وسلطة")
    shop.say("استلام من العليا")
    shop.say("كل شي زين جذي، دزوه ولا تنسون موضوع الملاعق")
    (order,) = shop.orders()
    assert "الملاعق" in (order.special_instructions or "")


def test_a_question_about_the_bill_is_still_answered(shop):
    shop.say("٢ شاورما دجاج وحمص")
    shop.say("استلام من التحلية")
    replies = shop.say("كم الحساب؟")
    assert any("50" in r for r in replies) and not shop.orders()


@pytest.mark.parametrize("again", ["ابغى اطلب برجر مع بطاطس", "اوكي زود بطاطس"])
def test_the_order_said_again_or_changed_is_no_yes(shop, again):
    """Found by the property test: a firm yes may name the order's own dishes back, but the order said
    again ("اطلب" is among the yes words) or a change beside "اوكي" places nothing."""
    shop.say("ابغى برجر مع بطاطس")
    shop.say("استلام من العليا")
    shop.say(again)
    assert not shop.orders()


def test_the_branch_meant_when_the_other_was_named_by_mistake(shop):
    shop.say("ابي ٢ كبسة دجاج وبيبسي، استلام من التحلية")
    shop.say("لا لحظة، قصدي فرع الرياض، كتبت التحلية بالغلط")
    assert shop.phase() == "confirming"
    shop.say("ايه العليا صح، ثبت")
    (order,) = shop.orders()
    assert order.branch_id == shop.olaya.id


def test_a_shared_name_said_again_with_a_note_is_a_note_on_those_ordered():
    from crm_res.assistant.order_parser import menu_entries, parse_order

    menu = menu_entries(
        [
            {"name_ar": "فطيرة جبن", "name_en": "Cheese Pie", "price": "9"},
            {"name_ar": "فطيرة زعتر", "name_en": "Thyme Pie", "price": "7"},
            {"name_ar": "فطيرة لحم", "name_en": "Meat Pie", "price": "12"},
            {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
        ]
    )
    parsed = parse_order("بدي ٣ فطيرة جبن و٢ فطيرة زعتر وشاي، وخلي الفطيرة بدون سمسم", menu)
    assert [(line.name_en, line.quantity) for line in parsed.lines] == [
        ("Cheese Pie", 3),
        ("Thyme Pie", 2),
        ("Tea", 1),
    ]
    assert parsed.ambiguous == []
    assert all(line.modifications == ["بدون سمسم"] for line in parsed.lines[:2])
    assert parse_order("فطيرة جبن وشاي، وبدي كمان الفطيرة", menu).ambiguous  # more of it: which one


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the article on the name's second word, "tell the kitchen" before it
        (
            "ابي ٢ فطيرة زعتر وفطيرة جبن، وقولوا للمطبخ فطيرة الجبن بدون سمسم",
            {"Thyme Pie": 2, "Cheese Pie": 1},
        ),
        # Arabizi "el" written apart
        ("abi 2 fatayer za3tar w shai, w el shai bala sukkar", {"Thyme Pie": 2, "Tea": 1}),
    ],
)
def test_a_dish_named_back_with_a_note_is_no_second_one(text, want):
    from crm_res.assistant.order_parser import menu_entries, parse_order

    menu = menu_entries(
        [
            {"name_ar": "فطيرة جبن", "name_en": "Cheese Pie", "price": "9", "aliases": ["fatayer jibn"]},
            {"name_ar": "فطيرة زعتر", "name_en": "Thyme Pie", "price": "7", "aliases": ["fatayer za3tar"]},
            {"name_ar": "شاي", "name_en": "Tea", "price": "3"},
        ]
    )
    parsed = parse_order(text, menu)
    assert {line.name_en: line.quantity for line in parsed.lines} == want
    assert parsed.unknown == [] and parsed.ambiguous == []
    assert any(line.modifications for line in parsed.lines)
