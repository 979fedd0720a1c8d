"""Defaults of per-restaurant options kept in `Restaurant.settings` (one place for each)."""

from __future__ import annotations

DEFAULT_DISCOUNT_PERCENT = 10
DEFAULT_DISCOUNT_VALID_DAYS = 30
