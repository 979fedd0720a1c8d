"""Logins and the wall between restaurants."""

from __future__ import annotations

import uuid

import pytest

from crm_res.models import Role
from crm_res.services import listing
from crm_res.services.demo import seed_demo
from crm_res.services.errors import NotFound
from crm_res.services.overview import overview_figures
from crm_res.services.restaurants import create_restaurant
from crm_res.services.users import (
    FREE_ATTEMPTS,
    LoginFailed,
    authenticate,
    create_user,
    sign_session,
    viewer_for,
    viewer_from_token,
)


def test_passwords_are_hashed_with_argon2(session):
    """The stored hash is argon2id, never the password."""
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-h")
    user, _ = create_user(session=session, restaurant_id=r.id, email="a@b.sa", role=Role.owner,
                          password="s3cret-pass")  # fmt: skip
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in user.password_hash


def test_wrong_password_is_generic_and_repeated_failures_lock(session):
    """Wrong password and unknown email fail alike; after several failures even the right one waits."""
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-l")
    create_user(session=session, restaurant_id=r.id, email="o@b.sa", role=Role.owner, password="right-password")
    with pytest.raises(LoginFailed) as unknown:
        authenticate(session=session, email="nobody@b.sa", password="x")
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(LoginFailed) as wrong:
            authenticate(session=session, email="o@b.sa", password="wrong")
    assert str(unknown.value) == str(wrong.value) == "wrong email or password"
    with pytest.raises(LoginFailed) as locked:
        authenticate(session=session, email="o@b.sa", password="right-password")
    assert locked.value.retry_after > 0


def test_session_token_is_signed(session):
    """A signed token maps back to its user; a tampered or foreign-key token does not."""
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-t")
    user, _ = create_user(session=session, restaurant_id=r.id, email="t@b.sa", role=Role.staff, password="password-1")
    token = sign_session(user, "key-1")
    viewer = viewer_from_token(session=session, token=token, secret="key-1")
    assert viewer is not None and viewer.user_id == user.id and viewer.restaurant_id == r.id
    assert viewer_from_token(session=session, token=token, secret="key-2") is None
    assert viewer_from_token(session=session, token=token[:-2] + "xx", secret="key-1") is None
    assert viewer_from_token(session=session, token="", secret="key-1") is None


def test_staff_of_one_restaurant_cannot_read_anothers_data(session):
    """Lists, conversation by id and overview are all scoped: restaurant B's owner sees none of A's rows."""
    demo = seed_demo(session=session)
    other = create_restaurant(session=session, name_ar="آخر", name_en="Other", phone_number_id="pn-other")
    intruder, _ = create_user(session=session, restaurant_id=other.id, email="x@other.sa", role=Role.owner,
                              password="password-x")  # fmt: skip
    viewer = viewer_for(intruder)
    owner_viewer = _owner_viewer(session, demo.restaurant.id)
    mine = listing.list_conversations(session=session, viewer=owner_viewer)
    assert mine, "the demo owner sees the demo conversations"
    assert listing.list_conversations(session=session, viewer=viewer) == []
    assert listing.list_orders(session=session, viewer=viewer) == []
    assert listing.list_feedback(session=session, viewer=viewer) == []
    assert listing.list_customers(session=session, viewer=viewer) == []
    target = uuid.UUID(mine[0]["id"])
    with pytest.raises(NotFound):
        listing.get_conversation(session=session, viewer=viewer, conversation_id=target)
    with pytest.raises(NotFound):
        listing.conversation_messages(session=session, viewer=viewer, conversation_id=target)
    figures = overview_figures(session=session, viewer=viewer)
    assert figures.conversations_today == 0 and figures.orders_by_status == {} and figures.average_rating is None


def test_branch_staff_see_only_their_branch(session):
    """A staff login bound to one branch lists only that branch's orders."""
    demo = seed_demo(session=session)
    from sqlmodel import select

    from crm_res.models import Branch, User

    staff = session.exec(select(User).where(User.email == "staff@demo.crm-res.sa")).one()
    branch_ids = {str(b.id): b.name_en for b in session.exec(select(Branch).where(Branch.restaurant_id == demo.restaurant.id))}
    rows = listing.list_orders(session=session, viewer=viewer_for(staff), page_size=200)
    owner_rows = listing.list_orders(session=session, viewer=_owner_viewer(session, demo.restaurant.id), page_size=200)
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
    escalated = session.exec(select(func.count()).select_from(Conversation).where(
        Conversation.restaurant_id == demo.restaurant.id, Conversation.status == "escalated")).one()  # fmt: skip
    avg = session.exec(select(func.avg(Feedback.rating)).where(Feedback.restaurant_id == demo.restaurant.id)).one()
    assert figures.open_escalations == escalated > 0
    assert figures.conversations_today > 0
    assert figures.average_rating == round(float(avg), 2)
    assert sum(figures.orders_by_status.values()) > 0


def _owner(session, restaurant_id):  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from crm_res.models import User

    return session.exec(select(User).where(User.restaurant_id == restaurant_id, User.role == Role.owner)).first()


def _owner_viewer(session, restaurant_id):  # type: ignore[no-untyped-def]
    return viewer_for(_owner(session, restaurant_id))
