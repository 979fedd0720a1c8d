"""Who an order is for, part by part: "احنا ٤ بالبيت: ابوي يبي مندي لحم، امي كبسة دجاج، وانا واخوي
كل واحد برجر، وكل واحد بيبسي" is one mandi, one kabsa, two burgers (me and my brother) and four pepsis
(each of the four). Pure text reading; the dialogue parses each part's dishes and multiplies them.
"""

from __future__ import annotations

import re

from crm_res.assistant.normalize import counts_in, normalize, number_value, phrase_set, word_set

# "احنا ٤", "e7na sitta", "7na arba3a", "we are 5", "family of 5", "عيلة من ٦": how many the order is for.
_GROUP = re.compile(
    r"(?:^|\s)(?:احنا|نحن|حنا|نحنا|we are|were|we're|ehna|eحna|iحna|حna|neحna|niحna|nehna|naحna|family of|"
    r"party of|team of|group of|عيله من|عائله من|عيله|عائله)\s+(\S+)"
)
# "لستة اشخاص", "for 20 people": the number of persons said before the word for them.
_PERSONS = re.compile(r"(?:^|\s)(\S+)\s+(?:اشخاص|شخص|persons|people|انفار)(?=\s|$|[،,.!])")
# "ordering for the five of us", "lunch for 4 of us": the group said after its number.
_OF_US = re.compile(r"(?:^|\s)(\S+)\s+of\s+us\b")
_EACH = phrase_set(
    "كل واحد|كل وحده|لكل واحد|لكل وحده|كل واحد فينا|each|every one|everyone|everybody|kol waحed|kol wahed|"
    "kol weحed|kol waحda|la kel waحed|la kol waحed|lkol waحed|kel waحed|kl waحd|kl waحed|kol waحad|"
    "kel waحad|kil waحad|للكل|للجميع|لكل شخص|كل شخص|لكل فرد|each person|per person|for everyone"
)
_ELSE = phrase_set("everyone else|everybody else|the rest|the others|الباقي|الباقيين|الباقين|للباقي|البقيه")
# People a part of the order is for ("انا واخوي", "the 3 kids", "الولاد التلاتة").
_PERSON = word_set(
    "انا انت ابوي ابويا بابا امي ماما امي اخوي اخويا اختي جوزي زوجي زوجتي مرتي مراتي ولدي بنتي ابني "
    "جدي جدتي خالي خالتي عمي عمتي الوالد الوالده صاحبي صديقي مديري "
    "me i dad mom mum father mother brother sister wife husband son daughter grandma grandpa grandmother "
    "grandfather uncle aunt boss friend colleague"
)
_PEOPLE = word_set(
    "عيال العيال ولاد الولاد اولاد الاولاد بنات البنات شباب الشباب اطفال الاطفال ربع الربع اصحاب الاصحاب "
    "رياييل الرياييل رجال الرجال رجاجيل يهال اليهال ياهل الياهل جهال الجهال حريم الحريم نسوان "
    "kids children boys girls guys friends 3yal 3eyal wlad women adults ladies shabab "
    "صحابي اصحابي ربعي s7abi as7abi s7abna "
    # mine and ours ("عيالي الثلاثة", "ولادي", "my kids")
    "عيالي عيالنا ولادي اولادي ولادنا اولادنا بناتي بناتنا اطفالي اطفالنا يهالي "
    # kin in the plural ("اخواني الثلاث", "my three brothers")
    "اخواني اخوتي اخواتي خواتي اخوياي اخوانه brothers sisters cousins colleagues 5wati 5wani"
)


def _stem(token: str) -> str:
    """ "وللياهل" and "يهال" → "هل", "للرياييل" → "رل": a people word without its glue and its long
    vowels, so its spellings meet."""
    for glue in ("ولل", "لل", "وال", "ال", "و", "ل"):
        if token.startswith(glue) and len(token) - len(glue) >= 3:
            token = token[len(glue) :]
            break
    return "".join(c for c in token if c not in "اي") or token


_ONE = word_set("واحد وحده واحده one waحed waحda")


def _named_counts(text: str) -> dict[str, int]:
    """ "احنا ٣ رياييل و ٢ يهال": each people word with its count."""
    toks = [t.strip(",،.!:") for t in normalize(text).split()]
    found: dict[str, int] = {}
    for i, tok in enumerate(toks[:-1]):
        value = number_value(tok.removeprefix("و")) if tok else None
        if value is not None and 1 <= value <= 50 and toks[i + 1] in _PEOPLE:
            found[_stem(toks[i + 1])] = value
    return found


def _people_then_count(text: str) -> int | None:
    """ "عنا ولاد تلاتة، بدي لكل واحد …": people with their count after them, closing a clause."""
    for clause in _PUNCTUATION.split(text):
        said = normalize(clause).split()
        value = number_value(said[-1]) if len(said) > 1 else None
        if value is not None and 1 < value <= 50 and said[-2] in _PEOPLE:
            return value
    return None


_OF_THEM = word_set("منهم منهن minhom menhom")  # and the two words "of them" (`_of_them`)
# Parts: at punctuation, and at an English "and" before words of who ("… for mom and pepsi for everyone
# else"; "me and my brother each a burger and a pepsi" stays one part).
_PUNCTUATION = re.compile(r"[،,:؛;.]")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


# "…برجر لحم مزدوج وللياهل كل واحد برجر دياي": a part starts at "و"/"لل" before a people word.
# "احنا ٥، ٢ مندي لحم والباقي كبسة": and at "والباقي" (the others).
_FOR_PEOPLE = re.compile(r"\s(?=و?لل\S+\s+كل)|\s(?=و?الباقي[نه]?\s)")


def _parts(text: str) -> list[str]:
    out: list[str] = []
    for piece in (p for chunk in _PUNCTUATION.split(text) for p in _FOR_PEOPLE.split(chunk)):
        pieces = _AND.split(piece)
        current = pieces[0]
        for nxt in pieces[1:]:
            if not current.strip():  # ", and each of the 3 kids …": the "and" opens the part
                current = nxt
                continue
            # "a burger for mom and pepsi for everyone else": two parts; "a beef shawarma and fries
            # for everyone": one (what comes before says no one, so "for everyone" is of both)
            if _says_who(nxt) and not _joins_people(nxt) and (_says_who(current) or _for_the_others(nxt)):
                out.append(current)
                current = nxt
            else:
                current = f"{current} and {nxt}"
        out.append(current)
    return [p.strip() for p in out if p.strip()]


def _for_the_others(part: str) -> bool:
    """ "the others chicken kabsa", "pepsi for everyone else": a part for whoever is left."""
    low = normalize(part)
    return any(p in low for p in _ELSE)


def _joins_people(part: str) -> bool:
    """ "… and my brother each…": an "and" between people, not between parts."""
    toks = [t for t in normalize(part).split() if t not in ("my", "his", "her", "our")]
    return bool(toks) and toks[0] in _PERSON


def _says_who(part: str) -> bool:
    low = normalize(part)
    words = [t.strip(",،.!:").removeprefix("و") for t in low.split()]
    toks = set(words)
    of_them = any(_of_them(words[i : i + 2]) for i in range(len(words)))
    return bool(toks & (_PERSON | _PEOPLE | _OF_THEM)) or of_them or any(p in low for p in (*_EACH, *_ELSE))


def _of_them(words: list[str]) -> bool:
    """ "three of them": the people said before; "2 bottles of water" is no one."""
    return words[:2] == ["of", "them"]


def group_size(text: str) -> int | None:
    """ "احنا خمسة": five ("احنا ٣ رياييل و ٢ يهال": five); None when the message says no number of people."""
    named = _named_counts(text)
    if len(named) > 1 and _GROUP.search(normalize(text)):
        return sum(named.values())
    low = normalize(text)
    # "we're a team of 7": the first of the matches that counts people
    found = next(
        (m for m in _GROUP.finditer(low) if (number_value(m.group(1).strip(",،.:")) or 0) > 1),
        _GROUP.search(low),
    )
    found = found or _OF_US.search(low) or _PERSONS.search(low)
    people = number_value(found.group(1).strip(",،.:").removeprefix("ل")) if found else None
    if people is None:
        people = _people_then_count(text)  # "عنا ولاد تلاتة": the one group of people counted
    if people is None and found is not None and found.re is _GROUP:  # "نحنا عيلة من ٦ اشخاص"
        more = _PERSONS.search(low)
        people = number_value(more.group(1)) if more else None
    return people if people is not None and 1 < people <= 50 else None


def per_person(text: str) -> int | None:
    """How many people a message orders one each for ("احنا خمسة وكل واحد يبي…"), else None."""
    low = normalize(text)
    return group_size(text) if any(p in low for p in _EACH) else None


def shares(text: str, party: int | None = None) -> list[tuple[str, int]] | None:
    """The message cut into the parts that say who gets what, each with how many people it is for
    ("وانا واخوي كل واحد برجر": 2); None when no part is for more than one person. `party`: how many
    the order is for when an earlier message said it ("…and pepsi for everyone else")."""
    group = group_size(text) or party
    named = _named_counts(text)
    parts = _parts(text)
    out: list[tuple[str, int]] = []
    given = 0  # people who got their own dish ("ابوي يبي مندي"), for "everyone else"
    for part in parts:
        people = _people(part, group, given, named)
        if people == 1 and _is_someone(part):
            given += 1
        elif group_size(part) is not None:
            given = 0  # "…، so 5 of us.": who gets what is said from here on
        elif people == 1 and not _says_who(part) and (counted := counts_in(part)):
            given += counted[0]  # "2 lamb mandi and the others chicken kabsa": two of them had theirs
        out.append((part, people))
    return out if any(people > 1 for _, people in out) or any(_like_someone(p) for p in parts) else None


# "والعيال الثلاثة كل واحد مثل طلبي", "the kids will have exactly what I'm having", "w el 3eyal zayi":
# a part that orders what the speaker's own part does.
_LIKE_MINE = phrase_set(
    "مثل طلبي|مثلي|زيي|زي طلبي|متلي|متل طلبي|نفس طلبي|نفسي بالضبط|same as me|same as mine|what i'm having|"
    "what im having|what i am having|like me|like mine|zayi|zayy|zaiy|mitli|methli|mithli|nafs talabi"
)
# "وبنتي متل امها", "like her mom": a part that orders what the speaker's wife's part does.
_LIKE_MOM = phrase_set(
    "مثل امها|متل امها|زي امها|زي مامتها|مثل امهم|متل امهم|زي امهم|like her mom|like their mom|like mom|"
    "same as her mom|same as their mom|same as mom|zay omaha|mitl emma|methl omha"
)
# The speaker's own part ("لي انا …", "ليا …", "إلي …", "for me …", "liya …").
_MINE = word_set("انا ليا لي الي me ana liya lia leya ili eli")
_WIFE = word_set(
    "مرتي مراتي زوجتي للمدام المدام ولمرتي ولمراتي لمرتي لمراتي لزوجتي wife mrati mrity marti zawjati"
)


def _like_someone(part: str) -> bool:
    low = normalize(part)
    return any(p in low for p in _LIKE_MINE) or any(p in low for p in _LIKE_MOM)


def whose_order(part: str) -> str | None:
    """ "me" for a part that orders what the speaker's own part does, "wife" for one that orders what the
    wife's part does ("وبنتي متل امها"); None for a part that names its own dishes or no one."""
    low = normalize(part)
    if any(p in low for p in _LIKE_MOM):
        return "wife"
    return "me" if any(p in low for p in _LIKE_MINE) else None


def is_whose(part: str, who: str) -> bool:
    """Whether `part` is the speaker's own ("me") or the wife's ("wife")."""
    toks = {t.strip(",،.!:()").removeprefix("و") for t in normalize(part).split()}
    return bool(toks & (_MINE if who == "me" else _WIFE))


def party_size(text: str) -> int | None:
    """How many people an order message is for: its group, or the people its parts name."""
    found = shares(text)
    named = sum(people for part, people in found if people > 1 or _is_someone(part)) if found else 0
    return group_size(text) or (named if named > 1 else None)


_ME = word_set("انا me ana")
_AND_WITH = word_set("and w wa")


def _me_with(toks: list[str], bare: list[str]) -> int:
    """1 when the speaker joins the group counted after ("وانا واخواني الثلاث", "me and my three
    brothers"); 0 when not ("انا ابي للعيال الثلاث": the three, ordered by me). `bare`: the tokens
    without a glued "و"."""
    return int(
        any(
            t in _ME and k + 1 < len(toks) and (toks[k + 1].startswith("و") or toks[k + 1] in _AND_WITH)
            for k, t in enumerate(bare)
        )
    )


# "the kids (there are 2)", "والعيال (هم ٣)": the number of people said in brackets after them.
_BRACKETED = re.compile(r"\(\s*(?:there\s+are|there're|they\s+are|they're|هم|عددهم)?\s*(\S+)\s*\)")


def _people(part: str, group: int | None, given: int, named: dict[str, int] | None = None) -> int:
    low = normalize(_BRACKETED.sub(r" \1 ", part.lower()))
    toks = [t.strip(",،.!:") for t in low.split()]
    bare = [t[1:] if t.startswith("و") and len(t) > 2 else t for t in toks]
    for tok in toks:  # "وللياهل كل واحد برجر دياي" after "احنا ٣ رياييل و ٢ يهال": the two
        counted = any(number_value(t) is not None and t not in _ONE for t in toks)
        if named and _stem(tok) in named and not counted:
            return named[_stem(tok)]
    for i, tok in enumerate(bare):  # "the 3 kids", "الولاد التلاتة", "thalatha minhom"
        value = number_value(tok) if not tok.startswith("ال") else number_value(tok[2:])
        if value is None or not 1 < value <= 50:
            continue
        if i + 1 < len(bare) and bare[i + 1] in _FOR:
            continue  # "وچاي ٣ حق الشباب": three teas, for the guys; no "three guys"
        near = bare[max(0, i - 2) : i] + bare[i + 1 : i + 3]
        if any(t in _PEOPLE or t in _OF_THEM for t in near) or _of_them(bare[i + 1 : i + 3]):
            return value + _me_with(toks[:i], bare[:i])  # "وانا واخواني الثلاث": the three and me
    each = any(p in low for p in _EACH)
    persons = sum(t in _PERSON for t in bare)
    if each and persons > 1:  # "انا واخوي كل واحد برجر"
        return persons
    if _for_the_others(part) and group:  # "pepsi for everyone else"
        return max(group - given, 1)
    if each and group:  # "وكل واحد بيبسي": each of the group
        return group
    return 1


_FOR = word_set("حق for")


def _is_someone(part: str) -> bool:
    """A part for one named person ("ابوي يبي مندي لحم", "my mom the chicken kabsa")."""
    return any(t.strip(",،.!:").removeprefix("و") in _PERSON for t in normalize(part).split())


# "اسمه فهد", "her name's Huda", "esmo Raju": the name the order is collected under (someone else comes).
_COLLECTOR = re.compile(
    r"(?:^|\s)(?:اسمه|اسمها|باسم|esmo|esmaha|ismo|ismaha|(?:his|her|their) name(?:'s| is))\s+([^\s،,.!]+)",
    re.IGNORECASE,
)


def collector(text: str) -> str | None:
    """The name someone else collects the order under, when the message gives one."""
    found = _COLLECTOR.search(text)
    return found.group(1) if found else None
