"""The LLM-assisted path on the same state machine: the model reads the message and proposes an
intent, order lines and a reply (validated structured output, `AssistantDecision`); the machine
decides what is placed or sent: order lines are checked against the menu and priced from it, the
summary and the confirmation come from the machine, replies naming a price or item the menu does
not have are never sent. Every model failing returns None: the rules answer instead.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from sqlmodel import Session, col, select

from crm_res import metrics
from crm_res.assistant import prompts
from crm_res.assistant.normalize import normalize
from crm_res.assistant.order_parser import OrderLine, ParsedOrder
from crm_res.assistant.prompts import RestaurantContext, build_messages
from crm_res.assistant.reply_guard import reply_problems
from crm_res.integrations.llm import AllModelsFailed, AssistantDecision, LLMGateway, OrderItemDecision
from crm_res.models import MenuItem, Message, MessageDirection, MessageSender
from crm_res.services.changes import event_entry
from crm_res.services.dialogue.context import InboundContext
from crm_res.services.dialogue.data import branches as _branches
from crm_res.services.dialogue.data import entries as _entries
from crm_res.services.dialogue.data import menu as _menu
from crm_res.services.dialogue.data import order_line
from crm_res.services.dialogue.flow import Flow, FlowResult
from crm_res.services.dialogue.states import RESTING
from crm_res.services.options import options
from crm_res.services.timing.hours import current_hours, hours_text

log = logging.getLogger(__name__)
# The model's reply is never sent for these: the state machine answers (ratings, opt-outs, status).
RULE_INTENTS = {"order_status", "feedback", "opt_out", "opt_in"}
LOW_CONFIDENCE = 0.45


@lru_cache
def gateway() -> LLMGateway:
    from crm_res.settings import get_settings

    s = get_settings()
    return LLMGateway(s.llm_base_url, s.llm_api_key or "", s.llm_model_chain, timeout_s=8.0)


def _context(session: Session, ctx: InboundContext, now: datetime) -> RestaurantContext:
    r = ctx.restaurant
    return RestaurantContext(
        name_ar=r.name_ar,
        name_en=r.name_en,
        personality=r.personality_type.value,
        menu=[
            prompts.MenuItem(m.name_ar, m.name_en, m.price, m.category, m.available)
            for m in _menu(session, r.id)
        ],
        # today's hours: Ramadan hours during Ramadan when the branch has them
        branches=[
            prompts.Branch(
                b.name_ar,
                b.city,
                hours_text(current_hours(b.operating_hours, b.ramadan_hours, now, r.timezone)),
                b.lat,
                b.lng,
            )
            for b in _branches(session, r.id)
        ],
        discount_enabled=options(r).discount_enabled,
        discount_percent=options(r).discount_percent,
    )


def _history(session: Session, ctx: InboundContext, limit: int = 12) -> list[tuple[str, str]]:
    # Only the two columns the prompt uses (not whole rows with their payloads, as ORM objects).
    rows = session.exec(
        select(Message.sender, Message.body)
        .where(
            Message.conversation_id == ctx.conversation.id,
            Message.id != ctx.message.id,
            Message.direction != MessageDirection.internal,
        )
        .order_by(col(Message.id).desc())
        .limit(limit)
    ).all()
    # MessageSender(...): SQLModel's select types a str enum column as plain str
    return [(MessageSender(sender).value, body or "") for sender, body in reversed(rows)]


def proposed_order(items: list[OrderItemDecision], menu: list[MenuItem]) -> ParsedOrder | None:
    """The model's order lines checked against the menu: every item must be an available menu item
    (by id, or by its exact Arabic/English name); prices come from the menu. None: the rules read it."""
    by_id = {str(m.id): m for m in menu}
    by_name = {normalize(n): m for m in menu for n in (m.name_ar, m.name_en) if n}
    lines: list[OrderLine] = []
    for item in items:
        found = by_id.get(item.menu_item_id or "") or by_name.get(normalize(item.name))
        if found is None or not found.available:
            return None
        lines.append(
            order_line(found, item.quantity, [m.strip() for m in item.modifications if m.strip()][:5])
        )
    return ParsedOrder(lines=lines) if lines else None


def _ai_event(
    session: Session, ctx: InboundContext, kind: str, data: dict[str, object], *, conversation: bool = False
) -> None:
    """Record what the model path did, on this message (or, with `conversation`, on the thread)."""
    subject_type, subject_id = (
        ("conversation", ctx.conversation.id) if conversation else ("message", ctx.message.id)
    )
    session.add(event_entry(ctx.restaurant.id, "ai", kind, (subject_type, subject_id), **data))


def respond_with_llm(*, session: Session, ctx: InboundContext, now: datetime) -> FlowResult | None:
    """The model proposes (intent, order lines, reply); the state machine decides what is placed or
    sent. None when every model failed: the rules answer."""
    flow = Flow(session, ctx, now)
    if flow.state.phase not in RESTING or flow.state.offer:
        return flow.run()  # mid-order, mid-rating or an offer's answer: the state machine owns it
    # The same language/dialect bookkeeping as the rules path; then requests for a person and
    # anger are handled by the rules before any model is asked.
    flow.update_language()
    if flow._interrupt():
        flow.save()
        return flow.result
    messages = build_messages(
        restaurant=_context(session, ctx, now),
        history=_history(session, ctx),
        customer_text=ctx.message.body or "",
        language=flow.kw["language"],
    )
    try:
        result = gateway().complete_json(messages, AssistantDecision)
    except AllModelsFailed as exc:
        log.warning("every LLM model failed (%s); the rule-based assistant answers", exc.reasons)
        _ai_event(session, ctx, "llm.all_failed", {"reasons": exc.reasons}, conversation=True)
        return None
    decision: AssistantDecision = result.parsed
    metrics.INTENTS.labels(decision.intent, "llm").inc()
    _ai_event(
        session,
        ctx,
        "llm.call",
        {
            "model": result.model,
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "cost_usd": result.cost_usd,
            "latency_ms": result.latency_ms,
            "failures": result.failures,
        },
    )
    if decision.escalate or decision.intent == "escalation":
        flow._escalate(
            "customer asked for a person" if decision.intent == "escalation" else "model escalated"
        )
        flow.save()
        return flow.result
    if decision.intent in RULE_INTENTS or decision.confidence < LOW_CONFIDENCE:
        return flow.run()
    if decision.intent == "order":
        parsed = proposed_order(decision.order_items, _menu(session, ctx.restaurant.id))
        if parsed is None:  # an item the menu does not have (or none named): the rules read the order
            return flow.run()
        flow._order(parsed)  # the state machine summarises and asks for the confirmation
        flow.save()
        return flow.result
    problems = reply_problems(decision.reply, _entries(_menu(session, ctx.restaurant.id)))
    if problems:  # a price or item the menu does not have: never sent; the rules answer
        log.warning("LLM reply rejected (%s); the rule-based assistant answers", "; ".join(problems))
        _ai_event(
            session,
            ctx,
            "llm.reply_rejected",
            {"model": result.model, "problems": problems, "reply": decision.reply[:1000]},
        )
        return flow.run()
    ctx.conversation.ai_confidence = Decimal(str(round(decision.confidence, 2)))
    flow.state.misses = 0
    flow.save()  # the anger count and language seen above
    flow.say(decision.reply.strip()[:4000])
    return flow.result
