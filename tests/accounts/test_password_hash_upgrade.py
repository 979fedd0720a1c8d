"""A password hashed with older argon2 settings is upgraded at the next good login (lockout and
throttling are login_guard's: tests/security)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from argon2 import PasswordHasher

from crm_res.models import Role, User
from crm_res.services.accounts.users import (
    LoginFailed,
    authenticate,
)
from crm_res.services.admin.restaurants import create_restaurant
from tests.fixtures.people import add_user

T0 = datetime(2026, 4, 5, 9, 0, tzinfo=UTC)
EMAIL = "lock@b.sa"


@pytest.fixture
def user(session, redis_conn) -> User:  # type: ignore[no-untyped-def]
    # redis_conn: an empty Redis, so failures earlier tests left under login_guard's "-" address
    # do not throttle these logins (they did when mutmut ran the tests in its own order)
    r = create_restaurant(session=session, name_ar="م", name_en="M", phone_number_id="pn-lock")
    u = add_user(session, r.id, EMAIL, Role.owner, password="right-password")
    return u


def _try(session, password: str, at: datetime) -> LoginFailed | User:  # type: ignore[no-untyped-def]
    with time_machine.travel(at, tick=False):
        try:
            return authenticate(session=session, email=EMAIL, password=password)
        except LoginFailed as exc:
            return exc


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


def test_an_upgraded_hash_keeps_the_salt_the_addresss_logins_share(session, user):
    """The logins of one address share their salt, so a login computes one hash for all of them:
    the upgraded hash keeps that salt (a fresh one would make the address's logins cost one argon2
    computation each, and tell how many restaurants it has a login in)."""
    from crm_res.services.accounts.users import _salt_of

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    salt = _salt_of(user.password_hash)
    user.password_hash = weak.hash("right-password", salt=salt)
    session.add(user)
    assert _try(session, "right-password", T0) is user
    assert not PasswordHasher().check_needs_rehash(user.password_hash)
    assert salt is not None and _salt_of(user.password_hash) == salt
