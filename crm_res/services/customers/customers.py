"""Customers for the dashboard: search and segments, tags, CSV import/export, timeline.

Every query is scoped to the viewer's restaurant. Customers belong to the restaurant as a whole
(not to a branch), so branch staff see the same customer list as the owner.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from crm_res.models import (
    Conversation,
    Customer,
    Event,
    Feedback,
    Language,
    Order,
    Role,
)
from crm_res.models.base import columns
from crm_res.models.customer import csv_contact, is_bsuid, shown_contact
from crm_res.services.access import EVERY_ROLE, Viewer, allowed_roles
from crm_res.services.changes import audit_entry, changes
from crm_res.services.csv_export import to_csv
from crm_res.services.csv_problems import CsvLineErrors, LineProblem
from crm_res.services.csv_values import parse_yes_no
from crm_res.services.customers.segments import CustomerFilter, apply_filters
from crm_res.services.display_text import NAME_MAX, strip_bidi
from crm_res.services.errors import Conflict, InvalidInput, NotFound
from crm_res.services.ids import parse_id
from crm_res.services.lists import PAGE_SIZE, normalize_wa_id
from crm_res.services.local_time import restaurant_tz, time_label

IMPORT_COLUMNS = ("wa_id", "name", "language", "tags")
OPTIONAL_COLUMNS = ("opted_out",)
EXPORT_COLUMNS = ("wa_id", "name", "language", "tags", "lifetime_value", "last_interaction", "opted_out")
MAX_IMPORT_ROWS = 50_000
MAX_EXPORT_ROWS = 200_000
_WA_ID = re.compile(r"^[1-9]\d{7,14}$")
_TAG = re.compile(r"^[\w\-\u0600-\u06FF ]{1,32}$")
_LANGS = {
    "ar": Language.ar_sa,
    "ar-sa": Language.ar_sa,
    "ar-eg": Language.ar_eg,
    "ar-lv": Language.ar_lv,
    "en": Language.en,
}


def _row(c: Customer, tz: Any, now: datetime) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "name": c.name or "",
        "wa_id": c.wa_id,
        "contact": shown_contact(c.wa_id, c.username),
        "language": c.language_preference.value,
        "tags": ", ".join(c.tags),
        "tag_list": list(c.tags),
        "lifetime_value": f"{c.lifetime_value:.2f}",
        "opted_out": c.opted_out,
        "is_test": c.is_test,
        "last_interaction": c.last_interaction.isoformat() if c.last_interaction else "",
        "last_label": time_label(c.last_interaction, tz, now),
    }


def search_customers(
    *,
    session: Session,
    viewer: Viewer,
    filters: CustomerFilter | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> list[dict[str, Any]]:
    """A page of the segment, most recently seen first."""
    now = datetime.now(UTC)
    query = apply_filters(select(Customer), viewer, filters or CustomerFilter(), now)
    query = query.order_by(col(Customer.last_interaction).desc().nulls_last(), col(Customer.id))
    rows = session.exec(query.offset(page * page_size).limit(page_size)).all()
    tz = restaurant_tz(session, viewer.restaurant_id)
    return [_row(c, tz, now) for c in rows]


def count_customers(*, session: Session, viewer: Viewer, filters: CustomerFilter | None = None) -> int:
    query = apply_filters(
        select(func.count()).select_from(Customer), viewer, filters or CustomerFilter(), datetime.now(UTC)
    )
    return int(session.exec(query).one())


def all_tags(*, session: Session, viewer: Viewer, limit: int = 50) -> list[str]:
    """The restaurant's tags, most used first."""
    rows = session.execute(
        text(
            "SELECT t FROM customers, unnest(tags) AS t WHERE restaurant_id = :r "
            "GROUP BY t ORDER BY count(*) DESC, t LIMIT :n"
        ),
        params={"r": viewer.restaurant_id, "n": limit},
    ).all()
    return [r[0] for r in rows]


def _customer(session: Session, viewer: Viewer, customer_id: uuid.UUID) -> Customer:
    customer = session.get(Customer, parse_id(customer_id, "customer"))
    if customer is None or customer.restaurant_id != viewer.restaurant_id:
        raise NotFound("customer not found")
    return customer


def _clean_tags(raw: list[str]) -> list[str]:
    tags: list[str] = []
    for t in raw:
        t = t.strip().lower()
        if not t:
            continue
        if not _TAG.match(t):
            exc = InvalidInput(
                f"tag {t!r} is not allowed (letters, digits, - and spaces, at most 32)", code="bad_tag"
            )
            raise exc
        if t not in tags:
            tags.append(t)
    return tags


def _who(customer: Customer) -> str:
    """How the audit trail names a customer: their name, else their number."""
    return customer.name or customer.wa_id


def _facts(customer: Customer) -> dict[str, Any]:
    return {
        "name": customer.name,
        "wa_id": customer.wa_id,
        "language": customer.language_preference,
        "tags": list(customer.tags or []),
    }


def _newly_opted_out(session: Session, viewer: Viewer, rows: list[dict[str, Any]]) -> list[str]:
    """Numbers the import opts out that were not opted out (or not customers) before."""
    wanted = [r["wa_id"] for r in rows if r["opted_out"]]
    if not wanted:
        return []
    already = set(
        session.exec(
            select(Customer.wa_id).where(
                Customer.restaurant_id == viewer.restaurant_id,
                col(Customer.wa_id).in_(wanted),
                col(Customer.opted_out),
            )
        ).all()
    )
    return [n for n in dict.fromkeys(wanted) if n not in already]


@allowed_roles(*EVERY_ROLE, action="tag a customer")
def set_tags(*, session: Session, viewer: Viewer, customer_id: uuid.UUID, tags: list[str]) -> list[str]:
    customer = _customer(session, viewer, customer_id)
    before = {"tags": list(customer.tags or [])}
    customer.tags = _clean_tags(tags)
    customer.updated_at = datetime.now(UTC)
    session.add(customer)
    session.add(
        audit_entry(
            viewer,
            "customer.tags",
            "customer",
            str(customer.id),
            {"tags": customer.tags, "who": _who(customer), **changes(before, {"tags": customer.tags})},
        )
    )
    return list(customer.tags)


def customer_profile(*, session: Session, viewer: Viewer, customer_id: uuid.UUID) -> dict[str, Any]:
    customer = _customer(session, viewer, customer_id)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    row = _row(customer, tz, now)
    avg, count = session.exec(
        select(func.avg(col(Feedback.rating)), func.count(col(Feedback.rating))).where(
            Feedback.customer_id == customer.id
        )
    ).one()
    orders = session.exec(
        select(func.count()).select_from(Order).where(Order.customer_id == customer.id)
    ).one()
    row.update(
        {
            "average_rating": f"{float(avg):.1f}" if avg is not None else "",
            "ratings": int(count),
            "orders": int(orders),
            "since": customer.created_at.astimezone(tz).strftime("%Y-%m-%d"),
            "opted_out_at": time_label(customer.opted_out_at, tz, now),
        }
    )
    return row


def customer_timeline(
    *, session: Session, viewer: Viewer, customer_id: uuid.UUID, limit: int = 60
) -> list[dict[str, Any]]:
    """Conversations, orders, feedback and opt-in/out events of one customer, newest first.

    Conversations, orders and feedback are limited to the viewer's branches.
    """
    customer = _customer(session, viewer, customer_id)
    tz = restaurant_tz(session, viewer.restaurant_id)
    now = datetime.now(UTC)
    items: list[tuple[datetime, dict[str, Any]]] = []
    for c in session.exec(
        select(Conversation)
        .where(
            col(Conversation.customer_id) == customer.id, viewer.branch_filter(col(Conversation.branch_id))
        )
        .order_by(col(Conversation.started_at).desc())
        .limit(limit)
    ).all():
        items.append(
            (
                c.started_at,
                {
                    "kind": "conversation",
                    "ref": str(c.id),
                    "status": c.status.value,
                    "detail": c.type.value,
                    "text": c.last_message_preview or "",
                },
            )
        )
    for o in session.exec(
        select(Order)
        .where(col(Order.customer_id) == customer.id, viewer.branch_filter(col(Order.branch_id)))
        .order_by(col(Order.created_at).desc())
        .limit(limit)
    ).all():
        items.append(
            (
                o.created_at,
                {
                    "kind": "order",
                    "ref": str(o.id),
                    "status": o.status.value,
                    "detail": f"#{o.number}",
                    "text": f"{o.total_amount:.2f}",
                },
            )
        )
    for f in session.exec(
        select(Feedback)
        .where(col(Feedback.customer_id) == customer.id, viewer.branch_filter(col(Feedback.branch_id)))
        .order_by(col(Feedback.created_at).desc())
        .limit(limit)
    ).all():
        items.append(
            (
                f.created_at,
                {
                    "kind": "feedback",
                    "ref": str(f.conversation_id or ""),
                    "status": f.sentiment.value if f.sentiment else "neutral",
                    "detail": "⭐" * (f.rating or 0),
                    "text": f.comment or "",
                },
            )
        )
    for e in session.exec(
        select(Event)
        .where(
            Event.restaurant_id == viewer.restaurant_id,
            Event.subject_type == "customer",
            Event.subject_id == str(customer.id),
        )
        .order_by(col(Event.created_at).desc())
        .limit(limit)
    ).all():
        items.append(
            (
                e.created_at,
                {
                    "kind": "event",
                    "ref": "",
                    "status": e.kind.split(".")[-1],
                    "detail": e.kind,
                    "text": ", ".join(e.data.get("tags", [])),
                },
            )
        )
    items.sort(key=lambda pair: pair[0], reverse=True)
    return [dict(item, at_label=time_label(at, tz, now)) for at, item in items[:limit]]


@allowed_roles(Role.owner, Role.manager, action="record a visit")
def record_customer_visit(*, session: Session, viewer: Viewer, customer_id: uuid.UUID) -> datetime | None:
    """An owner or manager records that the customer visited today: a post-visit feedback request
    is scheduled `feedback_delay_hours` later (services.feedback_requests; one per customer and
    day). Returns when it is due, or None when today's visit was already recorded."""
    from crm_res.services.outreach.feedback_requests import record_visit

    customer = _customer(session, viewer, customer_id)
    # A manager of one branch records visits there; otherwise the visit is not tied to a branch.
    branch_id = viewer.branch_ids[0] if viewer.role == Role.manager and len(viewer.branch_ids) == 1 else None
    request = record_visit(
        session=session, restaurant_id=viewer.restaurant_id, customer_id=customer.id, branch_id=branch_id
    )
    if request is None:
        return None
    session.add(
        audit_entry(
            viewer,
            "customer.visit",
            "customer",
            str(customer.id),
            {
                "feedback_due": request.due_at.isoformat(),
                "who": _who(customer),
                **changes({"feedback_due": None}, {"feedback_due": request.due_at}),
            },
        )
    )
    return request.due_at


# --------------------------------------------------------------------------- CSV


def customer_export_rows(
    *, session: Session, viewer: Viewer, filters: CustomerFilter | None = None
) -> list[dict[str, Any]]:
    """The segment's rows for an export, as values (codes, datetimes, booleans): the machine CSV
    writes them as they are, the spreadsheet CSV (reports/csv_text.py) in the owner's language."""
    now = datetime.now(UTC)
    query = (
        apply_filters(
            select(  # type: ignore[call-overload]  # SQLModel's select() is typed for at most 4 columns
                Customer.wa_id,
                Customer.name,
                Customer.language_preference,
                Customer.tags,
                Customer.lifetime_value,
                Customer.last_interaction,
                Customer.opted_out,
                Customer.username,
            ),
            viewer,
            filters or CustomerFilter(),
            now,
        )
        .order_by(col(Customer.last_interaction).desc().nulls_last())
        .limit(MAX_EXPORT_ROWS)
    )
    return [
        {
            "wa_id": csv_contact(wa_id, username),
            "name": name or "",
            "language": lang.value,
            "tags": list(tags),
            "lifetime_value": ltv,
            "last_interaction": last,
            "opted_out": bool(opted),
        }
        for wa_id, name, lang, tags, ltv, last, opted, username in session.exec(query).all()
    ]


def export_customers_csv(*, session: Session, viewer: Viewer, filters: CustomerFilter | None = None) -> str:
    """The segment as machine-readable CSV (codes, ISO 8601 UTC times, true/false; UTF-8 with BOM),
    the form the import reads back."""
    rows = (
        (
            r["wa_id"],
            r["name"],
            r["language"],
            ";".join(r["tags"]),
            f"{r['lifetime_value']:.2f}",
            r["last_interaction"].isoformat() if r["last_interaction"] else "",
            "true" if r["opted_out"] else "false",
        )
        for r in customer_export_rows(session=session, viewer=viewer, filters=filters)
    )
    return to_csv(EXPORT_COLUMNS, rows)


def parse_customers_csv(content: str, *, usernames: bool = False) -> list[dict[str, Any]]:
    """Validate every row; InvalidInput lists each bad line by its number in the file. With
    `usernames`, a wa_id of "@username" names an existing customer without a number."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "wa_id" not in header:
        raise InvalidInput(
            f"the CSV header must have the columns {','.join(IMPORT_COLUMNS)}; missing: wa_id",
            code="csv_header",
        )
    unknown = [h for h in header if h and h not in IMPORT_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise InvalidInput(
            f"unknown column(s): {', '.join(unknown)} (expected {','.join(IMPORT_COLUMNS)})",
            code="csv_header",
        )
    rows: list[dict[str, Any]] = []
    problems: list[tuple[int, list[LineProblem]]] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        errs: list[LineProblem] = []
        address = values.get("wa_id", "").lstrip("'")
        # "@username": a customer WhatsApp shows without a number (as the export writes them);
        # found by username at import, never made.
        username = address if usernames and _USERNAME.match(address) else None
        wa_id = address if username else normalize_wa_id(values.get("wa_id", ""))
        if username is None and not _WA_ID.match(wa_id):
            errs.append(LineProblem("wa_id_invalid", {"value": values.get("wa_id", "")}))
        elif wa_id in seen:
            errs.append(LineProblem("wa_id_repeat", {"value": wa_id, "first_line": seen[wa_id]}))
        seen.setdefault(wa_id, line)
        lang_raw = values.get("language", "").lower()
        language = _LANGS.get(lang_raw)  # blank: keep an existing customer's language
        if language is None and lang_raw:
            errs.append(LineProblem("language_invalid", {"value": values.get("language", "")}))
        name = strip_bidi(values.get("name", "")).strip()
        if len(name) > NAME_MAX:
            errs.append(LineProblem("name_too_long", {"max": NAME_MAX}))
        try:
            tags = _clean_tags(re.split(r"[;|]", values.get("tags", "")))
        except InvalidInput as exc:
            errs.append(LineProblem("tag_invalid", {"value": getattr(exc, "tag", "")}))
            tags = []
        opted_out = parse_yes_no(values.get("opted_out", ""), blank=False)
        if opted_out is None:
            errs.append(LineProblem("opted_out_invalid", {"value": values.get("opted_out", "")}))
        if errs:
            problems.append((line, errs))
            continue
        rows.append(
            {
                "wa_id": wa_id,
                "username": username,
                "line": line,
                "name": name or None,
                "language": language,
                "tags": tags,
                "opted_out": bool(opted_out),
                "has_opt": "opted_out" in values,
            }
        )
        if len(rows) > MAX_IMPORT_ROWS:
            raise InvalidInput(f"at most {MAX_IMPORT_ROWS} rows per import", code="csv_too_many")
    if problems:
        raise CsvLineErrors(problems)
    if not rows:
        raise InvalidInput("the CSV has no rows", code="csv_empty")
    return rows


def _upsert_customers(
    session: Session, viewer: Viewer, chunk: list[dict[str, Any]], now: datetime, set_language: bool
) -> None:
    table = columns(Customer)
    stmt = insert(Customer).values(
        [
            {
                "id": uuid.uuid4(),
                "restaurant_id": viewer.restaurant_id,
                "wa_id": r["wa_id"],
                "name": r["name"],
                "language_preference": r["language"] or Language.ar_sa,
                "tags": r["tags"],
                "opted_out": r["opted_out"],
                "opted_out_at": now if r["opted_out"] else None,
                "created_at": now,
                "updated_at": now,
                "dietary_restrictions": [],
                "conversation_context": {},
                "lifetime_value": Decimal(0),
            }
            for r in chunk
        ]
    )
    ex = stmt.excluded
    updates: dict[str, Any] = {
        "name": func.coalesce(ex.name, table.name),
        "tags": text(
            "(SELECT coalesce(array_agg(DISTINCT t), '{}') FROM unnest(customers.tags || excluded.tags) AS t)"
        ),
        "opted_out": table.opted_out | ex.opted_out,
        "opted_out_at": func.coalesce(table.opted_out_at, ex.opted_out_at),
        "updated_at": now,
    }
    if set_language:
        updates["language_preference"] = ex.language_preference
    session.exec(stmt.on_conflict_do_update(constraint="uq_customers_restaurant_wa_id", set_=updates))


@allowed_roles(Role.owner, Role.manager, action="import customers")
def import_customers_csv(*, session: Session, viewer: Viewer, content: str) -> tuple[int, int]:
    """Add new customers and update existing ones (by wa_id): all rows or none. Returns (added, updated).

    Tags are merged with the existing ones; a blank name or language keeps the customer's; an
    opt-out in the file is recorded, but an import never opts a customer back in (only the customer can).
    """
    rows = _by_username(session, viewer, parse_customers_csv(content, usernames=True))
    existing = set(
        session.exec(
            select(Customer.wa_id).where(
                Customer.restaurant_id == viewer.restaurant_id,
                col(Customer.wa_id).in_([r["wa_id"] for r in rows]),
            )
        ).all()
    )
    now = datetime.now(UTC)
    opting_out = _newly_opted_out(session, viewer, rows)
    # Rows with and without a language go in separate statements: a blank language keeps the
    # existing customer's (new customers get the Saudi default).
    with_lang = [r for r in rows if r["language"] is not None]
    without_lang = [r for r in rows if r["language"] is None]
    for part, set_language in ((with_lang, True), (without_lang, False)):
        for chunk_start in range(0, len(part), 1000):
            _upsert_customers(session, viewer, part[chunk_start : chunk_start + 1000], now, set_language)
    session.add(audit_entry(viewer, "customers.imported", data={"rows": len(rows)}))
    # Each opt-out the file makes is an entry of its own, as when a customer opts out.
    if opting_out:
        ids = dict(
            session.exec(
                select(Customer.wa_id, Customer.id).where(
                    Customer.restaurant_id == viewer.restaurant_id, col(Customer.wa_id).in_(opting_out)
                )
            ).all()
        )
        for number in opting_out:
            session.add(
                audit_entry(
                    viewer,
                    "customer.opted_out",
                    "customer",
                    str(ids.get(number, "")),
                    {"who": number, "source": "import", **changes({"opted_out": False}, {"opted_out": True})},
                )
            )
    added = sum(1 for r in rows if r["wa_id"] not in existing)
    return added, len(rows) - added


_BSUID = re.compile(r"^[A-Z]{2}\.\d{6,30}$")
_USERNAME = re.compile(r"^@[A-Za-z0-9._]{1,64}$")


def _by_username(session: Session, viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows naming a customer by "@username" get that customer's key; an unknown username is a
    line problem (a customer without a number cannot be made from a file)."""
    wanted = [r for r in rows if r.get("username")]
    if not wanted:
        return rows
    names = {r["username"].lstrip("@").lower() for r in wanted}
    found = session.exec(
        select(Customer.username, Customer.wa_id).where(
            Customer.restaurant_id == viewer.restaurant_id,
            func.lower(func.ltrim(col(Customer.username), "@")).in_(names),
        )
    ).all()
    key = {(u or "").lstrip("@").lower(): w for u, w in found}
    problems = [
        (r["line"], [LineProblem("username_unknown", {"value": r["username"]})])
        for r in wanted
        if r["username"].lstrip("@").lower() not in key
    ]
    if problems:
        raise CsvLineErrors(problems)
    for r in wanted:
        r["wa_id"] = key[r["username"].lstrip("@").lower()]
    return rows


@allowed_roles(Role.owner, Role.manager, action="add or update customers")
def upsert_customer(
    *,
    session: Session,
    viewer: Viewer,
    wa_id: str = "",
    bsuid: str = "",
    name: str | None = None,
    language: str | None = None,
    tags: list[str] | None = None,
) -> tuple[Customer, bool]:
    """Add a customer by number or BSUID, or update the one already known (as the CSV import does:
    tags merged, a missing name or language keeps the customer's, never opted back in). Returns
    (customer, created)."""
    number = normalize_wa_id(wa_id) if wa_id else ""
    bsuid = bsuid.strip()
    if number and not _WA_ID.match(number):
        raise InvalidInput(f"{wa_id!r} is not an international phone number (e.g. 966501234567)")
    if bsuid and not _BSUID.match(bsuid):
        raise InvalidInput(f"{bsuid!r} is not a WhatsApp business-scoped user id (e.g. SA.1502576394655843)")
    if not number and not bsuid:
        raise InvalidInput("give the customer's number (wa_id) or their BSUID")
    lang = None
    if language:
        lang = _LANGS.get(language.strip().lower())
        if lang is None:
            raise InvalidInput(f"language {language!r} is not one of ar-SA, ar-EG, ar-LV, en")
    clean_tags = _clean_tags(tags or [])
    match = [col(Customer.wa_id) == number] if number else []
    if bsuid:
        match += [col(Customer.user_id) == bsuid, col(Customer.wa_id) == bsuid]
    found = session.exec(
        select(Customer).where(Customer.restaurant_id == viewer.restaurant_id, or_(*match)).with_for_update()
    ).all()
    if len(found) > 1:
        raise Conflict("the number and the BSUID belong to two different customers")
    customer = found[0] if found else None
    created = customer is None
    before = _facts(customer) if customer is not None else {}
    now = datetime.now(UTC)
    if customer is None:
        customer = Customer(
            restaurant_id=viewer.restaurant_id,
            wa_id=number or bsuid,
            user_id=bsuid or None,
            language_preference=lang or Language.ar_sa,
            tags=clean_tags,
        )
    else:
        if number and customer.wa_id != number and is_bsuid(customer.wa_id):
            customer.wa_id = number  # the number replaces the BSUID once known, as at ingestion
        if bsuid and not customer.user_id:
            customer.user_id = bsuid
        if lang is not None:
            customer.language_preference = lang
        customer.tags = list(dict.fromkeys([*customer.tags, *clean_tags]))
    if name is not None and strip_bidi(name).strip():
        customer.name = strip_bidi(name).strip()[:NAME_MAX]
    customer.updated_at = now
    session.add(customer)
    session.flush()
    session.add(
        audit_entry(
            viewer,
            "customer.created" if created else "customer.updated",
            "customer",
            str(customer.id),
            {"who": _who(customer), **changes(before, _facts(customer))},
        )
    )
    return customer, created
