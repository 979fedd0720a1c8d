"""When a business-initiated message may go out: prayer windows, Ramadan quiet hours, release pacing.

Replies to a customer who just wrote and order status updates never come here (the outbox only
asks for business-initiated purposes). For the others:

- Prayer: nothing goes out from `adhan - before` to `adhan + after` (default 10 min either side;
  `options(restaurant).prayer_buffer_before_min` / `prayer_buffer_after_min`), with the
  prayer times of the branch's city (see `place_for`). Jumu'ah stays closed 45 min after its adhan.
- Ramadan (Umm al-Qura calendar): Isha moves to 120 min after Maghrib (in `prayer_times`), and
  nothing goes out in the `ramadan_quiet_before_iftar_min` (default 60) before Maghrib, except a
  pre-iftar promotion (payload `{"hold": {"pre_iftar": true}}`), which still respects the windows.
- Release: a message held to a window's end is booked into a `release_slots` row, so the backlog
  leaves at `release_rate` per second from the window's end (`spread_release`), not all at once.
- `restaurant.prayer_time_enabled = False` turns all of this off; `settings["ramadan_mode"] = False`
  (default on: automatic in Ramadan) keeps the ordinary Isha and drops the quiet hour before iftar.

The outbox calls `hold_for_send` when a row is written; the send job calls `recheck_hold` just
before posting (a row's `not_before` computed earlier may now fall in a window). RQ's scheduler
does the waiting (`enqueue_send` uses `enqueue_at`): there is no polling loop here.
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res import metrics
from crm_res.integrations.hijri import is_ramadan
from crm_res.integrations.prayer_times import (
    DEFAULT_JUMUAH_AFTER,
    PrayerWindow,
    prayer_times_for,
    prayer_windows,
    spread_release,
)
from crm_res.integrations.saudi_cities import SAUDI_TZ, City, find_city
from crm_res.models import (
    Branch,
    Conversation,
    Customer,
    Message,
    MessageStatus,
    Order,
    OutboxMessage,
    OutboxStatus,
    ReleaseSlot,
    Restaurant,
)
from crm_res.services.options import options
from crm_res.settings import get_settings

log = logging.getLogger(__name__)

DEFAULT_BUFFER_MIN = 10
DEFAULT_RAMADAN_QUIET_MIN = 60
DEFAULT_PRE_IFTAR_PROMO_MIN = 30
RAMADAN_QUIET = "ramadan_quiet"
# Held messages are released at this share of the number's throughput cap: the rest stays free
# for replies to customers who write while the backlog drains.
RELEASE_SHARE = 0.8
_MAX_ROUNDS = 16
_riyadh = find_city("riyadh")
assert _riyadh is not None
RIYADH: City = _riyadh

PRAYER_NAMES = {
    "fajr": ("الفجر", "Fajr"),
    "dhuhr": ("الظهر", "Dhuhr"),
    "asr": ("العصر", "Asr"),
    "maghrib": ("المغرب", "Maghrib"),
    "isha": ("العشاء", "Isha"),
    "jumuah": ("الجمعة", "Jumu'ah"),
    RAMADAN_QUIET: ("ما قبل الإفطار", "the quiet hour before iftar"),
}


# --------------------------------------------------------------------------- settings and place


@dataclass(frozen=True)
class HoldSettings:
    """A restaurant's hold policy, read from its row and `settings` (bad values fall back)."""

    enabled: bool = True
    before: timedelta = timedelta(minutes=DEFAULT_BUFFER_MIN)
    after: timedelta = timedelta(minutes=DEFAULT_BUFFER_MIN)
    jumuah_after: timedelta = DEFAULT_JUMUAH_AFTER
    ramadan_quiet: timedelta = timedelta(minutes=DEFAULT_RAMADAN_QUIET_MIN)
    pre_iftar_promo: timedelta = timedelta(minutes=DEFAULT_PRE_IFTAR_PROMO_MIN)
    ramadan_mode: bool = True  # False: no Isha shift, no quiet hour before iftar

    @property
    def ramadan(self) -> bool | None:
        """The `ramadan` argument for prayer times: None reads the calendar, False never shifts."""
        return None if self.ramadan_mode else False


def ramadan_mode(restaurant: Restaurant) -> bool:
    """The `ramadan_mode` option, default on (automatic: applies on days of Ramadan only)."""
    return options(restaurant).ramadan_mode


def hold_settings(restaurant: Restaurant) -> HoldSettings:
    o = options(restaurant)
    before = timedelta(minutes=o.prayer_buffer_before_min)
    after = timedelta(minutes=o.prayer_buffer_after_min)
    return HoldSettings(
        enabled=bool(restaurant.prayer_time_enabled),
        before=before,
        after=after,
        jumuah_after=max(timedelta(minutes=o.jumuah_after_min), after),
        ramadan_quiet=timedelta(minutes=o.ramadan_quiet_before_iftar_min),
        # A promotion inside the Maghrib window would be held past iftar: keep it before the window.
        pre_iftar_promo=max(timedelta(minutes=o.pre_iftar_promo_minutes), before + timedelta(minutes=1)),
        ramadan_mode=o.ramadan_mode,
    )


def _city(name: str | None) -> City | None:
    return find_city(name) if name and name.strip() else None


def branch_place(branch: Branch | None, tz: str) -> City | None:
    if branch is None:
        return None
    city = _city(branch.city)
    if city is not None:
        return city
    if branch.lat is not None and branch.lng is not None:  # a town we have no entry for
        return City(f"branch:{branch.id}", branch.city, branch.city, branch.lat, branch.lng, tz)
    log.warning("branch %s: unknown city %r and no coordinates", branch.id, branch.city)
    return None


def _first_branch(session: Session, restaurant_id: uuid.UUID) -> Branch | None:
    return session.exec(
        select(Branch)
        .where(
            col(Branch.restaurant_id) == restaurant_id,
            col(Branch.deleted_at).is_(None),
            col(Branch.is_active),
        )
        .order_by(col(Branch.created_at), col(Branch.id))
    ).first()


def default_place(*, session: Session, restaurant: Restaurant) -> City:
    """The restaurant's first branch's city, else `restaurant.city`, else Riyadh."""
    tz = restaurant.timezone or SAUDI_TZ
    return branch_place(_first_branch(session, restaurant.id), tz) or _city(restaurant.city) or RIYADH


def _customer_branch_id(session: Session, customer: Customer) -> uuid.UUID | None:
    """The branch the customer last dealt with: their latest order's, else latest conversation's."""
    branch_id = session.exec(
        select(Order.branch_id).where(Order.customer_id == customer.id).order_by(col(Order.created_at).desc())
    ).first()
    if branch_id is None:
        branch_id = session.exec(
            select(Conversation.branch_id)
            .where(Conversation.customer_id == customer.id, col(Conversation.branch_id).is_not(None))
            .order_by(col(Conversation.started_at).desc())
        ).first()
    return branch_id


def place_for(
    *,
    session: Session,
    restaurant: Restaurant,
    conversation: Conversation | None = None,
    customer: Customer | None = None,
) -> City:
    """Whose prayer times apply: the conversation's branch, else the customer's, else the
    restaurant's first branch, else the restaurant's city, else Riyadh."""
    tz = restaurant.timezone or SAUDI_TZ
    branch_id = conversation.branch_id if conversation is not None else None
    if branch_id is None and customer is not None:
        branch_id = _customer_branch_id(session, customer)
    if branch_id is not None:
        branch = session.get(Branch, branch_id)
        if branch is not None and branch.restaurant_id == restaurant.id:
            place = branch_place(branch, tz)
            if place is not None:
                return place
    return default_place(session=session, restaurant=restaurant)


def places_for_customers(
    *, session: Session, restaurant: Restaurant, customer_ids: list[uuid.UUID]
) -> dict[uuid.UUID, City]:
    """`place_for` for many customers in two queries (bulk scheduling)."""
    if not customer_ids:
        return {}
    tz = restaurant.timezone or SAUDI_TZ
    latest = (
        "SELECT DISTINCT ON (customer_id) customer_id, branch_id FROM {table} WHERE restaurant_id = :r "
        "AND customer_id = ANY(:ids) AND branch_id IS NOT NULL ORDER BY customer_id, {at} DESC"
    )
    params = {"r": restaurant.id, "ids": customer_ids}
    branch_of: dict[uuid.UUID, uuid.UUID] = {}
    for table, at in (("conversations", "started_at"), ("orders", "created_at")):  # orders win
        query = text(latest.format(table=table, at=at))
        branch_of.update((customer, branch) for customer, branch in session.execute(query, params=params))
    rows = list(branch_of.items())
    branches = {b.id: b for b in session.exec(select(Branch).where(Branch.restaurant_id == restaurant.id))}
    fallback = default_place(session=session, restaurant=restaurant)
    by_branch: dict[uuid.UUID, City] = {}
    places: dict[uuid.UUID, City] = {}
    for customer_id, branch_id in rows:
        if branch_id not in by_branch:
            by_branch[branch_id] = branch_place(branches.get(branch_id), tz) or fallback
        places[customer_id] = by_branch[branch_id]
    return {cid: places.get(cid, fallback) for cid in customer_ids}


# --------------------------------------------------------------------------- the pure decision


def _windows(place: City, day: date, policy: HoldSettings) -> list[PrayerWindow]:
    return prayer_windows(
        place,
        day,
        before=policy.before,
        after=policy.after,
        jumuah_after=policy.jumuah_after,
        ramadan=policy.ramadan,
    )


def covering_window(when: datetime, place: City, policy: HoldSettings) -> PrayerWindow | None:
    """The prayer window `when` falls in at `place`, if any (the day before's or after's too: a
    window may cross local midnight)."""
    local_day, one = when.astimezone(ZoneInfo(place.timezone)).date(), timedelta(days=1)
    for day in (local_day, local_day - one, local_day + one):
        for window in _windows(place, day, policy):
            if window.contains(when):
                return window
    return None


def iftar_quiet_end(when: datetime, place: City, policy: HoldSettings) -> datetime | None:
    """Maghrib, when `when` is in the quiet span before it on a day of Ramadan; else None."""
    if not policy.ramadan_mode:
        return None
    local_day = when.astimezone(ZoneInfo(place.timezone)).date()
    if not is_ramadan(local_day):
        return None
    maghrib = prayer_times_for(place, local_day).maghrib  # the place's zone; Ramadan read from the day
    return maghrib if maghrib - policy.ramadan_quiet <= when < maghrib else None


def next_free_moment(
    when: datetime, place: City, policy: HoldSettings, *, pre_iftar: bool = False
) -> tuple[datetime, str | None]:
    """The earliest moment at or after `when` outside every prayer window (and, unless this is
    the pre-iftar promotion, outside Ramadan's quiet span before iftar), and the name of what
    held `when` (None: it was free). Pure: no database."""
    if when.tzinfo is None:
        raise ValueError("when must be timezone-aware")
    moment, reason = when, None
    for _ in range(_MAX_ROUNDS):
        window = covering_window(moment, place, policy)
        if window is not None:  # to its end: a window overlapping it holds that moment in the next round
            reason, moment = reason or window.name, window.end
            continue
        quiet_end = None if pre_iftar else iftar_quiet_end(moment, place, policy)
        if quiet_end is None:
            return moment.astimezone(UTC), reason
        reason, moment = reason or RAMADAN_QUIET, quiet_end  # Maghrib: its own window then holds it
    raise ValueError("no free moment found: the hold settings leave no gap")


# --------------------------------------------------------------------------- release pacing


def release_rate(restaurant: Restaurant) -> int:
    """Messages per second a released backlog may use (a share of the number's cap)."""
    cap = options(restaurant).rate_per_second or get_settings().whatsapp_rate_per_second  # the sender's cap
    return max(1, math.floor(cap * RELEASE_SHARE))


def book_release(*, session: Session, restaurant_id: uuid.UUID, release_at: datetime, rate: int) -> datetime:
    """Book the next free slot after `release_at` for one held message of this restaurant.

    Slot i leaves at `spread_release(release_at, i + 1, rate)[i]`: `rate` per second, evenly
    spaced within each second. The counter row is locked until the caller commits, and rolled
    back with it, so concurrent writers never share a slot and aborted ones leave no gap.
    """
    taken = col(ReleaseSlot.taken)
    booked = session.execute(
        insert(ReleaseSlot)
        .values(restaurant_id=restaurant_id, release_at=release_at, taken=1)
        .on_conflict_do_update(
            index_elements=[col(ReleaseSlot.restaurant_id), col(ReleaseSlot.release_at)],
            set_={taken: taken + 1},
        )
        .returning(taken)
    ).scalar_one()
    whole_seconds, within = divmod(booked - 1, rate)
    return spread_release(release_at + timedelta(seconds=whole_seconds), within + 1, rate)[-1]


# --------------------------------------------------------------------------- the outbox's entry points


@dataclass(frozen=True)
class Hold:
    """When a message may go: `not_before` (UTC); `reason` says what held it (None: not held)."""

    not_before: datetime
    reason: str | None = None
    place: str = ""  # the city whose prayer times applied

    @property
    def held(self) -> bool:
        return self.reason is not None

    def describe(self, tz: str = SAUDI_TZ, language: str = "en") -> str:
        """E.g. "held until 15:25 because of Asr (Riyadh)"; "" when not held."""
        if not self.held:
            return ""
        at = self.not_before.astimezone(ZoneInfo(tz))
        ar, en = PRAYER_NAMES.get(self.reason or "", (self.reason, self.reason))
        if language.startswith("ar"):
            return f"مؤجلة حتى {at:%H:%M} بسبب {ar} ({self.place})"
        return f"held until {at:%Y-%m-%d %H:%M} because of {en} ({self.place})"


def _hold(session: Session, restaurant: Restaurant, when: datetime, place: City, *, pre_iftar: bool) -> Hold:
    policy = hold_settings(restaurant)
    free, reason = next_free_moment(when, place, policy, pre_iftar=pre_iftar)
    if reason is None:
        return Hold(when, None, place.name_en)
    rate = release_rate(restaurant)
    for _ in range(_MAX_ROUNDS):
        slot = book_release(session=session, restaurant_id=restaurant.id, release_at=free, rate=rate)
        again, _ = next_free_moment(slot, place, policy, pre_iftar=pre_iftar)
        if again == slot:
            metrics.OUTBOX_HELD.labels("ramadan" if reason == RAMADAN_QUIET else "prayer").inc()
            return Hold(slot, reason, place.name_en)
        free = again  # a backlog so long it ran into the next window: book after that one
    raise ValueError("the release backlog does not fit between prayer windows")


def is_pre_iftar(payload: dict[str, Any] | None) -> bool:
    return bool(((payload or {}).get("hold") or {}).get("pre_iftar"))


def hold_for_send(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    when: datetime,
    customer: Customer | None = None,
    conversation: Conversation | None = None,
    payload: dict[str, Any] | None = None,
) -> Hold:
    """When a business-initiated message queued for `when` may go out (books a release slot if held).

    Called by `outbox.queue_message` for purposes in BUSINESS_INITIATED_PURPOSES only.
    """
    restaurant = session.get(Restaurant, restaurant_id)
    if restaurant is None or not restaurant.prayer_time_enabled:
        return Hold(when)
    place = place_for(session=session, restaurant=restaurant, conversation=conversation, customer=customer)
    return _hold(session, restaurant, when, place, pre_iftar=is_pre_iftar(payload))


@dataclass(frozen=True)
class HeldAgain:
    """What the send job does with a row that is due but now falls in a window."""

    retry_in: float  # seconds
    reason: str
    not_before: datetime


def recheck_hold(*, session: Session, row: OutboxMessage, now: datetime) -> HeldAgain | None:
    """At send time: None if the row may go now; else move its `not_before` past the window
    (booking a release slot), mark its message `held`, and say when to try again.

    For the send job's claim, on the locked row; the caller commits.
    """
    if not row.business_initiated or row.status != OutboxStatus.pending:
        return None
    restaurant = session.get(Restaurant, row.restaurant_id)
    if restaurant is None or not restaurant.prayer_time_enabled:
        return None
    when = max(now, row.not_before)
    customer = session.get(Customer, row.customer_id) if row.customer_id else None
    conversation = session.get(Conversation, row.conversation_id) if row.conversation_id else None
    place = place_for(session=session, restaurant=restaurant, conversation=conversation, customer=customer)
    hold = _hold(session, restaurant, when, place, pre_iftar=is_pre_iftar(row.payload))
    if not hold.held:
        return None
    row.not_before = hold.not_before
    row.last_error = hold.describe(restaurant.timezone)
    session.add(row)
    if row.message_id is not None:
        message = session.get(Message, row.message_id)
        if message is not None and message.status == MessageStatus.queued:
            message.status = MessageStatus.held
            session.add(message)
    return HeldAgain(
        (hold.not_before - now).total_seconds(), hold.describe(restaurant.timezone), hold.not_before
    )


# --------------------------------------------------------------------------- warm-up and upkeep


def warm_prayer_times(
    *, session: Session, now: datetime | None = None, only_new_day: bool = True
) -> list[str]:
    """Compute today's and tomorrow's prayer times for every branch city of restaurants whose local
    day has just begun (local hour 0; all restaurants when `only_new_day` is False). Returns the
    places warmed.

    A cheap, optional recompute: the times live in `prayer_times`' per-process `lru_cache`, so this
    warms only the worker process that runs the job; every other process computes a place's day on
    first use (well under a millisecond) and caches it. Running it several times in the hour is
    harmless, which is what lets the schedule run it every 15 minutes whatever the server's zone."""
    now = now or datetime.now(UTC)
    warmed: set[str] = set()
    restaurants = session.exec(select(Restaurant).where(col(Restaurant.deleted_at).is_(None))).all()
    for restaurant in restaurants:
        tz = restaurant.timezone or SAUDI_TZ
        local = now.astimezone(ZoneInfo(tz))
        if only_new_day and local.hour != 0:
            continue
        branches = session.exec(
            select(Branch).where(col(Branch.restaurant_id) == restaurant.id, col(Branch.deleted_at).is_(None))
        ).all()
        places = [p for p in (branch_place(b, tz) for b in branches) if p is not None]
        places.append(default_place(session=session, restaurant=restaurant))
        policy = hold_settings(restaurant)
        for place in places:
            for offset in (0, 1):
                _windows(place, local.date() + timedelta(days=offset), policy)
            warmed.add(place.name_en)
    return sorted(warmed)


def prune_release_slots(
    *, session: Session, now: datetime | None = None, keep: timedelta = timedelta(days=2)
) -> int:
    """Forget release counters of windows that ended long ago."""
    cutoff = (now or datetime.now(UTC)) - keep
    result = cast(
        CursorResult[Any],
        session.execute(text("DELETE FROM release_slots WHERE release_at < :c"), params={"c": cutoff}),
    )
    return int(result.rowcount or 0)
