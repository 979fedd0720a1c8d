"""The conversation's state machine: which phase the assistant is in and what it holds.

Stored per conversation in `conversations.context` as a validated pydantic model (the column stays
JSONB so the outreach wing can still flag "a feedback request was sent" with its `awaiting` key).

    ordering:  idle → collecting → fulfilment → confirming → placed
    feedback:  idle → awaiting_comment → awaiting_rating → done
    also:      escalated (staff own it), confirming_opt_out (an unsure "stop the offers")

Every phase has a way out: a clear other intent leaves it, a question is asked at most twice in a
row (`Asked`), the state expires after the restaurant's idle time (`expire`), and resolving the
conversation resets it (`reset_conversation`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crm_res.assistant.totals import order_total
from crm_res.models import Conversation, Restaurant
from crm_res.services.options import options

MAX_ASKS = 2  # the same question at most twice in a row, then move on or offer a person
MENU = "menu"  # an offer of the menu ("تبغى أرسل لك المنيو؟"), beside offers of menu item ids


class Phase(StrEnum):
    idle = "idle"
    collecting = "collecting"  # an order started but not complete (which item? which size?)
    fulfilment = "fulfilment"  # pickup/delivery, address or branch being settled
    confirming = "confirming"  # the final summary was sent: "نعم" places it
    placed = "placed"
    awaiting_comment = "awaiting_comment"  # a feedback request was sent
    awaiting_rating = "awaiting_rating"
    done = "done"  # feedback complete
    escalated = "escalated"
    confirming_opt_out = "confirming_opt_out"


# Phases that hold nothing to resume: a new message is read on its own.
RESTING = frozenset({Phase.idle, Phase.placed, Phase.done, Phase.escalated})
ORDERING = frozenset({Phase.collecting, Phase.fulfilment, Phase.confirming})
FEEDBACK = frozenset({Phase.awaiting_comment, Phase.awaiting_rating})


# The most of one dish the assistant takes in a chat; a bigger order (catering) is the staff's.
MAX_QUANTITY = 100


class TooManyOfADish(Exception):
    """A count over MAX_QUANTITY ("ابي 150 شاورما", or a building number read as a count)."""


class Line(BaseModel):
    """One order line, priced from the menu (never from the customer or a model)."""

    menu_item_id: str
    name_ar: str
    name_en: str
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    price: Decimal
    modifications: list[str] = Field(default_factory=list)

    def as_item(self) -> dict[str, Any]:
        """The shape stored in `orders.items`."""
        return {
            "menu_item_id": self.menu_item_id,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "quantity": self.quantity,
            "price": str(self.price),
            "modifications": list(self.modifications),
        }

    @property
    def unit_price(self) -> Decimal:
        return self.price


class Draft(BaseModel):
    """An order being put together."""

    lines: list[Line] = Field(default_factory=list)
    delivery_type: Literal["pickup", "delivery"] | None = None
    mode_defaulted: bool = False  # pickup assumed (and said so in the summary)
    branch_defaulted: bool = False  # delivered from the branch of the restaurant's city (said so too)
    address: str | None = None
    location: tuple[float, float] | None = None
    scheduled_for: datetime | None = None  # the branch is closed: placed for its opening time
    # A short name several items share: the customer picks one (the parser's `ambiguous`).
    choices: list[str] = Field(default_factory=list)  # menu item ids
    choice_quantity: int = 1
    before: list[Line] = Field(default_factory=list)  # the lines before the last change ("مثل ما كانوا")
    last_changed: list[str] = Field(default_factory=list)  # menu item ids the last change touched ("خليها ٣")
    # The last reply said a dish is not on the menu (0: it did not): a dish next is instead of it,
    # this many of it ("٢ مندي فراخ" → "طب خليهم كبسة فراخ": two).
    named_back: int = 0
    # How many people the order is for, when its message said ("احنا ٤", "انا واخوي… والولاد التلاتة"):
    # "…and pepsi for everyone else" later counts from it.
    party: int | None = None
    # What the customer asked of the kitchen or the driver ("last time the fries came cold, make sure
    # they're hot"): the placed order's notes for the staff.
    notes: list[str] = Field(default_factory=list)
    # The words that said when the customer wants it ("بمر اخذهم الساعة ٨", "بعد العصر"): read into a
    # moment with the branch's clock and prayer times when the summary or the order needs it.
    wanted: str | None = None

    def total(self) -> Decimal:
        return order_total(self.lines)


class FeedbackDraft(BaseModel):
    comment: str | None = None
    sentiment: Literal["positive", "neutral", "negative"] = "neutral"
    categories: list[str] = Field(default_factory=list)
    feedback_id: str | None = None
    alerted: bool = False


class Asked(BaseModel):
    """The last question and how many turns in a row it was asked."""

    key: str = ""
    times: int = 0


class DialogueState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    phase: Phase = Phase.idle
    updated_at: datetime | None = None
    asked: Asked = Field(default_factory=Asked)
    draft: Draft | None = None
    feedback: FeedbackDraft | None = None
    misses: int = 0
    anger: int = 0
    # What our last reply offered ("تبغى أضيفه لطلبك؟": item ids; "تبغى أرسل لك المنيو؟": MENU): only
    # the customer's next message can take it.
    offer: list[str] = Field(default_factory=list)
    # The one dish a price answer named mid-order ("قديش سعر العصير البرتقال؟"): "زيدلي ٣ منو" next is
    # three of it. Only the next message can use it.
    priced: list[str] = Field(default_factory=list)
    # An address the customer gave before ordering ("انا ساكن بحي العقيق…، بتوصلوا؟"): a delivery goes there.
    known_address: str | None = None
    # How many people the customer said they are before ordering ("بدنا ناكل نحنا اربعة، شو بتنصحونا").
    known_party: int | None = None
    # How the order comes, said before ordering ("بطلب لاخوي وهو بيمر يستلمه من العليا": picked up).
    known_mode: Literal["pickup", "delivery"] | None = None
    # Written by the outreach wing when a feedback request was sent (services/outreach/feedback_requests).
    awaiting: Literal["feedback"] | None = None
    feedback_request: str | None = None
    feedback_order_id: str | None = None

    def to(self, phase: Phase) -> None:
        """Move to `phase`; a new phase starts with no question asked."""
        if phase != self.phase:
            self.asked = Asked()
        self.phase = phase

    def clear(self, phase: Phase = Phase.idle) -> None:
        """Leave whatever was in progress (draft, feedback); the anger count outlives phases (two
        angry messages in a row escalate even when the first one started feedback)."""
        self.draft, self.feedback = None, None
        self.misses = 0
        if phase == Phase.escalated:
            self.anger = 0
        self.awaiting = self.feedback_request = self.feedback_order_id = None
        self.to(phase)

    def ask(self, key: str) -> bool:
        """Record that `key` is asked now; False when it was already asked MAX_ASKS times in a row."""
        if self.asked.key == key:
            if self.asked.times >= MAX_ASKS:
                return False
            self.asked.times += 1
        else:
            self.asked = Asked(key=key, times=1)
        return True


def idle_timeout(restaurant: Restaurant) -> timedelta:
    """How long a state waits for the customer (per-restaurant setting, minutes)."""
    return timedelta(minutes=options(restaurant).conversation_idle_minutes)


def read_state(conversation: Conversation) -> DialogueState:
    """The stored state; an unreadable or pre-state-machine context reads as idle."""
    raw = dict(conversation.context or {})
    try:
        state = DialogueState.model_validate(raw)
    except ValidationError:
        state = DialogueState(awaiting=raw.get("awaiting") if raw.get("awaiting") == "feedback" else None)
    return state


def load_state(conversation: Conversation, restaurant: Restaurant, now: datetime) -> DialogueState:
    """The state a new customer message meets: expired states are idle; a sent feedback request
    (the outreach wing's flag) turns into waiting for the comment."""
    state = read_state(conversation)
    if state.phase not in RESTING and expired(state, restaurant, now):
        state.clear()
    if state.awaiting == "feedback":
        state.awaiting = None
        if state.phase in RESTING or state.phase in FEEDBACK:
            state.draft = None
            state.to(Phase.awaiting_comment)
            state.updated_at = now
    return state


def expired(state: DialogueState, restaurant: Restaurant, now: datetime) -> bool:
    return state.updated_at is not None and now - state.updated_at > idle_timeout(restaurant)


def store_state(conversation: Conversation, state: DialogueState, now: datetime) -> None:
    state.updated_at = now
    conversation.context = state.model_dump(mode="json", exclude_none=True)


def reset_conversation(conversation: Conversation) -> None:
    """Resolving a conversation: the next message starts fresh (no order, no rating question)."""
    conversation.context = {}


def phase_of(context: dict[str, Any] | None) -> str:
    """The phase name stored in a context (for the inbox and the thread's badge)."""
    value = (context or {}).get("phase") or Phase.idle.value
    return value if value in Phase.__members__ else Phase.idle.value
