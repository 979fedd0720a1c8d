"""Every Settings write that names a row refuses another restaurant's row with "not found" and leaves
it as it was; the same write on the owner's own row works (so the refusal is the tenancy check, not
bad input). Writes that name no row only ever touch the owner's own restaurant."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import func, select

from crm_res.models import Branch, CannedResponse, MenuItem, MessageTemplate, User
from crm_res.services.admin import restaurant_settings as rs
from crm_res.services.errors import NotFound

BRANCH_DATA = {"name_ar": "فرع جديد", "name_en": "New Branch", "city": "Riyadh"}


def _rows(session, restaurant_id) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Each restaurant's own Settings rows, one of each kind."""
    item = MenuItem(restaurant_id=restaurant_id, name_ar="برجر", name_en="Burger", price=Decimal("35"))
    template = MessageTemplate(
        restaurant_id=restaurant_id, name="we_miss_you", language="ar", purpose="reengage"
    )
    canned = CannedResponse(restaurant_id=restaurant_id, title="hours", body="نفتح ١٢ ظهراً")
    session.add_all([item, template, canned])
    session.flush()
    return {"item": item, "template": template, "canned": canned}


def _state(session, world) -> tuple:  # type: ignore[no-untyped-def]
    """What the other restaurant has, to compare before and after a refused write."""
    s = session
    s.expire_all()
    other = world["other"].id
    return (
        [
            (i.name_ar, i.price, i.available)
            for i in s.exec(select(MenuItem).where(MenuItem.restaurant_id == other))
        ],
        s.exec(
            select(func.count()).select_from(MessageTemplate).where(MessageTemplate.restaurant_id == other)
        ).one(),
        s.exec(
            select(func.count()).select_from(CannedResponse).where(CannedResponse.restaurant_id == other)
        ).one(),
        [
            (b.name_ar, b.city, b.is_active)
            for b in s.exec(select(Branch).where(Branch.restaurant_id == other))
        ],
        [
            (u.role, u.is_active, u.password_hash, u.branch_ids)
            for u in s.exec(select(User).where(User.restaurant_id == other))
        ],
    )


# Each write as the owner of A on a row (`rows`, `branch`, `user`) of A or of B.
WRITES: dict[str, Callable[..., Any]] = {
    "save_branch": lambda s, v, w, rows, branch, user: rs.save_branch(
        session=s, viewer=v, branch_id=str(branch.id), data=BRANCH_DATA),
    "save_menu_item": lambda s, v, w, rows, branch, user: rs.save_menu_item(
        session=s, viewer=v, item_id=str(rows["item"].id), data={"name_ar": "برجر خاص", "name_en": "Special",
                                                                  "price": "1"}),
    "set_item_available": lambda s, v, w, rows, branch, user: rs.set_item_available(
        session=s, viewer=v, item_id=str(rows["item"].id), available=False),
    "delete_template": lambda s, v, w, rows, branch, user: rs.delete_template(
        session=s, viewer=v, template_id=str(rows["template"].id)),
    "delete_canned": lambda s, v, w, rows, branch, user: rs.delete_canned(
        session=s, viewer=v, canned_id=str(rows["canned"].id)),
    "update_user": lambda s, v, w, rows, branch, user: rs.update_user(
        session=s, viewer=v, user_id=str(user), role="manager", branch_ids=[str(w["a"].id)], is_active=False),
    "reset_password": lambda s, v, w, rows, branch, user: rs.reset_password(
        session=s, viewer=v, user_id=str(user)),
    "add_user_in_a_branch": lambda s, v, w, rows, branch, user: rs.add_user(
        session=s, viewer=v, email="new@team.sa", role="staff", branch_ids=[str(branch.id)]),
    "update_user_into_a_branch": lambda s, v, w, rows, branch, user: rs.update_user(
        session=s, viewer=v, user_id=str(w["staff"].user_id), role="staff", branch_ids=[str(branch.id)],
        is_active=True),
}  # fmt: skip


# What each refusal names (the message is shown to the owner) and its code, when it has its own.
NOT_FOUND = {
    "save_branch": ("branch", None),
    "save_menu_item": ("menu item", None),
    "set_item_available": ("menu item", None),
    "delete_template": ("template", "template_not_found"),
    "delete_canned": ("quick reply", None),
    "update_user": ("user", None),
    "reset_password": ("user", None),
    "add_user_in_a_branch": ("branch", None),
    "update_user_into_a_branch": ("branch", None),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_settings_write_on_another_restaurants_row_is_not_found(world, write):
    """The owner of A naming B's row gets NotFound, naming what was not found, and B is unchanged;
    naming A's own row works."""
    s, owner = world["session"], world["owner"]
    own, theirs = _rows(s, world["r"].id), _rows(s, world["other"].id)
    before = _state(s, world)
    what, code = NOT_FOUND[write]
    with pytest.raises(NotFound, match=f"^{what} not found$") as refused:
        WRITES[write](s, owner, world, theirs, world["ob"], world["stranger"].user_id)
    assert code is None or refused.value.code == code
    assert _state(s, world) == before
    # The own-restaurant twin goes through: the user is a teammate of A (the staff member).
    WRITES[write](s, owner, world, own, world["a"], world["staff"].user_id)
    s.flush()
    s.expire_all()
    effect = {
        "set_item_available": lambda: s.get(MenuItem, own["item"].id).available is False,
        "delete_template": lambda: s.get(MessageTemplate, own["template"].id) is None,
        "delete_canned": lambda: s.get(CannedResponse, own["canned"].id) is None,
    }.get(write)
    assert effect is None or effect()


@pytest.mark.parametrize(
    "write",
    [
        "update_profile",
        "save_template",
        "save_canned",
        "import_menu",
        "save_branch_new",
        "save_menu_item_new",
        "add_user_owner",
    ],
)
def test_settings_writes_that_name_no_row_touch_only_the_owners_restaurant(world, write):
    """Adding or changing what belongs to A leaves B's rows and profile as they were."""
    s, owner, other = world["session"], world["owner"], world["other"]
    _rows(s, other.id)
    before, profile = _state(s, world), (other.name_ar, other.name_en, dict(other.settings or {}))
    {
        "update_profile": lambda: rs.update_profile(
            session=s, viewer=owner, data={"name_ar": "اسم جديد", "name_en": "New Name", "city": "Riyadh"}
        ),
        "save_template": lambda: rs.save_template(
            session=s, viewer=owner, data={"name": "we_miss_you", "language": "ar", "purpose": "reengage"}
        ),
        "save_canned": lambda: rs.save_canned(session=s, viewer=owner, title="hours", body="نفتح ١٢"),
        "import_menu": lambda: rs.import_menu(
            session=s,
            viewer=owner,
            content="name_ar,name_en,price,category,available\nبرجر,Burger,99,mains,no\n",
        ),
        "save_branch_new": lambda: rs.save_branch(session=s, viewer=owner, branch_id=None, data=BRANCH_DATA),
        "save_menu_item_new": lambda: rs.save_menu_item(
            session=s,
            viewer=owner,
            item_id=None,
            data={"name_ar": "برجر", "name_en": "Burger", "price": "99", "available": False},
        ),
        "add_user_owner": lambda: rs.add_user(
            session=s, viewer=owner, email="co@owner.sa", role="owner", branch_ids=[]
        ),
    }[write]()
    s.flush()
    assert _state(s, world) == before
    s.refresh(other)
    assert (other.name_ar, other.name_en, dict(other.settings or {})) == profile
