"""The audit trail in words, in the reader's language: what changed, from what, to what.

The domain (services/ops/audit.py) keeps entries as recorded (kinds, field names, stored values);
here they become sentences an owner reads ("السعر: ٩٫٠٠ ر.س ← ١١٫٠٠ ر.س"), on the Activity page
and in its CSV. Unknown kinds or fields fall back to a generic wording, never to a code.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from crm_res.i18n import STRINGS, text
from crm_res.reports.failed_work import reason_text
from crm_res.services.csv_export import to_csv
from crm_res.services.ops.audit import ActivityRow

# Which translation prefix names a stored value of a field ("status" depends on the subject).
_VALUE_KEYS = {
    "role": "role_",
    "personality": "pers_",
    "language": "lang_",
    "purpose": "purpose_",
    "category": "cat_",
    "handled_by": "audit_handler_",
}
_STATUS_KEYS = {"order": "os_", "conversation": "st_", "campaign": "audit_cs_", "outbox": "audit_os_"}
_PRICE_FIELDS = ("price",)
_ARROW = {"ar": " ← ", "en": " → "}
_LIST_SEP = {"ar": "، ", "en": ", "}
_HHMM = re.compile(r"^\d{2}:\d{2}$")


def _t(key: str, lang: str, fallback: str = "") -> str:
    return text(key, lang) if key in STRINGS else fallback


def kind_text(kind: str, lang: str) -> str:
    """ "settings.menu_item" → "تعديل صنف في القائمة"."""
    return _t("audit_kind_" + re.sub(r"\W", "_", kind), lang) or text("audit_kind_other", lang)


def who_text(row: ActivityRow, lang: str) -> str:
    if row.actor == "api_key":
        return text("audit_by_key", lang).format(name=row.who or "-")
    if row.actor == "customer":
        return text("audit_by_customer", lang).format(name=row.who or "-")
    return row.who or text("audit_someone", lang)


def field_text(field: str, lang: str) -> str:
    """A field's name in words; a field that is data (a menu item's name in an import) as it is."""
    return _t("audit_field_" + re.sub(r"\W", "_", field), lang, field)


def value_text(field: str, value: Any, lang: str, subject_type: str = "") -> str:
    if value is None or value == "" or value == [] or value == {}:
        return text("audit_none", lang)
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    if isinstance(value, list):
        return _LIST_SEP[lang].join(value_text(field, v, lang, subject_type) for v in value)
    if isinstance(value, dict):
        if field in ("operating_hours", "ramadan_hours"):
            return _hours_text(value, lang)
        return _LIST_SEP[lang].join(
            f"{field_text(k, lang)}: {value_text(k, v, lang, subject_type)}" for k, v in value.items()
        )
    raw = str(value)
    if field in _PRICE_FIELDS:
        return f"{raw} {text('sar', lang)}"
    prefix = _STATUS_KEYS.get(subject_type) if field == "status" else _VALUE_KEYS.get(field)
    if prefix:
        return _t(prefix + raw, lang, raw)
    if field == "mode":
        return _t("audit_mode_" + raw, lang, raw)
    if field == "feedback_due":
        return _when(raw)
    if field == "last_error":  # a failed send's recorded reason: said in words
        return reason_text(raw, lang)
    return raw


def _when(raw: str) -> str:
    try:
        return datetime.fromisoformat(raw).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return raw


def _hours_text(hours: dict[str, Any], lang: str) -> str:
    parts = []
    for day, span in hours.items():
        if isinstance(span, dict) and _HHMM.match(str(span.get("open", ""))):
            parts.append(f"{_t('day_' + day, lang, day)} {span.get('open')}–{span.get('close')}")
        else:
            parts.append(f"{_t('day_' + day, lang, day)} {text('audit_closed', lang)}")
    return _LIST_SEP[lang].join(parts) or text("audit_none", lang)


def change_lines(row: ActivityRow, lang: str) -> list[str]:
    """One line per changed field: "name: before → after" (only what changed was recorded)."""
    before, after = row.data.get("before") or {}, row.data.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    lines = []
    for field in dict.fromkeys([*before, *after]):
        b, a = before.get(field), after.get(field)
        if isinstance(b, dict) and isinstance(a, dict) and field not in ("operating_hours", "ramadan_hours"):
            # A menu import: per item, what of it changed.
            inner = [
                f"{field_text(k, lang)} {value_text(k, b.get(k), lang)}{_ARROW[lang]}{value_text(k, a.get(k), lang)}"
                for k in dict.fromkeys([*b, *a])
                if b.get(k) != a.get(k)
            ]
            lines.append(f"{field}: {_LIST_SEP[lang].join(inner)}")
            continue
        lines.append(
            f"{field_text(field, lang)}: {value_text(field, b, lang, row.subject_type)}"
            f"{_ARROW[lang]}{value_text(field, a, lang, row.subject_type)}"
        )
    return lines


def detail_text(row: ActivityRow, lang: str) -> str:
    """What an entry without before/after says (rows exported, what a test was sent to...)."""
    parts = []
    for key in (
        "rows",
        "recipients",
        "excluded",
        "taken_back",
        "cancelled_sends",
        "to",
        "reason",
        "note",
        "added",
        "updated",
        "source",
    ):
        if key in row.data and row.data[key] not in (None, ""):
            value = row.data[key]
            if key == "source":
                value = _t("audit_source_" + str(value), lang, str(value))
            elif key == "reason" and row.kind.startswith("ops."):  # a failed job's exception: in words
                value = reason_text(str(value), lang)
            parts.append(f"{field_text(key, lang)}: {value}")
    return _LIST_SEP[lang].join(parts)


def describe(row: ActivityRow, lang: str, tz: ZoneInfo) -> dict[str, Any]:
    """The entry as the Activity page shows it (plain strings: Reflex state)."""
    return {
        "id": row.id,
        "at": row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        "who": who_text(row, lang),
        "what": kind_text(row.kind, lang),
        "subject": row.subject,
        "changes": change_lines(row, lang),
        "detail": detail_text(row, lang),
    }


CSV_COLUMNS = (
    "audit_col_time",
    "audit_col_who",
    "audit_col_what",
    "audit_col_subject",
    "audit_col_changes",
    "audit_col_detail",
)


def activity_csv(rows: list[ActivityRow], lang: str, tz: ZoneInfo) -> str:
    """The export, in the language the owner reads the page in (headers and cells)."""
    out = []
    for row in rows:
        d = describe(row, lang, tz)
        out.append((d["at"], d["who"], d["what"], d["subject"], "\n".join(d["changes"]), d["detail"]))
    return to_csv([text(c, lang) for c in CSV_COLUMNS], out)


def csv_rows(csv_text: str) -> int:
    """How many data rows an export holds (for its audit entry; cells may hold newlines)."""
    import csv
    import io

    return max(sum(1 for _ in csv.reader(io.StringIO(csv_text))) - 1, 0)
