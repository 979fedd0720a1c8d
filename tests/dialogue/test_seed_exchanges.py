"""The seed's two exchanges word for word, and the ways customers used to get stuck, through the
webhook, the worker and a fake Graph API (a one-branch restaurant, as in the seed)."""

from __future__ import annotations

import pytest

from tests.fixtures.channel import demo_chat, q, sent_texts

CUSTOMER = "966555000222"
ASK_RATING = "وش تقييمك لتجربتك معنا من 1-5؟"


@pytest.fixture
def seed(committed, redis_conn, graph, wired):  # type: ignore[no-untyped-def]
    """The demo restaurant with one branch (Olaya) open around the clock and discount codes on."""
    customer = demo_chat(
        committed,
        graph,
        CUSTOMER,
        "سارة",
        "UPDATE branches SET is_active = false WHERE name_en <> 'Olaya Branch'",
        'UPDATE restaurants SET settings = settings || \'{"discount_enabled": true, '
        "\"discount_percent\": 15}'::jsonb, personality_type = 'casual'",
    )

    def say(body: str) -> list[str]:
        """The customer writes; returns the restaurant's replies to this message."""
        return sent_texts(customer.say(body))

    def tap(reply_id: str, title: str) -> list[str]:
        return sent_texts(customer.tap(reply_id, title))

    yield {"say": say, "tap": tap, "engine": committed, "graph": graph}


def _orders(engine) -> list:  # type: ignore[no-untyped-def]
    return q(
        engine,
        "SELECT o.number, o.total_amount, o.delivery_type FROM orders o JOIN customers c "
        "ON c.id = o.customer_id WHERE c.wa_id = :w ORDER BY o.number",
        w=CUSTOMER,
    )


def test_seed_order_exchange_word_for_word(seed):
    """order text → "طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال" → "للتأكيد اكتب نعم" → "نعم" →
    "تم استلام طلبك #N" + "وقت التحضير: 20 دقيقة"."""
    out = seed["say"]("ابغى اطلب برجر مع بطاطس")
    assert len(out) == 2
    assert out[0].splitlines()[0] == "طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال"
    assert "استلام من فرع العليا" in out[0] and "فرع فرع" not in out[0]
    assert out[1] == "للتأكيد اكتب نعم"
    assert _orders(seed["engine"]) == []  # nothing placed before the yes
    out = seed["say"]("نعم")
    [(number, total, mode)] = _orders(seed["engine"])
    assert float(total) == 47.0 and mode == "pickup"
    assert out[0] == f"تم استلام طلبك #{number}"
    assert out[1].splitlines()[0] == "وقت التحضير: 20 دقيقة"


@pytest.mark.parametrize("yes", ["ايوه", "تمام", "yes", "button"])
def test_every_kind_of_yes_after_the_summary_places_the_order(seed, yes):
    """ "ايوه" / "تمام" / "yes" / the confirm button after the summary place the order (no pickup question)."""
    seed["say"]("ابغى اطلب برجر مع بطاطس")
    out = seed["tap"]("confirm_yes", "نعم ✅") if yes == "button" else seed["say"](yes)
    [(number, _total, _mode)] = _orders(seed["engine"])
    assert f"#{number}" in out[0] and not any("استلام من الفرع ولا توصيل" in t for t in out)


def test_seed_feedback_exchange_word_for_word_when_the_customer_writes_first(seed):
    """ "الأكل كان لذيذ بس الخدمة بطيئة شوي" → apology + rating question → "3" → thanks + a 15% code."""
    out = seed["say"]("الأكل كان لذيذ بس الخدمة بطيئة شوي")
    assert out == ["حقك علينا والله، نعتذر منك! وصّلنا كلامك للإدارة وبيتابعونه على طول.", ASK_RATING]
    out = seed["say"]("3")
    [(code,)] = q(
        seed["engine"],
        "SELECT d.code FROM discount_codes d JOIN customers c ON c.id = d.customer_id WHERE c.wa_id = :w",
        w=CUSTOMER,
    )
    assert out == [
        "شكراً على تقييمك 3/5، وحقك علينا، بنشتغل نكون أحسن.\nوهذي هدية منا: كود خصم 15% لزيارتك الجاية: "
        + code
    ]
    [(rating,)] = q(
        seed["engine"],
        "SELECT f.rating FROM feedback f JOIN customers c ON c.id = f.customer_id WHERE c.wa_id = :w",
        w=CUSTOMER,
    )
    assert rating == 3


@pytest.mark.parametrize(
    ("after", "expected"),
    [("شكراً", "العفو، تسلم!"), ("السلام عليكم مرة ثانية", "هلا والله!")],
)
def test_after_a_rating_later_messages_get_a_fitting_reply_not_the_rating_question(seed, after, expected):
    """The stuck case: after rating, "شكراً" / a new greeting get thanks / a greeting, never the question."""
    seed["say"]("الأكل كان لذيذ بس الخدمة بطيئة شوي")
    seed["say"]("3")
    out = seed["say"](after)
    assert out and out[0].startswith(expected) and ASK_RATING not in out


def test_after_staff_resolve_the_next_message_starts_fresh(seed):
    """Mid-rating, staff resolve the conversation: the customer's next message is not met by the rating question."""
    from sqlmodel import Session, select

    from crm_res.models import Conversation, Customer, User
    from crm_res.services.accounts.users import viewer_for
    from crm_res.services.inbox import conversations as conv_service

    seed["say"]("الأكل كان لذيذ بس الخدمة بطيئة شوي")
    with Session(seed["engine"]) as s:
        owner = s.exec(select(User).where(User.email == "owner@demo.crm-res.sa")).one()
        conv = s.exec(select(Conversation).join(Customer).where(Customer.wa_id == CUSTOMER)).one()
        conv_service.resolve(session=s, viewer=viewer_for(owner), conversation_id=conv.id)
        s.commit()
    out = seed["say"]("السلام عليكم")
    assert out and out[0].startswith("هلا والله!") and ASK_RATING not in out
    out = seed["say"]("4")
    assert not any("4/5" in t for t in out)  # a number after a fresh start is not a rating of the old visit


def test_random_text_while_asked_for_a_rating_is_not_praise_and_the_question_stops(seed):
    """Asked for a rating, nonsense is not thanked as praise; the question is asked at most twice in a row."""
    seed["say"]("الأكل لذيذ")
    first = seed["say"]("سيبسيب قوقو")
    assert ASK_RATING in first and not any("الله يسعدك" in t for t in first)
    second = seed["say"]("ززز خخخ")
    assert ASK_RATING not in second
    third = seed["say"]("مرحبا")
    assert ASK_RATING not in third


def test_hours_question_gets_day_names_today_first(seed):
    """ "متى تفتحون؟" → Arabic day names, today's line first, "اليوم مفتوحين"; no English day codes."""
    out = seed["say"]("متى تفتحون؟")
    body = out[0]
    assert "اليوم مفتوحين" in body and "mon:" not in body and "fri:" not in body


def test_with_an_llm_the_model_proposes_and_the_state_machine_decides(seed, monkeypatch):
    """The model's order lines go through the same machine: menu prices, the summary and "للتأكيد اكتب نعم"
    (not the model's own "done" reply), and only the customer's yes places the order."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services.dialogue import llm_flow
    from crm_res.settings import get_settings
    from tests.fakes.fake_llm import FakeLLM

    reset_breakers()
    with FakeLLM() as llm:
        llm.script(
            "m/one",
            content={
                "intent": "order",
                "sentiment": "neutral",
                "categories": [],
                "confidence": 0.9,
                "reply": "تم طلبك! برجر بـ 20 ريال",
                "rating": None,
                "escalate": False,
                "order_items": [{"name": "برجر", "quantity": 2, "modifications": []}],
            },
        )
        monkeypatch.setenv("LLM_API_KEY", "k")
        monkeypatch.setenv("LLM_BASE_URL", llm.url)
        monkeypatch.setenv("LLM_MODELS", "m/one")
        get_settings.cache_clear()
        llm_flow.gateway.cache_clear()
        out = seed["say"]("عطني ثنتين من البرجر الله يعافيك")
        assert out[0].splitlines()[0] == "طلبك: 2 × برجر (2 × 35 = 70 ريال) = 70 ريال"
        assert out[1] == "للتأكيد اكتب نعم" and not any("20 ريال" in t for t in out)
        assert _orders(seed["engine"]) == []
        out = seed["say"]("نعم")  # mid-order: the machine answers, the model is not asked
        calls = len(llm.calls)
    [(number, total, _mode)] = _orders(seed["engine"])
    assert float(total) == 70.0 and out[0] == f"تم استلام طلبك #{number}" and calls == 1
    llm_flow.gateway.cache_clear()
    get_settings.cache_clear()


def test_with_an_llm_the_answer_to_an_offer_is_the_machines(seed, monkeypatch):
    """The rules' "كنافة بـ 24 ريال، تبغى أضيفه لطلبك؟" (the model being unsure) → "ايوه" adds
    it: the model is not asked to read a bare yes it never offered."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services.dialogue import llm_flow
    from crm_res.settings import get_settings
    from tests.fakes.fake_llm import FakeLLM

    reset_breakers()
    unsure = {
        "intent": "support",
        "sentiment": "neutral",
        "categories": [],
        "confidence": 0.2,  # below LOW_CONFIDENCE: the rules answer
        "reply": "",
        "rating": None,
        "escalate": False,
        "order_items": [],
    }
    with FakeLLM() as llm:
        llm.script("m/one", content=unsure)
        monkeypatch.setenv("LLM_API_KEY", "k")
        monkeypatch.setenv("LLM_BASE_URL", llm.url)
        monkeypatch.setenv("LLM_MODELS", "m/one")
        get_settings.cache_clear()
        llm_flow.gateway.cache_clear()
        out = seed["say"]("بكم الكنافة؟")
        assert out == ["كنافة بـ 24 ريال، تبغى أضيفه لطلبك؟"]
        asked = len(llm.calls)
        out = seed["say"]("ايوه")
        calls = len(llm.calls)
    assert calls == asked == 1
    assert out[0].splitlines()[0] == "طلبك: كنافة (24 ريال) = 24 ريال" and out[-1] == "للتأكيد اكتب نعم"
    assert _orders(seed["engine"]) == []
    llm_flow.gateway.cache_clear()
    get_settings.cache_clear()
