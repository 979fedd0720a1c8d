"""Campaigns for the dashboard, the CLI and the API: create, preview the audience, schedule, pause,
resume, cancel, send a test, results. The engine (release, pacing, prayer) is
services/campaigns/release.py; the audience reuses the customer list's segments (CustomerFilter).

Writes are for owners and managers; every query is scoped to the viewer's restaurant.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.models import (
    Campaign,
    Customer,
    Language,
    MessageSender,
    MessageTemplate,
    Restaurant,
    Role,
)
from crm_res.models.customer import NO_NUMBER_CSV, shown_contact
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.campaigns import release as engine
from crm_res.services.changes import audit_entry, changes
from crm_res.services.csv_export import to_csv
from crm_res.services.csv_problems import CsvLineErrors
from crm_res.services.customers.customers import parse_customers_csv
from crm_res.services.customers.segments import CustomerFilter
from crm_res.services.customers.segments import apply_filters as _apply_filters
from crm_res.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from crm_res.services.ids import parse_id
from crm_res.services.lists import normalize_wa_id
from crm_res.services.options import options
from crm_res.services.outbox.outbox import queue_message
from crm_res.services.outreach.summaries import STAFF_TAG

MANAGE = (Role.owner, Role.manager)
NAME_MAX = 120
SAMPLE = 5
PAGE = 50
_FILTER_FIELDS = {f.name for f in fields(CustomerFilter)} - {"opted_out", "test"}
META_TEMPLATES_URL = "https://business.facebook.com/wa/manage/message-templates/"


# --------------------------------------------------------------------------- audience


def parse_numbers_csv(content: str) -> list[dict[str, Any]]:
    """An uploaded list of numbers: the customer import's format (a `wa_id` column, optionally
    name, language, tags), or one number per line without a header. Bad lines are reported by
    their number in the file (CsvLineErrors); nothing is kept from a file with a bad line."""
    body = (content or "").lstrip("\ufeff")
    first = body.split("\n", 1)[0].lower()
    if "wa_id" in first:
        return parse_customers_csv(body)
    try:
        return parse_customers_csv("wa_id\n" + body)
    except CsvLineErrors as exc:  # the added header shifted every line by one
        raise CsvLineErrors([(n - 1, problems) for n, problems in exc.lines]) from None


LANGUAGES = ("ar", "en")  # the segment's language: any Arabic dialect, or English
DIALECTS = ("ar-SA", "ar-EG", "ar-LV")
LAST_ORDER = ("7", "30", "90", "none_30", "none_90")  # ordered within N days | no order in N days


def _segment(raw: dict[str, Any] | None) -> tuple[CustomerFilter, uuid.UUID | None] | None:
    """The customer list's segment, plus the campaign builder's own keys: `language` "ar" (any
    dialect) or "en", `dialect` (one Arabic dialect: wins over `language`), `last_order`."""
    if raw is None:
        return None
    values = {k: str(v) for k, v in raw.items() if k in _FILTER_FIELDS and v is not None}
    dialect, language = str(raw.get("dialect") or ""), str(raw.get("language") or "")
    if dialect and dialect not in DIALECTS:
        raise InvalidInput(f"not a valid dialect: {dialect!r}")
    if language and language not in (*LANGUAGES, *DIALECTS):
        raise InvalidInput(f"not a valid language: {language!r}")
    if str(raw.get("last_order") or "") not in ("", *LAST_ORDER):
        raise InvalidInput(f"not a valid last order choice: {raw.get('last_order')!r}")
    values["language"] = dialect or (language if language in ("en", *DIALECTS) else "")
    branch = raw.get("branch_id")
    return CustomerFilter(**values), (parse_id(branch, "branch") if branch else None)


def _segment_extra(query: Any, raw: dict[str, Any], restaurant_id: uuid.UUID, now: datetime) -> Any:
    """The conditions CustomerFilter does not have: any Arabic dialect, the last order."""
    if raw.get("language") == "ar" and not raw.get("dialect"):
        query = query.where(Customer.language_preference != Language.en)
    last_order = str(raw.get("last_order") or "")
    if last_order:
        days = int(last_order.removeprefix("none_"))
        recent = text(
            "SELECT customer_id FROM orders WHERE restaurant_id = :ro AND status <> 'cancelled' AND created_at >= :since"
        ).bindparams(ro=restaurant_id, since=now - timedelta(days=days))
        inside = col(Customer.id).in_(recent)
        query = query.where(~inside if last_order.startswith("none_") else inside)
    return query


def _audience_ids(
    session: Session, viewer: Viewer, audience: dict[str, Any], now: datetime
) -> list[uuid.UUID]:
    """The customers the audience names, each once (segment order: oldest first; then numbers)."""
    ids: list[uuid.UUID] = []
    seg = _segment(audience.get("segment"))
    scope = _viewer_scope(viewer)
    if seg is not None:
        f, branch_id = seg
        if branch_id is not None and not viewer.can_see_branch(branch_id):
            raise Forbidden("a campaign can only reach the branches you manage", code="campaign_branch")
        query = _apply_filters(select(Customer.id), viewer, f, now)
        query = _segment_extra(query, audience.get("segment") or {}, viewer.restaurant_id, now)
        if branch_id is not None:
            query = query.where(col(Customer.id).in_(_branch_customers(viewer.restaurant_id, [branch_id])))
        if scope is not None:
            query = query.where(col(Customer.id).in_(scope))
        ids.extend(session.exec(query.order_by(col(Customer.created_at), col(Customer.id))).all())
    numbers = audience.get("numbers") or []
    if numbers:
        query = select(Customer.wa_id, Customer.id).where(
            Customer.restaurant_id == viewer.restaurant_id, col(Customer.wa_id).in_(numbers)
        )
        if scope is not None:
            query = query.where(col(Customer.id).in_(scope))
        found = dict(session.exec(query).all())
        ids.extend(found[n] for n in numbers if n in found)
    return list(dict.fromkeys(ids))


def _branch_customers(restaurant_id: uuid.UUID, branch_ids: list[uuid.UUID]) -> Any:
    """The customers of these branches: an order there, or a conversation routed there."""
    return text(
        "SELECT customer_id FROM orders WHERE restaurant_id = :rb AND branch_id = ANY(:bs) UNION "
        "SELECT customer_id FROM conversations WHERE restaurant_id = :rb AND branch_id = ANY(:bs)"
    ).bindparams(rb=restaurant_id, bs=list(branch_ids))


def _viewer_scope(viewer: Viewer) -> Any | None:
    """Who a campaign of this viewer may reach: an owner, every customer (None); a manager, only
    the customers of the branches they manage (none without a branch: fail closed). Numbers of an
    uploaded file that are not such customers are left out (`other_branches`)."""
    if viewer.sees_all_branches:
        return None
    return _branch_customers(viewer.restaurant_id, list(viewer.branch_ids))


def _outside_scope(session: Session, viewer: Viewer, numbers: list[str]) -> set[str]:
    """The file's numbers a manager may not reach: customers of other branches, and numbers that
    are no customer yet (they belong to no branch of theirs)."""
    scope = _viewer_scope(viewer)
    if scope is None or not numbers:
        return set()
    inside = set(
        session.exec(
            select(Customer.wa_id).where(
                Customer.restaurant_id == viewer.restaurant_id,
                col(Customer.wa_id).in_(numbers),
                col(Customer.id).in_(scope),
            )
        ).all()
    )
    return {n for n in numbers if n not in inside}


def _numbers(rows: list[dict[str, Any]] | None) -> list[str]:
    return [r["wa_id"] for r in rows or []]


def preview_audience(
    *,
    session: Session,
    viewer: Viewer,
    segment: dict[str, Any] | None = None,
    numbers_csv: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """What a campaign would reach: the count after exclusions, each exclusion's count, numbers of
    the file that are not customers yet (they are added when the campaign is scheduled), a sample."""
    now = now or datetime.now(UTC)
    rows = parse_numbers_csv(numbers_csv) if numbers_csv and numbers_csv.strip() else []
    audience = {"segment": segment, "numbers": _numbers(rows)}
    ids = _audience_ids(session, viewer, audience, now)
    restaurant = _restaurant(session, viewer)
    excluded = engine.excluded_customer_ids(session=session, restaurant=restaurant, customer_ids=ids, now=now)
    dropped = set().union(*excluded.values())
    kept = [i for i in ids if i not in dropped]
    numbers = [str(n) for n in audience["numbers"] or []]
    outside = _outside_scope(session, viewer, numbers)
    known = set(
        session.exec(
            select(Customer.wa_id).where(
                Customer.restaurant_id == viewer.restaurant_id, col(Customer.wa_id).in_(numbers)
            )
        ).all()
    )
    new = [n for n in numbers if n not in known and n not in outside]
    sample = session.exec(select(Customer).where(col(Customer.id).in_(kept[:SAMPLE]))).all() if kept else []
    return {
        "count": len(kept) + len(new),
        "matched": len(ids),
        "new_numbers": len(new),
        "excluded": {**{k: len(v) for k, v in excluded.items()}, "other_branches": len(outside)},
        "sample": [{"name": c.name or "", "wa_id": c.wa_id} for c in sample]
        + [{"name": "", "wa_id": n} for n in new[: max(0, SAMPLE - len(sample))]],
    }


# --------------------------------------------------------------------------- writes


def _restaurant(session: Session, viewer: Viewer) -> Restaurant:
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    return restaurant


def _campaign(session: Session, viewer: Viewer, campaign_id: Any) -> Campaign:
    campaign = session.get(Campaign, parse_id(campaign_id, "campaign"))
    if campaign is None or campaign.restaurant_id != viewer.restaurant_id:
        raise NotFound("no such campaign")
    return campaign


def _template(session: Session, viewer: Viewer, template_id: Any) -> MessageTemplate:
    template = session.get(MessageTemplate, parse_id(template_id, "template"))
    if template is None or template.restaurant_id != viewer.restaurant_id:
        raise NotFound("no such template")
    if template.status != "approved":
        raise InvalidInput(
            f"template {template.name} is {template.status} at Meta, not approved",
            code="template_not_approved",
        )
    return template


def _audit(
    session: Session,
    viewer: Viewer,
    kind: str,
    campaign: Campaign,
    was: dict[str, Any] | None = None,
    **data: Any,
) -> None:
    """`was`: the fields before the change, compared with the campaign's now (before/after)."""
    if was is not None:
        data.update(changes(was, {k: getattr(campaign, k) for k in was}))
    session.add(audit_entry(viewer, kind, "campaign", str(campaign.id), {"name": campaign.name, **data}))


@allowed_roles(*MANAGE, action="create campaigns")
def create_campaign(
    *,
    session: Session,
    viewer: Viewer,
    name: str,
    template_id: Any,
    template_params: dict[str, str] | None = None,
    segment: dict[str, Any] | None = None,
    numbers_csv: str | None = None,
    timing: dict[str, Any] | None = None,
    discount_percent: int | None = None,
    max_recipients: int | None = None,
) -> uuid.UUID:
    """A draft campaign (nothing is sent until it is scheduled)."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(f"a campaign needs a name of 1 to {NAME_MAX} characters", code="campaign_name")
    template = _template(session, viewer, template_id)
    rows = parse_numbers_csv(numbers_csv) if numbers_csv and numbers_csv.strip() else []
    if segment is None and not rows:
        raise InvalidInput("choose a segment, upload a list of numbers, or both", code="campaign_audience")
    seg = _segment(segment)  # validates the branch id
    if seg is not None and seg[1] is not None and not viewer.can_see_branch(seg[1]):
        raise Forbidden("a campaign can only reach the branches you manage", code="campaign_branch")
    params = {str(k): str(v)[:1000] for k, v in (template_params or {}).items()}
    unknown = sorted(set(params) - {str(p) for p in template.parameters})
    if unknown:
        raise InvalidInput(
            f"template {template.name} has no parameter(s) {', '.join(unknown)}", code="campaign_params"
        )
    if discount_percent is not None and not 1 <= int(discount_percent) <= 100:
        raise InvalidInput("the discount must be between 1 and 100 percent", code="discount_range")
    if max_recipients is not None and int(max_recipients) < 1:
        raise InvalidInput("the recipient limit must be at least 1", code="recipient_limit")
    campaign = Campaign(
        restaurant_id=viewer.restaurant_id,
        name=name,
        template_id=template.id,
        template_params=params,
        audience={
            "segment": segment,
            "numbers": _numbers(rows),
            "names": {r["wa_id"]: r["name"] for r in rows if r.get("name")},
        },
        timing=engine.check_timing(timing or {"mode": "now"}),
        discount_percent=discount_percent,
        max_recipients=max_recipients,
        created_by=viewer.user_id,
    )
    session.add(campaign)
    session.flush()
    _audit(session, viewer, "campaign.created", campaign, was={"status": None, "name": None})
    return campaign.id


@allowed_roles(*MANAGE, action="change a campaign's time")
def update_timing(
    *, session: Session, viewer: Viewer, campaign_id: Any, timing: dict[str, Any]
) -> dict[str, Any]:
    """A new time, before the first send: the recipients' due times are worked out again."""
    campaign = _campaign(session, viewer, campaign_id)
    if campaign.status not in ("draft", "scheduled", "paused") or campaign.started_at is not None:
        raise Conflict("the campaign has started: pause or cancel it instead", code="campaign_started")
    was = {"timing": dict(campaign.timing or {})}
    campaign.timing = engine.check_timing(timing)
    session.add(campaign)
    if campaign.status != "draft":
        engine.redo_due_times(session=session, campaign=campaign, now=datetime.now(UTC))
    _audit(session, viewer, "campaign.rescheduled", campaign, was=was)
    return campaign.timing


@allowed_roles(*MANAGE, action="send campaigns")
def schedule_campaign(
    *, session: Session, viewer: Viewer, campaign_id: Any, now: datetime | None = None
) -> dict[str, Any]:
    """Freeze the audience into recipients (numbers of the file that are not customers yet are
    added) and let the release job send at the campaign's time. Returns counts."""
    now = now or datetime.now(UTC)
    campaign = _campaign(session, viewer, campaign_id)
    if campaign.status != "draft":
        raise Conflict(f"the campaign is {campaign.status}, not a draft", code="campaign_state")
    numbers = campaign.audience.get("numbers") or []
    outside = _outside_scope(session, viewer, numbers)  # a manager's file: only their branches' customers
    numbers = [n for n in numbers if n not in outside]
    names = campaign.audience.get("names") or {}
    for start in range(0, len(numbers), 1000):
        session.execute(
            insert(Customer)
            .values(
                [
                    {
                        "id": uuid.uuid4(),
                        "restaurant_id": viewer.restaurant_id,
                        "wa_id": n,
                        "name": names.get(n),
                        "language_preference": Language.ar_sa,
                        "tags": [],
                        "dietary_restrictions": [],
                        "conversation_context": {},
                        "lifetime_value": Decimal(0),
                        "created_at": now,
                        "updated_at": now,
                    }
                    for n in numbers[start : start + 1000]
                ]
            )
            .on_conflict_do_nothing(constraint="uq_customers_restaurant_wa_id")
        )
    ids = _audience_ids(session, viewer, campaign.audience, now)
    frozen = engine.freeze_audience(session=session, campaign=campaign, customer_ids=ids, now=now)
    _audit(
        session,
        viewer,
        "campaign.scheduled",
        campaign,
        was={"status": "draft"},
        recipients=frozen.recipients,
        excluded=frozen.excluded,
    )
    return {"recipients": frozen.recipients, "excluded": frozen.excluded}


@allowed_roles(*MANAGE, action="pause campaigns")
def pause_campaign(*, session: Session, viewer: Viewer, campaign_id: Any) -> int:
    """Stop releasing; sends queued but not yet posted go back to waiting. Returns how many."""
    campaign = _campaign(session, viewer, campaign_id)
    if campaign.status not in engine.ACTIVE:
        raise Conflict(
            f"the campaign is {campaign.status}: only a scheduled or running one can be paused",
            code="campaign_state",
        )
    was = {"status": campaign.status}
    taken = engine.unqueue(session=session, campaign=campaign, to="pending")
    campaign.status = "paused"
    session.add(campaign)
    _audit(session, viewer, "campaign.paused", campaign, was=was, taken_back=taken)
    return taken


@allowed_roles(*MANAGE, action="resume campaigns")
def resume_campaign(*, session: Session, viewer: Viewer, campaign_id: Any) -> str:
    campaign = _campaign(session, viewer, campaign_id)
    if campaign.status != "paused":
        raise Conflict(f"the campaign is {campaign.status}, not paused", code="campaign_state")
    campaign.status = "running" if campaign.started_at else "scheduled"
    session.add(campaign)
    _audit(session, viewer, "campaign.resumed", campaign, was={"status": "paused"})
    return campaign.status


@allowed_roles(*MANAGE, action="cancel campaigns")
def cancel_campaign(
    *, session: Session, viewer: Viewer, campaign_id: Any, now: datetime | None = None
) -> int:
    """Nothing not yet posted is ever posted. Returns how many queued sends were cancelled."""
    campaign = _campaign(session, viewer, campaign_id)
    if campaign.status in ("completed", "cancelled"):
        raise Conflict(f"the campaign is already {campaign.status}", code="campaign_state")
    was = {"status": campaign.status}
    taken = engine.unqueue(session=session, campaign=campaign, to="cancelled")
    campaign.status, campaign.finished_at = "cancelled", now or datetime.now(UTC)
    session.add(campaign)
    _audit(session, viewer, "campaign.cancelled", campaign, was=was, cancelled_sends=taken)
    return taken


@allowed_roles(*MANAGE, action="send a campaign test")
def send_test(*, session: Session, viewer: Viewer, campaign_id: Any, wa_id: str) -> tuple[int, Any]:
    """The campaign's message to one staff number now (not counted in the results; not held).
    Returns (outbox id, not before) for the caller to enqueue after commit."""
    campaign = _campaign(session, viewer, campaign_id)
    number = normalize_wa_id(wa_id or "")
    if not number.isdigit() or not 8 <= len(number) <= 15:
        raise InvalidInput(
            f"{wa_id!r} is not a phone number in international form (e.g. 966501234567)", code="test_number"
        )
    template = _template(session, viewer, campaign.template_id)
    customer = session.exec(
        select(Customer).where(Customer.restaurant_id == viewer.restaurant_id, Customer.wa_id == number)
    ).first()
    if customer is None:
        customer = Customer(restaurant_id=viewer.restaurant_id, wa_id=number, tags=[STAFF_TAG])
        session.add(customer)
        session.flush()
    params = engine.render_params(
        campaign.template_params, template, name=customer.name or "", code="TEST", branch="-"
    )
    queued = queue_message(
        session=session,
        restaurant_id=viewer.restaurant_id,
        customer=customer,
        idempotency_key=f"campaign-test:{campaign.id}:{uuid.uuid4()}",
        kind="template",
        payload={"message": engine.template_message(number, template, params)},
        body_preview=template.name,
        purpose="campaign_test",
        sender=MessageSender.staff,
        sent_by_user_id=viewer.user_id,
    )
    _audit(session, viewer, "campaign.test_sent", campaign, to=number)
    return queued.outbox_id, queued.not_before


# --------------------------------------------------------------------------- reads


def list_campaigns(*, session: Session, viewer: Viewer, limit: int = 100) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Campaign)
        .where(Campaign.restaurant_id == viewer.restaurant_id)
        .order_by(col(Campaign.created_at).desc())
        .limit(limit)
    ).all()
    scope, scope_params = recipient_scope(viewer)
    counts = (
        dict(
            session.exec(
                text(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
                    "SELECT r.campaign_id, count(*) FROM campaign_recipients r WHERE r.restaurant_id = :r "
                    f"AND r.campaign_id = ANY(:ids){scope} GROUP BY 1"
                ),
                params={"r": viewer.restaurant_id, "ids": [c.id for c in rows], **scope_params},
            ).all()
        )
        if rows
        else {}
    )
    return [
        {
            "id": str(c.id),
            "name": c.name,
            "status": c.status,
            "timing": c.timing,
            "recipients": counts.get(c.id, 0),
            "created_at": c.created_at.isoformat(),
        }
        for c in rows
    ]


# One row per recipient with everything the results count (Meta's statuses by the outbox row's wamid).
_RECIPIENTS = """
SELECT r.id, r.wa_id, cu.name, cu.username, r.city, r.status AS rstatus, r.held_count, r.held_reason, r.due_at,
       r.discount_code, o.status::text AS ostatus, o.sent_at, o.last_error,
       ev.delivered_at, ev.read_at, ev.error_code, ev.error_title,
       (cu.opted_out AND cu.opted_out_at >= o.sent_at) AS opted_out_after,
       EXISTS (SELECT 1 FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
               WHERE cv.customer_id = r.customer_id AND cv.restaurant_id = r.restaurant_id
                 AND m.direction = 'inbound' AND m.created_at >= o.sent_at
                 AND m.created_at < o.sent_at + :window) AS replied,
       att.orders, att.revenue
FROM campaign_recipients r
JOIN customers cu ON cu.id = r.customer_id
LEFT JOIN outbox o ON o.id = r.outbox_id AND o.restaurant_id = r.restaurant_id
LEFT JOIN LATERAL (
    SELECT min(e.occurred_at) FILTER (WHERE e.status IN ('delivered', 'read')) AS delivered_at,
           min(e.occurred_at) FILTER (WHERE e.status = 'read') AS read_at,
           max(e.error_code) FILTER (WHERE e.status = 'failed') AS error_code,
           max(e.error_title) FILTER (WHERE e.status = 'failed') AS error_title
    FROM message_status_events e
    WHERE o.wa_message_id IS NOT NULL AND e.wa_message_id = o.wa_message_id AND e.restaurant_id = r.restaurant_id
) ev ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS orders, coalesce(sum(od.total_amount), 0) AS revenue
    FROM orders od
    WHERE ev.delivered_at IS NOT NULL AND od.customer_id = r.customer_id AND od.restaurant_id = r.restaurant_id
      AND od.status <> 'cancelled' AND od.created_at >= ev.delivered_at
      AND od.created_at < ev.delivered_at + :window
) att ON true
WHERE r.campaign_id = :c AND r.restaurant_id = :r
"""


def _state(row: Any) -> str:
    """One word per recipient: waiting | held | queued | sent | delivered | read | failed | cancelled."""
    if row.ostatus == "failed" or row.error_code is not None:
        return "failed"
    if row.rstatus == "cancelled" or row.ostatus == "cancelled":
        return "cancelled"
    if row.read_at is not None:
        return "read"
    if row.delivered_at is not None:
        return "delivered"
    if row.ostatus == "sent":
        return "sent"
    if row.rstatus == "queued":
        return "queued"
    return "held" if row.held_count else "waiting"


def recipient_scope(viewer: Viewer, alias: str = "r") -> tuple[str, dict[str, Any]]:
    """The recipients (`campaign_recipients AS <alias>`) whose results a viewer sees, as a SQL
    condition to AND onto a query bound to `:r` (the restaurant) and its parameters: an owner,
    every recipient; a manager, only the customers of the branches they manage (an order there or
    a conversation routed there: the rule an audience of theirs is built by, `_viewer_scope`),
    none without a branch (fail closed). Counts, drill-down and export all read through it."""
    if viewer.sees_all_branches:
        return "", {}
    return (
        f" AND {alias}.customer_id IN (SELECT customer_id FROM orders WHERE restaurant_id = :r "
        "AND branch_id = ANY(:scope_branches) UNION SELECT customer_id FROM conversations "
        "WHERE restaurant_id = :r AND branch_id = ANY(:scope_branches))",
        {"scope_branches": list(viewer.branch_ids)},
    )


def _recipient_rows(
    session: Session, viewer: Viewer, campaign: Campaign, extra: str = "", **params: Any
) -> list:
    restaurant = _restaurant(session, viewer)
    window = timedelta(days=options(restaurant).campaign_attribution_days)
    scope, scope_params = recipient_scope(viewer)
    return list(
        session.exec(
            text(_RECIPIENTS + scope + extra),  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            params={"c": campaign.id, "r": viewer.restaurant_id, "window": window, **scope_params, **params},
        ).all()
    )


def campaign_results(*, session: Session, viewer: Viewer, campaign_id: Any) -> dict[str, Any]:
    """Live figures: targeted, held for prayer, sent, delivered, read, failed (by Meta's reason),
    replied, opted out after it, orders and revenue within the attribution window of delivery."""
    campaign = _campaign(session, viewer, campaign_id)
    rows = _recipient_rows(session, viewer, campaign)
    states = [_state(r) for r in rows]
    reasons: dict[str, int] = {}
    by_code: dict[tuple[str, str], int] = {}
    for r, s in zip(rows, states, strict=True):
        if s == "failed":
            why = r.error_title or r.last_error or "failed"
            key = f"{why} ({r.error_code})" if r.error_code else why
            reasons[key] = reasons.get(key, 0) + 1
            code = str(r.error_code or _code_in(r.last_error) or "")
            by_code[(code, why)] = by_code.get((code, why), 0) + 1
    sent_like = {"sent", "delivered", "read"}
    return {
        "id": str(campaign.id),
        "name": campaign.name,
        "status": campaign.status,
        "timing": campaign.timing,
        "targeted": len(rows),
        "held_for_prayer": sum(1 for r in rows if r.held_count),
        "waiting": sum(1 for s in states if s in ("waiting", "held", "queued")),
        "sent": sum(1 for s in states if s in sent_like),
        "delivered": sum(1 for s in states if s in ("delivered", "read")),
        "read": states.count("read"),
        "failed": states.count("failed"),
        "failed_reasons": reasons,
        # the same, for a page that words Meta's codes itself: [{"code", "title", "count"}], most first
        "failed_by_reason": [
            {"code": c, "title": t, "count": n}
            for (c, t), n in sorted(by_code.items(), key=lambda kv: -kv[1])
        ],
        "cancelled": states.count("cancelled"),
        "replied": sum(1 for r in rows if r.replied),
        "opted_out_after": sum(1 for r in rows if r.opted_out_after),
        "orders": sum(int(r.orders or 0) for r in rows),
        "revenue": str(sum((Decimal(r.revenue or 0) for r in rows), Decimal(0)).quantize(Decimal("0.01"))),
        "attribution_days": options(_restaurant(session, viewer)).campaign_attribution_days,
    }


def _code_in(message: str | None) -> int | None:
    """Meta's error code in an outbox error such as "Message undeliverable (131026)"."""
    found = re.search(r"\((\d{3,6})\)", message or "")
    return int(found.group(1)) if found else None


def _recipient_dict(r: Any) -> dict[str, Any]:
    return {
        "wa_id": r.wa_id,
        "contact": shown_contact(r.wa_id, r.username),
        "name": r.name or "",
        "city": r.city,
        "state": _state(r),
        "held_reason": r.held_reason or "",
        "held_count": r.held_count,
        "sent_at": r.sent_at.isoformat() if r.sent_at else "",
        "delivered_at": r.delivered_at.isoformat() if r.delivered_at else "",
        "read_at": r.read_at.isoformat() if r.read_at else "",
        "error": (r.error_title or r.last_error or "") if _state(r) == "failed" else "",
        "error_code": r.error_code or (_code_in(r.last_error) if _state(r) == "failed" else None),
        "replied": bool(r.replied),
        "opted_out_after": bool(r.opted_out_after),
        "orders": int(r.orders or 0),
        "revenue": f"{Decimal(r.revenue or 0):.2f}",
        "discount_code": r.discount_code or "",
    }


def campaign_recipients(
    *,
    session: Session,
    viewer: Viewer,
    campaign_id: Any,
    state: str = "",
    page: int = 0,
    page_size: int = PAGE,
) -> list[dict[str, Any]]:
    """The per-recipient drill-down (optionally one state), in recipient order."""
    campaign = _campaign(session, viewer, campaign_id)
    rows = [
        r
        for r in _recipient_rows(session, viewer, campaign, " ORDER BY r.id")
        if not state or _state(r) == state
    ]
    return [_recipient_dict(r) for r in rows[page * page_size : (page + 1) * page_size]]


EXPORT_COLUMNS = (
    "wa_id",
    "name",
    "city",
    "state",
    "held_reason",
    "sent_at",
    "delivered_at",
    "read_at",
    "error",
    "error_code",
    "replied",
    "opted_out_after",
    "orders",
    "revenue",
    "discount_code",
)


def export_campaign_csv(*, session: Session, viewer: Viewer, campaign_id: Any) -> str:
    campaign = _campaign(session, viewer, campaign_id)
    rows = [_recipient_dict(r) for r in _recipient_rows(session, viewer, campaign, " ORDER BY r.id")]
    # The address column says the number or "@username", never a BSUID (as every export does).
    return to_csv(
        EXPORT_COLUMNS,
        (
            [row["contact"] or NO_NUMBER_CSV if k == "wa_id" else row[k] for k in EXPORT_COLUMNS]
            for row in rows
        ),
    )


def template_choices(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """The restaurant's templates with Meta's approval status (only approved ones can be sent)."""
    rows = session.exec(
        select(MessageTemplate)
        .where(MessageTemplate.restaurant_id == viewer.restaurant_id)
        .order_by(col(MessageTemplate.name), col(MessageTemplate.language))
    ).all()
    return [
        {
            "id": str(t.id),
            "name": t.name,
            "language": t.language,
            "status": t.status,
            "category": t.category,
            "parameters": [str(p) for p in t.parameters],
            "body_preview": t.body_preview,
            "synced": t.synced_at is not None,
        }
        for t in rows
    ]


def campaign_detail(*, session: Session, viewer: Viewer, campaign_id: Any) -> dict[str, Any]:
    return asdict_campaign(_campaign(session, viewer, campaign_id))


def asdict_campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": str(campaign.id),
        "name": campaign.name,
        "status": campaign.status,
        "template_id": str(campaign.template_id) if campaign.template_id else "",
        "template_params": campaign.template_params,
        "timing": campaign.timing,
        "segment": campaign.audience.get("segment"),
        "numbers": len(campaign.audience.get("numbers") or []),
        "discount_percent": campaign.discount_percent,
        "max_recipients": campaign.max_recipients,
    }
