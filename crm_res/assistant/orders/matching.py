"""Menu matching: runs of dish words resolved to one menu item, a short list of candidates, or
nothing; bare sizes and qualifiers borrow the dish before them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from crm_res.assistant.normalize import normalize, number_value
from crm_res.assistant.orders.canonical import canonical_words
from crm_res.assistant.orders.menu_index import MenuIndex, gender_forms
from crm_res.assistant.orders.model import MenuEntry
from crm_res.assistant.orders.tokens import Slot
from crm_res.assistant.orders.vocabulary import (
    ARTICLES,
    BRIDGES,
    MOD_STANDALONE,
    PLAIN,
    QUALIFIERS,
    SAME_AS,
    SIZES_AND_MEASURES,
    narrows_only,
)


@dataclass
class Mention:
    start: int
    end: int
    entry: MenuEntry | None
    candidates: list[MenuEntry]
    text: str
    quantity: int | None = None
    implied: int = 0
    mods: list[str] = field(default_factory=list)
    elliptical: bool = False  # a bare qualifier that borrowed the previous dish's head
    qty_slot: int | None = None  # the number slot that gave `quantity`
    replaced: bool = False  # restated by a correction further on ("… make it 2 cheese pies")
    words: tuple[str, ...] = ()  # the canonical words the customer used for it
    # a dish named back with a note ("…، والقهوة سادة"): the mention it describes, which takes its
    # changes; it orders nothing itself
    restates: Mention | None = None


def _resolve(words: list[str], index: MenuIndex) -> tuple[MenuEntry | None, list[MenuEntry]]:
    wanted = frozenset(words)
    if wanted in index.exact:
        return index.exact[wanted], []
    for agreeing in _agreeing(wanted, index):  # "نص فروج مشوية" for the menu's "نص فروج مشوي"
        if agreeing in index.exact:
            return index.exact[agreeing], []
    if all(narrows_only(w) for w in words) and not any(w.isdigit() for w in words):
        # "حار" alone is no dish, even when one name on the menu has it; a name's own count
        # read as a name word ("8 piece meal") narrows to the names that hold it
        return None, _the_sandwiches_a_lone_sandwich_word_asks_about(wanted, index)
    fits = [e for e in index.entries if wanted <= index.words_of[e.key]]
    if not fits:
        # "فروج مشوية" for the menu's "فروج مشوي": an adjective in the other gender
        fits = [e for e in index.entries if all(_fits_word(w, index.words_of[e.key]) for w in wanted)]
    if len(fits) > 1:
        # a shared name asks only about what can be ordered ("بيتزا" when one pizza is off)
        fits = [e for e in fits if e.available] or fits
    if len(fits) > 1:
        fits = _tight(words, fits)
    if len(fits) > 1:
        fits = _said_whole_in_two_scripts(wanted, fits)
    if len(fits) > 1:
        fits = _not_in_a_container(words, fits)
    if len(fits) > 1:
        fits = _not_what_it_is_served_on(wanted, fits)
    if len(fits) > 1:
        fits = _measure_said_whole(wanted, fits, index)
    if len(fits) > 1:
        fits = _plain_beside_its_variant(wanted, fits, index)
    if len(fits) > 1:
        fits = _plain_size_said_without_its_kind(wanted, fits, index)
    if len(fits) > 1:
        fits = _the_dishes_it_opens(words, fits)
    if len(fits) == 1:
        return fits[0], []
    if fits and (not all(narrows_only(w) for w in words) or any(w.isdigit() for w in words)):
        return None, fits
    return None, []


def _spelled_by_narrow_words(words: list[str], index: MenuIndex) -> tuple[MenuEntry | None, list[MenuEntry]]:
    """ "ونص فروج" for the menu's "نص فروج مشوي", "وجبة عائلية" for its "وجبة عائلية ١٢ / ١٦ قطعة":
    two or more different words that alone name nothing (a size, a meat, a measure), borrowing no
    dish before them, name the dishes whose names hold them side by side: the one, or a question
    among them. One such word alone ("حار") stays no dish."""
    said = frozenset(words)
    if len(said) < 2 or len(said) != len(words):
        return None, []
    fits = [e for e in index.entries if said <= index.words_of[e.key]]
    fits = [e for e in fits if any(_side_by_side(set(said), name) for name in _name_words(e))]
    if len(fits) > 1:
        fits = [e for e in fits if e.available] or fits
    if len(fits) == 1:
        return fits[0], []
    return None, fits


#: Containers of a batch a name may open with ("علبة فطاير عائلية", "صينية كنافة كبيرة", "Family
#: Fatayer Box", "سطل أجنحة عائلي"), and the plate, which holds a batch only as an assortment
#: ("صحن فطاير مشكل").
_BATCH_CONTAINERS = frozenset(
    w
    for word in ("علبة", "صينية", "بوكس", "box", "tray", "platter", "سطل", "bucket", "barrel")
    for w in canonical_words(word)
)
_PLATE = frozenset(canonical_words("صحن"))
_ASSORTED = frozenset(
    w for word in ("مشكل", "مشكلة", "mixed", "assorted", "عائلي") for w in canonical_words(word)
)
#: Ways of serving a dish that a name may hold beside the dish ("صحن شاورما لحم", "Beef Shawarma
#: Plate", "وجبة برجر دجاج", "Chicken Burger Meal", "ساندويتش فلافل"): a customer who says the dish
#: alone ("شاورما لحم", "برجر دجاج") means it as it comes, not its plate or its meal.
_SERVINGS = frozenset(
    w
    for word in ("وجبة", "meal", "combo", "كومبو", "ساندويتش", "sandwich", "wrap", "لفة")
    for w in canonical_words(word)
)
_CONTAINERS = _BATCH_CONTAINERS | _PLATE


_SANDWICH = frozenset(w for word in ("ساندويتش", "sandwich") for w in canonical_words(word))


def _the_sandwiches_a_lone_sandwich_word_asks_about(
    said: frozenset[str], index: MenuIndex
) -> list[MenuEntry]:
    """ "ابغى ساندويتش وعصير", "ابي ساندويتش ثنين": the sandwich word alone, on a menu that sells
    several sandwiches by that word, asks which (no box of them); with one or none it names nothing,
    as any other word of how a dish is served does."""
    if not said or not said <= _SANDWICH:
        return []
    fits = [e for e in index.entries if e.available and index.words_of[e.key] & said and not _a_batch(e)]
    return fits if len(fits) >= 2 else []


def _a_batch(entry: MenuEntry) -> bool:
    """Whether the name opens with a container of a batch: a box or a tray, or a plate of an
    assortment ("صحن فطاير مشكل")."""
    words = _name_words(entry)[0]
    first = set(words[:1])
    return bool(first & _BATCH_CONTAINERS) or bool(first & _PLATE and set(words) & _ASSORTED)


def _a_serving(entry: MenuEntry) -> bool:
    """Whether a name of the entry holds a plate, a meal or a sandwich word beside the dish."""
    return any(set(words) & (_PLATE | _SERVINGS) for words in _name_words(entry))


def _not_in_a_container(words: list[str], fits: list[MenuEntry]) -> list[MenuEntry]:
    """ "أبي فطاير" asks among the fatayer, not about the plate or the box of them: names of a batch
    (a box, a tray, a bucket, a plate of an assortment) are left out of a question about the dish
    they hold, unless the customer said a container too, or only one dish would be left (then it
    stays a question). A bare dish ("شاورما لحم", "برجر دجاج") is the dish as it comes: its plate
    and its meal are left out too, down to one dish, unless the customer said a plate or a meal;
    where every other dish names a serving of its own ("ساندويتش فلافل" beside "صحن فلافل") it
    stays a question."""
    said = set(words)
    if said & _CONTAINERS:
        return fits
    loose = [e for e in fits if not _a_batch(e)]
    # still a question among two or more: a lone dish left is no answer ("فلافل" with a falafel
    # sandwich and a falafel plate asks between them)
    fits = loose if 2 <= len(loose) < len(fits) else fits
    if said & _SERVINGS:
        return fits
    bare = [e for e in fits if not _a_serving(e)]
    return bare if bare and len(bare) < len(fits) else fits


#: "قوزي على تمن", "Quzi on Rice": what follows these in a name is what the dish is served on.
_SERVED_ON = frozenset(normalize(w) for w in "على ع on over".split())


def _not_what_it_is_served_on(wanted: frozenset[str], fits: list[MenuEntry]) -> list[MenuEntry]:
    """ "تمن" asks between the menu's rice dishes, not about "قوزي على تمن": a name that holds the
    words said only after its "على" / "on" is the dish served on them, left out of the question
    (unless it would leave none)."""
    heads = [e for e in fits if not all(_served_on(e, w) for w in wanted)]
    return heads if heads else fits


@lru_cache(maxsize=512)
def _served_on(entry: MenuEntry, word: str) -> bool:
    for name in (entry.name_ar, entry.name_en):
        words = canonical_words(name)
        on = next((k for k, w in enumerate(words) if w in _SERVED_ON), None)
        if word in words and (on is None or words.index(word) < on):
            return False
    return True


def _tight(words: list[str], fits: list[MenuEntry]) -> list[MenuEntry]:
    """The names that spell the words said side by side, when some do and some only hold them
    apart: "منقوشة جبنة" asks between "منقوشة جبنة وسط" and "منقوشة جبنة كبيرة", not about
    "منقوشة نص زعتر نص جبنة", whose words for it stand apart."""
    said = set(words)
    tight = [e for e in fits if any(_side_by_side(said, name) for name in _name_words(e))]
    return tight if tight and len(tight) < len(fits) else fits


def _said_whole_in_two_scripts(said: frozenset[str], fits: list[MenuEntry]) -> list[MenuEntry]:
    """ "man2ushe za3tar" read as "منقوشة" + the English "zaatar": words of two scripts, which no one
    name holds side by side, name the one dish with a name of as many words ("Zaatar Manakish", not
    "Half Zaatar Half Cheese Manakish")."""
    if not any(w.isascii() for w in said) or all(w.isascii() for w in said):
        return fits
    whole = [e for e in fits if any(len(set(name)) == len(said) for name in _name_words(e))]
    return whole if len(whole) == 1 else fits


def _measure_said_whole(said: frozenset[str], fits: list[MenuEntry], index: MenuIndex) -> list[MenuEntry]:
    """ "a masgouf kilo" beside "Masgouf Fish Kilo" and "Masgouf Fish Half Kilo": a measure said is
    the name that adds no other size or measure to it; a name that adds one ("half") the customer
    did not say is left out. With no measure said ("كراهي دجاج") the question stays."""
    if not said & SIZES_AND_MEASURES:
        return fits
    plain = [e for e in fits if not (index.words_of[e.key] - said) & SIZES_AND_MEASURES]
    return plain if plain else fits


def _plain_beside_its_variant(
    said: frozenset[str], fits: list[MenuEntry], index: MenuIndex
) -> list[MenuEntry]:
    """ "kebab 3ra2i" beside "كباب عراقي" and "كباب عراقي حار": the name said in full (as many words
    as it has, in either script) is the plain one when every other name only adds a spice or
    other modifier word the customer did not say. A bare head ("كباب") stays a question."""
    if said & MOD_STANDALONE:
        return fits
    plain = [e for e in fits if not (index.words_of[e.key] - said) & MOD_STANDALONE]
    if len(plain) != 1:
        return fits
    keep = plain[0]
    if len(said) < min(len(set(name)) for name in _name_words(keep)):
        return fits  # part of the name only: the head several dishes share
    own = index.words_of[keep.key]
    if all(index.words_of[e.key] - own <= MOD_STANDALONE for e in fits if e is not keep):
        return plain
    return fits


#: The kind a drink's name opens with ("شاي كرك", "عصير مانجو", "قهوة تركية"): said without it,
#: the rest of the name still names the drink ("كرك", "2 karak").
_DRINK_KINDS = frozenset({"شاي", "عصير", "قهوه"})
#: The sizes a menu adds to a drink's name for its bigger or smaller cup ("شاي كرك كبير").
_CUP_SIZES = frozenset({"كبير", "صغير", "وسط"})


def _plain_size_said_without_its_kind(
    said: frozenset[str], fits: list[MenuEntry], index: MenuIndex
) -> list[MenuEntry]:
    """ "كرك", "2 karak" beside "شاي كرك" and "شاي كرك كبير": a drink said by its name less its kind
    word (tea, juice, coffee), no size said, is the plain cup when every other name only adds a size
    to it. A size said, or another name that adds more than a size, keeps the question."""
    if said & _CUP_SIZES:
        return fits
    plain = [e for e in fits if not (index.words_of[e.key] - said) & _CUP_SIZES]
    if len(plain) != 1:
        return fits
    if not any(said < set(name) and set(name) - said <= _DRINK_KINDS for name in _name_words(plain[0])):
        return fits
    own = index.words_of[plain[0].key]
    if all(index.words_of[e.key] - own <= _CUP_SIZES for e in fits if e is not plain[0]):
        return plain
    return fits


def _the_dishes_it_opens(words: list[str], fits: list[MenuEntry]) -> list[MenuEntry]:
    """ "صاج" alone on a menu of "صاج دجاج", "صاج لحمة" and "منقوشة صاج زعتر", "منقوشة صاج جبنة":
    one Arabic word that opens some Arabic names and, in all the others, stands after one other
    head they share ("منقوشة": a manousheh made on the saj) asks between the dishes it opens."""
    said = set(words)
    if len(said) != 1 or not next(iter(said)).isalpha() or next(iter(said)).isascii():
        return fits
    word = next(iter(said))
    opened = [e for e in fits if canonical_words(e.name_ar)[:1] == [word]]
    rest = [canonical_words(e.name_ar) for e in fits if e not in opened]
    if not opened or not rest or not all(word in name[1:] for name in rest):
        return fits
    return opened if len({name[0] for name in rest}) == 1 else fits


def _side_by_side(said: set[str], name: tuple[str, ...]) -> bool:
    """At least two of the words said are in the name (all of them if fewer), in one block."""
    at = [k for k, w in enumerate(name) if w in said]
    return len(at) >= min(2, len(said)) and at[-1] - at[0] == len(at) - 1


@lru_cache(maxsize=4096)
def _name_words(entry: MenuEntry) -> tuple[tuple[str, ...], ...]:
    """Each name of the entry (Arabic, English, aliases) as its canonical words, in order."""
    return tuple(
        tuple(canonical_words(name)) for name in (entry.name_ar, entry.name_en, *entry.aliases) if name
    )


def _agreeing(wanted: frozenset[str], index: MenuIndex) -> list[frozenset[str]]:
    """The word sets `wanted` becomes with its adjectives in the other gender, where the menu
    spells them so (a few words, each with at most one other form)."""
    others = [_other_gender(w) & index.menu_words for w in wanted]
    if not any(others):
        return []
    options = [[w, *sorted(o)] for w, o in zip(wanted, others, strict=True)]
    return [frozenset(combo) for combo in product(*options)][1:]


def _fits_word(word: str, words: frozenset[str]) -> bool:
    return word in words or bool(_other_gender(word) & words)


@lru_cache(maxsize=8192)
def _other_gender(word: str) -> frozenset[str]:
    return gender_forms(frozenset({word}))


def find_mentions(slots: list[Slot], index: MenuIndex) -> list[Mention]:
    mentions: list[Mention] = []
    i = 0
    while i < len(slots):
        if _is_plain_after_number(slots, i) and mentions and mentions[-1].entry is not None:
            # "وجبة بروستد حار ووحدة عادي": where the menu names a regular variant of the dish,
            # "one regular" is that variant; elsewhere it is the same dish with no change
            entry = next(
                (
                    variant
                    for word in sorted(PLAIN & index.menu_words)
                    if (variant := _elliptical([word], mentions, index)) is not None
                ),
                None,
            ) or _elliptical([], mentions, index)
            if entry is None or entry == mentions[-1].entry:
                entry = _without_its_modifier(slots, i, mentions[-1], index) or entry
            if entry is not None:
                mentions.append(Mention(i, i + 1, entry, [], slots[i].text, elliptical=True))
            i += 1
            continue
        note_end = _with_note_of_some_of_them(slots, mentions, i, index)
        if note_end:
            # "وثنتين مع ليمون زيادة", "two with extra tamarind water", "etnen ma3 lamoon zyada",
            # "ثنين بصوص حار على جنب": with something, said of some of the dish before, is a note on
            # them to the end of its clause, no dish and no food named back
            apart = slots[i].text in _WITH_APART
            for k in range(i, note_end):
                # "with" said apart leads the note ("مع ليمون زيادة"), as "بدون" leads its change
                kind = "mod" if apart and k == i else "other" if apart else "modword"
                slots[k] = Slot(slots[k].text, kind, conj=slots[k].conj)
            i = note_end
            continue
        if slots[i].kind == "other" and _with_said_of_some_of_them(slots, mentions, i):
            # "ثنتين بنوري زيادة", "wa7da mshawya zyada", "3 bzebda": with (extra) something, said of
            # some of the dish before, a note on them, no food named back
            slots[i] = Slot(slots[i].text, "modword", conj=slots[i].conj)
            i += 1
            continue
        if slots[i].kind != "item":
            i += 1
            continue
        run_end = _run_end(slots, i)
        if (
            run_end == i + 1
            and (_said_of_some_of_them(slots, mentions, i) or _with_said_of_some_of_them(slots, mentions, i))
            and _some_of_them_another_way(slots[i].canon, mentions, index) is None
        ):
            # "باني بوري ستة، … وواحد حار": a spice word of another name said of some of the dish
            # before, which the menu has no such variant of, is a note on them, no dish of its own
            slots[i] = slots[i].fallback or Slot(slots[i].text, "modword", conj=slots[i].conj)
            i += 1
            continue
        bridged = _bridged(slots, i, run_end, index)
        if bridged is not None:
            end, entry, bridged_words = bridged
            text = " ".join(s.text for s in slots[i:end])
            mentions.append(Mention(i, end, entry, [], text, words=bridged_words))
            i = end
            continue
        found: tuple[int, MenuEntry | None, list[MenuEntry], bool] | None = None
        like = _after_same_as(slots, i)
        for n in range(run_end - i, 0, -1):
            words = [s.canon for s in slots[i : i + n]]
            entry, candidates = _resolve(words, index)
            if entry is None and not candidates and len(words) > 2 and "of" in words[1:-1]:
                # "a large pot of mint tea" for "Large Mint Tea Pot": the "of" of another order
                entry, candidates = _resolve([w for w in words if w != "of"], index)
            elliptical = False
            if like and mentions and (swapped := _like_it_but(words, mentions[-1], index)) is not None:
                # "رز مقلي بالروبيان وواحد زيه بس بالدجاج", "مسمن ثلاث وواحد زيه بالعسل": one like
                # the dish before, with this word added or in place of one of its own
                found = (n, swapped, [], True)
                break
            if (
                entry is None
                and not candidates
                and all(narrows_only(w) for w in words)
                and not _continues_previous(slots, mentions, i)
            ):
                entry = _elliptical(words, mentions, index, _points_back(slots, mentions, i))
                elliptical = entry is not None
                if elliptical and _measures_what_follows(words, slots[i + n : run_end], index):
                    break  # "وصحن حمص": the plate of the hummus that follows, not another falafel
                if entry is None:
                    entry, candidates = _spelled_by_narrow_words(words, index)
            elif entry is None and candidates and _adds_to_previous(words, mentions, index):
                # "٣ بسبوسة وواحدة بالقشطة": a word several items share ("بالقشطة": cream
                # kunafa, cream basbousa) that the dish just named narrows to one of them
                borrowed = _elliptical(words, mentions, index)
                if borrowed is not None and borrowed in candidates:
                    entry, candidates, elliptical = borrowed, [], True
            elif entry is None and candidates and mentions and mentions[-1].candidates and mentions[-1].words:
                # "تلات مناقيش: وحدة زعتر …": a word several items share, after a header that asks
                # among them, is the one the header's words and it name together
                header = mentions[-1]
                narrowed, _ = _resolve([*header.words, *words], index)
                if narrowed is not None and narrowed in header.candidates and narrowed in candidates:
                    entry, candidates = narrowed, []
            if entry is not None or candidates:
                found = (n, entry, candidates, elliptical)
                break
        if found is None:
            i += 1
            continue
        n, entry, candidates, elliptical = found
        if (
            not elliptical
            and mentions
            and i
            and slots[i - 1].kind == "ref"
            and slots[i - 1].text in _ALL_REFS
        ):
            # "علبة فطاير عائلية، كلها سبانخ": what all of them should hold, a note, no dish
            for k in range(i, run_end):
                slots[k] = Slot(slots[k].text, "stop", conj=slots[k].conj)
            i = run_end
            continue
        rest = slots[i + n : run_end]
        # "kung pao chicken, beef with broccoli": a meat word that opens the next dish of this menu
        # (joined by "with" / "of") is that dish, not a kind of the one before
        opens_next = bool(rest) and _bridged(slots, i + n, run_end, index) is not None
        if rest and all(s.canon in QUALIFIERS for s in rest) and not opens_next:
            # "كبسه لحم" when only chicken kabsa exists: a variant the menu lacks, never swapped
            # silently for another one.
            text = " ".join(s.text for s in slots[i:run_end])
            mentions.append(Mention(i, run_end, None, [], text))
            i = run_end
            continue
        if _rest_of_previous_name(slots, mentions, i, entry, [s.canon for s in slots[i : i + n]], index):
            # "منقوشة نص زعتر ونص جبنة": the "و" joins the two halves of one name
            previous = mentions[-1]
            previous.end = i + n
            previous.text = " ".join(s.text for s in slots[previous.start : i + n])
            previous.words = (*previous.words, *(s.canon for s in slots[i : i + n]))
            i += n
            continue
        text = " ".join(s.text for s in slots[i : i + n])
        implied = max(
            (s.value for s in slots[i : i + n] if not _word_of_its_written_name(s, entry)), default=0
        )
        # a borrowed mention keeps the words of the dish it borrowed from, so the next bare size
        # borrows the same dish ("وحدة كبيرة وتنتين صغار")
        said = mentions[-1].words if elliptical else tuple(s.canon for s in slots[i : i + n])
        mentions.append(
            Mention(i, i + n, entry, candidates, text, implied=implied, elliptical=elliptical, words=said)
        )
        i += n
    return mentions


def _word_of_its_written_name(slot: Slot, entry: MenuEntry | None) -> bool:
    """Whether a word with a count in it is written so in the dish's own Arabic name: "دجاجتين"
    of "وجبة عائلية دجاجتين" names the meal (the restaurant's own name first), it counts none."""
    return entry is not None and bool(slot.value) and normalize(slot.text) in normalize(entry.name_ar).split()


#: "extra" said after what is added ("بفلفل زيادة", "mshawya zyada"): the word before is the change.
_EXTRA_AFTER = frozenset(normalize(w) for w in "زياده زيادة extra zyada ziyada zeyada ziada".split())
#: The clitic "with" in Arabizi, glued ("bl3sel", "bzebda", "bel-jibn").
_ARABIZI_WITH_GLUED = re.compile("^(?:bel|bil|bl|b)[a-z0-9\u0621-\u064a]{3,}$")  # Arabizi's 3 read ع


def _with_said_of_some_of_them(slots: list[Slot], mentions: list[Mention], i: int) -> bool:
    """Whether the word at slot i, said right after a count smaller than the dish's own, is made with
    something: "extra" after it ("ثنتين بفلفل زيادة", "wa7da mshawya zyada") or, a word alone, the
    clitic "with" on it ("3 bl3sel w 3 bzebda", "ثنتين بدبس"): a note on some of them."""
    slot = slots[i]
    if slot.conj:
        return False
    extra = i + 1 < len(slots) and slots[i + 1].text in _EXTRA_AFTER
    text, canon = slot.text, slot.canon
    # the clitic read off: "بدبس" is "بالدبس", "بفلفل" a "فلفل"; never a word that starts with ب
    # itself ("بيبسي"); Arabizi with the article glued ("bl3sel"), or "b" on a word read as nothing
    with_clitic = (
        (text.startswith("ب") and len(text) >= 4 and (canon.startswith("بال") or not canon.startswith("ب")))
        or (text.startswith(("bel", "bil", "bl")) and bool(_ARABIZI_WITH_GLUED.match(text)))
        or (slot.kind == "other" and bool(_ARABIZI_WITH_GLUED.match(text)))
        # the dish's own "with X" said again of some of them ("لقيمات بدبس التمر …، ثنتين منها بدبس
        # زيادة"): more of it on them; and Arabic "with" on a word off the menu ("ووحدة بسمسم")
        or (slot.kind == "item" and text.startswith("ب") and bool(mentions) and canon in mentions[-1].words)
        or (slot.kind == "other" and text.startswith("ب") and len(text) >= 5)
    )
    # closing its clause: the end, "و" said apart or glued on the next word ("ووحدة بسمسم، وفنجان …")
    closes = i + 1 >= len(slots) or slots[i + 1].kind in ("conj", "num", "mod") or slots[i + 1].conj
    if slot.kind == "item":
        said = with_clitic and (extra or closes)  # "ثنتين بدبس زيادة"; "ثومية زيادة" is the dish
    else:
        said = extra or (with_clitic and closes)  # "wa7da mshawya zyada", "3 bzebda"
    return said and _after_a_smaller_count(slots, mentions, i)


#: "With" said apart ("وثنتين مع ليمون", "two with extra …", "etnen ma3 lamoon"), Arabizi's 3 read ع.
_WITH_APART = frozenset(normalize(w) for w in "مع with ma3 m3 ma3a".split())
#: The kinds a note runs over: words of food, changes and small words, up to the clause's end.
_NOTE_KINDS = frozenset(("item", "other", "mod", "modword", "filler", "stop"))


def _with_note_of_some_of_them(slots: list[Slot], mentions: list[Mention], i: int, index: MenuIndex) -> int:
    """The end of a note made with something and said of some of the dish before, when one opens at
    slot i right after a count smaller than the dish's: "with" said apart ("وثنتين مع ليمون زيادة",
    "two with extra tamarind water") or glued on a word that goes on ("ثنين بصوص حار على جنب"); the
    note runs to its clause's end (a "و", a count, a back reference), four words at most. 0 when none."""
    slot = slots[i]
    if slot.conj or not mentions or not _after_a_smaller_count(slots, mentions, i):
        return 0
    start = mentions[-1].start
    counted_before = start and slots[start - 1].kind == "num" and not slots[start].conj
    if mentions[-1].end == i - 1 and not counted_before:
        return 0  # "وعصير فراولة ١ مع كريب": the count right after an uncounted dish is its own
    apart = slot.text in _WITH_APART
    glued = (
        slot.kind == "item"
        and slot.text.startswith("ب")
        and len(slot.text) >= 4
        and not slot.canon.startswith("ب")
        and i + 1 < len(slots)
        and slots[i + 1].kind == "item"
        and not slots[i + 1].conj
    )
    if not apart and not glued:
        return _more_or_less_of_something_end(slots, i, index)
    end = i + 1
    while end < len(slots) and end - i <= 4 and not slots[end].conj and slots[end].kind in _NOTE_KINDS:
        end += 1
    if apart and end == i + 2:
        return 0  # "واحد منهم مع دجاج", "تنتين منن مع زعتر": one word after "with", read below as the note
    return end if end > i + 1 else 0


#: "more" / "less" said after what there is more or less of ("ووحدة رز زيادة", "ووحدة رزها قليل").
_MORE_OR_LESS_AFTER = _EXTRA_AFTER | frozenset(normalize(w) for w in "قليل قليله اقل".split())


def _more_or_less_of_something_end(slots: list[Slot], i: int, index: MenuIndex) -> int:
    """The end of "رز زيادة", "زيت زيتون زيادة", "بصوص نعناع زيادة", "رزها قليل" opening at slot i
    (one to three words of food, then "more" / "less" closing the clause), said right after a
    count smaller than the dish's: more or less of something on some of them, no dish. 0 when none,
    and when the words are the whole name of a dish ("وتنين ثومية زيادة": two more garlic sauces)."""
    for last in range(i + 1, min(i + 4, len(slots))):
        if slots[last].text in _MORE_OR_LESS_AFTER:
            break
        if slots[last].conj or slots[last].kind not in ("item", "other"):
            return 0
    else:
        return 0
    if slots[i].kind not in ("item", "other"):
        return 0
    if frozenset(slots[k].canon for k in range(i, last)) in index.exact:
        return 0
    closes = last + 1 >= len(slots) or slots[last + 1].kind in ("conj", "num", "mod") or slots[last + 1].conj
    return last + 1 if closes else 0


def _said_of_some_of_them(slots: list[Slot], mentions: list[Mention], i: int) -> bool:
    """Whether the word at slot i is a modifier word (a spice, a size: a word of some name only) said
    right after a count smaller than the count of the dish just named ("X ستة، … وواحد حار")."""
    fallback = slots[i].fallback
    if fallback is None or fallback.kind != "modword":
        return False
    return _after_a_smaller_count(slots, mentions, i)


def _after_a_smaller_count(slots: list[Slot], mentions: list[Mention], i: int) -> bool:
    """Whether slot i comes right after a count smaller than the count of the dish just named, not one
    more of it joined by "و" right after it."""
    if not i or not mentions:
        return False
    previous = mentions[-1]
    at = i - 1
    if at > 0 and slots[at].kind == "ref" and slots[at - 1].kind == "num":
        at -= 1  # "ثنتين منها بدبس زيادة": "of them" between the count and what they are made with
    said = slots[at]
    if previous.entry is None or said.kind != "num" or not said.value:
        return False
    header = [
        k
        for k in (previous.start - 1, previous.end)
        if 0 <= k < at
        and slots[k].kind == "num"
        # a count closing the dish's clause ("baghrir 6, 3 bl3sel …", read "x6") is the dish's own
        and (not slots[k].backward or k == previous.end)
        and slots[k].value > said.value
    ]
    if not header:
        return False
    # "روبيان بالثوم اتنين وواحد حار", "2 large koshari and a family one": one more, joined by "و"
    # right after the dish and its count, is another one, not some of them
    joined = (said.conj and number_value(said.text[1:]) is not None) or slots[at - 1].kind == "conj"
    between = [k for k in range(previous.end, at) if k not in header and slots[k].kind != "conj"]
    return not (joined and not between)


def _some_of_them_another_way(word: str, mentions: list[Mention], index: MenuIndex) -> MenuEntry | None:
    """The dish just named made with `word`: its own words and it ("سقار لحم" + "حار"), or a name
    with the same first word ("لاتيه مثلج" + "حار" is "لاتيه حار"); never another dish that only
    shares a later word ("باني بوري" + "حار" is no "بهيل بوري حار")."""
    previous = mentions[-1]
    variant = _elliptical([word], mentions, index, same_dish=True)
    if variant is None:
        variant = _elliptical([word], mentions, index)
        first = canonical_words(previous.entry.name_ar)[:1] if previous.entry else []
        if variant is not None and canonical_words(variant.name_ar)[:1] != first:
            variant = None
    if variant is not None and previous.entry is not None:
        # "أقاشي دجاج ست، ثلاث حارة": the spicy one of another meat ("أقاشي لحم حار") is no way of
        # making the chicken; a variant adds the word said and nothing else
        added = index.words_of.get(variant.key, frozenset()) - index.words_of.get(
            previous.entry.key, frozenset()
        )
        if not added - index.inner_links <= {word}:
            variant = None
    return variant if variant != previous.entry else None


def _rest_of_previous_name(
    slots: list[Slot],
    mentions: list[Mention],
    i: int,
    entry: MenuEntry | None,
    words: list[str],
    index: MenuIndex,
) -> bool:
    """Whether the run at slot i, right after a dish named only in part, says the rest of that
    same name ("منقوشة نص زعتر" + "ونص جبنة"): it adds words of the name the first part left out,
    so it is one dish, not a second one. "شاورما دجاج وشاورما دجاج" adds nothing: two dishes."""
    if entry is None or not mentions:
        return False
    previous = mentions[-1]
    joined = previous.end == i or (previous.end == i - 1 and slots[i - 1].kind == "conj")
    if not joined or previous.entry != entry or not previous.words:
        return False
    # a borrowed mention keeps the words of the dish it borrowed from; here its own words count
    said = frozenset(
        {s.canon for s in slots[previous.start : previous.end] if s.canon}
        if previous.elliptical
        else previous.words
    )
    if said in index.exact:
        return False  # the first part was the whole name already
    new = frozenset(words) - said
    return bool(new) and said | new <= index.words_of[entry.key]


#: "All of them" ("كلها سبانخ", "all of them cheese"): what follows describes them all.
_ALL_REFS = frozenset(normalize(w) for w in "كلها كلهم كلهن وكلها وكلهم وكلهن kollohom kolhom kolha".split())


def _run_end(slots: list[Slot], i: int) -> int:
    """The end of the run of dish words starting at slot i (an attached "و" starts a new one)."""
    end = i + 1
    while end < len(slots) and slots[end].kind == "item" and not slots[end].conj:
        end += 1
    return end


# "of", "من" and "with"/"مع" join two runs into one dish when together they name one
# ("basbousa with cream" = "بسبوسة بالقشطة"; "burger with fries" stays two)
# (and an Arabizi article, "bint el sahn" for "بنت الصحن": the Arabic name's "ال" written apart)
_LINKS = BRIDGES | {"with", "مع", "el", "al", "il"}


def _bridged(
    slots: list[Slot], i: int, run_end: int, index: MenuIndex
) -> tuple[int, MenuEntry, tuple[str, ...]] | None:
    """Runs of dish words joined by "of"/"a"/"من" that together name one dish:
    (end slot, entry, words)."""
    links = _LINKS | index.inner_links
    runs = [(i, run_end)]
    k = run_end
    while k < len(slots) and slots[k].text in links and not slots[k].conj:
        j = k
        while j < len(slots) and slots[j].text in links and not slots[j].conj:
            j += 1
        if j >= len(slots) or slots[j].kind != "item" or slots[j].conj:
            break
        end = _run_end(slots, j)
        if all(slots[b].text in ARTICLES for b in range(k, j)) and not (
            end < len(slots) and slots[end].text in BRIDGES - ARTICLES
        ):
            break  # "a burger, a chicken burger" is two dishes; "half a kilo of …" is one
        runs.append((j, end))
        k = end
    if len(runs) < 2:
        return None
    for count in range(len(runs), 1, -1):
        joined = {slots[k].text for a in range(count - 1) for k in range(runs[a][1], runs[a + 1][0])}
        first, (start, stop) = runs[: count - 1], runs[count - 1]
        # "mac and cheese, minestrone soup": the comma is gone, so the last run may go on into the
        # next dish; its first words may close the name
        had = {slots[k].canon for a, b in first for k in range(a, b)}
        for cut in range(stop, start, -1):
            if cut < stop and {slots[k].canon for k in range(start, cut)} <= had:
                break  # ("صحن شاورما دجاج مع صحن …": a word said again opens the next dish)
            words = tuple(slots[k].canon for a, b in [*first, (start, cut)] for k in range(a, b))
            entry, _ = _resolve(list(words), index)
            if entry is not None and (not joined - _LINKS or _joins_in_name(joined - _LINKS, entry)):
                return cut, entry, words
    return None


def _joins_in_name(links: set[str], entry: MenuEntry) -> bool:
    """Whether the name itself has these conjunctions inside it ("Sweet and Sour Chicken"):
    "and" joins two runs into one dish only there, never "burger and fries"."""
    names = (entry.name_ar, entry.name_en, *entry.aliases)
    return all(any(link in normalize(name).split() for name in names) for link in links)


def _without_its_modifier(slots: list[Slot], i: int, previous: Mention, index: MenuIndex) -> MenuEntry | None:
    """ "٢ لحم بعجين حار وواحد عادي": after "and" and a number, "regular" is the dish before
    without the modifier in its name ("لحم بعجين"), where that is a dish of its own."""
    joined = slots[i - 1].conj or (i >= 2 and slots[i - 2].kind == "conj" and slots[i - 2].text != ",")
    if not joined or previous.entry is None:
        return None
    plain = [w for w in previous.words if w not in MOD_STANDALONE]
    if not plain or len(plain) == len(previous.words):
        return None
    entry, _ = _resolve(plain, index)
    return entry if entry is not None and entry != previous.entry else None


def _is_plain_after_number(slots: list[Slot], i: int) -> bool:
    """ "one plain" after a dish: that dish without changes. Not when a dish follows right
    after it ("one plain hummus", "three plain naan"): there it describes that dish."""
    if slots[i].text not in PLAIN or i == 0 or slots[i - 1].kind != "num":
        return False
    following = slots[i + 1] if i + 1 < len(slots) else None
    return following is None or following.kind != "item" or following.conj


def _points_back(slots: list[Slot], mentions: list[Mention], i: int) -> bool:
    """Whether a word pointing back ("منها", "of them") stands between the last dish and slot i."""
    start = mentions[-1].end if mentions else 0
    return any(slots[k].kind == "ref" for k in range(start, i))


def _continues_previous(slots: list[Slot], mentions: list[Mention], i: int) -> bool:
    """Whether slot i runs straight on from the dish just named, with no "و", number or comma
    between: "صحن شاورما لحم كبير" describes that plate (which has no size), it is no second,
    large sandwich; "شاورما لحم كبيرة وصغيرة" has its "و"."""
    return bool(mentions) and mentions[-1].end == i and not slots[i].conj


def _measures_what_follows(words: list[str], rest: list[Slot], index: MenuIndex) -> bool:
    """Whether `words` are only sizes or measures and the dish words right after them name a
    dish of their own: then they measure that dish ("وصحن حمص")."""
    if not rest or not all(w in SIZES_AND_MEASURES for w in words):
        return False
    entry, candidates = _resolve([s.canon for s in rest], index)
    return entry is not None or bool(candidates)


def _after_same_as(slots: list[Slot], i: int) -> bool:
    """Slot i comes right after "زيه" / "like it" (a "بس" / "but" / "with" between)."""
    k = i - 1
    while k >= 0 and slots[k].kind in ("stop", "conj") and not slots[k].conj:
        k -= 1
    return k >= 0 and slots[k].kind == "ref" and slots[k].text in SAME_AS and not slots[i].conj


def _like_it_but(words: list[str], previous: Mention, index: MenuIndex) -> MenuEntry | None:
    """The one dish named by the previous dish's words with `words` added, or with one of its
    own words swapped for them; None when that names nothing or more than one dish."""
    if previous.entry is None:
        return None
    own = sorted(index.words_of[previous.entry.key])
    entry, _ = _resolve([*own, *words], index)
    if entry is not None and entry != previous.entry:
        return entry
    found = set()
    for w in own:
        entry, _ = _resolve([*(x for x in own if x != w), *words], index)
        if entry is not None and entry != previous.entry:
            found.add(entry.key)
    if len(found) != 1:
        return None
    return next(e for e in index.entries if e.key in found)


def _adds_to_previous(words: list[str], mentions: list[Mention], index: MenuIndex) -> bool:
    """Whether every word is new to the dish named just before ("بالقشطه" after "بسبوسه", but
    not a second "بيتزا" after "بيتزا مارغريتا", which stays a question)."""
    if not mentions or mentions[-1].entry is None:
        return False
    said = index.words_of[mentions[-1].entry.key]
    # an Arabic name puts its head noun first: a word that starts a name ("كنافه") names a
    # dish of its own ("بسبوسة بالقشطة وكنافة" asks which kunafa), it narrows nothing
    heads = {words_[0] for e in index.entries if (words_ := canonical_words(e.name_ar))}
    return not any(w in said or w in heads for w in words)


def _elliptical(
    words: list[str], mentions: list[Mention], index: MenuIndex, same_dish: bool = False
) -> MenuEntry | None:
    """A bare qualifier borrows the previous dish's head word ("شاورما دجاج وثنتين لحم"), also
    from a dish named too loosely ("٤ شاورما: ٢ دجاج و٢ لحم"). After "of them" it may only
    narrow that same dish ("4 spanish lattes, two of them iced" is no iced latte)."""
    if not mentions:
        return None
    previous = mentions[-1]
    if same_dish and previous.entry is not None:
        own = index.words_of[previous.entry.key]
        entry, _ = _resolve([*own, *words], index)
        for kind in (SIZES_AND_MEASURES, QUALIFIERS):
            if entry is None and words and all(w in kind for w in words) and own & kind:
                # "small choc cake, make it the large": the size said again takes the place of
                # the dish's own size, the rest of the dish stays
                entry, _ = _resolve([*(w for w in own if w not in kind), *words], index)
        return entry if entry is not None and entry != previous.entry else None
    keys = [previous.entry.key] if previous.entry is not None else [c.key for c in previous.candidates]
    if not keys:
        return None
    shared = frozenset.intersection(*(index.words_of[k] for k in keys))
    # "٣ شاورما دجاج: وحدة كبيرة وتنتين صغار": everything the dish before said, plus the size
    entry, _ = _resolve([*previous.words, *words], index) if previous.words else (None, [])
    if entry is not None and entry != previous.entry:
        return entry
    # "شاورما لحم كبيرة وحدة وصغيرة وحدة": a bare size (or meat) after a dish that said one
    # takes the place of that word, the rest of the dish stays
    for kind in (SIZES_AND_MEASURES, QUALIFIERS):
        if words and all(w in kind for w in words) and any(w in kind for w in previous.words):
            entry, _ = _resolve([*(w for w in previous.words if w not in kind), *words], index)
            if entry is not None and entry != previous.entry:
                return entry
    heads = sorted(w for w in shared if not narrows_only(w))
    for head in heads:
        entry, _ = _resolve([head, *words], index)
        if entry is not None:
            return entry
    return None


def mention_after(slots: list[Slot], j: int, starts: dict[int, Mention]) -> Mention | None:
    k = j + 1
    while k < len(slots) and slots[k].kind in ("filler", "ref", "modword") and k not in starts:
        k += 1
    mention = starts.get(k)
    return mention if mention is not None and not slots[k].conj else None


def mention_before(slots: list[Slot], j: int, ends: dict[int, Mention]) -> Mention | None:
    k = j - 1
    while k >= 0 and slots[k].kind in ("filler", "modword", "ref"):
        k -= 1
    return ends.get(k)
