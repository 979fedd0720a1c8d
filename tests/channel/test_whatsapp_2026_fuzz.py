"""Fuzzing the 2026 shapes through the real webhook and database: every field of a delivery that
carries usernames, edits, deletes, reactions, echoes, calls, carts and the account fields, replaced
by junk or removed, is answered 200 or 400, never 5xx (a 5xx makes Meta retry for days)."""

from __future__ import annotations

import json
from typing import Any

from tests.fixtures.channel import PNID, post
from tests.fixtures.raw_deliveries import BSUID, NOW, USERNAME_CONTACT, ex, messages_value, mutated, paths

META = {"display_phone_number": "966110000000", "phone_number_id": PNID}
JUNK: list[Any] = [None, 10**30, "x", {}, [], "<deleted>"]


def delivery() -> dict:
    """One delivery with a change of each field Meta sends in 2026."""
    msgs = messages_value(
        {"from_user_id": BSUID, "id": "wamid.f1", "timestamp": str(NOW), "type": "text", "text": {"body": "هلا"}},
        {"from": "966501230000", "id": "wamid.f2", "timestamp": str(NOW), "type": "edit",
         "edit": {"original_message_id": "wamid.f1", "message": {"type": "text", "text": {"body": "هلا والله"}}}},
        {"from": "966501230000", "id": "wamid.f3", "timestamp": str(NOW), "type": "revoke",
         "revoke": {"original_message_id": "wamid.f1"}},
        {"from": "966501230000", "id": "wamid.f4", "timestamp": str(NOW), "type": "reaction",
         "reaction": {"message_id": "wamid.f1", "emoji": "👍"}},
        {"from": "966501230000", "id": "wamid.f5", "timestamp": str(NOW), "type": "order",
         "order": {"catalog_id": "c", "product_items": [{"product_retailer_id": "SKU", "quantity": "1",
                                                          "item_price": "5", "currency": "SAR"}]}},
        {"from": "966501230000", "id": "wamid.f6", "timestamp": str(NOW), "type": "request_welcome"},
        contacts=USERNAME_CONTACT,
    )  # fmt: skip
    echo = {
        "messaging_product": "whatsapp",
        "metadata": META,
        "message_echoes": [
            {
                "from": "966110000000",
                "to": "966501230000",
                "to_user_id": BSUID,
                "id": "wamid.f7",
                "timestamp": str(NOW),
                "type": "text",
                "text": {"body": "تم"},
            }
        ],
    }
    calls = {
        "messaging_product": "whatsapp",
        "metadata": META,
        "calls": [
            {
                "id": "wacid.F",
                "from": "966501230000",
                "to": "966110000000",
                "event": "terminate",
                "timestamp": str(NOW),
                "direction": "USER_INITIATED",
                "status": "FAILED",
            }
        ],
    }
    template = {
        "event": "REJECTED",
        "message_template_id": 1,
        "message_template_name": "t",
        "message_template_language": "ar",
        "reason": "INVALID_FORMAT",
        "other_info": {"title": "x", "description": "y"},
    }
    prefs = {
        "messaging_product": "whatsapp",
        "metadata": META,
        "user_preferences": [
            {
                "wa_id": "966501230000",
                "user_id": BSUID,
                "category": "marketing_messages",
                "value": "stop",
                "timestamp": NOW,
            }
        ],
    }
    moved = {
        "messaging_product": "whatsapp",
        "metadata": META,
        "user_id_update": [{"user_id": {"previous": BSUID, "current": "SA.42"}, "timestamp": str(NOW)}],
    }
    alert = {
        "entity_type": "WABA",
        "entity_id": "waba-1",
        "alert_severity": "WARNING",
        "alert_type": "X",
        "alert_description": "d",
    }
    changes = [
        ("messages", msgs),
        ("smb_message_echoes", echo),
        ("calls", calls),
        ("message_template_status_update", template),
        ("user_preferences", prefs),
        ("user_id_update", moved),
        ("account_alerts", alert),
    ]
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "waba-1", "changes": [{"field": f, "value": v} for f, v in changes]}],
    }


def test_mutated_2026_deliveries_are_never_a_5xx(channel):
    """Each field (and each part of the envelope) replaced by junk or removed: 200 or 400."""
    ex(
        channel["engine"],
        'UPDATE restaurants SET settings = settings || \'{"whatsapp_business_account_id": "waba-1", "welcome_message": "أهلاً"}\'::jsonb WHERE id = :r',
        r=channel["restaurant_id"],
    )
    ex(
        channel["engine"],
        "INSERT INTO message_templates (id, restaurant_id, name, language, purpose, body_preview, parameters, status, created_at) "
        "VALUES (gen_random_uuid(), :r, 't', 'ar', 'promotion', '', '[]', 'pending', now())",
        r=channel["restaurant_id"],
    )
    base = delivery()
    seen: dict[int, int] = {}
    for n, path in enumerate(paths(base)):
        for value in JUNK:
            body = mutated(base, path, value)
            # every mutation its own message ids, so none is a redelivery of another
            raw = json.dumps(body).replace("wamid.f", f"wamid.{n}.{JUNK.index(value)}.")
            code = post(channel["client"], raw=raw.encode()).status_code
            seen[code] = seen.get(code, 0) + 1
            assert code < 500, (str(path), value, code)
    assert set(seen) <= {200, 400} and seen.get(200, 0) > seen.get(400, 0) > 0, seen
