# ruff: noqa: F811 - the fixtures imported from tests/fixtures/ui.py are used by name
"""The owner's Activity and Operations pages in a real browser (the app, a real worker, a FakeGraph):
failed work listed in words with its count on the navigation, retried and discarded after a
confirmation; the audit trail filtered and exported in the chosen language; staff get neither."""

from __future__ import annotations

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.ui import (  # noqa: F401 - fixtures used by name
    SIZES,
    browser,
    check_page,
    login,
    post,
    signed_in,
    sql,
    stack,
)

pytestmark = pytest.mark.browser
STAFF = ("staff@demo.crm-res.sa", "demo-staff-2024")
CUSTOMER = "966507770001"


def _failed_work(stack) -> None:  # type: ignore[no-untyped-def]
    """A send Meta refuses (the worker marks it failed), and a failed job naming that send."""
    import time

    from rq.job import Job
    from rq.registry import FailedJobRegistry

    from crm_res.db import get_redis

    stack["graph"].fail_next(400, code=131026, message="Message undeliverable")
    post(stack["url"], wa.text_message("demo", CUSTOMER, "السلام عليكم", name="Ops UI"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not sql(
        stack["engine"], "SELECT id FROM outbox WHERE status = 'failed'"
    ):
        time.sleep(0.2)
    [(outbox_id,)] = sql(stack["engine"], "SELECT id FROM outbox WHERE status = 'failed'")
    job = Job.create(
        "crm_res.jobs.send.send_outbox",
        args=(outbox_id,),
        connection=get_redis(),
        id="ui-failed-send",
        origin="outbound",
    )
    job.save()
    FailedJobRegistry("outbound", connection=get_redis()).add(
        job, ttl=3600, exc_string="Traceback ...\nConnectError: [Errno 111] Connection refused"
    )


def test_operations_page_lists_failed_work_in_words_and_retries_after_confirming(
    stack, browser, artifacts_dir
):
    """The owner sees the count on the navigation, each failure's reason in words (Arabic, then
    English, at 1440 and 390 wide); Retry asks first, then the job leaves the list; Discard's
    "keep" changes nothing."""
    from playwright.sync_api import expect

    _failed_work(stack)
    for size, viewport in SIZES.items():
        for lang in ("ar", "en"):
            with signed_in(browser, stack["url"], lang, viewport) as page:
                page.goto(stack["url"] + "/operations")
                # The stack's one worker runs and nothing waits for it; the failures are listed below.
                expect(page.get_by_test_id("ops-workers")).to_have_text("1")
                expect(page.get_by_test_id("ops-no-workers")).to_have_count(0)
                expect(page.get_by_test_id("ops-unanswered")).to_have_text("0")
                expect(page.get_by_test_id("failed-job")).to_have_count(1)
                expect(page.get_by_test_id("failed-send")).to_have_count(1)
                badge = "nav-failed" if size == "desktop" else "m-nav-failed"
                expect(page.get_by_test_id(badge)).to_have_text("2")
                reasons = (
                    page.get_by_test_id("send-reason").inner_text()
                    + page.get_by_test_id("job-reason").inner_text()
                )
                if lang == "ar":
                    assert "الرقم غير صالح" in reasons and "لم يُسجَّل سبب" in reasons, reasons
                else:
                    assert (
                        "not valid or not on WhatsApp" in reasons and "No reason was recorded" in reasons
                    ), reasons
                assert "131026" not in page.locator("body").inner_text()
                check_page(page, lang, size, "operations", artifacts_dir, None)

    context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA")
    page = context.new_page()
    login(page, stack["url"], lang="ar")
    page.goto(stack["url"] + "/operations")
    page.get_by_test_id("send-discard").click()
    expect(page.get_by_test_id("ops-confirm")).to_contain_text("لن تُرسل أبدًا")
    page.get_by_test_id("ops-confirm-no").click()
    expect(page.get_by_test_id("ops-confirm")).to_be_hidden()
    assert sql(stack["engine"], "SELECT status FROM outbox WHERE status = 'failed'") == [("failed",)]
    page.get_by_test_id("job-retry").click()
    expect(page.get_by_test_id("ops-confirm")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "operations-confirm-ar.png"))
    page.get_by_test_id("ops-confirm-yes").click()
    expect(page.get_by_test_id("operations-notice")).to_be_visible()
    expect(page.get_by_test_id("failed-job")).to_have_count(0, timeout=30_000)
    expect(page.get_by_test_id("nav-failed")).to_have_text("1")
    assert sql(stack["engine"], "SELECT count(*) FROM events WHERE kind = 'ops.job_retried'") == [(1,)]
    context.close()


def test_activity_page_filters_and_exports_in_the_chosen_language(stack, browser, artifacts_dir, tmp_path):
    """The owner's trail reads in words (the retry above among it), narrows by kind and text, and
    exports a CSV whose headers are in the page's language; pictures at 1440 and 390 in both."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, stack["url"], lang="ar")
    page.goto(stack["url"] + "/settings")
    page.get_by_test_id("tab-menu").click()
    page.goto(stack["url"] + "/activity")
    expect(page.get_by_test_id("activity-entry").first).to_be_visible()
    expect(page.get_by_test_id("activity-retention")).to_contain_text("400")
    # Days are typed, in either digit style (no browser date field showing mm/dd/yyyy in Arabic):
    # one that does not exist is said beside the fields; a readable one filters the list.
    since = page.get_by_test_id("activity-since")
    since.fill("٣١/٠٢/٢٠٢٦")
    since.blur()
    expect(page.get_by_test_id("activity-date-error")).to_contain_text("اكتب التاريخ")
    since.fill("١/١/٢٠٢٠")
    since.blur()
    expect(page.get_by_test_id("activity-date-error")).to_have_count(0)
    expect(page.get_by_test_id("activity-entry").first).to_be_visible()
    page.get_by_test_id("activity-kind").click()
    page.get_by_role("option", name="العمليات").click()
    expect(page.get_by_test_id("activity-entry")).to_have_count(1)
    expect(page.get_by_test_id("activity-entry")).to_contain_text("إعادة مهمة فاشلة")
    with page.expect_download() as got:
        page.get_by_test_id("activity-export").click()
    csv_ar = tmp_path / "ar.csv"
    got.value.save_as(csv_ar)
    head = csv_ar.read_text(encoding="utf-8-sig").splitlines()[0]
    assert head == "الوقت,من,التغيير,على,قبل ← بعد,تفاصيل"
    assert "إعادة مهمة فاشلة" in csv_ar.read_text(encoding="utf-8-sig")
    page.locator("[data-testid=lang-toggle]:visible").first.click()
    expect(page.get_by_test_id("activity-entry")).to_contain_text("Failed job retried")
    with page.expect_download() as got:
        page.get_by_test_id("activity-export").click()
    got.value.save_as(tmp_path / "en.csv")
    assert (
        (tmp_path / "en.csv").read_text(encoding="utf-8-sig").startswith("Time,Who,Change,On,Before → after")
    )
    context.close()
    assert sql(stack["engine"], "SELECT count(*) FROM events WHERE kind = 'export.activity'") == [(2,)]

    for size, viewport in SIZES.items():
        for lang in ("ar", "en"):
            with signed_in(browser, stack["url"], lang, viewport) as page:
                page.goto(stack["url"] + "/activity")
                expect(page.get_by_test_id("activity-entry").first).to_be_visible()
                check_page(page, lang, size, "activity", artifacts_dir, None)


def test_staff_have_no_entry_and_the_domain_refuses_them(stack, browser, artifacts_dir):
    """A staff member sees neither entry in the navigation, and opening the pages by URL shows
    the refusal and nothing of the trail or the failures."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, stack["url"], who=STAFF, lang="ar")
    expect(page.get_by_test_id("nav-conversations")).to_be_visible()
    expect(page.get_by_test_id("nav-activity")).to_have_count(0)
    expect(page.get_by_test_id("nav-operations")).to_have_count(0)
    page.goto(stack["url"] + "/activity")
    expect(page.get_by_test_id("activity-error")).to_be_visible()
    expect(page.get_by_test_id("activity-entry")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "activity-staff-refused-ar.png"))
    page.goto(stack["url"] + "/operations")
    expect(page.get_by_test_id("operations-error")).to_be_visible()
    expect(page.get_by_test_id("failed-send")).to_have_count(0)
    context.close()
