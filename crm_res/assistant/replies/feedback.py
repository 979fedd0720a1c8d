"""Wording for feedback: the request, the rating question, the acknowledgements."""

from __future__ import annotations

from decimal import Decimal

from crm_res.assistant.replies.common import Table, is_arabic, pick

_ASK_RATING: Table = {
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
    return pick(_ASK_RATING, language, personality)


_FEEDBACK_POSITIVE: Table = {
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
    return pick(_FEEDBACK_POSITIVE, language, personality)


_FEEDBACK_NEGATIVE: Table = {
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
    return pick(_FEEDBACK_NEGATIVE, language, personality)


_RATING_HIGH: Table = {
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

_RATING_LOW: Table = {
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

_DISCOUNT: Table = {
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
    text = pick(table, language, personality).format(r=int(rating))
    if discount_code:
        pct = f" {Decimal(str(percent)).normalize():f}%" if percent else ""
        line = pick(_DISCOUNT, language, personality).format(pct=pct, code=discount_code)
        text = f"{text}\n{line}"
    return text


_FEEDBACK_NEUTRAL: Table = {
    "formal": {
        "ar": "شكراً لملاحظتكم، وصلت للإدارة.",
        "en": "Thank you for your note; it has reached management.",
    },
    "casual": {"ar": "شكراً على ملاحظتك، وصلت للفريق.", "en": "Thanks for your note, it's with the team."},
}


def feedback_ack_neutral(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Acknowledge a comment that is neither praise nor a complaint (never read as praise)."""
    return pick(_FEEDBACK_NEUTRAL, language, personality)


def feedback_kept(*, language: str = "ar-SA") -> str:
    """The rating question was not answered twice: move on, the comment is kept."""
    if is_arabic(language):
        return "ولا يهمك، ملاحظتك وصلت. إذا احتجت شي إحنا موجودين."
    return "No problem, your note has reached us. We're here if you need anything."


# {hello} "مرحباً سارة! " or "مرحباً! "; {what} the order or the visit; {restaurant} in the language.
_FEEDBACK_REQUEST: Table = {
    "formal": {
        "ar": "{hello}نشكركم على اختياركم {restaurant} 🌟 كيف كانت تجربتكم في {what}؟ يسعدنا رأيكم بكلمات قليلة، أو تقييمنا من 1 إلى 5.",
        "en": "{hello}Thank you for choosing {restaurant} 🌟 How was {what}? We would value your opinion in a few words, or a rating from 1 to 5.",
    },
    "casual": {
        "ar": "{hello}شكراً لاختيارك {restaurant} 🌟 كيف كان {what}؟ نسعد برأيك بكلمات قليلة، أو قيّمنا من 1 إلى 5.",
        "en": "{hello}Thank you for choosing {restaurant} 🌟 How was {what}? Tell us in a few words, or rate us from 1 to 5.",
    },
    "traditional": {
        "ar": "{hello}الله يحييك، وشكراً لاختيارك {restaurant} 🌟 طمّنا كيف كان {what}؟ رأيك يهمنا بكلمتين، أو قيّمنا من 1 إلى 5.",
        "en": "{hello}Thank you for honouring {restaurant} 🌟 How was {what}? Your opinion matters to us, in a few words or a rating from 1 to 5.",
    },
    "modern": {
        "ar": "{hello}شكراً إنك اخترت {restaurant} 🌟 كيف كان {what}؟ قيّمنا من 1 إلى 5 ⭐ أو اكتب لنا رأيك.",
        "en": "{hello}Thanks for choosing {restaurant} 🌟 How was {what}? Rate us 1-5 ⭐ or tell us in a few words.",
    },
}


def feedback_request(
    restaurant: str,
    name: str = "",
    order_number: int | None = None,
    *,
    language: str = "ar-SA",
    personality: str = "casual",
) -> str:
    """The free-form feedback request (inside the 24-hour window) after an order or a visit."""
    name = name.strip()
    if is_arabic(language):
        hello = f"مرحباً {name}! " if name else "مرحباً! "
        what = f"طلبك رقم {order_number}" if order_number else "زيارتك"
    else:
        hello = f"Hi {name}! " if name else "Hi! "
        what = f"your order #{order_number}" if order_number else "your visit"
    return pick(_FEEDBACK_REQUEST, language, personality).format(
        hello=hello, what=what, restaurant=restaurant
    )
