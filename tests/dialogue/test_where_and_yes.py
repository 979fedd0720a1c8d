"""Where an order goes when the customer says it up front, and a yes in more words than "نعم":
the branch or the address in the order message itself is taken (not asked again), in Arabic,
English and Arabizi; a city names its branch; the final summary's yes may come with a few words
more; a disappointed word before an order does not turn it into a review; slips and key mashes
are not counted as misunderstandings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fixtures.shop import Shop


def _lines(shop: Shop) -> dict[str, int]:
    draft = shop.context().get("draft") or {}
    return {line["name_en"]: line["quantity"] for line in draft.get("lines", [])}


@pytest.mark.parametrize(
    ("order", "branch"),
    [
        ("ابغى كبسة دجاج وسلطة، استلام من فرع العليا", "olaya"),
        ("عايز فلافل ٢ وحمص، هستلم من فرع التحلية", "tahlia"),
        ("one beef shawarma pls, pickup Olaya", "olaya"),
        ("abgha shawarma la7am w pepsi, estlam mn far3 el ta7liya", "tahlia"),
        ("بدي كنافتين، باخدهن من التحلية", "tahlia"),
    ],
)
def test_a_branch_named_in_the_order_is_not_asked_again(shop, order, branch):
    out = shop.say(order)
    assert shop.phase() == "confirming", out
    shop.say("نعم")
    [placed] = shop.orders()
    assert placed.branch_id == getattr(shop, branch).id


@pytest.mark.parametrize(
    ("order", "address", "branch"),
    [
        ("عايز ٢ برجر دجاج توصيل", "العنوان: الرياض، حي الملقا، شارع أنس بن مالك، عمارة ١٢", "olaya"),
        ("بدي شاورما دجاج توصيل", "جدة، حي الروضة، شارع صاري، فيلا ٧", "tahlia"),
        ("abi 2 burger towseel", "al3nwan: jeddah, 7ay al salamah, share3 al amir sultan, bait 9", "tahlia"),
    ],
)
def test_a_delivery_address_names_its_citys_branch_and_is_never_read_as_dishes(shop, order, address, branch):
    shop.say(order)
    assert shop.phase() == "fulfilment:address"
    shop.say(address)
    assert shop.phase() == "confirming"
    shop.say("تمام")
    [placed] = shop.orders()
    assert placed.delivery_type.value == "delivery" and placed.branch_id == getattr(shop, branch).id
    # kept as written, without the word that only says it is the address ("العنوان:")
    assert address.split(": ", 1)[-1] in (placed.delivery_address or "")
    assert "العنوان:" not in (placed.delivery_address or "") and "al3nwan" not in (
        placed.delivery_address or ""
    )
    assert placed.special_instructions is None  # the notes are the customer's, the address has its column


def test_an_address_in_the_order_message_itself_is_taken(shop):
    shop.say("ابي برجر دجاج وبيبسي توصيل، العنوان الرياض حي الياسمين شارع ٧ بيت ١٠")
    assert shop.phase() == "confirming"
    shop.say("اي")
    [placed] = shop.orders()
    assert placed.delivery_type.value == "delivery" and "حي الياسمين" in (placed.delivery_address or "")


@pytest.mark.parametrize(
    "yes",
    [
        "منيح، اي أكّد",
        "ok cool, yes",
        "tamam na3am",
        "هيك تمام، نعم",
        "aywa",
        "اه",
        "يلا",
        "خلاص اطلب",
        "done",
    ],
)
def test_a_yes_in_a_few_more_words_places_the_order(shop, yes):
    shop.say("ابغى برجر من العليا")
    out = shop.say(yes)
    assert [o.total_amount for o in shop.orders()] == [Decimal("35.00")]
    assert len(out) == 2 and "1001" in out[0]  # placed, its preparation time, and the yes read no further


@pytest.mark.parametrize("not_yes", ["اوكي، متى يجهز؟", "لا مو كذا", "ok wait"])
def test_a_yes_word_with_a_question_or_a_no_places_nothing(shop, not_yes):
    shop.say("ابغى برجر من العليا")
    shop.say(not_yes)
    assert shop.orders() == []


@pytest.mark.parametrize(
    ("change", "lines"),
    [
        ("لا بدل العصير خله بيبسي", {"Burger": 1, "Pepsi": 1}),
        ("instead of the orange juice a pepsi", {"Burger": 1, "Pepsi": 1}),
        ("لا شيل العصير لو سمحت", {"Burger": 1}),
    ],
)
def test_a_swap_or_a_removal_after_a_no_changes_only_that_dish(shop, change, lines):
    shop.say("ابغى برجر وعصير برتقال من العليا")
    shop.say(change)
    assert _lines(shop) == lines


def test_a_count_corrected_after_a_no_keeps_the_other_lines(shop):
    shop.say("بدي ٢ برجر دجاج و ٢ بطاطس، من العليا")
    shop.say("لا عفواً خليهن ٣ برجر دجاج مش ٢")
    assert _lines(shop) == {"Chicken Burger": 3, "Fries": 2}


@pytest.mark.parametrize(
    "order",
    [
        "خسارة 😕 طيب عطني كنافة وقهوة عربية",
        "aw ok 😞 then 2 om ali please",
        "great, 1 lamb mandi and 2 pepsi",
        "ممتاز ٢ كبسة دجاج",
    ],
)
def test_a_disappointed_word_before_an_order_is_still_an_order(shop, order):
    shop.say(order)
    assert shop.phase() == "fulfilment:branch" and _lines(shop)


@pytest.mark.parametrize(
    "review", ["البرجر كان بارد", "the 2 burgers were cold", "5 stars burger amazing", "الكبسة ١٠/١٠"]
)
def test_a_complaint_naming_a_dish_is_still_a_review(shop, review):
    shop.say(review)
    # a rating given with it ("١٠/١٠") completes the review at once
    assert shop.phase() in ("awaiting_rating", "done") and not shop.context().get("draft")


def test_key_mashes_and_a_slip_are_not_misunderstandings(shop):
    for text in ("ااااا", "🙈🙈", "sorry 😅", "asdfgh"):
        shop.say(text)
    assert shop.phase() == "idle"  # one real miss so far: no hand-over
    shop.say("ابي كبسة دجاج")
    assert _lines(shop) == {"Chicken Kabsa": 1}


def test_egyptian_second_one_answers_which_one(shop):
    shop.say("ممكن شاورما واحدة وبطاطس؟")
    shop.say("التاني")
    assert _lines(shop) == {"Fries": 1, "Beef Shawarma": 1}


def test_a_count_alone_after_the_summary_changes_the_only_line(shop):
    shop.say("بدي ٣ شاورما لحم من التحلية")
    shop.say("لا بدي ٢ بس")
    assert _lines(shop) == {"Beef Shawarma": 2}


def test_a_price_asked_with_i_want_to_know_is_a_price_not_an_order(shop):
    out = shop.say("السلام عليكم ابي اعرف اسعار البرجر")
    assert out[0].startswith("برجر بـ 35 ريال") and shop.phase() == "idle"
    shop.say("طيب ابي ٢")
    assert _lines(shop) == {"Burger": 2}


def test_how_much_mid_order_is_what_the_order_costs(shop):
    shop.say("ابي مندي لحم")
    [out] = shop.say("كم السعر؟")
    assert out == "طلبك: مندي لحم (65 ريال) = 65 ريال"


@pytest.mark.parametrize("text", ["كيف حالكم", "شلونكم؟", "how are you"])
def test_how_are_you_is_greeted_back(shop, text):
    [out] = shop.say(text)
    assert "مطعم التجربة" in out or "Test Kitchen" in out


def test_an_order_after_an_offer_is_the_order_not_the_offer_taken(shop):
    shop.say("عندكم سوشي؟")
    shop.say("اوكي بدي شاورما لحم وحمص")
    assert _lines(shop) == {"Beef Shawarma": 1, "Hummus": 1}


def test_an_address_given_for_which_branch_is_a_delivery_there(shop):
    shop.say("2 burgers")
    shop.say("King Fahd Road, Olaya district, building 4")
    assert shop.phase() == "confirming"
    shop.say("yes")
    [placed] = shop.orders()
    assert placed.delivery_type.value == "delivery" and "King Fahd Road" in (placed.delivery_address or "")


def test_a_corrected_order_after_an_address_for_which_branch_stays_a_delivery_there(shop):
    """The address answering "which branch?" is the customer's choice of delivery, not a default:
    a corrected order keeps it."""
    shop.say("2 burgers")
    shop.say("King Fahd Road, Olaya district, building 4")
    out = shop.say("3 burgers")
    assert "Delivery to: King Fahd Road" in out[0] and _lines(shop) == {"Burger": 3}
    assert shop.context()["draft"]["delivery_type"] == "delivery"


def test_a_new_list_for_the_address_question_replaces_the_order_and_is_no_address(shop):
    """Asked for the delivery address, the customer sends a new list: it is the order, the address
    is still asked for."""
    shop.say("ابغى برجر توصيل")
    assert shop.phase() == "fulfilment:address"
    shop.say("لا ابغى شاورما لحم وبيبسي")
    assert _lines(shop) == {"Beef Shawarma": 1, "Pepsi": 1} and shop.phase() == "fulfilment:address"
    assert not shop.context()["draft"].get("address")


def test_where_are_your_branches_is_answered(shop):
    [out] = shop.say("وين فروعكم؟")
    assert "فرع العليا" in out and "فرع التحلية" in out and "ما لقيت" not in out


def test_actually_make_that_three_changes_the_count(shop):
    shop.say("2 beef shawarma")
    shop.say("actually make that 3")
    assert _lines(shop) == {"Beef Shawarma": 3}


@pytest.mark.parametrize(("off", "left"), [("remove one tea", 1), ("شيل واحد شاي", 1), ("remove the tea", 0)])
def test_taking_off_a_count_leaves_the_rest_of_that_dish(shop, off, left):
    shop.say("one kunafa and two teas please")
    shop.say(off)
    assert _lines(shop) == ({"Kunafa": 1, "Tea": left} if left else {"Kunafa": 1})


def test_great_one_please_takes_the_offered_dish(shop):
    shop.say("do you have om ali?")
    shop.say("great, one please")
    assert _lines(shop) == {"Om Ali": 1} and shop.phase() == "fulfilment:branch"


def test_the_dish_then_its_new_count_keeps_the_other_lines(shop):
    shop.say("ابي برجر وبطاطس من العليا")
    shop.say("البطاطس خلها ٢")
    assert _lines(shop) == {"Burger": 1, "Fries": 2}


def test_a_change_announced_is_asked_about_and_instead_replaces_the_order(shop):
    shop.say("ابي برجر من العليا")
    out = shop.say("ابي اغير الطلب")
    assert out[0].startswith("أبشر، وش تبغى تغيّر؟") and shop.phase() == "confirming"
    shop.say("شاورما لحم بدال")
    assert _lines(shop) == {"Beef Shawarma": 1}


def test_a_branch_named_in_a_review_is_the_reviews_and_the_same_branch_later(shop):
    from sqlmodel import select

    from crm_res.models import Feedback

    shop.say("امس جيت فرع التحلية واخذت كبسة دجاج، الطعم ممتاز بس الانتظار طول")
    shop.say("٤")
    [review] = shop.session.exec(
        select(Feedback).where(Feedback.conversation_id == shop.conversation.id)
    ).all()
    assert review.branch_id == shop.tahlia.id  # not the first branch on the list
    shop.say("واليوم ابي ٢ برجر دجاج، استلام من نفس الفرع")
    shop.say("نعم")
    [order] = shop.orders()
    assert order.branch_id == shop.tahlia.id


@pytest.mark.parametrize(
    "switch",
    ["لا خلاص مش مهم التوصيل، هعدي آخدهم أنا من التحلية", "no delivery, I'll pick them up from Tahlia"],
)
def test_delivery_said_no_to_is_a_pickup(shop, switch):
    shop.say("عايز ٢ برجر، هاخدهم من فرع التحلية")
    shop.say("لا استنى، خليها توصيل أحسن")
    shop.say(switch)
    assert shop.context()["draft"]["delivery_type"] == "pickup"
    assert not shop.context()["draft"].get("address")


def test_a_question_about_delivery_time_mid_order_is_no_choice_of_delivery(shop):
    shop.say("3ayez 2 om ali w 2 shay")
    out = shop.say("howa el tawseel byakhod ad eh?")
    assert "20" in out[0] or "٢٠" in out[0]
    assert shop.context()["draft"].get("delivery_type") != "delivery"
    shop.say("tayeb 5aleeha estlam mn far3 el olaya a7san")
    shop.say("aywa akked")
    [order] = shop.orders()
    assert order.delivery_type.value == "pickup"


@pytest.mark.parametrize(
    ("message", "address"),
    [
        (
            "ابي برجر وبيبسي، توصيل للرياض حي العارض شارع أبو بكر الصديق",
            "الرياض حي العارض شارع أبو بكر الصديق",
        ),
        (
            "great, 1 lamb mandi and 2 pepsi delivered to riyadh malqa district street 12",
            "riyadh malqa district street 12",
        ),
    ],
)
def test_only_the_address_of_an_order_message_is_kept_as_the_address(shop, message, address):
    shop.say(message)
    assert shop.context()["draft"]["address"] == address


def test_the_cheapest_of_the_items_asked_about_is_the_one_taken(shop):
    shop.say("عايز تلاتة شاورما وبيبسي")
    out = shop.say("هو ايه الفرق بينهم في السعر؟")
    assert "18" in out[0] and "22" in out[0]  # the list again, with each one's price
    shop.say("خلاص الأرخص")
    assert _lines(shop) == {"Pepsi": 1, "Chicken Shawarma": 3}


def test_two_of_whichever_is_cheaper(shop):
    shop.say("ok then two of whichever is cheaper, kunafa or om ali")
    assert _lines(shop) == {"Om Ali": 2}


def test_an_address_given_before_the_order_is_where_it_is_delivered(shop):
    shop.say("مرحبا، انا ساكن بالرياض حي العقيق شارع التخصصي بناية ٥٦ شقة ٤، بتوصلوا لعنا؟")
    shop.say("ممتاز، بدي مندي لحم وتنين متبل، توصيل عالعنوان يلي بعتلكن ياه")
    assert shop.phase() == "confirming"
    shop.say("اي مظبوط")
    [order] = shop.orders()
    assert order.delivery_type.value == "delivery" and "حي العقيق" in (order.delivery_address or "")
    assert order.branch_id == shop.olaya.id  # Riyadh


def test_a_yes_and_a_stop_to_the_offers_in_one_message_do_both(shop):
    shop.say("ابا كبسة دياي و٢ ماي")
    shop.say("استلام من العليا")
    shop.say("نعم اكد. وترى لا تطرشون لي عروض بعد اليوم، ما ابيها")
    [order] = shop.orders()
    assert order.total_amount == 48 and shop.customer.opted_out


def test_a_rating_out_of_five_in_arabizi_then_an_order(shop):
    shop.say("salam, kont 3andkom fel far3 el olaya embare7, el kunafa kanet to7fa bas el shay kan bared")
    shop.say("3 min 5")
    assert shop.phase() == "done"
    shop.say("tayeb 3ayez a3mel order: 2 kunafa w 2 shay, estlam mn el olaya")
    assert _lines(shop) == {"Kunafa": 2, "Tea": 2}


def test_being_told_about_an_offer_message_is_no_question_for_staff(shop):
    shop.say("مرحبا، وصلتني منكن رسالة عرض عالكنافة")
    assert shop.phase() != "escalated"
