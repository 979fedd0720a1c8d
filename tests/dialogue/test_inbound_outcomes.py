"""What `handle_inbound` decides for one stored message, on a real database: whether the assistant
answers (the pause after a reply from the phone app, per restaurant), and what it queues and records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from crm_res.models import Event, Handler
from crm_res.services.followups import FollowUp
from tests.dialogue.test_opt_out_is_recorded import NOW, _write, chat  # noqa: F401 - the fixture


def _paused_by_the_app(setup, minutes_ago: float, pause: float | None) -> None:  # type: ignore[no-untyped-def]
    session, r, _, conversation = setup
    r.settings = {} if pause is None else {"app_reply_pause_minutes": pause}
    conversation.handled_by, conversation.app_reply_at = Handler.staff, NOW - timedelta(minutes=minutes_ago)
    session.add_all([r, conversation])
    session.flush()


@pytest.mark.parametrize(
    ("minutes_ago", "pause", "answered"),
    [
        (10, 5, True),  # the restaurant's own 5 minutes are over (the default 30 are not)
        (5, 5, True),  # exactly the pause: over
        (10, 15, False),  # the restaurant's 15 minutes are not
        (10, None, False),  # no pause of its own: the default 30 minutes
        (31, None, True),
    ],
)
def test_a_reply_from_the_phone_app_keeps_the_assistant_quiet_for_the_restaurants_pause(
    chat,  # noqa: F811
    minutes_ago: float,
    pause: float | None,
    answered: bool,
) -> None:
    """Staff answered from the phone app `minutes_ago`: the assistant answers the customer's next
    message only once the restaurant's `app_reply_pause_minutes` (else the default) have passed,
    and then the conversation is the assistant's again (a handback the activity log shows)."""
    _paused_by_the_app(chat, minutes_ago, pause)
    _, outcome = _write(chat, "السلام عليكم", NOW)
    session, conversation = chat[0], chat[3]
    handbacks = session.exec(select(Event).where(Event.kind == "conversation.handback")).all()
    if answered:
        assert outcome.action == "replied" and outcome.sends
        assert (conversation.handled_by, conversation.app_reply_at) == (Handler.ai, None)
        assert [(e.actor, e.subject_type, e.subject_id, e.data) for e in handbacks] == [
            ("system", "conversation", str(conversation.id), {"reason": "app_reply_idle"})
        ]
    else:
        assert (outcome.action, outcome.sends) == ("staff", [])
        assert conversation.handled_by == Handler.staff and handbacks == []


def test_the_claim_refreshes_the_callers_copy_of_the_message_and_a_second_run_is_a_duplicate(
    chat,  # noqa: F811
) -> None:
    """The caller's session already holds the message (it stored it): after `handle_inbound` that
    copy shows the claim's `processed_at`, not the stale None, and running it again answers nothing."""
    from crm_res.services.dialogue.inbound import handle_inbound

    m, outcome = _write(chat, "السلام عليكم", NOW)
    assert outcome.action == "replied" and m.processed_at == NOW
    assert not any(job == FollowUp.fetch_media for job, _ in outcome.jobs)  # a text has no media to fetch
    again = handle_inbound(session=chat[0], message_id=m.id, now=NOW + timedelta(minutes=1))
    assert (again.action, again.sends) == ("duplicate", []) and m.processed_at == NOW


@pytest.mark.parametrize(
    ("type_", "staff_own_it", "action"),
    [
        ("edit", False, "processed"),  # kept in the thread, nothing to answer
        ("text", True, "staff"),  # staff own the conversation: the assistant stays silent
        ("text", False, "replied"),
    ],
)
def test_a_handled_message_wakes_its_restaurants_open_dashboards_once_committed(
    chat,  # noqa: F811
    redis_conn,
    type_: str,
    staff_own_it: bool,
    action: str,
) -> None:
    """Whatever the assistant did with a message (nothing, left it to staff, answered), its
    restaurant's open dashboards are woken when the processing commits (the unanswered count on
    Operations drops, the reply shows in the thread), and no other restaurant's; not before."""
    from tests.fixtures.live import live_subscriber, payloads

    session, r, _, conversation = chat
    if staff_own_it:
        conversation.handled_by = Handler.staff
        session.add(conversation)
    with live_subscriber() as sub:
        _, outcome = _write(chat, "السلام عليكم", NOW, type_=type_)
        assert outcome.action == action
        if action != "replied":  # nothing to send, nothing to fetch
            assert (outcome.sends, outcome.jobs) == ([], [])
        assert payloads(sub, timeout=0.2) == []
        session.commit()
        woken = payloads(sub)
    assert woken and {p.partition(":")[0] for p in woken} == {str(r.id)}


def test_a_photo_in_a_conversation_staff_own_is_fetched_for_them_and_not_answered(chat) -> None:  # noqa: F811
    """Staff own the conversation: the assistant stays silent, but the customer's photo is still
    fetched, so staff see it in the thread."""
    session, _, _, conversation = chat
    conversation.handled_by = Handler.staff
    session.add(conversation)
    m, outcome = _write(chat, "", NOW, type_="image", media_id="media-staff-1", media_mime="image/jpeg")
    assert (outcome.action, outcome.sends, outcome.jobs) == ("staff", [], [(FollowUp.fetch_media, (m.id,))])


@pytest.mark.parametrize(
    ("welcome", "opted_out", "sent"),
    [
        ("  أهلاً بك في مطعمنا  ", False, "أهلاً بك في مطعمنا"),  # sent as set, without the spaces
        ("أهلاً بك في مطعمنا", True, None),  # the customer opted out: no message they did not ask for
        ("   ", False, None),  # no welcome set (blank): nothing, not an empty message
    ],
)
def test_a_customer_opening_the_chat_gets_the_restaurants_welcome_unless_none_is_set_or_they_opted_out(
    chat,  # noqa: F811
    welcome: str,
    opted_out: bool,
    sent: str | None,
) -> None:
    """`request_welcome` (the customer opened the chat for the first time): the restaurant's welcome
    message is queued once as a reply under the message's key; with none set, or to a customer who
    opted out, nothing is queued and the message is simply processed."""
    from tests.dialogue.test_opt_out_is_recorded import _replies

    session, r, customer, conversation = chat
    r.settings = {"welcome_message": welcome}
    customer.opted_out = opted_out
    session.add_all([r, customer])
    session.flush()
    m, outcome = _write(chat, "", NOW, type_="request_welcome")
    assert m.processed_at == NOW and outcome.jobs == []
    if sent is None:
        assert (outcome.action, outcome.sends, _replies(session, conversation)) == ("processed", [], [])
    else:
        assert outcome.action == "replied" and len(outcome.sends) == 1
        assert _replies(session, conversation) == [(f"reply:{m.wa_message_id}:welcome", sent)]


def test_a_captioned_photo_the_assistant_answers_is_fetched_too(chat) -> None:  # noqa: F811
    """The assistant answers a photo's caption like a text, and the photo itself is still fetched,
    so staff see it in the thread."""
    m, outcome = _write(
        chat, "السلام عليكم", NOW, type_="image", media_id="media-hi-1", media_mime="image/jpeg"
    )
    assert outcome.action == "replied" and outcome.sends
    assert (FollowUp.fetch_media, (m.id,)) in outcome.jobs
