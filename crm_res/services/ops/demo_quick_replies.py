"""Starter quick replies (opened with "/" in a thread), one set per assistant personality, in Arabic
and English, so a new inbox has answers to the questions every restaurant gets."""

from __future__ import annotations

from sqlmodel import Session, select

from crm_res.models import CannedResponse, Restaurant

# personality -> [(title, body, language)]; titles are unique per restaurant.
STARTER_QUICK_REPLIES: dict[str, list[tuple[str, str, str]]] = {
    "formal": [
        ("ترحيب", "مرحباً بكم، معكم فريق خدمة العملاء. كيف يمكننا خدمتكم؟", "ar"),
        ("اعتذار عن التأخير", "نعتذر عن التأخير، نتابع طلبكم الآن وسنوافيكم بالتحديث خلال دقائق.", "ar"),
        ("أوقات العمل", "أوقات عملنا يومياً من الساعة 12 ظهراً حتى 1 بعد منتصف الليل.", "ar"),
        ("إنهاء المحادثة", "شكراً لتواصلكم معنا، نسعد بخدمتكم دائماً.", "ar"),
        ("Welcome", "Welcome, this is the customer care team. How may we help you?", "en"),
        (
            "Delay apology",
            "We apologise for the delay. We are checking your order and will update you shortly.",
            "en",
        ),
        ("Opening hours", "We are open daily from 12 noon until 1 am.", "en"),
        ("Closing", "Thank you for contacting us. It is always a pleasure to serve you.", "en"),
    ],
    "casual": [
        ("ترحيب", "هلا والله! معك فريق المطعم، وش نقدر نخدمك؟ 😊", "ar"),
        ("اعتذار عن التأخير", "المعذرة على التأخير 🙏 نشيك على طلبك الحين ونرجع لك بسرعة.", "ar"),
        ("أوقات العمل", "نفتح كل يوم من 12 الظهر لين 1 بالليل 🕛", "ar"),
        ("إنهاء المحادثة", "تسلم! أي وقت تحتاجنا احنا موجودين 🌟", "ar"),
        ("Welcome", "Hey there! This is the restaurant team, how can we help? 😊", "en"),
        ("Delay apology", "Sorry for the wait 🙏 We're checking on your order right now.", "en"),
        ("Opening hours", "We're open every day from 12 noon to 1 am 🕛", "en"),
        ("Closing", "Thanks! We're here whenever you need us 🌟", "en"),
    ],
    "traditional": [
        ("ترحيب", "أهلاً وسهلاً ومرحباً، حياك الله. تفضل كيف نخدمك؟", "ar"),
        ("اعتذار عن التأخير", "نعتذر منك على التأخير، وأبشر بالمتابعة حالاً إن شاء الله.", "ar"),
        ("أوقات العمل", "نستقبلكم يومياً من الظهر حتى الواحدة ليلاً، حياكم الله.", "ar"),
        ("إنهاء المحادثة", "الله يحييك، ونتشرف بزيارتك دائماً.", "ar"),
        ("Welcome", "Welcome, you are most welcome. How may we serve you?", "en"),
        ("Delay apology", "Our apologies for the delay; we are following up on it right away.", "en"),
        ("Opening hours", "We welcome you every day from noon until 1 am.", "en"),
        ("Closing", "Thank you, we are honoured by your visit anytime.", "en"),
    ],
    "modern": [
        ("ترحيب", "أهلاً! 👋 فريقنا معك، كيف نساعدك اليوم؟", "ar"),
        ("اعتذار عن التأخير", "آسفين على الانتظار ⏱️ طلبك عندنا الحين وبنحدثك خلال دقائق.", "ar"),
        ("أوقات العمل", "ساعات العمل: يومياً 12:00 ظهراً – 1:00 صباحاً ✨", "ar"),
        ("إنهاء المحادثة", "شكراً لك! نشوفك قريب 💚", "ar"),
        ("Welcome", "Hi! 👋 Our team is here, how can we help today?", "en"),
        (
            "Delay apology",
            "Sorry for the wait ⏱️ Your order is with us and we'll update you in minutes.",
            "en",
        ),
        ("Opening hours", "Hours: daily 12:00 pm – 1:00 am ✨", "en"),
        ("Closing", "Thank you! See you soon 💚", "en"),
    ],
}


def seed_quick_replies(*, session: Session, restaurant: Restaurant) -> int:
    """Add the starter set of the restaurant's personality, topped up by title (an owner's own
    reply with the same title is kept). Returns how many were added."""
    personality = restaurant.personality_type.value
    starter = STARTER_QUICK_REPLIES.get(personality, STARTER_QUICK_REPLIES["casual"])
    have = set(
        session.exec(select(CannedResponse.title).where(CannedResponse.restaurant_id == restaurant.id))
    )
    new = [
        CannedResponse(restaurant_id=restaurant.id, title=title, body=body, language=language)
        for title, body, language in starter
        if title not in have
    ]
    session.add_all(new)
    return len(new)
