"""Line-numbered CSV import problems as codes with parameters, so each reader gets its language:
the CLI and logs read the English text (InvalidInput.problems, unchanged), the dashboard renders
the codes through crm_res/i18n.py (`csv_line_texts`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crm_res.services.errors import InvalidInput

# English wording, one per code: what the CLI prints (the dashboard's texts live in i18n.py).
ENGLISH: dict[str, str] = {
    "wa_id_invalid": "wa_id {value!r} is not a phone number in international form (e.g. 966501234567)",
    "wa_id_repeat": "wa_id {value} repeats line {first_line}",
    "username_unknown": "no customer has the WhatsApp username {value}",
    "language_invalid": "language must be one of ar, ar-SA, ar-EG, ar-LV, en, not {value!r}",
    "name_too_long": "name is longer than {max} characters",
    "tag_invalid": "tag {value!r} is not allowed (letters, digits, - and spaces, at most 32)",
    "opted_out_invalid": "opted_out must be true/false, not {value!r}",
    "name_ar_empty": "name_ar is empty",
    "name_en_empty": "name_en is empty",
    "price_invalid": "price {value!r} is not a number of SAR (e.g. 35 or 12.50)",
    "available_invalid": "available must be true/false, not {value!r}",
    "name_ar_repeat": "name_ar {value!r} repeats line {first_line}",
    "retailer_id_invalid": "retailer_id {value!r} is not a catalog retailer id (at most 100 characters, no spaces)",
    "retailer_id_repeat": "retailer_id {value!r} repeats line {first_line}",
    "retailer_id_taken": "retailer_id {value!r} already belongs to the menu item {item!r}",
}


@dataclass(frozen=True)
class LineProblem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return ENGLISH[self.code].format(**self.params)


class CsvLineErrors(InvalidInput):
    """Bad rows in an import: `lines` holds (line number, problems) for the dashboard; the message
    and `problems` are the English text the CLI has always printed."""

    def __init__(self, lines: list[tuple[int, list[LineProblem]]]) -> None:
        problems = [f"line {n}: " + "; ".join(p.english() for p in errs) for n, errs in lines]
        super().__init__(f"{len(lines)} bad row(s); nothing was imported:", problems, code="csv_bad_rows")
        self.lines = lines
