"""Modifiers: "بدون بصل", "زيادة جبن", "with extra cheese" attached to the dish they change."""

from __future__ import annotations

from crm_res.assistant.normalize import normalize
from crm_res.assistant.orders.matching import Mention
from crm_res.assistant.orders.tokens import QUESTION_WORDS, Slot, bare_word
from crm_res.assistant.orders.vocabulary import MOD_MULTI, WITH


def assign_modifications(slots: list[Slot], mentions: list[Mention]) -> set[int]:
    in_item = {k for m in mentions for k in range(m.start, m.end)}
    owner_at: dict[int, Mention] = {}
    for m in mentions:
        for k in range(m.start, len(slots)):
            owner_at[k] = m
    used: set[int] = set()
    pending: list[str] = []
    j = 0
    while j < len(slots):
        slot = slots[j]
        nxt = slots[j + 1] if j + 1 < len(slots) else None
        if slot.text in WITH and nxt is not None and j + 1 not in in_item:
            if nxt.kind in ("mod", "modword"):
                used.add(j)
                j += 1
                continue
            opens = nxt.kind == "other"
        else:
            opens = slot.kind in ("mod", "modword") or (
                slot.kind == "ref" and _split_change(slots, j, in_item)
            )
        if not opens:
            j += 1
            continue
        words = [] if slot.text in WITH or slot.kind == "ref" else [bare_word(slot)]
        used.add(j)
        k = j + 1
        if slot.kind != "modword":
            # the change of one line ("وحدة منها الصوص على جنب، وكولسلو") ends at the next "and"
            k = _mod_body(slots, k, in_item, words, used, ends_at_and=slot.kind == "ref")
        owner = owner_at.get(j)
        if slot.kind == "modword" and _opens_the_next_dish(slots, j, mentions):
            owner = next(m for m in mentions if m.start == j + 1)  # "and a cold pepsi"
        if not (len(words) > 1 and words[1] in _TALK and all(w in _TALK | _AT_ALL for w in words[1:])):
            (pending if owner is None else owner.mods).append(" ".join(words))
        j = k
    if pending and mentions:
        mentions[0].mods[:0] = pending
    return used


def _opens_the_next_dish(slots: list[Slot], j: int, mentions: list[Mention]) -> bool:
    """ "2 burgers and a cold pepsi", "burger and a large pepsi": a size or temperature word in
    English order, after "and" or a count and right before a dish, is that dish's, not the one
    before it."""
    if not slots[j].text.isascii() or not any(m.start == j + 1 for m in mentions):
        return False
    k = j - 1
    while k >= 0 and slots[k].kind == "filler":
        k -= 1
    return k < 0 or slots[k].kind in ("num", "conj") or slots[k].conj


#: What "no" is said of in talk ("no worries, an orange juice then", "no rush", "no problem"):
#: never a change to a dish.
_TALK = frozenset(
    normalize(w)
    for w in (
        "worries worry problem problems prob probs rush hurry stress biggie issue issues need "
        "pressure bother moshkela mushkila mshkle مشكله مشكلة"
    ).split()
)


_AT_ALL = frozenset(("at", "all"))  # "no worries at all"


#: "the rest" ("والباقي وسط", "el ba2y 3adi"): said with a line's change, of the other lines.
_REST = frozenset(normalize(w) for w in "الباقي الباقيين الباقين باقي الباقيه rest ba2y el_ba2y".split())


def _mod_body(
    slots: list[Slot], k: int, in_item: set[int], words: list[str], used: set[int], ends_at_and: bool = False
) -> int:
    """Collect the words of a modification from slot k on; returns the first slot after it."""
    while k < len(slots) and k not in in_item:
        slot = slots[k]
        if ends_at_and and words and (slot.conj or slot.kind == "conj") and bare_word(slot) not in _REST:
            break  # (but "وحدة منن سادة والباقي وسط": the rest said with it)
        if words and slot.text in QUESTION_WORDS:
            break  # "من غير طماطم، وعندكو كشري؟": a question opens, the change is over
        following = slots[k + 1].kind if k + 1 < len(slots) else None
        if slot.kind == "conj" or (slot.kind == "other" and slot.conj and not words):
            if following != "other" or k + 1 in in_item:
                break
        elif slot.kind == "mod":
            # a trailing "زياده" closes "مع جبنه زياده"; before a noun it opens a new change (but
            # "من غير مايونيز" is one change in two words)
            if (following == "other" or not words) and (slots[k - 1].text, slot.text) not in MOD_MULTI:
                break
        elif (
            slot.kind == "modword"
            and slots[k - 1].kind == "mod"
            and all(j in used for j in range(k - len(words), k))
        ):
            pass  # "no ice", "extra spicy", "بدون حار": the word the change is about, one note
        elif slot.kind not in ("other", "filler"):
            break
        words.append(bare_word(slot) if slot.kind != "conj" else slot.text)
        used.add(k)
        k += 1
    return k


def _split_change(slots: list[Slot], j: int, in_item: set[int]) -> bool:
    """ "one of them mild", "وحدة منهم مستوية": after a count and a word pointing back, the
    words that follow (no dish among them) are how that line is made."""
    if slots[j].kind != "ref" or j + 1 >= len(slots) or j + 1 in in_item or slots[j + 1].kind != "other":
        return False
    k = j - 1
    while k >= 0 and slots[k].kind in ("filler", "stop"):  # "of", "من"
        k -= 1
    return k >= 0 and slots[k].kind == "num"
