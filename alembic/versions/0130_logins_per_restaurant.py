"""logins are unique per restaurant, not across restaurants; the unused lockout columns go

Revision ID: 0130
Revises: 0120

An owner adding a teammate must get the same answer whether or not the e-mail address has a
login in another restaurant (issue 14, finding 14): an e-mail is now unique within a restaurant
only. Login finds the account by e-mail and password (services/accounts/users.py: the logins of one
address share their argon2 salt, so one hash computation checks them all). `failed_logins` and
`locked_until` were left from the lock-out that progressive delays replaced (login_guard): read
nowhere.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0130"
down_revision: str | None = "0120"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_users_email", table_name="users")
    op.create_index("ix_users_email", "users", ["email"], unique=False)
    op.create_unique_constraint("uq_users_restaurant_email", "users", ["restaurant_id", "email"])
    op.drop_column("users", "failed_logins")
    op.drop_column("users", "locked_until")


def downgrade() -> None:
    # Fails if two restaurants now share an address (as it should: the old rule cannot hold them).
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.drop_constraint("uq_users_restaurant_email", "users", type_="unique")
    op.drop_index("ix_users_email", table_name="users")
    op.create_index("ix_users_email", "users", ["email"], unique=True)
