"""Arabizi against a menu written in Arabic: "ba2lawa" is "بقلاوة", "simsim" is "سمسم".

Both spellings are reduced to a coarse consonant skeleton (vowels and long-vowel letters
dropped, letters that Latin spelling merges put in one class: ق/ك/ء/ج/غ, ت/ط, س/ص/ث, د/ض/ذ,
ح/ه ...); a Latin word whose skeleton is that of exactly one of the menu's own Arabic words
names that word. Only the restaurant's own words take part, so the coarse classes cannot pull
in a dish from elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crm_res.assistant.normalize import token_forms
from crm_res.assistant.orders.vocabulary import DIALECT_EQUIVALENTS

_DIGRAPHS = re.compile("sh|ch|kh|gh|th|dh")
_DIGRAPH_CLASS = {"sh": "ش", "ch": "ش", "kh": "خ", "gh": "ك", "th": "ت", "dh": "د"}
_CLASS = {
    **dict.fromkeys("بbp", "ب"),
    **dict.fromkeys("فfv", "ف"),
    **dict.fromkeys("تطثt", "ت"),
    **dict.fromkeys("دضذd", "د"),
    **dict.fromkeys("زظz", "ز"),
    **dict.fromkeys("سصs", "س"),
    **dict.fromkeys("ش", "ش"),
    **dict.fromkeys("قكءجغqkgjcx", "ك"),
    **dict.fromkeys("حهh", "ح"),
    **dict.fromkeys("خ", "خ"),
    **dict.fromkeys("ع", "ع"),
    **dict.fromkeys("لl", "ل"),
    **dict.fromkeys("مm", "م"),
    **dict.fromkeys("نn", "ن"),
    **dict.fromkeys("رr", "ر"),
}
_LATIN = re.compile("[a-z]")
MIN_CONSONANTS = 3


def skeleton(word: str) -> str:
    """The coarse consonant skeleton of an Arabic or Arabizi word ("" when it has none)."""
    if _LATIN.search(word):
        word = _DIGRAPHS.sub(lambda m: _DIGRAPH_CLASS[m.group()], word)
        if len(word) > 3 and word[-1] == "h" and word[-2] in "aeiou":  # "kabseh": taa marbuta
            word = word[:-1]
    elif len(word) > 3 and word.endswith("ه"):  # taa marbuta, folded to ه by normalize
        word = word[:-1]
    elif len(word) > 3 and word.endswith("اء"):  # a final hamza after alif is not said ("khadra")
        word = word[:-1]
    out: list[str] = []
    vowel = False
    for ch in word:
        cls = _CLASS.get(ch)
        if cls is None:
            vowel = vowel or ch in _VOWELS
        elif not out or out[-1] != cls or vowel:
            # a letter said twice with a vowel between is two ("حريرة" / "7rira": ح ر ر), a
            # doubled one is one ("kebbe": ك ب)
            out.append(cls)
            vowel = False
        else:
            vowel = False
    return "".join(out)


#: Long vowels and the Latin vowels: between two of the same letter they keep both.
_VOWELS = frozenset("اويىaeiouy")


def skeletons_of(own_words: frozenset[str]) -> dict[str, str]:
    """skeleton → the menu's own Arabic word, for skeletons only one own word has."""
    found: dict[str, set[str]] = {}
    for word in own_words:
        if _LATIN.search(word):
            continue
        for form in token_forms(word):
            skel = skeleton(form)
            if len(skel) >= MIN_CONSONANTS:
                found.setdefault(skel, set()).add(word)
    return {skel: next(iter(words)) for skel, words in found.items() if len(words) == 1}


def latin_skeletons(token: str) -> tuple[str, ...]:
    """The skeletons an Arabizi token may have: "th" is written for ث and for ذ alike
    ("haneeth" = "حنيذ", "mathbi" = "مظبي"), so a token with it has both readings."""
    first = skeleton(token)
    # "kebbe" for "كبة": a final vowel may be the taa marbuta, which a three-letter Arabic word
    # keeps in its skeleton (as ه)
    tied = (first + "ح",) if token[-1:] in ("e", "a") and len(first) == MIN_CONSONANTS - 1 else ()
    if "th" not in token:
        return (first, *tied)
    second = skeleton(token.replace("th", "dh"))
    return ((first, second) if second != first else (first,)) + tied


def arabizi_word(token: str, skeletons: dict[str, str]) -> str | None:
    """The menu's own Arabic word an Arabizi token spells, if exactly one fits."""
    if not _LATIN.search(token):
        return None
    found = {skeletons[s] for s in latin_skeletons(token) if len(s) >= MIN_CONSONANTS and s in skeletons}
    if not found and "d" in token and "dh" not in token:
        # "3adm" for "عظم": ظ said and written as "d" in the Levant and the Gulf, read so only
        # when nothing else fits
        said = skeleton(token.replace("d", "z"))
        found = {skeletons[said]} if len(said) >= MIN_CONSONANTS and said in skeletons else set()
    return next(iter(found)) if len(found) == 1 else None


def is_latin(word: str) -> bool:
    """Whether a token is written in Latin letters (Arabizi or English)."""
    return bool(_LATIN.search(word))


@lru_cache(maxsize=4096)
def spoken_skeletons(word: str, with_clitic: bool) -> frozenset[str]:
    """Skeletons an Arabic menu word may be said with: as written, without its final taa
    marbuta, without a leading ق (said as
    a glottal stop and often left out: "ashta" for "قشطة"), and with `with_clitic` without its
    "بال"/"ب" (the Arabizi wrote it apart: "bel ashta")."""
    bodies = {word}
    if with_clitic:
        bodies |= {
            word[len(p) :] for p in ("بال", "ب", "وال") if word.startswith(p) and len(word) - len(p) >= 2
        }
    out: set[str] = set()
    for body in bodies:
        out.add(skeleton(body))
        if body.endswith("ه"):  # a taa marbuta said as a vowel even in a short word ("kebbe": "كبة")
            out.add(skeleton(body[:-1]))
        if body.startswith("ق"):
            out.add(skeleton(body[1:-1] if body.endswith("ه") else body[1:]))  # taa marbuta
    return frozenset(out)


def _dialect_skeletons() -> dict[str, frozenset[str]]:
    """skeleton → the menu words another dialect's Arabic word with that skeleton stands for
    ("لبن" → "حليب"), so an Arabizi "laban" finds them too."""
    out: dict[str, frozenset[str]] = {}
    for other, same in DIALECT_EQUIVALENTS.items():
        if not _LATIN.search(other):
            out[skeleton(other)] = out.get(skeleton(other), frozenset()) | same
    return out


_DIALECT_SKELETONS = _dialect_skeletons()


#: Arabizi plural endings of an adjective ("7arrin" for "حارين").
_PLURAL_ENDINGS = ("een", "in")


def short_skeletons(token: str, words: frozenset[str], with_clitic: bool = False) -> str | None:
    """The one word of `words` (a few words of menu names beside the token) an Arabizi token
    spells, down to two consonants; dialect words for a menu word count too ("laban" for
    "حليب")."""
    forms = [token]
    if len(token) > 4 and token.endswith(_PLURAL_ENDINGS):  # "7arrin", "mashwiyeen": a plural
        forms.append(token[: -3 if token.endswith("een") else -2])
    skels = [s for form in forms for s in latin_skeletons(form) if len(s) >= 2]
    if not skels:
        return None
    hits = {w for w in words for skel in skels if skel in spoken_skeletons(w, with_clitic)}
    if not hits:
        same = frozenset().union(*(_DIALECT_SKELETONS.get(skel, frozenset()) for skel in skels))
        hits = {w for w in words for s in same if w.endswith(s)}
    return next(iter(hits)) if len(hits) == 1 else _bare_of_its_and_form(hits)


def _bare_of_its_and_form(hits: set[str]) -> str | None:
    """ "tamees jibn" beside "تميس جبن" and "تميس عسل وجبن": a word a name also writes with its "و"
    ("and cheese") spells the same skeleton; said without a "w" it is the bare word."""
    if len(hits) != 2:
        return None
    bare = [w for w in hits if "و" + w in hits]
    return bare[0] if bare else None
