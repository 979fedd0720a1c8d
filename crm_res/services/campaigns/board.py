"""What the Campaigns page reads and sets besides the campaign actions (services/campaigns/actions.py):
the list with live counts, a saved campaign's audience before sending, the restaurant's campaign
limits (frequency cap, attribution window) and the number a test goes to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from crm_res.models import Restaurant, Role, User
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.campaigns import actions
from crm_res.services.changes import audit_entry, changes
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.inbox.conversations import fill_template, get_conversation
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.services.options import RestaurantOptions, options

# Per campaign: recipients, and where their sends are. Delivered/read come from Meta's statuses.
_COUNTS = """
SELECT r.campaign_id,
       count(*) AS targeted,
       count(*) FILTER (WHERE r.status = 'pending') AS waiting,
       count(*) FILTER (WHERE r.held_count > 0) AS held,
       count(*) FILTER (WHERE o.status = 'sent') AS sent,
       count(*) FILTER (WHERE o.status = 'failed') AS failed,
       count(*) FILTER (WHERE o.status = 'sent' AND EXISTS (
           SELECT 1 FROM message_status_events e WHERE e.wa_message_id = o.wa_message_id
           AND e.restaurant_id = r.restaurant_id AND e.status IN ('delivered', 'read'))) AS delivered,
       count(*) FILTER (WHERE o.status = 'sent' AND EXISTS (
           SELECT 1 FROM message_status_events e WHERE e.wa_message_id = o.wa_message_id
           AND e.restaurant_id = r.restaurant_id AND e.status = 'read')) AS read
FROM campaign_recipients r
LEFT JOIN outbox o ON o.id = r.outbox_id AND o.restaurant_id = r.restaurant_id
WHERE r.restaurant_id = :r AND r.campaign_id = ANY(:ids){scope}
GROUP BY r.campaign_id
"""
COUNT_KEYS = ("targeted", "waiting", "held", "sent", "failed", "delivered", "read")


def campaign_board(*, session: Session, viewer: Viewer, limit: int = 50) -> list[dict[str, Any]]:
    """The newest campaigns with their status, template and live counts (one query for the counts)."""
    rows = actions.list_campaigns(session=session, viewer=viewer, limit=limit)
    ids = [r["id"] for r in rows]
    scope, scope_params = actions.recipient_scope(viewer)  # a manager counts their branches' recipients
    counts = (
        {
            str(row.campaign_id): row
            for row in session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
                text(_COUNTS.format(scope=scope)),
                params={"r": viewer.restaurant_id, "ids": ids, **scope_params},
            ).all()
        }
        if ids
        else {}
    )
    out = []
    for r in rows:
        c = counts.get(r["id"])
        out.append({**r, **{k: int(getattr(c, k)) if c is not None else 0 for k in COUNT_KEYS}})
    return out


def saved_audience(*, session: Session, viewer: Viewer, campaign_id: Any) -> dict[str, Any]:
    """A draft's audience as it would be frozen now: count after exclusions, and a sample."""
    detail = actions.campaign_detail(session=session, viewer=viewer, campaign_id=campaign_id)
    campaign = actions._campaign(session, viewer, campaign_id)
    numbers = "\n".join(campaign.audience.get("numbers") or [])
    return actions.preview_audience(
        session=session, viewer=viewer, segment=detail["segment"], numbers_csv=numbers or None
    )


def campaign_limits(*, session: Session, viewer: Viewer) -> dict[str, int]:
    o = _options(session, viewer)
    return {
        "frequency_cap_days": o.campaign_frequency_cap_days,
        "attribution_days": o.campaign_attribution_days,
    }


@allowed_roles(Role.owner, Role.manager, action="change campaign limits")
def set_campaign_limits(
    *, session: Session, viewer: Viewer, frequency_cap_days: Any, attribution_days: Any
) -> dict[str, int]:
    """The restaurant's frequency cap (no campaign to a customer reached by one in the last N
    days; 0: none) and attribution window (orders within N days of delivery count)."""
    try:
        cap, window = int(str(frequency_cap_days).strip()), int(str(attribution_days).strip())
    except ValueError:
        raise InvalidInput("not a valid number of days", code="days") from None
    if not 0 <= cap <= 365 or not 1 <= window <= 60:
        raise InvalidInput("not a valid number of days (cap 0-365, attribution 1-60)", code="days")
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    old = restaurant.settings or {}
    before = {
        "frequency_cap_days": old.get("campaign_frequency_cap_days"),
        "attribution_days": old.get("campaign_attribution_days"),
    }
    restaurant.settings = {**old, "campaign_frequency_cap_days": cap, "campaign_attribution_days": window}
    session.add(restaurant)
    session.add(
        audit_entry(
            viewer,
            "settings.campaign_limits",
            "restaurant",
            str(viewer.restaurant_id),
            changes(before, {"frequency_cap_days": cap, "attribution_days": window}),
        )
    )
    return {"frequency_cap_days": cap, "attribution_days": window}


def my_test_number(*, session: Session, viewer: Viewer) -> str:
    """The number "send a test to me" offers: the user's own WhatsApp number, if they gave one."""
    user = session.get(User, viewer.user_id)
    return (user.whatsapp_number or "").lstrip("+") if user is not None else ""


def known_tags(*, session: Session, viewer: Viewer) -> list[str]:
    """Every tag in use, for the segment builder."""
    rows = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "SELECT DISTINCT unnest(tags) FROM customers WHERE restaurant_id = :r AND NOT is_test ORDER BY 1"
        ),
        params={"r": viewer.restaurant_id},
    ).all()
    return [str(t[0]) for t in rows if t[0]]


# The campaign sends a conversation answers: sent to its customer from the attribution window
# before the conversation started up to its last message. The one definition of attribution in a
# conversation: the badge names the latest of these sends, the thread shows them all.
_ANSWERED = (
    "r.restaurant_id = :r AND r.customer_id = :cu AND o.status = 'sent' "
    "AND o.sent_at >= :since AND o.sent_at <= :until"
)


def _answered_params(session: Session, viewer: Viewer, conversation_id: Any) -> dict[str, Any]:
    """The parameters of `_ANSWERED` for one conversation the viewer may see."""
    conv = get_conversation(session=session, viewer=viewer, conversation_id=conversation_id)
    window = timedelta(days=_options(session, viewer).campaign_attribution_days)
    return {
        "r": viewer.restaurant_id,
        "cu": conv.customer_id,
        "since": conv.started_at - window,
        "until": max(conv.last_message_at or conv.started_at, conv.started_at),
    }


def campaign_for_conversation(*, session: Session, viewer: Viewer, conversation_id: Any) -> str:
    """The name of the campaign this conversation answers, or "": the latest of the campaign sends
    it answers (`_ANSWERED`; the business message the customer replied to came from it). The
    inbox's badge on the open conversation shows it."""
    row = session.exec(
        text(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            "SELECT c.name FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id "
            "JOIN outbox o ON o.id = r.outbox_id AND o.restaurant_id = r.restaurant_id "
            f"WHERE {_ANSWERED} ORDER BY o.sent_at DESC LIMIT 1"
        ),
        params=_answered_params(session, viewer, conversation_id),
    ).first()
    return str(row[0]) if row else ""


# The campaign messages a conversation answers, with the text the customer got: the template's
# body filled with the recipient's own values, and the furthest status Meta reported.
_THREAD = f"""
SELECT o.id, o.sent_at, c.name, t.name, t.body_preview, t.parameters, r.params, o.status, o.last_error,
       (SELECT e.status FROM message_status_events e WHERE e.restaurant_id = o.restaurant_id
        AND e.wa_message_id = o.wa_message_id AND e.status IN ('delivered', 'read', 'failed')
        ORDER BY CASE e.status WHEN 'read' THEN 2 WHEN 'failed' THEN 3 ELSE 1 END DESC LIMIT 1) AS reported
FROM campaign_recipients r
JOIN campaigns c ON c.id = r.campaign_id AND c.restaurant_id = r.restaurant_id
JOIN outbox o ON o.id = r.outbox_id AND o.restaurant_id = r.restaurant_id
LEFT JOIN message_templates t ON t.id = c.template_id AND t.restaurant_id = r.restaurant_id
WHERE {_ANSWERED}
ORDER BY o.sent_at
"""


def campaign_thread_messages(
    *, session: Session, viewer: Viewer, conversation_id: Any
) -> list[dict[str, Any]]:
    """The campaign messages this conversation answers, as entries of its thread (kind "campaign",
    the campaign's name as author): every campaign send it answers (`_ANSWERED`; the badge names
    the latest), so staff read what the customer is replying to. Shaped like
    `conversation_messages`' rows; placed by time (`ts`) among the messages."""
    rows = session.exec(
        text(_THREAD),
        params=_answered_params(session, viewer, conversation_id),  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
    ).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    out = []
    for outbox_id, at, campaign, template, preview, names, params, status, error, reported in rows:
        values = {str(k): str(v) for k, v in (params or {}).items()}
        body = fill_template(preview or "", [str(n) for n in names or []], values) if preview else ""
        out.append(
            {
                "id": -int(outbox_id),
                "sender": "campaign",
                "direction": "outbound",
                "type": "template",
                "kind": "campaign",
                "body": body or template or "",
                "status": reported or str(status),
                "error": (error or "") if reported == "failed" else "",
                "at": at.isoformat(),
                "ts": at.timestamp(),
                "at_label": time_label(at, tz, now),
                "media": "",
                "media_url": "",
                "filename": "",
                "map_url": "",
                "author": campaign,
                "campaign": campaign,
                "edited": False,
                "original": "",
                "deleted": False,
                "reaction": "",
                "notice": "",
                "why": "",
            }
        )
    return out


def _options(session: Session, viewer: Viewer) -> RestaurantOptions:
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    return options(restaurant)


def local_now(*, session: Session, viewer: Viewer) -> datetime:
    """Now in the restaurant's timezone (the form's default date and time)."""
    from zoneinfo import ZoneInfo

    restaurant = session.get(Restaurant, viewer.restaurant_id)
    tz = ZoneInfo(restaurant.timezone if restaurant else "Asia/Riyadh")
    return datetime.now(UTC).astimezone(tz)
