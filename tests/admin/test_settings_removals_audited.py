"""What the activity trail keeps of a template or a quick reply that was added and then deleted:
who did it, which row, and what the row was, so an owner can see what a teammate removed and put
it back (found by mutation testing, docs/MUTATION.md, session of 2026-12-06 (8): the removed
template's language and purpose, and the quick reply's entries, could each be lost unnoticed)."""

from __future__ import annotations

from sqlmodel import select

from crm_res.models import Event
from crm_res.services.admin import restaurant_settings as rs


def _entries(s, subject_id: str) -> list[Event]:  # type: ignore[no-untyped-def]
    s.flush()
    return list(s.exec(select(Event).where(Event.subject_id == subject_id).order_by(Event.id)).all())


def test_a_deleted_template_is_recorded_with_its_name_language_and_purpose(world):
    """Adding and deleting a template each leave one entry on it, by the owner: what was added, and
    the name, language and purpose it had when it was deleted."""
    s, owner = world["session"], world["owner"]
    tid = rs.save_template(
        session=s, viewer=owner, data={"name": "we_miss_you", "language": "en", "purpose": "reengage"}
    )
    rs.delete_template(session=s, viewer=owner, template_id=tid)
    added, deleted = _entries(s, tid)
    assert [(e.kind, e.subject_type, e.actor_user_id, e.restaurant_id) for e in (added, deleted)] == [
        ("settings.template", "template", owner.user_id, world["r"].id),
        ("settings.template_deleted", "template", owner.user_id, world["r"].id),
    ]
    removed = {"name": "we_miss_you", "language": "en", "purpose": "reengage"}
    assert deleted.data == {
        "name": "we_miss_you",
        "before": removed,
        "after": dict.fromkeys(removed),
    }


def test_a_quick_reply_added_and_deleted_is_recorded_with_its_title_and_text(world):
    """A quick reply's addition records its title and text as added; its deletion records them as
    removed; each entry names the reply and the owner who acted."""
    s, owner = world["session"], world["owner"]
    cid = rs.save_canned(session=s, viewer=owner, title="  hours ", body=" نفتح ١٢ ظهراً ")
    rs.delete_canned(session=s, viewer=owner, canned_id=cid)
    added, deleted = _entries(s, cid)
    assert [(e.kind, e.subject_type, e.actor_user_id, e.restaurant_id) for e in (added, deleted)] == [
        ("settings.canned", "canned", owner.user_id, world["r"].id),
        ("settings.canned_deleted", "canned", owner.user_id, world["r"].id),
    ]
    reply = {"title": "hours", "body": "نفتح ١٢ ظهراً"}
    assert added.data == {"name": "hours", "before": dict.fromkeys(reply), "after": reply}
    assert deleted.data == {"name": "hours", "before": reply, "after": dict.fromkeys(reply)}
    assert rs.list_canned(session=s, viewer=owner) == []


def test_an_item_switched_off_and_on_is_recorded_by_its_name(world):
    """Each availability change of a menu item leaves an entry naming the item (its Arabic name, as
    the trail shows it) with the availability before and after."""
    s, owner = world["session"], world["owner"]
    iid = rs.save_menu_item(
        session=s, viewer=owner, item_id=None, data={"name_ar": "شاي", "name_en": "Tea", "price": "4"}
    )
    rs.set_item_available(session=s, viewer=owner, item_id=iid, available=False)
    rs.set_item_available(session=s, viewer=owner, item_id=iid, available=True)
    added, off, on = _entries(s, iid)
    assert [e.kind for e in (added, off, on)] == ["settings.menu_item"] * 3
    assert (off.data, on.data) == (
        {"name": "شاي", "before": {"available": True}, "after": {"available": False}},
        {"name": "شاي", "before": {"available": False}, "after": {"available": True}},
    )
