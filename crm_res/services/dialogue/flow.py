"""The assistant's next step for a customer message: feedback, ordering, support, escalation.

Decisions come from the rule-based understanding in `crm_res.assistant` (always available) or,
when `LLM_API_KEY` is set, from the LLM gateway, falling back to the rules when every model fails.
Flow state (a draft order awaiting confirmation, a rating being asked for) lives in
`conversation.context`. Side effects are rows in this transaction; jobs are returned for after commit.
"""

from __future__ import annotations

import logging
import math
import secrets
import string
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.assistant import replies
from crm_res.assistant.intent import IntentResult, classify_intent, is_confirmation, is_rejection
from crm_res.assistant.language import detect_language
from crm_res.assistant.normalize import normalize, to_ascii_digits
from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, parse_order
from crm_res.assistant.ratings import parse_rating
from crm_res.assistant.sentiment import analyze_sentiment, is_strong_anger
from crm_res.assistant.totals import order_total
from crm_res.models import (
    Branch,
    ConversationType,
    DiscountCode,
    Event,
    Feedback,
    Language,
    MenuItem,
    Order,
    OrderStatus,
    Sentiment,
)
from crm_res.services.admin.restaurant_defaults import DEFAULT_DISCOUNT_PERCENT, DEFAULT_DISCOUNT_VALID_DAYS
from crm_res.services.dashboard.conversations import escalate
from crm_res.services.hours import current_hours, hours_text, is_open, next_opening
from crm_res.services.notifications import notify_staff
from crm_res.services.outreach.feedback_alerts import queue_negative_feedback_alerts

if TYPE_CHECKING:
    from crm_res.services.channel.inbound import InboundContext

log = logging.getLogger(__name__)
LOW_CONFIDENCE = 0.45
ETA_MINUTES = 20


@dataclass
class Reply:
    body: str
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (id, title), ≤ 3
    rows: list[tuple[str, str]] = field(default_factory=list)  # list message rows, ≤ 10
    list_button: str = ""


@dataclass
class FlowResult:
    replies: list[Reply] = field(default_factory=list)
    jobs: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)  # (dotted job, args)
    sends: list[tuple[int, datetime | None]] = field(default_factory=list)  # other outbox rows (alerts)


# --------------------------------------------------------------------------- data helpers


# Menus and branches change rarely and are read on every message: a short per-process cache
# (a menu edit reaches the assistant within CACHE_SECONDS).
CACHE_SECONDS = 10.0
_cache: dict[tuple[str, Any], tuple[float, list[Any]]] = {}


def _cached(kind: str, restaurant_id: Any, load: Any) -> list[Any]:
    hit = _cache.get((kind, restaurant_id))
    now = time.monotonic()
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    rows = load()
    _cache[(kind, restaurant_id)] = (now, rows)
    return rows


def _menu(session: Session, restaurant_id: Any) -> list[MenuItem]:
    def load() -> list[MenuItem]:
        rows = list(session.exec(select(MenuItem).where(MenuItem.restaurant_id == restaurant_id)
                                 .order_by(MenuItem.category, MenuItem.sort_order)))  # fmt: skip
        for row in rows:
            session.expunge(row)  # detached copies: safe to keep across sessions (read-only use)
        return rows

    return _cached("menu", restaurant_id, load)


def _entries(menu: list[MenuItem]) -> list[MenuEntry]:
    return [MenuEntry(key=str(m.id), name_ar=m.name_ar, name_en=m.name_en, price=m.price, available=m.available)
            for m in menu]  # fmt: skip


def _branches(session: Session, restaurant_id: Any) -> list[Branch]:
    def load() -> list[Branch]:
        rows = list(session.exec(select(Branch).where(Branch.restaurant_id == restaurant_id, Branch.is_active,
                                                      Branch.deleted_at.is_(None))  # type: ignore[union-attr]
                                 .order_by(Branch.created_at)))  # fmt: skip
        for row in rows:
            session.expunge(row)
        return rows

    return _cached("branches", restaurant_id, load)


def clear_cache() -> None:
    _cache.clear()


def _reply_branches(branches: list[Branch], english: bool, now: datetime, tz: str) -> list[replies.Branch]:
    return [replies.Branch(name=b.name_en if english else b.name_ar, city=b.city,
                           hours=hours_text(current_hours(b.operating_hours, b.ramadan_hours, now, tz)),
                           lat=b.lat, lng=b.lng) for b in branches]  # fmt: skip


def _lines_for_reply(lines: list[dict[str, Any]], english: bool) -> list[replies.OrderLine]:
    return [replies.OrderLine(name=line["name_en"] if english else line["name_ar"], quantity=line["quantity"],
                              unit_price=Decimal(line["price"]), modifications=tuple(line["modifications"]))
            for line in lines]  # fmt: skip


def _next_order_number(session: Session, restaurant_id: Any) -> int:
    # The restaurant row lock serialises numbering per restaurant (short, human-friendly numbers).
    session.exec(text("SELECT 1 FROM restaurants WHERE id = :r FOR UPDATE"), params={"r": restaurant_id})  # type: ignore[call-overload]
    current = session.exec(
        text("SELECT coalesce(max(number), 1000) FROM orders WHERE restaurant_id = :r"),  # type: ignore[call-overload]
        params={"r": restaurant_id},
    ).scalar()
    return int(current) + 1


def _discount_code(session: Session, ctx: InboundContext, feedback: Feedback) -> DiscountCode | None:
    settings = ctx.restaurant.settings or {}
    if not settings.get("discount_enabled"):
        return None
    alphabet = string.ascii_uppercase + string.digits
    prefix = "".join(ch for ch in ctx.restaurant.name_en.upper() if ch.isalpha())[:3] or "CRM"
    for _ in range(5):
        code = f"{prefix}-{''.join(secrets.choice(alphabet) for _ in range(6))}"
        exists = session.exec(select(DiscountCode).where(DiscountCode.restaurant_id == ctx.restaurant.id,
                                                         DiscountCode.code == code)).first()  # fmt: skip
        if not exists:
            break
    discount = DiscountCode(
        restaurant_id=ctx.restaurant.id, customer_id=ctx.customer.id, feedback_id=feedback.id, code=code,
        percent=int(settings.get("discount_percent", DEFAULT_DISCOUNT_PERCENT)),
        valid_until=datetime.now(UTC)
        + timedelta(days=int(settings.get("discount_valid_days", DEFAULT_DISCOUNT_VALID_DAYS))),
    )  # fmt: skip
    session.add(discount)
    return discount


# --------------------------------------------------------------------------- the flow

# Stages of an order in progress (conversation.context["stage"]); every one of them accepts a
# cancel, an escalation request and a shared location.
ORDER_STAGES = frozenset({"ask_mode", "ask_address", "choose_branch", "closed_offer", "confirm_order"})
_DELIVERY_WORDS = ("توصيل", "وصلوه", "وصلوها", "وصلها", "وصله", "delivery", "deliver", "دليفري", "ديليفري")
_PICKUP_WORDS = ("استلام", "استلم", "بستلم", "باخذه", "pickup", "pick up", "pick-up", "takeaway", "take away",
                 "سفري", "من الفرع", "collect")  # fmt: skip
EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance: degrees of longitude shrink with cos(latitude)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_branch(branches: list[Branch], lat: float, lng: float) -> Branch | None:
    located = [b for b in branches if b.lat is not None and b.lng is not None]
    return min(located, key=lambda b: distance_km(lat, lng, b.lat, b.lng), default=None)  # type: ignore[arg-type]


def stated_mode(text: str) -> str | None:
    """'delivery' / 'pickup' when the message says so, else None (then we ask)."""
    low = normalize(text)
    if any(normalize(w) in low for w in _DELIVERY_WORDS):
        return "delivery"
    if any(normalize(w) in low for w in _PICKUP_WORDS):
        return "pickup"
    return None


class Flow:
    """One customer message being answered."""

    def __init__(self, session: Session, ctx: InboundContext, now: datetime) -> None:
        self.session, self.ctx, self.now = session, ctx, now
        payload = ctx.message.payload or {}
        self.location: tuple[float, float] | None = None
        if ctx.message.type == "location" and payload.get("latitude") is not None:
            self.location = (float(payload["latitude"]), float(payload.get("longitude") or 0.0))
        # A location's body is its place name ("Riyadh Park"): never read it as words.
        self.text = "" if ctx.message.type == "location" else (ctx.message.body or "").strip()
        self.reply_id: str = str(payload.get("reply_id") or "")
        self.context: dict[str, Any] = dict(ctx.conversation.context or {})
        self.result = FlowResult()
        self.kw = {"language": ctx.language, "personality": ctx.personality}
        self.english = ctx.language == "en"
        self._intent: IntentResult | None = None
        self._interrupt_checked = False  # the LLM path checks before the model, run() must not count twice

    def say(self, body: str, **extra: Any) -> None:
        self.result.replies.append(Reply(body, **extra))

    def save(self) -> None:
        self.ctx.conversation.context = self.context
        self.session.add(self.ctx.conversation)

    def intent(self) -> IntentResult | None:
        if self._intent is None and self.text:
            self._intent = classify_intent(self.text)
        return self._intent

    # -- entry point
    def run(self) -> FlowResult:
        self.update_language()
        if not self._interrupt():
            stage = self.context.get("stage")
            handled = False
            if stage in ORDER_STAGES:
                handled = self._order_stage(stage)
            elif stage == "await_rating":
                handled = self._rating()
            elif self.context.get("awaiting") == "feedback" and self.text:
                handled = self._feedback(from_request=True)
            if not handled:
                self._by_intent()
        self.save()
        return self.result

    def update_language(self) -> None:
        """Store the language/dialect the customer writes in (both the rules and the LLM path)."""
        if sum(ch.isalpha() for ch in self.text) < 3:
            return
        detected = detect_language(self.text)
        if detected != self.ctx.customer.language_preference.value:
            self.ctx.customer.language_preference = Language(detected)
            self.session.add(self.ctx.customer)
            self.kw["language"] = detected
            self.english = detected == "en"

    def _interrupt(self) -> bool:
        """What overrides any stage: a request for a person, anger, cancelling an order (checked once)."""
        if self._interrupt_checked or not self.text:
            return False
        self._interrupt_checked = True
        stage = self.context.get("stage")
        decision = self.intent()
        # An address may contain words like "رقم" and "احد": don't read it as a request for a person.
        address_like = stage == "ask_address" and any(ch.isdigit() for ch in to_ascii_digits(self.text))
        if decision is not None and decision.intent == "escalation" and not address_like:
            self._escalate("customer asked for a person")
            return True
        if self._anger():
            return True
        if stage in ORDER_STAGES and (
            is_rejection(self.text) or self.reply_id in ("confirm_no", "schedule_no")
        ):
            self._clear_order()
            self.say(replies.order_cancelled(**self.kw))
            return True
        return False

    def _anger(self) -> bool:
        """Two negative messages in a row, or one insult/threat, hand the customer to a person."""
        rating_answer = parse_rating(self.text) is not None and len(self.text) <= 12
        if rating_answer:
            return False  # answering our rating question is not a new outburst
        strong = is_strong_anger(self.text)
        if analyze_sentiment(self.text).sentiment == "negative" or strong:
            self.context["anger"] = int(self.context.get("anger", 0)) + 1
        else:
            self.context.pop("anger", None)
            return False
        if not strong and self.context["anger"] < 2:
            return False
        self._keep_feedback_in_progress()
        self._escalate("angry customer" if strong else "repeated anger")
        return True

    def _by_intent(self) -> None:
        decision = self.intent()
        intent = decision.intent if decision else "other"
        confidence = decision.confidence if decision else 0.0
        self.ctx.conversation.ai_confidence = Decimal(str(round(min(max(confidence, 0), 1), 2)))
        if self.location is not None:
            return self._location_shared()
        if intent != "other" and intent != "escalation":
            self.context.pop("misses", None)
        match intent:
            case "escalation":
                self._escalate("customer asked for a person")
            case "order":
                if not self._order():
                    self._miss(confidence)
            case "order_status":
                self._order_status()
            case "feedback":
                self._feedback(from_request=False)
            case "support":
                self._support(decision.topic if decision else None)
            case "greeting":
                name = self.ctx.restaurant.name_en if self.english else self.ctx.restaurant.name_ar
                self.say(replies.greeting(name, **self.kw))
            case "thanks":
                self.say(replies.thanks(**self.kw))
            case _:
                if self._order():
                    return
                self._miss(confidence)

    def _miss(self, confidence: float) -> None:
        """Not understood: say so once; twice in a row (low confidence) hands over to staff."""
        self.context["misses"] = int(self.context.get("misses", 0)) + 1
        if self.context["misses"] >= 2 or (confidence < LOW_CONFIDENCE / 2 and self.context["misses"] > 1):
            self._escalate("low confidence")
        else:
            self.say(replies.fallback_didnt_understand(**self.kw))

    def _escalate(self, reason: str) -> None:
        self._keep_feedback_in_progress()
        escalate(session=self.session, conversation=self.ctx.conversation, reason=reason)
        name = self.ctx.customer.name or self.ctx.customer.wa_id
        notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="escalation",
                     title=f"تصعيد: {name}", body=self.text[:300],
                     link=f"/conversation?id={self.ctx.conversation.id}",
                     branch_id=self.ctx.conversation.branch_id)  # fmt: skip
        # Staff take it from here: no half-finished order or rating question is left to resume.
        for key in ("misses", "anger", "stage", "draft", "flow", "comment", "sentiment", "categories", "alerted",
                    "feedback_id", "feedback_order_id", "feedback_request", "awaiting"):  # fmt: skip
            self.context.pop(key, None)
        self.say(replies.escalated_to_staff(**self.kw))

    # -- ordering
    def _clear_order(self) -> None:
        self.context = {k: v for k, v in self.context.items() if k not in ("stage", "draft", "flow")}

    def _order(self) -> bool:
        menu = _menu(self.session, self.ctx.restaurant.id)
        parsed: ParsedOrder = parse_order(self.text, _entries(menu))
        if not parsed.lines:
            names = [e.name_en if self.english else e.name_ar for e in parsed.unavailable] + parsed.unknown
            if names:
                self.say(replies.unknown_items(names, **self.kw))
                return True
            return False
        lines = [{"menu_item_id": line.menu_item_key, "name_ar": line.name_ar, "name_en": line.name_en,
                  "quantity": line.quantity, "price": str(line.unit_price),
                  "modifications": list(line.modifications)} for line in parsed.lines]  # fmt: skip
        previous = (self.context.get("draft") or {}) if self.context.get("stage") in ORDER_STAGES else {}
        draft = {"lines": lines, "delivery_type": stated_mode(self.text) or previous.get("delivery_type")}
        for key in ("address", "location"):  # a corrected order keeps where it goes
            if previous.get(key):
                draft[key] = previous[key]
        self.context.update({"flow": "order", "draft": draft})
        self.ctx.conversation.type = ConversationType.order
        skipped = [e.name_en if self.english else e.name_ar for e in parsed.unavailable] + parsed.unknown
        if skipped:
            self.say(replies.unknown_items(skipped, **self.kw))
        self.say(replies.order_summary(_lines_for_reply(lines, self.english), **self.kw))
        self._advance()
        return True

    def _advance(self) -> None:
        """Ask for the next missing piece of the order (mode, address, branch), then confirmation."""
        draft = self.context["draft"]
        if not draft.get("delivery_type"):
            self.context["stage"] = "ask_mode"
            buttons = ([("mode_pickup", "Pickup 🏃"), ("mode_delivery", "Delivery 🛵")] if self.english
                       else [("mode_pickup", "استلام 🏃"), ("mode_delivery", "توصيل 🛵")])  # fmt: skip
            self.say(replies.ask_delivery_mode(**self.kw), buttons=buttons)
            return
        if draft["delivery_type"] == "delivery" and not draft.get("address"):
            self.context["stage"] = "ask_address"
            self.say(replies.ask_address(**self.kw))
            return
        branches = _branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(branches)
        if branch is None:
            if not branches:
                self._escalate("no branch configured")
                return
            self.context["stage"] = "choose_branch"
            self._ask_branch(branches)
            return
        tz = self.ctx.restaurant.timezone
        if not is_open(branch.operating_hours, self.now, tz, branch.ramadan_hours):
            opens = next_opening(branch.operating_hours, self.now, tz, branch.ramadan_hours)
            if opens is None:
                self.say(replies.closed_no_hours(**self._lang()))
                self._clear_order()
                return
            when = replies.opening_time(opens, local_now(self.now, tz).date(), **self._lang())
            self.say(replies.closed_until(self._name(branch), when, **self.kw))
            draft["scheduled_for"] = opens.isoformat()
            self.context["stage"] = "closed_offer"
            buttons = ([("schedule_yes", "Schedule ⏰"), ("schedule_no", "Cancel ❌")] if self.english
                       else [("schedule_yes", "جدولة الطلب ⏰"), ("schedule_no", "إلغاء ❌")])  # fmt: skip
            self.say(replies.offer_schedule(**self._lang()), buttons=buttons)
            return
        draft.pop("scheduled_for", None)
        self.context["stage"] = "confirm_order"
        self._ask_confirm(branch)

    def _lang(self) -> dict[str, str]:
        return {"language": self.kw["language"]}

    def _name(self, branch: Branch) -> str:
        return branch.name_en if self.english else branch.name_ar

    def _ask_confirm(self, branch: Branch | None = None) -> None:
        draft = self.context.get("draft") or {}
        recap = ""
        if branch is not None and draft.get("delivery_type") == "delivery":
            recap = (f"Delivery to: {draft.get('address')}" if self.english
                     else f"التوصيل إلى: {draft.get('address')}")  # fmt: skip
        elif branch is not None:
            recap = (f"Pickup from the {self._name(branch)} branch" if self.english
                     else f"الاستلام من فرع {self._name(branch)}")  # fmt: skip
        yes, no = ("Yes ✅", "No ❌") if self.english else ("نعم ✅", "لا ❌")
        body = f"{recap}\n{replies.ask_confirm(**self.kw)}" if recap else replies.ask_confirm(**self.kw)
        self.say(body, buttons=[("confirm_yes", yes), ("confirm_no", no)])

    def _current_branch(self, branches: list[Branch]) -> Branch | None:
        if self.ctx.conversation.branch_id:
            return next((b for b in branches if b.id == self.ctx.conversation.branch_id), None)
        return branches[0] if len(branches) == 1 else None

    def _order_stage(self, stage: str) -> bool:
        """The customer's answer to the order question we asked last."""
        if self.location is not None:
            return self._order_location()
        match stage:
            case "ask_mode":
                mode = {"mode_pickup": "pickup", "mode_delivery": "delivery"}.get(self.reply_id)
                mode = mode or stated_mode(self.text)
                if mode is None:
                    return self._order_correction(reask=lambda: self._advance())
                self.context["draft"]["delivery_type"] = mode
                self._advance()
            case "ask_address":
                if self._order_correction_parsed():
                    return True
                decision = self.intent()
                asked = decision is not None and decision.intent in ("support", "order_status") and "?" in (
                    self.text.replace("؟", "?"))  # fmt: skip
                if asked:
                    self._by_intent()  # answer the question; the address is still to come
                elif len(normalize(self.text)) < 4:
                    self._advance()  # too short to be an address: ask again
                else:
                    self.context["draft"]["address"] = self.text[:500]
                    self._advance()
            case "choose_branch":
                return self._choose_branch()
            case "closed_offer":
                if self.reply_id == "schedule_yes" or is_confirmation(self.text):
                    self._place_order(self.context.get("draft") or {}, scheduled=True)
                    return True
                return self._order_correction(reask=lambda: self._advance())
            case "confirm_order":
                if self.reply_id == "confirm_yes" or is_confirmation(self.text):
                    branch = self._current_branch(_branches(self.session, self.ctx.restaurant.id))
                    if branch is None:  # the branch was removed meanwhile
                        self._advance()
                        return True
                    if not is_open(branch.operating_hours, self.now, self.ctx.restaurant.timezone,
                                   branch.ramadan_hours):  # fmt: skip
                        self._advance()  # it closed while the customer was deciding
                        return True
                    self._place_order(self.context.get("draft") or {})
                    return True
                return self._order_correction(reask=lambda: self._ask_confirm(self._current_branch(
                    _branches(self.session, self.ctx.restaurant.id))))  # fmt: skip
        return True

    def _order_correction_parsed(self) -> bool:
        """A new list of items replaces the draft (keeps mode and address)."""
        if not self.text:
            return False
        menu = _menu(self.session, self.ctx.restaurant.id)
        if not parse_order(self.text, _entries(menu)).lines:
            return False
        return self._order()

    def _order_correction(self, reask: Any) -> bool:
        if self._order_correction_parsed():
            return True
        decision = self.intent()
        if decision is not None and decision.intent in (
            "support",
            "order_status",
            "feedback",
            "greeting",
            "thanks",
        ):
            self._by_intent()  # answer the question; the order waits where it was
            return True
        reask()
        return True

    def _ask_branch(self, branches: list[Branch]) -> None:
        rows = [(f"branch:{b.id}", self._name(b)[:24]) for b in branches[:10]]
        body = (
            "Which branch? (or share your location 📍)" if self.english else "من أي فرع؟ (أو شارك موقعك 📍)"
        )
        self.say(body + "\n" + "\n".join(f"{i + 1}. {title}" for i, (_, title) in enumerate(rows)),
                 rows=rows, list_button="Branches" if self.english else "الفروع")  # fmt: skip

    def _choose_branch(self) -> bool:
        branches = _branches(self.session, self.ctx.restaurant.id)
        chosen = None
        if self.reply_id.startswith("branch:"):
            chosen = next((b for b in branches if str(b.id) == self.reply_id.split(":", 1)[1]), None)
        said = normalize(self.text)
        digits = to_ascii_digits(self.text).strip()
        if chosen is None and digits.isdigit() and 1 <= int(digits) <= len(branches):
            chosen = branches[int(digits) - 1]
        if chosen is None and len(said) >= 2:  # an empty or one-letter answer names no branch
            for b in branches:
                names = [normalize(n) for n in (b.name_ar, b.name_en, b.city) if n]
                if any(n and (n in said or said in n) for n in names):
                    chosen = b
                    break
        if chosen is None:
            return self._order_correction(reask=lambda: self._ask_branch(branches))
        self.ctx.conversation.branch_id = chosen.id
        self._advance()
        return True

    def _order_location(self) -> bool:
        """A location shared mid-order: the nearest branch, and the delivery address if delivering."""
        assert self.location is not None
        lat, lng = self.location
        draft = self.context.setdefault("draft", {})
        payload = self.ctx.message.payload or {}
        place = " - ".join(p for p in (payload.get("location_name"), payload.get("location_address")) if p)
        draft["location"] = {"lat": lat, "lng": lng}
        if draft.get("delivery_type") == "delivery" or self.context.get("stage") == "ask_address":
            draft["delivery_type"] = "delivery"
            draft["address"] = f"{place} {replies.maps_link(lat, lng)}".strip()
        nearest = nearest_branch(_branches(self.session, self.ctx.restaurant.id), lat, lng)
        if nearest is not None:
            self.ctx.conversation.branch_id = nearest.id
            self.say(replies.nearest_branch(self._name(nearest), **self._lang()))
        self._advance()
        return True

    def _place_order(self, draft: dict[str, Any], *, scheduled: bool = False) -> None:
        lines = draft.get("lines") or []
        branch = self._current_branch(_branches(self.session, self.ctx.restaurant.id))
        if not lines or branch is None:
            self.say(replies.fallback_didnt_understand(**self.kw))
            self._clear_order()
            return
        total = order_total(lines)
        number = _next_order_number(self.session, self.ctx.restaurant.id)
        when = (
            datetime.fromisoformat(draft["scheduled_for"])
            if scheduled and draft.get("scheduled_for")
            else None
        )
        notes = None
        if draft.get("delivery_type") == "delivery" and draft.get("address"):
            notes = f"عنوان التوصيل: {draft['address']}"  # the Order model has no address column
        # A branch that is closed now only gets a scheduled (pending) order, never a "confirmed" one.
        order = Order(restaurant_id=self.ctx.restaurant.id, number=number, conversation_id=self.ctx.conversation.id,
                      customer_id=self.ctx.customer.id, branch_id=branch.id, items=lines, total_amount=total,
                      status=OrderStatus.pending if when else OrderStatus.confirmed,
                      delivery_type=draft.get("delivery_type") or "pickup", scheduled_time=when,
                      special_instructions=notes)  # fmt: skip
        self.session.add(order)
        self.session.flush()
        self.ctx.conversation.branch_id = branch.id
        self.session.add(Event(restaurant_id=self.ctx.restaurant.id, actor="customer", kind="order.placed",
                               subject_type="order", subject_id=str(order.id),
                               data={"number": number, "total": str(total), "scheduled": bool(when),
                                     "delivery_type": order.delivery_type}))  # fmt: skip
        title = f"طلب مجدول #{number}" if when else f"طلب جديد #{number}"
        notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="new_order",
                     title=title, body=f"{total} SAR", link="/orders", branch_id=branch.id)  # fmt: skip
        self._clear_order()
        if when:
            local = when.astimezone(ZoneInfo(self.ctx.restaurant.timezone))
            text_when = replies.opening_time(local, local_now(self.now, self.ctx.restaurant.timezone).date(),
                                             **self._lang())  # fmt: skip
            self.say(replies.order_scheduled(number, text_when, **self.kw))
            return
        self.result.jobs.append(("crm_res.jobs.orders.forward_to_pos", (str(order.id),)))
        self.say(replies.order_confirmed(number, ETA_MINUTES, **self.kw))

    def _order_status(self) -> None:
        order = self.session.exec(select(Order).where(Order.customer_id == self.ctx.customer.id)
                                  .order_by(col(Order.created_at).desc())).first()  # fmt: skip
        if order is None:
            body = "You have no orders with us yet." if self.english else "ما عندك طلبات عندنا للحين."
            self.say(body)
            return
        self.say(replies.order_status_update(order.status.value, order.number, **self.kw))

    def _location_shared(self) -> None:
        """A location shared outside an order: remember the nearest branch for what comes next."""
        assert self.location is not None
        nearest = nearest_branch(_branches(self.session, self.ctx.restaurant.id), *self.location)
        if nearest is None:
            self.say(replies.fallback_didnt_understand(**self.kw))
            return
        self.ctx.conversation.branch_id = nearest.id
        self.say(replies.nearest_branch(self._name(nearest), **self._lang()))

    # -- feedback
    def _feedback(self, *, from_request: bool) -> bool:
        result = analyze_sentiment(self.text)
        rating = parse_rating(self.text)
        self.context.pop("awaiting", None)
        self.ctx.conversation.type = ConversationType.feedback
        self.context.update({"flow": "feedback", "comment": self.text[:1000], "sentiment": result.sentiment,
                             "categories": result.categories})  # fmt: skip
        if rating is not None and len(self.text) <= 12:
            return self._store_feedback(rating)
        if result.sentiment == "negative":
            self.say(replies.feedback_ack_negative(**self.kw))
            # Stored now, not after the rating: the owner hears about an unhappy customer at once,
            # and the complaint is kept even if the customer never rates.
            self._save_feedback(None)
        else:
            self.say(replies.feedback_ack_positive(**self.kw))
        self.context["stage"] = "await_rating"
        self._ask_rating()
        return True

    def _ask_rating(self) -> None:
        rows = [(f"rate_{n}", f"{'⭐' * n} {n}") for n in range(5, 0, -1)]
        self.say(replies.ask_rating(**self.kw), rows=rows, list_button="Rate" if self.english else "التقييم")

    def _rating(self) -> bool:
        rating = (
            parse_rating(self.reply_id.removeprefix("rate_")) if self.reply_id.startswith("rate_") else None
        )
        rating = rating or parse_rating(self.text)
        if rating is None:
            if self.text and classify_intent(self.text).intent in ("order", "escalation", "order_status"):
                self.context.pop("stage", None)
                return False
            self._ask_rating()
            return True
        return self._store_feedback(rating)

    def _save_feedback(self, rating: int | None) -> Feedback | None:
        """Create or complete this conversation's feedback row; alert on a negative one."""
        sentiment = self.context.get("sentiment") or analyze_sentiment(self.text).sentiment
        if rating is not None and rating <= 2:
            sentiment = "negative"
        elif rating is not None and sentiment == "neutral" and rating >= 4 and "comment" not in self.context:
            sentiment = "positive"
        branches = _branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(branches) or (branches[0] if branches else None)
        if branch is None:
            return None
        needs_followup = (rating is not None and rating <= 2) or sentiment == "negative"
        feedback = None
        if self.context.get("feedback_id"):
            feedback = self.session.get(Feedback, uuid.UUID(self.context["feedback_id"]))
        if feedback is None:
            feedback = Feedback(restaurant_id=self.ctx.restaurant.id, conversation_id=self.ctx.conversation.id,
                                customer_id=self.ctx.customer.id, branch_id=branch.id,
                                comment=self.context.get("comment"),
                                categories=list(self.context.get("categories") or []))  # fmt: skip
            if self.context.get("feedback_order_id"):  # the visit a feedback request asked about
                feedback.order_id = uuid.UUID(self.context["feedback_order_id"])
        feedback.rating = rating if rating is not None else feedback.rating
        feedback.sentiment = Sentiment(sentiment)
        feedback.requires_followup = feedback.requires_followup or needs_followup
        self.session.add(feedback)
        self.session.flush()
        self.context["feedback_id"] = str(feedback.id)
        if needs_followup:
            if not self.context.get("alerted"):
                who = self.ctx.customer.name or self.ctx.customer.wa_id
                title = f"تقييم {rating}/5: {who}" if rating is not None else f"ملاحظة سلبية: {who}"
                notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="negative_feedback",
                             title=title, body=self.context.get("comment") or "",
                             link=f"/conversation?id={self.ctx.conversation.id}",
                             branch_id=feedback.branch_id)  # fmt: skip
                self.context["alerted"] = True
            self.result.sends += queue_negative_feedback_alerts(
                session=self.session, restaurant=self.ctx.restaurant, feedback=feedback, customer=self.ctx.customer,
                branch_name=branch.name_ar,
            )  # fmt: skip
        return feedback

    def _keep_feedback_in_progress(self) -> None:
        """Handing over mid-feedback: the comment is stored (without a rating), not lost."""
        if self.context.get("stage") == "await_rating" and self.context.get("comment"):
            self._save_feedback(None)

    def _store_feedback(self, rating: int) -> bool:
        feedback = self._save_feedback(rating)
        if feedback is None:
            self._escalate("feedback without a branch")
            return True
        discount = _discount_code(self.session, self.ctx, feedback)
        self.say(replies.thank_for_rating(rating, discount.code if discount else None,
                                          discount.percent if discount else None, **self.kw))  # fmt: skip
        for key in ("stage", "flow", "comment", "sentiment", "categories", "alerted", "feedback_id",
                    "feedback_order_id", "feedback_request", "anger"):  # fmt: skip
            self.context.pop(key, None)
        return True

    # -- support
    def _support(self, topic: str | None) -> None:
        restaurant_id = self.ctx.restaurant.id
        branches = _reply_branches(
            _branches(self.session, restaurant_id), self.english, self.now, self.ctx.restaurant.timezone
        )
        if topic == "hours":
            self.say(replies.hours_answer(branches, **self.kw))
        elif topic in ("location", "branches"):
            self.say(replies.location_answer(branches, **self.kw))
        else:
            menu = _menu(self.session, restaurant_id)
            parsed = parse_order(self.text, _entries(menu))
            by_id = {str(m.id): m for m in menu}
            if topic == "prices" and parsed.lines:
                for line in parsed.lines:
                    m = by_id[line.menu_item_key]
                    self.say(replies.price_answer(replies.MenuItem(m.name_ar, m.name_en, m.price, m.category,
                                                                   m.available), **self.kw))  # fmt: skip
            else:
                items = [
                    replies.MenuItem(m.name_ar, m.name_en, m.price, m.category, m.available) for m in menu
                ]
                self.say(replies.menu_answer(items, **self.kw))


def local_now(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz))


def respond(*, session: Session, ctx: InboundContext, now: datetime) -> FlowResult:
    """Run the rule-based flow, or the LLM-assisted one when a key is configured."""
    from crm_res.settings import get_settings

    if get_settings().llm_api_key:
        from crm_res.services.dialogue.llm_flow import respond_with_llm

        result = respond_with_llm(session=session, ctx=ctx, now=now)
        if result is not None:
            return result
    return Flow(session, ctx, now).run()
