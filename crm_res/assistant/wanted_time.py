"""The time a customer wants the order for, as said in the message: a clock time ("الساعة ٨ ونص",
"pickup at 7:15", "el sa3a 9 bel leil"), a prayer ("بعد العصر", "after maghrib") or a delay ("بعد نص
ساعة", "in 40 minutes"). Pure reading: the dialogue turns it into a moment with the restaurant's
clock and the branch's prayer times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from crm_res.assistant.normalize import normalize, number_value, to_ascii_digits


@dataclass(frozen=True)
class WantedTime:
    """`clock`: hour (0–23 when the part of day is said, else 1–12) and minute, `part` "am" / "pm"
    or None; `prayer`: a prayer's name (fajr, dhuhr, asr, maghrib, isha); `after`: minutes from now."""

    kind: Literal["clock", "prayer", "after"]
    hour: int = 0
    minute: int = 0
    part: Literal["am", "pm"] | None = None
    prayer: str = ""
    minutes: int = 0


# The word before a clock hour ("الساعة ٨", "el sa3a 8", "at 8", "pickup at 7:15").
_HOUR_LEAD = r"(?:الساعه|ساعه|sa3a|el\s+sa3a|at|by|around)"
_HOUR = r"(\d{1,2}|[^\W\d_]+)"
_CLOCK = re.compile(
    rf"(?<![\w]){_HOUR_LEAD}\s+{_HOUR}(?:\s*[:.]\s*(\d{{2}}))?(?:\s*(ونص|و\s+نص|وربع|و\s+ربع|الا\s+ربع|w\s*nos|w\s*nus|w\s*rob3|illa\s+rob3|and\s+a\s+half))?"
    r"(?:\s*(am|pm|a\.m\.|p\.m\.|الصبح|الصباح|صباحا|الفجر|الظهر|العصر|المغرب|المسا|مساء|مساءا|الليل|بالليل|sob7|el\s+sob7|bel\s+leil|el\s+leil|in\s+the\s+morning|in\s+the\s+evening|tonight))?",
    re.IGNORECASE,
)
# "7:15", "8pm", "8 pm" with no word before them.
_BARE_CLOCK = re.compile(
    r"(?<![\w:])(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|(?<![\w:])(\d{1,2}):(\d{2})(?![\w:])", re.I
)
_AM = frozenset(("am", "a.m.", "الصبح", "الصباح", "صباحا", "الفجر", "sob7", "el sob7", "in the morning"))
_MINUTES = {"نص": 30, "ربع": 15, "nos": 30, "nus": 30, "rob3": 15, "half": 30}

_PRAYERS = {
    **dict.fromkeys(("الفجر", "fajr", "fajer", "el fajr"), "fajr"),
    **dict.fromkeys(("الظهر", "dhuhr", "duhr", "dohr", "zuhr", "zohr", "el dohr", "el duhr"), "dhuhr"),
    **dict.fromkeys(("العصر", "asr", "3asr", "el 3asr", "el asr"), "asr"),
    **dict.fromkeys(("المغرب", "maghrib", "maghreb", "el maghrib", "el maghreb"), "maghrib"),
    **dict.fromkeys(("العشا", "العشاء", "isha", "3isha", "3esha", "el 3isha", "el 3esha", "el isha"), "isha"),
}
_AFTER_PRAYER = re.compile(
    r"(?:بعد|after|ba3d)\s+(?:صلاه\s+|صلاة\s+|salat\s+|salah\s+)?"
    r"(الفجر|الظهر|العصر|المغرب|العشاء|العشا|(?:el\s+)?(?:fajr|fajer|dhuhr|duhr|dohr|zuhr|zohr|3asr|asr|maghrib|maghreb|isha|3isha|3esha))\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"(?:بعد|كمان|خلال|in|kaman|kamaan|ba3d|within)\s+(?:(?:about|around|approx|approximately|حوالي)\s+)?(?:(\d{1,3})\s*(?:دقيقه|دقايق|دقائق|min|mins|minutes|d2i2a|d2aye2)"
    r"|(نص|ربع|nos|nus|rob3|half\s+an|an|a)\s*(?:ساعه|sa3a|hour)|(ساعه|ساعتين|sa3a|sa3tein))\b",
    re.IGNORECASE,
)


def wanted_time(text: str) -> WantedTime | None:
    """When the message wants the order for, or None when it says no time."""
    found = _found(text)
    return found[0] if found else None


def without_wanted_time(text: str) -> str:
    """The message without the time it asks for ("بمر عليكم الساعه 4، من العليا" → "بمر عليكم ، من
    العليا"): the hour's digits are never a count, a house number or a branch's."""
    found = _found(text)
    if found is None:
        return text
    start, end = found[1]
    return f"{text[:start]} {text[end:]}".strip()


def _found(text: str) -> tuple[WantedTime, tuple[int, int]] | None:
    """The time asked for and where the message says it (`_plain` keeps every character's place)."""
    said = _plain(text)
    if m := _AFTER_PRAYER.search(said):
        return WantedTime("prayer", prayer=_PRAYERS[m.group(1).lower()]), m.span()
    if m := _CLOCK.search(said):
        hour = number_value(normalize(m.group(1)))
        at = (
            _clock(hour, m.group(2), m.group(3), m.group(4)) if hour is not None and 0 <= hour <= 23 else None
        )
        if at is not None:
            return at, m.span()
    if m := _BARE_CLOCK.search(said):
        digits, minute, part = (
            (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), None)
        )
        at = _clock(int(digits), minute, None, part) if 0 <= int(digits) <= 23 else None
        if at is not None:
            return at, m.span()
    if m := _AFTER.search(said):
        return WantedTime("after", minutes=_delay(m)), m.span()
    return None


def _plain(text: str) -> str:
    """Western digits, lower case, one spelling of alef and ta marbuta, no commas (Arabizi "sa3a"
    keeps its digit letters: `normalize` would make them Arabic)."""
    text = to_ascii_digits(text).lower().replace("،", " ").replace(",", " ")
    return re.sub("[أإآ]", "ا", text).replace("ة", "ه")


def _clock(hour: int, minute: str | None, extra: str | None, part: str | None) -> WantedTime | None:
    minutes = int(minute) if minute else 0
    if extra:
        words = extra.split()
        value = next((_MINUTES[w.removeprefix("و")] for w in words if w.removeprefix("و") in _MINUTES), 0)
        if any(w in ("الا", "illa") for w in words):  # "الساعة ٨ الا ربع": a quarter to eight
            hour, minutes = (hour - 1) % 24, 60 - value
        else:
            minutes = value
    if minutes > 59:
        return None
    day_part: Literal["am", "pm"] | None = None
    if part:
        day_part = "am" if part in _AM else "pm"
    if hour > 12:
        day_part = None  # "الساعة ٢٠": the clock says it
    return WantedTime("clock", hour=hour, minute=minutes, part=day_part)


def _delay(m: re.Match[str]) -> int:
    if m.group(1):
        return int(m.group(1))
    if m.group(2):
        said = m.group(2)
        return 30 if said in ("نص", "nos", "nus", "half an") else 15 if said in ("ربع", "rob3") else 60
    return 120 if m.group(3) in ("ساعتين", "sa3tein") else 60
