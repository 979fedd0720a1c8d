"""Whose prayer times hold a message, and how release slots are booked: the edges the send tests
pass over (found by mutation testing, docs/MUTATION.md): which of a customer's orders and
conversations name the branch, which branch is a restaurant's first, a branch known only by its
coordinates read in the restaurant's own zone, another restaurant's branch, and the slots' spacing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from tests.fixtures.places import DAY, at, make_customer, make_restaurant


def _branch(session, restaurant, city: str, *, created=None, **fields):  # type: ignore[no-untyped-def]
    from crm_res.models import Branch

    branch = Branch(restaurant_id=restaurant.id, name_ar=city, name_en=city, city=city, **fields)
    if created is not None:
        branch.created_at = created
    session.add(branch)
    session.flush()
    return branch


def test_the_customers_latest_order_names_the_branch_not_an_older_one(session):
    """A customer who ordered at Makkah on Monday and at Jeddah on Tuesday is held by Jeddah's times."""
    from crm_res.models import Order
    from crm_res.services.timing.holding import place_for

    r, _ = make_restaurant(session, branch_city="Riyadh")
    makkah, jeddah = _branch(session, r, "Makkah"), _branch(session, r, "Jeddah")
    c = make_customer(session, r)
    for number, (branch, day) in enumerate(((makkah, 9), (jeddah, 10)), start=1):
        order = Order(
            restaurant_id=r.id, number=number, customer_id=c.id, branch_id=branch.id, total_amount=10
        )
        order.created_at = at(DAY.replace(day=day), 12, 0)
        session.add(order)
        session.flush()
    assert place_for(session=session, restaurant=r, customer=c).key == "jeddah"


def test_a_customer_with_no_order_is_held_by_the_branch_of_their_latest_conversation_that_has_one(session):
    """No order: the customer's latest conversation with a branch decides (Jeddah, not the older
    Dammam one, nor the newer one with no branch, nor another customer's even newer one at Makkah)."""
    from crm_res.models import Conversation, ConversationStatus
    from crm_res.services.timing.holding import place_for

    r, _ = make_restaurant(session, branch_city="Riyadh")
    dammam, jeddah, makkah = (_branch(session, r, city) for city in ("Dammam", "Jeddah", "Makkah"))
    c = make_customer(session, r)
    other = make_customer(session, r, "966500000002")
    for who, branch, hour in ((c, dammam, 8), (c, jeddah, 9), (c, None, 10), (other, makkah, 11)):
        conversation = Conversation(
            restaurant_id=r.id,
            customer_id=who.id,
            branch_id=branch.id if branch else None,
            status=ConversationStatus.active if hour >= 10 else ConversationStatus.resolved,  # one open each
        )
        conversation.started_at = at(DAY, hour, 0)
        session.add(conversation)
        session.flush()
    # Without index scans: the (customer, started_at DESC) index hands rows back newest first even
    # with no ORDER BY; a sequential scan, which a plan may choose, does not.
    session.execute(text("SET LOCAL enable_indexscan = off"))
    session.execute(text("SET LOCAL enable_bitmapscan = off"))
    assert place_for(session=session, restaurant=r, customer=c).key == "jeddah"
    assert place_for(session=session, restaurant=r, customer=other).key == "makkah"


def test_the_first_branch_is_the_oldest_live_one(session):
    """With no customer's branch to go by, the restaurant's first branch decides: not a deleted one
    (Riyadh, the oldest) nor a closed one (Jeddah), so Dammam."""
    from crm_res.services.timing.holding import default_place, place_for

    r, _ = make_restaurant(session, city="Makkah")
    _branch(session, r, "Riyadh", created=at(DAY, 8, 0), deleted_at=at(DAY, 9, 0))
    _branch(session, r, "Jeddah", created=at(DAY, 8, 1), is_active=False)
    _branch(session, r, "Dammam", created=at(DAY, 8, 2))
    assert default_place(session=session, restaurant=r).key == "dammam"
    assert place_for(session=session, restaurant=r).key == "dammam"


def test_a_branch_known_by_its_coordinates_keeps_the_restaurants_own_zone(session):
    """A restaurant on Dubai time whose branch is a town we have no entry for (coordinates only):
    its place, as the first branch, as a conversation's branch and in the bulk lookup, is in
    Asia/Dubai, not Riyadh's zone."""
    from crm_res.models import Conversation, Order
    from crm_res.services.timing.holding import default_place, place_for, places_for_customers

    r, _ = make_restaurant(session, city=None)
    r.timezone = "Asia/Dubai"
    session.add(r)
    town = _branch(session, r, "Qaryah", lat=24.1, lng=55.3)
    a, b = make_customer(session, r), make_customer(session, r, "966500000002")
    conversation = Conversation(restaurant_id=r.id, customer_id=a.id, branch_id=town.id)
    session.add_all(
        [
            conversation,
            Order(restaurant_id=r.id, number=1, customer_id=b.id, branch_id=town.id, total_amount=10),
        ]
    )
    session.flush()
    first = default_place(session=session, restaurant=r)
    assert (first.name_en, first.timezone) == ("Qaryah", "Asia/Dubai")
    assert place_for(session=session, restaurant=r, conversation=conversation).timezone == "Asia/Dubai"
    places = places_for_customers(session=session, restaurant=r, customer_ids=[a.id, b.id])
    assert {c: (p.name_en, p.timezone) for c, p in places.items()} == {
        a.id: ("Qaryah", "Asia/Dubai"),
        b.id: ("Qaryah", "Asia/Dubai"),
    }


def test_another_restaurants_branch_is_never_whose_prayer_times_apply(session):
    """A conversation pointing at another restaurant's Jeddah branch (a stale or forged id) is held by
    this restaurant's own first branch (Riyadh), never by the other's."""
    from crm_res.models import Conversation
    from crm_res.services.timing.holding import place_for

    r, _ = make_restaurant(session, branch_city="Riyadh")
    other, theirs = make_restaurant(session, branch_city="Jeddah", pnid="pn-other")
    conversation = Conversation(
        restaurant_id=r.id, customer_id=make_customer(session, r).id, branch_id=theirs.id
    )
    session.add(conversation)
    session.flush()
    assert place_for(session=session, restaurant=r, conversation=conversation).key == "riyadh"
    assert place_for(session=session, restaurant=other, conversation=conversation).key == "jeddah"


def test_release_slots_are_booked_from_the_release_moment_at_the_rate(session):
    """At 4 a second the slots after 15:25 are 15:25:00, :00.25, :00.5, :00.75, then :01, :01.25;
    another restaurant's first slot at the same moment is 15:25:00 again (counters are per restaurant)."""
    from crm_res.services.timing.holding import book_release

    r, _ = make_restaurant(session)
    other, _ = make_restaurant(session, pnid="pn-other")
    start = at(DAY, 15, 25)
    slots = [book_release(session=session, restaurant_id=r.id, release_at=start, rate=4) for _ in range(6)]
    assert slots == [start + timedelta(milliseconds=250 * i) for i in range(6)]
    assert book_release(session=session, restaurant_id=other.id, release_at=start, rate=4) == start


def test_queueing_follows_the_conversations_branch_before_the_customers_last_order(session):
    """A feedback request queued at 15:35 in a conversation pinned to the Jeddah branch, for a
    customer whose last order was at Riyadh (Asr over there): Jeddah's Asr holds it until 15:52."""
    from crm_res.models import Conversation, Order
    from tests.fixtures.places import queue

    r, riyadh = make_restaurant(session, branch_city="Riyadh")
    jeddah = _branch(session, r, "Jeddah")
    c = make_customer(session, r)
    conversation = Conversation(restaurant_id=r.id, customer_id=c.id, branch_id=jeddah.id)
    session.add_all(
        [
            conversation,
            Order(restaurant_id=r.id, number=1, customer_id=c.id, branch_id=riyadh.id, total_amount=10),
        ]
    )
    session.flush()
    queued = queue(session, r, c, at(DAY, 15, 35), conversation=conversation)
    assert queued.hold is not None and queued.hold.reason == "asr" and queued.hold.place == "Jeddah"
    assert queued.not_before == at(DAY, 15, 52)


def test_a_branch_of_an_unknown_town_without_both_coordinates_is_logged_and_the_restaurants_city_applies(
    session, caplog
):
    """A branch in a town we have no entry for, with a latitude but no longitude, has no place of
    its own: the restaurant's city (Jeddah) applies, and a warning names the branch and its town."""
    import logging

    from crm_res.services.timing.holding import default_place

    r, _ = make_restaurant(session, city="Jeddah")
    branch = _branch(session, r, "Atlantis", lat=24.1)
    with caplog.at_level(logging.WARNING, logger="crm_res.services.timing.holding"):
        assert default_place(session=session, restaurant=r).key == "jeddah"
    assert [record.getMessage() for record in caplog.records] == [
        f"branch {branch.id}: unknown city 'Atlantis' and no coordinates"
    ]


def test_the_prayer_board_says_whether_holding_is_on_and_names_a_town_known_by_its_coordinates(session):
    """The Settings page's prayer times: a branch in a town known only by its coordinates is named
    as the branch names it, in both languages; "holding" follows the restaurant's switch."""
    from crm_res.services.timing.prayer_board import branch_prayer_times

    on, _ = make_restaurant(session, city=None)
    _branch(session, on, "Qaryah", lat=24.1, lng=47.3)
    off, _ = make_restaurant(session, branch_city="Riyadh", prayer=False, pnid="pn-off")
    [row] = branch_prayer_times(session=session, restaurant_id=on.id, now=at(DAY, 9, 0))
    assert (row["city"], row["city_ar"], row["holding"]) == ("Qaryah", "Qaryah", True)
    [row] = branch_prayer_times(session=session, restaurant_id=off.id, now=at(DAY, 9, 0))
    assert (row["city"], row["holding"]) == ("Riyadh", False)


def test_the_pre_iftar_promotion_leaves_before_a_long_maghrib_buffer(session):
    """With 40 minutes held before each adhan, the promotion (30 minutes before Maghrib by default)
    would fall in Maghrib's window and be held past iftar: it leaves a minute before the window
    instead, at 17:12 in Riyadh (Maghrib 17:53), and is not held."""
    from sqlmodel import select

    from crm_res.models import OutboxMessage
    from crm_res.services.outreach.ramadan import schedule_pre_iftar_promotion
    from tests.fixtures.places import RAMADAN_DAY

    r, _ = make_restaurant(
        session,
        branch_city="Riyadh",
        settings={"prayer_buffer_before_min": 40, "pre_iftar_promo": {"enabled": True, "text_ar": "عرض"}},
    )
    make_customer(session, r)
    schedule_pre_iftar_promotion(
        session=session, restaurant_id=r.id, day=RAMADAN_DAY, now=at(RAMADAN_DAY, 12, 0)
    )
    [row] = session.exec(select(OutboxMessage)).all()
    assert row.not_before == at(RAMADAN_DAY, 17, 12)
