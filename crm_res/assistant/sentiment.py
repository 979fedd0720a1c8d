"""Lexicon sentiment for restaurant feedback in Saudi, Egyptian, Levantine Arabic and English.

Handles negation ("مو زين", "ما عجبني", "not good", "مش بطال"), explicit star ratings, and
mixed reviews: after a contrast word (بس / لكن / but) the later clause decides, and a review
that praises one thing and criticises another is never called positive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_res.assistant.normalize import PhraseMatcher, normalize, squeeze, token_forms
from crm_res.assistant.order_parser import FOOD_WORDS
from crm_res.assistant.ratings import parse_rating
from crm_res.vocabulary import FEEDBACK_CATEGORIES, Sentiment

# The categories the rules detect (the rest of FEEDBACK_CATEGORIES come from the LLM or staff).
CATEGORIES = tuple(c for c in FEEDBACK_CATEGORIES if c != "ambience")


@dataclass(frozen=True)
class SentimentResult:
    """Polarity, a score in [-1, 1], and the aspects of the visit the message talks about."""

    sentiment: Sentiment
    score: float
    categories: list[str] = field(default_factory=list)


#: Ways of saying thank you; the intent classifier reads them from here too.
THANKS_PHRASES = (
    "شكرا|مشكور|مشكورين|مشكوره|يعطيك العافيه|يعطيكم العافيه|الله يعطيك العافيه|"
    "جزاك الله خير|جزاكم الله خير|ما قصرت|ما قصرتوا|ماقصرتوا|ماقصرت|تسلم|تسلمون|تسلمي|"
    "الله يسعدك|الله يسعدكم|متشكر|متشكرين|ميرسي|يسلمو|يسلموا|تسلموا|تسلمو|الله يجزاكم خير|"
    "الله يجزاك خير|يجزاك الله خير|الله يجزيك خير|جزاكم الله|ثانكس|ثانكيو|thank|thanks|thx|"
    "ty|tnx|tysm|شكر|الف شكر|الله يعافيك|الله يعافيكم|يعافيك|كل الشكر|thank u|thank you|thanku|"
    "cheers|appreciate it|appreciated|shukran|shokran|"
    "merci|🙏|كثر الله خيركم|كثر الله خيرك|كثر خيركم|الله يخليك|الله يخليكم|يسلمو ايديكم|"
    "تسلم يداك|ممنون|ممنونين|many thanks|thanks a million|much appreciated|thank youu|"
    "tyvm|thanks a bunch|mashkoor|mashkoorin|ya3tik el 3afye|يعطيك الف عافيه|"
    "يعطيكم الف عافيه|الله يعطيكم الف عافيه|الله يعطيك الف عافيه|يعطيكن العافيه|"
    "الله يعطيكن العافيه|يعطيكو العافيه|يعطيكون العافيه|ya3tikon el 3afye|ya3tikom el 3afye|"
    # Levantine "may (your hands) be safe" in Arabizi ("tislamo ya shabab", "yislamo idekon")
    "tislamo|tislamu|teslamo|teslamu|yislamo|yislamu|yeslamo|tislam|teslam"
)

_POLITE_VERBS = "اسال استفسر اعرف اطلب احجز اقول اشكر اسجل اشترك ابلغ اكلم اتاكد اشوف ازور اجرب اقترح"
# "حبيت أسأل", "حابب أعرف", "would love to know": a polite request, not praise.
_WOULD_LIKE_TO = "|".join(
    [
        f"{lead} {verb}"
        for lead in ("حبيت", "حابب", "حاب", "حابه", "حبيت ان", "حابب ان")
        for verb in _POLITE_VERBS.split()
    ]
    + [
        "would love",
        "id love",
        "i would love",
        "would love to",
        "id love to",
        "love to know",
        "would like to",
        "id like to",
        "like to know",
        "like to ask",
    ]
)

#: Insults, fraud accusations, threats to complain, profanity: strongly negative, and on their
#: own enough to hand the conversation to a person (see `is_strong_anger`).
_ANGER_PHRASES = (
    "حراميه|حرامية|حرامي|نصابين|نصاب|نصب|سرقتوني|سارقين|لصوص|حقير|حقيرين|تافهين|"
    "كلاب|يا كلب|حيوانات|يا حيوان|وسخين|اوساخ|قليلين ادب|قليلين الادب|قلة ادب|"
    "يلعن|لعنه|الله ياخذكم|الله لا يوفقكم|حسبي الله عليكم|حسبي الله|"
    "بشتكي عليكم|بشتكيكم|راح اشتكي|بقدم شكوى|بلاغ|وزاره التجاره|حماية المستهلك|"
    "scam|scammers|fraud|thieves|idiots|idiot|stupid|pathetic|disgusting|ridiculous|"
    "wtf|shit|fuck|fucking|crap|bullshit|worst ever|never again|i will report|"
    "sue you|consumer protection|🤬|😡"
)

# (phrases separated by "|", signed weight, category or "", courtesy?). Courtesy phrases
# (thanks, emoji) colour a message only when it says nothing evaluative.
_LEXICON: list[tuple[str, float, str, bool]] = [
    # ---- set phrases that look evaluative but are not
    (
        "good morning|good evening|good afternoon|good night|صباح الخير|مساء الخير|how late|"
        "open late|يا غالي|يالغالي|يا غاليه|يا الغالي|quick reply|fast reply|quick response|"
        "fast response|الرد السريع|سرعه الرد|سرعه التجاوب|بالغالين|الغالين|يا غالين|بالغالي|"
        "الغالي|حياك الله|حياكم الله|الله يحييك|طيب الله اوقاتكم|الله يطيب اوقاتكم|quick help|"
        "fast help|for the help|for your help|for helping|على المساعده|ع المساعده|عالمساعده|"
        "على التعاون|على سرعه الرد|for the quick|for the fast|quick question|سؤال سريع|"
        # "بدون مبالغة" intensifies; "wrong number" misdirects; "حبيت اسأل" is "I'd like to ask"
        "بدون مبالغه|بلا مبالغه|مو مبالغه|مش مبالغه|without exaggeration|no exaggeration|"
        "wrong number|wrong chat|wrong person|by mistake|بالغلط|رقم غلط|الرقم غلط|"
        # "one more just like it": "like it" comparing a dish with the one before is no verdict
        "just like it|exactly like it|more like it|one like it|ones like it|just like that|"
        # asking for a recommendation names no judgement: "وش افضل شي عندكم؟"
        "وش افضل|ايش افضل|شو افضل|وش احسن|ايش احسن|شو احسن|ايه احسن|ايه افضل|ايهم احسن|"
        "ايهم افضل|whats the best|what is the best|whats good|what is good|do you recommend|"
        "you recommend|would you recommend|what do you recommend|تنصحوني|تنصحني|تنصحونا|"
        "best seller|الاكثر طلب|" + _WOULD_LIKE_TO,
        0.0,
        "",
        True,
    ),
    # ---- positive, food
    (
        "لذيذ|لذيذه|لذيذين|زاكي|زاكيه|طيب|طيبه|طعمه حلو|طازج|طازجه|طازه|فريش|مضبوط|مضبوطه|"
        "delicious|delicous|tasty|yummy|fresh|flavorful|juicy|taybe|tayeb|tayyib|zaki|"
        "يفتح النفس|تفتح النفس|generous|مشبع|الكميه كبيره|الكميه ممتازه|طري|طريه|مستوي|"
        "مستويه|مقرمش|مقرمشه|crispy|crunchy|سخن|سخنه|يشبع|بيشبع|ذايب|ذايبه|بهالحلاوه|"
        "بالحلاوه دي|tender|well cooked|hot and fresh|طعمه تحفه|juicy",
        1.0,
        "food",
        False,
    ),
    (
        "ولا غلطه|ولا اروع|ولا اطيب|ولا احلى|خرافي|خرافيه|رهيب|رهيبه|يجنن|بيجنن|تجنن|بتجنن|"
        "يهبل|بيهبل|ياخذ العقل|بياخد العقل|رعب|فنان|خيال|جامد|جامده|تحفه|اسطوري|"
        # "الكبسة عندكم رقم واحد": the best there is
        # (said of the dish or the place: "وجبة رقم ١" is a menu number)
        "عندكم رقم واحد|عندكم رقم ١|عندكم رقم 1|انتم رقم واحد|انتو رقم واحد|is number one|are number one|"
        "you're number one|youre number one|"
        "ro3b|insane|fire|10 10|incredible|ما في اطيب|مافي اطيب|ما في احلى|مافي احلى|"
        "ما فيه احلى|مافيه احلى|ما في احسن|مافي احسن|لا يعلى عليه|لا يعلى عليها|ما يعلى عليه|"
        "ما يعلى عليها|مايعلى عليه|مايعلى عليها|never tasted better|never had better|never had a better|"
        "ما ذقت احسن|ما ذقت اطيب|ما اكلت احلى|عمري ما اكلت احلى|قمه|top notch|on point|زي الفل|زي العسل|تمام التمام|وحشتني|وحشني|وحشتونا|"
        "اشتقت لاكلكم|missed your food|miss your food|كل شي تمام|كلشي تمام|كله تمام|all good|"
        "everything was good|everything was great|everything was perfect|gamda|خطير|خطيره|تهبل|"
        "فظيع|فظيعه|بيطير العقل|to die for|top|phenomenal|mind blowing|out of this world|فوق الخيال",
        2.0,
        "food",
        False,
    ),
    ("وصل حار|وصل سخن|وصلنا حار|جه سخن|arrived hot", 1.0, "delivery", False),
    # ---- positive, general
    (
        "حلو|حلوه|حلوين|جميل|جميله|زين|زينه|كويس|كويسه|منيح|منيحه|عجبني|عجبنا|عجبتني|"
        "حبيت|حبيته|حبيتها|احلى|اطيب|افضل|good|nice|great|love|loved|lovely|like it|liked|enjoyed|"
        "7elw|7elwa|7lw|helw|helwa|zain|zein|zeen|kwayes|kwayyes|mne7|momtaz|mumtaz|"
        "gamed|momayaz|momayaza|مميز|مميزه|مريح|مريحه|comfortable|لطيف|لطيفه|حلوين كتير|"
        "عاجبني|عجبتنا|عجبوني|حبيناه|enjoy|satisfied|pleased|happy|impressed|tasty af|gd",
        1.0,
        "",
        False,
    ),
    (
        "ممتاز|ممتازه|رائع|رائعه|روعه|عظيم|عظمه|فخم|فخامه|excellent|amazing|awesome|perfect|"
        "fantastic|wonderful|outstanding|best|superb|احسن|احسن شي|افضل شي|ما شاء الله|"
        "ماشاءالله|ماشالله|مشاءالله|تباركالله|الله يبارك لكم|الله يبارك فيكم|برافو|bravo|"
        "كفو|عاش|راقي|رايق|حلوا المشكله|value for money|well done|"
        "تبارك الله|استمروا|يستاهلون|يستاهل|انصح|انصح فيه|انصح فيكم|recommend|recommended|"
        "will order again|will come back|order again|come back|رح نرجع|راح نرجع|بنرجع|"
        "تسلم ايدك|تسلم ايدكم|تسلم ايدينكم|تسلم يدك|يسلمو ايديكن|يسلمو ايديكم|تسلم الايادي|"
        "احسنتم|احسنتوا|👏|فوق الوصف|فوق الممتاز|مبدعين|ابدعتوا|ابدعتم|ابداع|اسطوره|"
        "beyond expectations|exceeded|blown away|highly recommend",
        1.5,
        "",
        False,
    ),
    ("محترم|محترمين|محترمه|بشوش|بشوشين|خلوق|ذوق|friendly|polite|helpful|kind", 1.0, "staff", False),
    ("نظيف|نظيفه|نضيف|نضيفه|مرتب|مرتبه|clean|tidy|hygienic", 1.0, "cleanliness", False),
    (
        "سريع|سريعه|بسرعه|بوقته|في الوقت|على الوقت|fast|quick|quickly|on time|saree3|sari3",
        1.0,
        "speed",
        False,
    ),
    ("معقول|معقوله|مناسب|مناسبه|رخيص|رخيصه|cheap|affordable|worth|reasonable", 1.0, "price", False),
    # ---- courtesy (positive, but not evaluative)
    (THANKS_PHRASES, 1.0, "", True),
    ("❤|👍|👌|🌹|😊|🥰", 1.0, "", True),
    ("😍|🤩|😋|🤤|🔥|💯", 1.0, "food", False),
    # ---- negative, food
    (
        "بارد|بارده|معجن|معجنه|ناشف|ناشفه|مالح|مالحه|محروق|محروقه|نيء|نيه|نية|نيئ|"
        "خايس|خايسه|بايت|بايته|دسم|cold|soggy|raw|bland|stale|burnt|burned|overcooked|"
        "undercooked|salty|greasy|tasteless|dry|bared|bard|شعره|شعر|حشره|صرصور|صراصير|"
        # burning hot ("بقى حراق اوي"), and Arabizi salty ("kan male7 ktir")
        "حراق|حراقه|حارق|حارقه|7arra2|male7|male7a|mele7|maleh|malee7|"
        "ساقع|ساقعه|sa23a|sa2e3|بايخ|بايخه|ماله طعم|مالها طعم|بدون طعم|no taste|حامض|حامضه|"
        "فاسد|فاسده|بايظ|بايظه|قاسي|قاسيه|ناشفين|تقيل|مافيه طعم|ما فيه طعم|مافيها طعم|"
        "ما فيها طعم|ني من جوا|ني من جوه|ني من الداخل|كان ني|لسه ني|غريب|غريبه|طعم غريب|طعمه غريب|weird|strange|كان ملح|كانت ملح|كله ملح|"
        "مليان ملح|ملح زياده|ملح كتير|ملح كثير|ملح ع الاخر|ملح على الاخر|مكانش فيه طعم|ماكان فيه طعم|ما كان فيه طعم|مفيهوش طعم|مفيش طعم|ملوش طعم|مالوش طعم|فيه طعم غريب|sour|spoiled|rotten|"
        "tough|chewy|rubbery|cardboard|plastic|كرتون|بلاستيك|مشبع زيت|مشبعه زيت|مشبعه بالزيت|"
        "مليان زيت|مليانه زيت|كله زيت|غرقان زيت|غرقانه زيت|full of oil|ذبلان|ذبلانه|ذابل|ذابله|"
        "wilted|تغير الطعم|الطعم تغير|طعمه تغير|طعمها تغير|taste changed|recipe changed|undercooked|inedible|flavourless|flavorless|mushy|oily|bared",
        -1.0,
        "food",
        False,
    ),
    # ---- negative, general
    (
        "سيء|سيئ|سيئه|سيئين|زفت|مقرف|مقرفه|وحش|وحشه|خربان|خربانه|خايب|خايبه|بطال|بطاله|"
        "اسوا|اسوء|bad|terrible|awful|horrible|worst|disgusting|gross|disappointed|"
        "disappointing|unacceptable|never again|zeft|batal|wa7esh|we7esh|sayye2|غلط|wrong|"
        "خربتوا|خربتو|ما انصح|لا انصح|ما راح اطلب|ماراح اطلب|مو مثل اول|ماهو زي اول|"
        "مو زي اول|مش زي الاول|تغير للاسوا|ممكن يكون احسن|توقعت احسن|كان ممكن احسن|"
        "could be better|expected better|expected more|يبغى له|يبي له|يبيله|يبغاله|يحتاج له|"
        "needs more|ريحه الزيت|ريحه كريهه|smell|smelly|stinks|اصغر من قبل|صغرت|smaller|"
        "took ages|took forever|توقعت اكثر|توقعت افضل|مو زي قبل|"
        "مش زي قبل|مو مثل قبل|ما صار زي قبل|crash|crashing|crashes|broken|مو شغال|ما يشتغل|"
        "للاسف|مخيب|حرام عليكم|يبي له شغل|يبيله شغل|"
        "يحتاج شغل|يحتاج تحسين|يبي له تحسين|needs work|needs improvement|اسعار نار|"
        "الاسعار نار|اسعاركم نار|😡|🤢|🤮|👎|😠|😤|💔|😞|😒|😔|😑|🙄|😩|😫|"
        "ماكان زي اول|ما كان زي اول|مش زي اول|مب زي اول|ماهو مثل اول|مو زي زمان|مش زي زمان|"
        "مو مثل زمان|نزل مستواكم|المستوى نزل|مستواكم نزل|not like before|not what it used to be|"
        "not as good as before|went downhill|gone downhill|مش هطلب|مش حطلب|مش هاطلب|مش هرجع|"
        "مش راجع|اقل من المتوقع|دون المستوى|less than expected|below expectations|below average|"
        "ما تكفي|ماتكفي|not enough|مو كافي|مش كفايه|مش زي الصور|مش زي الصوره|"
        # the amount was not enough, told afterwards ("الكمية ما كانت بتكفي لاربعة", "ما كفتنا")
        "ما كانت تكفي|ما كانت بتكفي|ماكانت تكفي|ماكانت بتكفي|ما كان يكفي|ما كان بيكفي|ما كانت كافيه|"
        "ماكانت كافيه|ما كان كافي|ماكان كافي|ما كفت|ماكفت|ما كفتنا|ماكفتنا|ما كفانا|ماكفانا|مو كافيه|مش كافيه|"
        "مو زي الصوره|مو زي الصور|مو مثل الصوره|not like the picture|not as pictured|"
        "ما راح ارجع|ماراح ارجع|ما عاد اطلب|ماعاد اطلب|ما عاد ارجع|ماعاد ارجع|"
        "عمري ما اطلب|مستحيل اطلب|مستحيل ارجع|اخر مره اطلب|تحت الصفر|below zero|zero stars|مو راجع|لن اطلب|لن اعود|لن ارجع|wont order again|"
        "wont be ordering|wont come back|not coming back|never ordering|waste of money|"
        "waste of time|complete waste|مضيعه|خساره فلوس|خساره|فلوسي راحت|"
        "small portions|portions are small|portion was small|tiny portions|"
        "et2akhar|it2akhar|t2akhar|met2akher|mt2a5er|et2a5ar|وحش|وحشين|معفن|معفنه|"
        "terible|teribble|horible|disgustin|awfull|hoorible|worse|poor|mediocre|useless|"
        "مو نافع|ما ينفع|فاشل|فاشلين|مكبوب|مكبوبه|منكب|مقطع|ممزق|spilled|spilt|"
        "leaking|damaged|crushed|got the wrong|sent the wrong|gave me the wrong|wrong item|"
        "instead of|food poisoning|poisoning|تسمم|تسممت|سممتونا|got sick|made me sick|"
        "stomach ache|مغص|مرتفع|مرتفعه|الاسعار عاليه|السعر عالي|اسعاركم عاليه|prices are high|"
        "price is high|too high|bit pricey|زعلان|زعلانه|زعلانين|متضايق|متضايقه|منزعج|زهقت|طفشت|"
        "upset|angry|frustrated|annoyed|furious|fed up|didnt like|did not like|dont like|"
        "do not like|didnt enjoy|didnt love|ما وصلني|ماوصلني|ما جاني|ماجاني|ما وصلنا",
        -1.5,
        "",
        False,
    ),
    (
        "ناقص|ناقصه|na2es|na2is|na2sa|naa2es|naqes|missing|forgot|نسيتوا|نسيتو|نسيتم|نسيتوا|ما جبتوا|ماجبتوا|wrong order|"
        "طلب غلط|الطلب غلط|غلطتوا|غلطو|غلطوا|ركزوا|ركزو|ركزوا شوي|انتبهوا شوي|pay attention|"
        "ما فهمني|مافهمني|ما فهمتني|ما يفهم|مايفهم|مش فاهم|مش فاهمني|مو فاهم|مو فاهمني|"
        "doesnt understand|didnt understand|dont understand me|not helpful|"
        "been waiting|ive been waiting|weve been waiting|been over an hour|nothing came|never came|"
        "didnt come|lesa ma|lessa ma|ma weselsh|mawselsh|ma wesel|ma wasal",
        -1.0,
        "service",
        False,
    ),
    (
        "قليل ذوق|قليلين ذوق|ما عنده ذوق|rude|impolite|يصارخ|صرخ|صارخ|يزعق|ما حدا رد|"
        "ما احد رد|محد رد|ما رد|ما ردوا|ignored",
        -1.5,
        "staff",
        False,
    ),
    ("وسخ|وسخه|وسخين|مو نظيف|dirty|filthy|unhygienic", -1.5, "cleanliness", False),
    (
        "بطيء|بطيئ|بطيئه|بطيه|بطيئين|تاخر|تاخرت|تاخرتوا|تاخير|اتاخر|اتاخرت|متاخر|متاخره|"
        "انتظرت|استنيت|نطرت|slow|late|delayed|waited|forever|ba6ee2|صار له ساعه|صارله ساعه|"
        "صارلي ساعه|صرلي ساعه|صرلنا ساعه|بقالي ساعه|بقالنا ساعه|ساعه كامله|been an hour|"
        "للحين ما|لين الحين ما|لحد الحين ما|ما طلع|sarli saعa|sar li saعa|baءali saعa|"
        "للحين ما وصل|لسه ما وصلش|ما وصل|ماوصل|ما وصلت|مجاش|ما جاش|ما جا|لسه ما|"
        "still waiting|انتظار طويل|الانتظار طويل|long wait|hasnt arrived|not arrived|"
        "didnt arrive|never arrived|never came|still not here|not here yet|صار ساعه|"
        "صارت ساعه|صار ساعتين|ساعه ونص|ساعتين|نص ساعه|صار لي ساعه|صار لنا ساعه|صار لي ساعتين|"
        "موصلش|ماوصلش|ما وصلش|موصلتش|ما جاش|لسا ما|لسه موصلش|ناطر|ناطرين|مستني|مستنيين|"
        "took too long|too long|taking forever|minutes late|mins late|hour late|"
        "an hour late|waiting for an hour|ياخذ وقت|ياخذ وقت طويل|ياخد وقت|takes long|takes ages|"
        "takes forever|ta2akhar|من ساعه|من ساعتين|من نص ساعه|still not here|طول|طولتوا|طولتو|تاخرتو|اتاخرتوا",
        -1.0,
        "speed",
        False,
    ),
    (
        "غالي|غاليه|غالين|مبالغ|expensive|overpriced|pricey|ripoff|rip off|8ali|ghali|"
        "مبالغ فيها|مبالغ فيه|too expensive|not worth|مو حرزان|ما يسوى|مايسوى|ما يستاهل السعر",
        -1.0,
        "price",
        False,
    ),
    ("زحمه|زحمة|ازعاج|صوت عالي|crowded|noisy|loud", -1.0, "", False),
    ("قليل|قليله|صغير|small portion|tiny", -0.8, "", False),
    # ---- insults and threats
    (_ANGER_PHRASES, -2.0, "", False),
    # ---- weak positive ("fine", "decent")
    (
        "fine|decent|ok ish|its ok|it is ok|it was ok|was ok|مقبول|لا باس|لا بأس|not bad|"
        "alright|all right|okayish|not too bad|ماشي حاله|ماشي الحال|مش وحش",
        0.4,
        "",
        False,
    ),
    # ---- weak negative ("average", "nothing special")
    (
        "عادي|عاديه|نص نص|average|meh|so so|nothing special|nothing to write home about|"
        "متوسط|متوسطه|mid|mediocre at best|could be worse|"
        "mafish 7aga momayaza|مافي شي مميز|"
        "ما في شي مميز|مافيش حاجه مميزه|مفيش حاجه مميزه",
        -0.4,
        "",
        False,
    ),
]
_WEIGHTS: dict[str, tuple[float, str, bool]] = {}
_PHRASES: list[tuple[str, str]] = []
for _n, (_words, _weight, _category, _courtesy) in enumerate(_LEXICON):
    for _phrase in _words.split("|"):
        _label = f"{_n}:{_phrase}"
        _WEIGHTS[_label] = (_weight, _category, _courtesy)
        _PHRASES.append((_phrase, _label))
_MATCHER = PhraseMatcher(_PHRASES)
_LEXICON_WORDS = frozenset(normalize(phrase) for phrase, _ in _PHRASES)

# ---- typo tolerance --------------------------------------------------------------------------
# Letters WhatsApp writers swap for one another ("لذيد", "لزيز" = "لذيذ"; "كتير" = "كثير").
_CONFUSABLE = str.maketrans({"ذ": "د", "ز": "د", "ظ": "ض", "ث": "ت", "ص": "س", "ط": "ت"})
# Real words one edit away from an evaluative one ("waiter" ≠ "waited", "taste" ≠ "tasty").
_NOT_TYPOS = frozenset(
    "waiter waiters tastes taste later hotel hotter orders ordered better letter litter dinner "
    "delivered delivery deliver lately lasted fastest dirtier please prices priced places placed "
    "pleasure grated create treated crated frosty tested rested listed loaded worth".split()
)


def _fuzzy_key(word: str) -> str:
    return squeeze(word.translate(_CONFUSABLE))


_FUZZY_ARABIC: dict[str, str] = {}
_FUZZY_LATIN: list[str] = []
_FUZZY_LATIN_LABEL: dict[str, str] = {}
for _phrase, _label in _PHRASES:
    _weight, _category, _courtesy = _WEIGHTS[_label]
    _norm = normalize(_phrase)
    if _courtesy or " " in _norm or abs(_weight) < 0.8 or len(_norm) < 4:
        continue
    if "\u0600" <= _norm[0] <= "\u06ff":
        _FUZZY_ARABIC.setdefault(_fuzzy_key(_norm), _label)
    elif _norm.isascii() and _norm.isalpha() and len(_norm) >= 5:
        _FUZZY_LATIN_LABEL.setdefault(_norm, _label)
_FUZZY_LATIN = list(_FUZZY_LATIN_LABEL)


@lru_cache(maxsize=8192)
def _fuzzy_label(token: str) -> str | None:
    """The lexicon entry an unmatched token misspells: swapped look-alike Arabic letters, or
    one edit (two from eight letters on) in a Latin word of six letters or more."""
    if token in _NOT_TYPOS or token in FOOD_WORDS or token_forms(token) & _NEGATORS:
        return None
    if "\u0600" <= token[0] <= "\u06ff":
        for form in sorted(token_forms(token), key=len, reverse=True):
            # plural and feminine endings too: "ممتازين" → "ممتاز", "رهيبات" → "رهيب"
            stems = [form] + [form[: -len(e)] for e in ("ين", "ات", "ه") if form.endswith(e)]
            for stem in stems:
                if len(stem) >= 4 and _fuzzy_key(stem) in _FUZZY_ARABIC:
                    return _FUZZY_ARABIC[_fuzzy_key(stem)]
        return None
    if len(token) < 6 or not token.isalpha() or not token.isascii():
        return None
    candidates = [w for w in _FUZZY_LATIN if w[0] == token[0]]
    best = process.extractOne(
        token, candidates, scorer=OSA.distance, score_cutoff=2 if len(token) >= 8 else 1
    )
    return _FUZZY_LATIN_LABEL[best[0]] if best else None


_NEGATORS = frozenset(
    normalize(w)
    for w in (
        "مو مب مش موب ماهو مهو ماهي مهي ما ماكان ماكانت مكانش ماكانش مكنش مكانتش ماكانتش مكنتش "
        "مكانوش ماكانوش مافي مافيه مافيش مفيش "
        "ليس لم لا غير مش مب not no never isnt wasnt arent werent dont didnt doesnt nothing "
        "mesh mish msh mo mu ma mafi mafish mb"
    ).split()
)
# "مش أحسن حاجة", "not the best": a negated superlative means "ordinary", not "bad".
_SUPERLATIVES = frozenset(normalize(w) for w in "احسن افضل احلى اطيب best greatest finest tastiest".split())
_CONTRAST = frozenset(
    normalize(w) for w in "بس لكن لاكن بينما الا انما but however though although yet bas".split()
)
_INTENSIFIERS = frozenset(
    normalize(w)
    for w in (
        "مره مرة جدا جداً كتير كثير اوي خالص وايد حيل بالحيل ابدا ابد very so really super too "
        "way extremely totally kteer awi geddan"
    ).split()
)
_ASPECTS: dict[str, str] = {
    normalize(w): cat
    for words, cat in (
        ("اكل الاكل اكلكم طعم الطعم وجبه food meal taste dish akl", "food"),
        ("خدمه الخدمه تعامل service", "service"),
        ("توصيل التوصيل مندوب المندوب سواق الطيار delivery driver rider", "delivery"),
        ("موظف موظفين الموظف الكاشير جرسون الجرسون ويتر staff waiter cashier", "staff"),
        ("سعر اسعار الاسعار السعر اسعاركم price prices", "price"),
        ("نظافه المكان مكان الطاولات طاوله الحمام place table", "cleanliness"),
    )
    for w in words.split()
}


#: Wanting something "so bad" / "so badly" ("I'm craving your wraps sooo bad", "I want it so bad").
_CRAVE = frozenset("want wanted wants craving crave craved craves need needed needing dying".split())
_SO = frozenset("so soo sooo really rly".split())
_WAS = frozenset("was is were are tasted tastes smelled smells looked looks felt its it's".split())


def _craved_badly(toks: list[str], start: int) -> bool:
    """ "bad(ly)" right after "so" with a want or craving verb up to six words before it: the
    English idiom for wanting a lot, not a judgement."""
    if toks[start] not in ("bad", "badly") or start == 0 or toks[start - 1] not in _SO:
        return False
    before = toks[max(0, start - 7) : start - 1]
    crave = max((k for k, t in enumerate(before) if t in _CRAVE), default=None)
    # "I wanted it but it was so bad": a verb of being or tasting after the want judges
    return crave is not None and not any(t in _WAS or t in _CONTRAST for t in before[crave:])


_ON = frozenset(normalize(w) for w in "على ع عل".split())


def _hits(toks: list[str]) -> list[tuple[int, float, str, bool]]:
    """(position, signed weight, category, courtesy) per lexicon hit, negation applied."""
    hits: list[tuple[int, float, str, bool]] = []
    # A dish word is never an evaluative one through a doubled letter ("latte" is not "late").
    spans = [
        (start, end, label)
        for start, end, label in _MATCHER.finditer(toks)
        if not (end - start == 1 and toks[start] in FOOD_WORDS and toks[start] not in _LEXICON_WORDS)
    ]
    inside = {k for start, end, _ in spans for k in range(start, end)}
    for k, tok in enumerate(toks):
        label = None if k in inside else _fuzzy_label(tok)
        if label is not None:
            spans.append((k, k + 1, label))
            inside.add(k)
    spans.sort()
    spent: set[int] = set()  # a negator flips only the first hit after it
    for start, end, label in spans:
        weight, category, courtesy = _WEIGHTS[label]
        negator = None
        for k in range(start - 1, max(-1, start - 3), -1):
            if toks[k] in _CONTRAST:
                break
            if k not in inside and k not in spent and token_forms(toks[k]) & _NEGATORS:
                negator = k
                break
        if negator is not None:
            spent.add(negator)
            phrase = label.split(":", 1)[1]
            if " " not in phrase:  # set phrases carry their own polarity
                if phrase in _SUPERLATIVES:
                    weight = -0.4
                else:
                    weight = -weight if weight > 0 else -0.7 * weight
                courtesy = False
        if start == 0 and len(toks) > 1 and toks[0] in _ACKNOWLEDGEMENTS:
            # "طيب خلاص ابي الكبسة", "ok thanks": a discourse marker, not a judgement
            if end - start == 1 and category == "food":
                continue
            courtesy = True
        if category == "speed" and weight > 0 and token_forms(toks[start]) & _HURRY and _is_request(toks):
            continue  # "هات اتنين شاي بسرعة": hurry up, not praise for speed
        if category == "speed" and weight < 0 and _time_ahead(toks, start):
            continue  # "استلام بعد نص ساعة": when to pick it up, not how long they waited
        if category == "speed" and start > 0 and toks[start] == "طول" and toks[start - 1] in _ON:
            continue  # "طرشوه على طول": right away, not "you took long"
        if weight < 0 and _craved_badly(toks, start):
            continue  # "I'm craving your wraps sooo bad": how much they want it, not a judgement
        neighbours = toks[max(0, start - 1) : end + 1]
        if any(t in _INTENSIFIERS for t in neighbours):
            weight *= 1.5
        hits.append((start, weight, category, courtesy))
    hits.extend(_long_waits(toks))
    wrong = _wrong_item(toks)
    if wrong is not None:
        hits.append((wrong, -1.0, "service", False))
    return hits


_HURRY = frozenset(normalize(w) for w in "بسرعه سريع quickly quick fast asap".split())
_REQUEST = frozenset(
    normalize(w)
    for w in (
        "هات هاتلي هاتو هاتوا عطني اعطني اعطيني عطوني جيب جيبلي جيبوا جيبولي ابي ابغى ابغا بدي "
        "بدنا عايز عاوز عايزين ودي اريد ممكن ياريت please pls plz send bring want hurry لو سمحت"
    ).split()
)
_PAST_SPEED = frozenset(
    normalize(w) for w in "كان كانت كانو كانوا وصل وصلت جا جه was were came arrived".split()
)


# "بعد نص ساعة", "in 45 minutes", "خلال ساعتين": a time ahead of now (when to pick up or
# deliver), never a wait already suffered
_AHEAD = frozenset(normalize(w) for w in "بعد خلال كمان in within after ba3d ba3ed khilal".split())


def _time_ahead(toks: list[str], start: int) -> bool:
    """A duration said after a word for "in"/"after" in a message that asks for something."""
    return start > 0 and toks[start - 1] in _AHEAD and _is_request(toks)


def _is_request(toks: list[str]) -> bool:
    """The message asks for something and reports nothing that already happened."""
    return any(t in _REQUEST for t in toks) and not any(token_forms(t) & _PAST_SPEED for t in toks)


_MINUTES = frozenset(normalize(w) for w in "min mins minute minutes دقيقه دقايق دقائق".split())


def _long_waits(toks: list[str]) -> list[tuple[int, float, str, bool]]:
    """ "90 minutes for a shawarma", "its been 50 mins": a wait of 40 minutes or more."""
    found = []
    for k in range(len(toks) - 1):
        if (
            toks[k].isdigit()
            and int(toks[k]) >= 40
            and token_forms(toks[k + 1]) & _MINUTES
            and not _time_ahead(toks, k)
        ):
            found.append((k, -1.0, "speed", False))
    return found


_ORDERED = frozenset(normalize(w) for w in "طلبت طلبنا ordered".split())
_RECEIVED = frozenset(
    normalize(w)
    for w in "جاني جالي جانا جاتني جابولي جابوا جبتولي وصلني وصلنا اجاني اجانا بعتولي ارسلتولي "
    "got received sent gave brought ejani wasalni ba3atouli".split()
)


def _wrong_item(toks: list[str]) -> int | None:
    """ "طلبت برجر دجاج وجاني لحم": a dish was ordered and another dish came; its position. Also
    "جاني شاورما لحم بدل الدجاج", "you sent me beef instead of chicken": something came in the
    place of what was asked for (a verb of receiving, then "بدل" / "instead of")."""
    for k, tok in enumerate(toks):
        if token_forms(tok) & _RECEIVED and any(t in _INSTEAD for t in toks[k + 1 : k + 7]):
            return k
    ordered = next((k for k, t in enumerate(toks) if token_forms(t) & _ORDERED), None)
    if ordered is None:
        return None
    for k in range(ordered + 2, len(toks) - 1):
        if token_forms(toks[k]) & _RECEIVED and token_forms(toks[k + 1]) & FOOD_WORDS:
            return k
    return None


_INSTEAD = frozenset(normalize(w) for w in "بدل بدال بدلا عوض مكان instead badal bdal".split())


def _categories(toks: list[str], hits: list[tuple[int, float, str, bool]]) -> list[str]:
    found = {category for _, _, category, _ in hits if category}
    if any(not courtesy for _, _, _, courtesy in hits) or found:
        for tok in toks:
            forms = token_forms(tok)
            for form in forms:
                if form in _ASPECTS:
                    found.add(_ASPECTS[form])
            if forms & FOOD_WORDS:
                found.add("food")
    return [c for c in CATEGORIES if c in found]


_WEAK = 0.6  # "average", "fine", even intensified


# Sarcasm: praise or thanks wrapped around a concrete complaint ("يا سلام على التأخير",
# "great, another cold burger", "شكرا على البرجر المحروق 👏") is a complaint.
_SARCASM = PhraseMatcher(
    (phrase, "sarcasm")
    for phrase in (
        "يا سلام|ياسلام|يا حلاوه|ياحلاوه|شكرا على|شكرا ع|مشكورين على|تشكرون على|thanks a lot|"
        "thanks for nothing|thank you so much for|wow|great|amazing service|just great|"
        "just perfect|👏|🙃|🙄|فعلا خدمه|والله انكم|احسنتم"
    ).split("|")
)


def _sarcastic(toks: list[str], hits: list[tuple[int, float, str, bool]]) -> bool:
    complaint = any(w <= -0.8 and category for _, w, category, _ in hits)
    if not complaint or not any(w > 0 for _, w, _, _ in hits):
        return False
    return bool(_SARCASM.labels(toks))


def _polarity(toks: list[str], hits: list[tuple[int, float, str, bool]]) -> float:
    if _sarcastic(toks, hits):
        return sum(w for _, w, _, _ in hits if w < 0)
    evaluative = [(pos, w) for pos, w, _, courtesy in hits if not courtesy]
    if not evaluative:
        return sum(w for _, w, _, _ in hits)
    contrast = [k for k, t in enumerate(toks) if t in _CONTRAST]
    for k in reversed(contrast):
        before = sum(w for pos, w in evaluative if pos < k)
        after = sum(w for pos, w in evaluative if pos > k)
        if before > 0 and after < 0:
            return after if after <= -0.5 else 0.0
        if before < 0 and after > 0:
            return 0.0
    if all(abs(w) <= _WEAK for _, w in evaluative):
        # "نص نص والخدمة عادية": several shrugs add up to a shrug, not to a complaint.
        return max(-0.4, min(0.4, sum(w for _, w in evaluative)))
    positive = sum(w for _, w in evaluative if w > 0)
    negative = sum(w for _, w in evaluative if w < 0)
    if positive and negative:
        return min(0.0, positive + negative)
    return positive + negative


@lru_cache(maxsize=4096)
def _analyse(normalised: str) -> tuple[list[str], list[tuple[int, float, str, bool]]]:
    toks = normalised.split()
    return toks, _hits(toks)


def evaluative_strength(text: str) -> float:
    """How much the message judges the visit: summed weight of non-courtesy lexicon hits."""
    _, hits = _analyse(normalize(text))
    return sum(abs(w) for _, w, _, courtesy in hits if not courtesy)


# A one-word reply that only acknowledges ("طيب", "زين", "👍") judges nothing.
_ACKNOWLEDGEMENTS = frozenset(
    normalize(w) for w in "طيب زين تمام ماشي اوك اوكي ok okay okey k 👍 👌 ✅ حاضر ابشر".split()
)


def analyze_sentiment(text: str) -> SentimentResult:
    """Classify a customer message as positive, neutral or negative, with aspect categories.

    An explicit star rating decides on its own (1–2 negative, 3 neutral, 4–5 positive).
    """
    toks, hits = _analyse(normalize(text))
    categories = _categories(toks, hits)
    if toks and all(t in _ACKNOWLEDGEMENTS for t in toks):  # "👍", "👍👍", "ok ok"
        return SentimentResult("neutral", 0.0, [])
    rating = parse_rating(text)
    if rating is not None and (len(toks) > 1 or not toks[0].isdigit()):
        score = (rating - 3) / 2
        label: Sentiment = "positive" if rating >= 4 else "negative" if rating <= 2 else "neutral"
        return SentimentResult(label, score, categories)
    raw = _polarity(toks, hits)
    score = max(-1.0, min(1.0, raw / 3))
    if raw >= 0.5:
        return SentimentResult("positive", score, categories)
    if raw <= -0.5:
        return SentimentResult("negative", score, categories)
    return SentimentResult("neutral", score, categories)


# Insults, fraud accusations, threats to complain and profanity: one such message is enough to
# hand the conversation to a person (plain dislike, "الخدمة زفت", needs to come twice).
_STRONG_ANGER = PhraseMatcher([(phrase, "anger") for phrase in _ANGER_PHRASES.split("|")])


def is_strong_anger(text: str) -> bool:
    """True for insults, fraud accusations, threats to complain or profanity."""
    return bool(_STRONG_ANGER.labels(normalize(text).split()))
