"""Domain errors as the dashboard shows them: an i18n key, so the Arabic UI reads Arabic.

The domain's messages are plain English for the CLI and logs. Pages store `error_key(exc)`; the
error callout (components/ui.py) translates known keys and shows anything else as it is.
"""

from __future__ import annotations

import re

from crm_res.services.errors import Conflict, DomainError, InvalidInput, NotFound

# (exception type, message pattern, key): the first match wins.
_PATTERNS: list[tuple[type[Exception], str, str]] = [
    (InvalidInput, r"^the message is empty", "err_empty_message"),
    (InvalidInput, r"^the note is empty", "err_empty_note"),
    (InvalidInput, r"^the message is longer", "err_message_too_long"),
    (InvalidInput, r"^this teammate does not work", "err_teammate_branch"),
    (InvalidInput, r"^fill in the template parameter", "err_template_params"),
    (InvalidInput, r"^a template parameter is longer", "err_template_param_long"),
    (InvalidInput, r"opted out", "err_opted_out"),
    (InvalidInput, r"^write what was done", "err_followup_note"),
    (InvalidInput, r"^minimum lifetime value", "err_min_ltv"),
    (InvalidInput, r"^tag .* is not allowed", "err_bad_tag"),
    (InvalidInput, r"^the period must be", "err_period"),
    (InvalidInput, r"bad row\(s\); nothing was imported", "err_csv_bad_rows"),
    (InvalidInput, r"^the CSV header|^unknown column", "err_csv_header"),
    (InvalidInput, r"^the CSV has no rows", "err_csv_empty"),
    (InvalidInput, r"rows per import", "err_csv_too_many"),
    (NotFound, r"^no such teammate", "err_teammate_not_found"),
    (NotFound, r"^template not found", "err_template_not_found"),
    (NotFound, r"", "err_not_found"),
    (Conflict, r"^order #", "err_order_changed"),
    (Conflict, r"", "err_conflict"),
    (DomainError, r"^only an owner", "err_forbidden"),
]
CSV_NOT_UTF8 = "err_csv_not_utf8"
ERROR_KEYS = tuple(dict.fromkeys([key for _, _, key in _PATTERNS] + [CSV_NOT_UTF8, "err_invalid"]))


def error_key(exc: Exception) -> str:
    """The translation key for an error shown to a person; the message itself when unknown."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    for kind, pattern, key in _PATTERNS:
        if isinstance(exc, kind) and re.search(pattern, message):
            return key
    if isinstance(exc, ValueError):  # a malformed id in the URL or a form
        return "err_invalid"
    return message
