"""Domain errors as the dashboard shows them: an i18n key, so the Arabic UI reads Arabic.

The domain's messages are plain English for the CLI and logs. Pages store `error_key(exc)`; the
error callout (components/ui.py) translates known keys and shows anything else as it is.
"""

from __future__ import annotations

import re

from crm_res.i18n import STRINGS, problem_text
from crm_res.services.errors import Conflict, DomainError, InvalidInput, NotFound
from crm_res.state.campaigns.errors import CAMPAIGN_ERRORS

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
    (InvalidInput, r"^the profile was not saved", "err_profile_not_saved"),
    (InvalidInput, r"^the branch was not saved", "err_branch_not_saved"),
    (InvalidInput, r"^the item was not saved", "err_item_not_saved"),
    (InvalidInput, r"^the template was not saved", "err_template_not_saved"),
    (InvalidInput, r"^not an email address", "err_bad_email"),
    (InvalidInput, r"^managers and staff work in at least one branch", "err_branch_required"),
    (InvalidInput, r"^this email address cannot be used", "err_email_unavailable"),
    (InvalidInput, r"^the simulator only uses test numbers", "err_sim_test_numbers"),
    (InvalidInput, r"^this number belongs to a real customer", "err_sim_real_customer"),
    *CAMPAIGN_ERRORS,  # state/campaigns/errors.py: the campaign actions' messages, before the generic ones
    (InvalidInput, r"^not a valid ", "err_invalid"),
    (NotFound, r"^no such teammate", "err_teammate_not_found"),
    (NotFound, r"^template not found", "err_template_not_found"),
    (NotFound, r"", "err_not_found"),
    (Conflict, r"^order #", "err_order_changed"),
    (Conflict, r"^the menu already has an item", "err_menu_name_taken"),
    (Conflict, r"^the restaurant must keep at least one active owner", "err_owner_needed"),
    (Conflict, r"^you cannot remove your own owner access", "err_own_owner_access"),
    (Conflict, r"^a user with email", "err_email_taken"),
    (Conflict, r"", "err_conflict"),
    (DomainError, r"^only (an|the restaurant's) owner|^your role may not", "err_forbidden"),
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
