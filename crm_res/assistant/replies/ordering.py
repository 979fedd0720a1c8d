"""Wording for ordering: summaries, confirmation, status updates, delivery or pickup, schedules,
and the ordering dialogue's questions and buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from crm_res.assistant.replies.common import (
    AR_DAYS,
    EN_DAYS,
    TO_ARABIC_INDIC,
    OrderLine,
    Table,
    ar_day_part,
    branch_phrase,
    format_sar,
    is_arabic,
    join_names,
    minutes_ar,
    order_ref,
    pick,
)
from crm_res.assistant.totals import order_total

_ORDER_PREFIX: Table = {
    "formal": {"ar": "طلبكم:", "en": "Your order:"},
    "casual": {"ar": "طلبك:", "en": "Your order:"},
    "traditional": {"ar": "أبشر، طلبك:", "en": "Certainly, your order:"},
    "modern": {"ar": "🧾 طلبك:", "en": "🧾 Your order:"},
}


def order_summary(lines: Sequence[OrderLine], *, language: str = "ar-SA", personality: str = "casual") -> str:
    """'طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال', quantities shown when above 1."""
    if not lines:
        raise ValueError("an order summary needs at least one line")
    parts: list[str] = []
    for line in lines:
        name = line.name.strip()
        if line.modifications:
            name = f"{name} - {join_names(line.modifications, language)}"
        if line.quantity == 1:
            parts.append(f"{name} ({format_sar(line.unit_price, language)})")
        else:
            unit = format_sar(line.unit_price, language).split(" ")[0]
            total = format_sar(line.line_total, language)
            parts.append(f"{line.quantity} × {name} ({line.quantity} × {unit} = {total})")
    prefix = pick(_ORDER_PREFIX, language, personality)
    return f"{prefix} {' + '.join(parts)} = {format_sar(order_total(lines), language)}"


_ASK_CONFIRM: Table = {
    "formal": {
        "ar": "للتأكيد اكتب نعم، أو لا للإلغاء. شكراً لكم.",
        "en": "To confirm, please reply yes (or no to cancel).",
    },
    "casual": {
        "ar": "للتأكيد اكتب نعم",
        "ar-EG": "للتأكيد اكتب نعم، ولو عايز تغيّر أو تلغي اكتب لا.",
        "ar-LV": "للتأكيد اكتب نعم، وإذا بدك تغيّر أو تلغي اكتب لا.",
        "en": "Reply yes to confirm, or no to change or cancel.",
    },
    "traditional": {
        "ar": "للتأكيد اكتب نعم، وإن بغيت تعدّل اكتب لا، وأبشر باللي يرضيك.",
        "en": "Kindly reply yes to confirm, or no if you would like to change it.",
    },
    "modern": {
        "ar": "للتأكيد اكتب نعم ✅ أو لا للإلغاء ❌",
        "en": "Reply yes ✅ to confirm or no ❌ to cancel.",
    },
}


def ask_confirm(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Ask for explicit confirmation ('للتأكيد اكتب نعم')."""
    return pick(_ASK_CONFIRM, language, personality)


_CONFIRMED: Table = {
    "formal": {
        "ar": "تم استلام طلبكم{n}.|شكراً لكم، بالهناء والعافية.",
        "en": "Your order{n} has been received.|Thank you, and enjoy your meal.",
    },
    "casual": {
        "ar": "تم استلام طلبك{n}|بالعافية مقدماً!",
        "ar-EG": "تم استلام طلبك{n}.|بالهنا والشفا!",
        "ar-LV": "تم استلام طلبك{n}.|صحتين!",
        "en": "Got it! Your order{n} is in.|Enjoy!",
    },
    "traditional": {
        "ar": "أبشر، تم استلام طلبك{n}.|بالعافية عليك، وحياك الله.",
        "en": "Certainly, your order{n} has been received.|May you enjoy it in good health.",
    },
    "modern": {
        "ar": "✅ تم استلام طلبك{n}|",
        "en": "✅ Order{n} received|",
    },
}


def order_confirmed(
    order_number: str | int,
    eta_minutes: int | None,
    *,
    language: str = "ar-SA",
    personality: str = "casual",
    ready: str | None = None,
) -> str:
    """'تم استلام طلبك #1234' with the preparation time when known, or when it will be ready when the
    customer asked for a time ('بيكون جاهز اليوم الساعة ٨ المسا')."""
    head, _, tail = pick(_CONFIRMED, language, personality).partition("|")
    lines = [head.format(n=order_ref(order_number))]
    if ready is not None:
        lines.append(f"بيكون جاهز {ready}" if is_arabic(language) else f"It will be ready {ready}")
    elif eta_minutes is not None:
        if is_arabic(language):
            lines.append(f"وقت التحضير: {minutes_ar(int(eta_minutes))}")
        else:
            unit = "minute" if int(eta_minutes) == 1 else "minutes"
            lines.append(f"Preparation time: {int(eta_minutes)} {unit}")
    if tail:
        lines.append(tail)
    return "\n".join(lines)


def order_placed(
    order_number: str | int,
    eta_minutes: int | None,
    *,
    language: str = "ar-SA",
    personality: str = "casual",
    ready: str | None = None,
) -> list[str]:
    """The seed's two messages: 'تم استلام طلبك #1234', then 'وقت التحضير: 20 دقيقة' (and a wish)."""
    head, _, rest = order_confirmed(
        order_number, eta_minutes, language=language, personality=personality, ready=ready
    ).partition("\n")
    return [head, rest] if rest else [head]


_CANCELLED: Table = {
    "formal": {
        "ar": "تم إلغاء طلبكم{n}. يسعدنا خدمتكم في أي وقت.",
        "en": "Your order{n} has been cancelled. We are happy to serve you any time.",
    },
    "casual": {
        "ar": "تم إلغاء طلبك{n}. إذا احتجت شي إحنا موجودين.",
        "ar-EG": "تم إلغاء طلبك{n}. لو احتجت أي حاجة إحنا موجودين.",
        "ar-LV": "تم إلغاء طلبك{n}. إذا احتجت شي نحنا موجودين.",
        "en": "Your order{n} is cancelled. We're here if you need anything.",
    },
    "traditional": {
        "ar": "تم إلغاء طلبك{n}، ولا يهمك، وحياك الله في أي وقت.",
        "en": "Your order{n} has been cancelled. No worries, you are welcome any time.",
    },
    "modern": {
        "ar": "تم إلغاء طلبك{n} ❌ موجودين متى ما احتجتنا.",
        "en": "Order{n} cancelled ❌ We're here whenever you need us.",
    },
}


def order_cancelled(
    order_number: str | int | None = None,
    *,
    language: str = "ar-SA",
    personality: str = "casual",
) -> str:
    """Confirm a cancelled order."""
    return pick(_CANCELLED, language, personality).format(n=order_ref(order_number))


_WE_DELIVER: Table = {
    "formal": {
        "ar": "نعم، نوفر التوصيل. أرسلوا طلبكم وعنوان التوصيل أو موقعكم.",
        "en": "Yes, we deliver. Send us your order and the delivery address or your location.",
    },
    "*": {
        "ar": "إيه نوصل! اكتب طلبك وأرسل عنوانك أو موقعك 📍",
        "ar-EG": "أيوه بنوصل! اكتب طلبك وابعت عنوانك أو موقعك 📍",
        "ar-LV": "إي منوصل! اكتب طلبك وابعت عنوانك أو موقعك 📍",
        "en": "Yes, we deliver! Send your order and your address or location 📍",
    },
}


def we_deliver(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """ "Do you deliver?": yes, and what to send."""
    return pick(_WE_DELIVER, language, personality)


def placed_total(number: int, total: Decimal, *, language: str = "ar-SA") -> str:
    """ "قديش صار المجموع؟" after placing: the placed order's number and what it comes to."""
    if is_arabic(language):
        return f"مجموع طلبك #{number}: {format_sar(total, language)}"
    return f"Your order #{number} comes to {format_sar(total, language)}."


def separate_order(placed_number: int, *, language: str = "ar-SA") -> str:
    """More asked for once an order is placed: the placed one is with the kitchen; this is another."""
    if is_arabic(language):
        return f"طلبك #{placed_number} وصل للمطبخ، فبنسجل هذا كطلب جديد:"
    return f"Your order #{placed_number} is already with the kitchen, so this is a new order:"


def ask_what_to_change(*, language: str = "ar-SA") -> str:
    """ "ابي اغير الطلب" before the yes: say the change (more, less, another dish)."""
    if is_arabic(language):
        return "أبشر، وش تبغى تغيّر؟ اكتب مثلاً: زود بيبسي، شيل البطاطس، أو خلّ البرجر ٢."
    return "Sure, what would you like to change? For example: add a pepsi, remove the fries, or make the burger 2."


def question_passed_on(*, language: str = "ar-SA") -> str:
    """A question only a person can answer, asked mid-order: passed on, the order goes on."""
    if is_arabic(language):
        return "سؤالك وصل للفريق وبيردون عليك هنا."
    return "Your question has reached our team; they'll answer you here."


def ready_after_confirming(minutes: int, *, language: str = "ar-SA") -> str:
    """ "How long will it take?" asked before the yes: the preparation time counts from it."""
    if is_arabic(language):
        return f"يجهز طلبك خلال {minutes} دقيقة من تأكيده."
    return f"Your order will be ready about {minutes} minutes after you confirm it."


_CANCEL_REQUESTED: Table = {
    "formal": {
        "ar": "تم إبلاغ فريقنا بطلبكم إلغاء الطلب{n}، وسيتواصلون معكم لتأكيده.",
        "en": "Our team has been told you wish to cancel order{n}; they will contact you to confirm it.",
    },
    "*": {
        "ar": "وصل طلبك بإلغاء الطلب{n} للفريق، وبيأكدون لك الإلغاء بأسرع وقت.",
        "ar-EG": "طلب إلغاء الأوردر{n} وصل للفريق، وهيأكدولك في أسرع وقت.",
        "en": "Your request to cancel order{n} has reached our team; they'll confirm it shortly.",
    },
}


_LATE_ORDER: Table = {
    "formal": {
        "ar": "نعتذر منكم عن تأخر الطلب{n}. أبلغنا فريقنا وسيتابعونه معكم فوراً.",
        "en": "We are sorry order{n} is late. Our team has been told and will follow it up with you at once.",
    },
    "*": {
        "ar": "حقك علينا، نعتذر عن تأخير الطلب{n}! بلّغنا الفريق ويتابعونه معك الحين.",
        "ar-EG": "حقك علينا، آسفين على تأخير الأوردر{n}! بلّغنا الفريق وهيتابعوه معاك حالاً.",
        "ar-LV": "حقك علينا، منعتذر عن تأخير الطلب{n}! بلّغنا الفريق ورح يتابعوه معك هلق.",
        "en": "So sorry order{n} is late! Our team has been told and will chase it up with you now.",
    },
}


def late_order(
    order_number: str | int | None = None, *, language: str = "ar-SA", personality: str = "casual"
) -> str:
    """A placed order the customer says is late: an apology, and a person takes it up."""
    return pick(_LATE_ORDER, language, personality).format(n=order_ref(order_number))


def cancel_requested(
    order_number: str | int | None = None, *, language: str = "ar-SA", personality: str = "casual"
) -> str:
    """A placed order the customer wants cancelled: only staff can cancel it (the kitchen may have started)."""
    return pick(_CANCEL_REQUESTED, language, personality).format(n=order_ref(order_number))


_STATUS: Mapping[str, Table] = {
    "pending": {
        "formal": {"ar": "طلبكم{n} بانتظار التأكيد.", "en": "Your order{n} awaits confirmation."},
        "*": {"ar": "طلبك{n} بانتظار التأكيد.", "en": "Your order{n} is awaiting confirmation."},
    },
    "confirmed": {
        "formal": {"ar": "تم تأكيد طلبكم{n}.", "en": "Your order{n} has been confirmed."},
        "*": {"ar": "تم تأكيد طلبك{n} ✅", "en": "Your order{n} is confirmed ✅"},
    },
    "preparing": {
        "formal": {
            "ar": "طلبكم{n} قيد التحضير الآن.",
            "en": "Your order{n} is now being prepared.",
        },
        "*": {
            "ar": "طلبك{n} يتجهز الحين 👨‍🍳",
            "ar-EG": "طلبك{n} بيتحضر دلوقتي 👨‍🍳",
            "ar-LV": "طلبك{n} عم يتحضر هلق 👨‍🍳",
            "en": "Your order{n} is being prepared 👨‍🍳",
        },
    },
    "ready": {
        "formal": {"ar": "طلبكم{n} جاهز.", "en": "Your order{n} is ready."},
        "*": {"ar": "طلبك{n} جاهز! 🎉", "en": "Your order{n} is ready! 🎉"},
    },
    "delivered": {
        "formal": {
            "ar": "تم توصيل طلبكم{n}، بالهناء والعافية.",
            "en": "Your order{n} has been delivered. Enjoy your meal.",
        },
        "traditional": {
            "ar": "وصل طلبك{n}، بالعافية عليك، وحياك الله.",
            "en": "Your order{n} has been delivered. Enjoy it in good health.",
        },
        "*": {
            "ar": "تم توصيل طلبك{n}، بالعافية!",
            "ar-EG": "طلبك{n} وصل، بالهنا والشفا!",
            "ar-LV": "وصل طلبك{n}، صحتين!",
            "en": "Your order{n} has been delivered. Enjoy!",
        },
    },
    "cancelled": {
        "formal": {"ar": "تم إلغاء طلبكم{n}.", "en": "Your order{n} has been cancelled."},
        "*": {"ar": "تم إلغاء طلبك{n}.", "en": "Your order{n} has been cancelled."},
    },
}


_PICKUP_STATUS: Mapping[str, Table] = {
    "ready": {
        "formal": {"ar": "طلبكم{n} جاهز للاستلام.", "en": "Your order{n} is ready for pickup."},
        "*": {"ar": "طلبك{n} جاهز للاستلام! 🎉", "en": "Your order{n} is ready for pickup! 🎉"},
    },
    "delivered": {
        "formal": {
            "ar": "تم تسليم طلبكم{n}، بالهناء والعافية.",
            "en": "Your order{n} has been picked up. Enjoy your meal.",
        },
        "*": {"ar": "تم تسليم طلبك{n}، بالعافية!", "en": "Your order{n} has been picked up. Enjoy!"},
    },
}


def order_status_update(
    status: str,
    order_number: str | int | None = None,
    *,
    language: str = "ar-SA",
    personality: str = "casual",
    delivery_type: str | None = None,
) -> str:
    """Tell the customer their order moved to ``status`` (confirmed → … → delivered); a pickup
    order is never told it was delivered."""
    key = status.strip().lower()
    table = _STATUS.get(key)
    if delivery_type == "pickup" and key in _PICKUP_STATUS:
        table = _PICKUP_STATUS[key]
    ref = order_ref(order_number)
    if table is None:
        if is_arabic(language):
            return f"تم تحديث حالة طلبك{ref}: {status}"
        return f"Your order{ref} status is now: {status}"
    return pick(table, language, personality).format(n=ref)


_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "pending": ("بانتظار التأكيد", "Pending"),
    "confirmed": ("مؤكد", "Confirmed"),
    "preparing": ("قيد التحضير", "Preparing"),
    "ready": ("جاهز", "Ready"),
    "delivered": ("تم التسليم", "Delivered"),
    "cancelled": ("ملغي", "Cancelled"),
}


def order_status_word(status: str, *, language: str = "ar-SA") -> str:
    """The order status as one word or two for a template parameter ("جاهز" / "Ready")."""
    ar, en = _STATUS_WORDS.get(status, (status, status))
    return ar if is_arabic(language) else en


_UNKNOWN_ITEMS: Table = {
    "formal": {
        "ar": "نعتذر، لم نجد في قائمتنا: {names}. هل ترغبون بالاطلاع على القائمة؟",
        "en": "We are sorry, we could not find {names} on our menu. Would you like to see the menu?",
    },
    "casual": {
        "ar": "المعذرة، ما لقيت بالمنيو: {names}. تبغى أرسل لك المنيو؟",
        "ar-EG": "معلش، مش لاقي في المنيو: {names}. تحب أبعتلك المنيو؟",
        "ar-LV": "عفواً، ما لقيت بالمنيو: {names}. بتحب أبعتلك المنيو؟",
        "en": "Sorry, I couldn't find {names} on the menu. Want me to send you the menu?",
    },
    "traditional": {
        "ar": "المعذرة منك، ما عندنا في القائمة: {names}. تبي أرسل لك قائمتنا؟",
        "en": "Our apologies, {names} is not on our menu. May we send you our menu?",
    },
    "modern": {
        "ar": "ما لقيت {names} في المنيو 🤔 أرسل لك المنيو؟",
        "en": "Couldn't find {names} on the menu 🤔 Want the menu?",
    },
}


def unknown_items(names: Sequence[str], *, language: str = "ar-SA", personality: str = "casual") -> str:
    """Say which requested items are not on the menu and offer the menu."""
    joined = join_names(names, language)
    return pick(_UNKNOWN_ITEMS, language, personality).format(names=joined)


def opening_time(opens: datetime, today: date, *, language: str = "ar-SA") -> str:
    """When a branch opens, with the day: 'اليوم الساعة ٤ العصر', 'غداً الساعة ١٢ الظهر', 'today at 4 PM'."""
    day, clock = _day_word(opens, today, language), _clock(opens)
    if is_arabic(language):
        return f"{day} الساعة {clock.translate(TO_ARABIC_INDIC)} {ar_day_part(opens.hour)}"
    return f"{day} at {clock} {'AM' if opens.hour < 12 else 'PM'}"


# The prayers by the names a customer says them ("بعد المغرب", "after maghrib").
_PRAYER_NAMES = {
    "fajr": ("الفجر", "Fajr"),
    "dhuhr": ("الظهر", "Dhuhr"),
    "asr": ("العصر", "Asr"),
    "maghrib": ("المغرب", "Maghrib"),
    "isha": ("العشاء", "Isha"),
}


def after_prayer_time(prayer: str, at: datetime, today: date, *, language: str = "ar-SA") -> str:
    """A time asked for after a prayer, said as the customer said it with the clock beside it:
    'اليوم بعد المغرب (الساعة ٥:٢٤)', 'today after Maghrib (5:24 PM)' (never '٥:٢٤ العصر')."""
    ar, en = _PRAYER_NAMES[prayer]
    day, clock = _day_word(at, today, language), _clock(at)
    if is_arabic(language):
        return f"{day} بعد {ar} (الساعة {clock.translate(TO_ARABIC_INDIC)})"
    return f"{day} after {en} ({clock} {'AM' if at.hour < 12 else 'PM'})"


def _day_word(at: datetime, today: date, language: str) -> str:
    days = (at.date() - today).days
    if is_arabic(language):
        return "اليوم" if days <= 0 else "غداً" if days == 1 else f"يوم {AR_DAYS[at.weekday()]}"
    return "today" if days <= 0 else "tomorrow" if days == 1 else f"on {EN_DAYS[at.weekday()]}"


def _clock(at: datetime) -> str:
    hour12 = at.hour % 12 or 12
    return f"{hour12}" if at.minute == 0 else f"{hour12}:{at.minute:02d}"


_CLOSED_UNTIL: Table = {
    "formal": {
        "ar": "نعتذر، {branch} مغلق حالياً، ويفتح {when}.",
        "en": "We are sorry, {branch} is closed now; it opens {when}.",
    },
    "casual": {
        "ar": "{branch} مسكّر الحين، يفتح {when} إن شاء الله.",
        "ar-EG": "{branch} قافل دلوقتي، بيفتح {when} إن شاء الله.",
        "ar-LV": "{branch} مسكّر هلق، بيفتح {when} إن شاء الله.",
        "en": "{branch} is closed right now. It opens {when}.",
    },
    "traditional": {
        "ar": "المعذرة، {branch} مغلق الحين، ويفتح {when} بإذن الله.",
        "en": "Forgive us, {branch} is closed now; it opens {when}, God willing.",
    },
    "modern": {
        "ar": "{branch} مغلق الحين 🌙 يفتح {when}.",
        "en": "{branch} is closed for now 🌙 Opens {when}.",
    },
}


def closed_until(branch: str, when: str, *, language: str = "ar-SA", personality: str = "casual") -> str:
    """The branch is closed and when it opens ('فرع العليا مسكّر الحين، يفتح اليوم الساعة ٤ العصر')."""
    phrase = branch_phrase(branch, language)
    text = pick(_CLOSED_UNTIL, language, personality).format(branch=phrase, when=when)
    return text[0].upper() + text[1:]


def offer_schedule(*, language: str = "ar-SA") -> str:
    """Offer to prepare the order for the opening time instead of now."""
    if is_arabic(language):
        return "تحب نجدول طلبك ونجهزه لك وقت الافتتاح؟"
    return "Would you like us to schedule your order for opening time?"


def closed_no_hours(*, language: str = "ar-SA") -> str:
    """Closed, with no opening in the coming week: decline politely."""
    if is_arabic(language):
        return "نعتذر، الفرع مغلق حالياً وما نقدر نستقبل الطلب الحين. حياك الله في وقت ثاني."
    return "Sorry, the branch is closed and cannot take orders right now. We hope to see you another time."


def order_scheduled(
    order_number: str | int, when: str, *, language: str = "ar-SA", personality: str = "casual"
) -> str:
    """A scheduled order was recorded for the opening time."""
    if is_arabic(language):
        return f"تم تسجيل طلبك{order_ref(order_number)} ونجهزه لك {when} إن شاء الله."
    return f"Your order{order_ref(order_number)} is scheduled for {when}."


def ask_delivery_mode(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Pickup or delivery?"""
    if is_arabic(language):
        return "تبغى الطلب استلام من الفرع ولا توصيل؟"
    return "Pickup from the branch, or delivery?"


def ask_address(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Ask where to deliver."""
    if is_arabic(language):
        return "أرسل لنا عنوان التوصيل (الحي والشارع) أو شارك موقعك 📍"
    return "Please send the delivery address (district and street) or share your location 📍"


def nearest_branch(name: str, *, language: str = "ar-SA") -> str:
    """The branch a shared location picked."""
    return f"أقرب فرع لك: {name}" if is_arabic(language) else f"Nearest branch: {name}"


def fulfilment_line(
    mode: str,
    branch: str | None,
    address: str | None,
    *,
    defaulted: bool = False,
    from_branch: bool = False,
    language: str = "ar-SA",
    when: str | None = None,
) -> str:
    """How the order reaches the customer, stated in the final summary ('استلام من فرع العليا'); with
    `from_branch`, the branch a delivery was assumed to come from ('… (من فرع العليا)'); with `when`,
    the time the customer asked for ('…، اليوم الساعة ٨ المسا')."""
    arabic = is_arabic(language)
    at = (f"، {when}" if arabic else f", {when}") if when else ""
    if mode == "delivery":
        line = f"التوصيل إلى: {address}" if arabic else f"Delivery to: {address}"
        if from_branch and branch:
            where = branch_phrase(branch, language)
            line += f" (من {where})" if arabic else f" (from {where})"
        return line + at
    where = branch_phrase(branch or "", language) if branch else ""
    line = f"استلام من {where}{at}" if arabic else f"Pickup from {where}{at}"
    if defaulted:
        line += " (تبغى توصيل؟ اكتب توصيل)" if arabic else " (want delivery? reply delivery)"
    return line


def ask_branch(*, language: str = "ar-SA") -> str:
    """Which branch (or a location pin)?"""
    if is_arabic(language):
        return "من أي فرع؟ (أو شارك موقعك 📍)"
    return "Which branch? (or share your location 📍)"


def ask_which_item(options: Sequence[str], *, language: str = "ar-SA") -> str:
    """A short name several menu items share: a numbered list to pick from."""
    head = "أي واحد تقصد؟" if is_arabic(language) else "Which one do you mean?"
    return "\n".join([head, *(f"{k}. {name}" for k, name in enumerate(options, 1))])


def note_taken(*, language: str = "ar-SA") -> str:
    """A note for the kitchen or the driver said mid-order: kept with the order for the staff."""
    if is_arabic(language):
        return "أبشر، سجلنا ملاحظتك مع الطلب 👍"
    return "Noted: we've added that to your order for the kitchen 👍"


def order_kept_waiting(*, language: str = "ar-SA") -> str:
    """A question answered mid-order: the order waits for the confirmation."""
    if is_arabic(language):
        return "طلبك ينتظر تأكيدك: للتأكيد اكتب نعم"
    return "Your order is waiting: reply yes to confirm"


_NO_ORDERS: Table = {
    "formal": {"ar": "لا توجد لديكم طلبات لدينا حتى الآن.", "en": "You have no orders with us yet."},
    "casual": {
        "ar": "ما عندك طلبات عندنا للحين.",
        "ar-EG": "معندكش طلبات عندنا لسه.",
        "en": "You have no orders with us yet.",
    },
    "traditional": {
        "ar": "ما عندك طلبات عندنا للحين، حيّاك الله متى ما بغيت.",
        "en": "You have no orders with us yet; you are always welcome.",
    },
    "modern": {"ar": "ما فيه طلبات لك للحين 🧾", "en": "No orders yet 🧾"},
}


def no_orders_yet(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """The answer to "where is my order?" from a customer who never ordered."""
    return pick(_NO_ORDERS, language, personality)


def no_previous_order(*, language: str = "ar-SA") -> str:
    """ "ابي نفس طلبي اللي فات" from a customer with no order here: none found, what would they like?"""
    if language == "ar-EG":
        return "ملقتش طلب قبل كده من الرقم ده 🙏 اكتبلي عايز ايه وأجهزهولك."
    if language == "ar-LV":
        return "ما لقيت طلب قبل من هالرقم 🙏 اكتبلي شو بدك وبجهزلك ياه."
    if is_arabic(language):
        return "ما لقيت لك طلب سابق عندنا من هالرقم 🙏 اكتب لي وش تحب تطلب وأجهزه لك."
    return "I couldn't find an earlier order from this number 🙏 Tell me what you'd like and I'll set it up."


def last_order_sold_out(names_ar: list[str], names_en: list[str], *, language: str = "ar-SA") -> str:
    """ "ابي نفس طلبي اللي فات" when none of that order's dishes can be ordered today: said, and what
    they would like instead asked."""
    if language == "ar-EG":
        return f"طلبك اللي فات ({'، '.join(names_ar)}) مش متاح النهارده للأسف 🙏 اكتبلي تحب تطلب ايه بداله."
    if language == "ar-LV":
        return f"طلبك الماضي ({'، '.join(names_ar)}) مش متوفر اليوم للأسف 🙏 اكتبلي شو بدك بداله."
    if is_arabic(language):
        return f"طلبك اللي فات ({'، '.join(names_ar)}) مو متوفر اليوم للأسف 🙏 اكتب لي وش تحب تطلب بداله."
    return f"Sorry, your last order ({', '.join(names_en)}) isn't available today 🙏 What would you like instead?"


def address_noted(*, language: str = "ar-SA") -> str:
    """An address sent before any dish ("قبل اي حاجة اكتبلك عنواني: حي الروضة…"): kept for the order."""
    if is_arabic(language):
        return "وصلنا عنوانك 👍 وش تحب تطلب؟"
    return "Got your address 👍 What would you like to order?"


def go_ahead(*, language: str = "ar-SA") -> str:
    """ "هبعتلك الطلب دلوقتي": the order is coming in the next message."""
    if is_arabic(language):
        return "تفضل، أرسل طلبك."
    return "Sure, send your order."
