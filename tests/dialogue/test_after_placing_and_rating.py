"""What a customer says once an order is placed or a review is rated: a placed order gone wrong ("not
found at the counter", "you forgot the fries") goes to a person at once, while a mixed review of the
meal stays a review; a last word after rating is thanked, not asked for a second rating; declining a
person ("no need for anyone to call me") is no request for one; taking an opt-out back in other words
turns the offers on again. Mid-order, a question asked where the address was awaited is no address,
and "I'll collect it myself from Olaya" after a delivery question makes it a pickup there."""

from __future__ import annotations

import pytest

from tests.fixtures.shop import Shop


def _opted_out(shop: Shop) -> bool:
    shop.session.refresh(shop.customer)
    return bool(shop.customer.opted_out)


def _address(shop: Shop) -> str | None:
    from crm_res.services.dialogue.states import read_state

    shop.session.refresh(shop.conversation)
    draft = read_state(shop.conversation).draft
    assert draft is not None
    return draft.address


def _place(shop: Shop, order: str) -> None:
    shop.say(order)
    shop.say("نعم")
    assert len(shop.orders()) == 1


@pytest.mark.parametrize(
    "complaint",
    [
        "انا بالفرع الحين ويقولون مافي طلب بهالرقم!!",
        "they can't find my order at the counter, what is going on",
        "وصلني الطلب بس نسيتوا البطاطس",
        "you sent the wrong burger, I asked for chicken",
        "el talab ghalat, mesh da elly talabto",
    ],
)
def test_a_placed_order_gone_wrong_goes_to_a_person(shop, complaint):
    _place(shop, "ابي برجر دجاج وبطاطس استلام من العليا")
    out = shop.say(complaint)
    assert shop.with_staff(), out
    assert not any("1-5" in reply for reply in out), out  # no rating question for a missing order


@pytest.mark.parametrize(
    "review",
    [
        "استلمت الطلب، البرجر لذيذ بس البطاطس كانت باردة شوي",
        "picked it up, the burger was great but the fries were a bit soggy",
    ],
)
def test_a_mixed_review_of_the_placed_meal_stays_a_review(shop, review):
    _place(shop, "ابي برجر دجاج وبطاطس استلام من العليا")
    out = shop.say(review)
    assert not shop.with_staff(), out
    assert shop.phase() == "awaiting_rating", out


def test_a_complaint_with_no_order_placed_is_a_review(shop):
    out = shop.say("المرة اللي فاتت نسيتوا البطاطس")
    assert not shop.with_staff(), out
    assert shop.phase() == "awaiting_rating", out


@pytest.mark.parametrize(
    "last_word",
    ["لا ما يحتاج احد يكلمني، حبيت اوصل لكم الملاحظة بس", "no need for anyone to call me, just so you know"],
)
def test_a_last_word_after_rating_is_thanked_not_asked_again(shop, last_word):
    shop.say("الأكل كان لذيذ بس الخدمة بطيئة شوي")
    shop.say("3")
    out = shop.say(last_word)
    assert not shop.with_staff(), out
    assert out and not any("1-5" in reply for reply in out), out


@pytest.mark.parametrize("asks", ["ابي اكلم موظف", "can I talk to a manager please"])
def test_asking_for_a_person_still_hands_over(shop, asks):
    shop.say(asks)
    assert shop.with_staff()


@pytest.mark.parametrize(
    ("stop", "back"),
    [
        ("وقفوا رسايل العروض لو سمحت", "لا خلاص رجعوا لي العروض، غيرت رايي"),
        ("please stop the promo messages", "actually no, keep sending them, they're useful"),
    ],
)
def test_an_opt_out_taken_back_turns_the_offers_on_again(shop, stop, back):
    shop.say(stop)
    assert _opted_out(shop)
    shop.say(back)
    assert not _opted_out(shop)


@pytest.mark.parametrize(
    "praise", ["the burger was amazing, keep them coming!", "you keep sending me offers"]
)
def test_praise_or_a_complaint_about_offers_is_no_opt_in(shop, praise):
    shop.say("stop sending me offers")
    assert _opted_out(shop)
    shop.say(praise)
    assert _opted_out(shop)


@pytest.mark.parametrize("question", ["kam rusoom el tawseel?", "how much do you charge to deliver?"])
def test_a_fee_question_where_the_address_was_awaited_is_no_address(shop, question):
    shop.say("abi 2 chicken kabsa tawseel")
    shop.say(question)
    assert not _address(shop)
    shop.say("حي النخيل شارع ١٢ بيت ٤")
    assert _address(shop)


def test_collecting_it_oneself_from_a_branch_makes_the_delivery_a_pickup_there(shop):
    shop.say("abi 2 chicken kabsa tawseel")
    shop.say("how much is delivery?")
    shop.say("la 5alas ba5thah bnafsi mn el tahlia")
    assert shop.phase() == "confirming"
    shop.say("akeed")
    (order,) = shop.orders()
    assert order.delivery_type.value == "pickup"
    assert order.branch_id == shop.tahlia.id


@pytest.mark.parametrize(
    "what_came",
    [
        "جابوا لي شاورما لحم بدال الدجاج",
        "the fries came but you sent a pepsi instead of the water",
        "فتحت الكيس لقيت البرجر لحم مو دجاج، وش اسوي الحين؟",
    ],
)
def test_what_came_instead_of_what_was_ordered_goes_to_a_person_not_a_new_order(shop, what_came):
    _place(shop, "ابي برجر دجاج وبطاطس استلام من العليا")
    out = shop.say(what_came)
    assert shop.with_staff(), out
    assert len(shop.orders()) == 1  # what came is no new order


@pytest.mark.parametrize(
    ("second", "lines"),
    [
        ("my brother wants his own order too: two falafel and a tea, same branch", {"Falafel": 2, "Tea": 1}),
        ("w kaman talab tani la 2e5te: hummus w pepsi, nafs el far3", {"Hummus": 1, "Pepsi": 1}),
        ("وزوجتي بدها طلب لحالها: كنافة وشاي، من نفس الفرع", {"Kunafa": 1, "Tea": 1}),
    ],
)
def test_a_second_order_for_someone_else_after_placing_is_taken(shop, second, lines):
    _place(shop, "ابي برجر دجاج وبطاطس استلام من العليا")
    shop.say(second)
    assert shop.phase() == "confirming"
    shop.say("yes")
    assert len(shop.orders()) == 2
    newest = max(shop.orders(), key=lambda o: o.number)
    assert {i["name_en"]: int(i["quantity"]) for i in newest.items} == lines


def test_a_past_wait_in_minutes_is_a_review_not_an_order(shop):
    out = shop.say("الاسبوع اللي فات انتظرت في فرع العليا ٤٥ دقيقه عشان شاورما وحده")
    assert shop.phase() == "awaiting_rating", out
    assert not shop.orders()


@pytest.mark.parametrize(
    "order",
    [
        "could I get a chicken kabsa with 3 bottles of water? pickup Olaya",
        "a kunafa with 2 cups of tea, pickup Olaya",
    ],
)
def test_a_count_of_a_measure_after_with_counts_that_drink_only(shop, order):
    shop.say(order)
    shop.say("yes")
    (placed,) = shop.orders()
    counts = sorted(int(i["quantity"]) for i in placed.items)
    assert counts[0] == 1 and counts[1] in (2, 3), placed.items


@pytest.mark.parametrize(
    "just", ["ok no ice cream then, just the burger", "طيب خلاص بلا ايس كريم، بس البرجر"]
)
def test_just_the_dish_by_a_shorter_name_keeps_the_order_as_it_is(shop, just):
    shop.say("a chicken burger and an ice cream, pickup olaya")
    shop.say(just)
    shop.say("yes")
    (placed,) = shop.orders()
    assert [(i["name_en"], int(i["quantity"])) for i in placed.items] == [("Chicken Burger", 1)]


def test_just_a_burger_too_adds_one(shop):
    shop.say("a chicken burger, pickup olaya")
    shop.say("just a burger too")
    shop.say("yes")
    (placed,) = shop.orders()
    assert {i["name_en"] for i in placed.items} == {"Chicken Burger", "Burger"}


@pytest.mark.parametrize(
    ("order", "change", "lines"),
    [
        (
            "3 chicken shawarmas and 2 fries",
            "wait, swap one of the chicken for beef",
            {"Chicken Shawarma": 2, "Beef Shawarma": 1, "Fries": 2},
        ),
        ("ابي ٣ برجر دبل", "غير واحد من الدبل خله برجر دجاج", {"Double Beef Burger": 2, "Chicken Burger": 1}),
        ("بدي 4 فلافل و3 بيبسي", "والبيبسي بدلهن مي", {"Falafel": 4, "Water": 3}),
    ],
)
def test_some_of_a_line_swapped_by_its_kind_or_all_of_it_instead(shop, order, change, lines):
    shop.say(order)
    shop.say(change)
    shop.say("استلام من العليا")
    shop.say("نعم")
    (placed,) = shop.orders()
    assert {i["name_en"]: int(i["quantity"]) for i in placed.items} == lines


def test_where_it_goes_said_first_then_a_change_both_taken(shop):
    shop.say("ابي ٢ برجر دبل وبطاطس")
    out = shop.say("طيب استلام من فرع التحلية، وغير واحد من الدبل خله برجر دجاج")
    assert shop.phase() == "confirming", out
    shop.say("تمام")
    (placed,) = shop.orders()
    assert placed.branch_id == shop.tahlia.id
    assert {i["name_en"]: int(i["quantity"]) for i in placed.items} == {
        "Double Beef Burger": 1,
        "Chicken Burger": 1,
        "Fries": 1,
    }
