"""Feedback requests after delivered orders and visits: timing, prayer holds, once only, opt-out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from tests.fixtures.dashboard import add_feedback

KSA = ZoneInfo("Asia/Riyadh")
DAY = date(2025, 6, 11)  # Riyadh Asr 15:15 (window 15:05–15:25); Jeddah Asr 15:42 (15:32–15:52)


def at(hh: int, mm: int, ss: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=KSA)


def world(
    session,
    *,
    branch_city: str = "Riyadh",
    settings: dict | None = None,
    template: bool = True,  # type: ignore[no-untyped-def]
    pnid: str = "pn-fb",
    last_inbound: datetime | None = None,
    **customer,
):
    """A restaurant with one branch, a customer, and (optionally) an approved feedback template."""
    from crm_res.models import Branch, Customer, MessageTemplate
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(
        session=session, name_ar="مطعم الورد", name_en="Rose Diner", phone_number_id=pnid, settings=settings
    )
    branch = Branch(restaurant_id=r.id, name_ar="الفرع", name_en="Branch", city=branch_city)
    session.add(branch)
    if template:
        session.add(
            MessageTemplate(
                restaurant_id=r.id,
                name="feedback_request",
                language="ar",
                purpose="feedback_request",
                parameters=["customer_name"],
            )
        )
    c = Customer(
        restaurant_id=r.id,
        wa_id=customer.pop("wa_id", "966501112233"),
        name="نورة",
        last_inbound_at=last_inbound,
        **customer,
    )
    session.add(c)
    session.flush()
    return r, branch, c


def deliver(session, r, branch, c, delivered_at: datetime, number: int = 7):  # type: ignore[no-untyped-def]
    from crm_res.models import Order, OrderStatus

    order = Order(
        restaurant_id=r.id,
        number=number,
        customer_id=c.id,
        branch_id=branch.id,
        total_amount=Decimal("42.00"),
        status=OrderStatus.delivered,
        delivered_at=delivered_at,
        created_at=delivered_at - timedelta(minutes=40),
    )
    session.add(order)
    session.flush()
    return order


def outbox(session):  # type: ignore[no-untyped-def]
    from crm_res.models import OutboxMessage

    return session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def scan(session, now: datetime):  # type: ignore[no-untyped-def]
    from crm_res.services.outreach.feedback_requests import queue_due_feedback_requests

    return queue_due_feedback_requests(session=session, now=now)


# --------------------------------------------------------------------------- timing


def test_request_is_due_three_hours_after_delivery_by_default(session):
    """Delivered 10:00: nothing at 12:59, queued at 13:00 with the order's key, into the customer's conversation
    (which awaits feedback only once the request is sent)."""
    from crm_res.models import Conversation

    r, branch, c = world(session, last_inbound=at(9, 30))
    order = deliver(session, r, branch, c, at(10, 0))
    assert scan(session, at(12, 59)) == []
    [outcome] = scan(session, at(13, 0))
    assert outcome.status == "queued" and outcome.key == f"feedback:{order.id}"
    [row] = outbox(session)
    assert row.idempotency_key == f"feedback:{order.id}" and row.purpose == "feedback_request"
    assert row.business_initiated and row.not_before == at(13, 0)
    assert "كيف كان طلبك رقم 7" in row.payload["message"]["text"]["body"]
    conversation = session.get(Conversation, row.conversation_id)
    assert "awaiting" not in conversation.context and conversation.branch_id == branch.id


def test_feedback_delay_hours_setting_is_used_within_two_to_four(session):
    """feedback_delay_hours=2 makes it due 2 h after delivery; 9 is clamped to 4."""
    r, branch, c = world(session, settings={"feedback_delay_hours": 2}, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(12, 30))
    assert scan(session, at(14, 29)) == []
    assert [o.status for o in scan(session, at(14, 30))] == ["queued"]
    r2, branch2, c2 = world(
        session, settings={"feedback_delay_hours": 9}, pnid="pn-fb2", wa_id="966500000009"
    )
    deliver(session, r2, branch2, c2, at(10, 0), number=8)
    assert [o.status for o in scan(session, at(14, 0))] == ["queued"]


def test_due_during_asr_in_riyadh_goes_out_right_after_the_buffer(session):
    """Due 15:10 during Asr (15:15 ± 10 min): held until 15:25, and the decision is recorded."""
    from crm_res.models import FeedbackRequest, Message, MessageStatus

    r, branch, c = world(session, last_inbound=at(11, 0))
    deliver(session, r, branch, c, at(12, 10))
    [outcome] = scan(session, at(15, 10))
    assert outcome.status == "held" and outcome.not_before == at(15, 25)
    assert "held until 2025-06-11 15:25 because of Asr (Riyadh)" in str(outcome)
    [row] = outbox(session)
    assert row.not_before == at(15, 25)
    assert session.get(Message, row.message_id).status == MessageStatus.held
    request = session.exec(select(FeedbackRequest)).one()
    assert (request.status, request.reason, request.send_at) == ("queued", "asr", at(15, 25))


def test_due_at_the_same_time_in_jeddah_uses_jeddahs_asr(session):
    """15:35 is free in Riyadh but inside Jeddah's Asr window: the Jeddah order waits until 15:52."""
    r1, b1, c1 = world(session, branch_city="Riyadh", last_inbound=at(11, 0))
    r2, b2, c2 = world(
        session, branch_city="Jeddah", pnid="pn-jed", wa_id="966500000002", last_inbound=at(11, 0)
    )
    deliver(session, r1, b1, c1, at(12, 35), number=1)
    deliver(session, r2, b2, c2, at(12, 35), number=2)
    outcomes = {o.line.split()[3]: o for o in scan(session, at(15, 35))}
    assert outcomes[c1.wa_id].status == "queued" and outcomes[c1.wa_id].not_before == at(15, 35)
    assert outcomes[c2.wa_id].status == "held" and outcomes[c2.wa_id].not_before == at(15, 52)
    assert "because of Asr (Jeddah)" in str(outcomes[c2.wa_id])


def test_holding_off_sends_at_the_due_time_even_during_asr(session):
    """restaurant.prayer_time_enabled = False: the request goes when due."""
    r, branch, c = world(session, last_inbound=at(11, 0))
    r.prayer_time_enabled = False
    session.add(r)
    deliver(session, r, branch, c, at(12, 10))
    [outcome] = scan(session, at(15, 10))
    assert outcome.status == "queued" and outcome.not_before == at(15, 10)


# --------------------------------------------------------------------------- once, and never when it should not


def test_once_per_order_however_often_the_scan_runs(session):
    """A second and third scan find the order handled: one request, one outbox row."""
    r, branch, c = world(session, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(10, 0))
    assert len(scan(session, at(13, 0))) == 1
    assert scan(session, at(13, 5)) == [] and scan(session, at(14, 0)) == []
    assert len(outbox(session)) == 1


def test_opted_out_customers_receive_nothing(session):
    """Opted out: the scan records a skip and queues nothing; the CLI refuses with the reason."""
    from crm_res.models import FeedbackRequest
    from crm_res.services.outreach.feedback_requests import queue_feedback_request

    r, branch, c = world(session, opted_out=True, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(10, 0))
    [outcome] = scan(session, at(13, 0))
    assert outcome.status == "skipped" and "refused: opted out" in str(outcome)
    assert session.exec(select(FeedbackRequest)).one().reason == "opted out"
    cli = queue_feedback_request(session=session, restaurant_id=r.id, wa_id="+966 50 111 2233", now=at(13, 5))
    assert str(cli) == "feedback request to 966501112233 refused: opted out"
    assert outbox(session) == []


def test_skipped_when_the_customer_already_gave_feedback_for_it_or_since(session):
    """Feedback given after the delivery (by the customer, unprompted) means no request."""

    r, branch, c = world(session, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(10, 0))
    add_feedback(session, r.id, c, branch, 5, created_at=at(11, 0))
    session.flush()
    [outcome] = scan(session, at(13, 0))
    assert outcome.status == "skipped" and "already gave feedback" in str(outcome)
    assert outbox(session) == []


def test_outside_the_window_the_template_is_needed(session):
    """No inbound for days and no approved template: refused; with the template: queued as the template."""
    r, branch, c = world(session, template=False, last_inbound=at(9, 0) - timedelta(days=3))
    deliver(session, r, branch, c, at(10, 0))
    [outcome] = scan(session, at(13, 0))
    assert outcome.status == "skipped" and "no approved 'feedback_request' template" in str(outcome)
    r2, branch2, c2 = world(session, pnid="pn-t", wa_id="966500000003", last_inbound=None)
    deliver(session, r2, branch2, c2, at(10, 0), number=9)
    [queued] = scan(session, at(13, 0))
    assert queued.status == "queued" and "as the 'feedback_request' template" in str(queued)


def test_late_requests_are_not_sent(session):
    """An order delivered long ago (worker down, feature just enabled) gets no request."""
    r, branch, c = world(session, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(1, 0))
    assert scan(session, at(13, 0)) == []


def test_a_recorded_visit_gets_one_request_when_due(session):
    """record_visit at 12:00 → due 15:00 → the scan at 15:00 queues it (Asr is later); one per day."""
    from crm_res.services.outreach.feedback_requests import record_visit

    r, branch, c = world(session, branch_city="Jeddah", last_inbound=at(11, 0))
    assert (
        record_visit(
            session=session, restaurant_id=r.id, customer_id=c.id, branch_id=branch.id, visited_at=at(12, 0)
        )
        is not None
    )
    assert record_visit(session=session, restaurant_id=r.id, customer_id=c.id, visited_at=at(13, 0)) is None
    assert scan(session, at(14, 59)) == []
    [outcome] = scan(session, at(15, 0))
    assert outcome.status == "queued" and outcome.key.startswith("feedback:visit:")
    assert "كيف كان زيارتك" in outbox(session)[0].payload["message"]["text"]["body"]


# --------------------------------------------------------------------------- the CLI's service


def test_cli_service_lines_say_queued_held_or_refused(session):
    """queued for <time>; held until <time> because of <prayer>; already queued on a second run."""
    from crm_res.services.errors import InvalidInput
    from crm_res.services.outreach.feedback_requests import queue_feedback_request

    r, branch, c = world(session, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(10, 0))
    first = queue_feedback_request(session=session, restaurant_id=r.id, wa_id=c.wa_id, now=at(11, 0))
    assert str(first) == "feedback request to 966501112233 queued for 2025-06-11 11:00 (Asia/Riyadh)"
    assert first.sends == [(first.outbox_id, at(11, 0))]
    again = queue_feedback_request(session=session, restaurant_id=r.id, wa_id=c.wa_id, now=at(11, 1))
    assert again.status == "duplicate" and "already" in str(again) and again.sends == []
    assert scan(session, at(13, 0)) == []  # the CLI's request stood for that order
    r2, _, c2 = world(session, pnid="pn-cli2", wa_id="966500000004", last_inbound=at(9, 0))
    held = queue_feedback_request(session=session, restaurant_id=r2.id, wa_id=c2.wa_id, now=at(15, 10))
    assert str(held) == (
        "feedback request to 966500000004 held until 2025-06-11 15:25 because of Asr (Riyadh)"
    )
    with pytest.raises(InvalidInput, match="international form"):
        queue_feedback_request(session=session, restaurant_id=r2.id, wa_id="hello", now=at(15, 10))


def test_cli_service_adds_a_new_number_only_when_a_template_exists(session):
    """An unknown number becomes a customer (template send); without a template it is refused."""
    from crm_res.models import Customer
    from crm_res.services.outreach.feedback_requests import queue_feedback_request

    r, _, _ = world(session, template=False)
    refused = queue_feedback_request(session=session, restaurant_id=r.id, wa_id="966555555555", now=at(11, 0))
    assert refused.status == "refused" and "template" in str(refused)
    r2, _, _ = world(session, pnid="pn-new", wa_id="966500000005")
    queued = queue_feedback_request(
        session=session, restaurant_id=r2.id, wa_id="00966555555555", now=at(11, 0)
    )
    assert queued.status == "queued" and "template" in str(queued)
    assert session.exec(select(Customer).where(Customer.wa_id == "966555555555")).one().restaurant_id == r2.id


def test_the_customers_reply_is_taken_as_feedback(session):
    """After the request, the customer's answer goes into the feedback flow (sentiment, then a rating)."""
    from crm_res.models import Conversation, Message, MessageDirection, MessageSender
    from crm_res.services.dialogue.inbound import handle_inbound

    r, branch, c = world(session, last_inbound=at(9, 0))
    deliver(session, r, branch, c, at(10, 0))
    from crm_res.services.outreach.feedback_requests import on_send_result

    [outcome] = scan(session, at(13, 0))
    [row] = outbox(session)
    on_send_result(session=session, row=row, sent=True)  # what the send path does once it is posted
    m = Message(
        restaurant_id=r.id,
        conversation_id=row.conversation_id,
        direction=MessageDirection.inbound,
        sender=MessageSender.customer,
        body="الأكل كان لذيذ والخدمة سريعة",
        wa_message_id="wamid.fb1",
    )
    session.add(m)
    session.flush()
    handle_inbound(session=session, message_id=m.id, now=at(13, 20))
    conversation = session.get(Conversation, row.conversation_id)
    assert conversation.type.value == "feedback" and conversation.context.get("phase") == "awaiting_rating"


# --------------------------------------------------------------------------- through the send job


def test_held_request_is_sent_by_the_send_job_only_after_the_window(wired, committed, redis_conn):  # noqa: F811
    """The send job at 15:20 says "not yet due"; at 15:25 the template goes to the customer, once."""
    from crm_res.services.outbox.sending import send_outbox

    with Session(committed, expire_on_commit=False) as s:
        r, branch, c = world(s, last_inbound=at(9, 0) - timedelta(days=2))
        deliver(s, r, branch, c, at(12, 10))
        [outcome] = scan(s, at(15, 10))
        s.commit()
    assert outcome.status == "held"
    early = send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(15, 20))
    assert early.status == "retry" and early.retry_in == pytest.approx(300)
    assert wired.sent == []
    assert send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(15, 25)).status == "sent"
    assert send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(15, 26)).status == "skipped"
    [sent] = wired.sent
    assert sent.type == "template" and sent.json["template"]["name"] == "feedback_request"
    assert sent.json["template"]["components"][0]["parameters"][0]["text"] == "نورة"


# --------------------------------------------------------------------------- awaiting feedback only once sent


def _customer_writes(engine, conversation_id, text: str, when: datetime, wamid: str):  # type: ignore[no-untyped-def]
    """A customer message stored and processed by the assistant at `when` (committed)."""
    from crm_res.models import Conversation, Message, MessageDirection, MessageSender
    from crm_res.services.dialogue.inbound import handle_inbound

    with Session(engine, expire_on_commit=False) as s:
        row = s.get(Conversation, conversation_id)
        m = Message(
            restaurant_id=row.restaurant_id,
            conversation_id=conversation_id,
            wa_message_id=wamid,
            direction=MessageDirection.inbound,
            sender=MessageSender.customer,
            body=text,
        )
        s.add(m)
        s.commit()
        handle_inbound(session=s, message_id=m.id, now=when)
        s.commit()


def _state(engine, outcome):  # type: ignore[no-untyped-def]
    from crm_res.models import Conversation, Feedback, FeedbackRequest, OutboxMessage

    with Session(engine) as s:
        row = s.get(OutboxMessage, outcome.outbox_id)
        request = s.exec(select(FeedbackRequest).where(FeedbackRequest.idempotency_key == outcome.key)).one()
        conversation = s.get(Conversation, row.conversation_id)
        return row, request, dict(conversation.context), len(s.exec(select(Feedback)).all())


def _held_for_asr(engine):  # type: ignore[no-untyped-def]
    """A customer who visited at 12:10 on a day with Asr at 15:xx: the 15:10 scan holds their
    request for the prayer. The outcome and the customer."""
    with Session(engine, expire_on_commit=False) as s:
        r, branch, c = world(s, last_inbound=at(9, 0))
        deliver(s, r, branch, c, at(12, 10))
        [outcome] = scan(s, at(15, 10))
        s.commit()
    assert outcome.status == "held"
    return outcome, c


def test_a_message_written_while_the_request_is_held_is_not_taken_as_feedback(wired, committed, redis_conn):  # noqa: F811
    """Held for Asr: "متى تفتحون" at 15:15 is an ordinary question; once sent at 15:25 the conversation awaits feedback."""
    from crm_res.services.outbox.sending import send_outbox

    outcome, c = _held_for_asr(committed)
    row, request, context, _ = _state(committed, outcome)
    assert "awaiting" not in context and request.status == "queued"
    _customer_writes(committed, row.conversation_id, "متى تفتحون اليوم؟", at(15, 15), "wamid.held-q")
    _, _, context, feedback_rows = _state(committed, outcome)
    assert feedback_rows == 0 and context.get("flow") != "feedback" and "awaiting" not in context
    assert send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(15, 25)).status == "sent"
    _, request, context, _ = _state(committed, outcome)
    assert context["awaiting"] == "feedback" and context["feedback_request"] == outcome.key
    assert request.status == "sent" and request.reason == "asr"


def test_a_failed_send_leaves_nothing_awaiting_feedback(wired, committed, redis_conn):  # noqa: F811
    """Meta refuses the request: the request row says failed and a stale awaiting flag is cleared."""
    from crm_res.models import Conversation, OutboxMessage
    from crm_res.services.outbox.sending import send_outbox

    with Session(committed, expire_on_commit=False) as s:
        r, branch, c = world(s, last_inbound=at(9, 0))
        deliver(s, r, branch, c, at(10, 0))
        [outcome] = scan(s, at(13, 0))
        row = s.get(OutboxMessage, outcome.outbox_id)
        conversation = s.get(Conversation, row.conversation_id)
        # as an older version left it at queue time
        conversation.context = {"awaiting": "feedback", "feedback_request": outcome.key, "lang": "ar"}
        s.add(conversation)
        s.commit()
    wired.fail_next(400, code=131026, message="Message undeliverable")
    assert send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(13, 0)).status == "failed"
    _, request, context, _ = _state(committed, outcome)
    assert context == {"lang": "ar"}
    assert request.status == "failed" and "undeliverable" in request.reason.lower()


def test_a_customer_who_opts_out_while_held_receives_nothing_on_release(wired, committed, redis_conn):  # noqa: F811
    """Held for Asr, then the customer opts out: at 15:25 the send is cancelled and nothing reaches WhatsApp."""
    from crm_res.models import Customer
    from crm_res.services.outbox.sending import send_outbox

    outcome, c = _held_for_asr(committed)
    with Session(committed) as s:
        customer = s.get(Customer, c.id)
        customer.opted_out = True
        s.add(customer)
        s.commit()
    result = send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(15, 25))
    assert result.status == "cancelled" and result.reason == "customer opted out"
    assert send_outbox(engine=committed, outbox_id=outcome.outbox_id, now=at(15, 30)).status == "skipped"
    assert wired.requests == []
    row, request, context, _ = _state(committed, outcome)
    assert row.status.value == "cancelled" and request.status == "cancelled" and "awaiting" not in context


# --------------------------------------------------------------------------- a busy hour


def _orders(session, r, branch, c, delivered_at: datetime, count: int, first_number: int):  # type: ignore[no-untyped-def]
    from crm_res.models import Order, OrderStatus

    session.add_all(
        [
            Order(
                restaurant_id=r.id,
                number=first_number + i,
                customer_id=c.id,
                branch_id=branch.id,
                total_amount=Decimal("10.00"),
                status=OrderStatus.delivered,
                delivered_at=delivered_at,
                created_at=delivered_at - timedelta(minutes=30),
            )
            for i in range(count)
        ]
    )
    session.flush()


def test_six_hundred_stale_orders_do_not_starve_a_fresh_one(session):
    """600 orders too late to ask about (delivered 9.5 h ago) sit before a due one: the scan still sends it."""
    r, branch, c = world(session, last_inbound=at(9, 0))
    r.prayer_time_enabled = False
    session.add(r)
    now = at(20, 0)
    _orders(session, r, branch, c, now - timedelta(hours=9, minutes=30), 600, 1000)
    fresh = deliver(session, r, branch, c, now - timedelta(hours=3), number=5)
    outcomes = scan(session, now)
    assert [(o.status, o.key) for o in outcomes] == [("queued", f"feedback:{fresh.id}")]


def test_more_due_orders_than_one_batch_are_all_decided_in_one_scan(session):
    """120 due orders with a batch of 50: every one gets its request in the same run."""
    from crm_res.services.outreach.feedback_requests import queue_due_feedback_requests

    r, branch, c = world(session, last_inbound=at(9, 0))
    r.prayer_time_enabled = False
    session.add(r)
    now = at(20, 0)
    _orders(session, r, branch, c, now - timedelta(hours=3, minutes=10), 120, 2000)
    outcomes = queue_due_feedback_requests(session=session, now=now, limit=50)
    assert len(outcomes) == 120 and {o.status for o in outcomes} == {"queued"}
    assert len(outbox(session)) == 120


# --------------------------------------------------------------------------- recording a visit


def test_record_visit_for_a_number_and_branch_name(session):
    """A visit by number at a branch named in any case: due 3 h later; once a day; bad branch/number/tenant refused."""
    from crm_res.models import FeedbackRequest
    from crm_res.services.errors import InvalidInput, NotFound
    from crm_res.services.outreach.feedback_requests import record_visit_for

    r, branch, c = world(session, last_inbound=at(9, 0))
    visit = record_visit_for(
        session=session, restaurant_id=r.id, wa_id="+966 50 111 2233", branch="branch", now=at(12, 0)
    )
    assert visit.created and visit.due_at == at(15, 0) and visit.customer_id == c.id
    assert str(visit) == (
        "visit of 966501112233 at Branch recorded; feedback request due 2025-06-11 15:00 (Asia/Riyadh)"
    )
    request = session.exec(select(FeedbackRequest)).one()
    assert (request.branch_id, request.source, request.status) == (branch.id, "visit", "due")
    again = record_visit_for(session=session, restaurant_id=r.id, customer_id=c.id, now=at(13, 0))
    assert not again.created and "already recorded today" in str(again)
    with pytest.raises(NotFound, match="no branch Olaya"):
        record_visit_for(session=session, restaurant_id=r.id, wa_id=c.wa_id, branch="Olaya", now=at(12, 0))
    with pytest.raises(InvalidInput, match="international form"):
        record_visit_for(session=session, restaurant_id=r.id, wa_id="12", now=at(12, 0))
    other, _, stranger = world(session, pnid="pn-other", wa_id="966500000077", template=False)
    with pytest.raises(NotFound, match="no such customer"):
        record_visit_for(session=session, restaurant_id=r.id, customer_id=stranger.id, now=at(12, 0))
    with pytest.raises(InvalidInput, match="not a customer of this restaurant yet"):
        record_visit_for(session=session, restaurant_id=other.id, wa_id="966599999999", now=at(12, 0))
    [outcome] = scan(session, at(15, 0))
    assert outcome.status == "queued" and outcome.key == request.idempotency_key
