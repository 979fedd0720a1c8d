"""The analytics page's figures on the real database: KPIs, trend, breakdowns, branches,
response time, follow-ups and the feedback export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from crm_res.models import (
    ConversationStatus,
    Event,
    Feedback,
    Message,
    MessageDirection,
    MessageSender,
    OrderStatus,
    Role,
    Sentiment,
    User,
)
from crm_res.services.access import viewer_for
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.insights import analytics, feedback
from tests.fixtures.dashboard import add_feedback, make_conversation, make_customer, make_order


def test_analytics_overview_computes_kpis_trend_breakdowns_and_branches(world):
    """Average rating, negative share, response time, resolution rate, orders and revenue, per branch."""
    s, r = world["session"], world["r"]
    now = datetime.now(UTC)
    c = make_customer(s, r.id, "966500000030", "Reem")
    # Branch A: resolved conversation answered after 30 s; branch B: open one answered after 90 s.
    make_conversation(
        s,
        r,
        c,
        world["a"],
        minutes_ago=60,
        status=ConversationStatus.resolved,
        messages=[(MessageSender.customer, "hi"), (MessageSender.ai, "hello")],
    )
    c2 = make_customer(s, r.id, "966500000031", "Ali")
    conv_b = make_conversation(
        s, r, c2, world["b"], minutes_ago=30, messages=[(MessageSender.customer, "hey")]
    )
    s.add(
        Message(
            restaurant_id=r.id,
            conversation_id=conv_b.id,
            sender=MessageSender.staff,
            body="yes",
            direction=MessageDirection.outbound,
            created_at=conv_b.started_at + timedelta(seconds=90),
        )
    )
    for rating, sentiment, cats, branch in [
        (5, Sentiment.positive, ["food"], "a"),
        (4, Sentiment.positive, [], "a"),
        (1, Sentiment.negative, ["food", "speed"], "b"),
    ]:
        add_feedback(
            s,
            r.id,
            c,
            world[branch],
            rating,
            sentiment=sentiment,
            categories=cats,
            requires_followup=rating < 3,
            created_at=now,
        )
    make_order(s, r, c, world["a"], 1, status=OrderStatus.delivered, total="100.00")
    make_order(s, r, c, world["b"], 2, status=OrderStatus.cancelled, total="40.00")
    # Old and foreign data must not count.
    add_feedback(s, r.id, c, world["a"], 1, created_at=now - timedelta(days=60))
    oc = make_customer(s, world["other"].id, "966500000032", "X")
    add_feedback(s, world["other"].id, oc, world["ob"], 1)
    s.flush()
    data = analytics.analytics_overview(session=s, viewer=world["owner"], days=30)
    k = data["kpis"]
    assert k["average_rating"] == pytest.approx(3.33, abs=0.01) and k["ratings"] == 3
    assert k["negative_share"] == pytest.approx(1 / 3, abs=0.001) and k["open_followups"] == 1
    assert k["conversations"] == 2 and k["resolution_rate"] == 0.5
    assert k["response_median_s"] == pytest.approx(60.0) and k["orders"] == 2 and k["revenue"] == 100.0
    assert len(data["trend"]) == 30 and data["trend"][-1]["ratings"] == 3
    assert {x["sentiment"]: x["count"] for x in data["sentiment"]} == {
        "positive": 2,
        "neutral": 0,
        "negative": 1,
    }
    assert data["categories"][0] | {"label_ar": "", "label_en": ""} == {
        "category": "food",
        "count": 2,
        "negative": 1,
        "label_ar": "",
        "label_en": "",
    }
    assert data["categories"][0]["label_en"] == "Food"
    by_branch = {b["name_en"]: b for b in data["branches"]}
    assert (
        by_branch["Branch A"]["avg_rating"] == "4.50" and by_branch["Branch B"]["negative_share"] == "100.0%"
    )
    assert by_branch["Branch A"]["response"] == "30s" and by_branch["Branch A"]["revenue"] == "100.00"
    staff = analytics.analytics_overview(session=s, viewer=world["staff"], days=30)
    assert staff["kpis"]["ratings"] == 2 and [b["name_en"] for b in staff["branches"]] == ["Branch A"]
    with pytest.raises(NotFound):
        analytics.analytics_overview(session=s, viewer=world["staff"], days=30, branch_id=world["b"].id)
    assert (
        analytics.analytics_overview(session=s, viewer=world["owner"], days=7, branch_id=world["b"].id)[
            "kpis"
        ]["ratings"]
        == 1
    )
    pdf = __import__("crm_res.reports.analytics_pdf", fromlist=["report_pdf"]).report_pdf(
        overview=data, restaurant_name="مطعم أ", branch_name="كل الفروع", lang="ar"
    )
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_followup_is_handled_with_a_note_and_feedback_exports_as_csv(world):
    """Marking a follow-up handled needs a note; the CSV holds the period's rows with a header."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000040", "هند")
    fb = Feedback(
        restaurant_id=r.id,
        customer_id=c.id,
        branch_id=world["a"].id,
        rating=1,
        comment="بارد",
        sentiment=Sentiment.negative,
        requires_followup=True,
    )
    s.add(fb)
    s.flush()
    with pytest.raises(InvalidInput):
        analytics.mark_followup_handled(session=s, viewer=world["owner"], feedback_id=fb.id, note="  ")
    analytics.mark_followup_handled(session=s, viewer=world["owner"], feedback_id=fb.id, note="called her")
    assert feedback.list_feedback(session=s, viewer=world["owner"], followup_only=True) == []
    text = analytics.feedback_csv(session=s, viewer=world["owner"], days=30)
    lines = text.lstrip("\ufeff").splitlines()
    assert (
        lines[0].startswith("created_at,branch,customer") and "هند" in lines[1] and "called her" in lines[1]
    )
    assert analytics.feedback_csv(session=s, viewer=world["stranger"], days=30).count("\n") == 1


def test_analytics_two_lanes_on_the_engine_match_one_connection(committed):
    """In the app the reads run in two lanes on pooled connections; the figures are the same."""
    from sqlmodel import Session

    from crm_res.db import get_engine, session_scope
    from crm_res.services.ops.demo import seed_demo

    with session_scope() as s:
        rid = seed_demo(session=s).restaurant.id
        owner = viewer_for(
            s.exec(select(User).where(User.restaurant_id == rid, User.role == Role.owner)).one()
        )
    with session_scope() as s:
        assert isinstance(s.get_bind(), type(get_engine()))
        lanes = analytics.analytics_overview(session=s, viewer=owner, days=30)
    with get_engine().connect() as conn, Session(bind=conn) as s:
        single = analytics.analytics_overview(session=s, viewer=owner, days=30)
    assert lanes == single and lanes["kpis"]["ratings"] > 0 and lanes["kpis"]["response_median_s"] is not None


def test_response_time_is_from_the_first_customer_message_to_the_first_reply_after_it(world):
    """A conversation the restaurant opened (a feedback request) is timed from the customer's first
    message, not from the request; notes and later messages do not move either end."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000040", "Noura")
    conv = make_conversation(
        s, r, c, world["a"], minutes_ago=10, messages=[(MessageSender.ai, "كيف كانت زيارتك؟")]
    )
    t0 = conv.started_at

    def say(sender: MessageSender, direction: MessageDirection, seconds: int) -> None:
        s.add(
            Message(
                restaurant_id=r.id,
                conversation_id=conv.id,
                sender=sender,
                body="…",
                type="text",
                direction=direction,
                created_at=t0 + timedelta(seconds=seconds),
            )
        )
        s.flush()

    s.refresh(conv)
    assert conv.first_inbound_at is None and conv.first_response_at is None
    say(MessageSender.customer, MessageDirection.inbound, 20)
    say(MessageSender.staff, MessageDirection.internal, 30)  # a private note is no reply
    say(MessageSender.ai, MessageDirection.outbound, 65)
    say(MessageSender.customer, MessageDirection.inbound, 90)
    say(MessageSender.ai, MessageDirection.outbound, 200)
    s.refresh(conv)
    assert conv.first_inbound_at == t0 + timedelta(seconds=20)
    assert conv.first_response_at == t0 + timedelta(seconds=65)
    k = analytics.analytics_overview(session=s, viewer=world["owner"], days=30)["kpis"]
    assert k["response_median_s"] == pytest.approx(45.0)


def test_llm_usage_sums_calls_tokens_cost_and_fallbacks_for_the_period_and_restaurant(world):
    """Only this restaurant's llm.* events inside the period count; tokens and cost are summed."""
    s, r, other = world["session"], world["r"], world["other"]
    now = datetime.now(UTC)

    def ev(rid, kind, data, at=now):  # type: ignore[no-untyped-def]
        s.add(Event(restaurant_id=rid, actor="ai", kind=kind, data=data, created_at=at))

    ev(r.id, "llm.call", {"prompt_tokens": 1000, "completion_tokens": 200, "cost_usd": 0.0125})
    ev(r.id, "llm.call", {"prompt_tokens": 500, "completion_tokens": 50, "cost_usd": 0.005})
    ev(
        r.id,
        "llm.call",
        {"prompt_tokens": 9999, "completion_tokens": 9999, "cost_usd": 9.0},
        now - timedelta(days=40),
    )
    ev(r.id, "llm.reply_rejected", {"problems": ["price"]})
    ev(r.id, "llm.all_failed", {"reasons": []})
    ev(other.id, "llm.call", {"prompt_tokens": 7, "completion_tokens": 7, "cost_usd": 1.0})
    s.flush()
    usage = analytics.llm_usage(session=s, viewer=world["owner"], days=30)
    assert usage == {
        "calls": 2,
        "tokens_in": 1500,
        "tokens_out": 250,
        "cost_usd": 0.0175,
        "rejected": 1,
        "failed": 1,
    }
    assert analytics.llm_usage(session=s, viewer=world["stranger"], days=30)["calls"] == 1
    assert analytics.llm_usage(session=s, viewer=world["owner"], days=90)["calls"] == 3


def test_followup_queue_is_limited_to_period_and_branch_and_its_count_matches(world):
    """Old or other-branch open follow-ups are neither listed nor counted; the total counts beyond the page."""
    s, r = world["session"], world["r"]
    c = make_customer(s, r.id, "966500000901", "Q")
    now = datetime.now(UTC)
    for branch, days_ago in (
        (world["a"], 1),
        (world["a"], 2),
        (world["a"], 3),
        (world["a"], 45),
        (world["b"], 1),
    ):
        add_feedback(s, r.id, c, branch, 1, requires_followup=True, created_at=now - timedelta(days=days_ago))
    s.flush()
    q = analytics.followup_queue(
        session=s, viewer=world["owner"], days=30, branch_id=str(world["a"].id), limit=2
    )
    assert q["total"] == 3 and len(q["rows"]) == 2
    assert analytics.followup_queue(session=s, viewer=world["owner"], days=30)["total"] == 4
    assert analytics.followup_queue(session=s, viewer=world["owner"], days=90)["total"] == 5
    staff = analytics.followup_queue(session=s, viewer=world["staff"], days=30)
    assert staff["total"] == 3 == len(staff["rows"])
