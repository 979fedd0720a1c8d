# ruff: noqa: F811 - the fixtures imported from tests/fixtures/ui.py are used by name
"""The dashboard in a real browser, doing what staff and owners do, against the real app, a real
RQ worker and a FakeGraph standing in for Meta: a message posted to the webhook appears live, staff
take over and reply (the FakeGraph receives it), hand back; an order is advanced (the customer is
notified) and a new one appears live; feedback is exported; customers are imported; a menu item is
edited; and staff of another restaurant cannot open this restaurant's conversation by URL."""

from __future__ import annotations

import re
import time
import uuid
from decimal import Decimal

import httpx
import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.dashboard import add_feedback
from tests.fixtures.ui import (  # noqa: F401 - browser, page and stack are fixtures used by name
    LIVE,
    OTHER_STAFF,
    SIZES,
    TOKEN,
    browser,
    check_page,
    choose_item,
    edit_first_menu_item,
    login,
    page,
    post,
    sql,
    stack,
    wait_sent,
)

pytestmark = pytest.mark.browser


def test_live_inbox_takeover_reply_note_and_hand_back(stack, page, artifacts_dir):
    """A webhook message appears live in the inbox and the open thread; staff take over, reply (it reaches
    WhatsApp and its ticks turn blue when read), add a private note, and hand back to the AI."""
    from playwright.sync_api import expect

    url, graph = stack["url"], stack["graph"]
    customer = "966555000111"
    login(page, url)
    page.get_by_test_id("nav-conversations").click()
    expect(page.get_by_test_id("conversations-table")).to_be_visible()
    expect(page.get_by_test_id("conversation-row").first).to_be_visible()

    post(url, wa.text_message("demo", customer, "السلام عليكم، عندي سؤال عن فرع العليا", name="زائر جديد"))
    row = page.get_by_test_id("conversation-row").filter(has_text="زائر جديد")
    expect(row).to_be_visible(timeout=LIVE)
    expect(row).to_contain_text("السلام عليكم")
    page.screenshot(path=str(artifacts_dir / "inbox-live-ar.png"), full_page=False)

    row.click()
    expect(page.get_by_test_id("thread-customer")).to_have_text("زائر جديد")
    expect(page.get_by_test_id("customer-panel")).to_contain_text(customer)
    expect(page.get_by_test_id("window-countdown")).to_contain_text("23:")
    # The assistant answers through the worker; its reply shows up in the open thread by itself.
    expect(page.locator("[data-kind=ai]").first).to_be_visible(timeout=20_000)
    post(url, wa.text_message("demo", customer, "أبغى أكلم موظف لو سمحت", name="زائر جديد"))
    expect(page.get_by_test_id("thread")).to_contain_text("أبغى أكلم موظف", timeout=LIVE)

    # "I want a person" escalates: the conversation goes to staff by itself (live).
    expect(page.get_by_test_id("hand-back")).to_be_visible(timeout=20_000)
    handled = "SELECT handled_by::text FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE u.wa_id = :w"
    page.get_by_test_id("hand-back").click()
    take_over = page.get_by_test_id("take-over")
    # An unclaimed escalation offers "take over" too: the hand-back is done when its button goes.
    expect(page.get_by_test_id("hand-back")).to_have_count(0)
    expect(take_over).to_be_visible()
    assert sql(stack["engine"], handled, w=customer) == [("ai",)]
    take_over.click()  # a real take-over: the AI stops, staff own the conversation
    expect(page.get_by_test_id("hand-back")).to_be_visible()
    expect(take_over).to_have_count(0)  # claimed by this user: the escalated page showed both buttons
    # On a failure, what happened to the conversation and when.
    story = sql(
        stack["engine"],
        "SELECT e.kind, e.actor, e.created_at FROM events e JOIN conversations c ON e.subject_id = c.id::text"
        " JOIN customers u ON u.id = c.customer_id WHERE u.wa_id = :w ORDER BY e.id",
        w=customer,
    )
    error = (
        page.get_by_test_id("thread-error").all_inner_texts()
        if page.get_by_test_id("thread-error").count()
        else []
    )
    assert sql(stack["engine"], handled, w=customer) == [("staff",)], (story, error)
    reply = "أهلاً بك، معك سارة من فريق المطعم. كيف أقدر أخدمك؟"
    page.get_by_test_id("composer").fill(reply)
    page.get_by_test_id("send").click()
    expect(page.locator("[data-kind=staff]").filter(has_text="معك سارة")).to_be_visible()
    sent = wait_sent(graph, customer, "معك سارة")
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    staff_bubble = page.locator("[data-kind=staff]").filter(has_text="معك سارة")
    expect(staff_bubble.get_by_test_id("tick-sent")).to_be_visible(timeout=LIVE)
    post(url, wa.status("demo", sent.wamid, "read", recipient_id=customer))
    expect(staff_bubble.get_by_test_id("tick-read")).to_be_visible(timeout=LIVE)

    page.get_by_test_id("compose-mode").get_by_role("radio", name="ملاحظة داخلية").click()
    page.get_by_test_id("composer").fill("العميل يسأل عن فرع العليا، تابعوا معه")
    page.get_by_test_id("send").click()
    expect(page.locator("[data-kind=note]")).to_contain_text("تابعوا معه")
    assert not any("تابعوا معه" in (r.text or "") for r in graph.sent_to(customer))
    page.screenshot(path=str(artifacts_dir / "thread-ar.png"), full_page=True)

    page.get_by_test_id("hand-back").click()
    expect(page.get_by_test_id("hand-back")).to_have_count(0)
    expect(page.get_by_test_id("take-over")).to_be_visible()
    rows = sql(
        stack["engine"],
        "SELECT handled_by::text FROM conversations c JOIN customers u ON u.id = c.customer_id "
        "WHERE u.wa_id = :w",
        w=customer,
    )
    assert rows == [("ai",)]
    # The escalation alerted the owner: the bell lists it; marking all read clears the count.
    expect(page.get_by_test_id("bell-count")).to_be_visible()
    page.get_by_test_id("bell").click()
    expect(page.get_by_test_id("notification").first).to_be_visible()
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    page.keyboard.press("Escape")
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.get_by_test_id("take-over")).to_contain_text("Take over")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.screenshot(path=str(artifacts_dir / "thread-en.png"), full_page=True)


def test_orders_board_advance_notifies_customer_and_new_orders_appear_live(stack, page, artifacts_dir):
    """Advancing an order moves its card and messages the customer; an order placed meanwhile appears
    on the open board by itself, marked new."""
    from playwright.sync_api import expect

    url, graph, engine = stack["url"], stack["graph"], stack["engine"]
    login(page, url, lang="en")
    page.get_by_test_id("nav-orders").click()
    ready = page.get_by_test_id("column-ready").get_by_test_id("order-card").first
    expect(ready).to_be_visible()
    number = ready.get_attribute("data-number")
    [(wa_id,)] = sql(
        engine,
        "SELECT c.wa_id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.number = :n",
        n=int(number),
    )
    ready.get_by_test_id("advance-order").click()
    expect(page.get_by_test_id("column-delivered").locator(f"[data-number='{number}']")).to_be_visible()
    expect(page.get_by_test_id("column-ready").locator(f"[data-number='{number}']")).to_have_count(0)
    wait_sent(graph, wa_id, number)

    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import Branch, Customer, Order, Restaurant
    from crm_res.services.notifications import signal_change

    with session_scope() as s:
        r = s.exec(select(Restaurant).where(Restaurant.whatsapp_phone_number_id == "demo")).one()
        branch = s.exec(select(Branch).where(Branch.restaurant_id == r.id)).first()
        cust = s.exec(select(Customer).where(Customer.restaurant_id == r.id)).first()
        s.add(
            Order(
                restaurant_id=r.id,
                number=4242,
                customer_id=cust.id,
                branch_id=branch.id,
                total_amount=Decimal("33"),
                items=[{"name_ar": "شاورما", "name_en": "Shawarma", "quantity": 1, "price": "33"}],
            )
        )
        signal_change(s, r.id, "order")
    card = page.get_by_test_id("column-pending").locator("[data-number='4242']")
    expect(card).to_be_visible(timeout=LIVE)
    expect(card).to_have_class(__import__("re").compile("crm-new"))
    page.screenshot(path=str(artifacts_dir / "orders-board-en.png"), full_page=True)
    card.get_by_test_id("advance-order").click()
    expect(page.get_by_test_id("column-confirmed").locator("[data-number='4242']")).to_be_visible()
    wait_sent(graph, cust.wa_id, "4242")
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.get_by_test_id("page-title")).to_have_text("الطلبات")
    page.screenshot(path=str(artifacts_dir / "orders-board-ar.png"), full_page=True)


def test_feedback_export_and_customer_import(stack, page, artifacts_dir, tmp_path):
    """Analytics show for the period; feedback exports as CSV and PDF; a customer CSV with a bad line is
    refused with its line number, a good one is imported and searchable."""
    from playwright.sync_api import expect

    url = stack["url"]
    login(page, url)
    page.get_by_test_id("nav-feedback").click()
    expect(page.get_by_test_id("kpi-rating")).not_to_have_text("—")
    expect(page.get_by_test_id("branch-comparison")).to_contain_text("فرع العليا")
    # The CSV to read is in Arabic; the one for other systems keeps codes and ISO times.
    with page.expect_download() as dl:
        choose_item(page, "export-csv", "export-csv-people")
    csv_path = tmp_path / "feedback.csv"
    dl.value.save_as(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("التاريخ,الفرع,العميل,واتساب,التقييم") and len(lines) > 5
    with page.expect_download() as dl:
        # The first download may still be settling and close the menu as it opens: open it again.
        choose_item(page, "export-csv", "export-csv-machines")
    dl.value.save_as(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("created_at,branch,customer,wa_id,rating") and len(lines) > 5
    with page.expect_download() as dl:
        page.get_by_test_id("export-pdf").click()
    pdf_path = artifacts_dir / "report-ar.pdf"
    dl.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    page.screenshot(path=str(artifacts_dir / "feedback-ar.png"), full_page=True)

    page.get_by_test_id("nav-customers").click()
    expect(page.get_by_test_id("customers-table")).to_be_visible()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "wa_id,name,language,tags\n966577000001,مها,ar,vip\nnot-a-number,X,ar,\n", encoding="utf-8"
    )
    page.get_by_test_id("customers-upload").locator("input[type=file]").set_input_files(str(bad))
    page.get_by_test_id("customers-import").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("السطر 3")  # line problems read in Arabic
    good = tmp_path / "good.csv"
    good.write_text(
        "wa_id,name,language,tags\n966577000001,مها الزهراني,ar,vip;family\n966577000002,Sam,en,\n",
        encoding="utf-8",
    )
    page.get_by_test_id("customers-upload").locator("input[type=file]").set_input_files(str(good))
    page.get_by_test_id("customers-import").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("+2")
    page.get_by_test_id("customer-search").fill("مها")
    expect(page.get_by_test_id("customers-table")).to_contain_text("مها الزهراني")
    page.get_by_test_id("customer-link").filter(has_text="مها الزهراني").click()
    expect(page.get_by_test_id("customer-name")).to_have_text("مها الزهراني")
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    page.get_by_test_id("nav-customers").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Customers")
    page.screenshot(path=str(artifacts_dir / "customers-en.png"), full_page=True)


def _local_arabic(wa_id: str) -> str:
    """966551234567 as an owner in Riyadh types it: "٠٥٥ ١٢٣ ٤٥٦٧" (trunk 0, Arabic-Indic, spaces)."""
    local = ("0" + wa_id[3:]).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return f"{local[:3]} {local[3:6]} {local[6:]}"


def test_customer_search_by_a_local_number_and_merge_asks_first(stack, browser, artifacts_dir):
    """The Customers search finds a customer typed as "٠٥٥ ..."; a second record of the same number
    is offered on the customer page, and merging it asks first: "go back" keeps both, "yes" leaves one
    customer with both records' orders."""
    from playwright.sync_api import expect
    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import Customer, Order, Restaurant

    engine = stack["engine"]
    [(cid, wa_id, name)] = sql(
        engine,
        "SELECT c.id::text, c.wa_id, c.name FROM customers c JOIN orders o ON "
        "o.customer_id = c.id WHERE NOT c.is_test AND c.wa_id LIKE '9665%' AND "
        "c.name IS NOT NULL ORDER BY c.wa_id LIMIT 1",
    )
    local = "0" + wa_id[3:]
    with session_scope() as s:  # the same person imported once with the number written locally
        r = s.exec(select(Restaurant).where(Restaurant.whatsapp_phone_number_id == "demo")).one()
        dup = Customer(restaurant_id=r.id, wa_id=local, name=f"{name} (نسخة)", tags=["vip"])
        s.add(dup)
        s.flush()
        first = s.exec(select(Order).where(Order.restaurant_id == r.id)).first()
        s.add(
            Order(
                restaurant_id=r.id,
                number=5151,
                customer_id=dup.id,
                branch_id=first.branch_id,
                total_amount=Decimal("20"),
                items=[{"name_ar": "شاي", "name_en": "Tea", "quantity": 1, "price": "20"}],
            )
        )
        dup_id = str(dup.id)
    orders_before = sql(engine, "SELECT count(*) FROM orders WHERE customer_id IN (:a, :b)", a=cid, b=dup_id)[
        0
    ][0]

    for lang, viewport in (("ar", SIZES["desktop"]), ("ar", SIZES["phone"]), ("en", SIZES["desktop"])):
        context = browser.new_context(viewport=viewport, locale="ar-SA")
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, stack["url"], lang=lang)
        page.goto(stack["url"] + "/customers")
        page.get_by_test_id("customer-search").fill(_local_arabic(wa_id))
        links = page.get_by_test_id("customer-link")
        expect(links.filter(has_text=name).first).to_be_visible()
        # Really shown, not clipped to nothing (a phone's table is a list of cards).
        assert page.get_by_test_id("customers-table").bounding_box()["height"] > 40
        expect(page.get_by_test_id("segment-count")).to_have_text(re.compile("^[2٢]$"))  # both records
        size = "desktop" if viewport["width"] > 500 else "phone"
        page.screenshot(path=str(artifacts_dir / f"customers-search-{lang}-{size}.png"), full_page=True)
        context.close()

    context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, stack["url"], lang="ar")
    page.goto(stack["url"] + f"/customer?id={cid}")
    choice = page.get_by_test_id("duplicates").get_by_test_id("merge-choice").filter(has_text=local)
    expect(choice).to_be_visible()
    choice.get_by_test_id("merge-choose").click()
    dialog = page.get_by_test_id("merge-confirm")
    expect(dialog).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "merge-confirm-ar.png"))
    page.get_by_test_id("merge-confirm-no").click()
    expect(dialog).to_be_hidden()
    assert sql(engine, "SELECT count(*) FROM customers WHERE id = :d", d=dup_id) == [(1,)]
    choice.get_by_test_id("merge-choose").click()
    page.get_by_test_id("merge-confirm-yes").click()
    expect(page.get_by_test_id("merged-done")).to_be_visible()
    assert sql(engine, "SELECT count(*) FROM customers WHERE id = :d", d=dup_id) == [(0,)]
    assert sql(engine, "SELECT count(*) FROM orders WHERE customer_id = :c", c=cid) == [(orders_before,)]
    assert sql(
        engine, "SELECT count(*) FROM events WHERE kind = 'customer.merged' AND subject_id = :c", c=cid
    ) == [(1,)]
    page.screenshot(path=str(artifacts_dir / "customer-merged-ar.png"), full_page=True)
    context.close()


def test_phone_board_shows_every_status_and_the_navigation_is_labelled(stack, browser, artifacts_dir):
    """At 390 px every order status is in reach (none cut off) and switches the column; the tab bar
    names each page and no badge covers an icon; a capped column says "showing 10 of N — see all";
    at 1440 the board shows every column. Screenshots in Arabic and English at both sizes."""
    from playwright.sync_api import expect

    statuses = ("pending", "confirmed", "preparing", "ready", "delivered", "cancelled")
    for lang in ("ar", "en"):
        context = browser.new_context(viewport=SIZES["phone"], locale="ar-SA")
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, stack["url"], lang=lang)
        page.goto(stack["url"] + "/orders")
        expect(page.get_by_test_id("page-title")).to_be_visible()
        for st in statuses:
            box = page.get_by_test_id(f"switch-{st}").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{st} is cut off: {box}"
        page.get_by_test_id("switch-delivered").click()
        column = page.get_by_test_id("column-delivered")
        expect(column).to_be_visible()
        expect(page.get_by_test_id("column-pending")).to_be_hidden()
        [(delivered,)] = sql(
            stack["engine"],
            "SELECT count(*) FROM orders o JOIN restaurants r ON r.id = "
            "o.restaurant_id WHERE r.whatsapp_phone_number_id = 'demo' "
            "AND o.status = 'delivered'",
        )
        if delivered > 10:  # the demo's Delivered column is capped and says so
            expect(page.get_by_test_id("capped-delivered")).to_be_visible()
            page.screenshot(path=str(artifacts_dir / f"orders-phone-capped-{lang}.png"), full_page=True)
            page.get_by_test_id("see-all-delivered").click()
            expect(column.get_by_test_id("order-card")).to_have_count(delivered)
            expect(page.get_by_test_id("capped-delivered")).to_have_count(0)
        tabs = {"ar": ("الطلبات", "العملاء"), "en": ("Orders", "Customers")}[lang]
        expect(page.get_by_test_id("m-nav-orders")).to_contain_text(tabs[0])
        expect(page.get_by_test_id("m-nav-customers")).to_contain_text(tabs[1])
        icons = page.locator("[data-testid^=m-nav-] svg")
        badges = page.locator("[data-testid=m-nav-escalated], [data-testid=m-nav-unread]")
        for i in range(badges.count()):
            b = badges.nth(i).bounding_box()
            for j in range(icons.count()):
                ic = icons.nth(j).bounding_box()
                overlap = min(b["x"] + b["width"], ic["x"] + ic["width"]) - max(b["x"], ic["x"])
                high = min(b["y"] + b["height"], ic["y"] + ic["height"]) - max(b["y"], ic["y"])
                assert overlap <= 0 or high <= 0, "a badge covers a navigation icon"
        assert (
            page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
        )
        page.screenshot(path=str(artifacts_dir / f"orders-phone-{lang}.png"), full_page=False)
        context.close()

        context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA")
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, stack["url"], lang=lang)
        page.goto(stack["url"] + "/orders")
        for st in statuses:
            expect(page.get_by_test_id(f"column-{st}")).to_be_visible()
        expect(page.get_by_test_id("column-delivered").get_by_test_id("order-card").first).to_be_visible()
        page.screenshot(path=str(artifacts_dir / f"orders-desktop-{lang}.png"), full_page=True)
        context.close()


def test_digit_style_periods_and_words_on_overview_and_analytics(stack, browser, artifacts_dir):
    """With Arabic-Indic chosen, the Arabic Overview shows every figure and the Hijri date in one
    digit style, and English stays Western; every card says its period; the response time is words."""
    from playwright.sync_api import expect

    engine = stack["engine"]
    digits = (
        "UPDATE restaurants SET settings = settings || jsonb_build_object('digit_style', CAST(:d AS text)) "
        "WHERE whatsapp_phone_number_id = 'demo'"
    )
    with engine.begin() as conn:
        conn.execute(__import__("sqlalchemy").text(digits), {"d": "arabic_indic"})
    try:
        context = browser.new_context(viewport=SIZES["desktop"], locale="ar-SA")
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, stack["url"], lang="ar")
        page.goto(stack["url"] + "/")
        for card in (
            "stat-conversations-today",
            "stat-escalations",
            "stat-rating",
            "stat-followups",
            "stat-revenue",
        ):
            expect(page.get_by_test_id(f"{card}-period")).to_be_visible()
        expect(page.get_by_test_id("hijri-date")).to_contain_text(re.compile("[٠-٩]"))
        western = re.compile("[0-9]")
        expect(page.get_by_test_id("hijri-date")).not_to_contain_text(western)
        expect(page.get_by_test_id("stat-conversations-today")).not_to_contain_text(western)
        expect(page.get_by_test_id("stat-conversations-today-period")).not_to_contain_text(western)
        page.screenshot(path=str(artifacts_dir / "overview-indic-ar.png"), full_page=True)
        page.goto(stack["url"] + "/feedback")
        expect(page.get_by_test_id("kpi-rating-period")).to_be_visible()
        expect(page.get_by_test_id("trend-period")).to_be_visible()
        expect(page.locator(".recharts-legend-wrapper").first).to_be_visible()
        expect(page.get_by_test_id("kpi-response")).not_to_contain_text(re.compile(r"\d+m|\d+s\b"))
        expect(page.get_by_test_id("kpi-orders")).not_to_contain_text(western)
        page.screenshot(path=str(artifacts_dir / "feedback-indic-ar.png"), full_page=True)
        page.locator("[data-testid=lang-toggle]:visible").first.click()
        expect(page.get_by_test_id("page-title")).to_have_text("Feedback")
        expect(page.get_by_test_id("kpi-orders")).to_contain_text(western)
        expect(page.get_by_test_id("kpi-orders")).not_to_contain_text(re.compile("[٠-٩]"))
        page.screenshot(path=str(artifacts_dir / "feedback-en.png"), full_page=True)
        context.close()
    finally:
        with engine.begin() as conn:
            conn.execute(__import__("sqlalchemy").text(digits), {"d": "western"})


def test_settings_menu_edit_and_the_wall_between_restaurants(stack, browser, page, artifacts_dir):
    """The owner edits a menu item's price and sees the personality preview; staff of another restaurant
    get "not found" for this restaurant's conversation and no settings; the inbox works on a phone."""
    from playwright.sync_api import expect

    url, engine = stack["url"], stack["engine"]
    login(page, url, lang="en")
    page.get_by_test_id("nav-settings").click()
    preview = page.get_by_test_id("personality-preview")
    expect(preview).to_contain_text("مطعم البيت السعودي")
    casual = preview.inner_text()
    page.get_by_test_id("personality-select").click()
    page.get_by_role("option", name="Formal").click()
    expect(preview).not_to_have_text(casual)
    expect(preview).to_contain_text("مطعم البيت السعودي")
    name = edit_first_menu_item(page, "item-price", "99.50")
    expect(
        page.get_by_test_id("menu-row").filter(has_text=name).get_by_test_id("menu-item-price")
    ).to_contain_text("99.50")
    assert ("99.50",) in [
        (str(p),) for (p,) in sql(engine, "SELECT price FROM menu_items WHERE name_en = :n", n=name)
    ]
    page.screenshot(path=str(artifacts_dir / "settings-menu-en.png"), full_page=True)
    # A bad price is refused with the reason, in the page's language.
    page.get_by_test_id("menu-row").first.get_by_test_id("edit-item").click()
    page.get_by_test_id("item-price").fill("abc")
    page.get_by_test_id("save-item").click()
    expect(page.get_by_test_id("item-error")).to_contain_text("is not a number of SAR")  # beside the editor
    expect(page.get_by_test_id("item-error")).to_be_in_viewport()
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.get_by_test_id("item-error")).to_contain_text("ليس مبلغاً بالريال")
    expect(page.get_by_test_id("item-error")).to_contain_text("لم يُحفظ الصنف")
    chicken = page.get_by_test_id("menu-row").filter(has_text="برجر دجاج")
    expect(chicken).to_contain_text("الأطباق الرئيسية")  # the category code "mains", in Arabic
    page.screenshot(path=str(artifacts_dir / "settings-error-ar.png"), full_page=True)

    [(conv_id,)] = sql(
        engine,
        "SELECT c.id FROM conversations c JOIN restaurants r ON r.id = c.restaurant_id "
        "WHERE r.whatsapp_phone_number_id = 'demo' LIMIT 1",
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-SA", is_mobile=True)
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    try:
        login(phone, url, OTHER_STAFF)
        phone.goto(f"{url}/conversation?id={uuid.UUID(str(conv_id))}")
        expect(phone.get_by_test_id("not-found")).to_be_visible()
        phone.goto(url + "/settings")
        expect(phone.get_by_test_id("owners-only")).to_be_visible()
        expect(phone.get_by_test_id("m-nav-settings")).to_have_count(0)
        phone.goto(url + "/conversations")
        expect(phone.get_by_test_id("conversations-empty")).to_be_visible()  # nothing of the demo restaurant
        assert phone.get_by_test_id("conversation-row").count() == 0
    finally:
        context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-SA", is_mobile=True)
    phone = context.new_page()
    try:
        login(phone, url)
        phone.goto(url + "/conversations")
        expect(phone.get_by_test_id("conversation-row").first).to_be_visible()
        phone.screenshot(path=str(artifacts_dir / "inbox-phone-ar.png"), full_page=False)
        phone.get_by_test_id("conversation-row").first.click()
        expect(phone.get_by_test_id("thread")).to_be_visible()
        phone.screenshot(path=str(artifacts_dir / "thread-phone-ar.png"), full_page=False)
    finally:
        context.close()


def test_template_when_the_window_is_closed_and_media_previews(stack, page, artifacts_dir):
    """Outside the 24-hour window the composer offers the approved templates: staff fill the
    parameters and send one (the FakeGraph receives a template). A customer's photo shows inline."""
    from playwright.sync_api import expect

    url, graph, engine = stack["url"], stack["graph"], stack["engine"]
    rows = sql(
        engine,
        "SELECT c.id, u.wa_id FROM conversations c JOIN customers u ON u.id = c.customer_id "
        "JOIN restaurants r ON r.id = c.restaurant_id WHERE r.whatsapp_phone_number_id = 'demo' "
        "AND NOT u.opted_out AND (u.last_inbound_at IS NULL OR u.last_inbound_at < now() - "
        "interval '25 hours') ORDER BY c.last_message_at DESC LIMIT 1",
    )
    assert rows, "the demo has a customer whose window is closed"
    conv_id, wa_id = rows[0]
    login(page, url, lang="en")
    page.goto(f"{url}/conversation?id={conv_id}")
    expect(page.get_by_test_id("window-countdown")).to_contain_text("closed")
    expect(page.get_by_test_id("window-closed-help")).to_be_visible()
    expect(page.get_by_test_id("composer")).to_have_count(0)  # no free text outside the window
    picker = page.get_by_test_id("template-picker")
    expect(picker).to_be_visible()
    page.get_by_test_id("template-select").click()
    page.get_by_role("option", name="order_update (Arabic)").click()  # the language by name, not "ar"
    params = page.get_by_test_id("template-param")
    expect(params).to_have_count(2)
    expect(page.get_by_test_id("send-template")).to_be_disabled()  # parameters missing
    params.nth(0).fill("1717")
    params.nth(1).fill("جاهز للاستلام")
    expect(page.get_by_test_id("template-preview")).to_contain_text("طلبك رقم 1717: جاهز للاستلام")
    expect(page.get_by_test_id("send-template")).to_be_enabled()
    page.screenshot(path=str(artifacts_dir / "thread-template-en.png"), full_page=True)
    page.get_by_test_id("send-template").click()
    expect(page.locator("[data-kind=staff]").filter(has_text="1717")).to_be_visible()
    sent = wait_sent(graph, wa_id, "1717")
    assert sent.json["type"] == "template" and sent.json["template"]["name"] == "order_update"

    # A photo from a customer: the worker fetches it from Graph and the open thread shows it inline.
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 100), (20, 140, 130)).save(buffer, format="PNG")
    png = buffer.getvalue()
    customer = "966555000222"
    graph.add_media("ui-photo-1", png, "image/png")
    post(url, wa.image_message("demo", customer, "ui-photo-1", caption="طاولتنا اليوم", name="صاحب الصورة"))
    [(photo_conv,)] = _wait_rows(
        engine,
        "SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE u.wa_id = :w",
        w=customer,
    )
    page.goto(f"{url}/conversation?id={photo_conv}")
    image = page.get_by_test_id("media-image")
    expect(image).to_be_visible(timeout=20_000)
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=image.element_handle())
    expect(page.get_by_test_id("thread")).to_contain_text("طاولتنا اليوم")
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(artifacts_dir / "thread-media-ar.png"), full_page=True)


def test_team_editing_and_the_ai_usage_card(stack, page, artifacts_dir):
    """The owner gives a new manager two branches through the checkbox group and resets a password
    (shown once); the analytics page shows the period's AI usage. Screenshots in both languages."""
    from playwright.sync_api import expect

    url, engine = stack["url"], stack["engine"]
    with engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(
            text(
                "INSERT INTO events (restaurant_id, actor, kind, data, created_at) SELECT id, 'ai', "
                '\'llm.call\', \'{"prompt_tokens": 1200, "completion_tokens": 150, "cost_usd": 0.0042}\', '
                "now() FROM restaurants WHERE whatsapp_phone_number_id = 'demo'"
            )
        )
    login(page, url, lang="en")
    page.get_by_test_id("nav-settings").click()
    page.get_by_test_id("tab-team").click()
    page.locator("input[name=email]").fill("ui-manager@demo.crm-res.sa")
    page.locator("input[name=full_name]").fill("Nora Manager")
    page.get_by_role("checkbox").first.click()  # the add form's first branch
    page.get_by_test_id("add-user").click()
    expect(page.get_by_test_id("new-password")).to_contain_text("ui-manager@demo.crm-res.sa")
    row = page.get_by_test_id("team-row").filter(has_text="ui-manager@demo.crm-res.sa")
    expect(row).to_be_visible()
    row.get_by_test_id("edit-user").click()
    page.get_by_test_id("edit-role").click()
    page.get_by_role("option", name="Manager").click()
    boxes = page.get_by_test_id("edit-branches").get_by_role("checkbox")
    expect(boxes.first).to_be_visible()
    branches = boxes.count()
    assert branches >= 2, "the demo restaurant has two branches"
    for i in range(boxes.count()):
        if boxes.nth(i).get_attribute("aria-checked") != "true":
            boxes.nth(i).click()
    expect(page.get_by_test_id("edit-branches").locator("[role=checkbox][aria-checked=true]")).to_have_count(
        boxes.count()
    )
    page.get_by_test_id("save-user").click()
    expect(page.get_by_test_id("edit-role")).to_have_count(0)
    expect(row.get_by_test_id("user-branches")).to_contain_text(",")
    [(role, n)] = sql(
        engine,
        "SELECT role::text, cardinality(branch_ids) FROM users WHERE email = :e",
        e="ui-manager@demo.crm-res.sa",
    )
    assert role == "manager" and n == branches
    first_password = page.get_by_test_id("new-password").locator("code").inner_text()
    row.get_by_test_id("reset-password").click()
    expect(page.get_by_test_id("new-password")).to_contain_text("New password (shown once) for")
    expect(page.get_by_test_id("new-password").locator("code")).not_to_have_text(first_password)
    page.screenshot(path=str(artifacts_dir / "settings-team-en.png"), full_page=True)
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(artifacts_dir / "settings-team-ar.png"), full_page=True)

    page.get_by_test_id("nav-feedback").click()
    expect(page.get_by_test_id("ai-usage")).to_be_visible()
    # In an owner's words: replies the AI wrote and their cost in riyals (0.0042 USD = 0.02 SAR).
    expect(page.get_by_test_id("ai-replies")).not_to_have_text("—")
    expect(page.get_by_test_id("ai-cost")).to_have_text("0.02 ر.س")
    expect(page.get_by_test_id("ai-usage")).not_to_contain_text(re.compile(r"\$|token|رموز", re.I))
    expect(page.get_by_test_id("followup-total")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "analytics-ar.png"), full_page=True)
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_test_id("ai-usage")).to_contain_text("AI assistant: replies and cost")
    expect(page.get_by_test_id("ai-cost")).to_have_text("0.02 SAR")
    page.screenshot(path=str(artifacts_dir / "analytics-en.png"), full_page=True)


def _wait_rows(engine, query: str, timeout: float = 20.0, **params):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if rows := sql(engine, query, **params):
            return rows
        time.sleep(0.2)
    raise AssertionError(f"no rows for {query}")


SWEEP = [
    ("overview", "/", None, None),
    ("conversations", "/conversations", None, None),
    ("orders", "/orders", None, None),
    ("order", "/order?id={order}", "order-lines", None),  # the newest order's detail
    ("feedback", "/feedback", "feedback-table", None),
    ("customers", "/customers", "customers-table", None),
    ("menu", "/settings", "menu-table", "tab-menu"),
    ("team", "/settings", "team-table", "tab-team"),
    ("branches", "/settings", "branches-table", "tab-branches"),
    ("prayer", "/settings", "prayer-table", "tab-prayer"),
    ("quick-replies", "/settings", "canned-table", "tab-quick_replies"),
    ("api-keys", "/settings", None, "tab-api_keys"),
    ("campaigns", "/campaigns", None, None),
    ("activity", "/activity", None, None),
]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_page_reads_in_its_languages_direction_with_nothing_raw(stack, browser, artifacts_dir, lang):
    """Each page, at desktop and phone size: direction, column order, no raw codes, no sideways scroll."""
    from playwright.sync_api import expect

    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport, locale="ar-SA")
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, stack["url"], lang=lang)
        [(order,)] = sql(stack["engine"], "SELECT id FROM orders ORDER BY created_at DESC LIMIT 1")
        for name, path, table, tab in SWEEP:
            page.goto(stack["url"] + path.format(order=order))
            expect(page.get_by_test_id("page-title")).to_be_visible()
            if tab:
                page.get_by_test_id(tab).click()
            check_page(page, lang, size, name, artifacts_dir, table)
        context.close()


def test_destructive_actions_ask_first(stack, page, artifacts_dir):
    """Cancelling an order and switching a teammate off open a confirmation; "go back" changes nothing,
    and a cancellation keeps its reason."""
    from playwright.sync_api import expect

    login(page, stack["url"], lang="ar")
    page.goto(stack["url"] + "/orders")
    card = page.get_by_test_id("cancel-order").first
    card.click()
    dialog = page.get_by_test_id("confirm-cancel")
    expect(dialog).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "confirm-cancel-ar.png"))
    before = sql(stack["engine"], "SELECT count(*) FROM orders WHERE status = 'cancelled'")
    page.get_by_test_id("confirm-cancel-no").click()
    expect(dialog).to_be_hidden()
    assert sql(stack["engine"], "SELECT count(*) FROM orders WHERE status = 'cancelled'") == before
    page.get_by_test_id("cancel-order").first.click()
    page.get_by_test_id("confirm-cancel-reason").fill("العميل اتصل وألغى")
    page.get_by_test_id("confirm-cancel-yes").click()
    expect(dialog).to_be_hidden()
    reasons = sql(
        stack["engine"],
        "SELECT data->>'reason' FROM events WHERE kind = 'order.status_changed' "
        "AND data->>'to' = 'cancelled'",
    )
    assert ("العميل اتصل وألغى",) in [tuple(r) for r in reasons]

    page.goto(stack["url"] + "/settings")
    page.get_by_test_id("tab-team").click()
    switch = page.get_by_test_id("user-active").and_(page.locator(":not([disabled])")).first
    switch.click()
    expect(page.get_by_test_id("confirm-deactivate")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "confirm-deactivate-ar.png"))
    page.get_by_test_id("confirm-deactivate-no").click()
    expect(switch).to_have_attribute("data-state", "checked")


def test_api_key_created_once_used_and_revoked(stack, page, artifacts_dir):
    """The owner makes a read-only key on Settings › API keys: it is shown once, works against
    /api/v1 for what its scopes allow (403 otherwise), its use shows as "last used", and once revoked
    it gets 401 at once. Screenshots in both languages."""
    from playwright.sync_api import expect

    url, engine = stack["url"], stack["engine"]
    login(page, url, lang="en")
    page.get_by_test_id("nav-settings").click()
    page.get_by_test_id("tab-api_keys").click()
    page.get_by_test_id("api-key-name").fill("Foodics POS")
    page.get_by_test_id("scope-orders-write").click()  # reads are ticked already; add one write
    page.get_by_test_id("create-api-key").click()
    shown = page.get_by_test_id("new-api-key")
    expect(shown).to_contain_text("crk_")
    key = shown.inner_text().strip()
    page.screenshot(path=str(artifacts_dir / "settings-api-key-once-en.png"), full_page=True)
    [(scopes, key_hash)] = sql(engine, "SELECT scopes, key_hash FROM api_keys WHERE name = 'Foodics POS'")
    assert "orders:write" in scopes and "menu:write" not in scopes and "conversations:read" in scopes
    assert key not in key_hash, "only the key's hash is stored"
    row = page.get_by_test_id("api-key-row").filter(has_text="Foodics POS")
    expect(row).to_contain_text("Never used")
    expect(row).to_contain_text("Change orders")  # the scope in words, not its code

    auth = {"Authorization": f"Bearer {key}"}
    r = httpx.get(url + "/api/v1/conversations", headers=auth, params={"limit": 5}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["conversations"], "the demo restaurant's conversations"
    r = httpx.post(
        url + "/api/v1/menu-items",
        headers=auth,
        timeout=10,
        json={"name_ar": "تجربة", "name_en": "Test", "price": "10"},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "INSUFFICIENT_SCOPE"

    page.reload()  # shown once: a fresh page has the row, never the key
    page.get_by_test_id("tab-api_keys").click()
    expect(row).to_be_visible()
    expect(page.get_by_test_id("new-api-key")).to_have_count(0)
    assert key not in page.content()
    expect(row.get_by_test_id("key-last-used")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "settings-api-keys-en.png"), full_page=True)
    page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(row).to_contain_text("تعديل الطلبات")
    page.screenshot(path=str(artifacts_dir / "settings-api-keys-ar.png"), full_page=True)

    row.get_by_test_id("revoke-key").click()
    expect(page.get_by_test_id("confirm-revoke")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "settings-api-keys-revoke-ar.png"))
    page.get_by_test_id("confirm-revoke-yes").click()
    expect(row).to_contain_text("ملغى")
    expect(row.get_by_test_id("revoke-key")).to_have_count(0)
    r = httpx.get(url + "/api/v1/conversations", headers=auth, timeout=10)
    assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"


def _seed_csat_week(engine):  # type: ignore[no-untyped-def]
    """Four ratings of real demo customers in a week long past (5, 4, 2 on its 2nd day in branch
    one, 5 on its 5th in branch one), a test customer's 1 and another restaurant's 1 the same
    days: the CSAT of that week is 3 of 4 = 75.0%. Returns the week's first and last day."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from crm_res.db import session_scope
    from crm_res.models import Branch, Customer, Feedback, Restaurant
    from crm_res.services.admin.restaurants import create_restaurant

    first = datetime.now(UTC).astimezone(ZoneInfo("Asia/Riyadh")).date() - timedelta(days=200)
    last = first + timedelta(days=6)
    at = lambda d: datetime.combine(d, datetime.min.time(), ZoneInfo("Asia/Riyadh")).replace(hour=13)  # noqa: E731
    with session_scope() as s:
        demo = s.exec(
            __import__("sqlmodel").select(Restaurant).where(Restaurant.whatsapp_phone_number_id == "demo")
        ).one()
        branch = s.exec(
            __import__("sqlmodel")
            .select(Branch)
            .where(Branch.restaurant_id == demo.id)
            .order_by(Branch.name_en)
        ).first()
        before = s.exec(
            __import__("sqlmodel")
            .select(Feedback)
            .where(
                Feedback.restaurant_id == demo.id,
                Feedback.created_at >= at(first) - timedelta(days=1),
                Feedback.created_at < at(last) + timedelta(days=1),
            )
        ).all()
        assert not before, "the demo has ratings in the seeded week"
        real = Customer(restaurant_id=demo.id, wa_id="966555000771", name="ريم")
        test = Customer(restaurant_id=demo.id, wa_id="966555000772", name="تجربة", is_test=True)
        other = create_restaurant(session=s, name_ar="مطعم ثالث", name_en="Third", phone_number_id="pn-csat")
        other_branch = Branch(restaurant_id=other.id, name_ar="فرع", name_en="Main", city="Riyadh")
        stranger = Customer(restaurant_id=other.id, wa_id="966555000773", name="غريب")
        s.add_all([real, test, other_branch, stranger])
        s.flush()
        for rating, day in ((5, 1), (4, 1), (2, 1), (5, 4)):
            add_feedback(s, demo.id, real, branch, rating, created_at=at(first + timedelta(days=day)))
        add_feedback(s, demo.id, test, branch, 1, created_at=at(first + timedelta(days=2)))
        add_feedback(s, other.id, stranger, other_branch, 1, created_at=at(first + timedelta(days=2)))
    return first, last


def _indic(d) -> str:  # type: ignore[no-untyped-def]
    """A date as a person types it with Arabic-Indic digits, day first: "٣/٦/٢٠٢٦"."""
    return f"{d.day}/{d.month}/{d.year}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def test_a_chosen_period_changes_every_figure_and_csat_counts_the_seeded_ratings(
    stack, browser, artifacts_dir
):
    """The analytics page's period picker: a preset relabels every card, a reversed range is refused
    beside the fields, a typed week (Arabic-Indic digits) shows the seeded CSAT (3 of 4 = 75.0%)
    with its dates on every card and chart, per branch, as labelled cards on a phone."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from playwright.sync_api import expect

    from crm_res.services.insights.date_range import range_label

    first, last = _seed_csat_week(stack["engine"])
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Riyadh")).date()

    def choose(page, label: str) -> None:  # type: ignore[no-untyped-def]
        page.get_by_test_id("period-select").click()
        page.get_by_role("option", name=label, exact=True).click()

    def apply(page, a: str, b: str) -> None:  # type: ignore[no-untyped-def]
        page.get_by_test_id("range-from").fill(a)
        page.get_by_test_id("range-to").fill(b)
        page.get_by_test_id("range-apply").click()

    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport, locale="ar-SA")
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, stack["url"], lang="ar")
        page.goto(stack["url"] + "/feedback")
        expect(page.get_by_test_id("csat")).to_be_visible()
        expect(page.get_by_test_id("csat-ratings")).not_to_have_text("")
        month = page.get_by_test_id("csat-ratings").inner_text()
        if size == "desktop":
            choose(page, "اليوم")
            expect(page.get_by_test_id("period-dates")).to_have_text(range_label(today, today, "ar"))
            for caption in (
                "kpi-rating-period",
                "kpi-revenue-period",
                "trend-period",
                "csat-period",
                "branches-period",
                "ai-usage-period",
            ):
                expect(page.get_by_test_id(f"{caption}-dates")).to_have_text(range_label(today, today, "ar"))
        choose(page, "فترة تختارها…")
        expect(page.get_by_test_id("range-form")).to_be_visible()
        apply(page, _indic(last), _indic(first))  # reversed
        expect(page.get_by_test_id("range-error")).to_have_text("تاريخ البداية بعد تاريخ النهاية")
        if size == "desktop":
            expect(page.get_by_test_id("period-dates")).to_have_text(range_label(today, today, "ar"))
        apply(page, _indic(first), _indic(last))
        expect(page.get_by_test_id("range-error")).to_have_count(0)
        label = range_label(first, last, "ar")
        expect(page.get_by_test_id("period-dates")).to_have_text(label)
        expect(page.get_by_test_id("csat-share")).to_have_text("75.0%")
        expect(page.get_by_test_id("csat-ratings")).to_have_text("4")
        expect(page.get_by_test_id("csat-satisfied")).to_have_text("3")
        assert month != "4", "the default period's ratings count was the seeded week's already"
        for caption in (
            "kpi-rating-period",
            "kpi-orders-period",
            "trend-period",
            "csat-period",
            "branches-period",
        ):
            expect(page.get_by_test_id(f"{caption}-dates")).to_have_text(label)
        expect(page.get_by_test_id("kpi-rating")).to_have_text("4.00")
        expect(page.get_by_test_id("csat-branch-share").filter(has_text="75.0%")).to_have_count(1)
        expect(page.get_by_test_id("ai-no-costs")).to_be_visible()
        expect(page.locator("[data-testid=csat-trend] .recharts-legend-wrapper")).to_contain_text(
            "نسبة الراضين"
        )
        check_page(page, "ar", size, "analytics-range", artifacts_dir, "csat-branches")
        page.locator("[data-testid=lang-toggle]:visible, [data-testid=m-lang-toggle]:visible").first.click()
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.get_by_test_id("period-dates")).to_have_text(range_label(first, last, "en"))
        expect(page.get_by_test_id("csat-period-dates")).to_have_text(range_label(first, last, "en"))
        expect(page.get_by_test_id("csat")).to_contain_text("Ratings: 4 · of them 4 or 5: 3")
        expect(page.locator("[data-testid=csat-trend] .recharts-legend-wrapper")).to_contain_text(
            "Satisfied (%)"
        )
        check_page(page, "en", size, "analytics-range", artifacts_dir, "csat-branches")
        context.close()


def test_customer_segment_selects_narrow_the_list_as_the_database_counts(stack, page):
    """The Customers page's list pages by 25 without leaving a customer out, and its segment
    selects (language, opted out) each narrow the count to what the database holds; "all" widens
    it again."""
    from playwright.sync_api import expect

    engine = stack["engine"]
    demo = "SELECT id FROM restaurants WHERE whatsapp_phone_number_id = 'demo'"
    real = f"restaurant_id = ({demo}) AND NOT is_test"  # the page lists real customers first
    login(page, stack["url"], lang="en")
    page.goto(stack["url"] + "/customers")
    everyone = sql(engine, f"SELECT count(*) FROM customers WHERE {real}")[0][0]
    expect(page.get_by_test_id("segment-count")).to_have_text(str(everyone))
    # 25 a page, and the second page starts where the first ended (no row left out between).
    rows = page.get_by_test_id("customers-table").locator("tbody tr")
    expect(rows).to_have_count(25)
    assert everyone > 25
    page.get_by_test_id("next-page").click()
    expect(rows).to_have_count(min(everyone - 25, 25))
    page.get_by_test_id("prev-page").click()
    expect(rows).to_have_count(25)

    page.get_by_test_id("segment-language").click()
    page.get_by_role("option", name="English", exact=True).click()
    english = sql(engine, f"SELECT count(*) FROM customers WHERE {real} AND language_preference::text = 'en'")
    expect(page.get_by_test_id("segment-count")).to_have_text(str(english[0][0]))
    assert 0 < english[0][0] < everyone

    page.get_by_test_id("segment-optout").click()
    page.get_by_role("option", name="Opted out", exact=True).click()
    both = sql(
        engine,
        f"SELECT count(*) FROM customers WHERE {real} AND language_preference::text = 'en' AND opted_out",
    )
    expect(page.get_by_test_id("segment-count")).to_have_text(str(both[0][0]))

    page.get_by_test_id("segment-language").click()
    page.get_by_role("option", name="All languages", exact=True).click()
    opted = sql(engine, f"SELECT count(*) FROM customers WHERE {real} AND opted_out")
    expect(page.get_by_test_id("segment-count")).to_have_text(str(opted[0][0]))
