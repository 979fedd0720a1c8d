"""What the assistant reads about a restaurant on every message (menu, branches, cached briefly)
and the small lookups around an order: numbering, discount codes, the nearest branch."""

from __future__ import annotations

import math
import re
import secrets
import string
import time
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import text
from sqlmodel import Session, col, select

from crm_res.assistant import replies
from crm_res.assistant.normalize import normalize, phrase_set, to_ascii_digits, word_set
from crm_res.assistant.order_parser import MenuEntry, OrderLine
from crm_res.assistant.orders.arabizi import skeleton
from crm_res.assistant.orders.canonical import single_canonical
from crm_res.integrations.saudi_cities import find_city
from crm_res.models import Branch, DiscountCode, Feedback, MenuItem
from crm_res.services.dialogue.context import InboundContext
from crm_res.services.options import options
from crm_res.services.timing.hours import current_hours, hours_text, week_hours

# Menus and branches change rarely and are read on every message: a short per-process cache
# (a menu edit reaches the assistant within CACHE_SECONDS).
CACHE_SECONDS = 10.0
_cache: dict[tuple[str, Any], tuple[float, list[Any]]] = {}


def _cached(kind: str, restaurant_id: Any, load: Any) -> list[Any]:
    hit = _cache.get((kind, restaurant_id))
    now = time.monotonic()
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    rows = load()
    _cache[(kind, restaurant_id)] = (now, rows)
    return rows


def menu(session: Session, restaurant_id: Any) -> list[MenuItem]:
    def load() -> list[MenuItem]:
        rows = list(
            session.exec(
                select(MenuItem)
                .where(MenuItem.restaurant_id == restaurant_id)
                .order_by(col(MenuItem.category), col(MenuItem.sort_order))
            )
        )
        for row in rows:
            session.expunge(row)  # detached copies: safe to keep across sessions (read-only use)
        return rows

    return _cached("menu", restaurant_id, load)


def entry(m: MenuItem) -> MenuEntry:
    """A menu item as the order parser reads it."""
    return MenuEntry(
        key=str(m.id), name_ar=m.name_ar, name_en=m.name_en, price=m.price, available=m.available
    )


def entries(items: list[MenuItem]) -> list[MenuEntry]:
    return [entry(m) for m in items]


def order_line(m: MenuItem, quantity: int, modifications: list[str] | None = None) -> OrderLine:
    """`quantity` of a menu item at the menu's price (a catalog cart's line, the model's line)."""
    return OrderLine(
        menu_item_key=str(m.id),
        name_ar=m.name_ar,
        name_en=m.name_en,
        quantity=quantity,
        unit_price=m.price,
        modifications=modifications or [],
    )


def branches(session: Session, restaurant_id: Any) -> list[Branch]:
    def load() -> list[Branch]:
        rows = list(
            session.exec(
                select(Branch)
                .where(
                    col(Branch.restaurant_id) == restaurant_id,
                    col(Branch.is_active),
                    col(Branch.deleted_at).is_(None),
                )
                .order_by(col(Branch.created_at))
            )
        )
        for row in rows:
            session.expunge(row)
        return rows

    return _cached("branches", restaurant_id, load)


def clear_cache() -> None:
    _cache.clear()


def reply_branches(rows: list[Branch], english: bool, now: datetime, tz: str) -> list[replies.Branch]:
    """Branches as the wording sees them: today's hours as text and the week from today."""
    return [
        replies.Branch(
            name=b.name_en if english else b.name_ar,
            city=b.city,
            hours=hours_text(current_hours(b.operating_hours, b.ramadan_hours, now, tz)),
            lat=b.lat,
            lng=b.lng,
            week=tuple(week_hours(b.operating_hours, b.ramadan_hours, now, tz)),
        )
        for b in rows
    ]


# The restaurant row lock serialises numbering per restaurant (short, human-friendly numbers).
_LOCK_RESTAURANT = text("SELECT 1 FROM restaurants WHERE id = :r FOR UPDATE")
# An aggregate always answers one row, and coalesce makes it never NULL: the first order is 1001.
_LAST_ORDER_NUMBER = text("SELECT coalesce(max(number), 1000) FROM orders WHERE restaurant_id = :r")


def next_order_number(session: Session, restaurant_id: Any) -> int:
    """The restaurant's next order number (1001 first), under its row lock until the caller commits."""
    session.execute(_LOCK_RESTAURANT, params={"r": restaurant_id})
    return int(session.execute(_LAST_ORDER_NUMBER, params={"r": restaurant_id}).scalar_one()) + 1


def discount_code(session: Session, ctx: InboundContext, feedback: Feedback) -> DiscountCode | None:
    opts = options(ctx.restaurant)
    if not opts.discount_enabled:
        return None
    alphabet = string.ascii_uppercase + string.digits
    prefix = "".join(ch for ch in ctx.restaurant.name_en.upper() if ch.isalpha())[:3] or "CRM"
    for _ in range(5):
        code = f"{prefix}-{''.join(secrets.choice(alphabet) for _ in range(6))}"
        exists = session.exec(
            select(DiscountCode).where(
                DiscountCode.restaurant_id == ctx.restaurant.id, DiscountCode.code == code
            )
        ).first()
        if not exists:
            break
    discount = DiscountCode(
        restaurant_id=ctx.restaurant.id,
        customer_id=ctx.customer.id,
        feedback_id=feedback.id,
        code=code,
        percent=opts.discount_percent,
        valid_until=datetime.now(UTC) + timedelta(days=opts.discount_valid_days),
    )
    session.add(discount)
    return discount


EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance: degrees of longitude shrink with cos(latitude)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_branch(rows: list[Branch], lat: float, lng: float) -> Branch | None:
    located = [
        (distance_km(lat, lng, b.lat, b.lng), i, b)
        for i, b in enumerate(rows)
        if b.lat is not None and b.lng is not None
    ]
    return min(located, default=(0.0, 0, None))[2]


_DELIVERY_WORDS = (
    "توصيل",
    "towseel",  # Arabizi
    "tawseel",
    "twseel",
    "tawsil",
    "towsil",
    "وصلوه",
    "وصلوها",
    "وصلها",
    "وصله",
    "توصلون",  # "توصلون؟", "بتوصلوا لحي النرجس؟"
    "توصلو",
    "wasloh",  # Arabizi "deliver it": "ghayart ra2yi, wasloh lel bait"
    "wasloha",
    "waslooh",
    "wasluh",
    "wasselo",
    "delivery",
    "deliver",
    "دليفري",
    "ديليفري",
)
_PICKUP_WORDS = (
    "estlam",  # Arabizi
    "istlam",
    "istilam",
    "estelam",
    "استلام",
    "استلم",
    "بستلم",
    "باخذه",
    "pickup",
    "pick up",
    "pick-up",
    "pick it up",  # "she'll pick it up from tahlia"
    "pick them up",
    "يستلمه",  # someone else collects it: "هو بيمر يستلمه من العليا"
    "يستلمها",
    "يستلمهم",
    "تستلمه",  # "هي اللي هتعدي تستلمه"
    "نستلمه",  # "نستلمه احنا من التحليه": we collect it
    "نستلمها",
    "نستلمهم",
    "بنستلم",
    "ياخذ الطلب",  # "الدريول بيجي ياخذ الطلب من التحليه" (never "ياخذ" alone: "كم ياخذ التوصيل؟")
    "بمرها",  # "بمرها انا من فرع العليا": I'll come by for it
    "بمره",
    "بمرهم",
    "ياخذه",
    "ياخذها",
    "ياخذهم",
    "ياخده",
    "ياخدها",
    "ياخدهم",
    "تستلمها",
    "byesta2elo",  # Levantine Arabizi "he collects it"
    "yestelmo",
    "takeaway",
    "take away",
    "سفري",
    "من الفرع",
    "collect",
    "هعدي",  # "هعدي آخدهم", "بمر آخذه", "ha5odha mn el olaya": I'll come for it
    "اعدي",
    "بعدي",
    "بمر",
    "امر اخذ",
    "اخدهم",
    "اخذهم",
    "هاخد",
    "باخد",
    "ha5od",
    "hakhod",
    "pick it up",
    "pick them up",
    "ba5thah",  # "ba5thah bnafsi mn el olaya": I'll take it myself
    "ba5thaha",
    "bakhdha",
    "ba5odha",
    "ha5odha",
    "nekhedon",
    "nakhedon",
    # Levantine "I'll pass by and take them" ("بمرق آخدن من التحلية", "رح مر آخدن")
    "بمرق",
    "رح مر",
    "آخدن",
    "اخدن",
    "bemro2",
    "bmor2",
    # Egyptian Arabizi "I'll pass by and take it" ("ha3ady a5odo men far3 el olaya"), "هفوت آخده"
    "ha3ady",
    "ha3addi",
    "ha3adi",
    "hafoot",
    "a5odo",
    "ha5odo",
    "ha5do",
    "هفوت",
)


# Words only an address has ("حي النرجس، شارع ١٥", "Al Malqa district, Street 12", "7ay al salamah").
_ADDRESS_WORDS = word_set(
    "حي شارع عماره عمارة فيلا شقه شقة العنوان عنوان عنواني street st district building villa "
    "apartment apt address 7ay share3 shar3 bait al3nwan 3nwan road rd avenue ave "
    # an office or a tower ("لبرج المملكة الدور ٢٢ مكتب ٢٢٠٤", "Faisaliah Tower, 14th floor")
    "برج الدور مكتب مبنى مجمع استراحه البوابه tower floor office suite compound gate"
)


# Words before an address that only say "deliver it to": "توصيل للرياض حي…", "deliver to …".
_ADDRESS_LEADS = word_set(
    "توصيل التوصيل وصلوه وصلوها وصلها على الى لـ to deliver delivery delivered tawseel towseel العنوان عنواني "
    "address my is al3nwan 3nwan انا ساكن ساكنه ساكنين i live in at "
    # the Arabizi "to" ("tawseel le 7ay el rawda"), and "delivery" in Egyptian ("دليفري، جدة حي الروضة")
    "le li lel lil 3a 3al 3ala دليفري ديليفري "
    # "send it to" ("تمام ابعتوه على حي السلامة…")
    "ابعتوه ابعتوها ابعته ارسلوه ارسلوها طرشوه "
    # "to the house" before the address ("توصيل للبيت، حي الشاطئ…"), a please ("delivery please to …")
    "للبيت للمنزل home please pls plz لو سمحت سمحتوا "
    # a yes before it ("ماشي توصيل، حي السلامة…")
    "ماشي طيب اوكي اوك تمام خلاص ok okay sure fine tamam tmam mashi"
)


_DELIVERING = word_set("توصيل التوصيل delivered deliver delivery tawseel towseel")
# The "to" an order is sent with ("… على الروضة شارع صاري", "… to Al Malqa, Anas bin Malik St").
_SENT_TO = word_set("على الى إلى لـ to 3la 3ala")


def sent_to_an_address(said: str) -> bool:
    """An order sent "to" a place an address word names ("٢ برجر على الروضة شارع صاري عمارة ٥", "3
    fries to Al Malqa, Anas bin Malik St, villa 7"): a delivery, with no delivery word said."""
    return _last_sent_to(said.split()) is not None and not promises_the_address(said)


def address_of(said: str, *, within: bool = True) -> str:
    """The address in a message: with `within` (an order message that may say more, "ابي برجر
    وبيبسي، توصيل للرياض حي العارض…") from its first part between commas with an address word,
    the city just before it kept; then without the words that only say "deliver it to"."""
    text = said.strip()
    head, colon, rest = text.partition(":")
    if (
        colon
        and rest.strip()
        and (
            re.search(r"عنوان|address|3[ie]nwan", head, re.IGNORECASE)
            or (states_an_address(rest) and not states_an_address(head))
        )
    ):
        # "قبل اي حاجة اكتبلك عنواني: حي الروضة…", "غيرت رايي، دزوه لي البيت: جدة حي الحمراء…": the
        # address after the colon
        text = rest.strip()
    pieces = re.split(r"(?<=[،,])", text)
    if len(pieces) > 1 and re.search(r"[?؟]", pieces[-1]):  # "…، بتوصلوا لعنا؟": the question is no address
        text = "".join(pieces[:-1]).strip(" ،,")
    if within:
        starts = [0] + [m.end() for m in re.finditer(r"[،,\n]", text)]
        parts = [(a, text[a:b]) for a, b in zip(starts, [*starts[1:], len(text) + 1], strict=True)]
        at = next((i for i, (_, p) in enumerate(parts) if states_an_address(p)), None)
        if at is not None:
            start = parts[at][0]
            # back over the city and the district said before the street ("الرياض، حي الملقا…",
            # "Riyadh, Al Nakheel, street 12"), and the place an order part ends on ("… to Al Malqa")
            while at > 0 and (find_city(parts[at - 1][1].strip(" ،,\n")) or _a_district(parts[at - 1][1])):
                at -= 1
                start = parts[at][0]
            if at > 0 and (place := _place_sent_to(parts[at - 1][1])):  # "… pepsis to Al Malqa, … St"
                start = parts[at][0] - len(place) - 1
            text = text[start:].strip()
    words = text.split()
    marks = [i for i, w in enumerate(words) if normalize(w).strip(",،:") in _DELIVERING]
    if within and marks and marks[-1] < len(words) - 2:  # "… 2 pepsi delivered to riyadh malqa district…"
        words = words[marks[-1] :]
    elif within and not marks and (sent := _last_sent_to(words)) is not None:
        words = words[sent:]  # "٢ برجر فراخ على الروضة شارع صاري": from the "to" on
    while len(words) > 2 and _lead(normalize(words[0]).strip(",،:")):
        words = words[1:]
    if words and words[0].startswith("عال") and len(words[0]) > 4:  # "عالرياض" ("على الرياض") → "الرياض"
        words[0] = words[0][1:]
    if words and words[0].startswith("ل"):  # "للرياض" → "الرياض", "لجدة" → "جدة", "لحي النرجس" → "حي…"
        city = "ال" + words[0][2:] if words[0].startswith("لل") else words[0][1:]
        known = find_city(city) is not None or normalize(words[0][1:]) in _ADDRESS_WORDS
        words[0] = city if known else words[0]
    return " ".join(words)[:500]


def _a_district(part: str) -> bool:
    """A district named alone between commas ("Al Nakheel", "الروضة"): one to three words, the first
    with the article, no number and no food."""
    words = [normalize(w) for w in part.strip(" ،,\n").split()]
    if not 0 < len(words) <= 3 or any(c.isdigit() for w in words for c in to_ascii_digits(w)):
        return False
    first = words[0]
    article = (
        first in ("al", "el")
        or first.startswith(("al-", "el-"))
        or (first.startswith("ال") and len(first) > 3)
    )
    return article and not any(single_canonical(w) for w in words)


def _last_sent_to(words: list[str]) -> int | None:
    """Where the last "to" before the first address word stands, if any."""
    at = next((i for i, w in enumerate(words) if _address_word(normalize(w).strip(",،.:"))), None)
    # ("وبعتوهن عالرياض حي الملز…": "على" glued to the place as "عال")
    tos = [i for i, w in enumerate(words[:at]) if _sent_to(normalize(w).strip(",،.:"))] if at else []
    return tos[-1] if tos else None


def _sent_to(word: str) -> bool:
    return word in _SENT_TO or (word.startswith("عال") and len(word) > 4)


def _place_sent_to(part: str) -> str:
    """The place an order part ends by sending it "to" ("3 pepsis to Al Malqa" → "to Al Malqa"): a
    few words with no number; "" when the part does not end so."""
    words = part.rstrip(" ،,\n").split()
    tos = [i for i, w in enumerate(words) if normalize(w) in _SENT_TO]
    tail = words[tos[-1] :] if tos else []
    if not tail or len(tail) > 5 or any(c.isdigit() for w in tail for c in to_ascii_digits(w)):
        return ""
    return " ".join(tail)


def _lead(word: str) -> bool:
    """A word that only says "deliver it to", with an "and" glued on or not ("والتوصيل")."""
    return word in _ADDRESS_LEADS or (word.startswith("و") and word[1:] in _ADDRESS_LEADS)


_LATER = phrase_set(
    "بعدين|بعد شوي|بعد شوية|لحظه|لحظة|ثواني|بعطيك|بعطيكم|ببعتلك|ببعتلكم|ابعتلك|بعتلك|برسله|برسلك|برسلها|"
    "مو عندي|مش معايا|مش عندي|ماعندي|ba3tlak|ba3tlk|ba3den|ba3dain|lahza|la7za|later|in a bit|a sec|"
    "a second|i'll send|ill send|will send|give it to you"
)


def promises_the_address(said: str) -> bool:
    """ "lahza ba3tlak el 3enwan", "العنوان بالضبط مو عندي الحين، بعطيك اياه بعد شوي": the address is
    to come, and this is not it."""
    low = normalize(said)
    # a street or a house number (a number standing alone, not the 3 of "ba3tlak"): an address after all
    numbered = any(t.strip(",،.:").isdecimal() for t in to_ascii_digits(said).split())
    return not numbered and any(p in low for p in _LATER)


def only_an_address(said: str) -> bool:
    """The message gives a delivery address and asks nothing ("اول شي العنوان: السليمانية، شارع ٧، بناية
    ٢٢", "el 3enwan 7ay el nakheel share3 4 bineye 8"): an address word and a house or street number."""
    numbered = any(c.isdigit() for c in to_ascii_digits(said))
    return numbered and states_an_address(said) and not re.search(r"[?؟]", said)


def states_an_address(said: str) -> bool:
    """The message carries a delivery address ("توصيل، العنوان الرياض حي الياسمين شارع ٧", "توصيل
    لحي الربوة، ورا مدارس الرواد")."""
    return any(_address_word(t.strip(",،.:")) for t in normalize(said).split())


def _address_word(token: str) -> bool:
    """ "حي", and with a preposition or "and" glued on: "لحي", "بحي", "وشارع"."""
    bare = token[1:] if token[:1] in ("ل", "ب", "و") and len(token) >= 3 else token
    return token in _ADDRESS_WORDS or bare in _ADDRESS_WORDS


# "مش مهم التوصيل، هعدي آخدهم", "no delivery, I'll collect": pickup; "مو استلام": delivery.
_NOT_DELIVERY = phrase_set(
    "مش مهم التوصيل|مو مهم التوصيل|بلاش توصيل|بلاش التوصيل|بدون توصيل|بلا توصيل|مو لازم توصيل|"
    "مش لازم توصيل|ما ابي توصيل|ما ابغى توصيل|مابي توصيل|مش عايز توصيل|مش عاوز توصيل|ما بدي توصيل|"
    "ماراح اطلب توصيل|ما راح اطلب توصيل|مش هطلب توصيل|مو محتاج توصيل|مش محتاج توصيل|ما احتاج توصيل|"
    "don't need delivery|dont need delivery|no need for delivery|"
    "no delivery|without delivery|dont deliver|don't deliver|no need to deliver|la tawseel|mesh 3ayez tawseel|"
    "scratch the delivery|cancel the delivery|forget the delivery|skip the delivery|الغ التوصيل|الغي التوصيل|"
    "شيل التوصيل|انسى التوصيل|كنسل التوصيل|بلاش دليفري|بلاش الدليفري|مش عايز دليفري|مش عاوز دليفري|"
    "بدون دليفري|لا دليفري|no deliv|بنفسي|bnafsi|b nafsi|benafsi|myself|"
    # "ترا بدال التوصيل بمر اخذه انا": instead of the delivery
    "بدال التوصيل|بدل التوصيل|بدال توصيل|بدل توصيل|instead of delivery|instead of the delivery|"
    "بلاها توصيل|بلاها التوصيل|خلاص بلاها|"
    # "we" don't want it ("نستلمه احنا من التحليه، ما نبي توصيل", "مش عايزين توصيل", "ما نحتاج توصيل")
    "ما نبي توصيل|مانبي توصيل|ما نبغى توصيل|مانبغى توصيل|ما نبغا توصيل|ما نبا توصيل|ما بدنا توصيل|"
    "مابدنا توصيل|مش عايزين توصيل|مش عاوزين توصيل|مو محتاجين توصيل|مش محتاجين توصيل|ما نحتاج توصيل|"
    "ما احتاج توصيل|مو محتاج توصيل|مش محتاج توصيل|ما نبي التوصيل|مش عايزين التوصيل|"
    # Arabizi "I don't want delivery" ("5alas ma abgha delivery, ana b-aji a5thah")
    "ma abgha delivery|ma abi delivery|mabi delivery|ma abgha tawseel|ma abi tawseel|mabi tawseel|"
    "ma badi delivery|ma baddi delivery|mesh 3ayez delivery|mish 3ayez delivery|msh 3ayez delivery|"
    "bala delivery|bala tawseel|balash delivery|balash tawseel"
)
_NOT_PICKUP = phrase_set(
    "مو استلام|مش استلام|بدون استلام|بلاش استلام|ما ابي استلام|not pickup|no pickup|not pick up"
)


def stated_mode(said: str) -> Literal["pickup", "delivery"] | None:
    """'delivery' / 'pickup' when the message says so, else None."""
    low = normalize(said)
    if any(p in low for p in _NOT_DELIVERY):
        return "pickup"
    if any(p in low for p in _NOT_PICKUP):
        return "delivery"
    if any(normalize(w) in low for w in _DELIVERY_WORDS):
        return "delivery"
    if any(normalize(w) in low for w in _PICKUP_WORDS):
        return "pickup"
    return None


def _skeletons(b: Branch, cities: tuple[str, ...]) -> set[str]:
    """The consonants of a branch's own name words and its city's ("تحلية" → ت ح ل), not "فرع"."""
    words = [replies.strip_branch_word(n) for n in (b.name_ar, b.name_en) if n] + list(cities)
    bare = (w[2:] if w.startswith("ال") else w for n in words for w in normalize(n).split())
    return {k for k in (skeleton(w) for w in bare) if len(k) >= 3}


def home_branch(rows: list[Branch], city: str | None) -> Branch | None:
    """The restaurant's one branch in its own city (where a delivery with no city named comes from);
    None when it has none there or several."""
    if not city:
        return None
    here = [b for b in rows if b.city and normalize(b.city) == normalize(city)]
    return here[0] if len(here) == 1 else None


def named_branch(rows: list[Branch], said: str) -> Branch | None:
    """The branch a message names ("العليا", "Tahlia branch", "جدة"), if exactly one fits."""
    low = normalize(said)
    if len(low) < 2:
        return None
    hits = []
    latin = {skeleton(t) for t in low.split() if t.isascii() or any("a" <= c <= "z" for c in t)}
    latin = {k for k in latin if len(k) >= 3}
    for b in rows:
        city = find_city(b.city) if b.city else None  # "الرياض" names the branch in Riyadh
        cities = (city.name_ar, city.name_en, *city.aliases) if city else ()
        names = {normalize(n) for n in (b.name_ar, b.name_en, b.city, *cities) if n}
        names |= {normalize(replies.strip_branch_word(n)) for n in (b.name_ar, b.name_en) if n}
        # "للتحلية", "بالعليا": the article merged into a preposition
        names |= {n[2:] for n in names if n.startswith("ال") and len(n) >= 5}
        if any(n and len(n) >= 2 and (n in low.split() or n in low or low == n) for n in names):
            hits.append(b)
        elif latin and latin & _skeletons(b, cities):
            hits.append(b)  # "far3 el ta7liya": the name in Latin letters, by its consonants
    return hits[0] if len(hits) == 1 else None


# "كتبت العليا غلط", "olaya was a mistake": the part of a message that names a branch said wrongly.
_SAID_WRONGLY = re.compile(r"غلط|بالغلط|خطا|wrong|mistake|typo|ghalat|3'?alat|8alat", re.IGNORECASE)


def branch_meant(rows: list[Branch], said: str) -> Branch | None:
    """The branch a message names, leaving out the parts that say another was named by mistake ("اوه
    لا، انا قصدي الفرع اللي بجدة، كتبت العليا غلط": Tahlia)."""
    if (named := named_branch(rows, said)) is not None:
        return named
    parts = [part for part in re.split(r"[،,.!؛\n]+", said) if part.strip()]
    kept = [part for part in parts if not _SAID_WRONGLY.search(part)]
    return named_branch(rows, " ".join(kept)) if len(kept) < len(parts) else None
