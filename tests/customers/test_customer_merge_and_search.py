"""Customers: search by a number as people type it, and merging two records of one person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from crm_res.models import (
    Conversation,
    ConversationStatus,
    Customer,
    Event,
    Feedback,
    MessageSender,
    Order,
    Role,
)
from crm_res.services.access import viewer_for
from crm_res.services.customers.customer_merge import duplicate_candidates, merge_customers
from crm_res.services.customers.customers import search_customers
from crm_res.services.customers.segments import CustomerFilter
from crm_res.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from crm_res.services.phone_search import international_number, search_digits
from tests.fixtures.dashboard import add_feedback, make_conversation, make_customer, make_order
from tests.fixtures.people import add_user


@pytest.mark.parametrize(
    "typed",
    [
        "0532529580",
        "+966532529580",
        "966532529580",
        "532529580",
        "٠٥٣٢٥٢٩٥٨٠",
        "053-252 9580",
        "+966 53 252 9580",
        "00966532529580",
        "٠٥٣ ٢٥٢ ٩٥٨٠",
    ],
)
def test_a_saudi_number_in_any_local_form_reads_as_its_international_digits(typed):
    """Every way an owner writes a Saudi mobile number means the stored 966… form."""
    assert international_number(typed) == "966532529580"


def test_a_part_of_a_number_is_searched_without_its_trunk_zero_and_text_is_not_a_number():
    """A few typed digits match inside stored numbers ("055" -> "55"); a name gives no digits."""
    assert search_digits("055") == "55"
    assert search_digits("٠٥٥٣") == "553"
    assert search_digits("9665") == "9665"
    assert search_digits("أحمد") is None
    # A number of the right length is a number, even outside today's allocated ranges (test numbers).
    assert international_number("0512345678") == "966512345678"
    assert international_number("12") is None


@pytest.mark.parametrize("typed", ["0532529580", "٠٥٣٢٥٢٩٥٨٠", "+966 53-252-9580", "532529580", "٠٥٣٢"])
def test_customer_search_finds_the_customer_by_a_local_number(world, typed):
    """The Customers search finds 966532529580 when the owner types the number the local way."""
    s = world["session"]
    make_customer(s, world["r"].id, "966532529580", "Sara")
    make_customer(s, world["r"].id, "966551112222", "Other")
    found = search_customers(session=s, viewer=world["owner"], filters=CustomerFilter(search=typed))
    assert [c["name"] for c in found] == ["Sara"]


def test_a_whole_number_also_finds_a_record_stored_in_the_local_form(world):
    """An import that kept "0532529580" is found by the international form too (a duplicate to merge)."""
    s = world["session"]
    make_customer(s, world["r"].id, "966532529580", "Sara")
    make_customer(s, world["r"].id, "0532529580", "Sara (import)")
    for typed in ("+966532529580", "٠٥٣٢٥٢٩٥٨٠"):
        found = search_customers(session=s, viewer=world["owner"], filters=CustomerFilter(search=typed))
        assert sorted(c["name"] for c in found) == ["Sara", "Sara (import)"]


def test_customer_search_by_number_stays_in_the_restaurant(world):
    """The same number in another restaurant is not found."""
    s = world["session"]
    make_customer(s, world["other"].id, "966532529580", "Elsewhere")
    found = search_customers(session=s, viewer=world["owner"], filters=CustomerFilter(search="0532529580"))
    assert found == []


def _pair(world):  # type: ignore[no-untyped-def]
    """One person twice: hidden behind a BSUID (with an order and feedback), then by number."""
    s, r, a = world["session"], world["r"], world["a"]
    earlier = datetime.now(UTC) - timedelta(days=30)
    by_bsuid = make_customer(
        s,
        r.id,
        "SA.1502576394655843",
        None,
        user_id="SA.1502576394655843",
        tags=["vip"],
        lifetime_value=Decimal("120.00"),
        opted_out=True,
        opted_out_at=earlier,
        created_at=earlier,
    )
    by_number = make_customer(
        s, r.id, "966532529580", "Sara", tags=["family", "vip"], lifetime_value=Decimal("30.00")
    )
    old = make_conversation(
        s, r, by_bsuid, a, status=ConversationStatus.resolved, messages=[(MessageSender.customer, "hi")]
    )
    make_order(s, r, by_bsuid, a, 7, conv=old)
    add_feedback(s, r.id, by_bsuid, a, 2)
    live = make_conversation(s, r, by_number, a, messages=[(MessageSender.customer, "again")])
    s.flush()
    return by_number, by_bsuid, old, live


def test_merge_moves_everything_onto_one_customer_and_the_stricter_opt_out_wins(world):
    """After the merge there is one customer with the number, the BSUID, both conversations, the
    order and the feedback, the union of the tags, the summed spending, and the opt-out kept."""
    s = world["session"]
    keep, dup, old, live = _pair(world)
    dup_id = dup.id
    result = merge_customers(session=s, viewer=world["owner"], keep_id=keep.id, merge_id=dup.id)
    assert result["moved"]["conversations"] == 1 and result["moved"]["orders"] == 1
    s.expire_all()
    assert s.get(Customer, dup_id) is None
    kept = s.get(Customer, keep.id)
    assert kept.wa_id == "966532529580" and kept.user_id == "SA.1502576394655843"
    assert kept.name == "Sara"
    assert sorted(kept.tags) == ["family", "vip"]
    assert kept.lifetime_value == Decimal("150.00")
    assert kept.opted_out is True and kept.opted_out_at is not None
    assert kept.created_at < datetime.now(UTC) - timedelta(days=29)
    owners = {
        c.customer_id for c in s.exec(select(Conversation).where(Conversation.id.in_([old.id, live.id])))
    }
    assert owners == {keep.id}
    assert [o.customer_id for o in s.exec(select(Order).where(Order.restaurant_id == world["r"].id))] == [
        keep.id
    ]
    assert {
        f.customer_id for f in s.exec(select(Feedback).where(Feedback.restaurant_id == world["r"].id))
    } == {keep.id}
    event = s.exec(select(Event).where(Event.kind == "customer.merged")).one()
    assert event.actor_user_id == world["owner"].user_id and event.subject_id == str(keep.id)
    assert event.data["merged"]["wa_id"] == "SA.1502576394655843"


def test_keeping_the_bsuid_record_takes_the_number_from_the_merged_one(world):
    """Whichever record the owner keeps, it ends with the number (worth more than the BSUID)."""
    s = world["session"]
    by_number, by_bsuid, _old, _live = _pair(world)
    merge_customers(session=s, viewer=world["owner"], keep_id=by_bsuid.id, merge_id=by_number.id)
    s.expire_all()
    kept = s.get(Customer, by_bsuid.id)
    assert kept.wa_id == "966532529580" and kept.user_id == "SA.1502576394655843" and kept.name == "Sara"


def test_merge_is_refused_while_both_have_an_open_conversation(world):
    """Two live threads of one person are not merged silently: nothing changes."""
    s, r, a = world["session"], world["r"], world["a"]
    one = make_customer(s, r.id, "966532529580", "A")
    two = make_customer(s, r.id, "0532529580", "B")
    make_conversation(s, r, one, a)
    make_conversation(s, r, two, a)
    with pytest.raises(Conflict):
        merge_customers(session=s, viewer=world["owner"], keep_id=one.id, merge_id=two.id)
    assert s.get(Customer, two.id) is not None


def test_merge_is_role_checked_and_tenancy_scoped(world):
    """Staff may not merge; an owner of another restaurant cannot reach these customers; a
    customer is not merged with itself."""
    s = world["session"]
    keep, dup, _old, _live = _pair(world)
    with pytest.raises(Forbidden):
        merge_customers(session=s, viewer=world["staff"], keep_id=keep.id, merge_id=dup.id)
    with pytest.raises(NotFound):
        merge_customers(session=s, viewer=world["stranger"], keep_id=keep.id, merge_id=dup.id)
    foreign = make_customer(s, world["other"].id, "966500000001", "X")
    with pytest.raises(NotFound):
        merge_customers(session=s, viewer=world["owner"], keep_id=keep.id, merge_id=foreign.id)
    with pytest.raises(InvalidInput):
        merge_customers(session=s, viewer=world["owner"], keep_id=keep.id, merge_id=keep.id)
    manager = add_user(s, world["r"].id, "m@merge.sa", Role.manager, branch_ids=[world["a"].id])
    merge_customers(session=s, viewer=viewer_for(manager), keep_id=keep.id, merge_id=dup.id)
    assert s.get(Customer, dup.id) is None


def test_duplicates_are_suggested_by_number_written_another_way_and_by_bsuid(world):
    """The customer page offers the same number stored in a local form and the BSUID record of the
    same person, never an unrelated customer or one of another restaurant."""
    s, r = world["session"], world["r"]
    sara = make_customer(s, r.id, "966532529580", "Sara", user_id="SA.77001122")
    local = make_customer(s, r.id, "0532529580", "Sara (import)")
    hidden = make_customer(s, r.id, "SA.77001122", None)
    make_customer(s, r.id, "966532529581", "Neighbour")
    make_customer(s, world["other"].id, "0532529580", "Elsewhere")
    found = duplicate_candidates(session=s, viewer=world["owner"], customer_id=sara.id)
    assert {c["id"] for c in found} == {str(local.id), str(hidden.id)}


def test_the_board_says_how_many_orders_a_capped_column_has_and_opens_in_full(world):
    """The Delivered column shows the latest 10 of 12 and its total says 12; "see all" shows 12."""
    from crm_res.models import OrderStatus
    from crm_res.services.customers.orders import FINISHED_SHOWN, board_totals, orders_board

    s, r, a = world["session"], world["r"], world["a"]
    customer = make_customer(s, r.id, "966532529580", "Sara")
    for n in range(FINISHED_SHOWN + 2):
        make_order(s, r, customer, a, 100 + n, status=OrderStatus.delivered)
    make_order(s, r, customer, a, 200, status=OrderStatus.pending)
    board = orders_board(session=s, viewer=world["owner"])
    totals = board_totals(session=s, viewer=world["owner"])
    assert len(board["delivered"]) == FINISHED_SHOWN and totals["delivered"] == FINISHED_SHOWN + 2
    assert totals["pending"] == 1 and totals["cancelled"] == 0
    full = orders_board(session=s, viewer=world["owner"], show_all=("delivered",))
    assert len(full["delivered"]) == FINISHED_SHOWN + 2
    assert board_totals(session=s, viewer=world["stranger"])["delivered"] == 0
