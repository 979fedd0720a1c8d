"""Rule-based intent of a customer message (Saudi, Egyptian, Levantine Arabic, English, Arabizi).

Compliance intents (opt-out, opt-in) and a request for a human are checked first because
getting them wrong has a cost beyond one bad reply; then order status, then feedback, order
and support by weighing the evidence; greetings and thanks only when nothing else is said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from crm_res.assistant import consent
from crm_res.assistant.normalize import PhraseMatcher, normalize, number_value, token_forms
from crm_res.assistant.order_parser import (
    BACK_REFERENCES,
    MOD_STANDALONE,
    MenuEntry,
    dish_name_words,
    food_mentions,
    food_positions,
)
from crm_res.assistant.orders.vocabulary import FILLERS, YOU_FORGOT
from crm_res.assistant.ratings import parse_rating
from crm_res.assistant.sentiment import THANKS_PHRASES, analyze_sentiment, evaluative_strength
from crm_res.vocabulary import Intent

SupportTopic = Literal["hours", "location", "menu", "prices", "branches", "general"]


@dataclass(frozen=True)
class IntentResult:
    """The intent, how sure the rules are (0–1), and for support the topic asked about."""

    intent: Intent
    confidence: float
    topic: SupportTopic | None = None


def _words(*groups: str) -> frozenset[str]:
    return frozenset(normalize(w) for group in groups for w in group.split("|"))


_YOUR = ("كم", "كن", "كو", "كوا")  # "your" (plural) in Gulf, Levantine and Egyptian


def _dialect_variants(phrase: str) -> set[str]:
    """The phrase with "-كم" (your) in its Levantine and Egyptian forms: "موقعكم" → "موقعكن"."""
    variants = {phrase}
    words = phrase.split()
    for k, word in enumerate(words):
        if len(word) > 3 and word.endswith("كم"):
            variants |= {" ".join([*words[:k], word[:-2] + y, *words[k + 1 :]]) for y in _YOUR}
    return variants


def _matcher(**labelled: str) -> PhraseMatcher:
    return PhraseMatcher(
        (variant, label)
        for label, phrases in labelled.items()
        for phrase in phrases.split("|")
        for variant in _dialect_variants(phrase)
    )


# ---- opt-out / opt-in --------------------------------------------------------------------------
#: A negation, of a statement ("ما يسكت", "hasn't stopped") or of a request ("لا ترسلون", "don't send").
_NEGATIONS = _words("لا|ما|مش|مو|مب|ولا|don't|dont|not|no|never|hasnt|hasn't|doesnt|wont|la|ma|mish|mesh|msh")
#: Negations that only tell someone not to do a thing ("لا توقفوها", "la twa2fo"): before a stop
#: verb they keep the messages coming, they never say the messages do not stop.
_PROHIBITIVE = _words("لا|la|no")
#: A statement negated ("مش بتسكت", "it doesn't stop", "ما وصلتني"): every negation but the
#: prohibitive ones.
_NEVER = _NEGATIONS - _PROHIBITIVE
_OPT_OUT_WHOLE = _words(
    "stop|stop all|ايقاف|الغاء الاشتراك|unsubscribe|opt out|optout|توقف|وقف|"
    "stop please|please stop|end|quit|cancel subscription|الغي الاشتراك|ايقاف الرسائل|stop it|stop now|"
    "stop pls|pls stop|stop plz|ستوب|unsub|unsubscribe please|please unsubscribe"
)
_OPT_OUT = _matcher(
    phrase="الغاء الاشتراك|الغي الاشتراك|الغيت الاشتراك|unsubscribe|opt out|remove me|"
    "شيلوني من|احذفوني من|ما ابي رسايل|ما ابغى رسايل|مابي رسايل|do not message|dont message|"
    "dont text|do not text|لا ترسلوا لي|لا ترسلون لي|لا ترسل لي|لا تبعتولي|لا تبعتلي|"
    "شيلوا رقمي|شيلو رقمي|احذفوا رقمي|امسحوا رقمي|remove my number|delete my number|"
    "لا تراسلوني|لا تراسلني|لا تراسلونا|لا تكلموني|stop texting|stop messaging|stop contacting|"
    "stop sending|لا ترسلولي|لا ترسلو لي|ما ترسلولي|ما تبعتولي|ما تبعتوليش|لا تبعتوا لي|"
    "off your list|off the list|mailing list|marketing list|شيلوني|شيلني|احذفوني|شيل رقمي|"
    "امسح رقمي|احذف رقمي|unsubscribe me|opt me out|remove me from|delete me from|"
    "شيلوا اسمي|شيلو اسمي|احذفوا اسمي|امسحوا اسمي|شيلوني من القائمه|طلعوني من|"
    "عدم ارسال|عدم الارسال|عدم مراسلتي|ايقاف الارسال|وقف الارسال|unsub|no longer wish to receive|"
    "dont wish to receive|do not wish to receive|dont contact me|do not contact me|"
    # my number taken off in other words ("kindly drop my number", "erase my number")
    "drop my number|erase my number|wipe my number|scrub my number|drop me from|drop me off",
    cancel="اوقف|نوقف|الغاء|الغي|الغيت|الغوا|الغو|الغولي|الغيلي|الغوها|كنسلوا|كنسل|ايقاف|وقف|cancel|end",
    subscription="اشتراك|اشتراكي|الاشتراك|subscription|my subscription",
    # "how did I end up getting your promos": "end" in a phrasal verb, no request to end anything
    phrasal="end up|ended up|ending up|ends up",
    nowant="ما عاد ابي|ماعاد ابي|ما عاد ابغى|ماعاد ابغى|ما عدت ابي|ما عاد بدي|ما ابي|مابي|ما ابغى|مابغى|ما ابغا|مش عايز|مش عاوز|مش عايزه|ما بدي|مابدي|مش حابب|"
    "dont want|do not want|dont need|no longer want|mabi|mabgha|ma abi|ma abgha|mish 3ayez|mesh 3ayez|"
    "mosh 3ayez|mish 3ayza|ma bdi|mabdi|ma badi|bala|لا اريد|ما اريد|ما اريد|لا ارغب|ما ودي|مو حاب|"
    "مب حاب|مابي|no longer wish|dont wish|do not wish|mosh 3ayza|mesh 3ayza|"
    # Levantine "I don't want any more" ("ma ba3ed baddi", "ما بقى بدي")
    "ma baddi|mabaddi|ma ba3ed baddi|ma ba3d baddi|ma 3ad baddi|ma3ad baddi|ma ba2a baddi|ما بقى بدي|ما بعد بدي",
    # a preference against them ("I'd rather not get your promos", "would prefer not to receive")
    rather="rather not|prefer not|id rather not|id prefer not|would rather not|would prefer not",
    verb="stop|وقفوا|وقف|اوقفوا|توقفوا|توقف|بطلوا|بطل|لا ترسل|لا ترسلون|لا ترسلوا|لا ترسلي|لا تبعت|"
    "لا تبعتوا|كفايه|no more|dont send|do not send|لا تراسلوني|شيلوا|شيلو|احذفوا|امسحوا|"
    "waءfo|waءefo|waءafo|waءef|wa2fo|battalo|baطلo|ba6lo|kefaya|kfaya|وقفوها|اوقفوها|بطلوها|ستوب|"
    "kafaya|kifaya|batlo|battlo|batalo|wa2fu|wagfo|wagfu|wgfo|وقفو|بطلو|اوقفو|"
    # with "it" / "them" on the verb, in Arabizi as in Arabic ("wagfoha 3ani": stop it for me)
    "wagfoha|wgfoha|wagfuha|wa2foha|wa2fuha|waqfoha|wagfohom|wa2fohom|battloha|batloha|battlohom",
    noun="رسايل|رسائل|رساله|messages|message|msgs|texts|عروض|اعلانات|اشعارات|promotions|notification|"
    "offers|spam|spammed|spamming|sending|messaging|texting|ارسال|promos|promo|ads|adverts|marketing|"
    "notifications|رسايلكم|رسائلكم|الرسايل|مسجات|ماسجات|عروضكم|اعلاناتكم|ترنوا|ترنو|ترنولي|تتصلوا|تتصلون|"
    "resale|risale|resala|risala|rsale|el resale|"  # one message, in Arabizi
    "تتصلو|اتصالات|calls|calling|phone calls|rasayel|rasaءel|resayel|masajat|masaj|mesaj|msgat|messages|عroodh|عrood|"
    "عroud|عorood|عrod|offers|iعlanat|eعlanat|اعلاناتكم|العروض|الاعلانات|الرسايل|الرسائل|"
    "دعايه|دعايات|الدعايه|رسايل دعائيه|رسائل دعائيه|اعلان|deals|newsletter|newsletters|"
    "3ard|3ared|3roud|el 3ard|عرض|عرض جديد",
    # "لا عاد ترسلون لي عروض", "ما بدي تبعتولي شي بعد اليوم": not sending (any more)
    # "can you not text me", "could u not": a request not to, in English
    neg="لا|ما|لا عاد|ما عاد|ماعاد|مش|مو|بلا|dont|do not|never|ma|mat|la|you not|u not|ya not|"
    "ma3ad|ma 3ad|la3ad|la 3ad|ma3od|ma ba2a",  # Arabizi "no more" ("ma3ad tb3atouli")
    send="ترسلون|ترسلوا|ترسلو|ترسل|ترسلي|ترسلولي|تبعتوا|تبعتو|تبعت|تبعتولي|تبعتلي|توصلني|يوصلني|"
    "توصلنا|تجيني|يجيني|تراسلوني|تراسلني|send|sending|text|texting|message|messaging|contact|"
    "tb3atoly|teb3atoly|tersloli|ترسلوني|tb3atli|teb3atli|tb3atoli|teb3atoli|tb3toli|tarsloon|"
    "tarsiloon|tersloon|tarslooli|tersiloli|tb3at|teb3at|تطرشون|تطرشولي|تطرش|تدزون|تدزولي|تدز|"
    "يوصلني|توصلني|توصلوني|تبعتوني|تبعتوا لي",
    anymore="شي|اي شي|anything|any more|anymore|بعد اليوم|بعد هيك|بعدين|تاني|ثاني|مره ثانيه|مره تانيه|"
    "again|خالص|ابدا|ever|ba3d el youm|tani|tany|abadan|shay|shi|ay 7aga|7aga",
)
# A probable opt-out, not a certain one: the customer complains of the marketing itself
# ("كثرتوا علينا الرسايل", "too many messages"); the assistant asks before stopping anything.
_OPT_OUT_PROBABLE = _matcher(
    annoy="كثرتوا|كثرتو|كثرتم|ازعجتونا|ازعجتوني|ازعاج|مزعج|مزعجه|زهقت|زهقتونا|زهقتوني|طفشت|طفشتونا|"
    "طفشتوني|قرفتونا|قرفتوني|too many|so many|annoying|annoyed|bothering|keep messaging|keep sending|"
    "keep texting|enough already|مليت|مليت من|spam|spamming|spammed|سبام|spamming me|تملون|تملوا|ملينا|"
    "ازعاج|الازعاج|هالازعاج|الزن|زن|زنان|بتزنوا|بتزنو|el zan|el zann|iz3aj|ez3aj|iz3aaj|ez3aaj|hal iz3aj|mez3ej|moz3ej|mozz3ej|za3ajtouna|"
    "za3ajtoona|az3ajtouna|az3ajtoona|"
    # they keep coming; ease up on them ("I keep getting your promos", "chill with the texts")
    "keep getting|keep receiving|keeps coming|keep coming|constantly getting|chill with|ease up|"
    "tone it down|tone down|slow down with|calm down with|"
    # more of them than is reasonable ("your messages are getting out of hand")
    "out of hand|overboard|over the top|excessive|a bit much|"
    # wishing for fewer of them ("is there a way to get fewer of these messages", "خففوا الرسايل")
    "fewer|less often|خففوا|خففو|قللوا|قللو|"
    # and asked as "you" ("في طريقة تخففوا فيها الرسايل؟", "ممكن تقللوا الرسايل")
    "تخففوا|تخففو|تخففون|تقللوا|تقللو|تقللون",
    lots="كثير|كتير|كثيره|كتيره|اوي|مره|زياده|a lot|alot|too much|all these|all this|كل هذي|كل هاذي|كل ذي|"
    # Gulf "وايد" / "واجد", Arabizi "ktir", "this amount of" ("هالكم الهائل"), "a bit much"
    "وايد|واجد|wayed|wayid|ktir|kteer|ktiir|kteir|هالكم|الكم الهائل|هالكميه|bit much|way much|"
    # and "هالكم" in Levantine Arabizi ("shu hal kam risale el yom?")
    "hal kam|"
    # "from how many of them" ("من كثر عروضكم", "mn kotr el rasayel")
    "من كثر|من كتر|من كثرة|من كترة|mn kotr|men kotr|min kuthr|mn ktr|"
    "كل هالرسايل|كترت|كثرت|كترت اوي|كل ده|كل دي|كلها|kolaha|kollaha|kol dah|kol da|كميه|كميه الرسايل|"
    # "all the messages/offers" (Arabizi too): how many, not which
    "كل الرسايل|كل الرسائل|كل العروض|كل هالعروض|all the messages|all the offers|kol el rasayel|"
    "kol el 3orood|kol el 3orod|kol el messages|kol el offers|kol di|kol dol|kol dool|"
    # past their bound, more often than they should ("رسايلكم زادت عن حدها", "text me way too often")
    "زادت عن حدها|زاد عن حده|زايده عن حدها|عن حدها|عن حدهم|عن اللزوم|فوق اللزوم|زياده عن اللزوم|"
    "اكثر من اللازم|اكتر من اللازم|too often|so often|this often|too frequently|so frequently",
    often="كل يوم|كل شوي|كل شويه|كل ساعه|كل مره|every day|everyday|daily|all the time|kol yom|"
    # every other day ("I get your offers every other day", "يوم ورا يوم", "كل كم يوم")
    "every other day|every couple of days|every few days|every two days|يوم ورا يوم|يوم بعد يوم|كل كم يوم|"
    "kol shwaya|kol shwayya|kol sa3a|kel yom|kil yom|kell yom|kol youm|kel youm|kel yawm|"
    "kel shway|kil shway|كل يومين|a day|per day|each day|a week|يوميا|باليوم|في اليوم|"
    "كل اسبوع|every week|every single day|على طول|علطول|3ala tool|3ala tol|3al tool|all day long|"
    # every morning / night ("text me every single morning", "كل يوم الصبح", "kol sob7")
    "every morning|every single morning|every night|every evening|each morning|كل صباح|كل صبح|"
    "every single evening|every single night|every hour|every single hour|each evening|each night|"
    "kel sa3a|kil sa3a|kell sa3a|every afternoon|كل مسا|كل مساء|"
    "كل يوم الصبح|كل ليله|kol sob7|kel sob7|kol sabah|kel sabe7|kol leila|kel lele|"
    # one more of them ("another promo?", "yet another offer", "كمان عرض")
    "another promo|another offer|another ad|another deal|another message|another text|yet another|"
    "كمان عرض|عرض ثاني|عرض جديد كمان",
)
_OPT_IN_WHOLE = _words(
    "start|اشتراك|subscribe|اشترك|unstop|resume|opt in|optin|تفعيل|yes start|start again|"
    "subscribe again|resubscribe|start please"
)
_OPT_IN = _matcher(
    phrase="اشترك|subscribe|ابي اشترك|ابغى اشترك|بدي اشترك|عايز اشترك|اشتركوني|"
    "subscribe me|sign me up|sign up for|signup for|sign up to|"
    "رجعوا ارسلوا|رجعوا الرسائل|رجعوا العروض|ارسلوا لي العروض|ابي العروض|start messages|"
    "resume messages|opt me in|start again|subscribe again|resubscribe|opt in|ashtarek|ashtrek|"
    "eshtarek|ashtirak|add me back|put me back|subscribe me back|رجعوني للعروض|"
    "opt me back in|opt back in|opt in again|opt me in again|"
    # changing one's mind after stopping them ("keep sending them", "رجعوا لي العروض")
    "رجعوا لي العروض|رجعولي العروض|رجعوا لي الرسائل|رجعوا لي الرسايل|خلوا العروض توصلني|خلوها توصلني|"
    # the stop taken back, or kept on the list ("rje3t 3an kalami", "khallouni 3al list", "ابيها ترجع")
    "رجعت عن كلامي|rje3t 3an kalami|rja3t 3an kalami|خلوني على القائمه|خلوني عالقائمه|خلوني بالقائمه|"
    "khallouni 3al list|khalluni 3al list|5allouni 3al list|khallini 3al list|keep me on the list|"
    "ابيها ترجع|ابيهم يرجعون|ابغاها ترجع|بدي ياها ترجع|بدي ترجع العروض|عايزها ترجع|want them back",
    resume="رجعوا|ارجعوا|رجعو|ارجعو|ارجع|رجعوني|فعلوا|فعل|شغلوا|resume|start again|turn on|send me|add me|"
    # switching them on ("ممكن تفعلون رسايل العروض", "reactivate the offers")
    "تفعلون|تفعلوا|تفعلو|تشغلون|تشغلوا|activate|reactivate|enable|re enable|switch on|"
    "فعلولي|فعلوها|فعلوهم|شغلولي|شغلوها|رجعوها|رجعوهم|faعaloli|faعalouli|sha3'aloli|"
    "ترجع|ترجعون|ترجعوا|ترجعو|ترجعولي|ترجعوني|ترجعلي|رجعولي|عاودوا|تعاودون|تعاودوا|ترجعوا تبعتوا|"
    "ترجعوا تبعتولي|ترجعون ترسلون|start sending|send them again|ترجع توصلني|ترجعوا توصلوني|"
    "receive|receiving|arja3|arga3|raj3|rag3|rage3|raje3|rajja3ooni|ragga3ooni|a7assel|ast2bel|"
    "asta2bel|yewsalni|tewsalni|yoslni|"
    # "add me" asked as "you" ("فيكن تضيفوني عقائمة العروض؟", "ممكن تضيفوني للعروض")
    "تضيفوني|تضيفونا|تضيفني|ضيفني|"
    # and in Arabizi ("momken tedafoni lel 3orood?", "daifoni 3al offers")
    "tedafoni|tedafouni|tedafni|tdafoni|tdafouni|tedifoni|tdifoni|tdifouni|tedeefoni|daifoni|dayfoni|"
    "deifoni|dafoni|"
    # "subscribe me" asked as "you" ("ودي تشتركوني بعروض الويكند", "ممكن تشركوني بالعروض")
    "تشتركوني|تشتركونا|تشركوني|تشركونا|شركوني|"
    # "put me (on the offers)" ("حطوني بالعروض", "7otoni 3andoko fel 3orood")
    "حطوني|حطونا|حطني|7otoni|7ottoni|7otouni|7ottouni|7otona|7ottona|7otni",
    noun="العروض|عروض|الرسائل|رسائل|رسايل|رسايلكم|رسائلكم|مسجاتكم|messages|offers|promotions|الاشعارات|"
    "3orood|3orod|3orodh|3oroodh|el 3orood|al 3orood|rasayel|rasa2el|el rasayel",
)

# ---- escalation ----------------------------------------------------------------------------
_ESCALATION = _matcher(
    phrase="حولني|حولوني|حولني على|transfer me|connect me|real person|real human|"
    "انت بوت|انتي بوت|انت روبوت|مش روبوت|مو روبوت|are you a bot|not a bot|موظف حقيقي|"
    "شخص حقيقي|غير البوت|مو البوت|"
    "هذا بوت|هذا روبوت|is this a bot|is this a robot|r u a bot|are u a bot|talking to a bot|"
    "talking to a robot|"
    "not the bot|not a robot|اكلم بوت|اتكلم مع بوت|اكلم البوت|talk to a bot|talking to a bot|"
    # "ابغى اكلم المطعم", "في حد يرد؟": reaching a person at the restaurant
    "اكلم المطعم|اتكلم مع المطعم|اتواصل مع المطعم|احكي مع المطعم|اكلم المحل|اكلم الفرع|"
    "اتصل بالمطعم|talk to the restaurant|speak to the restaurant|call the restaurant|"
    "حد يرد|احد يرد|حدا يرد|محد يرد|ما حد يرد|ما احد يرد|حد موجود|احد موجود|حدا موجود|"
    "anyone there|anybody there|is anyone there|someone answer|anyone answering|"
    # whoever is responsible ("get me whoever runs this branch", "someone in charge")
    "whoever runs|who runs this|whoever is in charge|someone in charge|person in charge|"
    # not the automatic replies ("فيه احد موظف يرد؟ مو الرد الآلي")
    "مو الرد الالي|مش الرد الالي|غير الرد الالي|بدون الرد الالي|not the auto reply|not an automated|"
    "not automated|not the automatic|"
    "اللي ماسك الفرع|المسؤول عن الفرع",
    person="موظف|موظفين|موظفه|مدير|المسؤول|مسؤول|مشرف|الاداره|اداره|انسان|بني ادم|بنادم|human|"
    "bani adam|bany adam|bni adam|bini adam|beni adam|ben adam|bani2adam|insan|ensan|"
    "masءoul|masءool|masool|modir|mudeer|mudir|el edara|edara|"
    "agent|manager|representative|supervisor|staff member|mowazaf|modeer|بشري|"
    "management|el management|the management|el modeer|el mudeer|"
    "خدمه العملاء|customer service|customer support",
    someone="حد|حدا|احد|someone|somebody|حada|حad|ahad|aحad|person|انسان|المالك|صاحب المطعم|owner|staff|شخص|بشر|"
    "a person|anyone|anybody",
    talk="اكلم|اكلمه|اكلمك|اكلمكم|اتكلم|احكي|اتواصل|كلم|eحki|eحke|aحki|aحke|ehki|ahki|atkalam|akallem|"
    # meeting someone ("عايز اقابل حد من الادارة", "a2abel 7ad mn el management")
    "اقابل|a2abel|a2abl|aqabel|"
    "كلموني|اتصلوا|تتصلوا|يتصل|call|"
    "speak|talk|chat|contact|akalem|رقم|number|يكلمني|يكلمنا|يتصل بي|يتصل فيني|يتصل علي|يرد علي|"
    # someone who talks / answers to me ("حدا يحكيني", "7ada ye7kini", "7ad yekallemni")
    "يحكيني|يحكي معي|يحكي معي|يرد عليا|يرد|يردون|يجاوب|yeحkini|yiحkini|yحkini|yeحki maعi|yekallemni|yekalemni|"
    "ykalemni|ykallemni|ykalmni|yklmni|yerod 3alaya|yrod 3alaya|yrodd 3alaya|yetwasal|yitwasal|ytwasal|yetasal|yitasal|ytasal|yet9al|"
    "يتواصل معي|call me|contact me|ring me|phone me|"
    # someone to put it right ("ابي احد يعدل الطلب", "can someone sort this out?")
    "يعدل|يعدله|يعدلي|يصلح|يصلحه|يحل|sort this out|sort it out|sort out|fix this|fix it",
    want="ابي|ابغى|ابغا|ودي|عايز|عاوز|بدي|want|need|let me|please|pls|لو سمحت|ممكن|abi|abgha|"
    "baddi|bade|badde|biddi|bdi|3ayez|3awez|"
    "get me|give me|put me through|pass me|i need|حابب|حاب|اريد|عاوزه|عايزه|id like|i would like|"
    # "give me" in the Gulf and the Levant ("عطوني مدير الفرع")
    "عطوني|عطني|اعطوني|اعطني|عطيني|3toni|3tini|a3tini",
)

# ---- order status ------------------------------------------------------------------------------
_STATUS = _matcher(
    phrase="where is my order|wheres my order|order status|how long until|running late|"
    "how long will|track my|tracking|وش صار على|ايش صار على|شو صار ب|وين صار|طلبي متاخر|"
    "الطلب متاخر|is late|كم باقي|كم يحتاج|كم ياخذ|still waiting|waiting for my|on the way|"
    "on its way|order is taking|order still|order not here|"
    "order hasnt|order didnt|still not here|not here yet|not arrived yet|ما وصلني شي|"
    "hasnt arrived|has not arrived|still hasnt|still havent|hasnt been delivered|been over an hour|"
    "hasnt moved|has not moved|not moving|didnt move|hasnt left|has not left|"
    # the order placed, changed ("can I still change the order?", "ابي اعدل طلبي")
    "change the order|change my order|modify my order|modify the order|add to my order|add to the order|"
    "اعدل الطلب|اعدل طلبي|اغير الطلب|اغير طلبي|اضيف على الطلب|اضيف على طلبي|"
    "ماوصلني شي|ما جاني شي|ماجاني شي|nothing arrived|nothing has arrived|"
    "في الطريق|بالطريق|how much longer|nothing came|never came|didnt come|didnt arrive|hasnt come|"
    "never delivered|not delivered|says delivered|said delivered|marked as delivered|"
    "get my order|got my order|receive my order|received my order|كم دقيقه|how many minutes|"
    "how many mins|ويوصل|وتوصل|supposed to arrive|supposed to be here|should have arrived|"
    "should be here by|المفروض يوصل|المفروض يجي|كان المفروض|left the restaurant|out for delivery|"
    "picked up my|رقم الطلب ما|رقم طلبي ما|order number|my order number|الغي الطلب|الغي طلبي|الغاء الطلب|الغاء طلبي|الغوا الطلب|الغوا طلبي|كنسل الطلب|"
    "كنسلوا الطلب|وقف الطلب|وقفوا الطلب|اوقف الطلب|cancel my order|cancel the order|cancel order|"
    "stop the order|stop my order|cancel it|who is delivering|whos delivering|who is bringing|"
    "who will deliver|مين المندوب|مين بيوصل|مين يوصل|مين بيجيب|نسيتوا طلبي|نسيتو طلبي|نسيتم طلبي|نسيتوا الطلب|forgot my order|"
    "forgot about my order|forgotten my order|stop the delivery|cancel the delivery|cancel my delivery|"
    # the address of an order on its way, corrected ("wrong address", "ابي اغير العنوان")
    "wrong address|change the address|change my address|change the delivery address|update the address|"
    "العنوان غلط|عنوان غلط|غلطت في العنوان|غلط في العنوان|اغير العنوان|تغيير العنوان|غيروا العنوان|"
    "عدلوا العنوان|وقف التوصيل|الغي التوصيل|الغاء التوصيل|مش عايز الطلب|مش عاوز الطلب|ما ابي الطلب|مابي الطلب|"
    "ما ابغى الطلب|ما بدي الطلب|مابدي الطلب|dont want the order|dont want my order|"
    + "|".join(
        f"{verb} {noun}"
        # "لا تلغون الطلب" (don't cancel it) is about the order as much as cancelling it
        for verb in "وقف وقفوا اوقف اوقفوا الغي الغوا كنسل كنسلوا تلغون تلغوا تلغي توقفون توقفوا".split()
        for noun in "طلبي الطلب الاوردر اوردري طلبيتي التوصيل".split()
    ),
    late="تاخر|اتاخر|متاخر|تاخرتوا|اتاخرتوا|late|delayed|taking long|taking forever|ta2akhar|"
    "t2akhar|et2akhar|it2akhar|mt2akher|met2akher|et2a5ar|ta2khir",
    noun="طلبي|طلب|طلبيه|طلبيتي|طلبنا|اوردر|اوردري|order|orders|ordr|talabi|talaby|مندوب|الطيار|"
    "السواق|driver|food|delivery|اكل|الاكل|اكلي|talab|el talab|al talab|el order|el akl|akli|"
    "الشوفير|شوفير|المندوب|الدليفري|الديلفري|السايق|courier|rider|"
    "طلبت|طلبنا|ordered|i ordered",
    when="متى|امتى|ايمتى|when|emta|imta|emte|meta",
    strong="وين|وينه|وينها|فين|فينه|فينها|لوين|وش صار|ايش صار|شو صار|اتاكد|تاكد|yet|امتى|ايمتى|"
    "باقي|صار عليه|تاكيد|تم تاكيد|اتشحن|where|wheres|"
    "status|update|eta|wen|wein|feen|fein|اخبار|وش اخبار|ايش اخبار|شو اخبار|ايه اخبار|any news|"
    "news on|whr|wher|whre|wehre|لسه|للحين|how long|ما وصل|ماوصل|ما جا|"
    "ماجا|مجاش|ما وصلني|صار له|صارله|صرلي|بقالي|ضايع|تايه|lost|confirmed|accepted|انقبل|"
    # Levantine "it's been (for it)" ("الطلب صرلو ساعة واقف")
    "صرلو|صارلو|صرلها|صارلها|"
    # and Egyptian ("الأوردر بقاله ساعة …"), and an order stuck ("my order is stuck", "عالق")
    "بقاله|بقالها|بقالو|بقالهم|stuck|عالق|معلق|"
    "اتلغى|انلغى|تلغى|cancelled|canceled|confirm|اكدتوا|اكدتو|وصلتوا|طلعت|طلع|"
    "لسا|لساتها|لسى|ما اجت|ما اجا|ما اجو|مااجت|ما اجتني|"
    "ما وصلتني|ماوصلتني|موصلتنيش|ما جاتني|ماجاتني|مجاتنيش|"
    "lesa|lessa|lissa|lsa|ma weselsh|mawselsh|ma wesel|ma wasal|mawasal|lel7in|lal7een|longer|"
    "مش لاقي|مو لاقي|ما لاقي|مالاقي|ما لقى|مالقى|ما لقا|cant find|couldnt find",
    # "صار لي ٤٠ دقيقة انتظر": waiting now, for a while
    wait="انتظر|استنى|بستنى|ناطر|ناطرين|مستني|مستنيين|انطر|بنتظر|ننتظر|waiting",
    since="صار لي|صارلي|صار لنا|صرلي|صرلنا|بقالي|بقالنا|been|for an hour|for over|من ساعه|"
    "من ساعتين|من نص ساعه|an hour ago|hour ago|mins ago|minutes ago",
    # "انا في الطريق للمطعم": the customer is on the way, not the order
    self_way="انا في الطريق|احنا في الطريق|انا بالطريق|احنا بالطريق|on my way|im on my way|"
    "were on our way|on our way|"
    # the customer coming by the branch ("we'll stop at your olaya branch on the way")
    "stop at your|stop by your|drop by your|pass by your|swing by your",
    habitual="usually|normally|generally|typically|in general|عاده|عادتا|عادتن|دايما|always",
    weak="وصل|وصلت|يوصل|جاهز|يجهز|تجهز|يخلص|ready|arrive|arrives|coming",
)

# ---- order -----------------------------------------------------------------------------------
_ORDER = _matcher(
    # "هطلب منكم", "حنطلب منكم": the Egyptian future of ordering from us (not "هطلب بكرة": later);
    # "ordering dinner for the five of us"
    strong="اطلب|اطلبلي|نطلب|هطلب منكم|هطلب منكو|حطلب منكم|حطلب منكو|هنطلب منكم|هنطلب منكو|"
    "حنطلب منكم|حنطلب منكو|ordering for|ordering lunch|ordering dinner|"
    "ordering breakfast|were ordering|im ordering|اعمل اوردر|اعمل طلب|اعمل طلبيه|place an order|"
    "make an order|new order|to order|i order|can i order|wanna order|to oder|can i oder|"
    "wanna oder|نفس طلبي|نفس الطلب|"
    "same order|same as last|reorder|زيدوا|زيد على|ضيفوا|ضيف على|add to my order|"
    "تضيفون|تضيفوا|تزيدون|تزيدوا|احجز طلب|احجز اوردر|pre order|preorder|طلب مسبق|"
    "change my order|modify my order|edit my order|update my order|اعدل طلبي|عدلوا طلبي|"
    "تعديل الطلب|تعديل طلبي|اغير طلبي|غيروا طلبي|the usual|my usual|المعتاد|زي العاده|نفس كل مره",
    want="ابي|ابغى|ابغا|ابا|ودي|اريد|عايز|عاوز|عايزه|بدي|حاب|ممكن|عطني|اعطني|اعطيني|هات|"
    "عطوني|اعطوني|عطونا|اعطونا|عطيني|عطينا|"
    "هاتلي|بعتولي|ابعتولي|جيبوا|جيبولي|تجيبون|i want|id like|i would like|can i get|"
    "can i have|could i get|could i have|give me|ill have|get me|i need|abi|abgha|bdi|"
    "3ayez|3ayza|areed|areid|arid|nreed|عايزين|can we get|can we have|could we get|could we have|we want|wed like|"
    "we would like|we need|lemme get|let me get|let me have|id love|i would love|bdna|bedna|بدنا",
)

# ---- support ----------------------------------------------------------------------------------
# Label → topic, in priority order: "ممكن المنيو بالاسعار" asks for the menu card, and
# "كم سعر التوصيل" asks a price, not about delivery.
_TOPIC_ORDER: tuple[tuple[str, SupportTopic], ...] = (
    ("menu_card", "menu"),
    ("prices", "prices"),
    ("place", "location"),
    ("branches", "branches"),
    ("general", "general"),
    ("hours", "hours"),
    ("location", "location"),
    ("menu", "menu"),
    ("how_much", "prices"),
)
_TAKING_ORDERS_WORDS = (
    "استقبال الطلبات|تستقبلون طلبات|تستقبلوا طلبات|تستقبلون الطلبات|تستقبلوا الطلبات|"
    "taking orders|accepting orders|take orders"
)
_TAKING_ORDERS = _matcher(taking=_TAKING_ORDERS_WORDS)
_SUPPORT = _matcher(
    hours="متى تفتحون|تفتحون|تفتحوا|تفتح|بتفتحوا|تسكرون|تسكروا|بتسكروا|تسكر|تقفلون|تقفلوا|"
    "بتقفلوا|تقفل|فاتحين|فاتح|مفتوح|مسكرين|مسكر|الدوام|دوام|ساعات العمل|اوقات العمل|"
    "اوقات الدوام|مواعيد|موعد|اخر وقت|open|opening|close|closing|closed|hours|what time|"
    # "your hours" with the suffix ("دوامكم يوم الجمعة"), "from when to when" ("من كم الى كم")
    "دوامكم|مواعيدكم|اوقاتكم|ساعات عملكم|من كم الى كم|من كم الي كم|من كم لكم|من كم لين كم|من كام لكام|"
    "last order|betefta7o|betfta7o|btefta7o|btefta7u|tefta7o|bte2flo|bet2flo|btsakro|betsakro|"
    "mawa3eed|mawa3ed|el mawa3eed|dawam|el dawam|تبدا|تبدون|يبدا|السحور|رمضان|prayer time|وقت الصلاه|يفتح|يقفل|يسكر|بيفتح|"
    "بيقفل|بيسكر|تضلوا فاتحين|الساعه كم|الساعه كام|الساعه قديش|اي ساعه|لين كم|لحد امتى|"
    "لين متى|لحد كام|opening times|open now|open today|open tomorrow|are you open|you open|"
    # until when orders are taken ("متى توقفون استقبال الطلبات"), and Arabizi closing verbs
    + _TAKING_ORDERS_WORDS
    + "|tsakroon|tsakro|tsakkro|tsakrou|tesakro|"
    "tsakkroon|t2flo|te2flo|ti2flo|bt2flo|tiftaho|tefta7on|tfta7o|tefta7oon|tifta7on",
    # An explicit "location/address" beats a branch: "ابغى موقع الفرع" asks where it is.
    place="موقع|موقعكم|لوكيشن|location|العنوان|عنوان|عنوانكم|address|adress|خريطه|map|maps|"
    "directions|how do i get to|how to get to|how to reach|how do i reach|كيف اوصل|كيف اجيكم|"
    "كيف اوصلكم|ازاي اوصل|كيف بوصل",
    location="located|where are you|"
    "وينكم|وين مكانكم|وين محلكم|وين محلكن|وين انتم|وين انتو|انتو فين|انتوا فين|فينكم|"
    "مكانكم|محلكم|محلكن|خريطه|map|maps|wenkom|directions|adress|adresse|locaton|lokation|"
    "where is the restaurant|where is your restaurant|الموقع|لوكيشن حقكم|وين المطعم|فين المطعم|"
    "وين المحل|فين المحل",
    # "المطعم فين؟", "where's the shop": a where-word and the place, in either order
    where_q="وين|فين|where|wheres|wen|wein|feen|fein|وينه|فينه",
    venue="المطعم|مطعمكم|المحل|محلكم|المكان|restaurant|shop|store|the place|your place|"
    "ma7alkon|ma7alkom|mat3amkon|mat3amkom|el ma7al|el mat3am",
    menu_card="منيو|قائمه الطعام|القائمه|menu",
    menu="وش عندكم|ايش عندكم|شو عندكم|شو في عندكن|ايه عندكم|وش الاشياء|ايش الاشياء|شو الاشياء|"
    "ايش الموجود|وش الموجود|what do u have|what u got|whats available|what is available|"
    "شو في عندكم|عندكم اكل|عندكو اكل|عندكن اكل|اكلات|اطباق|اصناف|نباتي|vegetarian|vegan|"
    "options|dishes|حلويات|desserts|مشروبات|drinks|what do you have|what do you serve|gluten|"
    "do you have|do u have|have you got|do you serve|do you sell|خيارات|جلوتين|حساسيه|"
    "allergy|allergies|كيتو|keto|سعرات|calories|حلال|halal|"
    # asking for a recommendation
    "وش افضل|ايش افضل|شو افضل|وش احسن|ايش احسن|شو احسن|ايه احسن|ايه افضل|ايهم احسن|ايهم افضل|"
    "تنصحوني|تنصحني|تنصحونا|بتنصحوني|تنصحوا|تقترحون|تقترحوا|تقترح|بتقترحوا|recommend|recommendation|suggest|best seller|"
    "الاكثر طلب|الاكثر مبيعا|most popular|whats good|what is good|whats the best|what is the best|"
    "للاطفال|وجبات اطفال|وجبه اطفال|kids meal|kids menu|for kids",
    prices="se3r|si3r|s3r|asa3r|as3ar|el as3ar|bkam|bekam|b kam|adesh|ad2esh|2adesh|سعر|اسعار|بكم|بكام|كم سعر|price|prices|pricing|cost|costs|how much|"
    "hw much|رسوم|fee|fees|charge|كم التوصيل|قديش التوصيل|كام التوصيل|اديش التوصيل|"
    "rusoom|rosoom|rsoom|rusum|rosom|kam el tawseel|kam al tawseel|kam tawseel|adesh el tawseel|"
    "2adesh el tawseel|ad eh el tawseel|kam el delivery|"
    "delivery free|free delivery|التوصيل مجاني|توصيل مجاني|التوصيل ببلاش|بفلوس|كم حقه|كم حقها|كم حق|قديش حق|بقديش|بكام|كم يكلف|كم تكلف",
    # "how much / how many": a price only when nothing else is asked ("الساعة كام", "كام فرع").
    how_much="قديش|اديش|كام|free|مجاني|مجانا|ببلاش",
    branches="فرع|فروع|فرعكم|فروعكم|فروعك|فروعكن|الفروع|branch|branches|اقرب فرع|nearest|far3|fro3|el far3|"
    "far3kon|far3kom|far3kum|fro3kon|fro3kom|a2rab far3|el a2rab|el2a2rab",
    general="توصيل|توصلون|توصلوا|بتوصلوا|deliver|delivery|دفع|كاش|مدى|فيزا|ابل باي|شبكه|الدفع|shabaka|"
    "nedfa3|edfa3|ادفع|بدفع|ندفع|"
    "apple pay|بطاقه|card|cash|حجز|احجز|نحجز|reservation|reserve|book a table|طاوله|table|"
    "تقبلون|تقبلوا|بتقبلوا|accept|payment|pay|تمارا|تابي|tamara|tabby|stc pay|visa|"
    "جلسات|جلسه|عائلي|عائليه|عوائل|عيله|العيله|للعيله|عايله|للعايله|عائله|العائله|للعائله|family section|seating|outdoor|kids area|playground|"
    "parking|park|مواقف|wifi|واي فاي|خصم|كوبون|coupon|discount|عروض|عرض|offers|offer|deals|"
    "specials|promo|promotion|فاتوره|فاتورة|receipt|invoice|ضريبيه|vat|"
    # the app or the site failing ("your app keeps freezing when I hit checkout"): help asked for
    "app keeps|app is not|app isnt|app wont|app not|checkout|التطبيق يعلق|التطبيق معلق|"
    "التطبيق ما يفتح|التطبيق مش راضي|التطبيق مو راضي|freezing|freezes|crashing|crashes|login|"
    "log in|sign in",
)
_QUESTION_WORDS = _words(
    "كم|وش|ايش|شو|متى|امتى|ايمتى|وين|فين|هل|فيه|في|عندكم|عندكو|عندكن|ممكن|ليش|ليه|كيف|ازاي|"
    "قديش|what|where|when|how|do|does|are|is|can|could|which|wat|hw"
)

# ---- feedback / greeting / thanks ---------------------------------------------------------------
_FEEDBACK_WORDS = _matcher(
    past="كان|كانت|كانو|كانوا|was|were|it was|its|it is|had|kan|kanet|kanit|kano|kanu|"
    # the order before this one ("too many onions in my burger last time", "المرة اللي فاتت")
    "last time|المره اللي فاتت|المره الي فاتت|المره الماضيه|el marra elli fatet|el mara el fatet",
    # "طلبت برجر وجاني لحم": what was ordered, told afterwards.
    past_order="طلبت|طلبنا|ordered|i ordered|we ordered|اكلت|اكلنا|جربت|جربنا|tried|ate",
    feedback="تجربه|تجربتي|experience|تقييم|تقييمي|review|رايي|ملاحظه|ملاحظات|شكوى|اشتكي|"
    "complaint|complain|feedback",
)
_GREETING = _matcher(
    greeting="السلام عليكم|السلام|سلام عليكم|سلام|عليكم السلام|مرحبا|مرحبتين|مرحباً|هلا|"
    "هلا والله|اهلا|اهلين|يا هلا|صباح الخير|مساء الخير|صباح النور|مساء النور|ازيك|ازيكم|"
    "كيفك|كيفكم|كيفكن|كيفكو|شلونكم|كيف حالك|كيف الحال|شلونك|عاملين ايه|مساء الفل|صباح الفل|مساء الورد|صباح الورد|"
    "hi|hello|hey|heyy|hiya|good morning|"
    "good evening|good afternoon|salam|salaam|marhaba|ahlan|hala|slm|👋|هاي|هايي|هلو|هالو|"
    "hey there|hi there|yo|howdy|greetings|مسا الخير|مسا الورد|مسا النور|مسا الفل|صباحو|مساكم الله بالخير|صبحكم الله بالخير|"
    "الو|سلامات|اهلا وسهلا|gm|morning|evening|good evening|good day|ahlan w sahlan|ahlan wa sahlan|alsalam|assalam|"
    # Arabizi "how are you" / "welcome" forms
    "ahla|ahla w sahla|ahla wa sahla|kifkon|kifkom|kifak|kifik|kifkun|keefak|keefkom|shlonkom|shlonak|ezayak|"
    "ezayek|ezayko|izayak|"
    # good morning / evening said to "you" ("صباحكم عسل", "مساكم ورد", "صباحك فل")
    "صباحكم|صباحكو|صباحكن|صباحك|مساكم|مساكو|مساكن|مساك"
)
_THANKS = _matcher(thanks=THANKS_PHRASES)

# Short replies worth recognising through typos ("السلا عليكم", "شكرن", "helo").
_SHORT_FORM_TABLE: tuple[tuple[Intent, SupportTopic | None, str], ...] = (
    ("greeting", None, "السلام عليكم|مرحبا|صباح الخير|مساء الخير|hello|good morning"),
    ("thanks", None, "شكرا|مشكورين|يعطيك العافيه|thank you|thanks"),
    ("escalation", None, "ابي اكلم موظف|ابغى موظف"),
    ("support", "menu", "المنيو"),
    ("support", "location", "الموقع|اللوكيشن"),
    ("support", "prices", "الاسعار"),
)
_SHORT_FORMS: dict[str, tuple[Intent, SupportTopic | None]] = {
    normalize(text): (intent, topic)
    for intent, topic, texts in _SHORT_FORM_TABLE
    for text in texts.split("|")
}

_CONFIRM = _words(
    "نعم|ايه|اي|ايوه|ايوا|اكيد|تمام|اوكي|اوك|اوكيه|موافق|صح|صحيح|مضبوط|تم|ابشر|يب|يس|زين|طيب|ماشي|"
    "اكد|اكدوا|اكده|yes|yeah|yep|yup|ok|okay|k|sure|confirm|confirmed|correct|right|"
    "👍|✅|👌|go ahead"
)
_CONFIRM_FILLER = _words(
    "please|pls|لو سمحت|الطلب|order|the|it|يا|ايوه|كذا|هيك|كده|شكرا|thanks|حبيبي|والله|go|ahead"
)
_REJECT = _words("لا|no|nope|nah|cancel|الغاء|الغي|كنسل|بلاش|مابي|مابغى|مش|مو|لأ|❌|wrong|غلط")
_REJECT_FILLER = _words(
    "شكرا|thanks|خلاص|ابي|ابغى|عايز|الطلب|order|the|it|my|يا|شيخ|لا|no|please|صح|correct|مو|مش|بدي"
)
_QUESTION_MARK = re.compile("[?؟]")


def _unwrap_negation(toks: list[str]) -> list[str]:
    """Egyptian negation wraps the verb: "متبعتليش" = "ما" + "تبعتلي" (+ "ش"), Arabizi
    "matb3atlish" = "ma" + "tb3atli"; split it so the send verb is read as not sending."""
    out: list[str] = []
    for tok in toks:
        if len(tok) >= 6 and tok.startswith("م") and tok.endswith("ش"):
            out += ["ما", tok[1:-1]]
        elif len(tok) >= 8 and tok.startswith("ma") and tok.endswith("sh"):
            out += ["ma", tok[2:-2]]
        else:
            out.append(tok)
    return out


_OFF_FROM = _words("من|منها|off|from|out|mn|min|men|mel|mil")  # Arabizi "shelouni mn el list"
_COURIER = _words(
    "المندوب|مندوب|السواق|سواق|الدليفري|الديلفري|السايق|driver|courier|rider|"
    # Levantine "الشوفير" (the driver); Arabizi spellings of the same
    "الشوفير|شوفير|الشوفيره|shofeir|shofer|chauffeur|el shofeir|mandoub|el mandoub|el sawa2|"
    # the Levantine "السواق" in Arabizi ("el sawa2 wa2ef barra")
    "sawa2|sawwa2|sawe2"
)
#: "delivery guy / boy / man" (two words): the courier.
_DELIVERY_PERSON = _words("guy|boy|man|guys|boys")


def _courier_named(toks: list[str]) -> bool:
    """The courier named ("المندوب", "الشوفير", "the delivery boy", "el delivery guy")."""
    return any(
        t in _COURIER or (t == "delivery" and toks[k + 1 : k + 2] and toks[k + 1] in _DELIVERY_PERSON)
        for k, t in enumerate(toks)
    )


# "كفاية رسايل", "بلا رسايل", "no more offers": a bare "no more" before the messages themselves
_NO_MORE = _words(
    "بلا|بلاش|كفايه|كفى|كفايا|بكفي|يكفي|enough|kfaya|kefaya|kifaya|bala|bla|bla2|balash|blash|bikaffi|bikafi"
)
_ORDER_WORDS = _words("طلب|طلبي|طلبات|طلبيه|اوردر|order|orders|talab|talabi")


def _mentions_an_order(toks: list[str]) -> bool:
    """Whether the message speaks of an order ("الطلبات", "وطلبي", "order")."""
    return any(token_forms(t) & _ORDER_WORDS for t in toks)


def _negated_send(toks: list[str], found: dict[str, list[int]]) -> bool:
    """A send verb negated by its own wrapping ("ماتبعتوليش") or by a negation up to two words
    before it ("لا ترسلون", "لا عاد ترسلون", "la terslon")."""
    if "neg_send" in found:
        return True
    return any(t in _NEGATIONS for k in found.get("send", ()) for t in toks[max(0, k - 2) : k])


# "why am I getting all these messages": receiving them, asked or complained about
_ASKING_HOW = _words("مين|من|كيف|منين|وين|فين|ازاي|who|how|where|meen|min|kif|keef|ezay|mneen|mnein|menin")
# "ما اشتركت عندكم", "I never signed up", "هو انا مشترك؟": the customer denies ever asking for
# the messages; with nothing of an order in it, probably a request to stop them (asked first)
_NEVER_SUBSCRIBED = _matcher(
    denied="ما اشتركت|مااشتركت|ما سجلت|ماسجلت|مش مشترك|مو مشترك|مب مشترك|ما انا مشترك|مش مشتركه|"
    "ما اشتركتش|مشتركتش|ما اشتركت في شي|هو انا مشترك|هو انا مشتركه|هو انا اشتركت|ما طلبت رسايل|ما طلبت منكم رسايل|"
    "never signed up|didnt sign up|did not sign up|never subscribed|didnt subscribe|did not subscribe|"
    "never opted in|didnt opt in|not subscribed|"
    # asked whether I ever did ("did I subscribe to this?", "when did I sign up")
    "did i subscribe|did i sign up|did i ever subscribe|did i ever sign up|when did i subscribe|when did i sign up|"
    "msh eshtarakt|mesh eshtarakt|ma eshtarakt|ma shtarakt|ma ishtarakt|eni eshtarakt|ene eshtarakt|"
    "msh moshtarek|mesh moshtarek|ma sajalt"
)
#: "I subscribed / signed up" in the first person past: denied when a negation stands up to four
#: words before it ("مش فاكر اني اشتركت", "ما اذكر اني سجلت عندكم", "3omri ma eshtarakt",
#: "I don't think I ever subscribed").
_I_SUBSCRIBED = _words(
    "اشتركت|اشتركتش|سجلت|سجلتش|اشتركنا|سجلنا|eshtarakt|ishtarakt|shtarakt|eshtarakt4|sajjalt|sajalt|"
    "sagalt|saggelt|subscribed|signed|registered|opted|signing|subscribing|registering"
)
_NEVER_WORDS = _words("عمري|عمرنا|ابدا|3omri|3omry|omri|ever")
#: Giving someone the number, in the past or as a verbal noun ("gave", "giving", "عطيتكم").
_GAVE = _words(
    "gave|give|giving|given|عطيتكم|اعطيتكم|عطيتكن|اديتكم|اديتكو|اعطيكم|عطيتك|اعطيتك|عطيتهم|"
    "ma3teitkon|3teitkon|3tetkon|3ateetkom|edetkom"
)


#: Someone signed me up ("سجلني", "اشتركولي", "sajjalni", "signed me up"): asked with "who", the
#: customer says they never did it themselves.
_SIGNED_ME = _words(
    "سجلني|سجلوني|اشتركني|اشتركولي|اشتركوني|ضافني|ضافوني|حطني|حطوني|sajjalni|sajalni|saggelni|"
    "sagelni|sajjalouni|da5alni|dakhalni"
)
_SIGNED_EN = _words("signed|subscribed|registered|added|enrolled|put")
_WHO = _words("مين|من|who|whos|meen|min|mein|mn")


def _denies_subscribing(toks: list[str]) -> bool:
    """A first-person "I subscribed" under a negation, or "never" ("عمري ما اشتركت"); or "who"
    right before someone signing me up ("who signed me up for this?", "مين سجلني عندكم؟")."""
    for k, tok in enumerate(toks):
        if tok in _I_SUBSCRIBED and any(
            t in _NEGATIONS or t in _NEVER_WORDS for t in toks[max(0, k - 4) : k]
        ):
            return True
        # "I don't remember ever giving you my number", "ما عطيتكم رقمي": the number never given
        if (
            tok in _GAVE
            and any(t in _GIVEN for t in toks[k + 1 : k + 5])
            and any(t in _NEGATIONS or t in _NEVER_WORDS for t in toks[max(0, k - 5) : k + 1])
        ):
            return True
        # "you never had my consent", "you don't have my permission": the permission never held
        if (
            tok in ("had", "have", "got")
            and toks[k + 1 : k + 2] in (["my"], ["our"])
            and any(t in _GIVEN for t in toks[k + 2 : k + 4])
            and any(t in _NEGATIONS or t in _NEVER_WORDS for t in toks[max(0, k - 3) : k])
            and any(t in _YOU for t in toks[:k])
        ):
            return True
        # English needs the object ("who signed me up", not "who signed the receipt")
        signed = tok in _SIGNED_ME or (tok in _SIGNED_EN and toks[k + 1 : k + 2] in (["me"], ["us"]))
        if signed and any(t in _WHO for t in toks[max(0, k - 2) : k]):
            return True
    return False


#: Changing one's own details ("how do I get my number changed", "ابي اغير رقمي"): the account,
#: never a question of how we came by the number.
_CHANGE_DETAILS = _words(
    "change|changed|changing|update|updated|updating|edit|new|غير|اغير|نغير|تغيير|عدل|اعدل|تعديل|"
    "حدث|احدث|تحديث|الجديد|جديد|bghayer|ghayer|3adel"
)
#: What the customer says they never gave us: the number, or the permission to use it.
_GIVEN = _words("رقمي|number|ra2me|ra2mi|nemrti|permission|consent|approval|اذن|الاذن|موافقه|موافقتي|اذني")
#: Arabic receiving verbs ("يوصلني", "يجيني"): after a statement's "ما" they say that nothing
#: arrives; after a wish's "لا" ("لا يوصلني شي منكم": let nothing reach me) they ask.
_BETWEEN_NOT_AND_VERB = _words("عاد|عم|بعد")
_RECEIVE_AR = _words("يجيني|يجينا|توصلني|يوصلني|توصلنا|بتوصلني|بيوصلني|تجيني|تجينا")
_RECEIVE = _RECEIVE_AR | _words("getting|receiving|get|receive")
#: "شي منكن", "something from you": what we send, left unnamed.
_SOMETHING = _words("شي|اشي|شيء|حاجه|حاجة|something|shi|eshi|7aga|haga")
_FROM_YOU = _words("منكم|منكن|منكو|منك|منكوا|minkom|menkom|mennkon|menkon|minkon|mennak") | frozenset(
    {"from you"}
)


def _something_from_you(toks: list[str]) -> bool:
    """ "بيوصلني شي منكن", "I get something from you": a thing received from the restaurant,
    unnamed (the messages, most likely)."""
    if not any(t in _RECEIVE for t in toks):
        return False
    for k, tok in enumerate(toks[:-1]):
        if tok in _SOMETHING and (toks[k + 1] in _FROM_YOU or " ".join(toks[k + 1 : k + 3]) in _FROM_YOU):
            return True
    return False


_STATEMENT_NOT = _words("ما|وما|ماعاد|وماعاد")
_ANOTHER_SEND = _words(
    "ترسلون|ترسلوا|ترسلو|ترسل|ترسلولي|تبعتوا|تبعتو|تبعت|تبعتولي|تبعتلي|تراسلوني|ترسلوني|تطرشون|تدزون"
)


def _says_nothing_arrives(toks: list[str]) -> bool:
    """ "انا مشترك عندكم من زمان وما يوصلني شي", "ما عاد يجيني شي منكم": a receiving verb after a
    statement's "ما" (with "عاد" between or not), and no sending verb of ours: a customer telling
    that nothing reaches them (often one who wants the offers), no request to stop."""
    receiving = [k for k, t in enumerate(toks) if t in _RECEIVE_AR]
    if not receiving or any(t in _ANOTHER_SEND for t in toks):
        return False
    for k in receiving:
        before = toks[k - 1] if k else ""
        if before in _BETWEEN_NOT_AND_VERB and k > 1:  # "ما عاد يجيني", Levantine "ما عم تجيني"
            before = toks[k - 2]
        if before not in _STATEMENT_NOT:
            return False
    return True


def _labels(matcher: PhraseMatcher, toks: list[str]) -> set[str]:
    """The matcher's labels in the tokens, and in their Arabizi words spelled in Arabic letters
    (so "raga3ouni" is read like "رجعوني" and "kol yom" still as written)."""
    found = set(matcher.labels(toks))
    if not any(t.isascii() for t in toks):
        return found  # no Latin word to respell
    spelled = [consent.arabic_spelling(t) for t in toks]
    # the second pass only when a respelled word can start one of the matcher's phrases
    if any(sp != t and matcher.may_start(sp) for sp, t in zip(spelled, toks, strict=True)):
        found |= set(matcher.labels(spelled))
    return found


@dataclass(frozen=True)
class _ConsentView:
    """What the opt-out / opt-in checks read of one message, worked out once per text."""

    norm: str
    toks: list[str]  # normalised tokens
    unwrapped: list[str]  # Egyptian wrapped negation split ("متبعتليش" → "ما تبعتلي")
    labels: frozenset[str]  # the opt-out phrase labels
    found: dict[str, list[int]]  # the consent roles of `toks`, by position


@lru_cache(maxsize=512)
def _view(text: str) -> _ConsentView:
    norm = normalize(text)
    toks = norm.split()
    unwrapped = _unwrap_negation(toks)
    # "اول ما يوصلني": "ما" joining a clause to the word before is no negation of the verb after it
    read = [
        "" if t in ("ما", "ma") and k and unwrapped[k - 1] in _MA_JOINS else t
        for k, t in enumerate(unwrapped)
    ]
    return _ConsentView(norm, toks, unwrapped, frozenset(_labels(_OPT_OUT, read)), consent.positions(toks))


def _about_our_messages(toks: list[str]) -> bool:
    """Whether the message speaks of the messages or offers the restaurant sent."""
    return any(consent.token_roles(t) & {"messaging", "marketing"} for t in toks)


def _dish_besides_anymore(text: str, norm: str) -> bool:
    """Whether a dish is named, other than by a word that also means "any(thing) more" ("shay"
    is tea and "anything")."""
    toks = norm.split()
    anymore = {
        k for start, end, label in _OPT_OUT.finditer(toks) if label == "anymore" for k in range(start, end)
    }
    return bool(food_positions(text) - anymore)


# One message asks "is this an opt-out / opt-in" several times on its way through
# classify_intent (and the probable-opt-out and rejection checks): answer once per text.
#: Verbs that put me on the list ("تضيفوني", "سجلوني", "add me", "sign me up").
_ADD_ME = _words(
    "تضيفوني|تضيفني|تسجلوني|تسجلني|تشتركوني|تشتركني|تحطوني|تحطني|تدخلوني|add|subscribe|sign|register|"
    "include|put|enroll|t7otoni|tsajloni|tdefoni"
)
_DONT = _words("لا|la|no|dont|don't|never")


def _declines_being_added(toks: list[str], found: Mapping[str, object]) -> bool:
    """A prohibition right before a verb that would put me on the offers' list: "لا تضيفوني
    للعروض", "don't add me to your offers", "please never sign me up for promos"."""
    if not found.keys() & {"marketing", "list", "messaging"}:
        return False
    for i, tok in enumerate(toks):
        dont = tok in _DONT or (tok == "do" and toks[i + 1 : i + 2] == ["not"])
        if dont and any(t in _ADD_ME for t in toks[i + 1 : i + 3]):
            return True
    return False


#: A subscription to meals, not to messages ("اوقف الاشتراك الاسبوعي حق الغدا", "cancel my weekly
#: lunch subscription"): a meal or food word right beside the word "subscription".
_SUBSCRIPTION = _words("اشتراك|اشتراكي|الاشتراك|اشترك|نشترك|subscription|subscriptions|subscribe|plan")
_MEALS = _words(
    "الغدا|الغداء|غدا|غداء|العشا|العشاء|عشا|الفطور|فطور|الفطار|فطار|الوجبات|وجبات|الوجبه|وجبه|الاكل|اكل|"
    "lunch|dinner|breakfast|meal|meals|food"
)


def _subscribed_meals(toks: list[str]) -> bool:
    """Whether the subscription named is one to meals (a meal word within three words of it, on
    either side): stopping it changes a standing order, it opts out of no messages."""
    return any(
        t in _SUBSCRIPTION and any(token_forms(w) & _MEALS for w in toks[max(0, k - 3) : k + 4])
        for k, t in enumerate(toks)
    )


#: Drinks and food a shop may deliver on a subscription ("اشتراك القهوة الشهري", "my weekly coffee plan").
_SUBSCRIBED_DRINKS = _words(
    "القهوه|قهوه|قهوتي|الشاي|شاي|العصير|عصير|العصاير|الحليب|حليب|الخبز|خبز|التمر|تمر|coffee|tea|juice|juices|"
    "milk|bread|dates|ahwa|2ahwa|gahwa|shay|3aseer"
)
#: An order said to be a standing one: "الطلب الثابت", "el talab el thabit", "my weekly order".
_STANDING = _words(
    "الثابت|ثابت|الاسبوعي|اسبوعي|الشهري|شهري|اليومي|الدوري|thabit|el thabit|thabet|el thabet|sabit|"
    "weekly|monthly|daily|recurring|standing|regular|usbu3i|osbo3i|shahri"
)


#: Where or when ("وين طلبي الاسبوعي؟", "when is my weekly order coming?"): the standing order's status.
_WHERE_OR_WHEN = _words("وين|فين|متى|امتى|ايمتى|where|when|wen|wein|fen|fein|mata|emta|imta")


def _standing_order(toks: list[str]) -> bool:
    """ "ممكن توقفون اشتراك القهوة الشهري لين ارجع؟", "abi awaggif el talab el thabit kil jum3a": a
    subscription to a drink or food, or an order said to be a standing one (weekly, monthly, fixed),
    started, paused or stopped: a person sees to it (support); our messages named make it no such
    thing ("الغوا اشتراكي في عروض القهوة" stays an opt-out, read before)."""
    if _about_our_messages(toks):
        return False
    drinks = any(
        t in _SUBSCRIPTION and any(token_forms(w) & _SUBSCRIBED_DRINKS for w in toks[max(0, k - 3) : k + 4])
        for k, t in enumerate(toks)
    )
    return drinks or any(
        token_forms(t) & _ORDER_WORDS
        and (
            any(w in _STANDING for w in toks[k + 1 : k + 4] if w not in ("el", "al", "il"))
            or (k and toks[k - 1] in _STANDING)
        )
        for k, t in enumerate(toks)
    )


def _wanted_after_all(text: str) -> bool:
    """The message's last clause, after another, asks for the offers ("…، الحين ابيها ترجع", "la
    khalas rje3t 3an kalami, khallouni 3al list"): whatever came before, the stop is taken back."""
    clauses = [c for c in re.split(r"[،,.!؟?\n]+", text) if c.strip()]
    last = normalize(clauses[-1]).split() if clauses else []
    # (never of the order's messages: "…، اما رسايل الطلبات عادي خلوها توصلني")
    return len(clauses) > 1 and "phrase" in _labels(_OPT_IN, last) and not _mentions_an_order(last)


@lru_cache(maxsize=512)
def is_opt_out(text: str) -> bool:
    """True when the customer asks to stop receiving messages ("STOP", "إيقاف", "unsubscribe",
    "لا عاد ترسلون لي عروض", "take me off your list", "khalas wa2fo el rasayel").

    Besides the phrase lists, words are read by their shape (`consent`): a stop verb and a
    messaging object in one clause ("وقفولي هالرسايل", "quit sending me promos"); a negated send
    verb with an object or "any more" ("ماتبعتوليش عروض", "ma tb3tly rasayel"); removing my
    number ("شيلوا نمرتي"); "no more" before the messages ("بلا رسايل"). Not when a courier is
    the subject ("المندوب وقف ... رسالة") or the not-sending is about a dish ("ولا ترسلون بطاطس").
    """
    view = _view(text)
    norm, toks, labels, found = view.norm, view.unwrapped, view.labels, view.found
    if _not_to_miss(view.toks) and "verb" not in labels:
        return False  # "مش عايز يفوتني ولا عرض": the offers wanted, not stopped
    if _wanted_after_all(text):
        return False  # "قبل فترة طلبت منكم توقفون العروض، الحين ابيها ترجع": the last word asks for them
    if _enough_in_exasperation(view):
        return False  # "kefaya rasayel ba2a", "enough with the deals already lol": asked about
    if norm in _OPT_OUT_WHOLE or (
        "phrase" in labels
        and not _phrase_after_without(toks)
        and not _sending_the_food(text, view)
        and not _asks_why_on_the_list(toks, found)
        and not _sends_the_courier(toks)  # "don't message the driver, I'll call him"
    ):
        return True
    if not (labels or found):
        return False  # most messages: no word of the kind at all
    if _stop_prohibited(view):
        return False  # "لا توقفوا العروض", "la twa2fo el 3orood": don't stop them
    if _declines_being_added(toks, found):
        return True  # "لا تضيفوني للعروض", "don't add me to your offers": a no to the list
    # "ممكن ما عاد توصلني رسايل عروضكم؟", "ممكن ما ترسلون لي عروض؟": a request, asked politely
    polite = bool(view.toks) and view.toks[0] in _POLITE_OPENERS
    if "nowant" not in labels and not polite and _says_nothing_arrives(toks):
        return False  # "وما يوصلني شي": told, not asked
    # "ليش ما ترسلون لي العروض؟" asks for them: not sending, asked as a question, is no request
    asked = (bool(_QUESTION_MARK.search(text)) and not polite) or (bool(norm) and norm.split()[0] in _WHY)
    negated = bool(labels & {"neg", "nowant"}) or "neg_send" in found
    sends = bool(labels & {"send"}) or bool(found.keys() & {"send", "neg_send"})
    # "could you not message me again": an English send word right after its negation is the verb
    sends = sends or any(t in _SEND_EN and k and toks[k - 1] in _NEGATIONS for k, t in enumerate(toks))
    objects = bool(labels & {"noun"}) or bool(found.keys() & {"messaging", "sending"})
    # the courier's messages, or the customer's own ("احذفوا الرسالة اللي ارسلتها"), are not ours
    # "you never text me back": a reply awaited, the contact wanted
    not_ours = "sent_by_me" in found or _courier_named(toks) or _reply_back(toks) or _sends_the_courier(toks)
    # "جوالي ما وقف من رسايلكم": a stop word right after "ما" / "not" tells what has not stopped
    # (a complaint, asked about as a probable opt-out), it asks nothing to stop
    stops = found.get("stop", [])
    stop_told = bool(stops) and all(k and view.toks[k - 1] in _HAS_NOT for k in stops)
    if (
        {"verb", "noun"} <= labels
        or {"nowant", "noun"} <= labels
        or ({"cancel", "subscription"} <= labels and not _subscribed_meals(toks))
        or ({"cancel", "noun"} <= labels and not stop_told)  # "بدي وقف الرسائل"
    ):
        return not not_ours
    if not_ours:
        return False
    if {"rather", "noun"} <= labels and not food_positions(text):
        return True  # "I'd rather not get your promo blasts": not the "promo burger"
    stop_object = not stop_told and (
        (_stop_then_sending(toks, found) and not _sending_the_food(text, view))
        or consent.near(found, "stop", "messaging")
        or consent.near(found, "stop", "sending")
        # "بطلوا تبعتوا", "وقفوا ترسلون": stop sending (not an order, not a dish)
        or (
            consent.near(found, "stop", "send", 1)
            and not _mentions_an_order(toks)
            and not food_positions(text)
        )
    )
    # "لا تزعجوني برسايلكم": don't bother me with the messages; "stop spamming me"
    bother = "neg_bother" in found or ("bother" in found and bool(labels & {"neg"}))
    if (bother and "messaging" in found) or consent.near(found, "stop", "bother", 1):
        return True
    no_more = any(t in _NO_MORE for t in toks) and objects
    # "ما في يوم بيمرق بلا ما تبعتولي شي": "without" before the negation — no day passes
    # without sending, a complaint of how often (asked about below), not "don't send"
    negated = negated and not _without_clause(toks)
    not_sending = sends and negated and not asked and (objects or "anymore" in labels)
    # "شيلوا نمرتي", "take me off your whatsapp list", "ابي اطلع من قائمة الرسايل"; never "take a
    # break from texting me" (a pause asked of them, complained of: asked about below)
    removed = (
        "remove" in found
        and not _takes_a_break(toks)
        and (
            "my_number" in found
            or ("list" in found and bool(_OFF_FROM.intersection(toks)))
            or (objects and bool(_OFF_FROM.intersection(toks)))
        )
    )
    if not_sending and not objects and _dish_besides_anymore(text, norm):
        not_sending = False  # "ولا ترسلون معها بطاطس": about the dish, not the messages
    # "turn off the offers", "switch the promos off": switching the messages off
    switched_off = objects and any(
        t in ("turn", "switch", "shut") and "off" in toks[k + 1 : k + 6] for k, t in enumerate(toks)
    )
    return (
        stop_object or no_more or not_sending or removed or switched_off or ("nowant" in labels and objects)
    )


#: Impatience said beside a complaint ("بقى", "already", "lol", "3ad", "🙄"): vented, not a request.
_EXASPERATED = _words("بقى|بقا|ba2a|baa2a|already|lol|lmao|3ad|عاد|seriously|bgad|بجد|😤|🙄|😒|😑")
#: "Enough" said to the restaurant ("كفاية", "enough", "kefaya").
_ENOUGH_WORDS = _words("enough|كفايه|كفى|كفايا|بكفي|يكفي|kfaya|kefaya|kifaya|kifaye|kfaye")


def _enough_in_exasperation(view: _ConsentView) -> bool:
    """ "kefaya rasayel ba2a", "enough with the deals already lol", "kefaya 3ad kol yom msg": an
    "enough" of the messages vented with impatience or how often they come, and no stop, remove
    or please beside it, complains of them; whether to stop is asked ("كفاية رسايل لو سمحت" and a
    bare "enough with the messages" still ask to stop)."""
    toks, found = view.toks, view.found
    if not any(t in _ENOUGH_WORDS for t in toks):
        return False
    if not (found.keys() & {"messaging", "marketing"} or "noun" in view.labels):
        return False
    if found.keys() & {"stop", "remove", "neg_send", "my_number", "list"} or any(t in _POLITE for t in toks):
        return False
    vented = any(t in _EXASPERATED for t in toks) or "often" in _labels(_OPT_OUT_PROBABLE, toks)
    # "unsubscribe", or "cancel my subscription" said beside the vent ("كفاية بقى، الغوا اشتراكي"), stays certain
    return vented and "phrase" not in view.labels and not {"cancel", "subscription"} <= view.labels


def _takes_a_break(toks: list[str]) -> bool:
    """ "take a break from …", "give it a break": the "take" of a pause, not of removing."""
    return any(t == "break" and toks[k - 1 : k] in (["a"], ["take"]) for k, t in enumerate(toks))


_WITHOUT = _words("بلا|غير|دون|bala|gheir|gher|ghair|without")
#: Sending, said as an English gerund ("quit messaging", "cease texting").
_SENDING_EN = _words("messaging|texting|sending|contacting|spamming|emailing|whatsapping")


def _stop_then_sending(toks: list[str], found: dict[str, list[int]]) -> bool:
    """A stop word right before an English gerund of sending ("please quit messaging this number",
    "cease texting me"): stop sending, whichever stop word."""
    return any(k + 1 < len(toks) and toks[k + 1] in _SENDING_EN for k in found.get("stop", ()))


#: "has not" before a stop word ("جوالي ما وقف", "hasn't stopped"): told, not asked; "مش
#: هتبطلوا؟" (won't you stop?) still asks.
_HAS_NOT = _words("ما|ma|not|hasnt|havent|never")


def _stop_prohibited(view: _ConsentView) -> bool:
    """Every stop verb of the message is forbidden: a prohibitive negation before a second-person
    imperfect ("لا توقفوا العروض", "لا تبطلوا ترسلون", "la twa2fo"). The imperative ("لا، وقفوا
    الرسايل": no — stop them) has no ت and still asks to stop."""
    toks = view.toks
    stops = view.found.get("stop", ())
    return bool(stops) and all(k and toks[k - 1] in _PROHIBITIVE and toks[k][:1] in ("ت", "t") for k in stops)


_LIST_PHRASES = frozenset((("mailing", "list"), ("marketing", "list")))


def _asks_why_on_the_list(toks: list[str], found: dict[str, list[int]]) -> bool:
    """ "why am I on your mailing list at all": the list named only as a noun, in a why / how
    question, with no verb asking to be taken off or stopped — a complaint to ask about, not a
    certain request ("why am I on your mailing list, take me off" stays certain)."""
    spans = [tuple(toks[a:b]) for a, b, label in _OPT_OUT.finditer(toks) if label == "phrase"]
    if not spans or not all(span in _LIST_PHRASES for span in spans):
        return False
    if found.keys() & {"stop", "remove", "neg_send"} or "off" in toks or "unsubscribe" in toks:
        return False
    return toks[0] in _WHY or toks[0] in _ASKING_HOW


def _phrase_after_without(toks: list[str]) -> bool:
    """Every opt-out phrase of the message opens right after a "without" ("بلا ما تبعتولي شي")."""
    starts = [start for start, _, label in _OPT_OUT.finditer(toks) if label == "phrase"]
    return bool(starts) and all(k and toks[k - 1] in _WITHOUT for k in starts)


# What a "stop sending …" can be about besides the messages: the food, the order, how it came.
_SENT_FOOD = _words("food|order|orders|meal|meals|الاكل|اكل|الطلب|الطلبات|الوجبات|الوجبه|akl|talab")
# Words that may stand between the send verb and what is sent ("stop sending me the …").
_SENT_DETERMINERS = _words("me|us|the|my|our|your|this|these|that|those|such|لي|لنا|ال|هذا|هذي|هاد|هيك")


def _sending_the_food(text: str, view: _ConsentView) -> bool:
    """ "stop sending the fries soggy", "stop sending cold food", "لا ترسلون البطاطس باردة": a send
    phrase whose object is a dish or the food, and no messaging word anywhere — a complaint about
    what arrives, not a request to stop the messages."""
    if _about_our_messages(view.toks) or "messaging" in view.found:
        return False
    toks, food = view.toks, food_positions(text)
    sends = [k for k, t in enumerate(toks) if t in _SEND_EN or "send" in consent.token_roles(t)]
    for k in sends:
        after = [j for j in range(k + 1, min(len(toks), k + 5)) if toks[j] not in _SENT_DETERMINERS]
        # the object, or the word after an adjective before it ("cold food", "soggy fries")
        if any(j in food or toks[j] in _SENT_FOOD for j in after[:2]):
            return True
    return False


def _without_clause(toks: list[str]) -> bool:
    """ "بلا ما …", "من غير ما …", "men gheir ma …": a negation that says "without"."""
    return any(a in _WITHOUT and b in ("ما", "ma", "م") for a, b in zip(toks, toks[1:], strict=False))


def is_probable_opt_out(text: str) -> bool:
    """True when the message is probably, not certainly, an opt-out: a complaint about the
    marketing messages themselves ("كثرتوا علينا الرسايل", "why do you keep messaging me",
    "why am I getting all these messages"). The assistant asks ("تبغى نوقف رسائل العروض؟")
    instead of stopping or ignoring them. Not when a courier is the one messaging."""
    if is_opt_out(text) or is_opt_in(text):
        return False
    view = _view(text)
    toks = view.toks
    if not toks or _courier_named(toks):  # "؟؟": no words at all
        return False
    if _enough_in_exasperation(view):
        return True  # "enough with the deals already lol": vented; ask whether to stop
    if _takes_a_break(toks) and view.found.keys() & {"messaging", "marketing"} and not food_mentions(text):
        return True  # "can you take a break from the promos": a pause asked; stop them for good?
    if _bare_not_sending(text, view):
        return True  # "خلاص لا ترسلون": not sending what? ask
    if _asks_why_on_the_list(toks, view.found):
        return True  # "why am I on your mailing list at all": on the list against my will; ask
    if _bare_annoyance(view.toks) and not food_positions(text):
        return True  # "خلاص كثرتوا علينا": too much of what? the messages, most likely; ask
    if _contact_complaint(text, view):
        return True  # "كل ما رن التلفون بطلعو إنتو": our contact, too much; ask
    if _reminded_often(text, view):
        return True  # "لازم كل يوم تذكروني إنكن موجودين؟": you do it to me, every day; ask
    if _must_they_come(text, view):
        return True  # "هالرسايل اللي تجيني منكم، لازم تجيني؟": must they? ask whether to stop
    found = view.found
    if (_NEVER_SUBSCRIBED.matches(toks) or _denies_subscribing(toks)) and not (
        food_mentions(text) or _mentions_an_order(toks)
    ):
        return True  # "I never signed up for these texts": not asked for; ask whether to stop
    if (
        (
            found.keys() & {"my_number", "my_number_en"}
            and (_QUESTION_MARK.search(text) or toks[0] in _ASKING_HOW or toks[0] in _WHY)
            or _asks_how_you_have_my_number(toks)
        )
        and not any(t in _POLITE for t in toks)  # "can you call me on my phone?": a request
        and not any(t in _CHANGE_DETAILS for t in toks)  # "how do I get my number changed": my account
        and not _on_my_device(toks, found)  # "the button stopped working on my phone, how do I …"
    ):
        return True  # "مين عطاكم رقمي", "how did you get my number": who let you message me?
    # the messages themselves, or "you send me" ("كتير عم تبعتولي", "ليه بتبعتولي كل ده")
    sends_me = any(
        (
            toks[k].endswith(("لي", "ني"))
            or toks[k][-2:] in ("li", "ni")
            or toks[k + 1 : k + 2] in (["لي"], ["li"], ["me"])
        )
        and not any(t in _NEGATIONS for t in toks[max(0, k - 2) : k])  # "ليش ما ترسلون لي": asks for them
        for k in found.get("send", ())
    ) or _sends_a_lot(toks, found)
    # "why …", or "why" after a short opening ("it's 2am, why am I getting a discount text")
    asks_why = toks[0] in _WHY or toks[:2] == ["how", "come"] or any(t in _WHY for t in toks[1:4])
    probable = _labels(_OPT_OUT_PROBABLE, toks)
    if _counted_in_a_period(toks, found):
        probable.add("often")  # "the fifth offer this week", "ثالث رسالة اليوم"
    if "messaging" in found and (_never_stops(toks) or "ever" in _labels(_PERSISTENT, toks)):
        probable.add("often")  # "الرسايل دي مبتخلصش": the messages never stop
    if any(_ANOTHER.intersection(toks[max(0, k - 2) : k]) for k in found.get("messaging", ())):
        probable.add("often")  # "seriously, another discount text?": one more of them
    if _one_after_another(toks, view):
        probable.add("often")  # "عرض ورا عرض", "offer after offer": one on the next
    if found.keys() & {"messaging", "marketing"} and _at_an_unsocial_hour(toks):
        probable.add("hour")  # "your offers at midnight are not ok", "عروض الساعة ٦ الصبح؟"
    probable |= _all_or_because_of_messages(toks, view)
    # "how come I get these every single day": why they keep coming, the messages unnamed
    unnamed_often = asks_why and "often" in probable and any(t in _RECEIVE for t in toks)
    # "كل ساعة بيوصلني شي منكن؟", "every hour I get something from you": what we send, unnamed
    unnamed_often = unnamed_often or ("often" in probable and _something_from_you(toks))
    if not ("noun" in view.labels or "messaging" in found or sends_me or "stop" in found or unnamed_often):
        return False
    if food_mentions(text) or _mentions_an_order(toks):
        return False
    if _stops_a_payment(toks, found):
        return False  # "ممكن أوقف الدفع التلقائي بالبطاقة؟": how I pay, no message named
    if _stop_doing(toks) and "noun" not in view.labels and "messaging" not in found:
        return False  # "بطلوا تحطوا ملح كتير": a habit of the kitchen, no message named
    if asks_why and (any(t in _RECEIVE for t in toks) or sends_me):
        probable.add("annoy")  # "why am I getting these messages", "ليه بتبعتولي": not asked for
    if "stop" in found and ("bother" in found or "annoy" in probable):
        probable.add("annoy")  # "بطلوا ازعاج"
    if not probable:
        return False
    asks_what = _asks_what_you_have(toks) and not _whats_going_on(toks)
    if _wants_the_offers(toks, view) or (asks_what and "annoy" not in probable):
        return False  # "ابي كل العروض اللي عندكم", "وش كل العروض اللي عندكم؟": asked for, not too many
    return "annoy" in probable or analyze_sentiment(text).sentiment != "positive"


#: How an order is paid ("الدفع التلقائي", "the card payment", "auto pay"): a setting of mine.
_PAYMENT_WORDS = _words(
    "الدفع|دفع|الخصم|خصم|بالبطاقه|البطاقه|بطاقه|بالكارت|الكارت|الفيزا|بالفيزا|payment|payments|pay|"
    "autopay|billing|charge|charges|card"
)


def _stops_a_payment(toks: list[str], found: Mapping[str, list[int]]) -> bool:
    """ "ممكن أوقف الدفع التلقائي بالبطاقة؟", "stop the automatic card payment": the stop is of how
    I pay (a payment word within two words after it), no message named."""
    return "messaging" not in found and any(
        any(t in _PAYMENT_WORDS for t in toks[k + 1 : k + 3]) for k in found.get("stop", ())
    )


def _on_my_device(toks: list[str], found: Mapping[str, list[int]]) -> bool:
    """ "… stopped working on my phone", "ordering from my phone": the phone named is the device
    a thing is done on, not the number messaged (only English "my phone" after on / from / in)."""
    said = found.get("my_number_en", ())
    return (
        bool(said)
        and "my_number" not in found
        and all(toks[k] == "phone" and k > 1 and toks[k - 2] in ("on", "from", "in", "using") for k in said)
    )


#: Hours nobody wants a promotion at: the night, the dawn, the small hours.
_UNSOCIAL_HOUR = _matcher(
    hour="midnight|at night|late at night|middle of the night|dawn|fajr|الفجر|فجر|الفجريه|نص الليل|"
    "منتصف الليل|بنص الليل|بالليل|اخر الليل|nos el leil|nos el lel|nos el lail|bel leil|"
    "bel lel|el fajr|el fagr|الصبح بدري|الصباح الباكر|بكير الصبح|early morning|sob7 badri",
)
#: "6 am", "الساعة ٥ الصبح": a clock time before seven in the morning.
_MORNING = _words("am|الصبح|الصباح|صباحا|الفجر|sob7|el sob7|bel sob7|الصبحيه")


def _at_an_unsocial_hour(toks: list[str]) -> bool:
    """Whether the message names a time of night or dawn ("at midnight", "الساعة ٦ الصبح", "2am")."""
    if _UNSOCIAL_HOUR.matches(toks):
        return True
    for k, tok in enumerate(toks):
        glued = re.fullmatch(r"(\d{1,2})am", tok)
        value = int(glued.group(1)) if glued else number_value(tok)
        said_am = glued is not None or (k + 1 < len(toks) and toks[k + 1] in _MORNING)
        if value is not None and said_am and value <= 6:
            return True
    return False


def _one_after_another(toks: list[str], view: _ConsentView) -> bool:
    """A word for the messages on both sides of "ورا / بعد / after" ("عرض ورا عرض", "promo after
    promo", "رسالة بعد رسالة"): one on the heels of the next."""
    nouns = set(view.found.get("messaging", ())) | {
        k for start, end, label in _OPT_OUT.finditer(toks) if label == "noun" for k in range(start, end)
    }
    return any(
        tok in _AFTER
        and k - 1 in nouns
        and k + 1 in nouns
        and token_forms(toks[k - 1]) & token_forms(toks[k + 1])
        for k, tok in enumerate(toks)
    )


#: One more ("another discount text", "كمان رسالة", "yet another promo").
_ANOTHER = _words("another|كمان|kaman|kamaan")
#: Having or getting a thing ("how do you even have this number", "where did you get my phone").
_HAVE_GOT = _words("have|has|got|get|gotten|find|found|obtain|obtained")


def _asks_how_you_have_my_number(toks: list[str]) -> bool:
    """ "hold on, how do you people even have this number": a how / why / where in the first words
    and "you" having or getting my (or this) number — not "how do I get my number changed"."""
    for k, tok in enumerate(toks):
        if tok not in ("number", "phone") or not k or toks[k - 1] not in ("my", "this"):
            continue
        for j in range(max(0, k - 5), k - 1):
            if toks[j] in _HAVE_GOT and toks[j - 1 : j] not in (["i"], ["we"]) and "you" in toks[:j]:
                return any(t in _ASKING_HOW or t in _WHY for t in toks[:4])
    return False


def _wants_the_offers(toks: list[str], view: _ConsentView) -> bool:
    """A want word up to two words before the offers or messages, with no negation before it
    ("ابي كل العروض", "bade kol el 3orood"): the customer asks for them."""
    nouns = set(view.found.get("marketing", ())) | {
        k for start, end, label in _OPT_OUT.finditer(toks) if label == "noun" for k in range(start, end)
    }
    for k in nouns:
        for j in range(max(0, k - 3), k):
            if toks[j] in _WANT and not any(t in _NEGATIONS for t in toks[max(0, j - 2) : j]):
                return True
    return False


#: "All" right before the messages ("kol el masajat di", "كل هالاشعارات", "all the texts").
_ALL = _words("كل|kol|kel|kil|koll|all")
#: Articles and demonstratives that may stand between "all" and the messages ("kol hal resayel").
_THESE = _words("el|al|the|these|those|هال|hal|hay|hai|di|dol|دي|دول|هاي|هذي|هاذي")
#: "Because of / from" right before "your" messages ("من عروضكن", "from your texts").
_FROM_CAUSE = _words("من|mn|men|min|from|because")


def _all_or_because_of_messages(toks: list[str], view: _ConsentView) -> set[str]:
    """How many, read by position rather than by a listed phrase: "all" right before a word for
    the messages ("leh kol el masajat di?") is "lots"; "من" / "from" right before "your"
    messages with a negation in the message ("ما بقى فيني افتح التلفون من عروضكن") is the
    messages as the cause of a trouble, "lots" too (the final check still wants no praise)."""
    nouns = set(view.found.get("messaging", ())) | {
        k for start, end, label in _OPT_OUT.finditer(toks) if label == "noun" for k in range(start, end)
    }
    found: set[str] = set()
    for k in nouns:
        before = [t for t in toks[max(0, k - 2) : k] if t not in _THESE]
        if before and before[-1] in _ALL:
            found.add("lots")
        yours = bool(_YOU_SUFFIX.match(toks[k])) or (k and toks[k - 1] in ("your", "ur"))
        cause = k and (toks[k - 1] in _FROM_CAUSE or (k > 1 and toks[k - 2] in _FROM_CAUSE))
        if yours and cause and any(t in _NEGATIONS for t in toks):
            found.add("lots")
    return found


# ---- a complaint aimed at us about our contact ----------------------------------------------
# The rule reads what a probable opt-out MEANS rather than how one was once worded: the customer
# complains (1) to the restaurant, "you", (2) about its contact with them — its messages, its
# sending, the channel it reaches them by, their phone ringing, being chased — (3) as too much:
# it never stops, comes every time, more than anyone, fills the inbox, one after another, "have
# mercy", "don't you get tired", "who let you", or plain displeasure; (4) with no dish, order,
# courier, reply or question of service in it. Then the assistant asks before stopping anything.

#: "You": the pronoun, and Arabizi spellings of it (the plural suffixes and verbs are read by shape).
_YOU = _words(
    "انتو|انتم|انتوا|انتي|انت|ento|entu|into|intu|entom|intom|enta|inta|you|your|yours|ur|u|yall|"
    # "-كم" on a one-letter preposition, too short for the suffix shape ("القى لكم رسالة", "الكن")
    "لكم|لكو|الكم|الكن|بكم|بكن|عكم"  # (never "لكن": "but")
)
#: "-كم/-كن/-كو" (you, your: "منكم", "عليكم", "لعروضكم", "سمحلكن"); Arabizi "menkom", "3alekon".
_YOU_SUFFIX = re.compile("^.{2,}(?:كم|كن|كو)$|^[a-z0-9ء-ي]{2,}(?:kom|kon|kum|kou|ko)$")
#: A second-person plural verb: imperfect "(ما)(ب/عم)ت…وا/ون" ("بتزهقوا", "تراسلوني"), past
#: "…توا/تو/تم" ("صرتوا"), imperative with "me/us" ("ارحموني").
_YOU_VERB = re.compile(
    "^(?:ما|م)?(?:ب|بت|عم|ح|ه|رح)?ت.{2,}(?:وا|و|ون)(?:ني|نا|لي|لنا)?ش?$|^.{2,}(?:توا|تو|تم)(?:ني|نا)?$|^ا.{2,}و(?:ني|نا)$"
)
_YOU_CONTACT_VERB = re.compile("^(?:ما|م)?(?:ب|عم)?ت.{2,}(?:ني|نا|لي|لنا|وا|ون)ش?$")
_PERSISTENT = _matcher(
    # it comes every time, ever, more than anyone's, one message on the next
    every_time="كل ما|كلما|كل مره|kel ma|kol ma|kil ma|every time|everytime|whenever|each time|"
    # not a day without them
    "ما في يوم|مافي يوم|مفيش يوم|ما فيه يوم|ولا يوم|mafeesh yom|mafi yom|mafish yom|mafeesh youm|mafi youm|"
    "not a day|no day goes|no day passes",
    ever="ever|abadan|ابدا|ابدن|nonstop|non stop|24 7|"
    # they have no end ("ملهاش آخر", "malhash akher", "no end to them")
    "ملهاش اخر|مالهاش اخر|ماله اخر|ملوش اخر|مالهم اخر|ما الها اخر|ما الهن اخر|ما الو اخر|"
    "malhash akher|malhash a5er|malhash akhir|malosh akher|malhomsh akher|ma elha akher|ma elhon akher|"
    "no end|never end|never ends|endless",
    more="اكثر من|اكتر من|more than|aktar men|akthar men|aktar min|akthar min|aktar mn|outnumber|outnumbered|"
    "more often than|more frequently than",
    # the inbox or the phone filled ("اتملى", "etmala", "عم تعبولي")
    full="full|filled|flooded|etmala|itmala|etmalla|اتملى|امتلى|اتملا|امتلا|مليان|مليانه|تعبولي|عبيتولي|"
    # Egyptian "مالية / مالين" (filling it): "رسايلكم مالية التليفون", "filling up my phone"
    "تعبوا|بتعبوا|ماليه|مالين|malya|malyen|filling up|filling my|"
    # nothing on it but you ("my whatsapp is basically just your restaurant", "كله انتو")
    "just your|only your|nothing but|كله انتو|كلو انتو|كله منكم|كلو منكن|kolo ento|kollo ento",
    # exasperation aimed at whoever is written to
    fed_up="حرام عليكم|حرام عليكن|ارحموني|ارحمونا|ارحمنا|هالقصه|شو القصه|وش القصه|ايش القصه|"
    "hal ءesse|hal ءessa|hal qesse|hal qessa|خلص بقى|خلاص بقى|خلص بقا|خلاص بقا|خalas baءa|khalas baءa|"
    "give me a break|take a break|give it a rest|leave me alone|سيبوني|اتركوني|خلوني بحالي|فاضي|فاضيه|"
    "فاضيين|في مجال|fed up|sick of|tired of|never asked|didnt ask|ما طلبت|ما طلبتها|"
    # what have I (my number) to do with you ("هذا الرقم وش دخله بعروضكم", "شو دخلني")
    "وش دخل|وش دخله|وش دخلني|ايش دخل|ايش دخلني|شو دخل|شو دخلني|شو خصني|ايه دخلني|ايه دخل",
)
#: "don't you get tired / bored": a second-person verb of being fed up ("بتزهقوا", "تملوا").
_FED_UP_VERB = re.compile("^(?:ما|م)?(?:ب|بت)?ت(?:زهق|مل|تعب|طفش|قرف|غث)(?:وا|و|ون)ش?$")
#: It never stops ("ما يهدأ", "hasn't stopped", "مبيبطلش"): a negated stop or calm.
_STOPS = _words("stopped|stops|stopping|يهدا|يهدى|بيهدى|يهدي|يسكت|بيسكت|يوقف|بيوقف|tskto|teskto")
#: One after another ("عرض ورا عرض", "3ared wara 3ared", "offer after offer").
_AFTER = _words("ورا|وراء|بعد|wara|ba3d|baءd|after")
#: What no complaint about the marketing speaks of: a reply awaited, the customer's own message.
_REPLY = _words(
    "رد|ردوا|تردوا|يرد|ترد|ردكم|ردود|جواب|reply|replied|replies|respond|responded|answer|answered|"
    "rad|raddo|traddo"
)
_MY_MESSAGE = _words("رسالتي|رسايلي|مسجي|مسجاتي|my")


def _aimed_at_you(toks: list[str]) -> bool:
    """Whether the message speaks to the restaurant as "you" (pronoun, suffix or verb)."""
    for tok in toks:
        if tok in _YOU or _YOU_SUFFIX.match(tok):
            return True
        spelled = consent.arabic_spelling(tok)
        roles = consent.token_roles(tok)
        if roles & {"contact", "send"}:
            # a verb of contact done to me by "you" ("تلاحقوني", "tla7ou2ni", "تبعتولي"); not
            # a channel noun that looks like a verb ("تلفون")
            if _YOU_CONTACT_VERB.match(spelled):
                return True
        elif _YOU_VERB.match(spelled) and "messaging" not in roles:
            return True
    return False


#: A verb of stopping or ending in any person, negated by a wrapper or not ("بتسكت", "مبتخلصش",
#: "بيوقفوا"): read with a negation before it, or wrapped in one, it says "it never stops".
_STOP_VERB = re.compile(
    "^(?P<m>ما|م)?(?:ب|بي|بت|عم|ه|ح|رح)?[يت](?:سكت|هدى|هدا|هدي|وقف|خلص|بطل|نتهي)(?:وا|و|ون)?(?P<sh>ش)?$"
)


def _never_stops(toks: list[str]) -> bool:
    """ "مش بتسكت", "مبتخلصش", "ما عم يوقفوا": it does not stop (a wrapped or preceding negation)."""
    for k, tok in enumerate(toks):
        match = _STOP_VERB.match(tok)
        if match and (match.group("sh") or any(t in _NEVER for t in toks[max(0, k - 2) : k])):
            return True
    return False


#: Mine, after a noun: "el mobile beta3i", "التلفون تبعي", "my phone".
_MINE = _words("بتاعي|تبعي|حقي|تبعيتي|bta3i|beta3i|betaعi|btaعi|taba3i|tabaعi|ta3i|my")


def _my_channel(toks: list[str]) -> bool:
    """My phone / inbox / WhatsApp: "تلفوني", "جوالي", "el mobile beta3i", "my phone"."""
    for k, tok in enumerate(toks):
        if "contact" not in consent.token_roles(tok):
            continue
        if tok.endswith("ي") and not tok.endswith(("بي",)) and not consent.token_roles(tok) & {"send"}:
            return True
        if (k + 1 < len(toks) and toks[k + 1] in _MINE) or (k and toks[k - 1] in _MINE):
            return True
    return False


def _persistent(text: str, toks: list[str]) -> bool:
    """Whether the message says the contact is too much (see the comment above `_YOU`)."""
    if _labels(_PERSISTENT, toks) or _never_stops(toks):
        return True
    for k, tok in enumerate(toks):
        if _FED_UP_VERB.match(consent.arabic_spelling(tok)):
            return True
        stops = tok in _STOPS or "stop" in consent.token_roles(tok)
        if stops and any(t in _NEVER for t in toks[max(0, k - 2) : k]):
            return True
        if tok in _AFTER and 0 < k < len(toks) - 1 and token_forms(toks[k - 1]) & token_forms(toks[k + 1]):
            return True
    opener = toks[0] if toks else ""
    return opener in _WHY or opener in _ASKING_HOW or analyze_sentiment(text).sentiment == "negative"


#: A second-person verb done to me ("تذكروني", "بتفكرونا", "tfakrouna", "bt2ate3ouni").
_YOU_TO_ME = re.compile("^(?:ب|عم)?ت.{2,}(?:وني|ونا|ولي|ولنا)$")
_YOU_TO_ME_AZ = re.compile("^(?:bt|bet|bit|t|te|ti)[a-zء-ي]{2,}(?:ouni|ouna|ooni|oona|uni|una|ouli|oli)$")


def _reminded_often(text: str, view: _ConsentView) -> bool:
    """Something "you" do to me, every day or every time, with no dish, order, service question
    or praise in it ("يعني لازم كل يوم تذكروني إنكن موجودين؟", "kel yom tfakrouna fikon"): the
    restaurant's reaching out, too often; asked, not guessed."""
    toks = view.toks
    if "often" not in _labels(_OPT_OUT_PROBABLE, toks) and not _labels(_PERSISTENT, toks):
        return False
    if not any(_YOU_TO_ME.match(t) or _YOU_TO_ME_AZ.match(t) for t in toks):
        return False
    if _late(toks) or _courier_named(toks) or any(t in _POLITE for t in toks):
        return False
    if food_mentions(text) or _mentions_an_order(toks) or _support_topic(toks) not in (None, "general"):
        return False
    return analyze_sentiment(text).sentiment != "positive"


#: "must" asked of what we send ("لازم تجيني؟", "do they have to keep coming?").
_MUST = _words("لازم|ضروري|must|lazem|lazim|darori|daroori")


def _must_they_come(text: str, view: _ConsentView) -> bool:
    """Our messages named, then "must" asked of them with a verb of "you" or "they" after it ("هالرسايل
    الترويجية اللي تجيني منكم، لازم تجيني يعني؟", "your offers, must they come every day?"), no dish,
    order or praise: a rhetorical question about being sent them; asked, not guessed."""
    toks = view.toks
    if not _QUESTION_MARK.search(text) or not view.found.keys() & {"messaging", "marketing"}:
        return False
    must = [k for k, t in enumerate(toks) if t in _MUST]
    # the verb after "must" is "you" / "they" doing it ("تجيني", "ترسلون"), never "I" ("لازم اشترك")
    if not any(k + 1 < len(toks) and toks[k + 1][:1] in ("ت", "ي") for k in must) and not any(
        k + 2 < len(toks) and toks[k + 1] in ("they", "you") for k in must
    ):
        return False
    if food_mentions(text) or _mentions_an_order(toks) or _support_topic(toks) not in (None, "general"):
        return False
    return analyze_sentiment(text).sentiment != "positive"


def _many_messages(toks: list[str], view: _ConsentView) -> bool:
    """A count of three or more beside the messages ("100 masaj", "٢٠ رسالة"): how many."""
    nouns = set(view.found.get("messaging", ())) | {
        k for start, end, label in _OPT_OUT.finditer(toks) if label == "noun" for k in range(start, end)
    }
    return any(
        (value := number_value(toks[j])) is not None and value >= 3
        for k in nouns
        for j in (k - 1, k + 1)
        if 0 <= j < len(toks)
    )


def _contact_complaint(text: str, view: _ConsentView) -> bool:
    """A complaint aimed at us about our contact, its messages or their volume, with no dish:
    "كل ما فتحت الواتساب بلاقي شي منكن", "my phone hasn't stopped buzzing because of you guys",
    "ترى صرتوا اكثر من اهلي تراسلوني", "do you people ever take a break from texting me?"."""
    toks, found = view.toks, view.found
    contact = (
        found.keys() & {"contact", "messaging", "send", "sending"}
        or "noun" in view.labels  # the messages in Arabizi too ("masaj", "rasayel")
        or any(t in _SEND_EN for t in toks)
        # "I hear from you more than from my brother": hearing from us is the contact
        or any(t == "hear" and toks[k + 1 : k + 2] == ["from"] for k, t in enumerate(toks))
    )
    if not contact or "sent_by_me" in found or "send_imperative" in found:
        return False
    if _negated_send(view.unwrapped, found):
        return False  # "ليش ما ترسلون لي العروض؟": asking for them, not less of them
    if _courier_named(toks) or any(t in _REPLY for t in toks) or _reply_back(toks):
        return False  # waiting for a reply, or the courier's calls: wanting contact, not less
    if any(t in _MY_MESSAGE for t in toks if t != "my") or _my_message_en(toks):
        return False
    if any(t in _POLITE or t in _I_CALL for t in toks) or _i_contact_en(toks):
        return False  # "can you call me on this number?", "كل ما اتصل عليكم مشغول": wanting contact
    # "تلفوني صار لوحة إعلانات إلكن": your marketing on my phone is itself the complaint
    ads_on_my_phone = (
        "marketing" in found
        and _my_channel(toks)
        and not _QUESTION_MARK.search(text)
        and not any(t in _NEGATIONS for t in toks)
    )
    # "الجوال صار يرن من عروضكم", "my phone keeps buzzing with your promos": the ringing is the ads
    rung_by_ads = "marketing" in found and _rings(toks)
    if not (
        _aimed_at_you(toks)
        and (ads_on_my_phone or rung_by_ads or _persistent(text, toks) or _many_messages(toks, view))
    ):
        return False
    if food_mentions(text) or _mentions_an_order(toks) or _support_topic(toks) not in (None, "general"):
        return False
    return analyze_sentiment(text).sentiment != "positive"


def _rings(toks: list[str]) -> bool:
    """The phone ringing or buzzing ("يرن", "بيرن", "buzzing"), not a channel or a chase."""
    return any(consent.rings(t) for t in toks)


#: A request ("can you …", "ممكن", "please"): contact asked for, not complained of.
_POLITE = _words("ممكن|can|could|would|please|pls|plz|لو سمحت|سمحتوا|بليز|تقدرون|تقدروا|تقدر|تكرما")
#: The customer's own calling or messaging, and a line that is busy or off.
_I_CALL = _words("اتصل|اتصلت|اتصلنا|بتصل|باتصل|اكلمكم|كلمتكم|كلمتكن|رنيت|رنينا|مشغول|busy")


def _i_contact_en(toks: list[str]) -> bool:
    """ "I call / I texted / we tried": the customer reaching us."""
    verbs = ("call", "called", "text", "texted", "message", "messaged", "tried", "try", "dial", "dialed")
    return any(a in ("i", "we", "im") and b in verbs for a, b in zip(toks, toks[1:], strict=False))


def _my_message_en(toks: list[str]) -> bool:
    """ "my message(s)/text": the customer's own."""
    return any(
        a == "my" and consent.token_roles(b) & {"messaging"} for a, b in zip(toks, toks[1:], strict=False)
    )


def _sends_a_lot(toks: list[str], found: dict[str, list[int]]) -> bool:
    """ "عم تبعتوا كتير", "ترسلون كثير", "you send way too much": you (plural) sending, with "a lot"
    right after it, or right before it ("ترا وايد ترسلون", "ktir 3am tba3tou"), is about how much
    we send, whatever is sent."""
    sends = [*found.get("send", ()), *(k for k, t in enumerate(toks) if t in _SEND_EN)]
    return any(
        (
            "lots" in _labels(_OPT_OUT_PROBABLE, toks[k + 1 : k + 4])
            or "lots" in _labels(_OPT_OUT_PROBABLE, toks[max(0, k - 2) : k])
        )
        and not any(t in _NEGATIONS for t in toks[max(0, k - 3) : k])
        for k in sends
    )


_SEND_EN = _words("send|text|message|sending|texting|messaging")


#: Ordinals that count messages ("the fifth offer", "الرسالة الثالثة"), and the periods they
#: are counted in.
_ORDINALS = _words(
    "second|third|fourth|fifth|sixth|seventh|tenth|2nd|3rd|4th|5th|6th|7th|10th|ثاني|ثانيه|تاني|تانيه|"
    "ثالث|ثالثه|تالت|تالته|رابع|رابعه|خامس|خامسه|سادس|سادسه|عاشر|عاشره"
)
_PERIODS = _words(
    "today|day|hour|week|month|morning|يوم|ساعه|اليوم|النهارده|النهاردة|الاسبوع|هالاسبوع|اسبوع|الشهر|هالشهر|الصبح|"
    "el youm|elyoom|el esbo3|ba3d el dohr"
)


def _counted_in_a_period(toks: list[str], found: dict[str, list[int]]) -> bool:
    """A message or offer counted ("the fifth offer this week", "٣ رسايل اليوم", "الرسالة
    الثالثة اليوم") within a period: a complaint about how often they come."""
    if not any(token_forms(t) & _PERIODS for t in toks):  # "بالاسبوع", "اليوم"
        return False
    for k in found.get("messaging", ()):
        near = [t for t in (toks[k - 1] if k else "", toks[k + 1] if k + 1 < len(toks) else "") if t]
        if any(token_forms(t) & _ORDINALS or number_value(t) not in (None, 1) for t in near):
            return True
    return False


def _bare_not_sending(text: str, view: _ConsentView) -> bool:
    """A negated send with no object at all, in a message that says nothing else of an order
    ("يا جماعة خلاص لا ترسلون", "la terslon"): probably the messages; asked, not guessed."""
    negated = _negated_send(view.toks, view.found)
    if not negated or _QUESTION_MARK.search(text) or _mentions_an_order(view.toks):
        return False
    last = max(view.found.get("send", []) + view.found.get("neg_send", []))
    return all(t in _TRAILING for t in view.toks[last + 1 :]) and not food_positions(text)


def _bare_annoyance(toks: list[str]) -> bool:
    """Only "you overdid it on us" ("خلاص كثرتوا علينا", "زهقتونا والله"): said to the restaurant
    with no dish, order or visit named, most likely about its messages."""
    verbs = [t for t in toks if t in _ANNOYED_AT_YOU]
    return bool(verbs) and all(t in _ANNOYED_AT_YOU or t in _TRAILING or t in _ASIDES for t in toks)


#: Second-person annoyance verbs with "us/me" ("you overdid it on us", "you fed us up").
_ANNOYED_AT_YOU = _words(
    "كثرتوا|كثرتو|كثرتم|كترتوا|كترتو|زهقتونا|زهقتوني|ازعجتونا|ازعجتوني|طفشتونا|طفشتوني|قرفتونا|"
    "قرفتوني|غثيتونا|غثيتوني|فقعتونا"
)
_ASIDES = _words(
    "علينا|علي|عليا|عليه|والله|ترا|تراكم|يعني|بجد|اوف|اف|يا|اخي|جد|wallah|walla|ya|3alena|3alaina"
)


# What may follow a bare "لا ترسلون" and leave it bare: to me, please, any more, again...
_TRAILING = _words(
    "لي|لنا|li|me|us|please|لو|سمحت|سمحتوا|خلاص|khalas|بعد|again|tani|tany|تاني|ثاني|ابدا|abadan|شي|"
    "shi|shay|حاجه|7aga|anything|anymore|more|يا|جماعه|الله|يرضى|عليكم|يعافيكم|بليز|plz|bas|بس"
)


def _resume_forbidden(toks: list[str]) -> bool:
    """ "لا تضيفوني للعروض", "ليش تشتركوني بالعروض؟": "don't" or "why" right before (two words at
    most) a verb of putting me on the offers: no request to be put on them."""
    return any(
        "resume" in _labels(_OPT_IN, [tok])
        and any(t in _PROHIBITIVE or t in _WHY for t in toks[max(k - 2, 0) : k])
        for k, tok in enumerate(toks)
    )


_KEEP = _words("keep|continue")
_KEEP_WHAT = _words("sending|them|messaging|texting|the|those|these|your|coming")
#: Who keeps sending, when it is told and not asked for ("you keep sending me offers").
_SENDER = _words("you|u|they|yall|ya|guys|still|always|just|why|ur")


def _asks_to_keep_sending(toks: list[str]) -> bool:
    """ "keep sending them", "please continue sending the offers": asked for, imperative, about our
    messages; never "you keep sending me…" (the complaint) nor a negated or conditional one ("keep
    them coming" only when the offers are named: said of the food it is praise)."""
    offers = "noun" in _labels(_OPT_IN, toks)
    for k, tok in enumerate(toks[:-1]):
        if tok not in _KEEP or toks[k + 1] not in _KEEP_WHAT:
            continue
        before = toks[max(k - 2, 0) : k]
        if any(
            t in _SENDER or t in _NEVER or t in ("if", "and") for t in before
        ):  # "no, keep…" takes it back
            continue
        rest = toks[k + 1 : k + 5]
        if toks[k + 1] in ("sending", "messaging", "texting") or ("coming" in rest and offers):
            return not any(t in ("block", "report") for t in toks)
    return False


#: "Add me", "put me back": said alone, of the list the talk is about.
_ADD_ME_ALONE = _words("ضيفوني|اضيفوني|رجعوني|ارجعوني|حطوني|da5alouni|dakhalouni|7ottouni")


#: Missing something ("يفوتني", "تفوتني", "يفوتنا", "miss"): wanted not to happen, what is missed is wanted.
_MISS = re.compile("^(?:ي|ت|ب|بي|بت)?فوت(?:ني|نا|نيش|ك|كم)$")
_MISS_EN = _words("miss|missing|fawetni|yfawetni|yfoutni|yfotni|tfoutni|tfotni")
#: Wanting, in the dialects and English, and its negations said apart or joined ("مابي", "mabi").
_WANT_WORDS = _words(
    "ابي|ابغى|ابغا|بدي|عايز|عايزه|عاوز|عاوزه|ودي|حاب|حابب|want|wanna|abi|abgha|baddi|bade|3ayez|3ayza"
)
_WANT_NEGATED = _words("مابي|مابغى|مابدي|mabi|mabgha|mabdi")


def _not_to_miss(toks: list[str]) -> bool:
    """ "مش عايز يفوتني ولا عرض", "ما ابي تفوتني ولا خصم", "I don't want to miss any offer": a
    "don't want" whose verb is missing something wants it (the offers then), it stops nothing."""
    for k, tok in enumerate(toks):
        if not (_MISS.match(tok) or tok in _MISS_EN):
            continue
        before = toks[max(k - 3, 0) : k]
        if any(t in _WANT_NEGATED for t in before) or (
            any(t in _WANT_WORDS for t in before) and any(t in _NEGATIONS for t in before)
        ):
            return True
    return False


#: "count me in (for the offers)": put on the list, when our messages are named.
_COUNT_ME_IN = _words("count")
_COUNTED_IN = _words("me|us")


def _counts_me_in(toks: list[str]) -> bool:
    """ "count me in for the deals messages", "count us in for the offers": asking to be on them."""
    return any(
        tok in _COUNT_ME_IN and toks[k + 1] in _COUNTED_IN and toks[k + 2] == "in"
        for k, tok in enumerate(toks[:-2])
    )


@lru_cache(maxsize=512)
def is_opt_in(text: str) -> bool:
    """True when the customer asks to (re)subscribe ("START", "اشتراك", "subscribe", "ابعتولي
    العروض تاني": an imperative send of the offers, or of messages again)."""
    if is_opt_out(text):
        return False
    view = _view(text)
    norm, out_labels, found = view.norm, view.labels, view.found
    ours = bool(found.keys() & {"marketing", "messaging"})
    if ours and (_not_to_miss(view.toks) or _counts_me_in(view.toks)):
        return True  # "مش عايز يفوتني ولا عرض", "count me in for the deals messages"
    if out_labels & {"nowant", "rather"}:  # "mish 3ayez ashtarek", "I'd rather not subscribe"
        return False
    if _asks_to_keep_sending(view.toks):
        return True  # "actually wait, keep sending them": the stop taken back
    if "annoy" in _labels(_OPT_OUT_PROBABLE, view.toks):
        return False  # "I keep receiving your offers": receiving them is the complaint
    if _NEVER_SUBSCRIBED.matches(view.toks) or _denies_subscribing(view.toks):
        return False  # "did I subscribe to this?": the subscribing denied, not asked for
    if _you_send_me_said(view.toks):
        return False  # "you guys send me deals all the time": what we do, told, not asked for
    labels = _labels(_OPT_IN, view.toks)
    if norm in _OPT_IN_WHOLE or "phrase" in labels:
        return True
    if len(view.toks) <= 5 and _ADD_ME_ALONE.intersection(view.toks) and not food_mentions(text):
        return True  # "ايوه ضيفوني لو سمحت", "ايه رجعوني الله يسلمك": a short "add me (back)"
    if {"resume", "noun"} <= labels and not _resume_forbidden(view.toks):
        return True  # "تشتركوني بالعروض"; not "لا تضيفوني للعروض" nor "ليش تشتركوني بالعروض؟"
    if _wants_offers_again(view, text):
        return True
    if (
        "resume" in labels
        and "marketing" in found
        and not _QUESTION_MARK.search(text)
        and not any(t in _NEGATIONS or t in _WHY for t in view.toks)
    ):
        return True  # "فعلوها الاعلانات": a resume verb on the marketing, asked for plainly
    if _switched_on(view.toks) and "marketing" in found and not any(t in _NEGATIONS for t in view.toks):
        return True  # "turn the offers back on", "switch my promos on again"
    if _me_back(view.toks) and ("messaging" in found or "list" in found):
        return True  # "sign me back up for the offers", "put me back on the list"
    if _wants_the_offers_back(view.toks, found) and not _QUESTION_MARK.search(text):
        return True  # "I want the promo messages back"
    if "resume" in labels and "marketing" in found and "send" in found:
        return True  # "ابي ترجعون ترسلون لي عروضكم": sending the offers again
    if (
        "marketing" in found
        and any(t in _GET for t in view.toks)
        and any(t in _AGAIN for t in view.toks)
        and not _QUESTION_MARK.search(text)
        and not any(t in _NEGATIONS for t in view.toks)
    ):
        return True  # "I'd like to get your promos again": receiving the offers again
    if _asks_you_to_send_me(view.toks, found):
        return True  # "بتقدروا تبعتولي العروض عالواتساب؟", "ممكن ترسلون لي العروض"
    asked = bool(_QUESTION_MARK.search(text))
    return (
        "send_imperative" in found
        and not asked
        and ("marketing" in found or ("messaging" in found and "anymore" in out_labels))
    )


#: "Can you" asked in Arabic ("ممكن", "تقدرون", "بتقدروا", "فيكن"): what follows is asked for.
_CAN_YOU = _words(
    "ممكن|تقدرون|تقدروا|تقدرو|بتقدروا|بتقدرو|تقدر|بتقدر|تقدري|فيكم|فيكن|فيكو|ينفع|mumkin|momken|mmkn"
)
_TO_ME = _words("لي|li|ly|ili")


def _asks_you_to_send_me(toks: list[str], found: dict[str, list[int]]) -> bool:
    """ "Can you" (ممكن / تقدرون / فيكن) or a wish (ياريت), then within two words a "you send" verb to me ("تبعتولي",
    "ترسلون لي"), and the offers named: a request for them, its question mark polite; never
    negated, never "why"."""
    if "marketing" not in found or any(t in _NEGATIONS or t in _WHY for t in toks):
        return False
    for k in found.get("send", ()):
        tok = toks[k]
        to_me = tok.endswith(("لي", "ني", "li", "ni", "ly")) or toks[k + 1 : k + 2] and toks[k + 1] in _TO_ME
        if to_me and any(t in _CAN_YOU or t in _I_WISH for t in toks[max(0, k - 2) : k]):
            return True
    return False


#: A wish said before a "you send me" ("ياريت تبعتولي العروض", "يا ريت ترسلون لي"): asked for, as
#: "can you" is.
_I_WISH = _words("ياريت|ريت|ياليت|ليت|اتمنى|نتمنى|yareet|yarait|yaret|reet|atmana")


#: Who may stand between "you" and "send me" ("you guys send me", "you people always send me").
_YOU_GUYS = _words("guys|people|folks|all|lot|always|still|just|really|keep|constantly|literally")
#: What turns "you send me" into a request ("can you send me", "please, you send me").
_ASKING_TO = _words("can|could|would|will|pls|please|plz|if|when|should|do|did|maybe")


def _you_send_me_said(toks: list[str]) -> bool:
    """ "you send me …" with "you" its subject and no "can" / "please" before it ("you guys send me
    deals all the time"): a statement of what we do, never a request to send more."""
    for k, tok in enumerate(toks):
        if tok not in ("send", "sends", "text", "message") or toks[k + 1 : k + 2] != ["me"]:
            continue
        j = k - 1
        while j >= 0 and toks[j] in _YOU_GUYS:
            j -= 1
        if (
            j >= 0
            and toks[j] in ("you", "u", "yall")
            and not any(t in _ASKING_TO for t in toks[max(0, j - 2) : j])
        ):
            return True
    return False


def _wants_the_offers_back(toks: list[str], found: dict[str, list[int]]) -> bool:
    """A want word, then the offers within three words, then "back" / "again" within three more
    ("I want the promo messages back", "بدي العروض ترجع"), nothing negated before the want."""
    for k, tok in enumerate(toks):
        if tok not in _WANT or any(t in _NEGATIONS for t in toks[max(0, k - 2) : k]):
            continue
        for m in found.get("marketing", ()):
            if k < m <= k + 3 and any(t in _AGAIN for t in toks[m + 1 : m + 4]):
                return True
    return False


def _switched_on(toks: list[str]) -> bool:
    """ "turn X (back) on", "switch X on": "on" up to five words after a verb of switching."""
    return any(
        t in ("turn", "switch", "put") and "on" in toks[k + 1 : k + 6] and "off" not in toks[k + 1 : k + 6]
        for k, t in enumerate(toks)
    )


_GET = _words("get|getting|receive|receiving|يجيني|يوصلني|توصلني|استقبل|احصل|اوصل")
_AGAIN = _words("again|back|تاني|ثاني|تانيه|ثانيه|جديد|tani|tany|kaman")


_WANT = _words(
    "عايز|عاوز|عايزه|عاوزه|بدي|ابي|ابغى|ابغا|حابب|حابه|نفسي|ودي|want|wanna|3ayez|3awez|3ayza|bade|badde|"
    "biddi|bdi|abi|abgha|7abeb"
)
#: A verb of the offers reaching me ("يجيني", "توصلني", "ye2gini", "yewsalni").
_REACH_ME = re.compile(
    # "ليوصلني" (so that it reaches me) with the "ل" of purpose
    "^ل?(?:ب|بي|بت)?[يت](?:جي|وصل|وصلو)(?P<me>ني|نا)?$|"
    "^(?:ye|yi|y|te|ti|t)(?:ء?gi|ء?ge|ee?gi|ji|wsal|wassal|ewsal)(?P<me_az>ni|na)?$"
)
#: Putting or adding (back): "حطوا رقمي …", "ضيفوني عالقائمة", "7oto ra2mi".
_PUT = re.compile(
    "^ت?(?:حط|ضيف|رجع|سجل|zid|حot|حott|dayf|deyf|sajjel|sajel|sagel|saggel|sajjil)(?:ون|وا|و|o|ou|u)?"
    # "سجلولي رقمي", "حطولي رقمي": put for me
    "(?:ني|وني|لي|ولي|ouni|oni|ni|li|oli|louli)?$"
)
#: "حابب اكون مشترك عندكم", "I'd like to be a subscriber": wanting to be one of the subscribers.
_BE = _words("اكون|اصير|صير|كون|ابقى|ابقا|نكون|نصير|be|become|akoon|akon|akun|kun|kon|aseer|asir|seer")
_SUBSCRIBER = _words("مشترك|مشتركه|مشتركين|subscribed|subscriber|moshtarek|mushtarik|meshtarek")


def _wants_to_be_a_subscriber(toks: list[str]) -> bool:
    """A want word, then within three words "be" and "a subscriber" ("حابب اكون مشترك عندكم",
    "بدي صير مشترك", "i'd like to be a subscriber"), nothing negated before the want."""
    for k, tok in enumerate(toks):
        if (tok not in _WANT and tok != "like") or any(t in _NEGATIONS for t in toks[max(0, k - 2) : k + 1]):
            continue
        near = toks[k + 1 : k + 5]
        if any(t in _BE for t in near) and any(t in _SUBSCRIBER for t in near):
            return True
    return False


def _wants_offers_again(view: _ConsentView, text: str) -> bool:
    """ "ba2a 3ayez ye2gini el khosomat", "حطوا رقمي تاني عالعروض": wanting the offers to reach
    me, or my number put (back) on them; never asked as a question, never negated."""
    toks = view.toks
    if _wants_to_be_a_subscriber(toks):
        return True
    if "marketing" not in view.found and "list" not in view.found and not _number_put_to_reach_me(view):
        return False
    # "ممكن تحطوا رقمي … عشان توصلني العروض؟", "can you add my number so I get your offers?": a
    # polite request, not a question about them
    asked = _QUESTION_MARK.search(text) and not (toks and toks[0] in _POLITE_OPENERS)
    if asked or _negated(toks):
        return False
    reach = [m for t in toks if (m := _REACH_ME.match(t))]
    # reaching me ("يجيني"), or coming again ("teegi tani")
    reaches = any(m.group("me") or m.group("me_az") for m in reach) or (
        bool(reach) and any(t in _AGAIN for t in toks)
    )
    wants = any(t in _WANT for t in toks) and reaches
    put = any(_PUT.match(t) for t in toks) and (
        "my_number" in view.found or any(t.endswith(("ني", "ni")) and _PUT.match(t) for t in toks)
    )
    put_en = any(
        a in ("add", "put", "register") and b in ("my", "me") for a, b in zip(toks, toks[1:], strict=False)
    )
    return wants or put or put_en


#: Words after which "ما" joins a clause ("اول ما تنزل": as soon as they come out; "لما", "بعد ما",
#: "كل ما", "زي ما"): a conjunction there, no negation.
_MA_JOINS = _words("اول|لما|بعد|قبل|كل|زي|مثل|متل|حسب|طول|وقت|awal|awwal|ba3d|kol|zay|zai|mitl|metl")


def _negated(toks: list[str]) -> bool:
    """Whether a negation stands among `toks`, "ما" after a word it joins a clause to not counted."""
    return any(
        t in _NEGATIONS and not (t in ("ما", "ma") and k and toks[k - 1] in _MA_JOINS)
        for k, t in enumerate(toks)
    )


def _number_put_to_reach_me(view: _ConsentView) -> bool:
    """ "سجلولي رقمي ليوصلني كل جديد عندكن": my number put (registered) with you so that what is
    new reaches me, the offers meant without being named."""
    return (
        "my_number" in view.found
        and any(_PUT.match(t) for t in view.toks)
        and any((m := _REACH_ME.match(t)) and (m.group("me") or m.group("me_az")) for t in view.toks)
    )


#: The opening of a polite request ("ممكن …؟", "can you …?"): its question mark asks for something.
_POLITE_OPENERS = _words("ممكن|can|could|would|please|pls|plz|لو")


#: Verbs whose "… me back" is a reply, not a return to the list ("text me back", "call me back").
_REPLY_BACK = _words("text|message|msg|call|ring|reply|write|email|dm|get|answer")


def _reply_back(toks: list[str]) -> bool:
    """ "why did you not message me back", "text me back": a reply awaited."""
    return any(
        a in _REPLY_BACK and b == "me" and c == "back"
        for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)
    )


def _me_back(toks: list[str]) -> bool:
    """ "… me back …" ("sign me back up", "add me back", "put me back on"), or "be / get back on"
    ("I'd love to be back on your promo list"): a return asked for; not "text me back" (a reply)."""
    return any(
        (b == "me" and c == "back" and a not in _REPLY_BACK)
        or (b in ("be", "get", "us") and c == "back" and d in ("on", "onto", "in"))
        for a, b, c, d in zip(["", *toks], toks, [*toks[1:], ""], [*toks[2:], "", ""], strict=False)
    )


def answer_to_stop_question(text: str) -> bool | None:
    """The answer to "تبغى نوقف رسائل العروض؟": True (stop them: a yes, "وقفوها", "yes stop",
    or an opt-out in any words), False (keep them: a no, "لا توقفها", "don't stop"), None when
    the message is about something else and is read on its own."""
    if is_opt_out(text):
        return True
    toks = normalize(text).split()
    stop = len(toks) <= 5 and "stop" in consent.positions(toks)
    negated = any(t in _NEGATIONS for t in toks) or any("neg_send" in consent.token_roles(t) for t in toks)
    if stop:
        return not negated  # "وقفوها" / "اي وقفوا" yes; "لا توقفها" / "don't stop" no
    if is_confirmation(text):
        return True
    if is_rejection(text) or (toks and toks[0] in _NEGATIONS and len(toks) <= 3):
        return False
    if toks and toks[0] in _NEGATIONS and _KEEP_THEM.intersection(toks[1:4]) and not food_positions(text):
        return False  # "لا لا سيبها انا بس مستغرب، …": no, leave them (and a remark after)
    return None


#: "Leave them", "keep them" said of the offers after a no ("لا سيبها", "la khalliha").
_KEEP_THEM = _words("سيبها|سيبهم|خليها|خليهم|خلوها|خلوهم|خلها|sibha|sebha|khalliha|5alliha|keep|leave")


def is_confirmation(text: str) -> bool:
    """True for a short yes ("نعم", "ايوه", "أكيد", "تمام", "yes", "ok", "confirm", "👍")."""
    toks = normalize(text).split()
    if not toks or len(toks) > 4 or is_rejection(text):
        return False
    if not any(t in _CONFIRM for t in toks):
        return False
    return all(t in _CONFIRM or t in _CONFIRM_FILLER for t in toks)


def is_rejection(text: str) -> bool:
    """True for a short no ("لا", "no", "cancel", "الغاء"); never for an opt-out request."""
    toks = normalize(text).split()
    if not toks or len(toks) > 4 or is_opt_out(text):
        return False
    if toks[0] not in _REJECT and not (len(toks) > 1 and toks[1] in _REJECT):
        return False
    return all(t in _REJECT or t in _REJECT_FILLER for t in toks)


#: "لا ما في داعي حدا يحكيني", "no need for anyone to call me": a person declined, not asked for.
_NO_NEED = _matcher(
    no_need="ما في داعي|مافي داعي|ما فيه داعي|مافيه داعي|لا داعي|ما له داعي|ماله داعي|ما لها داعي|"
    "مش لازم|مو لازم|مب لازم|ما يحتاج|مايحتاج|ما تحتاج|مش محتاج|مو محتاج|ما احتاج|no need|"
    "dont need|don't need|do not need|not necessary|no need for|ma fi da3i|mafi da3i|mesh lazem|msh lazem|"
    # "ما ابي احد يتصل علي", "nobody needs to call me": a person asked not to call
    "ما ابي احد|مابي احد|ما ابغى احد|ما بدي حدا|مش عايز حد|مش عاوز حد|nobody needs to|no one needs to|"
    "nobody has to|no need to call|dont call me|don't call me|dont need a call|don't need a call"
)


#: The customer's own people ("check with my manager first", "اكلم مديري"): no one at the restaurant.
_MY_PERSON = _words("مديري|مسؤولي|مشرفي|مديرتي")
_MY_PERSON_EN = frozenset({("my", "manager"), ("my", "boss"), ("my", "supervisor"), ("our", "manager")})


#: "رقم" / "number" before a number is an address or an order's number ("بيت رقم ٨"), never "a number
#: to call" of a request for a person.
_NUMBER_WORD = _words("رقم|number")


def _is_escalation(toks: list[str], evaluative: float) -> bool:
    if _NO_NEED.matches(toks):
        return False
    toks = [
        t
        for k, t in enumerate(toks)
        if not (t in _NUMBER_WORD and number_value(toks[k + 1] if k + 1 < len(toks) else "") is not None)
    ]
    pairs = set(zip(toks, toks[1:], strict=False))
    if pairs & _MY_PERSON_EN or any(t in _MY_PERSON for t in toks):
        return False  # "I need to double-check the headcount with my manager first"
    labels = set(_ESCALATION.labels(toks))
    if "phrase" in labels:
        return True
    if "person" not in labels:
        return "someone" in labels and "talk" in labels
    return bool(labels & {"talk", "want"}) or (len(toks) <= 3 and evaluative < 0.5)


# How an order reaches the customer: part of an order, never a question by itself.
_TAKEAWAY = _matcher(
    way="توصيل|دليفري|delivery|deliver|استلام|pickup|pick up|takeaway|take away|سفري|tawseel|"
    "delivery please|للتوصيل|بالتوصيل|بمر اخذه|بمر اخذ|باخذه|بمر اخذها|بمر اخذهم|باخذها|باخذهم|"
    "بمر عليكم|بمرلكم|بمر الفرع|"
    # collected, said with what is collected between ("I'll pick them up from the branch at 9")
    "pick them up|pick it up|pick em up|pick those up|collect them|collect it|collect them from"
)
_MY_ORDER = _matcher(mine="طلبي|طلبيتي|اوردري|طلبنا|my order|my food|talabi")


#: Arabizi forms of "late" (root ء-خ-ر): "met2akhar", "t2akhir", "et2a5aret", "ta2khir".
_LATE_AZ = re.compile("^(?:m|mi|me|mu|e|i)?t?a?ءa?(?:kh|خ)(?:a|e|i)?r\\w*$")
#: Every time, always: a habit, not this one order.
_EVERY_TIME = _matcher(
    habit="كل مره|كل مرة|كل مرا|دايما|دائما|kol marra|kol mara|kol mara|kel marra|kil marra|every time|"
    "each time|everytime|always|dayman|da2eman|"
    # counted ("this is the third time my order is late", "تالت مرة")
    "second time|third time|fourth time|fifth time|2nd time|3rd time|4th time|5th time|"
    "ثاني مره|ثالث مره|تالت مره|رابع مره|خامس مره"
)


def _late(toks: list[str]) -> bool:
    """A word for late in any of its forms (read word by word: "is late" is also a status phrase)."""
    return any("late" in _STATUS.labels([t]) or (not t.isascii() and _LATE_AZ.match(t)) for t in toks)


def _late_as_habit(toks: list[str]) -> bool:
    """ "kol marra el akl byeegi met2akhar", "دايما بتتأخروا": lateness as a habit, complained of
    (feedback), not a question about this order."""
    return _late(toks) and _EVERY_TIME.matches(toks)


#: Present, ongoing contact from the courier: "your driver keeps calling me", "المندوب عم يرن".
_ONGOING_EN = _words("keeps|keep|is|calling|ringing|outside|downstairs|door|lost|gate|entrance|lobby")
_ONGOING_AR = re.compile(
    "^(?:عم|عمال|عماله|قاعد|بيرن|يرن|بيتصل|يتصل|عم يرن|تحت|برا|بره|الباب|ضايع|تايه|البوابه|بوابه|المدخل|واقف|واقفه)$"
)
#: The same in Arabizi ("ma 3am ywa22ef rann", "3ammal byrenn", "ta7t").
_ONGOING_AZ = _words(
    "3am|3ammal|3amal|rann|byrenn|byren|biren|yrenn|yren|bey2ol|ta7t|barra|el bab|"
    # standing there now ("wa2ef ta7t", "واقف تحت")
    "wa2ef|wa2if|wa2fe|wa2fa"
)
#: A stop verb: negated before a ring or call it says the ringing goes on ("ما وقف يرن").
_STOP_RINGING = re.compile("^(?:ما|م)?(?:ب|بي|عم)?[يت]?(?:وقف|بطل|سكت)(?:ش)?$")


#: "add one", "حطوا وحدة", "ضيفولي منه": a verb that puts some of a dish into the order, then a count
#: or "of it" — said after "do you have X?" it orders X when there is some.
_ADD_VERBS = frozenset(
    normalize(w)
    for w in (
        "add حط حطوا حطو حطي حطلي حطولي حطيلي ضيف ضيفوا ضيفو ضيفي ضيفلي ضيفولي ضيفيلي "
        "زيد زيدوا زيدو زيدلي زيدولي include"
    ).split()
)
_ADDED_SOME = frozenset(
    normalize(w)
    for w in (
        "one two three a some it them واحد واحده وحده حبه وحدة اثنين اتنين ثنين ثنتين تنين منه منها "
        "منهم wa7ed wa7da"
    ).split()
)


def _adds_some_after_asking(toks: list[str]) -> bool:
    """ "عندكم شاورما؟ حطوا وحدة", "do you have cheesecake? add one": a question whether a dish is
    there, then a verb that adds a count (or "of it") of it: an order if there is some."""
    for k, tok in enumerate(toks[:-1]):
        if tok in _ADD_VERBS or (tok.startswith("و") and tok[1:] in _ADD_VERBS):
            rest = toks[k + 1 : k + 3]
            if rest[:1] in (["لي"], ["in"], ["me"]):  # "ضيفوا لي واحد", "throw in one"
                rest = rest[1:]
            if rest and rest[0] in _ADDED_SOME:
                return True
    return False


#: "وعندكم", "وفي عندكن", "do you (guys) have", "and any": a question whether there is a food.
_HAVE_YOU_AR = frozenset(
    normalize(w)
    # and in Arabizi ("w 3indkom kisra?")
    for w in "عندكم عندكو عندكن عندك 3indkom 3andkom 3ndkom 3indko 3andko 3ndko 3indkon 3andkon".split()
)
_DO_YOU = frozenset(("you", "u", "ya"))


#: "have you" in Arabizi with any vowels ("3indkum", "3andoko", "3andkoum"), "3" read as "ع".
_HAVE_YOU_AZ = re.compile("^ع[aie]?nd(?:o|e)?(?:kom|kum|koum|ko|kon|kou|kam)$")


_HOW_MUCH_AR = frozenset(normalize(w) for w in "بكم بكام وبكم وبكام قديش وقديش".split())


def _orders_then_asks(toks: list[str], menu: Sequence[MenuEntry]) -> bool:
    """ "whole broasted + 2 garlic sauces + coleslaw, and do you guys have wraps?": dishes asked
    for first (two at least, no question among them), then whether another food is there: an
    order with a question at its end, not a question about the menu."""
    for k, tok in enumerate(toks):
        asks = (
            (tok in _HAVE_YOU_AR or (tok.startswith("و") and tok[1:] in _HAVE_YOU_AR))
            or bool(_HAVE_YOU_AZ.match(tok))
            or (tok == "do" and toks[k + 1 : k + 2] and toks[k + 1] in _DO_YOU)
            or (tok == "any" and k and toks[k - 1] in ("and", "w", "و", "+"))
            # "2 kunafa and 1 om ali please, and how much is the arabic coffee?": a price asked after
            or (tok == "how" and toks[k + 1 : k + 2] == ["much"])
            or tok in _HOW_MUCH_AR
        )
        if asks and k:
            before = " ".join(toks[:k])
            return "?" not in before and "؟" not in before and food_mentions(before, menu) >= 2
    return False


#: "وزلابية تسوون؟", "ومندي فيه؟", "وبتعملو برجر؟", "وعندكو كشري؟": whether the kitchen makes or
#: has a food (Gulf "تسوون", Levantine / Egyptian "بتعملو", "there is", "you have"), in a last clause.
_MAKE_OR_HAVE = frozenset(
    normalize(w)
    for w in (
        "تسوون تسوونه تسوونها تسوونهم تسوي تسون بتسوو بتسوون بتعملو بتعملوا بتعملون بتعملي تعملون "
        "تعملوا تعملو بتعمل بتعملوه بتعملوها فيه في فى موجود موجوده متوفر متوفره عندكم عندكو عندكن "
        "عندك fi fih fe 3andkom 3andko 3andkon 3ndkom bt3mlo bte3mlo bta3mlo tsawwon tsawoon"
    ).split()
)
_LAST_CLAUSE = re.compile(r"^(.*)[,،]\s*([^,،]+)$", re.S)


def _orders_then_asks_last(raw: str, menu: Sequence[MenuEntry]) -> bool:
    """ "نص كيلو بقلاوة وشاي بالنعناع ثنين، وزلابية تسوون؟", "… وصوصين رانش، وبتعملو برجر؟": dishes
    asked for first (two at least, no question among them), then, in a last clause opened by
    "and", whether the kitchen makes or has another food: an order with a question at its end,
    not a question about the menu."""
    found = _LAST_CLAUSE.match(raw.strip())
    if found is None or not _QUESTION_MARK.search(found.group(2)) or _QUESTION_MARK.search(found.group(1)):
        return False
    last = normalize(found.group(2)).split()
    if not last or not (last[0] in ("and", "w", "wa") or last[0].startswith("و")):
        return False
    asks = any(t in _MAKE_OR_HAVE or (t.startswith("و") and t[1:] in _MAKE_OR_HAVE) for t in last)
    return asks and food_mentions(found.group(1), menu) >= 2


#: Moroccan "ila", Tunisian "ken" (if)
_IF = _words(
    "لو|اذا|إذا|ولو|واذا|وإذا|if|law|iza|eza|izza|ila|wila|ken|wken|"
    # Iraqi and Gulf Arabizi "itha maku …", "idha ma fi …" (if there is none)
    "itha|idha|ida|etha|witha|widha"
)
_IF_NOT = _words(
    "ما|مو|مش|لا|لأ|مافي|مافيه|مافيش|مفيش|ماكو|مب|not|no|nope|mafi|mafish|mish|mesh|la|"
    # Arabizi "law la2 hatli …", "iza ma fi 3tini …"
    "la2|laa|ma|mafeesh|mafish|"
    # Moroccan "ila makanatch 3tini …", "ila makaynch …" (if there is none)
    "makanatch|makanch|makaynch|makaynach|makaynash|makansh|ماكانتش|ماكانش|ماكاينش|"
    # Tunisian "ken famech …" (if there is none)
    "famech|famesh|fammech|famach|مافماش|فماش|"
    # Iraqi "itha maku …" (if there is none)
    "maku|mako|maaku|"
    # "if none, …" and the Tunisian Arabizi "ken le 3tini …" (if not, give me …)
    "none|le"
)
#: "Or else" on its own before the dish to bring instead ("وإلا اتنين مطبق جبنة", "otherwise a …").
_ELSE = _words("والا|وإلا|الا|وإلّا|otherwise|else|wella|walla|willa|wela")
#: Run out, sold out ("لو خلصت يبقى …", "if it's finished then …", "if they're out").
_RUN_OUT = _words(
    "خلص|خلصت|خلصان|خلصانه|خالص|خالصه|خالصة|خالصين|نفد|نفذ|خلصو|خلصوا|finished|out|gone|sold|khelset|khelis|5elset|"
    # and with the vowels said otherwise ("law 5ilset jeebli …", "iza 5alset", "law 5ilso")
    "5ilset|5ilsit|5elsit|5alset|5alsat|5ilsat|5elsat|khilset|khalset|5ilso|5elso|5ilsu|5elsu|"
    # "it's over" in Arabizi ("ida 5alas 3atni …"), as "اذا خلاص" is read
    "5alas|5alaas|5lass|5alass|khalas|khalaas|"
    # the Levantine participle "finished" ("iza 5ales bade …", "eza khales")
    "5ales|5aless|5aales|khales|khaless|5alsa|khalsa"
)
#: English "if you're out", "if it's gone", "if they ran out": a subject, then run out.
_YOU_ARE = _words("youre|ur|were")
_SUBJECT_RUN_OUT = _words("its|youre|theyre|it|you|they|thats|is|are|ran|run|have|got|sold|all")


#: English "if it isn't", "if they're not", "if you don't": a subject, then a negated verb.
_SUBJECT_EN = _words("it|its|they|theyre|you|there|theres|that|thats")
_NEGATED_EN = _words("isnt|arent|dont|doesnt|not|wasnt|havent|hasnt")


def _english_it_is_not(words: list[str]) -> int:
    """How many words say "it is not" in English at the start of `words` ("it isnt" 2, "it is not"
    3, "its not" 2), else 0."""
    if not words or words[0] not in _SUBJECT_EN:
        return 0
    for n in (1, 2):  # "it isnt", "it is not" (one verb word between)
        if len(words) > n and words[n] in _NEGATED_EN and (n == 1 or words[1] in ("is", "are", "do", "does")):
            return n + 1
    return 0


#: A word right after a question mark or a comma: "…موجود؟ وإلا …" (the "or else" after the question).
_AFTER_A_BREAK = re.compile(r"[?؟,،.]\s*(\S+)")


#: Whether they have it, asked ("do you have", "is there", "عندكم", "fi … lyom?").
_HAVE_ASKED = _words(
    "have|there|got|عندكم|عندكو|عندكن|فيه|في|fi|fee|3andkom|3ndkom|3andko|3andkon|موجود|available"
)


def _english_run_out(words: list[str]) -> int:
    """How many words say "it ran out" in English at the start of `words` ("youre out" 2, "its
    gone" 2, "you ran out" 3), else 0: a subject, at most one more of its words, then run out."""
    if not words or words[0] not in _SUBJECT_EN | _YOU_ARE:
        return 0
    for n in (1, 2):
        if len(words) > n and words[n] in _RUN_OUT and all(w in _SUBJECT_RUN_OUT for w in words[1:n]):
            return n + 1
    return 0


def _asks_then_a_fallback(toks: list[str], menu: Sequence[MenuEntry], raw: str = "") -> bool:
    """ "عندكم ساندويتش سمك؟ لو ما فيه خلاص بس ميلك شيك", "do you still have sisig? if not then a
    halo halo": whether a dish is there, then "if not" and a dish to bring instead, orders (the
    dish asked about first, else the other), not a question about the menu."""
    for k in range(1, len(toks) - 1):
        if toks[k] in _ELSE:
            # "مطبق فراخ موجود؟ وإلا اتنين مطبق جبنة": or else, after the question is closed (never
            # "عندكم شاورما والا فلافل؟", X or Y asked)
            if not any(normalize(m.group(1)) == toks[k] for m in _AFTER_A_BREAK.finditer(raw)):
                continue
            skip = 1
        elif toks[k] in _IF and toks[k + 1] in _IF_NOT | _RUN_OUT:
            skip = 2  # "لو ما فيه", "لو خلصت يبقى …": if not, if it ran out
        elif toks[k] in _IF and (skip := _english_it_is_not(toks[k + 1 : k + 4])):
            skip += 1  # "if it isn't, send …", "if you don't have it": the same, said in English
        elif toks[k] in _IF and (skip := _english_run_out(toks[k + 1 : k + 4])):
            skip += 1  # "if you're out, send …", "if it's gone, 2 …", "if they ran out"
        else:
            continue
        before, after = " ".join(toks[:k]), " ".join(toks[k + skip :])
        # the dish asked about may be one no list knows ("do you have sujuk tonight? if you're out …")
        asked = food_mentions(before, menu) >= 1 or any(t in _HAVE_ASKED for t in toks[:k])
        return asked and food_mentions(after, menu) >= 1
    return False


def _courier_at_the_door(toks: list[str]) -> bool:
    """The courier calling or at the door now ("your driver keeps calling me but nobody is at the
    door", "المندوب عم يرن علي وما لاقي البيت"): a delivery in progress, not a review of it."""
    if not _courier_named(toks):
        return False
    if any(t in ("was", "kept", "كان") for t in toks):
        return False  # told of afterwards: feedback
    ongoing = sum(t in _ONGOING_EN or t in _ONGOING_AZ or bool(_ONGOING_AR.match(t)) for t in toks)
    # "ما وقف يرن", "ma 3am ywa22ef": not stopping (ringing, calling) is ongoing too
    ongoing += sum(
        bool(_STOP_RINGING.match(t) or "stop" in consent.token_roles(t)) and k > 0 and toks[k - 1] in _NEVER
        for k, t in enumerate(toks)
    )
    return ongoing >= 2


_CONFIRMATION = _words("التاكيد|تاكيد|confirmation|ta2kid|ta2keed|taءkid|taءkeed|taakid|taakeed|takid")
#: Not come, not reached me: "ما وصلتني", "موصلتش", "ما جاني".
_NOT_COME = re.compile("^(?:ما|م)?(?:وصل|جا|اجا|اجت|جات)(?:ت|تني|ني|تنا|نا|تش|ش|تنيش|نيش)?$")


def _confirmation_not_come(toks: list[str]) -> bool:
    """The order's confirmation not received ("ليش ما وصلتني رسالة التأكيد؟", "الرسالة بتاعة
    التأكيد موصلتش"): about this order, not about the messages."""
    if not any(token_forms(t) & _CONFIRMATION for t in toks):
        return False
    for k, tok in enumerate(toks):
        if tok.isascii():  # Arabizi "mawsaletsh", "mawasalnish": spelled in Arabic letters
            tok = consent.arabic_spelling(tok).replace("س", "ص")
        if _NOT_COME.match(tok) and (
            tok.startswith("م") and tok.endswith("ش") or (k and toks[k - 1] in _NEVER)
        ):
            return True
    return any(
        a in ("didnt", "didn't", "never", "havent", "not")
        and b in ("get", "got", "receive", "received", "come", "arrive")
        for a, b in zip(toks, toks[1:], strict=False)
    )


_WAS = _words("كان|كانت|كانو|كانوا|was|were|kan|kanet|kanit")
_WHEN = _words("لما|لمن|when|lamma|lama|lamman")


_THE_REST = _words("الباقي|والباقي|الباقين|والباقين|الباقيين|والباقيين")


def _is_status(toks: list[str], raw: str) -> bool:
    spans = [
        (start, end, label)
        for start, end, label in _STATUS.finditer(toks)
        # "الأكل كان بارد لما وصل", "it was cold when it came": "when" told after a "was" tells
        # what happened, it asks nothing
        if not (toks[start] in _WHEN and any(t in _WAS for t in toks[:start]))
        # "ثلاث منهن دجاج والباقي عادي": "the rest" of a count, never "still to come" ("باقي")
        and toks[start] not in _THE_REST
    ]
    labels = [label for _, _, label in spans]
    if "self_way" in labels:
        return False
    topic = _support_topic(toks)
    # "when" opens the question ("متى يوصل؟"), or, beside another topic, is a conjunction
    # ("can i pay when the food arrives"); until when orders are taken asks the hours
    if not _TAKING_ORDERS.matches(toks) and any(
        label == "when" and (start <= 1 or topic is None) for start, _, label in spans
    ):
        labels.append("strong")
    if "phrase" in labels:
        return True
    if "habitual" in labels:  # "how long does delivery usually take": a general question
        return False
    if {"wait", "since"} <= set(labels):
        return True
    if _MY_ORDER.matches(toks) and _ASKING.matches(toks) and topic is None:
        return True  # "ابي اسأل عن طلبي"
    if "noun" not in labels:
        return False
    asked = _is_question(toks, raw) or any(t in ("ولا", "لسه", "or") for t in toks)
    if "late" in labels:
        # "طلبي تأخر": about this order's delay, unless the message reviews more than speed
        categories = set(analyze_sentiment(raw).categories)
        if categories <= {"speed", "delivery"}:
            return True
    # "can i pay when the food arrives": a weak verb beside a support topic asks about that
    return "strong" in labels or ("weak" in labels and asked and topic is None)


_HALT_EN = _words("stop|cancel|hold|halt")
#: What is halted besides the courier (`_COURIER`, checked beside it): the delivery, the order.
_HALTED = _words("delivery|order|التوصيل|الطلب|طلب|طلبي|الاوردر|talab|talabi|otlob")


#: A cancel verb that opens the message (opt-outs are read before): about the order.
_CANCEL_FIRST = _words("cancel|الغي|الغوا|الغو|كنسل|كنسلوا|كنسلو")


#: Why an order is cancelled when it is to be put right: the address written wrong, something
#: forgotten, another order instead ("…، كتبت العنوان غلط", "…، نسيت أضيف حاجة", "… وأطلب غيره").
_TO_CORRECT = _words(
    "العنوان|عنوان|بالعنوان|عنواني|نسيت|انسيت|اضيف|ازود|غيره|غيرها|address|forgot|el 3enwan|el 3nwan|"
    # a new order in its place ("… وأعمل طلب جديد بداله")
    "بداله|بدالها|بدله|بدلها|"
    # the same order placed twice ("لأني طلبت نفسه مرتين بالغلط", "ordered it twice"): a duplicate
    # to put right; "by mistake" alone is the order's cancellation (order status)
    "مرتين|twice|marten|marratain"
)


def _cancels_to_correct(toks: list[str]) -> bool:
    """A cancel of the order said with what is to be put right ("ابي الغي الطلب اللي طلبته، غلطت
    بالعنوان", "عايز الغي الاوردر، نسيت اضيف حاجة"): a change a person makes (support), not the
    order's cancellation alone, nor a hold on what is on its way ("وقفوا الطلب لحظة، ابي اغير
    العنوان": order status)."""
    return (
        any(t in _CANCEL_TO_CORRECT for t in toks)
        and _halts_the_order(toks)
        and (any(t in _TO_CORRECT or t.removeprefix("و") in _TO_CORRECT for t in toks) or _wrong_branch(toks))
    )


#: A branch, and a branch said to be the wrong one ("اخترت الفرع الغلط", "ordered from the wrong branch").
_BRANCH = _words("الفرع|فرع|بالفرع|للفرع|من_الفرع|branch|far3|el far3|elfar3")
_WRONG = _words("غلط|الغلط|بالغلط|غلطان|wrong|ghalat|el ghalat|ghalta|8alat")


def _wrong_branch(toks: list[str]) -> bool:
    """ "ابي الغي الطلب …، اخترت الفرع الغلط", "cancel it, I picked the wrong branch": the order is to be
    placed again at the right branch, a change a person makes (support), not its cancellation alone."""
    return any(
        t in _BRANCH and any(w in _WRONG for w in toks[max(0, k - 2) : k + 3]) for k, t in enumerate(toks)
    )


#: Cancel verbs of any person ("تلغون", "كنسلوا", "a3mel cancel"), for what is cancelled on a placed order.
_CANCEL_ANY = _words(
    "الغي|الغوا|الغو|الغيلي|كنسل|كنسلوا|كنسلو|cancel|تلغون|تلغوا|تلغو|تلغي|نلغي|تلغيلي|"
    # and in Arabizi ("kansilo el … mn el order")
    "kansilo|kanselo|kansilu|kanslo|kansel|kansil|"
    # the first person and the Egyptian "you" ("ابي اكنسل الكنافة", "ممكن تكنسلوا الميلك شيك")
    "اكنسل|نكنسل|تكنسل|تكنسلوا|تكنسلو"
)
#: "As it is" ("والباقي زي ما هو", "وسيبوا الكريب مثل ما هو", "el ba2y zay ma howa"), and "keep the
#: rest" ("وخلوا الباقي"): what is not cancelled stays.
_AS_IT_IS = PhraseMatcher(
    [
        (normalize(p), "as_is")
        for p in (
            "زي ما هو|زي ماهو|زي ما هي|مثل ما هو|مثل ماهو|متل ما هو|متل ماهو|كما هو|zay ma howa|"
            "zay ma hwa|zay mahowa|as it is|as is|خلوا الباقي|خلو الباقي|خلي الباقي|سيبوا الباقي|"
            "سيبي الباقي|keep the rest"
        ).split("|")
    ]
)
#: What was added to an order ("الإضافة", "الزيادة", "the extra fries", "el zeyada").
_ADD_ON = _words(
    "الاضافه|الاضافات|اضافه|اضافات|الزياده|زياده|extra|extras|added|addon|addons|zeyada|ziyada|ziada|"
    "ez zeyada|"
    # the gift wrapping or bag of an order ("تغليف الهدية", "the gift bag", "el kees el hadiye")
    "تغليف|التغليف|الهديه|هديه|gift|wrapping|hadiye|hadiyye|hadiya|tghleef|taghleef|el hadiye"
)
#: The money back ("كيف يرجع المبلغ", "how do I get a refund", "ترجعولي فلوسي").
_REFUND = _words("المبلغ|مبلغ|فلوسي|الفلوس|فلوسنا|refund|refunded|money|el felous|felousi")
#: A while ("وقفوا الطلب شوي", "hold the order for a bit"): held, not stopped.
_A_WHILE = _words("شوي|شويه|bit|while|shway|shwaya|shwayya|shwaye|shwai")
#: A change of the address ("أغير العنوان", "can I change the delivery address").
_CHANGE_VERB = _words(
    "اغير|نغير|تغير|تغيرون|تغيروا|تغيرو|غيروا|غيرو|يتغير|change|changing|aghayar|aghayyar|a8ayar|"
    "ghayar|ghayyar|3'ayar"
)
_ADDRESS = _words("العنوان|عنوان|عنواني|address|3enwan|3nwan|el 3enwan|el 3nwan")


def _cancels_an_add_on_or_for_a_refund(toks: list[str]) -> bool:
    """ "كنسلوا الإضافة حقت الجبن من طلبي", "cancel the extra fries I added", or the order cancelled
    with its money asked back ("… وكيف يرجع المبلغ"): a person sees to it (support); a dish taken
    off ("الغوا البيبسي من الطلب") or the order cancelled alone stays order status."""
    cancels = [k for k, t in enumerate(toks) if t in _CANCEL_ANY]
    if not cancels:
        return False
    if any(t in _ADD_ON for t in toks[cancels[0] + 1 : cancels[0] + 6]):
        return True
    return _halts_the_order(toks) and any(t in _REFUND or t.removeprefix("و") in _REFUND for t in toks)


def _cancels_a_dish_keeping_the_rest(toks: list[str]) -> bool:
    """ "عايز ألغي الصوص الحار من الطلب بس، الباقي زي ما هو", "ابي اكنسل الكنافة من طلبي وخلوا الباقي":
    one thing cancelled off a placed order, the rest kept as it is, is a change a person makes
    (support), not the order's cancellation."""
    if not any(t in _CANCEL_ANY for t in toks):
        return False
    bare = [t.removeprefix("و") for t in toks]
    return _AS_IT_IS.matches(bare) or _keeps_only_some(bare) or _placed_twice(bare)


#: "Leave" / "keep" what stays ("سيب الساندوتشات بس", "وخلوا القهوة بس", "keep the fries only").
_LEAVE = _words("سيب|سيبوا|سيبو|سيبي|سيبلي|خلوا|خلو|خلي|خليلي|خلولي|keep|leave|sib|sibo|5alli|5allo|khalli")
#: "Only" closing what is kept.
_ONLY = _words("بس|فقط|only|bas|bass")


def _keeps_only_some(toks: list[str]) -> bool:
    """ "…، سيب الساندوتشات بس", "وخلوا القهوة بس": what stays named, then "only": the rest of a
    placed order kept."""
    return any(t in _LEAVE and any(x in _ONLY for x in toks[k + 2 : k + 5]) for k, t in enumerate(toks))


#: An order placed twice by mistake ("انطلب مرتين بالغلط", "it went through twice", "duplicate").
_TWICE = _words("مرتين|twice|duplicate|duplicated|مكرر|مكرره|marratain|marrtein|martein")


def _placed_twice(toks: list[str]) -> bool:
    """ "ابي اكنسل الطلب الثاني، انطلب مرتين بالغلط": one of two orders that went through twice is
    cancelled; a person sees to it (support)."""
    return any(t in _TWICE for t in toks)


def _holds_the_order_a_while(toks: list[str]) -> bool:
    """ "ممكن توقفوا الطلب شوي لحتى يوصل أخي", "hold the order for a bit": a hold asked for a while,
    arranged by a person (support), not the order stopped now ("وقفوا الطلب لحظة")."""
    for k, tok in enumerate(toks[1:], start=1):
        halted = toks[k - 1] in _HALT_EN or (
            "stop" in consent.token_roles(toks[k - 1]) and not toks[k - 1].isascii()
        )  # "توقفون الطلب", "وقفوا الطلب", "hold the order"
        halted = halted or (toks[k - 1] in ("the", "my") and k > 1 and toks[k - 2] in _HALT_EN)
        if tok in _HALTED and halted and any(t in _A_WHILE for t in toks[k + 1 : k + 5]):
            return "قبل" not in toks[k + 1 : k + 5]  # "قبل شوي": a while ago, when it was placed
        if tok in _HALTED and halted and _for_some_minutes(toks[k + 1 : k + 8]):
            # "please stop the order from going out for ten minutes, I'm not home yet"; not the
            # time waited ("stop the order, I've been waiting for 40 minutes")
            return not any(t in _WAITED for t in toks)
    return False


#: "For ten minutes", "لمدة ربع ساعة": how long an order is held.
_FOR = _words("for|لمده|لمدة")
_MINUTES = _words("minutes|mins|min|دقايق|دقائق|دقيقه|دقيقة")
_WAITED = _words("waiting|waited|wait|late|مستني|مستنيه|انتظر|انتظرت|منتظر|صارلي|صارلنا|متاخر")


def _for_some_minutes(toks: list[str]) -> bool:
    """ "for ten minutes", "لمدة ١٠ دقايق": "for", a count, then minutes: a hold of that long."""
    return any(
        toks[k] in _FOR and number_value(toks[k + 1]) is not None and toks[k + 2] in _MINUTES
        for k in range(len(toks) - 2)
    )


def _changes_the_address(toks: list[str]) -> bool:
    """ "ينفع أغير العنوان بعد ما الأوردر اتأكد؟", "can I change the delivery address?": the address of
    an order changed, the order not halted ("اوقفوا الطلب، بدي غير العنوان" is order status)."""
    return not _halts_the_order(toks) and any(
        tok in _CHANGE_VERB and any(t in _ADDRESS for t in toks[k + 1 : k + 4]) for k, tok in enumerate(toks)
    )


#: Cancelling, not halting or stopping the driver.
_CANCEL_TO_CORRECT = _words("الغي|ألغي|الغيه|الغاء|cancel|كنسل|الغوا|الغو")


def _halts_the_order(toks: list[str]) -> bool:
    """A request to stop or cancel what is on its way: a stop / cancel imperative with the courier,
    the delivery or the order as its object ("can you stop the driver, wrong address", "وقفوا
    المندوب", "hold the delivery"), not "the driver wouldn't stop honking"."""
    if len(toks) > 1 and toks[0] in _CANCEL_FIRST:
        return True  # "cancel the second pizza, keep the first one": cancelling opens the message
    for k, tok in enumerate(toks[:-1]):
        halt = (
            tok in _HALT_EN
            or tok in _CANCEL_VERB  # "امسحوا الطلب التاني", "الغوا الاوردر"
            or ("stop" in consent.token_roles(tok) and not tok.isascii() and tok.endswith(("وا", "و")))
        )
        if not halt:
            continue
        j = k + 1
        while j < len(toks) and (
            toks[j] in ("the", "my", "your", "this", "that", "el", "al") or toks[j] in _WHICH_ONE
        ):
            j += 1
        if j < len(toks) and (toks[j] in _HALTED or toks[j] in _COURIER):
            return True
    return False


#: Which order ("cancel my last order", "الغوا اخر طلب"): words between the verb and the order.
_WHICH_ONE = _words(
    "last|previous|latest|recent|second|first|current|new|other|اخر|اول|تاني|ثاني|akher|awwal"
)


def _sends_the_courier(toks: list[str]) -> bool:
    """ "لا ترسلون المندوب الحين", "لا تطرشون المندوب قبل ٩", "send the driver at 8": a send verb
    whose object is the courier is about when the order goes out, never the messages."""
    for k, tok in enumerate(toks[:-1]):
        if tok not in _SEND_EN and not consent.token_roles(tok) & {"send", "neg_send", "send_imperative"}:
            continue
        j = k + 1
        while j < len(toks) and toks[j] in ("the", "your", "this", "that", "el", "al", "لي", "لنا"):
            j += 1
        if j < len(toks) and toks[j] in _COURIER:
            return True
        # "لا ترسلون الطلب قبل ما اكلمكم": the order held back, told not to be sent yet
        negated = "neg_send" in consent.token_roles(tok) or (k and toks[k - 1] in _NEGATIONS)
        if negated and j < len(toks) and token_forms(toks[j]) & _ORDER_WORDS:
            return True
    return False


#: "You forget / forgot" said to the restaurant ("تنسون", "نسيتوا", "you forgot", "keep forgetting").
_YOU_FORGET = _words(
    "تنسون|تنسوا|تنسو|بتنسوا|بتنسو|forgot|forget|forgetting|forgotten|btinso|btensu",
    "|".join(YOU_FORGOT.split()),
)
#: What a request said to the restaurant opens with ("can you guys …", "يا جماعة ممكن …").
_REQUEST_LEADS = _words("can|could|would|will|you|guys|please|pls|plz|ممكن|لو|سمحتوا|سمحت|يا|جماعه|شباب")


_CANCEL_VERB = _words(
    "الغي|الغوا|الغو|الغيلي|شيلوا|شيلو|شيل|احذفوا|احذف|كنسلوا|كنسل|cancel|remove|drop|شيلولي|"
    "امسحوا|امسحو|امسح"
)
_ENOUGH = _words("enough|كفايه|كفى|kfaya|kefaya|kifaye")
#: What a kitchen puts too much of ("كفاية ملح", "kfaya mel7", "no more ketchup"): no dish, still food.
_SEASONING = _words(
    "ملح|الملح|شطه|الشطه|سكر|السكر|زيت|الزيت|بهارات|البهارات|كاتشب|الكاتشب|مايونيز|المايونيز|"
    "mel7|mil7|salt|sugar|oil|spice|spices|ketchup|mayo|mayonnaise|shatta|sokkar|zeit"
)


def _stop_doing(toks: list[str]) -> bool:
    """A "stop doing X" said to the restaurant ("بطلوا تتأخروا", "stop forgetting the sauce"): a
    stop verb opening the message, then a second-person verb of theirs (not a send: that one
    is the marketing, read before)."""
    # "can you stop adding mayo", "please stop forgetting the sauce": asked politely, the same
    while len(toks) > 2 and toks[0] in _REQUEST_LEADS:
        toks = toks[1:]
    if (
        len(toks) > 2
        and toks[0] in _ENOUGH
        and (toks[1] == "with" or food_positions(" ".join(toks)) or any(t in _SEASONING for t in toks[1:3]))
    ):
        return True  # "enough with the onions", "كفاية ملح في الرز": too much of it, complained of
    if len(toks) > 3 and toks[:2] == ["no", "more"] and any(t in _SEASONING for t in toks[2:4]):
        # "no more ketchup in the bag next time": too much of what comes with it ("no more fries
        # for me, just …" orders)
        return True
    if len(toks) < 2 or "stop" not in consent.token_roles(toks[0]):
        return False
    verb = toks[1]
    if consent.token_roles(verb):
        return False
    if verb.isascii():
        return verb.endswith("ing") and len(verb) > 5
    return len(verb) >= 4 and verb.startswith(("ت", "بت")) and verb.endswith(("وا", "و", "ون"))


def _support_topic(toks: list[str]) -> SupportTopic | None:
    found = set(_SUPPORT.labels(toks))
    topic = next((topic for label, topic in _TOPIC_ORDER if label in found), None)
    if topic == "branches" and "hours" in found:
        return "hours"  # "فرع العليا فاتح هلق؟", "is the olaya branch open now?": that branch's hours
    if topic in (None, "general") and {"where_q", "venue"} <= found:
        return "location"
    return topic


# "حبيت اسأل عن الاسعار", "ابي اعرف الدوام", "i was wondering": a question without a "?"
_ASKING = _matcher(
    ask="اسال|اسأل|بسال|بسأل|استفسر|استفسار|سؤال|ابي اعرف|ابغى اعرف|بدي اعرف|عايز اعرف|عاوز اعرف|"
    "حابب اعرف|ودي اعرف|حبيت اعرف|اريد اعرف|wondering|wonder|want to know|wanted to know|"
    "like to know|can you tell me|could you tell me|inquire|enquire|ask about|question"
)


def _is_question(toks: list[str], raw: str) -> bool:
    if _QUESTION_MARK.search(raw) or (toks and toks[0] in _QUESTION_WORDS):
        return True
    return _ASKING.matches(toks)


_WHY = _words("ليش|ليه|لماذا|why|leh|lesh")
_YES_NO = _words("هل|is|are|does|do|will")


def _asks_yes_no(toks: list[str], raw: str) -> bool:
    """ "هل ...؟", "is the ... ?": a yes/no question, which asks rather than judges."""
    return bool(toks) and toks[0] in _YES_NO and bool(_QUESTION_MARK.search(raw))


_WHAT = _words("وش|ايش|شو|ايه|what|wat")
_YOU_HAVE = _words("عندكم|عندكو|عندكن|عندك|have|got|serve")


#: Question words that ask for something ("شو", "في عندكن", "do you"), not "how are you".
_ASKS_SOMETHING = _words(
    "شو|وش|ايش|ايه|قديش|كم|كام|متى|امتى|وين|فين|هل|في|فيه|عندكم|عندكن|عندكو|shu|sho|shou|esh|adesh|"
    "kam|emta|wein|fein|fi|fih|3andkon|3andkom|3andko|what|when|where|which|do|does"
)


def _asks_after_greeting(toks: list[str], raw: str) -> bool:
    """A greeting, then a question that asks for something ("marhaba, shu fi 3andkon …?"): the
    question is the point; "السلام عليكم، كيف حالكم اليوم؟" stays a greeting."""
    covered = {k for start, end, _ in _GREETING.finditer(toks) for k in range(start, end)}
    rest = [t for k, t in enumerate(toks) if k not in covered]
    if any(a in _HOW and b in _HOW_THINGS_ARE for a, b in zip(rest, rest[1:], strict=False)):
        return False  # "يا مرحبا فيكن، كيف الشغل عندكن اليوم؟": asking after them, nothing asked for
    return bool(_QUESTION_MARK.search(raw)) and len(rest) >= 3 and any(t in _ASKS_SOMETHING for t in rest)


#: "How" and what one asks after when asking how someone is ("كيف الشغل", "شلون الامور", "how's
#: business"): a greeting's question, not a request.
_HOW = _words("كيف|شلون|ازاي|ازيك|كيفك|how|hows|kif|keef|shlon|ezay")
_HOW_THINGS_ARE = _words(
    "الشغل|شغلكم|شغلكن|الامور|اموركم|الحال|حالكم|حالكن|الدنيا|الاحوال|احوالكم|الصحه|الشباب|الجماعه|"
    "business|work|things|everything|el shoghl|el shogl|el omour|el 7al|el dinya"
)


#: "يعطيك العافية" (God give you strength): said on arrival as much as in thanks.
_WELL_WISHING = _words("العافيه|عافيه|3afye|3afyeh|3afia|3afya")


def _greeting_with_well_wishing(toks: list[str]) -> bool:
    """A greeting whose only thanks is the well-wishing "يعطيكن العافية" ("يعطيكن العافية، مسا
    الخير", "ya3tikon el 3afye, marhaba"): an opening, not thanks for something done."""
    if not _GREETING.matches(toks):
        return False
    spans = [toks[start:end] for start, end, _ in _THANKS.finditer(toks)]
    return bool(spans) and all(any(t in _WELL_WISHING for t in span) for span in spans)


#: "It arrived" ("وصل", "وصلني", "wosil", "arrived") and "all of it fine" ("كل شي تمام", "كله مظبوط").
_ARRIVED = _words(
    "وصل|وصلت|وصلني|وصلتني|وصلنا|وصلو|وصلوا|wosil|wesil|wasal|wesel|wisil|arrived|came|"
    # and received ("thanks guys, got the order, all good", "استلمت الطلب")
    "got|received|استلمت|استلمنا"
)
_ALL_FINE = _words(
    "تمام|مظبوط|مضبوط|سليم|زين|كويس|fine|ok|okay|perfect|كل|كله|كلها|شي|شيء|everything|all|"
    "الطلب|الاكل|الاوردر|طلبي|the|order|food|my|and|و|حاجه|kol|kolo|shi|tamam|el|akl|talab|good|"
    # and who is thanked ("thanks guys, …", "شكرا يا شباب، …")
    "guys|يا|شباب|جماعه"
)


def _thanks_for_an_arrival(toks: list[str]) -> bool:
    """Thanks, then only that it arrived, all of it fine ("يعطيكم العافية، وصل كل شي تمام", "thanks,
    the order arrived, all fine"): thanks for a delivery, not a review of the food (a word of taste
    or of the service makes it one)."""
    spans = {k for start, end, _ in _THANKS.finditer(toks) for k in range(start, end)}
    rest = [t for k, t in enumerate(toks) if k not in spans]
    return (
        bool(spans)
        and any(t in _ARRIVED for t in rest)
        and all(t in _ARRIVED or t in _ALL_FINE or t.removeprefix("و") in _ARRIVED | _ALL_FINE for t in rest)
    )


#: The delivery named ("عالتوصيل السريع", "3al tawsil"): thanks for it is thanks for an arrival.
_DELIVERY = _words("التوصيل|توصيل|عالتوصيل|عالتوصيل|للتوصيل|tawsil|el tawsil|delivery")


#: "Bless your hands" opening the message, a word or two after it, then a comma ("يسلمو إيديكن
#: عالأكل، …", "تسلم إيدين الطباخ، …"): thanks said first. Without the comma ("تسلم ايديكن الاكل
#: كان بيجنن") it is said of the food: a review.
_HANDS_BLESSED_FIRST = re.compile(
    r"^\s*(?:الله\s+)?(?:(?:تسلم|يسلمو|يسلموا|تسلمو|تسلموا)\s+[اإأ]يد\S*"
    # and in Latin letters ("yislamo ideikon, …", "tislamo idekon, …")
    r"|(?:allah\s+)?(?:yislam|yeslam|tislam|teslam)[ou]?\s+(?:i|e|ay|ei)d\S*)(?:\s+\S+){0,2}?\s*[،,]",
    re.IGNORECASE,
)


def _hands_blessed_first(raw: str) -> bool:
    """Whether the message opens with "bless your hands" closed by a comma: thanks said first,
    whatever good is said of the order after it (a complaint after it is no thanks)."""
    return bool(_HANDS_BLESSED_FIRST.match(raw))


def _thanks_then_how_it_came(toks: list[str], raw: str) -> bool:
    """Thanks said first, then how the order came ("يسلمو كتير، الأكل وصل سخن وطيب", "thanks a lot,
    everything arrived hot and on time", "tislamo, el akl wasal skhun w tayeb"): thanks for an
    arrival even with a good word on it; never with a complaint, and never the verdict first
    ("التوصيل كان سريع والأكل حار، يعطيكم العافية" reviews, then thanks: feedback). The caller
    leaves out a dish named and praise beyond a good word (a review of the food)."""
    spans = [(start, end) for start, end, _ in _THANKS.finditer(toks)]
    # (the thanks may open with "الله": "الله يعطيكم العافية، كل شي وصل مضبوط")
    if not spans or spans[0][0] > (1 if toks[0] in ("الله", "allah", "والله") else 0):
        return False
    rest = toks[spans[0][1] :]
    came = any(t in _ARRIVED or t.removeprefix("و") in _ARRIVED or token_forms(t) & _DELIVERY for t in rest)
    return came and analyze_sentiment(raw).sentiment != "negative"


_HOPE = _words("hope|hoping|hopefully|inshallah|عسى|عساكم|عساكن|عساكو|ان شاء الله|انشالله")
#: (and the Levantine and Egyptian "fine": "عساكن منيحين", "كويسين")
_YOU_ARE_WELL = _words(
    "good|well|fine|ok|okay|great|safe|طيبه|طيبين|بخير|زينه|زينين|تمام|منيحين|منيح|منيحه|مناح|كويسين|كويس"
)


def _greeting_hoping_you_are_well(toks: list[str], raw: str) -> bool:
    """ "salam, hope you're all good", "hi guys, hope all is well": a greeting, then only the wish
    that they are well (a short tail ending in "well" / "good", or a good day wished them: "hope
    the team is having a good day") — an opening, not praise."""
    if not _GREETING.matches(toks) or not _asks_only_how_you_are(raw):
        return False
    # (an Arabic wish may come after a long greeting: "السلام عليكم ورحمة الله وبركاته، مساكم الله
    # بالخير جميعاً وعسى أموركم طيبة")
    for k, tok in enumerate(toks[:12] if _GREETING.matches(toks[:1]) else toks[:4]):
        if tok in _HOPE or (tok.startswith("و") and tok[1:] in _HOPE):
            wish = toks[k + 1 :]
            if 0 < len(wish) <= 5 and wish[-1] in _YOU_ARE_WELL:
                return True
            # "morning guys, hope the kitchen is having a good day": a good day wished them
            return 0 < len(wish) <= 7 and wish[-1] in _A_DAY and bool(set(wish[-3:-1]) & _A_GOOD)
    return False


#: Words a greeting's "how are you" may hold besides it ("كيفكن اليوم؟", "how are you guys?").
_HOW_YOU_TAIL = _words("اليوم|شباب|يا|جماعه|كيف|حالكم|حالكن|حالك|today|guys|all|you|are|how|doing")


def _asks_only_how_you_are(raw: str) -> bool:
    """Whether each question in `raw` is only a greeting's "how are you" ("مرحبا شباب، كيفكن
    اليوم؟ عساكن منيحين"): no question at all is such a message too."""
    for part in _QUESTION_MARK.split(raw)[:-1]:
        clause = normalize(re.split("[,،.!]", part)[-1]).split()
        if not clause or not _GREETING.matches(clause):
            return False
        if any(t not in _HOW_YOU_TAIL and not _GREETING.matches([t]) for t in clause):
            return False
    return True


_A_DAY = _words("day|morning|evening|night|shift|weekend")
_A_GOOD = _words("good|great|nice|lovely|smooth|calm")


#: "the matter" after a what-word ("مدري وش السالفة", "شو القصة"): what is going on, not what is sold.
_THE_MATTER = _words("السالفه|سالفه|القصه|قصه|الموضوع|الحكايه|السالفة|القصة")


def _whats_going_on(toks: list[str]) -> bool:
    """Every what-word of the message asks what is going on ("كثرت رسايل العروض عندكم، مدري وش
    السالفة"): a bewildered remark, no question about what the restaurant has."""
    whats = [k for k, t in enumerate(toks) if t in _WHAT]
    return bool(whats) and all(toks[k + 1 : k + 2] and toks[k + 1] in _THE_MATTER for k in whats)


def _asks_what_you_have(toks: list[str]) -> bool:
    """ "ايش الاشياء اللي عندكم؟": what-question about what the restaurant has."""
    return any(t in _WHAT for t in toks) and any(token_forms(t) & _YOU_HAVE for t in toks)


def _fuzzy_short_form(norm: str) -> tuple[Intent, SupportTopic | None] | None:
    if len(norm.split()) > 4 or len(norm) < 4:
        return None
    best = process.extractOne(norm, list(_SHORT_FORMS), scorer=fuzz.ratio, score_cutoff=85)
    return _SHORT_FORMS[best[0]] if best else None


_TEMPERATURE = _words(
    "بارد|بارده|ساقع|ساقعه|مثلج|مثلجه|ايس|cold|iced|ice|حار|حاره|ساخن|ساخنه|سخن|hot|warm|دافي|"
    "سخنه|سخنين|باردين|ساقعين|مثلجين|حامي|حاميه|"
    "bared|barid|bard|barda|sa2e3|sa2ea|saqe3|sokhn|sukhn|s5n|7ar"
)


_SIZE = _words("كبير|كبيره|كبار|صغير|صغيره|صغار|وسط|large|small|medium|big|kbeer|kbira|soghayar")


def _without_dish_temperatures(text: str, menu: Sequence[MenuEntry]) -> str:
    """The message without temperature words that describe a dish being ordered ("لبن بارد",
    "cold brew", "كوكاكولا ساقعة"): beside a dish word they are part of the order, not a
    complaint. "الكبسة وصلت باردة" keeps its "باردة" (a verb stands between). The words of a
    several-word menu name go too ("عصير برتقال طازج", "شوكولا سخنة": the dish, not a judgement)."""
    toks = normalize(text).split()
    foods = food_positions(text, menu)
    if not foods:
        return text  # nothing for a temperature or a size to describe
    in_names = dish_name_words(text, menu)
    named = {k for k, tok in enumerate(toks) if tok in in_names}
    foods |= named
    # "٢ موكا واحد منهم بارد": a word pointing back stands for the dish
    foods |= {k for k, tok in enumerate(toks) if tok in BACK_REFERENCES}
    # a size beside a dish or a count is part of the order too ("شاورما كبيرة وحدة وصغيرة وحدة")
    counts = {k for k, tok in enumerate(toks) if number_value(tok) is not None}
    dropped: set[int] = set(named)
    for k, tok in enumerate(toks):
        # "and a crispy one", "two grilled ones": the words between a count and "one" describe
        # a dish being ordered
        j = k - 1
        while tok in _ONE_STANDS_IN and j >= 0 and token_forms(toks[j]) & MOD_STANDALONE:
            j -= 1
        if j < k - 1 and j >= 0 and (toks[j] in _ONE or number_value(toks[j]) is not None):
            dropped |= set(range(j + 1, k))
    for k, tok in enumerate(toks):
        # "2 zaatar manakish, one extra crispy": after a dish, a count and the change words that
        # follow it say how that one is made, no verdict
        if (tok in _ONE or k in counts) and any(f < k for f in foods):
            j = k + 1
            while j < min(len(toks), k + 3) and token_forms(toks[j]) & (MOD_STANDALONE | _EXTRA):
                j += 1
            if j > k + 1 and not any(t in _PAST_COPULA for t in toks[j : j + 1]):
                dropped |= set(range(k + 1, j))
    changed = True
    while changed:
        changed = False
        for k, tok in enumerate(toks):
            if k in dropped:
                continue
            forms = token_forms(tok)
            size = bool(forms & _SIZE)
            if not (size or forms & _TEMPERATURE):
                continue
            if any(n in foods or n in dropped or (size and n in counts) for n in (k - 1, k + 1)):
                dropped.add(k)
                changed = True
    dropped |= _order_notes(toks, foods, counts)
    return " ".join(t for k, t in enumerate(toks) if k not in dropped) if dropped else text


# Verbs of what was brought (a wrong item is a complaint: "you sent X instead of Y").
_BROUGHT = _words(
    "got|sent|gave|received|brought|delivered|came|جاني|جانا|وصلني|وصلنا|جبتولي|جابولي|ارسلتولي|بعتولي|"
    "بعتوا|جاب|جابوا|جالي|اجاني|ejani|wasalni|ba3atouli"
)
#: "instead (of)" in every dialect ("X بدل Y", "wa badal el fries"): a swap, read by the checks below.
_INSTEAD = _words("instead|بدل|بدال|وبدل|بدلا|مكان|عوض|badal|bdal")
_DETERMINERS = _words("of|the|a|an|one|ال|my")
_PAST_COPULA = _words("was|were|is|are|كان|كانت|كانو|كانوا|جا|جت|وصل|وصلت|kan|kanet|kano")


_REGULAR = _words("عادي|عاديه|regular|plain|normal|3adi|3adeh|3adiye")
#: "the rest (of them)" ending a split count ("…، والباقي عادي", "the rest regular", "el ba2y 3adi").
_THE_REST_OF_A_COUNT = _THE_REST | _words("rest|others|ba2y|el-ba2y|elba2y|baqi|ba2i")
#: Back-references that count by themselves ("both well done", "وكلها بدون بصل").
_ALL_OF_THEM = _words("both|كلها|كلهم|كلهن|kolhom|kollohom|kolha")


def _order_notes(toks: list[str], foods: set[int], counts: set[int]) -> set[int]:
    """Positions of words that shape an order being placed, not a judgement of one: "instead of"
    before a dish, a count or "the one" ("kishk instead of the zaatar", "the 12 piece one instead
    of the 16": a correction — unless something was brought: "you sent X instead of Y"), and the
    two words after a counted back-reference ("وحدة منن مقرمشة كتير", "one of them extra crispy":
    how that one should be made — unless a past copula says how it was)."""
    out: set[int] = set()
    brought = any(token_forms(t) & _BROUGHT for t in toks)
    for k, tok in enumerate(toks):
        if tok in _INSTEAD and not brought:
            j = k + 1
            while j < len(toks) and toks[j] in _DETERMINERS:
                j += 1
            if j < len(toks) and (j in foods or j in counts or toks[j] in BACK_REFERENCES):
                out.update(range(k, j))
        counted = k and (k - 1 in counts or toks[k - 1] in _ONE or toks[k - 1] == "of")
        if tok in _REGULAR and (counted or k and toks[k - 1] in _THE_REST_OF_A_COUNT):
            # "وواحد عادي", "one regular", "والباقي عادي": a regular one, not "ordinary" as a verdict
            out.add(k)
        if tok in BACK_REFERENCES and (counted or tok in _ALL_OF_THEM):
            after = toks[k + 1 : k + 3]
            if not any(t in _PAST_COPULA for t in after):
                out.update(range(k + 1, k + 1 + len(after)))
    return out


_ONE_STANDS_IN = _words("one|ones")
#: "extra crispy", "زيادة حار": more of how a dish is made.
_EXTRA = _words("extra|زياده|اكسترا|ziyada|zyada|more")
_FAMILY = _words("عائلي|عائليه|عايلي|عايليه|family|3a2eli|3aeli")
# "a"/"an" count one dish as a number does ("can I pick up a family platter at 7?")
_ONE = _words("a|an|one|واحد|وحده")


def _counted_food(text: str, toks: list[str], menu: Sequence[MenuEntry]) -> bool:
    """Whether a count stands before a dish ("two lamb chops", "٢ برياني", "a family sushi
    platter": sizes and other words of the dish may stand between)."""
    foods = food_positions(text, menu)
    one = _ONE if toks and toks[0] not in _YES_NO else frozenset()  # "do you deliver a …?" asks
    for k in foods:
        j = k - 1
        while j >= 0 and (j in foods or token_forms(toks[j]) & (_SIZE | _TEMPERATURE | _FAMILY)):
            j -= 1
        if j >= 0 and j < k and (number_value(toks[j]) is not None or toks[j] in one):
            return True
    return False


#: "X بدل Y", "X instead of Y" right after a dish asks for a swap (`_INSTEAD`); "جاني X بدل Y" (got
#: X instead of Y) is the complaint.
_RECEIVED = _words(
    "got|gave|sent|brought|received|came|جاني|جاتني|جانا|جالي|جتني|اجاني|اجتني|جابوا|جابولي|جبتولي|"
    "وصلني|وصلتني|وصلنا|ارسلتوا|ارسلتو|بعتولي|بعتتولي|حطيتوا|حطيتو"
)


def _without_swap_request(text: str, menu: Sequence[MenuEntry]) -> str:
    """The message without an "instead of" that follows a dish being asked for ("cream kunafa
    instead of the cheese one", "بدي كنافة بدل البقلاوة"): a swap is part of the order, not the
    "got X instead of Y" complaint, which keeps it (a verb of receiving stands before)."""
    toks = normalize(text).split()
    foods = food_positions(text, menu)
    dropped: set[int] = set()
    for k, tok in enumerate(toks):
        if tok in _INSTEAD and k - 1 in foods and not any(t in _RECEIVED for t in toks[:k]):
            dropped |= {k, k + 1} if toks[k + 1 : k + 2] == ["of"] else {k}
    return " ".join(t for k, t in enumerate(toks) if k not in dropped) if dropped else text


#: Want verbs that open an order ("عايز ٢ سحلب", "بدي كنافة نابلسية").
_WANT_FIRST = _words("ابي|ابغى|ابغا|بدي|عايز|عاوز|عايزه|ودي|اريد|abi|abgha|bdi|baddi|bade|3ayez|3ayz|3awez")
_WANT_FIRST_EN = tuple(
    tuple(normalize(p).split())
    for p in (
        "i'll take",
        "i'll have",
        "i will take",
        "i will have",
        "i want",
        "i'd like",
        "can i get",
        "can i have",
    )
)
_BUT = _words("but|بس|لكن|bas|bs")


def _asks_for_a_dish(text: str, menu: Sequence[MenuEntry]) -> bool:
    """An order that a judgement beside it does not make feedback: a want verb opening the
    message right before a dish or a count of one ("عايز ٢ سحلب سخن و٢ قهوة تركية مظبوط",
    "بدي كنافة نابلسية …، كانت طيبة كتير"), or a last clause after "but" or a comma that counts
    a dish, in a message that asks ("the last one was too salty but …, one large pad thai
    please")."""
    toks = normalize(text).split()
    foods = food_positions(text, menu)
    for first in _WANT_FIRST_EN:  # "I'll take a hot and sour soup, …"
        if toks[: len(first)] == list(first):
            j = len(first)
            if j < len(toks) and (toks[j] in _ONE or number_value(toks[j]) is not None):
                j += 1
            return bool(foods & {j, j + 1, j + 2})  # the name may open with "hot", "large", …
    for k, tok in enumerate(toks[:3]):
        if tok in _WANT_FIRST:
            j = k + 2 if k + 1 < len(toks) and number_value(toks[k + 1]) is not None else k + 1
            if j in foods or (j + 1 in foods and j < len(toks) and toks[j] in FILLERS):
                return True  # "ابي وجبة سمك عائلية …": a measure ("a meal of") may stand before it
            break
    if _counted_then_some_of_them(toks, foods):
        return True
    cut = max([k for k, t in enumerate(toks) if t in _BUT], default=-1)
    last = re.split("[,،.!]", text)[-1] if cut < 0 else " ".join(toks[cut + 1 :])
    last = re.split("[,،.!]", last)[-1]
    last_toks = normalize(last).split()
    # asked for in that clause ("…, one large pad thai please") or before it ("please send them
    # hot, 2 beef noodles"), and not told of as past ("…, 2 burgers were raw")
    asked = last_toks[-1:] and last_toks[-1] in _POLITE or bool(_ORDER.labels(last_toks))
    asked = asked or any(t in _POLITE for t in toks)
    return (
        0 < len(last_toks) < len(toks)
        and _counted_food(last, last_toks, menu)
        and bool(asked)
        and not _FEEDBACK_WORDS.labels(last_toks)
    )


def _counted_then_some_of_them(toks: list[str], foods: set[int]) -> bool:
    """ "eight tawa breads, three of them well toasted and …", "six grilled chicken hearts, three well
    done …": a count of a dish opening the message, then a smaller count of some of them (how they
    are to be made), nothing told of as past: an order whose words of making are no verdict."""
    first = number_value(toks[0]) if toks else None
    if first is None or first < 2 or not foods & {1, 2} or _FEEDBACK_WORDS.labels(toks):
        return False
    return any((value := number_value(t)) is not None and 0 < value < first for t in toks[3:])


#: Taking a dish off: the cancel verbs and "take" ("take the onions out of my order").
_TAKE_OFF = _CANCEL_VERB | _words("take")
_OFF_THE = _words("from|off|من")


def _takes_off_the_order(toks: list[str]) -> bool:
    """ "cancel the spring rolls from my order", "شيلوا البيبسي من طلبي", "الغوا البيبسي من الطلب",
    "take the onions out of my order": a dish taken off an order already placed is a change to it
    (order status), never a complaint or an order for the dish."""
    if not any(t in _TAKE_OFF for t in toks):
        return False
    for k, tok in enumerate(toks[1:], start=1):
        off = tok in _OFF_THE or (tok == "of" and toks[k - 1] == "out")
        if off and any(t in _TAKE_OFF for t in toks[:k]):
            if any(token_forms(t) & _ORDER_WORDS for t in toks[k + 1 : k + 4]):
                return True
    return False


#: "the same (as last time)": what was had before, asked for again.
_SAME = _words("same|نفس")


def _ordered_again(toks: list[str]) -> bool:
    """ "same burger as last time please", "نفس طلب المرة اللي فاتت": the past named to be had
    again is an order, not a review of it."""
    return any(t in _SAME for t in toks)


#: "if" before "it's" / "it is": a condition on what is there, not a thing told of the past.
_IF_IT = frozenset(("if", "law", "iza", "eza"))


def _without_a_condition_is(toks: list[str], menu_words: frozenset[str] = frozenset()) -> list[str]:
    """The words without the "it's" / "it is" of a condition ("skip the sujuk if it's finished",
    "a muhammara manakish if it's available, otherwise …"): "its" reads as a past verdict
    ("its too salty") only when no "if" stands before it, nor when it says what the order is for
    or the weather ("it's for a family dinner", "it's cold out tonight"); a word of a dish's name
    on the menu ("بيف فراي") is never a review word."""
    out: list[str] = []
    for k, tok in enumerate(toks):
        if tok in menu_words:
            continue
        if tok in ("its", "is") and toks[k + 1 : k + 2] and toks[k + 1] in _FOR_OR_WEATHER:
            continue
        if tok in ("its", "it", "is") and any(
            toks[i] in _IF_IT and all(t in ("it", "its", "is") for t in toks[i + 1 : k])
            for i in range(max(0, k - 2), k)
        ):
            continue
        out.append(tok)
    return out


#: "it's for a family dinner", "it's cold out": no verdict on a dish.
_FOR_OR_WEATHER = _words("for|cold|hot|raining|freezing")
#: The weather said beside an order ("it's cold out tonight", "الجو بارد"): no verdict on a dish.
_WEATHER = re.compile(
    r"\bit'?s\s+(?:so\s+|really\s+|very\s+)?(?:cold|hot|freezing|raining)\s+(?:out(?:side)?|tonight|today)\b"
    r"|الجو\s+(?:بارد|برد|حر|حار)",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _menu_words(menu: tuple[MenuEntry, ...]) -> frozenset[str]:
    """The words of the menu's names, normalised (no review word among them)."""
    return frozenset(w for e in menu for name in (e.name_ar, e.name_en) for w in normalize(name).split())


_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


#: The house hailed by its food ("يا أهل المقلوبة", "ya ahl el shawarma"): to the clause's end, an
#: address, no dish asked for.
_HOUSE_HAILED = re.compile(r"(?:\bيا|\bya)\s+(?:أهل|اهل|ahl|a7l)\s+[^،,.!?؟\n]*", re.IGNORECASE)


def classify_intent(text: str, menu: Sequence[MenuEntry] = ()) -> IntentResult:
    """Classify one customer message; confidence reflects how direct the evidence was.

    With the restaurant's `menu`, its own dish names count as food ("٢ كابتشينو للاستلام" is an
    order). A probable but uncertain opt-out comes back as "opt_out_uncertain" (ask first).
    """
    norm = normalize(text)
    toks = norm.split()
    if not toks:
        return IntentResult("other", 0.5)
    if len(toks) == 1 and toks[0] in _CONFIRM:  # "طيب", "ok", "👍": an acknowledgement
        return IntentResult("other", 0.6)
    if is_opt_out(text):
        return IntentResult("opt_out", 0.97)
    meals = _subscribed_meals(toks)
    if is_opt_in(text) and not meals:
        return IntentResult("opt_in", 0.95)
    if is_probable_opt_out(text):
        return IntentResult("opt_out_uncertain", 0.6)
    if meals or (_standing_order(toks) and not any(t in _WHERE_OR_WHEN for t in toks)):
        # "ابي اوقف الاشتراك الاسبوعي حق الغدا، كيف اسويها؟": a standing order of meals, started,
        # changed or stopped: a person sees to it, no opt-in or opt-out of messages
        return IntentResult("support", 0.7, "general")
    evaluative = evaluative_strength(
        _without_dish_temperatures(_without_swap_request(_WEATHER.sub(" ", text), menu), menu)
    )
    counted = any(number_value(t) is not None for t in toks) and food_mentions(text, menu)
    if evaluative and counted and not evaluative_strength(_EMOJI.sub(" ", text)):
        evaluative = 0.0  # "شاورما دجاج ثنتين 😋": a dish counted with a face of wanting it, no review
    if _is_escalation(toks, evaluative):
        return IntentResult("escalation", 0.9)
    if _late_as_habit(toks):
        return IntentResult("feedback", 0.7)
    if _greeting_hoping_you_are_well(toks, text):
        return IntentResult("greeting", 0.85)  # "salam, hope you're all good": no verdict
    if (
        _cancels_to_correct(toks)
        or _cancels_an_add_on_or_for_a_refund(toks)
        or _cancels_a_dish_keeping_the_rest(toks)
        or _holds_the_order_a_while(toks)
    ):
        return IntentResult("support", 0.75, "general")
    if _changes_the_address(toks) and _is_question(toks, text) and not food_mentions(text, menu):
        # asked whether it can be done ("ينفع أغير العنوان …؟"); told ("ابي اغير العنوان للطلب") it is
        # about that order
        return IntentResult("support", 0.7, "general")
    if (
        _is_status(toks, text)
        or _courier_at_the_door(toks)
        or _confirmation_not_come(toks)
        or _takes_off_the_order(toks)
        or _halts_the_order(toks)
        or _sends_the_courier(toks)
    ):
        return IntentResult("order_status", 0.88)
    if _adds_some_after_asking(toks) and food_mentions(text, menu):
        return IntentResult("order", 0.75)

    rating = parse_rating(text)
    explicit_rating = rating is not None and not (len(toks) == 1 and toks[0].isdigit())
    feedback = evaluative + (2.0 if explicit_rating else 0.0)
    feedback_words = set(_FEEDBACK_WORDS.labels(_without_a_condition_is(toks, _menu_words(tuple(menu)))))
    feedback += 1.0 if "feedback" in feedback_words else 0.0
    order_labels = set(_ORDER.labels(toks))
    foods = food_mentions(text, menu)
    topic = _support_topic(toks)
    question = _is_question(toks, text)
    if topic is None and question and _asks_what_you_have(toks):
        topic = "menu"

    if topic is None and _asks_yes_no(toks, text) and not explicit_rating and not feedback_words:
        topic = "menu" if foods else None  # "is the kunafa fresh daily?", "هل الاكل حلال؟"
        if topic and not _asks_then_a_fallback(toks, menu, text):
            return IntentResult("support", 0.7, topic)
    thanked = not question and _THANKS.matches(toks)
    if thanked and not foods and _thanks_for_an_arrival(toks):
        return IntentResult("thanks", 0.8)  # "يعطيكم العافية، وصل كل شي تمام": no review
    if thanked and _hands_blessed_first(text) and analyze_sentiment(text).sentiment != "negative":
        return IntentResult("thanks", 0.75)  # "يسلمو إيديكن عالأكل، كان طيب كتير": thanks first
    if thanked and not foods and evaluative < 3.0 and _thanks_then_how_it_came(toks, text):
        return IntentResult("thanks", 0.75)  # "يسلمو كتير، الأكل وصل سخن وطيب": thanks first
    if thanked and not foods and _about_our_messages(toks):
        # "the offers you sent were great, thanks": praise of what we sent, not of a visit
        return IntentResult("thanks", 0.8)
    # "ليش الاسعار غالية؟": a why-question with a judgement is a complaint, not a question
    complaint = bool(toks) and toks[0] in _WHY and analyze_sentiment(text).sentiment == "negative"
    if feedback >= 1.0 and not complaint and _asks_for_a_dish(text, menu):
        return IntentResult("order", 0.8)
    if feedback >= 1.0 and (complaint or not (topic and question and evaluative < 1.5)):
        return IntentResult("feedback", min(0.95, 0.6 + feedback / 10))
    # "ودي اشوف المنيو قبل اطلب": an order verb with no dish, next to a question topic, asks
    # (but "ابغى اطلب توصيل" orders: delivery is part of an order).
    ordering_nothing = not foods and topic not in (None, "general")
    if ("strong" in order_labels and not ordering_nothing) or ("want" in order_labels and foods):
        return IntentResult("order", 0.9 if foods else 0.8)
    if foods and topic == "general" and not question and _TAKEAWAY.matches(toks):
        return IntentResult("order", 0.75)  # "2 margherita, delivery please": how it reaches them
    if foods and _TAKEAWAY.matches(toks) and _counted_food(text, toks, menu):
        # "can I pick up two lamb chops at 8?": a count of a dish and how it reaches them is
        # an order, asked politely, not a question about pickup
        return IntentResult("order", 0.75)
    if topic == "general" and thanked:
        return IntentResult("thanks", 0.75)  # "شكرا على العرض، وصلني", "thanks for the delivery"
    if _stop_doing(toks):  # "بطلوا تتأخروا في التوصيل": a habit complained of
        return IntentResult("feedback", 0.6)
    if foods and not question and any(t in _YOU_FORGET for t in toks):
        return IntentResult("feedback", 0.6)  # "كل مرة تنسون الصوص": a dish left out, complained of
    if foods and topic in ("menu", "general") and not question and _counted_food(text, toks, menu):
        # "… and 2 licorice drinks cold pls", "… one haneeth for the table": a count of a dish
        # asked for, not a question about the drinks or the table
        return IntentResult("order", 0.7)
    if foods and question and (_orders_then_asks(toks, menu) or _orders_then_asks_last(text, menu)):
        return IntentResult("order", 0.7)  # "2 tamees and a tea, and do you have masoub?"
    if foods and question and _asks_then_a_fallback(toks, menu, text):
        return IntentResult("order", 0.7)  # "do you have sisig? if not then a halo halo"
    if topic == "prices" and not question and "past" in feedback_words and evaluative >= 0.5:
        # "the portions were not big enough for the price": a past verdict on what the money
        # bought, not a question about prices
        return IntentResult("feedback", 0.6)
    if topic:
        return IntentResult("support", 0.85 if question else 0.75, topic)
    if feedback >= 0.4 and ("past" in feedback_words or analyze_sentiment(text).categories):
        return IntentResult("feedback", 0.6)
    if foods and _GREETING.matches(toks) and not food_mentions(_HOUSE_HAILED.sub(" ", text), menu):
        return IntentResult("greeting", 0.8)  # "مساء الورد يا أهل المقلوبة": the house hailed by its dish
    if foods:
        if question and foods >= 3 and _counted_food(text, toks, menu):
            # "gurasa with dama stew, one zalabia and a jebena coffee, and maybe some injera?": three
            # dishes listed, one counted: an order with a last wish asked, not a menu question
            return IntentResult("order", 0.6)
        if question:
            return IntentResult("support", 0.6, "menu")
        if feedback_words & {"past", "past_order"} and not _ordered_again(toks):
            return IntentResult("feedback", 0.55)  # "الحمص كان حامض": described, not asked for
        return IntentResult("order", 0.7)
    if _THANKS.matches(toks) and not _greeting_with_well_wishing(toks):
        return IntentResult("thanks", 0.9)
    if _GREETING.matches(toks):
        if _asks_after_greeting(toks, text):
            return IntentResult("support", 0.6, "general")  # "مرحبا، في عندكن مكان للعيلة؟"
        return IntentResult("greeting", 0.9)
    short = _fuzzy_short_form(norm)
    if short is not None:
        intent, short_topic = short
        return IntentResult(intent, 0.6, short_topic)
    if evaluative >= 0.4 and not (len(toks) == 1 and toks[0] in _CONFIRM):
        # A judgement and nothing else ("يعني مقبول", "nothing special tbh").
        return IntentResult("feedback", 0.55)
    return IntentResult("other", 0.5)


def is_question(text: str) -> bool:
    """A question mark, a question word first ("هل", "وش", "do you"), or a way of asking."""
    return _is_question(normalize(text).split(), text)
