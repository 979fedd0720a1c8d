"""System prompt contents and rule-based reply wording (Arabic dialects and English)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from crm_res.assistant import replies
from crm_res.assistant.prompts import RestaurantContext, build_messages, system_prompt
from crm_res.assistant.replies import Branch, MenuItem, OrderLine
from crm_res.assistant.totals import order_total
from crm_res.services.ops.demo_menu import DEMO_MENU

ARABIC = re.compile(r"[\u0600-\u06FF]")
LANGS = replies.LANGUAGES
PERSONALITIES = replies.PERSONALITIES
BRANCHES = [
    Branch("فرع العليا", "الرياض", "12:00 - 00:00", 24.6951, 46.6855),
    Branch("فرع التحلية", "جدة", "13:00 - 01:00", 21.5433, 39.1728),
]
BURGER = MenuItem("برجر", "Burger", Decimal("35"), "mains")
FRIES = MenuItem("بطاطس", "Fries", Decimal("12"), "sides")
DECISION_FIELDS = (
    "intent",
    "sentiment",
    "categories",
    "confidence",
    "reply",
    "order_items",
    "rating",
    "escalate",
)
ICE_CREAM = MenuItem("آيس كريم", "Ice Cream", Decimal("12"), "desserts", available=False)


def context(personality: str = "casual", **kwargs: object) -> RestaurantContext:
    return RestaurantContext(
        name_ar="مطعم البيك التجريبي",
        name_en="Demo Grill",
        personality=personality,
        menu=list(DEMO_MENU),  # type: ignore[arg-type]
        branches=BRANCHES,
        **kwargs,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------- prompts


def test_prompt_lists_menu_with_sar_prices_and_availability() -> None:
    """Every menu item appears with both names and its price in SAR; unavailable is marked."""
    prompt = system_prompt(context(), "ar-SA")
    assert "برجر | Burger | 35 ريال" in prompt
    assert "بطاطس | Fries | 12 ريال" in prompt
    assert "مندي لحم | Lamb Mandi | 65 ريال" in prompt
    assert re.search(r"آيس كريم \| Ice Cream \| 12 ريال \| .* \| غير متوفر حالياً", prompt)
    assert "مطعم البيك التجريبي" in prompt and "Demo Grill" in prompt


def test_prompt_has_the_hard_rules() -> None:
    """The prompt forbids inventing items or prices, fixes SAR and demands JSON only."""
    prompt = system_prompt(context(), "ar-SA")
    assert "لا تخترع أبداً أي صنف أو سعر" in prompt
    assert "never invent menu items, prices" in prompt
    assert "بالريال السعودي" in prompt
    assert "أخرج JSON فقط" in prompt
    for field in DECISION_FIELDS:
        assert field in prompt


def test_prompt_lists_branches_with_city_hours_and_maps_link() -> None:
    """Branches carry their city, hours and a Google Maps link."""
    prompt = system_prompt(context(), "ar-SA")
    assert "فرع العليا — الرياض — الدوام: 12:00 - 00:00" in prompt
    assert "https://maps.google.com/?q=24.6951,46.6855" in prompt


@pytest.mark.parametrize(
    ("personality", "marker"),
    [
        ("formal", "أهلاً وسهلاً بكم"),
        ("casual", "هلا والله"),
        ("traditional", "حياك الله"),
        ("modern", "👋"),
    ],
)
def test_prompt_speaks_in_the_personality_voice(personality: str, marker: str) -> None:
    """Each personality's prompt carries its own voice markers."""
    assert marker in system_prompt(context(personality), "ar-SA")


def test_the_four_voices_are_distinct() -> None:
    """The voice sections of the four personalities differ from each other."""
    prompts = {p: system_prompt(context(p), "ar-SA") for p in PERSONALITIES}
    assert len(set(prompts.values())) == 4
    assert "هلا والله" not in prompts["formal"]
    assert "👋" not in prompts["traditional"]


@pytest.mark.parametrize(
    ("language", "marker"),
    [("ar-SA", "سعودية"), ("ar-EG", "مصرية"), ("ar-LV", "شامية"), ("en", "بالإنجليزية")],
)
def test_prompt_asks_for_the_customer_language(language: str, marker: str) -> None:
    """The language rule follows the detected language and dialect."""
    prompt = system_prompt(context(), language)
    rules = prompt.split("## قواعد صارمة", 1)[1]
    assert marker in rules


def test_prompt_discount_section_follows_the_setting() -> None:
    """An enabled discount names its percent; otherwise the model may promise none."""
    assert "كود خصم 15%" in system_prompt(context(discount_enabled=True, discount_percent=15), "ar-SA")
    assert "لا توجد خصومات" in system_prompt(context(), "ar-SA")


def test_build_messages_orders_system_history_and_new_text() -> None:
    """System first, then history mapped to chat roles (staff marked), then the new text."""
    history = [
        ("customer", "السلام عليكم"),
        ("ai", "وعليكم السلام، هلا والله"),
        ("staff", "معك أحمد من الفرع"),
        ("customer", "   "),
    ]
    messages = build_messages(
        restaurant=context(), history=history, customer_text=" ابغى برجر ", language="ar-SA"
    )
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "assistant", "user"]
    assert messages[3]["content"] == "(موظف) معك أحمد من الفرع"
    assert messages[-1] == {"role": "user", "content": "ابغى برجر"}


def test_build_messages_keeps_only_recent_history() -> None:
    """Only the last max_history turns are sent."""
    history = [("customer", f"رسالة {i}") for i in range(30)]
    messages = build_messages(
        restaurant=context(), history=history, customer_text="x", language="en", max_history=5
    )
    assert len(messages) == 1 + 5 + 1
    assert messages[1]["content"] == "رسالة 25"


def test_context_accepts_plain_tuples() -> None:
    """Menu rows and branches given as plain tuples are normalised."""
    ctx = RestaurantContext(
        name_ar="مطعم",
        name_en="R",
        personality="unknown",
        menu=[("برجر", "Burger", "35", "mains", True)],  # type: ignore[list-item]
        branches=[("فرع", "الدمام", "10-22", None, None)],  # type: ignore[list-item]
    )
    assert ctx.menu[0].price == Decimal("35")
    assert ctx.personality == "casual"
    assert "فرع — الدمام — الدوام: 10-22 — الموقع: —" in system_prompt(ctx, "ar-SA")


# ---------------------------------------------------------------- replies: orders and prices


def test_order_summary_arabic_matches_the_seed_example() -> None:
    """Burger 35 + fries 12 = 47, written as in the seed."""
    lines = [OrderLine("برجر", 1, Decimal("35")), OrderLine("بطاطس", 1, Decimal("12"))]
    assert (
        replies.order_summary(lines, language="ar-SA") == "طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال"
    )


def test_order_summary_english() -> None:
    """The same order in English uses SAR."""
    lines = [OrderLine("Burger", 1, Decimal("35")), OrderLine("Fries", 1, Decimal("12"))]
    assert (
        replies.order_summary(lines, language="en") == "Your order: Burger (35 SAR) + Fries (12 SAR) = 47 SAR"
    )


def test_order_summary_shows_quantities_line_totals_and_modifications() -> None:
    """Quantities above one show unit price and line total; the total adds the lines."""
    lines = [
        OrderLine("برجر", 2, Decimal("35"), ("بدون بصل",)),
        OrderLine("بيبسي", 3, Decimal("6")),
        OrderLine("بطاطس", 1, Decimal("12")),
    ]
    text = replies.order_summary(lines, language="ar-SA", personality="formal")
    assert text.startswith("طلبكم: ")
    assert "2 × برجر - بدون بصل (2 × 35 = 70 ريال)" in text
    assert "3 × بيبسي (3 × 6 = 18 ريال)" in text
    assert text.endswith("= 100 ريال")
    assert order_total(lines) == Decimal("100")


def test_order_summary_rejects_an_empty_order() -> None:
    """There is no summary of nothing."""
    with pytest.raises(ValueError):
        replies.order_summary([], language="en")


def test_format_sar_shows_halalas_only_when_present() -> None:
    """Whole amounts have no decimals; fractional ones have two."""
    assert replies.format_sar(Decimal("35"), "ar-SA") == "35 ريال"
    assert replies.format_sar(Decimal("35.00"), "en") == "35 SAR"
    assert replies.format_sar(Decimal("35.5"), "en") == "35.50 SAR"
    assert replies.format_sar(47, "ar-EG") == "47 ريال"


@pytest.mark.parametrize("personality", PERSONALITIES)
@pytest.mark.parametrize("language", ["ar-SA", "ar-EG", "ar-LV"])
def test_ask_confirm_always_says_write_yes(language: str, personality: str) -> None:
    """Every Arabic confirmation prompt contains 'للتأكيد اكتب نعم'."""
    assert "للتأكيد اكتب نعم" in replies.ask_confirm(language=language, personality=personality)


def test_order_confirmed_with_number_and_eta() -> None:
    """The confirmation names the order number once and the preparation time."""
    ar = replies.order_confirmed("#1234", 20, language="ar-SA")
    assert "تم استلام طلبك #1234" in ar and "##" not in ar
    assert "وقت التحضير: 20 دقيقة" in ar
    assert "وقت التحضير: 5 دقائق" in replies.order_confirmed(7, 5, language="ar-LV")
    en = replies.order_confirmed(1234, 20, language="en", personality="formal")
    assert "#1234" in en and "Preparation time: 20 minutes" in en
    assert "Preparation" not in replies.order_confirmed(1, None, language="en")


def test_order_status_updates_per_status() -> None:
    """Each status has its own wording; an unknown one still names the status."""
    assert replies.order_status_update("ready", 12, language="ar-SA") == "طلبك #12 جاهز! 🎉"
    assert "بيتحضر" in replies.order_status_update("preparing", language="ar-EG")
    assert "delivered" in replies.order_status_update("delivered", 9, language="en")
    assert "طلبكم #3" in replies.order_status_update("cancelled", 3, personality="formal")
    assert "on_the_way" in replies.order_status_update("on_the_way", 3, language="en")


def test_unknown_items_names_them() -> None:
    """The missing items are listed in the customer's language."""
    ar = replies.unknown_items(["بيتزا", "سوشي"], language="ar-SA")
    assert "بيتزا، سوشي" in ar
    assert "pizza, sushi" in replies.unknown_items(["pizza", "sushi"], language="en")


def test_price_answer_available_and_not() -> None:
    """A price answer gives the SAR price; an unavailable item says so."""
    assert "35 ريال" in replies.price_answer(BURGER, language="ar-SA")
    assert "Burger is 35 SAR" in replies.price_answer(BURGER, language="en")
    assert "غير متوفر" in replies.price_answer(ICE_CREAM, language="ar-SA", personality="formal")
    assert "not available" in replies.price_answer(ICE_CREAM, language="en", personality="formal")


def test_menu_answer_groups_by_category() -> None:
    """Items are grouped under translated category headings with prices."""
    text = replies.menu_answer([BURGER, FRIES, ICE_CREAM], language="ar-SA")
    assert text.index("*الأطباق الرئيسية*") < text.index("• برجر — 35 ريال")
    assert text.index("*الأطباق الجانبية*") < text.index("• بطاطس — 12 ريال")
    assert "• آيس كريم — 12 ريال (غير متوفر حالياً)" in text
    en = replies.menu_answer([BURGER, FRIES], language="en", personality="modern")
    assert "*Mains*" in en and "• Burger — 35 SAR" in en and not ARABIC.search(en)


def test_location_and_hours_answers() -> None:
    """Branches are listed with a Google Maps link and with their hours."""
    loc = replies.location_answer(BRANCHES, language="ar-SA")
    assert "• فرع العليا (الرياض): https://maps.google.com/?q=24.6951,46.6855" in loc
    hours = replies.hours_answer(BRANCHES, language="en")
    assert "فرع التحلية (جدة): 13:00 - 01:00" in hours
    assert "not available" in replies.hours_answer([], language="en")


# ---------------------------------------------------------------- replies: feedback and voice


def test_greeting_voices() -> None:
    """Each personality greets in its own voice, with dialect flavour where cheap."""
    name = "مطعم التجربة"
    assert "هلا والله" in replies.greeting(name, personality="casual")
    assert "أهلاً وسهلاً بكم" in replies.greeting(name, personality="formal")
    assert "حياك الله" in replies.greeting(name, personality="traditional")
    assert "👋" in replies.greeting(name, personality="modern")
    assert "النهارده" in replies.greeting(name, language="ar-EG", personality="casual")
    assert "شو" in replies.greeting(name, language="ar-LV", personality="casual")
    assert name in replies.greeting(name, personality="formal")


@pytest.mark.parametrize("personality", PERSONALITIES)
@pytest.mark.parametrize("language", LANGS)
def test_ask_rating_mentions_one_to_five(language: str, personality: str) -> None:
    """The rating question always says 1-5."""
    assert "1-5" in replies.ask_rating(language=language, personality=personality)


def test_thank_for_rating_with_and_without_discount() -> None:
    """A code and percent are included when given; low ratings get an apology."""
    text = replies.thank_for_rating(5, "SHUKRAN15", 15, language="ar-SA")
    assert "5/5" in text and "كود خصم 15%" in text and "SHUKRAN15" in text
    assert "كود" not in replies.thank_for_rating(5, None, 15, language="ar-SA")
    assert "حقك علينا" in replies.thank_for_rating(2, None, None, language="ar-SA")
    en = replies.thank_for_rating(4, "THANKS10", 10, language="en", personality="formal")
    assert "10% discount code" in en and "THANKS10" in en
    with pytest.raises(ValueError):
        replies.thank_for_rating(6, None, None)


def test_feedback_acks_differ_by_sentiment() -> None:
    """Negative feedback gets an apology, positive feedback gets thanks."""
    assert "نعتذر" in replies.feedback_ack_negative(language="ar-SA", personality="formal")
    assert "sorry" in replies.feedback_ack_negative(language="en").lower()
    assert "شكراً" in replies.feedback_ack_positive(language="ar-SA", personality="formal")


def test_opt_out_says_how_to_come_back() -> None:
    """The opt-out confirmation names the opt-in word."""
    assert '"اشتراك"' in replies.opted_out_confirmation(language="ar-SA")
    assert '"START"' in replies.opted_out_confirmation(language="en")
    assert '"ابدأ"' in replies.opted_out_confirmation(language="ar-SA", opt_in_word="ابدأ")


SIMPLE_REPLIES: list[Callable[..., str]] = [
    replies.thanks,
    replies.ask_rating,
    replies.feedback_ack_positive,
    replies.feedback_ack_negative,
    replies.ask_confirm,
    replies.escalated_to_staff,
    replies.opted_out_confirmation,
    replies.opted_in_confirmation,
    replies.fallback_didnt_understand,
]


@pytest.mark.parametrize("personality", PERSONALITIES)
@pytest.mark.parametrize("language", LANGS)
def test_every_reply_is_in_the_requested_language(language: str, personality: str) -> None:
    """Arabic variants answer in Arabic script, English never contains Arabic."""
    texts = [fn(language=language, personality=personality) for fn in SIMPLE_REPLIES]
    texts += [
        replies.greeting("Demo", language=language, personality=personality),
        replies.order_cancelled(5, language=language, personality=personality),
        replies.order_confirmed(5, 20, language=language, personality=personality),
        replies.thank_for_rating(3, "X1", 10, language=language, personality=personality),
    ]
    for text in texts:
        assert text.strip()
        assert bool(ARABIC.search(text)) == (language != "en"), text


def test_language_and_personality_normalisation() -> None:
    """Loose tags map to the four languages and unknown personalities to casual."""
    assert replies.normalize_language("ar") == "ar-SA"
    assert replies.normalize_language("AR-eg") == "ar-EG"
    assert replies.normalize_language("en-US") == "en"
    assert replies.normalize_language(None) == "ar-SA"
    assert replies.normalize_personality("Formal") == "formal"
    assert replies.normalize_personality("grumpy") == "casual"


def test_system_messages_in_history_are_never_customer_turns() -> None:
    """A status update the business sent (sender 'system') goes to the model as an assistant turn."""
    messages = build_messages(
        restaurant=context(),
        history=[("customer", "وين طلبي؟"), ("system", "طلبك جاهز")],
        customer_text="شكراً",
        language="ar-SA",
    )
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"] == "طلبك جاهز"


def test_a_time_after_a_prayer_is_said_by_the_prayer_and_the_clock() -> None:
    from datetime import date, datetime

    today = date(2026, 11, 22)
    assert replies.after_prayer_time("maghrib", datetime(2026, 11, 22, 17, 24), today) == (
        "اليوم بعد المغرب (الساعة ٥:٢٤)"
    )
    assert replies.after_prayer_time("fajr", datetime(2026, 11, 23, 5, 30), today, language="en") == (
        "tomorrow after Fajr (5:30 AM)"
    )


def test_opening_time_says_the_day_and_the_part_of_the_day() -> None:
    """'اليوم الساعة ٤ العصر', 'غداً الساعة ١٢ الظهر', 'يوم الخميس…', and English 'tomorrow at 4 PM'."""
    from datetime import date, datetime

    today = date(2026, 11, 22)  # a Sunday
    assert replies.opening_time(datetime(2026, 11, 22, 16), today) == "اليوم الساعة ٤ العصر"
    assert replies.opening_time(datetime(2026, 11, 23, 12, 30), today) == "غداً الساعة ١٢:٣٠ الظهر"
    assert replies.opening_time(datetime(2026, 11, 26, 9), today) == "يوم الخميس الساعة ٩ الصبح"
    assert replies.opening_time(datetime(2026, 11, 23, 16), today, language="en") == "tomorrow at 4 PM"


def test_the_feedback_request_speaks_in_the_restaurants_personality_and_the_customers_language():
    """The request after an order honours the personality (it once ignored it) and the language."""
    texts = {
        p: replies.feedback_request("مطعم الرياض", "سارة", 12, personality=p) for p in replies.PERSONALITIES
    }
    assert len(set(texts.values())) == len(replies.PERSONALITIES)
    assert all("سارة" in t and "12" in t and "مطعم الرياض" in t for t in texts.values())
    english = replies.feedback_request("Riyadh Diner", "", None, language="en", personality="formal")
    assert english.startswith("Hi! ") and "your visit" in english and "Riyadh Diner" in english
    assert (
        replies.button_label("confirm_yes") == "نعم ✅"
        and replies.button_label("rate", language="en") == "Rate"
    )
    assert replies.no_orders_yet(language="en") != replies.no_orders_yet()
