"""Login failures, lockout and its growth, the audit trail, and what a good login resets, on a
frozen clock; old password hashes are upgraded at login; session tokens are bound to their salt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from argon2 import PasswordHasher
from itsdangerous import URLSafeTimedSerializer
from sqlmodel import select

from crm_res.models import Event, Role, User
from crm_res.services.admin.restaurants import create_restaurant
from crm_res.services.admin.users import (
    FREE_ATTEMPTS,
    LOCKOUT,
    LoginFailed,
    authenticate,
    create_user,
    sign_session,
    viewer_from_token,
)

T0 = datetime(2026, 4, 5, 9, 0, tzinfo=UTC)
EMAIL = "lock@b.sa"


@pytest.fixture
def user(session) -> User:  # type: ignore[no-untyped-def]
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-lock")
    u, _ = create_user(
        session=session, restaurant_id=r.id, email=EMAIL, role=Role.owner, password="right-password"
    )
    return u


def _try(session, password: str, at: datetime) -> LoginFailed | User:  # type: ignore[no-untyped-def]
    with time_machine.travel(at, tick=False):
        try:
            return authenticate(session=session, email=EMAIL, password=password)
        except LoginFailed as exc:
            return exc


def test_lockout_starts_after_the_free_attempts_and_doubles(session, user):
    """Each failure counts one; the fifth locks 30 s, the next 60 s, then 120 s; a locked account
    refuses even the right password and says how long to wait; the lock ends on time."""
    for n in range(1, FREE_ATTEMPTS):
        failed = _try(session, "wrong", T0)
        assert isinstance(failed, LoginFailed) and failed.retry_after == 0  # no wait to show yet
        assert (user.failed_logins, user.locked_until) == (n, None)
    _try(session, "wrong", T0)
    assert (user.failed_logins, user.locked_until) == (FREE_ATTEMPTS, T0 + LOCKOUT)
    locked = _try(session, "right-password", T0 + timedelta(seconds=10))
    assert isinstance(locked, LoginFailed) and locked.retry_after == 21
    assert user.failed_logins == FREE_ATTEMPTS  # a refusal while locked is no attempt
    end = T0 + LOCKOUT  # the moment the lock ends, a try counts again
    assert isinstance(_try(session, "wrong", end), LoginFailed)
    assert (user.failed_logins, user.locked_until) == (FREE_ATTEMPTS + 1, end + 2 * LOCKOUT)
    _try(session, "wrong", end + 2 * LOCKOUT)
    assert user.locked_until == end + 2 * LOCKOUT + 4 * LOCKOUT


def test_lockout_stops_growing_at_64_times(session, user):
    """However many failures, one lock lasts at most 64 × 30 s (32 minutes)."""
    user.failed_logins = 40
    session.add(user)
    _try(session, "wrong", T0)
    assert user.locked_until == T0 + 64 * LOCKOUT


def test_every_failure_is_in_the_audit_log_and_a_good_login_resets(session, user):
    """Failures leave user.login_failed events naming the user; a good login clears the count and
    the lock and records when."""
    for _ in range(2):
        _try(session, "wrong", T0)
    events = session.exec(select(Event).where(Event.kind == "user.login_failed")).all()
    assert [(e.restaurant_id, e.actor, e.subject_type, e.subject_id) for e in events] == [
        (user.restaurant_id, "user", "user", str(user.id))
    ] * 2
    assert _try(session, "right-password", T0 + timedelta(minutes=1)) is user
    assert (user.failed_logins, user.locked_until, user.last_login_at) == (0, None, T0 + timedelta(minutes=1))


def test_an_old_password_hash_is_upgraded_at_login(session, user):
    """A hash made with weaker argon2 settings is replaced at the next good login, and still works."""
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    user.password_hash = weak.hash("right-password")
    session.add(user)
    old = user.password_hash
    assert _try(session, "right-password", T0) is user
    assert user.password_hash != old and not PasswordHasher().check_needs_rehash(user.password_hash)
    assert PasswordHasher().verify(user.password_hash, "right-password")
    assert _try(session, "right-password", T0 + timedelta(seconds=1)) is user


def test_a_token_signed_with_the_secret_but_not_for_sessions_is_refused(session, user):
    """Something else signed with the same secret (itsdangerous' default salt) is no session."""
    good = sign_session(user, "k")
    forged = URLSafeTimedSerializer("k").dumps(
        URLSafeTimedSerializer("k", salt="crm-res-session").loads(good)
    )
    assert viewer_from_token(session=session, token=good, secret="k") is not None
    assert viewer_from_token(session=session, token=forged, secret="k") is None
