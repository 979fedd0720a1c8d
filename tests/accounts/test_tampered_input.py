"""Finding 14: no answer reveals another restaurant's user, and tampered event values get a clear
domain error (shown to the person) instead of an unhandled traceback."""

from __future__ import annotations

import uuid

import pytest

from crm_res.services.errors import DomainError, InvalidInput

TAMPERED = ["not-a-uuid", "", None, 123, ["x"], {"id": 1}, "00000000-0000-0000-0000-00000000000Z"]


def test_adding_an_email_in_use_elsewhere_answers_exactly_as_a_fresh_one(world, monkeypatch):
    """An owner adding an address that has a login in another restaurant gets the answer a fresh
    address gets (a new login of theirs, its password shown once): nothing says the address
    exists elsewhere. Each login then opens its own restaurant with its own password, with one
    argon2 computation per attempt however many restaurants the address has a login in; the other
    restaurant's login is untouched. A teammate's own address is still named as taken."""
    from crm_res.models import User
    from crm_res.services.accounts import users
    from crm_res.services.admin.restaurant_settings import add_user
    from crm_res.services.errors import Conflict

    s, owner, a = world["session"], world["owner"], str(world["a"].id)
    stranger = s.get(User, world["stranger"].user_id)
    theirs = stranger.password_hash
    fresh = add_user(session=s, viewer=owner, email="fresh@dash.sa", role="staff", branch_ids=[a])
    elsewhere = add_user(session=s, viewer=owner, email="X@Other.sa", role="staff", branch_ids=[a])
    assert [type(v) for v in fresh] == [type(v) for v in elsewhere] == [str, str]
    assert len(fresh[1]) == len(elsewhere[1])
    mine = s.get(User, uuid.UUID(elsewhere[0]))
    assert mine.restaurant_id == world["r"].id and mine.email == "x@other.sa"
    s.refresh(stranger)
    assert stranger.password_hash == theirs and stranger.restaurant_id == world["other"].id

    computed = []
    real = users._rehash_like
    monkeypatch.setattr(users, "_rehash_like", lambda h, p: computed.append(h) or real(h, p))
    assert users.authenticate(session=s, email="x@other.sa", password=elsewhere[1]).id == mine.id
    assert users.authenticate(session=s, email="x@other.sa", password="password-1").id == stranger.id
    with pytest.raises(users.LoginFailed):
        users.authenticate(session=s, email="x@other.sa", password="wrong-password")
    assert len(computed) == 3  # one per attempt, not one per login of the address
    with pytest.raises(Conflict):  # the owner's own teammate: nothing to hide
        add_user(session=s, viewer=owner, email="staff@dash.sa", role="staff", branch_ids=[a])


def _calls(world):  # type: ignore[no-untyped-def]
    from crm_res.services.admin import restaurant_settings as st
    from crm_res.services.customers import customers, orders
    from crm_res.services.inbox import conversations
    from crm_res.services.insights import analytics

    s, o = world["session"], world["owner"]
    return {
        "take_over": lambda v: conversations.take_over(session=s, viewer=o, conversation_id=v),
        "thread_page": lambda v: conversations.thread_page(session=s, viewer=o, conversation_id=v),
        "assign": lambda v: conversations.assign(session=s, viewer=o, conversation_id=v, user_id=v),
        "advance_order": lambda v: orders.advance_order(session=s, viewer=o, order_id=v),
        "order_detail": lambda v: orders.order_detail(session=s, viewer=o, order_id=v),
        "set_tags": lambda v: customers.set_tags(session=s, viewer=o, customer_id=v, tags=[]),
        "customer_profile": lambda v: customers.customer_profile(session=s, viewer=o, customer_id=v),
        "mark_followup_handled": lambda v: analytics.mark_followup_handled(session=s, viewer=o, feedback_id=v,
                                                                            note="n"),
        "save_branch": lambda v: st.save_branch(session=s, viewer=o, branch_id=v or "x",
                                                data={"name_ar": "ف", "name_en": "B", "city": "Riyadh"}),
        "set_item_available": lambda v: st.set_item_available(session=s, viewer=o, item_id=v, available=True),
        "delete_template": lambda v: st.delete_template(session=s, viewer=o, template_id=v),
        "delete_canned": lambda v: st.delete_canned(session=s, viewer=o, canned_id=v),
        "update_user": lambda v: st.update_user(session=s, viewer=o, user_id=v, role="staff", branch_ids=[],
                                                is_active=True),
        "reset_password": lambda v: st.reset_password(session=s, viewer=o, user_id=v),
        "add_user_branches": lambda v: st.add_user(session=s, viewer=o, email="n@dash.sa", role="staff",
                                                   branch_ids=v),
    }  # fmt: skip


CALLS = [
    "take_over",
    "thread_page",
    "assign",
    "advance_order",
    "order_detail",
    "set_tags",
    "customer_profile",
    "mark_followup_handled",
    "save_branch",
    "set_item_available",
    "delete_template",
    "delete_canned",
    "update_user",
    "reset_password",
    "add_user_branches",
]


@pytest.mark.parametrize("name", CALLS)
def test_tampered_ids_get_a_clear_domain_error(world, name):
    """Bad uuids, wrong types and empty values sent to page events are refused by the domain with a
    DomainError (which every page shows), never a ValueError, TypeError or database error."""
    call = _calls(world)[name]
    for value in TAMPERED:
        nested = world["session"].begin_nested()
        try:
            with pytest.raises(DomainError):
                call(value)
        finally:
            nested.rollback()


def test_a_tampered_order_status_is_a_domain_error(world):
    """An order status that does not exist is InvalidInput, not a ValueError."""
    from crm_res.models import OrderStatus
    from crm_res.services.customers.orders import set_order_status
    from tests.fixtures.dashboard import make_customer, make_order

    s = world["session"]
    order = make_order(
        s,
        world["r"],
        make_customer(s, world["r"].id, "966501110009", "C"),
        world["a"],
        7,
        status=OrderStatus.pending,
    )
    for status, expected in (("teleported", None), ("confirmed", "nonsense")):
        with pytest.raises(InvalidInput, match="order status"):
            set_order_status(
                session=s, viewer=world["owner"], order_id=order.id, status=status, expected=expected
            )


def test_a_tampered_id_in_a_settings_write_says_which_id_was_not_valid(world):
    """The owner's page sending a broken id is told what the id should have named (the message
    the API and the page show), and nothing changes."""
    from crm_res.services.admin import restaurant_settings as st

    s, o = world["session"], world["owner"]
    calls = {
        "menu item": lambda: st.set_item_available(
            session=s, viewer=o, item_id="not-a-uuid", available=False
        ),
        "template": lambda: st.delete_template(session=s, viewer=o, template_id="not-a-uuid"),
        "quick reply": lambda: st.delete_canned(session=s, viewer=o, canned_id="not-a-uuid"),
        "user": lambda: st.reset_password(session=s, viewer=o, user_id="not-a-uuid"),
        "branch": lambda: st.add_user(session=s, viewer=o, email="n@dash.sa", role="staff", branch_ids=["x"]),
    }
    for what, call in calls.items():
        with pytest.raises(InvalidInput) as refused:
            call()
        assert (refused.value.code, str(refused.value)) == ("invalid", f"not a valid {what}")
