"""What only a person at the restaurant can grant: cancelling an order already placed, money back.
The assistant says the request reached the team, hands the conversation over and alerts staff;
it never cancels a placed order or promises a refund itself. And an order said again and again is
no way round the rule that a question is asked at most twice."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crm_res.models import Notification, OrderStatus, Role
from tests.fixtures.people import add_user
from tests.fixtures.shop import Shop


@pytest.fixture(autouse=True)
def owner(shop):  # type: ignore[no-untyped-def]
    """Someone at the restaurant to be alerted."""
    return add_user(shop.session, shop.restaurant.id, f"owner-{shop.restaurant.id}@example.com", Role.owner)


def _placed(shop: Shop) -> int:
    shop.say("ابي برجر")
    shop.say("العليا")
    shop.say("نعم")
    [order] = shop.orders()
    return order.number


def _alerts(shop: Shop) -> list[Notification]:
    return list(
        shop.session.exec(select(Notification).where(Notification.restaurant_id == shop.restaurant.id))
    )


@pytest.mark.parametrize("text", ["الغي طلبي", "ابي الغي الطلب", "cancel my order please", "كنسلو الطلب"])
def test_cancelling_a_placed_order_goes_to_staff_and_the_order_stays(shop, text):
    number = _placed(shop)
    out = shop.say(text)
    assert f"#{number}" in out[0] and ("إلغاء" in out[0] or "cancel" in out[0])
    assert shop.phase() == "escalated"
    [order] = shop.orders()
    shop.session.refresh(order)
    assert order.status == OrderStatus.confirmed  # staff decide
    assert any(
        f"#{number}" in (n.body or "") + (n.title or "") or n.kind == "escalation" for n in _alerts(shop)
    )


def test_asking_where_the_order_is_is_not_a_cancellation(shop):
    number = _placed(shop)
    out = shop.say("وين طلبي؟")
    assert f"#{number}" in out[0] and shop.phase() == "placed"


def test_cancel_while_ordering_drops_the_draft_not_a_placed_order(shop):
    shop.say("ابي برجر")
    out = shop.say("الغي طلبي")
    assert shop.phase() == "idle" and shop.orders() == []
    assert "إلغاء" in out[0]


@pytest.mark.parametrize(
    "text",
    [
        "ابي استرجاع فلوسي",
        "I want a refund",
        "رجعوا فلوسي",
        "ابغى تعويض",
        "عايز فلوسه ترجع",
        "الشاورما ناقصة وحدة، ابغى ترجعون لي قيمتها",
        "ابي المبلغ يرجع",
    ],
)
def test_a_refund_request_is_handed_to_staff_even_while_asked_for_a_rating(shop, text):
    shop.say("الاكل وصل بارد")
    assert shop.phase() == "awaiting_rating"
    shop.say(text)
    assert shop.phase() == "escalated"
    assert ("escalation", text) in [(n.kind, n.body) for n in _alerts(shop)]


def test_the_same_order_said_again_and_again_stops_asking_after_twice(shop):
    questions = []
    for _ in range(3):
        out = shop.say("برجر")
        questions.append(sum("فرع" in text and "من أي" in text for text in out))
    assert questions == [1, 1, 0]  # the third time: a person is offered instead
    assert shop.phase() == "idle"


def test_a_table_booking_goes_to_staff_not_the_menu(shop):
    question = "ابي حجز طاولة لخمسة اشخاص"
    out = shop.say(question)
    assert not any("كنافة" in text for text in out)  # no menu thrown at a question about a table
    assert shop.phase() == "escalated"
    assert ("escalation", question) in [(n.kind, n.body) for n in _alerts(shop)]


@pytest.mark.parametrize("question", ["عندكم عروض؟", "تقبلون مدى؟", "how do I pay, cash or card?"])
def test_a_question_only_staff_can_answer_is_passed_on_and_the_assistant_stays(shop, question):
    """Payment, offers: a person answers in the thread (the bell rings with the question), and the
    customer who orders meanwhile is still answered by the assistant."""
    out = shop.say(question)
    assert not any("كنافة" in text for text in out)  # no menu thrown at the question
    assert out and shop.phase() != "escalated"
    assert ("escalation", question) in [(n.kind, n.body) for n in _alerts(shop)]
    shop.say("ابي كبسة دجاج استلام من العليا")
    assert shop.phase() == "confirming"


@pytest.mark.parametrize("question", ["كم رسوم التوصيل", "how much is delivery usually?"])
def test_the_delivery_fee_is_passed_on_and_the_customer_stays_with_the_assistant(shop, question):
    """Only the staff know the fee; a person answers it in the thread, and the customer can still
    order from the assistant meanwhile (asking a price is no reason to hand the chat over)."""
    out = shop.say(question)
    assert out and shop.phase() != "escalated"
    assert any(n.body == question for n in _alerts(shop))  # the staff's bell rings with the question


@pytest.mark.parametrize(
    "text", ["ابي احجز طاولة لـ ٦ اشخاص بكرة الساعة ٩ بالليل فرع العليا", "can I book a table for 4 tonight"]
)
def test_a_table_booking_goes_to_staff_even_when_it_names_a_branch(shop, text):
    out = shop.say(text)
    assert not any("maps.google" in reply for reply in out)  # not the branch list
    assert shop.phase() == "escalated"


def test_a_later_order_booked_for_a_time_is_no_table_booking(shop):
    shop.say("احجزلي ٢ برجر الساعة ٨")
    assert shop.phase() != "escalated"


@pytest.mark.parametrize("question", ["هل يوجد توصيل؟", "do you deliver?", "توصلون؟"])
def test_do_you_deliver_is_answered(shop, question):
    [out] = shop.say(question)
    assert ("نوصل" in out or "we deliver" in out) and shop.phase() == "idle"


def test_more_asked_for_after_the_order_is_placed_is_a_new_order_said_so(shop):
    number = _placed(shop)
    out = shop.say("ابي اضيف بيبسي للطلب")
    assert out[0] == f"طلبك #{number} وصل للمطبخ، فبنسجل هذا كطلب جديد:"
    assert out[1].startswith("طلبك: بيبسي")
    shop.say("نعم")
    assert sorted(o.total_amount for o in shop.orders()) == [6, 35]


@pytest.mark.parametrize("text", ["عندي سؤال", "ممكن استفسار؟", "I have a question"])
def test_a_question_announced_is_welcomed_not_misunderstood(shop, text):
    [out] = shop.say(text)
    assert out in ("تفضل، وش سؤالك؟", "Sure, go ahead!")
    out = shop.say("متى تفتحون؟")
    assert "24" in out[0] or "٢٤" in out[0]


@pytest.mark.parametrize("answer", ["بعدين", "لا شكرا", "not now, busy", "مو الحين"])
def test_a_feedback_request_put_off_or_declined_stores_no_review(shop, answer):
    from crm_res.models import Feedback

    shop.conversation.context = {"awaiting": "feedback", "feedback_request": "k"}
    shop.session.add(shop.conversation)
    shop.session.flush()
    [out] = shop.say(answer)
    assert out in ("ولا يهمك، إذا احتجت شي إحنا موجودين.", "No problem, we're here if you need anything.")
    assert shop.phase() == "idle"
    assert (
        shop.session.exec(select(Feedback).where(Feedback.conversation_id == shop.conversation.id)).all()
        == []
    )


def test_a_comment_answering_the_feedback_request_is_still_a_review(shop):
    shop.conversation.context = {"awaiting": "feedback", "feedback_request": "k"}
    shop.session.add(shop.conversation)
    shop.session.flush()
    out = shop.say("الاكل بعدين برد")
    assert shop.phase() == "awaiting_rating" and "1-5" in out[-1]


def test_a_question_for_staff_mid_order_alerts_them_and_the_order_goes_on(shop):
    shop.say("ابي برجر من العليا")
    out = shop.say("تقبلون مدى؟")
    assert out[0] == "سؤالك وصل للفريق وبيردون عليك هنا."
    assert shop.phase() == "confirming"
    assert ("escalation", "تقبلون مدى؟") in [(n.kind, n.body) for n in _alerts(shop)]
    shop.say("نعم")
    assert [o.total_amount for o in shop.orders()] == [35]


@pytest.mark.parametrize(
    "text",
    [
        "صار لي ساعة والطلب ما وصل!! وين المندوب؟",
        "my order still hasn't arrived",
        "sar li sa3a w el talab ma wasal",
    ],
)
def test_a_late_order_is_apologised_for_and_handed_to_staff(shop, text):
    number = _placed(shop)
    out = shop.say(text)
    assert f"#{number}" in out[0] and ("تأخير" in out[0] or "late" in out[0])
    assert shop.phase() == "escalated"
    assert ("escalation", text) in [(n.kind, n.body) for n in _alerts(shop)]


def test_where_is_my_order_on_its_own_is_a_status_not_a_hand_over(shop):
    number = _placed(shop)
    out = shop.say("وين طلبي؟")
    assert f"#{number}" in out[0] and shop.phase() != "escalated"


def test_a_stop_to_the_offers_and_an_order_in_one_message_does_both(shop):
    out = shop.say("awal shay wagfo rasayel el 3rood 3ani plz, thani shay abi 2 burger dajaj w batata")
    assert shop.customer.opted_out
    assert any("برجر دجاج" in reply for reply in out) and not any("شاي" in reply for reply in out)
    shop.say("estlam mn olaya")
    shop.say("na3am")
    [order] = shop.orders()
    assert {item["name_en"]: item["quantity"] for item in order.items} == {"Chicken Burger": 2, "Fries": 1}


def test_a_stop_said_in_the_second_sentence_of_a_question_stops_and_answers(shop):
    out = shop.say("قديش سعر الكنافة؟ وبالمناسبة ما عاد تبعتولي عروض الله يخليكن")
    assert shop.customer.opted_out
    assert any("24" in reply for reply in out)  # the question is answered as well
