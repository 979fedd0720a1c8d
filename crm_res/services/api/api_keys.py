"""API keys: created and revoked by the owner, checked on every REST API request.

A key is `crk_` + 40 random URL-safe characters (240 bits); only its SHA-256 is stored, so a
database leak yields no usable key, and a lookup is one indexed equality (no slow hash needed at
this entropy). How a key maps to the domain's rules: it acts for the owner who created it —
- a key for every branch is that owner (Role.owner: every branch, every owner-only write);
- a key limited to one branch acts as a *manager of that branch* (Role.manager with that one
  branch): it sees exactly what such a manager sees and cannot make owner-only changes;
- on top of that its scopes (`conversations:read`, `orders:write`, …) limit which API routes it
  may call at all. Deactivating the owner, deleting the branch or revoking the key ends it at once.

The API keeps the callers it has looked up in memory (http/api/auth.py) for speed. Every
committed change that can end or narrow a key — a key revoked or changed, a user deactivated or
their role changed, a branch deleted, a restaurant's tier changed or deleted — bumps one Redis
value (`KEYS_GENERATION`, crm_res/api_key_generation.py: seen in the SQL of any statement of any
process) after commit; the API checks it on every request and looks a cached caller up again
when it moved, so a revoked key is refused from the next request on.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from crm_res.models import ApiKey, Branch, Event, Restaurant, Role, User
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.changes import audit_entry, changes
from crm_res.services.errors import InvalidInput, NotFound
from crm_res.services.ids import parse_id
from crm_res.services.local_time import restaurant_tz, time_label

KEY_PREFIX = "crk_"
SHOWN_PREFIX = 12  # "crk_" and 8 characters: enough to tell keys apart in the list
NAME_MAX = 80
RESOURCES = (
    "conversations",
    "customers",
    "orders",
    "feedback",
    "menu",
    "branches",
    "analytics",
    "campaigns",
    "webhooks",
)
SCOPES = tuple(f"{r}:{a}" for r in RESOURCES for a in ("read", "write"))
# Last use is recorded at most this often per key (not a write on every request).
LAST_USED_EVERY = timedelta(minutes=1)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApiPrincipal:
    """Who calls the API: the domain's Viewer, the key's scopes and ids."""

    viewer: Viewer
    scopes: frozenset[str]
    key_id: uuid.UUID
    restaurant_id: uuid.UUID
    tier: str  # the restaurant's subscription tier: its rate limit

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


@dataclass(frozen=True)
class NewKey:
    id: uuid.UUID
    key: str  # shown once
    prefix: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _clean_scopes(scopes: list[str] | None) -> list[str]:
    if not scopes:
        return list(SCOPES)
    wanted = [s.strip() for s in scopes if s.strip()]
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown:
        raise InvalidInput(f"unknown scope(s): {', '.join(unknown)} (known: {', '.join(SCOPES)})")
    return sorted(set(wanted), key=SCOPES.index)


def _issue(
    session: Session,
    *,
    restaurant_id: uuid.UUID,
    created_by: uuid.UUID,
    name: str,
    scopes: list[str] | None,
    branch_id: uuid.UUID | str | None,
) -> NewKey:
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise InvalidInput(f"the key's name is longer than {NAME_MAX} characters")
    branch = None
    if branch_id:
        branch = session.get(Branch, parse_id(branch_id, "branch"))
        if branch is None or branch.restaurant_id != restaurant_id or branch.deleted_at is not None:
            raise NotFound("branch not found")
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    row = ApiKey(
        restaurant_id=restaurant_id,
        name=name,
        key_hash=hash_key(key),
        prefix=key[:SHOWN_PREFIX],
        scopes=_clean_scopes(scopes),
        branch_id=branch.id if branch else None,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    after = {"name": name, "scopes": row.scopes, "branch": branch.name_ar if branch else None}
    session.add(
        Event(
            restaurant_id=restaurant_id,
            actor_user_id=created_by,
            actor="user",
            kind="api_key.created",
            subject_type="api_key",
            subject_id=str(row.id),
            data={"name": name, "scopes": row.scopes, **changes({}, after)},
        )
    )
    session.flush()
    return NewKey(row.id, key, row.prefix)


@allowed_roles(Role.owner, action="create API keys")
def create_api_key(
    *,
    session: Session,
    viewer: Viewer,
    name: str = "",
    scopes: list[str] | None = None,
    branch_id: uuid.UUID | str | None = None,
) -> NewKey:
    """A new key for the owner's restaurant (all scopes when none are given); the key is in the
    result only: it is never stored and cannot be shown again."""
    return _issue(
        session,
        restaurant_id=viewer.restaurant_id,
        created_by=viewer.user_id,
        name=name,
        scopes=scopes,
        branch_id=branch_id,
    )


def create_api_key_for_restaurant(
    *, session: Session, restaurant_id: uuid.UUID, name: str = "", scopes: list[str] | None = None
) -> NewKey:
    """The CLI's `api-key create`: a key acting for the restaurant's first active owner."""
    owner = session.exec(
        select(User)
        .where(User.restaurant_id == restaurant_id, User.role == Role.owner, col(User.is_active))
        .order_by(col(User.created_at))
    ).first()
    if owner is None:
        raise NotFound("the restaurant has no active owner for the key to act for")
    return _issue(
        session, restaurant_id=restaurant_id, created_by=owner.id, name=name, scopes=scopes, branch_id=None
    )


def list_api_keys(*, session: Session, viewer: Viewer) -> list[dict[str, object]]:
    """The restaurant's keys, newest first, revoked ones included (never the key itself)."""
    if viewer.role != Role.owner:
        return []
    rows = session.exec(
        select(ApiKey, Branch.name_ar, Branch.name_en)
        .outerjoin(Branch, col(Branch.id) == col(ApiKey.branch_id))
        .where(ApiKey.restaurant_id == viewer.restaurant_id)
        .order_by(col(ApiKey.created_at).desc())
    ).all()
    tz, now = restaurant_tz(session, viewer.restaurant_id), datetime.now(UTC)
    return [
        {
            "id": str(k.id),
            "name": k.name,
            "prefix": k.prefix,
            "scopes": ", ".join(k.scopes),
            "scope_list": list(k.scopes),
            "branch_ar": b_ar or "",
            "branch_en": b_en or "",
            "created_at": k.created_at.isoformat(),
            "created_label": time_label(k.created_at, tz, now),
            "last_used_at": k.last_used_at.isoformat() if k.last_used_at else "",
            "last_used_label": time_label(k.last_used_at, tz, now),
            "revoked": k.revoked_at is not None,
        }
        for k, b_ar, b_en in rows
    ]


@allowed_roles(Role.owner, action="revoke API keys")
def revoke_api_key(*, session: Session, viewer: Viewer, key_id: uuid.UUID | str) -> None:
    """Revoked keys are refused from the next request on (every request reads the key's row)."""
    key = session.get(ApiKey, parse_id(key_id, "API key"))
    if key is None or key.restaurant_id != viewer.restaurant_id:
        raise NotFound("API key not found")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        session.add(key)
        session.add(
            audit_entry(
                viewer,
                "api_key.revoked",
                "api_key",
                str(key.id),
                {"name": key.name, **changes({"revoked": False}, {"revoked": True})},
            )
        )


def principal_for_key(*, session: Session, key: str, now: datetime | None = None) -> ApiPrincipal | None:
    """The caller a bearer key stands for, or None (unknown, revoked, its owner gone or no longer
    an owner, its branch deleted). One indexed lookup; last use recorded at most once a minute."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    row = session.exec(
        select(  # type: ignore[call-overload]  # SQLModel types select() up to four columns
            ApiKey, User.is_active, User.role, Branch.deleted_at, Restaurant.subscription_tier
        )
        .join(User, User.id == ApiKey.created_by)
        .join(Restaurant, Restaurant.id == ApiKey.restaurant_id)
        .outerjoin(Branch, Branch.id == ApiKey.branch_id)
        .where(ApiKey.key_hash == hash_key(key))
    ).first()
    if row is None:
        return None
    api_key, active, role, branch_deleted, tier = row
    if api_key.revoked_at is not None or not active or role != Role.owner or branch_deleted is not None:
        return None
    now = now or datetime.now(UTC)
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_EVERY:
        api_key.last_used_at = now
        session.add(api_key)
    if api_key.branch_id is None:
        viewer = Viewer(
            user_id=api_key.created_by,
            restaurant_id=api_key.restaurant_id,
            role=Role.owner,
            api_key_id=api_key.id,
            api_key_name=api_key.name,
        )
    else:
        viewer = Viewer(
            user_id=api_key.created_by,
            restaurant_id=api_key.restaurant_id,
            role=Role.manager,
            branch_ids=(api_key.branch_id,),
            api_key_id=api_key.id,
            api_key_name=api_key.name,
        )
    return ApiPrincipal(
        viewer=viewer,
        scopes=frozenset(api_key.scopes),
        key_id=api_key.id,
        restaurant_id=api_key.restaurant_id,
        tier=tier.value,
    )


def touch_last_used(*, session: Session, key_id: uuid.UUID, now: datetime) -> None:
    """Record a cached key's use (at most once a minute per key and process)."""
    key = session.get(ApiKey, key_id)
    if key is not None and (key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY):
        key.last_used_at = now
        session.add(key)
