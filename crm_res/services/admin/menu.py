"""The menu: CSV import (all rows or none), export and listing."""

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
# Optional on import (older files have no such column), always written on export: the product's
# retailer id in the WhatsApp catalog, by which a catalog cart finds the item.
OPTIONAL_COLUMNS = ("retailer_id",)
_RETAILER_ID = re.compile(r"\S{1,100}")


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


def clean_retailer_id(raw: object) -> str | None:
    """A catalog retailer id as typed (trimmed; blank is none), or ValueError when it cannot be one."""
    value = to_ascii_digits(str(raw or "")).strip()
    if not value:
        return None
    if not _RETAILER_ID.fullmatch(value):
        raise ValueError(value)
    return value


def parse_menu_csv(text: str) -> list[dict]:
    """Validate every row; raise InvalidInput listing each bad line (numbered as in the file)."""
    return [row for _, row in _parse_lines(text)]


def _parse_lines(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            f"the CSV header must have the columns {','.join(CSV_COLUMNS)}; missing: {', '.join(missing)}",
            code="csv_header",
        )
    rows: list[tuple[int, dict]] = []
    problems: list[tuple[int, list[LineProblem]]] = []
    seen: dict[str, int] = {}
    seen_retailer: dict[str, int] = {}
    has_retailer = "retailer_id" in header
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
        retailer_id = None
        try:
            retailer_id = clean_retailer_id(values.get("retailer_id"))
        except ValueError:
            errs.append(LineProblem("retailer_id_invalid", {"value": values.get("retailer_id", "")}))
        if retailer_id and retailer_id in seen_retailer:
            errs.append(
                LineProblem(
                    "retailer_id_repeat", {"value": retailer_id, "first_line": seen_retailer[retailer_id]}
                )
            )
        if retailer_id:
            seen_retailer.setdefault(retailer_id, line)
        if errs:
            problems.append((line, errs))
            continue
        row = {
            "name_ar": values["name_ar"],
            "name_en": values["name_en"],
            "price": price,
            "category": values["category"] or "mains",
            "available": available,
        }
        if has_retailer:  # a file without the column leaves the items' retailer ids as they are
            row["retailer_id"] = retailer_id
        rows.append((line, row))
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
    # Retailer ids moving between items: let go of the old ones first (the unique index is checked
    # row by row, whatever order the updates are flushed in).
    moving = [
        item
        for r in rows
        if "retailer_id" in r
        and (item := existing.get(r["name_ar"])) is not None
        and item.retailer_id
        and item.retailer_id != r["retailer_id"]
    ]
    for item in moving:
        item.retailer_id = None
        session.add(item)
    if moving:
        session.flush()
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


def _retailer_clashes(session: Session, restaurant_id: uuid.UUID, lines: list[tuple[int, dict]]) -> None:
    """A retailer id names one item of the restaurant: refuse lines giving one that an item outside
    the file (or another item of it, by Arabic name) keeps after the import."""
    items = list(session.exec(select(MenuItem).where(MenuItem.restaurant_id == restaurant_id)))
    renamed = {row["name_ar"] for _, row in lines if "retailer_id" in row}
    kept = {m.retailer_id: m.name_ar for m in items if m.retailer_id and m.name_ar not in renamed}
    problems = [
        (
            line,
            [
                LineProblem(
                    "retailer_id_taken", {"value": row["retailer_id"], "item": kept[row["retailer_id"]]}
                )
            ],
        )
        for line, row in lines
        if row.get("retailer_id") and kept.get(row["retailer_id"], row["name_ar"]) != row["name_ar"]
    ]
    if problems:
        raise CsvLineErrors(problems)


def import_menu_csv(*, session: Session, restaurant_id: uuid.UUID, text: str) -> tuple[int, int]:
    lines = _parse_lines(text)
    _retailer_clashes(session, restaurant_id, lines)
    return upsert_menu(session=session, restaurant_id=restaurant_id, rows=[row for _, row in lines])


def export_menu_csv(*, session: Session, restaurant_id: uuid.UUID) -> str:
    """The menu in the import's own format (with retailer ids), so an export imports back unchanged."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, *OPTIONAL_COLUMNS])
    for m in list_menu(session=session, restaurant_id=restaurant_id):
        writer.writerow(
            [
                m.name_ar,
                m.name_en,
                f"{m.price:.2f}",
                m.category,
                "true" if m.available else "false",
                m.retailer_id or "",
            ]
        )
    return out.getvalue()


def list_menu(*, session: Session, restaurant_id: uuid.UUID) -> list[MenuItem]:
    return list(
        session.exec(
            select(MenuItem)
            .where(MenuItem.restaurant_id == restaurant_id)
            .order_by(col(MenuItem.category), col(MenuItem.sort_order), col(MenuItem.name_ar))
        )
    )
