"""Wording for the conversation itself: greeting, thanks, not understood, a person, opt-out/in."""

from __future__ import annotations

from crm_res.assistant.replies.common import Table, is_arabic, pick

_GREETING: Table = {
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
    return pick(_GREETING, language, personality).format(name=restaurant_name.strip())


_THANKS: Table = {
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
    return pick(_THANKS, language, personality)


_NO_PROBLEM: Table = {
    "formal": {
        "ar": "حسناً، نحن في خدمتكم متى احتجتم.",
        "en": "Very well. We are at your service whenever you need us.",
    },
    "casual": {
        "ar": "ولا يهمك، إذا احتجت شي إحنا موجودين.",
        "ar-EG": "ولا يهمك، لو احتجت حاجة إحنا موجودين.",
        "ar-LV": "ولا يهمك، إذا بدك شي نحنا موجودين.",
        "en": "No problem, we're here if you need anything.",
    },
    "traditional": {
        "ar": "أبشر، وحياك الله في أي وقت تحتاجنا.",
        "en": "As you wish. You are welcome any time.",
    },
    "modern": {"ar": "تمام 👍 إحنا موجودين متى ما احتجت.", "en": "All good 👍 we're here when you need us."},
}


_ASK_AWAY: Table = {
    "formal": {"ar": "تفضلوا، ما سؤالكم؟", "en": "Please go ahead, what is your question?"},
    "casual": {
        "ar": "تفضل، وش سؤالك؟",
        "ar-EG": "اتفضل، سؤالك إيه؟",
        "ar-LV": "تفضل، شو سؤالك؟",
        "en": "Sure, go ahead!",
    },
    "traditional": {"ar": "حياك الله، تفضل بسؤالك.", "en": "You are welcome, please ask."},
    "modern": {"ar": "تفضل 🙌 وش سؤالك؟", "en": "Go ahead 🙌"},
}


def ask_away(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """ "عندي سؤال": go ahead."""
    return pick(_ASK_AWAY, language, personality)


def no_problem(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Answer to a "no, thanks" (an offer declined): nothing more is asked."""
    return pick(_NO_PROBLEM, language, personality)


_FALLBACK: Table = {
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
    return pick(_FALLBACK, language, personality)


_ESCALATED: Table = {
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
    return pick(_ESCALATED, language, personality)


_OPTED_OUT: Table = {
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
    return pick(_OPTED_OUT, language, personality).format(word=word)


_OPTED_IN: Table = {
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
    return pick(_OPTED_IN, language, personality)


_ALREADY_SUBSCRIBED: Table = {
    "formal": {
        "ar": "أنتم مشتركون في رسائل عروضنا، وستصلكم أولاً بأول.",
        "en": "You are already subscribed to our offers; they will reach you as they come.",
    },
    "casual": {
        "ar": "أنت مشترك في عروضنا، وبتوصلك أول بأول 🙌",
        "ar-EG": "إنت مشترك في عروضنا، وهتوصلك أول بأول 🙌",
        "ar-LV": "إنت مشترك بعروضنا، ورح توصلك أول بأول 🙌",
        "en": "You're already on our offers list; you'll get them as they come 🙌",
    },
    "traditional": {
        "ar": "أبشر، أنت مشترك في عروضنا وبتوصلك أول بأول.",
        "en": "You are already on our offers list, and they will reach you as they come.",
    },
    "modern": {
        "ar": "أنت مشترك 🔔 العروض بتوصلك أول بأول.",
        "en": "You're subscribed 🔔 Offers will reach you as they come.",
    },
}


def already_subscribed(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Answer a customer who asks for the offers and never stopped them: they are on the list."""
    return pick(_ALREADY_SUBSCRIBED, language, personality)


_OFFER_HUMAN: Table = {
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
    return pick(_OFFER_HUMAN, language, personality)


_ASK_STOP_OFFERS: Table = {
    "formal": {
        "ar": "هل ترغبون في إيقاف رسائل العروض؟",
        "en": "Would you like us to stop sending you our offers?",
    },
    "casual": {
        "ar": "تبغى نوقف رسائل العروض؟",
        "ar-EG": "تحب نوقف رسايل العروض؟",
        "ar-LV": "بدك نوقف رسايل العروض؟",
        "en": "Want us to stop sending you offers?",
    },
    "traditional": {
        "ar": "أبشر، تبغانا نوقف رسائل العروض عنك؟",
        "en": "As you wish: shall we stop sending you our offers?",
    },
    "modern": {
        "ar": "نوقف رسائل العروض؟ 🔕",
        "en": "Stop offer messages? 🔕",
    },
}


def ask_stop_offers(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """Probably an opt-out, not certainly: ask instead of guessing (in the restaurant's voice)."""
    return pick(_ASK_STOP_OFFERS, language, personality)


_OFFERS_KEPT: Table = {
    "formal": {
        "ar": "حسناً، لم نغيّر شيئاً. يسعدنا خدمتكم.",
        "en": "Very well, nothing has changed. We are glad to serve you.",
    },
    "casual": {
        "ar": "تمام، ما غيّرنا شي 👍",
        "ar-EG": "تمام، مغيرناش حاجة 👍",
        "ar-LV": "تمام، ما غيّرنا شي 👍",
        "en": "OK, nothing changed 👍",
    },
    "traditional": {
        "ar": "على راحتك، ما غيّرنا شي، وحياك الله.",
        "en": "As you like, nothing has changed; you are always welcome.",
    },
    "modern": {
        "ar": "تمام، بدون تغيير 👍",
        "en": "OK, no change 👍",
    },
}


def offers_kept(*, language: str = "ar-SA", personality: str = "casual") -> str:
    """The answer to the opt-out question was no: nothing changed."""
    return pick(_OFFERS_KEPT, language, personality)
