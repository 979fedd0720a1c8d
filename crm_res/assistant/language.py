"""Guess the customer's language and Arabic dialect from one message (so replies can match it)."""

from __future__ import annotations

import re
from typing import Literal, cast

from crm_res.assistant.normalize import PhraseMatcher, normalize

Language = Literal["ar-SA", "ar-EG", "ar-LV", "en"]

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[a-z]")

# Dialect markers, written as customers type them (normalised at import). Words shared by
# several dialects are left out or given to the one where they are most telling.
_MARKERS: dict[str, str] = {
    "ar-EG": (
        "عايز|عاوز|عايزه|عاوزه|عايزين|ازاي|ازيك|ازيكم|ازيكو|فين|امتى|دلوقتي|دلوقت|اوي|كده|كدا|"
        "بتاع|بتاعي|بتاعتي|خالص|بجد|بقالي|بقاله|بقالنا|مستني|حاجه|كويس|كويسه|جامد|جامده|وحش|"
        "وحشه|طعميه|فراخ|بكام|كام|الطيار|علشان|اتاكد|حاجات|متشكر|متشكرين|ليه|مين|معايا|عندكو|"
        "ايدكم|تبعتولي|بتوصلوا|بتفتحوا|بتقفلوا|اكتر|محدش|مفيش|مافيش|اتأخر|اتاخر|اتشحن|جه|"
        "بطال|ايه|اعمل اوردر|لسه|نيه|سخن|زفت|بالظبط|بني ادم|القاهره|مدينه نصر|"
        "اسكندريه|الاسكندريه|المعادي|الزمالك|التجمع|الفل|ليكم|النهارده|مجاش|gamda|gamed|"
        "3ayez|3awez|3ayza|ayez|feen|fein|ezay|izay|awi|awy|dlw2ty|delwa2ty|kwayes|7aga|mesh|"
        "mish|msh|mafish|batal|gama3a|fera5|ba2a|leh|3ashan"
    ),
    "ar-LV": (
        "بدي|بدك|بدنا|بدها|شو|قديش|اديش|هلق|هلا ق|هيك|كتير|منيح|منيحه|حدا|تبعي|تبعك|تبعنا|"
        "صرلي|صرلنا|ناطر|ناطرين|بيجنن|يسلمو|يسلموا|ايديكن|عندكن|محلكن|بالزبط|لوين|رح|هيدا|هيدي|"
        "هاد|هاي|كرمال|مرحبتين|ميرسي|تنين|بياخد|طيبه|زاكيه|عمان|ايمتى|بتسكروا|كيفكن|"
        "بيروت|دمشق|الشام|حلب|تبعكن|تبعكم|تبعو|يعطيكن|اهلين|يلي|لعنا|"
        "bdi|biddi|shu|shou|kteer|ktir|hala2|mne7|ad2esh|adesh|taybe|ya3tik"
    ),
    "ar-SA": (
        "ابي|ابغى|ابغا|ودي|وش|ايش|زين|مو|مب|الحين|حقي|وايد|عطني|للحين|حيل|شلون|وشلون|ياخي|"
        "زاكي|رهيب|رهيبه|مره|ابشر|يعطيك|تسكرون|تفتحون|توصلون|ترسلون|الخبر|جده|الرياض|شاهي|"
        "مندوب|المندوب|مضبوط|هلا|ثنتين|حق|حقت|حقكم|حقي|abi|abgha|abga|wesh|wsh|zain|zein|mara|ro3b|wenkom"
    ),
}
_MATCHER = PhraseMatcher(
    (phrase, dialect) for dialect, words in _MARKERS.items() for phrase in words.split("|")
)
# Latin words that only appear in Arabizi (Arabic typed in Latin letters).
_ARABIZI_WORDS = frozenset(
    normalize(w)
    for w in (
        "ana enta inta enti el al w wa ya yalla wallah walla salam marhaba ahlan hala shukran "
        "shokran mashkoor inshallah habibi akl akalem mowazaf talabi talab wen wein fe fi mafi "
        "kan kanet bas bs mo mesh mish abi abgha bdi shu kteer awi feen 3ayez batates "
        "la7m fera5 mandi kabsa taybe zain 7elw 7elwa helw bared la laa howa hiya eh ad ghayer ghayerha "
        "khalli khalliha 5alli 5alliha 5aleeha tayeb tamam aywa akeed akked na3am estlam tawseel towseel "
        "far3 mn min ma3 3ala 3leha 3adi bdoun bdun moya maya shay batata dajaj lahm lahem kaman thani "
        "awal 7ay share3 sa3a nos mandoob za3lan jed ha5odha ha5od bta3 3ndkom 3andkom akid akked akkid"
    ).split()
)


# Dish names English speakers write as they are: alone they do not make a message Arabizi.
_ARABIZI_DISHES = frozenset(normalize(w) for w in "mandi kabsa batates la7m fera5 akl".split())
# English words that outweigh an Arabic dish name in Latin letters ("2 chicken kabsa please").
_ENGLISH_WORDS = frozenset(
    (
        "i want would like please pls and with without the a an of for to me my can could get have "
        "give some one two three no extra large small medium chicken beef meat lamb fish rice fries "
        "drink cold hot order delivery pickup thanks thank you hi hello is are do does what how much"
    ).split()
)


def _is_arabizi(tokens: list[str]) -> bool:
    latin = [t for t in tokens if _LATIN_LETTER.search(t)]
    if not latin:
        return False
    digits_as_letters = sum(1 for t in latin if _ARABIC_LETTER.search(t))
    lexicon = sum(1 for t in latin if t in _ARABIZI_WORDS)
    dishes_only = all(t in _ARABIZI_DISHES for t in latin if t in _ARABIZI_WORDS)
    if dishes_only and any(t in _ENGLISH_WORDS for t in latin):  # "2 chicken kabsa": English
        return digits_as_letters >= 1
    return digits_as_letters >= 1 or lexicon >= 2 or lexicon / len(latin) >= 0.3


def detect_language(text: str) -> Language:
    """'en' for English, else the Arabic dialect: ar-EG, ar-LV, or ar-SA (the default)."""
    tokens = normalize(text).split()
    arabic = sum(1 for t in tokens if _ARABIC_LETTER.search(t) and not _LATIN_LETTER.search(t))
    latin = sum(1 for t in tokens if _LATIN_LETTER.search(t))
    if latin > arabic and not _is_arabizi(tokens):
        return "en"
    if not arabic and not latin:
        return "ar-SA"
    votes: dict[str, float] = {"ar-EG": 0.0, "ar-LV": 0.0, "ar-SA": 0.0}
    for dialect in _MATCHER.labels(tokens):
        # Saudi is the default, so its markers only need to outweigh nothing.
        votes[dialect] += 0.75 if dialect == "ar-SA" else 1.0
    best = max(votes, key=lambda d: (votes[d], d == "ar-SA"))
    return cast(Language, best) if votes[best] else "ar-SA"  # one of the three keys above
