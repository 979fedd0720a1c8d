"""A restaurant's branches as the command line and setup scripts name them."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from crm_res.integrations.saudi_cities import find_city
from crm_res.models import Branch
from crm_res.services.errors import Conflict, InvalidInput, NotFound


def find_branch(session: Session, restaurant_id: uuid.UUID, branch: str | uuid.UUID) -> Branch:
    """A branch of this restaurant by id, or by its Arabic or English name (case-insensitive)."""
    rows = session.exec(
        select(Branch).where(Branch.restaurant_id == restaurant_id, col(Branch.deleted_at).is_(None))
    ).all()
    wanted = str(branch).strip().casefold()
    for row in rows:
        if wanted in (str(row.id), row.name_ar.strip().casefold(), row.name_en.strip().casefold()):
            return row
    names = ", ".join(f"{b.name_en} / {b.name_ar}" for b in rows) or "none"
    raise NotFound(f"no branch {branch!s} at this restaurant (branches: {names})")


def add_branch(
    *,
    session: Session,
    restaurant_id: uuid.UUID,
    name_ar: str,
    name_en: str,
    city: str,
    lat: float | None = None,
    lng: float | None = None,
) -> Branch:
    """Add a branch (setup scripts, the CLI); its opening hours are set on the Settings page."""
    problems = []
    if not name_ar.strip() or not name_en.strip():
        problems.append("both --name-ar and --name-en are required and not blank")
    known = find_city(city)
    if known is None:
        problems.append(f"unknown city {city!r} (a Saudi city in Arabic or English, e.g. Riyadh, الرياض)")
    if (lat is None) != (lng is None):
        problems.append("give both --lat and --lng, or neither")
    if lat is not None and not -90 <= lat <= 90:
        problems.append(f"--lat must be between -90 and 90, not {lat}")
    if lng is not None and not -180 <= lng <= 180:
        problems.append(f"--lng must be between -180 and 180, not {lng}")
    if problems:
        raise InvalidInput("cannot add the branch:", problems)
    for existing in session.exec(
        select(Branch).where(Branch.restaurant_id == restaurant_id, col(Branch.deleted_at).is_(None))
    ).all():
        if name_ar.strip() == existing.name_ar or name_en.strip().casefold() == existing.name_en.casefold():
            raise Conflict(
                f"this restaurant already has a branch called {existing.name_en} / {existing.name_ar}"
            )
    assert known is not None
    branch = Branch(
        restaurant_id=restaurant_id,
        name_ar=name_ar.strip(),
        name_en=name_en.strip(),
        city=known.name_en,
        lat=lat,
        lng=lng,
    )
    session.add(branch)
    session.flush()
    return branch
