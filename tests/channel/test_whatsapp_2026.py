"""WhatsApp as it is in 2026, through the real webhook: usernames without numbers, replies from the
phone app, edits, catalog carts, other fields, and no well-formed delivery refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tests.fixtures.channel import PNID, post, q, run_worker
from tests.fixtures.raw_deliveries import (
    BSUID,
    NOW,
    USERNAME_CONTACT,
    body,
    burger_at_an_open_branch,
    burger_cart,
    ex,
    messages_value,
    preferences_value,
    raw_message,
    username_text,
)


def test_username_customer_without_number_is_stored_and_answered_by_recipient(channel):
    """A message with no phone number makes a customer keyed by BSUID with the username; the reply goes in `recipient`."""
    r = post(
        channel["client"],
        raw=body(
            ("messages", messages_value(username_text("wamid.u1", "السلام عليكم"), contacts=USERNAME_CONTACT))
        ),
    )
    assert r.status_code == 200
    assert q(channel["engine"], "SELECT wa_id, user_id, username FROM customers") == [
        (BSUID, BSUID, "@noura.eats")
    ]
    run_worker()
    [sent] = channel["graph"].wait_for(1)
    assert sent.json["recipient"] == BSUID and "to" not in sent.json
    # The same person later shows their number: one customer, now keyed by the number.
    later = username_text("wamid.u2", "ابغى اطلب") | {"from": "966501112233"}
    assert (
        post(
            channel["client"], raw=body(("messages", messages_value(later, contacts=USERNAME_CONTACT)))
        ).status_code
        == 200
    )
    assert q(channel["engine"], "SELECT wa_id, user_id FROM customers") == [("966501112233", BSUID)]


def test_catalog_cart_by_username_customer_becomes_a_draft_order(channel):
    """A catalog `order` from a username-only customer becomes a draft order of the menu items with those retailer ids, summarised to their BSUID."""
    burger_at_an_open_branch(channel)
    cart = burger_cart()
    assert (
        post(
            channel["client"], raw=body(("messages", messages_value(cart, contacts=USERNAME_CONTACT)))
        ).status_code
        == 200
    )
    run_worker()
    sent = channel["graph"].wait_for(1)
    assert all(s.json.get("recipient") == BSUID for s in sent)
    assert "برجر" in " ".join(json.dumps(s.json, ensure_ascii=False) for s in sent)
    [(context,)] = q(channel["engine"], "SELECT context FROM conversations")
    [line] = context["draft"]["lines"]
    assert (line["name_en"], line["quantity"], line["price"]) == ("Beef burger", 2, "25.00")


def test_echo_from_the_phone_app_is_a_staff_message_and_pauses_the_assistant(channel):
    """An smb_message_echoes reply is stored as a staff message and the assistant stays quiet until idle."""
    echo = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "966110000000", "phone_number_id": PNID},
        "message_echoes": [
            {
                "from": "966110000000",
                "to": "966507770000",
                "id": "wamid.echo1",
                "timestamp": str(NOW),
                "type": "text",
                "text": {"body": "أهلاً، طلبك جاهز"},
            }
        ],
    }
    assert post(channel["client"], raw=body(("smb_message_echoes", echo))).status_code == 200
    assert q(channel["engine"], "SELECT direction, sender, body FROM messages") == [
        ("outbound", "staff", "أهلاً، طلبك جاهز")
    ]
    assert q(channel["engine"], "SELECT handled_by FROM conversations") == [("staff",)]
    msg = raw_message("966507770000", "wamid.c1", "text", {"body": "شكراً"})
    assert post(channel["client"], raw=body(("messages", messages_value(msg)))).status_code == 200
    run_worker()
    assert channel["graph"].sent == []  # paused: staff answer from the phone
    ex(
        channel["engine"],
        "UPDATE conversations SET app_reply_at = :t",
        t=datetime.now(UTC) - timedelta(hours=2),
    )
    later = msg | {"id": "wamid.c2", "text": {"body": "السلام عليكم"}}
    assert post(channel["client"], raw=body(("messages", messages_value(later)))).status_code == 200
    run_worker()
    assert channel["graph"].wait_for(1) and q(channel["engine"], "SELECT handled_by FROM conversations") == [
        ("ai",)
    ]


def test_an_echo_without_a_timestamp_is_stored_as_of_its_arrival(channel):
    """A reply from the phone app whose echo carries no timestamp (malformed: kept as an unsupported
    message, Meta's original in its payload) is still stored, once, as a staff message dated when
    it arrived."""
    echo = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "966110000000", "phone_number_id": PNID},
        "message_echoes": [
            {
                "from": "966110000000",
                "to": "966507770000",
                "id": "wamid.echo-untimed",
                "type": "text",
                "text": {"body": "تم"},
            }
        ],
    }
    before = datetime.now(UTC)
    for _ in range(2):  # redelivered: stored once
        assert post(channel["client"], raw=body(("smb_message_echoes", echo))).status_code == 200
    [(sender, payload, occurred_at)] = q(
        channel["engine"], "SELECT sender, payload, occurred_at FROM messages"
    )
    assert sender == "staff" and payload["raw"]["text"] == {"body": "تم"}
    assert occurred_at >= before - timedelta(seconds=1)


def test_edit_delete_and_unreaction_update_the_original(channel):
    """An edit replaces the text keeping the original, a revoke marks it deleted, an empty reaction removes the reaction."""
    cust = "966508880000"
    first = raw_message(cust, "wamid.o1", "text", {"body": "برجر"}, ts=NOW - 60)
    post(channel["client"], raw=body(("messages", messages_value(first))))
    edit = raw_message(
        cust,
        "wamid.e1",
        "edit",
        {"original_message_id": "wamid.o1", "message": {"type": "text", "text": {"body": "برجرين"}}},
    )
    react = raw_message(cust, "wamid.r1", "reaction", {"message_id": "wamid.o1", "emoji": "👍"})
    assert post(channel["client"], raw=body(("messages", messages_value(edit, react)))).status_code == 200
    [(text, payload)] = q(
        channel["engine"], "SELECT body, payload FROM messages WHERE wa_message_id = 'wamid.o1'"
    )
    assert text == "برجرين" and payload["original_body"] == "برجر" and payload["reaction"] == "👍"
    unreact = react | {"id": "wamid.r2", "reaction": {"message_id": "wamid.o1"}}
    revoke = raw_message(cust, "wamid.d1", "revoke", {"original_message_id": "wamid.o1"})
    post(channel["client"], raw=body(("messages", messages_value(unreact, revoke))))
    [(payload,)] = q(channel["engine"], "SELECT payload FROM messages WHERE wa_message_id = 'wamid.o1'")
    assert "reaction" not in payload and payload["deleted_at"]


def test_mixed_delivery_is_stored_in_part_and_answered_200(channel):
    """Messages + account_alerts + an unreadable interactive (errors, no object) in one delivery: 200, all kept."""
    ex(
        channel["engine"],
        'UPDATE restaurants SET settings = settings || \'{"whatsapp_business_account_id": "waba-1"}\'::jsonb WHERE id = :r',
        r=channel["restaurant_id"],
    )
    good = raw_message("966509990000", "wamid.g1", "text", {"body": "مرحبا"})
    odd = raw_message(
        "966509990000", "wamid.g2", "interactive", errors=[{"code": 131051, "title": "Message type unknown"}]
    )
    alert = {
        "entity_type": "WABA",
        "entity_id": "waba-1",
        "alert_severity": "WARNING",
        "alert_status": "ACTIVE",
        "alert_type": "OBA_APPROVED",
        "alert_description": "Your request was approved",
    }
    r = post(channel["client"], raw=body(("messages", messages_value(good, odd)), ("account_alerts", alert)))
    assert r.status_code == 200
    rows = q(
        channel["engine"],
        "SELECT wa_message_id, type, payload->>'unsupported_reason' FROM messages ORDER BY id",
    )
    assert rows[0] == ("wamid.g1", "text", None)
    assert rows[1][:2] == ("wamid.g2", "unsupported") and "no 'interactive' object" in rows[1][2]
    assert q(channel["engine"], "SELECT field FROM channel_events") == [("account_alerts",)]


def test_other_fields_apply_their_meaning(channel):
    """user_preferences stop → opted out; template status → the template's status; user_id_update moves the BSUID."""
    post(
        channel["client"],
        raw=body(("messages", messages_value(username_text("wamid.p1", "هلا"), contacts=USERNAME_CONTACT))),
    )
    ex(
        channel["engine"],
        "INSERT INTO message_templates (id, restaurant_id, name, language, purpose, body_preview, parameters, status, created_at) "
        "VALUES (gen_random_uuid(), :r, 'we_miss_you', 'ar', 'reengage', '', '[]', 'pending', now())",
        r=channel["restaurant_id"],
    )
    ex(
        channel["engine"],
        'UPDATE restaurants SET settings = settings || \'{"whatsapp_business_account_id": "waba-1"}\'::jsonb WHERE id = :r',
        r=channel["restaurant_id"],
    )
    meta = {"display_phone_number": "966110000000", "phone_number_id": PNID}
    prefs = preferences_value({"user_id": BSUID})
    template = {
        "event": "APPROVED",
        "message_template_id": 1,
        "message_template_name": "we_miss_you",
        "message_template_language": "ar",
        "reason": "NONE",
    }
    moved = {
        "messaging_product": "whatsapp",
        "metadata": meta,
        "user_id_update": [
            {
                "detail": "user id changed",
                "user_id": {"previous": BSUID, "current": "SA.99"},
                "timestamp": str(NOW),
            }
        ],
    }
    r = post(
        channel["client"],
        raw=body(
            ("user_preferences", prefs),
            ("message_template_status_update", template),
            ("user_id_update", moved),
        ),
    )
    assert r.status_code == 200
    assert q(channel["engine"], "SELECT opted_out, user_id, wa_id FROM customers") == [
        (True, "SA.99", "SA.99")
    ]
    assert q(channel["engine"], "SELECT status FROM message_templates") == [("approved",)]


def test_thread_is_ordered_by_meta_time(channel):
    """A message Meta stamped earlier but delivered later carries Meta's time and sorts before."""
    cust = "966506660000"
    late = {"from": cust, "id": "wamid.t2", "timestamp": str(NOW), "type": "text", "text": {"body": "ثاني"}}
    early = raw_message(cust, "wamid.t1", "text", {"body": "أول"}, ts=NOW - 3600)
    post(channel["client"], raw=body(("messages", messages_value(late))))
    post(channel["client"], raw=body(("messages", messages_value(early))))
    rows = q(channel["engine"], "SELECT body FROM messages ORDER BY occurred_at, id")
    assert rows == [("أول",), ("ثاني",)]


def test_envelope_problems_still_400(channel):
    """Only a body that is not a delivery (no metadata on a messages change) is refused."""
    r = post(channel["client"], raw=body(("messages", {"messages": [{"id": "x"}]})))
    assert r.status_code == 400
