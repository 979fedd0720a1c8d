"""CSV files for people: headers and values in the owner's language (Arabic or English).

The domain gives export rows as values (codes, datetimes, booleans: services/customers/
customers.customer_export_rows, insights/analytics.feedback_export_rows) and writes the
machine-readable CSV itself. Here the same rows read as the dashboard shows them: words for codes, the restaurant's
local time, yes/no in the language, the restaurant's digit style in Arabic. Cells still pass
through `to_csv` (formula-safe, no bidi controls, BOM for Excel).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from crm_res.i18n import STRINGS, text
from crm_res.services.csv_export import to_csv
from crm_res.services.digits import WESTERN, localize_digits
from crm_res.vocabulary import CATEGORY_LABELS

Column = tuple[str, Callable[[dict[str, Any]], Any]]


class _Words:
    """How one language writes the values of an export row."""

    def __init__(self, lang: str, digit_style: str, tz: str) -> None:
        self.lang, self.style, self.zone = lang, digit_style, ZoneInfo(tz)
        self.i = 1 if lang == "en" else 0
        self.sep = "; " if lang == "en" else "؛ "

    def word(self, prefix: str, code: str) -> str:
        """The table's word for a code (a language, a tag, a sentiment); the code when unknown."""
        pair = STRINGS.get(f"{prefix}_{code}")
        return pair[self.i] if pair else code

    def when(self, at: datetime | None) -> str:
        return at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M") if at else ""

    def yes_no(self, value: bool) -> str:
        return text("yes" if value else "no", self.lang)

    def money(self, value: Decimal | float) -> str:
        return f"{value:.2f}"

    def digits(self, value: Any) -> Any:
        return localize_digits(value, self.style, self.lang) if isinstance(value, str) else value


# What people wrote (names, comments, notes) is exported as written, digits included.
FREE_TEXT = {"name", "customer", "comment", "followup_notes_column"}


def _write(columns: Sequence[Column], rows: list[dict[str, Any]], w: _Words, numeric: set[str]) -> str:
    header = [text(key, w.lang) for key, _ in columns]
    out = []
    for row in rows:
        cells = []
        for key, cell in columns:
            value = cell(row)
            if key in FREE_TEXT or (key in numeric and w.style == WESTERN):
                cells.append(value)  # numbers stay numbers in a spreadsheet with Western digits
            else:
                cells.append(w.digits(str(value)))
        out.append(cells)
    return to_csv(header, out)


def customers_csv_text(
    rows: list[dict[str, Any]], *, lang: str, digit_style: str = WESTERN, tz: str = "Asia/Riyadh"
) -> str:
    """The customers export as a person reads it in `lang`."""
    w = _Words(lang, digit_style, tz)
    columns: list[Column] = [
        ("whatsapp", lambda r: r["wa_id"]),
        ("name", lambda r: r["name"]),
        ("language", lambda r: w.word("lang", r["language"])),
        ("tags", lambda r: w.sep.join(w.word("tag", t) for t in r["tags"])),
        ("lifetime_value_sar", lambda r: w.money(r["lifetime_value"])),
        ("last_visit", lambda r: w.when(r["last_interaction"])),
        ("opted_out", lambda r: w.yes_no(r["opted_out"])),
    ]
    return _write(columns, rows, w, numeric={"lifetime_value_sar"})


def feedback_csv_text(
    rows: list[dict[str, Any]], *, lang: str, digit_style: str = WESTERN, tz: str = "Asia/Riyadh"
) -> str:
    """The feedback export as a person reads it in `lang`."""
    w = _Words(lang, digit_style, tz)

    def category(code: str) -> str:
        return CATEGORY_LABELS.get(code, (code, code))[w.i]

    columns: list[Column] = [
        ("date", lambda r: w.when(r["created_at"])),
        ("branch", lambda r: r["branch_en"] if lang == "en" else r["branch_ar"]),
        ("customer", lambda r: r["customer"]),
        ("whatsapp", lambda r: r["wa_id"]),
        ("rating", lambda r: r["rating"] if r["rating"] is not None else ""),
        ("sentiment", lambda r: w.word("se", r["sentiment"]) if r["sentiment"] else ""),
        ("categories", lambda r: w.sep.join(category(c) for c in r["categories"])),
        ("comment", lambda r: r["comment"]),
        ("needs_followup", lambda r: w.yes_no(r["needs_followup"])),
        ("followup_notes_column", lambda r: r["followup_notes"]),
    ]
    return _write(columns, rows, w, numeric={"rating"})
