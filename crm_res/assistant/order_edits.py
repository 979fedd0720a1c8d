"""How a message mid-order changes the order already summarised: more of something ("زود بيبسي",
"وبطاطس", "also a pepsi"), something taken off ("شيل البيبسي", "remove the fries"), a count said
again ("خليها ٣", "make it 3", "make the burger 3"), or, with none of these words, a new list that
replaces the draft. Only the words that say which; the dishes are the order parser's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from crm_res.assistant.normalize import PhraseMatcher, normalize, number_value, phrase_set, word_set
from crm_res.assistant.orders.vocabulary import BARE_NO, FORGOT, I_MEANT, REMOVE_WORDS, YOU_FORGOT
from crm_res.assistant.ratings import parse_rating

EditKind = Literal["add", "remove", "set", "swap"]

# Leading words that carry nothing ("please add…", "ممكن تشيل…").
_LEAD_FILLERS = word_set(
    "ممكن لو سمحت please pls can you could u yo ya يا طيب okay ok اوكي اه hi "
    "ابي ابغى ابغا بدي عايز عاوز ودي i want to would like "
    "لا no nope عفوا sorry معليش معلش اسف سوري oops actually wait hmm oh ah لحظه استنى "
    "تمام yes yeah ايوه بس but "  # "لا شيل السلطة"
    "طب ماشي mashi tab tayeb "  # "طب ماشي زود متبل واحد": fine, then the change
    "la2 la laa"  # Arabizi "no" ("la2 el kunafa 5alliha 3")
)
_ADD = word_set(
    "زود زودو زودوا زودني زودلي زيد زيدو زيدوا زيدلي ضيف ضيفو ضيفوا ضيفلي اضف اضيف ضف كمان وكمان "
    "زيدلنا زيدولنا زودلنا زودولنا ضيفلنا ضيفولنا "
    "زد زدني زيدني زدلي "
    "حط حطلي حطو حطوا حطيلي ضع put 7ot 7otli 7otly 7ottli "
    "اضافه add also plus another zawed zawd zid zeed zeid daf deef dayef kaman kman kamaan"
)
# "and …" / "و…" starts an addition only when the word after it is a dish (checked by the caller).
_AND = word_set("and و")  # (Arabizi "w" is no "and" of a change: "w thalatha minhom …" adds nothing)
# Said at the end: "ابي بيبسي بعد", "a pepsi too".
_ADD_LAST = word_set("بعد كمان too as well also kaman kamaan")
_REMOVE = REMOVE_WORDS
_REMOVE_PHRASES = (("take", "off"), ("take", "out"), ("no", "more"))
# First, "بلا حمص", "bala hummus": no more of it (later in a message "بلا بصل" is a note on a dish).
_WITHOUT = word_set("بلا bala bela")
# "خليها ٣", "make it 3", "change it to 3", "خلي البرجر ٣".
_SET = word_set(
    "خل خلي خليها خليه خليهم خلها خله خلهم خليهن اجعلها اجعله غير غيرها غيره غيرهم بدلها عدلها "
    "make change set update 5aliha khaliha khalliha 5alliha 5aleha khalih 5alih 5alihom khalha khalli "
    "5alli khalleha khallih 5alha khalihom khallihom 5allihom"
)
# Words a count may carry when it is said alone ("لا بدي ٢ بس", "but 3 of them", "خليهم ٣ منهم").
_ONLY = word_set("بس فقط only just bas bs حبه حبات pieces but of them منها منهم منهن minhom")
# "بدل العصير خله بيبسي", "instead of the juice a pepsi", "swap the fries for a salad".
_SWAP = word_set(
    "بدل بدال بدالها بداله بدالو بدلها بدله بدلهم بدلهن بدالهم بدالهن مكان instead swap replace badal bdal badalo "
    "badalha bdalo badalhom badalhon"
)
# "غير البيبسي بعصير برتقال", "ghayer el pepsi la moya", "change the pepsi to water": with a dish
# already ordered and one not yet, the one replaces the other; with only a count, the count changes.
# "رجعه برجر دجاج متل ما كان", "go back to beef shawarma": the dish it was, in place of the new one.
_CHANGE_TO = word_set(
    "غير غيرلي غيروا غيرو غيرها غيره بدل بدلو بدلوا حولها حوله change switch ghayer ghayar ghayyer "
    "8ayer ghayerha ghayero ghayrha 8ayerha badel badelha رجعه رجعها رجعهم رجعهن رجعلي رجعيه رجعيها ارجع "
    "back rajje3ha raje3ha rage3ha rag3ha rajje3o raje3o"
)
_IT = word_set("it them that those these the order to it's its")


@dataclass(frozen=True)
class OrderEdit:
    kind: EditKind
    quantity: int | None = None  # a count said with no dish ("make it 3")
    plain: bool = False  # a part of the message that only names dishes, beside other changes


# "هات معاهم على نفس الاوردر …", "زيدولي عنفس الطلب …", "put it on the same order": more, beside it.
_ON_THE_SAME_ORDER = phrase_set(
    "على نفس الاوردر|على نفس الطلب|عنفس الطلب|عنفس الاوردر|ع نفس الطلب|في نفس الطلب|في نفس الاوردر|"
    "بنفس الطلب|بنفس الاوردر|لنفس الطلب|on the same order|to the same order|in the same order|"
    "with the same order|3ala nafs el talab|3a nafs el talab|3ala nafs el order"
)


# "ابي نفس طلبي اللي طلبته الاسبوع الماضي", "عايز نفس الاوردر بتاع المرة اللي فاتت", "same as last time":
# the customer's last order again.
_LAST_ORDER = phrase_set(
    "نفس طلبي|نفس الطلب اللي|نفس الطلب حق|نفس الطلب تبع|نفس الاوردر|اعيد طلبي|اعيد الطلب|ابي اعيد|"
    "طلبي الاخير|طلبي السابق|طلبي اللي فات|اخر طلب|نفس المره|زي المره اللي فاتت|مثل المره الماضيه|"
    "same as last time|same order as last|repeat my order|repeat my last|my last order again|"
    "reorder|re-order|order again what|nafs el talab|nafs talabi|nafs el order"
)


def asks_for_the_last_order(text: str) -> bool:
    """Whether the message asks for the customer's last order again (never "على نفس الطلب": more on
    this one)."""
    low = normalize(text)
    return any(p in low for p in _LAST_ORDER) and not any(p in low for p in _ON_THE_SAME_ORDER)


def read_edit(text: str) -> OrderEdit | None:
    """The change this mid-order message makes, or None (a new list, a question, an answer)."""
    if any(p in normalize(text) for p in _ON_THE_SAME_ORDER):
        return OrderEdit("add")  # a second person's dishes, or more, put with the order
    toks = normalize(text).split()
    while toks and toks[0].strip(",،.!") in _LEAD_FILLERS:
        toks = toks[1:]
    if not toks:
        return None
    # "البرجر من غير مايونيز", "min gheir toom": "without", never "change"
    toks = _from_other_as_without(toks)
    first = toks[0]
    counts = [n for n in (number_value(t) for t in toks) if n is not None]
    said = [t for t in toks if t not in _SET and t not in _CHANGE_TO and t not in _IT]
    if len(counts) == 1 and all(number_value(t) is not None or t in _ONLY for t in said):
        return OrderEdit("set", counts[0])  # "لا بدي ٢ بس", "just 2", "رجعهن ٢ بس": the count said again
    if any(t in _SWAP for t in toks):
        return OrderEdit("swap")
    # "البطاطس خلها ٢", "البيبسي شيله": the dish may come before its verb ("el kunafa 5alliha 3": an
    # Arabizi article is a word of its own)
    lead = [t for t in toks if t not in _ARABIZI_ARTICLES][:3]
    if any(t in _REMOVE for t in lead) or tuple(toks[:2]) in _REMOVE_PHRASES or first in _WITHOUT:
        return OrderEdit("remove")
    if toks[-1] in _ADD_LAST and len(toks) > 2:
        return OrderEdit("add")  # "رجّع الحمص كمان": put back, beside what is there
    if any(t in _SET or t in _CHANGE_TO for t in lead):
        rest = [t for t in toks[1:] if t not in _IT]
        counts = [q for q in (number_value(t) for t in rest) if q is not None]
        if len(rest) == 1 and counts:
            return OrderEdit("set", counts[0])
        return OrderEdit("swap" if any(t in _CHANGE_TO for t in lead) else "set")
    if first in _ADD or (first in _AND and len(toks) > 1) or toks[-1] in _ADD_LAST:
        return OrderEdit("add")
    if any(t in _ADD and not any(c.isalnum() for c in toks[k]) for k, t in enumerate(toks[1:])):
        return OrderEdit("add")  # "اوه نسيت الوالدة 🙈 زيد كبسة …": a remark closed by an emoji, then more
    return None


#: "from" before "غير" makes it "without" ("من غير بصل", "men gheir sos").
_FROM = word_set("من men min mn")


def _from_other_as_without(toks: list[str]) -> list[str]:
    """The words with each "من غير" / "min gheir" (without) as one "بدون": its "غير" is no "change"."""
    out: list[str] = []
    for tok in toks:
        if out and out[-1] in _FROM and tok in _CHANGE_TO:
            out[-1] = "بدون"
        else:
            out.append(tok)
    return out


# "خل المندي ٢ مو واحد", "3 burgers not 2": the count it replaces, said after the new one.
_NOT = word_set("مو مش مب ماهو موب not mo mish msh mesh mb mob bdal badal بدل بدال")


def without_old_count(text: str) -> str:
    """The message without "مو واحد" / "not 3" after a new count (the count being corrected):
    "خل المندي ٢ مو واحد", "make it 4 burgers not 3, all chicken"."""
    toks = text.split()
    out: list[str] = []
    i = 0
    while i < len(toks):
        said = normalize(toks[i + 1]).strip(",،.") if i + 1 < len(toks) else ""
        if out and normalize(toks[i]) in _NOT and said and number_value(said) is not None:
            # the old count goes; a comma after it stays with the words before
            out[-1] += toks[i + 1][len(toks[i + 1].rstrip(",،.")) :]
            i += 2
            continue
        out.append(toks[i])
        i += 1
    return " ".join(out) if len(out) < len(toks) else text


_ARABIZI_ARTICLES = frozenset(("el", "al", "il", "l"))
_JOINS = frozenset(("و", "and", "w", "wa", "بس", "but", "bas", "then", "وبعدين"))


def is_asked(text: str) -> bool:
    """A question mark of either script in the message ("?" or "؟")."""
    return "?" in text or "؟" in text


def says_forgot(text: str) -> bool:
    """ "اه استنى نسيت البطاطس", "you forgot the kunafa": a dish remembered (its count may follow)."""
    return any(t.strip(",،.!") in FORGOT for t in normalize(text).split())


def clauses(text: str) -> list[str]:
    """The changes one message makes, in order: split at commas, and at "و"/"and"/"بس"/"but"
    before a word of change ("وحط مي", "but remove the pepsi")."""
    verbs = _ADD | _REMOVE | _SET | _CHANGE_TO
    out: list[list[str]] = []
    for part in re.split(r"[،,;؛]", text):
        out.append([])
        for word in part.split():
            norm = normalize(word)
            glued = norm[1:] if norm.startswith("و") and len(norm) > 2 else ""
            if out[-1] and norm in verbs and normalize(out[-1][-1]) in _JOINS:
                out[-1].pop()  # "… بس شيل البيبسي": the joining word starts nothing
                out.append([])
            elif glued in verbs:  # "… وحط مي", "…، وزد عليها بطاطس"
                if out[-1]:
                    out.append([])
                word = word.strip()[1:]
            out[-1].append(word)
    return [" ".join(words) for words in out if words]


# Words a parser may keep as a line's note that are talk, not a change to the dish ("no worries",
# "no go back"): a note with any of them is dropped.
_TALK = word_set("worries worry problem problems go back then مشكله ولا يهمك تعيش")


def is_talk(note: str) -> bool:
    """ "no worries", "no go back": a note that says nothing about the dish."""
    toks = _from_other_as_without(normalize(note).split())  # "من غير بصل" is a note
    return any(t in _TALK or t in _CHANGE_TO or t in _SET or t in _ADD for t in toks)


# "…والمندي كان جامد جدا، فالنهاردة عايز…": a story before the order; "قررنا: مندي ثنتين…": the
# order after a colon. Only the order is parsed, so the story's dishes are not ordered.
_STORY = word_set(
    "كان كانت كانو كانوا امس مبارح الاسبوع was were yesterday last week ago فات يبون يبغون يبو "
    "قال قالي قالوا قالت قلت سمعت حكالي told said heard"
)


# "awal shay … thani shay abi 2 burger": "first thing … second thing", not tea.
_COUNTING_OFF = re.compile(
    r"\b(?:awal|awel|thani|tani|talet|first|second|third)\s+(?:shay|shai|she|7aga|haga|thing)\b"
    r"|(?:^|\s)(?:اول|ثاني|تاني|ثالث)\s+(?:شي|شيء|حاجه|حاجة)(?=\s|$|[،,])",
    re.IGNORECASE,
)


# "رجعهم مثل ما كانوا", "make it as it was": the order before the last change.
_AS_BEFORE = phrase_set(
    "مثل ما كان|مثل ما كانت|مثل ما كانوا|زي ما كان|زي ما كانت|زي ما كانوا|متل ما كان|متل ما كانت|"
    "متل ما كانوا|كما كان|كما كانت|مثل قبل|زي الاول|زي قبل|متل قبل|مثل الاول|as it was|as they were|"
    "as before|like before|the way it was|how it was|undo|zay ma kan|zay ma kanet|zay ma kano|mitl ma kan"
)


def as_before(text: str) -> bool:
    """ "لا رجعهم مثل ما كانوا اول", "put it back as it was": undo the last change."""
    low = normalize(text)
    return any(p in low for p in _AS_BEFORE)


# "يعني ثلاث كنافة", "so that's four pepsis": the count meant, said again (it sets, never adds).
_RESTATED = re.compile(
    r"(?:^|\s)(?:يعني|يعنى|ya3ni|yaani|i mean|so that's|so thats|that's|thats|which is|that is)\s",
    re.IGNORECASE,
)


def restated_at(text: str) -> int | None:
    """Where the message says again what it means ("…لكل واحد يعني اربعة"), if it does."""
    found = _RESTATED.search(text)
    return found.start() if found else None


def without_counting_off(text: str) -> str:
    """The message without "اول شي / ثاني شي", "awal shay / thani shay" (which are not tea)."""
    return _COUNTING_OFF.sub(" ", text)


# "…وكنافة واحدة عشان ماما بتموت في الكنافة": why, not more (a dish said again in it is not ordered twice).
_BECAUSE = re.compile(
    r"(?:^|\s)(?:عشان|علشان|لان|لأن|لانو|لأنو|لإنو|لانه|لأنه|because|coz|cause|3ashan|la2no|la2enno|"
    # "وهي بتحب الكنافة جدا": someone's liking, said beside the order (never "احب" / "I'd like": asking)
    r"بتحب|بيحب|يحب|تحب|بتموت في|بيموت في|تموت في|يموت على|تموت على|loves|likes|adores)\s[^،,.!\n]*",
    re.IGNORECASE,
)


def reasons(text: str) -> list[tuple[int, int]]:
    """Where the message gives reasons ("عشان…", "because…"), up to the next comma or full stop."""
    return [(m.start(), m.end()) for m in _BECAUSE.finditer(text)]


# "كنسل البطاطس وخل الباقي", "remove the fries and keep the rest": the rest stays as it is.
_KEEP_THE_REST = re.compile(
    r"[،,]?\s*(?:و\s*)?(?:خل|خلي|خلو|خلوا|سيب|سيبوا)\s+(?:ال)?باقي(?:\s+(?:زي|مثل|متل|كما)\s+ما\s+هو|\s+كما\s+هو)?"
    r"|[,]?\s*(?:and\s+)?keep\s+the\s+rest(?:\s+as\s+it\s+is)?|[,]?\s*(?:w\s*)?(?:5alli|khalli)\s+el\s+ba2i",
    re.IGNORECASE,
)


def without_the_rest_kept(text: str) -> str:
    """ "كنسل البطاطس وخل الباقي" → "كنسل البطاطس": keeping the rest changes nothing."""
    return _KEEP_THE_REST.sub("", text).strip() or text


def without_reasons(text: str) -> str:
    """ "خليهن اربعة لأنو اجا ابن عمي" → "خليهن اربعة": the change without why."""
    return _BECAUSE.sub("", text).strip() or text


# "3ayez 2 ice cream, w law mafeesh 5aleehom om ali": the dish to bring if the first is out.
_IF_NONE = phrase_set(
    "لو ما فيه|لو مافيه|لو ما في|لو مافي|لو خلص|لو خلصت|لو مش موجود|لو مفيش|والا|وإلا|law mafeesh|law mafish|"
    "law mafi|law ma fi|law khalas|if not|if none|if you dont have|if you don't have|otherwise|if it's out|if its out"
)


def offers_a_fallback(text: str) -> bool:
    """ "لو ما فيه خليهم أم علي", "if not, om ali": what to bring instead is said with the order."""
    low = normalize(text)
    return any(p in low for p in _IF_NONE)


def _bare(token: str) -> str:
    """ "فعايز", "وابي": the word without a joining letter glued on."""
    return token[1:] if token[:1] in ("ف", "و") and token[1:] in _ASKING else token


# "…فالنهارده قررت اطلب. المهم، عايز…": the order comes after these; "وعلى فكرة…": an aside after it.
_TO_THE_POINT = word_set("المهم المختصر باختصار الزبده anyway anyways")
_ASIDE = tuple(normalize(w) for w in ("على فكره", "وعلى فكره", "بالمناسبه", "by the way", "btw"))


def ordered_part(text: str) -> str | None:
    """The part of a message that is the order when a story or a heading comes first; None when
    the whole message is (the caller keeps the whole when the part names no dish)."""
    sentences = [s for s in re.split(r"(?<=[.!؟?\n])\s*", text) if s.strip()]
    kept = [s for s in sentences if not normalize(s).startswith(_ASIDE)]
    if kept and len(kept) < len(sentences):
        return ordered_part(" ".join(kept)) or " ".join(kept)
    words = text.split()
    point = [i for i, w in enumerate(words) if normalize(w).strip(",،.:!") in _TO_THE_POINT]
    if point and point[-1] < len(words) - 1:
        return " ".join(words[point[-1] + 1 :])
    colon = [m.end() for m in re.finditer(r"(?<![0-9٠-٩])[:：]", text)]
    # "…وكمان عشا ليا وليها: مندي…" after "فعايز كنافتين": a heading inside the order, not a story
    if colon and text[colon[-1] :].strip() and not _wants(text[: colon[-1]].split()):
        return text[colon[-1] :].strip()
    words = text.split()
    told = [i for i, w in enumerate(words) if normalize(w).strip(",،.!") in _STORY]
    if not told:
        return None
    after = range(told[-1] + 1, len(words))
    asking = [i for i in after if _asks(words[i : i + 1]) or normalize(words[i]).strip(",،.!") in _SO]
    return " ".join(words[asking[0] :]) if asking else None


# "…she said the kabsa is a must, so one chicken kabsa for me": the order starts at "so".
_SO = word_set("so")


def _asks(words: list[str]) -> bool:
    return any(_bare(normalize(w).strip(",،.!:")) in _ASKING for w in words)


# "…فعايز كنافتين وام علي، وكمان عشا ليا: مندي…" wants before its colon; "ما ندري شنو نطلب…
# قررنا: مندي…" only tells of ordering (the order follows the colon).
_TELLS_OF_ORDERING = word_set("اطلب نطلب order")


def _wants(words: list[str]) -> bool:
    return any(
        (w := _bare(normalize(word).strip(",،.!:"))) in _ASKING and w not in _TELLS_OF_ORDERING
        for word in words
    )


def starts_with_and(text: str) -> str | None:
    """The rest of a message written "وبطاطس" / "و بطاطس" (the "و" glued on) or Arabizi "w om ali
    wa7de", else None (never "w thalatha minhom …": a count of people, not more)."""
    stripped = text.strip()
    if stripped.startswith("و") and len(stripped) > 2:
        return stripped[1:].lstrip()
    first, _, rest = stripped.partition(" ")
    if first.lower() in ("w", "wa") and rest and number_value(normalize(rest.split()[0])) is None:
        return rest.lstrip()
    return None


# The answer to "أي واحد تقصد؟" by its place in the list, or all of them.
_ORDINALS: dict[str, int] = {
    normalize(w): i
    for i, words in enumerate(
        (
            "اول الاول الاولى الأولى اولى first 1st awal awwal",
            "ثاني الثاني الثانيه ثانيه تاني التاني التانيه تانيه second 2nd tani thani",
            "ثالث الثالث الثالثه ثالثه تالت التالت third 3rd talet",
            "رابع الرابع الرابعه fourth 4th",
        )
    )
    for w in words.split()
}
_LAST = word_set("الاخير الاخيره اخير اخر الأخير last")
_PLACE_FILLERS = word_set("واحد وحده one el the رقم number no ابي ابغى ابغي بدي عايز i want take ill")
_ALL = word_set("الاثنين الاثنتين الثنين ثنينهم كلهم كلها الكل both all tnen etnen")


def chosen_place(text: str, count: int) -> int | Literal["all"] | None:
    """Which of `count` listed items "الثاني" / "the first one" / "الأخير" names (0-based), "all"
    for "الاثنين" / "both", None for anything else."""
    toks = [t for t in normalize(text).split() if t not in _LEAD_FILLERS]
    words = [t for t in toks if t not in _PLACE_FILLERS]
    if not words or len(words) > 2:
        return None
    if all(t in _ALL for t in words):
        return "all"
    if all(t in _LAST for t in words):
        return count - 1
    places = {_ORDINALS[t] for t in words if t in _ORDINALS}
    if len(places) == 1 and all(t in _ORDINALS for t in words):
        place = places.pop()
        return place if place < count else None
    return None


# The answer to "للتأكيد اكتب نعم" in more words than a bare yes ("منيح، اي أكّد", "ok cool, yes",
# "tamam na3am", "هيك تمام، نعم"): a yes word, and no word of no.
_YES = word_set(
    "نعم ايوه ايوا ايه اي اكيد اكد اكده ثبت ثبته اعتمد تمام اوكي اوك موافق ماشي صح يب يس "
    "yes yeah yep yup ok okay sure confirm confirmed correct na3am naam aywa aiwa aywah tamam tmam "
    "akeed akked akkid akid ee eh 👍 ✅ 👌 اه آه يلا yalla done اطلب اطلبه اطلبها ارسله go ahead tmm tmam tamaam "
    "thabbit thabet thabbet sabbet sabbit zain zein 3temed e3temed a3temed cool "
    # "right like that", "fine": Levantine, Egyptian and Gulf words of agreement, and "go on with it"
    "مظبوط مزبوط mazboot mazbout mazbut perfect mashi mashy maashi توكلوا توكل اتوكلوا اتوكلو "
    # "سجله باسمي": book it (under my name)
    "سجله سجلوه سجلها سجلوها "
    # "نزّله", "اطلبوه": put it through (Egyptian), order it (plural)
    "نزله نزلوه نزلها نزلوها اطلبوه اطلبوها اطلبو "
    # "send it": the order sent on ("ابعتوه", "ارسلوه", never "send me the menu")
    "ابعته ابعتوه ابعتيه ارسلوه ارسليه ابعتها ابعتوها ib3atolna ib3atoulna ib3atuh ib3atoh ib3atouh ba3tolna "
    # Levantine "good" in Latin letters ("hek mnee7")
    "mnee7 mni7 mneeh "
    # Gulf "send it" ("طرشوه بعد الصلاه") and "move it on" ("مشوه", "مشي الطلب")
    "طرشوه طرشه طرشوها طرشها طرشو مشوه مشيه مشوها مشيها دزوه دزوها دزه دزها"
)
# "زين ارسل": "send", said last, of the order (never before what to send: "ارسل المنيو").
_SEND_LAST = word_set("ارسل ارسلو ارسلوا ابعت ابعتو ابعتوا send")
# "cool, send it", "send it over", "lock it in", "sounds right": the English verb with the order as its
# object, or the summary agreed with.
_SEND_IT = (
    ("send", "it"),
    ("lock", "it"),
    ("book", "it"),
    ("sounds", "good"),
    ("sounds", "right"),
    ("looks", "good"),
    ("looks", "right"),
    ("spot", "on"),
    # "كمل الطلب": go on with the order
    ("كمل", "الطلب"),
    ("كملوا", "الطلب"),
    ("كملو", "الطلب"),
    ("مشي", "الطلب"),
    ("مشوا", "الطلب"),
)
# "مشّ الطلب" (Gulf: move the order on): the doubled ش makes it a verb, never the Egyptian "not" (مش).
# "ابعت الاوردر", "سجل الطلب", "اعتمد الطلب": a verb of sending or booking with the order as its object.
_ORDER_WORDS = word_set("الطلب الاوردر الطلبيه الطلبين طلبي الاوردرين")
_ORDER_VERBS = word_set(
    "ابعت ابعتو ابعتوا ارسل ارسلو ارسلوا سجل سجلو سجلوا اعتمد اعتمدو اعتمدوا اكد اكدو اكدوا اكدلي ثبت ثبتو "
    "ثبتوا نزل نزلو نزلوا مشي مشو مشوا كمل كملو كملوا"
)
# "زي ما قلت", "مثل ما طلبت", "as I said": "ما" after "like" is "what", no "no".
_LIKE = word_set("زي زى مثل متل حسب كيف")
# "ولا تنسون …", "don't forget …", "لا يتأخر", "لا تتأخروا علينا": a reminder, not a "no"
_FORGET_STEMS = ("تنس", "tins", "tens", "forget", "يتاخر", "تتاخر", "تاخر")
# "ما نقص شي", "مش ناقص حاجة": nothing missing, no "no".
_MISSING = word_set("نقص ناقص ناقصه ينقص ناقصها ناقصنا")
_MOVE_IT_ON = re.compile(r"مشّ(?=\s|$|[،,.!])")
# "قبل لا يأذن" (before the call to prayer): "لا" after "before" is no "no".
_BEFORE = word_set("قبل")
# "ok place the order please": the order placed, said last ("place it" alone is left out: it is said of
# where a thing goes as often as of the order).
_PLACE_IT = (("place", "the", "order"), ("confirm", "the", "order"), ("put", "it", "through"))
_AFTER_PLACE_IT = word_set("please pls plz now thanks thx for me us")
_NO = word_set("لا لأ no nope not cancel الغاء الغي مو مش ما بلاش مابي wait استنى لحظه")


def confirms(text: str) -> bool:
    """A yes to the final summary said with a few more words; never one with a no or a question."""
    if is_asked(text):
        return False
    toks = [t.strip(",،.!") for t in normalize(_MOVE_IT_ON.sub("مشوه", text)).split()]
    toks = [
        t
        for k, t in enumerate(toks)
        if t
        and not (k and toks[k - 1] in _BEFORE | _LIKE and t in _NO)
        and not (t in _NO and k + 1 < len(toks) and toks[k + 1] in _MISSING)
        # "ولا تنسون موضوع الجرس", "la tinsoon bidoon basal", "don't forget the note": a reminder, no "no"
        and not (t in _NO and k + 1 < len(toks) and toks[k + 1].startswith(_FORGET_STEMS))
    ]
    # "…، اتوكلوا على الله وابعتوه": a yes verb glued to "و"
    toks = [t[1:] if t.startswith("و") and t[1:] in _YES else t for t in toks]
    # "ثبتو", "ثبتوها", "اكدوه", "اعتمدوه": the verb of confirming with its endings
    yes = any(t in _YES or t.startswith(_CONFIRMING) for t in toks) or any(
        pair in _SEND_IT for pair in zip(toks, toks[1:], strict=False)
    )
    yes = yes or (len(toks) > 1 and toks[-1] in _SEND_LAST)
    placed = any(
        tuple(toks[k : k + len(p)]) == p and all(t in _AFTER_PLACE_IT for t in toks[k + len(p) :])
        for p in _PLACE_IT
        for k in range(len(toks))
    )
    yes = yes or placed
    # a verb with the order as its object ("lock it in for me") carries a longer message than a word
    # (or a yes that opens it and another further on: "ايوه كده حلو، ابعتوه بسرعة قبل ما توصل اختي")
    sent = any(a in _ORDER_VERBS and b in _ORDER_WORDS for a, b in zip(toks, toks[1:], strict=False))
    yes = yes or sent
    # "…، دزوه ولا تنسون موضوع الجرس": a reminder after the yes carries the words it takes
    reminded = any(
        t in _NO | {"ولا"} and nxt.startswith(_FORGET_STEMS) for t, nxt in zip(toks, toks[1:], strict=False)
    )
    strong = (
        placed
        or sent
        or reminded
        or any(pair in _SEND_IT for pair in zip(toks, toks[1:], strict=False))
        or (bool(toks) and toks[0] in _YES and sum(t in _YES for t in toks) >= 2)
    )
    return 0 < len(toks) <= (12 if strong else 7) and yes and not any(t in _NO for t in toks)


_CONFIRMING = tuple(
    normalize(stem)
    for stem in (
        *("ثبت", "اكد", "اعتمد", "confirm", "akked", "akkid", "thabbet", "thabbit"),  # "akkedly"
        *("e3tem", "e3tim", "a3tem", "3tem", "i3tem"),  # Arabizi "e3timed", "3temed": اعتمد
    )
)
# "دزوه", "ابعتوه", "send it", "go ahead": sending the order off is as firm as confirming it.
_SENDING = word_set("دزوه دزوها دزه دزها ابعتوه ابعتوها ابعته ارسلوه ارسلوها ارسله سجلوه سجله نزلوه نزله")
_GO_AHEAD = (*_SEND_IT, ("go", "ahead"))


def confirms_firmly(text: str) -> bool:
    """A yes with a verb of confirming or of sending the order in it ("ايه هذا هو مع الكنافة، اعتمد
    الطلب"): firm enough to stand beside the order's own dishes named back; a bare "اطلب" with dishes
    is the order said again, never a yes."""
    if not confirms(text):
        return False
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    pairs = list(zip(toks, toks[1:], strict=False))
    return (
        any(t.startswith(_CONFIRMING) or t in _SENDING for t in toks)
        or any(a in _ORDER_VERBS and b in _ORDER_WORDS for a, b in pairs)
        or any(pair in _GO_AHEAD for pair in pairs)
    )


def confirms_among_words(text: str) -> bool:
    """ "ايه صح كذا، الله يبارك فيكم ويكتب اجركم", "Her name is Huda if the cashier asks. Yes please
    confirm": one part of the message is a yes, and no part a no or a question (the caller checks
    that no dish is named)."""
    if is_asked(text):
        return False
    parts = [p for p in re.split(r"[،,.!؛;\n]+", text) if p.strip()]
    if len(parts) < 2 or not any(confirms(p) for p in parts) or any(read_edit(p) for p in parts):
        return False  # "تمام، بس شيل البيبسي" is a change
    return not any(t.strip(",،.!") in _NO for t in normalize(text).split())


# Words that ask for food ("عطني", "then 2 om ali please"): a message with them and a dish is an
# order, even after a word of disappointment ("خسارة 😕 طيب عطني كنافة"); not a complaint.
_ASKING = word_set(
    "عطني عطوني عطنا اعطني ابي ابغى ابغا بدي عايز عاوز اطلب نطلب ابا want like give get have "
    "then please pls abi abgha bdi 3ayez order طلب طلبيه اوردر "  # "سو طلب ثاني …: شاورما لحم ثلاث"
    "bade badde baddi bidi biddi 3ayz 3awez 3awz abghi abghaa abgha abiy talab talabiye otlob "
    "3tini 3teeni a3tini e3tini 3atini jibli jeebli hatli"
)
_TIME_UNITS = word_set(
    "دقيقه دقايق دقائق دقيقة ساعه ساعات ساعة ثانيه min mins minute minutes hour hours hr hrs d2i2a d2aye2 sa3a"
)
_COMPLAINING = word_set(
    "اشتكي شكوى complain complaint كان كانت وصل وصلني was were arrived stars star نجوم نجمه نجمات out "
    "انتظرت استنيت انتظرنا استنينا waited "
    "kan kanet kanit wesel wasal weslet wesli"
)


_INSTEAD = word_set(
    "بدل بدال بداله بدالها بدالهم بداله بدلها بدله instead badal bdal badalha bdalon badalon badalhon badalo"
)

_JUST = word_set("بس فقط only just bas bass")


def keeps_only(text: str) -> bool:
    """ "طيب خلص بلا بوظة، بس البرجر", "ok just the burger then": only what it names, no count."""
    return says_just(text) and not any(number_value(t) is not None for t in normalize(text).split())


def says_just(text: str) -> bool:
    """ "just", "بس", "only" in a message that adds nothing ("just a burger too" adds one)."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    return any(t in _JUST for t in toks) and not any(t in _MORE for t in toks)


_MORE = word_set("too also كمان وكمان زيد زيدو زيدوا ضيف add another plus kaman w kaman zeed")


def says_i_mean(text: str) -> bool:
    """ "قصدي شاي ٣ مش ٢", "I mean 3 teas": a count said again to put right the one before."""
    toks = [t.strip(",،.!") for t in normalize(text).split()][:3]
    return any(t in _I_MEAN for t in toks) or "i mean" in " ".join(toks) or "i meant" in " ".join(toks)


_I_MEAN = word_set(I_MEANT)


def says_instead(text: str) -> bool:
    """ "طيب بدل الفتة حمص عادي": a dish asked for in place of one (the one we do not have)."""
    return any(t.strip(",،.!") in _INSTEAD for t in normalize(text).split())


def _a_count(token: str) -> bool:
    """A count in digits, glued to "و" or written "x2" too ("و٢ بيبسي", "burger x2", "2x")."""
    bare = token[1:] if token.startswith("و") else token
    return bare.isdigit() or bool(re.fullmatch(r"[x×]\d+|\d+[x×]", bare))


def asks_for_food(text: str) -> bool:
    """ "طيب عطني كنافة وقهوة", "aw ok then 2 om ali please", "great, 1 lamb mandi…": asking for
    something (the caller checks that a dish is named), not telling how it was."""
    words = normalize(text).split()
    toks = set(words)
    # "great, 1 lamb mandi and 2 pepsi delivered to…": a count in digits is an order's ("10/10" is a
    # rating, "٤٠ دقيقه" a wait)
    counted = any(
        _a_count(t.strip(",،.!")) and (k + 1 == len(words) or words[k + 1].strip(",،.!") not in _TIME_UNITS)
        for k, t in enumerate(words)
    )
    counted = counted and parse_rating(text) is None  # "5 3ala 5" rates
    # "برجر عادي واحد", "كبسة ثنتين": a short message ending on a count word (not "رقم واحد")
    last = [w.strip(",،.!") for w in words[-2:]]
    counted = counted or (
        2 <= len(words) <= 4
        and number_value(last[-1]) is not None
        and last[0] not in _NUMBER_WORD
        and parse_rating(text) is None  # "الكبسة ١٠/١٠" rates
    )
    return bool(toks & _ASKING or counted) and not toks & _COMPLAINING


_NUMBER_WORD = word_set("رقم number no nr raqam ra2am")


_TAKE = word_set(
    "ابيه ابيها ابغاه ابغاها بديه بديها عايزه عايزها اخذه اخذها ضيفه ضيفها اضيفه اضفه take it "
    "add ابي ابغى بدي عايز طيب اوكي خلاص please pls i ill want حبه واحد وحده great perfect cool "
    "nice lovely ممتاز حلو زين"
)


def takes_it(text: str) -> int | None:
    """How many of the item our reply offered ("تبغى أضيفه لطلبك؟") the answer takes: "ايوه",
    "طيب ابي واحد", "ابغى ٢", "add it" (1 unless a count is said); None when it is no taking."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    toks = [t for t in toks if t]
    counts = [n for n in (number_value(t) for t in toks) if n is not None]
    if not toks or len(toks) > 6 or any(t in _NO for t in toks) or is_asked(text):
        return None
    if confirms(text) or all(t in _TAKE or t in _YES or number_value(t) is not None for t in toks):
        return min(counts[0], 100) if len(counts) == 1 and counts[0] > 0 else 1
    return None


# "الاتنين متبل وحمص", "both": the ones named, not a count of two.
BOTH = word_set("الاتنين الاثنين الثنين الاثنتين both el thnein thnein etnen")
_EACH = word_set("each both all كل كلهم كلها الاثنين الثنين الاتنين الاثنتين ثنينهم etnen kol kolhom")


def takes_all(text: str) -> bool:
    """ "kollohom frakh", "خليهم كلهم دجاج", "all chicken": every one of them."""
    return any(
        t.strip(",،.!") in _EACH or t.startswith(("كله", "kolo", "kollo")) for t in normalize(text).split()
    )


# "make them beef", "خليهم فراخ": the dish's lines as a whole (no count said).
_THEM = word_set(
    "them خليهم خلهم خليهن خلهن رجعهم رجعهن غيرهم غيرهن بدلهم 5alihom khalihom 5allihom khallihom 5alehom "
    "5aleehom khaleehom"
)


_ANOTHER = word_set("ثاني ثانيه تاني تانيه غيره another more extra كمان زياده")


def one_more(text: str) -> int | None:
    """ "زيد واحد ثاني", "add another one", "كمان اثنين": how many more of the dish just talked
    about, when the words name none; None when they do not say more."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    if not any(t in _ANOTHER for t in toks):
        return None
    counts = [n for n in (number_value(t) for t in toks) if n is not None and 0 < n <= 100]
    return counts[0] if len(counts) == 1 else 1


def says_them(text: str) -> bool:
    """ "make them beef", "خليهم فراخ": all of the dish, when no count is said."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    return any(t in _THEM for t in toks) and not any(number_value(t) is not None for t in toks)


_REST = word_set(
    "الباقي والباقي الباقيين والباقيين الباقين والباقين البقيه والبقيه rest others ba2i elba2i ba2y elba2y baqi"
)


def the_rest_is(text: str) -> str | None:
    """ "واحد بس دبل والباقي عادي", "one double and the rest plain": the words after "the rest"."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if normalize(w).strip(",،.!") in _REST), None)
    return " ".join(words[at + 1 :]) or None if at is not None else None


def takes_each(text: str) -> int | None:
    """How many of each of several items priced the answer takes: "one of each please", "2 of
    each", "ابي واحد من كل واحد", "الاثنين" (1 unless a count is said); None otherwise."""
    if is_asked(text):
        return None
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    if not any(t in _EACH for t in toks) or any(t in _NO for t in toks):
        return None
    counts = [n for n in (number_value(t) for t in toks) if n is not None]
    return min(counts[0], 100) if len(counts) == 1 and counts[0] > 0 else 1


_POINTED = word_set("those these them that it each both كل")
_OF = word_set("of من")
_OF_IT = word_set("منه منها منهم منهن")


def takes_offer_beside(text: str, *, several: bool) -> int | None:
    """How many of what our reply priced a message takes beside dishes it names: "I'll take 2 of
    those plus 2 orange juices", "عطني واحد من كل واحد مع ٣ شاورما لحم" (several priced: only "each"
    takes them all); None when it points at nothing."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    for i, tok in enumerate(toks):
        after = toks[i + 1] if i + 1 < len(toks) else ""
        if tok in _OF and after in _POINTED and (not several or after in _EACH):
            before = number_value(toks[i - 1]) if i else None
        elif tok in _OF_IT and i and not several:
            before = number_value(toks[i - 1])
            if before is None:
                continue
        else:
            continue
        return min(before, 100) if before is not None and before > 0 else 1
    return None


def some_of_them(text: str) -> int | None:
    """ "switch one of the om alis to a kunafa", "وحدة منهم خلها كنافة": how many of a line a change
    is about (the rest of the line stays); None when it is about the whole line."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    for i, tok in enumerate(toks[:-1]):
        count = number_value(tok)
        if count is None or tok in BOTH or count < 1:
            continue
        after = toks[i + 1]
        if after in _OF or after in _OF_IT:
            return count
    return None


# "اتنين شاورما لحمة لا استنى خليهم فراخ", "وواحد برجر عادي لا لا خله دجاج", "no wait, make it…":
# a customer correcting themselves inside one message (a voice note typed out).
_SELF_CORRECTION = re.compile(
    r"(?:^|(?<=\s))(?:(?:لا|لأ|لاء|la2|la|no)[,،]?\s+(?:لا|لأ|la2|la|no|استنى|استنا|استني|لحظه|لحظة|wait|اقول|أقول|sorry)"
    r"|ولا بلاش|لا بلاش|no wait|wait no|actually no)(?=[\s,،.!]|$)[,،.!]?",
    re.IGNORECASE,
)


def self_corrections(text: str) -> list[str]:
    """The message cut where the customer corrects themselves ("… لا استنى …"): the order first,
    then each correction; [] when it corrects nothing. (The caller plays each correction as a change
    only when it says one: "لا لا ثلاث كبسة" is a count the parser reads itself.)"""
    parts = [p.strip(" ,،.") for p in _SELF_CORRECTION.split(text)]
    parts = [p for p in parts if p]
    return parts if len(parts) >= 2 else []


def before_the_change(text: str) -> str:
    """ "المتبل خليها حمص": the words said before the verb of change ("" when it comes first)."""
    return " ".join(around_the_change(text)[0])


def around_the_change(text: str) -> tuple[list[str], list[str]]:
    """The words before and after the first verb of change ("make the pepsi a water")."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if normalize(w).strip(",،.!") in _SET | _CHANGE_TO), None)
    return (words[:at], words[at + 1 :]) if at is not None else ([], words)


def joined(words: list[str]) -> bool:
    """Whether a part starts with "and" / a glued "و" ("make it 2 burgers and a pepsi")."""
    first = normalize(words[0]).strip(",،.!") if words else ""
    return first in _AND or first.startswith("و") and len(first) > 2


_SAME_PLACE = phrase_set(
    "نفس العنوان|نفس المكان|ع نفس العنوان|same address|same place|nafs el 3enwan|nafs al 3enwan|nafs el3nwan"
)


def same_place(text: str) -> bool:
    """ "سو طلب ثاني على نفس العنوان", "same address as before": delivered where the last one went."""
    low = normalize(text)
    return any(p in low for p in _SAME_PLACE)


# "…خليهن اربعة لأنو اجا ابن عمي وكمان بطاطا…": where a correction ends and the order goes on.
_GOES_ON = word_set("كمان معها معه معهم معاها معاه معاهم also plus with")


def counts_only(change: str) -> bool:
    """ "خلها ثلاثة", "no wait three teas", "خليهن اربعة دجاج وواحدة لحمة": a correction with a count,
    which the parser reads itself in the order; not one that makes all of them a kind ("خله هو بعد
    دجاج يعني ثلاث برجر دجاج كلها") or names no count ("خليهم فراخ")."""
    counted = any(
        number_value(t.strip(",،.!")) is not None and t not in BOTH for t in normalize(change).split()
    )
    return counted and not takes_all(change)


def change_and_rest(part: str) -> tuple[str, str]:
    """A correction said inside an order, and the order that goes on after it ("وكمان …", "وعايز
    …", "and also …"): (the correction, the rest, "" when none)."""
    words = part.split()
    for i in range(1, len(words)):
        tok = normalize(words[i]).strip(",،.!")
        prev = normalize(words[i - 1]).strip(",،.!")
        glued = tok[1:] if tok.startswith("و") and len(tok) > 2 else ""
        counted = number_value(tok) is not None or tok in ("a", "an") or number_value(glued) is not None
        if (
            glued in _GOES_ON
            or _bare(tok) in _ASKING
            and glued
            or prev in _AND
            and tok in _GOES_ON | _ASKING
            or (prev in _AND or glued)
            and counted  # "… and a fries and two pepsis", "وثلاث بطاطس"
        ):
            at = i - 1 if prev in _AND and not glued else i
            return " ".join(words[:at]), " ".join(words[at:])
    return part, ""


_CHEAPER = word_set("ارخص الارخص أرخص الأرخص cheaper cheapest arkhas ar5as ارخصهم")
_DEARER = word_set("اغلى الاغلى أغلى الأغلى dearer pricier aghla")


def by_price(text: str) -> str | None:
    """ "خلاص الأرخص", "two of whichever is cheaper": "min"; "الأغلى": "max"; else None."""
    toks = {t.strip(",،.!?؟") for t in normalize(text).split()}
    if toks & _CHEAPER:
        return "min"
    return "max" if toks & _DEARER else None


_TIME = word_set(
    "وقت ياخذ ياخد بياخد ياخذون تاخذ تاخد بتاخد يطول بيطول دقيقه دقايق ساعه متى امتى ايمتى when long "
    "byakhod bya5od yakhod ya5od ta5od wa2t wa2et emta meta"
)


_HOLD_OFF = PhraseMatcher(
    (normalize(phrase), "hold")
    for phrase in (
        "hold off|hold on|get back to you|let me check|let me think|i'll confirm later|confirm later|"
        "give me a minute|give me a moment|not yet|wait a bit|one sec|one moment|"
        "خليني اشوف|خليني افكر|خلني اشوف|خلني افكر|برجع لك|برجعلك|برد عليك|ارد عليك|ارجعلك|بأكد بعدين|"
        "باكد بعدين|بكلمكم بعدين|لحظه اشوف|استنى شوي|استنوا شوي|مو الحين|مش دلوقتي|مش هلق|لسه مش متأكد|"
        "khalini shof|5alini shoof|barja3lak|bard 3alek|mesh dilwa2ti|ba3den"
    ).split("|")
)


_NOTE = PhraseMatcher(
    (normalize(phrase), "note")
    for phrase in (
        # the last order, remembered ("المره اللي فاتت البطاطس وصلت بارده")
        "المره اللي فاتت|المره الماضيه|المره اللي طافت|المره السابقه|اخر مره|last time|the previous order|"
        "el mara elli fatat|el mara el madye|akher mara|"
        # this time ("هالمره تكون حاره", "المرادي يوصل سخن", "make sure they're hot this time")
        "هالمره|المرادي|this time|hal mara|hal marra|el maradi|"
        # a note said as one ("ملاحظه:", "note:")
        "ملاحظه|note|please note|make sure|تاكدوا|تأكدوا|لا تنسون|لا تنسوا|dont forget|don't forget"
    ).split("|")
)


def says_a_note(text: str) -> bool:
    """ "ملاحظه: المره اللي فاتت البطاطس وصلت بارده، هالمره تكون حاره", "last time the fries were
    cold, please make sure they're hot this time": something for the kitchen, not a change; the
    caller checks it names no dish the order lacks and no count."""
    toks = [t.strip(",،.!:؛") for t in normalize(text).split()]
    counted = any(number_value(t) is not None and t not in _ONE_WORDS for t in toks)
    return not counted and any(True for _ in _NOTE.finditer(toks))


_ONE_WORDS = word_set("a an one")

# What goes in the bag beside the food: cutlery, napkins, sauces in sachets ("وحطو ملاعق وصحون
# بلاستيك", "add cutlery and extra napkins", "and ketchup"). A menu that sells one of them has it
# parsed as its dish first.
_EXTRAS = word_set(
    "ملاعق ملعقه ملاعيق شوك شوكه سكاكين سكين صحون بلاستيك كاسات اكواب مناديل منديل كلينكس مصاصات مصاصه "
    "كاتشب كتشب كاتشاب مايونيز مايونيزه خردل صوصات cutlery spoons spoon forks fork knives knife plates "
    "cups napkins napkin tissues tissue straws straw ketchup mayo mayonnaise mustard sachets mala3e2 ma3ale2 "
    "manadeel mnadil ketchap"
)


def asks_for_extras(text: str) -> bool:
    """ "وحطو ملاعق وصحون بلاستيك", "add cutlery and extra napkins pls", "and ketchup": things for the
    bag, not dishes; a note on the order (the caller checks no other dish is named)."""
    toks = [t.strip(",،.!?؟") for t in normalize(text).split()]
    bare = {t[1:] if t.startswith("و") and len(t) > 3 else t for t in toks}
    return bool(bare & _EXTRAS) and len(toks) <= 12


_FORGET = word_set("انسى انساه انسيه انسوه انسي forget nevermind insa ensa insah ensah")
_FORGET_WITH = word_set(
    "لا لأ خلص خلاص طيب اوكي خلاص بلاش ok okay no nah la la2 5alas khalas khalass it about that mind never the "
    "order طلب الطلب الموضوع sorry اسف معليش معلش ma3lesh actually wait hmm oh ah"
)


def drops_it(text: str) -> bool:
    """ "لا خلص انسى", "actually forget it", "never mind", "la 5alas insa": the order being put
    together is dropped (nothing in it named: "انسى البيبسي" takes the pepsi off)."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    toks = [t for t in toks if t]
    forget = any(t in _FORGET for t in toks) or "never mind" in " ".join(toks)
    return forget and 0 < len(toks) <= 6 and all(t in _FORGET or t in _FORGET_WITH for t in toks)


def holds_off(text: str) -> bool:
    """ "Actually hold off, I need to double-check with my manager first", "خليني اشوف وارجعلك": the
    order is not confirmed now, and not cancelled: it waits."""
    return any(True for _ in _HOLD_OFF.finditer([t.strip(",،.!?؟") for t in normalize(text).split()]))


def asks_how_long(text: str) -> bool:
    """ "howa el tawseel byakhod ad eh?", "التوصيل ياخذ وقت؟": a question of time, not a choice."""
    return is_asked(text) and bool({t.strip("?؟") for t in normalize(text).split()} & _TIME)


_CHANGE = word_set("اغير غير تغيير اعدل عدل تعديل change modify edit ghayer a3adel")


def wants_a_change(text: str) -> bool:
    """ "ابي اغير الطلب", "I want to change my order": a change is coming, not yet said."""
    return any(t in _CHANGE for t in normalize(text).split())


# "each", said with a count ("3 each", "٣ من كل واحد", "لكل واحد اربعة").
_EACH_WORDS = word_set("each كل لكل kol kull lekol lkol")
_EACH_OF = word_set("واحد وحده وحدة صنف wa7ed wa7ad one")


def each_count(text: str) -> int | None:
    """ "خليهن اربعة اربعة", "make it 3 each", "٣ من كل واحد": every line to that count; None when the
    message says no such count."""
    toks = [t.strip(",،.!") for t in normalize(text).split()]
    values = [number_value(t) for t in toks]
    for value, after in zip(values, values[1:], strict=False):
        if value and value == after:
            return value  # "اربعة اربعة": four and four (said of each)
    for k, t in enumerate(toks):
        if t not in _EACH_WORDS:
            continue
        of_each = toks[k + 1 : k + 2] != [] and toks[k + 1] in _EACH_OF  # "كل واحد": the "واحد" no count
        near = [
            v
            for m, v in enumerate(values)
            if abs(m - k) <= 3 and v is not None and not (of_each and m == k + 1)
        ]
        if len(near) == 1 and (t == "each" or of_each):
            return near[0]
    return None


# "بيبسي قصدي", "اقصد متبل", "I meant moutabal": the dish the last message misspelled, put right.
_MEANT = phrase_set("|".join(I_MEANT.split()) + "|i mean")


def means_a_dish(text: str) -> bool:
    """The message (or sentence) says which dish was meant."""
    low = normalize(text)
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", low) for p in _MEANT)


# "نصهم دياي ونصهم لحم", "half chicken half beef": the count asked about, split in two.
HALF_WORDS = word_set("نصهم نصهن نصها نص ونصهم ونصهن ونص half nos nus nosohom nosshom")


def says_halves(text: str) -> bool:
    """Whether the answer splits the count in halves."""
    return sum(t.strip(",،.!") in HALF_WORDS for t in normalize(text).split()) >= 2


# "زيدلي ٣ منو", "add 2 of it": a count of the dish just priced, pointed back to.
_COUNT_OF_IT = re.compile(
    r"(?P<count>\S+)\s+(?:منو|منه|منها|منهم|minno|minnu|menno|minha|of it|of that|of those|of them)(?=\s|$|[،,.!])",
    re.IGNORECASE,
)


def of_it_named(text: str, name: str) -> str:
    """`text` with "N of it" written "N <name>" ("طيب زيدلي ٣ منو" → "طيب زيدلي ٣ عصير برتقال") when a
    count stands before the word pointing back; unchanged otherwise."""

    def named(found: re.Match[str]) -> str:
        count = found["count"]
        return f"{count} {name}" if number_value(normalize(count)) is not None else found[0]

    return _COUNT_OF_IT.sub(named, text, count=1)


# "هبعتلك الطلب دلوقتي", "بعدين بقولك وش ابي", "I'll send my order now": the dishes come next.
_ORDER_TO_COME = phrase_set(
    "هبعتلك الطلب|هبعتلكم الطلب|ببعتلك الطلب|ببعتلكم الطلب|بكتبلك الطلب|هكتبلك الطلب|بكتبلكم الطلب|"
    "بقولك الطلب|هقولك الطلب|بعطيك الطلب|برسلك الطلب|برسل لك الطلب|بقولك وش ابي|بقولك شو بدي|"
    "هقولك عايز ايه|الطلب جاي|i'll send my order|ill send my order|i'll send the order|ill send the order|"
    "sending my order|order coming|bab3atlak el talab|ha ab3atlak el talab|ha2ollak el talab|ba2ollak el talab"
)


def order_to_come(text: str) -> bool:
    """Whether the message says the order comes in what follows, and nothing more to act on."""
    low = normalize(text)
    return any(p in low for p in _ORDER_TO_COME)


# "لا مو برجر عادي، برجر دجاج قلت لك", "that's wrong, I wanted …", "la ghalat": the customer puts the
# summary right by saying the order again.
_PUTS_RIGHT = phrase_set(
    "قلت لك|قلتلك|قلت|غلط|مو كذا|مش كده|مش هيك|i said|i wanted|thats wrong|that's wrong|wrong|ghalat|"
    "not what i said|2olt|olt lak|gelt lak|"
    # "نسيتوا الكنافه! حطوها وحده": a dish the customer thinks the summary left out
    "نسيتها|you forgot|you missed|" + "|".join(YOU_FORGOT.split())
)


def puts_right(text: str) -> bool:
    """Whether the message corrects what the order shows (a "no" first, or "I said", "wrong")."""
    low = normalize(text)
    toks = [t.strip(",،.!") for t in low.split()]
    if any(t in _ADD or t in _MORE for t in toks):
        return False  # "wait forgot my sister, add one chicken kabsa": more, not the order said again
    return bool(toks and toks[0] in _NO_FIRST) or any(p in low for p in _PUTS_RIGHT)


_NO_FIRST = word_set(BARE_NO)
