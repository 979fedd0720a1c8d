"""Dashboard logins: create, authenticate (argon2, throttled: login_guard), server-side sessions."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import threading
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError
from sqlmodel import Session, col, select

from crm_res.models import Restaurant, Role, User
from crm_res.services.access import Viewer, viewer_for
from crm_res.services.accounts import login_guard, sessions
from crm_res.services.accounts.login_guard import Attempt
from crm_res.services.changes import event_entry
from crm_res.services.errors import Conflict, InvalidInput

_hasher = PasswordHasher()
# argon2 takes ~64 MiB and ~100 ms of CPU per check. Checks run in a pool of their own: at most
# HASH_CONCURRENCY at once in a process however many logins arrive together, in threads at the
# lowest CPU priority (argon2's own lane threads inherit it), so a login storm takes only the CPU
# the webhook and the dashboard leave unused. Callers wait in their worker threads, never on the
# event loop.
HASH_CONCURRENCY = 2


def _lowest_priority() -> None:
    try:  # Linux: a thread id is a valid PRIO_PROCESS target and niceness is per thread
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


_hash_pool = ThreadPoolExecutor(HASH_CONCURRENCY, thread_name_prefix="argon2", initializer=_lowest_priority)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    return _hash_pool.submit(_hasher.hash, password, salt=salt).result()


# One e-mail address may have a login in several restaurants (unique per restaurant: an owner
# adding a teammate must not learn whether the address has a login elsewhere). The logins of one
# address share their argon2 salt, so login computes ONE hash and compares it with each of them:
# the same work for one login as for three, and the same as for an unknown address (_burn).


def _salt_of(password_hash: str) -> bytes | None:
    """The salt of an encoded argon2 hash ($argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>)."""
    parts = password_hash.split("$")
    if len(parts) != 6:
        return None
    try:  # the encoding drops base64's padding: two "=" always suffice, and more are ignored
        return base64.b64decode(parts[4] + "==")
    except (binascii.Error, ValueError):
        return None


def address_salt(session: Session, email: str) -> bytes | None:
    """The salt this address's logins already use (None: it has none yet, a fresh one is drawn)."""
    hashes = session.exec(select(User.password_hash).where(User.email == email.strip().lower())).all()
    return next((salt for h in hashes if (salt := _salt_of(h))), None)


def hash_for_address(session: Session, email: str, password: str) -> str:
    """`password` hashed with the salt shared by the address's logins in every restaurant."""
    return hash_password(password, salt=address_salt(session, email))


def _matching(candidates: list[User], password: str) -> list[User]:
    """The candidates whose hash is `password`'s: one argon2 computation per distinct (parameters,
    salt), which is one for an address whose logins share their salt."""
    groups: dict[str, list[User]] = defaultdict(list)
    for user in candidates:
        groups[user.password_hash.rsplit("$", 1)[0]].append(user)
    found = []
    for users in groups.values():
        try:
            computed = _rehash_like(users[0].password_hash, password)
        except InvalidHashError:
            continue
        found += [u for u in users if hmac.compare_digest(u.password_hash.encode(), computed.encode())]
    return found


def _rehash_like(password_hash: str, password: str) -> str:
    """`password` hashed with the parameters and salt of `password_hash` (one argon2 computation,
    in the pool): equal to it exactly when the password is right. Raises InvalidHashError."""
    salt = _salt_of(password_hash)
    if salt is None:
        raise InvalidHashError  # _matching skips that login (its message is read nowhere)
    hasher = PasswordHasher.from_parameters(extract_parameters(password_hash))
    return _hash_pool.submit(hasher.hash, password, salt=salt).result()


def create_user(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    email: str,
    role: Role,
    password: str | None = None,
    full_name: str | None = None,
    branch_ids: list[uuid.UUID] | None = None,
) -> tuple[User, str]:
    """Add a login; returns the user and the password (generated when not given)."""
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise InvalidInput(f"not an email address: {email!r}", code="bad_email")
    if password is not None and len(password) < 8:
        raise InvalidInput("the password must be at least 8 characters long", code="password_short")
    if session.exec(select(User).where(User.restaurant_id == restaurant_id, User.email == email)).first():
        raise Conflict(f"a user with email {email} already exists", code="email_taken")
    password = password or secrets.token_urlsafe(9)
    user = User(
        restaurant_id=restaurant_id,
        email=email,
        role=role,
        full_name=full_name,
        password_hash=hash_for_address(session, email, password),
        branch_ids=branch_ids or [],
    )
    session.add(user)
    session.flush()
    return user, password


class LoginFailed(Exception):
    """Wrong email or password, or an attempt that must wait: one generic message on purpose
    (whether the account exists, or is being throttled, is not told)."""

    def __init__(self, user_id: uuid.UUID | None = None) -> None:
        super().__init__("wrong email or password")
        self.user_id = user_id  # for the audit event, recorded after the answer (record_failed_login)


def authenticate(*, session: Session, email: str, password: str, attempt: Attempt | None = None) -> User:
    """Check a login. The same work whether or not the account exists (one argon2 check, or none
    when the attempt is throttled: see login_guard), so neither the answer nor its timing says
    which e-mail addresses have an account. Nothing is ever locked."""
    attempt = attempt or Attempt(ip="-", email=email)
    if not login_guard.admit(attempt):
        raise LoginFailed()
    candidates = list(
        session.exec(
            select(User)
            .join(Restaurant, col(Restaurant.id) == col(User.restaurant_id))
            .where(
                User.email == email.strip().lower(), col(User.is_active), col(Restaurant.deleted_at).is_(None)
            )
        ).all()
    )
    if not candidates:
        _burn(password)  # same cost as a real check
        login_guard.failed(attempt)
        raise LoginFailed()
    matching = _matching(candidates, password)
    if not matching:
        login_guard.failed(attempt)
        raise LoginFailed(candidates[0].id if len(candidates) == 1 else None)
    # The same password for logins in two restaurants: the one used last (a person who works for
    # both reaches the other by giving it a password of its own).
    user = max(matching, key=lambda u: (u.last_login_at or u.created_at, u.created_at))
    login_guard.succeeded(attempt)
    user.last_login_at = datetime.now(UTC)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password, salt=_salt_of(user.password_hash))
    session.add(user)
    session.commit()
    return user


def record_failed_login(*, session: Session, user_id: uuid.UUID) -> None:
    """The audit trail of a failed login (written after the answer, so it costs the answer no time)."""
    user = session.get(User, user_id)
    if user is None:
        return
    session.add(event_entry(user.restaurant_id, "user", "user.login_failed", ("user", user.id)))


_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _burn(password: str) -> None:
    _rehash_like(_DUMMY_HASH, password)


def _password_mark(user: User, secret: str) -> str:
    """Ties a session to the password it was opened with: a reset ends every earlier session."""
    return hmac.new(secret.encode(), user.password_hash.encode(), hashlib.sha256).hexdigest()[:16]


def open_session_for(user: User, secret: str) -> str:
    """Open a server-side session for the user; returns its token (for the HttpOnly cookie)."""
    return sessions.open_session(user_id=user.id, password_mark=_password_mark(user, secret))


def end_session(token: str) -> None:
    """Logout: the token is refused from now on, wherever a copy of it is."""
    sessions.close_session(token)


def end_all_sessions(*, session: Session, token: str, secret: str) -> int:
    """ "Log out everywhere": every session of the token's user ends. Returns how many."""
    viewer = viewer_from_token(session=session, token=token, secret=secret)
    if viewer is None:
        return 0
    return sessions.close_all_sessions(viewer.user_id)


def viewer_from_token(*, session: Session, token: str, secret: str) -> Viewer | None:
    """The Viewer for a session token, or None when it is unknown, expired, revoked, or its
    user was deactivated or changed password since."""
    found = sessions.lookup(token)
    if found is None:
        return None
    user = session.get(User, found.user_id)
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(found.password_mark, _password_mark(user, secret)):
        return None  # the password was reset since this session was opened
    restaurant = session.get(Restaurant, user.restaurant_id)
    if restaurant is None or restaurant.deleted_at is not None:
        return None
    return viewer_for(user)
