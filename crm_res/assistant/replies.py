"""Rule-based reply wording: used when no LLM key is set and as the LLM's fallback.

Every function is pure and returns the text to send, in the customer's language
('ar-SA' by default, 'ar-EG' / 'ar-LV' flavour where it is cheap, or 'en') and in the
restaurant's personality ('formal', 'casual', 'traditional', 'modern').
Prices are in SAR: "35 ريال" / "35 SAR"; Arabic text keeps Latin digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from crm_res.assistant.totals import line_total, order_total

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


# ---------------------------------------------------------------- small helpers


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


def _minutes_ar(n: int) -> str:
    if n == 1:
        return "دقيقة واحدة"
    if n == 2:
        return "دقيقتين"
    if 3 <= n <= 10:
        return f"{n} دقائق"
    return f"{n} دقيقة"


def _order_ref(order_number: str | int | None) -> str:
    if order_number is None or str(order_number).strip() == "":
        return ""
    return " #" + str(order_number).strip().lstrip("#")


def _join_names(names: Iterable[str], language: str | None) -> str:
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
_Table = Mapping[str, Mapping[str, str]]


def _pick(table: _Table, language: str | None, personality: str | None) -> str:
    lang = normalize_language(language)
    pers = normalize_personality(personality)
    variants = table.get(pers) or table.get("*") or table[DEFAULT_PERSONALITY]
    base = "ar" if lang != "en" else "en"
    for key in (lang, base):
        if key in variants:
            return variants[key]
    fallback = table.get("*") or table[DEFAULT_PERSONALITY]
    return fallback.get(lang) or fallback[base]


# ---------------------------------------------------------------- conversation basics

_GREETING: _Table = {
    "formal": {
        "ar": "أهلاً وسهلاً بكم في {name}. يسعدنا خدمتكم، كيف يمكننا مساعدتكم اليوم؟",
        "en": "Welcome to {name}. It is our pleasure to serve you. How may we help you today?",
    },
    "casual": {
        "ar": "هلا والله! نورت {name}، وش نقدر نسوي لك اليوم؟",
        "ar-EG": "أهلاً بيك! منوّر {name}، نقدر نساعدك في إيه النهارده؟",
        "ar-LV": "أهلين فيك! نوّرت {name}، شو فينا نساعدك اليوم؟",
        "en": "Hey, welcome to {name}! What can we do for you today?",
    },
    "traditional": {
        "ar": "حياك الله وبياك في {name}، البيت بيتك والمكان مكانك. تفضل، وش نقدر نخدمك فيه؟",
        "en": "Welcome, you honour us at {name}. Our home is your home. How may we serve you?",
    },
    "modern": {
        "ar": "أهلاً 👋 معك {name}. تطلب، تسأل عن المنيو، أو تقيّم زيارتك؟",
        "en": "Hi 👋 This is {name}. Order, ask about the menu, or rate your visit?",
    },
}


def greeting(restaurant_name: str, *, language: str = "ar-SA", personality: str = "casual") -> str:
    """Hello in the restaurant's voice, naming the restaurant."""
    return _pick(_GREETING, language, personality).format(name=restaurant_name.strip())


_THANKS: _Table = {
    "formal": {
        "ar": "شكراً لكم، ويسعدنا خدمتكم دائماً.",
        "en": "Thank you. We are always glad to serve you.",
    },
    "casual": {
        "ar": "العفو، تسلم! أي وقت تحتاجنا إحنا موجودين.",
        "ar-EG": "العفو! إحنا تحت أمرك في أي وقت.",
        "ar-LV": "ولو، تكرم! نحنا بالخدمة أي وقت.",
        "en": "Anytime! Happy to help.",
    },
    "traditional": {
        "ar": "العفو، هذا واجبنا. الله يحفظك ويسعدك، وحياك الله في أي وقت.",
        "en": "You are most welcome, it is our duty and our pleasure. May God keep you.",
    },
    "modern": {
        "ar": "العفو 🙌 موجودين متى ما احتجتنا.",
        "en": "Anytime 🙌 We're here whenever you need us.",
    },
}


def thanks(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Answer to a customer's thank-you."""
    return _pick(_THANKS, language, personality)


_FALLBACK: _Table = {
    "formal": {
        "ar": "نعتذر، لم نتمكن من فهم رسالتكم. يمكنكم الطلب، أو السؤال عن القائمة والفروع، "
        'أو كتابة "موظف" للتحدث مع أحد موظفينا.',
        "en": "We apologise, we could not understand your message. You may place an order, "
        'ask about our menu or branches, or type "human" to speak with our staff.',
    },
    "casual": {
        "ar": "المعذرة، ما فهمت عليك. تقدر تطلب، تسأل عن المنيو أو الفروع، "
        'أو تكتب "موظف" وأحولك لأحد الموظفين.',
        "ar-EG": "معلش، مش فاهم قصدك. ممكن تطلب، تسأل عن المنيو أو الفروع، "
        'أو تكتب "موظف" وأحولك لحد من الفريق.',
        "ar-LV": "عفواً، ما فهمت عليك. فيك تطلب، تسأل عن المنيو أو الفروع، "
        'أو تكتب "موظف" وبحولك لحدا من الفريق.',
        "en": "Sorry, I didn't get that. You can order, ask about the menu or branches, "
        'or type "human" to reach our team.',
    },
    "traditional": {
        "ar": "المعذرة منك، ما وضح لي طلبك. تقدر تطلب، أو تسأل عن قائمتنا وفروعنا، "
        'أو تكتب "موظف" ويخدمك أحد موظفينا.',
        "en": "Forgive me, I did not quite understand. You may order, ask about our menu "
        'and branches, or type "human" and one of our staff will serve you.',
    },
    "modern": {
        "ar": 'ما فهمت عليك 🤔 اطلب، اسأل عن المنيو أو الفروع، أو اكتب "موظف".',
        "en": 'Didn\'t catch that 🤔 Order, ask about the menu or branches, or type "human".',
    },
}


def fallback_didnt_understand(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Polite 'I did not understand' with what the customer can do next."""
    return _pick(_FALLBACK, language, personality)


_ESCALATED: _Table = {
    "formal": {
        "ar": "تم تحويل محادثتكم إلى أحد موظفينا، وسيتواصل معكم في أقرب وقت.",
        "en": "Your conversation has been passed to a member of our staff, who will reply shortly.",
    },
    "casual": {
        "ar": "أبشر، حولتك لأحد الموظفين وبيرد عليك بأسرع وقت.",
        "ar-EG": "حاضر، حولتك لحد من فريقنا وهيرد عليك في أسرع وقت.",
        "ar-LV": "تكرم، حولتك لحدا من الفريق ورح يرد عليك بأسرع وقت.",
        "en": "Sure, I've passed you to one of our team. They'll reply soon.",
    },
    "traditional": {
        "ar": "أبشر بعزك، حولناك لأحد موظفينا ويخدمك بأقرب وقت.",
        "en": "With pleasure. One of our staff will attend to you shortly.",
    },
    "modern": {
        "ar": "تم ✅ أحد فريقنا بيرد عليك قريب.",
        "en": "Done ✅ Someone from our team will reply soon.",
    },
}


def escalated_to_staff(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Tell the customer a person from the staff takes over."""
    return _pick(_ESCALATED, language, personality)


_OPTED_OUT: _Table = {
    "formal": {
        "ar": 'تم إيقاف رسائلنا إليكم. للاشتراك مجدداً اكتبوا "{word}".',
        "en": 'You have been unsubscribed from our messages. Reply "{word}" to subscribe again.',
    },
    "casual": {
        "ar": 'تم، ما راح نرسل لك رسائل بعد الحين. لو حبيت ترجع اكتب "{word}".',
        "ar-EG": 'تمام، مش هنبعتلك رسائل تاني. لو حبيت ترجع اكتب "{word}".',
        "ar-LV": 'تمام، ما رح نبعتلك رسائل بعد هلق. إذا بدك ترجع اكتب "{word}".',
        "en": 'Done, we won\'t message you anymore. Reply "{word}" any time to come back.',
    },
    "traditional": {
        "ar": 'أبشر، أوقفنا رسائلنا لك. ومتى ما حبيت ترجع اكتب "{word}"، وحياك الله في كل وقت.',
        "en": 'As you wish, we have stopped our messages. Reply "{word}" whenever you like; '
        "you are always welcome.",
    },
    "modern": {
        "ar": 'تم إيقاف الرسائل 🔕 للرجوع اكتب "{word}".',
        "en": 'Messages stopped 🔕 Reply "{word}" to turn them back on.',
    },
}


def opted_out_confirmation(
    *, language: str = "ar-SA", personality: str = "casual", opt_in_word: str | None = None
) -> str:
    """Confirm an opt-out and say how to opt back in."""
    word = opt_in_word or ("اشتراك" if is_arabic(language) else "START")
    return _pick(_OPTED_OUT, language, personality).format(word=word)


_OPTED_IN: _Table = {
    "formal": {
        "ar": "تم تفعيل اشتراككم في رسائلنا مجدداً، أهلاً بعودتكم.",
        "en": "You are subscribed to our messages again. Welcome back.",
    },
    "casual": {
        "ar": "هلا فيك من جديد! رجعنا نرسل لك عروضنا وأخبارنا.",
        "ar-EG": "أهلاً بيك تاني! هنرجع نبعتلك عروضنا وأخبارنا.",
        "ar-LV": "أهلين فيك من جديد! رح نرجع نبعتلك عروضنا وأخبارنا.",
        "en": "Welcome back! You'll get our offers and news again.",
    },
    "traditional": {
        "ar": "حياك الله من جديد، رجعت لنا ورجع الخير. بنرسل لك عروضنا وأخبارنا.",
        "en": "Welcome back, you honour us again. We will keep you posted on our offers.",
    },
    "modern": {
        "ar": "أهلاً بعودتك 🔔 الرسائل مفعّلة.",
        "en": "Welcome back 🔔 Messages are on.",
    },
}


def opted_in_confirmation(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Confirm the customer opted back in to business messages."""
    return _pick(_OPTED_IN, language, personality)


# ---------------------------------------------------------------- feedback

_ASK_RATING: _Table = {
    "formal": {
        "ar": "نرجو منكم تقييم تجربتكم معنا من 1-5 (5 = ممتازة).",
        "en": "Could you please rate your experience with us from 1-5 (5 = excellent)?",
    },
    "casual": {
        "ar": "وش تقييمك لتجربتك معنا من 1-5؟",
        "ar-EG": "تقيّم تجربتك معانا كام من 1-5؟",
        "ar-LV": "قديش بتقيّم تجربتك معنا من 1-5؟",
        "en": "How would you rate your visit, from 1-5?",
    },
    "traditional": {
        "ar": "الله يعطيك العافية، ودنا تقيّم تجربتك معنا من 1-5، رأيك يهمنا.",
        "en": "Would you honour us with a rating of your experience from 1-5? Your opinion matters to us.",
    },
    "modern": {
        "ar": "قيّم تجربتك من 1-5 ⭐",
        "en": "Rate your experience 1-5 ⭐",
    },
}


def ask_rating(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Ask for a 1-5 rating of the visit."""
    return _pick(_ASK_RATING, language, personality)


_FEEDBACK_POSITIVE: _Table = {
    "formal": {
        "ar": "شكراً جزيلاً على ملاحظاتكم الطيبة، يسعدنا أن التجربة نالت رضاكم.",
        "en": "Thank you very much for your kind words; we are delighted you enjoyed your experience.",
    },
    "casual": {
        "ar": "الله يسعدك! كلامك الحلو وصل للفريق وفرّحهم.",
        "ar-EG": "ربنا يخليك! كلامك الحلو فرّح الفريق كله.",
        "ar-LV": "يسلم تمّك! كلامك الحلو فرّح كل الفريق.",
        "en": "Thanks so much! Your kind words made the team's day.",
    },
    "traditional": {
        "ar": "جزاك الله خير على كلامك الطيب، وهذا من ذوقك. نورتنا وشرفتنا.",
        "en": "May God reward you for your kind words. You honoured us with your visit.",
    },
    "modern": {
        "ar": "يسعدنا إنها عجبتك ✨ نقلنا كلامك للفريق.",
        "en": "So glad you enjoyed it ✨ We've passed your words to the team.",
    },
}


def feedback_ack_positive(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Thank the customer for positive feedback."""
    return _pick(_FEEDBACK_POSITIVE, language, personality)


_FEEDBACK_NEGATIVE: _Table = {
    "formal": {
        "ar": "نعتذر منكم عمّا واجهتموه، وقد أبلغنا الإدارة لمتابعة ملاحظتكم فوراً.",
        "en": "We sincerely apologise for your experience. Management has been informed "
        "and will follow up promptly.",
    },
    "casual": {
        "ar": "حقك علينا والله، نعتذر منك! وصّلنا كلامك للإدارة وبيتابعونه على طول.",
        "ar-EG": "حقك علينا، إحنا آسفين جداً! بلّغنا الإدارة وهيتابعوا معاك حالاً.",
        "ar-LV": "حقك علينا، منعتذر كتير! خبّرنا الإدارة ورح يتابعوا معك فوراً.",
        "en": "We're really sorry about that! We've told the manager and they'll follow up right away.",
    },
    "traditional": {
        "ar": "حقك علينا ولا تزعل، نعتذر منك أشد الاعتذار. ملاحظتك الحين بين يدي الإدارة.",
        "en": "Please accept our deepest apologies; you deserve better. Management has "
        "your note and will make it right.",
    },
    "modern": {
        "ar": "نعتذر لك 🙏 وصلت ملاحظتك للإدارة وبنتابعها فوراً.",
        "en": "Sorry about that 🙏 Your note is with the manager and we're on it.",
    },
}


def feedback_ack_negative(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Apologise for negative feedback and say it reached management."""
    return _pick(_FEEDBACK_NEGATIVE, language, personality)


_RATING_HIGH: _Table = {
    "formal": {
        "ar": "شكراً لتقييمكم ({r}/5)، يسعدنا رضاكم.",
        "en": "Thank you for your rating ({r}/5); we are glad you were satisfied.",
    },
    "casual": {
        "ar": "شكراً على تقييمك {r}/5! الله يسعدك.",
        "ar-EG": "متشكرين على تقييمك {r}/5! ربنا يسعدك.",
        "ar-LV": "شكراً على تقييمك {r}/5! الله يسعدك.",
        "en": "Thanks for the {r}/5!",
    },
    "traditional": {
        "ar": "الله يجزاك خير على تقييمك {r}/5، وهذا من طيبك.",
        "en": "May God reward you for your {r}/5 rating; that is kind of you.",
    },
    "modern": {
        "ar": "شكراً على التقييم {r}/5 ⭐",
        "en": "Thanks for the {r}/5 ⭐",
    },
}

_RATING_LOW: _Table = {
    "formal": {
        "ar": "شكراً لتقييمكم ({r}/5). نعتذر عن أي تقصير، وسنعمل على التحسين.",
        "en": "Thank you for your rating ({r}/5). We apologise for any shortcoming and will work to improve.",
    },
    "casual": {
        "ar": "شكراً على تقييمك {r}/5، وحقك علينا، بنشتغل نكون أحسن.",
        "ar-EG": "متشكرين على تقييمك {r}/5، وحقك علينا، هنعمل أحسن المرة الجاية.",
        "ar-LV": "شكراً على تقييمك {r}/5، وحقك علينا، رح نكون أحسن المرة الجاية.",
        "en": "Thanks for the {r}/5. Sorry we fell short; we'll do better.",
    },
    "traditional": {
        "ar": "يعطيك العافية على تقييمك {r}/5، وحقك علينا، والمرة الجاية تشوف اللي يرضيك بإذن الله.",
        "en": "Thank you for your {r}/5 rating. Forgive us; next time, God willing, "
        "you will find what pleases you.",
    },
    "modern": {
        "ar": "شكراً على التقييم {r}/5 🙏 بنشتغل نكون أحسن.",
        "en": "Thanks for the {r}/5 🙏 We'll do better.",
    },
}

_DISCOUNT: _Table = {
    "formal": {
        "ar": "تقديراً لكم، إليكم كود خصم{pct} للزيارة القادمة: {code}",
        "en": "As a token of appreciation, here is a{pct} discount code for your next visit: {code}",
    },
    "casual": {
        "ar": "وهذي هدية منا: كود خصم{pct} لزيارتك الجاية: {code}",
        "ar-EG": "ودي هدية مننا: كود خصم{pct} لزيارتك الجاية: {code}",
        "ar-LV": "وهي هدية منا: كود خصم{pct} لزيارتك الجاية: {code}",
        "en": "Here's a{pct} discount code for your next visit: {code}",
    },
    "traditional": {
        "ar": "ولك منا هدية: كود خصم{pct} للزيارة القادمة: {code}",
        "en": "And a gift from us: a{pct} discount code for your next visit: {code}",
    },
    "modern": {
        "ar": "🎁 كود خصم{pct} لزيارتك الجاية: {code}",
        "en": "🎁 A{pct} discount code for your next visit: {code}",
    },
}


def thank_for_rating(
    rating: int,
    discount_code: str | None,
    percent: int | Decimal | None,
    *,
    language: str = "ar-SA",
    personality: str = "casual",
) -> str:
    """Thank for a 1-5 rating (apologising when it is 3 or less), with the code if any."""
    if not 1 <= int(rating) <= 5:
        raise ValueError(f"rating must be 1-5, got {rating!r}")
    table = _RATING_HIGH if rating >= 4 else _RATING_LOW
    text = _pick(table, language, personality).format(r=int(rating))
    if discount_code:
        pct = f" {Decimal(str(percent)).normalize():f}%" if percent else ""
        line = _pick(_DISCOUNT, language, personality).format(pct=pct, code=discount_code)
        text = f"{text}\n{line}"
    return text


# ---------------------------------------------------------------- ordering

_ORDER_PREFIX: _Table = {
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
            name = f"{name} - {_join_names(line.modifications, language)}"
        if line.quantity == 1:
            parts.append(f"{name} ({format_sar(line.unit_price, language)})")
        else:
            unit = format_sar(line.unit_price, language).split(" ")[0]
            total = format_sar(line.line_total, language)
            parts.append(f"{line.quantity} × {name} ({line.quantity} × {unit} = {total})")
    prefix = _pick(_ORDER_PREFIX, language, personality)
    return f"{prefix} {' + '.join(parts)} = {format_sar(order_total(lines), language)}"


_ASK_CONFIRM: _Table = {
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
    return _pick(_ASK_CONFIRM, language, personality)


_CONFIRMED: _Table = {
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
) -> str:
    """'تم استلام طلبك #1234' with the preparation time when known."""
    head, _, tail = _pick(_CONFIRMED, language, personality).partition("|")
    lines = [head.format(n=_order_ref(order_number))]
    if eta_minutes is not None:
        if is_arabic(language):
            lines.append(f"وقت التحضير: {_minutes_ar(int(eta_minutes))}")
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
) -> list[str]:
    """The seed's two messages: 'تم استلام طلبك #1234', then 'وقت التحضير: 20 دقيقة' (and a wish)."""
    head, _, rest = order_confirmed(
        order_number, eta_minutes, language=language, personality=personality
    ).partition("\n")
    return [head, rest] if rest else [head]


_CANCELLED: _Table = {
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
    return _pick(_CANCELLED, language, personality).format(n=_order_ref(order_number))


_STATUS: Mapping[str, _Table] = {
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


_PICKUP_STATUS: Mapping[str, _Table] = {
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
    ref = _order_ref(order_number)
    if table is None:
        if is_arabic(language):
            return f"تم تحديث حالة طلبك{ref}: {status}"
        return f"Your order{ref} status is now: {status}"
    return _pick(table, language, personality).format(n=ref)


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


_UNKNOWN_ITEMS: _Table = {
    "formal": {
        "ar": "نعتذر، لم نجد في قائمتنا: {names}. هل ترغبون بالاطلاع على القائمة؟",
        "en": "We are sorry, we could not find {names} on our menu. Would you like to see the menu?",
    },
    "casual": {
        "ar": "المعذرة، ما لقيت بالمنيو: {names}. تبغى أرسل لك المنيو؟",
        "ar-EG": "معلش، مش لاقي في المنيو: {names}. تحب أبعتلك المنيو؟",
        "ar-LV": "عفواً، ما لقيت بالمنيو: {names}. بتحب أبعتلك المنيو؟",
        "en": "Sorry, I couldn't find {names} on the menu. Want me to send it?",
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
    joined = _join_names(names, language)
    return _pick(_UNKNOWN_ITEMS, language, personality).format(names=joined)


# ---------------------------------------------------------------- restaurant information

_HOURS_INTRO: _Table = {
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

_LOCATION_INTRO: _Table = {
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
        return f"{clock.translate(_TO_ARABIC_INDIC)} {_ar_day_part(t.hour)}"
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
        name = _AR_DAYS[d.weekday()] if arabic else _EN_DAYS[d.weekday()]
        if k == 0:
            name = f"{name} ({'اليوم' if arabic else 'today'})"
        lines.append(f"{name}: {span}")
    return lines


def hours_answer(branches: Sequence[Branch], *, language: str = "ar-SA", personality: str = "casual") -> str:
    """Opening hours of every branch in the customer's language: today first, then the week."""
    if not branches:
        return _NO_BRANCHES["ar" if is_arabic(language) else "en"]
    lines = [_pick(_HOURS_INTRO, language, personality)]
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
    lines = [_pick(_LOCATION_INTRO, language, personality)]
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


_MENU_INTRO: _Table = {
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

_MENU_OUTRO: _Table = {
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
    lines = [_pick(_MENU_INTRO, language, personality)]
    for category, items in groups.items():
        lines.append("")
        lines.append(f"*{category_label(category, language)}*")
        for item in items:
            name = item.name_ar if arabic else item.name_en
            mark = "" if item.available else unavailable
            lines.append(f"• {name} — {format_sar(item.price, language)}{mark}")
    lines.append("")
    lines.append(_pick(_MENU_OUTRO, language, personality))
    return "\n".join(lines)


_PRICE: _Table = {
    "formal": {
        "ar": "سعر {name}: {price}. هل ترغبون بإضافته إلى طلبكم؟",
        "en": "{name} is {price}. Would you like to add it to your order?",
    },
    "casual": {
        "ar": "{name} بـ {price}، تبغى أضيفه لطلبك؟",
        "ar-EG": "{name} بـ {price}، تحب أضيفه لطلبك؟",
        "ar-LV": "{name} حقه {price}، بدك ضيفه لطلبك؟",
        "en": "{name} is {price}. Want me to add it?",
    },
    "traditional": {
        "ar": "أبشر، {name} سعره {price}. تأمر بشي؟",
        "en": "Certainly, {name} is {price}. May we get it for you?",
    },
    "modern": {"ar": "{name}: {price} 💰 أضيفه لطلبك؟", "en": "{name}: {price} 💰 Add it?"},
}

_PRICE_UNAVAILABLE: _Table = {
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


def price_answer(item: MenuItem, *, language: str = "ar-SA", personality: str = "casual") -> str:
    """The price of one menu item, or that it is not available now."""
    name = item.name_ar if is_arabic(language) else item.name_en
    table = _PRICE if item.available else _PRICE_UNAVAILABLE
    return _pick(table, language, personality).format(name=name, price=format_sar(item.price, language))


# ---------------------------------------------------------------- ordering: mode, address, hours

_AR_DAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _ar_day_part(hour: int) -> str:
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


def opening_time(opens: datetime, today: date, *, language: str = "ar-SA") -> str:
    """When a branch opens, with the day: 'اليوم الساعة ٤ العصر', 'غداً الساعة ١٢ الظهر', 'today at 4 PM'."""
    days = (opens.date() - today).days
    hour12 = opens.hour % 12 or 12
    clock = f"{hour12}" if opens.minute == 0 else f"{hour12}:{opens.minute:02d}"
    if is_arabic(language):
        day = "اليوم" if days <= 0 else "غداً" if days == 1 else f"يوم {_AR_DAYS[opens.weekday()]}"
        return f"{day} الساعة {clock.translate(_TO_ARABIC_INDIC)} {_ar_day_part(opens.hour)}"
    day = "today" if days <= 0 else "tomorrow" if days == 1 else f"on {_EN_DAYS[opens.weekday()]}"
    return f"{day} at {clock} {'AM' if opens.hour < 12 else 'PM'}"


_CLOSED_UNTIL: _Table = {
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
    text = _pick(_CLOSED_UNTIL, language, personality).format(branch=phrase, when=when)
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
        return f"تم تسجيل طلبك{_order_ref(order_number)} ونجهزه لك {when} إن شاء الله."
    return f"Your order{_order_ref(order_number)} is scheduled for {when}."


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


# ---------------------------------------------------------------- ordering: the dialogue's questions


def fulfilment_line(
    mode: str, branch: str | None, address: str | None, *, defaulted: bool = False, language: str = "ar-SA"
) -> str:
    """How the order reaches the customer, stated in the final summary ('استلام من فرع العليا')."""
    arabic = is_arabic(language)
    if mode == "delivery":
        return f"التوصيل إلى: {address}" if arabic else f"Delivery to: {address}"
    where = branch_phrase(branch or "", language) if branch else ""
    line = f"استلام من {where}" if arabic else f"Pickup from {where}"
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


_OFFER_HUMAN: _Table = {
    "formal": {
        "ar": 'نعتذر، يبدو أننا لم نفهم طلبكم. يمكنكم كتابة "موظف" للتحدث مع أحد موظفينا، أو البدء من جديد.',
        "en": 'We apologise, we could not follow. Type "human" to speak with our staff, or start again.',
    },
    "casual": {
        "ar": 'يبدو إني ما فهمت عليك 🙏 اكتب "موظف" وأحولك لأحد الموظفين، أو ابدأ من جديد بأي وقت.',
        "en": 'Looks like I\'m not getting it 🙏 Type "human" to reach our team, or start again any time.',
    },
}


def offer_human(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """After the same question twice: stop asking, offer a person."""
    return _pick(_OFFER_HUMAN, language, personality)


_FEEDBACK_NEUTRAL: _Table = {
    "formal": {
        "ar": "شكراً لملاحظتكم، وصلت للإدارة.",
        "en": "Thank you for your note; it has reached management.",
    },
    "casual": {"ar": "شكراً على ملاحظتك، وصلت للفريق.", "en": "Thanks for your note, it's with the team."},
}


def feedback_ack_neutral(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Acknowledge a comment that is neither praise nor a complaint (never read as praise)."""
    return _pick(_FEEDBACK_NEUTRAL, language, personality)


def feedback_kept(*, language: str = "ar-SA") -> str:
    """The rating question was not answered twice: move on, the comment is kept."""
    if is_arabic(language):
        return "ولا يهمك، ملاحظتك وصلت. إذا احتجت شي إحنا موجودين."
    return "No problem, your note has reached us. We're here if you need anything."


def ask_stop_offers(*, language: str = "ar-SA") -> str:
    """Probably an opt-out, not certainly: ask instead of guessing."""
    return "تبغى نوقف رسائل العروض؟" if is_arabic(language) else "Would you like us to stop sending offers?"


def offers_kept(*, language: str = "ar-SA") -> str:
    return "تمام، ما غيّرنا شي 👍" if is_arabic(language) else "OK, nothing changed 👍"


def order_kept_waiting(*, language: str = "ar-SA") -> str:
    """A question answered mid-order: the order waits for the confirmation."""
    if is_arabic(language):
        return "طلبك ينتظر تأكيدك: للتأكيد اكتب نعم"
    return "Your order is waiting: reply yes to confirm"
