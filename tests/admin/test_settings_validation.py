"""Settings forms refuse bad input with every problem named (by code, for the Arabic text) and save
nothing; duplicates are a conflict; the owner's own access cannot be removed by mistake."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import func, select

from crm_res.models import Branch, CannedResponse, MenuItem, MessageTemplate, Restaurant, User
from crm_res.services.admin import restaurant_settings as rs
from crm_res.services.errors import Conflict, InvalidInput


def _count(s, model, restaurant_id) -> int:  # type: ignore[no-untyped-def]
    return s.exec(select(func.count()).select_from(model).where(model.restaurant_id == restaurant_id)).one()


def _codes(exc: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_a_bad_profile_names_every_problem_and_changes_nothing(world):
    """Missing names, an unknown personality and timezone, out-of-range and non-numeric figures."""
    s, owner, r = world["session"], world["owner"], world["r"]
    before = (r.name_ar, r.timezone, dict(r.settings or {}))
    with pytest.raises(InvalidInput) as bad:
        rs.update_profile(
            session=s,
            viewer=owner,
            data={
                "name_ar": " ",
                "name_en": "X",
                "personality": "grumpy",
                "timezone": "Mars/Base",
                "discount_percent": "95",
                "discount_valid_days": "a week",
                "feedback_delay_hours": "0",
            },
        )
    assert _codes(bad) == ["names_required", "personality", "timezone", "between", "whole_number", "between"]
    s.refresh(s.get(Restaurant, r.id))
    assert (r.name_ar, r.timezone, dict(r.settings or {})) == before


def test_a_good_profile_is_saved_with_its_figures(world):
    """Names, timezone, city, prayer holding, Ramadan mode and discount rules are stored as given."""
    s, owner = world["session"], world["owner"]
    profile = rs.update_profile(
        session=s,
        viewer=owner,
        data={
            "name_ar": "مطعم جديد",
            "name_en": "New",
            "timezone": "Asia/Riyadh",
            "city": "Jeddah",
            "discount_enabled": True,
            "discount_percent": "15",
            "discount_valid_days": "30",
            "feedback_delay_hours": "4",
            "prayer_time_enabled": False,
            "ramadan_mode": False,
        },
    )
    r = s.get(Restaurant, world["r"].id)
    assert (r.name_ar, r.city, r.prayer_time_enabled) == ("مطعم جديد", "Jeddah", False)
    assert {
        k: r.settings[k]
        for k in (
            "discount_enabled",
            "discount_percent",
            "discount_valid_days",
            "feedback_delay_hours",
            "ramadan_mode",
        )
    } == {
        "discount_enabled": True,
        "discount_percent": 15,
        "discount_valid_days": 30,
        "feedback_delay_hours": 4,
        "ramadan_mode": False,
    }
    assert profile["name_ar"] == "مطعم جديد"


def test_a_bad_branch_names_every_problem_and_adds_nothing(world):
    """No names, an unknown city, a latitude that is not a number and a longitude out of range."""
    s, owner, r = world["session"], world["owner"], world["r"]
    before = _count(s, Branch, r.id)
    with pytest.raises(InvalidInput) as bad:
        rs.save_branch(
            session=s,
            viewer=owner,
            branch_id=None,
            data={"name_ar": "", "name_en": "", "city": "Atlantis", "lat": "north", "lng": "200"},
        )
    assert _codes(bad) == ["branch_names_required", "city", "number", "out_of_range"]
    assert _count(s, Branch, r.id) == before


def test_a_new_branch_without_coordinates_takes_its_citys(world):
    """A branch saved with a known city and no pin is placed at the city's centre."""
    s, owner = world["session"], world["owner"]
    bid = rs.save_branch(
        session=s,
        viewer=owner,
        branch_id=None,
        data={"name_ar": "فرع مكة", "name_en": "Makkah", "city": "Makkah"},
    )
    branch = s.get(Branch, uuid.UUID(bid))
    assert branch.city == "Makkah" and branch.lat is not None and 21 < branch.lat < 22


def test_bad_menu_items_are_refused_and_duplicates_conflict(world):
    """No names or a price that is not SAR is refused with the problems; a second item of the same
    Arabic name conflicts; nothing is added by either."""
    s, owner, r = world["session"], world["owner"], world["r"]
    with pytest.raises(InvalidInput) as bad:
        rs.save_menu_item(session=s, viewer=owner, item_id=None, data={"name_ar": "", "price": "cheap"})
    assert _codes(bad) == ["names_required", "price"]
    rs.save_menu_item(
        session=s, viewer=owner, item_id=None, data={"name_ar": "كبسة", "name_en": "Kabsa", "price": "45"}
    )
    before = _count(s, MenuItem, r.id)
    with pytest.raises(Conflict):
        rs.save_menu_item(
            session=s,
            viewer=owner,
            item_id=None,
            data={"name_ar": "كبسة", "name_en": "Kabsa 2", "price": "40"},
        )
    assert _count(s, MenuItem, r.id) == before


def test_templates_are_validated_listed_and_unique(world):
    """A template needs a Meta-style name, a known language and purpose; the same name and language
    twice conflicts; the list shows what was saved."""
    s, owner, r = world["session"], world["owner"], world["r"]
    with pytest.raises(InvalidInput) as bad:
        rs.save_template(
            session=s, viewer=owner, data={"name": "We Miss You!", "language": "fr", "purpose": "spam"}
        )
    assert _codes(bad) == ["template_name", "template_language", "template_purpose"]
    assert _count(s, MessageTemplate, r.id) == 0
    rs.save_template(
        session=s,
        viewer=owner,
        data={
            "name": "we_miss_you",
            "language": "ar",
            "purpose": "reengage",
            "body": "اشتقنا لك {{1}}",
            "parameters": "customer_name, x",
        },
    )
    with pytest.raises(Conflict):
        rs.save_template(
            session=s, viewer=owner, data={"name": "we_miss_you", "language": "ar", "purpose": "promotion"}
        )
    [row] = rs.list_templates(session=s, viewer=owner)
    rs.delete_template(session=s, viewer=owner, template_id=row["id"])
    s.flush()
    from crm_res.models import Event

    [deleted] = s.exec(select(Event).where(Event.kind == "settings.template_deleted")).all()
    assert (deleted.subject_type, deleted.subject_id, deleted.data.get("name")) == (
        "template",
        row["id"],
        "we_miss_you",
    )
    assert rs.list_templates(session=s, viewer=owner) == []
    assert (row["name"], row["language"], row["purpose"], row["parameters"]) == (
        "we_miss_you",
        "ar",
        "reengage",
        "customer_name, x",
    )


QUICK_REPLY_REFUSALS = {
    "quick_reply_incomplete": "a quick reply needs a title and a text",
    "message_too_long": "the text is longer than WhatsApp allows (4096 characters)",
}


def test_quick_replies_need_a_title_and_a_text_within_whatsapps_limit(world):
    """Empty, too long (over 4096 characters) and duplicate quick replies add nothing, each refused
    with the code the dashboard words it by and the message the API shows; a reply is Arabic
    unless saved as English."""
    s, owner, r = world["session"], world["owner"], world["r"]
    for title, body, code in (
        ("", "نص", "quick_reply_incomplete"),
        ("عنوان", "  ", "quick_reply_incomplete"),
        ("طويل", "ا" * 4097, "message_too_long"),
    ):
        with pytest.raises(InvalidInput) as refused:
            rs.save_canned(session=s, viewer=owner, title=title, body=body)
        assert (refused.value.code, str(refused.value)) == (code, QUICK_REPLY_REFUSALS[code])
    rs.save_canned(session=s, viewer=owner, title="longest", body="ا" * 4096)  # exactly the limit is fine
    [longest] = rs.list_canned(session=s, viewer=owner)
    assert longest["language"] == "ar"
    rs.delete_canned(session=s, viewer=owner, canned_id=longest["id"])
    rs.save_canned(session=s, viewer=owner, title="hours", body="نفتح ١٢", language="en")
    with pytest.raises(Conflict) as taken:
        rs.save_canned(session=s, viewer=owner, title="hours", body="another")
    assert (taken.value.code, str(taken.value)) == (
        "quick_reply_exists",
        "a quick reply called hours already exists",
    )
    assert [(c["title"], c["language"]) for c in rs.list_canned(session=s, viewer=owner)] == [("hours", "en")]
    assert _count(s, CannedResponse, r.id) == 1


def test_team_changes_need_a_known_role_and_a_branch_and_keep_the_owner(world):
    """An unknown role, staff without a branch, and an owner demoting or deactivating themselves are
    refused; nothing changes."""
    s, owner, staff = world["session"], world["owner"], world["staff"]
    users_before = _count(s, User, world["r"].id)
    with pytest.raises(InvalidInput):
        rs.add_user(session=s, viewer=owner, email="x@team.sa", role="chef", branch_ids=[])
    with pytest.raises(InvalidInput):
        rs.add_user(session=s, viewer=owner, email="x@team.sa", role="staff", branch_ids=[])
    assert _count(s, User, world["r"].id) == users_before
    sid = str(staff.user_id)
    with pytest.raises(InvalidInput):
        rs.update_user(session=s, viewer=owner, user_id=sid, role="chef", branch_ids=[], is_active=True)
    with pytest.raises(InvalidInput):
        rs.update_user(session=s, viewer=owner, user_id=sid, role="manager", branch_ids=[], is_active=True)
    for role, active in (("manager", True), ("owner", False)):
        with pytest.raises(Conflict, match="your own owner access"):
            rs.update_user(
                session=s,
                viewer=owner,
                user_id=str(owner.user_id),
                role=role,
                branch_ids=[str(world["a"].id)],
                is_active=active,
            )
    me, them = s.get(User, owner.user_id), s.get(User, staff.user_id)
    assert (me.role.value, me.is_active, them.role.value, them.branch_ids) == (
        "owner",
        True,
        "staff",
        [world["a"].id],
    )
