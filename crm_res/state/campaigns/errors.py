"""The campaign actions' plain-English errors, mapped to translation keys (read by state/errors.py)."""

from __future__ import annotations

from crm_res.services.errors import Conflict, InvalidInput

CAMPAIGN_ERRORS: list[tuple[type[Exception], str, str]] = [
    (InvalidInput, r"^a campaign needs a name", "err_campaign_name"),
    (InvalidInput, r"^choose a segment, upload a list", "err_campaign_audience"),
    (InvalidInput, r"^template .* at Meta, not approved", "err_template_not_approved"),
    (InvalidInput, r"^template .* has no parameter", "err_campaign_params"),
    (InvalidInput, r"^the discount must be between", "err_discount_range"),
    (InvalidInput, r"^the recipient limit", "err_recipient_limit"),
    (
        InvalidInput,
        r"^timing mode|^the send time must|^prayer must be|^a prayer-relative time|^the offset from the prayer",
        "err_campaign_timing",
    ),  # fmt: skip
    (InvalidInput, r"is not a phone number in international form", "err_test_number"),
    (InvalidInput, r"^not a valid number of days", "err_days"),
    (InvalidInput, r"^template sync needs a WhatsApp access token", "err_sync_token"),
    (InvalidInput, r"^template sync needs the WhatsApp Business Account id", "err_sync_waba"),
    (Conflict, r"^the campaign has started", "err_campaign_started"),
    (Conflict, r"^the campaign is ", "err_campaign_state"),
]
