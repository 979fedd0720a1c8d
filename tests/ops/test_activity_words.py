"""The Activity page says every kind of before/after in words (reports/activity.py), in both languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crm_res.reports.activity import change_lines, detail_text, value_text, who_text
from crm_res.services.ops.audit import ActivityRow


def _row(**kw) -> ActivityRow:  # type: ignore[no-untyped-def]
    base = {
        "id": 1,
        "at": datetime(2026, 12, 5, 12, 0, tzinfo=UTC),
        "who": "Sara",
        "actor": "user",
        "kind": "settings.menu_item",
        "subject_type": "menu_item",
        "subject": "برجر",
        "data": {},
    }
    return ActivityRow(**{**base, **kw})


def test_who_is_a_person_a_named_key_a_customer_or_a_removed_user():
    assert who_text(_row(actor="api_key", who="POS"), "en") == "API key “POS”"
    assert "سارة" in who_text(_row(actor="customer", who="سارة"), "ar")
    assert who_text(_row(who=""), "en") == "A removed user"
    assert who_text(_row(), "en") == "Sara"


@pytest.mark.parametrize(
    ("field", "value", "subject_type", "en"),
    [
        ("available", True, "", "Yes"),
        ("available", None, "", "(none)"),
        ("price", "9.50", "", "9.50 SAR"),
        ("role", "manager", "", "Manager"),
        ("status", "preparing", "order", "Preparing"),
        ("tags", ["vip", "family"], "", "vip, family"),
        ("feedback_due", "2026-12-05T15:12:00+03:00", "", "2026-12-05 15:12"),
        ("feedback_due", "not a time", "", "not a time"),
    ],
)
def test_values_are_said_in_words(field, value, subject_type, en):
    assert value_text(field, value, "en", subject_type) == en


def test_opening_hours_and_a_menu_import_read_as_sentences():
    hours = {"sat": {"open": "12:00", "close": "23:00"}, "fri": "closed"}
    ar = value_text("operating_hours", hours, "ar")
    assert "12:00–23:00" in ar and "مغلق" in ar and "sat" not in ar
    assert value_text("operating_hours", {}, "en") == "(none)"
    nested = value_text("branch", {"city": "Riyadh"}, "en")
    assert nested == "City: Riyadh"
    imported = _row(
        kind="settings.menu_import",
        data={
            "before": {"برجر": {"price": "30.00", "available": True}},
            "after": {"برجر": {"price": "32.00", "available": True}},
        },
    )
    [line] = change_lines(imported, "en")
    assert line == "برجر: Price 30.00 SAR → 32.00 SAR"  # only what changed in the item
    assert change_lines(_row(data={"before": "x", "after": 1}), "en") == []


def test_an_entry_without_before_and_after_says_what_it_holds():
    exported = _row(kind="export.customers", data={"rows": 18, "source": "csv"})
    text = detail_text(exported, "en")
    assert "18" in text
    retried = _row(kind="ops.job_retried", data={"reason": "ConnectionError: refused"})
    assert "ConnectionError" not in detail_text(retried, "en")  # a failed job's exception, in words


def test_timing_modes_exports_and_failed_work_read_in_words():
    from crm_res.reports.activity import csv_rows
    from crm_res.reports.failed_work import purpose_text, reason_detail

    assert value_text("mode", "now", "en") != "now"  # a campaign's timing mode, in words
    assert csv_rows('a,b\n1,"two\nlines"\n3,4\n') == 2  # a cell may hold a newline
    assert csv_rows("") == 0
    assert reason_detail("(no reason recorded)", "en") == ""
    said = reason_detail("PermanentSendError: Message undeliverable (131026)", "en")
    assert "Message undeliverable" in said and "131026" not in said and "PermanentSendError" not in said
    assert purpose_text("no_such_purpose", "en") == purpose_text("another_unknown", "en")
