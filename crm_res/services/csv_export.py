"""CSV files for spreadsheets: UTF-8 with BOM (Arabic shows), and no formula injection.

Names and comments come from customers. A cell starting with = + - @ (or a tab / carriage
return) is run as a formula by Excel, LibreOffice and Google Sheets, so such cells get a leading
single quote, as OWASP's CSV-injection guidance advises.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from crm_res.services.display_text import strip_bidi

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value without bidi formatting characters (they reverse what a spreadsheet shows), with
    a leading quote when a spreadsheet would read it as a formula."""
    if not isinstance(value, str):
        return value
    value = strip_bidi(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text with a BOM; every cell passes through `safe_cell`."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()
