"""Ramadan mode's one exception to the quiet hour before iftar: the pre-iftar promotion.

`restaurant.settings["pre_iftar_promo"] = {"enabled": true, "text_ar": "...", "text_en": "..."}`
schedules, on each day of Ramadan, one promotion (purpose `promotion`) to every customer who has
not opted out, `pre_iftar_promo_minutes` (default 30) before Maghrib at the customer's branch city.
The rows are marked `{"hold": {"pre_iftar": true}}`, which exempts them from the quiet hour (not
from prayer windows), and are spread at the release rate so a large list stays under the cap.
Outside the 24-hour window sending uses the restaurant's approved `promotion` template.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from crm_res.integrations.hijri import is_ramadan
from crm_res.integrations.prayer_times import prayer_times_for, spread_release
from crm_res.integrations.saudi_cities import City
from crm_res.models import Customer, Language, Restaurant
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.options import options
from crm_res.services.outbox.outbox import queue_message, text_payload
from crm_res.services.outreach.summaries import STAFF_TAG
from crm_res.services.timing.holding import hold_settings, places_for_customers, ramadan_mode, release_rate

PURPOSE = "promotion"
# The periodic job runs every half hour around the clock (RQ's cron reads the SERVER's local time,
# so no hour is written into the schedule); it queues the day's promotion from this LOCAL time on,
# when the list of customers is fresh and every Saudi Maghrib is still hours away.
SCHEDULE_FROM = time(11, 0)


@dataclass
class PromoOutcome:
    restaurant_id: uuid.UUID
    day: date
    queued: int = 0
    already: int = 0
    too_late: int = 0
    sends: list[tuple[int, datetime | None]] = field(default_factory=list)
    times: dict[str, datetime] = field(default_factory=dict)  # city → first send time (UTC)

    def __str__(self) -> str:
        at = ", ".join(
            f"{city} {t.astimezone(ZoneInfo('Asia/Riyadh')):%H:%M}" for city, t in sorted(self.times.items())
        )
        return (
            f"pre-iftar promotion for {self.day}: {self.queued} queued ({at or '-'}), "
            f"{self.already} already queued, {self.too_late} too late"
        )


def promo_config(restaurant: Restaurant) -> dict | None:
    promo = options(restaurant).pre_iftar_promo
    return promo.model_dump() if promo is not None and promo.enabled else None


def schedule_pre_iftar_promotion(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    day: date | None = None,
    text_ar: str | None = None,
    text_en: str | None = None,
    now: datetime | None = None,
) -> PromoOutcome:
    """Queue the pre-iftar promotion of `day` (default: today, local) to every customer not opted
    out. Idempotent per customer and day. The caller commits, then enqueues `outcome.sends`."""
    now = now or datetime.now(UTC)
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None:
        raise NotFound("no such restaurant")
    zone = ZoneInfo(restaurant.timezone)
    day = day or now.astimezone(zone).date()
    if not is_ramadan(day):
        raise InvalidInput(f"{day} is not a day of Ramadan (Umm al-Qura calendar)")
    if not ramadan_mode(restaurant):
        raise InvalidInput("Ramadan mode is off for this restaurant (Settings): no pre-iftar promotion")
    config = promo_config(restaurant) or {}
    text_ar = (text_ar or config.get("text_ar") or "").strip()
    text_en = (text_en or config.get("text_en") or text_ar).strip()
    if not text_ar:
        raise InvalidInput("the pre-iftar promotion needs a text (settings pre_iftar_promo.text_ar)")
    lead = hold_settings(restaurant).pre_iftar_promo
    customers = session.exec(
        select(Customer)
        .where(
            Customer.restaurant_id == restaurant.id,
            ~col(Customer.opted_out),
            ~col(Customer.tags).contains([STAFF_TAG]),
        )
        .order_by(col(Customer.created_at), col(Customer.id))
    ).all()
    places = places_for_customers(
        session=session, restaurant=restaurant, customer_ids=[c.id for c in customers]
    )
    groups: dict[City, list[Customer]] = defaultdict(list)
    for customer in customers:
        groups[places[customer.id]].append(customer)
    outcome = PromoOutcome(restaurant.id, day)
    rate = release_rate(restaurant)
    for place, members in groups.items():
        start = prayer_times_for(place, day).maghrib - lead  # the place's zone; a day of Ramadan (checked)
        if start <= now:
            outcome.too_late += len(members)
            continue
        outcome.times[place.name_en] = start.astimezone(UTC)
        for customer, at in zip(members, spread_release(start, len(members), rate), strict=True):
            body = text_en if customer.language_preference == Language.en else text_ar
            payload = {
                "message": text_payload(customer.wa_id, body),
                "template_params": {"customer_name": customer.name or ""},
                "hold": {"pre_iftar": True},
            }
            queued = queue_message(
                session=session,
                restaurant_id=restaurant.id,
                customer=customer,
                idempotency_key=f"promo:iftar:{day.isoformat()}:{customer.id}",
                kind="text",
                payload=payload,
                body_preview=body,
                purpose=PURPOSE,
                not_before=at,
            )
            if queued.created:
                outcome.queued += 1
                outcome.sends.append((queued.outbox_id, queued.not_before))
            else:
                outcome.already += 1
    return outcome


def schedule_due_promotions(*, session: Session, now: datetime | None = None) -> list[PromoOutcome]:
    """Today's promotion for every restaurant that enabled it (and kept Ramadan mode on), on days of
    Ramadan, once the restaurant's local time has reached SCHEDULE_FROM. Decided on the aware `now`
    in each restaurant's zone, so the server's own timezone does not matter."""
    now = now or datetime.now(UTC)
    outcomes = []
    for restaurant in session.exec(select(Restaurant).where(col(Restaurant.deleted_at).is_(None))).all():
        if promo_config(restaurant) is None or not ramadan_mode(restaurant):
            continue
        local = now.astimezone(ZoneInfo(restaurant.timezone))
        day = local.date()
        if not is_ramadan(day) or local.time() < SCHEDULE_FROM:
            continue
        with session.begin_nested():
            # (its day is `now`'s date in the restaurant's zone: `day` above)
            outcomes.append(
                schedule_pre_iftar_promotion(session=session, restaurant_id=restaurant.id, now=now)
            )
    return outcomes
