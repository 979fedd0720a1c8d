"""Who is asking: every dashboard read and write is scoped through a Viewer."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import Mapped

from crm_res.models import Role, User
from crm_res.services.errors import Forbidden


@dataclass(frozen=True)
class Viewer:
    """A logged-in user as the domain sees them: tenant, role and branches."""

    user_id: uuid.UUID
    restaurant_id: uuid.UUID
    role: Role
    branch_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    # Set when an API key acts (for the owner who created it): the audit trail names the key.
    api_key_id: uuid.UUID | None = None
    api_key_name: str = ""

    @property
    def sees_all_branches(self) -> bool:
        """Only owners. A manager or staff member with no branch assigned sees no branch at all
        (fail closed: `user add --role staff` without branches must not open every branch)."""
        return self.role == Role.owner

    def can_see_branch(self, branch_id: uuid.UUID | None) -> bool:
        """Whether a row of this branch is visible; rows with no branch yet are restaurant-wide."""
        return self.sees_all_branches or branch_id is None or branch_id in self.branch_ids

    def branch_filter(self, column: Mapped[Any] | ColumnElement[Any]) -> ColumnElement[bool]:
        """A WHERE clause limiting rows to this viewer's branches (owners: no limit).

        Rows with no branch yet (a fresh conversation) stay visible to everyone in the restaurant.
        """
        if self.sees_all_branches:
            return true()
        if not self.branch_ids:
            return column.is_(None)
        return column.is_(None) | column.in_(self.branch_ids)

    @property
    def can_change_settings(self) -> bool:
        return self.role == Role.owner


def viewer_for(user: User) -> Viewer:
    return Viewer(
        user_id=user.id,
        restaurant_id=user.restaurant_id,
        role=user.role,
        branch_ids=tuple(user.branch_ids or ()),
    )


P = ParamSpec("P")
R = TypeVar("R")
EVERY_ROLE = (Role.owner, Role.manager, Role.staff)
_WHO = {
    frozenset({Role.owner}): "only an owner",
    frozenset({Role.owner, Role.manager}): "only an owner or a manager",
}


def allowed_roles(*roles: Role, action: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare and enforce who may call a domain write: `viewer.role` must be one of `roles`.

    Every public function of services/ that takes a `viewer` and writes carries this (its roles are
    in `fn.allowed_roles`); tests/accounts/test_write_permissions.py holds each to its expected
    roles, so a new write without a declared rule fails there. Tenancy and branches are still
    checked by the function itself (NotFound for rows the viewer may not see).
    """
    allowed = frozenset(roles)

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            viewer = kwargs.get("viewer")
            if not isinstance(viewer, Viewer) or viewer.role not in allowed:
                who = _WHO.get(allowed)
                raise Forbidden(f"{who} can {action}" if who else f"your role may not {action}")
            return fn(*args, **kwargs)

        # read by the permission matrix test (tests/accounts/test_write_permissions.py)
        checked.allowed_roles = allowed  # type: ignore[attr-defined]  # a function attribute
        return checked

    return wrap
