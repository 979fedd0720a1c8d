"""Logins and the wall between restaurants."""

from __future__ import annotations

import uuid

import pytest

from crm_res.models import Role
from crm_res.services.access import viewer_for
from crm_res.services.accounts.login_guard import FREE_FAILURES, Attempt
from crm_res.services.accounts.users import (
    LoginFailed,
    authenticate,
    open_session_for,
    viewer_from_token,
)
from crm_res.services.admin.restaurants import create_restaurant
from crm_res.services.customers import customers, orders
from crm_res.services.errors import NotFound
from crm_res.services.inbox import conversations
from crm_res.services.insights import feedback
from crm_res.services.insights.overview import overview_figures
from crm_res.services.ops.demo import seed_demo
from tests.fixtures.people import add_user


def test_passwords_are_hashed_with_argon2(session):
    """The stored hash is argon2id, never the password."""
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-h")
    user = add_user(session, r.id, "a@b.sa", Role.owner, password="s3cret-pass")
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in user.password_hash


def test_wrong_password_is_generic_and_repeated_failures_slow_down_strangers_only(session, redis_conn):
    """Wrong password and unknown email fail alike; after several failures a stranger must wait,
    while the owner's own browser (a known device) still gets in with the right password."""
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-l")
    add_user(session, r.id, "o@b.sa", Role.owner, password="right-password")
    with pytest.raises(LoginFailed) as unknown:
        authenticate(session=session, email="nobody@b.sa", password="x")
    stranger = Attempt(ip="203.0.113.9", email="o@b.sa")
    for _ in range(FREE_FAILURES):
        with pytest.raises(LoginFailed) as wrong:
            authenticate(session=session, email="o@b.sa", password="wrong", attempt=stranger)
    assert str(unknown.value) == str(wrong.value) == "wrong email or password"
    with pytest.raises(LoginFailed):  # the stranger now waits, even with the right password
        authenticate(session=session, email="o@b.sa", password="right-password", attempt=stranger)
    owner_browser = Attempt(ip="198.51.100.7", email="o@b.sa", device="owner-laptop")
    user = authenticate(session=session, email="o@b.sa", password="right-password", attempt=owner_browser)
    assert user.email == "o@b.sa"


def test_session_token_is_server_side_and_bound_to_key_and_password(session, redis_conn):
    """A session token maps back to its user; a foreign signing key, a tampered or empty token
    does not."""
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-t")
    user = add_user(session, r.id, "t@b.sa", Role.staff)
    token = open_session_for(user, "key-1")
    viewer = viewer_from_token(session=session, token=token, secret="key-1")
    assert viewer is not None and viewer.user_id == user.id and viewer.restaurant_id == r.id
    assert viewer_from_token(session=session, token=token, secret="key-2") is None
    assert viewer_from_token(session=session, token=token[:-2] + "xx", secret="key-1") is None
    assert viewer_from_token(session=session, token="", secret="key-1") is None


def test_staff_of_one_restaurant_cannot_read_anothers_data(session):
    """Lists, conversation by id and overview are all scoped: restaurant B's owner sees none of A's rows."""
    demo = seed_demo(session=session)
    other = create_restaurant(session=session, name_ar="آخر", name_en="Other", phone_number_id="pn-other")
    intruder = add_user(session, other.id, "x@other.sa", Role.owner, password="password-x")
    viewer = viewer_for(intruder)
    owner_viewer = _owner_viewer(session, demo.restaurant.id)
    mine = conversations.list_conversations(session=session, viewer=owner_viewer)
    assert mine, "the demo owner sees the demo conversations"
    assert conversations.list_conversations(session=session, viewer=viewer) == []
    assert orders.list_orders(session=session, viewer=viewer) == []
    assert feedback.list_feedback(session=session, viewer=viewer) == []
    assert (
        customers.search_customers(session=session, viewer=viewer, filters=customers.CustomerFilter()) == []
    )
    target = uuid.UUID(mine[0]["id"])
    with pytest.raises(NotFound):
        conversations.get_conversation(session=session, viewer=viewer, conversation_id=target)
    with pytest.raises(NotFound):
        conversations.conversation_messages(session=session, viewer=viewer, conversation_id=target)
    figures = overview_figures(session=session, viewer=viewer)
    assert (
        figures.conversations_today == 0 and figures.orders_by_status == {} and figures.average_rating is None
    )


def test_branch_staff_see_only_their_branch(session):
    """A staff login bound to one branch lists only that branch's orders."""
    demo = seed_demo(session=session)
    from sqlmodel import select

    from crm_res.models import Branch, User

    staff = session.exec(select(User).where(User.email == "staff@demo.crm-res.sa")).one()
    branch_ids = {
        str(b.id): b.name_en
        for b in session.exec(select(Branch).where(Branch.restaurant_id == demo.restaurant.id))
    }
    rows = orders.list_orders(session=session, viewer=viewer_for(staff), page_size=200)
    owner_rows = orders.list_orders(
        session=session, viewer=_owner_viewer(session, demo.restaurant.id), page_size=200
    )
    assert rows and len(rows) < len(owner_rows)
    assert {r["branch_en"] for r in rows} == {branch_ids[str(staff.branch_ids[0])]}


def test_overview_counts_real_rows(session):
    """The overview figures match the demo's rows (today's conversations, escalations, ratings)."""
    from datetime import UTC, datetime

    from sqlalchemy import func
    from sqlmodel import select

    from crm_res.models import Conversation, Feedback

    demo = seed_demo(session=session, now=datetime.now(UTC))
    figures = overview_figures(session=session, viewer=_owner_viewer(session, demo.restaurant.id))
    escalated = session.exec(
        select(func.count())
        .select_from(Conversation)
        .where(Conversation.restaurant_id == demo.restaurant.id, Conversation.status == "escalated")
    ).one()
    avg = session.exec(
        select(func.avg(Feedback.rating)).where(Feedback.restaurant_id == demo.restaurant.id)
    ).one()
    assert figures.open_escalations == escalated > 0
    assert figures.conversations_today > 0
    assert figures.average_rating == round(float(avg), 2)
    assert sum(figures.orders_by_status.values()) > 0


def _owner(session, restaurant_id):  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from crm_res.models import User

    return session.exec(
        select(User).where(User.restaurant_id == restaurant_id, User.role == Role.owner)
    ).first()


def _owner_viewer(session, restaurant_id):  # type: ignore[no-untyped-def]
    return viewer_for(_owner(session, restaurant_id))


def _branch_world(session):  # type: ignore[no-untyped-def]
    """A restaurant with branches A and B, a conversation and an order in each, one unbranched chat."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from crm_res.models import Branch, Conversation, Customer, Order

    r = create_restaurant(session=session, name_ar="م", name_en="Branches", phone_number_id="pn-branches")
    a = Branch(restaurant_id=r.id, name_ar="أ", name_en="A", city="Riyadh")
    b = Branch(restaurant_id=r.id, name_ar="ب", name_en="B", city="Jeddah")
    session.add_all([a, b])
    session.flush()
    convs, placed = {}, {}
    for i, branch in enumerate((a, b, None)):
        c = Customer(restaurant_id=r.id, wa_id=f"96650000090{i}", name=f"c{i}")
        session.add(c)
        session.flush()
        conv = Conversation(
            restaurant_id=r.id,
            customer_id=c.id,
            branch_id=branch.id if branch else None,
            last_message_at=datetime.now(UTC),
            unread_count=1,
        )
        session.add(conv)
        session.flush()
        convs[branch.name_en if branch else None] = conv
        if branch is not None:
            o = Order(
                restaurant_id=r.id,
                number=900 + i,
                customer_id=c.id,
                branch_id=branch.id,
                total_amount=Decimal("10"),
                items=[],
            )
            session.add(o)
            session.flush()
            placed[branch.name_en] = o
    return r, a, b, convs, placed


@pytest.mark.parametrize("role", [Role.staff, Role.manager])
def test_a_manager_or_staff_with_no_branch_sees_no_branch_rows(session, role):
    """Fail closed: a non-owner with no branch (as `user add --role staff` creates) sees only
    unbranched conversations, no branch's conversations or orders, and cannot open them by id."""
    r, _a, _b, convs, placed = _branch_world(session)
    user = add_user(session, r.id, f"{role.value}@nb.sa", role)
    viewer = viewer_for(user)
    assert not viewer.sees_all_branches
    rows = conversations.list_conversations(session=session, viewer=viewer)
    assert [row["id"] for row in rows] == [str(convs[None].id)]
    assert orders.list_orders(session=session, viewer=viewer) == []
    assert all(col == [] for col in orders.orders_board(session=session, viewer=viewer).values())
    assert conversations.inbox_counts(session=session, viewer=viewer)["unread"] == 1
    for conv in (convs["A"], convs["B"]):
        with pytest.raises(NotFound):
            conversations.get_conversation(session=session, viewer=viewer, conversation_id=conv.id)
    with pytest.raises(NotFound):
        orders.order_detail(session=session, viewer=viewer, order_id=placed["A"].id)
    owner = add_user(session, r.id, f"o-{role.value}@nb.sa", Role.owner)
    assert len(conversations.list_conversations(session=session, viewer=viewer_for(owner))) == 3


def test_managers_see_their_branches_and_staff_their_branch(session):
    """A manager of A and B sees both; staff of A sees A (and unbranched), never B."""
    r, a, b, convs, placed = _branch_world(session)
    manager = add_user(session, r.id, "m@br.sa", Role.manager, branch_ids=[a.id, b.id])
    staff = add_user(session, r.id, "s@br.sa", Role.staff, branch_ids=[a.id])
    assert len(conversations.list_conversations(session=session, viewer=viewer_for(manager))) == 3
    assert {o["branch_en"] for o in orders.list_orders(session=session, viewer=viewer_for(manager))} == {
        "A",
        "B",
    }
    staff_ids = {
        row["id"] for row in conversations.list_conversations(session=session, viewer=viewer_for(staff))
    }
    assert staff_ids == {str(convs["A"].id), str(convs[None].id)}
    with pytest.raises(NotFound):
        orders.order_detail(session=session, viewer=viewer_for(staff), order_id=placed["B"].id)


def test_assign_only_to_a_teammate_who_can_see_the_branch(session):
    """Assigning a branch-B conversation to staff of branch A (or of no branch) is refused."""
    from crm_res.services.errors import InvalidInput
    from crm_res.services.inbox.conversations import assign

    r, a, b, convs, _orders = _branch_world(session)
    owner = add_user(session, r.id, "o@as.sa", Role.owner)
    staff_a = add_user(session, r.id, "a@as.sa", Role.staff, branch_ids=[a.id])
    loose = add_user(session, r.id, "l@as.sa", Role.staff)
    staff_b = add_user(session, r.id, "b@as.sa", Role.staff, branch_ids=[b.id])
    boss = viewer_for(owner)
    for user in (staff_a, loose):
        with pytest.raises(InvalidInput):
            assign(session=session, viewer=boss, conversation_id=convs["B"].id, user_id=user.id)
    assert (
        assign(
            session=session, viewer=boss, conversation_id=convs["B"].id, user_id=staff_b.id
        ).assigned_user_id
        == staff_b.id
    )
    # An unbranched conversation can go to anyone in the restaurant.
    assert (
        assign(
            session=session, viewer=boss, conversation_id=convs[None].id, user_id=loose.id
        ).assigned_user_id
        == loose.id
    )


def test_media_is_served_only_to_viewers_of_the_conversations_branch(session, monkeypatch, tmp_path):
    """/media's lookup: the owner and branch-A staff get an A conversation's file; B staff and
    another restaurant get nothing."""
    from crm_res.models import Message, MessageDirection, MessageSender
    from crm_res.services.outbox.media import media_file, media_root
    from crm_res.settings import get_settings

    monkeypatch.setenv("CRM_RES_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        r, a, b, convs, _orders = _branch_world(session)
        msg = Message(
            restaurant_id=r.id,
            conversation_id=convs["A"].id,
            direction=MessageDirection.inbound,
            sender=MessageSender.customer,
            type="image",
            media_path=f"{r.id}/1.png",
            media_mime="image/png",
        )
        session.add(msg)
        session.flush()
        (media_root() / str(r.id)).mkdir(parents=True)
        (media_root() / str(r.id) / "1.png").write_bytes(b"png")
        users = {}
        for name, role, branches in (
            ("o", Role.owner, []),
            ("a", Role.staff, [a.id]),
            ("b", Role.staff, [b.id]),
        ):
            users[name] = add_user(session, r.id, f"{name}@media.sa", role, branch_ids=branches)
        other = create_restaurant(session=session, name_ar="آ", name_en="X", phone_number_id="pn-media-x")
        users["x"] = add_user(session, other.id, "x@media.sa", Role.owner)
        found = {
            k: media_file(session=session, viewer=viewer_for(u), message_id=msg.id) for k, u in users.items()
        }
        assert found["o"] == found["a"] == (media_root() / str(r.id) / "1.png", "image/png")
        assert found["b"] is None and found["x"] is None
    finally:
        monkeypatch.delenv("CRM_RES_DATA_DIR")
        get_settings.cache_clear()


@pytest.mark.parametrize("riyadh_clock", ["00:04", "09:30", "23:58"])
def test_demo_has_conversations_today_at_any_hour(session, riyadh_clock):
    """Seeded just after local midnight or late at night, the overview still has a 'today' (CI runs at any hour)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    hour, minute = (int(x) for x in riyadh_clock.split(":"))
    now = datetime(2026, 12, 5, hour, minute, tzinfo=ZoneInfo("Asia/Riyadh"))
    demo = seed_demo(session=session, now=now)
    figures = overview_figures(session=session, viewer=_owner_viewer(session, demo.restaurant.id), now=now)
    assert figures.conversations_today >= 10
    # The orders board has a card in every open column at any hour.
    assert {"pending", "confirmed", "preparing", "ready"} <= set(figures.orders_by_status)
