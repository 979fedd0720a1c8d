"""Dashboard sessions end when their user, their restaurant or their age says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from crm_res.models import Restaurant, User
from crm_res.services.accounts.users import open_session_for, viewer_from_token
from crm_res.services.admin import restaurant_settings
from crm_res.settings import get_settings

SECRET = "session-test-key"


def test_a_deactivated_users_open_session_is_refused_until_reactivated(world):
    """A token signed while active stops working the moment the user is deactivated, and only then."""
    s, owner, staff = world["session"], world["owner"], world["staff"]
    token = open_session_for(s.get(User, staff.user_id), SECRET)
    assert viewer_from_token(session=s, token=token, secret=SECRET).user_id == staff.user_id

    def set_active(active: bool) -> None:
        restaurant_settings.update_user(
            session=s,
            viewer=owner,
            user_id=str(staff.user_id),
            role="staff",
            branch_ids=[str(world["a"].id)],
            is_active=active,
        )

    set_active(False)
    assert not s.get(User, staff.user_id).is_active
    assert viewer_from_token(session=s, token=token, secret=SECRET) is None
    set_active(True)
    assert viewer_from_token(session=s, token=token, secret=SECRET).user_id == staff.user_id


def test_sessions_of_a_deleted_restaurant_are_refused(world):
    """Deleting a restaurant ends its users' sessions; another restaurant's sessions go on."""
    s = world["session"]
    owner_token = open_session_for(s.get(User, world["owner"].user_id), SECRET)
    stranger_token = open_session_for(s.get(User, world["stranger"].user_id), SECRET)
    assert viewer_from_token(session=s, token=owner_token, secret=SECRET) is not None
    restaurant = s.get(Restaurant, world["r"].id)
    restaurant.deleted_at = datetime.now(UTC)
    s.add(restaurant)
    s.flush()
    assert viewer_from_token(session=s, token=owner_token, secret=SECRET) is None
    assert (
        viewer_from_token(session=s, token=stranger_token, secret=SECRET).user_id == world["stranger"].user_id
    )


def test_a_session_expires_after_its_maximum_age(world):
    """A token is good a minute before the absolute session lifetime and refused a minute after it."""
    s = world["session"]
    signed_at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(signed_at, tick=False):
        token = open_session_for(s.get(User, world["owner"].user_id), SECRET)
    age = timedelta(hours=get_settings().session_absolute_hours)
    with time_machine.travel(signed_at + age - timedelta(minutes=1), tick=False):
        assert viewer_from_token(session=s, token=token, secret=SECRET) is not None
    with time_machine.travel(signed_at + age + timedelta(minutes=1), tick=False):
        assert viewer_from_token(session=s, token=token, secret=SECRET) is None
