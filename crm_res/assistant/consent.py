"""The roles words play in a request to stop (or resume) marketing, read by their shape.

A phrase list only knows the conjugations someone thought of; a customer writes "وقفولي",
"توقفون", "ماتبعتوليش", "يبعتلي", "tb3tly", "tirsilouli". Here each token is read by its
morphology instead: a send verb is an imperfect or imperative of رسل / راسل / بعت / طرش / دز
with any person prefix, any person/object suffix and an optional wrapping negation (م…ش,
attached لا/ما); a stop verb is any form of وقف / بطل / (quit, cease...); a messaging object is
رسايل / مسجات / عروض / اعلانات... with any clitic or possessive; "my number" is رقمي / نمرتي.
Arabizi tokens are first spelled in Arabic letters (consonants kept, short vowels dropped,
o/u as و, a final i/y as ي), so "tb3tly" and "تبعتلي" are read by the same patterns.

`positions(tokens)` maps each role to where it occurs; intent.py combines the roles with its
phrase lists (stop × object in one clause, negation × send × object, remove × my number,
positive send × marketing object ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from crm_res.assistant.normalize import normalize

# Letter classes that Arabizi spelling and dialect merge (ت/ط, س/ص, د/ض/ذ, ق/ء, ز/ذ).
_T, _S, _Q = "[تط]", "[سص]", "[قءك]"
_SEND_STEM = f"(?:را?{_S}ل|بع[تطث]|{_T}ر[شس]|د[زذ])"
_PERSON_SUFFIX = "(?:ون|وا|و|ين|ي)?"
_OBJECT_SUFFIX = "(?:ل|لي|لنا|ني|نا|له|لها|ه|ها|هم|كم)?"

# The imperfect with a person prefix (ت ي ن, Egyptian/Levantine progressive ب / عم before it),
# optionally negated by an attached لا / ما / م and a closing ش: "ماتبعتوليش", "لاتراسلوني".
_SEND = re.compile(
    f"^(?P<neg>لا|ما|م)?(?:ب|عم)?(?P<person>[تين]){_SEND_STEM}{_PERSON_SUFFIX}{_OBJECT_SUFFIX}(?P<sh>ش)?$"
)
# The imperative with an object ("ارسلولي", "ابعتولي", "طرشولي", "دزولي", "رسلي"): asking to send.
_SEND_IMPERATIVE = re.compile(f"^ا?{_SEND_STEM}(?:وا|و|ي)?(?:لي|ولي|ني|لنا|نا)$")
# The customer's own sending, in the past ("ارسلتها", "بعتتلكم", "I sent"): the message is theirs.
_SENT_BY_ME = re.compile(f"^(?:و|ف)?ا?{_SEND_STEM}ت(?:ها|ه|لكم|لك|لكو)?$")
# The verbal noun: "ارسال", "الارسال", "مراسلتي", "بعت".
# Arabizi "resalet", "rasayel": the messages (a noun), read as "رسلت" (I sent) letter by letter.
_MESSAGE_OF = re.compile(r"^r[ae]s[aei]+l[ae]t$")
_SENDING = re.compile(f"^(?:ال|و|وال)?(?:ار{_S}ال|مرا{_S}ل[هت]|تواصل)(?:ي|كم|نا)?$")

# Stop: وقف / اوقف / توقف / نوقف / وقفو(ا) / وقفولي / وقفوها; بطل / بطلوا / تبطلوا; the
# Egyptian and Levantine future ("هتبطلوا", "رح توقفوا");
# Arabizi "wa2fo", "wagfo", "batlo".
_STOP = re.compile(
    f"^(?:و|ف)?(?:[هح]|رح)?(?:[تين]|ا)?(?:و{_Q}ف|وج?[قگكج]ف|ب{_T}ل)(?:وا|و|ون|ي|ين)?(?:لي|ولي|لنا|ها|ه|هم)?$"
)
_STOP_EN = frozenset(("stop", "quit", "cease", "halt", "end", "stopp"))
_REMOVE_EN = frozenset(("remove", "delete", "take", "erase", "drop", "wipe", "scrub", "purge"))

# Bother: "لا تزعجوني برسايلكم", "لا تشغلوني", "don't bother me": with a negation and the
# messages, a request to stop them; alone, a complaint.
_BOTHER = re.compile(
    "^(?P<neg>لا|ما|م)?(?:ب)?[تي](?:زعج|شغل|ازعج|طفش|قرف)(?:ون|وا|و|ين|ي)?(?:ني|وني|نا|ونا)?(?P<sh>ش)?$"
)
_BOTHER_EN = frozenset(("bother", "bothering", "annoy", "annoying", "spam", "spamming", "pester"))

# Remove: شيل / احذف / امسح / طلع / اخرج / شطب, any person, with or without "me" (ني/وني);
# Arabizi writes ذ as z ("e7zefo" → "احزفو").
_REMOVE = re.compile(
    f"^(?:[تين]|ا)?(?:شي?ل|ح[ذز]ف|م{_S}ح|{_T}لع|خرج|شطب)(?:وا|و|ون|ي|ين)?(?:ني|وني|نا|ونا)?$"
)
_MY_NUMBER = re.compile(f"^(?:ل|و|ب)?(?:ر{_Q}م|نمر[هت]?|اسم|ايميل)(?:ي|نا)$")

# What marketing arrives as, with any clitic ("و", "ال", "هال") and possessive ("كم", "كن").
_MESSAGING = re.compile(
    "^(?:و|ف|ب|ل|ع)?(?:ال|هال|ها|لل)?"
    "(?:رسا[يئ]ل|رسال[هت]|رسالات|رسالتين|رسالتان|م?[اي]?سجات|مسج|مسجين|عروض|عرضين|اعلانين|اعلان|اعلانات|اشعار|اشعارات|دعايه|دعايات|"
    "تنبيهات|نشر[هت]|نشرات|خصومات|تخفيضات)"
    "(?:كم|كن|كو|ي|نا|هم|ها)?$"
)
_MESSAGING_EN = frozenset(
    (
        "messages message texts text msgs sms offers offer promos promo promotions promotion ads "
        "adverts advertising marketing notifications notification newsletter newsletters spam deals msg "
        "whatsapps broadcasts discounts coupons vouchers blasts blast"
    ).split()
) | frozenset(  # Arabizi nouns of what we send ("3 masejet", "el khosomat", "el 3orood")
    normalize(w)
    for w in (
        "masaj masej masajat masajet masejat masejet msejat msejet msgat mesajat rasayel resayel rasa2el "
        "3orood 3orod 3roud 3orood 3rood i3lanat e3lanat khosomat khsomat takhfidat"
    ).split()
)
# The marketing kind of message in particular (not "a message when my order is ready").
_MARKETING = re.compile(
    "^(?:و|ف|ب|ل|ع)?(?:ال|هال|ها|لل)?(?:عروض|عرضين|اعلان|اعلانين|اعلانات|دعايه|دعايات|نشر[هت]|نشرات|خصومات|تخفيضات)"
    "(?:كم|كن|كو|ي|نا|هم|ها)?$"
)
_MARKETING_EN = frozenset(
    "offers promos promo promotions promotion ads adverts advertising marketing newsletter newsletters deals spam "
    "discounts coupons vouchers".split()
) | frozenset(
    normalize(w) for w in "3orood 3orod 3roud 3rood i3lanat e3lanat khosomat khsomat takhfidat".split()
)
# The means by which the restaurant reaches a customer, and what it does to them there: the
# phone, WhatsApp, the inbox ("جوالي", "عالواتس", "el inbox"); the phone ringing or buzzing
# ("رن", "بيرن", "yrenn", "buzzing"); being chased ("تلاحقوني", "tla7ou2ni"). Role "contact".
_CHANNEL = re.compile(
    "^(?:و|ف|ب|ل|ع)?(?:ال|ل)?(?:واتساب|واتسب|واتس|وتساب|وتس|جوال|موبايل|موبيل|موبل|تلفون|تليفون|تلفن|هاتف|"
    "انبوكس|انبكس)(?:ي|اتي)?$"
)
_CHANNEL_EN = frozenset("whatsapp whatsap whats phone phones mobile cell cellphone inbox dms notifs".split())
_RING = re.compile("^(?:ما|م)?(?:ب|بي|بت|ي|ت|عم)?رن+(?:ين|ه|ش)?$")
_RING_EN = frozenset("buzzing buzzes ringing pinging beeping vibrating".split())
_PURSUE = re.compile(f"^(?:ب|عم)?[تي]لا?حو?{_Q}و?(?:ني|نا)$")
_PURSUE_EN = frozenset("chasing hounding harassing bombarding flooding pestering".split())
_LIST = frozenset(
    normalize(w) for w in ("قائمة", "القائمة", "ليستة", "الليستة", "لستة", "اللستة", "list", "لست", "اللست")
)

# Arabizi → Arabic letters (consonants; o/u as و; a final i/y/ee as ي; other vowels dropped).
_AZ_DIGRAPHS = re.compile("sh|ch|kh|gh|th|dh|ou|oo|ee|aa")
_AZ_DIGRAPH = {"sh": "ش", "ch": "ش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ", "ou": "و", "oo": "و"}
_AZ_LETTER = {
    **dict(zip("btdrzsfqklmnhwyjgpv", "بتدرزسفقكلمنهويججبف", strict=True)),
    "x": "كس",
    "o": "و",
    "u": "و",
}
_LATIN = re.compile("[a-z]")
_AZ_YOUR = re.compile("(?:kon|kom|kum|koun|kou)$")


@lru_cache(maxsize=4096)
def arabic_spelling(token: str) -> str:
    """An Arabizi token in Arabic letters ("tb3tly" → "تبعتلي", "wa2fo" → "وءفو")."""
    if not _LATIN.search(token):
        return token
    out: list[str] = []
    i, n = 0, len(token)
    while i < n:
        pair = token[i : i + 2]
        if _AZ_DIGRAPHS.fullmatch(pair):
            if pair in ("ee", "aa"):
                out.append("ي" if pair == "ee" else "ا")
            else:
                out.append(_AZ_DIGRAPH[pair])
            i += 2
            continue
        ch = token[i]
        last = i == n - 1
        if ch in "iy" and last:
            out.append("ي")
        elif ch == "y":
            out.append("ي")
        elif ch in "aei":
            if i == 0:
                out.append("ا")
        else:
            out.append(_AZ_LETTER.get(ch, ch))
        i += 1
    return "".join(out)


def rings(token: str) -> bool:
    """The phone ringing or buzzing ("يرن", "بيرن", "yrenn", "buzzing"); not a channel or a chase."""
    return token in _RING_EN or bool(_RING.match(arabic_spelling(token)))


# The roles read off a word list (English and Arabizi words, the list nouns) rather than a shape.
_WORD_ROLES = (
    ("stop", _STOP_EN),
    ("remove", _REMOVE_EN),
    ("bother", _BOTHER_EN),
    ("messaging", _MESSAGING_EN),
    ("marketing", _MARKETING_EN),
    ("list", _LIST),
)


@lru_cache(maxsize=8192)
def token_roles(token: str) -> frozenset[str]:
    """The consent roles one normalised token can play: send, neg_send, send_they, send_imperative,
    sending, sent_by_me, stop, remove, bother, neg_bother, my_number, messaging (marketing too for offers, ads...), list,
    contact (a channel we reach them by, a ring, a chase)."""
    found = {role for role, words in _WORD_ROLES if token in words}
    # Arabizi nouns carry "your" as a suffix too ("masajetkon", "3oroodkom")
    bare = _AZ_YOUR.sub("", token) if len(token) > 6 else token
    if bare != token:
        found |= {role for role, words in _WORD_ROLES if role in ("messaging", "marketing") and bare in words}
    if token in _CHANNEL_EN or token in _RING_EN or token in _PURSUE_EN or token == "رن":
        found.add("contact")
    latin = bool(_LATIN.search(token))
    word = arabic_spelling(token)
    if len(word) < 3:
        return frozenset(found)
    send = _SEND.match(word)
    if send and send.group("person") == "ي" and not word.endswith(("لي", "ني")):
        found.add("send_they")  # "بيبعتوا": they send (a remark), not "you" (a request)
    elif send:
        found.add("neg_send" if send.group("neg") or send.group("sh") else "send")
    if _SEND_IMPERATIVE.match(word):
        found.add("send_imperative")
    if _SENT_BY_ME.match(word) and not (latin and _MESSAGE_OF.match(token)):
        found.add("sent_by_me")  # never Arabizi "resalet 3orood" (the messages of offers)
    if _STOP.match(word) and not (latin and not word.endswith("و")):
        found.add("stop")  # Arabizi only in the plural imperative ("wa2fo"): "batal" is "lousy"
    if _REMOVE.match(word):
        found.add("remove")
    bother = _BOTHER.match(word)
    if bother:
        found.add("neg_bother" if bother.group("neg") or bother.group("sh") else "bother")
    if _MY_NUMBER.match(word) or (latin and token.endswith("e") and _MY_NUMBER.match(word + "ي")):
        found.add("my_number")  # Levantine / Egyptian Arabizi ends "my" in -e: "ra2me", "esme"
    if _RING.match(word) or _PURSUE.match(word) or (not latin and _CHANNEL.match(word)):
        found.add("contact")
    if latin:  # English nouns ("last" is no "لست") are read from the English lists above
        return frozenset(found)
    if _SENDING.match(word):
        found.add("sending")
    if _MESSAGING.match(word):
        found.add("messaging")
        if _MARKETING.match(word):
            found.add("marketing")
    if word in _LIST:
        found.add("list")
    return frozenset(found)


# "Mine" after a noun ("el number taba3i", "الرقم حقي", "الرقم تبعي").
_MINE_AFTER = frozenset(
    normalize(w) for w in "taba3i tab3i bta3i beta3i ta3i 7a2i حقي تبعي بتاعي تبعيتي".split()
)


def positions(tokens: list[str]) -> dict[str, list[int]]:
    """role → the positions of the tokens that play it."""
    out: dict[str, list[int]] = {}
    for k, tok in enumerate(tokens):
        if tok == "sent" and k and tokens[k - 1] in ("i", "we"):
            out.setdefault("sent_by_me", []).append(k)
        mine_after = tokens[k + 1 : k + 2] and tokens[k + 1] in _MINE_AFTER
        if tok in ("number", "phone", "contact", "details", "الرقم", "النمره") and (
            (k and tokens[k - 1] == "my") or mine_after
        ):
            # "my number", "my phone", "el number taba3i": only for asking who gave it (English
            # "remove my number from the order" is about the order, so it plays no part in a
            # certain opt-out)
            out.setdefault("my_number_en", []).append(k)
        roles = token_roles(tok)
        if tok == "end" and tokens[k + 1 : k + 2] == ["up"]:
            roles = roles - {"stop"}  # "how did I end up getting your promos": no stop
        for role in roles:
            out.setdefault(role, []).append(k)
    return out


def near(found: dict[str, list[int]], first: str, second: str, window: int = 3) -> bool:
    """Whether a token playing `first` and one playing `second` stand within `window` tokens
    of each other (either order: "وقفوا الرسايل", "الرسايل دي وقفوها"): one clause, not two."""
    return any(abs(i - j) <= window for i in found.get(first, ()) for j in found.get(second, ()))
