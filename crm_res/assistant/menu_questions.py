"""Which part of the menu a question is about ("وش عندكم من مشروبات؟", "what desserts do you
have"): the menu's own category names, their display labels, and the words people use for them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crm_res.assistant.normalize import normalize
from crm_res.assistant.replies.information import CATEGORY_LABELS

# People's words for the usual categories, beside the labels the menu shows.
_SAID: dict[str, str] = {
    "drinks": "مشروبات مشروب عصيرات عصاير مشاريب drinks drink beverages juices",
    "desserts": "حلويات حلى حلا حلو سويت desserts dessert sweets",
    "mains": "رئيسيه وجبات mains meals",
    "sides": "جانبيه sides side",
    "appetizers": "مقبلات appetizers starters",
    "salads": "سلطات salads",
    "sandwiches": "ساندويتشات سندويتشات سندوتشات sandwiches",
    "breakfast": "فطور فطار breakfast",
}


# Words every label shares ("الأطباق الرئيسية" / "الأطباق الجانبية"): they tell no category apart.
_GENERIC = frozenset(("اطباق", "dishes", "other"))


def _bare(word: str) -> str:
    word = normalize(word)
    for article in ("وال", "بال", "لل", "ال"):
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article) :]
    return word


def categories_named(text: str, categories: Iterable[str]) -> list[str]:
    """The menu categories `text` names, in the menu's order (none: it names no category)."""
    said = {_bare(t) for t in normalize(text).split()}
    named = []
    for category in dict.fromkeys(categories):
        key = category.strip().lower()
        words = {_bare(w) for w in (category, *CATEGORY_LABELS.get(key, ())) for w in w.split()}
        words |= {_bare(w) for w in _SAID.get(key, "").split()}
        words -= _GENERIC
        if said & words:
            named.append(category)
    return named


_PRICE_WORDS = frozenset(
    normalize(w) for w in "سعر اسعار السعر الاسعار سعره سعرها بكم price prices cost much si3r as3ar".split()
)


# "قديش الكنافة؟": "how much" is a price only before the dish ("قديش بدو وقت؟" asks how long).
_HOW_MUCH = frozenset(normalize(w) for w in "قديش بقديش adesh 2adesh gdesh".split())
_THE = ("ال", "حق", "el", "al")


def asks_the_price(text: str) -> bool:
    """ "ابي اعرف اسعار البرجر", "how much is the mandi", "قديش الكنافة وقديش ام علي؟ بدنا حلو": a
    price asked, with no count ordered."""
    toks = normalize(text).split()
    how_much_of = any(
        t in _HOW_MUCH and k + 1 < len(toks) and toks[k + 1].startswith(_THE) for k, t in enumerate(toks)
    )
    return (how_much_of or any(t in _PRICE_WORDS for t in toks)) and not any(t.isdigit() for t in toks)


# "قديش صار المجموع؟", "كم الحساب؟", "what's the total": what the order comes to, not a dish's price.
_TOTAL_WORDS = frozenset(
    normalize(w)
    for w in "مجموع المجموع الحساب حساب الاجمالي اجمالي المبلغ مبلغ الفاتوره total altogether owe bill".split()
)


def asks_the_total(text: str) -> bool:
    """ "قديش صار المجموع؟ بدي حضّر المصاري كاش", "how much is the total": the order's total asked."""
    return any(t in _TOTAL_WORDS for t in normalize(text).split())


# "…، and how much is the arabic coffee?", "…، وبكم القهوة؟": a price asked at the end of an order.
# ("oh and how much…", "w kam si3r el mandi?": a word of remembering, "and" in Arabizi, then the question)
_PRICE_ASKED_LAST = re.compile(
    r"^(?P<order>.+?)[,،.]\s*(?P<question>(?:(?:oh|ah|also|btw|and|w|wa|اه|آه|طيب|كمان)\s+|و\s*)*"
    r"(?:how much|بكم|بكام|كم سعر|كم حق|قديش|what'?s the price|kam si3r|kam se3r|b\s?kam|bikam|2?adesh|gdesh)\b"
    r".*[?؟]\s*)$",
    re.IGNORECASE | re.DOTALL,
)


def price_asked_last(text: str) -> tuple[str, str] | None:
    """(the order, the price question) of a message that orders and then asks what one more dish
    costs ("2 kunafa and 1 om ali please, and how much is the arabic coffee?"); None otherwise."""
    found = _PRICE_ASKED_LAST.match(text.strip())
    if found is None or asks_the_total(found["question"]):
        return None
    return found["order"].strip(), found["question"].strip()


def questions_then_order(text: str) -> tuple[list[str], str] | None:
    """(the questions, the order) of a message that asks first and orders after its last question
    ("فرع العليا فاتح هلق؟ وقديش سعر المندي؟ اذا فاتح بدي مندي لحم وتنين حمص"); None otherwise (the
    caller checks that the order part names dishes)."""
    asked = [m.end() for m in re.finditer(r"[?؟]", text)]
    if not asked:
        return None
    head, tail = text[: asked[-1]], text[asked[-1] :].strip(" ،,.!\n")
    questions = [q.strip(" ،,.!\n") for q in re.split(r"(?<=[?؟])", head) if q.strip(" ،,.!\n")]
    if len(tail.split()) < 2 or not questions:
        return None
    return questions, tail


# "المتبل شو فيه؟ فيه لبن؟", "what's in the moutabal?", "any nuts in it? my son is allergic": what a
# dish is made of, which the menu does not say.
_WHATS_IN = re.compile(
    r"(?:شو|وش|ايش|إيش|ايه|إيه)\s+(?:فيه|فيها|اللي\s+فيه|اللي\s+فيها|داخل|مكونات)(?=\s|$|[?؟])"
    # Egyptian puts the "what" last ("المتبل بيبقى فيه ايه؟", "فيها ايه")
    r"|(?:فيه|فيها)\s+(?:ايه|إيه|ايش|إيش|شو|ايه\s+بالظبط)\s*[?؟]"
    r"|مكونات|حساسي|what'?s\s+in\b|what\s+is\s+in\b|ingredient|allerg|\bcontains?\b",
    re.IGNORECASE,
)


def asks_whats_in(text: str) -> bool:
    """A question of what a dish is made of or whether it holds something one is allergic to."""
    return bool(_WHATS_IN.search(text))


def whats_in_aside(text: str) -> tuple[str, str] | None:
    """(the order, the question) of a message that orders and asks what one dish holds in a sentence of
    its own ("عايز ٣ فلافل وحمص، وهو المتبل بيبقى فيه ايه؟ انا مش بحب الطحينة اوي"); None when no
    sentence asks that, or every sentence does."""
    sentences = [p.strip() for p in re.split(r"(?<=[?؟])|[،,.!\n]", text) if p and p.strip()]
    if not any(asks_whats_in(p) for p in sentences):
        return None
    # every question goes with it ("والكبسه الدياي حاره؟ وش فيها غير الرز؟"): asked, not ordered
    asked = [p for p in sentences if asks_whats_in(p) or p.endswith(("?", "؟"))]
    rest = [p for p in sentences if p not in asked]
    if not rest:
        return None
    return "، ".join(rest), " ".join(asked)
