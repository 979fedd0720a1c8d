"""The audit trail: a person's changes are recorded with who, what before and after; owners read and export them."""

from __future__ import annotations

from crm_res.models import Role
from tests.fixtures.dashboard import coffee_at_9_then_11
from tests.fixtures.people import add_user


def test_menu_price_and_team_changes_carry_before_and_after_and_owners_read_them(world, session):
    """A price change and a role change each leave an entry with the old and new values; the owner's
    Activity read finds them by kind, staff may not read it, the CSV export is itself recorded."""
    import pytest

    from crm_res.services.admin import restaurant_settings as rs
    from crm_res.services.errors import Forbidden
    from crm_res.services.ops.audit import ActivityFilter, export_activity, list_activity

    owner = world["owner"]
    coffee_at_9_then_11(session, owner)
    mate = add_user(session, owner.restaurant_id, "m@a.sa", Role.staff, branch_ids=[world["a"].id])
    rs.update_user(
        session=session,
        viewer=owner,
        user_id=str(mate.id),
        role="manager",
        branch_ids=[str(world["a"].id)],
        is_active=True,
    )
    session.flush()
    rows, total = list_activity(
        session=session, viewer=owner, filters=ActivityFilter(kind_prefix="settings.menu")
    )
    assert total == 2
    latest = rows[0]
    assert latest.data["before"] == {"price": "9.00"} and latest.data["after"] == {"price": "11.00"}
    [role_change], _ = list_activity(
        session=session, viewer=owner, filters=ActivityFilter(kind_prefix="settings.user_changed")
    )
    assert role_change.data["before"]["role"] == "staff" and role_change.data["after"]["role"] == "manager"
    assert role_change.who  # the owner's email
    with pytest.raises(Forbidden):
        list_activity(session=session, viewer=world["staff"])
    exported = export_activity(session=session, viewer=owner)
    assert {"settings.menu_item", "settings.user_changed"} <= {r.kind for r in exported}
    exports, _ = list_activity(session=session, viewer=owner, filters=ActivityFilter(kind_prefix="export."))
    assert len(exports) == 1


def test_retention_deletes_only_old_entries(world, session):
    """Entries older than the retention go; newer ones stay."""
    from datetime import UTC, datetime, timedelta

    from crm_res.models import Event
    from crm_res.services.ops.audit import prune_events

    rid = world["owner"].restaurant_id
    now = datetime.now(UTC)
    session.add(Event(restaurant_id=rid, actor="user", kind="old", created_at=now - timedelta(days=500)))
    session.add(Event(restaurant_id=rid, actor="user", kind="new", created_at=now - timedelta(days=5)))
    session.flush()
    assert prune_events(session=session, older_than_days=400, now=now) >= 1
    from sqlmodel import select

    kinds = {e.kind for e in session.exec(select(Event)).all()}
    assert "new" in kinds and "old" not in kinds
