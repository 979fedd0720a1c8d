"""Restaurants and branches."""

from __future__ import annotations

import re
import uuid
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, select

from crm_res.models import Branch, Personality, Restaurant
from crm_res.services.errors import Conflict, InvalidInput, NotFound

WHATSAPP_NUMBER_RE = re.compile(r"^\+?[1-9]\d{7,14}$")


def get_by_phone_number_id(*, session: Session, phone_number_id: str) -> Restaurant | None:
    return session.exec(
        select(Restaurant).where(
            Restaurant.whatsapp_phone_number_id == phone_number_id,
            col(Restaurant.deleted_at).is_(None),
        )
    ).first()


def require_restaurant(*, session: Session, phone_number_id: str) -> Restaurant:
    """The restaurant for a `--restaurant` argument, or a clear error."""
    restaurant = get_by_phone_number_id(session=session, phone_number_id=phone_number_id)
    if restaurant is None:
        raise NotFound(f"no restaurant with phone_number_id {phone_number_id!r}")
    return restaurant


def create_restaurant(
    *,
    session: Session,
    name_ar: str,
    name_en: str,
    phone_number_id: str,
    whatsapp_number: str | None = None,
    city: str | None = None,
    timezone: str = "Asia/Riyadh",
    personality: str = "casual",
    settings: dict[str, Any] | None = None,
) -> Restaurant:
    problems = []
    if not name_ar.strip() or not name_en.strip():
        problems.append("both --name-ar and --name-en are required and not blank")
    if not phone_number_id.strip():
        problems.append("--phone-number-id must not be blank")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"unknown timezone {timezone!r} (e.g. Asia/Riyadh)")
    if personality not in Personality.__members__:
        problems.append(
            f"personality must be one of {', '.join(Personality.__members__)}, not {personality!r}"
        )
    if whatsapp_number and not WHATSAPP_NUMBER_RE.match(whatsapp_number.replace(" ", "")):
        problems.append(f"not a phone number in international form: {whatsapp_number!r}")
    if problems:
        raise InvalidInput("cannot add the restaurant:", problems)
    if get_by_phone_number_id(session=session, phone_number_id=phone_number_id):
        raise Conflict(f"a restaurant with phone_number_id {phone_number_id!r} already exists")
    restaurant = Restaurant(
        name_ar=name_ar.strip(),
        name_en=name_en.strip(),
        whatsapp_phone_number_id=phone_number_id.strip(),
        whatsapp_number=whatsapp_number.replace(" ", "") if whatsapp_number else None,
        city=city,
        timezone=timezone,
        personality_type=Personality(personality),
        settings=settings or {},
    )
    session.add(restaurant)
    session.flush()
    return restaurant


def list_branches(*, session: Session, restaurant_id: uuid.UUID) -> list[Branch]:
    return list(
        session.exec(
            select(Branch)
            .where(col(Branch.restaurant_id) == restaurant_id, col(Branch.deleted_at).is_(None))
            .order_by(col(Branch.created_at))
        )
    )
