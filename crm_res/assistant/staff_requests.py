"""Requests only a person at the restaurant can grant: cancelling an order already placed, money
back. The assistant never grants them itself; it says the request reached the team and hands over."""

from __future__ import annotations

from crm_res.assistant.normalize import PhraseMatcher, normalize

_CANCEL = PhraseMatcher(
    (phrase, "cancel")
    for phrase in (
        "الغي|الغاء|الغ|الغو|الغوا|تلغي|تلغو|تلغون|كنسل|كنسلو|ابطل|ابطلو|بطلو الطلب|cancel|cancelled|"
        "canceled|cancellation|kansel|elghi|ilghi|el8i"
    ).split("|")
)
_REFUND = PhraseMatcher(
    (phrase, "refund")
    for phrase in (
        "استرجاع|استرداد|ترجيع|رجعو فلوسي|رجعوا فلوسي|رجعولي فلوسي|ترجعون فلوسي|ابي فلوسي|ابغى فلوسي|"
        "عايز فلوسي|بدي مصرياتي|تعويض|refund|refunded|money back|my money|compensation|"
        "raga3o felosy|rage3li flousi"
    ).split("|")
)


def asks_to_cancel(text: str) -> bool:
    """ "الغي طلبي", "cancel my order": an order already placed is to be cancelled."""
    return any(True for _ in _CANCEL.finditer(normalize(text).split()))


_MONEY_BACK = frozenset(
    normalize(w) for w in "ترجع ترجعو ترجعون ترجعوا رجعو رجعوا رجعولي ترجعلي ارجعو ارجاع يرجع ترجيع".split()
)


def asks_for_refund(text: str) -> bool:
    """ "ابي استرجاع فلوسي", "I want a refund", "تعويض", "عايز فلوسه ترجع"."""
    toks = normalize(text).split()
    money_back = any(t.startswith("فلوس") for t in toks) and any(t in _MONEY_BACK for t in toks)
    return money_back or any(True for _ in _REFUND.finditer(toks))
