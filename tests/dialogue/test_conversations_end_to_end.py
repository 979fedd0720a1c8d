"""Whole conversations through the webhook, the worker and a fake Graph API (and a fake LLM)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_llm import FakeLLM, decision
from tests.fixtures.channel import (
    dashboard_reply,
    demo_open_around_the_clock,
    post,
    q,
    run_worker,
    sent_texts,
)
from tests.fixtures.llm import use_fake_llm

PNID = "demo"
CUSTOMER = "966555000111"


@pytest.fixture
def demo(committed, redis_conn, graph, wired):  # type: ignore[no-untyped-def]  # noqa: F811
    """The demo restaurant on a fake Graph API, its branches open around the clock."""
    from starlette.testclient import TestClient

    import webhook

    demo_open_around_the_clock(committed)
    client = TestClient(webhook.app)

    def say(body: str, expect: int) -> list:
        """The customer writes; returns every message the restaurant has sent so far."""
        assert post(client, wa.text_message(PNID, CUSTOMER, body, name="سارة")).status_code == 200
        run_worker()
        return graph.wait_for(expect)

    def send(event, expect: int) -> list:  # type: ignore[no-untyped-def]
        """The customer sends any WhatsApp event (button tap, location pin)."""
        assert post(client, event).status_code == 200
        run_worker()
        return graph.wait_for(expect)

    yield {"say": say, "send": send, "graph": graph, "engine": committed, "client": client}


def test_full_order_conversation_in_saudi_arabic(demo):
    """ابغى اطلب برجر مع بطاطس → summary 47 SAR + which branch (two of them) → العليا → final summary
    + "للتأكيد اكتب نعم" → نعم → the order, its number and the preparation time."""
    sent = demo["say"]("ابغى اطلب برجر مع بطاطس", 2)
    summary, _branch = sent_texts(sent)[-2:]
    assert summary == "طلبك: برجر (35 ريال) + بطاطس (12 ريال) = 47 ريال"
    assert sent[-1].type == "interactive" and sent[-1].json["interactive"]["type"] == "list"
    sent = demo["say"]("العليا", 4)
    final, ask = sent_texts(sent)[-2:]
    assert final.splitlines()[1].startswith("استلام من فرع العليا") and ask == "للتأكيد اكتب نعم"
    sent = demo["say"]("نعم", 6)
    [(number, total, status, items, mode)] = q(
        demo["engine"],
        "SELECT number, total_amount, status, items, delivery_type FROM orders WHERE conversation_id IN "
        "(SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = :w)",
        w=CUSTOMER,
    )
    assert float(total) == 47.0 and status == "confirmed" and mode == "pickup"
    assert sorted(i["name_en"] for i in items) == ["Burger", "Fries"]
    assert sent_texts(sent)[-2:] == [f"تم استلام طلبك #{number}", "وقت التحضير: 20 دقيقة\nبالعافية مقدماً!"]
    run_worker()  # the POS forward job
    assert (
        q(demo["engine"], "SELECT pos_order_id FROM orders WHERE number = :n", n=number)[0][0]
        == f"LOCAL-{number}"
    )
    assert q(demo["engine"], "SELECT count(*) FROM notifications WHERE kind = 'new_order'")[0][0] >= 1


def test_shared_location_mid_order_picks_the_nearest_branch(demo):
    """Asked for the branch, a pin in Jeddah (through the webhook) picks Tahlia, not the first branch."""
    demo["say"]("ابغى برجر استلام", 2)
    sent = demo["send"](wa.location_message(PNID, CUSTOMER, 21.55, 39.17, location_name="Jeddah Corniche"), 5)
    assert any("التحلية" in t for t in sent_texts(sent)[-3:])
    demo["say"]("نعم", 7)
    [(branch,)] = q(
        demo["engine"],
        "SELECT b.name_en FROM orders o JOIN branches b ON b.id = o.branch_id "
        "JOIN customers cu ON cu.id = o.customer_id WHERE cu.wa_id = :w",
        w=CUSTOMER,
    )
    assert branch == "Tahlia Branch"


def test_delivery_with_a_shared_location_stores_the_address(demo):
    """توصيل → the address question → a shared pin → confirmation → a delivery order with the map link."""
    demo["say"]("ابغى شاورما دجاج", 2)
    sent = demo["send"](wa.button_reply(PNID, CUSTOMER, "mode_delivery", "توصيل 🛵"), 3)
    assert "موقعك" in sent_texts(sent)[-1]
    demo["send"](wa.location_message(PNID, CUSTOMER, 24.70, 46.68), 6)
    demo["say"]("ايوه", 8)
    [(mode, notes, branch)] = q(
        demo["engine"],
        "SELECT o.delivery_type, o.delivery_address, b.name_en "
        "FROM orders o JOIN branches b ON b.id = o.branch_id "
        "JOIN customers cu ON cu.id = o.customer_id WHERE cu.wa_id = :w",
        w=CUSTOMER,
    )
    assert mode == "delivery" and "maps.google.com/?q=24.7,46.68" in notes and branch == "Olaya Branch"


def test_manager_gets_a_whatsapp_alert_for_negative_feedback(demo):
    """A complaint reaches the owner's WhatsApp through the outbox and the fake Graph API."""
    with demo["engine"].begin() as conn:
        conn.execute(text("UPDATE users SET whatsapp_number = '+966500000009' WHERE role = 'owner'"))
        # the owner wrote to the business number today: a free-form alert may go out
        conn.execute(
            text(
                "INSERT INTO customers (id, restaurant_id, wa_id, name, tags, language_preference, "
                "opted_out, last_inbound_at) SELECT gen_random_uuid(), id, '966500000009', 'owner', "
                "'{staff}', 'ar-SA', false, now() FROM restaurants"
            )
        )
    demo["say"]("الطلب وصل بارد والبطاطس ناقصة", 3)
    run_worker()
    alerts = [r for r in demo["graph"].sent if r.json.get("to") == "966500000009"]
    assert len(alerts) == 1 and "بارد" in alerts[0].json["text"]["body"]


def test_full_feedback_conversation_with_negative_alert_and_discount(demo):
    """A mixed review is acknowledged with an apology, alerts the owner, a rating of 3 stores feedback + code."""
    sent = demo["say"]("الأكل كان لذيذ بس الخدمة بطيئة شوي", 2)
    apology, ask = sent_texts(sent)[-2:]
    assert q(demo["engine"], "SELECT count(*) FROM notifications WHERE kind = 'negative_feedback'")[0][0] >= 1
    assert "5" in ask
    sent = demo["say"]("٣", 3)
    [(rating, sentiment, followup, categories)] = q(
        demo["engine"],
        "SELECT rating, sentiment, requires_followup, categories FROM feedback WHERE conversation_id IN "
        "(SELECT c.id FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE cu.wa_id = :w)",
        w=CUSTOMER,
    )
    assert rating == 3 and sentiment in ("negative", "neutral") and followup is (sentiment == "negative")
    assert "service" in categories or "speed" in categories
    [code] = [
        c for (c,) in q(demo["engine"], "SELECT code FROM discount_codes WHERE feedback_id IS NOT NULL")
    ]
    assert code in sent_texts(sent)[-1]


def test_escalation_takeover_staff_reply_and_hand_back(demo):
    """ "ابي اكلم موظف" escalates; the AI stays silent while staff own it; staff write; hand back restores the AI."""
    from sqlmodel import Session, select

    from crm_res.jobs.enqueue import enqueue_send
    from crm_res.models import User
    from crm_res.services.access import viewer_for
    from crm_res.services.inbox import conversations as conv_service

    demo["say"]("ابي اكلم موظف", 1)
    [(status, handler)] = q(
        demo["engine"],
        "SELECT c.status, c.handled_by FROM conversations c JOIN customers cu "
        "ON cu.id = c.customer_id WHERE cu.wa_id = :w",
        w=CUSTOMER,
    )
    assert (status, handler) == ("escalated", "staff")
    assert q(demo["engine"], "SELECT count(*) FROM notifications WHERE kind = 'escalation'")[0][0] >= 1
    before = len(demo["graph"].sent)
    post(demo["client"], wa.text_message(PNID, CUSTOMER, "هلا؟"))
    run_worker()
    assert len(demo["graph"].sent) == before  # the assistant never speaks while staff own it
    with Session(demo["engine"], expire_on_commit=False) as s:
        owner = s.exec(select(User).where(User.email == "owner@demo.crm-res.sa")).one()
        conv, queued = dashboard_reply(s, owner, "أهلاً سارة، معك أحمد من الفرع", CUSTOMER)
    enqueue_send(queued.outbox_id)
    run_worker()
    assert sent_texts(demo["graph"].wait_for(before + 1))[-1] == "أهلاً سارة، معك أحمد من الفرع"
    with Session(demo["engine"]) as s:
        conv_service.hand_back(session=s, viewer=viewer_for(owner), conversation_id=conv.id)
        s.commit()
    demo["say"]("شكرا", before + 2)
    assert q(demo["engine"], "SELECT status, handled_by FROM conversations WHERE id = :i", i=conv.id) == [
        ("active", "ai")
    ]


def test_llm_chain_falls_through_to_the_next_model(demo, monkeypatch):
    """With an LLM key, a failing first model is skipped and the second model's reply is sent."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services.dialogue import llm_flow

    reset_breakers()
    with FakeLLM() as llm:
        llm.script("m/one", fail=500)
        llm.script(
            "m/two",
            content=decision("نفتح من ١٢ الظهر 🙂"),
        )
        use_fake_llm(monkeypatch, llm, "m/one,m/two")
        sent = demo["say"]("متى تفتحون؟", 1)
        assert sent_texts(sent)[-1] == "نفتح من ١٢ الظهر 🙂"
        assert llm.calls_for("m/one") == 1 and llm.calls_for("m/two") == 1
    [(data,)] = q(demo["engine"], "SELECT data FROM events WHERE kind = 'llm.call'")
    assert data["model"] == "m/two" and data["prompt_tokens"] > 0
    llm_flow.gateway.cache_clear()


def test_all_models_down_the_rule_based_assistant_still_answers(demo, monkeypatch):
    """Every model failing never leaves the customer in silence: the rules answer the order."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services.dialogue import llm_flow

    reset_breakers()
    with FakeLLM() as llm:
        llm.script("m/one", fail=500)
        llm.script("m/two", invalid_json=True)
        use_fake_llm(monkeypatch, llm, "m/one,m/two")
        sent = demo["say"]("2 burgers and a pepsi please", 2)
    summary = sent_texts(sent)[-2]
    assert "76" in summary  # 2 × 35 + 6
    assert q(demo["engine"], "SELECT count(*) FROM events WHERE kind = 'llm.all_failed'")[0][0] == 1
    llm_flow.gateway.cache_clear()


def test_llm_reply_with_an_invented_price_is_replaced_by_the_rules(demo, monkeypatch):
    """A model saying the burger costs 29 SAR is never sent: the rule-based price (35) goes out, with an event."""
    from crm_res.services.dialogue import llm_flow

    with FakeLLM() as llm:
        llm.script(
            "m/one",
            content=decision("البرجر عندنا بـ ٢٩ ريال بس!"),
        )
        use_fake_llm(monkeypatch, llm)
        sent = demo["say"]("كم سعر البرجر؟", 1)
    assert (
        "29" not in sent_texts(sent)[-1] and "٢٩" not in sent_texts(sent)[-1] and "35" in sent_texts(sent)[-1]
    )
    [(data,)] = q(demo["engine"], "SELECT data FROM events WHERE kind = 'llm.reply_rejected'")
    assert "price 29" in data["problems"][0]
    llm_flow.gateway.cache_clear()


def test_llm_path_stores_the_customers_language(demo, monkeypatch):
    """An English message answered by the model still records the customer's language as English."""
    from crm_res.services.dialogue import llm_flow

    with FakeLLM() as llm:
        llm.script(
            "m/one",
            content=decision("We open at noon 🙂"),
        )
        use_fake_llm(monkeypatch, llm)
        demo["say"]("what time do you open today?", 1)
        assert llm.calls[-1].messages[0]["role"] == "system"
    assert q(demo["engine"], "SELECT language_preference FROM customers WHERE wa_id = :w", w=CUSTOMER) == [
        ("en",)
    ]
    llm_flow.gateway.cache_clear()
