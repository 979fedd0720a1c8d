"""Wording for what the restaurant is: opening hours, locations, the menu and prices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from crm_res.assistant.replies.common import (
    AR_DAYS,
    EN_DAYS,
    TO_ARABIC_INDIC,
    Branch,
    DayHours,
    MenuItem,
    Table,
    ar_day_part,
    format_sar,
    is_arabic,
    maps_link,
    pick,
)

_HOURS_INTRO: Table = {
    "formal": {"ar": "أوقات العمل في فروعنا:", "en": "Our opening hours:"},
    "casual": {
        "ar": "هذي أوقات دوام فروعنا:",
        "ar-EG": "دي مواعيد فروعنا:",
        "ar-LV": "هي مواعيد فروعنا:",
        "en": "Here are our opening hours:",
    },
    "traditional": {"ar": "حياك الله، هذي أوقات دوامنا:", "en": "You are welcome at:"},
    "modern": {"ar": "🕒 أوقات الدوام:", "en": "🕒 Opening hours:"},
}

_LOCATION_INTRO: Table = {
    "formal": {"ar": "مواقع فروعنا:", "en": "Our branch locations:"},
    "casual": {
        "ar": "هذي مواقع فروعنا:",
        "ar-EG": "دي أماكن فروعنا:",
        "ar-LV": "هي مواقع فروعنا:",
        "en": "Here's where to find us:",
    },
    "traditional": {"ar": "حياك الله، تلقانا هنا:", "en": "You will find us here:"},
    "modern": {"ar": "📍 مواقعنا:", "en": "📍 Find us:"},
}

_NO_BRANCHES = {
    "ar": "نعتذر، معلومات الفروع غير متوفرة حالياً.",
    "en": "Sorry, branch details are not available right now.",
}


def _clock(t: time, language: str | None) -> str:
    """'١ بالليل' / '١٢:٣٠ الظهر' / '1 AM' / '12:30 PM'."""
    hour12 = t.hour % 12 or 12
    clock = f"{hour12}" if t.minute == 0 else f"{hour12}:{t.minute:02d}"
    if is_arabic(language):
        return f"{clock.translate(TO_ARABIC_INDIC)} {ar_day_part(t.hour)}"
    return f"{clock} {'AM' if t.hour < 12 else 'PM'}"


def _span(opens: time | None, closes: time | None, language: str | None) -> str:
    arabic = is_arabic(language)
    if opens is None or closes is None:
        return "مغلق" if arabic else "closed"
    if opens == closes:
        return "٢٤ ساعة" if arabic else "24 hours"
    return f"{_clock(opens, language)} – {_clock(closes, language)}"


def _today_line(day: DayHours, language: str | None) -> str:
    """'اليوم مفتوحين لين ١ بالليل' / 'Today we are open until 1 AM'."""
    _, opens, closes = day
    arabic = is_arabic(language)
    if opens is None or closes is None:
        return "اليوم مغلقين" if arabic else "We are closed today"
    if opens == closes:
        return "اليوم مفتوحين ٢٤ ساعة" if arabic else "Today we are open 24 hours"
    if arabic:
        return f"اليوم مفتوحين من {_clock(opens, language)} لين {_clock(closes, language)}"
    return f"Today we are open from {_clock(opens, language)} until {_clock(closes, language)}"


def week_lines(week: Sequence[DayHours], language: str | None) -> list[str]:
    """Today first, then the following days in order, with day names; one line when every day is alike."""
    arabic = is_arabic(language)
    if not week:
        return []
    lines = [_today_line(week[0], language)]
    spans = [_span(o, c, language) for _, o, c in week]
    if len(set(spans)) == 1:
        lines.append(f"{'كل يوم' if arabic else 'Every day'}: {spans[0]}")
        return lines
    for k, ((d, _, _), span) in enumerate(zip(week, spans, strict=True)):
        name = AR_DAYS[d.weekday()] if arabic else EN_DAYS[d.weekday()]
        if k == 0:
            name = f"{name} ({'اليوم' if arabic else 'today'})"
        lines.append(f"{name}: {span}")
    return lines


def hours_answer(branches: Sequence[Branch], *, language: str = "ar-SA", personality: str = "casual") -> str:
    """Opening hours of every branch in the customer's language: today first, then the week."""
    if not branches:
        return _NO_BRANCHES["ar" if is_arabic(language) else "en"]
    lines = [pick(_HOURS_INTRO, language, personality)]
    for b in branches:
        if not b.week:
            lines.append(f"• {b.name} ({b.city}): {b.hours}")
            continue
        lines.append(f"• {b.name} ({b.city})")
        lines += [f"  {line}" for line in week_lines(b.week, language)]
    return "\n".join(lines)


def location_answer(
    branches: Sequence[Branch], *, language: str = "ar-SA", personality: str = "casual"
) -> str:
    """Every branch with its city and a Google Maps link."""
    if not branches:
        return _NO_BRANCHES["ar" if is_arabic(language) else "en"]
    lines = [pick(_LOCATION_INTRO, language, personality)]
    for b in branches:
        where = f"• {b.name} ({b.city})"
        if b.lat is not None and b.lng is not None:
            where = f"{where}: {maps_link(b.lat, b.lng)}"
        lines.append(where)
    return "\n".join(lines)


CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "mains": ("الأطباق الرئيسية", "Mains"),
    "sides": ("الأطباق الجانبية", "Sides"),
    "appetizers": ("المقبلات", "Appetizers"),
    "salads": ("السلطات", "Salads"),
    "sandwiches": ("الساندويتشات", "Sandwiches"),
    "breakfast": ("الفطور", "Breakfast"),
    "drinks": ("المشروبات", "Drinks"),
    "desserts": ("الحلويات", "Desserts"),
}


def category_label(category: str, language: str | None = None) -> str:
    """Display name of a menu category ('mains' → 'الأطباق الرئيسية' / 'Mains')."""
    key = category.strip().lower()
    arabic = is_arabic(language)
    if key in CATEGORY_LABELS:
        ar, en = CATEGORY_LABELS[key]
        return ar if arabic else en
    if not key:
        return "أخرى" if arabic else "Other"
    return category.strip() if arabic else category.strip().title()


_MENU_INTRO: Table = {
    "formal": {"ar": "قائمتنا:", "en": "Our menu:"},
    "casual": {
        "ar": "هذا المنيو:",
        "ar-EG": "ده المنيو:",
        "ar-LV": "هاد المنيو:",
        "en": "Here's the menu:",
    },
    "traditional": {"ar": "حياك الله، هذي قائمتنا:", "en": "Welcome, here is our menu:"},
    "modern": {"ar": "📋 المنيو:", "en": "📋 Menu:"},
}

_MENU_OUTRO: Table = {
    "formal": {"ar": "يسعدنا استقبال طلبكم.", "en": "We would be glad to take your order."},
    "casual": {
        "ar": "وش تبغى تطلب؟",
        "ar-EG": "تحب تطلب إيه؟",
        "ar-LV": "شو حابب تطلب؟",
        "en": "What would you like?",
    },
    "traditional": {"ar": "تفضل، آمر وتدلل.", "en": "Please, order whatever you wish."},
    "modern": {"ar": "اكتب طلبك وأجهزه لك 🛒", "en": "Type your order and I'll set it up 🛒"},
}


def menu_answer(menu: Sequence[MenuItem], *, language: str = "ar-SA", personality: str = "casual") -> str:
    """The menu grouped by category with prices; unavailable items are marked."""
    arabic = is_arabic(language)
    if not menu:
        return "نعتذر، القائمة غير متوفرة حالياً." if arabic else "Sorry, the menu is not available."
    groups: dict[str, list[MenuItem]] = {}
    for item in menu:
        groups.setdefault(item.category.strip().lower(), []).append(item)
    unavailable = " (غير متوفر حالياً)" if arabic else " (not available now)"
    lines = [pick(_MENU_INTRO, language, personality)]
    for category, items in groups.items():
        lines.append("")
        lines.append(f"*{category_label(category, language)}*")
        for item in items:
            name = item.name_ar if arabic else item.name_en
            mark = "" if item.available else unavailable
            lines.append(f"• {name} — {format_sar(item.price, language)}{mark}")
    lines.append("")
    lines.append(pick(_MENU_OUTRO, language, personality))
    return "\n".join(lines)


_PRICE: Table = {
    "formal": {
        "ar": "سعر {name}: {price}. هل ترغبون بإضافته إلى طلبكم؟",
        "en": "{name} is {price}. Would you like to add it to your order?",
    },
    "casual": {
        "ar": "{name} بـ {price}، تبغى أضيفه لطلبك؟",
        "ar-EG": "{name} بـ {price}، تحب أضيفه لطلبك؟",
        "ar-LV": "{name} بـ {price}، بدك ضيفه لطلبك؟",
        "en": "{name} is {price}. Want me to add it?",
    },
    "traditional": {
        "ar": "أبشر، {name} سعره {price}. تأمر بشي؟",
        "en": "Certainly, {name} is {price}. May we get it for you?",
    },
    "modern": {"ar": "{name}: {price} 💰 أضيفه لطلبك؟", "en": "{name}: {price} 💰 Add it?"},
}

_PRICE_UNAVAILABLE: Table = {
    "formal": {
        "ar": "نعتذر، {name} ({price}) غير متوفر حالياً.",
        "en": "We are sorry, {name} ({price}) is not available at the moment.",
    },
    "casual": {
        "ar": "للأسف {name} ({price}) خلصان حالياً.",
        "ar-EG": "للأسف {name} ({price}) مش متوفر دلوقتي.",
        "ar-LV": "للأسف {name} ({price}) مش متوفر هلق.",
        "en": "Sorry, {name} ({price}) is sold out right now.",
    },
    "traditional": {
        "ar": "المعذرة منك، {name} ({price}) غير متوفر الحين.",
        "en": "Forgive us, {name} ({price}) is not available now.",
    },
    "modern": {
        "ar": "{name} ({price}) غير متوفر حالياً 🙏",
        "en": "{name} ({price}) isn't available right now 🙏",
    },
}


_PRICE_ONLY: Table = {
    "formal": {"ar": "سعر {name}: {price}.", "en": "{name} is {price}."},
    "*": {"ar": "{name} بـ {price}.", "ar-LV": "{name} بـ {price}.", "en": "{name} is {price}."},
}


def price_answer(item: MenuItem, *, language: str = "ar-SA", personality: str = "casual") -> str:
    """The price of one menu item, offering to add it, or that it is not available now."""
    name = item.name_ar if is_arabic(language) else item.name_en
    table = _PRICE if item.available else _PRICE_UNAVAILABLE
    return pick(table, language, personality).format(name=name, price=format_sar(item.price, language))


def price_only(item: MenuItem, *, language: str = "ar-SA", personality: str = "casual") -> str:
    """The price of one menu item and nothing asked (an order waits for its own answer)."""
    name = item.name_ar if is_arabic(language) else item.name_en
    table = _PRICE_ONLY if item.available else _PRICE_UNAVAILABLE
    return pick(table, language, personality).format(name=name, price=format_sar(item.price, language))
