"""A login's record: what `create_user` accepts and stores, the salt an address's logins share,
the failed-login audit entry and "log out everywhere" (found by mutation testing, docs/MUTATION.md,
session of 2026-12-06 (7): the error codes, the password's minimum length, the stored name and
branches, the audit entry's fields and the count of ended sessions could each change unnoticed)."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from crm_res.models import Event, Role, User
from crm_res.services.accounts.users import (
    LoginFailed,
    _salt_of,
    authenticate,
    create_user,
    end_all_sessions,
    open_session_for,
    record_failed_login,
    viewer_from_token,
)
from crm_res.services.admin.restaurants import create_restaurant
from crm_res.services.errors import Conflict, InvalidInput

SECRET = "user-records-key"


def _restaurant(session, name: str):  # type: ignore[no-untyped-def]
    return create_restaurant(session=session, name_ar=name, name_en=name, phone_number_id=f"pn-{name}")


def test_a_new_login_is_stored_as_given_with_its_address_in_lower_case(session):
    """The address trimmed and lower-cased, the role, name and branches kept, and the password
    given (exactly 8 characters, the shortest allowed) is the one that logs in."""
    r = _restaurant(session, "rec")
    branch = uuid.uuid4()
    user, password = create_user(
        session=session,
        restaurant_id=r.id,
        email="  Mona@Dash.SA ",
        role=Role.manager,
        password="8-chars!",
        full_name="Mona",
        branch_ids=[branch],
    )
    session.refresh(user)
    assert (user.email, user.role, user.full_name, user.branch_ids) == (
        "mona@dash.sa",
        Role.manager,
        "Mona",
        [branch],
    )
    assert password == "8-chars!" and user.restaurant_id == r.id
    assert authenticate(session=session, email="mona@dash.sa", password="8-chars!").id == user.id
    bare, generated = create_user(session=session, restaurant_id=r.id, email="bare@dash.sa", role=Role.staff)
    assert bare.branch_ids == [] and bare.full_name is None and len(generated) >= 12


def test_a_bad_address_a_short_password_and_a_taken_address_are_refused_with_their_codes(session):
    """Each refusal carries the code the dashboard words it by and the message `user add` prints
    (naming the address as it was read); 7 characters are one too few."""
    r = _restaurant(session, "codes")
    for email in ("not-an-email", "a@b", "two words@dash.sa"):
        with pytest.raises(InvalidInput) as bad:
            create_user(
                session=session, restaurant_id=r.id, email=email, role=Role.staff, password="long-enough"
            )
        assert (bad.value.code, str(bad.value)) == ("bad_email", f"not an email address: {email!r}")
    with pytest.raises(InvalidInput) as short:
        create_user(
            session=session, restaurant_id=r.id, email="s@dash.sa", role=Role.staff, password="7-chars"
        )
    assert (short.value.code, str(short.value)) == (
        "password_short",
        "the password must be at least 8 characters long",
    )
    create_user(
        session=session, restaurant_id=r.id, email="t@dash.sa", role=Role.staff, password="long-enough"
    )
    with pytest.raises(Conflict) as taken:
        create_user(
            session=session, restaurant_id=r.id, email="T@dash.sa", role=Role.staff, password="long-enough"
        )
    assert (taken.value.code, str(taken.value)) == (
        "email_taken",
        "a user with email t@dash.sa already exists",
    )


def test_one_address_in_two_restaurants_shares_one_salt_and_a_broken_hash_blocks_neither(session, redis_conn):
    """The second login of an address (however it is spelled) takes the first one's 16-byte salt;
    a login whose stored hash is not an argon2 hash at all is skipped, so the address still logs
    in to the other restaurant, and a string that is no hash has no salt."""
    first, second = _restaurant(session, "first"), _restaurant(session, "second")
    one, _ = create_user(
        session=session, restaurant_id=first.id, email="both@x.sa", role=Role.owner, password="pw-first-1"
    )
    two, _ = create_user(
        session=session, restaurant_id=second.id, email="Both@X.sa", role=Role.owner, password="pw-second"
    )
    salt = _salt_of(one.password_hash)
    assert salt is not None and len(salt) == 16 and _salt_of(two.password_hash) == salt
    assert _salt_of("plain-text") is None and _salt_of("$argon2id$v=19$m=1,t=1,p=1$abcde$abc") is None
    # An older login of another address whose stored hash no argon2 parameters can be read from,
    # stored first (so it is the first candidate), then a good one of that address elsewhere.
    session.add(
        User(restaurant_id=first.id, email="gap@x.sa", role=Role.owner, password_hash="$argon2id$broken")
    )
    session.flush()
    good, _ = create_user(
        session=session, restaurant_id=second.id, email="gap@x.sa", role=Role.owner, password="pw-good-1"
    )
    session.commit()
    assert authenticate(session=session, email="gap@x.sa", password="pw-good-1").id == good.id


def test_a_failed_login_is_recorded_on_its_user_and_an_unknown_user_records_nothing(session):
    """The audit entry names the restaurant, the user as actor and subject, and the kind; a user
    id that no longer exists adds no entry (and no error)."""
    r = _restaurant(session, "audit")
    user, _ = create_user(
        session=session, restaurant_id=r.id, email="a@dash.sa", role=Role.staff, password="long-enough"
    )
    record_failed_login(session=session, user_id=user.id)
    record_failed_login(session=session, user_id=uuid.uuid4())
    session.flush()
    events = session.exec(select(Event).where(Event.kind == "user.login_failed")).all()
    assert [(e.restaurant_id, e.actor, e.subject_type, e.subject_id) for e in events] == [
        (r.id, "user", "user", str(user.id))
    ]


def test_log_out_everywhere_counts_the_sessions_it_ended_and_an_unknown_token_ends_none(session, redis_conn):
    """Two sessions of a user: both end, and the answer is 2; a token no one holds ends nothing (0).
    A failed login names its user and says only "wrong email or password"."""
    r = _restaurant(session, "out")
    user, _ = create_user(
        session=session, restaurant_id=r.id, email="o@dash.sa", role=Role.owner, password="long-enough"
    )
    session.commit()
    first, other = open_session_for(user, SECRET), open_session_for(user, SECRET)
    assert viewer_from_token(session=session, token=other, secret=SECRET).user_id == user.id
    assert end_all_sessions(session=session, token="no-such-token", secret=SECRET) == 0
    assert end_all_sessions(session=session, token=first, secret=SECRET) == 2
    assert viewer_from_token(session=session, token=other, secret=SECRET) is None
    failed = LoginFailed(user.id)
    assert (str(failed), failed.user_id) == ("wrong email or password", user.id)


def test_logins_made_before_an_address_shared_one_salt_each_log_in_with_their_own_password(
    session, redis_conn
):
    """An address with a login in two restaurants whose hashes have salts of their own (made before
    the logins of an address shared one): each password opens its own restaurant, and a wrong one
    opens neither."""
    from argon2 import PasswordHasher

    first, second = _restaurant(session, "old-1"), _restaurant(session, "old-2")
    hasher = PasswordHasher()
    one = User(
        restaurant_id=first.id, email="old@x.sa", role=Role.owner, password_hash=hasher.hash("pw-of-first")
    )
    session.add(one)
    session.flush()
    two = User(
        restaurant_id=second.id, email="old@x.sa", role=Role.owner, password_hash=hasher.hash("pw-of-second")
    )
    session.add(two)
    session.commit()
    assert _salt_of(one.password_hash) != _salt_of(two.password_hash)
    assert authenticate(session=session, email="old@x.sa", password="pw-of-first").id == one.id
    assert authenticate(session=session, email="old@x.sa", password="pw-of-second").id == two.id
    with pytest.raises(LoginFailed):
        authenticate(session=session, email="old@x.sa", password="pw-of-neither")
