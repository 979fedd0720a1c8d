"""Random conversations against the real engine on real Postgres (Hypothesis stateful testing).

Customers greet, order, confirm, rate, ask, write nonsense, opt out and in, go quiet for a while;
staff resolve. After every step the invariants of the conversation engine must hold."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlmodel import Session, col, select

from crm_res.assistant import replies
from crm_res.assistant.intent import is_confirmation
from crm_res.models import (
    Branch,
    Conversation,
    Customer,
    Handler,
    Message,
    MessageDirection,
    MessageSender,
    Order,
)
from tests.fixtures.channel import ALWAYS_OPEN as ALWAYS
from tests.fixtures.channel import replies_since
from tests.fixtures.people import add_user

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)  # noon in Riyadh, not Ramadan

GREETINGS = ["السلام عليكم", "هلا", "مرحبا", "hi", "السلام عليكم مرة ثانية"]
ORDERS = [
    "ابغى اطلب برجر مع بطاطس",
    "2 برجر وبيبسي",
    "ابغى شاورما دجاج توصيل",
    "2 burgers and a pepsi please",
    "ابغى برجر استلام",
    "ابغى شاورما",
]
CONFIRMATIONS = ["نعم", "ايوه", "تمام", "yes", "لا"]
RATINGS = ["3", "٥", "1", "4"]
QUESTIONS = ["متى تفتحون؟", "وين موقعكم", "وش عندكم في المنيو", "وين طلبي؟", "شكراً"]
FEEDBACK = ["الأكل كان لذيذ بس الخدمة بطيئة شوي", "الأكل لذيذ جداً", "الطلب وصل بارد"]
NONSENSE = ["سيبسيب قوقو", "ززز", "qwpoe zz", "؟؟", "123456789", "حي الملقا شارع ١٢"]
OPT = ["STOP", "اشتراك", "وقفوا رسائل العروض كثير"]
# An order changed after its summary, questions mid-order, what only staff can grant.
CHANGES = [
    "زود بيبسي",
    "شيل البيبسي",
    "وبطاطس",
    "خليها ٣",
    "make it 99",
    "كم سعر الكنافة؟",
    "عندكم سوشي؟",
    "لا شكرا",
    "غير الفرع للتحلية",
    "كم ياخذ وقت؟",
    "الغي طلبي",
    "ابي استرجاع فلوسي",
]
TAPS = [
    ("confirm_yes", "نعم ✅"),
    ("confirm_no", "لا ❌"),
    ("mode_delivery", "توصيل 🛵"),
    ("rate_5", "⭐⭐⭐⭐⭐ 5"),
    ("optout_yes", "نعم"),
]
RATING_QUESTIONS = {replies.ask_rating(language=lang, personality="casual") for lang in replies.LANGUAGES}


class Conversations(RuleBasedStateMachine):
    session: Session

    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.rating_asked_in_a_row = 0
        self.last_wait: timedelta | None = None

    @initialize()
    def open_restaurant(self) -> None:
        from crm_res.models import Role
        from crm_res.services.admin import menu as menu_service
        from crm_res.services.admin import restaurants as restaurant_service
        from crm_res.services.ops.demo_menu import DEMO_MENU

        s = self.session
        self.restaurant = restaurant_service.create_restaurant(
            session=s,
            name_ar="مطعم الخصائص",
            name_en="Property Kitchen",
            phone_number_id=f"pn-{uuid.uuid4().hex[:10]}",
            city="Riyadh",
            settings={},
        )
        s.add(
            Branch(
                restaurant_id=self.restaurant.id,
                name_ar="فرع العليا",
                name_en="Olaya Branch",
                city="Riyadh",
                lat=24.69,
                lng=46.68,
                operating_hours=ALWAYS,
            )
        )
        menu_service.upsert_menu(
            session=s, restaurant_id=self.restaurant.id, rows=[dict(r) for r in DEMO_MENU]
        )
        self.customer = Customer(
            restaurant_id=self.restaurant.id,
            wa_id=f"9665{uuid.uuid4().int % 10**8:08d}",
            last_inbound_at=START,
        )
        s.add(self.customer)
        s.flush()
        self.conversation = Conversation(restaurant_id=self.restaurant.id, customer_id=self.customer.id)
        s.add(self.conversation)
        owner = add_user(
            s, self.restaurant.id, f"{uuid.uuid4().hex[:8]}@p.sa", Role.owner, password="password-123"
        )
        from crm_res.services.accounts.users import viewer_for

        self.viewer = viewer_for(owner)
        s.flush()
        self.seen = 0

    # -- the customer and the staff
    def _send(self, body: str, payload: dict[str, Any] | None = None) -> None:
        from crm_res.services.dialogue.inbound import handle_inbound
        from crm_res.services.dialogue.states import Phase, read_state

        s = self.session
        self.now += timedelta(minutes=1)
        s.refresh(self.conversation)
        staff_owned = self.conversation.handled_by == Handler.staff
        before = read_state(self.conversation).phase
        orders_before = self._order_count()
        m = Message(
            restaurant_id=self.restaurant.id,
            conversation_id=self.conversation.id,
            direction=MessageDirection.inbound,
            sender=MessageSender.customer,
            type="interactive" if payload else "text",
            body=body,
            payload=payload or {},
            wa_message_id=f"wamid.prop.{uuid.uuid4().hex}",
        )
        s.add(m)
        s.flush()
        handle_inbound(session=s, message_id=m.id, now=self.now)
        s.flush()
        out = [r.body or "" for r in s.exec(replies_since(self.conversation.id, self.seen))]
        last = s.exec(
            select(Message.id)
            .where(Message.conversation_id == self.conversation.id)
            .order_by(col(Message.id).desc())
        ).first()
        self.seen = last or self.seen
        # A reply to every message, or a deliberate silence: staff own the conversation.
        assert out or staff_owned, f"no reply to {body!r}"
        # An order is placed only by an explicit yes to the final summary.
        placed = self._order_count() - orders_before
        if placed:
            tapped = (payload or {}).get("reply_id") in ("confirm_yes", "schedule_yes")
            assert placed == 1 and before == Phase.confirming and (tapped or is_confirmation(body)), body
        # The rating question is never asked three turns in a row.
        asked = any(q in text for text in out for q in RATING_QUESTIONS)
        self.rating_asked_in_a_row = self.rating_asked_in_a_row + 1 if asked else 0
        assert self.rating_asked_in_a_row < 3
        self.last_out = out
        self.last_sent = (body, payload)

    @rule()
    def say_it_again(self) -> None:
        """Customers repeat themselves: the same text (or tap) once more."""
        if getattr(self, "last_sent", None):
            self._send(*self.last_sent)

    def _order_count(self) -> int:
        return len(
            self.session.exec(select(Order.id).where(Order.conversation_id == self.conversation.id)).all()
        )

    @rule(text=st.sampled_from(GREETINGS + QUESTIONS))
    def greet_or_ask(self, text: str) -> None:
        self._send(text)

    @rule(text=st.sampled_from(ORDERS))
    def order(self, text: str) -> None:
        self._send(text)

    @rule(text=st.sampled_from(CONFIRMATIONS + RATINGS))
    def answer(self, text: str) -> None:
        self._send(text)

    @rule(text=st.sampled_from(FEEDBACK + NONSENSE))
    def comment_or_nonsense(self, text: str) -> None:
        self._send(text)

    @rule(text=st.sampled_from(CHANGES))
    def change_or_ask_mid_order(self, text: str) -> None:
        self._send(text)

    @rule(text=st.sampled_from(OPT))
    def opt_out_or_in(self, text: str) -> None:
        self._send(text)

    @rule(tap=st.sampled_from(TAPS))
    def tap(self, tap: tuple[str, str]) -> None:
        reply_id, title = tap
        self._send(title, {"interactive_type": "button_reply", "reply_id": reply_id, "reply_title": title})

    @rule(minutes=st.integers(min_value=5, max_value=180))
    def go_quiet(self, minutes: int) -> None:
        """No state outlives its timeout: after the idle time a stored state reads as resting."""
        from crm_res.services.dialogue.states import RESTING, idle_timeout, load_state, read_state

        self.now += timedelta(minutes=minutes)
        self.session.refresh(self.conversation)
        stored = read_state(self.conversation)
        if stored.updated_at is not None and self.now - stored.updated_at > idle_timeout(self.restaurant):
            assert load_state(self.conversation, self.restaurant, self.now).phase in RESTING

    @rule()
    def staff_resolve(self) -> None:
        """A resolved conversation starts fresh: no order or rating question resumes."""
        from crm_res.services.dialogue.states import Phase, read_state
        from crm_res.services.inbox import conversations as conv_service

        conv_service.resolve(session=self.session, viewer=self.viewer, conversation_id=self.conversation.id)
        self.session.flush()
        self.session.refresh(self.conversation)
        assert read_state(self.conversation).phase == Phase.idle
        self.rating_asked_in_a_row = 0

    # -- what always holds
    @invariant()
    def no_question_asked_three_times_in_a_row(self) -> None:
        from crm_res.services.dialogue.states import MAX_ASKS, read_state

        if hasattr(self, "conversation"):
            assert read_state(self.conversation).asked.times <= MAX_ASKS

    @invariant()
    def the_stored_state_reads_back_as_stored(self) -> None:
        """No change leaves a state its own model refuses (read back, it would silently be idle)."""
        from crm_res.services.dialogue.states import DialogueState

        if hasattr(self, "conversation"):
            DialogueState.model_validate(self.conversation.context or {})

    @invariant()
    def totals_equal_the_sum_of_the_lines(self) -> None:
        if not hasattr(self, "conversation"):
            return
        for order in self.session.exec(select(Order).where(Order.conversation_id == self.conversation.id)):
            lines = sum((Decimal(i["price"]) * i["quantity"] for i in order.items), Decimal(0))
            assert order.total_amount == lines and order.items


def test_random_conversations_keep_the_engine_invariants(session):  # type: ignore[no-untyped-def]
    """Random customer/staff sequences: a reply or a deliberate silence every time, no question three times
    in a row, no state past its timeout, orders only after an explicit yes, fresh after resolve, exact totals."""
    from crm_res.services.dialogue import data

    data.clear_cache()

    class Machine(Conversations):
        pass

    Machine.session = session
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=20,
            stateful_step_count=14,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        ),
    )
    data.clear_cache()
