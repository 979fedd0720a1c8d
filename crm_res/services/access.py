"""Who is asking: every dashboard read and write is scoped through a Viewer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, true

from crm_res.models import Role, User


@dataclass(frozen=True)
class Viewer:
    """A logged-in user as the domain sees them: tenant, role and branches."""

    user_id: uuid.UUID
    restaurant_id: uuid.UUID
    role: Role
    branch_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)

    @property
    def sees_all_branches(self) -> bool:
        """Only owners. A manager or staff member with no branch assigned sees no branch at all
        (fail closed: `user add --role staff` without branches must not open every branch)."""
        return self.role == Role.owner

    def can_see_branch(self, branch_id: uuid.UUID | None) -> bool:
        """Whether a row of this branch is visible; rows with no branch yet are restaurant-wide."""
        return self.sees_all_branches or branch_id is None or branch_id in self.branch_ids

    def branch_filter(self, column: ColumnElement) -> ColumnElement[bool]:
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
