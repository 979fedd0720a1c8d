"""Campaigns, the engine: freeze an audience into recipient rows, release due ones in batches into
the outbox, pause/resume/cancel without losing or doubling a send.

What holds, and where:
- State is in Postgres only. A recipient is `pending` until the release job writes its outbox row
  (idempotency key `campaign:<campaign id>:<recipient id>`) and marks it `queued` in the SAME
  transaction; after the commit the restaurant's batch sender is queued (outbox/bulk_sending.py,
  jobs/send.send_bulk; a lost one is woken by the sweeper).
  A crash anywhere rolls back to a state the next run continues from; no key is ever written twice.
- Pacing: one `campaign_pacing` row per restaurant, locked by the run, holds the next free send
  moment; releases are booked from it `campaign_rate` apart (a share of the number's cap, see
  `CAMPAIGN_SHARE`), and only `RELEASE_HORIZON` ahead, so a pause stops what is not yet posted.
  At send time business-initiated posts also take a slot of the number's bulk window
  (outbox/sending.py), so replies to customers always keep the rest of the cap.
- Prayer: a recipient whose slot falls in a prayer window (+ buffer) of its branch city, or in
  Ramadan's quiet hour before iftar (unless this is a pre-iftar campaign), is not released: its
  `due_at` moves to the window's end (`held_reason` says why). The outbox and the send job check
  again (`purpose="campaign"` is business-initiated: timing/holding.py).
- Pause deletes the campaign's outbox rows still `pending` (a row being posted is locked and
  `sending`: it is not touched) and puts their recipients back to `pending`; cancel marks them
  `cancelled`. Either way nothing not yet posted is posted.
"""

from __future__ import annotations

import json
import math
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.integrations.prayer_times import PRAYERS, prayer_times_for
from crm_res.integrations.saudi_cities import City
from crm_res.models import (
    Branch,
    Campaign,
    CampaignPacing,
    CampaignRecipient,
    Customer,
    DiscountCode,
    MessageTemplate,
    Restaurant,
)
from crm_res.services.errors import InvalidInput
from crm_res.services.options import options
from crm_res.services.outbox.outbox import BulkSend, queue_bulk, template_payload
from crm_res.services.outbox.sending import CAP_HEADROOM
from crm_res.services.outreach.summaries import STAFF_TAG
from crm_res.services.timing.holding import (
    RELEASE_SHARE,
    hold_settings,
    next_free_moment,
    places_for_customers,
)
from crm_res.settings import get_settings

PURPOSE = "campaign"
# How far ahead a run books sends: a little more than the job's interval, so sends never stall
# between runs, and little enough that a pause stops nearly everything at once.
RELEASE_INTERVAL_SECONDS = 10
RELEASE_HORIZON = timedelta(seconds=2 * RELEASE_INTERVAL_SECONDS)
# Campaign sends use this share of the number's cap; the held backlog and replies share the rest
# of the window (outbox/sending.py enforces it when posting).
CAMPAIGN_SHARE = RELEASE_SHARE
TIMING_MODES = ("now", "at", "prayer")
# Meta errors after which a number is not tried again by a campaign: undeliverable, not a
# WhatsApp user, recipient is the sender, not in the allowed list.
PERMANENT_FAILURE_CODES = (131026, 131021, 131030, 131045, 1013)
PARAM_SOURCES = ("{name}", "{discount_code}", "{branch}")
NAME_PARAMS = ("name", "customer_name", "first_name")  # filled with the customer's name unless set
ACTIVE = ("scheduled", "running")


def recipient_key(campaign_id: uuid.UUID, recipient_id: int) -> str:
    """The outbox idempotency key of one campaign send."""
    return f"campaign:{campaign_id}:{recipient_id}"


def campaign_rate(restaurant: Restaurant) -> float:
    """Campaign sends per second for this restaurant's number (at least one)."""
    cap = options(restaurant).rate_per_second or get_settings().whatsapp_rate_per_second
    # As the bulk window the posts take (outbox/sending.py): booked no faster than they may leave.
    return max(1.0, float(int(max(int(cap * CAMPAIGN_SHARE), 1) * CAP_HEADROOM)))


# --------------------------------------------------------------------------- timing


def check_timing(timing: dict[str, Any]) -> dict[str, Any]:
    """The timing, validated and normalised (raises InvalidInput with a clear message)."""
    mode = (timing or {}).get("mode") or "now"
    if mode not in TIMING_MODES:
        raise InvalidInput(
            f"timing mode must be one of {', '.join(TIMING_MODES)}, not {mode!r}", code="campaign_timing"
        )
    if mode == "now":
        return {"mode": "now"}
    if mode == "at":
        try:
            at = datetime.fromisoformat(str(timing.get("at", "")).strip())
        except ValueError:
            raise InvalidInput(
                "the send time must be a date and time like 2026-02-25T16:00", code="campaign_timing"
            ) from None
        return {
            "mode": "at",
            "at": at.replace(tzinfo=None, second=0, microsecond=0).isoformat(timespec="minutes"),
        }
    prayer = str(timing.get("prayer", "")).lower()
    if prayer not in PRAYERS:
        raise InvalidInput(
            f"prayer must be one of {', '.join(PRAYERS)}, not {prayer!r}", code="campaign_timing"
        )
    try:
        offset = int(timing.get("offset_min", 0))
        day = date.fromisoformat(str(timing.get("date", "")).strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            "a prayer-relative time needs a date (2026-02-25) and minutes (-30)", code="campaign_timing"
        ) from None
    if not -720 <= offset <= 720:
        raise InvalidInput("the offset from the prayer must be within 12 hours", code="campaign_timing")
    return {"mode": "prayer", "prayer": prayer, "offset_min": offset, "date": day.isoformat()}


def is_pre_iftar(timing: dict[str, Any]) -> bool:
    """Before Maghrib: exempt from Ramadan's quiet hour (never from the prayer windows)."""
    return (
        timing.get("mode") == "prayer"
        and timing.get("prayer") == "maghrib"
        and timing.get("offset_min", 0) < 0
    )


def due_time(timing: dict[str, Any], restaurant: Restaurant, place: City, now: datetime) -> datetime:
    """When this campaign is due for a customer whose prayer times are `place`'s (UTC)."""
    mode = timing.get("mode", "now")
    if mode == "at":
        local = datetime.fromisoformat(timing["at"]).replace(tzinfo=ZoneInfo(restaurant.timezone))
        return max(local.astimezone(UTC), now)
    if mode == "prayer":
        policy = hold_settings(restaurant)
        day = date.fromisoformat(timing["date"])
        adhan = getattr(
            prayer_times_for(place, day, place.timezone, ramadan=policy.ramadan), timing["prayer"]
        )
        return (adhan + timedelta(minutes=int(timing.get("offset_min", 0)))).astimezone(UTC)
    return now


# --------------------------------------------------------------------------- audience exclusions


def excluded_customer_ids(
    *,
    session: Session,
    restaurant: Restaurant,
    customer_ids: list[uuid.UUID],
    now: datetime,
    campaign_id: uuid.UUID | None = None,
) -> dict[str, set[uuid.UUID]]:
    """Who of `customer_ids` may not get a campaign, by reason: opted_out, test (the simulator's
    customers and the restaurant's own staff numbers: summaries and "send a test to me" tag them),
    capped (reached by another campaign in the last `campaign_frequency_cap_days`), failed (a
    permanent failure)."""
    if not customer_ids:
        return {"opted_out": set(), "test": set(), "capped": set(), "failed": set()}
    params: dict[str, Any] = {"r": restaurant.id, "ids": customer_ids}
    flags = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "SELECT id, opted_out, is_test OR :staff = ANY(tags) FROM customers "
            "WHERE restaurant_id = :r AND id = ANY(:ids)"
        ),
        params={**params, "staff": STAFF_TAG},
    ).all()
    out: dict[str, set[uuid.UUID]] = {
        "opted_out": {i for i, o, _t in flags if o},
        "test": {i for i, _o, t in flags if t},
        "capped": set(),
        "failed": set(),
    }
    days = options(restaurant).campaign_frequency_cap_days
    if days > 0:
        capped = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            text(
                "SELECT DISTINCT customer_id FROM campaign_recipients WHERE restaurant_id = :r "
                "AND customer_id = ANY(:ids) AND released_at >= :since "
                "AND campaign_id IS DISTINCT FROM :c"
            ),
            params={**params, "since": now - timedelta(days=days), "c": campaign_id},
        ).all()
        out["capped"] = {row[0] for row in capped}
    codes = "|".join(str(c) for c in PERMANENT_FAILURE_CODES)
    failed = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "SELECT DISTINCT o.customer_id FROM outbox o WHERE o.restaurant_id = :r "
            "AND o.customer_id = ANY(:ids) AND o.status = 'failed' AND ("
            "  o.last_error ~ :pattern OR EXISTS (SELECT 1 FROM message_status_events e "
            "  WHERE e.restaurant_id = o.restaurant_id AND e.wa_message_id = o.wa_message_id "
            "  AND e.status = 'failed' AND e.error_code = ANY(:codes)))"
        ),
        params={**params, "codes": list(PERMANENT_FAILURE_CODES), "pattern": rf"\(({codes})\)"},
    ).all()
    out["failed"] = {row[0] for row in failed}
    return out


# --------------------------------------------------------------------------- scheduling


@dataclass
class Frozen:
    recipients: int = 0
    excluded: dict[str, int] = field(default_factory=dict)


def freeze_audience(
    *, session: Session, campaign: Campaign, customer_ids: list[uuid.UUID], now: datetime
) -> Frozen:
    """Write the campaign's recipient rows (customers already selected and deduplicated), with
    their due time per city. Exclusions are applied here; idempotent per (campaign, customer)."""
    restaurant = session.get(Restaurant, campaign.restaurant_id)
    assert restaurant is not None
    excluded = excluded_customer_ids(
        session=session, restaurant=restaurant, customer_ids=customer_ids, now=now, campaign_id=campaign.id
    )
    dropped = set().union(*excluded.values())
    kept = [c for c in customer_ids if c not in dropped]
    if campaign.max_recipients:
        kept = kept[: campaign.max_recipients]
    frozen = Frozen(0, {k: len(v) for k, v in excluded.items()})
    places = places_for_customers(session=session, restaurant=restaurant, customer_ids=kept)
    wa = (
        dict(
            session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
                text("SELECT id, wa_id FROM customers WHERE restaurant_id = :r AND id = ANY(:ids)"),
                params={"r": restaurant.id, "ids": kept},
            ).all()
        )
        if kept
        else {}
    )
    due_by_place: dict[str, datetime] = {}
    rows = []
    for cid in kept:
        place = places[cid]
        if place.key not in due_by_place:
            due_by_place[place.key] = due_time(campaign.timing, restaurant, place, now)
        rows.append(
            {
                "campaign_id": campaign.id,
                "restaurant_id": restaurant.id,
                "customer_id": cid,
                "wa_id": wa[cid],
                "city": place.name_en,
                "due_at": due_by_place[place.key],
                "status": "pending",
            }
        )
    for start in range(0, len(rows), 5000):
        stmt = (
            insert(CampaignRecipient)
            .values(rows[start : start + 5000])
            .on_conflict_do_nothing(constraint="uq_campaign_recipients_customer")
            .returning(col(CampaignRecipient.id))
        )
        frozen.recipients += len(session.execute(stmt).all())
    campaign.status = "scheduled"
    campaign.scheduled_at = now
    session.add(campaign)
    return frozen


def redo_due_times(*, session: Session, campaign: Campaign, now: datetime) -> int:
    """After the timing changed (before anything was released): each pending recipient's due time
    from its city again."""
    restaurant = session.get(Restaurant, campaign.restaurant_id)
    assert restaurant is not None
    rows = session.exec(
        select(CampaignRecipient).where(
            CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.status == "pending"
        )
    ).all()
    places = places_for_customers(
        session=session, restaurant=restaurant, customer_ids=[r.customer_id for r in rows]
    )
    for row in rows:
        row.due_at = due_time(campaign.timing, restaurant, places[row.customer_id], now)
        row.city = places[row.customer_id].name_en
        session.add(row)
    return len(rows)


# --------------------------------------------------------------------------- parameters


def _draw_code() -> str:
    return "C" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


def new_discount_codes(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    wanted: list[tuple[int, uuid.UUID, int]],
    valid_days: int,
    now: datetime,
) -> dict[int, str]:
    """Single-customer discount codes (e.g. "C7KQ2MX"), stored like the feedback reward codes, for
    many recipients in one statement: `wanted` is (recipient id, customer id, percent); returns
    recipient id → code. A drawn code already taken (rare) is drawn again for that recipient."""
    out: dict[int, str] = {}
    todo = list(wanted)
    for _ in range(8):
        if not todo:
            return out
        drawn: dict[str, tuple[int, uuid.UUID, int]] = {}
        for item in todo:
            code = _draw_code()
            while code in drawn:
                code = _draw_code()
            drawn[code] = item
        rows = [
            {
                "id": uuid.uuid4(),
                "restaurant_id": restaurant_id,
                "customer_id": cid,
                "code": code,
                "percent": percent,
                "valid_until": now + timedelta(days=valid_days),
                "created_at": now,
            }
            for code, (_rid, cid, percent) in drawn.items()
        ]
        stored = set(
            session.execute(
                insert(DiscountCode)
                .values(rows)
                .on_conflict_do_nothing(constraint="uq_discount_codes_code")
                .returning(col(DiscountCode.code))
            )
            .scalars()
            .all()
        )
        out.update({item[0]: code for code, item in drawn.items() if code in stored})
        todo = [item for code, item in drawn.items() if code not in stored]
    raise RuntimeError("could not draw free discount codes")


def render_params(
    spec: dict[str, Any], template: MessageTemplate, *, name: str, code: str, branch: str
) -> dict[str, str]:
    """The value of each template body parameter for one recipient ("-" for an empty one: Meta
    refuses empty parameters)."""
    values = {"{name}": name, "{discount_code}": code, "{branch}": branch}
    out = {}
    for param in template.parameters:
        raw = str(spec.get(param, "{name}" if param in NAME_PARAMS else ""))
        out[str(param)] = (values.get(raw.strip(), raw) or "-")[:1000]
    return out


def uses_code(spec: dict[str, Any]) -> bool:
    return any(str(v).strip() == "{discount_code}" for v in spec.values())


def template_message(to: str, template: MessageTemplate, params: dict[str, str]) -> dict[str, Any]:
    """The Cloud API payload; a named-parameter template (synced from Meta) names each value."""
    return template_payload(to, template, params)


# --------------------------------------------------------------------------- the release


@dataclass
class ReleaseOutcome:
    released: int = 0
    held: int = 0
    skipped: int = 0  # opted out since the audience was frozen
    completed: int = 0  # campaigns finished by this run
    sends: list[tuple[int, datetime | None]] = field(default_factory=list)
    first_slot: dict[uuid.UUID, datetime] = field(default_factory=dict)  # restaurant → its earliest send

    def __str__(self) -> str:
        return (
            f"{self.released} released, {self.held} held for prayer, {self.skipped} skipped, "
            f"{self.completed} campaigns completed"
        )


def release_due(
    *,
    session: Session,
    now: datetime | None = None,
    horizon: timedelta = RELEASE_HORIZON,
    restaurant_id: uuid.UUID | None = None,
) -> ReleaseOutcome:
    """Release what is due within `horizon` for every restaurant with an active campaign (or one).
    The caller commits, then enqueues `outcome.sends`. Safe to run concurrently and again."""
    now = now or datetime.now(UTC)
    until = now + horizon
    outcome = ReleaseOutcome()
    restaurants = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "SELECT DISTINCT c.restaurant_id FROM campaigns c JOIN campaign_recipients r ON r.campaign_id = c.id "
            "WHERE c.status IN ('scheduled', 'running') AND r.status = 'pending' AND r.due_at <= :u "
            "AND (CAST(:rid AS uuid) IS NULL OR c.restaurant_id = :rid)"
        ),
        params={"u": until, "rid": restaurant_id},
    ).all()
    for (rid,) in restaurants:
        _release_restaurant(session, rid, now, until, outcome)
    outcome.completed = _complete_finished(session, now, restaurant_id)
    return outcome


def _release_restaurant(
    session: Session, restaurant_id: uuid.UUID, now: datetime, until: datetime, outcome: ReleaseOutcome
) -> None:
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None:
        return
    session.execute(
        insert(CampaignPacing)
        .values(restaurant_id=restaurant_id, next_at=now)
        .on_conflict_do_nothing(index_elements=["restaurant_id"])
    )
    pacing = session.exec(
        select(CampaignPacing).where(CampaignPacing.restaurant_id == restaurant_id).with_for_update()
    ).one()
    cursor = max(pacing.next_at, now)
    rate = campaign_rate(restaurant)
    step = timedelta(seconds=1 / rate)
    # Recipients held for prayer take no slot: while a pass held some and slots are left, the next
    # pass takes the next ones (the held ones are due later now), so a city inside its window does
    # not slow the others' sends (the 50,000 bench sent at a third of the rate with one city free).
    for _pass in range(MAX_PASSES):
        if cursor >= until:
            break
        cursor, held = _release_pass(session, restaurant, cursor, now, until, step, outcome)
        if not held:
            break
    pacing.next_at = cursor
    session.add(pacing)


MAX_PASSES = 8  # per run and restaurant: at most this many times the window's slots are read


def _release_pass(
    session: Session,
    restaurant: Restaurant,
    cursor: datetime,
    now: datetime,
    until: datetime,
    step: timedelta,
    outcome: ReleaseOutcome,
) -> tuple[datetime, int]:
    """One pass: up to as many due recipients as slots are left before `until`, held or queued;
    returns the cursor after the queued ones and how many were held."""
    restaurant_id = restaurant.id
    rate = 1 / step.total_seconds()
    budget = math.ceil((until - cursor).total_seconds() * rate)
    rows = session.exec(
        select(CampaignRecipient)
        .join(Campaign, col(Campaign.id) == CampaignRecipient.campaign_id)
        .where(
            CampaignRecipient.restaurant_id == restaurant_id,
            CampaignRecipient.status == "pending",
            col(CampaignRecipient.due_at) <= until,
            col(Campaign.status).in_(ACTIVE),
        )
        .order_by(col(CampaignRecipient.due_at), col(CampaignRecipient.id))
        .limit(budget)
        .with_for_update(of=CampaignRecipient, skip_locked=True)
    ).all()
    if not rows:
        return cursor, 0
    customers = {
        c.id: c
        for c in session.exec(select(Customer).where(col(Customer.id).in_([r.customer_id for r in rows])))
    }
    places = places_for_customers(session=session, restaurant=restaurant, customer_ids=list(customers))
    campaigns = {
        c.id: c
        for c in session.exec(select(Campaign).where(col(Campaign.id).in_({r.campaign_id for r in rows})))
    }
    templates = {
        t.id: t
        for t in session.exec(
            select(MessageTemplate).where(
                col(MessageTemplate.id).in_({c.template_id for c in campaigns.values() if c.template_id})
            )
        )
    }
    branches = _branch_names(session, restaurant, list(customers))
    policy = hold_settings(restaurant)
    o = options(restaurant)
    ready: list[tuple[CampaignRecipient, Campaign, MessageTemplate, Customer, datetime]] = []
    held: list[tuple[int, datetime, str, str]] = []  # (recipient id, new due time, reason, city)
    for row in rows:
        campaign, customer = campaigns[row.campaign_id], customers.get(row.customer_id)
        template = templates.get(campaign.template_id) if campaign.template_id else None
        if customer is None or customer.opted_out or template is None:
            row.status, row.held_reason = "cancelled", ("opted_out" if customer else "no customer")
            if template is None and customer is not None:
                row.held_reason = "no template"
            session.add(row)
            outcome.skipped += 1
            continue
        slot = max(cursor, row.due_at)
        if slot > until:
            break
        if restaurant.prayer_time_enabled:
            place = places[customer.id]
            free, reason = next_free_moment(slot, place, policy, pre_iftar=is_pre_iftar(campaign.timing))
            if reason is not None:
                held.append((row.id or 0, free, reason, place.name_en))
                continue
        ready.append((row, campaign, template, customer, slot))
        cursor = slot + step
    _hold_rows(session, held)
    outcome.held += len(held)
    _queue_ready(session, restaurant, ready, branches, o, now, outcome)
    return cursor, len(held)


def _hold_rows(session: Session, held: list[tuple[int, datetime, str, str]]) -> None:
    """Recipients whose slot fell in a prayer window: due again at its end (one statement)."""
    if not held:
        return
    session.execute(
        text(
            "UPDATE campaign_recipients r SET due_at = v.due, held_reason = v.reason, city = v.city, "
            "held_count = r.held_count + 1 FROM unnest(CAST(:ids AS bigint[]), CAST(:dues AS timestamptz[]), "
            "CAST(:reasons AS varchar[]), CAST(:cities AS varchar[])) AS v(id, due, reason, city) WHERE r.id = v.id"
        ),
        {
            "ids": [h[0] for h in held],
            "dues": [h[1] for h in held],
            "reasons": [h[2] for h in held],
            "cities": [h[3] for h in held],
        },
    )


def _queue_ready(
    session: Session,
    restaurant: Restaurant,
    ready: list[tuple[CampaignRecipient, Campaign, MessageTemplate, Customer, datetime]],
    branches: dict[uuid.UUID, str],
    o: Any,
    now: datetime,
    outcome: ReleaseOutcome,
) -> None:
    """The run's releasable recipients into the outbox in a few statements, whatever their number:
    discount codes, outbox rows and the recipients' `queued` marks each go in one round trip."""
    if not ready:
        return
    wanted = [
        (row.id or 0, row.customer_id, campaign.discount_percent or o.discount_percent)
        for row, campaign, _t, _c, _s in ready
        if row.discount_code is None and uses_code(campaign.template_params)
    ]
    codes = new_discount_codes(
        session=session, restaurant_id=restaurant.id, wanted=wanted, valid_days=o.discount_valid_days, now=now
    )
    sends, marks = [], []
    for row, campaign, template, customer, slot in ready:
        code = row.discount_code or codes.get(row.id or 0)
        params = render_params(
            campaign.template_params,
            template,
            name=customer.name or "",
            code=code or "",
            branch=branches.get(customer.id, ""),
        )
        payload = {
            "message": template_message(customer.wa_id, template, params),
            "campaign_id": str(campaign.id),
            "hold": {"pre_iftar": is_pre_iftar(campaign.timing)},
        }
        key = recipient_key(campaign.id, row.id or 0)
        sends.append(BulkSend(customer.id, customer.wa_id, key, payload, slot))
        marks.append((row, key, params, code, slot))
    ids = queue_bulk(
        session=session, restaurant_id=restaurant.id, purpose=PURPOSE, kind="template", sends=sends
    )
    session.execute(
        text(
            "UPDATE campaign_recipients r SET status = 'queued', outbox_id = v.oid, released_at = :now, "
            "params = v.params, discount_code = v.code FROM unnest(CAST(:ids AS bigint[]), CAST(:oids AS bigint[]), "
            "CAST(:params AS jsonb[]), CAST(:codes AS varchar[])) AS v(id, oid, params, code) WHERE r.id = v.id"
        ),
        {
            "now": now,
            "ids": [m[0].id for m in marks],
            "oids": [ids[m[1]] for m in marks],
            "params": [json.dumps(m[2]) for m in marks],
            "codes": [m[3] for m in marks],
        },
    )
    started = {campaign.id: campaign for _r, campaign, *_ in ready if campaign.status == "scheduled"}
    for campaign in started.values():
        campaign.status, campaign.started_at = "running", now
        session.add(campaign)
    outcome.released += len(marks)
    outcome.sends.extend((ids[key], slot) for _row, key, _p, _c, slot in marks)
    first = min(slot for *_x, slot in marks)
    outcome.first_slot[restaurant.id] = min(first, outcome.first_slot.get(restaurant.id, first))


def _branch_names(
    session: Session, restaurant: Restaurant, customer_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Each customer's branch name (latest order's, else latest conversation's), Arabic."""
    rows = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "SELECT DISTINCT ON (x.customer_id) x.customer_id, b.name_ar FROM ("
            " SELECT customer_id, branch_id, created_at AS at, 1 AS p FROM orders WHERE restaurant_id = :r "
            "   AND customer_id = ANY(:ids)"
            " UNION ALL SELECT customer_id, branch_id, started_at, 0 FROM conversations WHERE restaurant_id = :r "
            "   AND customer_id = ANY(:ids) AND branch_id IS NOT NULL) x "
            "JOIN branches b ON b.id = x.branch_id ORDER BY x.customer_id, x.p DESC, x.at DESC"
        ),
        params={"r": restaurant.id, "ids": customer_ids},
    ).all()
    names = dict(rows)
    if len(names) < len(customer_ids):
        first = session.exec(
            select(Branch.name_ar)
            .where(Branch.restaurant_id == restaurant.id, Branch.deleted_at.is_(None))  # type: ignore[union-attr]  # SQLModel types deleted_at as a plain datetime, not a column
            .order_by(col(Branch.created_at))
        ).first()
        for cid in customer_ids:
            names.setdefault(cid, first or restaurant.name_ar)
    return names


def _complete_finished(session: Session, now: datetime, restaurant_id: uuid.UUID | None) -> int:
    """Running campaigns with nothing left to release are completed."""
    result = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "UPDATE campaigns c SET status = 'completed', finished_at = :now "
            "WHERE c.status = 'running' AND (CAST(:rid AS uuid) IS NULL OR c.restaurant_id = :rid) "
            "AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id "
            "AND r.status = 'pending')"
        ),
        params={"now": now, "rid": restaurant_id},
    )
    return int(result.rowcount or 0)


# --------------------------------------------------------------------------- control


def unqueue(*, session: Session, campaign: Campaign, to: str) -> int:
    """Take back every released send of the campaign not yet being posted: `to="pending"` (pause:
    the outbox rows are deleted, released again on resume under the same key) or `"cancelled"`
    (cancel: the outbox rows stay, marked cancelled). Rows a worker holds or is posting are
    `sending` or locked: the statement waits for the lock and then leaves them alone."""
    # First wait for a release run holding any of these recipients (it may be writing outbox rows
    # this statement must see), and keep runs from taking them until this transaction ends.
    session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text("SELECT id FROM campaign_recipients WHERE campaign_id = :c ORDER BY id FOR UPDATE"),
        params={"c": campaign.id},
    ).all()
    if to == "pending":
        taken = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            text(
                "DELETE FROM outbox o USING campaign_recipients r WHERE r.campaign_id = :c "
                "AND r.outbox_id = o.id AND o.status = 'pending' RETURNING o.id"
            ),
            params={"c": campaign.id},
        ).all()
    else:
        taken = session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            text(
                "UPDATE outbox o SET status = 'cancelled', last_error = 'campaign cancelled' "
                "FROM campaign_recipients r WHERE r.campaign_id = :c AND r.outbox_id = o.id "
                "AND o.status = 'pending' RETURNING o.id"
            ),
            params={"c": campaign.id},
        ).all()
    ids = [row[0] for row in taken]
    if ids:
        session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            text(
                "UPDATE campaign_recipients SET status = CAST(:to AS varchar), "
                "outbox_id = CASE WHEN CAST(:to AS varchar) = 'pending' THEN NULL ELSE outbox_id END, "
                "released_at = CASE WHEN CAST(:to AS varchar) = 'pending' THEN NULL ELSE released_at END "
                "WHERE campaign_id = :c AND outbox_id = ANY(:ids)"
            ),
            params={"c": campaign.id, "ids": ids, "to": to},
        )
    if to == "cancelled":
        session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
            text(
                "UPDATE campaign_recipients SET status = 'cancelled' WHERE campaign_id = :c AND status = 'pending'"
            ),
            params={"c": campaign.id},
        )
    if ids:
        _rewind_pacing(session, campaign.restaurant_id)
    return len(ids)


def _rewind_pacing(session: Session, restaurant_id: uuid.UUID) -> None:
    """The slots the taken-back sends had booked are free again: the restaurant's next booking
    moves back to just after its campaign sends still queued (or now), so a resumed campaign, or
    another one, sends at the next release run instead of after the look-ahead it gave up."""
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None:
        return
    session.exec(  # type: ignore[call-overload]  # SQLModel's exec() is typed for select() only (text() / 5+ columns)
        text(
            "UPDATE campaign_pacing SET next_at = GREATEST(CAST(:now AS timestamptz), COALESCE(("
            "SELECT max(not_before) + make_interval(secs => :step) FROM outbox WHERE restaurant_id = :r "
            "AND purpose = :p AND status IN ('pending', 'sending')), CAST(:now AS timestamptz))) "
            "WHERE restaurant_id = :r AND next_at > CAST(:now AS timestamptz)"
        ),
        params={
            "r": restaurant_id,
            "p": PURPOSE,
            "now": datetime.now(UTC),
            "step": 1 / campaign_rate(restaurant),
        },
    )
