"""Read a 1–5 star rating out of a customer's reply ("٣", "ثلاثة", "3/5", "⭐⭐⭐", "خمسة نجوم"), and a
reply that puts our feedback question off ("بعدين", "not now")."""

from __future__ import annotations

import re

from crm_res.assistant.normalize import normalize, number_value, to_ascii_digits

_STAR_CHARS = frozenset("⭐★🌟✨")
_FRACTION = re.compile(r"(\d+(?:\.\d+)?)\s*/\s*(\d+)")
_STAR_WORDS = frozenset(normalize(w) for w in ("نجوم", "نجمة", "نجمات", "نجم", "stars", "star", "نجوووم"))
_DUAL_STAR = frozenset(normalize(w) for w in ("نجمتين", "نجمتان"))
_OUT_OF = (("من",), ("out", "of"), ("of",), ("على",), ("min",), ("mn",), ("men",), (normalize("3ala"),))
# Words that may sit around a bare number in a rating reply without making it something else.
_RATING_FILLER = frozenset(
    normalize(w)
    for w in (
        "اعطيكم",
        "اعطيك",
        "اعطيه",
        "تقييمي",
        "تقييم",
        "التقييم",
        "rating",
        "rate",
        "i",
        "give",
        "you",
        "my",
        "is",
        "score",
        "بس",
        "only",
        "just",
        "والله",
        "ابد",
        "فقط",
        "الاكل",
        "من",
    )
)


def _as_rating(value: float) -> int | None:
    rating = int(value)
    return rating if rating == value and 1 <= rating <= 5 else None


def _scaled(numerator: float, denominator: int) -> int | None:
    if denominator == 5:
        return _as_rating(numerator)
    if denominator == 10 and 0 < numerator <= 10:
        return max(1, int(numerator / 2 + 0.5))
    return None


def _explicit_rating(toks: list[str]) -> int | None:
    for i, tok in enumerate(toks):
        if tok in _DUAL_STAR:
            return 2
        value = number_value(tok)
        if value is None:
            continue
        rest = toks[i + 1 :]
        if rest and rest[0] in _STAR_WORDS:
            return _as_rating(value)
        for words in _OUT_OF:
            n = len(words)
            if tuple(rest[:n]) == words and len(rest) > n:
                denominator = number_value(rest[n])
                if denominator in (5, 10):
                    return _scaled(value, denominator)
    for i, tok in enumerate(toks):
        if tok in _STAR_WORDS and i + 1 < len(toks):
            value = number_value(toks[i + 1])
            if value is not None:
                return _as_rating(value)
    return None


def parse_rating(text: str) -> int | None:
    """The 1–5 rating a message states, or None when it states none or one out of range.

    Explicit forms ("3/5", "٣ من ٥", "3 stars", "خمسة نجوم", "⭐⭐⭐") count anywhere in the
    message; a bare number or number word counts only when it is (nearly) the whole reply.
    """
    raw = to_ascii_digits(text)
    stars = sum(1 for ch in raw if ch in _STAR_CHARS)
    fraction = _FRACTION.search(raw)
    if fraction:
        denominator = int(fraction.group(2))
        if denominator in (5, 10):
            return _scaled(float(fraction.group(1)), denominator)
    toks = normalize(raw).split()
    explicit = _explicit_rating(toks)
    if explicit is not None:
        return explicit
    if stars:
        return stars if stars <= 5 else None
    if "نجمه" in toks:
        return 1
    words = [t for t in toks if t not in _RATING_FILLER]
    if len(words) == 1:
        value = number_value(words[0])
        if value is not None:
            return _as_rating(value)
    return None


_LATER = tuple(
    tuple(normalize(phrase).split())
    for phrase in (
        "بعدين|مو الحين|مب الحين|مش دلوقتي|مش هلق|مو هلا|وقت ثاني|مره ثانيه|مشغول|مشغوله|later|"
        "not now|another time|busy|ba3dein|ba3den|b3den"
    ).split("|")
)
_LATER_FILLER = frozenset(
    normalize(w)
    for w in "شكرا مشكور thanks thank you لا no sorry معليش اسف ok اوكي الحين now يا اخوي i am im".split()
)


def puts_off(text: str) -> bool:
    """ "بعدين", "مو الحين", "not now, busy": the customer will not answer our question now."""
    toks = [t.strip("?؟!.,،") for t in normalize(text).split()]
    toks = [t for t in toks if t]
    rest, found, i = [], False, 0
    while i < len(toks):
        phrase = next((p for p in _LATER if tuple(toks[i : i + len(p)]) == p), None)
        if phrase is None:
            rest.append(toks[i])
            i += 1
        else:
            found, i = True, i + len(phrase)
    return found and all(t in _LATER_FILLER for t in rest)


def rating_answer(text: str) -> int | None:
    """The rating in a reply to our rating question: an explicit one, or the one number from 1 to 5
    a short reply holds ("والله ما يستاهل اكثر من ثلاث", "تستاهلون ٤ عشان الكبسة بس"); None when it
    holds none, several or one out of range."""
    explicit = parse_rating(text)
    if explicit is not None:
        return explicit
    toks = [t.strip(",،.!؟?") for t in normalize(to_ascii_digits(text)).split()]
    if len(toks) > 12:
        return None
    values = {v for v in (number_value(t) for t in toks) if v is not None}
    return _as_rating(values.pop()) if len(values) == 1 else None
