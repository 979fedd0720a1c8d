"""A customer changing an order already summarised, or asking about the menu mid-order, as people do
on WhatsApp: more of something, something taken off, a count said again, a price question, a dish
the restaurant does not have. The rest of the order stays; nothing is placed without the yes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import col, select

from tests.fixtures.shop import Shop


def _confirming(shop: Shop, order: str) -> None:
    """`order` summarised, the Olaya branch chosen: the final summary waits for the yes."""
    shop.say(order)
    shop.say("العليا")
    assert shop.phase() == "confirming"


def _lines(shop: Shop) -> dict[str, int]:
    draft = shop.context().get("draft") or {}
    return {line["name_en"]: line["quantity"] for line in draft.get("lines", [])}


@pytest.mark.parametrize(
    "more",
    [
        "زود بيبسي ثاني",
        "اضف بيبسي",
        "كمان بيبسي",
        "وبيبسي",
        "و بيبسي",
        "also a pepsi",
        "and a pepsi",
        "add one more pepsi",
        "ابي بيبسي بعد",
        "اوكي زود بيبسي",  # a yes word with a dish is a change, not the yes
        "ok and a pepsi",
    ],
)
def test_more_of_something_is_added_to_the_order_not_put_in_its_place(shop, more):
    _confirming(shop, "ابغى برجر وبيبسي")
    out = shop.say(more)
    assert _lines(shop) == {"Burger": 1, "Pepsi": 2}
    assert "47" in out[0]  # 35 + 2 × 6, said again with the question
    assert shop.phase() == "confirming" and shop.orders() == []
    shop.say("نعم")
    [order] = shop.orders()
    assert order.total_amount == Decimal("47.00")


def test_a_new_dish_with_and_joins_the_order(shop):
    _confirming(shop, "ابغى شاورما لحم")
    shop.say("and 2 fries")
    assert _lines(shop) == {"Beef Shawarma": 1, "Fries": 2}


@pytest.mark.parametrize(
    "off",
    ["شيل البيبسي", "الغي البيبسي", "remove the pepsi", "ممكن تشيل البيبسي", "بلاش البيبسي", "وشيل البيبسي"],
)
def test_a_dish_taken_off_leaves_the_rest(shop, off):
    _confirming(shop, "ابغى برجر وبيبسي")
    out = shop.say(off)
    assert _lines(shop) == {"Burger": 1}
    assert "35" in out[0] and "بيبسي" not in out[0]
    assert shop.phase() == "confirming"


def test_taking_off_the_only_dish_cancels_the_order(shop):
    _confirming(shop, "ابغى برجر")
    out = shop.say("شيل البرجر")
    assert shop.phase() == "idle" and shop.orders() == []
    assert "إلغاء" in out[0]


@pytest.mark.parametrize("again", ["خليها ٣", "خلها 3", "make it 3", "make them three", "خليهم ثلاثة"])
def test_a_count_said_again_changes_the_only_line(shop, again):
    _confirming(shop, "ابغى برجر دجاج")
    out = shop.say(again)
    assert _lines(shop) == {"Chicken Burger": 3} and len(out) == 2  # the summary and its question
    shop.say("نعم")
    [order] = shop.orders()
    assert order.total_amount == Decimal("96.00")


def test_a_count_said_with_its_dish_sets_that_line_and_keeps_the_others(shop):
    _confirming(shop, "ابغى برجر وبيبسي")
    shop.say("make the burger 2")
    assert _lines(shop) == {"Burger": 2, "Pepsi": 1}


def test_a_plain_new_list_still_replaces_the_order(shop):
    """With no word of adding or taking off, a new list is the corrected order (it keeps the branch)."""
    _confirming(shop, "ابغى برجر وبيبسي")
    shop.say("ابغى شاورما دجاج")
    assert _lines(shop) == {"Chicken Shawarma": 1}
    assert shop.phase() == "confirming"


@pytest.mark.parametrize("phase_msgs", [["ابغى شاورما لحم"], ["ابغى شاورما لحم", "العليا"]])
def test_a_price_question_mid_order_is_answered_and_the_order_is_kept(shop, phase_msgs):
    """The price and nothing asked: the order's own question stays the open one."""
    for msg in phase_msgs:
        shop.say(msg)
    before = shop.phase()
    out = shop.say("كم سعر الكنافة؟")
    assert out[0] == "كنافة بـ 24 ريال."
    assert out[1:] == ([] if before != "confirming" else ["طلبك ينتظر تأكيدك: للتأكيد اكتب نعم"])
    assert _lines(shop) == {"Beef Shawarma": 1} and shop.phase() == before


def test_yes_after_a_price_question_mid_order_places_the_order_as_it_was(shop):
    _confirming(shop, "ابغى برجر")
    shop.say("كم سعر الكنافة؟")
    shop.say("اوكي، نعم")
    assert [o.total_amount for o in shop.orders()] == [Decimal("35.00")]


def test_the_priced_dish_is_added_when_asked_for(shop):
    _confirming(shop, "ابغى برجر")
    shop.say("كم سعر الكنافة؟")
    out = shop.say("طيب اضف كنافة")
    assert _lines(shop) == {"Burger": 1, "Kunafa": 1} and "59" in out[0]
    shop.say("نعم")
    assert [o.total_amount for o in shop.orders()] == [Decimal("59.00")]


def test_a_price_question_at_rest_then_yes_starts_the_order(shop):
    shop.say("بكم الكنافة؟")
    shop.say("اوكي")
    assert _lines(shop) == {"Kunafa": 1}
    assert shop.orders() == []


def test_a_dish_not_on_the_menu_is_named_back_and_a_yes_sends_the_menu(shop):
    out = shop.say("عندكم سوشي؟")
    assert out == ["المعذرة، ما لقيت بالمنيو: سوشي. تبغى أرسل لك المنيو؟"]
    out = shop.say("ايوه")
    assert len(out) == 1 and "كنافة" in out[0] and "برجر" in out[0]


def test_no_thanks_to_the_menu_is_no_review(shop):
    shop.say("عندكم سوشي؟")
    out = shop.say("لا شكرا")
    assert out == ["ولا يهمك، إذا احتجت شي إحنا موجودين."]
    assert shop.phase() == "idle"
    assert shop.context().get("feedback") is None


def test_the_offer_is_answered_only_by_the_next_message(shop):
    shop.say("عندكم سوشي؟")
    shop.say("مرحبا")
    out = shop.say("ايوه")
    assert not any("كنافة" in text for text in out)


def test_a_sold_out_dish_is_said_sold_out_not_unknown(shop):
    for text in ("ابغى آيس كريم", "عندكم آيس كريم؟"):
        out = shop.say(text)
        assert out == ["للأسف آيس كريم (12 ريال) خلصان حالياً."]
    assert shop.orders() == []


@pytest.mark.parametrize("text", ["ابي اطلب", "i want to order", "ممكن اطلب؟"])
def test_wanting_to_order_with_no_dish_gets_the_menu(shop, text):
    [out] = shop.say(text)
    assert ("برجر" in out or "Burger" in out) and "35" in out


@pytest.mark.parametrize("text", ["غير الفرع للتحلية", "خله من التحلية", "ابيه بالتحلية"])
def test_another_branch_named_after_the_summary_moves_the_order_there(shop, text):
    _confirming(shop, "ابغى برجر")
    out = shop.say(text)
    assert "التحلية" in out[0] and shop.phase() == "confirming"
    assert len(out) == 2 and out[1] == "للتأكيد اكتب نعم"  # the summary and its question, nothing more
    shop.say("نعم")
    [order] = shop.orders()
    assert order.branch_id == shop.tahlia.id


def test_how_long_before_the_yes_is_the_preparation_time_not_no_orders(shop):
    _confirming(shop, "ابغى برجر")
    out = shop.say("كم ياخذ وقت؟")
    assert out[0] == "يجهز طلبك خلال 20 دقيقة من تأكيده."
    assert shop.phase() == "confirming" and _lines(shop) == {"Burger": 1}


@pytest.mark.parametrize(
    ("question", "shown", "not_shown"),
    [
        ("ايش عندكم من مشروبات؟", "بيبسي", "برجر"),
        ("وش عندكم حلويات", "أم علي", "بيبسي"),
        ("what desserts do you have?", "Om Ali", "Pepsi"),
    ],
)
def test_a_question_about_one_part_of_the_menu_gets_that_part(shop, question, shown, not_shown):
    [out] = shop.say(question)
    assert shown in out and not_shown not in out
    assert "ما لقيت" not in out  # no word of the question named back as a dish


@pytest.mark.parametrize(
    ("order", "answer", "lines"),
    [
        ("ابي شاورما", "الدجاج", {"Chicken Shawarma": 1}),
        ("ابي شاورما", "لحم", {"Beef Shawarma": 1}),
        ("i want shawarma", "chicken", {"Chicken Shawarma": 1}),
        ("ابي شاورما", "الاولى", {"Chicken Shawarma": 1}),
        ("ابي شاورما", "الثاني", {"Beef Shawarma": 1}),
        ("ابي شاورما", "the last one", {"Beef Shawarma": 1}),
        ("ابي ٢ شاورما", "دجاج", {"Chicken Shawarma": 2}),
        ("ابي ٢ شاورما", "واحد دجاج وواحد لحم", {"Chicken Shawarma": 1, "Beef Shawarma": 1}),
        ("ابي ٢ شاورما", "الاثنين", {"Chicken Shawarma": 1, "Beef Shawarma": 1}),
        ("ابي برجر دجاج وشاورما", "لحم", {"Chicken Burger": 1, "Beef Shawarma": 1}),
    ],
)
def test_which_one_is_answered_by_what_tells_them_apart_or_by_its_place(shop, order, answer, lines):
    """ "أي واحد تقصد؟ شاورما دجاج / شاورما لحم" → "الدجاج" is the chicken shawarma, never a new
    question about every chicken dish on the menu."""
    shop.say(order)
    assert shop.phase() == "collecting"
    shop.say(answer)
    assert _lines(shop) == lines
    assert shop.phase() == "fulfilment:branch"


@pytest.mark.parametrize(
    ("order", "change", "expected"),
    [
        ("عايز برجر وبيبسى", "لا معلش غير البيبسي بعصير برتقال", {"Burger": 1, "Orange Juice": 1}),
        (
            "abgha burger la7am mozdawaj w pepsi",
            "ghayer el pepsi la moya",
            {"Double Beef Burger": 1, "Water": 1},
        ),
        ("I want a burger and a pepsi", "change the pepsi to water", {"Burger": 1, "Water": 1}),
        ("ابغى برجر وبيبسي", "غير البرجر ٢", {"Burger": 2, "Pepsi": 1}),
    ],
)
def test_change_one_dish_for_another_keeps_the_rest(shop, order, change, expected):
    _confirming(shop, order)
    shop.say(change)
    assert _lines(shop) == expected
    assert shop.phase() == "confirming" and shop.orders() == []


@pytest.mark.parametrize("again", ["لحظة خل المندي ٢ مو واحد", "make the mandi 2 not 1", "خلي المندي ٢ مش ١"])
def test_a_count_corrected_with_the_old_one_said_keeps_the_other_dishes(shop, again):
    _confirming(shop, "عطوني مندي لحم وسلطة")
    out = shop.say(again)
    assert _lines(shop) == {"Lamb Mandi": 2, "Salad": 1}
    assert not any("ما لقيت" in text for text in out)  # "مو" is no dish to name back
    shop.say("تمام اكد")
    [order] = shop.orders()
    assert order.total_amount == Decimal("146.00")


def test_a_dish_said_after_one_not_on_the_menu_is_instead_of_it(shop):
    shop.say("can I get 2 chicken shawarma and a chocolate milkshake")
    shop.say("an orange juice then")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Orange Juice": 1}
    shop.say("pickup from olaya branch")
    shop.say("yes please")
    [order] = shop.orders()
    assert order.total_amount == Decimal("50.00")


def test_a_new_list_without_a_dish_named_back_still_replaces_the_order(shop):
    _confirming(shop, "ابغى برجر")
    shop.say("ابغى شاورما لحم")
    assert _lines(shop) == {"Beef Shawarma": 1}


def test_make_them_another_kind_replaces_that_dish_and_keeps_its_count(shop):
    shop.say("two beef shawarma and a fries please")
    shop.say("actually make the shawarmas chicken")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Fries": 1}
    shop.say("no, back to beef shawarma, but 4 of them")
    assert _lines(shop) == {"Beef Shawarma": 4, "Fries": 1}
    assert shop.phase() == "fulfilment:branch"  # the order changed each time: the question is still asked


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("لا غيرها مندي لحم", {"Lamb Mandi": 1, "Pepsi": 1}),  # "it": the one main of the order
        ("la la, ghayerha mandi lahm", {"Lamb Mandi": 1, "Pepsi": 1}),
        ("خلها برجر دجاج بدالها", {"Chicken Burger": 1, "Pepsi": 1}),
    ],
)
def test_change_it_to_a_dish_replaces_the_one_of_its_kind(shop, change, expected):
    _confirming(shop, "ابي كبسة دجاج وبيبسي")
    shop.say(change)
    assert _lines(shop) == expected


def test_several_changes_in_one_message_apply_in_order(shop):
    _confirming(shop, "بدي برجر دجاج وبيبسي")
    shop.say("لا، بدل البرجر حط شاورما لحم")
    assert _lines(shop) == {"Beef Shawarma": 1, "Pepsi": 1}
    shop.say("لا خلص رجعه برجر دجاج، بس شيل البيبسي وحط شاي")
    assert _lines(shop) == {"Chicken Burger": 1, "Tea": 1}
    shop.say("kabsa dajaj badalo, bas khalha thntain")
    assert _lines(shop) == {"Chicken Kabsa": 2, "Tea": 1}


def test_going_back_then_the_dish_in_the_next_part(shop):
    _confirming(shop, "ابغى ٢ برجر لحم مزدوج")
    shop.say("لا خلها برجر دجاج بدالها")
    shop.say("لا خلاص رجعها مثل ما كانت، ٢ برجر لحم مزدوج، وزد عليها سلطة")
    assert _lines(shop) == {"Double Beef Burger": 2, "Salad": 1}


def test_instead_of_a_sold_out_dish_is_added_not_instead_of_the_order(shop):
    shop.say("ابي ٢ آيس كريم وكنافة")
    shop.say("طيب بدال الآيس كريم عطني ٢ أم علي")
    assert _lines(shop) == {"Kunafa": 1, "Om Ali": 2}


@pytest.mark.parametrize("answer", ["ok one of each please", "واحد من كل واحد", "الاثنين", "2 of each"])
def test_one_of_each_of_the_dishes_priced_orders_them(shop, answer):
    shop.say("how much are the lamb mandi and the chicken kabsa?")
    shop.say(answer)
    count = 2 if answer.startswith("2") else 1
    assert _lines(shop) == {"Lamb Mandi": count, "Chicken Kabsa": count}


def test_a_yes_alone_after_several_prices_orders_nothing(shop):
    shop.say("كم سعر المندي والكبسة؟")
    shop.say("تمام")
    assert not _lines(shop) and shop.orders() == []


@pytest.mark.parametrize(
    "message",
    [
        "جيت عندكم امس والكنافة كانت تحفة، اليوم عايز مندي لحم واحد وكنافة اتنين",
        "we were there last week and loved it, so today I want 1 lamb mandi and 2 kunafa",
        "العيال يبون برجر والكبار يبون كبسة، وقررنا: مندي لحم واحد، وكنافة ثنتين",
    ],
)
def test_only_the_order_after_a_story_is_ordered(shop, message):
    shop.say(message)
    assert _lines(shop) == {"Lamb Mandi": 1, "Kunafa": 2}


def test_no_worries_is_no_note_on_the_dish(shop):
    shop.say("can I get a burger and a sushi roll")
    shop.say("no worries, a fries then")
    draft = shop.context()["draft"]
    assert {line["name_en"]: line["modifications"] for line in draft["lines"]} == {"Burger": [], "Fries": []}


def test_a_shared_name_the_order_has_one_of_is_that_dish(shop):
    _confirming(shop, "ابي ٣ شاورما لحم وبيبسي")
    shop.say("لا خلها ٥ شاورما، جاينا ضيوف")
    assert _lines(shop) == {"Beef Shawarma": 5, "Pepsi": 1}
    shop.say("لا معليش طلعوا اربعة بس، خلها ٤")
    assert _lines(shop) == {"Beef Shawarma": 4, "Pepsi": 1}


@pytest.mark.parametrize("off", ["لا لا ترسلون البيبسي، شيلوه", "البيبسي احذفوه", "نزلوا البيبسي"])
def test_take_off_with_the_dish_glued_to_the_verb(shop, off):
    _confirming(shop, "ابي برجر لحم مزدوج وبطاطس وبيبسي")
    shop.say(off)
    assert _lines(shop) == {"Double Beef Burger": 1, "Fries": 1}


def test_a_dish_instead_of_one_not_on_the_menu_keeps_the_order(shop):
    shop.say("طب خلاص هاتلي اتنين شاورما فراخ وكوكاكولا")
    shop.say("ماشي بيبسي بدالها")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Pepsi": 1}


def test_fine_without_the_sold_out_topping_keeps_the_whole_order(shop):
    shop.say("ana abi kunafa ma3 ice cream 3leha, w 2 pepsi")
    shop.say("3adi bdoun ice cream, kunafa bas")
    assert _lines(shop) == {"Kunafa": 1, "Pepsi": 2}


def test_the_order_after_anyway_without_the_aside_after_it(shop):
    shop.say(
        "بقالي كتير عايز اجرب الاكل عندكم عشان صاحبي بيجيب شاورما كل يوم. المهم، عايز اتنين شاورما فراخ "
        "وبيبسي. وعلى فكرة هو بيقول الكنافة حلوة بس انا مش بحب الحلويات"
    )
    assert _lines(shop) == {"Chicken Shawarma": 2, "Pepsi": 1}


def test_them_instead_of_a_dish_not_on_the_menu_takes_its_count(shop):
    shop.say("عايز ٢ مندي فراخ و٢ بيبسي")
    shop.say("مفيش مندي فراخ؟ طب خليهم كبسة فراخ")
    assert _lines(shop) == {"Chicken Kabsa": 2, "Pepsi": 2}


def test_take_one_off_and_put_another_instead(shop):
    _confirming(shop, "ابي ٤ فلافل وحمص و٢ ماء")
    shop.say("w shil el hummus, 7ot badalo moutabal")
    assert _lines(shop) == {"Falafel": 4, "Moutabal": 1, "Water": 2}


def test_a_question_while_choosing_is_answered_and_the_choice_then_taken_with_where(shop):
    shop.say("ابا شاورما ٢ ويا بطاطس")
    out = shop.say("فيه فرق بينهم غير اللحم والدياي؟")
    assert "18" in out[0] and "22" in out[0] and not _lines(shop).get("Beef Shawarma")
    shop.say("اوكي خلهم دياي، واستلام من فرع العليا")
    assert _lines(shop) == {"Fries": 1, "Chicken Shawarma": 2}
    assert shop.phase() == "confirming" and shop.conversation.branch_id == shop.olaya.id


def test_a_shared_name_and_a_kind_together_are_one_dish(shop):
    _confirming(shop, "2 beef shawarma and a pepsi")
    shop.say("chicken for both shawarmas")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Pepsi": 1}


def test_kinds_said_alone_are_kinds_of_the_dish_ordered(shop):
    shop.say("3ayzeen 5 shawerma la7ma")
    shop.say("la2 5aleeha 3 la7ma w 2 frakh")
    assert _lines(shop) == {"Beef Shawarma": 3, "Chicken Shawarma": 2}
    shop.say("لا خلاص كلهم دجاج")
    assert _lines(shop) == {"Chicken Shawarma": 5}


def test_one_each_for_a_group(shop):
    shop.say("احنا اربعة وكل واحد يبي برجر دجاج وبيبسي")
    assert _lines(shop) == {"Chicken Burger": 4, "Pepsi": 4}


def test_a_dish_said_again_in_a_reason_is_not_ordered_twice(shop):
    shop.say("المهم عايز ٢ كبسة فراخ وكنافة واحدة عشان ماما بتموت في الكنافة")
    assert _lines(shop) == {"Chicken Kabsa": 2, "Kunafa": 1}


def test_a_count_taken_back_and_more_in_one_message(shop):
    _confirming(shop, "بدي ٢ فلافل وصحن حمص")
    shop.say("زيدلي كمان ٢ فلافل")
    shop.say("لا لا رجعهن ٢ بس، وزيد كاسة شاي")
    assert _lines(shop) == {"Falafel": 2, "Hummus": 1, "Tea": 1}


def test_a_change_and_the_branch_in_one_message_are_both_taken(shop):
    shop.say("عايز تلاتة شاورما فراخ ومعاهم ٢ حمص")
    shop.say("لا استنى، خليهم واحد حمص وواحد متبل، والاستلام من فرع التحلية")
    assert _lines(shop) == {"Chicken Shawarma": 3, "Hummus": 1, "Moutabal": 1}
    assert shop.phase() == "confirming" and shop.conversation.branch_id == shop.tahlia.id


def test_the_dish_if_the_first_is_out_takes_its_count(shop):
    shop.say("3ayez 2 ice cream, w law mafeesh 5aleehom om ali")
    assert _lines(shop) == {"Om Ali": 2}


def test_all_of_a_kind_with_the_old_count_said(shop):
    _confirming(shop, "3 chicken burgers please")
    shop.say("and make it 4 burgers not 3, all chicken")
    assert _lines(shop) == {"Chicken Burger": 4}


def test_a_no_that_names_a_dish_changes_the_order_not_cancels_it(shop):
    shop.say("عايز طبق فول و٢ ساندوتش فلافل وشاي")
    shop.say("مفيش فول؟ خلاص بلاش، زود طبق حمص بداله")
    assert _lines(shop) == {"Falafel": 2, "Tea": 1, "Hummus": 1}


def test_put_back_too_and_both_said_again(shop):
    _confirming(shop, "حطلي فلافل عدد ٣ ومعها صحن حمص")
    shop.say("لا بلا حمص، حطلي متبل بدالو")
    assert _lines(shop) == {"Falafel": 3, "Moutabal": 1}
    shop.say("عفواً رجّع الحمص كمان، يعني بدي الاتنين متبل وحمص")
    assert _lines(shop) == {"Falafel": 3, "Moutabal": 1, "Hummus": 1}


def test_instead_of_the_sold_out_one_after_a_question_about_it(shop):
    shop.say("ابي مندي لحم وايسكريم ثنتين للعيال")
    shop.say("ولا حبة وحدة؟ 😅")
    shop.say("خلاص عطني بدالهم ام علي ثنتين")
    assert _lines(shop) == {"Lamb Mandi": 1, "Om Ali": 2}


def test_make_the_extra_one_another_kind(shop):
    _confirming(shop, "2 chicken shawarma and a tea please")
    shop.say("add one more shawarma")
    assert _lines(shop) == {"Chicken Shawarma": 3, "Tea": 1}
    shop.say("hmm no, make the extra one beef")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Beef Shawarma": 1, "Tea": 1}


def test_back_as_they_were(shop):
    _confirming(shop, "عطني شاورما دياي ٢ وشاورما لحم ١")
    shop.say("خلهم كلهم لحم")
    assert _lines(shop) == {"Beef Shawarma": 3}
    shop.say("لا رجعهم مثل ما كانوا اول")
    assert _lines(shop) == {"Chicken Shawarma": 2, "Beef Shawarma": 1}


def test_the_count_meant_said_again_sets_it(shop):
    shop.say("ابي ٣ حلا: ٢ كنافة وواحد ايسكريم")
    shop.say("خلاص خلها كنافة بعد، يعني ثلاث كنافة")
    assert _lines(shop) == {"Kunafa": 3}


def test_so_thats_four_is_the_count_not_one_more(shop):
    shop.say("one lamb mandi and a pepsi for each of us so that's four pepsis")
    assert _lines(shop) == {"Lamb Mandi": 1, "Pepsi": 4}


@pytest.mark.parametrize("less", ["لا خلاص نقص واحدة فلافل", "نقصوا فلافل وحدة"])
def test_one_less(shop, less):
    _confirming(shop, "عايز ٦ فلافل وطبق حمص")
    shop.say(less)
    assert _lines(shop) == {"Falafel": 5, "Hummus": 1}


@pytest.mark.parametrize(("answer", "chosen"), [("1", "Chicken Shawarma"), ("٢", "Beef Shawarma")])
def test_which_one_is_answered_by_its_number_in_the_list(shop, answer, chosen):
    """ "أي واحد تقصد؟ 1. شاورما دجاج 2. شاورما لحم" → "2" (or "٢") is the second; the count asked
    about goes with it."""
    shop.say("ابي ٢ شاورما")
    shop.say(answer)
    assert _lines(shop) == {chosen: 2} and shop.phase() == "fulfilment:branch"


def test_a_number_past_the_list_chooses_nothing_and_asks_again(shop):
    shop.say("ابي شاورما")
    out = shop.say("3")
    assert _lines(shop) == {} and shop.phase() == "collecting"
    assert out[0].startswith("أي واحد تقصد؟")


def test_a_tapped_row_is_the_item_of_its_id_even_when_its_cut_title_names_neither(shop):
    """A list row's title is cut at WhatsApp's 24 characters: two dishes whose names differ only
    past that read alike, so the tapped row's id says which one was meant."""
    from crm_res.models import MenuItem

    for name_ar, name_en in (("مشاوي مشكل عائلي كبير دجاج", "Family Mixed Grill Chicken"),
                             ("مشاوي مشكل عائلي كبير لحم", "Family Mixed Grill Beef")):  # fmt: skip
        shop.session.add(
            MenuItem(restaurant_id=shop.restaurant.id, name_ar=name_ar, name_en=name_en, price=95)
        )
    shop.session.flush()
    out = shop.say("ابي ٢ مشاوي مشكل عائلي كبير")
    assert out[0].startswith("أي واحد تقصد؟") and shop.phase() == "collecting"
    rows = shop.session.exec(
        select(MenuItem).where(
            MenuItem.restaurant_id == shop.restaurant.id, col(MenuItem.name_ar).contains("مشكل")
        )
    ).all()
    beef = next(m for m in rows if m.name_en.endswith("Beef"))
    shop.tap(f"item:{beef.id}", f"{beef.name_ar} (95 ريال)"[:24])
    assert _lines(shop) == {"Family Mixed Grill Beef": 2} and shop.phase() == "fulfilment:branch"


@pytest.mark.parametrize(("off", "left"), [("remove two teas", 0), ("شيل ٢ شاي", 0), ("remove one tea", 2)])
def test_a_count_taken_off_is_subtracted_and_all_of_it_takes_the_dish_off(shop, off, left):
    """Three teas less one leaves two (not one); two teas less two leaves none, not a line of zero."""
    shop.say("one kunafa and %s teas please" % ("three" if left else "two"))
    shop.say(off)
    assert _lines(shop) == ({"Kunafa": 1, "Tea": left} if left else {"Kunafa": 1})


def test_no_line_grows_past_a_hundred(shop):
    """A count is capped at 100 a line, whether added to a line, chosen among dishes or said again."""
    _confirming(shop, "ابغى ٩٩ برجر")
    shop.say("زود ٢ برجر")
    assert _lines(shop) == {"Burger": 100}
    shop.say("ابي ٢٠٠ شاورما")
    shop.say("لحم")
    assert _lines(shop) == {"Beef Shawarma": 100}
    _confirming(shop, "ابغى برجر")
    shop.say("خليها 500")
    assert _lines(shop) == {"Burger": 100}


def test_a_change_or_a_choice_before_the_branch_question_shows_the_order_again(shop):
    """Before "من أي فرع؟" the order as it now stands is said: after a dish is added, and after
    "which one?" is answered; the chosen dish is that menu item (more of it adds to its line)."""
    shop.say("ابغى برجر")
    out = shop.say("اضف بيبسي")
    assert out[0] == "طلبك: برجر (35 ريال) + بيبسي (6 ريال) = 41 ريال" and shop.phase() == "fulfilment:branch"
    shop.say("ابي شاورما")
    out = shop.say("لحم")
    assert out[0] == "طلبك: شاورما لحم (22 ريال) = 22 ريال" and shop.phase() == "fulfilment:branch"
    shop.say("زود شاورما لحم")
    assert shop.context()["draft"]["lines"][0]["quantity"] == 2 and len(shop.context()["draft"]["lines"]) == 1
    out = shop.say("خليها ٣")  # and after a count said again
    assert out[0].startswith("طلبك: 3 × شاورما لحم")  # (the branch asked a third time: a person is offered)


def test_delivery_typed_after_the_summary_asks_for_the_address_and_a_corrected_order_keeps_it(shop):
    """ "ابيه توصيل" after the summary switches the same order to delivery (the address is asked, no
    extra reply); the switch is the customer's own, so a corrected order after the address stays
    delivered."""
    _confirming(shop, "ابغى برجر")
    out = shop.say("ابيه توصيل")
    assert shop.phase() == "fulfilment:address" and out == [
        "أرسل لنا عنوان التوصيل (الحي والشارع) أو شارك موقعك 📍"
    ]
    shop.say("حي الملقا، شارع الامير محمد بن سعد، بيت ١٢")
    assert shop.phase() == "confirming"
    shop.say("ابغى ٢ برجر")
    draft = shop.context()["draft"]
    assert (draft["delivery_type"], _lines(shop)) == ("delivery", {"Burger": 2})


def test_a_bare_number_after_the_summary_is_the_count_not_a_branch(shop):
    """While confirming, "2" changes the only line's count; it never picks the second branch."""
    _confirming(shop, "ابغى برجر")
    shop.say("2")
    assert _lines(shop) == {"Burger": 2} and shop.conversation.branch_id == shop.olaya.id


def test_a_new_list_saying_delivery_after_the_summary_is_the_new_order_delivered(shop):
    """ "ابغى شاورما لحم توصيل" after the summary replaces the order and delivers it; the word
    "توصيل" does not just switch the old order."""
    _confirming(shop, "ابغى برجر")
    shop.say("ابغى شاورما لحم توصيل")
    assert _lines(shop) == {"Beef Shawarma": 1} and shop.context()["draft"]["delivery_type"] == "delivery"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("شكرا", "العفو، تسلم! أي وقت تحتاجنا إحنا موجودين."),
        ("مرحبا", "هلا والله! نورت مطعم التجربة، وش نقدر نسوي لك اليوم؟"),
    ],
)
def test_thanks_or_a_greeting_after_the_summary_leaves_the_order_and_is_answered(shop, text, reply):
    _confirming(shop, "ابغى برجر")
    assert shop.say(text) == [reply]
    assert shop.phase() == "idle" and _lines(shop) == {} and shop.orders() == []


def test_nothing_readable_after_the_summary_asks_its_question_again(shop):
    _confirming(shop, "ابغى برجر")
    out = shop.say("asdfgh")
    assert len(out) == 2 and "35" in out[0] and shop.phase() == "confirming" and _lines(shop) == {"Burger": 1}


def test_a_dish_asked_for_without_something_keeps_that_in_its_line_and_on_the_order(shop):
    """ "برجر بدون بصل": the summary says it and the placed order's line carries it for the kitchen."""
    out = shop.say("ابغى برجر بدون بصل")
    assert out[0] == "طلبك: برجر - بدون بصل (35 ريال) = 35 ريال"
    shop.say("العليا")
    shop.say("نعم")
    [order] = shop.orders()
    assert [line.get("modifications") for line in order.items] == [["بدون بصل"]]


@pytest.mark.parametrize("more", ["تمام بس ضيف بيبسي", "yes add a pepsi"])
def test_a_yes_then_more_adds_and_places_nothing(shop, more):
    _confirming(shop, "ابي برجر")
    shop.say(more)
    draft = shop.context()["draft"]
    assert {line["name_en"]: (line["quantity"], line["modifications"]) for line in draft["lines"]} == {
        "Burger": (1, []),
        "Pepsi": (1, []),
    }
    assert shop.orders() == []


@pytest.mark.parametrize(
    ("said", "count"), [("ابي ثلطعش فلافل", 13), ("عايز خمستاشر فلافل", 15), ("fifteen falafel", 15)]
)
def test_the_teens_as_they_are_said(shop, said, count):
    shop.say(said)
    assert _lines(shop) == {"Falafel": count}


@pytest.mark.parametrize(
    ("order", "change", "after"),
    [
        (
            "3 burgers and a pepsi",
            "switch one of the burgers to a chicken burger",
            {"Burger": 2, "Chicken Burger": 1},
        ),
        ("ابي ٣ كنافة", "وحدة منهم خلها ام علي", {"Kunafa": 2, "Om Ali": 1}),
        ("عايز ٤ شاورما لحمة", "غير اتنين منهم شاورما فراخ", {"Beef Shawarma": 2, "Chicken Shawarma": 2}),
    ],
)
def test_some_of_a_line_changed_to_another_dish_leaves_the_rest(shop, order, change, after):
    _confirming(shop, order)
    shop.say(change)
    assert {k: v for k, v in _lines(shop).items() if k in after} == after
    assert shop.phase() == "confirming"


@pytest.mark.parametrize(
    ("order", "change", "after"),
    [
        ("a lamb mandi, an om ali and a kunafa", "make both of them kunafa", {"Lamb Mandi": 1, "Kunafa": 2}),
        ("٢ شاورما دجاج وشاورما لحم", "خليهم كلهم شاورما لحم", {"Beef Shawarma": 3}),
    ],
)
def test_all_of_a_kind_made_one_dish_of_the_order_add_up(shop, order, change, after):
    _confirming(shop, order)
    shop.say(change)
    assert _lines(shop) == after
