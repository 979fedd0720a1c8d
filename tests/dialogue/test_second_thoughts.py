"""What customers say on second thought, as whole conversations showed it: one of a line taken off
by a shorter name, a count corrected with the old one said, a drink made another, a dish added with
the address, the order's total said back, an order called off in a huff, a rating given in words,
a second order after the first ("على نفس العنوان", "same branch"), a yes in the plural ("ثبتو")."""

from __future__ import annotations

import pytest

from crm_res.models import Handler
from tests.fixtures.shop import Shop


def _lines(shop: Shop) -> dict[str, int]:
    draft = shop.context().get("draft") or {}
    return {line["name_en"]: line["quantity"] for line in draft.get("lines", [])}


def _staff(shop: Shop) -> bool:
    shop.session.refresh(shop.conversation)
    return shop.conversation.handled_by == Handler.staff


def test_one_taken_off_by_a_shorter_name_leaves_the_rest(shop):
    shop.say("ابغا ٢ برقر دجاج وبطاطس وحده، العليا")
    out = shop.say("وشيل واحد من البرقر")
    assert _lines(shop) == {"Chicken Burger": 1, "Fries": 1}, out


def test_a_branch_said_with_the_order_is_never_named_back(shop):
    out = shop.say("ابغا ٢ برقر دجاج وبطاطس وحده، العليا")
    assert not any("المنيو" in reply for reply in out), out


@pytest.mark.parametrize(
    ("change", "after"),
    [
        ("خليهم اربعة شاورما مش تلاتة", {"Chicken Shawarma": 4, "Pepsi": 2}),
        ("make them 4 shawarma not 3", {"Chicken Shawarma": 4, "Pepsi": 2}),
        ("and make the pepsis waters, sorry", {"Chicken Shawarma": 3, "Water": 2}),
    ],
)
def test_a_count_or_a_drink_changed_on_second_thought(shop, change, after):
    shop.say("3 shawarma chicken and 2 pepsis, pickup olaya")
    shop.say(change)
    assert _lines(shop) == after


def test_a_dish_added_with_the_address_is_added_and_the_address_kept(shop):
    shop.say("ابي كبسة دجاج ثنتين، توصيل")
    shop.say("حي الياسمين بالرياض، شارع العلا، فيلا ٤٠، وزيد ماي ثنتين")
    assert _lines(shop) == {"Chicken Kabsa": 2, "Water": 2}
    assert shop.phase() == "confirming"
    shop.say("اكد")
    [order] = shop.orders()
    assert "فيلا ٤٠" in (order.delivery_address or "") and "ماي" not in (order.delivery_address or "")


def test_the_total_said_back_is_no_count_and_a_huffy_cancel_is_no_hand_over(shop):
    shop.say("ابي مندي لحم ثنين وكبسة دجاج وحده")
    out = shop.say("وش ذا ١٧٢؟ المندي بكم عندكم؟")
    assert not _staff(shop) and any("65" in reply for reply in out), out
    shop.say("لا خلاص غالي علي، الغه")
    assert not _staff(shop) and not shop.orders() and shop.phase() == "idle"


def test_a_rating_in_words_after_a_mixed_comment_is_thanked_not_handed_over(shop):
    shop.say("تعشينا عندكم امس، المندي طري بس الرز جا بارد والانتظار طول")
    shop.say("والله ما يستاهل اكثر من ثلاث")
    assert not _staff(shop) and shop.phase() == "done"


def test_a_dish_with_one_after_a_rating_question_is_an_order_not_a_rating(shop):
    shop.say("طيب شو في حلو عندكم؟")
    assert shop.phase() != "awaiting_rating"
    shop.say("اوكي أم علي وحدة")
    assert _lines(shop) == {"Om Ali": 1}


@pytest.mark.parametrize("yes", ["منيح هيك، ثبتو", "tmm", "اي ثبتوها"])
def test_a_yes_in_the_plural_or_arabizi_places_the_order(shop, yes):
    shop.say("بدي ٢ برجر، بمرق عالعليا باخدهن")
    shop.say(yes)
    assert len(shop.orders()) == 1


def test_a_second_order_to_the_same_address(shop):
    shop.say("ابي برجر دجاج ثنين، توصيل")
    shop.say("جدة، حي الصفا، شارع ١٥، بيت ٢٢")
    shop.say("اكد")
    shop.say("اخوي يبي بعد، سو طلب ثاني على نفس العنوان: شاورما لحم ثلاث")
    shop.say("اي ثبتها")
    first, second = sorted(shop.orders(), key=lambda o: o.number)
    assert [(i["name_en"], i["quantity"]) for i in second.items] == [("Beef Shawarma", 3)]
    assert second.delivery_type.value == "delivery" and "حي الصفا" in (second.delivery_address or "")


def test_another_order_asked_for_then_its_dishes(shop):
    shop.say("Two chicken burgers please, pickup at Olaya")
    shop.say("yes")
    shop.say("could I place another order for my colleague? one falafel and one tea, same branch")
    shop.say("yes")
    first, second = sorted(shop.orders(), key=lambda o: o.number)
    assert {i["name_en"]: i["quantity"] for i in second.items} == {"Falafel": 1, "Tea": 1}
    assert second.branch_id == first.branch_id


@pytest.mark.parametrize(
    ("question", "dish"), [("وش اغلى طبق عندكم؟", "مندي لحم"), ("what's your cheapest dish?", "Water")]
)
def test_the_dearest_or_cheapest_dish_asked_is_named_and_offered(shop, question, dish):
    out = shop.say(question)
    assert any(dish in reply for reply in out), out


def test_one_of_the_dearest_dish_beside_other_dishes(shop):
    shop.say("وش اغلى طبق عندكم؟")
    shop.say("طيب عطني واحد منه مع ٢ شاي، استلام من فرع التحلية")
    assert _lines(shop) == {"Lamb Mandi": 1, "Tea": 2}


def test_kinds_said_by_a_word_the_head_makes_a_kind_of(shop):
    """ "دبل" is no dish alone; "برجر دبل" is the double beef burger: all of them, then one of them
    and "the rest" plain."""
    shop.say("ابي ٣ برجر و٣ بطاطس، استلام من العليا")
    shop.say("لا خلها كلها دبل")
    assert _lines(shop) == {"Double Beef Burger": 3, "Fries": 3}
    out = shop.say("لا لا، واحد بس دبل والباقي عادي")
    assert _lines(shop) == {"Double Beef Burger": 1, "Burger": 2, "Fries": 3}, out
    assert shop.phase() == "confirming"  # a word on the order, not a review


def test_a_short_word_mid_order_read_as_a_review_keeps_the_order(shop):
    shop.say("ابي ٢ شاورما لحم، استلام من العليا")
    shop.say("حلو كذا")
    assert _lines(shop) == {"Beef Shawarma": 2} and shop.phase() in ("confirming", "placed")


def test_a_family_order_counts_each_part_for_its_people(shop):
    shop.say("احنا ٥ بالبيت: ابوي يبي مندي لحم، وانا واختي كل واحد شاورما دجاج، وكل واحد بيبسي")
    assert _lines(shop) == {"Lamb Mandi": 1, "Chicken Shawarma": 2, "Pepsi": 5}


def test_drinks_for_everyone_else_after_the_food_complete_the_order(shop):
    shop.say("for the family: my dad wants the lamb mandi, and each of the 3 kids a chicken burger")
    shop.say("drinks: orange juice for dad and pepsi for everyone else")
    assert _lines(shop) == {"Lamb Mandi": 1, "Chicken Burger": 3, "Orange Juice": 1, "Pepsi": 3}


def test_one_more_of_the_dish_just_named_and_another_dish(shop):
    shop.say("ابي مندي لحم واحد")
    shop.say("اوكي زيد واحد ثاني، وثلاث ماي")
    assert _lines(shop) == {"Lamb Mandi": 2, "Water": 3}


def test_a_sold_out_dish_added_at_the_branch_question_is_said_and_replaced(shop):
    shop.say("hi, 2 chicken shawarma please")
    out = shop.say("oh and 3 ice creams for the kids")
    assert any("Ice Cream" in reply for reply in out), out
    shop.say("ah ok, 3 om ali instead then")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Om Ali": 3}


def test_a_choice_answered_with_more_dishes_keeps_them(shop):
    shop.say("ابغى واحد chicken")
    shop.say("طيب عطني ٢ برجر دجاج وبطاطس")
    assert _lines(shop) == {"Chicken Burger": 2, "Fries": 1}


@pytest.mark.parametrize("later", ["lahza ba3tlak el 3enwan", "العنوان مو عندي الحين، بعطيك اياه بعد شوي"])
def test_an_address_promised_for_later_is_not_taken_for_the_address(shop, later):
    shop.say("bdi 3 falafel w 3 hummus, delivery")
    shop.say(later)
    assert shop.phase() == "fulfilment:address"
    shop.say("jeddah, 7ay al rawdah, share3 15, bina 4, shaa2a 8")
    assert shop.phase() == "confirming"


def test_cancelling_a_placed_order_in_other_words_goes_to_a_person(shop):
    shop.say("3 beef shawarma and 1 hummus, pickup at Olaya")
    shop.say("yes")
    shop.say("sorry, can you cancel that? my meeting got moved and I can't make it")
    assert _staff(shop)


def test_the_delivery_fee_asked_is_passed_on_without_handing_the_customer_over(shop):
    out = shop.say("how much is delivery usually?")
    assert out and not _staff(shop)


@pytest.mark.parametrize(
    "back",
    ["لا استنى بلاش دليفري، انا قريب من فرع العليا هعدي اخدها بنفسي", "la 5alas ba5thah bnafsi mn el olaya"],
)
def test_delivery_called_off_for_collecting_it_oneself(shop, back):
    shop.say("عايز اطلب كبسة فراخ ومتبل دليفري")
    shop.say(back)
    shop.say("تمام اكد")
    [order] = shop.orders()
    assert order.delivery_type.value == "pickup"


def test_taking_one_dish_off_keeps_the_one_said_to_stay(shop):
    shop.say("بدي برغر لحم دبل وبرغر عادي و٢ بطاطا، استلام العليا")
    shop.say("لا شيل البرغر العادي، بس الدبل بدي")
    assert _lines(shop) == {"Double Beef Burger": 1, "Fries": 2}


def test_men_and_children_counted_by_the_group_said(shop):
    shop.say("احنا ٣ رياييل و ٢ يهال، للرياييل كل واحد برجر لحم مزدوج وللياهل كل واحد برجر دياي، وبطاطس للكل")
    assert _lines(shop) == {"Double Beef Burger": 3, "Chicken Burger": 2, "Fries": 5}


def test_an_arabizi_group_with_a_drink_each(shop):
    shop.say("ne7na 8 shabab, badna 4 mandi la7em w pepsi la kel wa7ed")
    assert _lines(shop) == {"Lamb Mandi": 4, "Pepsi": 8}


def test_a_shared_name_with_a_branch_is_an_order_and_its_kind_comes_with_more(shop):
    out = shop.say("bade 3 shawarma mn far3 el 3olaya")
    assert shop.phase() == "collecting", out  # which shawarma, not the branches' list
    shop.say("djej kellon w 3 pepsi kaman")
    assert _lines(shop) == {"Chicken Shawarma": 3, "Pepsi": 3}


def test_an_arabizi_cancel_of_a_placed_order_goes_to_a_person(shop):
    shop.say("abi 2 kunafa w 2 shai estlam mn el ta7lia")
    shop.say("yes")
    shop.say("sorry abi alghi el 6alab, sar 3indi shoghl 6are2")
    assert _staff(shop)
