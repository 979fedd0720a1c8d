"""WhatsApp alerts to owners and managers about negative feedback (beside the dashboard bell).

A restaurant turns them off with `settings["alert_managers_whatsapp"] = False` (on by default
for every owner/manager with `User.whatsapp_number`). Managers hear only about their branches.
The idempotency key is per feedback and user, so a second call for the same feedback sends
nothing new. The caller commits, then enqueues the returned sends.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session, col, select

from crm_res.models import Customer, Feedback, MessageSender, Restaurant, Role, User
from crm_res.models.customer import customer_label
from crm_res.services.options import options
from crm_res.services.outbox.outbox import queue_message, text_payload
from crm_res.services.outreach.summaries import staff_recipient

log = logging.getLogger(__name__)
PURPOSE = "manager_alert"


def alert_text(*, feedback: Feedback, customer: Customer, branch_name: str, english: bool) -> str:
    """The alert's text in the manager's language."""
    who = customer.name or customer_label(customer)
    rating = f"{feedback.rating}/5" if feedback.rating else ("no rating yet" if english else "بدون تقييم بعد")
    comment = (feedback.comment or "").strip()[:300]
    if english:
        return (
            f"⚠️ Negative feedback — {branch_name}\nCustomer: {who}\nRating: {rating}\n"
            f"{comment}\nOpen the dashboard to follow up."
        )
    return (
        f"⚠️ ملاحظة سلبية — فرع {branch_name}\nالعميل: {who}\nالتقييم: {rating}\n"
        f"{comment}\nتابعها من لوحة التحكم."
    )


def queue_negative_feedback_alerts(
    *, session: Session, restaurant: Restaurant, feedback: Feedback, customer: Customer, branch_name: str
) -> list[tuple[int, datetime | None]]:
    """Queue one WhatsApp alert per owner, and per manager of the feedback's branch, with a number."""
    if not options(restaurant).alert_managers_whatsapp:
        return []
    users = session.exec(
        select(User).where(
            User.restaurant_id == restaurant.id,
            User.is_active,
            col(User.role).in_([Role.owner, Role.manager]),
            col(User.whatsapp_number).is_not(None),
        )
    ).all()
    sends: list[tuple[int, datetime | None]] = []
    for user in users:
        if user.role == Role.manager and user.branch_ids and feedback.branch_id not in user.branch_ids:
            continue
        recipient = staff_recipient(session=session, restaurant_id=restaurant.id, user=user)
        if recipient is None or recipient.id == customer.id:
            continue
        body = alert_text(
            feedback=feedback, customer=customer, branch_name=branch_name, english=user.language == "en"
        )
        payload = {
            "message": text_payload(recipient.wa_id, body),
            # for an approved template when the manager has not written in the last 24 hours
            "template_params": {
                "branch": branch_name,
                "customer": customer.name or customer_label(customer),
                "rating": str(feedback.rating or "-"),
                "comment": (feedback.comment or "-")[:200],
                "restaurant_name": restaurant.name_ar,
            },
        }
        queued = queue_message(
            session=session,
            restaurant_id=restaurant.id,
            customer=recipient,
            idempotency_key=f"feedback-alert:{feedback.id}:{user.id}",
            kind="text",
            payload=payload,
            body_preview=body,
            purpose=PURPOSE,
            sender=MessageSender.system,
        )
        if queued.created:
            sends.append((queued.outbox_id, queued.not_before))
    return sends
