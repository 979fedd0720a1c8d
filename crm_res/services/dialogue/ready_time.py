"""When the order should be ready, from the words the customer said ("بمر اخذهم الساعة ٨", "بعد
العصر", "pickup at 7:15"): the next such moment on the restaurant's clock, the prayer's from the
branch's own prayer times. The order carries it (`scheduled_time`) and the summary says it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from crm_res.assistant.wanted_time import WantedTime, wanted_time
from crm_res.integrations.prayer_times import prayer_times_for
from crm_res.integrations.saudi_cities import find_city
from crm_res.models import Branch

# Sooner than this is "as soon as you can": the usual preparation time says it.
SOONEST = timedelta(minutes=10)
# A prayer takes this long after its adhan: "after Asr" is then.
AFTER_PRAYER = timedelta(minutes=20)


def ready_at(said: str, now: datetime, tz: str, branch: Branch | None) -> datetime | None:
    """The moment `said` asks for, within the next day; None when it says no time or one too soon."""
    wanted = wanted_time(said)
    if wanted is None:
        return None
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    match wanted.kind:
        case "after":
            at = local + timedelta(minutes=wanted.minutes)
        case "prayer":
            at = _after_prayer(wanted.prayer, local, tz, branch)
        case _:
            at = _next_clock(wanted, local)
    return at if local + SOONEST <= at <= local + timedelta(days=1) else None


def _next_clock(wanted: WantedTime, local: datetime) -> datetime:
    """The first such clock time from now: "الساعة ٨" at noon is 8 in the evening, at 7 am the morning."""
    if wanted.part == "am":
        hours = [wanted.hour % 12]
    elif wanted.part == "pm":
        hours = [wanted.hour % 12 + 12]
    else:
        hours = [wanted.hour] if wanted.hour > 12 else [wanted.hour % 12, wanted.hour % 12 + 12]
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [day + timedelta(days=d, hours=h, minutes=wanted.minute) for d in (0, 1) for h in hours]
    return min((m for m in moments if m > local), default=moments[-1])


def _after_prayer(prayer: str, local: datetime, tz: str, branch: Branch | None) -> datetime:
    city = find_city(branch.city) if branch is not None and branch.city else None
    place = city or (
        (branch.lat, branch.lng)
        if branch is not None and branch.lat is not None and branch.lng is not None
        else "Riyadh"
    )
    for day in (local.date(), local.date() + timedelta(days=1)):
        at = getattr(prayer_times_for(place, day, tz), prayer) + AFTER_PRAYER
        if at > local:
            return at.astimezone(local.tzinfo)
    return at.astimezone(local.tzinfo)
