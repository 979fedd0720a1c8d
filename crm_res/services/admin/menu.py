"""The menu: CSV import (all rows or none) and listing."""

from __future__ import annotations

import csv
import io
import re
import uuid
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from crm_res.assistant.normalize import to_ascii_digits
from crm_res.models import MenuItem
from crm_res.services.csv_problems import CsvLineErrors, LineProblem
from crm_res.services.csv_values import parse_yes_no
from crm_res.services.errors import InvalidInput

CSV_COLUMNS = ("name_ar", "name_en", "price", "category", "available")


PRICE_MIN, PRICE_MAX = Decimal("0.01"), Decimal("10000")  # SAR: a free or five-figure dish is a typo
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,2})?")  # 1,250 or 1,250.50: thousands commas


def parse_price(raw: str) -> Decimal:
    """A SAR price from text: Latin or Arabic-Indic digits, a decimal point or comma ("12,5" is
    12.50, "1,250" is 1250), optional 'SAR'/'ريال'/'ر.س'; between PRICE_MIN and PRICE_MAX."""
    cleaned = to_ascii_digits(raw).replace("٫", ".").replace("٬", ",")
    for unit in ("SAR", "ر.س", "ريال"):
        cleaned = cleaned.replace(unit, "")
    cleaned = cleaned.replace(" ", "").strip()
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma
    price = Decimal(cleaned)
    if not PRICE_MIN <= price <= PRICE_MAX or price != price.quantize(Decimal("0.01")):
        raise InvalidOperation
    return price


def parse_menu_csv(text: str) -> list[dict]:
    """Validate every row; raise InvalidInput listing each bad line (numbered as in the file)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            f"the CSV header must have the columns {','.join(CSV_COLUMNS)}; missing: {', '.join(missing)}",
            code="csv_header",
        )
    rows: list[dict] = []
    problems: list[tuple[int, list[LineProblem]]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        errs: list[LineProblem] = []
        if not values["name_ar"]:
            errs.append(LineProblem("name_ar_empty"))
        if not values["name_en"]:
            errs.append(LineProblem("name_en_empty"))
        try:
            price = parse_price(values["price"])
        except (InvalidOperation, ValueError):
            errs.append(LineProblem("price_invalid", {"value": values["price"]}))
            price = Decimal(0)
        parsed = parse_yes_no(values["available"], blank=True)
        if parsed is None:
            errs.append(LineProblem("available_invalid", {"value": values["available"]}))
        available = True if parsed is None else parsed
        if values["name_ar"] in seen:
            errs.append(
                LineProblem(
                    "name_ar_repeat", {"value": values["name_ar"], "first_line": seen[values["name_ar"]]}
                )
            )
        seen.setdefault(values["name_ar"], line)
        if errs:
            problems.append((line, errs))
            continue
        rows.append(
            {
                "name_ar": values["name_ar"],
                "name_en": values["name_en"],
                "price": price,
                "category": values["category"] or "mains",
                "available": available,
            }
        )
    if problems:
        raise CsvLineErrors(problems)
    if not rows:
        raise InvalidInput("the CSV has no rows", code="csv_empty")
    return rows


def upsert_menu(*, session: Session, restaurant_id: uuid.UUID, rows: list[dict]) -> tuple[int, int]:
    """Insert new items and update existing ones (matched by Arabic name). Returns (added, updated)."""
    existing = {
        item.name_ar: item
        for item in session.exec(select(MenuItem).where(MenuItem.restaurant_id == restaurant_id))
    }
    added = updated = 0
    for order, row in enumerate(rows):
        item = existing.get(row["name_ar"])
        if item is None:
            session.add(MenuItem(restaurant_id=restaurant_id, sort_order=order, **row))
            added += 1
        else:
            for key, value in row.items():
                setattr(item, key, value)
            session.add(item)
            updated += 1
    session.flush()
    return added, updated


def import_menu_csv(*, session: Session, restaurant_id: uuid.UUID, text: str) -> tuple[int, int]:
    return upsert_menu(session=session, restaurant_id=restaurant_id, rows=parse_menu_csv(text))


def list_menu(*, session: Session, restaurant_id: uuid.UUID) -> list[MenuItem]:
    return list(
        session.exec(
            select(MenuItem)
            .where(MenuItem.restaurant_id == restaurant_id)
            .order_by(col(MenuItem.category), col(MenuItem.sort_order), col(MenuItem.name_ar))
        )
    )
