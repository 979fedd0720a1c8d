"""Requests only a person at the restaurant can grant: cancelling an order already placed, money
back, a table booked. The assistant never grants them itself; it says the request reached the team and hands over."""

from __future__ import annotations

from crm_res.assistant.normalize import PhraseMatcher, normalize, phrase_set, word_set

_CANCEL = PhraseMatcher(
    (phrase, "cancel")
    for phrase in (
        "الغي|الغاء|الغ|الغو|الغوا|تلغي|تلغو|تلغون|كنسل|كنسلو|ابطل|ابطلو|بطلو الطلب|cancel|cancelled|"
        # with the object glued on: "لا خلاص غالي علي، الغه", "كنسلوه"
        "الغه|الغيه|الغيها|الغها|الغوه|الغوها|كنسله|كنسلها|كنسلوه|كنسلوها|alghi|alghy|algi|alghe|elgha|ilgha|"
        "canceled|cancellation|kansel|elghi|ilghi|el8i"
    ).split("|")
)
_REFUND = PhraseMatcher(
    (phrase, "refund")
    for phrase in (
        "استرجاع|استرداد|ترجيع|رجعو فلوسي|رجعوا فلوسي|رجعولي فلوسي|ترجعون فلوسي|ابي فلوسي|ابغى فلوسي|"
        "عايز فلوسي|بدي مصرياتي|تعويض|refund|refunded|money back|my money|compensation|"
        "raga3o felosy|rage3li flousi|"
        # Levantine / Gulf "my money's worth back" ("baddi raje3 7a2a", "abi arja3 flousi")
        "raje3 7a2a|raj3 7a2a|rje3 7a2a|raje3 haqqa|raje3 flousi|arja3 flousi|raj3oli masari|masari|mesrayati|"
        "ترجعولي مصرياتي|رجعولي مصرياتي|ارجاع المبلغ|ترجعون المبلغ|رجعوا المبلغ"
    ).split("|")
)


def asks_to_cancel(text: str) -> bool:
    """ "الغي طلبي", "cancel my order": an order already placed is to be cancelled."""
    return any(True for _ in _CANCEL.finditer(normalize(text).split()))


_MONEY_BACK = word_set("ترجع ترجعو ترجعون ترجعوا رجعو رجعوا رجعولي ترجعلي ارجعو ارجاع يرجع ترجيع")


# What is paid: "فلوسي", "قيمتها", "المبلغ", "ثمنه", "حقها" (with a word of giving back).
_MONEY = (
    "فلوس",
    "قيمت",
    "قيمه",
    "مبلغ",
    "المبلغ",
    "ثمن",
    "حقه",
    "حقها",
    "حقي",
    "مصاري",
    "flous",
    "felos",
    "floos",
)


def asks_for_refund(text: str) -> bool:
    """ "ابي استرجاع فلوسي", "I want a refund", "تعويض", "عايز فلوسه ترجع", "ترجعون لي قيمتها"."""
    toks = normalize(text).split()
    money_back = any(t.startswith(_MONEY) for t in toks) and any(t in _MONEY_BACK for t in toks)
    return money_back or any(True for _ in _REFUND.finditer(toks))


_LATE = PhraseMatcher(
    (phrase, "late")
    for phrase in (
        "ما وصل|ماوصل|ما وصلني|ماوصلني|ما جا|ماجا|مجاش|ما جاش|لسه ما|لسا ما|للحين ما|لحد الحين ما|متاخر|متأخر|"
        "تاخر|تأخر|تاخرتو|تأخرتوا|اتاخر|اتأخر|بقالي ساعه|صار لي ساعه|صارلي ساعه|صرلي ساعه|late|delayed|"
        "still waiting|still not|not arrived|hasnt arrived|hasn't arrived|never arrived|not here yet|an hour|"
        "ma wasal|mawasal|ma wasalni|ma ja|lessa ma|lesa ma|met2akhar|mit2akhar|mt2a5ar|et2a5ar|sar li sa3a|sarli sa3a"
    ).split("|")
)


def says_it_is_late(text: str) -> bool:
    """ "صار لي ساعة والطلب ما وصل!!", "my order still hasn't arrived": a late order, for a person to chase."""
    return any(True for _ in _LATE.finditer(normalize(text).split()))


_BOOK = word_set(
    "احجز نحجز تحجز تحجزو تحجزون تحجزولي احجزلي حجز الحجز book booking reserve reservation a7jez n7jez 7ajz"
)
# What is booked: a table, seats, a section, people ("احجزلي ٢ برجر" is an order for later, not this).
_SEATS = word_set(
    "طاوله طاولة طاولات ترابيزه جلسه جلسة جلسات قسم اشخاص شخص نفر انفار افراد people persons person "
    "pax guests table tables seats seat tawla tawle"
)


def asks_to_book(text: str) -> bool:
    """ "ابي احجز طاولة لـ ٦ اشخاص", "can I book a table for 4": a reservation, the staff's to take."""
    toks = [t.strip(",،.!?؟") for t in normalize(text).split()]
    words = {w.removeprefix("ل") if w.startswith("ل") and len(w) > 4 else w for w in toks}
    return bool(words & _BOOK) and bool((words | set(toks)) & _SEATS)


_GONE_WRONG = PhraseMatcher(
    (phrase, "wrong")
    for phrase in (
        # not found at the counter ("وصلت الفرع ويقولون ما فيه طلب باسمي")
        "ما فيه طلب|ما في طلب|مافي طلب|مافيه طلب|ما لقوا طلبي|مالقوا طلبي|ما لقيوا طلبي|ما لقو طلبي|"
        "مش لاقيين الطلب|مو لاقين الطلب|مش لاقيين طلبي|no order under|cant find my order|can't find my order|"
        "couldnt find my order|couldn't find my order|no record of my order|mafi talab|ma fi talab|"
        # the wrong thing, or something left out ("الطلب غلط", "you forgot my fries")
        "wrong order|the wrong|طلب غلط|الطلب غلط|طلبي غلط|مو طلبي|مش طلبي|موب طلبي|not my order|"
        "not what i ordered|مو اللي طلبته|مش اللي طلبته|مو هذا اللي طلبت|مش ده اللي طلبته|نسيتوا|نسيتو|نسيتم|"
        "forgot my|forgot the|is missing|was missing|were missing|are missing|ما جبتوا|ماجبتوا|ما حطيتوا|"
        "ماحطيتوا|ما حطوا|ماحطوا|talab 8alat|talab ghalat|el talab ghalat"
    ).split("|")
)


# What came ("جايبين لي كبسة بدال المندي", "you sent chicken burgers instead of the beef ones").
_CAME = word_set(
    "وصل وصلني وصلنا وصلتني جاني جانا جابوا جابو جايبين جايبينلي جبتوا جبتو جبتولي بعتوا بعتولي بعتو "
    "ارسلتوا ارسلتو عطوني اعطوني لقيت لقينا طلع طلعت sent brought gave got received arrived found came "
    "wesel wasal jabo jaboli jaybin jaybeenli la2et l2eet ba3atto ba3atoli"
)
_INSTEAD = word_set("بدال بدل instead badal bdal")
# Asking what to do about it ("شو بعمل هلق؟", "what do I do now?").
_WHAT_NOW = PhraseMatcher(
    (phrase, "now")
    for phrase in (
        "شو بعمل|شو اعمل|وش اسوي|ايش اسوي|وش اسوي الحين|اعمل ايه|هعمل ايه|what do i do|what should i do|"
        "what now|now what|sho ba3mel|sho a3mel|wesh asawi|a3mel eh|ha3mel eh"
    ).split("|")
)


def says_the_order_went_wrong(text: str) -> bool:
    """ "وصلت الفرع ويقولون ما فيه طلب باسمي!!", "you sent the wrong burger", "نسيتوا البطاطس", "جايبين لي
    كبسة بدال المندي": what was placed is missing or wrong; a person puts it right."""
    toks = [t.strip(",،.!?؟") for t in normalize(text).split()]
    if any(True for _ in _GONE_WRONG.finditer(toks)):
        return True
    return bool(set(toks) & _CAME) and bool(set(toks) & _INSTEAD)


def at_a_loss(text: str) -> bool:
    """ "لقيت الشاورما لحمة مش جاج 😕 شو بعمل هلق؟": what to do now, asked of what came; a person's to
    answer."""
    toks = [t.strip(",،.!?؟") for t in normalize(text).split()]
    return bool(set(toks) & _CAME) and any(True for _ in _WHAT_NOW.finditer(toks))


# "على نفس الطلب … مش عايز اوردر تاني", "add it to that order, not a new one": a change of a placed
# order, which only a person at the branch can make (a separate order is what the assistant offers).
_SAME_ORDER = phrase_set(
    "نفس الطلب|الطلب نفسه|نفس الاوردر|الاوردر نفسه|same order|that order|my order|the order i placed|"
    "nafs el talab|nafs el order|el talab nafso"
)
_NOT_ANOTHER = phrase_set(
    "مب طلب ثاني|مو طلب ثاني|مش طلب تاني|مش اوردر تاني|مش عايز اوردر تاني|مش عاوز اوردر تاني|مش عايز طلب تاني|"
    "ما ابي طلب ثاني|مابي طلب ثاني|ما ابغى طلب ثاني|ما بدي طلب تاني|مش بدي طلب تاني|مو طلب جديد|مش طلب جديد|"
    "not a separate|not a new order|not a second order|not as a new|not another order|dont want a new order|"
    "don't want a new order|dont want another order|don't want another order|msh talab tani|mesh order tany|"
    "mish talab tani|mob talab thani|mo talab thani"
)


def insists_on_the_placed_order(text: str) -> bool:
    """ "ابي ازيد على نفس الطلب بيبسي ٣، مب طلب ثاني", "add it to my order, not a new one": more put
    on the order already placed, a separate order refused: a person changes it."""
    low = normalize(text)
    return any(p in low for p in _SAME_ORDER) and any(p in low for p in _NOT_ANOTHER)
