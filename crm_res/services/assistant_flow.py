"""The assistant's next step for a customer message: feedback, ordering, support, escalation.

Decisions come from the rule-based understanding in `crm_res.assistant` (always available) or,
when `LLM_API_KEY` is set, from the LLM gateway, falling back to the rules when every model fails.
Flow state (a draft order awaiting confirmation, a rating being asked for) lives in
`conversation.context`. Side effects are rows in this transaction; jobs are returned for after commit.
"""

from __future__ import annotations

import logging
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.assistant import replies
from crm_res.assistant.intent import classify_intent, is_confirmation, is_rejection
from crm_res.assistant.language import detect_language
from crm_res.assistant.order_parser import MenuEntry, ParsedOrder, parse_order
from crm_res.assistant.ratings import parse_rating
from crm_res.assistant.sentiment import analyze_sentiment
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
from crm_res.services.conversations import escalate
from crm_res.services.hours import hours_text, is_open, next_opening
from crm_res.services.notifications import notify_staff

if TYPE_CHECKING:
    from crm_res.services.inbound import InboundContext

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


def _reply_branches(branches: list[Branch], english: bool) -> list[replies.Branch]:
    return [replies.Branch(name=b.name_en if english else b.name_ar, city=b.city,
                           hours=hours_text(b.operating_hours), lat=b.lat, lng=b.lng) for b in branches]  # fmt: skip


def _lines_for_reply(lines: list[dict[str, Any]], english: bool) -> list[replies.OrderLine]:
    return [replies.OrderLine(name=line["name_en"] if english else line["name_ar"], quantity=line["quantity"],
                              unit_price=Decimal(line["price"]), modifications=tuple(line["modifications"]))
            for line in lines]  # fmt: skip


def _next_order_number(session: Session, restaurant_id: Any) -> int:
    # The restaurant row lock serialises numbering per restaurant (short, human-friendly numbers).
    session.exec(text("SELECT 1 FROM restaurants WHERE id = :r FOR UPDATE"), params={"r": restaurant_id})  # type: ignore[call-overload]
    current = session.exec(text("SELECT coalesce(max(number), 1000) FROM orders WHERE restaurant_id = :r"),  # type: ignore[call-overload]
                           params={"r": restaurant_id}).scalar()
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
        percent=int(settings.get("discount_percent", 15)),
        valid_until=datetime.now(UTC) + timedelta(days=int(settings.get("discount_valid_days", 30))),
    )  # fmt: skip
    session.add(discount)
    return discount


# --------------------------------------------------------------------------- the flow


class Flow:
    """One customer message being answered."""

    def __init__(self, session: Session, ctx: InboundContext, now: datetime) -> None:
        self.session, self.ctx, self.now = session, ctx, now
        self.text = (ctx.message.body or "").strip()
        self.context: dict[str, Any] = dict(ctx.conversation.context or {})
        self.result = FlowResult()
        self.kw = {"language": ctx.language, "personality": ctx.personality}
        self.english = ctx.language == "en"

    def say(self, body: str, **extra: Any) -> None:
        self.result.replies.append(Reply(body, **extra))

    def save(self) -> None:
        self.ctx.conversation.context = self.context
        self.session.add(self.ctx.conversation)

    # -- entry point
    def run(self) -> FlowResult:
        self._update_language()
        stage = self.context.get("stage")
        handled = False
        if stage == "confirm_order":
            handled = self._confirm_order()
        elif stage == "choose_branch":
            handled = self._choose_branch()
        elif stage == "await_rating":
            handled = self._rating()
        elif self.context.get("awaiting") == "feedback" and self.text:
            handled = self._feedback(from_request=True)
        if not handled:
            self._by_intent()
        self.save()
        return self.result

    def _update_language(self) -> None:
        if sum(ch.isalpha() for ch in self.text) < 3:
            return
        detected = detect_language(self.text)
        if detected != self.ctx.customer.language_preference.value:
            self.ctx.customer.language_preference = Language(detected)
            self.session.add(self.ctx.customer)
            self.kw["language"] = detected
            self.english = detected == "en"

    def _by_intent(self) -> None:
        decision = classify_intent(self.text) if self.text else None
        intent = decision.intent if decision else "other"
        confidence = decision.confidence if decision else 0.0
        self.ctx.conversation.ai_confidence = Decimal(str(round(min(max(confidence, 0), 1), 2)))
        if self.ctx.message.type == "location":
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
                if analyze_sentiment(self.text).sentiment == "negative":
                    self.context["anger"] = int(self.context.get("anger", 0)) + 1
                    if self.context["anger"] >= 2:
                        return self._escalate("repeated anger")
                self._miss(confidence)

    def _miss(self, confidence: float) -> None:
        """Not understood: say so once; twice in a row (low confidence) hands over to staff."""
        self.context["misses"] = int(self.context.get("misses", 0)) + 1
        if self.context["misses"] >= 2 or (confidence < LOW_CONFIDENCE / 2 and self.context["misses"] > 1):
            self._escalate("low confidence")
        else:
            self.say(replies.fallback_didnt_understand(**self.kw))

    def _escalate(self, reason: str) -> None:
        escalate(session=self.session, conversation=self.ctx.conversation, reason=reason)
        name = self.ctx.customer.name or self.ctx.customer.wa_id
        notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="escalation",
                     title=f"تصعيد: {name}", body=self.text[:300],
                     link=f"/conversation?id={self.ctx.conversation.id}",
                     branch_id=self.ctx.conversation.branch_id)  # fmt: skip
        self.context.pop("misses", None)
        self.context.pop("anger", None)
        self.say(replies.escalated_to_staff(**self.kw))

    # -- ordering
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
        delivery = "delivery" if any(w in self.text.lower() for w in ("توصيل", "delivery", "وصلوه", "deliver")) else "pickup"
        self.context.update({"flow": "order", "stage": "confirm_order",
                             "draft": {"lines": lines, "delivery_type": delivery}})  # fmt: skip
        self.ctx.conversation.type = ConversationType.order
        skipped = [e.name_en if self.english else e.name_ar for e in parsed.unavailable] + parsed.unknown
        if skipped:
            self.say(replies.unknown_items(skipped, **self.kw))
        branches = _branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(branches)
        if branch is not None and not is_open(branch.operating_hours, self.now, self.ctx.restaurant.timezone):
            opens = next_opening(branch.operating_hours, self.now, self.ctx.restaurant.timezone)
            self.say(replies.closed_now(opens.strftime("%H:%M") if opens else "—", **self.kw))
        self.say(replies.order_summary(_lines_for_reply(lines, self.english), **self.kw))
        self._ask_confirm()
        return True

    def _ask_confirm(self) -> None:
        yes, no = ("Yes ✅", "No ❌") if self.english else ("نعم ✅", "لا ❌")
        self.say(replies.ask_confirm(**self.kw), buttons=[("confirm_yes", yes), ("confirm_no", no)])

    def _current_branch(self, branches: list[Branch]) -> Branch | None:
        if self.ctx.conversation.branch_id:
            return next((b for b in branches if b.id == self.ctx.conversation.branch_id), None)
        return branches[0] if len(branches) == 1 else None

    def _confirm_order(self) -> bool:
        draft = self.context.get("draft") or {}
        if is_rejection(self.text):
            self.context = {k: v for k, v in self.context.items() if k not in ("stage", "draft", "flow")}
            self.say(replies.order_cancelled(**self.kw))
            return True
        if not is_confirmation(self.text):
            if self._order():  # a corrected order replaces the draft
                return True
            self._ask_confirm()
            return True
        branches = _branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(branches)
        if branch is None:
            if not branches:
                self._escalate("no branch configured")
                return True
            self.context["stage"] = "choose_branch"
            self._ask_branch(branches)
            return True
        self._place_order(draft, branch)
        return True

    def _ask_branch(self, branches: list[Branch]) -> None:
        rows = [(f"branch:{b.id}", (b.name_en if self.english else b.name_ar)[:24]) for b in branches[:10]]
        body = "Which branch?" if self.english else "من أي فرع تحب تستلم؟"
        self.say(body + "\n" + "\n".join(f"{i + 1}. {title}" for i, (_, title) in enumerate(rows)),
                 rows=rows, list_button="Branches" if self.english else "الفروع")  # fmt: skip

    def _choose_branch(self) -> bool:
        branches = _branches(self.session, self.ctx.restaurant.id)
        chosen = None
        from crm_res.assistant.normalize import normalize, to_ascii_digits

        said = normalize(self.text)
        digits = to_ascii_digits(self.text).strip()
        if digits.isdigit() and 1 <= int(digits) <= len(branches):
            chosen = branches[int(digits) - 1]
        for b in branches:
            if chosen is None and any(normalize(n) in said or said in normalize(n)
                                      for n in (b.name_ar, b.name_en, b.city) if n):  # fmt: skip
                chosen = b
        if chosen is None:
            self._ask_branch(branches)
            return True
        self.ctx.conversation.branch_id = chosen.id
        self._place_order(self.context.get("draft") or {}, chosen)
        return True

    def _place_order(self, draft: dict[str, Any], branch: Branch) -> None:
        lines = draft.get("lines") or []
        if not lines:
            self.say(replies.fallback_didnt_understand(**self.kw))
            return
        total = sum((Decimal(line["price"]) * line["quantity"] for line in lines), Decimal(0))
        number = _next_order_number(self.session, self.ctx.restaurant.id)
        order = Order(restaurant_id=self.ctx.restaurant.id, number=number, conversation_id=self.ctx.conversation.id,
                      customer_id=self.ctx.customer.id, branch_id=branch.id, items=lines, total_amount=total,
                      status=OrderStatus.confirmed, delivery_type=draft.get("delivery_type", "pickup"))  # fmt: skip
        self.session.add(order)
        self.session.flush()
        self.ctx.conversation.branch_id = branch.id
        self.session.add(Event(restaurant_id=self.ctx.restaurant.id, actor="customer", kind="order.placed",
                               subject_type="order", subject_id=str(order.id),
                               data={"number": number, "total": str(total)}))  # fmt: skip
        notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="new_order",
                     title=f"طلب جديد #{number}", body=f"{total} SAR", link="/orders", branch_id=branch.id)  # fmt: skip
        self.result.jobs.append(("crm_res.jobs.orders.forward_to_pos", (str(order.id),)))
        self.context = {k: v for k, v in self.context.items() if k not in ("stage", "draft", "flow")}
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
        """A shared location picks the nearest branch for the order being placed."""
        payload = self.ctx.message.payload or {}
        lat, lng = payload.get("latitude"), payload.get("longitude")
        branches = [b for b in _branches(self.session, self.ctx.restaurant.id) if b.lat is not None]
        if lat is None or not branches:
            self.say(replies.fallback_didnt_understand(**self.kw))
            return
        nearest = min(branches, key=lambda b: (b.lat - lat) ** 2 + (b.lng - lng) ** 2)  # type: ignore[operator]
        self.ctx.conversation.branch_id = nearest.id
        name = nearest.name_en if self.english else nearest.name_ar
        self.say(f"Nearest branch: {name}" if self.english else f"أقرب فرع لك: {name}")
        if self.context.get("stage") in ("confirm_order", "choose_branch"):
            self.context["stage"] = "confirm_order"
            self._ask_confirm()

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
            # The owner hears about an unhappy customer now, not after the rating.
            notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="negative_feedback",
                         title=f"ملاحظة سلبية: {self.ctx.customer.name or self.ctx.customer.wa_id}",
                         body=self.text[:300], link=f"/conversation?id={self.ctx.conversation.id}",
                         branch_id=self.ctx.conversation.branch_id)  # fmt: skip
            self.context["alerted"] = True
        else:
            self.say(replies.feedback_ack_positive(**self.kw))
        self.context["stage"] = "await_rating"
        self._ask_rating()
        return True

    def _ask_rating(self) -> None:
        rows = [(f"rate_{n}", f"{'⭐' * n} {n}") for n in range(5, 0, -1)]
        self.say(replies.ask_rating(**self.kw), rows=rows, list_button="Rate" if self.english else "التقييم")

    def _rating(self) -> bool:
        rating = parse_rating(self.text)
        if rating is None:
            if self.text and classify_intent(self.text).intent in ("order", "escalation", "order_status"):
                self.context.pop("stage", None)
                return False
            self._ask_rating()
            return True
        return self._store_feedback(rating)

    def _store_feedback(self, rating: int) -> bool:
        sentiment = self.context.get("sentiment") or analyze_sentiment(self.text).sentiment
        if rating <= 2:
            sentiment = "negative"
        elif sentiment == "neutral" and rating >= 4 and "comment" not in self.context:
            sentiment = "positive"
        branches = _branches(self.session, self.ctx.restaurant.id)
        branch = self._current_branch(branches) or (branches[0] if branches else None)
        if branch is None:
            self._escalate("feedback without a branch")
            return True
        needs_followup = rating <= 2 or sentiment == "negative"
        feedback = Feedback(restaurant_id=self.ctx.restaurant.id, conversation_id=self.ctx.conversation.id,
                            customer_id=self.ctx.customer.id, branch_id=branch.id, rating=rating,
                            comment=self.context.get("comment"), sentiment=Sentiment(sentiment),
                            categories=list(self.context.get("categories") or []),
                            requires_followup=needs_followup)  # fmt: skip
        if self.context.get("feedback_order_id"):  # the visit a feedback request asked about
            import uuid

            feedback.order_id = uuid.UUID(self.context["feedback_order_id"])
        self.session.add(feedback)
        self.session.flush()
        if needs_followup and not self.context.get("alerted"):
            notify_staff(session=self.session, restaurant_id=self.ctx.restaurant.id, kind="negative_feedback",
                         title=f"تقييم {rating}/5: {self.ctx.customer.name or self.ctx.customer.wa_id}",
                         body=self.context.get("comment") or "", link="/feedback", branch_id=branch.id)  # fmt: skip
        discount = _discount_code(self.session, self.ctx, feedback)
        self.say(replies.thank_for_rating(rating, discount.code if discount else None,
                                          discount.percent if discount else None, **self.kw))  # fmt: skip
        for key in ("stage", "flow", "comment", "sentiment", "categories", "alerted", "feedback_order_id",
                    "feedback_request"):
            self.context.pop(key, None)
        return True

    # -- support
    def _support(self, topic: str | None) -> None:
        restaurant_id = self.ctx.restaurant.id
        branches = _reply_branches(_branches(self.session, restaurant_id), self.english)
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
                items = [replies.MenuItem(m.name_ar, m.name_en, m.price, m.category, m.available) for m in menu]
                self.say(replies.menu_answer(items, **self.kw))


def local_now(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz))


def respond(*, session: Session, ctx: InboundContext, now: datetime) -> FlowResult:
    """Run the rule-based flow, or the LLM-assisted one when a key is configured."""
    from crm_res.settings import get_settings

    if get_settings().llm_api_key:
        from crm_res.services.llm_flow import respond_with_llm

        result = respond_with_llm(session=session, ctx=ctx, now=now)
        if result is not None:
            return result
    return Flow(session, ctx, now).run()
