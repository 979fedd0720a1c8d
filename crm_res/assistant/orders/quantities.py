"""Quantities: numbers given to the dish before or after them, corrections, counts split
into lines ("٣ برجر، واحد منها بدون بصل"), variants counted out of a dish, header counts."""

from __future__ import annotations

import re

from crm_res.assistant.normalize import normalize, number_value, token_forms
from crm_res.assistant.orders.canonical import canonical_words, single_canonical
from crm_res.assistant.orders.matching import Mention, mention_after, mention_before
from crm_res.assistant.orders.menu_index import MenuIndex
from crm_res.assistant.orders.model import MenuEntry
from crm_res.assistant.orders.tokens import HESITATION, Slot, bare_word, joins_a_count
from crm_res.assistant.orders.vocabulary import (
    AGAIN_WORDS,
    ANOTHER_WORDS,
    ARTICLES,
    BARE_NO,
    BEFORE_ONLY,
    CHANGE_OF_MIND,
    CHANGE_PREFIX,
    CORRECTION_ARTICLE,
    CORRECTION_LEAD,
    CORRECTION_OBJECT,
    CORRECTION_VERBS,
    FORGOT,
    I_MEANT,
    INSTEAD,
    LIKE_WORD,
    OTHER_FOODS,
    PLAIN,
    POINTER_WORDS,
    REMOVE_WORDS,
    SAME_AS,
    SAME_WORD,
    TIMES,
    WITH,
)


def assign_quantities(slots: list[Slot], mentions: list[Mention]) -> set[int]:
    starts = {m.start: m for m in mentions}
    ends = {m.end - 1: m for m in mentions}
    used: set[int] = set()
    trailing = _trailing_counts(slots, starts, ends)
    for j, slot in enumerate(slots):
        if slot.kind != "num":
            continue
        if slot.correction:
            _correct(slots, j, mentions, starts)
            used.add(j)
            continue
        if j + 1 not in starts and _same_phrase_end(slots, j + 1) is not None:
            continue  # "large beef shawarma, one more of the same": one more, read by same_again
        ahead = mention_after(slots, j, starts)
        behind = None if slot.text in BEFORE_ONLY or slot.conj else mention_before(slots, j, ends)
        if slot.conj and not joins_a_count(slot) and _the_dish_right_before(slots, j, ends):
            # "لا الحمص واحد بس": "واحد" / "وحدة" open on their own "و", no "and"; right after a
            # dish said with the article they count it ("وحدة منها بدون بصل" after a dish with
            # no article is one of them, not its count)
            behind = ends[j - 1]
        if behind is not None and j + 1 < len(slots) and slots[j + 1].conj and slots[j + 1].kind != "num":
            ahead = None  # "فلافل 3 وصحن حمص": the "و" after the number opens the next dish
        times_sign = slot.backward or (j > 0 and slots[j - 1].text in TIMES) or j in trailing
        if (
            slot.backward
            and behind is not None
            and behind.qty_slot is not None
            and slots[behind.qty_slot].text in ARTICLES
            and behind.qty_slot in used
        ):
            # "a baalbaki sfiha x3": the "x3" after the dish counts it, not the "a" before it
            behind.quantity = None
            used.discard(behind.qty_slot)
        for target in (behind, ahead) if times_sign else (ahead, behind):
            if target is not None and target.quantity is None:
                target.quantity = slot.value
                target.qty_slot = j
                used.add(j)
                break
    return used


def _the_dish_right_before(slots: list[Slot], j: int, ends: dict[int, Mention]) -> bool:
    """Whether a dish said with the article ("الحمص", "el hummus" is not read so) ends right
    before slot `j`."""
    m = ends.get(j - 1)
    return m is not None and bare_word(slots[m.start]).startswith("ال")


def _trailing_counts(slots: list[Slot], starts: dict[int, Mention], ends: dict[int, Mention]) -> set[int]:
    """Numbers written after their dish in a run with no "و": "فحسة لحم ٢ خبز ملوح ٤ وقهوة".

    The last number of the run can only count the dish before it (nothing it could count
    follows); a number between two dishes whose second dish is followed by such a number is
    read the same way, so the writer's one habit holds through the run.
    """
    out: set[int] = set()
    for j in range(len(slots) - 1, -1, -1):
        slot = slots[j]
        if slot.kind != "num" or slot.conj or slot.correction or slot.text in BEFORE_ONLY:
            continue
        behind = mention_before(slots, j, ends)
        if behind is None:
            continue
        ahead = mention_after(slots, j, starts)
        if ahead is None:  # "… ٤ وقهوة قشر", "… بيبسي ٣": no dish after it could take it
            out.add(j)
        elif ahead.end in out and not _counted_before(slots, behind):
            out.add(j)  # "فحسة لحم ٢ خبز ملوح ٤": the next dish's own count follows it
    return out


def _counted_before(slots: list[Slot], m: Mention) -> bool:
    """Whether a count is written just before the dish ("٢ برجر ٣ …" counts before, not after)."""
    k = m.start - 1
    while k >= 0 and slots[k].kind in ("filler", "modword", "ref"):
        k -= 1
    return k >= 0 and slots[k].kind == "num"


def same_again(slots: list[Slot], mentions: list[Mention], used: set[int]) -> list[Mention]:
    """ "وقهوة مثلجة وواحدة زيها": a number followed by "زيها" / "مثله" / "نفسه" and no dish of
    its own is that many more of the dish named before it, a line of its own."""
    out = list(mentions)
    starts = {m.start for m in mentions}
    for j, slot in enumerate(slots):
        # "and another just like that": "another" with no dish after it counts one more itself
        another = slot.kind == "other" and slot.text in ANOTHER_WORDS
        if (slot.kind != "num" and not another) or j in used or j + 1 >= len(slots) or j + 1 in starts:
            continue
        end = _same_phrase_end(slots, j + 1)
        before = [m for m in out if m.end <= j and not m.replaced and (m.entry is not None or m.candidates)]
        if not before:
            continue
        m = (
            _the_one_its_place_says(slots, j + 1, end, before)
            or _the_many_them_says(slots, j + 1, end, before)
            or before[-1]
        )
        said = j + 1
        called = [x for x in before if x.entry is not None and _a_word_of_its_name(slots[j + 1], x)]
        if end is None and len({x.entry for x in called}) == 1:
            # "and another shake exactly like it" (of a "chocolate milkshake"): a dish ordered
            # before called by a word of its name, or by the end of one, that names no dish here
            m, said, end = called[-1], j + 2, _same_phrase_end(slots, j + 2)
        if end is None:
            continue
        if slot.text == "one" and any(x.end == j and x is not before[0] for x in before):
            # "and another lamb one like the first": "one" stands for the dish just said, which
            # "like the first" names back (matching read it); no one more of the dish before
            for k in range(j, end):
                slots[k] = Slot(slots[k].text, "filler")
            used.add(j)
            continue
        if _like_it_made_another_way(slots, end, m, {x.start: x for x in mentions}):
            continue
        count = 1 if another else slot.value
        last = before[-1]
        if last is not m and last.end == j and last.entry is not None and last.entry == m.entry:
            # "zeedo popcorn wa7ed thaleth mithlhum": the dish its place names, said again right
            # before the count, is that count's line (not a line of one more beside it)
            m = last
        if _named_again_before_the_count(slots, j, m, before):
            # "w zawed vada pav wa7ed kaman zayohom": the dish named again, then "one more like
            # them": that many more of it, the dish said being that line
            m.quantity = count
            used.add(j)
            for k in range(j + 1, end):
                slots[k] = Slot(slots[k].text, "filler")
            continue
        out.insert(out.index(m) + 1, Mention(j, end, m.entry, m.candidates, m.text, quantity=count))
        used.add(j)
        for k in range(said - 1 if said > j + 1 else j + 1, end):
            slots[k] = Slot(slots[k].text, "filler")
        if j and slots[j - 1].text in ANOTHER_WORDS:
            slots[j - 1] = Slot(slots[j - 1].text, "filler")  # "and another one same"
    return out


def _the_one_its_place_says(
    slots: list[Slot], start: int, end: int | None, before: list[Mention]
) -> Mention | None:
    """ "burger 2 w pepsi, w wa7ed talet zayohom": an ordinal in "like them" (the third) says which dish
    it is one more of, the one ordered one fewer times (two), when one dish alone is."""
    if end is None:
        return None
    place = next((_ORDINAL_PLACE[s.text] for s in slots[start:end] if s.text in _ORDINAL_PLACE), None)
    if place is None:
        return None
    fits = [m for m in before if m.entry is not None and (m.quantity or m.implied or 1) == place - 1]
    return fits[-1] if len({m.entry for m in fits}) == 1 else None


#: "Like them" with a plural pronoun ("زيهم", "متلن", "zayohom", "mithlahom"): of a dish ordered as many.
_LIKE_THEM = frozenset(
    normalize(w)
    for w in (
        "زيهم مثلهم متلن نفسهم شبههم zayohom zayhom zayyohom zayohum zayhum mitlohom mitlon metlon "
        "mithlohom mithlahom mithlhom"
    ).split()
)


def _the_many_them_says(
    slots: list[Slot], start: int, end: int | None, before: list[Mention]
) -> Mention | None:
    """ "نودلز تلاتة وزيت فلفل، وزيدوا وحدة تانية متلن": "like them" is of a dish ordered as many,
    not of the one just said once, when one dish alone was ordered as many."""
    if end is None or not any(s.text in _LIKE_THEM for s in slots[start:end]):
        return None
    last = before[-1]
    said_right_before = last.end == start - 1 and not joins_a_count(slots[start - 1])
    if last.entry is None or said_right_before or (last.quantity or last.implied or 1) > 1:
        return None  # (a dish said right before its count: `_named_again_before_the_count`)
    many = [m for m in before if m.entry is not None and (m.quantity or m.implied or 1) > 1]
    if len({m.entry for m in many}) != 1 or many[-1].entry == before[-1].entry:
        return None  # (the dish said again before the count: `_named_again_before_the_count`)
    return many[-1]


def _named_again_before_the_count(slots: list[Slot], j: int, m: Mention, before: list[Mention]) -> bool:
    """Whether dish `m` is said again right before the count of "like them" ("… w vada pav wa7ed
    kaman zayohom"), uncounted, after a line of the same dish: it is the dish of that count. A word
    of "again" may stand between ("ضيفوا تندر حار كمان واحد زيهم")."""
    between = slots[m.end : j]
    # ("واحد" opens on its own "و", no "and": joins_a_count tells them apart)
    if any(s.conj or s.text not in AGAIN_WORDS for s in between) or joins_a_count(slots[j]):
        return False
    if m.quantity is not None:
        return False
    if m.entry is None and m.candidates:
        # "penne arrabbiata 2 …, w kaman penne wa7de metlon": a name several dishes share, said
        # again before "one more like them", is the one of them ordered before
        keys = {c.key for c in m.candidates}
        earlier = {
            x.entry.key: x.entry for x in before if x is not m and x.entry is not None and x.entry.key in keys
        }
        if len(earlier) != 1:
            return False
        m.entry, m.candidates = next(iter(earlier.values())), []
        return True
    return m.entry is not None and any(x is not m and x.entry == m.entry for x in before)


def _a_word_of_its_name(slot: Slot, m: Mention) -> bool:
    """Whether an unread word ("other") is a word the customer said for dish `m`, or the end of
    one ("shake" of "milkshake", "dog" of "hotdog"), three letters at least."""
    word = bare_word(slot)
    if slot.kind != "other" or slot.conj or len(word) < 3:
        return False
    return any(said.endswith(word) for said in m.text.split())


def _canon_of(slot: Slot, word: str) -> str:
    """The slot's canonical word, or the word's own when the slot was read otherwise (a measure)."""
    if slot.canon:
        return slot.canon
    found = single_canonical(word)
    return found[0] if found else ""


def like_it_but_another(
    slots: list[Slot], mentions: list[Mention], used: set[int], index: MenuIndex
) -> list[Mention]:
    """ "صحن شاورما لحم …، وكمان صحن متل هاد بس دجاج", "a shawarma plate …, another plate like that
    but chicken": a dish word (or a count) before "like it", then "but" and a word of another dish's
    name, is the dish before it (the one that word heads) with that word swapped in: the item whose
    name differs from it by that one word ("Chicken Shawarma Plate"), one of it; never a bare
    "chicken" to ask about."""
    if not any(s.text in _BUT for s in slots):
        return mentions  # most orders: no "but" at all
    out = list(mentions)
    taken = {k for m in mentions for k in range(m.start, m.end)}
    for p in range(1, len(slots)):
        end = _same_phrase_end(slots, p)
        if end is None or end + 1 >= len(slots) or slots[end].text not in _BUT:
            continue
        w = slots[end + 1]
        read = next((x for x in out if x.start == end + 1 and x.entry is not None), None)
        head = next((x for x in out if x.end == p and x.entry is None and x.candidates), None)
        if read is not None and head is not None and read.entry in head.candidates:
            head.replaced = True  # "another burger like that but chicken": the chicken burger, read
            continue
        if w.kind != "item" or end + 1 in taken or (end + 2 < len(slots) and slots[end + 2].kind == "item"):
            continue
        # what is said before "like it": a dish word naming which dish ("صحن"), or a count
        h = p - 1
        heads: set[str] = set()
        while h >= 0 and slots[h].kind in ("item", "filler") and h not in taken:
            said = _canon_of(slots[h], bare_word(slots[h]))
            if not said:
                break
            heads.add(said)  # "وكمان صحن متل هاد": the plate (a measure word elsewhere)
            if slots[h].conj:
                break
            h -= 1
        counted = slots[p - 1].kind == "num" and p - 1 not in used
        if head is not None:
            heads = set(_name_words(head, index))  # "another burger like that but chicken"
        if not heads and not counted:
            continue
        before = [
            m
            for m in out
            if m.end <= p
            and not m.replaced
            and m.entry is not None
            and heads <= index.words_of.get(m.entry.key, set())
        ]
        if not before:
            continue
        m = before[-1]
        assert m.entry is not None
        had = index.words_of.get(m.entry.key, frozenset())
        swapped = [
            e
            for e in index.entries
            if e.available
            and e != m.entry
            and w.canon in index.words_of.get(e.key, frozenset())
            and len(index.words_of.get(e.key, frozenset()) ^ had) == 2
        ]
        if len(swapped) != 1:
            continue
        count = slots[p - 1].value if counted else 1
        if head is not None:
            head.replaced = True
        out.insert(out.index(m) + 1, Mention(p, end + 2, swapped[0], [], w.text, quantity=count))
        for k in range(p, end + 2):
            used.add(k)
            slots[k] = Slot(slots[k].text, "filler")
        if counted:
            used.add(p - 1)
    return out


def _like_it_made_another_way(slots: list[Slot], end: int, m: Mention, starts: dict[int, Mention]) -> bool:
    """Whether the dish right after "زيه" is the one before made another way ("وواحد زيه بس
    بالدجاج", "وواحد متله بالعسل": a dish of its own, read by matching), not the next dish. After a
    standalone "and" ("w wa7da zayha w laban") it is the next dish, as "وبيبسي" is; so is a whole
    other dish said right after it ("one more of the same, fattoush too": the comma is gone), and one
    brought by "and with them" ("وحدة متلها، ومعهن كير")."""
    k = end
    while k < len(slots) and slots[k].kind == "stop" and not slots[k].conj:
        k += 1
    if k < len(slots) and slots[k].kind == "conj" and _joins_another_dish(slots[k].text):
        return False
    nxt = starts.get(k)
    if nxt is None or slots[k].conj or (k and _joins_another_dish(slots[k - 1].text)):
        return False
    but = any(slots[i].text in _BUT for i in range(end, k))  # not "extra": "…, extra garlic sauce x3"
    if but or nxt.elliptical or nxt.entry is None or m.entry is None:
        return True  # "بس" / "but" between, or a word that borrows the dish's head
    return bool(set(nxt.words) & set(m.words)) or nxt.entry == m.entry


#: "وواحد زيه بس بالدجاج", "one more like it but spicy": what follows makes it another way.
_BUT = frozenset(normalize(w) for w in "بس but bas bass bs بلكن لكن lakin bass".split())


def _joins_another_dish(word: str) -> bool:
    """ "ومعهن", "ومعاه" (and with them / it): a joining word that brings the next dish along, not
    the "with" of a dish made another way ("وواحد زيه مع دجاج")."""
    return len(word) > 3 and word.startswith("و")


def _same_phrase_end(slots: list[Slot], k: int) -> int | None:
    """The end of "زيه" / "كمان زيه" / "more just like it" / "more of the same" starting at slot k,
    or None: one more of the dish before, said with words of "again" before "like it"."""
    while k < len(slots) and slots[k].text in AGAIN_WORDS | _ORDINAL_WORDS and not slots[k].conj:
        k += 1  # "وزيدوا بلوف ثالث مثله": which one it is, said before "like it"
    if k >= len(slots) or slots[k].conj:
        return None
    if slots[k].text in SAME_AS or slots[k].text in SAME_WORD:
        return k + 1
    if slots[k].text in LIKE_WORD and k + 1 < len(slots) and slots[k + 1].text in POINTER_WORDS:
        return k + 2
    if slots[k].text in LIKE_WORD:  # "just like the first (one)", "زي الاول"
        n = k + 1
        while n < len(slots) and slots[n].text in _THE:
            n += 1
        if n < len(slots) and slots[n].text in _FIRST:
            return n + 2 if n + 1 < len(slots) and slots[n + 1].text in _ONE else n + 1
    return None


_LIKE_OR_SAME = SAME_AS | SAME_WORD | LIKE_WORD
#: Which one it is, said before "like it" ("شاورما ثالثة زيها", "kimbap talet mitlon").
_ORDINAL_WORDS = frozenset(
    normalize(w)
    for w in (
        "ثاني ثانيه تاني تانيه ثالث ثالثه تالت تالته رابع رابعه خامس خامسه tani talet talte thalith thaleth rabi3 rabe3 "
        # the feminine in Gulf and Egyptian Arabizi ("wa7da thalitha mithlaha", "wa7da talta zayohom")
        "thalitha thaltha talta rab3a rabi3a"
    ).split()
)
#: An ordinal's place ("a third like them": the dish there are two of), from the third on; "another"
#: ("tani", "ثاني") says no place.
_ORDINAL_PLACE = {
    normalize(w): place
    for place, words in (
        (3, "ثالث ثالثه تالت تالته talet talte thalith thaleth thalitha thaltha talta"),
        (4, "رابع رابعه rabi3 rabe3 rab3a rabi3a"),
        (5, "خامس خامسه"),
    )
    for w in words.split()
}
#: "the" before "first" ("like the first"); the first / other / previous one said back.
_THE = frozenset(normalize(w) for w in "the el al il".split())
_FIRST = frozenset(normalize(w) for w in "first other previous الاول الاولى الاولاني اللي_قبل".split())
_ONE = frozenset(normalize(w) for w in "one".split())


def head_like_the_one_before(
    slots: list[Slot], mentions: list[Mention], index: MenuIndex | None = None
) -> None:
    """ "وكمان واحد سمك متلو", "and another burger just like the first": a head several dishes share,
    then "like it" / "like the first", names back the one of them ordered before (a line of its own,
    one more of it); the words of "like it" and an "another" before the head are spoken."""
    if not any(s.text in _LIKE_OR_SAME for s in slots):
        return  # most orders: no "like it" at all
    for x in mentions:
        end = _same_phrase_end(slots, x.end) if not x.replaced else None
        if end is None or (x.entry is None and not x.candidates):
            continue
        if end < len(slots) and slots[end].text in _BUT:
            continue  # "another burger like that but chicken": made another way (like_it_but_another)
        if (
            x.entry is not None
            and index is not None
            and frozenset(x.words) not in index.exact
            and not any(m.entry == x.entry for m in mentions if m.end <= x.start)
        ):
            # "cheese hot dog …, one more cheese dog like that": a name said short, read as another
            # dish ("Cheese Corn Dog"), is the one ordered before that shares its words
            shared = [
                m
                for m in mentions
                if m.end <= x.start and m.entry is not None and set(m.words) & set(x.words)
            ]
            if len({m.entry for m in shared}) == 1:
                x.entry = shared[-1].entry
        if x.entry is None:
            keys = {c.key for c in x.candidates}
            earlier = [
                m for m in mentions if m.end <= x.start and m.entry is not None and m.entry.key in keys
            ]
            if len({m.entry.key for m in earlier if m.entry is not None}) != 1:
                continue
            x.entry, x.candidates = earlier[-1].entry, []
            for k in range(x.end, end):
                slots[k] = Slot(slots[k].text, "filler")
        k = x.start - 1
        while k >= 0 and slots[k].kind == "other" and slots[k].text in AGAIN_WORDS | ANOTHER_WORDS:
            slots[k] = Slot(slots[k].text, "filler")  # "w wa7ed thani milkshake zayo"
            k -= 1


def said_in_part_like_it(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> list[Mention]:
    """ "…، وزيدوا وجبة حار ثالثة مثلها", "…، وزيدوا دجاجة ثالثة مثلها": a dish said in part (read
    as another dish, or as nothing: a bare meat), then an ordinal and "like it", is one more of the
    dish ordered before whose name holds all the words said, a line of its own."""
    if not any(s.text in _ORDINAL_WORDS for s in slots):
        return mentions  # most orders: no ordinal at all
    out = list(mentions)
    for p in range(1, len(slots)):
        end = _same_phrase_end(slots, p) if slots[p].text in _ORDINAL_WORDS else None
        if end is None:
            continue
        start = p
        # (a size word of a name, read as a modifier once no name took it: "وزيدوا ربع رابع متلهن")
        while start > 0 and slots[start - 1].kind in ("item", "filler", "modword") and not slots[start].conj:
            start -= 1
        said = {_canon_of(slots[k], bare_word(slots[k])) for k in range(start, p)} - {""}
        if not said:
            continue
        inside = [x for x in out if start <= x.start and x.end <= p and not x.replaced]
        if any(x.start < start < x.end for x in out if not x.replaced):
            continue  # "وزيدوا خيتشوري مع بيض تاني متلو": the run is the end of a dish read whole
        earlier = {
            x.entry.key: x.entry
            for x in out
            if x.end <= start and x.entry is not None and said <= index.words_of.get(x.entry.key, frozenset())
        }
        if len(earlier) != 1:
            continue
        entry = next(iter(earlier.values()))
        if any(x.entry == entry for x in inside):
            continue  # read already ("وزيدو كباب حار تالت متلن")
        for x in inside:
            x.replaced = True
        last = max((n for n, x in enumerate(out) if x.end <= start), default=-1)
        out.insert(last + 1, Mention(start, end, entry, [], slots[start].text, quantity=1))
        for k in range(start, end):
            slots[k] = Slot(slots[k].text, "filler")
    return out


def _correct(slots: list[Slot], j: int, mentions: list[Mention], starts: dict[int, Mention]) -> None:
    """A corrected quantity: of the dish named right after it ("make it 2 cheese pies", which
    then replaces the earlier mention of that dish), else of the last dish before it."""
    ahead = mention_after(slots, j, starts)
    if ahead is not None and ahead.entry is None and ahead.candidates:
        ahead = _the_one_ordered_before(ahead, mentions) or ahead
    if ahead is not None and ahead.entry is not None:
        shorter = _ordered_under_a_longer_name(ahead, mentions, j)
        if shorter is not None:
            # "luqaimat 2 w basbousa bel ashta, la 5aliha etnen basbousa": the short name of a
            # dish ordered before under its whole name corrects that dish, not a new one
            ahead.replaced = True
            ahead = shorter
        ahead.quantity, ahead.qty_slot = slots[j].value, j
        for m in mentions:
            if m is not ahead and m.start < j and m.entry == ahead.entry:
                m.replaced = True
        return
    before = [m for m in mentions if m.end <= j and not m.replaced]
    if not before:
        return
    target = _named_by_a_word_of_it(slots, j, before) or _a_word_of_it_after(slots, j, mentions) or before[-1]
    if target.entry is None and target.candidates and _named_by_correction(slots, target):
        # "لا خلي الراب تلاتة": a head several dishes share names back the one ordered before
        keys = {c.key for c in target.candidates}
        earlier = [m for m in before[:-1] if m.entry is not None and m.entry.key in keys]
        if len({m.entry.key for m in earlier if m.entry is not None}) > 1:
            # "عسل سمر … وملعقة عسل خشب، لا خل العسل واحد": of the dishes ordered that hold the
            # word, the one whose name opens with it (the dipper is no honey)
            earlier = [m for m in earlier if m.words and m.words[0] in target.words]
        if len({m.entry.key for m in earlier if m.entry is not None}) == 1:  # else still a question
            target.replaced = True
            target = earlier[-1]
    if target.entry is not None and _named_by_correction(slots, target):
        # "كتفو مطبوخ …، لا خلي الكتفو تنين": a name that is a dish of its own, not ordered, but
        # the start of one ordered, names that one back
        longer = _ordered_under_a_longer_name(target, mentions, target.start)
        if longer is not None:
            target.replaced = True
            target = longer
    target.quantity, target.qty_slot = slots[j].value, j
    if target.entry is not None and _named_by_correction(slots, target):
        # "make the greek salads three": the dish named again replaces its earlier mention
        for m in mentions:
            if m is not target and m.start < target.start and m.entry == target.entry:
                m.replaced = True


def _ordered_under_a_longer_name(ahead: Mention, mentions: list[Mention], j: int) -> Mention | None:
    """The one dish ordered before the correction at `j` whose name holds every word of the dish
    named after it (a dish of its own, not ordered before): "basbousa" of "basbousa bel ashta"."""
    before = [m for m in mentions if m.end <= j and not m.replaced and m.entry is not None]
    if any(m.entry == ahead.entry for m in before):
        return None
    said = set(ahead.words)
    longer = [m for m in before if said < set(m.words)]
    if len({m.entry for m in longer}) != 1:
        return None
    return longer[-1]


def _named_by_a_word_of_it(slots: list[Slot], j: int, before: list[Mention]) -> Mention | None:
    """ "honey garlic chicken x2 and a peach iced tea, actually make the chicken 3": a word of a
    dish's name said between the correction verb and its count, that names no dish by itself,
    names back the last dish ordered whose words hold it; those words are then spoken, no dish."""
    taken = {k for m in before for k in range(m.start, m.end)}
    k = j
    # (a measure word of a name, "الوجبة" of "وجبة بروستد", is read back as a filler once no name took
    # it; a size word, "الربع" of "ربع دجاج بروستد", as a modifier word)
    while (
        k > 0
        and slots[k - 1].kind in ("item", "filler", "modword")
        and not slots[k - 1].conj
        and k - 1 not in taken
    ):
        k -= 1
    said = {slots[n].canon for n in range(k, j) if slots[n].kind == "item"}
    measures = [
        # with the canonical word of each form: "الصحون" (the plates) is the "صحن" of a name
        token_forms(bare_word(slots[n])) | {_canon_of(slots[n], f) for f in token_forms(bare_word(slots[n]))}
        for n in range(k, j)
        if slots[n].kind in ("filler", "modword")
    ]
    if not (said or measures) or k == 0:
        return None
    verb = k - 1 if slots[k - 1].text not in CORRECTION_ARTICLE else k - 2
    if verb < 0 or (
        slots[verb].text not in CORRECTION_VERBS and bare_word(slots[verb]) not in CORRECTION_VERBS
    ):
        return None
    named = [
        m
        for m in before
        if m.entry is not None and said <= set(m.words) and all(forms & set(m.words) for forms in measures)
    ]
    if not named:
        return None
    for n in range(k, j):
        slots[n].kind = "stop"
    return named[-1]


def _a_word_of_it_after(slots: list[Slot], j: int, mentions: list[Mention]) -> Mention | None:
    """ "falafel wrap and a pepsi, actually make it 2 wraps", "… make it 2 plates": a word of a
    dish's name right after the corrected count, naming no dish by itself, names back the one
    dish ordered before whose words hold it; that word is then spoken, no dish."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    k = j + 1
    said: set[str] = set()
    # (a measure word of a name, "plates", is read back as a filler once no name took it)
    while k < len(slots) and slots[k].kind in ("item", "filler") and not slots[k].conj and k not in taken:
        said.update([slots[k].canon] if slots[k].canon else canonical_words(slots[k].text))
        k += 1
    if not said:
        return None
    named = [m for m in mentions if m.end <= j and m.entry is not None and said <= set(m.words)]
    if len({m.entry.key for m in named if m.entry is not None}) != 1:
        return None
    for n in range(j + 1, k):
        slots[n].kind = "stop"
    return named[-1]


def _the_one_ordered_before(ahead: Mention, mentions: list[Mention]) -> Mention | None:
    """ "ابي حنيذ لحم ثنين …، اقول خلها ثلاث حنيذ", "la2 5aleehom 6 ta3meya": a head several
    dishes share, said after a correction's count, names back the one of them ordered before
    (that mention, the head's own left out); None when none or several were."""
    keys = {c.key for c in ahead.candidates}
    earlier = [m for m in mentions if m.end <= ahead.start and m.entry is not None and m.entry.key in keys]
    if len({m.entry.key for m in earlier if m.entry is not None}) != 1:
        return None
    ahead.replaced = True
    return earlier[-1]


def definite_named_back(slots: list[Slot], mentions: list[Mention]) -> None:
    """ "منقوشة جبنة كبيرة …، والجبنة ثنتين", "ساندويتش مسحب وزنجر، والزنجر ثنتين": a dish word with
    the article and a count after it names back the one dish ordered before that it fits; that
    dish takes the count (the customer restates it), and nothing is asked. With a note after it
    instead ("٣ قهوة تركية …، والقهوة سادة") it says how that dish is made: the note is that
    dish's and no dish is added."""
    for x in mentions:
        if x.entry is None and not x.candidates:
            continue
        # the article glued ("والجبنة"), or written apart after "make" ("make the tea extra cold")
        article = (
            x.start > 1
            and slots[x.start - 1].text in CORRECTION_ARTICLE
            and bare_word(slots[x.start - 2]) in CORRECTION_VERBS
        )
        # "…، وبرجر الدجاج بدون مايونيز": the article on a later word of the name; "w el burger
        # bidoon basal": Arabizi "el" written apart
        definite = any(bare_word(slots[k]).startswith("ال") for k in range(x.start, x.end)) or (
            x.start > 0 and bare_word(slots[x.start - 1]) in _ARABIZI_THE
        )
        if not (definite or article):
            continue
        counted_after = x.qty_slot is not None and x.qty_slot >= x.end
        if not counted_after and (x.quantity is not None or not _note_at(slots, x.end)):
            continue
        keys = {x.entry.key} if x.entry is not None else {c.key for c in x.candidates}
        earlier = [m for m in mentions if m.end <= x.start and m.entry is not None and m.entry.key in keys]
        if len({m.entry.key for m in earlier if m.entry is not None}) != 1:
            continue
        x.entry, x.candidates = earlier[-1].entry, []
        if counted_after:
            for m in earlier:
                m.replaced = True
        else:
            x.restates = earlier[-1]


_ARABIZI_THE = frozenset(("el", "al", "il"))


def _note_at(slots: list[Slot], k: int) -> bool:
    """Whether a note on how to make a dish starts at slot k ("بلا ثوم", "سادة", "extra hot")."""
    if k >= len(slots) or slots[k].conj:
        return False
    if bare_word(slots[k]) in CORRECTION_VERBS and k + 1 < len(slots):
        # "والآيس تي خله بارد", "and the fries, make them extra crispy": a "let / make" first
        k += 2 if slots[k + 1].text in CORRECTION_OBJECT and k + 2 < len(slots) else 1
    slot = slots[k]
    return slot.kind in ("mod", "modword") or bare_word(slot) in PLAIN or slot.canon in PLAIN


def _named_by_correction(slots: list[Slot], m: Mention) -> bool:
    k = m.start - 1
    while k >= 0 and slots[k].text in CORRECTION_ARTICLE:
        k -= 1
    return k >= 0 and (slots[k].text in CORRECTION_VERBS or bare_word(slots[k]) in CORRECTION_VERBS)


#: "على جنب" / "on the side" / "aside": where a sauce goes, a note on the dish.
# (Levantine "ع جنب" written as one word: "عجنب", "عالجنب")
_SIDE = frozenset(normalize(w) for w in "جنب عجنب عالجنب side aside separate".split())


#: Meats that alone name no dish ("دجاج", "لحم": they narrow one).
_MEAT_WORDS = frozenset(("دجاج", "لحم"))


def notes_of_one_of_them(
    slots: list[Slot], mentions: list[Mention], index: MenuIndex | None = None
) -> list[Mention]:
    """ "٣ وجبات بروستد، واحدة منهم بالرز بدل البطاطس", "… وحدة منها الصوص على جنب": after a count
    and "one of them", a dish word in a clause that swaps ("بدل", "instead") or sets aside ("على
    جنب") says how that line is made: a note, no dish. Those mentions are dropped and their words
    left for the line's change."""
    drop: set[int] = set()
    if not any(s.kind == "ref" for s in slots):
        return mentions
    for j, slot in enumerate(slots):
        if slot.kind != "ref" or slot.text not in _OF_THEM or j == 0 or slots[j - 1].kind != "num":
            continue
        if (
            j + 2 < len(slots)
            and slots[j + 1].text in WITH
            and slots[j + 2].kind == "item"
            and slots[j + 2].canon in _MEAT_WORDS
            and not slots[j + 2].conj
            and not any(m.start == j + 2 for m in mentions)
            and (j + 3 == len(slots) or slots[j + 3].conj or slots[j + 3].kind != "item")
        ):
            # "تنين، وحدة منهن مع دجاج": a meat alone, with one of them, is added to that line
            slots[j + 1] = Slot(slots[j + 1].text, "other")
            slots[j + 2] = Slot(slots[j + 2].text, "other")
            continue
        end = j + 1
        if end < len(slots) and slots[end].kind == "conj" and slots[end].text in WITH:
            end += 1  # "تنتين منن مع خضرة": "with" right after "of them" opens the clause
        while end < len(slots) and not (slots[end].conj or slots[end].kind == "conj"):
            end += 1
        words = {bare_word(s) for s in slots[j + 1 : end]}
        swaps = bool(words & (INSTEAD | _SIDE))
        counted = next((x for x in reversed(mentions) if x.end <= j - 1 and x.entry is not None), None)
        for n, m in enumerate(mentions):
            if not j < m.start < end:
                continue
            # not "واحد منهم باللحمة بدل …" of "حمص", the menu's "حمص باللحمة" (borrowing its head); and
            # "واحد منهم بالعيران" with no swap may order the drink: left to the other rules
            if swaps and not m.elliptical:
                drop.add(n)
                for k in range(m.start, m.end):
                    slots[k] = Slot(slots[k].text, "other")
            elif _a_word_said_of_them(m, counted, index):
                # "٥ منقوشة زعتر، تنتين منن مع خضرة", "٤ كبة، تنتين منن مقليين منيح": a word of some
                # other dish's name (never the whole name, nor a kind of the counted dish) said of
                # some of them is how they are made, a note
                before = slots[m.start - 1]
                if before.kind == "conj" and before.text in WITH:  # "مع": the note's own word
                    slots[m.start - 1] = Slot(before.text, "other")
                drop.add(n)
                for k in range(m.start, m.end):
                    slots[k] = Slot(slots[k].text, "other")
        for k in range(j + 1, end):
            if slots[k].kind in ("stop", "filler") and (swaps or bare_word(slots[k]) in INSTEAD):
                slots[k] = Slot(slots[k].text, "other")  # "بكاسة بدل البسكوت": the words of the note
    return [m for n, m in enumerate(mentions) if n not in drop]


def _a_word_said_of_them(m: Mention, counted: Mention | None, index: MenuIndex | None) -> bool:
    """Whether mention `m`, said after "N of them", is a word of another dish's name and not that
    dish: one word, not a whole name on the menu, and its dish no kind of the counted one."""
    if index is None or counted is None or counted.entry is None or m.entry is None or m.elliptical:
        return False
    if len(m.words) != 1 or frozenset(m.words) in index.exact or m.entry == counted.entry:
        return False
    return not index.words_of[m.entry.key] >= index.words_of[counted.entry.key]


#: A verb of adding ("وزيدوا", "زودني", "ضيفلي", "w zawedny", "zidna"): what follows is more, not some of them.
_ADD_VERB = re.compile("^(?:و)?(?:زيد|زود|ضيف)|^(?:zid|zed|zeed|zawed|zawd|zowed|zawwed)")


def split_counted(slots: list[Slot], mentions: list[Mention]) -> tuple[list[Mention], set[int]]:
    """Reads "2 burgers: one spicy, one plain" as two burgers made two ways, not three.

    Right after a counted dish, each number not followed by a dish ("one …", "واحد …") opens a
    line of that same dish, which takes the changes written after it; what those lines leave of
    the count stays as the dish with no change ("3 burgers: one without onion" = 1 + 2 plain).
    Left alone when the lines would count more than the dish or another dish is named in them.
    """
    out: list[Mention] = []
    used: set[int] = set()
    i = 0
    while i < len(mentions):
        m = mentions[i]
        out.append(m)
        i += 1
        count = m.quantity or m.implied  # "برجرين" counts two
        if m.entry is None or count < 2:
            continue
        end = next((k for k in range(m.end, len(slots)) if slots[k].kind == "item"), len(slots))
        while end > m.end and slots[end - 1].kind == "num" and end < len(slots):  # "… 3 fries"
            end -= 1
        own = m.qty_slot  # "برجر ٢ واحد منهم …": the "٢" counts the dish, it opens no line
        said = m.end  # "عصير مانجو ساقع تلاتة واحد منهم …": a temperature or size word before it
        while own is not None and said < own and slots[said].kind in ("modword", "filler"):
            said += 1  # and "عدد" ("فطيرة جبن عدد ٤، وحدة منهن …"): the count's own word before it
        first = said + 1 if own == said else m.end
        while first < end and own is not None and own < m.start and slots[first].kind == "filler":
            first += 1  # "five zalabia portions, two of them …", "٣ حمص صحون، واحد منهم …": its measure
        if own is not None and first <= own < end and slots[own].correction:
            first = (
                own + 1
            )  # "برجر اربع حبات لا اقول ثلاث، واحد منهم …": the lines follow the count said last
        while first < end and (
            slots[first].kind == "conj" or (slots[first].kind == "stop" and slots[first].text not in _OF_THE)
        ):
            # "٢ سبرنق رول وخلي وحدة منهم …": a verb before the line; "… w wa7de menon",
            # "… and one of them": an "and" written apart, as Arabizi and English write it
            first += 1
        groups = [
            k
            for k in range(first, end)
            if slots[k].kind == "num" and slots[k].value >= 1 and not slots[k].correction
        ]
        if groups and any(_ADD_VERB.match(bare_word(s)) for s in slots[m.end : groups[0]]):
            groups = []  # "pepsi 3, w zawedny wa7ed talet zayohom": "add me" one more, no line of them
        inside = [x for x in mentions[i:] if x.start < end]
        named_back = next((x for x in mentions[i:] if x.start == end), None)
        names_back = False
        if (
            groups
            and named_back is not None
            and named_back.entry == m.entry
            and {normalize(bare_word(s)) for s in slots[groups[-1] + 1 : end]} & {"of", "من"}
            and all(normalize(bare_word(s)) in _OF_THE for s in slots[groups[-1] + 1 : end])
        ):
            inside.append(named_back)  # "2 spring rolls, one of the rolls …": the line's own dish
        else:
            # "٤ فطاير سبانخ، ثنتين من السبانخ": a number, "من"/"of the" and the dish named back is
            # that dish's own line (split_named_back), not a line opened here plus one more
            names_back = (
                bool(groups)
                and end < len(slots)
                and groups[-1] < end - 1
                and all(normalize(bare_word(slots[k])) in _OF_THE for k in range(groups[-1] + 1, end))
            )
        # "2 burgers and a cold pepsi": the last count's words run straight into another dish
        # (only a size or temperature between): that count is the other dish's, no line opened
        into_another = (
            len(groups) == 1
            and named_back is not None
            and named_back.entry != m.entry
            and not slots[end].conj  # "ثلاث، ثنتين حار، وبيبسي": the next dish has its own "و"
            and groups[0] + 1 < end
            and all(slots[k].kind == "modword" for k in range(groups[0] + 1, end))
        )
        if (
            names_back
            or into_another
            or not groups
            or groups[0] != first
            or sum(slots[k].value for k in groups) > count
            or any(x.entry is not None and x.entry != m.entry for x in inside)
        ):
            continue
        i += len(inside)
        m.quantity = count - sum(slots[k].value for k in groups)
        if m.quantity == _counted_variants_after(mentions, i, m, groups[-1]):
            m.quantity = 0  # "two burgers, one normal one chicken": the rest is the other kind
        if m.quantity == 0:
            out.pop()
        # "تنتين خشنة وتنتين ناعمة": two lines at least, each after the first joined by "and"
        several = len(groups) > 1 and all(slots[k].conj or slots[k - 1].kind == "conj" for k in groups[1:])
        for k in groups:
            line = Mention(k, k + 1, m.entry, m.candidates, m.text, quantity=slots[k].value)
            out.append(line)
            used.add(k)
            _words_of_the_line(slots, k, end, line, used, several)
        used |= {
            k for k in range(m.end, end) if slots[k].canon in PLAIN or normalize(bare_word(slots[k])) in PLAIN
        }
    return out, used


def _counted_variants_after(mentions: list[Mention], i: int, header: Mention, last_line: int) -> int:
    """How many the kinds right after the split lines borrow from the header's dish, each with a
    count of its own ("…, one normal one chicken": one chicken burger), or -1 when none follows."""
    variants = []
    for x in mentions[i:]:
        own_count = x.qty_slot is not None and last_line < x.qty_slot < x.start
        if not (
            x.elliptical and x.entry is not None and x.entry != header.entry and x.quantity and own_count
        ):
            break
        variants.append(x.quantity)
    return sum(variants) if variants else -1


def _words_of_the_line(
    slots: list[Slot], k: int, end: int, line: Mention, used: set[int], several: bool
) -> None:
    """ "٤ بوظة، تنتين منن بكاسة وتنتين بقمع", "٤ كنافة، تنتين خشنة وتنتين ناعمة": the words right
    after a split line's count that name nothing (no dish, no food known elsewhere, no change word
    the other rules read) are how that line is made: its note, never a food named back. After
    "of them" the change rules read them (a measure word there, "بكاسة", is a word of the note);
    with no "of them", only in a breakdown of two lines at least, each joined by "and"."""
    if slots[k].text in ARTICLES:
        return  # "and a pizza", "in a separate box": an article, no line of its own
    n = k + 1
    if n < end and slots[n].kind == "ref":
        n += 1
        while n < end and slots[n].kind == "filler" and not slots[n].conj:
            slots[n] = Slot(slots[n].text, "other")
            n += 1
        return
    if not several:
        return
    words: list[int] = []
    while n < end and slots[n].kind in ("other", "filler") and not (words and slots[n].conj):
        if slots[n].text in WITH or (slots[n].kind == "other" and slots[n].conj and words):
            break
        if token_forms(bare_word(slots[n])) & (OTHER_FOODS | PLAIN) or slots[n].canon in PLAIN:
            return  # a food this menu lacks (named back), or plain ("وواحد عادي": no note at all)
        words.append(n)
        n += 1
    if not words or (n < end and slots[n].kind not in ("num", "conj", "stop") and not slots[n].conj):
        return  # (a change the other rules read goes on after them: left to them)
    if n == end < len(slots) and slots[n].kind == "item" and not slots[n].conj:
        return  # "w 2 jus avoca": the words run straight into a dish, they are its own
    line.mods.append(" ".join(bare_word(slots[w]) for w in words))
    for w in words:
        used.add(w)
        slots[w] = Slot(slots[w].text, "stop")


def count_variants(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> None:
    """ "٣ كرواسون، اتنين منهم جبن": the counted part that points back ("منهم", "of them") is a
    variant of the dish before it, so it comes out of that dish's count instead of adding."""
    for m, x in zip(mentions, mentions[1:], strict=False):
        count = m.quantity or m.implied
        if m.entry is None or x.entry is None or x.entry == m.entry or not x.quantity or count < 2:
            continue
        # ("وواحد زيه بالعسل" is one more like it, not one of them)
        points_back = any(
            slots[k].kind == "ref" and slots[k].text not in SAME_AS for k in range(m.end, x.start)
        )
        variant = index.words_of[x.entry.key] >= index.words_of[m.entry.key]
        if points_back and variant and x.quantity < count:
            m.quantity = count - x.quantity


def _counted_lines_of(m: Mention, following: list[Mention], index: MenuIndex | None) -> list[Mention]:
    """The counted lines right after an uncounted dish that break it down ("بسبوسة وحدة عادية
    ووحدة بالقشطة"): the dish itself or a variant of it (its name's words and more), each with a
    count of its own, two at least; [] when they are not that."""
    if index is None or m.entry is None or m.quantity is not None or m.implied:
        return []
    own = index.words_of[m.entry.key]
    lines: list[Mention] = []
    for p in following:
        variant = p.entry is not None and (p.entry == m.entry or index.words_of[p.entry.key] > own)
        if not (variant and p.quantity and (p.elliptical or p.entry != m.entry)):
            break
        lines.append(p)
    if len(lines) < 2 or lines[0].start - m.end > 1 or len({p.entry for p in lines}) < 2:
        return []
    return lines


def _the_rest_plain(m: Mention, parts: list[Mention], index: MenuIndex | None) -> Mention | None:
    """ "two chicken alfredo, one spicy one regular": a head two dishes share (one the other made
    spicy or sized), counted, then one of them counted short of it: the rest are the other, plain
    one (a line of its own); None when it is not so."""
    if index is None or m.quantity is None or len(parts) != 1 or len(m.candidates) != 2:
        return None
    part = parts[0]
    if part.entry is None or part.quantity is None or not 0 < part.quantity < m.quantity:
        return None
    other = next(c for c in m.candidates if c != part.entry)
    if _plain_of(part.entry, index) != other:
        return None
    return Mention(m.start, m.end, other, [], m.text, quantity=m.quantity - part.quantity)


def drop_headers(mentions: list[Mention], index: MenuIndex | None = None) -> list[Mention]:
    """Drop a counted dish that the next mentions break down: "٣ برجر: ٢ دجاج وواحد لحم".

    The breakdown is two or more bare qualifiers borrowing that dish's head whose quantities
    add up to the header's count; the header then names the total, not more items.
    """
    kept: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        parts: list[Mention] = []
        j = k + 1
        # the breakdown borrows the header's head, or names one of the items it could be
        # ("٢ بيتزا، وحدة بيبروني ووحدة خضار")
        while j < len(mentions) and (mentions[j].elliptical or mentions[j].entry in m.candidates):
            parts.append(mentions[j])
            j += 1
        total = sum(p.quantity or p.implied or 1 for p in parts)
        named = m.entry is not None or bool(m.candidates)
        lines = _counted_lines_of(m, mentions[k + 1 :], index)
        if lines:
            # "بسبوسة وحدة عادية ووحدة بالقشطة": a dish with no count of its own, right before two
            # or more counted lines of it (itself or its variants), is their head; they count it
            kept.extend(lines)
            k += 1 + len(lines)
            continue
        if named and m.quantity and len(parts) >= 2 and total == m.quantity:
            kept.extend(parts)
            k = j
            continue
        # "باد تاي واحد كبير وواحد صغير": a shared head with no count of its own, right before
        # the items it could be, is their head, not one more to ask about
        # ("one kunafa tray, the big one": its count is theirs)
        if (
            m.entry is None
            and m.candidates
            and parts
            and parts[0].start - m.end <= 2
            and (m.quantity is None or (len(parts) == 1 and total <= m.quantity))
        ):
            rest = _the_rest_plain(m, parts, index)
            if rest is not None:
                kept.extend([*parts, rest])  # "two chicken alfredo, one spicy one regular"
                k = j
                continue
            if m.quantity is not None:
                parts[0].quantity = m.quantity
            kept.extend(parts)
            k = j
            continue
        kept.append(m)
        k += 1
    return kept


#: "one of the lattes", "وحدة من اللاتيه": the words between a number and a dish named back.
_OF_THE = frozenset(normalize(w) for w in ("of", "the", "من"))


def split_named_back(slots: list[Slot], mentions: list[Mention]) -> list[Mention]:
    """ "2 spanish latte and 1 iced americano, one of the lattes with oat milk": a number, "of
    (the)" and a dish that fits one counted earlier is a line of that dish, split from its count
    (1 + 1 spanish latte), not one more (or an ambiguous) latte."""
    out = list(mentions)
    taken = {m.qty_slot for m in mentions if m.qty_slot is not None}
    for x in mentions:
        n = x.start - 1
        while n >= 0 and normalize(bare_word(slots[n])) in _OF_THE:
            n -= 1
        between = {bare_word(s) for s in slots[n + 1 : x.start]}
        if (
            n < 0
            or slots[n].kind != "num"
            or not (between & {"of", "من"} or _line_with_a_change(slots, n, x))
        ):
            continue
        if x.qty_slot != n and (n in taken or x.quantity is not None):
            continue
        quantity = slots[n].value
        fits = {x.entry.key} if x.entry is not None else {c.key for c in x.candidates}
        earlier = [
            m for m in out if m.end <= n and m.entry is not None and m.entry.key in fits and m is not x
        ]
        if len(earlier) != 1:
            continue
        m = earlier[0]
        count = m.quantity or m.implied
        if count < 2 or quantity >= count:
            continue
        m.quantity = count - quantity
        out[out.index(x)] = Mention(n, x.end, m.entry, [], m.text, quantity=quantity, qty_slot=n)
    return out


def _line_with_a_change(slots: list[Slot], n: int, x: Mention) -> bool:
    """ "2 om ali and a rice pudding, one om ali without nuts": a number right before a dish named
    again, opening its clause (no "and" before it) and followed by a change, is a line of the
    dish counted before, made that way."""
    # (a comma before it marks it too, but no "و" is glued to a number word said whole)
    text = slots[n].text
    glued = slots[n].conj and text.startswith("و") and number_value(text[1:]) is not None
    opens = not glued and (n == 0 or slots[n - 1].kind != "conj")
    changed = (
        x.end < len(slots)
        and slots[x.end].kind == "mod"
        and bool(token_forms(slots[x.end].text) & CHANGE_PREFIX)
    )
    return n == x.start - 1 and opens and changed


#: "X بدل Y", "X instead of Y": X takes the place of the dish Y names back.
_INSTEAD = INSTEAD


#: A remove verb, or a swap ("swap the moutabal for muhammara": the new dish is read as ordered):
#: never a dish themselves.
REMOVE_VERBS = REMOVE_WORDS | frozenset(("swap", "switch"))


def _says_forgot(slot: Slot) -> bool:
    return slot.text in FORGOT or bare_word(slot) in FORGOT


def forgotten_then_counted(slots: list[Slot], mentions: list[Mention]) -> None:
    """ "نسيت البطاطس، زود اتنين بطاطس", "forgot the fries, add 2 fries": a dish named with no count
    after "I forgot", then named again with a count in the same message, is that one line of that
    count (not one more beside it)."""
    for m in mentions:
        if m.replaced or m.quantity is not None or m.entry is None:
            continue
        k = m.start - 1
        while k >= 0 and slots[k].kind in ("stop", "filler") and not _says_forgot(slots[k]):
            k -= 1  # ("forgot the fries": the article passes)
        if k < 0 or not _says_forgot(slots[k]):
            continue
        if any(
            n.start > m.start and not n.replaced and n.entry is m.entry and n.quantity is not None
            for n in mentions
        ):
            m.replaced = True


def said_no_to(slots: list[Slot], mentions: list[Mention]) -> None:
    """ "منوخد ٢ كنافة بس وام علي لأ، وزيدلي …", "kunafa 2 w om ali la2": a dish with no count and a
    bare "no" right after it that ends its clause (the message's end, or the next part's "و") is
    turned down, not ordered. ("بيبسي لا خليها ٢" is a correction: the "no" leads on.)"""
    for m in mentions:
        k = m.end
        if m.replaced or m.quantity is not None or k >= len(slots) or slots[k].kind not in ("other", "stop"):
            continue
        ends = k + 1 == len(slots) or slots[k + 1].conj or slots[k + 1].kind == "conj"
        if slots[k].text in _BARE_NO and ends:
            m.replaced = True


def taken_off(slots: list[Slot], mentions: list[Mention]) -> None:
    """ "…، لأ شيل السموذي وحط بدالو ميلك شيك", "…, no, remove the fries": a remove verb right
    before a dish ordered earlier in the message takes that dish off; the dish after the verb orders
    nothing. A remove verb before anything else ("شيل البصل") is left to the notes."""
    for j, slot in enumerate(slots):
        if slot.text not in REMOVE_VERBS and (slot.kind != "other" or bare_word(slot) not in REMOVE_VERBS):
            continue
        k, count = j + 1, None
        while k < len(slots) and slots[k].kind in ("filler", "stop", "num"):
            if slots[k].conj and (slots[k].kind != "num" or joins_a_count(slots[k])):
                break  # "شيل واحد عصير": the "و" of "واحد" is its own
            count = slots[k].value if slots[k].kind == "num" else count
            k += 1
        named = next((m for m in mentions if m.start == k and not m.replaced), None)
        if named is None:
            continue
        keys = {c.key for c in named.candidates} | ({named.entry.key} if named.entry else set())
        earlier = [
            m
            for m in mentions
            if m.end <= j and not m.replaced and m.entry is not None and m.entry.key in keys
        ]
        if not earlier:
            continue
        if named.end < len(slots) and bare_word(slots[named.end]) in _IF:
            named.replaced = True  # "skip the sujuk if it's finished": off only if the menu says so
            continue
        had = earlier[-1].quantity or earlier[-1].implied or 1
        if count is not None and count < had:
            # "2 yuzu lemonades, … scratch one lemonade": that many taken off, the rest stays
            earlier[-1].quantity = had - count
            named.replaced = True
        else:
            earlier[-1].replaced = named.replaced = True


def instead_of(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> None:
    """ "نص فروج مشوي …، لا خليها فروج مشوي كامل بدل النص": the dish after "بدل" / "instead of"
    names back one ordered before (by words of its name); that one is dropped, or counted down
    when only some of it is swapped ("a crispy burger instead of one spicy"). The words after
    "بدل" order nothing."""
    for j, slot in enumerate(slots):
        if slot.text not in _INSTEAD and bare_word(slot) not in _INSTEAD:
            continue
        k, count = j + 1, None
        while k < len(slots) and slots[k].kind in ("filler", "stop", "num") and not slots[k].conj:
            if slots[k].kind == "num":
                count = slots[k].value
            k += 1
        end = k
        while (
            end < len(slots) and slots[end].kind in ("item", "modword") and (end == k or not slots[end].conj)
        ):
            end += 1
        named = next((m for m in mentions if m.start == k and m.end <= end), None)
        if named is not None:
            end = named.end  # "وبدل البيبسي مية": the dish named back is one, what follows is new
        # each word named back, as its canonical word or its forms ("النص" left as a size word)
        words = [
            {slots[m].canon} if slots[m].canon else token_forms(bare_word(slots[m])) for m in range(k, end)
        ]
        new = [m for m in mentions if m.end <= j and not m.replaced and m.entry is not None]
        asked = [m for m in mentions if m.end <= j and not m.replaced and m.entry is None and m.candidates]
        if not words or not (new or asked):
            continue
        # "…، وبدل البيبسي خليها مية": "بدل" opening its own clause names back any dish before
        # it, and the new one comes after
        opening = slot.conj or not new or new[-1].end != j
        last = new[-1] if new else None
        if not opening and last is not None and last.entry is not None:
            # "… and regular fries, instead of the fries coleslaw": the dish right before is the
            # one named back (no swap of a dish for itself) and no dish before it fits, so
            # "instead" opens its own clause ("شاورما …، لا صحن شاورما بدل الشاورما" still swaps)
            own = index.words_of.get(last.entry.key, frozenset())
            earlier = [
                m
                for m in mentions
                if m.end <= last.start
                and not m.replaced
                and (m.entry is not None or bool(m.candidates))
                and all(
                    w & index.words_of.get(e.key, frozenset())
                    for e in ([m.entry] if m.entry else m.candidates)
                    for w in words
                )
            ]
            # and the dish taking its place comes right after, not joined by "و" ("صحن شاورما
            # بدل الشاورما" and "… بدل الشاورما وبيبسي" swap)
            nxt = end
            while nxt < len(slots) and slots[nxt].kind in ("stop", "filler", "num") and not slots[nxt].conj:
                nxt += 1
            follows = nxt < len(slots) and not slots[nxt].conj and any(m.start == nxt for m in mentions)
            opening = all(w & own for w in words) and not earlier and follows
        # a dish asked about ("… and fries, actually instead of the fries …") is named back by
        # words every one of its candidates shares
        old = [
            m
            for m in mentions
            if m.end <= (j if opening else new[-1].start)
            and not m.replaced
            and (m.entry is not None or (opening and bool(m.candidates)))
            and (opening or m.entry != new[-1].entry)
            and all(
                all(
                    w & index.words_of.get(e.key, frozenset())
                    for e in ([m.entry] if m.entry else m.candidates)
                )
                for w in words
            )
        ]
        for m in mentions:
            if m.start == k and m.end <= end:  # the dish named back orders nothing, ordered
                m.replaced = True  # before or not ("زنجر وبدال البيبسي ماي": the meal's pepsi)
        if not old:
            # "cream kunafa instead of the cheese one", "صينية كبيرة بدل الصغيرة": the dish named
            # back was ordered before this message; it still orders nothing here
            for m in mentions:
                if j < m.start < end:
                    m.replaced = True
            continue
        have = old[-1].quantity or old[-1].implied or 1
        if count is not None and count < have:
            old[-1].quantity = have - count
        else:
            old[-1].replaced = True


_ARTICLE_COUNTS = frozenset(("a", "an"))


def _the_kind_of_the_dish_before(x: Mention, mentions: list[Mention], k: int, index: MenuIndex) -> bool:
    """ "chicken karahi kilo, …, actually make it the half kilo": a size several dishes have, said
    after a correction verb, is the one of them nearest the dish ordered last before it (most name
    words shared, one alone); `x` takes it. False when none or several fit."""
    for m in reversed([m for m in mentions if m.end <= k and not m.replaced and m.entry is not None]):
        assert m.entry is not None
        own = index.words_of.get(m.entry.key, frozenset())
        shared = {c: len(index.words_of.get(c.key, frozenset()) & own) for c in x.candidates}
        best = max(shared.values(), default=0)
        fits = [c for c, n in shared.items() if n == best]
        if best and len(fits) == 1 and fits[0] != m.entry:
            x.entry, x.candidates = fits[0], []
            return True
    return False


def _name_words(m: Mention, index: MenuIndex) -> frozenset[str]:
    """The name words of a mention's dish, or those all the dishes asked about share."""
    names = [m.entry] if m.entry is not None else list(m.candidates)
    return frozenset.intersection(*(index.words_of.get(e.key, frozenset()) for e in names))


#: "of them" after a count ("one of them", "واحد منهم", "wa7de menhom", Levantine "منن").
_OF_THEM = frozenset(normalize(w) for w in "them منهم منها منهن منهما منن menhom menhon minhom menon".split())


def one_of_them_another_way(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> None:
    """ "2 medium koshari, make one of them large": a count "of them" before another kind of the
    dish counted before (it shares a word of its name) moves that many out of the first count into
    the other kind, instead of adding them. (Where the count was split off as a line of its own
    first, "واحد منهم حار", `split_counted` has read it.)"""
    for x in mentions:
        if x.entry is None or x.replaced:
            continue
        k = x.start - 1
        while k >= 0 and slots[k].kind in ("stop", "filler") and not slots[k].conj:
            k -= 1
        if k < 1 or slots[k].kind != "ref" or slots[k].text not in _OF_THEM:
            continue
        j = k - 1
        while j >= 0 and slots[j].kind == "filler":
            j -= 1  # "of"
        if j < 0 or slots[j].kind != "num":
            continue
        moved = slots[j].value
        words = index.words_of.get(x.entry.key, frozenset())
        earlier = [
            m
            for m in mentions
            if m.end <= j and not m.replaced and m.entry is not None and m.entry != x.entry
        ]
        target = earlier[-1] if earlier else None
        if (
            target is None
            or target.entry is None
            or not index.words_of.get(target.entry.key, frozenset()) & words
        ):
            continue
        counted = target.quantity or target.implied or 1
        if counted > moved:
            target.quantity, x.quantity = counted - moved, moved


#: The kind words one dish comes in (canonical): its size, or the family one.
_KINDS = frozenset({"كبير", "صغير", "وسط", "عايلي"})
#: What "plain" ("عادي", "3adi") takes off a dish: its kind, and its heat.
_PLAIN_OFF = _KINDS | {"حار"}
#: "not" before a dish said after a change of mind ("the big pot not the small one", "مش الكبير").
_NOT = frozenset(normalize(w) for w in "not مش مو مب mish mesh msh mo mosh".split())


def _changes_of_mind(slots: list[Slot]) -> list[int]:
    """Where the customer changes their mind ("لا", "wait", "actually", "اقول", "خليه"); never the "no"
    of a note ("no onions": a change made to the dish)."""
    return [
        k
        for k, s in enumerate(slots)
        if (s.text in _CHANGE_WORDS or (s.conj and s.text[1:] in _CHANGE_WORDS)) and s.kind != "mod"
    ]


_CHANGE_WORDS = CORRECTION_LEAD | CORRECTION_VERBS


def _kind_of(entry: MenuEntry, kind: str | None, index: MenuIndex) -> MenuEntry | None:
    """The item named like `entry` in another kind (`kind`, or none: the plain one), or None."""
    words = (index.words_of.get(entry.key, frozenset()) - _KINDS) | ({kind} if kind else set())
    return next((e for e in index.entries if e.available and index.words_of.get(e.key) == words), None)


def _plain_of(entry: MenuEntry, index: MenuIndex) -> MenuEntry | None:
    """The item named like `entry` with no kind and no heat ("Regular Strips" for "Spicy Strips",
    a menu's own "regular" / "عادي" word allowed), or None."""
    words = index.words_of.get(entry.key, frozenset())
    key = words - _PLAIN_OFF - PLAIN - _REGULAR
    for e in index.entries:
        other = index.words_of.get(e.key, frozenset())
        if e != entry and e.available and not other & _PLAIN_OFF and other - PLAIN - _REGULAR == key:
            return e
    return None


_REGULAR = frozenset(("regular", "classic", "original"))


def to_another_kind(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> None:
    """After a change of mind, a dish's kind said again changes the dish ordered before, its count
    kept: "oh wait, the big pot not the small one" (the one after "not" is refused, never ordered),
    "لا اقول الصغير احسن" (a size alone: the dish before in that size), "la 5alli el burrito 3adi mish
    kbir", "la sorry 5alih machboos laham 3adi 2" (plain: the dish before without its size or family
    word)."""
    changes = _changes_of_mind(slots)
    if not changes:
        return
    first = changes[0]
    taken = {k for m in mentions for k in range(m.start, m.end)}
    for x in mentions:
        k = x.start - 1
        while k > first and slots[k].text in CORRECTION_ARTICLE:
            k -= 1
        if k > first and bare_word(slots[k]) in _NOT and not x.replaced:
            x.replaced = True  # "… not the small one": named to be refused
    for k in range(first + 1, len(slots)):
        s = slots[k]
        said_kind = _canon_of(s, s.text)
        if k in taken or s.kind not in ("item", "modword") or said_kind not in _KINDS:
            continue
        if k + 1 < len(slots) and (k + 1 in taken or slots[k + 1].kind == "item"):
            continue
        if k > 0 and bare_word(slots[k - 1]) in _NOT:
            continue
        change = max(c for c in changes if c < k) if any(c < k for c in changes) else None
        if change is None or any(change < m.start < k for m in mentions):
            continue  # "…، لا، وبطاطس كبير": a dish ordered after the change takes its own size
        before = [m for m in mentions if m.end <= change and not m.replaced and m.entry is not None]
        for m in reversed(before):
            assert m.entry is not None
            other = _kind_of(m.entry, said_kind, index)
            if other is not None and other != m.entry:
                m.entry = other  # "بطاطس محملة كبير …، لا اقول الصغير احسن"
                slots[k] = Slot(s.text, "filler")
                break
    for x in mentions:
        if x.start <= first or x.replaced or (x.entry is None and not x.candidates) or x.end >= len(slots):
            continue
        plain = slots[x.end]
        if not (plain.canon in PLAIN or bare_word(plain) in PLAIN):
            continue
        said = _name_words(x, index)
        earlier = [
            m
            for m in mentions
            if m.end <= first
            and not m.replaced
            and m.entry is not None
            and said <= index.words_of.get(m.entry.key, frozenset())
            and index.words_of.get(m.entry.key, frozenset()) & _PLAIN_OFF
        ]
        if not earlier:
            continue
        target = earlier[-1]
        assert target.entry is not None
        # (plain is also not spicy: "strips 7ar …، la 5alli el strips 3adi")
        other = _plain_of(target.entry, index)
        if other is None:
            continue
        target.replaced = True
        x.entry, x.candidates, x.restates = other, [], None
        if x.quantity is None:
            x.quantity = target.quantity


#: "if" ("ولو مش موجود خليه …", "law mafi 5alih …", "if you don't have it make it …").
_IF = frozenset(normalize(w) for w in "لو if اذا law iza ان".split())


#: "I mean" / "اقصد" / "قصدي" right before the dish that puts the last one right.
_MEANT = frozenset(normalize(w) for w in f"{I_MEANT} mean".split())  # "no i mean water": "mean" before it
_I = frozenset(("i",))


#: A bare "no" before "the" and a dish ("hmm no, the small pot").
_BARE_NO = frozenset(normalize(w) for w in BARE_NO.split())


def corrected_to_another(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> None:
    """ "صينية كنافة كبيرة، لا خليها صغيرة", "رز مقلي بالروبيان، لا خليه بالدجاج": a correction
    verb right before a dish (no count) replaces the dish before it that shares a word of its
    name, or, after "لا" / "no" / "actually", the one dish before it; the count stays. A "بدل"
    in the correction is read by `instead_of`."""
    ends = {m.end: m for m in mentions}
    for x in mentions:
        k = x.start - 1
        head: Mention | None = None
        while k >= 0 and (slots[k].text in CORRECTION_OBJECT | CORRECTION_ARTICLE or slots[k].kind == "num"):
            if slots[k].correction and slots[k].text not in _ARTICLE_COUNTS:
                break  # "actually make it 2 teas": a count corrected, read by the count rule
            k -= 1  # "actually make it a large"
            named = ends.get(k + 1)
            if head is None and named is not None and x.entry is not None and named is not x:
                # "actually make the haneeth the family one": the head named back between the verb
                # and the kind is no dish of its own
                if _name_words(named, index) and _name_words(named, index) <= index.words_of.get(
                    x.entry.key, frozenset()
                ):
                    head, k = named, named.start - 1
        if (x.entry is None and not x.candidates) or x.replaced or k < 0 or slots[k].kind == "num":
            continue
        if x.restates is not None:
            continue  # "لا خلي المشاوي عادي": the dish named back with a note swaps no other dish
        count = slots[x.qty_slot] if x.qty_slot is not None else None
        if count is not None and count.correction and count.text not in _ARTICLE_COUNTS:
            continue  # "لا خلها زرشك بولو وحده بس": that dish's count corrected, no other swapped
        said = slots[k].text
        # "wait no, a large burrito", "hmm no, a tashkent plov": "no" after a hesitation changes the
        # mind as "no wait" does
        wait_no = said in _BARE_NO and k > 0 and slots[k - 1].text in HESITATION
        # "…, hmm no, the small pot is enough": a bare "no" then "the" and a dish sharing a word of
        # one before it changes that one (never a lone dish before, with nothing shared)
        bare_no = (
            not wait_no and said in _BARE_NO and k + 1 < x.start and slots[k + 1].text in CORRECTION_ARTICLE
        )
        meant = said in _MEANT  # "وبيبسي ٢ لا اقصد ماي", "no i mean water": the dish just said
        if (
            not bare_no
            and not wait_no
            and not meant
            and said not in CORRECTION_VERBS
            and said not in CHANGE_OF_MIND
            and bare_word(slots[k]) not in CORRECTION_VERBS
        ):
            continue  # "لا خليها صغيرة", "make it …", "no wait, the large one"
        # (named again by its own words: "والعصير خله برتقال" names a kind for the juice said before,
        # read as it was)
        same = [
            m
            for m in mentions
            if m.end <= k
            and not m.replaced
            and m.entry is not None
            and m.entry == x.entry
            and set(x.words) <= set(m.words)
        ]
        if same and not bare_no and x.restates is None and slots[x.start].kind == "item":
            # "فو عائلي… لا اقول خله فو عائلي وفو دجاج", "فلافل وحمص… لا لا عفوا حمص ثلاثة": the dish
            # ordered before, named again after a change of mind, is that dish said again (its new
            # count, else the one before), not one more of it (never "one of them" split off it)
            for m in same:
                m.replaced = True
            if x.quantity is None:
                x.quantity = same[-1].quantity
            continue
        after = slots[x.end : x.end + 2]
        # (up to the next "و": "لا خليه زغير، وشباكية ستة" counts the next dish)
        after = after[: next((n for n, s in enumerate(after) if s.conj or s.kind == "conj"), len(after))]
        # ("the family one": "one" closes "the … one", it counts nothing)
        the_one = x.start > 0 and slots[x.start - 1].text in CORRECTION_ARTICLE
        after = [s for s in after if not (the_one and s.text in _ONE)]
        ordered_before = any(m.entry == x.entry for m in mentions if m.end <= k)
        if any(s.text in _INSTEAD or bare_word(s) in _INSTEAD for s in after) or (
            any(s.kind == "num" for s in after) and (ordered_before or said not in CHANGE_OF_MIND)
        ):
            # a count corrects it ("make the greek salads three"), or "… بدل النص"; after "sorry"
            # / "عفوا" a dish not ordered before takes its own count ("لا لا عفوا حمص ثنين")
            continue
        if x.entry is None and not _the_kind_of_the_dish_before(x, mentions, k, index):
            continue
        assert x.entry is not None
        earlier = [
            m
            for m in mentions
            if m.end <= k
            and not m.replaced
            and (m.entry is not None or bool(m.candidates))
            and m.entry != x.entry
        ]
        words = index.words_of.get(x.entry.key, frozenset())
        # a dish asked about ("وجبة بروستد ٤ قطع، لا خليها ٨ قطع") shares what all its choices share
        sharing = [m for m in earlier if _name_words(m, index) & words]
        led = k > 0 and (slots[k - 1].text in CORRECTION_LEAD or wait_no)
        # with no word shared, only a lone dish before is surely the one meant ("بيبسي، لا خليها مية")
        target = (
            sharing[-1] if sharing else (earlier[0] if led and len(earlier) == 1 and not bare_no else None)
        )
        if target is None and meant and earlier and (led or slots[k - 1].text in _I):
            target = earlier[-1]  # "I mean" puts right what was said last, whatever its name
        if target is None:
            continue
        if (
            bare_no
            and target.entry is not None
            and words <= index.words_of.get(target.entry.key, frozenset())
        ):
            continue  # "…, no the burger without onion": the dish named back short, no other one
        if bare_no:
            slots[k] = Slot(slots[k].text, "stop")  # spoken, not "no …" said of a dish
        if any(bare_word(slots[n]) in _IF for n in range(target.end, k)):
            continue  # "تشلو كباب سلطاني، ولو مش موجود خليه …": a dish instead if it is out, no change
        if target.entry is None and target.candidates:
            # "وكبة مقلية ٢، لا عفواً الكبة خليها مشوية": the head said before the verb names back the
            # one of its dishes ordered before; that one is the dish changed
            ordered = [m for m in earlier if m.end <= target.start and m.entry in target.candidates]
            if len({m.entry for m in ordered}) == 1:
                target.replaced = True
                target = ordered[-1]
        target.replaced = True
        if head is not None:
            head.replaced = True
        if x.quantity is None and target.quantity is not None:
            x.quantity = target.quantity
