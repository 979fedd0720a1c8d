"""Who may not log in even with the right password, whose failed login is recorded, and which
account an address in two restaurants logs in to (found by mutation testing, docs/MUTATION.md,
session of 2026-12-06 (3): `authenticate` could drop its is-active or its restaurant-deleted
condition, name a user for a failed login of an address two restaurants share, pick one of two
accounts by no rule, or record no login time, and no test noticed: the tests refused those
sessions, not the logins)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crm_res.models import Role
from crm_res.services.accounts.login_guard import Attempt
from crm_res.services.accounts.users import LoginFailed, authenticate
from crm_res.services.admin.restaurants import create_restaurant
from tests.fixtures.people import add_user


def _login(session, email: str, password: str):  # type: ignore[no-untyped-def]
    # each from a device of its own: the refusals below are never the throttle's
    return authenticate(
        session=session,
        email=email,
        password=password,
        attempt=Attempt(ip="198.51.100.7", email=email, device=f"{email}-{password}"),
    )


def test_a_deactivated_user_and_a_user_of_a_deleted_restaurant_cannot_log_in_with_the_right_password(
    session, redis_conn
):
    """Deactivated: the right password fails like a wrong one, and no user is named for the audit
    trail (as for an unknown address); active again, it logs in. The same for every user of a
    restaurant that was deleted."""
    kept = create_restaurant(session=session, name_ar="م", name_en="Kept", phone_number_id="pn-kept")
    gone = create_restaurant(session=session, name_ar="ن", name_en="Gone", phone_number_id="pn-gone")
    leaver = add_user(session, kept.id, "leaver@kept.sa", Role.staff, password="right-password")
    owner = add_user(session, gone.id, "owner@gone.sa", Role.owner, password="right-password")
    assert _login(session, "owner@gone.sa", "right-password").id == owner.id

    leaver.is_active = False
    gone.deleted_at = datetime.now(UTC)
    session.add_all([leaver, gone])
    session.commit()
    for email in ("leaver@kept.sa", "owner@gone.sa"):
        with pytest.raises(LoginFailed) as refused:
            _login(session, email, "right-password")
        assert refused.value.user_id is None

    leaver.is_active = True
    session.add(leaver)
    session.commit()
    assert _login(session, "leaver@kept.sa", "right-password").id == leaver.id


def test_a_failed_login_names_the_user_only_when_one_account_has_the_address(session, redis_conn):
    """A wrong password for an address one restaurant uses: the failure names that user (its audit
    event is recorded on them); for an address two restaurants use, it names no one."""
    first = create_restaurant(session=session, name_ar="أ", name_en="First", phone_number_id="pn-first")
    second = create_restaurant(session=session, name_ar="ب", name_en="Second", phone_number_id="pn-second")
    alone = add_user(session, first.id, "alone@x.sa", Role.owner, password="right-password")
    add_user(session, first.id, "both@x.sa", Role.manager, password="right-password")
    add_user(session, second.id, "both@x.sa", Role.manager, password="other-password")
    with pytest.raises(LoginFailed) as one:
        _login(session, "alone@x.sa", "wrong-password")
    assert one.value.user_id == alone.id
    with pytest.raises(LoginFailed) as two:
        _login(session, "both@x.sa", "wrong-password")
    assert two.value.user_id is None


def test_one_address_and_password_in_two_restaurants_logs_in_where_it_was_used_last(session, redis_conn):
    """The same address and password in two restaurants: the login goes to the account used last
    (an account never used counts from its creation), and records the login's time on it."""
    from datetime import timedelta

    now = datetime.now(UTC)
    first = create_restaurant(session=session, name_ar="أ", name_en="First", phone_number_id="pn-first")
    second = create_restaurant(session=session, name_ar="ب", name_en="Second", phone_number_id="pn-second")
    older = add_user(session, first.id, "both@x.sa", Role.owner, password="same-password")
    newer = add_user(session, second.id, "both@x.sa", Role.owner, password="same-password")
    older.created_at, older.last_login_at = now - timedelta(days=3), now - timedelta(days=1)
    newer.created_at, newer.last_login_at = now - timedelta(days=2), None
    session.add_all([older, newer])
    session.commit()
    user = _login(session, "both@x.sa", "same-password")
    assert user.id == older.id  # used a day ago, after the other was created (two days ago)
    assert user.last_login_at is not None and user.last_login_at >= now

    older.last_login_at = now - timedelta(days=2, hours=1)  # before the newer one was created
    session.add(older)
    session.commit()
    assert _login(session, "both@x.sa", "same-password").id == newer.id
