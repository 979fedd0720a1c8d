"""When the order should be ready, from the words the customer said ("بمر اخذهم الساعة ٨", "بعد
العصر", "pickup at 7:15"): the next such moment on the restaurant's clock, the prayer's from the
branch's own prayer times. The order carries it (`scheduled_time`) and the summary says it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from crm_res.assistant.wanted_time import WantedTime, wanted_time
from crm_res.integrations.prayer_times import Place, prayer_times_for

# Sooner than this is "as soon as you can": the usual preparation time says it.
SOONEST = timedelta(minutes=10)
# A prayer takes this long after its adhan: "after Asr" is then.
AFTER_PRAYER = timedelta(minutes=20)
# "بعد المغرب" said this soon after Maghrib means now, not tomorrow's.
STILL_AFTER = timedelta(hours=3)


def ready_at(said: str, now: datetime, tz: str, place: Place) -> datetime | None:
    """The moment `said` asks for, within the next day; None when it says no time or one too soon.
    `place`: where the branch is, for its prayer times."""
    wanted = wanted_time(said)
    if wanted is None:
        return None
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    match wanted.kind:
        case "after":
            at = local + timedelta(minutes=wanted.minutes)
        case "prayer":
            at = _after_prayer(wanted.prayer, local, tz, place)
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


def _after_prayer(prayer: str, local: datetime, tz: str, place: Place) -> datetime:
    """The next time that prayer is over at `place`: today's; now, when today's was over a little
    while ago ("بعد المغرب" at 8 pm: the preparation time stands); else tomorrow's."""
    today = getattr(prayer_times_for(place, local.date(), tz), prayer) + AFTER_PRAYER
    if today > local:
        return today.astimezone(local.tzinfo)
    if local - today <= STILL_AFTER:
        return local
    tomorrow = local.date() + timedelta(days=1)
    return (getattr(prayer_times_for(place, tomorrow, tz), prayer) + AFTER_PRAYER).astimezone(local.tzinfo)
