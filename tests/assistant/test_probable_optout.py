"""A probable opt-out — a complaint aimed at the restaurant about its contact, its messages
or their volume, with no dish in it — is asked about (opt_out_uncertain), never guessed; the
same words about food, an order or wanted contact are not."""

from __future__ import annotations

import pytest

from crm_res.assistant.intent import classify_intent, is_opt_out, is_probable_opt_out


@pytest.mark.parametrize("text", ["خلاص كثرتوا علينا", "زهقتونا والله", "يا جماعة طفشتونا"])
def test_bare_annoyance_at_the_restaurant_is_asked_about(text) -> None:
    """Said as "you overdid it on us" with nothing else named: probably the messages, so asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["كثرتوا الملح في الرز", "كفايه", "زهقتونا بالانتظار ساعة وطلبي ما وصل"])
def test_annoyance_about_something_named_is_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text", ["how come I get these every single day?", "3ala tool bteb3atooli", "ليه على طول بتبعتولي؟"]
)
def test_messages_that_keep_coming_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["ليش عم تبعتوا كتير", "ترسلون كثير والله", "you guys send way too much"])
def test_sending_a_lot_is_a_probable_opt_out(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["that's the third message today", "هاي الرسالة الثالثة اليوم", "٤ عروض بالاسبوع؟"]
)
def test_messages_counted_in_a_period_are_a_probable_opt_out(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "this is my third order this week",
        "ما ترسلون كثير من الرز",
        "got 2 messages today about my order, thanks",
    ],
)
def test_counts_and_amounts_about_other_things_are_no_opt_out(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "I keep getting spammed by your offers",
        "leh kol el 3orood di",
        "ليه كل الرسايل دي يا جماعة",
        "shu hal iz3aj kel shway rasayel",
        "bteb3atouli kel yom rasayel",
    ],
)
def test_complaints_about_our_messages_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "ما اشتركت في شي عندكم، من وين هالرسايل؟",
        "we never subscribed to anything from you",
        "هو انا اشتركت امتى؟",
        "ma eshtarakt f 7aga",
    ],
)
def test_denying_ever_subscribing_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["انا مشترك في العروض؟ ابي اتأكد", "I never asked for onions", "ما اشتركت بس ابي اطلب ٢ برجر"]
)
def test_subscription_words_beside_a_question_or_an_order_are_no_opt_out(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize("text", ["ليش رقمي عندكم؟", "leh ra2mi 3andoko", "مين اللي عطاكم رقمي"])
def test_why_you_have_my_number_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_egyptian_nagging_about_offers_is_asked_about() -> None:
    assert classify_intent("كفاية زن كل يوم عرض").intent in ("opt_out", "opt_out_uncertain")
    assert classify_intent("الزن بتاع المندوب ده كتير").intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "كل ما افتح جوالي القى رسالة منكم",  # every time, the phone, from you
        "انتو ما بتتعبوا من الارسال؟",  # don't you get tired of sending
        "you people have filled my inbox",
        "ليش عم تلاحقوني عالواتس؟",  # why are you chasing me on WhatsApp
        "الموبايل مبيبطلش رن من ساعة ما اديتكم رقمي",  # the phone never stops ringing
        "wallah el inbox etmala menkon",
        "هو انتو فاكرين الناس فاضية لرسايلكم؟",
        "ترى صرتوا اكثر من اهلي تراسلوني",
    ],
)
def test_a_complaint_aimed_at_us_about_our_contact_is_asked_about(text) -> None:
    """No cue phrase of the older lists in these: "you" + our contact + "too much"."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "ممكن ترسلون لي المنيو على الواتساب؟",  # a request for contact
        "my phone died, can you call me on this number?",
        "كل ما اتصل عليكم التلفون مشغول",  # the customer calling us
        "I texted you twice about my order, no answer",
        "انتو ليش ما تردون على الواتس؟",  # waiting for a reply: wants more contact
        "ليش ما ترسلون لي العروض؟",  # asks for the offers
        "كل ما فتحت الواتساب بلاقي عرض حلو منكن، يسلمو",  # pleased
        "كل ما اطلب منكم الرز بيجي بارد",  # a dish
        "the driver keeps calling me every time, where is he?",  # the courier
    ],
)
def test_contact_that_is_wanted_or_about_food_is_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "you sent me 15 messages this week",  # a count of three or more beside the messages
        "sar 3andi 20 rasayel menkon",
        "عندي ٥ رسايل منكم اليوم",
        "not a day goes by without a text from you guys",  # no day without them
        "ما في يوم بيمرق بلا ما تبعتولي شي",  # "بلا ما": without, not "don't send"
        "your texts outnumber my friends ones",  # "your" is "you" too
    ],
)
def test_how_many_and_how_often_aimed_at_us_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["I got 3 messages from you about my order", "ممكن ٣ رسايل تأكيد للطلب؟"])
def test_counted_messages_about_an_order_are_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


def test_a_count_of_arabizi_messages_in_a_day_is_asked_about() -> None:
    assert classify_intent("kel yom 4 masajat menkom, leh?").intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "الرسايل بتاعتكم مش بتسكت",  # the messages never stop (a negated stop verb, any person)
        "العروض مبتخلصش يا جماعة",  # a wrapped negation
        "your messages are endless",
        "el 3orood menkom malhash akher",  # "they have no end"
    ],
)
def test_messages_that_never_stop_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "my phone is full of your offers",
        "جوالي صار كله اعلاناتكم",  # your ads on my phone: the complaint itself
        "el whatsapp beta3i kollo 3orood menkom",
    ],
)
def test_your_ads_on_my_phone_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "شفت العرض على تلفوني، لسا موجود؟",  # a question about an offer
        "تلفوني ما وصله العرض",  # wanting the offer
        "الاكل ما بيخلص، الكمية كبيرة",  # a stop verb about the food, no message named
    ],
)
def test_offers_asked_for_or_food_that_never_ends_are_not_asked_about(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    ["كل ساعة بتذكروني فيكن", "kol yom btfakrouna bel 3orood"],
)
def test_something_done_to_me_every_day_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    ["كل يوم بتفاجئوني بأكل أطيب", "كل يوم تذكروني انكم احلى مطعم، شكرا"],
)
def test_praise_every_day_is_not_asked_about(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "كثرتوا علينا الرسايل",
        "انتو بتبعتوا رسايل كتير اوي",
        "too many messages from you guys",
        "leh kol shwaya offers",
    ],
)
def test_probable_opt_out_is_a_question_not_a_guess(text: str) -> None:
    """A complaint about the marketing itself is opt_out_uncertain: never an opt-out, never ignored."""
    assert not is_opt_out(text)
    assert is_probable_opt_out(text)
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "ما عدت افتح الجوال من كثر رسايلكم",
        "تعبت من كترة اعلاناتكم والله",
        "kol yom resala gdida? 7aram 3aleeko",
        "you text me every night, it's getting ridiculous",
        "ليش كل يوم الصبح ترسلون لي؟",
    ],
)
def test_volume_or_timing_complaints_are_asked_about(text: str) -> None:
    """How many ("من كثر") or how often ("every night", "كل يوم الصبح") the messages come: asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("good morning", "greeting"),
        ("صباح الخير، متى تفتحون؟", "support"),
        ("الفطور اللي طلبته الصبح كان بارد", "feedback"),
    ],
)
def test_morning_alone_or_beside_a_question_is_no_complaint(text: str, intent: str) -> None:
    """A greeting, a question or a food complaint with a morning word stays what it was."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "shu kol hal resayel? ma 3am efham",
        "why all the texts from you lately",
        "ما عاد اقدر اركز بشغلي من اشعاراتكم",
        "I keep receiving your offers and never signed up for anything",
        "could you ease up on the promo messages",
    ],
)
def test_all_the_messages_or_trouble_because_of_them_is_asked_about(text: str) -> None:
    """ "All" right before the messages, "من" + your messages with a negation, "keep receiving",
    "ease up on": too many messages, read by position as much as by phrase; asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "مش فاكرة اني اشتركت عندكم اصلا",
        "ما اذكر اني سجلت في شي عندكم",
        "والله ما اعتقد اني اشتركت معكم",
        "3omri ma eshtarakt fe 7aga zay di",
        "I don't think I ever subscribed to these",
    ],
)
def test_not_remembering_subscribing_is_asked_about(text: str) -> None:
    """A negation up to four words before a first-person "subscribed": a probable opt-out."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ما اشتركت في التطبيق بس ابي اطلب ٢ شاورما", "order"),
        ("اشتركت في برنامج الولاء امس، كيف استخدم النقاط؟", "other"),
        ("I subscribed last week, how do I use the discount code?", "support"),
    ],
)
def test_subscribing_words_without_a_denial_or_with_an_order_are_not_asked(text: str, intent: str) -> None:
    """An order beside the denial stays an order; "I subscribed" with no negation denies nothing."""
    assert classify_intent(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "ابغى كل العروض اللي عندكم هالاسبوع",
        "ايش كل العروض اللي عندكم الحين؟",
        "bade kol el 3orood elli 3andkon",
    ],
)
def test_wanting_or_asking_what_offers_there_are_is_no_opt_out_question(text: str) -> None:
    """A want word just before the offers, or "what do you have": asked for, not too many."""
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


def test_wanting_to_know_why_they_come_every_day_is_still_asked() -> None:
    """ "بدي اعرف ليش كل يوم بتبعتولي عروض": the want word is about knowing, the complaint stays."""
    assert classify_intent("بدي اعرف ليش كل يوم بتبعتولي عروض").intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "who signed me up for all this?",
        "مين سجلني عندكم؟ انا ما بتذكر",
        "meen sajjalni 3andkon?",
        "who added me to this list",
    ],
)
def test_asking_who_signed_me_up_is_asked_about(text: str) -> None:
    """ "Who signed me up": the customer did not, so probably a request to stop (asked first)."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_who_with_a_sign_verb_but_no_me_is_not_asked() -> None:
    """English needs the object: "who put the onions in my burger" is about the food."""
    assert classify_intent("who put the onions in my burger, it was awful").intent != "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "رسايلكم مالية التليفون وانا مش لاقي رسايل الشغل",
        "عروضكن مالين الموبايل عنجد",
        "your texts are filling up my phone",
    ],
)
def test_messages_filling_the_phone_are_asked_about(text: str) -> None:
    """Egyptian "مالية / مالين" (filling it) beside the messages: too many, asked; "مالية" is no
    typo of "ميه" (water), so no dish keeps it from the question."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "kel yom notification mn 3andkon, shu fi?",
        "el telefon 3am yerjaf kel shway mn masajetkon",
        "kol yom 3oroodkom 3ala el whatsapp, 7aram 3aleko",
    ],
)
def test_arabizi_messages_with_your_suffix_and_one_notification_are_the_messages(text: str) -> None:
    """Arabizi nouns with "your" attached ("masajetkon", "3oroodkom") and a singular
    "notification", every day: the messages, too often; asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_a_notification_about_the_order_is_not_the_marketing() -> None:
    """A missing order notification is about this order, never asked about stopping messages."""
    assert classify_intent("I never got a notification that my order was ready").intent != "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["why do I get your promos every other day", "عروضكم توصلني يوم ورا يوم، ليش؟"]
)
def test_offers_every_other_day_are_asked_about(text) -> None:
    """ "every other day", "يوم ورا يوم": how often the offers come, a probable opt-out."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["a promo every single night, really?", "kel sa3a 3ard jdid menkon"])
def test_offers_every_night_or_hour_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["يا جماعة ترى الجوال صار يرن من عروضكم", "my phone keeps buzzing with your promos"]
)
def test_the_phone_ringing_with_our_offers_is_asked_about(text: str) -> None:
    """The phone ringing or buzzing because of the restaurant's marketing: probably an opt-out."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_a_ringing_phone_without_the_offers_is_not_asked_about() -> None:
    """A ring with no marketing word (nobody answering) asks nothing about the messages."""
    assert classify_intent("جوالي يرن وما احد يرد عليكم").intent != "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "I don't remember ever giving you my number",
        "ما عطيتكم رقمي عشان ترسلون لي",
        "never gave you my number",
    ],
)
def test_denying_having_given_the_number_is_asked_about(text: str) -> None:
    """A negated "gave you my number": how they reach me is the complaint; asked first."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_why_am_i_on_the_list_is_asked_about() -> None:
    """The list named only as a noun in a why-question: probably an opt-out, asked."""
    assert classify_intent("why am I on your mailing list at all").intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "honestly I hear from your restaurant more often than from my own brother",
        "is there a way to get fewer of these messages",
        "خففوا الرسايل شوي الله يخليكم",
    ],
)
def test_hearing_from_us_more_than_family_or_wishing_for_fewer_messages_is_asked_about(text: str) -> None:
    """Hearing from the restaurant "more often than" anyone, or asking for fewer messages."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_less_of_an_ingredient_is_no_question_about_the_messages() -> None:
    assert classify_intent("less sugar in the juice please").intent != "opt_out_uncertain"


@pytest.mark.parametrize(
    "text",
    [
        "do you really need to message me every single evening?",
        "seriously, another promo? I just got one yesterday",
    ],
)
def test_every_evening_and_another_promo_are_asked_about(text: str) -> None:
    """How often, said as "every single evening" or "another promo?": the marketing, too often."""
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_why_after_a_short_opening_still_asks_why() -> None:
    """ "it's 2am, why am I getting a discount text": the why-question after a short clause."""
    assert classify_intent("it's 2am, why am I getting a discount text").intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["واجد ترسلون علينا", "kteer bteb3atou rasayel"])
def test_a_lot_said_before_the_send_verb_is_asked_about(text) -> None:
    """Gulf "واجد" / Arabizi "kteer" before "you send": how much we send, asked about."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["5 offers in a single day??", "٤ رسايل في يوم واحد", "ليش هالكم من العروض"])
def test_messages_counted_in_a_day_or_by_their_amount_are_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_how_you_have_this_number_is_asked_about() -> None:
    """ "how did you even get this number": you having my number, asked how (not "how do I …")."""
    assert classify_intent("wait, how did you even get this number").intent == "opt_out_uncertain"
    assert classify_intent("is this number on whatsapp?").intent != "opt_out_uncertain"


def test_a_channel_holding_nothing_but_us_is_asked_about() -> None:
    assert classify_intent("my inbox is nothing but your offers now").intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["وايد حلو الاكل", "ktir tayeb el akl", "كثير ترسلون لي عروض حلوة شكرا"])
def test_a_lot_in_praise_is_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text",
    [
        "yet another promo message",
        "هي العروض دي مش هتخلص؟",
        "who gave you el number taba3i",
        "الرقم هذا وش دخله برسايلكم",
        "when did I sign up for your offers",
    ],
)
def test_one_more_never_ending_my_number_or_a_denied_sign_up_is_asked_about(text) -> None:
    """ "another … text", a future "won't end", "number" + "mine" after it, "what has it to do
    with your offers", "did / when did I sign up": asked about, never an opt-in or a guess."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize("text", ["promo after promo, give it a rest", "رسالة بعد رسالة والله"])
def test_one_message_after_another_is_asked_about(text) -> None:
    assert classify_intent(text).intent == "opt_out_uncertain"


def test_permission_never_given_is_asked_about() -> None:
    """ "I never gave you permission to …": the consent denied, like the number never given."""
    assert classify_intent("we never gave you permission to send us stuff").intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["your texts are getting out of hand lately", "the promos have gone overboard guys"]
)
def test_messages_said_to_be_too_many_in_other_words_are_asked_about(text) -> None:
    """ "out of hand", "overboard" about the messages: more of them than is reasonable, so asked."""
    assert classify_intent(text).intent == "opt_out_uncertain"


@pytest.mark.parametrize(
    "text", ["the waiting times are getting out of hand", "the sauce on the wings was a bit much"]
)
def test_too_much_of_something_else_is_no_opt_out_question(text) -> None:
    assert classify_intent(text).intent not in ("opt_out", "opt_out_uncertain")


@pytest.mark.parametrize(
    "text", ["والله التلفون ما وقف من رسايلكم", "my phone has not stopped with your messages"]
)
def test_messages_told_as_never_stopping_are_asked_about_not_stopped(text) -> None:
    """ "ما وقف" (has not stopped) tells of the messages; it asks nothing to stop: asked about."""
    assert classify_intent(text).intent == "opt_out_uncertain"
