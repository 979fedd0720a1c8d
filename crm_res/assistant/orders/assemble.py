"""Assembling: the parsed order (lines, unknown food words, unavailable and ambiguous items) from
the slots and mentions, plus the food-word helpers intent and the reply guard use."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from crm_res.assistant.normalize import normalize, number_value, token_forms
from crm_res.assistant.orders.arabizi import arabizi_word, is_latin, skeleton
from crm_res.assistant.orders.canonical import FOOD_WORDS, SYNONYM_MATCHER, exact_canonical, single_canonical
from crm_res.assistant.orders.matching import Mention, find_mentions
from crm_res.assistant.orders.menu_index import MenuIndex, index_of, own_word
from crm_res.assistant.orders.model import AmbiguousMention, MenuEntry, OrderLine, ParsedOrder
from crm_res.assistant.orders.modifiers import assign_modifications
from crm_res.assistant.orders.quantities import (
    REMOVE_VERBS,
    assign_quantities,
    corrected_to_another,
    count_variants,
    definite_named_back,
    drop_headers,
    forgotten_then_counted,
    head_like_the_one_before,
    instead_of,
    like_it_but_another,
    notes_of_one_of_them,
    one_of_them_another_way,
    said_in_part_like_it,
    said_no_to,
    same_again,
    split_counted,
    split_named_back,
    taken_off,
    to_another_kind,
)
from crm_res.assistant.orders.tokens import QUESTION_WORDS, Slot, bare_word, read_slots
from crm_res.assistant.orders.vocabulary import (
    AGAIN_WORDS,
    ANOTHER_WORDS,
    ARTICLES,
    BRIDGES,
    CONFIRM_VERBS,
    CONJUNCTIONS,
    CORRECTION_LEAD,
    CORRECTION_VERBS,
    FILLERS,
    INSTEAD,
    MOD_STANDALONE,
    OTHER_FOODS,
    PLAIN,
    SIZES_AND_MEASURES,
    STOPWORDS,
    narrows_only,
)


def food_mentions(text: str, menu: Sequence[MenuEntry] = ()) -> int:
    """How many words of the message name a dish or drink (typo-tolerant); with `menu`, the
    restaurant's own dish words count too ("كابتشينو", "مضغوط", "v60")."""
    toks = normalize(text).split()
    spans = [(start, end) for start, end, _ in SYNONYM_MATCHER.finditer(toks) if end - start > 1]
    # several-word names ("ام علي", "ice cream") count once, through the phrase table
    covered = {k for start, end in spans for k in range(start, end)}
    return len(spans) + sum(1 for k in food_positions(text, menu) if k not in covered)


def dish_name_words(text: str, menu: Sequence[MenuEntry]) -> frozenset[str]:
    """The words (normalised) that spell one of the menu's several-word names in the message:
    "طازج" in "عصير برتقال طازج", "سخنة" in "شوكولا سخنة" are the dish, not a judgement."""
    if not menu:
        return frozenset()
    index = index_of(tuple(menu))
    slots = read_slots(text, index)
    words: set[str] = set()
    for a, b in zip(slots, slots[1:], strict=False):
        if (
            a.kind == b.kind == "item"
            and not b.conj
            and any(a.canon in ws and b.canon in ws for ws in index.words_of.values())
        ):
            words |= set(a.text.split()) | set(b.text.split())
    return frozenset(words)


def food_positions(text: str, menu: Sequence[MenuEntry] = ()) -> set[int]:
    """Indexes (in `normalize(text).split()`) of the words that name a dish or drink."""
    index = index_of(tuple(menu)) if menu else None
    menu_words = index.menu_words if index else frozenset()
    found: set[int] = set()
    for k, tok in enumerate(normalize(text).split()):
        forms = token_forms(tok)
        if forms & STOPWORDS or forms & FILLERS or number_value(tok) is not None or forms & MOD_STANDALONE:
            continue
        canon = single_canonical(tok)
        if forms & FOOD_WORDS or (canon and canon[0] not in MOD_STANDALONE | SIZES_AND_MEASURES):
            found.add(k)
        elif menu_words and (forms & menu_words or own_word(forms, menu_words)):
            found.add(k)
        elif index is not None and arabizi_word(tok, index.arabizi):  # "ba2lawa" for "بقلاوة"
            found.add(k)
    toks = normalize(text).split()
    if index is not None and any(is_latin(tok) and k not in found for k, tok in enumerate(toks)):
        # Arabizi read only beside the words of its name ("7awawshi 7ar" for "حواوشي حار"): the
        # words the parser reads as this menu's are food too
        read = {
            s.text
            for s in read_slots(text, index)
            if s.kind == "item" and s.canon in index.menu_words and is_latin(s.text)
        }
        found |= {k for k, tok in enumerate(toks) if tok in read}
    for start, end, _ in SYNONYM_MATCHER.finditer(toks):
        if end - start > 1 and found.intersection(range(start, end)):
            found.update(range(start, end))  # "سفن اب": the second word of the drink too
    if menu:
        found |= _whole_names(toks, tuple(menu), found)
    return found


def _name_key(words: Sequence[str]) -> tuple[str, ...]:
    """A name's words in any order, English plurals as singulars ("12 piece family meal" =
    "Family Meal 12 Pieces")."""
    return tuple(sorted(w[:-1] if w.isascii() and len(w) > 3 and w.endswith("s") else w for w in words))


@lru_cache(maxsize=32)
def _name_runs(menu: tuple[MenuEntry, ...]) -> frozenset[tuple[str, ...]]:
    """Every several-word name of the menu as the key of its normalised words."""
    runs = {_name_key(normalize(name).split()) for entry in menu for name in (entry.name_ar, entry.name_en)}
    return frozenset(run for run in runs if len(run) > 1)


def _whole_names(toks: list[str], menu: tuple[MenuEntry, ...], found: set[int]) -> set[int]:
    """The first word of each menu name written out in full, in any order, whose words are none
    of them food words ("وجبة عائلية ١٦ قطعة", "a 12 piece family meal": a meal, a size, a count
    and a measure): the restaurant's own name is a dish even when every word of it is something
    else."""
    out: set[int] = set()
    for k in range(len(toks) - 1):
        # "one 8 piece meal": a count and its measure as one of the menu's names has them
        key = _name_key(toks[k : k + 2])
        if toks[k].isdigit() and not found.intersection((k, k + 1)):
            if any(set(key) <= set(run) for run in _name_runs(menu)):
                out.add(k)
    for n in {len(run) for run in _name_runs(menu)}:
        for k in range(len(toks) - n + 1):
            window = toks[k : k + n]
            if _name_key(window) in _name_runs(menu) and not found.intersection(range(k, k + n)):
                out.add(k)
    for k in range(len(toks) - 1):
        # "بدي وجبة عائلية": two words of names side by side, as those names have them, none of
        # them food (a measure and a size): the dishes they name in part, asked about
        pair = (toks[k], toks[k + 1])
        if pair in _name_pairs(menu) and not found.intersection((k, k + 1)) and pair[0] != pair[1]:
            out.add(k)
    return out


@lru_cache(maxsize=32)
def _name_pairs(menu: tuple[MenuEntry, ...]) -> frozenset[tuple[str, str]]:
    """Every two words that stand side by side in a name of the menu, normalised, in order."""
    pairs: set[tuple[str, str]] = set()
    for entry in menu:
        for name in (entry.name_ar, entry.name_en):
            words = normalize(name).split()
            pairs.update(
                (a, b)
                for a, b in zip(words, words[1:], strict=False)
                if not {a, b} & (STOPWORDS | CONJUNCTIONS | BRIDGES) and not (a.isdigit() or b.isdigit())
            )
    return frozenset(pairs)


_PURPOSE = frozenset(("for", "to", "at", "on", "in", "by"))
#: The words of a swap, a correction and a change of mind ("بدل", "خليها", "لا", "sorry"): never a dish.
# ("وواحد ثاني مثله بس حار": "another", "again" are spoken too)
_SPOKEN = INSTEAD | CORRECTION_VERBS | CORRECTION_LEAD | ANOTHER_WORDS | AGAIN_WORDS | REMOVE_VERBS


def _unknown_words(slots: list[Slot], used: set[int], consumed: set[int]) -> list[str]:
    """Food-like words that name nothing on this menu, to be named back ("ما عندنا سوشي"):
    dish words the parser knows from elsewhere and words placed where a dish goes."""
    unknown: list[str] = []
    glued: set[int] = set()  # the second word of a food named back as one phrase
    for j, slot in enumerate(slots):
        if j in glued:
            continue
        if _swapped_out(slots, j) and j not in consumed:
            continue  # "بدل الفتة حمص": the food swapped out is no food asked for, never named back
        if slot.kind == "item" and j not in consumed and not narrows_only(slot.canon):
            word = bare_word(slot)
            if word not in unknown:
                unknown.append(word)
            continue
        if slot.kind != "other" or j in used or j in consumed:
            continue
        forms = token_forms(slot.text)
        if not any(ch.isalnum() for ch in slot.text):
            continue  # "روت بير عدد ٢ 🌭", "٢ 😋": an emoji or a symbol is never a dish named back
        if (
            forms & PLAIN
            or bare_word(slot) in _SPOKEN
            or slot.text in QUESTION_WORDS
            or _done_for_someone(slot)
        ):
            continue  # "one plain hummus": how it is made, never a dish; "وبدل", "وخلي", "ولا", "وعندكن": spoken
        if not forms & OTHER_FOODS and _no_food(slot):
            continue  # "بناية ٤ الطابق التاني", "وبعدين", "للعيال", "يتقاسمونها", "uh", "٥٠ ريال": never a dish
        prev = j - 1
        while prev >= 0 and (
            slots[prev].kind == "filler" or (slots[prev].text in _ALSO_ASKED and not slots[prev].conj)
        ):
            prev -= 1  # ("w kaman zoolbia", "and do you do nachos?": "also" and "do you" pass)
        after_number = prev >= 0 and slots[prev].kind == "num"
        if after_number and slots[prev].text in ARTICLES and prev and slots[prev - 1].text in _PURPOSE:
            after_number = False  # "for a birthday", "to a party": what it is for, not a dish
        # "ووجبة كنتاكي": a measure joined by "و" opens the dish place the word fills
        joined = (
            slot.conj
            or (prev >= 0 and slots[prev].kind == "conj")
            or any(s.conj for s in slots[prev + 1 : j])
            # "وفي لتشون اليوم؟", "وبتعملو كاساديا؟": "and is there" / "and do you make", then the food
            or (
                prev >= 0
                and slots[prev].conj
                and bare_word(slots[prev]) in _ASKED_BEFORE
                and not forms & _SERVICES
            )
        )
        if forms & OTHER_FOODS or after_number or joined or _asked_if_they_have_it(slots, j):
            word = min(forms & OTHER_FOODS, default=slot.text if not slot.conj else slot.text[1:])
            nxt = slots[j + 1] if j + 1 < len(slots) else None
            if (
                not forms & OTHER_FOODS
                and nxt is not None
                and nxt.kind == "other"
                and not nxt.conj
                and not _no_food(nxt)
                and j + 1 not in used
                and not token_forms(nxt.text) & PLAIN
                and (joined or (after_number and bool(token_forms(nxt.text) & OTHER_FOODS)))
            ):
                # "وتورتة فراولة": the word after it is its kind; "وبان كيك", "a pan cake": a food
                # word after it is the head of one food, named back as one phrase
                word = f"{word} {nxt.text}"
                glued.add(j + 1)
            elif _second_word_of_a_food(slots, j, used | consumed):
                # "بان كيك", "تشيز كيك", "كولد برو": two food words with no "و" between them are one
                # food said in two words, named back as one phrase
                word = f"{word} {min(token_forms(slots[j + 1].text) & OTHER_FOODS)}"
                glued.add(j + 1)
            if word not in unknown:
                unknown.append(word)
    return unknown


#: Words a customer says around an order that are no food, never named back from where they stand
#: (after "و" or a count): an address and the places one is at, a time or a sequence, the people
#: and what the order is for, verbs and talk, fillers, units and money.
_NO_FOOD = frozenset(
    normalize(w)
    for w in (
        # an address ("بناية ٤ الطابق التاني", "street 12, building 5", "3omara 5 dor 2") and where one is
        "بيت البيت للبيت منزل عماره العماره بنايه البنايه شقه الشقه بالشقه فيلا الفيلا فله طابق الطابق "
        "دور الدور شارع الشارع مبنى مجمع مكتب المكتب بالمكتب للمكتب شغل الشغل للشغل استراحه الاستراحه "
        "بالاستراحه ديوانيه الديوانيه بالديوانيه محل المحل محلات المحلات building bldg house home "
        "apartment apt flat floor villa street district office dor 3omara 3emara beit bait share3 "
        "bineye binaye binaya bnaye bnaya ta2 tabe2 tabi2 "  # Levantine Arabizi building, floor
        # the place the number is in ("at the gate of villa 12 in al rawdah")
        "in inside "
        # a time or a sequence ("وبعدين ماء", "والضيوف تسعة تقريبا", "خبرة ٦ سنين")
        "بعد بعدين وبعدين بعدها تقريبا حوالي الحين الان هلا بكره بكرا الليله الصبح الظهر العصر المغرب "
        "ساعه الساعه للساعه ساعات دقيقه دقايق دقائق سنه سنين سنوات وقت الوقت مره المره بالمره تاني "
        "ثاني اول ثالث ثالثه رابع رابعه خامس خامسه third fourth fifth later then after about around minutes minute hour hours tonight today tomorrow now "
        "ba3den ba3dein ba3dain "
        # the people and what it is for ("للعيال", "وحدة للوالد", "والشباب", "ولدي", "kids")
        "عيال العيال للعيال اولاد الاولاد للاولاد ولد ولدي بنتي الوالد الوالده للوالد للوالده ابوي امي "
        "اخوي اختي زوجتي مرتي مراتي زوجي الشباب للشباب الباقي الباقيين الباقين البقيه الضيوف ضيوف "
        "الجماعه الناس احنا نحنا نحن انا هي هو هم هن انتو انتم ليها ليه لها له لهم لنا ليا مننا منا فينا "
        "عمي خالي ابن صاحبي زمايلي kids kid children guys we us me him her them everyone each friends "
        "wife husband son daughter "
        # what is asked of us around a yes ("confirm it and text me the order number so I can forward it")
        "text texting forward number "
        # who the note is for ("وقول للمطبخ برجر الدجاج بدون مايونيز", "tell the kitchen")
        "قول قولو قولوا قولي خبر خبرو خبروا بلغ بلغو بلغوا المطبخ للمطبخ الشيف للشيف kitchen chef tell "
        # a yes said after the dishes ("…البيبسي ثنتين، ثبت", "…، أكد"): the verb of confirming
        f"{CONFIRM_VERBS} "
        # "٦ قلت لك", "I said 2 salads": what the customer said before, put right
        "قلت قلتلك قلتلكم قلنا قلتلكو اقولك said told "
        # where it comes from ("قهوة ٢ من فرع العليا", "coffee x2 from olaya branch"): never a dish
        "from فرع الفرع فرعكم branch "
        # friends and "with them" in Arabizi ("ana w 2 s7abi", "w ma3hom pepsi")
        "صحابي اصحابي ربعي s7abi as7abi s7abna ma3hom ma3ha ma3ah ma3o m3ahom m3ha m3aha m3ah m3o m3hom "
        "الولاد ولاد ولادي الاطفال اطفال شباب "
        # Arabizi "in the" ("bl bait": at home)
        "bl bel bil fl fel fil "
        # verbs and talk ("يتقاسمونها", "منستلم", "بتوصلوا", "كفاية", "لأنو", "because", "how much")
        "لانو لان لانه لاني عشان علشان يكفي تكفي بيكفي يكفيني كفايه بكون يكون ياليت عندي قال قالي "
        "مكتوب منستلم منجي مناخد منمر طالعين قفلت اضف اضيف اضيفوا اضيفو اضيفي بداله بدالها بدالهم "
        "بكم بكام قديش ايش شو وش خلص هيك عندنا محدش المنيو منيو menu because cause cuz since so lot how much many those these thats what "
        "well must right sure yeah ya shokran shukran reit yareit bkam kam yejhaz iza eza "
        # fillers ("uh", "um", "امم")
        "uh um umm uhm hmm امم اممم اا ااا "
        # round 27's read parts: the address named ("والعنوان …"), where it is ("near the mosque",
        # "at the office"), the night ("الساعة ٩ الليل"), the Levantine future ("ورح نمر ناخدن",
        # "w mnmor nekhdon ba3d el 3asr"), a greeting's "ورحمة الله", Moroccan "wach" (is there),
        # what it is for ("لمباراة الليلة") and who asks ("والبنات يسألون")
        "العنوان عنوان عنواني near nearby next beside behind opposite at الليل ليل بالليل "
        "رح راح رحمه بركاته ما wach wash لمباراه مباراه المباراه ماتش للماتش البنات بنات يسالون بيسالو "
        "mnmor nmor bnmor nekhdon nakhdon ne5edhon 3asr el3asr dohr "
        # a yes and the kind words of an elderly or polite customer ("go ahead and confirm", "a
        # blessed evening", "ويجزاكم خير، وان تكرمتوا", "ويكتب اجركم", "الله يرضى عليك ويوفقك")
        "confirm confirmed bless blessed reward kindly dear trouble old grandson put through يجزاكم يجزيكم تكرمتوا "
        # "we want it" in the Gulf ("ونبيها توصل الساعة ١", "w nabi 15 shawarma")
        "نبيها نبيه نبيهم نبي نبغى نبغاها nabi nabgha nabiha "
        "تكرمت يكتب اجركم اجرك يوفقك يوفقكم يخليلك يخليك يحفظك يسعدك يسعدكم يبارك تكفيهم تكفينا يكفيهم "
        # round 28's read parts: the weather ("الجو برد النهارده", "it's cold out"), the Gulf "we pass
        # by" with no future word ("نمر ناخذها الساعة ٨"), a meal ("للفطار", "for lunch")
        "الجو جو والجو الطقس طقس برد البرد حر الحر weather cold نمر بنمر نمرلكم "
        "فطار الفطار للفطار فطور الفطور للفطور غدا الغدا للغدا غداء الغداء عشا للعشا عشاء "
        "breakfast lunch dinner "
        # round 29's read parts: the gathering an order is for ("لعزيمة الويكند", "لسهرة الشباب",
        # "للطلعة على البحر", "لجمعة الاهل", "للعزومة"), the weather said of the world ("الدنيا برد")
        "عزيمه العزيمه لعزيمه للعزيمه عزومه العزومه للعزومه لعزومه سهره السهره لسهره للسهره "
        "طلعه الطلعه للطلعه لطلعه جمعه الجمعه لجمعه للجمعه لمه اللمه للمه الدنيا دنيا "
        # units and money ("٥٠ ريال", "three scoops", "وقنينة مي")
        "ريال ريالات جنيه دينار درهم riyal riyals sar sr scoop scoops قنينه قناني "
        # round 36's read parts: Arabizi spellings of the talk words above ("ba3d el maghrib" after,
        # "3al 9 w rebe3" a quarter past, "7ag el 3ezoomah" for, "bajeekum" / "bamur" we come by)
        "ba3d b3d ba3da ba3deen rebe3 rob3 robe3 noss 7ag 7ak 7ug bajeekum bajikum bajeekom bajikom "
        "jaykeen jayeen jaykom jaikom bamur bamor bnmur a5ethom akhethom a5edhom a5odhom "
        # set 64: coming and being there ("عطوني ربع ساعه واكون عندكم", "نص ساعه وبجيكم")
        "اكون نكون بجي بجيكم نجيكم اجيكم اجي نجي بنجي اوصل نوصل "
        # set 67: who gets the same ("والعيال … مثل طلبي", "وابني متلي", "the kids will have what I'm
        # having", "w l mrati …", "w el 3eyal zayi"): people and likeness, never a dish
        "مثل متل مثلي متلي زيي زي طلبي المدام للمدام مدام mrati marti l zayi zayy mitli methli will "
        "have having exactly ابني ابنى وابني ibni "
        # round 39's read parts: "deliver it to us" in the Levant ("وصلولي عالنسيم", "منوصل عالنسيم"),
        # the Arabizi "to" ("3ala 7ay al naseem") and where a place is ("للورشة اللي ورا محطة البنزين",
        # "قدام المدرسة")
        "وصلولي وصلولنا وصلونا وصلوني منوصل 3ala 3al "
        "ورا وراء قدام محطه المحطه لمحطه ورشه الورشه للورشه مدرسه المدرسه للمدرسه"
    ).split()
)
#: A verb's shape: a present-tense person prefix and a plural or object ending ("يتقاسمونها",
#: "بتوصلوا", "بتكفيهن", "بيزنوا").
_VERB_START = ("يت", "بت", "بي", "بن", "تت", "نت")
_VERB_END = ("وا", "ون", "ونها", "وها", "وهم", "وهن", "يهن", "يهم")


def _no_food(slot: Slot) -> bool:
    """Whether an unread word is one a customer says around an order that is no food (an address,
    a time, a person, a verb, a filler, a unit: `_NO_FOOD`), or a verb by its shape; the whole
    word and the word after its "و" ("وبعدين", "ولدي", "وقت") are both tried."""
    word = bare_word(slot)
    forms = token_forms(slot.text) | token_forms(word)
    if forms & _NO_FOOD or forms & FOOD_WORDS:
        return bool(forms & _NO_FOOD) and not forms & FOOD_WORDS
    return any(
        len(f) >= 5 and not f.isascii() and f.startswith(_VERB_START) and f.endswith(_VERB_END)
        for f in (slot.text, word)
    )


#: "also" and the "do you" of a question, between "و" and the food: the food still stands where a
#: dish goes.
_ALSO_ASKED = frozenset(normalize(w) for w in "كمان kaman kamen kamaan kamn also do does you u".split())

#: "and is there" / "and do you make" ("وفي", "وبتعملو", "وتسوون") right before a food asked about.
_ASKED_BEFORE = frozenset(
    normalize(w)
    for w in "في فيه فى عندكم عندكو عندكن تسوون بتسوون بتعملو بتعملوا بتعملون تعملون تعملوا تعملو".split()
)

#: What a restaurant offers that is no food ("وفيه جلسات؟", "وفي توصيل؟", "وعندكم فرع؟").
_SERVICES = frozenset(
    normalize(w)
    for w in (
        "جلسات جلسه جلسة فرع فروع توصيل دليفري مكان اماكن طاولات طاوله طاولة حجز حجوزات عروض عرض خصم "
        "خصومات كوبون مواقف باركنق واي فاي wifi parking seating delivery tables table booking branch"
    ).split()
)

#: A verb's person prefix (I / we / I will) and its "for her / him / them" ending.
_PERSON = ("ا", "ن", "ب", "ه", "ح")
_FOR_SOMEONE = ("لها", "لهم", "لهن", "لنا", "لكم", "له")


def _done_for_someone(slot: Slot) -> bool:
    """ "واجيبلها نفس الأكل", "و اشتريلها كنافة", "٢ اطلبلهم": a verb the customer does for someone
    (a person prefix, a stem, "for her / him / them") read by its shape, never a food named back."""
    word = bare_word(slot)
    return (
        len(word) >= 6
        and word.startswith(_PERSON)
        and word.endswith(_FOR_SOMEONE)
        and not token_forms(word) & OTHER_FOODS
    )


#: "if you have it", "لو عندكم", "if available": the word before it is a food asked about.
_IF_WORDS = frozenset(normalize(w) for w in "if لو اذا law iza".split())
_GOT_IT = frozenset(("got", "have", "has", "it", "them", "any"))
_THEY_HAVE = frozenset(normalize(w) for w in "you عندكم عندكن عندكو فيه موجود موجوده متوفر available".split())


def _asked_if_they_have_it(slots: list[Slot], j: int) -> bool:
    """ "also siopao if u got it", "وسيوباو لو عندكم": a lone word right before "if you have it" /
    "لو عندكم" / "if available" is a food asked about, named back when the menu lacks it."""
    if not (
        j + 2 < len(slots)
        and slots[j + 1].text in _IF_WORDS
        and slots[j + 2].text in _THEY_HAVE
        and (j == 0 or slots[j - 1].kind != "other")
    ):
        return False
    k = j + 3
    while k < len(slots) and (slots[k].text in _GOT_IT or slots[k].kind == "ref"):
        k += 1
    # the question ends there ("… if u got it", "… لو عندكم"): not "ابغى اعرف اذا عندكم توصيل"
    return k == len(slots) or slots[k].kind == "conj" or slots[k].conj


def _second_word_of_a_food(slots: list[Slot], j: int, taken: set[int]) -> bool:
    """Whether slot j and the one after it are both food words this menu lacks, side by side with
    no "و" / "and" between them ("وبان كيك", "تشيز كيك"): one food of two words."""
    nxt = slots[j + 1] if j + 1 < len(slots) else None
    return (
        nxt is not None
        and nxt.kind == "other"
        and not nxt.conj
        and j + 1 not in taken
        and bool(token_forms(slots[j].text) & OTHER_FOODS)
        and bool(token_forms(nxt.text) & OTHER_FOODS)
    )


def _name_word_after_its_count(slots: list[Slot], mentions: list[Mention]) -> list[Mention]:
    """ "shay za3faran 2 s5an", "شاي زعفران ٢ سخن": one word of the dish's own name said after its
    count (the menu's "Hot Saffron Tea") finishes that dish's name; it is not a second one."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.entry is not None
            and m.entry == prev.entry
            and m.end - m.start == 1
            and m.start == prev.end + 1
            and slots[prev.end].kind == "num"
            and not slots[prev.end].conj
            and not slots[m.start].conj
            and m.quantity is None
        ):
            continue
        out.append(m)
    return out


def _measure_before_another_name(
    slots: list[Slot], mentions: list[Mention], index: MenuIndex
) -> list[Mention]:
    """ "فنجانين قهوة تركية" on a menu with "قهوة عربية فنجان": a measure word that is a word of
    one name, said before another dish's whole name, measures that dish (its count stays:
    "فنجانين" is two), instead of taking the name's first word into its own dish."""
    out: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        after = mentions[k + 1] if k + 1 < len(mentions) else None
        slot = slots[m.start]
        if (
            after is not None
            and m.end - m.start >= 2
            and after.start == m.end
            and not slots[after.start].conj
            and slot.kind == "item"
            and slot.canon in FILLERS
            and slot.fallback is not None
            and slot.fallback.kind in ("filler", "num")
        ):
            words = [slots[i].canon for i in range(m.start + 1, after.end)]
            entry = index.exact.get(frozenset(words)) if all(words) else None
            if entry is not None and entry != m.entry:
                slots[m.start] = slot.fallback
                text = " ".join(slots[i].text for i in range(m.start + 1, after.end))
                out.append(Mention(m.start + 1, after.end, entry, [], text, words=tuple(words)))
                k += 2
                continue
        out.append(m)
        k += 1
    return out


def _two_measures_one_name(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> list[Mention]:
    """ "كيلو ونص بقلاوة" on a menu with "بقلاوة كيلو" and "بقلاوة نص كيلو": two measures joined by
    "و" before one name are one of each (a kilo and a half kilo), not a kilo left as a note."""
    taken = {k for m in mentions for k in range(m.start, m.end)}
    out: list[Mention] = []
    for m in mentions:
        first, k = slots[m.start], m.start - 1
        joined = first.conj
        if not joined and k > 0 and slots[k].kind == "conj":  # "kilo w nos ba2lawa"
            joined, k = True, k - 1
        if joined and first.canon in SIZES_AND_MEASURES and k >= 0 and k not in taken:
            before = slots[k]
            words = [before.canon] + [slots[i].canon for i in range(m.start + 1, m.end)]
            entry = index.exact.get(frozenset(words)) if before.kind == "item" and all(words) else None
            if entry is not None and before.canon in SIZES_AND_MEASURES and entry != m.entry:
                out.append(Mention(k, k + 1, entry, [], before.text, words=tuple(words)))
        out.append(m)
    return out


def _name_with_its_own_and(slots: list[Slot], mentions: list[Mention], index: MenuIndex) -> list[Mention]:
    """ "الحارة والحامضة" for the menu's "شوربة حارة وحامضة": a word of a name that carries the
    name's own "و" continues the mention of that name right before it; it is no second dish."""
    out: list[Mention] = []
    for m in mentions:
        last = out[-1] if out else None
        word = slots[m.start].canon
        if (
            last is not None
            and m.entry is not None
            and last.entry == m.entry
            and last.end == m.start
            and m.quantity is None
            and word.startswith("و")
            and word in index.words_of.get(m.entry.key, frozenset())
        ):
            last.end = m.end
            last.text = f"{last.text} {m.text}"
            continue
        if (
            last is not None
            and last.entry is not None
            and m.entry is not None
            and last.entry != m.entry
            and last.end == m.start
            and last.quantity is None
            and m.quantity is None
            and slots[m.start].conj
            and _own_and(m.entry)
            and index.words_of.get(last.entry.key, frozenset()) < index.words_of.get(m.entry.key, frozenset())
        ):
            # "رز مكسور بالدجاج واللحم المشوي" for the menu's "رز مكسور بالدجاج واللحم المشوي" beside
            # its "رز مكسور بالدجاج": the words after the "و" name no dish of their own but the longer
            # name; said whole with its own "و", it is one dish
            last.entry, last.candidates, last.end = m.entry, [], m.end
            last.text = f"{last.text} {m.text}"
            continue
        out.append(m)
    return out


def _rest_of_the_name_in_arabizi(slots: list[Slot], mentions: list[Mention]) -> list[Mention]:
    """ "quzi 3ala timman" for the menu's "قوزي على تمن": a Latin word right after a dish that
    spells (by its consonants) a word of that dish's Arabic name goes on naming it, even where the
    word is also another dish's English word ("Timman Bagilla"); it is no second dish."""
    if len(mentions) < 2:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        last = out[-1] if out else None
        slot = slots[m.start]
        if (
            last is not None
            and last.entry is not None
            and m.end == m.start + 1 == last.end + 1
            and m.entry != last.entry
            and m.quantity is None
            and not slot.conj
            and is_latin(slot.text)
            and len(skeleton(slot.text)) >= 3
            and skeleton(slot.text) in _name_skeletons(last.entry.name_ar)
        ):
            last.end = m.end
            last.text = f"{last.text} {m.text}"
            continue
        out.append(m)
    return out


@lru_cache(maxsize=4096)
def _name_skeletons(name_ar: str) -> frozenset[str]:
    """The consonant skeletons of the words of a dish's Arabic name (worked out once per name)."""
    return frozenset(skeleton(w) for w in normalize(name_ar).split())


@lru_cache(maxsize=4096)
def _own_and(entry: MenuEntry) -> bool:
    """Whether a dish's Arabic name joins two of its words with its own "و" ("… بالدجاج واللحم")."""
    return any(w.startswith("و") and len(w) > 2 for w in normalize(entry.name_ar).split()[1:])


def _word_of_a_dish_not_on_the_menu(slots: list[Slot], mentions: list[Mention]) -> list[Mention]:
    """ "a sushi platter" on a menu whose only platter is "Family Mixed Platter": one word said
    right after a food this menu does not have belongs to that food (named back), it orders no
    dish of its own."""
    out: list[Mention] = []
    for m in mentions:
        before = slots[m.start - 1] if m.start else None
        # "وكريب بالنوتيلا": a word unknown to the parser said where a dish goes, then "with X", is
        # a food with its filling too
        # (a "ب" of its own, not the first letter of the dish's word: "واه بيبسي" is "yes, pepsi")
        said = slots[m.start]
        with_filling = (
            before is not None
            and before.conj
            and said.text.startswith("ب")
            and (said.text.startswith("بال") or not said.canon.startswith("ب"))
        )
        if (
            before is not None
            and before.kind == "other"
            and (token_forms(before.text) & OTHER_FOODS or with_filling)
            and m.end - m.start == 1
            and m.quantity is None
            and not slots[m.start].conj
            and not _swapped_out(slots, m.start - 1)
        ):
            slots[m.start] = Slot(slots[m.start].text, "filler")
            continue
        out.append(m)
    return out


#: Words that make another dish of the head beside them ("عصير قصب", "برجر نباتي", "mango juice",
#: "a veggie burger"): a fruit or a kind the menu does not name there.
_DISH_KINDS = frozenset(
    normalize(w)
    for w in (
        "قصب مانجو مانغو منجا فراوله تفاح رمان جوافه بطيخ جزر افوكادو اناناس كيوي عنب خوخ توت كوكتيل "
        "نباتي نباتيه خضار خضراوات مشروم فطر "
        "mango strawberry apple pomegranate guava watermelon carrot avocado pineapple kiwi grape peach "
        "berry cocktail sugarcane cane veggie vegetarian vegan mushroom"
    ).split()
)


def _swapped_out(slots: list[Slot], k: int) -> bool:
    """ "بدل الفتة حمص عادي", "instead of the fatta, hummus": the food at `k` is the one swapped
    out (after "بدل" / "instead of"); the dish after it is the new one, no word of it."""
    j = k - 1
    while j >= 0 and slots[j].text in ("of", "the", "al", "el"):
        j -= 1
    return j >= 0 and (slots[j].text in INSTEAD or bare_word(slots[j]) in INSTEAD)


def _another_kind_of_the_dish(slots: list[Slot], mentions: list[Mention]) -> list[Mention]:
    """ "عصير قصب" on a menu whose only juice is orange, "برجر نباتي", "Do you do a veggie burger?":
    a word that makes another dish said right after the head (right before it in English), read
    by no name, orders no dish of the menu: the two words are named back as one food."""
    out: list[Mention] = []
    # a food word of no name on this menu ("veggie") is a mention of its own: it may go with the head
    unread = {m.start: m for m in mentions if m.entry is None and not m.candidates and m.end == m.start + 1}
    taken = {k for m in mentions for k in range(m.start, m.end)}
    dropped: set[int] = set()
    for m in mentions:
        if m.entry is None and not m.candidates:
            out.append(m)
            continue
        nxt = slots[m.end] if m.end < len(slots) else None
        before = slots[m.start - 1] if m.start else None
        if (
            nxt is not None
            and not nxt.conj
            and nxt.kind in ("other", "item")
            and (m.end not in taken or m.end in unread)
            and token_forms(nxt.text) & _DISH_KINDS
            and not slots[m.start].text.isascii()
        ):
            head = bare_word(slots[m.start]) if m.end - m.start == 1 else m.text
            out.append(Mention(m.start, m.end + 1, None, [], f"{head} {nxt.text}", quantity=m.quantity))
            dropped.add(m.end)
            slots[m.end] = Slot(nxt.text, "stop")
            continue
        if (
            before is not None
            and not slots[m.start].conj
            and before.kind in ("other", "item")
            and (m.start - 1 not in taken or m.start - 1 in unread)
            and token_forms(before.text) & _DISH_KINDS
            and before.text.isascii()
        ):
            out.append(Mention(m.start - 1, m.end, None, [], f"{before.text} {m.text}", quantity=m.quantity))
            dropped.add(m.start - 1)
            slots[m.start - 1] = Slot(before.text, "stop")
            continue
        out.append(m)
    return [m for m in out if not (m.start in dropped and m.start in unread and m is unread[m.start])]


def parse_order(text: str, menu: Sequence[MenuEntry]) -> ParsedOrder:
    """Read the items, quantities and modifications a customer asks for in one message.

    Returns resolved `lines` (available items only), `unavailable` menu entries that were
    asked for, `ambiguous` mentions that fit several items, and `unknown` food-like words.
    """
    index = index_of(tuple(menu))
    slots = read_slots(text, index)
    mentions = _measure_before_another_name(slots, find_mentions(slots, index), index)
    mentions = _two_measures_one_name(slots, mentions, index)
    mentions = _name_with_its_own_and(slots, mentions, index)
    mentions = _rest_of_the_name_in_arabizi(slots, mentions)
    mentions = _word_of_a_dish_not_on_the_menu(slots, mentions)
    mentions = _another_kind_of_the_dish(slots, mentions)
    consumed = {k for m in mentions for k in range(m.start, m.end)}
    mentions = _name_word_after_its_count(slots, mentions)
    for k, slot in enumerate(slots):
        if slot.fallback is not None and k not in consumed:
            slots[k] = slot.fallback
    used = assign_quantities(slots, mentions)
    definite_named_back(slots, mentions)
    count_variants(slots, mentions, index)
    mentions = notes_of_one_of_them(slots, mentions, index)
    mentions, split_used = split_counted(slots, mentions)
    mentions = split_named_back(slots, mentions)
    mentions = like_it_but_another(slots, mentions, used, index)
    mentions = same_again(slots, mentions, used)
    head_like_the_one_before(slots, mentions, index)
    mentions = said_in_part_like_it(slots, mentions, index)
    instead_of(slots, mentions, index)
    taken_off(slots, mentions)
    said_no_to(slots, mentions)
    forgotten_then_counted(slots, mentions)
    corrected_to_another(slots, mentions, index)
    to_another_kind(slots, mentions, index)
    one_of_them_another_way(slots, mentions, index)
    used |= split_used
    used |= assign_modifications(slots, mentions)
    for m in mentions:
        if m.restates is not None:
            m.restates.mods.extend(m.mods)
            m.replaced = True
    mentions = [m for m in drop_headers(mentions, index) if not m.replaced]
    mentions = _shared_head_named_back(mentions)
    result = ParsedOrder(lines=[])
    missing: list[str] = []
    for m in mentions:
        quantity = m.quantity or m.implied or 1
        if m.entry is None and not m.candidates:
            missing.append(m.text)
        elif m.entry is None and _kind_we_lack(slots, m.end):
            pass  # "منقوشة حلوم": a kind of the dish this menu lacks, named back, nothing to ask
        elif m.entry is None:
            keys = [c.key for c in m.candidates]
            result.ambiguous.append(AmbiguousMention(m.text, quantity, keys, list(m.mods)))
        elif not m.entry.available:
            if m.entry not in result.unavailable:
                result.unavailable.append(m.entry)
        else:
            _add_line(
                result.lines,
                m.entry,
                quantity,
                m.mods,
                said=m.quantity is not None or bool(m.implied) or _count_beside(slots, m),
            )
    for text, quantity, keys in _bare_meats(slots, used, consumed, menu):
        if keys:
            result.ambiguous.append(AmbiguousMention(text, quantity, keys))
        else:
            missing.append(text)
    result.unknown = missing + _unknown_words(slots, used, consumed)
    return result


def _shared_head_named_back(mentions: list[Mention]) -> list[Mention]:
    """ "٢ شاورما جاج و٢ شاورما لحمة…، وخلي الشاورما بلا توم": a name several items share, said again
    with the article, no count and a note after the message ordered some of them, points back at those
    (the note goes on each); nothing to ask ("وبدي كمان الشاورما" still asks which)."""
    kept: list[Mention] = []
    for m in mentions:
        keys = {c.key for c in m.candidates}
        earlier = [x for x in kept if x.entry is not None and x.entry.key in keys]
        if (
            m.entry is None
            and earlier
            and m.quantity is None
            and m.mods
            and normalize(m.text).startswith("ال")
        ):
            for x in earlier:
                x.mods.extend(mod for mod in m.mods if mod not in x.mods)
            continue
        kept.append(m)
    return kept


#: The meat words that otherwise only narrow a dish ("دجاج" in "برجر دجاج"; "فروج", "chicken").
_MEATS = frozenset(("دجاج", "لحم"))


@lru_cache(maxsize=32)
def _said_name_words(menu: tuple[MenuEntry, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each available item's key with the words of its names as written (normalised, not
    canonical: "فروج" stays "فروج")."""
    return tuple(
        (e.key, frozenset(w for name in (e.name_ar, e.name_en) for w in normalize(name).split()))
        for e in menu
        if e.available
    )


def _bare_meats(
    slots: list[Slot], used: set[int], consumed: set[int], menu: Sequence[MenuEntry]
) -> list[tuple[str, int, list[str]]]:
    """A meat word said alone where a dish goes ("بدي فروج وبطاطا", "and a chicken"), read by no
    dish: never dropped in silence. The available items whose names hold the word as said ("فروج"
    in "فروج مشوي كامل" and "نص فروج مشوي") are asked about; with none, it is named back."""
    out: list[tuple[str, int, list[str]]] = []
    for j, slot in enumerate(slots):
        if slot.kind != "item" or slot.canon not in _MEATS or j in consumed or j in used:
            continue
        before = slots[j - 1] if j else None
        if (
            before is not None
            and not slot.conj
            and before.kind in ("item", "other")
            and j - 1 not in consumed
        ):
            continue  # "مندي لحم", "برياني دجاج": the kind of a food this menu lacks, named back with it
        word = bare_word(slot)
        if (exact_canonical(word) or ("",))[0] != slot.canon:
            continue  # "fakha" (fruit) read as "فراخ" by a typo: too weak to ask or name back
        forms = token_forms(word)
        keys = [key for key, words in _said_name_words(tuple(menu)) if forms & words]
        quantity = before.value if before is not None and before.kind == "num" and j - 1 not in used else 1
        out.append((word, quantity or 1, keys))
    return out


def _kind_we_lack(slots: list[Slot], k: int) -> bool:
    """Whether slot k, right after a head several items share, is a food word known from other
    menus (not this one): the customer names a kind the menu does not have."""
    if k >= len(slots) or slots[k].conj or slots[k].kind != "other":
        return False
    return bool(token_forms(slots[k].text) & OTHER_FOODS)


def _count_beside(slots: list[Slot], m: Mention) -> bool:
    """A count right before or after the dish ("السلطه وحده بس"), read or not as its quantity."""
    return (m.end < len(slots) and slots[m.end].kind == "num") or (
        m.start > 0 and slots[m.start - 1].kind == "num"
    )


def _add_line(
    lines: list[OrderLine], entry: MenuEntry, quantity: int, mods: list[str], said: bool = True
) -> None:
    for line in lines:
        if line.menu_item_key == entry.key and line.modifications == mods:
            line.quantity += quantity
            line.said_count = line.said_count or said
            return
    lines.append(OrderLine(entry.key, entry.name_ar, entry.name_en, quantity, entry.price, list(mods), said))


def foreign_food_words(text: str, menu: Sequence[MenuEntry]) -> list[str]:
    """Dish and drink words in `text` that name nothing on `menu` (to check a generated reply)."""
    index = index_of(tuple(menu))
    menu_words: set[str] = set().union(*index.words_of.values()) if index.words_of else set()
    found: list[str] = []
    for slot in read_slots(text, index):
        if slot.kind == "item" and slot.canon not in menu_words:
            found.append(slot.text)
        elif slot.kind == "other" and token_forms(slot.text) & OTHER_FOODS:
            found.append(slot.text)
    return found
