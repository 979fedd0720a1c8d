"""WhatsApp 2026 in a real browser, in Arabic and English: a customer WhatsApp shows only by
username appears as "@username" in the inbox, the thread and the customer list; their edited,
deleted and reacted messages, a missed call and a message WhatsApp could not hand over are marked
in words; Settings shows a rejected template with its reason and a menu item's retailer id."""

from __future__ import annotations

import json
import time

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.ui import browser, edit_first_menu_item, login, page, post_body, sql, stack  # noqa: F401

pytestmark = pytest.mark.browser
BSUID = "SA.1502576394655843"
CONTACT = [{"profile": {"username": "@noura.eats"}, "user_id": BSUID}]
META = {"display_phone_number": wa.DISPLAY_PHONE_NUMBER, "phone_number_id": "demo"}


def deliver(url: str, *changes: tuple[str, dict]) -> None:
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "4242", "changes": [{"field": f, "value": v} for f, v in changes]}],
        }
    ).encode()
    post_body(url, body)


def messages(*items: dict) -> dict:
    return {"messaging_product": "whatsapp", "metadata": META, "contacts": CONTACT, "messages": list(items)}


def _noura_thread(url: str) -> None:
    """Noura (no number) writes, edits, deletes, reacts, sends a poll and calls."""
    now = int(time.time())
    msg = {"from_user_id": BSUID, "timestamp": str(now - 100)}
    deliver(url, ("messages", messages(
        msg | {"id": "wamid.n1", "type": "text", "text": {"body": "ابغى برجر"}},
        msg | {"id": "wamid.n2", "type": "text", "text": {"body": "رقم الطاولة ٧"}},
        msg | {"id": "wamid.n3", "type": "unsupported", "errors": [{"code": 131051, "title": "Message type unknown"}]},
    )))  # fmt: skip
    later = {"from_user_id": BSUID, "timestamp": str(now - 50)}
    deliver(url, ("messages", messages(
        later | {"id": "wamid.n4", "type": "edit",
                 "edit": {"original_message_id": "wamid.n1", "message": {"type": "text", "text": {"body": "ابغى برجرين"}}}},
        later | {"id": "wamid.n5", "type": "revoke", "revoke": {"original_message_id": "wamid.n2"}},
        later | {"id": "wamid.n6", "type": "reaction", "reaction": {"message_id": "wamid.n1", "emoji": "😋"}},
    )), ("calls", {"messaging_product": "whatsapp", "metadata": META, "calls": [
        {"id": "wacid.N", "from_user_id": BSUID, "to": META["display_phone_number"], "event": "connect",
         "timestamp": str(now - 10), "direction": "USER_INITIATED"}]}))  # fmt: skip


def test_username_customer_and_message_marks_in_both_languages(stack, page, artifacts_dir):  # noqa: F811
    """Inbox, thread header and side panel, and the customer list say "@noura.eats" (never the
    BSUID); the thread marks the edit (original on opening it), the delete, the reaction, the
    missed call and the poll WhatsApp could not pass on, in Arabic and then in English."""
    from playwright.sync_api import expect

    url = stack["url"]
    _noura_thread(url)
    login(page, url, lang="ar")
    page.goto(url + "/conversations")
    row = page.get_by_test_id("conversation-row").filter(has_text="@noura.eats")
    expect(row).to_be_visible()
    assert BSUID not in page.content()
    row.click()
    expect(page.get_by_test_id("thread-customer")).to_have_text("@noura.eats")
    expect(page.get_by_test_id("customer-panel").get_by_test_id("customer-contact")).to_have_text(
        "@noura.eats"
    )
    thread = page.get_by_test_id("thread")
    expect(thread.get_by_test_id("msg-edited")).to_contain_text("معدّلة")
    expect(thread.get_by_text("ابغى برجرين")).to_be_visible()
    expect(thread.get_by_test_id("msg-deleted")).to_have_text("حُذفت")
    expect(thread.get_by_test_id("msg-reaction")).to_have_text("😋")
    expect(thread.get_by_test_id("missed-call")).to_contain_text("مكالمة فائتة")
    expect(thread.get_by_test_id("msg-unsupported")).to_contain_text("رسالة لم تصل كاملة")
    expect(thread.get_by_test_id("msg-unsupported")).to_contain_text("استطلاع")
    assert thread.get_by_test_id("message-bubble").filter(has_text="wamid").count() == 0
    expect(thread.get_by_test_id("msg-original")).not_to_be_visible()
    thread.get_by_test_id("msg-edited").locator("summary").click()
    expect(thread.get_by_test_id("msg-original")).to_contain_text("ابغى برجر")
    assert BSUID not in page.inner_text("body") and "131051" not in page.inner_text("body")
    page.screenshot(path=str(artifacts_dir / "wa2026-thread-ar.png"), full_page=True)

    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(thread.get_by_test_id("msg-edited")).to_contain_text("Edited")
    expect(thread.get_by_test_id("msg-deleted")).to_have_text("Deleted")
    expect(thread.get_by_test_id("missed-call")).to_contain_text("Missed call")
    expect(thread.get_by_test_id("msg-unsupported")).to_contain_text("did not come through")
    expect(page.get_by_test_id("thread-customer")).to_have_text("@noura.eats")
    page.screenshot(path=str(artifacts_dir / "wa2026-thread-en.png"), full_page=True)

    page.goto(url + "/customers")
    listed = page.get_by_test_id("customer-contact").filter(has_text="@noura.eats")
    expect(listed.first).to_be_visible()
    assert BSUID not in page.inner_text("body")
    page.screenshot(path=str(artifacts_dir / "wa2026-customers-en.png"), full_page=True)


def test_template_status_and_retailer_id_in_settings(stack, page, artifacts_dir):  # noqa: F811
    """A template Meta rejected shows "Rejected" with its reason in words and the WhatsApp Manager
    link; a menu item takes a retailer id in the editor and shows it in the list."""
    from playwright.sync_api import expect

    url, engine = stack["url"], stack["engine"]
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(
            text(
                'UPDATE restaurants SET settings = settings || \'{"whatsapp_business_account_id": "4242"}\'::jsonb '
                "WHERE whatsapp_phone_number_id = 'demo'"
            )
        )
    [(name, lang)] = sql(
        engine,
        "SELECT min(t.name), min(t.language) FROM message_templates t JOIN restaurants r "
        "ON r.id = t.restaurant_id WHERE r.whatsapp_phone_number_id = 'demo' "
        "GROUP BY t.name HAVING count(*) = 1 ORDER BY 1 LIMIT 1",
    )
    deliver(
        url,
        (
            "message_template_status_update",
            {
                "event": "REJECTED",
                "message_template_id": 9,
                "message_template_name": name,
                "message_template_language": lang,
                "reason": "INCORRECT_CATEGORY",
            },
        ),
    )
    login(page, url, lang="ar")
    page.goto(url + "/settings")
    page.get_by_test_id("tab-templates").click()
    row = page.get_by_test_id("template-row").filter(has=page.get_by_text(name, exact=True))
    expect(row.get_by_test_id("template-status")).to_have_text("مرفوض")
    expect(row.get_by_test_id("template-reason")).to_contain_text("الفئة المختارة لا تناسب")
    expect(page.get_by_test_id("whatsapp-manager-link")).to_have_attribute(
        "href", "https://business.facebook.com/wa/manage/message-templates/?waba_id=4242"
    )
    assert "INCORRECT_CATEGORY" not in page.inner_text(
        "body"
    ) and "incorrect_category" not in page.inner_text("body")
    page.screenshot(path=str(artifacts_dir / "wa2026-templates-ar.png"), full_page=True)
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(row.get_by_test_id("template-status")).to_have_text("Rejected")
    expect(row.get_by_test_id("template-reason")).to_contain_text("does not match the content")
    page.screenshot(path=str(artifacts_dir / "wa2026-templates-en.png"), full_page=True)

    item = edit_first_menu_item(page, "item-retailer-id", "SKU-UI-1")
    expect(
        page.get_by_test_id("menu-row").filter(has_text=item).get_by_test_id("menu-item-retailer-id")
    ).to_have_text("SKU-UI-1")
    assert sql(engine, "SELECT count(*) FROM menu_items WHERE retailer_id = 'SKU-UI-1'") == [(1,)]
    page.screenshot(path=str(artifacts_dir / "wa2026-menu-en.png"), full_page=True)
