"""A probable opt-out is asked about, not guessed, through the webhook, the worker and a fake Graph
API: a yes (word, "وقفوها" or the button) stops the offers, a no keeps them, anything else is
answered on its own and changes nothing; the question speaks in the restaurant's personality."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.fixtures.channel import demo_chat, q

CUSTOMER = "966555000333"
PROBABLE = "كثرتوا علينا الرسايل"
ASK_CASUAL = "تبغى نوقف رسائل العروض؟"


@pytest.fixture
def chat(committed, redis_conn, graph, wired):  # type: ignore[no-untyped-def]
    """The demo restaurant (casual, open around the clock); say / tap as the customer."""
    customer = demo_chat(
        committed, graph, CUSTOMER, "نورة", "UPDATE restaurants SET personality_type = 'casual'"
    )

    def say(body: str) -> list[dict]:  # type: ignore[type-arg]
        return [r.json for r in customer.say(body)]

    def tap(reply_id: str, title: str) -> list[dict]:  # type: ignore[type-arg]
        return [r.json for r in customer.tap(reply_id, title)]

    yield {"say": say, "tap": tap, "engine": committed}


def _body(message: dict) -> str:  # type: ignore[type-arg]
    if message.get("type") == "interactive":
        return message["interactive"]["body"]["text"]
    return message["text"]["body"]


def _opted_out(engine) -> bool:  # type: ignore[no-untyped-def]
    [(flag,)] = q(engine, "SELECT opted_out FROM customers WHERE wa_id = :w", w=CUSTOMER)
    return bool(flag)


def _opt_out_events(engine) -> int:  # type: ignore[no-untyped-def]
    [(n,)] = q(
        engine,
        "SELECT count(*) FROM events WHERE kind = 'customer.opted_out' AND subject_id = "
        "(SELECT id::text FROM customers WHERE wa_id = :w)",
        w=CUSTOMER,
    )
    return int(n)


def _asked(chat, body: str = PROBABLE) -> None:  # type: ignore[no-untyped-def]
    [question] = chat["say"](body)
    assert _body(question) == ASK_CASUAL
    ids = [b["reply"]["id"] for b in question["interactive"]["action"]["buttons"]]
    assert ids == ["optout_yes", "optout_no"]
    assert not _opted_out(chat["engine"])  # asked, not guessed


@pytest.mark.parametrize("yes", ["نعم", "ايوه", "وقفوها", "yes stop"])
def test_a_yes_to_the_question_opts_out(chat, yes):
    """ "كثرتوا علينا الرسايل" → "تبغى نوقف رسائل العروض؟" → a yes in words → opted out, recorded, confirmed."""
    _asked(chat)
    [reply] = chat["say"](yes)
    assert _opted_out(chat["engine"]) and _opt_out_events(chat["engine"]) == 1
    assert "اشتراك" in _body(reply) or "START" in _body(reply)  # how to come back, in their language


def test_the_yes_button_opts_out(chat):
    _asked(chat)
    chat["tap"]("optout_yes", "نعم")
    assert _opted_out(chat["engine"]) and _opt_out_events(chat["engine"]) == 1


@pytest.mark.parametrize("no", ["لا", "لا توقفها", "no"])
def test_a_no_keeps_the_offers(chat, no):
    _asked(chat)
    [reply] = chat["say"](no)
    assert not _opted_out(chat["engine"]) and _opt_out_events(chat["engine"]) == 0
    assert _body(reply) == "تمام، ما غيّرنا شي 👍"


def test_the_no_button_keeps_the_offers(chat):
    _asked(chat)
    chat["tap"]("optout_no", "لا")
    assert not _opted_out(chat["engine"])


def test_anything_else_is_answered_on_its_own_and_opts_nobody_out(chat):
    """After the question, a question about hours gets the hours; the customer stays subscribed, and a
    later "نعم" is no longer an answer to the old question."""
    _asked(chat)
    out = chat["say"]("متى تفتحون؟")
    assert out and "اليوم مفتوحين" in _body(out[0])
    chat["say"]("نعم")
    assert not _opted_out(chat["engine"]) and _opt_out_events(chat["engine"]) == 0


def test_a_certain_opt_out_in_new_words_needs_no_question(chat):
    """ "وقفولي هالرسايل" (stop verb × messaging object, read by their shape) opts out at once."""
    [reply] = chat["say"]("وقفولي هالرسايل")
    assert _opted_out(chat["engine"]) and ASK_CASUAL not in _body(reply)


def test_stopping_the_order_is_neither_an_opt_out_nor_the_question(chat):
    for body in ("وقف الطلب", "لا تحط بصل"):
        out = chat["say"](body)
        assert all(_body(m) != ASK_CASUAL for m in out)
    assert not _opted_out(chat["engine"])


def test_the_question_speaks_in_the_restaurants_personality(chat):
    with chat["engine"].begin() as conn:
        conn.execute(text("UPDATE restaurants SET personality_type = 'formal'"))
    [question] = chat["say"](PROBABLE)
    assert _body(question) == "هل ترغبون في إيقاف رسائل العروض؟"


def test_a_probable_opt_out_after_a_complaint_is_asked_not_escalated(chat):
    """A second unhappy message in a row hands over to a person, but one that is probably about
    our messages is asked about first: the opt-out question is a compliance matter."""
    chat["say"]("الأكل وصل بارد والطعم سيء")
    out = chat["say"]("وش ذا الازعاج كل يوم رسالة")
    assert [_body(m) for m in out] == [ASK_CASUAL]
    assert not _opted_out(chat["engine"])
