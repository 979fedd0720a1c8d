"""Dashboard logins: create, authenticate (argon2, slowed after failures), sign sessions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session, select

from crm_res.models import Event, Restaurant, Role, User
from crm_res.services.access import Viewer, viewer_for
from crm_res.services.errors import Conflict, InvalidInput

_hasher = PasswordHasher()
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SESSION_MAX_AGE = 14 * 24 * 3600
# After this many consecutive failures the account is locked for LOCKOUT, doubling each time.
FREE_ATTEMPTS = 5
LOCKOUT = timedelta(seconds=30)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


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
        raise InvalidInput(f"not an email address: {email!r}")
    if password is not None and len(password) < 8:
        raise InvalidInput("the password must be at least 8 characters long")
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"a user with email {email} already exists")
    password = password or secrets.token_urlsafe(9)
    user = User(
        restaurant_id=restaurant_id,
        email=email,
        role=role,
        full_name=full_name,
        password_hash=hash_password(password),
        branch_ids=branch_ids or [],
    )
    session.add(user)
    session.flush()
    return user, password


class LoginFailed(Exception):
    """Wrong email or password, or locked: one generic message on purpose."""

    def __init__(self, retry_after: int = 0) -> None:
        super().__init__("wrong email or password")
        self.retry_after = retry_after


def authenticate(*, session: Session, email: str, password: str) -> User:
    """Check a login; repeated failures lock the account for a growing time."""
    now = datetime.now(UTC)
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None or not user.is_active:
        # Same cost as a real check, so timing does not reveal which emails exist.
        _burn(password)
        raise LoginFailed()
    if user.locked_until and user.locked_until > now:
        raise LoginFailed(retry_after=int((user.locked_until - now).total_seconds()) + 1)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= FREE_ATTEMPTS:
            factor = 2 ** (user.failed_logins - FREE_ATTEMPTS)
            user.locked_until = now + LOCKOUT * min(factor, 64)
        session.add(user)
        session.add(
            Event(restaurant_id=user.restaurant_id, actor="user", kind="user.login_failed",
                  subject_type="user", subject_id=str(user.id))
        )  # fmt: skip
        session.commit()
        raise LoginFailed() from None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    session.commit()
    return user


_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _burn(password: str) -> None:
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        pass


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="crm-res-session")


def _password_mark(user: User, secret: str) -> str:
    """Ties a session to the password it was opened with: a reset ends every earlier session."""
    return hmac.new(secret.encode(), user.password_hash.encode(), hashlib.sha256).hexdigest()[:16]


def sign_session(user: User, secret: str) -> str:
    return _serializer(secret).dumps({"uid": str(user.id), "pw": _password_mark(user, secret)})


def viewer_from_token(*, session: Session, token: str, secret: str) -> Viewer | None:
    """The Viewer for a signed session token, or None when it is bad, expired or revoked."""
    if not token:
        return None
    try:
        data = _serializer(secret).loads(token, max_age=SESSION_MAX_AGE)
        user_id, mark = uuid.UUID(data["uid"]), str(data["pw"])
    except (BadSignature, KeyError, ValueError, TypeError):
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(mark, _password_mark(user, secret)):
        return None  # the password was reset since this session was opened
    restaurant = session.get(Restaurant, user.restaurant_id)
    if restaurant is None or restaurant.deleted_at is not None:
        return None
    return viewer_for(user)
