"""A restaurant's own options, typed: one place for each default and bound.

`Restaurant.settings` is a JSON column the owner edits on the Settings page (and the CLI or an
older version may have written). `options(restaurant)` reads it once into `RestaurantOptions`:
a missing key takes its default, a value out of bounds is clamped, a value of the wrong kind is
logged and replaced by the default, so no reader handles raw JSON again.
"""

from __future__ import annotations

import logging
from datetime import time, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, WrapValidator

from crm_res.models import Restaurant

log = logging.getLogger(__name__)


def _lenient(
    default: Any, low: float | None = None, high: float | None = None, *, clamp: bool = True
) -> WrapValidator:
    """Parse with the field's type; on failure log and use `default`; then clamp to [low, high]
    (or, with `clamp=False`, take the default for a value out of bounds)."""

    def validate(value: Any, handler: Any, info: Any) -> Any:
        if value is None or value == "":
            return default
        try:
            parsed = handler(value)
        except ValidationError:
            log.warning("restaurant option %s=%r is not valid; using %r", info.field_name, value, default)
            return default
        if (low is not None and parsed < low) or (high is not None and parsed > high):
            if not clamp:
                log.warning(
                    "restaurant option %s=%r is out of range; using %r", info.field_name, value, default
                )
                return default
            return type(parsed)(low if low is not None and parsed < low else high)
        return parsed

    return WrapValidator(validate)


class PreIftarPromo(BaseModel):
    model_config = ConfigDict(extra="ignore")
    enabled: bool = False
    text_ar: str | None = None
    text_en: str | None = None


class RestaurantOptions(BaseModel):
    """Every per-restaurant option with its default and bounds."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # feedback requests (outreach/feedback_requests.py): hours after the order or visit
    feedback_requests_enabled: Annotated[bool, _lenient(True)] = True
    feedback_delay_hours: Annotated[float, _lenient(3.0, 2.0, 4.0)] = 3.0
    # discount code after a rating (dialogue)
    discount_enabled: Annotated[bool, _lenient(False)] = False
    discount_percent: Annotated[int, _lenient(10, 1, 100)] = 10
    discount_valid_days: Annotated[int, _lenient(30, 1, 365)] = 30
    # manager alerts on negative feedback (outreach/feedback_alerts.py)
    alert_managers_whatsapp: Annotated[bool, _lenient(True)] = True
    # daily summary time, local (outreach/summaries.py)
    daily_summary_time: Annotated[time, _lenient(time(23, 0))] = time(23, 0)
    # an active conversation idle this long is closed as abandoned (outreach/housekeeping.py)
    abandon_after_hours: Annotated[float, _lenient(24.0, 1.0)] = 24.0
    # a resolved conversation older than this starts a new one; None: CONVERSATION_REOPEN_GAP_HOURS
    reopen_gap_hours: Annotated[float | None, _lenient(None, 0.0, 24.0 * 365, clamp=False)] = None
    # prayer and Ramadan holding of business-initiated sends (timing/holding.py), minutes
    prayer_buffer_before_min: Annotated[int, _lenient(10, 0, 180)] = 10
    prayer_buffer_after_min: Annotated[int, _lenient(10, 0, 180)] = 10
    jumuah_after_min: Annotated[int, _lenient(45, 0, 180)] = 45
    ramadan_quiet_before_iftar_min: Annotated[int, _lenient(60, 0, 180)] = 60
    pre_iftar_promo_minutes: Annotated[int, _lenient(30, 1, 180)] = 30
    ramadan_mode: Annotated[bool, _lenient(True)] = True
    pre_iftar_promo: Annotated[PreIftarPromo | None, _lenient(None)] = None
    # a conversation state (an order being taken, a rating asked) waits this long for the customer
    conversation_idle_minutes: Annotated[int, _lenient(30, 1, 7 * 24 * 60)] = 30
    # a reply from the WhatsApp Business app keeps the assistant quiet this long; None: the env default
    app_reply_pause_minutes: Annotated[float | None, _lenient(None, 0.0, 7 * 24 * 60)] = None
    # sent when a customer opens the chat for the first time (request_welcome); empty: none
    welcome_message: Annotated[str, _lenient("")] = ""
    # the WhatsApp Business Account id, to match account-level webhooks (template status, alerts)
    whatsapp_business_account_id: Annotated[str | None, _lenient(None)] = None
    # campaigns (campaigns/release.py): no customer gets a campaign if any campaign reached them in
    # the last N days (0: no cap); orders within N days of a delivered campaign message count for it
    campaign_frequency_cap_days: Annotated[int, _lenient(7, 0, 365)] = 7
    campaign_attribution_days: Annotated[int, _lenient(3, 1, 60)] = 3
    # how digits read in Arabic on the dashboard, reports and CSV (services/digits.py)
    digit_style: Annotated[Literal["western", "arabic_indic"], _lenient("western")] = "western"
    # outbound cap per second for this number; None: WHATSAPP_RATE_PER_SECOND
    rate_per_second: Annotated[int | None, _lenient(None, 1, 1000)] = None

    @property
    def feedback_delay(self) -> timedelta:
        return timedelta(hours=self.feedback_delay_hours)

    @property
    def abandon_after(self) -> timedelta:
        return timedelta(hours=self.abandon_after_hours)


def options_of(raw: dict[str, Any] | None) -> RestaurantOptions:
    """The options held in a `settings` JSON value (None or {} → every default)."""
    return RestaurantOptions.model_validate(raw or {})


def options(restaurant: Restaurant) -> RestaurantOptions:
    """The restaurant's options, parsed once per call from `restaurant.settings`."""
    return options_of(restaurant.settings)
