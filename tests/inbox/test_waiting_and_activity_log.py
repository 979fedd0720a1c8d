"""The inbox as staff work it: who waits for a person (pinned, with the wait in words), the next one
to open after resolving, and the thread's activity log of who did what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crm_res.models import (
    ConversationStatus,
    Handler,
    MessageSender,
)
from crm_res.services.inbox import conversations, inbox
from tests.fixtures.dashboard import add_message, make_conversation, make_customer

NOW = datetime.now(UTC)


def _say(s, conv, sender: MessageSender, minutes_ago: float, body: str = "…") -> None:  # type: ignore[no-untyped-def]
    add_message(s, conv, sender, body, NOW - timedelta(minutes=minutes_ago), occurred=True)
    s.flush()


def test_waiting_words_read_like_a_person_in_both_languages():
    """Arabic counts take their own forms (دقيقتين, 3 دقائق, 11 دقيقة) in Western digits (the restaurant's digit style is applied where they are shown)."""
    cases = {
        30: ("الآن", "just now"),
        60: ("منذ دقيقة", "1 min"),
        150: ("منذ دقيقتين", "2 min"),
        200: ("منذ 3 دقائق", "3 min"),
        660: ("منذ 11 دقيقة", "11 min"),
        7200: ("منذ ساعتين", "2 h"),
        3 * 86400: ("منذ 3 أيام", "3 d"),
        12 * 86400: ("منذ 12 يوماً", "12 d"),
    }
    for seconds, (ar, en) in cases.items():
        assert inbox.waiting_words(seconds) == {"ar": ar, "en": en}, seconds


def test_escalated_and_unanswered_are_pinned_longest_wait_first_and_left_out_of_the_list(world):
    """Escalations first, then the longest wait; answered, resolved and freshly AI-handled ones are not
    pinned; the list below leaves the pinned ones out; staff see only their branch's."""
    s, r, a, b = world["session"], world["r"], world["a"], world["b"]

    def conv(name, branch, **kw):  # type: ignore[no-untyped-def]
        return make_conversation(
            s, r, make_customer(s, r.id, f"9665{abs(hash(name)) % 10**8:08d}", name), branch, **kw
        )

    escalated = conv("مصعد", a, status=ConversationStatus.escalated)
    escalated.handled_by = Handler.staff
    _say(s, escalated, MessageSender.customer, 3)
    _say(s, escalated, MessageSender.ai, 2.9)  # the assistant's "a colleague will answer" is no answer
    waiting = conv("ينتظر", a)
    waiting.handled_by = Handler.staff
    _say(s, waiting, MessageSender.staff, 30)
    _say(s, waiting, MessageSender.customer, 20)
    _say(s, waiting, MessageSender.customer, 10)
    answered = conv("أجيب", a)
    answered.handled_by = Handler.staff
    _say(s, answered, MessageSender.customer, 5)
    _say(s, answered, MessageSender.staff, 4)
    ai_fresh = conv("المساعد يرد", a)
    _say(s, ai_fresh, MessageSender.customer, 0.2)
    ai_stuck = conv("عالق", b)
    _say(s, ai_stuck, MessageSender.customer, 6)
    done = conv("منتهية", a, status=ConversationStatus.resolved)
    _say(s, done, MessageSender.customer, 50)
    s.add_all([escalated, waiting, answered])
    s.flush()

    pinned = inbox.waiting_conversations(session=s, viewer=world["owner"], now=NOW)
    assert [p["customer_name"] for p in pinned] == ["مصعد", "ينتظر", "عالق"]
    assert pinned[1]["waiting_ar"] == "منذ 20 دقيقة" and pinned[1]["waiting_en"] == "20 min"
    assert pinned[0]["waiting_en"] == "3 min"
    assert [
        p["customer_name"] for p in inbox.waiting_conversations(session=s, viewer=world["staff"], now=NOW)
    ] == ["مصعد", "ينتظر"]
    assert inbox.waiting_conversations(session=s, viewer=world["stranger"], now=NOW) == []
    # Filters apply to the pinned part too.
    assert [
        p["customer_name"]
        for p in inbox.waiting_conversations(session=s, viewer=world["owner"], now=NOW, branch_id=str(b.id))
    ] == ["عالق"]
    rest = conversations.list_conversations(
        session=s, viewer=world["owner"], exclude_ids=[p["id"] for p in pinned]
    )
    assert {x["customer_name"] for x in rest} == {"أجيب", "المساعد يرد", "منتهية"}
    # After finishing one, the next is the first waiting other than it.
    assert inbox.next_waiting(session=s, viewer=world["owner"], after=escalated.id, now=NOW) == str(
        waiting.id
    )
    assert inbox.next_waiting(session=s, viewer=world["stranger"], now=NOW) is None


def test_the_activity_log_says_who_did_what_and_a_reply_is_not_a_takeover(world):
    """Escalated by the assistant, taken over, assigned, handed back, taken over again (reopening a
    resolved one), resolved: each a line with its actor; replies by the one who has it add none."""
    s, r = world["session"], world["r"]
    owner = world["owner"]
    from crm_res.services.dialogue.escalation import escalate

    conv = make_conversation(
        s,
        r,
        make_customer(s, r.id, "966500000077", "سلمى"),
        world["a"],
        messages=[(MessageSender.customer, "ابي موظف")],
    )
    escalate(session=s, conversation=conv, reason="asked_for_human")
    kw = {"session": s, "viewer": owner, "conversation_id": conv.id}
    conversations.take_over(**kw)
    conversations.staff_reply(**kw, body="أهلاً")
    conversations.staff_reply(**kw, body="تفضلي")
    conversations.assign(**kw, user_id=world["staff"].user_id)
    conversations.hand_back(**kw)
    conversations.resolve(**kw)
    conversations.take_over(**kw)
    s.flush()
    log = inbox.conversation_activity(**kw)
    assert [(x["event"], x["actor_kind"]) for x in log] == [
        ("escalated", "ai"),
        ("takeover", "user"),
        ("assigned", "user"),
        ("handback", "user"),
        ("resolved", "user"),
        ("reopened", "user"),
        ("takeover", "user"),
    ]
    assert log[1]["actor"] == "Owner" and log[2]["target"] == "staff@dash.sa"
    assert all(x["kind"] == "activity" and x["at_label"] for x in log)
    # Another restaurant cannot read it.
    import pytest

    from crm_res.services.errors import NotFound

    with pytest.raises(NotFound):
        inbox.conversation_activity(session=s, viewer=world["stranger"], conversation_id=conv.id)


def test_snoozed_conversations_leave_the_inbox_until_their_time_or_the_customer_writes(world):
    """Snoozed: out of the list and of the pinned part, listed under "snoozed"; back when the customer
    writes again or when the time has passed; "off" ends it; an unknown option is refused."""
    import pytest

    from crm_res.services.errors import InvalidInput

    s, r, owner = world["session"], world["r"], world["owner"]
    conv = make_conversation(s, r, make_customer(s, r.id, "966500000088", "هادئ"), world["a"], minutes_ago=5)
    conv.handled_by = Handler.staff
    _say(s, conv, MessageSender.customer, 5)
    kw = {"session": s, "viewer": owner, "conversation_id": conv.id}

    def names(**filters):  # type: ignore[no-untyped-def]
        return [
            x["customer_name"] for x in conversations.list_conversations(session=s, viewer=owner, **filters)
        ]

    assert [p["customer_name"] for p in inbox.waiting_conversations(session=s, viewer=owner)] == ["هادئ"]
    conversations.snooze(**kw, option="1h")
    s.flush()
    assert names(snoozed=False) == [] and names(snoozed=True) == ["هادئ"] and names() == ["هادئ"]
    assert inbox.waiting_conversations(session=s, viewer=owner) == []
    assert conversations.conversation_detail(**kw)["snoozed_label"] != ""
    conv.last_message_at = datetime.now(UTC) + timedelta(seconds=5)  # the customer writes again
    s.add(conv)
    s.flush()
    assert names(snoozed=False) == ["هادئ"]
    conversations.snooze(**kw, option="3h", now=datetime.now(UTC) + timedelta(seconds=10))
    s.flush()
    assert names(snoozed=False) == []
    conv.snoozed_until = datetime.now(UTC) - timedelta(seconds=1)  # its time has passed
    s.add(conv)
    s.flush()
    assert names(snoozed=False) == ["هادئ"]
    conversations.snooze(**kw, option="tomorrow")
    conversations.snooze(**kw, option="off")
    s.flush()
    assert names(snoozed=False) == ["هادئ"] and conv.snoozed_until is None
    with pytest.raises(InvalidInput):
        conversations.snooze(**kw, option="forever")


def test_snooze_until_tomorrow_is_the_restaurants_next_morning():
    """ "Tomorrow" ends at 10:00 the next day in the restaurant's own timezone."""
    from zoneinfo import ZoneInfo

    riyadh = ZoneInfo("Asia/Riyadh")
    late = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)  # 01:30 on the 6th in Riyadh
    assert conversations.snooze_until("tomorrow", riyadh, late) == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert conversations.snooze_until("1h", riyadh, late) == late + timedelta(hours=1)


def test_priority_is_validated_shown_and_orders_the_waiting(world):
    """Urgent ones lead the waiting conversations (after escalations); an unknown priority is refused."""
    import pytest

    from crm_res.services.errors import InvalidInput

    s, r, owner = world["session"], world["r"], world["owner"]
    convs = []
    for i, name in enumerate(("أول", "ثاني")):
        c = make_conversation(s, r, make_customer(s, r.id, f"96650000009{i}", name), world["a"])
        c.handled_by = Handler.staff
        _say(s, c, MessageSender.customer, 10 - i)
        convs.append(c)
    s.add_all(convs)
    s.flush()
    assert [p["customer_name"] for p in inbox.waiting_conversations(session=s, viewer=owner)] == [
        "أول",
        "ثاني",
    ]
    conversations.set_priority(session=s, viewer=owner, conversation_id=convs[1].id, priority="urgent")
    s.flush()
    pinned = inbox.waiting_conversations(session=s, viewer=owner)
    assert [(p["customer_name"], p["priority"]) for p in pinned] == [("ثاني", "urgent"), ("أول", "none")]
    with pytest.raises(InvalidInput):
        conversations.set_priority(session=s, viewer=owner, conversation_id=convs[0].id, priority="p1")


def test_the_demo_has_its_personalitys_quick_replies_in_both_languages_and_its_escalations_wait(session):
    """The demo restaurant (casual) gets the casual starter set in Arabic and English, once; its
    escalated conversations are pinned with the assistant's escalation in their activity log."""
    from sqlmodel import select

    from crm_res.models import CannedResponse, Role, User
    from crm_res.services.access import viewer_for
    from crm_res.services.ops.demo import seed_demo
    from crm_res.services.ops.demo_quick_replies import STARTER_QUICK_REPLIES, seed_quick_replies

    restaurant = seed_demo(session=session).restaurant
    rows = session.exec(select(CannedResponse).where(CannedResponse.restaurant_id == restaurant.id)).all()
    assert {(c.title, c.body, c.language) for c in rows} == set(STARTER_QUICK_REPLIES["casual"])
    assert {c.language for c in rows} == {"ar", "en"}
    assert seed_quick_replies(session=session, restaurant=restaurant) == 0  # topped up by title only
    for personality, replies in STARTER_QUICK_REPLIES.items():
        assert {lang for *_, lang in replies} == {"ar", "en"}, personality
        assert len({title for title, *_ in replies}) == len(replies), personality
    owner = viewer_for(
        session.exec(select(User).where(User.restaurant_id == restaurant.id, User.role == Role.owner)).one()
    )
    pinned = inbox.waiting_conversations(session=session, viewer=owner)
    assert pinned and all(p["status"] == "escalated" for p in pinned)
    log = inbox.conversation_activity(session=session, viewer=owner, conversation_id=pinned[0]["id"])
    assert [x["event"] for x in log] == ["escalated"]
