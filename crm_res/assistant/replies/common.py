"""What every part of the wording shares: the languages and personalities, the rows the assistant
sees (menu items, branches, order lines), money, names and the table picker."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from crm_res.assistant.totals import line_total

Language = Literal["ar-SA", "ar-EG", "ar-LV", "en"]
Personality = Literal["formal", "casual", "traditional", "modern"]
LANGUAGES: tuple[Language, ...] = ("ar-SA", "ar-EG", "ar-LV", "en")
PERSONALITIES: tuple[Personality, ...] = ("formal", "casual", "traditional", "modern")
DEFAULT_LANGUAGE: Language = "ar-SA"
DEFAULT_PERSONALITY: Personality = "casual"


class MenuItem(NamedTuple):
    """A menu row as the assistant sees it."""

    name_ar: str
    name_en: str
    price: Decimal
    category: str = ""
    available: bool = True


DayHours = tuple[date, time | None, time | None]  # (day, opens, closes); None/None: closed that day


class Branch(NamedTuple):
    """A branch as the assistant sees it; ``hours`` is display text ("12:00–00:00"), ``week`` the
    seven days from today (for the hours answer)."""

    name: str
    city: str
    hours: str
    lat: float | None = None
    lng: float | None = None
    week: tuple[DayHours, ...] = ()


class OrderLine(NamedTuple):
    """One line of an order summary; ``name`` already in the customer's language."""

    name: str
    quantity: int
    unit_price: Decimal
    modifications: tuple[str, ...] = ()

    @property
    def line_total(self) -> Decimal:
        """Quantity times unit price."""
        return line_total(self.unit_price, self.quantity)


def normalize_language(language: str | None) -> Language:
    """Map any language tag to one we write ('ar*' → an Arabic variant, else 'en')."""
    tag = (language or "").strip()
    for known in LANGUAGES:
        if tag.lower() == known.lower():
            return known
    if tag.lower().startswith("ar"):
        return DEFAULT_LANGUAGE
    return "en" if tag else DEFAULT_LANGUAGE


def normalize_personality(personality: str | None) -> Personality:
    """Map a stored personality to one we write (unknown → 'casual')."""
    value = (personality or "").strip().lower()
    for known in PERSONALITIES:
        if value == known:
            return known
    return DEFAULT_PERSONALITY


def is_arabic(language: str | None) -> bool:
    """True for every Arabic variant."""
    return normalize_language(language) != "en"


def format_sar(amount: Decimal | int | float | str, language: str | None = None) -> str:
    """'35 ريال' / '35 SAR'; halalas shown only when present ('35.50 SAR')."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"
    return f"{text} ريال" if is_arabic(language) else f"{text} SAR"


def maps_link(lat: float, lng: float) -> str:
    """Google Maps link for a point: https://maps.google.com/?q=lat,lng."""
    return f"https://maps.google.com/?q={_coord(lat)},{_coord(lng)}"


def _coord(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def minutes_ar(n: int) -> str:
    if n == 1:
        return "دقيقة واحدة"
    if n == 2:
        return "دقيقتين"
    if 3 <= n <= 10:
        return f"{n} دقائق"
    return f"{n} دقيقة"


def order_ref(order_number: str | int | None) -> str:
    if order_number is None or str(order_number).strip() == "":
        return ""
    return " #" + str(order_number).strip().lstrip("#")


def join_names(names: Iterable[str], language: str | None) -> str:
    items = [n.strip() for n in names if n and n.strip()]
    if not is_arabic(language):
        return ", ".join(items)
    return "، ".join(items)


_BRANCH_WORDS = ("فرع", "الفرع", "branch")


def strip_branch_word(name: str) -> str:
    """'فرع العليا' → 'العليا', 'Olaya Branch' → 'Olaya' (the word a template adds itself)."""
    words = name.strip().split()
    kept = [w for w in words if w.lower() not in _BRANCH_WORDS]
    return " ".join(kept) or name.strip()


def branch_phrase(name: str, language: str | None = None) -> str:
    """The branch named once: 'فرع العليا' (never 'فرع فرع العليا'), 'the Olaya branch'."""
    bare = strip_branch_word(name)
    return f"فرع {bare}" if is_arabic(language) else f"the {bare} branch"


# personality → language key ('ar' = Saudi default, 'ar-EG', 'ar-LV', 'en') → template.
# A personality key '*' applies to every personality without its own entry.
Table = Mapping[str, Mapping[str, str]]


def pick(table: Table, language: str | None, personality: str | None) -> str:
    lang = normalize_language(language)
    pers = normalize_personality(personality)
    variants = table.get(pers) or table.get("*") or table[DEFAULT_PERSONALITY]
    base = "ar" if lang != "en" else "en"
    for key in (lang, base):
        if key in variants:
            return variants[key]
    fallback = table.get("*") or table[DEFAULT_PERSONALITY]
    return fallback.get(lang) or fallback[base]


AR_DAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def ar_day_part(hour: int) -> str:
    """How a Saudi says the part of the day: '٤ العصر', '١٢ الظهر', '٩ الصبح', '١ بالليل'."""
    if 5 <= hour < 12:
        return "الصبح"
    if 12 <= hour < 15:
        return "الظهر"
    if 15 <= hour < 18:
        return "العصر"
    if 18 <= hour < 20:
        return "المغرب"
    return "بالليل"
