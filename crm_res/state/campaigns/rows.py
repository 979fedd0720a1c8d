"""The rows the Campaigns states hold, as the domain returns them (primitives only)."""

from __future__ import annotations

from typing import TypedDict


class CampaignRow(TypedDict):
    id: str
    name: str
    status: str
    timing_ar: str
    timing_en: str
    created_label: str
    targeted: int
    waiting: int
    held: int
    sent: int
    delivered: int
    read: int
    failed: int


class TemplateChoice(TypedDict):
    id: str
    name: str
    language: str
    status: str
    category: str
    body_preview: str
    parameters: list[str]
    synced: bool


class ParamField(TypedDict):
    name: str
    source: str  # {name} | {discount_code} | {branch} | text
    text: str


class SampleRow(TypedDict):
    name: str
    wa_id: str


class Preview(TypedDict):
    count: int
    matched: int
    new_numbers: int
    opted_out: int
    test: int
    capped: int
    failed: int
    other_branches: int
    sample: list[SampleRow]


class Reason(TypedDict):
    code: str
    title: str
    count: int


class Results(TypedDict):
    targeted: int
    held_for_prayer: int
    waiting: int
    sent: int
    delivered: int
    read: int
    failed: int
    cancelled: int
    replied: int
    opted_out_after: int
    orders: int
    revenue: str
    attribution_days: int
    failed_by_reason: list[Reason]


class RecipientRow(TypedDict):
    wa_id: str
    name: str
    city: str
    city_ar: str
    state: str
    held_reason: str
    sent_at: str
    delivered_at: str
    read_at: str
    error: str
    error_code: str
    replied: bool
    opted_out_after: bool
    orders: int
    revenue: str
    discount_code: str


class SyncStatus(TypedDict):
    token: bool
    waba_id: str
    last_at: str
    last_ok: bool
    last_error: str
    listed: int
    added: int
    updated: int
    gone: int
    manager_url: str


EMPTY_PREVIEW: Preview = {
    "count": 0,
    "matched": 0,
    "new_numbers": 0,
    "opted_out": 0,
    "test": 0,
    "capped": 0,
    "failed": 0,
    "other_branches": 0,
    "sample": [],
}
EMPTY_RESULTS: Results = {
    "targeted": 0,
    "held_for_prayer": 0,
    "waiting": 0,
    "sent": 0,
    "delivered": 0,
    "read": 0,
    "failed": 0,
    "cancelled": 0,
    "replied": 0,
    "opted_out_after": 0,
    "orders": 0,
    "revenue": "0.00",
    "attribution_days": 3,
    "failed_by_reason": [],
}
EMPTY_SYNC: SyncStatus = {
    "token": False,
    "waba_id": "",
    "last_at": "",
    "last_ok": False,
    "last_error": "",
    "listed": 0,
    "added": 0,
    "updated": 0,
    "gone": 0,
    "manager_url": "",
}
