"""WhatsApp 2026 through the real webhook, as staff see it: missed calls, the welcome message,
edits/deletes/reactions/unreadable content marked in the thread, template approval in Settings,
and a username-only customer's whole order."""

from __future__ import annotations

import json

import pytest

from tests.fixtures import raw_deliveries as wa
from tests.fixtures.channel import PNID, post, q, run_worker
from tests.fixtures.people import add_user

CUSTOMER = "966507770000"
META = {"display_phone_number": "966110000000", "phone_number_id": PNID}


@pytest.fixture
def owner(channel):  # type: ignore[no-untyped-def]
    """The channel restaurant's owner, as the dashboard sees them."""
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.access import viewer_for

    with session_scope() as s:
        user = add_user(s, channel["restaurant_id"], "owner@channel.sa", Role.owner)
        return viewer_for(user)


def thread(owner) -> list[dict]:  # type: ignore[no-untyped-def]
    """The newest page of the (only) conversation's thread, as the dashboard loads it."""
    from crm_res.db import session_scope
    from crm_res.services.inbox.conversations import list_conversations, thread_page

    with session_scope() as s:
        [conv] = list_conversations(session=s, viewer=owner)
        return thread_page(session=s, viewer=owner, conversation_id=conv["id"])["messages"]


def text(wamid: str, body_text: str, ts: int = wa.NOW) -> dict:
    return {"from": CUSTOMER, "id": wamid, "timestamp": str(ts), "type": "text", "text": {"body": body_text}}


def call(event: str, **extra) -> dict:  # type: ignore[no-untyped-def]
    """A customer's WhatsApp call as the `calls` field carries it (Cloud API calling)."""
    return {
        "messaging_product": "whatsapp",
        "metadata": META,
        "contacts": [{"profile": {"name": "Sara"}, "wa_id": CUSTOMER}],
        "calls": [
            {
                "id": "wacid.HBgLOTY2",
                "from": CUSTOMER,
                "to": "966110000000",
                "event": event,
                "timestamp": str(wa.NOW),
                "direction": "USER_INITIATED",
                **extra,
            }
        ],
    }


def test_a_customer_call_is_a_missed_call_line_in_the_thread_and_is_not_answered(channel, owner):
    """`calls` (connect, then terminate of the same call, then a redelivery) → one missed-call line
    in the customer's thread; the assistant does not answer it."""
    assert post(channel["client"], raw=wa.body(("calls", call("connect")))).status_code == 200
    ended = call("terminate", status="FAILED", start_time=str(wa.NOW), end_time=str(wa.NOW + 20))
    assert post(channel["client"], raw=wa.body(("calls", ended))).status_code == 200
    assert post(channel["client"], raw=wa.body(("calls", ended))).status_code == 200
    run_worker()
    assert channel["graph"].sent == []
    [line] = thread(owner)
    assert (line["notice"], line["kind"], line["body"]) == ("missed_call", "customer", "")
    # A business-initiated call is nothing to log.
    outgoing = call("connect", direction="BUSINESS_INITIATED") | {}
    outgoing["calls"][0]["id"] = "wacid.OUT"
    assert post(channel["client"], raw=wa.body(("calls", outgoing))).status_code == 200
    assert len(thread(owner)) == 1


def _welcome(channel, wamid: str) -> int:  # type: ignore[no-untyped-def]
    first_open = {"from": CUSTOMER, "id": wamid, "timestamp": str(wa.NOW), "type": "request_welcome"}
    return post(channel["client"], raw=wa.body(("messages", wa.messages_value(first_open)))).status_code


def test_request_welcome_sends_the_welcome_only_when_enabled_and_exactly_once(channel):
    """request_welcome → nothing when the restaurant has no welcome; with one set: that text, once,
    however often the delivery comes and the worker runs."""
    assert _welcome(channel, "wamid.w1") == 200
    run_worker()
    assert channel["graph"].sent == []
    wa.ex(
        channel["engine"],
        "UPDATE restaurants SET settings = settings || CAST(:s AS jsonb) WHERE id = :r",
        s=json.dumps({"welcome_message": "أهلاً بك في مطعم القناة! اكتب طلبك"}),
        r=channel["restaurant_id"],
    )
    from crm_res.services.dialogue import flow

    flow.clear_cache()
    assert _welcome(channel, "wamid.w2") == 200
    assert _welcome(channel, "wamid.w2") == 200  # Meta redelivers
    run_worker()
    run_worker()
    [sent] = channel["graph"].wait_for(1)
    assert (sent.to, sent.json["text"]["body"]) == (CUSTOMER, "أهلاً بك في مطعم القناة! اكتب طلبك")
    assert q(channel["engine"], "SELECT count(*) FROM outbox") == [(1,)]


def test_thread_marks_edits_deletes_reactions_and_unreadable_content(channel, owner):
    """The thread shows an edited message once (new text, original kept), a deleted one marked,
    a reaction on its message, and an unreadable message with the reason as a code in words; the
    edit, delete and reaction rows themselves are not shown as messages."""
    first, second = text("wamid.m1", "برجر", wa.NOW - 60), text("wamid.m2", "وبطاطس", wa.NOW - 50)
    odd = wa.raw_message(
        CUSTOMER,
        "wamid.m3",
        "unsupported",
        ts=wa.NOW - 40,
        errors=[
            {
                "code": 131051,
                "title": "Message type unknown",
                "error_data": {"details": "Message type is currently not supported."},
            }
        ],
    )
    broken = {"from": CUSTOMER, "id": "wamid.m4", "timestamp": str(wa.NOW - 30), "type": "image"}
    assert (
        post(
            channel["client"], raw=wa.body(("messages", wa.messages_value(first, second, odd, broken)))
        ).status_code
        == 200
    )
    edit = wa.raw_message(
        CUSTOMER,
        "wamid.e1",
        "edit",
        {"original_message_id": "wamid.m1", "message": {"type": "text", "text": {"body": "برجرين"}}},
    )
    revoke = wa.raw_message(CUSTOMER, "wamid.d1", "revoke", {"original_message_id": "wamid.m2"})
    react = wa.raw_message(CUSTOMER, "wamid.r1", "reaction", {"message_id": "wamid.m1", "emoji": "❤️"})
    assert (
        post(channel["client"], raw=wa.body(("messages", wa.messages_value(edit, revoke, react)))).status_code
        == 200
    )
    shown = {m["id"]: m for m in thread(owner) if m["kind"] == "customer"}
    by_body = {m["body"]: m for m in shown.values()}
    assert len(shown) == 4  # m1..m4; no rows for the edit, the revoke or the reaction
    edited = by_body["برجرين"]
    assert (edited["edited"], edited["original"], edited["deleted"], edited["reaction"]) == (
        True,
        "برجر",
        False,
        "❤️",
    )
    gone = by_body["وبطاطس"]
    assert (gone["deleted"], gone["edited"]) == (True, False)
    unreadable = sorted((m["notice"], m["why"]) for m in shown.values() if m["notice"])
    assert unreadable == [("unsupported", "missing_content"), ("unsupported", "unknown_type")]
    for m in shown.values():
        assert "131051" not in json.dumps(m) and "wamid" not in str(m.get("why"))
    # An empty reaction takes it away again.
    unreact = react | {"id": "wamid.r2", "reaction": {"message_id": "wamid.m1"}}
    post(channel["client"], raw=wa.body(("messages", wa.messages_value(unreact))))
    assert {m["body"]: m["reaction"] for m in thread(owner)}["برجرين"] == ""


def test_template_status_updates_show_in_settings_in_words(channel, owner):
    """Rejected with a reason → Settings › Templates lists it rejected with that reason (a code the
    page words); an unarchive makes it usable again; an event we do not know changes nothing."""
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurant_settings import list_templates, whatsapp_manager_url

    wa.ex(
        channel["engine"],
        'UPDATE restaurants SET settings = settings || \'{"whatsapp_business_account_id": "1029384756"}\'::jsonb WHERE id = :r',
        r=channel["restaurant_id"],
    )
    wa.ex(
        channel["engine"],
        "INSERT INTO message_templates (id, restaurant_id, name, language, purpose, body_preview, parameters, status, created_at) "
        "VALUES (gen_random_uuid(), :r, 'order_ready', 'ar', 'order_status', '', '[]', 'pending', now())",
        r=channel["restaurant_id"],
    )

    def update(event: str, reason: str = "NONE", **extra) -> None:  # type: ignore[no-untyped-def]
        value = {
            "event": event,
            "message_template_id": 77,
            "message_template_name": "order_ready",
            "message_template_language": "ar",
            "reason": reason,
            **extra,
        }
        change = json.loads(wa.body(("message_template_status_update", value)))
        change["entry"][0]["id"] = "1029384756"
        assert post(channel["client"], raw=json.dumps(change).encode()).status_code == 200

    def listed() -> dict:
        with session_scope() as s:
            [row] = list_templates(session=s, viewer=owner)
            return row

    update("REJECTED", "INCORRECT_CATEGORY")
    row = listed()
    assert (row["status"], row["reason"], row["note"]) == ("rejected", "incorrect_category", "")
    assert row["status_at"]
    update("LOCKED", other_info={"title": "Template locked", "description": "Too many edits today"})
    assert (listed()["status"], listed()["note"]) == ("locked", "Template locked — Too many edits today")
    update("UNARCHIVED")
    assert (listed()["status"], listed()["reason"]) == ("approved", "")
    update("SOMETHING_NEW", "WHATEVER")
    assert (listed()["status"], listed()["reason"]) == ("approved", "other")
    with session_scope() as s:
        assert whatsapp_manager_url(session=s, viewer=owner).endswith("message-templates/?waba_id=1029384756")


def test_username_customer_orders_start_to_finish_addressed_by_bsuid(channel, owner):
    """A customer with no phone number: cart → summary → confirm → a placed order; every reply goes
    to their BSUID in `recipient`, and the inbox, thread header and order show "@noura.eats"."""
    wa.burger_at_an_open_branch(channel)
    contact = [{"profile": {"name": "", "username": "@noura.eats"}, "user_id": wa.BSUID}]
    cart = wa.burger_cart()
    assert (
        post(
            channel["client"], raw=wa.body(("messages", wa.messages_value(cart, contacts=contact)))
        ).status_code
        == 200
    )
    run_worker()
    asked = channel["graph"].wait_for(1)
    buttons = [
        b["reply"]["id"]
        for s in asked
        if s.json.get("type") == "interactive"
        for b in s.json["interactive"].get("action", {}).get("buttons", [])
    ]
    assert "confirm_yes" in buttons, [s.json for s in asked]
    yes = wa.raw_message(
        wa.BSUID,
        "wamid.yes",
        "interactive",
        {"type": "button_reply", "button_reply": {"id": "confirm_yes", "title": "تأكيد"}},
        ts=wa.NOW + 5,
    )
    assert (
        post(
            channel["client"], raw=wa.body(("messages", wa.messages_value(yes, contacts=contact)))
        ).status_code
        == 200
    )
    run_worker()
    sent = channel["graph"].wait_for(len(asked) + 1)
    assert all(s.json.get("recipient") == wa.BSUID and "to" not in s.json for s in sent)
    [(status, total)] = q(channel["engine"], "SELECT status, total_amount FROM orders")
    assert (status, float(total)) == ("confirmed", 50.0)
    from crm_res.db import session_scope
    from crm_res.services.customers.orders import list_orders
    from crm_res.services.inbox.conversations import conversation_detail, list_conversations

    with session_scope() as s:
        [row] = list_conversations(session=s, viewer=owner)
        assert (row["customer_name"], row["contact"]) == ("@noura.eats", "@noura.eats")
        detail = conversation_detail(session=s, viewer=owner, conversation_id=row["id"])
        assert detail["customer"]["contact"] == "@noura.eats"
        [order] = list_orders(session=s, viewer=owner)
        assert (order["customer_name"], order["contact"]) == ("@noura.eats", "@noura.eats")
