"""Marketing consent: a customer's stop (or resume), recorded one way whether it came as words
("وقفوا الرسائل", inbound.py) or as the answer to the opt-out question (flow.py)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from crm_res.services.changes import event_entry
from crm_res.services.dialogue.context import InboundContext


def set_opt_out(session: Session, ctx: InboundContext, now: datetime, *, opted_out: bool) -> None:
    """Mark the customer opted out (or back in) and log who, before and after."""
    customer = ctx.customer
    was = customer.opted_out
    customer.opted_out, customer.opted_out_at = opted_out, (now if opted_out else None)
    session.add(customer)
    session.add(
        event_entry(
            ctx.restaurant.id,
            "customer",
            "customer.opted_out" if opted_out else "customer.opted_in",
            ("customer", customer.id),
            who=customer.name or customer.wa_id,
            before={"opted_out": was},
            after={"opted_out": opted_out},
        )
    )
