"""The words the order parser knows: dish synonyms (Arabic, English, dialect, Arabizi), sizes and
measures, fillers, modifiers, quantity words, and the canonical form of a word (typos included)."""

from __future__ import annotations

import re

from crm_res.assistant.normalize import normalize, number_value

# canonical word → spellings customers use for it, "|"-separated (normalised at import).
SYNONYMS: dict[str, str] = {
    "برجر": "برجر|برقر|برغر|بيرجر|بورجر|همبرجر|هامبرجر|burger|burgers|burgar|hamburger",
    # Egyptian "فرخة" is one chicken ("نص فرخة مشوية"), the singular of "فراخ"
    "دجاج": "دجاج|فراخ|فروج|دياي|جاج|تشكن|تشيكن|chicken|djaj|dajaj|fera5|frakh|jaj|djej|jej|"
    "farrouj|farouj|farruj|frouj|ferakh|feraakh|فرخه|farkha|far5a|farkhah|dyay|dyaay|diyay|deyay",
    "لحم": "لحم|لحمه|غنم|beef|meat|lamb|la7m|lahm|la7ma|la7me|la7meh|lahme|lahmeh",
    "مزدوج": "مزدوج|دبل|دابل|double|dabal|dabel|dabl|dobl|dbl",
    "شاورما": "شاورما|شاورمه|شورما|شاورمة|شوارما|shawarma|shawerma|shwarma|shawarmas|shawirma",
    "كبسه": "كبسه|كبسة|kabsa|kabsah|kabseh",
    "مندي": "مندي|مندى|mandi|mandy",
    "فلافل": "فلافل|طعميه|طعمية|falafel|felafel|falafil|ta3meya|taameya",
    "بطاطس": "بطاطس|بطاطا|batates|batata|potato|potatoes",
    # fried potatoes by name: a kind of potato dish, so a menu's only potato dish made another
    # way ("بطاطا حرة") is not them; a menu that writes "بطاطس" for its fries still fits
    "فرايز": "فرايز|fries|french fries|chips|بطاطس مقليه|بطاطا مقليه|frites|بطاطس محمره|بطاطا محمره",
    "حمص": "حمص|hummus|hommos|humus|houmous|7ommos|7ummus|hommus|همص|حومص",
    # curry as the Gulf and Levantine say and spell it ("abi kari w appam"): "كاري" of the names
    "كاري": "كاري|كارى|curry|kari|karee|kary|karri",
    "سلطه": "سلطه|سلطة|صلطه|salad|salata|salatah",
    "متبل": "متبل|moutabal|mutabal|mtabbal|moutabbal",
    "ناجتس": "ناجتس|نقتس|ناقتس|ناغتس|نجتس|nuggets|nugget|naggets",
    "بيبسي": "بيبسي|ببسي|بيبسى|pepsi|bebsi|pepsy",
    "عصير": "عصير|juice|3aseer|3aser|jus",
    "برتقال": "برتقال|orange|bortoqal|burtuqal",
    "ماء": "ماء|ماي|مويه|مية|ميه|مياه|مايه|مي|water|mayya|moya|mai|mayy|mayye|miyye|mayyeh|meyya|mayah|ma2|maa2",
    "شاي": "شاي|شاهي|tea|chai|shai|shay|چاي|چايي|تشاي",  # Iraqi and Gulf "چاي"
    "قهوه": "قهوه|قهوة|قهاوي|قهوات|كوفي|coffee|gahwa|qahwa|ahwa|2ahwa|2ahwe|2ahweh|ahwe",
    "عربيه": "عربيه|عربي|arabic|arabi",
    "كنافه": "كنافه|كنافة|كنافا|kunafa|knafeh|kunafah|kanafa|knafa",
    "ام_علي": "ام علي|om ali|umm ali|um ali|omali|oum ali|om3li|om 3li|om3ali|om 3ali|umm 3ali|omm ali|ommali",
    "اجنحه": "اجنحه|اجنحة|جناحات|جوانح|وينقز|وينجز|wings|jawaneh|ajni7a",
    "ايس_كريم": "ايس كريم|ايسكريم|بوظه|جيلاتي|ice cream|icecream|gelato",
    # one food in two words whatever the script or spelling of its "g": a menu's "Chicken Hot Dog"
    # is no spicy chicken dish beside its "Spicy Chicken Hot Dog", and "هوت دوج" finds "هوت دوق"
    "هوت_دوق": "هوت دوق|هوت دوج|هوت دوغ|هوتدوق|هوتدوج|هوتدوغ|hot dog|hotdog|hotdogs",
    # and "dog" alone ("كورن دوج" for the menu's "كورن دوق"): one word whatever the letter of its "g"
    "دوق": "دوق|دوج|دوغ",
    # one animal under each dialect's name: Gulf روبيان/ربيان, Egyptian جمبري, Levantine قريدس
    "روبيان": "روبيان|ربيان|جمبري|جمبرى|قريدس|shrimp|shrimps|prawn|prawns|rubyan|robyan|rubian|"
    "robian|gambari|gambary|gamberi|jambari|2ridis|ءridis|grides|gridis|qrides|2rides|ءrides",
    # the Moroccan teapot (Arabizi "braad atay"): no "bread"
    "براد": "براد|braad|berrad",
    "كولا": "كولا|كوكاكولا|كوكا كولا|كوكا|cola|coke|cocacola|coca cola|coca",
    "سفن_اب": "سفن اب|سفن|سفناب|7up|7 up|seven up|sevenup",
    "مثلج": "مثلج|مثلجه|ايس|iced|ice",
    # the clipped English "choc" / "choco" beside the Arabic spellings ("one small choc cake")
    "شوكولاته": "شوكولاته|شوكولاتة|شوكولا|شوكلت|شوكليت|chocolate|choc|choco|chocolat|shokolata|chocolata",
    "صوص": "صوص|صوصات|sauce|sauces|sos|saus",
    # rice under its Arabizi spellings too ("roz abyad", "la 5alli rz 3 bas"): a two-consonant word
    # no skeleton reads
    "رز": "رز|ارز|rice|roz|ruz|rouz|rz",
    # Sizes and measures: one canonical word per meaning, so "كبيرة", "كبار", "عود" (Gulf),
    # "large" and "kbeer" all fit a menu name written "كبير", and "طبق" fits "صحن".
    "خضار": "خضار|خضروات|خضراوات|veggie|veggies|vegetable|vegetables|veg|khodar|khodra|5odar",
    "باربكيو": "باربكيو|باربيكيو|بربكيو|بي بي كيو|bbq|barbecue|barbeque|barbq",
    "كبير": "كبير|كبيره|كبار|كبيرين|كبيرات|عود|عوده|large|big|kbeer|kbeera|kbir|kbira|kebir|kabeer",
    # Levantine says it with ز ("زغير", "زغيرة", "زغار")
    "صغير": "صغير|صغيره|صغار|صغيرين|صغيرات|زغير|زغيره|زغار|زغيرين|small|soghayar|soghayyar|sghir|zghir|zgheer|"
    "sagheer|soghayra|"
    # with the Gulf Arabizi 9 for ص ("shawarma la7am 9agheer 3")
    "9agheer|9gheer|9aghir|9ghir|9ogayar|9ghayar|9agheera|9ghira",
    "وسط": "وسط|medium|wasat",
    "صحن": "صحن|صحون|طبق|اطباق|plate|plates|sa7en|sa7n|sahn",
    "حار": "حار|حاره|سبايسي|سبايسى|spicy|hot|7ar|7arr|7arra|7aar|7arah",
    "نص": "نص|نصف|half|halves|nos|nus|nuss",
    "عايلي": "عايلي|عايليه|عائلي|عائليه|family|3a2eli|3a2ili|3aeli|3ayli|3a2eliya|3a2iliya|3ayleh|3a2ileh",
    "ربع": "ربع|quarter|rob3|rub3|roba3",
    # bread in either script ("خبز كردي" for the menu's "نان كردي / Kurdish Bread")
    "خبز": "خبز|bread|breads|khubz|khobz|5obz|5ubz|khebez|5ebez",
    # the rotisserie in Arabizi ("dajaj shawaya kamil"): its و and ي are consonants no skeleton keeps
    "شوايه": "شوايه|شواية|shawaya|shawaye|shawayeh|shawayah|rotisserie",
    "كيلو": "كيلو|kilo|kg|kilogram|كيلوغرام|كيلوجرام",
}


# A kind of dish → the general word a customer may use for it: "بطاطس" on a menu whose potato
# dish is its fries finds them, while "fries" never finds a potato dish made another way.
GENERAL_WORD: dict[str, str] = {"فرايز": "بطاطس"}


# Words that mean the same food in another dialect but are different foods elsewhere, so they
# cannot be one synonym: Egyptian "لبن" is milk ("رز بلبن" = "رز بحليب") while Saudi "لبن" is a
# yoghurt drink; Egyptian "عيش" is bread. Only used when the word itself is not on the menu and
# its equivalent is ("رز بلبن" on a menu that writes "رز بحليب").
DIALECT_EQUIVALENTS: dict[str, frozenset[str]] = {
    normalize(word): frozenset(normalize(o) for o in group if o != word)
    for group in (
        ("لبن", "حليب"),
        ("عيش", "خبز"),
        ("بندوره", "طماطم"),
        ("laban", "milk"),
        # the strawberry under its French name in the Levant and the Maghreb ("waffle fraise")
        ("fraise", "strawberry", "فريز", "فراوله"),
        # round 39's read parts: the Egyptian sausage, Levantine pistachio and Egyptian cold beside
        # a word of a name that writes the Gulf / menu word ("ساندوتش سجق" for "ساندويتش نقانق",
        # "دونات فستق" for "دونات بستاشيو", "لاتيه ساقع" for "لاتيه مثلج")
        ("سجق", "نقانق", "sausage"),
        ("فستق", "بستاشيو", "pistachio"),
        ("ساقع", "بارد", "مثلج"),
        # the eggplant said the Levantine way ("ma2loube batinjan", "مقلوبة بتنجان"), okra in Sudan
        # ("kisra bi mula7 el weka"), soup in Arabizi ("shorbat 3adas"), beside a word of the name
        ("batinjan", "betenjan", "bitinjan", "betinjan", "بتنجان", "باذنجان", "eggplant"),
        ("weka", "wika", "ويكه", "okra"),
        ("shorba", "shorbat", "shorbet", "shurba", "shurbat", "شوربه", "soup"),
        # the Tunisian egg in Arabizi ("brik bel 3dham"), beside a word of the name
        ("3dham", "3dhem", "3tham", "egg", "بيض"),
    )
    for word in group
}


# Egyptian words that alone mean another word of the names: "و٦ عيش", "w 3 3eish" are breads. In the
# Gulf "عيش" is rice, so only a message in Egyptian reads them so, and only on a menu that does not
# write the word itself (its own "عيش أبيض" is rice, its "عيش بلدي" bread).
EGYPTIAN_SENSE: dict[str, str] = {normalize(w): "خبز" for w in "عيش 3eish 3esh 3ish eish".split()}


# Spellings of one temperature word ("سخنة" for a menu's "ساخنة"): a name on the menu keeps it.
TEMPERATURE_SPELLINGS: dict[str, frozenset[str]] = {
    normalize(word): frozenset(normalize(o) for o in group if o != word)
    for group in (("سخن", "ساخن"), ("سخنه", "ساخنه"))
    for word in group
}


# Canonical words that size or measure a dish: never a dish, never a food word on their own.
SIZES_AND_MEASURES = frozenset({"كبير", "صغير", "وسط", "صحن", "حار", "نص", "ربع", "كيلو"})


# Words that only narrow a dish ("دجاج" in "برجر دجاج"); alone they name nothing.
QUALIFIERS = frozenset({"دجاج", "لحم", "مزدوج", "عربيه"})


# Extra signatures for demo-style dishes ("برجر لحم" is the plain beef burger).
BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "burger": ("beef burger", "برجر لحم"),
    "double beef burger": ("دبل برجر", "double burger", "برجر مزدوج"),
}


# Foods of other menus said in two words, one of them otherwise a description ("hot" in "hot
# dog"): read as one food word, named back when this menu lacks it, never as "spicy".
FOREIGN_COMPOUNDS = frozenset(
    tuple(normalize(w) for w in phrase.split())
    for phrase in ("hot dog", "hot dogs", "هوت دوغ", "هوت دوج", "هوت دوق", "corn dog", "french toast")
)


# Food words that are not on a typical menu: named back to the customer as unknown.
OTHER_FOODS = frozenset(
    normalize(w)
    for w in (
        "بيتزا pizza سوشي sushi خبز عيش bread باستا pasta مكرونه معكرونه ستيك steak تاكو taco "
        "ناجتس nuggets ميلكشيك milkshake شيك shake دونات donut كيك cake "
        "هوتدوغ hotdog رز rice مشاوي كباب kebab kebabs طاووق تبوله فتوش ليمون lemonade "
        "لبن laban موهيتو mojito كولا cola coke سفن sprite سبرايت ميرندا شوربه soup برياني "
        "biryani مظبي مضغوط مقلوبه فول بيض eggs زنجر zinger fanta فانتا "
        "كبه كبيبه منسف مسخن فته كشري حواوشي ملوخيه محشي مجبوس جريش مرقوق مطبق "
        "سمبوسه سمبوسك فطاير فطيره مناقيش منقوشه معجنات فلافلي نودلز noodles fish سمك روبيان "
        # Gulf fish ("وعندكم هامور؟"): a food asked for and named back, no Egyptian future verb
        "هامور hamour hammour "
        "shrimp جمبري حليب milk لاتيه latte كابتشينو cappuccino امريكانو americano اسبريسو espresso "
        "موكا mocha كرك karak كرواسون croissant كوكيز cookie cookies مافن muffin وافل waffle "
        "بان كيك pancake تشيز كيك cheesecake سندويتش برياني فطاير فطيره مارغريتا كولد برو brew "
        "margherita بيبروني pepperoni لازانيا lasagna حلوم halloumi hallomi كفته kofta kufta kefta "
        "هريس harees "  # "any harees today?": no typo of a "hamees" on the menu
        # "وعندكم حليم؟", "بكورا": asked for and named back, no typo of "حليب" or of a "بتورا"
        "حليم haleem بكورا باكورا pakora pakoras "
        # round 33's read parts: foods asked for and named back ("وعندكم تشوريزو؟" is no churros,
        # "وعندكم بسطيلة؟", "do you have paratha?")
        "تشوريزو chorizo بسطيله بسطيلا باستيلا pastilla bastilla bastila paratha parathas براتا"
    ).split()
) | frozenset(" ".join(words) for words in FOREIGN_COMPOUNDS)


#: The verbs of confirming said after the dishes ("…البيبسي ثنتين، ثبت", "…، أكد"): never a dish, never
#: named back (the parser's typo guard and its food-word list both read them).
CONFIRM_VERBS = "ثبت ثبته ثبتو ثبتوه اكد اكده اكدو اكدوه اعتمد اعتمده اعتمدو اعتمدوه"
# Everyday words one typo away from a dish word ("many" ~ "mandy", "tee" ~ "tea").
NOT_DISHES = frozenset(
    normalize(w)
    for w in (
        "many mind main made make mail mall more mode tell salt sale meet mean mate "
        "برجع ارجع نرجع يرجع ترجع برجعلك برجعلكم لحظه "  # "I'll come back", "a moment"
        "shway shwai shwy shwaya shwayya shwaye "  # Arabizi "a little", "كل شوي": no "shawarma"
        "ماليه مالين مليان مليانه "  # "full / filling" ("رسايلكم مالية التليفون"): no "ميه" (water)
        "مافيه مافي مافيش ماكو "  # "there is none" ("اذا مافيه عطني …"): no "مايه" (water)
        "ماهي ماهو مهي مهو "  # "is not" joined ("اذا ماهي موجودة عطني …"): no water
        "thani thany tani tany "  # Arabizi "another" ("noodles la7am thani zayo"): no "thai"
        # "الساعة ١:٣٠" (the hour) is no "سادة", Levantine "منمر" (we pass by) no "محمر"
        "الساعه ساعه منمر بنمر نمر "
        # a yes in English ("go ahead and confirm"), or Arabic ("…، ثبت", "اكده"): no dish
        f"confirm confirmed {CONFIRM_VERBS} "
        # round 28's read parts: "الليلة" (tonight) is no "بليلة", "للفطار" (for breakfast) no
        # "فطاير", Levantine "بدالو" (instead of it) no "دابو", a country ("ضيوف من العراق") no dish
        # its adjective names ("عراقي")
        "الليله ليله لليله الليلة فطار الفطار للفطار فطور الفطور للفطور بدالو بدالوا بدالك "
        "العراق عراق اليمن يمن لبنان الشام سوريا مصر تركيا الهند ايران اثيوبيا الحبشه "
        # round 29's read parts: an Arabizi prayer time ("estlam ba3d el 3asr") is no "3aseer" (juice)
        "3asr el3asr 3aser maghreb maghrib dohr duhr "
        # round 33's read parts: Arabizi soup ("shorbat 3adas") is no "sharbat" (a drink); the Urdu
        # "brother" ("bhai abi …") no "bhaji"
        "shorba shorbat shorbet shurba shurbat bhai bhaiya bhaijan "
        # round 38's read parts: "then" ("وبعدين زيدوا …") is no "بعجين" (لحم بعجين)
        "بعدين وبعدين بعدها "
        # and Arabizi "on you" ("mnemro2 3lekon ba3d el duhr": we pass by you) is no "lemon"
        "3lekon 3leikon 3alekon 3alaykon 3lekom 3leikom 3alekom 3alaykom 3lekum 3alaykum 3lek 3alek"
    ).split()
)


NUMBER_EXTRA = {
    normalize(w): v
    for w, v in (
        ("حبه", 1),
        ("حبتين", 2),
        ("a", 1),
        ("an", 1),
        ("couple", 2),
        ("pair", 2),
        ("dozen", 12),
        ("دزينه", 12),
        ("درزن", 12),
        ("درزينه", 12),
        # the dozen of Egypt and the Levant ("دستة فلافل", "نص دستة": six), the Egyptian pair
        # ("جوز بيبسي": two)
        ("دسته", 12),
        ("جوز", 2),
    )
}


BEFORE_ONLY = frozenset({"a", "an"})


# After these a number counts the item before it: "بيبسي × 2", "كبسه عدد 2".
TIMES = frozenset(normalize(w) for w in ("x", "×", "عدد", "count", "qty", "quantity"))


X_NUMBER = re.compile(r"^(?:x|×)(\d+)$|^(\d+)(?:x|×)$")


# Arabizi spellings of Arabic measure words, for a menu whose names have the Arabic word
# ("wagbet burger" on a menu with "وجبة برجر", "strips 3 2ita3" for "ستربس ٣ قطع").
ARABIZI_MEASURES: dict[str, str] = {
    normalize(w): normalize(ar)
    for ar, spellings in (
        ("وجبه", "wagba wagbet wagbat wajba wajbet wajbat"),
        ("قطع", "2ita3 2eta3 qita3 qeta3"),
        # "regular" ("wagbet broasted 4 2ita3 3adi" for "وجبة بروستد عادي")
        ("عادي", "3adi 3ady 3aadi"),
        ("عاديه", "3adiye 3adiya 3adeya 3adya"),
    )
    for w in spellings.split()
}


FILLERS = frozenset(
    normalize(w)
    for w in (
        "x × حبات حبه قطع قطعه pieces piece pcs pc "
        # the Egyptian piece ("حتة", "حتت") and Arabizi spellings of the pieces
        "حته حتت 7etta 7eta 7etat 7ettat 7abbat 7abat 7aba 7abba صحن صحون plate plates كوب اكواب cup cups "
        "فنجان فناجين فنجال فناجيل كاس كاسات بطل قاروره قوارير bottle bottles "
        "علبه علب can cans ازازه قزازه ازايز قزايز ازازات كاسه glass of من عادي عاديه regular 3adi 3adeh 3adiye some بعض portion portions طلب عدد "
        "side sides orders "  # "a side of mac and cheese": how much, not which dish
        # a mandi house's portion for one person ("مندي لحم نفرين": two portions, "٣ نفر")
        "نفر انفار "
        # "وشوية لقيمات", "shwayet batata": a little of it, how much, never a dish
        "شويه شوي شويت shwayet shwayyet "
        "maybe perhaps "  # "and maybe some injera?": a hedge on how much, never a food named back
        "chi "  # Maghrebi "some" ("w chi rfissa"): how much, never part of the food named back
        "شي "  # and the Levantine one ("وشي برغر"): some, never part of the food named back
        # what a dish comes in ("a bowl of pho", "صينية كنافة") and the loaves of bread ("٤ أرغفة عيش")
        "bowl bowls tray trays basket baskets jug jugs صينيه صواني زبديه رغيف رغيفين ارغفه "
        "مشروب مشروبات drink drinks "  # "والمشروب بيبسي ٢": which dish follows
        "وجبه وجبات meal meals combo كومبو sandwich sandwiches ساندويتش سندويش سندوتش ساندوتش سندويتش "
        "ساندويش سندوتشات ساندويتشات سندويشات sandwitch sandwhich wrap wraps لفه لفات "
        # the Levantine / Egyptian one-sandwich form with a taa marbuta ("ساندويشة طعمية")
        "ساندويشه سندويشه ساندوتشه سندوتشه ساندويتشه سندويتشه "
        # the Egyptian cup ("كوباية كاكاو", "كوبايتين شاي"): how it comes, never a food named back
        "كوبايه كوبايات كبايه كبايات "
        # a plate and a bottle ("طبقين متبل", "أربع قناني مي"): how it comes, the count is the dish's
        "طبق اطباق قنينه قناني "
        # the tea glass of Iraq and the Gulf ("استكانين شاي", "بيالة شاي"): how it comes
        "استكانه استكان استكانات بياله بيالات"
    ).split()
) | frozenset(ARABIZI_MEASURES)


CONJUNCTIONS = frozenset(
    normalize(w)
    for w in (
        "و w and & + , مع ومع ومعه معه معاه ومعاه معها ومعها معاها ومعاها with plus "
        # "with them" ("ومعهم ٢ ماء", Levantine "ومعن عيران"): joins, never a dish
        "معهم ومعهم معاهم ومعاهم معهن ومعهن معن ومعن "
        # Levantine "with it" ("صحن فلافل ومعو حمص"), spelt with و for the pronoun's ه
        "معو ومعو ma3o wma3o "
        # "and beside it" ("وجنبها بطاطس", "وجنبهم بيبسي"): with it, never a dish
        "جنبها وجنبها جنبه وجنبه جنبو وجنبو جنبهم وجنبهم جنبهن وجنبهن جنبن وجنبن "
        # "and on it" ("كيكة وعليها اتنين شاي", "وعليه بيبسي"): with it, never a dish
        "وعليها وعليه وعليهم وعليهن وعليو "
        # the Gulf "with it / them" ("ووياه خبز", "ووياهم شاي"): joins, never a dish
        "وياه ووياه وياها ووياها وياهم ووياهم وياهن ووياهن"
    ).split()
)


MOD_PREFIX = frozenset(
    normalize(w)
    for w in (
        "بدون بلا بلاش without no extra زياده زيادة اكسترا less قليل كثير more add ضيف "
        "خفف خففوا خففي قلل قللوا قللي "  # "خفف الحار": less of it, never another dish
        "bdoon bedoon bidoon bdun bedun bdon bedon bidon bala ziyada zyada zeyada "
        "bla"  # Tunisian "without" ("zouz bla 7ar")
    ).split()
)


MOD_STANDALONE = frozenset(
    normalize(w)
    for w in (
        "حار حاره سبايسي spicy hot دايت diet زيرو zero كبير كبيره كبار صغير صغيره صغار وسط "
        "large small medium big فريش fresh مشوي مشويه grilled مقرمش مقرمشه crispy بارد بارده "
        "cold عائلي عائليه family ساخن ساخنه hot ساقع ساقعه مثلج iced "
        # Egyptian / Levantine "hot", and plurals of temperature words ("وكلهن سخنين")
        "سخن سخنه سخنين ساخنين باردين ساقعين "
        # and of how it is made ("اتنين مقرمشين أوي"): a note on some of them, no food named back
        "مقرمشين مقرمشات مشويين حارين "
        # how hot, short of spicy ("2 kung pao, one mild"): a change, never a dish
        "mild "
        # how some of them are cut ("one cut in half"): a change, never a food named back
        "cut sliced halved "
        # and in Arabic ("ووحدة مقطعة", "وواحد متقطع نصين"): how some of them are cut, never a dish
        "مقطع مقطعه مقطعين مقطعات متقطع متقطعه مقطوع مقطوعه مقصوص مقصوصه "
        # how a steak is cooked ("ميديم", "ويل دن", "medium rare"): a change, never a dish
        "rare ميديم ميديوم مديم رير ويل دن ويلدن welldone مستوي مستويه استواء"
    ).split()
)


WITH = frozenset(normalize(w) for w in ("مع", "ومع", "with"))


# "without" in two words: Arabic "من غير" and its Arabizi spellings ("men gheir sos")
_GHEIR = ("غير", "gheir", "ghir", "gher", "gheer", "ghair")
_PUT = ("تحط", "تحطوا", "تحطون", "تحطو", "تحطي", "تحطلي", "تحطولي")
MOD_MULTI = (
    *((normalize(first), normalize(second)) for first in ("من", "men", "min", "mn") for second in _GHEIR),
    # "ولا تحط ثومية" (and don't put garlic sauce): both words are the change
    *((normalize(no), normalize(put)) for no in ("لا", "ولا") for put in _PUT),
    ("well", "done"),
    ("ويل", "دن"),
    ("نص", "استواء"),
)


STOPWORDS = frozenset(
    normalize(w)
    for w in (
        "ابي ابغى ابغا ابا ابى ودي اريد عايز عاوز عايزه عاوزه بدي بدنا حاب حابب ممكن لو سمحت "
        "سمحتوا اطلب اطلبلي اطلب لي لي لنا عطني اعطني اعطيني هات هاتلي بعتولي ابعتولي ارسلوا "
        "ارسل زيدوا زيدونا زودونا زيد ضيفوا طلبي الطلب طلبيه اوردر order ordering توصيل حي يا الله "
        "please pls plz i id ill want to get can have give me us the my and for would like "
        "need take could may hi hello thanks thank you شكرا مرحبا السلام عليكم بس فقط only "
        # how the order reaches the customer is never a dish ("بيبسي اثنين، استلام من الفرع")
        "استلام للاستلام باستلام pickup takeaway دليفري سفري delivery deliver delivered "
        # and in Arabizi ("estlam mn elfar3", "tawseel lel beit"), never a dish
        "estlam estelam istilam istlam estilam lelestlam tawsil tawseel tawsel deliveri "
        # the gathering it is for ("خمسة تكا للعزومة، اتنين منهم …", "لسهرة الشباب"): never a dish,
        # and no word between a count and "of them"
        "لعزيمه للعزيمه للعزومه لعزومه لسهره للسهره للطلعه لطلعه لجمعه للجمعه للمه "
        # Gulf "very" ("مو حار وايد"): how much, never a dish (nor "و" + a word)
        "وايد واجد "
        # Gulf "not" ("الشاورما اللحم ٢ مب ٣"): the count put right, never a dish
        "مب موب "
        # "ونسيت اقولك البرجر بدون مايونيز", "forgot to mention": a remark that opens a note or more
        "نسيت ونسيت انسيت اقولك اقلك اقولكم اقلكم اذكر forgot mention "
        # who a part is for ("ولإلي ولجوزي ٢ مندي لحم"): never a food named back
        "لالي ولالي لجوزي ولجوزي لزوجي ولزوجي لمرتي ولمرتي لزوجتي ولزوجتي لمراتي ولمراتي "
        # people counted ("my 2 sisters and me"): never a food named back
        "brothers sisters kids children friends cousins colleagues parents guys boys girls adults "
        # Arabizi "only", "but" and "the" ("2 shay bas", "w el talab delivery"), "the order", "fix" ("عدل
        # القراصة خلها ثنتين"), "I come (and take them)" ("واجي اخذهم", "bamer akhudha"), "ديليفري"
        "bas bass but el il talab talabi عدل اجي واجي نجي bamer bamor bamorr akhudha akhodha akhdha "
        "akhedha akhudhom ديليفري ديلفري "
        "اكل للبيت البيت لشخص شخص اشخاص people person في على الى اعمل اعملي نفس also كمان "
        "عشان just that this it be is are yes ok okay تمام ايوه نعم عندكم فيه هذا هذي "
        "abi abgha bdi 3ayez 3ayza ana انا بليز لو سمحت يعطيك العافيه salam salaam slm "
        "marhaba ahlan hala hey hii سلام هلا اهلا اهلين ده دا دي دول "
        # the flowers of a morning / evening greeting ("صباحكم ورد", "صباح الفل"): never a dish
        "صباح صباحكم صباحك صباحو مساء مساكم مساءكم الخير النور ورد الورد الفل "
        # Levantine and Gulf demonstratives ("هاي الطلبية", "هيدا طلبي"): "this", never a dish
        "هاي هيدا هيدي هيدول هاد هادا هادي هدول هاذا هاذي هذول هاذول "
        # "واذا مو موجود عطني …", "if you don't have it": a condition on what is there, no dish
        "اذا if موجود موجوده متوفر متوفره available "
        # "ولو لأ هات …", "ولا خلاص عطني …": and if not / never mind, then the dish to bring instead
        "ولو واذا خلاص khalas khalass "
        # "وإلا اتنين مطبق جبنة": or else, then the dish to bring instead; "وبرضه" (also, Egyptian)
        "الا والا wella walla willa otherwise else برضه برضو بردو برده bardo bardu "
        # a meal of the day ("منشان الفطور", "for lunch"): when it is eaten, never a dish
        "فطور الفطور غدا الغدا الغداء عشا العشا العشاء breakfast lunch dinner "
        # "بدل" / "instead (of)": the dish after it is swapped out, the word itself is no dish
        "بدل بدال بدلا instead "
        # "واحدة حارة والتانية عادي", "the other plain": the second line of a split, never a dish
        "التاني التانيه الثاني الثانيه التانيين other "
        # "وزودوا ٢ رز": add to it (Egyptian / Saudi "زودوا"), never a dish
        "زودوا زودو زودولي زودونا "
        # "وحطلي كمان واحد", "ضيفلي": put / add for me (Levantine, Gulf), never a dish
        "حط حطلي حطولي حطيلي حطوا حطو ضيفلي ضيفولي ضيفيلي زيدلي زيدولي "
        # "وزيدوني رز", "زودني": add for me (Gulf, Egyptian), never a dish
        "زيدوني زيدني زودني زودوني "
        # "وزيدلنا ٢ حمص", "حطولنا": add for us
        "زيدلنا زيدولنا زودلنا زودولنا حطلنا حطولنا ضيفلنا ضيفولنا "
        # the words of a change of mind ("make it 3 actually", "no wait", "sorry"): never a dish
        "actually wait sorry oops "
        # Arabizi "please" ("mn fadlak", "min fadlik", "law sama7t"): never a dish
        "mn min men fadlak fadlik fadlek fadlkom fadlakom law sama7t sama7ti "
        # "وبمرق باخدهن", "بمر اخذه", "هعدي اخدهم": I'll pass by and take them (pickup), no dish
        "بمرق بنمرق منمرق بمر بنمر مارق مارقين بمرقلكن بمرقلكم بعدي هعدي هفوت بفوت "
        "باخد باخدهن باخدهم باخدن باخدها باخده بناخد بناخدهن بناخدهم هاخد هاخدهم هاخدها "
        "باخذ باخذه باخذها باخذهم اخذه اخذها اخذهم اخدهم اخدها اخدهن اخدن بجي باجي بنجي "
        # someone else's wanting ("واثنين يبون شاورما", "واحد يبي برجر", "هي عايزة"): who a count
        # of the order is for, never a dish
        "يبي يبا يبى يبون يبغى يبغا يبغون تبي تبون تبغى تبغا تبغون يريد يريدون تريد بدو بدها بدهم "
        "بدن عايزين عاوزين "
        # bringing it to someone ("عايز اجيبلها نفس الأكل", "بجيبلهم"): who it is for, never a dish
        "اجيب اجيبلها اجيبله اجيبلهم اجيبلهن نجيب نجيبلهم بجيب بجيبلها بجيبلهم هجيب هجيبلها "
        "هجيبلهم جيبلي جيبولي جبلي جبلنا "  # Levantine "جبلي" (bring me): no "جلابي"
        # Arabizi "also" ("w kamen wa7ed kabab metlo", "w kaman wa7de"), as "كمان"
        "kamen kaman kamaan kamān kamn "
        # Arabizi Gulf "add for us" ("w zeedoona X thalith mithla"), as "زيدونا": a verb, never a dish
        "zeedoona zeedona zidoona zidona zeedouna zeedoo zeedo zeedu zedoona "
        # the "do" of a question ("and do you do nachos?"): asked, the food after it named back
        "do does "
        # send / bring it or them ("لو لسه عندكو ابعتهم", "جيبوها", "هاتهم"): the dish said before,
        # never a dish
        "ابعتهم ابعتها ابعته ابعتوهم ابعتوها ابعتوه ابعتهملي ابعتهالي ابعثهم ابعثها ابعثه ارسلهم "
        "ارسلها ارسله ارسلوهم ارسلوها ارسلوه هاتهم هاتها هاته هاتوهم هاتوها هاتوه جيبهم جيبها جيبه "
        "جيبوهم جيبوها جيبوه "
        # haste ("وسرعة الله يسعدكم", "بسرعة لو سمحت", "asap", "quickly"): how soon, never a dish
        "سرعه بسرعه وبسرعه asap bsor3a besor3a "
        # whether the kitchen makes it ("وبتعملو برجر؟", "وزلابية تسوون؟", "bt3mlo"): asked, the food
        # beside it named back
        "تسوون تسوونه تسوونها تسوونهم بتسوون بتعملو بتعملوا بتعملون تعملون تعملوا تعملو بتعملوه "
        "بتعملوها bt3mlo bte3mlo bta3mlo tsawwon tsawoon "
        # yes and "I mean" ("واه بيبسي تنين يعني كلهن", "yeah 2 teas"): spoken, never a dish
        "اه ايه ايوا ايوه اوكي يعني yeah yep yup "
        # when ("واليوم ابي …", "today", "tonight", "بكرة"): the day of the order, never a dish
        "اليوم اليوميه الليله بكره بكرا الحين هلا هلق هلأ الان حاليا today tonight tomorrow now "
        # which of them ("two of whichever is cheaper", "whatever", "either"): a choice, no dish
        "whichever whatever either "
        # deliver it / them ("ووصلوها لحي الخالدية"): how it reaches the customer, never a dish
        "وصلوه وصلوها وصلوهم وصلوهن وصله وصلها وصلهم "
        # Arabizi "add" (Egyptian "w zawedo X tany", Maghrebi "w zid X", "w zidni X"): a verb
        "zawedo zawdo zawedoo zawedni zawedli zawedna zid zidni zidli zidna zidou "
        # Egyptian "is it" opening a question ("howa fi 3andoko X?"): asked, never a dish
        "howa huwa "
        # the evening without its hamza ("عالساعة ٦ المسا"): when, never a dish
        "المسا مسا "
        # the gathering or the people it is for ("لسمرة الليلة", "لغدا ابوي وعمامي"): never a dish
        "لسمره للسمره عمامي اعمامي خوالي "
        # someone sent to collect it ("وهبعت حد ياخدهم"), Tunisian "so that" ("bech nji"): no dish
        "هبعت هابعت هنبعت حد bech besh bch "
        # the day it is for ("لفطور الخميس"): when, never a dish (not "الاثنين", also "the two")
        "الخميس الاربعاء الاربعا الثلاثاء الثلاثا السبت الاحد "
        # Arabizi "add" in more spellings ("w zawedny wa7ed …", "w zedoni X", "w zawed X"): a verb
        "zawed zawedny zawdny zawdni zawedly zedoni zedni zeedoni zeedni zidoni "
        # whom it is for, the Gulf "حق" ("حق البنات", "حق عشا العمال"), and the sitting, the party
        # or the present it is for ("لقعدة البنات", "لجلسة العصر", "لعيد ميلاد …", "هدية لـ…")
        "حق حقت لقعده للقعده لجلسه للجلسه لعيد للعيد ميلاد لميلاد هديه كهديه "
        # give us ("وعطونا …"), Egyptian "today" ("النهارده"), an Arabizi good morning / evening
        "عطونا اعطونا عطينا النهارده النهارضه انهارده masa masa2 masaa 5eir 5er kheir khair saba7 "
        "sabah sba7 "
        # round 33's read parts: the Levantine "add" ("وزيدو X تالت متلن"), "next to" in an address
        # ("جنب الصيدلية"), whom it is for ("لجدتي"), where they go ("بنروح فيها للشاليه"), "they"
        # ("وهما بيتفرجوا"), the meal before dawn ("لسحور الليلة"), noon said the Levantine way
        # ("الضهر"), the hour with "على" glued ("عالساعة ١٠"): never a dish, never named back
        "زيدو زيدونا زيديلي جنب بجنب لجدتي لجدي لستي لتيتا بنروح نروح رايحين رايح هما همه "
        "سحور السحور لسحور للسحور الضهر بالضهر ضهر عالساعه عالساعة".split()
    )
)


#: Words that point back to dishes already named ("واحد منها بدون بصل", "all of them"):
# never a dish, never unknown, and a number before them counts part of the dish before.
BACK_REFERENCES = frozenset(
    normalize(w)
    for w in (
        "منها منهم منهن منه منهما كلها كلهم كله كلهن كل them it all both ones each "
        "menha menhom menhon menho minha minhom minhon mnhom kollaha kollohom kolha kolhom "
        "menon minon mnon menhum minhum منن "
        # Levantine "all of them" ("كلن سفري", "kellon") and "one of them" with في ("واحدة فيهم")
        "كلن كلون kellon kollon kelon kolon فيهم"
    ).split()
)

# "وواحدة زيها", "one more like it": a number and one of these is one more of the dish before.
SAME_AS = frozenset(
    normalize(w)
    for w in (
        "زيه زيها زيهم مثله مثلها مثلهم متله متلها متلن نفسه نفسها نفسهم "
        # Levantine with و for the pronoun's ه ("وحطلي كمان واحد متلو", "زيو")
        "متلو مثلو زيو نفسو "
        "zayo zayaha zayha zaiha mitlo mitla metlo metla "
        # and "like them" in Arabizi ("w wa7ed kaman zayohom", "mitlon")
        "zayohom zayhom zayyohom zayohum zayhum mitlohom mitlon metlon mithlohom "
        # "like it" in more spellings: Arabizi "zayh" / "mithlah"
        "zayh zayeh zayyo zayyah zayyaha mithlah mithla mithlo mithleh "
        # and of a feminine dish or of them, Gulf ("wa7da thalitha mithlaha", "mithlahom")
        "mithlaha methlaha mithlha mithlahom mithlhom "
        # round 38's read parts: "like them" Levantine with ن and Gulf Arabizi with "u" ("زيدوا رز
        # تالت متلهن", "zid halo halo thalith mithlahum")
        "متلهن مثلهن متلهم mithlahum mithlhum mitlahum metlahum "
        # "its likeness" ("وكمان واحد شبهه", "وحدة شبهها"), Arabizi "shabaho"
        "شبهه شبهها شبههم شبهو shabaho shabahha shabha"
    ).split()
)

# "واتنين كمان زيه", "one more just like it", "one more of the same": words of "again" between the
# number and its "like it", and "like" / "زي" before a pointing word (or "same" alone) saying it.
AGAIN_WORDS = frozenset(
    normalize(w)
    for w in (
        "كمان تاني ثاني زياده زيادة kaman kman tany tani more just exactly of the "
        # "another" in its feminine and Arabizi spellings, and the Gulf "بعد" ("وواحد بعد زيه")
        "تانيه ثانيه thani thany thanya thaniya tanya tanye بعد"
    ).split()
)
SAME_WORD = frozenset(normalize(w) for w in "same".split())
LIKE_WORD = frozenset(normalize(w) for w in "like زي متل مثل".split())
POINTER_WORDS = frozenset(
    normalize(w) for w in "it that this ده دي دا هذا هذي هاد هيك هيداك هيدا هيدي هداك".split()
)
ANOTHER_WORDS = frozenset(normalize(w) for w in "another".split())


# After these the next word is what is changed, not a dish: "without rice", "زيادة جبن".
CHANGE_PREFIX = frozenset(
    normalize(w)
    for w in (
        "بدون بلا without no extra زياده زيادة اكسترا less قليل غير gheir ghir gher gheer ghair "
        "خفف خففوا خففي قلل قللوا قللي "
        "تحط تحطوا تحطون تحطو تحطي تحطلي تحطولي "  # after "لا": "don't put"
        "bdoon bedoon bidoon bdun bedun bala ziyada zyada zeyada bla"
    ).split()
)


# "لا خليها اثنين", "no wait, make it 5": a quantity said again replaces the one before.
CORRECTION_VERBS = frozenset(
    normalize(w)
    for w in (
        "خليه خليها خليهم خليهن خلها خله خلهم خلي خلوه خلوها خلوهم اجعلها اجعله خليها make "
        # and in Arabizi ("la la kheliha 3 mai", "la khaleeh 2")
        "kheliha khaliha khalliha khaleeha kheleha kheliho khaliho khalih khaleeh khallih kheleh "
        "khalihom khalihum kheliha khalleeha "
        # with the 5 Arabizi writes for خ ("oops 5aliha 5 ka3k", "la2 5aleehom 6")
        "5aliha 5alliha 5aleeha 5alha 5ali 5alli 5alih 5allih 5aleeh 5alihom 5alhom 5aleehom 5allihom "
        # with a final "y" for the ي ("la 5aly el ayran 2", "khally it 3")
        "5aly 5ally 5alyha 5allyha 5alyhom khaly khally khalyha "
        # with "e" for the kasra ("la la7tha 5aleha 2 bas")
        "5aleha 5alleha khaleha khalleha "
        # the Gulf "خل" in Arabizi ("la 5al el karak 2 bas")
        "5al khal "
        # "them" of the feminine or Levantine plural ("la 5allihin 8 kleicha", "khallihon 3")
        "5allihin 5alihin 5allihen 5alihen 5allihon 5alihon 5allihun khallihin khalihin khallihon "
        "khalihon khallihen khalihen "
        # with a "y" before the Levantine plural object ("la sorry 5alliyon 3 mojito")
        "5alliyon 5aliyon 5alliyun 5aliyun 5alliyhon khalliyon khaliyon khalliyun "
        # Gulf "fix it" ("لا عدلها ثنين آيس تي بس")
        "عدلها عدله عدلهم عدلهن عدليها عدلوها"
    ).split()
)


# Words of a change of mind that need no verb before the new count or size ("no wait two lemon mints",
# "no wait, the large one").
CHANGE_OF_MIND = frozenset(normalize(w) for w in "wait actually sorry اقصد عفوا".split())


CORRECTION_LEAD = frozenset(
    normalize(w)
    for w in (
        "لا لأ no wait actually sorry عفوا اقصد la laa "
        # Arabizi "no" and "oops", Gulf "اقول" (I say), Egyptian "ولا اقولك" (or rather), "غلط"
        "la2 laa2 oops ops اقول ولا اقولك ghalat غلط "
        # "لا لحظة خل …", "لا استنى خلي …": "a moment" / "hold on", the Arabic "wait"
        "لحظه لحظة استنى استنا استني "
        # and in Arabizi (round 38's read parts: "la la7tha 5aleha 2 bas")
        "la7tha la7za la7zah la7tah"
    ).split()
)


CORRECTION_OBJECT = frozenset(normalize(w) for w in "it them that this those these".split())


# "make the greek salads three": between the verb and the dish it names again.
CORRECTION_ARTICLE = frozenset(normalize(w) for w in "the el al il".split())  # Arabizi "la 5alli el jambo"


# Units of a weight or volume written in a name after its number ("ريب آي ٣٠٠ جرام", "Ribeye
# 500g"): a customer says the number alone ("ribeye 500", "ريب آي ٣٠٠").
UNITS = frozenset(normalize(w) for w in "g gm gr gram grams جرام غرام جم غم ml مل ملي".split())
GLUED_UNIT = re.compile(r"^(\d+)(?:g|gm|gr|grams?|ml)$")


def narrows_only(word: str) -> bool:
    """A word that alone names no dish: a meat, size, temperature, measure or number word."""
    return (
        word in QUALIFIERS
        or word in MOD_STANDALONE
        or word in FILLERS
        or word in SIZES_AND_MEASURES
        or (number_value(word) is not None and word not in NUMBER_WORDS_THAT_ARE_FOOD)
    )


# Number words elsewhere that are a food where a menu names them: the Iraqi "تمن" (rice) is the
# Egyptian "eight"; alone on a menu that has it, it is the dish (a head several share is asked).
NUMBER_WORDS_THAT_ARE_FOOD = frozenset(normalize(w) for w in "تمن timman".split())


# "X بدل Y", "X instead of Y": spoken words of a swap, never a dish named back.
INSTEAD = frozenset(
    normalize(w)
    # and Arabizi "change" ("la ghayyer el crepe la waffle": the dish after it is swapped out)
    for w in "بدل بدال وبدل بدلا بدلاً مكان instead ghayer ghayyer ghayar ghayyar".split()
)


# Words that may stand inside one dish name: "a kilo of baklava", "half a kilo", "دلة من القهوة".
BRIDGES = frozenset(normalize(w) for w in ("of", "a", "an", "من"))


ARTICLES = frozenset({"a", "an"})


# "plain" in "one spicy, one plain": a way of making the dish with no change to it.
PLAIN = frozenset(
    normalize(w)
    for w in (
        "plain",
        "regular",
        "normal",
        "عادي",
        "عاديه",
        "ساده",
        "سادة",
        "3adi",
        "3adeh",
        "3adiye",
        "sada",
    )
)


#: What a restaurant is asked it has that is no food ("عندكم توصيل؟", "فيه جلسات؟", "وعندكم فرع
#: بالعليا؟"): never named back as a food.
SERVICES = frozenset(
    normalize(w)
    for w in (
        "فرع فروع منيو مينيو قائمه مكان جلسات جلسه طاولات طاوله حجز كاش شبكه مدى عروض عرض خصم خصومات "
        "تطبيق موقف مواقف وقت دوام عمال كراسي ابل stc"
    ).split()
)

# Words of putting an order right, each said once here: the parser (a dish put right as it is read)
# and the dialogue's edit readers (a summary put right) read the same customer.
#: "قصدي", "I meant": what follows puts right the dish or count said before ("mean" itself only
#: after "I", which each reader checks where it matters).
I_MEANT = "قصدي اقصد قصدت قصدنا meant asdi 2asdi qasdi a2sod a2sid"
#: A bare "no" opening a correction ("لا الشاي ٤ مش ٢", "hmm no, the small pot").
BARE_NO = "لا لأ no nope la la2 laa"
#: "You forgot" said to the restaurant, in the past ("نسيتوا الكنافه!", "nsitu el salata").
YOU_FORGOT = "نسيتوا نسيتو نسيتم نسيتون nsito nsitou nesito nseetu nsitu"
#: "I forgot" ("نسيت البطاطس، زود اتنين بطاطس": the dish named, then how many of it).
I_FORGOT = "نسيت نسينا forgot forget nseet nsit niseet"
#: The forgot words of both, as one set of normalised words.
FORGOT = frozenset(normalize(w) for w in f"{I_FORGOT} {YOU_FORGOT}".split())
#: Taking a dish off ("لأ شيل السموذي", "remove the fries", "الغي الببسي", "scratch the quzi"), read by
#: the parser (the dish after it orders nothing) and by the summary's edit reader alike. The Arabic
#: stems also come with what they take glued on ("شيلوه", "احذفيها", "نزلهم").
REMOVE_STEMS = "شيل تشيل احذف تحذف امسح تمسح نزل طير الغ الغي تلغي شل نقص انقص قلل"
OBJECT_ENDINGS = ("", *"و وا ه ها هم هن وه وها وهم ي يه يها يهم لي ولي".split())
REMOVE_WORDS = frozenset(
    normalize(stem + ending) for stem in REMOVE_STEMS.split() for ending in OBJECT_ENDINGS
) | frozenset(
    normalize(w)
    for w in (
        "بلاش كنسل كنسلو كنسلوا كانسل remove delete drop lose ditch cancel scratch skip less minus "
        "reduce cansel kansel e4el ilghi na2as na2es "
        # Arabizi "shil el X" / "sheel" / "shilo" (Gulf, Levantine), Egyptian "sheel" / "ehzef"
        "shil sheel shel shilo sheelo shelo shiil ehzef e7zef"
    ).split()
)
