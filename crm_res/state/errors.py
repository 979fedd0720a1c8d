"""Domain errors as the dashboard shows them: an i18n key, so the Arabic UI reads Arabic.

One path: a domain error carries a code (services/errors.py); its translation is `err_<code>` in
crm_res/i18n.py (tests/ops/test_error_codes.py holds every code raised to having one). An
error without a code shows its message as it is. Pages store `error_key(exc)`; the error callout
(components/ui.py) translates the known keys.
"""

from __future__ import annotations

from crm_res.i18n import STRINGS, problem_text
from crm_res.services.errors import DomainError

CSV_NOT_UTF8 = "err_csv_not_utf8"
ERROR_KEYS = tuple(key for key in STRINGS if key.startswith("err_"))


def error_key(exc: Exception) -> str:
    """The translation key for an error shown to a person; the message itself when it has none."""
    if isinstance(exc, DomainError) and exc.code and f"err_{exc.code}" in STRINGS:
        return f"err_{exc.code}"
    if isinstance(exc, ValueError):  # a malformed id in the URL or a form
        return "err_invalid"
    return str(exc).splitlines()[0] if str(exc) else ""


def error_texts(exc: Exception) -> dict[str, str]:
    """The error and each of its form problems (services.errors.Problem) in both languages, as
    {"ar": ..., "en": ...}, for a page that shows several problems at once (Settings)."""
    key = error_key(exc)
    problems = getattr(exc, "problems", [])
    return {
        lang: "\n".join(
            [STRINGS[key][i] if key in STRINGS else key, *(problem_text(p, lang) for p in problems)]
        )
        for i, lang in enumerate(("ar", "en"))
    }
