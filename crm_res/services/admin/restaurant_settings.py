"""Owner-only settings: restaurant profile, branches and hours, menu, templates, quick replies,
discount rules, prayer holding, team, and the WhatsApp/LLM connection status.

Every write (and every read of owner-only data) checks `viewer.can_change_settings` here, on the
server, whatever the page shows or hides.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func
from sqlmodel import Session, col, select

from crm_res.assistant.replies import PERSONALITIES, category_label, greeting
from crm_res.integrations.saudi_cities import find_city
from crm_res.models import (
    Branch,
    CannedResponse,
    MenuItem,
    MessageTemplate,
    OutboxMessage,
    Personality,
    Restaurant,
    Role,
    User,
)
from crm_res.models.outbox import TEMPLATE_REASONS, TEMPLATE_STATUSES
from crm_res.services.access import Viewer, allowed_roles
from crm_res.services.admin.menu import clean_retailer_id, export_menu_csv, import_menu_csv, parse_price
from crm_res.services.changes import audit_entry, changes
from crm_res.services.digits import DIGIT_STYLES
from crm_res.services.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem
from crm_res.services.ids import parse_id
from crm_res.services.local_time import restaurant_tz, time_label
from crm_res.services.options import RestaurantOptions, options

DAYS = ("sat", "sun", "mon", "tue", "wed", "thu", "fri")  # the Saudi week starts on Saturday
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_TEMPLATE_NAME = re.compile(r"^[a-z0-9_]{1,512}$")
TEMPLATE_PURPOSES = ("feedback_request", "order_status", "reengage", "promotion", "summary", "campaign")
TEMPLATE_LANGUAGES = ("ar", "en", "ar_SA", "en_US")


def require_owner(viewer: Viewer) -> None:
    if not viewer.can_change_settings:
        raise Forbidden("only the restaurant's owner can change settings")


def _restaurant(session: Session, viewer: Viewer) -> Restaurant:
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    if restaurant is None:
        raise NotFound("restaurant not found")
    return restaurant


def _audit(
    session: Session, viewer: Viewer, kind: str, subject_type: str, subject_id: str, **data: Any
) -> None:
    session.add(audit_entry(viewer, kind, subject_type, subject_id, data))


class _Owned(Protocol):
    id: Any
    restaurant_id: uuid.UUID


_O = TypeVar("_O", bound=_Owned)


def _own(
    session: Session, viewer: Viewer, model: type[_O], row_id: str, what: str, code: str | None = None
) -> _O:
    """A row of the viewer's restaurant by its id; NotFound for another restaurant's or none."""
    row = session.get(model, parse_id(row_id, what))
    if row is None or row.restaurant_id != viewer.restaurant_id:
        raise NotFound(f"{what} not found", code=code)
    return row


def _create(
    session: Session, viewer: Viewer, row: _Owned, kind: str, subject: str, name: str, fields: dict[str, Any]
) -> str:
    """Store a new row, its `fields` audited as added; its id."""
    session.add(row)
    session.flush()
    _audit(session, viewer, kind, subject, str(row.id), name=name, **changes({}, fields))
    return str(row.id)


def _delete(
    session: Session, viewer: Viewer, row: _Owned, kind: str, subject: str, name: str, fields: dict[str, Any]
) -> None:
    """Delete a row, its `fields` audited as removed."""
    session.delete(row)
    _audit(session, viewer, kind, subject, str(row.id), name=name, **changes(fields, dict.fromkeys(fields)))


def _profile_facts(r: Restaurant) -> dict[str, Any]:
    """The profile's fields as the audit trail compares them (its rules flattened)."""
    return {
        "name_ar": r.name_ar,
        "name_en": r.name_en,
        "personality": r.personality_type.value,
        "timezone": r.timezone,
        "city": r.city,
        "prayer_time_enabled": r.prayer_time_enabled,
        **{k: v for k, v in (r.settings or {}).items() if k in PROFILE_RULES},
    }


PROFILE_RULES = (
    "discount_enabled",
    "discount_percent",
    "discount_valid_days",
    "feedback_delay_hours",
    "ramadan_mode",
)
BRANCH_FACTS = (
    "name_ar",
    "name_en",
    "city",
    "street",
    "phone",
    "lat",
    "lng",
    "operating_hours",
    "ramadan_hours",
    "is_active",
)


# --------------------------------------------------------------------------- profile


def get_profile(*, session: Session, viewer: Viewer) -> dict[str, Any]:
    require_owner(viewer)
    r = _restaurant(session, viewer)
    o = options(r)
    return {
        "name_ar": r.name_ar,
        "name_en": r.name_en,
        "personality": r.personality_type.value,
        "timezone": r.timezone,
        "city": r.city or "",
        "prayer_time_enabled": r.prayer_time_enabled,
        "whatsapp_number": r.whatsapp_number or "",
        "phone_number_id": r.whatsapp_phone_number_id,
        "discount_enabled": o.discount_enabled,
        "discount_percent": str(o.discount_percent),
        "discount_valid_days": str(o.discount_valid_days),
        "feedback_delay_hours": f"{o.feedback_delay_hours:g}",
        "ramadan_mode": o.ramadan_mode,
        "welcome_message": o.welcome_message,
        "digit_style": o.digit_style,
    }


WELCOME_MAX = 1000  # a WhatsApp text may be 4096; a welcome is a line or two


def _int_in(raw: Any, name: str, lo: int, hi: int, problems: list[Problem]) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        problems.append(Problem("whole_number", "{field} must be a whole number", field=name))
        return lo
    if not lo <= value <= hi:
        problems.append(Problem("between", "{field} must be between {lo} and {hi}", field=name, lo=lo, hi=hi))
    return value


@allowed_roles(Role.owner, action="change settings")
def update_profile(*, session: Session, viewer: Viewer, data: dict[str, Any]) -> dict[str, Any]:
    """Names, personality, timezone, city, prayer holding and discount rules in one validated save."""
    require_owner(viewer)
    r = _restaurant(session, viewer)
    before = _profile_facts(r)
    problems: list[Problem] = []
    name_ar, name_en = str(data.get("name_ar", "")).strip(), str(data.get("name_en", "")).strip()
    if not name_ar or not name_en:
        problems.append(Problem("names_required", "both names (Arabic and English) are required"))
    personality = str(data.get("personality", r.personality_type.value))
    if personality not in PERSONALITIES:
        problems.append(
            Problem("personality", "personality must be one of {choices}", choices=", ".join(PERSONALITIES))
        )
    tz = str(data.get("timezone", r.timezone)).strip() or "Asia/Riyadh"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem("timezone", "unknown timezone {value!r} (e.g. Asia/Riyadh)", value=tz))
    city = str(data.get("city", "")).strip()
    discount_enabled = bool(data.get("discount_enabled", False))
    percent = _int_in(
        data.get("discount_percent", RestaurantOptions().discount_percent),
        "discount percent",
        1,
        90,
        problems,
    )
    valid_days = _int_in(
        data.get("discount_valid_days", RestaurantOptions().discount_valid_days),
        "discount validity (days)",
        1,
        365,
        problems,
    )
    delay = _int_in(data.get("feedback_delay_hours", 3), "feedback delay (hours)", 1, 48, problems)
    # Sent once when a customer first opens the chat (WhatsApp's request_welcome); blank: none.
    welcome = str(data.get("welcome_message", options(r).welcome_message) or "").strip()
    if len(welcome) > WELCOME_MAX:
        problems.append(
            Problem(
                "welcome_too_long", "the welcome message is longer than {max} characters", max=WELCOME_MAX
            )
        )
    digit_style = str(data.get("digit_style", options(r).digit_style))
    if digit_style not in DIGIT_STYLES:
        problems.append(
            Problem("digit_style", "digit style must be one of {choices}", choices=", ".join(DIGIT_STYLES))
        )
    if problems:
        raise InvalidInput("the profile was not saved:", problems, code="profile_not_saved")
    r.name_ar, r.name_en = name_ar, name_en
    r.personality_type = Personality(personality)
    r.timezone = tz
    r.city = city or None
    r.prayer_time_enabled = bool(data.get("prayer_time_enabled", r.prayer_time_enabled))
    # Ramadan mode (default on: automatic in Ramadan): off keeps the ordinary Isha in holds and drops
    # the quiet hour before iftar and the pre-iftar promotion (services/timing/holding.py, outreach/ramadan.py).
    ramadan_mode = bool(data.get("ramadan_mode", options(r).ramadan_mode))
    r.settings = {
        **(r.settings or {}),
        "discount_enabled": discount_enabled,
        "discount_percent": percent,
        "discount_valid_days": valid_days,
        "feedback_delay_hours": delay,
        "ramadan_mode": ramadan_mode,
        "welcome_message": welcome,
        "digit_style": digit_style,
    }
    r.updated_at = datetime.now(UTC)
    session.add(r)
    _audit(session, viewer, "settings.profile", "restaurant", str(r.id), **changes(before, _profile_facts(r)))
    return get_profile(session=session, viewer=viewer)


def personality_preview(*, restaurant_name: str, personality: str, language: str = "ar-SA") -> str:
    """A sample greeting in this personality, for the settings page's live preview."""
    return greeting(restaurant_name or "…", language=language, personality=personality)


# --------------------------------------------------------------------------- branches


def _hours_text(hours: dict[str, Any]) -> str:
    return ", ".join(f"{d} {h['open']}–{h['close']}" for d in DAYS if (h := hours.get(d)))


def list_branches_admin(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    require_owner(viewer)
    rows = session.exec(
        select(Branch)
        .where(Branch.restaurant_id == viewer.restaurant_id, col(Branch.deleted_at).is_(None))
        .order_by(col(Branch.created_at))
    ).all()
    return [
        {
            "id": str(b.id),
            "name_ar": b.name_ar,
            "name_en": b.name_en,
            "city": b.city,
            "street": b.street or "",
            "lat": "" if b.lat is None else str(b.lat),
            "lng": "" if b.lng is None else str(b.lng),
            "phone": b.phone or "",
            "is_active": b.is_active,
            "hours": {d: dict(b.operating_hours.get(d) or {"open": "", "close": ""}) for d in DAYS},
            "ramadan": {d: dict(b.ramadan_hours.get(d) or {"open": "", "close": ""}) for d in DAYS},
            "hours_text": _hours_text(b.operating_hours),
            "ramadan_text": _hours_text(b.ramadan_hours),
        }
        for b in rows
    ]


def parse_hours(raw: dict[str, Any], label: str, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """{"sat": {"open": "12:00", "close": "01:00"}, ...}; a day with both times blank is closed."""
    hours: dict[str, dict[str, str]] = {}
    for day in DAYS:
        spec = raw.get(day) or {}
        o, c = str(spec.get("open", "")).strip(), str(spec.get("close", "")).strip()
        if not o and not c:
            continue
        if not (_HHMM.match(o) and _HHMM.match(c)):
            problems.append(
                Problem(
                    "times",
                    "{field} {day}: times must look like 09:00 and 23:30 (got {open!r}–{close!r})",
                    field=label,
                    day=day,
                    open=o,
                    close=c,
                )
            )
            continue
        hours[day] = {"open": o, "close": c}
    return hours


@allowed_roles(Role.owner, action="change settings")
def save_branch(*, session: Session, viewer: Viewer, branch_id: str | None, data: dict[str, Any]) -> str:
    """Add (branch_id None) or edit a branch: names, city, location, phone, hours, Ramadan hours."""
    require_owner(viewer)
    problems: list[Problem] = []
    name_ar, name_en = str(data.get("name_ar", "")).strip(), str(data.get("name_en", "")).strip()
    if not name_ar or not name_en:
        problems.append(
            Problem("branch_names_required", "both branch names (Arabic and English) are required")
        )
    city_raw = str(data.get("city", "")).strip()
    city = find_city(city_raw) if city_raw else None
    if city is None:
        problems.append(
            Problem("city", "unknown Saudi city {value!r} (prayer times need a known city)", value=city_raw)
        )
    lat = lng = None
    for key in ("lat", "lng"):
        raw = str(data.get(key, "")).strip()
        if raw:
            try:
                value = float(raw)
            except ValueError:
                problems.append(Problem("number", "{field} must be a number", field=key))
                continue
            if key == "lat" and not -90 <= value <= 90 or key == "lng" and not -180 <= value <= 180:
                problems.append(Problem("out_of_range", "{field} is out of range", field=key))
            if key == "lat":
                lat = value
            else:
                lng = value
    hours = parse_hours(data.get("hours") or {}, "hours", problems)
    ramadan = parse_hours(data.get("ramadan") or {}, "Ramadan hours", problems)
    if problems:
        raise InvalidInput("the branch was not saved:", problems, code="branch_not_saved")
    assert city is not None
    if branch_id:
        branch = _own(session, viewer, Branch, branch_id, "branch")
    else:
        branch = Branch(
            restaurant_id=viewer.restaurant_id, name_ar=name_ar, name_en=name_en, city=city.name_en
        )
    before = {k: getattr(branch, k) for k in BRANCH_FACTS} if branch_id else {}
    branch.name_ar, branch.name_en, branch.city = name_ar, name_en, city.name_en
    branch.street = str(data.get("street", "")).strip() or None
    branch.phone = str(data.get("phone", "")).strip() or None
    if lat is not None or lng is not None or not branch_id:
        branch.lat, branch.lng = (lat, lng) if lat is not None and lng is not None else (city.lat, city.lng)
    branch.operating_hours, branch.ramadan_hours = hours, ramadan
    branch.is_active = bool(data.get("is_active", True))
    branch.updated_at = datetime.now(UTC)
    session.add(branch)
    session.flush()
    _audit(
        session,
        viewer,
        "settings.branch",
        "branch",
        str(branch.id),
        name=name_ar,
        **changes(before, {k: getattr(branch, k) for k in BRANCH_FACTS}),
    )
    return str(branch.id)


# --------------------------------------------------------------------------- menu


def list_menu_admin(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    require_owner(viewer)
    items = session.exec(
        select(MenuItem)
        .where(MenuItem.restaurant_id == viewer.restaurant_id)
        .order_by(col(MenuItem.category), col(MenuItem.sort_order), col(MenuItem.name_ar))
    ).all()
    return [
        {
            "id": str(m.id),
            "name_ar": m.name_ar,
            "name_en": m.name_en,
            "price": f"{m.price:.2f}",
            "category": m.category,
            "category_ar": category_label(m.category, "ar"),
            "category_en": category_label(m.category, "en"),
            "available": m.available,
            "description": m.description or "",
            "retailer_id": m.retailer_id or "",
        }
        for m in items
    ]


@allowed_roles(Role.owner, action="change settings")
def save_menu_item(*, session: Session, viewer: Viewer, item_id: str | None, data: dict[str, Any]) -> str:
    """Add or edit a menu item (names, price in SAR, category, availability, and the retailer id
    a WhatsApp catalog cart names it by: unique in the restaurant, blank for none)."""
    require_owner(viewer)
    problems: list[Problem] = []
    name_ar, name_en = str(data.get("name_ar", "")).strip(), str(data.get("name_en", "")).strip()
    if not name_ar or not name_en:
        problems.append(Problem("names_required", "both names (Arabic and English) are required"))
    try:
        price = parse_price(str(data.get("price", "")))
    except (InvalidOperation, ValueError):
        problems.append(
            Problem(
                "price", "price {value!r} is not a number of SAR (e.g. 35 or 12.50)", value=data.get("price")
            )
        )
        price = Decimal(0)
    category = str(data.get("category", "")).strip() or "mains"
    try:
        retailer_id = clean_retailer_id(data.get("retailer_id"))
    except ValueError:
        problems.append(
            Problem("retailer_id", "a catalog retailer id has at most 100 characters and no spaces")
        )
        retailer_id = None
    if problems:
        raise InvalidInput("the item was not saved:", problems, code="item_not_saved")
    clash = session.exec(
        select(MenuItem).where(MenuItem.restaurant_id == viewer.restaurant_id, MenuItem.name_ar == name_ar)
    ).first()
    if clash is not None and str(clash.id) != (item_id or ""):
        raise Conflict(f"the menu already has an item called {name_ar}", code="menu_name_taken")
    if retailer_id is not None:
        holder = session.exec(
            select(MenuItem).where(
                MenuItem.restaurant_id == viewer.restaurant_id, MenuItem.retailer_id == retailer_id
            )
        ).first()
        if holder is not None and str(holder.id) != (item_id or ""):
            raise Conflict(
                f"the retailer id {retailer_id} already belongs to the menu item {holder.name_ar}",
                code="retailer_id_taken",
            )
    if item_id:
        item = _own(session, viewer, MenuItem, item_id, "menu item")
    else:
        count = session.exec(
            select(func.count()).select_from(MenuItem).where(MenuItem.restaurant_id == viewer.restaurant_id)
        ).one()
        item = MenuItem(
            restaurant_id=viewer.restaurant_id,
            name_ar=name_ar,
            name_en=name_en,
            price=price,
            sort_order=int(count),
        )
    fields = ("name_ar", "name_en", "price", "category", "available", "description", "retailer_id")
    before = {k: getattr(item, k) for k in fields} if item_id else {}
    item.name_ar, item.name_en, item.price, item.category = name_ar, name_en, price, category
    item.retailer_id = retailer_id
    item.available = bool(data.get("available", True))
    item.description = str(data.get("description", "")).strip() or None
    item.updated_at = datetime.now(UTC)
    session.add(item)
    session.flush()
    _menu_item_audit(
        session, viewer, item, before, {k: getattr(item, k) for k in fields}, price=str(price), name=name_ar
    )
    return str(item.id)


def _menu_item_audit(
    session: Session,
    viewer: Viewer,
    item: MenuItem,
    before: dict[str, Any],
    after: dict[str, Any],
    **facts: Any,
) -> None:
    """The audit entry of a menu item's change: `facts` about it, then what changed."""
    _audit(
        session, viewer, "settings.menu_item", "menu_item", str(item.id), **facts, **changes(before, after)
    )


@allowed_roles(Role.owner, action="change settings")
def set_item_available(*, session: Session, viewer: Viewer, item_id: str, available: bool) -> None:
    require_owner(viewer)
    item = _own(session, viewer, MenuItem, item_id, "menu item")
    before = {"available": item.available}
    item.available = available
    item.updated_at = datetime.now(UTC)
    session.add(item)
    _menu_item_audit(session, viewer, item, before, {"available": available}, name=item.name_ar)


@allowed_roles(Role.owner, action="change settings")
def import_menu(*, session: Session, viewer: Viewer, content: str) -> tuple[int, int]:
    require_owner(viewer)
    before = _menu_facts(session, viewer)
    added, updated = import_menu_csv(session=session, restaurant_id=viewer.restaurant_id, text=content)
    session.flush()
    _audit(
        session,
        viewer,
        "settings.menu_import",
        "restaurant",
        str(viewer.restaurant_id),
        added=added,
        updated=updated,
        **changes(before, _menu_facts(session, viewer)),
    )
    return added, updated


def export_menu(*, session: Session, viewer: Viewer) -> str:
    """The menu as CSV in the import's format (the owner's copy, to edit and import back)."""
    require_owner(viewer)
    return export_menu_csv(session=session, restaurant_id=viewer.restaurant_id)


def _menu_facts(session: Session, viewer: Viewer) -> dict[str, Any]:
    """Each item's price and availability by its Arabic name: what an import may change."""
    rows = session.exec(select(MenuItem).where(MenuItem.restaurant_id == viewer.restaurant_id)).all()
    return {i.name_ar: {"price": i.price, "available": i.available, "category": i.category} for i in rows}


# --------------------------------------------------------------------------- templates and quick replies


def list_templates(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    require_owner(viewer)
    rows = session.exec(
        select(MessageTemplate)
        .where(MessageTemplate.restaurant_id == viewer.restaurant_id)
        .order_by(MessageTemplate.purpose, MessageTemplate.name)
    ).all()
    tz, now = restaurant_tz(session, viewer.restaurant_id), datetime.now(UTC)
    return [
        {
            "id": str(t.id),
            "name": t.name,
            "language": t.language,
            "purpose": t.purpose,
            "body": t.body_preview,
            "parameters": ", ".join(t.parameters),
            # Meta's words reduced to the ones Settings can say (an unknown one reads "other").
            "status": t.status if t.status in TEMPLATE_STATUSES else "other",
            "reason": (t.status_reason if t.status_reason in TEMPLATE_REASONS else "other")
            if t.status_reason
            else "",
            "note": t.status_note or "",
            "status_at": time_label(t.status_at, tz, now) if t.status_at else "",
        }
        for t in rows
    ]


WHATSAPP_MANAGER_TEMPLATES = "https://business.facebook.com/wa/manage/message-templates/"


def whatsapp_manager_url(*, session: Session, viewer: Viewer) -> str:
    """Meta's WhatsApp Manager page where templates are written and sent for approval (on the
    restaurant's WhatsApp Business Account when its id is known)."""
    require_owner(viewer)
    restaurant = session.get(Restaurant, viewer.restaurant_id)
    waba = str((restaurant.settings or {}).get("whatsapp_business_account_id") or "") if restaurant else ""
    return WHATSAPP_MANAGER_TEMPLATES + (f"?waba_id={waba}" if waba.isdigit() else "")


@allowed_roles(Role.owner, action="change settings")
def save_template(*, session: Session, viewer: Viewer, data: dict[str, Any]) -> str:
    """Register an approved WhatsApp template (its name and language as approved by Meta)."""
    require_owner(viewer)
    name = str(data.get("name", "")).strip()
    language = str(data.get("language", "ar")).strip()
    purpose = str(data.get("purpose", "")).strip()
    problems: list[Problem] = []
    if not _TEMPLATE_NAME.match(name):
        problems.append(
            Problem(
                "template_name",
                "the template name must be lowercase letters, digits and _ (as approved by Meta)",
            )
        )
    if language not in TEMPLATE_LANGUAGES:
        problems.append(
            Problem(
                "template_language",
                "language must be one of {choices}",
                choices=", ".join(TEMPLATE_LANGUAGES),
            )
        )
    if purpose not in TEMPLATE_PURPOSES:
        problems.append(
            Problem(
                "template_purpose", "purpose must be one of {choices}", choices=", ".join(TEMPLATE_PURPOSES)
            )
        )
    params = [p.strip() for p in str(data.get("parameters", "")).split(",") if p.strip()]
    if problems:
        raise InvalidInput("the template was not saved:", problems, code="template_not_saved")
    if session.exec(
        select(MessageTemplate).where(
            MessageTemplate.restaurant_id == viewer.restaurant_id,
            MessageTemplate.name == name,
            MessageTemplate.language == language,
        )
    ).first():
        raise Conflict(f"a template {name} ({language}) already exists", code="template_exists")
    t = MessageTemplate(
        restaurant_id=viewer.restaurant_id,
        name=name,
        language=language,
        purpose=purpose,
        body_preview=str(data.get("body", "")).strip(),
        parameters=params,
    )
    facts = {"name": name, "language": language, "purpose": purpose, "parameters": params}
    return _create(session, viewer, t, "settings.template", "template", name, facts)


@allowed_roles(Role.owner, action="change settings")
def delete_template(*, session: Session, viewer: Viewer, template_id: str) -> None:
    require_owner(viewer)
    t = _own(session, viewer, MessageTemplate, template_id, "template", code="template_not_found")
    facts = {"name": t.name, "language": t.language, "purpose": t.purpose}
    _delete(session, viewer, t, "settings.template_deleted", "template", t.name, facts)


def list_canned(*, session: Session, viewer: Viewer) -> list[dict[str, str]]:
    """Quick replies: every teammate may use them (only owners edit them)."""
    rows = session.exec(
        select(CannedResponse)
        .where(CannedResponse.restaurant_id == viewer.restaurant_id)
        .order_by(CannedResponse.title)
    ).all()
    return [{"id": str(c.id), "title": c.title, "body": c.body, "language": c.language} for c in rows]


@allowed_roles(Role.owner, action="change settings")
def save_canned(*, session: Session, viewer: Viewer, title: str, body: str, language: str = "ar") -> str:
    require_owner(viewer)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise InvalidInput("a quick reply needs a title and a text", code="quick_reply_incomplete")
    if len(body) > 4096:
        raise InvalidInput(
            "the text is longer than WhatsApp allows (4096 characters)", code="message_too_long"
        )
    if session.exec(
        select(CannedResponse).where(
            CannedResponse.restaurant_id == viewer.restaurant_id, CannedResponse.title == title
        )
    ).first():
        raise Conflict(f"a quick reply called {title} already exists", code="quick_reply_exists")
    c = CannedResponse(
        restaurant_id=viewer.restaurant_id,
        title=title,
        body=body,
        language="en" if language == "en" else "ar",
    )
    return _create(session, viewer, c, "settings.canned", "canned", title, {"title": title, "body": body})


@allowed_roles(Role.owner, action="change settings")
def delete_canned(*, session: Session, viewer: Viewer, canned_id: str) -> None:
    require_owner(viewer)
    c = _own(session, viewer, CannedResponse, canned_id, "quick reply")
    _delete(
        session, viewer, c, "settings.canned_deleted", "canned", c.title, {"title": c.title, "body": c.body}
    )


# --------------------------------------------------------------------------- team


def list_users_admin(*, session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    require_owner(viewer)
    names = {
        b.id: (b.name_ar, b.name_en)
        for b in session.exec(select(Branch).where(Branch.restaurant_id == viewer.restaurant_id))
    }
    users = session.exec(
        select(User).where(User.restaurant_id == viewer.restaurant_id).order_by(User.role, User.email)
    ).all()
    return [
        {
            "id": str(u.id),
            "email": u.email,
            "name": u.full_name or "",
            "role": u.role.value,
            "branch_ids": [str(b) for b in u.branch_ids],
            "branches": ", ".join(names.get(b, ("?", "?"))[1] for b in u.branch_ids),
            "branches_en": ", ".join(names.get(b, ("?", "?"))[1] for b in u.branch_ids),
            "branches_ar": "، ".join(names.get(b, ("?", "?"))[0] for b in u.branch_ids),
            "is_active": u.is_active,
            "is_me": u.id == viewer.user_id,
        }
        for u in users
    ]


def _branch_ids(session: Session, viewer: Viewer, raw: list[str]) -> list[uuid.UUID]:
    """The viewer's branches named in `raw`, each once, in the order given; NotFound for another's."""
    ids = []
    if not isinstance(raw, list | tuple):
        raise InvalidInput("not a valid branch list", code="invalid")
    for value in raw:
        b = session.get(Branch, parse_id(value, "branch")) if value else None
        if b is None or b.restaurant_id != viewer.restaurant_id:
            raise NotFound("branch not found")
        ids.append(b.id)
    return list(dict.fromkeys(ids))


@allowed_roles(Role.owner, action="change settings")
def add_user(
    *,
    session: Session,
    viewer: Viewer,
    email: str,
    role: str,
    branch_ids: list[str],
    full_name: str = "",
    password: str | None = None,
) -> tuple[str, str]:
    """Add a teammate; returns (user id, password — generated when not given, shown once)."""
    require_owner(viewer)
    from crm_res.services.accounts.users import create_user

    if role not in Role.__members__:
        raise InvalidInput("role must be owner, manager or staff", code="bad_role")
    ids = _branch_ids(session, viewer, branch_ids)
    if role in ("manager", "staff") and not ids:
        raise InvalidInput("managers and staff work in at least one branch", code="branch_required")
    # E-mails are unique per restaurant: whether the address has a login in another restaurant
    # changes nothing here (no answer, no timing), so an owner cannot learn it (docs/SECURITY.md).
    user, pw = create_user(
        session=session,
        restaurant_id=viewer.restaurant_id,
        email=email,
        role=Role(role),
        password=password or None,
        full_name=full_name.strip() or None,
        branch_ids=[] if role == "owner" else ids,
    )
    _audit(
        session,
        viewer,
        "settings.user_added",
        "user",
        str(user.id),
        role=role,
        email=user.email,
        **changes(
            {}, {"role": role, "is_active": True, "branches": _branch_names(session, user.branch_ids or [])}
        ),
    )
    return str(user.id), pw


@allowed_roles(Role.owner, action="change settings")
def update_user(
    *, session: Session, viewer: Viewer, user_id: str, role: str, branch_ids: list[str], is_active: bool
) -> None:
    require_owner(viewer)
    user = _own(session, viewer, User, user_id, "user")
    if role not in Role.__members__:
        raise InvalidInput("role must be owner, manager or staff", code="bad_role")
    if user.id == viewer.user_id and (role != "owner" or not is_active):
        raise Conflict("you cannot remove your own owner access", code="own_owner_access")
    if user.role == Role.owner and user.is_active and (role != "owner" or not is_active):
        _keep_an_owner(session, viewer, user)
    ids = _branch_ids(session, viewer, branch_ids)
    if role in ("manager", "staff") and not ids:
        raise InvalidInput("managers and staff work in at least one branch", code="branch_required")
    # Several branches are kept as given (a manager may run more than one); owners see all.
    before = {
        "role": user.role.value,
        "is_active": user.is_active,
        "branches": _branch_names(session, user.branch_ids or []),
    }
    user.role, user.branch_ids = Role(role), ([] if role == "owner" else ids)
    user.is_active = is_active
    session.add(user)
    after = {"role": role, "is_active": is_active, "branches": _branch_names(session, user.branch_ids)}
    _audit(
        session,
        viewer,
        "settings.user_changed",
        "user",
        str(user.id),
        role=role,
        active=is_active,
        branches=after["branches"],
        email=user.email,
        **changes(before, after),
    )


def _branch_names(session: Session, ids: list[uuid.UUID]) -> list[str]:
    """Branches as the audit trail names them (their Arabic names), in the order given."""
    if not ids:
        return []
    names = dict(session.exec(select(Branch.id, Branch.name_ar).where(col(Branch.id).in_(ids))).all())
    return [names.get(b, str(b)) for b in ids]


def _keep_an_owner(session: Session, viewer: Viewer, user: User) -> None:
    """Refuse a change that would leave the restaurant without an active owner."""
    # Locking the other owners' rows serialises two owners demoting each other at the same time.
    others = session.exec(
        select(User.id)
        .where(
            User.restaurant_id == viewer.restaurant_id,
            User.role == Role.owner,
            col(User.is_active),
            User.id != user.id,
        )
        .with_for_update()
    ).all()
    if not others:
        raise Conflict("the restaurant must keep at least one active owner", code="owner_needed")


@allowed_roles(Role.owner, action="change settings")
def reset_password(*, session: Session, viewer: Viewer, user_id: str) -> str:
    """Give a teammate a new random password (shown once to the owner)."""
    require_owner(viewer)
    from crm_res.services.accounts.users import hash_for_address

    user = _own(session, viewer, User, user_id, "user")
    password = secrets.token_urlsafe(9)
    user.password_hash = hash_for_address(session, user.email, password)
    session.add(user)
    _audit(session, viewer, "settings.user_password_reset", "user", str(user.id))
    return password


# --------------------------------------------------------------------------- connections


def connection_status(*, session: Session, viewer: Viewer) -> dict[str, Any]:
    """WhatsApp and LLM configuration, and what the outbox saw in the last 24 hours."""
    require_owner(viewer)
    from crm_res.settings import get_settings

    settings = get_settings()
    r = _restaurant(session, viewer)
    since = datetime.now(UTC) - timedelta(hours=24)
    counts = dict(
        session.exec(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.restaurant_id == r.id, OutboxMessage.created_at >= since)
            .group_by(OutboxMessage.status)
        ).all()
    )
    last_error = session.exec(
        select(OutboxMessage.last_error)
        .where(OutboxMessage.restaurant_id == r.id, col(OutboxMessage.last_error).is_not(None))
        .order_by(col(OutboxMessage.created_at).desc())
        .limit(1)
    ).first()
    live = not (settings.sandbox and not r.whatsapp_access_token)
    return {
        "sandbox": not live,
        "own_token": bool(r.whatsapp_access_token),
        # A real number only takes signed deliveries: without the secret every one is refused.
        "app_secret_missing": live and not settings.whatsapp_app_secret,
        "graph_url": settings.whatsapp_graph_url,
        "phone_number_id": r.whatsapp_phone_number_id,
        "whatsapp_number": r.whatsapp_number or "",
        "app_secret": bool(settings.whatsapp_app_secret),
        "verify_token": bool(settings.whatsapp_verify_token),
        "llm": bool(settings.llm_api_key),
        "llm_models": ", ".join(settings.llm_model_chain),
        "sent_24h": int(
            sum(v for k, v in counts.items() if str(k.value if hasattr(k, "value") else k) == "sent")
        ),
        "failed_24h": int(
            sum(v for k, v in counts.items() if str(k.value if hasattr(k, "value") else k) == "failed")
        ),
        "pending": int(
            sum(
                v
                for k, v in counts.items()
                if str(k.value if hasattr(k, "value") else k) in ("pending", "sending")
            )
        ),
        "last_error": last_error or "",
    }
