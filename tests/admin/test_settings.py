"""Settings on the real database: owners only; the owner edits profile, menu, branches,
templates and team."""

from __future__ import annotations

import uuid

import pytest

from crm_res.models import (
    Branch,
    Role,
    User,
)
from crm_res.services.admin import restaurant_settings
from crm_res.services.errors import Conflict, InvalidInput, NotFound


def test_settings_are_for_owners_only(world):
    """Staff get Forbidden from every settings function, whatever the page shows."""
    s, staff = world["session"], world["staff"]
    for fn, kw in [
        (restaurant_settings.get_profile, {}),
        (restaurant_settings.update_profile, {"data": {}}),
        (restaurant_settings.list_menu_admin, {}),
        (restaurant_settings.save_menu_item, {"item_id": None, "data": {}}),
        (restaurant_settings.add_user, {"email": "a@b.sa", "role": "staff", "branch_ids": []}),
        (restaurant_settings.connection_status, {}),
        (restaurant_settings.save_branch, {"branch_id": None, "data": {}}),
    ]:
        with pytest.raises(restaurant_settings.Forbidden):
            fn(session=s, viewer=staff, **kw)


def test_refused_settings_reads_say_why(world):
    """Staff asking for the profile are told only the owner may; an owner's page whose restaurant
    no longer exists is told "restaurant not found" by the profile, its save and the connection
    status (the message the API shows)."""
    from dataclasses import replace

    s, staff = world["session"], world["staff"]
    with pytest.raises(
        restaurant_settings.Forbidden, match="^only the restaurant's owner can change settings$"
    ):
        restaurant_settings.get_profile(session=s, viewer=staff)
    gone = replace(world["owner"], restaurant_id=uuid.uuid4())
    for fn, kw in [
        (restaurant_settings.get_profile, {}),
        (restaurant_settings.update_profile, {"data": {}}),
        (restaurant_settings.connection_status, {}),
    ]:
        with pytest.raises(NotFound, match="^restaurant not found$"):
            fn(session=s, viewer=gone, **kw)


def test_owner_edits_profile_menu_branch_templates_and_team(world):
    """Profile with discount rules and prayer toggle, a menu item, branch hours, a template, a teammate."""
    s, owner, r = world["session"], world["owner"], world["r"]
    with pytest.raises(InvalidInput):
        restaurant_settings.update_profile(
            session=s, viewer=owner, data={"name_ar": "", "name_en": "x", "discount_percent": "200"}
        )
    p = restaurant_settings.update_profile(
        session=s,
        viewer=owner,
        data={
            "name_ar": "مطعم جديد",
            "name_en": "New Diner",
            "personality": "formal",
            "timezone": "Asia/Riyadh",
            "prayer_time_enabled": False,
            "discount_enabled": True,
            "discount_percent": "20",
            "discount_valid_days": "14",
            "feedback_delay_hours": "2",
        },
    )
    assert p["personality"] == "formal" and p["discount_percent"] == "20" and not p["prayer_time_enabled"]
    assert r.settings["discount_valid_days"] == 14 and r.settings["discount_enabled"] is True
    assert "New Diner" in restaurant_settings.personality_preview(
        restaurant_name="New Diner", personality="modern", language="en"
    )
    item_id = restaurant_settings.save_menu_item(
        session=s,
        viewer=owner,
        item_id=None,
        data={
            "name_ar": "برجر",
            "name_en": "Burger",
            "price": "٢٥",
            "category": "burgers",
            "available": True,
        },
    )
    restaurant_settings.save_menu_item(
        session=s,
        viewer=owner,
        item_id=item_id,
        data={
            "name_ar": "برجر",
            "name_en": "Big Burger",
            "price": "27.50",
            "category": "burgers",
            "available": False,
        },
    )
    [menu] = restaurant_settings.list_menu_admin(session=s, viewer=owner)
    assert (menu["name_en"], menu["price"], menu["available"]) == ("Big Burger", "27.50", False)
    with pytest.raises(InvalidInput) as err:
        restaurant_settings.save_branch(
            session=s,
            viewer=owner,
            branch_id=None,
            data={
                "name_ar": "فرع",
                "name_en": "B",
                "city": "Atlantis",
                "hours": {"sat": {"open": "25:00", "close": "1"}},
            },
        )
    assert any("Atlantis" in x for x in err.value.problems) and any("sat" in x for x in err.value.problems)
    # The Settings page says the same in Arabic (and the CLI's English in English).
    from crm_res.state.errors import error_texts

    texts = error_texts(err.value)
    assert texts["ar"].splitlines() == [
        "لم يُحفظ الفرع:",
        "مدينة سعودية غير معروفة «Atlantis» (أوقات الصلاة تحتاج مدينة معروفة)",
        "ساعات العمل (السبت): الوقت يُكتب مثل 09:00 و23:30 (المُدخل «25:00»–«1»)",
    ]
    assert texts["en"].splitlines() == [
        "the branch was not saved:",
        err.value.problems[0],
        err.value.problems[1].replace("hours sat", "hours Sat"),
    ]
    with pytest.raises(InvalidInput) as err:
        restaurant_settings.update_profile(
            session=s, viewer=owner, data={"name_ar": "", "name_en": "X", "discount_percent": "٩٥"}
        )
    assert error_texts(err.value)["ar"].splitlines()[1:] == [
        "الاسمان العربي والإنجليزي مطلوبان",
        "نسبة الخصم: يجب أن يكون بين 1 و90",
    ]
    bid = restaurant_settings.save_branch(
        session=s,
        viewer=owner,
        branch_id=str(world["a"].id),
        data={
            "name_ar": "فرع أ",
            "name_en": "Branch A",
            "city": "الرياض",
            "hours": {"sat": {"open": "12:00", "close": "01:00"}},
            "ramadan": {"sat": {"open": "20:00", "close": "03:00"}},
        },
    )
    branch = s.get(Branch, uuid.UUID(bid))
    assert branch.operating_hours == {"sat": {"open": "12:00", "close": "01:00"}}
    assert branch.ramadan_hours["sat"]["open"] == "20:00" and branch.city == "Riyadh"
    restaurant_settings.save_template(
        session=s,
        viewer=owner,
        data={"name": "order_update", "language": "ar", "purpose": "order_status", "parameters": "n, s"},
    )
    with pytest.raises(Conflict):
        restaurant_settings.save_template(
            session=s,
            viewer=owner,
            data={"name": "order_update", "language": "ar", "purpose": "order_status"},
        )
    uid, password = restaurant_settings.add_user(
        session=s, viewer=owner, email="new@dash.sa", role="manager", branch_ids=[str(world["b"].id)]
    )
    assert len(password) >= 8
    user = s.get(User, uuid.UUID(uid))
    assert user.role == Role.manager and user.branch_ids == [world["b"].id]
    with pytest.raises(Conflict):
        restaurant_settings.update_user(
            session=s,
            viewer=owner,
            user_id=str(owner.user_id),
            role="staff",
            branch_ids=[str(world["a"].id)],
            is_active=True,
        )
    with pytest.raises(NotFound):  # a branch of another restaurant
        restaurant_settings.add_user(
            session=s, viewer=owner, email="n2@dash.sa", role="staff", branch_ids=[str(world["ob"].id)]
        )
    restaurant_settings.save_canned(session=s, viewer=owner, title="hours", body="نفتح 12 ظهراً")
    assert [c["title"] for c in restaurant_settings.list_canned(session=s, viewer=world["staff"])] == [
        "hours"
    ]
