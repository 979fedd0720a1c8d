"""The edges of prayer holding that the send tests pass over (found by mutation testing,
docs/MUTATION.md): how a hold is described in each language and for a reason with no name, which
days and branches the midnight warm-up computes, and which release counters pruning keeps."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text

from tests.fixtures.places import DAY, at, make_customer, make_restaurant, queue


def test_a_hold_is_described_in_arabic_or_english_and_an_unheld_one_not_at_all():
    """An unheld hold has no description; a held one names the prayer in the viewer's language
    ("ar", "ar-SA": Arabic; anything else English), and a reason with no name of its own is said
    as it is rather than failing the send that describes it."""
    from crm_res.services.timing.holding import Hold

    assert Hold(at(DAY, 15, 10)).describe("Asia/Riyadh") == ""
    assert Hold(at(DAY, 15, 10)).describe("Asia/Riyadh", language="ar") == ""
    asr = Hold(at(DAY, 15, 25), "asr", "Riyadh")
    assert asr.describe("Asia/Riyadh", language="ar") == "مؤجلة حتى 15:25 بسبب العصر (Riyadh)"
    assert asr.describe("Asia/Riyadh", language="ar-SA") == "مؤجلة حتى 15:25 بسبب العصر (Riyadh)"
    assert asr.describe("Asia/Riyadh", language="en") == "held until 2025-06-11 15:25 because of Asr (Riyadh)"
    # The hold falls back to "prayer" when no window covers the moment it was first held at.
    unnamed = Hold(at(DAY, 15, 25), "prayer", "Riyadh")
    assert unnamed.describe("Asia/Riyadh") == "held until 2025-06-11 15:25 because of prayer (Riyadh)"
    assert unnamed.describe("Asia/Riyadh", language="ar") == "مؤجلة حتى 15:25 بسبب prayer (Riyadh)"


def test_pruning_forgets_only_counters_older_than_the_kept_span_of_the_given_moment(session):
    """Counters of a window five days before `now` go, yesterday's stay (two days are kept); the
    count is of rows deleted (0 when none), and `now` is the given moment, not the clock's."""
    from crm_res.services.timing.holding import book_release, prune_release_slots

    r, _ = make_restaurant(session)
    book_release(session=session, restaurant_id=r.id, release_at=at(DAY, 15, 25) - timedelta(days=5), rate=10)
    book_release(session=session, restaurant_id=r.id, release_at=at(DAY, 15, 25) - timedelta(days=1), rate=10)
    now = at(DAY, 16, 0)  # long before the real clock's today
    assert prune_release_slots(session=session, now=now) == 1
    [(left,)] = session.exec(text("SELECT release_at FROM release_slots")).all()
    assert left == at(DAY, 15, 25) - timedelta(days=1)
    assert prune_release_slots(session=session, now=now) == 0


def test_the_warm_up_computes_today_and_tomorrow_of_each_live_branch(session):
    """At 00:30 local time (a restaurant on Dubai time) the warm-up computes today's and tomorrow's
    times of every branch's place, a town known only by its coordinates in the restaurant's zone,
    so the day's first sends find them cached; a deleted branch's town is not warmed."""
    from crm_res.integrations import prayer_times
    from crm_res.models import Branch
    from crm_res.services.timing.holding import _windows, branch_place, hold_settings, warm_prayer_times

    r, riyadh = make_restaurant(session, branch_city="Riyadh")
    assert riyadh is not None
    r.timezone = "Asia/Dubai"
    gone = Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="Jeddah")
    town = Branch(restaurant_id=r.id, name_ar="قرية", name_en="Qaryah", city="Qaryah", lat=24.1, lng=47.3)
    session.add_all([gone, town])
    session.flush()
    gone.deleted_at = at(DAY, 0, 0)
    session.add(gone)
    session.flush()

    prayer_times._compute.cache_clear()
    warmed = warm_prayer_times(
        session=session, now=datetime.combine(DAY, time(0, 30), ZoneInfo("Asia/Dubai"))
    )
    assert warmed == ["Qaryah", "Riyadh"]
    computed = prayer_times._compute.cache_info().misses
    policy = hold_settings(r)
    places = [branch_place(riyadh, "Asia/Dubai"), branch_place(town, "Asia/Dubai")]
    for place in places:
        assert place is not None
        for day in (DAY, DAY + timedelta(days=1)):
            _windows(place, day, policy)
    assert prayer_times._compute.cache_info().misses == computed  # every one of them was warm


def test_the_send_time_recheck_follows_the_switch_and_the_customers_own_branch(session):
    """At send time (15:35, Asr over in Riyadh, inside Jeddah's window until 15:52): a due row of a
    customer whose last order was at the Jeddah branch is held by Jeddah's Asr, though the
    restaurant's first branch is in Riyadh; with holding switched off it goes."""
    from crm_res.models import Branch, Order, OutboxMessage
    from crm_res.services.timing.holding import recheck_hold

    r, _riyadh = make_restaurant(session, branch_city="Riyadh", prayer=False)
    jeddah = Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="Jeddah")
    session.add(jeddah)
    session.flush()
    c = make_customer(session, r)
    session.add(
        Order(restaurant_id=r.id, number=1, customer_id=c.id, branch_id=jeddah.id, items=[], total_amount=10)
    )
    session.flush()
    queued = queue(session, r, c, at(DAY, 15, 35))  # written while holding was off: not held
    row = session.get(OutboxMessage, queued.outbox_id)
    assert row is not None and row.not_before == at(DAY, 15, 35)
    assert recheck_hold(session=session, row=row, now=at(DAY, 15, 35)) is None  # off: it goes
    r.prayer_time_enabled = True
    session.add(r)
    held = recheck_hold(session=session, row=row, now=at(DAY, 15, 35))
    assert held is not None and held.not_before == at(DAY, 15, 52) and "(Jeddah)" in held.reason


def test_the_send_time_recheck_follows_the_conversations_branch_before_the_customers(session):
    """A due row of a conversation pinned to the Jeddah branch, of a customer whose last order was
    at the Riyadh branch: at 15:35 (Asr over in Riyadh, Jeddah's window until 15:52) the
    conversation's branch decides: held by Jeddah's Asr, and its message marked held."""
    from crm_res.models import Branch, Conversation, Message, Order, OutboxMessage
    from crm_res.services.timing.holding import recheck_hold

    r, riyadh = make_restaurant(session, branch_city="Riyadh", prayer=False)
    jeddah = Branch(restaurant_id=r.id, name_ar="جدة", name_en="Jeddah", city="Jeddah")
    session.add(jeddah)
    session.flush()
    c = make_customer(session, r)
    session.add(
        Order(restaurant_id=r.id, number=1, customer_id=c.id, branch_id=riyadh.id, items=[], total_amount=10)
    )
    conversation = Conversation(restaurant_id=r.id, customer_id=c.id, branch_id=jeddah.id)
    session.add(conversation)
    session.flush()
    queued = queue(session, r, c, at(DAY, 15, 35), conversation=conversation)
    r.prayer_time_enabled = True
    session.add(r)
    row = session.get(OutboxMessage, queued.outbox_id)
    assert row is not None and row.conversation_id == conversation.id
    held = recheck_hold(session=session, row=row, now=at(DAY, 15, 35))
    assert held is not None and held.not_before == at(DAY, 15, 52) and "(Jeddah)" in held.reason
    assert (row.not_before, row.last_error) == (held.not_before, held.reason)  # what the inbox shows
    message = session.get(Message, row.message_id)
    assert message is not None and message.status.value == "held"
