"""The Settings page's team: branches and roles, deactivating, reactivating and resetting
passwords (owners only), and the last active owner kept."""

from __future__ import annotations

import uuid

import pytest

from crm_res.models import (
    Role,
    User,
)
from crm_res.services.accounts.users import authenticate, open_session_for, viewer_from_token
from crm_res.services.admin import restaurant_settings
from crm_res.services.errors import Conflict, Forbidden
from tests.fixtures.people import add_user


def test_owner_gives_a_manager_several_branches_and_changes_roles(world):
    """update_user keeps every branch given (not just one), and role changes stick."""
    s, owner = world["session"], world["owner"]
    uid, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="mgr@dash.sa", role="manager", branch_ids=[str(world["a"].id)]
    )
    restaurant_settings.update_user(
        session=s,
        viewer=owner,
        user_id=uid,
        role="manager",
        branch_ids=[str(world["a"].id), str(world["b"].id)],
        is_active=True,
    )
    user = s.get(User, uuid.UUID(uid))
    assert user.role == Role.manager and set(user.branch_ids) == {world["a"].id, world["b"].id}
    row = next(u for u in restaurant_settings.list_users_admin(session=s, viewer=owner) if u["id"] == uid)
    assert row["branches_en"] == "Branch A, Branch B" and "فرع ب" in row["branches_ar"]
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=uid, role="staff", branch_ids=[str(world["b"].id)], is_active=True
    )
    assert user.role == Role.staff and user.branch_ids == [world["b"].id]
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=uid, role="owner", branch_ids=[], is_active=True
    )
    assert user.role == Role.owner and user.branch_ids == []


def test_deactivate_reactivate_and_reset_password_are_owner_only(world):
    """A deactivated teammate cannot log in, a reactivated one can; a reset password works once
    shown and the old one stops working; staff can do none of it."""
    s, owner, staff = world["session"], world["owner"], world["staff"]
    sid = str(staff.user_id)
    for call in (
        lambda: restaurant_settings.update_user(
            session=s,
            viewer=staff,
            user_id=sid,
            role="staff",
            branch_ids=[str(world["a"].id)],
            is_active=False,
        ),
        lambda: restaurant_settings.reset_password(session=s, viewer=staff, user_id=sid),
    ):
        with pytest.raises(Forbidden):
            call()
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=sid, role="staff", branch_ids=[str(world["a"].id)], is_active=False
    )
    assert not s.get(User, staff.user_id).is_active
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=sid, role="staff", branch_ids=[str(world["a"].id)], is_active=True
    )
    before = open_session_for(s.get(User, staff.user_id), "k")  # a session opened with the old password
    assert viewer_from_token(session=s, token=before, secret="k") is not None
    new = restaurant_settings.reset_password(session=s, viewer=owner, user_id=sid)
    assert len(new) >= 8 and new != "password-1"
    assert viewer_from_token(session=s, token=before, secret="k") is None  # the reset ended it
    after = open_session_for(s.get(User, staff.user_id), "k")
    assert viewer_from_token(session=s, token=after, secret="k").user_id == staff.user_id
    assert authenticate(session=s, email="staff@dash.sa", password=new).id == staff.user_id
    with pytest.raises(Exception, match="wrong email or password"):
        authenticate(session=s, email="staff@dash.sa", password="password-1")
    with pytest.raises(Exception, match="not found"):  # another restaurant's user
        restaurant_settings.reset_password(session=s, viewer=owner, user_id=str(world["stranger"].user_id))


def test_the_last_active_owner_cannot_be_demoted_or_deactivated(world):
    """With a second owner either can be demoted; the change that would leave no active owner is refused."""
    s, owner = world["session"], world["owner"]
    second = add_user(s, world["r"].id, "owner2@dash.sa", Role.owner, password="password-2")
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=str(second.id), role="owner", branch_ids=[], is_active=False
    )
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=str(second.id), role="owner", branch_ids=[], is_active=True
    )
    # The acting owner was deactivated meanwhile (another tab): demoting the other owner now would leave none.
    me = s.get(User, owner.user_id)
    me.is_active = False
    s.add(me)
    s.flush()
    for role, active in (("manager", True), ("owner", False)):
        with pytest.raises(Conflict, match="at least one active owner"):
            restaurant_settings.update_user(
                session=s,
                viewer=owner,
                user_id=str(second.id),
                role=role,
                branch_ids=[str(world["a"].id)],
                is_active=active,
            )
    assert s.get(User, second.id).role == Role.owner and s.get(User, second.id).is_active
