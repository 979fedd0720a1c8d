"""The rows the Settings tabs hold, as the domain (services/admin) returns them."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict


class Hours(TypedDict):
    open: str
    close: str


class BranchRow(TypedDict):
    id: str
    name_ar: str
    name_en: str
    city: str
    street: str
    lat: str
    lng: str
    phone: str
    is_active: bool
    hours: dict[str, Hours]
    ramadan: dict[str, Hours]
    hours_text: str
    ramadan_text: str


class Profile(TypedDict, total=False):
    name_ar: str
    name_en: str
    personality: str
    timezone: str
    city: str
    prayer_time_enabled: bool
    whatsapp_number: str
    phone_number_id: str
    discount_enabled: bool
    discount_percent: str
    discount_valid_days: str
    feedback_delay_hours: str
    ramadan_mode: bool
    welcome_message: str
    digit_style: str


class MenuRow(TypedDict):
    id: str
    name_ar: str
    name_en: str
    price: str
    category: str
    category_ar: str
    category_en: str
    available: bool
    description: str
    retailer_id: str


class ItemForm(TypedDict):
    id: str
    name_ar: str
    name_en: str
    price: str
    category: str
    available: bool
    description: str
    retailer_id: str


class TemplateRow(TypedDict):
    id: str
    name: str
    language: str
    purpose: str
    body: str
    parameters: str
    status: str
    reason: str
    note: str
    status_at: str


class CannedRow(TypedDict):
    id: str
    title: str
    body: str
    language: str


class TeamRow(TypedDict):
    id: str
    email: str
    name: str
    role: str
    branch_ids: list[str]
    branches: str
    branches_en: str
    branches_ar: str
    is_active: bool
    is_me: bool


class Connections(TypedDict, total=False):
    sandbox: bool
    own_token: bool
    graph_url: str
    phone_number_id: str
    whatsapp_number: str
    app_secret: bool
    app_secret_missing: bool
    verify_token: bool
    llm: bool
    llm_models: str
    sent_24h: int
    failed_24h: int
    pending: int
    last_error: str


class CheckResult(TypedDict, total=False):
    ok: bool
    mode: str
    message: str


class HeldRow(TypedDict):
    recipient: str
    name: str
    purpose: str
    not_before: str
    held: bool


class HeldSummary(TypedDict, total=False):
    count: int
    next_release: str
    timezone: str


class ApiKeyRow(TypedDict):
    id: str
    name: str
    prefix: str
    scopes: str
    scope_list: list[str]
    branch_ar: str
    branch_en: str
    created_at: str
    created_label: str
    last_used_at: str
    last_used_label: str
    revoked: bool


class EndpointRow(TypedDict):
    """An outgoing webhook endpoint (never its secret), with its events as one line."""

    id: str
    url: str
    description: str
    events: list[str]
    events_text: str
    enabled: bool
    disabled_reason: str
    failure_count: str
    last_success_at: datetime | None
    last_failure_at: datetime | None
    created_at: datetime


# One branch's day on the prayer board (services/timing/prayer_board.branch_prayer_times): each
# prayer's adhan time ("04:12") and its hold window ("04:02–04:22"), by the names in PRAYERS.
class PrayerRow(TypedDict):
    branch_id: str
    name_ar: str
    name_en: str
    city: str
    city_ar: str
    timezone: str
    date: str
    ramadan: bool
    holding: bool
    jumuah: bool
    quiet_from: str
    fajr: str
    fajr_hold: str
    dhuhr: str
    dhuhr_hold: str
    asr: str
    asr_hold: str
    maghrib: str
    maghrib_hold: str
    isha: str
    isha_hold: str
