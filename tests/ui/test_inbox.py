"""The inbox as people expect it, in Chromium against the real app and worker: list, thread and
customer side by side at 1440 (list on the right in Arabic), list → thread → back at 390 without
sideways scroll, escalations pinned with their wait in words, "/" inserting a quick reply, keyboard
shortcuts (take over, resolve, next/previous), the activity log in the thread, and the "next
conversation" step after Resolve. Screenshots in Arabic and English at both sizes."""

from __future__ import annotations

import re

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.ui import LIVE, SIZES, browser, login, post, sql, stack  # noqa: F401

pytestmark = pytest.mark.browser
CUSTOMER = "966555000222"
NAME = "ضيف الاختبار"


def _box(page, test_id: str) -> dict:  # type: ignore[no-untyped-def]
    return page.get_by_test_id(test_id).first.bounding_box()


def _columns(page) -> tuple[dict, dict, dict]:  # type: ignore[no-untyped-def]
    """The list, thread and customer-panel columns' boxes."""
    return tuple(page.locator(c).bounding_box() for c in (".inbox-list", ".inbox-thread", ".inbox-panel"))  # type: ignore[return-value]


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the inbox scrolls sideways by {overflow}px"


def _current_id(page) -> str:  # type: ignore[no-untyped-def]
    m = re.search(r"[?&]id=([0-9a-f-]{36})", page.url)
    return m.group(1) if m else ""


def test_split_pane_pinned_slash_reply_shortcuts_and_next_after_resolve(stack, browser, artifacts_dir):  # noqa: F811
    """At 1440: list, thread and customer side by side (mirrored in Arabic); a new escalation is pinned
    with its wait in words; "/" inserts the restaurant's quick reply; t takes over, e resolves, the
    activity log shows both by name; "next conversation" opens the next waiting one; j/k move."""
    from playwright.sync_api import expect

    url, engine = stack["url"], stack["engine"]
    context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, url)
        page.goto(url + "/conversations")
        expect(page.get_by_test_id("thread-empty")).to_be_visible()
        # The demo's escalations wait for a person: pinned, each with how long in words.
        pinned = page.get_by_test_id("inbox-pinned").get_by_test_id("conversation-row")
        expect(pinned.first).to_be_visible()
        expect(pinned.first.get_by_test_id("waiting-time")).to_contain_text("منذ")

        post(url, wa.text_message("demo", CUSTOMER, "أبغى أكلم موظف لو سمحت، طلبي تأخر", name=NAME))
        mine = pinned.filter(has_text=NAME)
        expect(mine).to_be_visible(timeout=20_000)  # escalated by the assistant, live
        mine.click()
        expect(page.get_by_test_id("thread-customer")).to_have_text(NAME)
        expect(page.get_by_test_id("customer-panel")).to_contain_text(CUSTOMER)
        # Side by side, mirrored: in Arabic the list is rightmost, the customer panel leftmost.
        lst, thread, panel = _columns(page)
        assert panel["x"] < thread["x"] < lst["x"], (lst, thread, panel)
        assert abs(lst["y"] - thread["y"]) < 5 and abs(panel["y"] - thread["y"]) < 5  # one row, not stacked
        expect(page.locator("[data-event=escalated]")).to_be_visible(timeout=LIVE)
        page.screenshot(path=str(artifacts_dir / "inbox-split-ar-desktop.png"))

        # "/" opens the quick replies; typing filters them; a choice replaces the "/word".
        composer = page.get_by_test_id("composer")
        composer.click()
        composer.press_sequentially("/")
        expect(page.get_by_test_id("slash-popup")).to_be_visible()
        assert page.get_by_test_id("slash-item").count() >= 4
        composer.press("Escape")  # closes the list and takes the "/" back out
        expect(page.get_by_test_id("slash-popup")).to_have_count(0)
        expect(composer).to_have_value("")
        composer.press_sequentially("/ترح")
        expect(page.get_by_test_id("slash-item")).to_have_count(1)
        page.screenshot(path=str(artifacts_dir / "inbox-slash-ar-desktop.png"))
        composer.press("ArrowDown")  # the keyboard way: down into the list, Enter picks
        expect(page.get_by_test_id("slash-item")).to_be_focused()
        page.keyboard.press("Enter")
        expect(composer).to_have_value(re.compile("^هلا والله"))
        expect(page.get_by_test_id("slash-popup")).to_have_count(0)

        # Shortcuts do nothing while typing; outside the box, t takes over.
        composer.press("Escape")
        page.keyboard.press("t")
        expect(page.get_by_test_id("hand-back")).to_be_visible()
        expect(page.locator("[data-event=takeover]")).to_contain_text("صاحب المطعم")
        page.get_by_test_id("send").click()
        expect(page.locator("[data-kind=staff]").filter(has_text="هلا والله")).to_be_visible()

        # e resolves; the next step offers the next waiting conversation.
        page.keyboard.press("e")
        expect(page.get_by_test_id("resolved-step")).to_be_visible()
        expect(page.locator("[data-event=resolved]")).to_be_visible()
        assert sql(
            engine,
            "SELECT c.status::text FROM conversations c JOIN customers u ON u.id = c.customer_id "
            "WHERE u.wa_id = :w",
            w=CUSTOMER,
        ) == [("resolved",)]
        page.screenshot(path=str(artifacts_dir / "inbox-resolved-ar-desktop.png"))
        resolved_id = _current_id(page)
        page.get_by_test_id("next-conversation").click()
        expect(page).not_to_have_url(re.compile(resolved_id))
        expect(page.get_by_test_id("thread-customer")).not_to_have_text(NAME)
        opened = _current_id(page)
        expect(page.locator(f"[data-testid=conversation-row][data-id='{opened}']")).to_have_attribute(
            "data-selected", "true"
        )

        # j / k (and the arrows) move through the list.
        page.keyboard.press("j")
        expect(page).not_to_have_url(re.compile(opened))
        moved = _current_id(page)
        expect(page.locator(f"[data-testid=conversation-row][data-id='{moved}']")).to_have_attribute(
            "data-selected", "true"
        )
        page.keyboard.press("k")
        expect(page).to_have_url(re.compile(opened))

        # A new message appears in the open thread and in the list by itself.
        [(wa_id,)] = sql(
            engine,
            "SELECT u.wa_id FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE c.id = :i",
            i=opened,
        )
        post(url, wa.text_message("demo", wa_id, "هل وصلكم طلبي؟ رقم ٤٤"))
        expect(page.get_by_test_id("thread")).to_contain_text("هل وصلكم طلبي", timeout=LIVE)
        expect(page.get_by_test_id("inbox")).to_contain_text("هل وصلكم طلبي", timeout=LIVE)

        page.keyboard.press("?")
        expect(page.get_by_test_id("shortcuts-help")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "inbox-shortcuts-ar-desktop.png"))
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("shortcuts-help")).to_have_count(0)

        # Priority and snooze: an urgent flag on the row; snoozed, it leaves the list until shown.
        page.get_by_test_id("priority-select").click()
        page.get_by_role("option", name="عاجلة").click()
        row = page.locator(f"[data-testid=conversation-row][data-id='{opened}']")
        expect(row.get_by_test_id("priority-badge")).to_contain_text("عاجلة")
        page.get_by_test_id("snooze").click()
        page.get_by_test_id("snooze-1h").click()
        expect(page.get_by_test_id("snoozed-until")).to_be_visible()
        expect(row).to_have_count(0)
        page.get_by_test_id("filter-snoozed").click()
        expect(row).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "inbox-snoozed-ar-desktop.png"))
        page.get_by_test_id("snooze").click()
        page.get_by_test_id("snooze-off").click()
        expect(page.get_by_test_id("snoozed-until")).to_have_count(0)
        page.get_by_test_id("filter-snoozed").click()
        expect(row).to_be_visible()
        assert sql(engine, "SELECT priority, snoozed_until FROM conversations WHERE id = :i", i=opened) == [
            (4, None)
        ]

        page.locator("[data-testid=lang-toggle]:visible").first.click()
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        lst, thread, panel = _columns(page)
        assert lst["x"] < thread["x"] < panel["x"], (lst, thread, panel)
        expect(page.get_by_test_id("inbox-pinned").get_by_test_id("waiting-time").first).to_contain_text(
            re.compile(r"\d+ (min|h|d)|just now")
        )
        page.screenshot(path=str(artifacts_dir / "inbox-split-en-desktop.png"))
        page.locator("[data-testid=lang-toggle]:visible").first.click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")

        # The customer of the resolved conversation writes again: it reopens, and its activity log
        # says who reopened it (the customer), after "resolved".
        post(url, wa.text_message("demo", CUSTOMER, "عندي سؤال ثاني عن الطلب", name=NAME))
        page.goto(url + "/conversations?id=" + resolved_id)
        reopened = page.locator("[data-event=reopened]")
        expect(reopened).to_contain_text("العميل أعاد فتح المحادثة", timeout=LIVE)
        events = page.locator("[data-testid=activity-line]").evaluate_all(
            "ls => ls.map(l => l.dataset.event)"
        )
        assert events.index("resolved") < events.index("reopened"), events
        page.screenshot(path=str(artifacts_dir / "inbox-reopened-ar-desktop.png"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_phone_list_then_thread_and_back_without_sideways_scroll(stack, browser, artifacts_dir, lang):  # noqa: F811
    """At 390 wide: the list alone, a tap opens the thread alone with a back control, back returns to
    the list; nothing scrolls sideways."""
    from playwright.sync_api import expect

    url = stack["url"]
    context = browser.new_context(viewport=SIZES["phone"], locale="ar-SA", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, url, lang=lang)
        page.goto(url + "/conversations")
        row = page.get_by_test_id("conversation-row").first
        expect(row).to_be_visible()
        expect(page.get_by_test_id("thread-pane")).to_be_hidden()
        _no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"inbox-list-{lang}-phone.png"))
        row.click()
        expect(page.get_by_test_id("thread")).to_be_visible()
        expect(page.get_by_test_id("conversations-table")).to_be_hidden()
        expect(page.get_by_test_id("back-to-inbox")).to_be_visible()
        _no_sideways_scroll(page)
        page.screenshot(path=str(artifacts_dir / f"inbox-thread-{lang}-phone.png"))
        page.screenshot(path=str(artifacts_dir / f"inbox-thread-{lang}-phone-full.png"), full_page=True)
        page.get_by_test_id("back-to-inbox").click()
        expect(page.get_by_test_id("conversations-table")).to_be_visible()
        expect(page.get_by_test_id("thread-pane")).to_be_hidden()
    finally:
        context.close()
