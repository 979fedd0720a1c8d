# ruff: noqa: F811 - the fixtures imported from tests/fixtures/ui.py are used by name
"""The Campaigns page in a real browser, in Arabic: templates synced from (fake) Meta with "sync
now", a campaign built from an uploaded list of numbers (a bad line named by its number first),
the count and a sample before sending, a test to me, send (confirmed), the release job and a
real worker sending through the FakeGraph, live results with a delivery and a read, the
per-recipient drill-down, a reply landing in the inbox with the campaign's badge. Screenshots in
Arabic and English at 1440 and 390 pixels wide."""

from __future__ import annotations

import re
import time

import pytest

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_graph import FakeGraph
from tests.fixtures.ui import (  # noqa: F401 - browser is a fixture used by name
    browser,
    browser_page,
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
    with browser_page(browser, 1440) as pg:
        yield pg


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
    # Languages by name, never Meta's codes ("ar", "en_US").
    languages = templates.get_by_test_id("template-language")
    expect(languages.filter(has_text="عربي").first).to_be_visible()
    expect(languages.filter(has_text=re.compile(r"^[a-z]{2}(_[A-Z]{2})?$"))).to_have_count(0)

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


def _templates_synced(page, engine) -> None:  # type: ignore[no-untyped-def]
    """The approved template is in the database (a "sync now" from the page when it is not yet)."""
    from playwright.sync_api import expect

    if not sql(engine, "SELECT 1 FROM message_templates WHERE name = 'weekend_offer'"):
        page.get_by_test_id("sync-now").click()
        expect(page.get_by_test_id("sync-notice")).to_be_visible()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not sql(
            engine, "SELECT 1 FROM message_templates WHERE name = 'weekend_offer'"
        ):
            time.sleep(0.3)
        page.reload()
    expect(page.get_by_test_id("campaign-templates")).to_contain_text("weekend_offer")


def _choose(page, select: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id(select).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_segment_campaign_rescheduled_paused_resumed_cancelled_and_exported(stack, page, artifacts_dir):
    """An owner builds a campaign for the Arabic-speaking customers, to go out at a set time; on
    its page sends a test, moves it to after Isha, schedules it (the audience is frozen into
    recipients), pauses, resumes and cancels it (each confirmed), pages through and filters the
    recipients and exports them. What the page says is checked against the database."""
    from datetime import date, timedelta

    from playwright.sync_api import expect

    url, graph, engine = stack["url"], stack["graph"], stack["engine"]
    name = "عودة زبائننا"
    day = (date.today() + timedelta(days=3)).isoformat()
    login(page, url)
    page.goto(url + "/campaigns")
    expect(page.get_by_test_id("page-title")).to_have_text("الحملات")
    _templates_synced(page, engine)

    # The owner's limits: attribution over 10 days, no frequency cap (kept as it is).
    page.get_by_test_id("attribution-days").fill("10")
    page.get_by_test_id("save-limits").click()
    expect(page.get_by_test_id("form-notice")).to_have_text("حُفظت الحدود")
    assert sql(
        engine,
        "SELECT settings->>'campaign_attribution_days', settings->>'campaign_frequency_cap_days' "
        "FROM restaurants WHERE whatsapp_phone_number_id = 'demo'",
    ) == [("10", "0")]

    # The audience: a segment (customers who speak Arabic); the message; a date and time.
    page.get_by_test_id("campaign-name").fill(name)
    _choose(page, "seg-language", "عربي")
    page.get_by_test_id("template-picker").click()
    page.get_by_role("option", name="weekend_offer · ar").click()
    expect(page.get_by_test_id("param-row")).to_have_count(2)
    page.get_by_test_id("param-text").fill("WEEKEND")  # the first is the name, the second text
    page.get_by_test_id("form-timing-at").click()
    page.get_by_test_id("form-at-date").fill(day)
    page.get_by_test_id("form-at-time").fill("10:00")
    page.get_by_test_id("preview-audience").click()
    shown = int(page.get_by_test_id("preview-count").inner_text())
    assert shown > 25  # 33 Arabic-speaking demo customers are subscribed
    expect(page.get_by_test_id("preview-sample").locator("tr").first).to_be_visible()

    page.get_by_test_id("create-campaign").click()
    expect(page.get_by_test_id("campaign-title")).to_have_text(name)
    expect(page.get_by_test_id("campaign-status")).to_have_text("مسودة")
    expect(page.get_by_test_id("draft-audience-count")).to_have_text(str(shown))
    expect(page.get_by_test_id("campaign-timing")).to_contain_text(f"{day} 10:00")
    [(cid, audience, timing)] = sql(
        engine, "SELECT id, audience, timing FROM campaigns WHERE name = :n", n=name
    )
    assert audience["segment"]["language"] == "ar" and timing == {"mode": "at", "at": f"{day}T10:00"}

    # A test to a number that is not one is refused in words; to my number it goes out. (My number
    # is an English-speaking customer's: outside this audience, so the audience stays as previewed.)
    [(mine,)] = sql(
        engine,
        "SELECT c.wa_id FROM customers c JOIN restaurants r ON r.id = c.restaurant_id "
        "WHERE r.whatsapp_phone_number_id = 'demo' AND c.language_preference::text = 'en' "
        "AND c.wa_id LIKE '9665%' ORDER BY c.wa_id LIMIT 1",
    )
    page.get_by_test_id("test-number").fill("12")
    page.get_by_test_id("send-test").click()
    expect(page.get_by_test_id("campaign-error")).to_be_visible()
    page.get_by_test_id("test-number").fill(mine)
    page.get_by_test_id("send-test").click()
    expect(page.get_by_test_id("campaign-notice")).to_have_text("أُرسلت التجربة")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not graph.sent_to(mine):
        time.sleep(0.2)
    [test] = graph.sent_to(mine)
    assert test.json["template"]["name"] == "weekend_offer"

    # The schedule, while nothing went out: 20 minutes after Isha on the same day.
    page.get_by_test_id("edit-timing-prayer").click()
    page.get_by_test_id("edit-offset").fill("20")
    _choose(page, "edit-offset-dir", "بعد")
    _choose(page, "edit-prayer", "العشاء")
    page.get_by_test_id("edit-prayer-date").fill(day)
    page.get_by_test_id("save-schedule").click()
    expect(page.get_by_test_id("campaign-notice")).to_have_text("حُفظ الموعد")
    expect(page.get_by_test_id("campaign-timing")).to_contain_text("العشاء")
    [(timing,)] = sql(engine, "SELECT timing FROM campaigns WHERE id = :c", c=cid)
    assert timing == {"mode": "prayer", "prayer": "isha", "date": day, "offset_min": 20}

    # Send (confirmed): the audience is frozen into recipients, waiting for their time.
    page.get_by_test_id("send-campaign").click()
    page.get_by_test_id("confirm-send-yes").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("مجدولة")
    expect(page.get_by_test_id("campaign-notice")).to_have_text("جُدولت الحملة")
    recipients = [
        r for (r,) in sql(engine, "SELECT wa_id FROM campaign_recipients WHERE campaign_id = :c", c=cid)
    ]
    assert len(recipients) == shown
    # Who it reaches: Arabic speakers only, none who opted out.
    assert sql(
        engine,
        "SELECT count(*) FROM campaign_recipients r JOIN customers c ON c.id = r.customer_id "
        "WHERE r.campaign_id = :c AND (c.language_preference::text = 'en' OR c.opted_out)",
        c=cid,
    ) == [(0,)]
    assert sql(engine, "SELECT status FROM campaigns WHERE id = :c", c=cid) == [("scheduled",)]

    # The drill-down: every recipient, 25 a page; by state, those waiting for their time (none
    # was sent).
    rows = page.get_by_test_id("recipient-row")
    expect(rows).to_have_count(25)
    page.get_by_test_id("next-page").click()
    expect(rows).to_have_count(shown - 25)
    page.get_by_test_id("prev-page").click()
    expect(rows).to_have_count(25)
    _choose(page, "recipient-state", "بانتظار موعدها")
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_text="بانتظار موعدها")).to_have_count(rows.count())
    _choose(page, "recipient-state", "أُرسلت")
    expect(rows).to_have_count(0)
    _choose(page, "recipient-state", "كل الحالات")
    expect(rows).to_have_count(25)

    # Pause, resume, cancel: each asks first, and the database follows.
    for action, button_state, db_state in (
        ("pause", "موقوفة مؤقتاً", "paused"),
        ("resume", "مجدولة", "scheduled"),
        ("cancel", "أُلغيت", "cancelled"),
    ):
        page.get_by_test_id(f"{action}-campaign").click()
        page.get_by_test_id(f"confirm-{action}-yes").click()
        expect(page.get_by_test_id("campaign-status")).to_have_text(button_state)
        assert sql(engine, "SELECT status FROM campaigns WHERE id = :c", c=cid) == [(db_state,)]
    expect(page.get_by_test_id("cancel-campaign")).to_have_count(0)
    _choose(page, "recipient-state", "أُلغيت")
    expect(page.get_by_test_id("recipient-row")).to_have_count(25)
    _shots(page, artifacts_dir, "campaign-cancelled", "recipient-row")

    # The export: one line a recipient, each number once.
    with page.expect_download() as download:
        page.get_by_test_id("campaign-export").click()
    lines = download.value.path().read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == shown + 1
    assert sorted(n for n in recipients if n in "\n".join(lines[1:])) == sorted(recipients)

    # The list shows it cancelled.
    page.goto(url + "/campaigns")
    expect(page.get_by_test_id("campaign-row").filter(has_text=name)).to_contain_text("أُلغيت")


def test_form_refusals_and_a_staff_member_kept_out(stack, page, browser, tmp_path):
    """In English: no template chosen, a file that is not UTF-8 and a file removed are answered
    in words and nothing is created; a campaign id that does not exist says so; staff see the
    "owners and managers only" notice instead of the page."""
    from playwright.sync_api import expect

    url, engine = stack["url"], stack["engine"]
    login(page, url, lang="en")
    page.goto(url + "/campaigns")
    expect(page.get_by_test_id("page-title")).to_have_text("Campaigns")
    before = sql(engine, "SELECT count(*) FROM campaigns")[0][0]

    page.get_by_test_id("campaign-name").fill("No template")
    page.get_by_test_id("create-campaign").click()
    expect(page.get_by_test_id("form-error")).to_have_text("Choose an approved template first")

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("966577100009,Jos\xe9\n".encode("latin-1"))
    page.get_by_test_id("numbers-upload").locator("input[type=file]").set_input_files(str(latin1))
    page.get_by_test_id("numbers-check").click()
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.get_by_test_id("numbers-count")).to_have_count(0)
    good = tmp_path / "two.csv"
    good.write_text("966577100011\n966577100012\n", encoding="utf-8")
    page.get_by_test_id("numbers-upload").locator("input[type=file]").set_input_files(str(good))
    page.get_by_test_id("numbers-check").click()
    expect(page.get_by_test_id("numbers-count")).to_contain_text("2")
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_test_id("numbers-count")).to_have_count(0)
    assert sql(engine, "SELECT count(*) FROM campaigns")[0][0] == before

    page.goto(url + "/campaign?id=00000000-0000-0000-0000-000000000000")
    expect(page.get_by_test_id("not-found")).to_be_visible()

    staff = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ar-SA").new_page()
    login(staff, url, who=("staff@demo.crm-res.sa", "demo-staff-2024"), lang="en")
    staff.goto(url + "/campaigns")
    expect(staff.get_by_test_id("managers-only")).to_be_visible()
    expect(staff.get_by_test_id("campaign-form")).to_have_count(0)
    staff.context.close()
