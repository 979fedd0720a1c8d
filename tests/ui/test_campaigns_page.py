# ruff: noqa: F811 - the fixtures imported from tests/fixtures/ui.py are used by name
"""The Campaigns page in a real browser, in Arabic: templates synced from (fake) Meta with "sync
now", a campaign built from an uploaded list of numbers (a bad line named by its number first),
the count and a sample before sending, a test to me, send (confirmed), the release job and a
real worker sending through the FakeGraph, live results with a delivery and a read, the
per-recipient drill-down, a reply landing in the inbox with the campaign's badge. Screenshots in
Arabic and English at 1440 and 390 pixels wide."""

from __future__ import annotations

import time

import pytest

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_graph import FakeGraph
from tests.fixtures.ui import (  # noqa: F401 - browser is a fixture used by name
    browser,
    check_page,
    login,
    post,
    sql,
    ui_stack,
)

pytestmark = pytest.mark.browser
WABA = "102290129340398"
NUMBERS = ("966577100001", "966577100002", "966577100003")


def _campaign_ready(engine):  # type: ignore[no-untyped-def]
    """The demo restaurant with a WhatsApp Business Account id, no frequency cap and no prayer
    holds; the FakeGraph lists one approved campaign template and one pending."""

    def prepare(graph: FakeGraph) -> None:
        from sqlalchemy import text

        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE restaurants SET settings = settings || CAST(:s AS jsonb), prayer_time_enabled = false "
                    "WHERE whatsapp_phone_number_id = 'demo'"
                ),
                {"s": f'{{"whatsapp_business_account_id": "{WABA}", "campaign_frequency_cap_days": 0}}'},
            )
        graph.add_template(WABA, "weekend_offer", "ar", body="أهلاً {{1}}! خصم نهاية الأسبوع بكود {{2}} 🎉")
        graph.add_template(WABA, "new_dish", "ar", body="طبق جديد {{1}}", status="PENDING")

    return prepare


@pytest.fixture(scope="module")
def stack(engine, artifacts_dir):  # type: ignore[no-untyped-def]
    """Demo data ready for campaigns, the app and a worker (no cron: the test runs the release job
    itself, as the cron would)."""
    with ui_stack(engine, artifacts_dir, "campaigns", _campaign_ready(engine)) as started:
        yield started


@pytest.fixture
def page(stack, browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="ar-SA", accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def _release(monkeypatch_env: dict[str, str]) -> None:
    """What the worker's cron runs every 10 s: due recipients into the outbox, their sends queued."""
    from crm_res.jobs import scheduled

    scheduled.release_campaigns()


def _shots(page, artifacts_dir, name: str, rows: str) -> None:  # type: ignore[no-untyped-def]
    """Full-page screenshots at 1440 and 390 pixels wide, in the page's current language; at both
    widths the page reads in its direction, shows no raw codes, does not scroll sideways, and its
    table's rows (`rows`, a test id) are visible (on a phone a table becomes cards)."""
    from playwright.sync_api import expect

    lang = page.evaluate("document.documentElement.lang")
    for width, size in ((1440, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        # Let the new layout settle and paint everything below the fold before the full-page shot.
        page.wait_for_timeout(800)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(500)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts_dir / f"{name}-{lang}-{width}.png"), full_page=True)
        expect(page.get_by_test_id(rows).first).to_be_visible()
        check_page(page, lang, size, name, artifacts_dir, None)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_create_preview_send_and_see_results_in_arabic(stack, page, artifacts_dir, tmp_path):
    """An owner builds a campaign in Arabic, sees the count and a sample, sends it, and watches the
    results arrive; a reply shows the campaign on the conversation."""
    from playwright.sync_api import expect

    url, graph, engine = stack["url"], stack["graph"], stack["engine"]
    login(page, url)
    page.get_by_test_id("nav-campaigns").click()
    expect(page.get_by_test_id("page-title")).to_have_text("الحملات")

    # Templates from Meta: "sync now" queues the job; the worker reads the list through the FakeGraph.
    page.get_by_test_id("sync-now").click()
    expect(page.get_by_test_id("sync-notice")).to_contain_text("طُلبت المزامنة")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not sql(
        engine, "SELECT 1 FROM message_templates WHERE name = 'weekend_offer'"
    ):
        time.sleep(0.3)
    page.reload()
    templates = page.get_by_test_id("campaign-templates")
    expect(templates).to_contain_text("weekend_offer")
    expect(templates.get_by_test_id("template-status").filter(has_text="قيد المراجعة")).to_have_count(1)
    expect(page.get_by_test_id("last-sync")).to_contain_text("القوالب في ميتا: 2")

    # The audience: a list of numbers; a bad line is named by its line number and nothing is kept.
    page.get_by_test_id("campaign-name").fill("عرض نهاية الأسبوع")
    page.get_by_test_id("use-segment").click()  # the list only, no segment
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{NUMBERS[0]}\nليس-رقماً\n", encoding="utf-8")
    page.get_by_test_id("numbers-upload").locator("input[type=file]").set_input_files(str(bad))
    page.get_by_test_id("numbers-check").click()
    expect(page.get_by_test_id("csv-line-error").first).to_contain_text("2")
    good = tmp_path / "good.csv"
    good.write_text("\n".join(NUMBERS) + "\n", encoding="utf-8")
    page.get_by_test_id("numbers-upload").locator("input[type=file]").set_input_files(str(good))
    page.get_by_test_id("numbers-check").click()
    expect(page.get_by_test_id("numbers-count")).to_contain_text("3")

    # Template and parameters: the name per customer, a discount code generated per recipient.
    page.get_by_test_id("template-picker").click()
    page.get_by_role("option", name="weekend_offer · ar").click()
    expect(page.get_by_test_id("template-body")).to_contain_text("خصم نهاية الأسبوع")
    expect(page.get_by_test_id("param-row")).to_have_count(2)
    page.get_by_test_id("param-source").nth(1).click()
    page.get_by_role("option", name="كود خصم لكل عميل").click()
    page.get_by_test_id("discount-percent").fill("15")

    page.get_by_test_id("preview-audience").click()
    expect(page.get_by_test_id("preview-count")).to_have_text("3")
    expect(page.get_by_test_id("preview-sample")).to_contain_text(NUMBERS[0])
    _shots(page, artifacts_dir, "campaigns-form", "template-status")

    page.get_by_test_id("create-campaign").click()
    expect(page.get_by_test_id("campaign-title")).to_have_text("عرض نهاية الأسبوع")
    expect(page.get_by_test_id("campaign-status")).to_have_text("مسودة")
    expect(page.get_by_test_id("draft-audience-count")).to_have_text("3")

    # A test to me goes out at once, to my number only.
    page.get_by_test_id("test-number").fill("966500000000")
    page.get_by_test_id("send-test").click()
    expect(page.get_by_test_id("campaign-notice")).to_contain_text("أُرسلت التجربة")

    # Send, confirmed first.
    page.get_by_test_id("send-campaign").click()
    page.get_by_test_id("confirm-send-yes").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("مجدولة")
    _release(stack["env"])
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and len({r.to for r in graph.sent if r.to in NUMBERS}) < 3:
        time.sleep(0.2)
    sends = [r for r in graph.sent if r.to in NUMBERS]
    assert sorted(r.to for r in sends) == sorted(NUMBERS)  # each once
    body = sends[0].json["template"]["components"][0]["parameters"]
    assert body[1]["text"].startswith("C") and len(body[1]["text"]) == 7  # the recipient's own code
    assert any(r.to == "966500000000" and r.json["template"]["name"] == "weekend_offer" for r in graph.sent)

    # Meta's statuses: one delivered and read; the results page follows by itself.
    post(
        url,
        wa.status("demo", sends[0].wamid, "delivered", recipient_id=sends[0].to),
        wa.status("demo", sends[0].wamid, "read", recipient_id=sends[0].to),
    )
    expect(page.get_by_test_id("res-sent")).to_have_text("3", timeout=30_000)
    expect(page.get_by_test_id("res-read")).to_have_text("1", timeout=30_000)
    expect(page.get_by_test_id("res-delivered")).to_have_text("1")
    expect(page.get_by_test_id("recipient-row")).to_have_count(3)
    page.get_by_test_id("recipient-state").click()
    page.get_by_role("option", name="قُرئت").click()
    expect(page.get_by_test_id("recipient-row")).to_have_count(1)
    expect(page.get_by_test_id("recipient-row")).to_contain_text(sends[0].to)
    _shots(page, artifacts_dir, "campaign-results", "recipient-row")

    # The customer answers: the conversation shows which campaign it answers.
    post(url, wa.text_message("demo", sends[0].to, "أبغى أستخدم الكود اليوم", name="عميل الحملة"))
    deadline = time.monotonic() + 30
    conv = []
    while time.monotonic() < deadline and not conv:
        conv = sql(
            engine,
            "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE u.wa_id = :w",
            w=sends[0].to,
        )
        time.sleep(0.3)
    page.goto(f"{url}/conversation?id={conv[0][0]}")
    expect(page.get_by_test_id("campaign-badge")).to_have_text("حملة: عرض نهاية الأسبوع")
    page.screenshot(path=str(artifacts_dir / "campaign-badge-ar-1440.png"), full_page=False)

    # English: the same pages, left to right.
    page.goto(url + "/campaigns")
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("page-title")).to_have_text("Campaigns")
    expect(page.get_by_test_id("campaign-row")).to_contain_text("Completed", timeout=30_000)
    _shots(page, artifacts_dir, "campaigns-list", "campaign-row")
    page.get_by_test_id("campaign-link").first.click()
    expect(page.get_by_test_id("res-read")).to_have_text("1")
    _shots(page, artifacts_dir, "campaign-results", "recipient-row")
