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


def _team_call(s, viewer, world, **change):  # type: ignore[no-untyped-def]
    """update_user on the staff member of branch A, with `change` over its current values."""
    args = {"user_id": str(world["staff"].user_id), "role": "staff", "branch_ids": [str(world["a"].id)]}
    return restaurant_settings.update_user(session=s, viewer=viewer, **{**args, "is_active": True, **change})


MESSAGES = {
    "bad_role": "role must be owner, manager or staff",
    "branch_required": "managers and staff work in at least one branch",
    "own_owner_access": "you cannot remove your own owner access",
    "invalid": "not a valid branch list",
    "owner_needed": "the restaurant must keep at least one active owner",
}


def test_each_refused_team_change_says_why_with_its_code(world):
    """A role that does not exist, a manager or staff member without a branch, an owner removing
    their own owner access (demoted or deactivated), a branch list that is not a list and a branch
    that does not exist: each refused with the code the dashboard words it by and the message the
    CLI and the API show, the team unchanged."""
    from crm_res.services.errors import InvalidInput, NotFound

    s, owner, me = world["session"], world["owner"], str(world["owner"].user_id)
    refusals = [
        (InvalidInput, "bad_role", lambda: _team_call(s, owner, world, role="admin")),
        (InvalidInput, "bad_role", lambda: restaurant_settings.add_user(
            session=s, viewer=owner, email="n@dash.sa", role="admin", branch_ids=[str(world["a"].id)])),
        (InvalidInput, "branch_required", lambda: _team_call(s, owner, world, branch_ids=[])),
        (InvalidInput, "branch_required", lambda: restaurant_settings.add_user(
            session=s, viewer=owner, email="n@dash.sa", role="manager", branch_ids=[])),
        (Conflict, "own_owner_access", lambda: _team_call(s, owner, world, user_id=me, role="manager")),
        (Conflict, "own_owner_access", lambda: _team_call(
            s, owner, world, user_id=me, role="owner", branch_ids=[], is_active=False)),
        (InvalidInput, "invalid", lambda: _team_call(s, owner, world, branch_ids=str(world["a"].id))),
    ]  # fmt: skip
    for error, code, call in refusals:
        with pytest.raises(error) as refused:
            call()
        assert (refused.value.code, str(refused.value)) == (code, MESSAGES[code])
    with pytest.raises(NotFound, match="^branch not found$"):
        _team_call(s, owner, world, branch_ids=[str(uuid.uuid4())])
    staff = s.get(User, world["staff"].user_id)
    assert (staff.role, staff.is_active, staff.branch_ids) == (Role.staff, True, [world["a"].id])
    # the owner may save their own row unchanged (still an active owner): no refusal
    _team_call(s, owner, world, user_id=me, role="owner", branch_ids=[], is_active=True)


def test_the_last_owner_refusal_has_its_code_and_a_manager_may_be_demoted_freely(world):
    """Deactivating the only other active owner when the acting one is inactive is refused with
    "owner_needed"; demoting or deactivating a manager needs no other owner; another restaurant's
    owner does not count as one of this restaurant's."""
    s, owner = world["session"], world["owner"]
    second = add_user(s, world["r"].id, "owner2@dash.sa", Role.owner, password="password-2")
    me = s.get(User, owner.user_id)
    me.is_active = False
    s.add(me)
    s.flush()
    with pytest.raises(Conflict) as refused:
        _team_call(s, owner, world, user_id=str(second.id), role="owner", branch_ids=[], is_active=False)
    assert (refused.value.code, str(refused.value)) == ("owner_needed", MESSAGES["owner_needed"])
    _team_call(s, owner, world, role="manager", is_active=False)  # a staff member: no owner check
    assert s.get(User, world["staff"].user_id).role == Role.manager


def test_team_changes_are_audited_with_who_what_and_the_change(world):
    """Adding, changing and resetting a teammate's password each leave one entry on that user:
    its kind, the role, activity, branches and address, and what changed from what."""
    from sqlmodel import select

    from crm_res.models import Event

    s, owner, a = world["session"], world["owner"], str(world["a"].id)
    uid, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="New@Dash.sa", role="staff", branch_ids=[a]
    )
    restaurant_settings.update_user(
        session=s,
        viewer=owner,
        user_id=uid,
        role="manager",
        branch_ids=[a, str(world["b"].id)],
        is_active=False,
    )
    restaurant_settings.reset_password(session=s, viewer=owner, user_id=uid)
    s.flush()
    entries = s.exec(select(Event).where(Event.subject_id == uid).order_by(Event.id)).all()
    assert [(e.kind, e.subject_type, e.actor_user_id) for e in entries] == [
        ("settings.user_added", "user", owner.user_id),
        ("settings.user_changed", "user", owner.user_id),
        ("settings.user_password_reset", "user", owner.user_id),
    ]
    added, changed, _ = (e.data for e in entries)
    assert (added["role"], added["email"]) == ("staff", "new@dash.sa")
    assert added["after"] == {"role": "staff", "is_active": True, "branches": ["فرع أ"]}
    assert (changed["role"], changed["active"], changed["email"]) == ("manager", False, "new@dash.sa")
    assert changed["branches"] == ["فرع أ", "فرع ب"]
    assert changed["before"] == {"role": "staff", "is_active": True, "branches": ["فرع أ"]}
    assert changed["after"] == {"role": "manager", "is_active": False, "branches": ["فرع أ", "فرع ب"]}


def test_a_branch_named_twice_is_kept_once_when_a_teammate_is_added_or_changed(world):
    """A branch sent twice (a form or an API call repeating it) makes the teammate work there once:
    the team list and the audit trail name it once, whether the teammate is added or changed."""
    s, owner, a, b = world["session"], world["owner"], str(world["a"].id), str(world["b"].id)
    uid, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="twice@dash.sa", role="staff", branch_ids=[a, a]
    )
    assert s.get(User, uuid.UUID(uid)).branch_ids == [world["a"].id]
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=uid, role="manager", branch_ids=[b, a, b], is_active=True
    )
    assert s.get(User, uuid.UUID(uid)).branch_ids == [world["b"].id, world["a"].id]
    row = next(u for u in restaurant_settings.list_users_admin(session=s, viewer=owner) if u["id"] == uid)
    assert row["branches_en"] == "Branch B, Branch A"


def test_a_teammate_made_owner_keeps_no_branches_even_when_the_form_sends_them(world):
    """An owner works across the restaurant: promoting a manager (or adding an owner) while the form
    still sends branches stores none, and the team list and the audit trail name none."""
    from sqlmodel import select

    from crm_res.models import Event

    s, owner, a = world["session"], world["owner"], str(world["a"].id)
    uid, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="mgr@dash.sa", role="manager", branch_ids=[a]
    )
    restaurant_settings.update_user(
        session=s, viewer=owner, user_id=uid, role="owner", branch_ids=[a], is_active=True
    )
    assert s.get(User, uuid.UUID(uid)).branch_ids == []
    row = next(u for u in restaurant_settings.list_users_admin(session=s, viewer=owner) if u["id"] == uid)
    assert (row["role"], row["branch_ids"], row["branches_en"]) == ("owner", [], "")
    s.flush()
    changed = s.exec(
        select(Event).where(Event.subject_id == uid, Event.kind == "settings.user_changed")
    ).one()
    assert changed.data["branches"] == [] and changed.data["after"]["branches"] == []
    new_owner, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="owner3@dash.sa", role="owner", branch_ids=[a]
    )
    assert s.get(User, uuid.UUID(new_owner)).branch_ids == []


def test_a_teammate_added_with_a_password_logs_in_with_it_and_one_added_without_a_name_has_none(world):
    """The password the owner typed is the one stored and shown back (not a generated one); a
    teammate added with no name is listed with none, and one named has the name trimmed."""
    s, owner, a = world["session"], world["owner"], str(world["a"].id)
    uid, shown = restaurant_settings.add_user(
        session=s,
        viewer=owner,
        email="chosen@dash.sa",
        role="staff",
        branch_ids=[a],
        password="chosen-pass-1",
    )
    assert shown == "chosen-pass-1"
    assert authenticate(session=s, email="chosen@dash.sa", password="chosen-pass-1").id == uuid.UUID(uid)
    named, _ = restaurant_settings.add_user(
        session=s, viewer=owner, email="named@dash.sa", role="staff", branch_ids=[a], full_name="  Huda "
    )
    names = {u["id"]: u["name"] for u in restaurant_settings.list_users_admin(session=s, viewer=owner)}
    assert (names[uid], names[named]) == ("", "Huda")
    assert s.get(User, uuid.UUID(uid)).full_name is None
