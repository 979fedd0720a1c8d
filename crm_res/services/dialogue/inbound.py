"""Process stored inbound messages, each exactly once: opt-out/in, takeover, then the assistant.

Runs in the worker (`jobs.inbound.process_inbound`, one message or a batch of them in one
transaction). Each message row is locked and stamped `processed_at` in the same transaction as
every reply it causes, so a rerun (crash, sweeper, duplicate job) finds it processed and does
nothing.

One conversation at a time: two workers may each hold a message of the same conversation (a
customer who writes twice quickly). Each takes a transaction-level advisory lock per conversation
before reading it, so the second waits for the first's commit and then reads its state: no lost
dialogue update, and its replies get higher outbox ids and are committed after the first's, which
is the order the send path keeps (`outbox/sending.py`). An advisory lock, not a row lock on the
conversation: ingestion updates conversation rows and must never wait for a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update
from sqlmodel import Session, col, select

from crm_res.assistant.intent import is_opt_in
from crm_res.assistant.replies import already_subscribed, opted_in_confirmation, opted_out_confirmation
from crm_res.integrations.whatsapp import (
    ListRow,
    ListSection,
    build_buttons_payload,
    build_list_payload,
)
from crm_res.models import Conversation, Customer, Handler, Message, Restaurant
from crm_res.services.changes import event_entry
from crm_res.services.dialogue.consent import set_opt_out
from crm_res.services.dialogue.context import InboundContext
from crm_res.services.dialogue.flow import Flow, FlowResult, ordering_part, stops_the_offers
from crm_res.services.dialogue.llm_flow import respond_with_llm
from crm_res.services.followups import FollowUp, Requested
from crm_res.services.notifications import signal_change
from crm_res.services.options import options
from crm_res.services.outbox.outbox import queue_message, text_payload
from crm_res.settings import get_settings


@dataclass
class InboundOutcome:
    action: str  # processed | duplicate | opted_out | opted_in | staff | replied
    sends: list[tuple[int, datetime | None]] = field(default_factory=list)
    jobs: list[Requested] = field(default_factory=list)


def _reply(
    session: Session,
    ctx: InboundContext,
    key: str,
    body: str,
    buttons: list[tuple[str, str]] | None = None,
    rows: list[tuple[str, str]] | None = None,
    list_button: str = "",
) -> tuple[int, datetime | None]:
    """Queue one reply; the key makes a rerun of this message's processing send nothing new."""
    to = ctx.customer.wa_id
    if buttons:
        kind, payload = "interactive", build_buttons_payload(to, body, buttons)
    elif rows:
        section = ListSection(title=list_button[:24] or "-", rows=[ListRow(i, t) for i, t in rows])
        kind, payload = "interactive", build_list_payload(to, body, list_button[:20] or "…", [section])
    else:
        kind, payload = "text", text_payload(to, body)
    queued = queue_message(
        session=session,
        restaurant_id=ctx.restaurant.id,
        customer=ctx.customer,
        idempotency_key=f"reply:{ctx.message.wa_message_id or ctx.message.id}:{key}",
        kind=kind,
        payload=payload,
        body_preview=body,
        purpose="reply",
        conversation=ctx.conversation,
        known_new=True,  # the message is locked and unprocessed: no reply of it was queued yet
    )
    return queued.outbox_id, queued.not_before


_LOCK_CONVERSATIONS = text(
    "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended('inbound:' || c, 0) AS k "
    "FROM unnest(CAST(:ids AS text[])) AS c ORDER BY k) AS keys"
)


def load_contexts(session: Session, message_ids: list[int], now: datetime) -> dict[int, InboundContext]:
    """Claim the messages (stamp `processed_at`, row-locked until commit) and load what answers them.

    The UPDATE takes the row locks, waits for a concurrent holder and re-checks `processed_at IS
    NULL` on the row it then sees, like a SELECT ... FOR UPDATE + UPDATE in one round trip: a
    second run finds nothing and does nothing. Then the conversations' advisory locks (module
    docstring), and one more round trip loads every conversation, customer and restaurant, read
    after the locks were granted (a fresh snapshot)."""
    messages = session.scalars(
        select(Message).from_statement(
            update(Message)
            .where(col(Message.id).in_(message_ids), col(Message.processed_at).is_(None))
            .values(processed_at=now)
            .returning(Message)
        ),
        execution_options={"populate_existing": True},
    ).all()
    if not messages:
        return {}
    # Sorted by key, so two batches sharing conversations take them in the same order (no deadlock).
    # The load below is a new statement, so it reads what the previous holder committed.
    session.execute(_LOCK_CONVERSATIONS, {"ids": sorted({str(m.conversation_id) for m in messages})})
    found = session.exec(
        select(Conversation, Customer, Restaurant)
        .join(Customer, col(Customer.id) == col(Conversation.customer_id))
        .join(Restaurant, col(Restaurant.id) == col(Conversation.restaurant_id))
        .where(col(Conversation.id).in_({m.conversation_id for m in messages}))
    ).all()
    by_conversation = {
        conversation.id: (conversation, customer, restaurant) for conversation, customer, restaurant in found
    }
    return {
        m.id: InboundContext(m, *by_conversation[m.conversation_id]) for m in messages if m.id is not None
    }


def handle_inbound(*, session: Session, message_id: int, now: datetime | None = None) -> InboundOutcome:
    """Decide and queue the response to one inbound message; the caller commits, then enqueues."""
    return handle_inbound_batch(session=session, message_ids=[message_id], now=now)[0]


def handle_inbound_batch(
    *, session: Session, message_ids: list[int], now: datetime | None = None
) -> list[InboundOutcome]:
    """`handle_inbound` for several messages in one transaction, in the given order (the claim
    and the load are one round trip each for all of them)."""
    now = now or datetime.now(UTC)
    contexts = load_contexts(session, message_ids, now)
    return [
        _respond(session, contexts[i], now) if i in contexts else InboundOutcome("duplicate")
        for i in message_ids
    ]


# Kept in the thread for staff, never answered by the assistant: an edit or delete of an earlier
# message, a missed call, Meta's system notices, and what could not be read.
QUIET_TYPES = frozenset({"edit", "revoke", "call", "system", "unsupported"})


def app_reply_pause(restaurant: Restaurant) -> timedelta:
    """How long a reply from the WhatsApp Business app keeps the assistant quiet without another."""
    from crm_res.settings import get_settings

    minutes = options(restaurant).app_reply_pause_minutes
    return timedelta(minutes=get_settings().app_reply_pause_minutes if minutes is None else minutes)


def _resume_after_app_pause(session: Session, ctx: InboundContext, now: datetime) -> None:
    """A conversation paused by a reply from the phone app goes back to the assistant once idle."""
    conv = ctx.conversation
    if (
        conv.handled_by == Handler.staff
        and conv.app_reply_at
        and now - conv.app_reply_at >= app_reply_pause(ctx.restaurant)
    ):
        conv.handled_by, conv.app_reply_at = Handler.ai, None
        session.add(conv)
        session.add(
            event_entry(
                ctx.restaurant.id,
                "system",
                "conversation.handback",
                ("conversation", conv.id),
                reason="app_reply_idle",
            )
        )


def _set_opt_out(
    session: Session, ctx: InboundContext, now: datetime, *, opted_out: bool, media_jobs: list[Requested]
) -> InboundOutcome:
    """The customer asked to stop (or to resume) marketing: record it and confirm in their words."""
    set_opt_out(session, ctx, now, opted_out=opted_out)
    body = ctx.message.body or ""
    # "stop sending me offers" is answered in English; a keyword alone ("STOP") says no language
    if len(body.split()) > 1 and ctx.note_language(body):
        session.add(ctx.customer)
    kind = "opted_out" if opted_out else "opted_in"
    confirm = opted_out_confirmation if opted_out else opted_in_confirmation
    answer = confirm(language=ctx.language, personality=ctx.personality)
    return InboundOutcome(
        kind, [_reply(session, ctx, "optout" if opted_out else "optin", answer)], media_jobs
    )


def _respond(session: Session, ctx: InboundContext, now: datetime) -> InboundOutcome:
    media_jobs: list[Requested] = [(FollowUp.fetch_media, (ctx.message.id,))] if ctx.message.media_id else []
    text = ctx.message.body or ""
    customer = ctx.customer
    if text and stops_the_offers(text):
        stopped = _set_opt_out(session, ctx, now, opted_out=True, media_jobs=media_jobs)
        ordered = ordering_part(session, ctx, text)  # "وقفوا العروض، وابي ٢ برجر": and the order
        if ordered is None or ctx.conversation.handled_by == Handler.staff:
            return stopped
        flow = Flow(session, ctx, now, text=ordered).run()
        sends = [
            _reply(session, ctx, f"a{i}", r.body, r.buttons, r.rows, r.list_button)
            for i, r in enumerate(flow.replies)
        ]
        signal_change(session, ctx.restaurant.id, "reply")
        return InboundOutcome("replied", stopped.sends + sends + flow.sends, flow.jobs + media_jobs)
    if text and is_opt_in(text) and customer.opted_out:
        return _set_opt_out(session, ctx, now, opted_out=False, media_jobs=media_jobs)
    if ctx.message.type in QUIET_TYPES:  # logged in the thread; nothing for the assistant to answer
        signal_change(session, ctx.restaurant.id, "inbound")
        return InboundOutcome("processed", [], media_jobs)
    if ctx.message.type == "request_welcome":
        welcome = options(ctx.restaurant).welcome_message.strip()
        sends = [_reply(session, ctx, "welcome", welcome)] if welcome and not customer.opted_out else []
        return InboundOutcome("replied" if sends else "processed", sends, media_jobs)
    _resume_after_app_pause(session, ctx, now)
    if ctx.conversation.handled_by == Handler.staff:
        signal_change(session, ctx.restaurant.id, "inbound")
        return InboundOutcome("staff", [], media_jobs)  # staff own it: the assistant stays silent

    if text and is_opt_in(text):  # "ازاي اشترك في العروض؟" from one who never stopped them: on the list
        answer = already_subscribed(language=ctx.language, personality=ctx.personality)
        signal_change(session, ctx.restaurant.id, "reply")
        return InboundOutcome("replied", [_reply(session, ctx, "optin", answer)], media_jobs)
    flow = respond(session=session, ctx=ctx, now=now)
    sends = [
        _reply(session, ctx, f"a{i}", r.body, r.buttons, r.rows, r.list_button)
        for i, r in enumerate(flow.replies)
    ]
    sends += flow.sends  # alerts to the restaurant's managers, after the customer's replies
    if sends or flow.jobs:
        signal_change(session, ctx.restaurant.id, "reply")
    return InboundOutcome("replied", sends, flow.jobs + media_jobs)


def respond(*, session: Session, ctx: InboundContext, now: datetime) -> FlowResult:
    """Run the rule-based flow, or the LLM-assisted one when a key is configured."""
    if get_settings().llm_api_key:
        result = respond_with_llm(session=session, ctx=ctx, now=now)
        if result is not None:
            return result
    return Flow(session, ctx, now).run()
