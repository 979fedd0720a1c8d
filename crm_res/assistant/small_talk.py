"""Messages that carry no request and deserve a word back, not a "did not understand": a question
announced before it is asked ("عندي سؤال"), an apology ("sorry 😅", "معليش"), a keyboard mash."""

from __future__ import annotations

from crm_res.assistant.normalize import normalize

_ANNOUNCED = frozenset(normalize(w) for w in "سؤال سوال استفسار question questions query".split())
_ANNOUNCING = frozenset(
    normalize(w)
    for w in "عندي ابي ابغى بدي عايز ممكن لو سمحت اسال اسأل ask can i have a quick one small بسيط صغير".split()
)


def announces_a_question(text: str) -> bool:
    """ "عندي سؤال", "ممكن سؤال؟", "I have a question": the question itself comes next."""
    toks = [t.strip("?؟!.,") for t in normalize(text).split()]
    toks = [t for t in toks if t]
    return (
        0 < len(toks) <= 5
        and any(t in _ANNOUNCED for t in toks)
        and all(t in _ANNOUNCED or t in _ANNOUNCING for t in toks)
    )


_SORRY = frozenset(
    normalize(w) for w in "sorry sry oops معليش معلش اسف آسف اسفين سوري عفوا المعذره my bad".split()
)


def is_apology(text: str) -> bool:
    """ "sorry 😅", "معليش غلطت": an apology on its own (a slip, a wrong message)."""
    toks = [t.strip("?؟!.,") for t in normalize(text).split()]
    toks = [t for t in toks if t and any(c.isalpha() for c in t)]
    filler = {
        "غلطت",
        "غلط",
        "wrong",
        "chat",
        "number",
        "رقم",
        "يا",
        "اخوي",
        "bro",
        "my",
        "bad",
        "الياهل",
        "typo",
    }
    return (
        0 < len(toks) <= 4
        and any(t in _SORRY for t in toks)
        and all(t in _SORRY or t in filler for t in toks)
    )


def is_mash(text: str) -> bool:
    """ "ااااا", "🙈🙈", "؟؟": no word in it (fewer than three different letters)."""
    return len({c for c in text if c.isalpha()}) < 3


_HOW_ARE_YOU = frozenset(
    " ".join(normalize(p).split())
    for p in (
        "كيف حالكم|كيف حالك|كيف الحال|كيفكم|كيفك|شلونكم|شلونك|ازيكم|ازيك|اخباركم|عاملين ايه|كيفكن|"
        "how are you|how r u|how are u|hows it going|kefkom|kifkom|shlonkom|ezayakom|ezayko"
    ).split("|")
)


def asks_how_we_are(text: str) -> bool:
    """ "كيف حالكم", "شلونكم؟", "how are you": a greeting asked as a question."""
    said = " ".join(t.strip("?؟!.,،") for t in normalize(text).split())
    return (
        any(said == p or said.endswith(" " + p) or said.startswith(p + " ") for p in _HOW_ARE_YOU)
        and len(said.split()) <= 5
    )
