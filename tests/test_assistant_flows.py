"""Whole conversations through the webhook, the worker and a fake Graph API (and a fake LLM)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_llm import FakeLLM
from tests.test_channel import graph, post, q, run_worker, wired  # noqa: F401 - fixtures and helpers

PNID = "demo"
CUSTOMER = "966555000111"


@pytest.fixture
def demo(committed, redis_conn, graph, wired):  # type: ignore[no-untyped-def]  # noqa: F811
    """The demo restaurant on a fake Graph API, its branches open around the clock."""
    from starlette.testclient import TestClient

    import webhook
    from crm_res.db import session_scope
    from crm_res.services.demo import seed_demo

    with session_scope() as s:
        seed_demo(session=s)
    with committed.begin() as conn:
        conn.execute(text("""UPDATE branches SET operating_hours = '{"mon":{"open":"00:00","close":"00:00"},
            "tue":{"open":"00:00","close":"00:00"},"wed":{"open":"00:00","close":"00:00"},
            "thu":{"open":"00:00","close":"00:00"},"fri":{"open":"00:00","close":"00:00"},
            "sat":{"open":"00:00","close":"00:00"},"sun":{"open":"00:00","close":"00:00"}}'"""))
    client = TestClient(webhook.app)

    def say(body: str, expect: int) -> list:
        """The customer writes; returns every message the restaurant has sent so far."""
        assert post(client, wa.text_message(PNID, CUSTOMER, body, name="سارة")).status_code == 200
        run_worker()
        return graph.wait_for(expect)

    yield {"say": say, "graph": graph, "engine": committed, "client": client}


def _texts(sent) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for r in sent:
        if r.type == "text":
            out.append(r.json["text"]["body"])
        elif r.type == "interactive":
            out.append(r.json["interactive"]["body"]["text"])
    return out


def test_full_order_conversation_in_saudi_arabic(demo):
    """ابغى اطلب برجر مع بطاطس → summary 35+12=47 SAR → نعم → branch → confirmed order with a number."""
    sent = demo["say"]("ابغى اطلب برجر مع بطاطس", 2)
    summary, confirm = _texts(sent)[-2:]
    assert "35" in summary and "12" in summary and "47" in summary
    assert sent[-1].type == "interactive" and sent[-1].json["interactive"]["type"] == "button"
    sent = demo["say"]("نعم", 3)  # two branches: which one?
    assert sent[-1].json["interactive"]["type"] == "list"
    sent = demo["say"]("العليا", 4)
    [(number, total, status, items)] = q(demo["engine"],
        "SELECT number, total_amount, status, items FROM orders WHERE conversation_id IN "
        "(SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = :w)",
        w=CUSTOMER)  # fmt: skip
    assert float(total) == 47.0 and status == "confirmed"
    assert sorted(i["name_en"] for i in items) == ["Burger", "Fries"]
    assert f"#{number}" in _texts(sent)[-1] or str(number) in _texts(sent)[-1]
    run_worker()  # the POS forward job
    assert q(demo["engine"], "SELECT pos_order_id FROM orders WHERE number = :n", n=number)[0][0] == f"LOCAL-{number}"
    assert q(demo["engine"], "SELECT count(*) FROM notifications WHERE kind = 'new_order'")[0][0] >= 1


def test_full_feedback_conversation_with_negative_alert_and_discount(demo):
    """A mixed review is acknowledged with an apology, alerts the owner, a rating of 3 stores feedback + code."""
    sent = demo["say"]("الأكل كان لذيذ بس الخدمة بطيئة شوي", 2)
    apology, ask = _texts(sent)[-2:]
    assert q(demo["engine"], "SELECT count(*) FROM notifications WHERE kind = 'negative_feedback'")[0][0] >= 1
    assert "5" in ask
    sent = demo["say"]("٣", 3)
    [(rating, sentiment, followup, categories)] = q(demo["engine"],
        "SELECT rating, sentiment, requires_followup, categories FROM feedback WHERE conversation_id IN "
        "(SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = :w)",
        w=CUSTOMER)  # fmt: skip
    assert rating == 3 and sentiment in ("negative", "neutral") and followup is (sentiment == "negative")
    assert "service" in categories or "speed" in categories
    [code] = [c for (c,) in q(demo["engine"], "SELECT code FROM discount_codes WHERE feedback_id IS NOT NULL")]
    assert code in _texts(sent)[-1]


def test_escalation_takeover_staff_reply_and_hand_back(demo):
    """"ابي اكلم موظف" escalates; the AI stays silent while staff own it; staff write; hand back restores the AI."""
    from sqlmodel import Session, select

    from crm_res.jobs.enqueue import enqueue_send
    from crm_res.models import Conversation, Customer, User
    from crm_res.services import conversations as conv_service
    from crm_res.services.users import viewer_for

    demo["say"]("ابي اكلم موظف", 1)
    [(status, handler)] = q(demo["engine"], "SELECT c.status, c.handled_by FROM conversations c JOIN customers cu "
                                             "ON cu.id = c.customer_id WHERE cu.wa_id = :w", w=CUSTOMER)  # fmt: skip
    assert (status, handler) == ("escalated", "staff")
    assert q(demo["engine"], "SELECT count(*) FROM notifications WHERE kind = 'escalation'")[0][0] >= 1
    before = len(demo["graph"].sent)
    post(demo["client"], wa.text_message(PNID, CUSTOMER, "هلا؟"))
    run_worker()
    assert len(demo["graph"].sent) == before  # the assistant never speaks while staff own it
    with Session(demo["engine"], expire_on_commit=False) as s:
        owner = s.exec(select(User).where(User.email == "owner@demo.crm-res.sa")).one()
        conv = s.exec(select(Conversation).join(Customer).where(Customer.wa_id == CUSTOMER)).one()
        queued = conv_service.staff_reply(session=s, viewer=viewer_for(owner), conversation_id=conv.id,
                                          body="أهلاً سارة، معك أحمد من الفرع", client_key="k1")  # fmt: skip
        s.commit()
    enqueue_send(queued.outbox_id)
    run_worker()
    assert _texts(demo["graph"].wait_for(before + 1))[-1] == "أهلاً سارة، معك أحمد من الفرع"
    with Session(demo["engine"]) as s:
        conv_service.hand_back(session=s, viewer=viewer_for(owner), conversation_id=conv.id)
        s.commit()
    demo["say"]("شكرا", before + 2)
    assert q(demo["engine"], "SELECT status, handled_by FROM conversations WHERE id = :i", i=conv.id) == [("active", "ai")]


def test_llm_chain_falls_through_to_the_next_model(demo, monkeypatch):
    """With an LLM key, a failing first model is skipped and the second model's reply is sent."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services import llm_flow
    from crm_res.settings import get_settings

    reset_breakers()
    with FakeLLM() as llm:
        llm.script("m/one", fail=500)
        llm.script("m/two", content={"intent": "support", "sentiment": "neutral", "categories": [],
                                     "confidence": 0.9, "reply": "نفتح من ١٢ الظهر 🙂", "order_items": [],
                                     "rating": None, "escalate": False})  # fmt: skip
        monkeypatch.setenv("LLM_API_KEY", "k")
        monkeypatch.setenv("LLM_BASE_URL", llm.url)
        monkeypatch.setenv("LLM_MODELS", "m/one,m/two")
        get_settings.cache_clear()
        llm_flow.gateway.cache_clear()
        sent = demo["say"]("متى تفتحون؟", 1)
        assert _texts(sent)[-1] == "نفتح من ١٢ الظهر 🙂"
        assert llm.calls_for("m/one") == 1 and llm.calls_for("m/two") == 1
    [(data,)] = q(demo["engine"], "SELECT data FROM events WHERE kind = 'llm.call'")
    assert data["model"] == "m/two" and data["prompt_tokens"] > 0
    llm_flow.gateway.cache_clear()


def test_all_models_down_the_rule_based_assistant_still_answers(demo, monkeypatch):
    """Every model failing never leaves the customer in silence: the rules answer the order."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services import llm_flow
    from crm_res.settings import get_settings

    reset_breakers()
    with FakeLLM() as llm:
        llm.script("m/one", fail=500)
        llm.script("m/two", invalid_json=True)
        monkeypatch.setenv("LLM_API_KEY", "k")
        monkeypatch.setenv("LLM_BASE_URL", llm.url)
        monkeypatch.setenv("LLM_MODELS", "m/one,m/two")
        get_settings.cache_clear()
        llm_flow.gateway.cache_clear()
        sent = demo["say"]("2 burgers and a pepsi please", 2)
    summary = _texts(sent)[-2]
    assert "76" in summary  # 2 × 35 + 6
    assert q(demo["engine"], "SELECT count(*) FROM events WHERE kind = 'llm.all_failed'")[0][0] == 1
    llm_flow.gateway.cache_clear()
