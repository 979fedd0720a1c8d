"""Feedback requests: a few hours after a delivered order or a visit, ask the customer how it was.

- When: `options(restaurant).feedback_delay_hours` (2–4, default 3) after `orders.delivered_at`
  or a recorded visit; then the prayer/Ramadan hold applies (the outbox asks `services/holding`).
- Once per order or visit: the idempotency key `feedback:{order_id}` (visits:
  `feedback:visit:{customer_id}:{local date}`) is both the `feedback_requests` row's and the
  outbox row's, so a rerun of the scan, the CLI or a redelivered job sends nothing twice.
- Never to an opted-out customer; skipped when the customer already gave feedback for that order,
  or any feedback since it; refused outside the 24-hour window when the restaurant has no approved
  `feedback_request` template (sending swaps the free text for the template outside the window).
- The message goes into the customer's open conversation (a new one if none). Only once it is
  actually posted (`on_send_result`, called by the send path) is the conversation marked
  `awaiting: feedback`, so the reply is taken as feedback; a held, failed or cancelled request
  leaves the conversation as it was.
- Visits: `record_visit_for` (CLI `visit`, dashboard) records one and the scan asks later.

Every function leaves committing to the caller, and returns what to enqueue after the commit.
"""

from __future__ import annotations

import functools
import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Concatenate, ParamSpec
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, or_
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.assistant import replies
from crm_res.integrations.whatsapp import SERVICE_WINDOW
from crm_res.models import (
    Conversation,
    ConversationStatus,
    ConversationType,
    Customer,
    Feedback,
    FeedbackRequest,
    Language,
    MessageSender,
    MessageTemplate,
    Order,
    OrderStatus,
    OutboxMessage,
    Restaurant,
)
from crm_res.services.branches import find_branch
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.options import options
from crm_res.services.outbox import send_results
from crm_res.services.outbox.outbox import queue_message, text_payload
from crm_res.services.test_customers import real_customer

log = logging.getLogger(__name__)
P = ParamSpec("P")

DEFAULT_DELAY_HOURS = 3.0
MIN_DELAY_HOURS, MAX_DELAY_HOURS = 2.0, 4.0
# A request more than this late (worker down, feature just switched on) is not sent any more.
STALE_AFTER = timedelta(hours=6)
WINDOW = SERVICE_WINDOW
PURPOSE = "feedback_request"
WA_ID_RE = re.compile(r"^[1-9]\d{7,14}$")


@dataclass
class FeedbackOutcome:
    """What was done for one feedback request; `str()` is the line the CLI prints."""

    status: str  # queued | held | refused | skipped | duplicate | not_due
    line: str
    key: str = ""
    outbox_id: int | None = None
    not_before: datetime | None = None
    created: bool = False

    def __str__(self) -> str:
        return self.line

    @property
    def sends(self) -> list[tuple[int, datetime | None]]:
        """(outbox id, not before) to hand to `jobs.enqueue.enqueue_sends` after the commit."""
        if self.created and self.outbox_id is not None:
            return [(self.outbox_id, self.not_before)]
        return []


def delay_for(restaurant: Restaurant) -> timedelta:
    """How long after the order or visit the request is due (settings, clamped to 2–4 h)."""
    return options(restaurant).feedback_delay


def enabled_for(restaurant: Restaurant) -> bool:
    return options(restaurant).feedback_requests_enabled


def request_text(*, restaurant: Restaurant, customer: Customer, order_number: int | None) -> str:
    """The free-form request (inside the 24-hour window), in the customer's language and the
    restaurant's personality."""
    english = customer.language_preference == Language.en
    return replies.feedback_request(
        restaurant.name_en if english else restaurant.name_ar,
        customer.name or "",
        order_number,
        language="en" if english else "ar-SA",
        personality=restaurant.personality_type.value,
    )


def _has_template(session: Session, restaurant_id: uuid.UUID) -> bool:
    return (
        session.exec(
            select(MessageTemplate.id).where(
                MessageTemplate.restaurant_id == restaurant_id,
                MessageTemplate.purpose == PURPOSE,
                MessageTemplate.status == "approved",
            )
        ).first()
        is not None
    )


def _in_window(customer: Customer, at: datetime) -> bool:
    return customer.last_inbound_at is not None and at - customer.last_inbound_at < WINDOW


def _gave_feedback(session: Session, customer: Customer, order_id: uuid.UUID | None, since: datetime) -> bool:
    """Feedback for this order, or any feedback since the order/visit."""
    condition = col(Feedback.created_at) >= since
    if order_id is not None:
        condition = or_(condition, col(Feedback.order_id) == order_id)
    return (
        session.exec(select(Feedback.id).where(Feedback.customer_id == customer.id, condition)).first()
        is not None
    )


def _open_conversation(session: Session, customer: Customer, branch_id: uuid.UUID | None) -> Conversation:
    """The customer's open conversation, else a new one. The customer's row is locked first, as the
    webhook's ingestion does, so the two never open two conversations for one customer."""
    session.exec(select(Customer.id).where(Customer.id == customer.id).with_for_update())
    conversation = session.exec(
        select(Conversation).where(
            Conversation.customer_id == customer.id,
            col(Conversation.status).in_([ConversationStatus.active, ConversationStatus.escalated]),
        )
    ).first()
    if conversation is None:
        conversation = Conversation(
            restaurant_id=customer.restaurant_id,
            customer_id=customer.id,
            branch_id=branch_id,
            type=ConversationType.feedback,
        )
        session.add(conversation)
        session.flush()
    return conversation


def _claim_key(
    session: Session,
    *,
    restaurant_id: uuid.UUID,
    customer_id: uuid.UUID,
    key: str,
    source: str,
    order_id: uuid.UUID | None,
    branch_id: uuid.UUID | None,
    occurred_at: datetime,
    due_at: datetime,
) -> FeedbackRequest | None:
    """The request row for `key`, created now; None if it already existed (done before, or by a
    concurrent scan: the unique key decides, whoever commits first)."""
    created = session.exec(
        insert(FeedbackRequest)
        .values(
            id=uuid.uuid4(),
            restaurant_id=restaurant_id,
            customer_id=customer_id,
            order_id=order_id,
            branch_id=branch_id,
            source=source,
            idempotency_key=key,
            occurred_at=occurred_at,
            due_at=due_at,
            status="due",
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(col(FeedbackRequest.id))
    ).scalar()
    return session.get(FeedbackRequest, created) if created is not None else None


def _local(when: datetime, restaurant: Restaurant) -> str:
    return f"{when.astimezone(ZoneInfo(restaurant.timezone)):%Y-%m-%d %H:%M} ({restaurant.timezone})"


def _send(
    session: Session,
    restaurant: Restaurant,
    customer: Customer,
    request: FeedbackRequest,
    now: datetime,
    order_number: int | None,
) -> FeedbackOutcome:
    """Apply the rules to one claimed request row and queue the message; records the decision."""
    who = f"feedback request to {customer.wa_id}"
    key = request.idempotency_key

    def decided(status: str, reason: str, line: str) -> FeedbackOutcome:
        request.status, request.reason, request.updated_at = status, reason, now
        session.add(request)
        return FeedbackOutcome(status, line, key)

    if customer.opted_out:
        return decided("skipped", "opted out", f"{who} refused: opted out")
    if _gave_feedback(session, customer, request.order_id, request.occurred_at):
        return decided(
            "skipped", "feedback already given", f"{who} skipped: the customer already gave feedback"
        )
    in_window = _in_window(customer, now)
    if not in_window and not _has_template(session, restaurant.id):
        return decided(
            "skipped",
            "outside the 24-hour window and no approved feedback_request template",
            f"{who} refused: outside the 24-hour window and no approved '{PURPOSE}' template to use instead",
        )
    # `awaiting: feedback` is set when the request is actually SENT (`on_send_result`): while it is
    # held for prayer, what the customer writes is an ordinary message, not the answer to it.
    conversation = _open_conversation(session, customer, request.branch_id)
    body = request_text(restaurant=restaurant, customer=customer, order_number=order_number)
    payload = {
        "message": text_payload(customer.wa_id, body),
        "template_params": {
            "customer_name": customer.name or "",
            "restaurant_name": restaurant.name_ar,
            "order_number": str(order_number or ""),
        },
    }
    queued = queue_message(
        session=session,
        restaurant_id=restaurant.id,
        customer=customer,
        idempotency_key=key,
        kind="text",
        payload=payload,
        body_preview=body,
        purpose=PURPOSE,
        sender=MessageSender.system,
        conversation=conversation,
        not_before=now,
    )
    hold = queued.hold
    request.status, request.outbox_id, request.send_at, request.updated_at = (
        "queued",
        queued.outbox_id,
        queued.not_before,
        now,
    )
    request.reason = hold.reason if hold is not None and hold.held else None
    session.add(request)
    note = "" if in_window else f", as the '{PURPOSE}' template (outside the 24-hour window)"
    if hold is not None and hold.held:
        line, status = f"{who} {hold.describe(restaurant.timezone)}{note}", "held"
    else:
        line, status = f"{who} queued for {_local(queued.not_before, restaurant)}{note}", "queued"
    return FeedbackOutcome(status, line, key, queued.outbox_id, queued.not_before, created=queued.created)


# --------------------------------------------------------------------------- entry points


def normalise_wa_id(raw: str) -> str:
    """A WhatsApp id as Meta writes it: the international number, digits only, no "+" or "00"."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    digits = digits[1:] if digits.startswith("+") else digits[2:] if digits.startswith("00") else digits
    if not WA_ID_RE.match(digits):
        raise InvalidInput(f"not a WhatsApp number in international form: {raw!r} (e.g. 9665XXXXXXXX)")
    return digits


def _customer_by_wa(session: Session, restaurant_id: uuid.UUID, wa: str) -> Customer | None:
    return session.exec(
        select(Customer).where(Customer.restaurant_id == restaurant_id, Customer.wa_id == wa)
    ).first()


def queue_feedback_request(
    *, session: Session, restaurant_id: uuid.UUID, wa_id: str, now: datetime | None = None
) -> FeedbackOutcome:
    """Queue a feedback request to one customer now (the CLI's `feedback-request`).

    It stands for the customer's latest delivered order of the last day that had none yet, else for
    today's visit; a customer who got one in the last 24 hours is not asked again. A number the
    restaurant has not seen becomes a customer (a template is needed).
    """
    now = now or datetime.now(UTC)
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    wa = normalise_wa_id(wa_id)
    customer = _customer_by_wa(session, restaurant.id, wa)
    if customer is None:
        if not _has_template(session, restaurant.id):
            return FeedbackOutcome(
                "refused",
                f"feedback request to {wa} refused: a new customer can only get the "
                f"'{PURPOSE}' template, and the restaurant has no approved one",
            )
        customer = Customer(restaurant_id=restaurant.id, wa_id=wa)
        session.add(customer)
        session.flush()
    recent = session.exec(
        select(FeedbackRequest)
        .where(
            FeedbackRequest.customer_id == customer.id,
            col(FeedbackRequest.status).in_(["queued", "sent"]),
            col(FeedbackRequest.updated_at) >= now - WINDOW,
        )
        .order_by(col(FeedbackRequest.updated_at).desc())
    ).first()
    if recent is not None and recent.send_at is not None:  # one a day is plenty, however often it is typed
        return FeedbackOutcome(
            "duplicate",
            f"feedback request to {wa} already queued for {_local(recent.send_at, restaurant)}",
            recent.idempotency_key,
            recent.outbox_id,
            recent.send_at,
        )
    order = session.exec(
        select(Order)
        .where(
            Order.restaurant_id == restaurant.id,
            Order.customer_id == customer.id,
            Order.status == OrderStatus.delivered,
            col(Order.delivered_at) >= now - timedelta(days=1),
            ~exists().where(col(FeedbackRequest.order_id) == col(Order.id)),
        )
        .order_by(col(Order.delivered_at).desc())
    ).first()
    if order is not None:
        key, source, occurred = f"feedback:{order.id}", "order", order.delivered_at or now
    else:
        local_day = now.astimezone(ZoneInfo(restaurant.timezone)).date()
        key, source, occurred = f"feedback:visit:{customer.id}:{local_day.isoformat()}", "manual", now
    request = _claim_key(
        session,
        restaurant_id=restaurant.id,
        customer_id=customer.id,
        key=key,
        source=source,
        order_id=order.id if order else None,
        branch_id=order.branch_id if order else None,
        occurred_at=occurred,
        due_at=now,
    )
    if request is None:
        existing = session.exec(select(FeedbackRequest).where(FeedbackRequest.idempotency_key == key)).one()
        if existing.status in ("queued", "sent") and existing.send_at is not None:
            line = f"feedback request to {wa} already queued for {_local(existing.send_at, restaurant)}"
        else:
            line = f"feedback request to {wa} already handled today: {existing.status} ({existing.reason or '-'})"
        return FeedbackOutcome("duplicate", line, key, existing.outbox_id, existing.send_at)
    return _send(session, restaurant, customer, request, now, order.number if order else None)


def record_visit(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    customer_id: uuid.UUID,
    branch_id: uuid.UUID | None = None,
    visited_at: datetime | None = None,
) -> FeedbackRequest | None:
    """Record a dine-in visit: a feedback request becomes due `feedback_delay_hours` later (one per
    customer and local day). Returns the new request row, or None if that day's already exists."""
    visited_at = visited_at or datetime.now(UTC)
    restaurant = session.get(Restaurant, restaurant_id)
    customer = session.get(Customer, customer_id)
    if restaurant is None or customer is None or customer.restaurant_id != restaurant_id:
        raise NotFound("no such customer at this restaurant")
    local_day = visited_at.astimezone(ZoneInfo(restaurant.timezone)).date()
    return _claim_key(
        session,
        restaurant_id=restaurant_id,
        customer_id=customer_id,
        key=f"feedback:visit:{customer_id}:{local_day.isoformat()}",
        source="visit",
        order_id=None,
        branch_id=branch_id,
        occurred_at=visited_at,
        due_at=visited_at + delay_for(restaurant),
    )


def queue_due_feedback_requests(
    *, session: Session, now: datetime | None = None, limit: int = 500, max_batches: int = 20
) -> list[FeedbackOutcome]:
    """The periodic scan: requests for orders delivered `feedback_delay_hours` ago, and for visits
    now due. Each one is decided in a savepoint of its own, so one bad row does not stop the rest.

    The due window (due, and not more than STALE_AFTER late) is applied in SQL, per delay, so every
    order a batch selects is decided and claimed: a busy hour (more than `limit` orders) is worked
    through in batches instead of the same oldest rows being read and skipped on every run."""
    now = now or datetime.now(UTC)
    restaurants = {
        r.id: r
        for r in session.exec(select(Restaurant).where(col(Restaurant.deleted_at).is_(None))).all()
        if enabled_for(r)
    }
    if not restaurants:
        return []
    outcomes: list[FeedbackOutcome] = []
    by_delay: dict[timedelta, list[uuid.UUID]] = defaultdict(list)
    for restaurant in restaurants.values():
        by_delay[delay_for(restaurant)].append(restaurant.id)
    due_window = or_(
        *[
            and_(
                col(Order.restaurant_id).in_(ids),
                col(Order.delivered_at) <= now - delay,
                col(Order.delivered_at) >= now - delay - STALE_AFTER,
            )
            for delay, ids in by_delay.items()
        ]
    )
    for _ in range(max_batches):
        orders = session.exec(
            select(Order)
            .where(
                Order.status == OrderStatus.delivered,
                due_window,
                ~exists().where(col(FeedbackRequest.order_id) == col(Order.id)),
                real_customer(Order.customer_id),  # never the simulator's test customers
            )
            .order_by(col(Order.delivered_at))
            .limit(limit)
        ).all()
        for order in orders:
            restaurant = restaurants[order.restaurant_id]
            assert order.delivered_at is not None
            due = order.delivered_at + delay_for(restaurant)
            outcome = _decide_safely(session, restaurant, order=order, request=None, due=due, now=now)
            if outcome is not None:
                outcomes.append(outcome)
        if len(orders) < limit:
            break
    visits = session.exec(
        select(FeedbackRequest)
        .where(
            FeedbackRequest.status == "due",
            col(FeedbackRequest.due_at) <= now,
            col(FeedbackRequest.restaurant_id).in_(list(restaurants)),
        )
        .order_by(col(FeedbackRequest.due_at))
        .limit(limit * max_batches)
        .with_for_update(skip_locked=True)
    ).all()
    for request in visits:
        outcome = _decide_safely(
            session,
            restaurants[request.restaurant_id],
            order=None,
            request=request,
            due=request.due_at,
            now=now,
        )
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def _each_in_a_savepoint(
    decide: Callable[Concatenate[Session, P], FeedbackOutcome | None],
) -> Callable[Concatenate[Session, P], FeedbackOutcome | None]:
    """One decision in a savepoint of its own: a failure is logged and undone, and the scan goes on."""

    @functools.wraps(decide)
    def safely(session: Session, *args: P.args, **kwargs: P.kwargs) -> FeedbackOutcome | None:
        try:
            with session.begin_nested():
                return decide(session, *args, **kwargs)
        except Exception:
            order, request = kwargs.get("order"), kwargs.get("request")
            log.exception("feedback request for %s failed", order.id if order else request and request.id)  # type: ignore[attr-defined]  # an Order or a FeedbackRequest
            return None

    return safely


@_each_in_a_savepoint
def _decide_safely(
    session: Session,
    restaurant: Restaurant,
    *,
    order: Order | None,
    request: FeedbackRequest | None,
    due: datetime,
    now: datetime,
) -> FeedbackOutcome | None:
    if order is not None:
        request = _claim_key(
            session,
            restaurant_id=restaurant.id,
            customer_id=order.customer_id,
            key=f"feedback:{order.id}",
            source="order",
            order_id=order.id,
            branch_id=order.branch_id,
            occurred_at=order.delivered_at or due,
            due_at=due,
        )
        if request is None:
            return None  # another scan got there first
    assert request is not None
    customer = session.get(Customer, request.customer_id)
    if customer is None:
        return None
    if customer.is_test:  # the simulator's test customer: no follow-up, nothing to count
        request.status, request.reason, request.updated_at = "skipped", "test customer", now
        session.add(request)
        return FeedbackOutcome(
            "skipped", f"feedback request to {customer.wa_id} skipped: test customer", request.idempotency_key
        )
    if now - request.due_at > STALE_AFTER:
        request.status, request.reason, request.updated_at = "skipped", "too late", now
        session.add(request)
        return FeedbackOutcome(
            "skipped", f"feedback request to {customer.wa_id} skipped: too late", request.idempotency_key
        )
    return _send(session, restaurant, customer, request, now, order.number if order else None)


# --------------------------------------------------------------------------- visits (CLI, dashboard)


@dataclass
class VisitOutcome:
    """A recorded visit; `str()` is the line the CLI prints."""

    line: str
    customer_id: uuid.UUID
    due_at: datetime | None  # when the feedback request is due (None: that day's visit was recorded before)
    created: bool

    def __str__(self) -> str:
        return self.line


def record_visit_for(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    wa_id: str | None = None,
    customer_id: uuid.UUID | None = None,
    branch: str | uuid.UUID | None = None,
    now: datetime | None = None,
) -> VisitOutcome:
    """Record a dine-in visit of a customer (by WhatsApp number or id) and schedule its feedback
    request `feedback_delay_hours` later (the periodic scan sends it then, under the usual rules).

    For the CLI's `visit` and the dashboard's customers page. A number the restaurant has not seen
    becomes a customer only when it has an approved `feedback_request` template (the request will
    be outside the 24-hour window). Raises NotFound/InvalidInput with a clear message.
    """
    now = now or datetime.now(UTC)
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    if customer_id is not None:
        customer = session.get(Customer, customer_id)
        if customer is None or customer.restaurant_id != restaurant.id:
            raise NotFound("no such customer at this restaurant")
    elif wa_id is not None:
        wa = normalise_wa_id(wa_id)
        customer = _customer_by_wa(session, restaurant.id, wa)
        if customer is None:
            if not _has_template(session, restaurant.id):
                raise InvalidInput(
                    f"{wa} is not a customer of this restaurant yet, and it has no approved "
                    f"'{PURPOSE}' template to ask a new number for feedback"
                )
            customer = Customer(restaurant_id=restaurant.id, wa_id=wa)
            session.add(customer)
            session.flush()
    else:
        raise InvalidInput("say whose visit it is: a WhatsApp number or a customer")
    branch_row = find_branch(session, restaurant.id, branch) if branch is not None else None
    request = record_visit(
        session=session,
        restaurant_id=restaurant.id,
        customer_id=customer.id,
        branch_id=branch_row.id if branch_row else None,
        visited_at=now,
    )
    where = f" at {branch_row.name_en}" if branch_row else ""
    if request is None:
        return VisitOutcome(
            f"visit of {customer.wa_id}{where} already recorded today; one feedback request per day",
            customer.id,
            None,
            False,
        )
    line = f"visit of {customer.wa_id}{where} recorded; feedback request due {_local(request.due_at, restaurant)}"
    if customer.opted_out:
        line += " (the customer opted out: it will not be sent)"
    return VisitOutcome(line, customer.id, request.due_at, True)


# --------------------------------------------------------------------------- the send path's hook


@send_results.listen(PURPOSE)
def on_send_result(*, session: Session, row: OutboxMessage, sent: bool) -> None:
    """Heard from the sender (`outbox/send_results.py`) when an outbox row was posted (`sent`), or failed or was
    cancelled (not `sent`); does something only for feedback requests.

    Sent: the conversation now awaits the customer's feedback, so their next message is read as
    the answer. Not sent: nothing awaits it (a flag left by an older queue-time version is
    cleared), and the request row says what happened. The caller commits.
    """
    if row.purpose != PURPOSE:
        return
    now = datetime.now(UTC)
    key = row.idempotency_key
    request = session.exec(select(FeedbackRequest).where(FeedbackRequest.idempotency_key == key)).first()
    if row.conversation_id is not None:
        conversation = session.exec(
            select(Conversation).where(Conversation.id == row.conversation_id).with_for_update()
        ).first()
        if conversation is not None:
            context = dict(conversation.context or {})
            if sent:
                context.update(awaiting="feedback", feedback_request=key)
                if request is not None and request.order_id is not None:
                    context["feedback_order_id"] = str(request.order_id)
            elif context.get("feedback_request") == key:
                for name in ("awaiting", "feedback_request", "feedback_order_id"):
                    context.pop(name, None)
            conversation.context = context
            session.add(conversation)
    if request is not None:
        request.status = (
            "sent" if sent else str(getattr(row.status, "value", row.status))
        )  # failed | cancelled
        if not sent:
            request.reason = (row.last_error or request.reason or "")[:500] or None
        request.updated_at = now
        session.add(request)
