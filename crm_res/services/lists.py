"""Helpers every dashboard list shares: paging, search, local time, team and branch options."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from crm_res.assistant.normalize import to_ascii_digits
from crm_res.integrations.whatsapp import SERVICE_WINDOW
from crm_res.integrations.whatsapp_inbound import MEDIA_TYPES as INBOUND_MEDIA_TYPES
from crm_res.models import (
    Branch,
    User,
)
from crm_res.services.access import Viewer
from crm_res.services.errors import NotFound
from crm_res.services.phone_search import national_digits, search_digits

PAGE_SIZE = 25


WINDOW = SERVICE_WINDOW  # WhatsApp's customer-service window after the last inbound message


MEDIA_TYPES = tuple(sorted(INBOUND_MEDIA_TYPES))


def escape_like(term: str) -> str:
    """A typed term as a LIKE pattern's literal part. NUL is dropped: Postgres text cannot hold
    it, and a search box must not answer a stray one with an error."""
    return term.replace("\x00", "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def normalize_wa_id(raw: str) -> str:
    """Digits only, international form without "+" (Arabic-Indic digits accepted)."""
    return re.sub(r"[\s\-()+]", "", to_ascii_digits(raw))


def customer_search(term: str, name_column: Any, wa_id_column: Any, username_column: Any = None) -> Any:
    """WHERE clause for a search box: the name, number or WhatsApp username contains the term; a
    typed phone number in any local form ("05…", "+966 5…", "9665…", "5…", Arabic-Indic digits,
    spaces or dashes) also matches its stored international digits (services/phone_search.py)."""
    pattern = f"%{escape_like(term)}%"
    conds = [col(name_column).ilike(pattern), col(wa_id_column).ilike(pattern)]
    if username_column is not None:
        conds.append(col(username_column).ilike(f"%{escape_like(term.strip().lstrip('@'))}%"))
    digits = search_digits(term)
    if digits and digits != term:
        conds.append(col(wa_id_column).ilike(f"%{digits}%"))
    national = national_digits(term)
    if national:  # a record imported with the number written locally (0551234567)
        conds.append(col(wa_id_column).ilike(f"%{national}"))
    return or_(*conds)


def uuid_or_none(value: str | uuid.UUID | None) -> uuid.UUID | None:
    if not value:
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def visible_branch(session: Session, viewer: Viewer, branch_id: str | uuid.UUID | None) -> uuid.UUID | None:
    """The branch a list or figure is filtered to, checked: one of the viewer's restaurant's branches
    and one the viewer may see, else NotFound (another restaurant's branch id is not an empty list).
    No branch, or an id that does not parse, filters nothing. Every domain function taking a
    `branch_id` calls this (tests/security/test_another_restaurants_branch.py holds each to it)."""
    branch = uuid_or_none(branch_id)
    if branch is None:
        return None
    row = session.get(Branch, branch)
    if row is None or row.restaurant_id != viewer.restaurant_id or not viewer.can_see_branch(branch):
        raise NotFound("branch not found")
    return branch


def list_team(*, session: Session, viewer: Viewer) -> list[dict[str, str]]:
    """Active teammates of the viewer's restaurant (for assignment)."""
    users = session.exec(
        select(User).where(User.restaurant_id == viewer.restaurant_id, User.is_active).order_by(User.email)
    ).all()
    return [{"id": str(u.id), "name": u.full_name or u.email, "role": u.role.value} for u in users]


def list_branch_options(*, session: Session, viewer: Viewer) -> list[dict[str, str]]:
    """The branches the viewer may see (for filters)."""
    query = select(Branch).where(
        Branch.restaurant_id == viewer.restaurant_id, col(Branch.deleted_at).is_(None)
    )
    if not viewer.sees_all_branches:
        query = query.where(col(Branch.id).in_(viewer.branch_ids))
    return [
        {"id": str(b.id), "name_ar": b.name_ar, "name_en": b.name_en}
        for b in session.exec(query.order_by(col(Branch.created_at))).all()
    ]
