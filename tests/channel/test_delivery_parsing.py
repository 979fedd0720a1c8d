"""Inbound webhook parsing and signature checks (crm_res.integrations.whatsapp_inbound)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from crm_res.integrations.whatsapp_inbound import (
    InboundMessage,
    InvalidDelivery,
    parse_delivery,
    parse_delivery_body,
    text_of,
    verify_signature,
)
from tests.fakes import wa_payloads as wa
from tests.fixtures.raw_deliveries import mutated, paths

PNID = "106540352242922"
CUSTOMER = "966501234567"
SECRET = "app-secret"


def only_message(event: wa.Event) -> InboundMessage:
    parsed = parse_delivery(wa.delivery(event))
    assert len(parsed.messages) == 1 and not parsed.statuses
    return parsed.messages[0]


def envelope(value: Any) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


# ---------------------------------------------------------------- signatures


def test_signature_valid() -> None:
    """A header made with the app secret over the exact raw bytes verifies."""
    body = wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "مرحبا")))
    assert verify_signature(body, wa.sign(body, SECRET), SECRET)


def test_signature_rejects_tampered_body() -> None:
    """Changing one byte of the body invalidates the signature."""
    body = wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "hello")))
    header = wa.sign(body, SECRET)
    assert not verify_signature(body.replace(b"hello", b"hellO"), header, SECRET)


def test_signature_rejects_wrong_secret() -> None:
    """A signature made with another secret does not verify."""
    body = b'{"object":"whatsapp_business_account"}'
    assert not verify_signature(body, wa.sign(body, "other"), SECRET)


@pytest.mark.parametrize("header", [None, "", "sha256=", "sha1=abc", "deadbeef", "sha256=zz€"])
def test_signature_missing_or_malformed(header: str | None) -> None:
    """A missing, empty or malformed header never verifies (and never raises)."""
    assert not verify_signature(b"{}", header, SECRET)


def test_signature_without_prefix_is_rejected() -> None:
    """The bare hex digest without "sha256=" is not accepted."""
    body = b"{}"
    assert not verify_signature(body, wa.sign(body, SECRET).removeprefix("sha256="), SECRET)


# ---------------------------------------------------------------- message types


def test_text_message_fields() -> None:
    """A text parses with number, sender, name, UTC timestamp, body and the raw dict intact."""
    event = wa.text_message(PNID, CUSTOMER, "ابغى اطلب برجر مع بطاطس", timestamp=1749416383)
    original = copy.deepcopy(event.data)
    msg = only_message(event)
    assert msg.phone_number_id == PNID
    assert msg.display_phone_number == wa.DISPLAY_PHONE_NUMBER
    assert msg.wamid == event.wamid
    assert msg.from_wa_id == CUSTOMER
    assert msg.profile_name == wa.DEFAULT_NAME
    assert msg.timestamp == datetime(2025, 6, 8, 20, 59, 43, tzinfo=UTC)
    assert msg.timestamp.utcoffset() is not None
    assert (msg.type, msg.original_type) == ("text", "text")
    assert msg.text == "ابغى اطلب برجر مع بطاطس"
    assert msg.raw == original


def test_text_reply_context() -> None:
    """A reply carries the id of the message it answers."""
    msg = only_message(wa.text_message(PNID, CUSTOMER, "yes", reply_to="wamid.OURS"))
    assert msg.context_message_id == "wamid.OURS"
    assert msg.context_from == wa.DISPLAY_PHONE_NUMBER


def test_referred_product_context() -> None:
    """A question about a catalog product names that product."""
    event = wa.text_message(PNID, CUSTOMER, "is this spicy?")
    event.data["context"] = {
        "from": wa.DISPLAY_PHONE_NUMBER,
        "id": "wamid.PRODUCT",
        "referred_product": {"catalog_id": "CAT", "product_retailer_id": "burger-1"},
    }
    msg = only_message(event)
    assert (msg.referred_catalog_id, msg.referred_product_retailer_id) == ("CAT", "burger-1")


def test_ad_referral() -> None:
    """A message from a click-to-WhatsApp ad keeps the ad's referral data."""
    referral = {
        "source_url": "https://fb.me/x",
        "source_id": "ad-1",
        "source_type": "ad",
        "headline": "Iftar offer",
        "body": "2 for 1",
        "ctwa_clid": "clid-1",
    }
    msg = only_message(wa.text_message(PNID, CUSTOMER, "offer?", referral=referral))
    assert msg.referral is not None
    assert (msg.referral.source_type, msg.referral.ctwa_clid) == ("ad", "clid-1")


def test_forwarded_flags() -> None:
    """Forwarded and frequently-forwarded flags come through."""
    event = wa.text_message(PNID, CUSTOMER, "fwd")
    event.data["context"] = {"forwarded": True, "frequently_forwarded": True}
    msg = only_message(event)
    assert msg.forwarded and msg.frequently_forwarded
    assert msg.context_message_id is None


def test_interactive_button_reply() -> None:
    """A tapped reply button gives its id and title."""
    msg = only_message(wa.button_reply(PNID, CUSTOMER, "confirm_order", "نعم، أكد"))
    assert (msg.type, msg.interactive_type) == ("interactive", "button_reply")
    assert (msg.reply_id, msg.reply_title) == ("confirm_order", "نعم، أكد")
    assert msg.context_message_id


def test_interactive_list_reply() -> None:
    """A picked list row gives id, title and description."""
    msg = only_message(wa.list_reply(PNID, CUSTOMER, "branch_olaya", "العليا", "طريق الملك فهد"))
    assert msg.interactive_type == "list_reply"
    assert (msg.reply_id, msg.reply_title, msg.reply_description) == (
        "branch_olaya",
        "العليا",
        "طريق الملك فهد",
    )


def test_interactive_flow_reply() -> None:
    """A WhatsApp Flow answer (nfm_reply) keeps its body and response JSON."""
    content = {
        "type": "nfm_reply",
        "nfm_reply": {"name": "flow", "body": "Sent", "response_json": '{"rating": "5"}'},
    }
    event = wa.button_reply(PNID, CUSTOMER, "x", "y")
    event.data["interactive"] = content
    msg = only_message(event)
    assert msg.interactive_type == "nfm_reply"
    assert json.loads(msg.flow_response_json or "") == {"rating": "5"}


def test_interactive_unknown_subtype_still_parses() -> None:
    """An interactive subtype we do not know keeps its type and raw data."""
    event = wa.button_reply(PNID, CUSTOMER, "x", "y")
    event.data["interactive"] = {"type": "call_permission_reply", "call_permission_reply": {}}
    msg = only_message(event)
    assert msg.interactive_type == "call_permission_reply"
    assert msg.reply_id is None
    assert msg.raw["interactive"]["type"] == "call_permission_reply"


def test_template_button_message() -> None:
    """A template quick-reply tap gives payload and text."""
    msg = only_message(wa.button_message(PNID, CUSTOMER, "ممتاز", payload="rating_5"))
    assert msg.type == "button"
    assert (msg.button_payload, msg.button_text) == ("rating_5", "ممتاز")


def test_location_message() -> None:
    """A location gives coordinates, name and address."""
    msg = only_message(wa.location_message(PNID, CUSTOMER, 24.7, 46.6, "البيت", "حي النرجس، الرياض"))
    assert (msg.latitude, msg.longitude) == (24.7, 46.6)
    assert (msg.location_name, msg.location_address) == ("البيت", "حي النرجس، الرياض")


@pytest.mark.parametrize("kind", ["image", "audio", "video", "document", "sticker"])
def test_media_messages(kind: Any) -> None:
    """Every media type gives its media id, mime type and sha256."""
    event = wa.media_message(PNID, CUSTOMER, kind, media_id=f"{kind}-id")
    msg = only_message(event)
    assert msg.type == kind
    assert msg.media_id == f"{kind}-id"
    assert msg.mime_type == event.data[kind]["mime_type"]
    assert msg.sha256 == event.data[kind]["sha256"]


def test_image_caption() -> None:
    """An image's caption is kept."""
    msg = only_message(wa.image_message(PNID, CUSTOMER, "img-1", caption="الطلب وصل بارد"))
    assert msg.caption == "الطلب وصل بارد"


def test_voice_note_flag() -> None:
    """A voice note is an audio message with voice=True."""
    assert only_message(wa.audio_message(PNID, CUSTOMER, "a1")).voice is True
    assert only_message(wa.audio_message(PNID, CUSTOMER, "a2", voice=False)).voice is False


def test_document_filename() -> None:
    """A document keeps its filename and caption."""
    msg = only_message(wa.document_message(PNID, CUSTOMER, "d1", filename="فاتورة.pdf"))
    assert msg.filename == "فاتورة.pdf"


def test_animated_sticker() -> None:
    """An animated sticker says so."""
    assert only_message(wa.sticker_message(PNID, CUSTOMER, "s1", animated=True)).animated


def test_contacts_message() -> None:
    """Shared contact cards give names and phones."""
    cards = [("محمد العتيبي", "+966 50 111 2222"), ("Sara Ali", "+966 55 333 4444")]
    msg = only_message(wa.contacts_message(PNID, CUSTOMER, cards))
    assert [c.formatted_name for c in msg.contacts] == ["محمد العتيبي", "Sara Ali"]
    assert msg.contacts[0].phones[0].wa_id == "966501112222"
    assert msg.contacts[1].raw["name"]["formatted_name"] == "Sara Ali"


def test_reaction_message() -> None:
    """A reaction names the message reacted to and the emoji."""
    msg = only_message(wa.reaction_message(PNID, CUSTOMER, "wamid.OURS", "❤️"))
    assert (msg.reaction_message_id, msg.reaction_emoji) == ("wamid.OURS", "❤️")


def test_removed_reaction() -> None:
    """A removed reaction has no emoji."""
    msg = only_message(wa.reaction_message(PNID, CUSTOMER, "wamid.OURS", ""))
    assert msg.reaction_message_id == "wamid.OURS" and msg.reaction_emoji is None


def test_order_message() -> None:
    """A catalog order gives the catalog, note and items with exact prices."""
    items = [("burger", 2, 25.5), ("fries", 1, 9.0)]
    msg = only_message(wa.order_message(PNID, CUSTOMER, "CAT-9", items, text="بدون بصل"))
    assert (msg.catalog_id, msg.order_text) == ("CAT-9", "بدون بصل")
    assert [(i.product_retailer_id, i.quantity, i.item_price) for i in msg.product_items] == [
        ("burger", 2, Decimal("25.5")),
        ("fries", 1, Decimal("9.0")),
    ]
    assert msg.product_items[0].currency == "SAR"


def test_system_message() -> None:
    """A number change gives the system type, body and the new wa_id."""
    msg = only_message(wa.system_message(PNID, CUSTOMER, "966509999999"))
    assert msg.type == "system"
    assert msg.system_type == "user_changed_number"
    assert msg.system_new_wa_id == "966509999999"
    assert "changed" in (msg.system_body or "")
    assert msg.profile_name is None


def test_unsupported_message_with_errors() -> None:
    """An unsupported message keeps Meta's error code, title and details."""
    msg = only_message(wa.unsupported_message(PNID, CUSTOMER))
    assert msg.type == "unsupported"
    assert msg.unsupported_type == "poll_creation"
    assert [(e.code, e.title) for e in msg.errors] == [(131051, "Message type unknown")]
    assert msg.errors[0].details == "Message type is currently not supported."


def test_request_welcome() -> None:
    """A first-open request_welcome parses without content."""
    msg = only_message(wa.future_message(PNID, CUSTOMER, "request_welcome", content={}))
    assert msg.type == "request_welcome"
    assert text_of(msg) == ""


def test_future_type_parses_as_unknown() -> None:
    """A type Meta adds later parses as "unknown", keeping its name and raw content."""
    event = wa.future_message(PNID, CUSTOMER, "poll", {"question": "Best dish?"})
    msg = only_message(event)
    assert (msg.type, msg.original_type) == ("unknown", "poll")
    assert msg.raw["poll"] == {"question": "Best dish?"}


def test_future_type_with_a_known_key_shape_still_parses() -> None:
    """An unknown type carrying keys that look like known ones is not validated against them."""
    event = wa.future_message(PNID, CUSTOMER, "carousel_reply", {"x": 1})
    event.data["location"] = "not-an-object"
    assert only_message(event).type == "unknown"


def test_meta_unknown_type() -> None:
    """Meta's own type "unknown" (with errors) parses."""
    event = wa.unsupported_message(PNID, CUSTOMER, unsupported_type=None)
    event.data["type"] = "unknown"
    msg = only_message(event)
    assert msg.type == "unknown" and msg.errors[0].code == 131051


def test_username_user_without_phone() -> None:
    """A username user whose number is withheld is identified by from_user_id (BSUID)."""
    event = wa.text_message(PNID, CUSTOMER, "hi", name="Noura")
    del event.data["from"]
    event.data["from_user_id"] = "SA.1502576394655843"
    event.contact = {"profile": {"name": "Noura"}, "user_id": "SA.1502576394655843"}
    msg = only_message(event)
    assert msg.from_wa_id == msg.from_user_id == "SA.1502576394655843"
    assert msg.profile_name == "Noura"


def test_profile_name_matches_sender() -> None:
    """With several senders in one change, each message gets its own sender's name."""
    a = wa.text_message(PNID, "966500000001", "a", name="Ali")
    b = wa.text_message(PNID, "966500000002", "b", name="Huda")
    parsed = parse_delivery(wa.delivery(a, b))
    assert [m.profile_name for m in parsed.messages] == ["Ali", "Huda"]


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize("state", ["sent", "delivered", "read", "deleted"])
def test_status_updates(state: str) -> None:
    """Every status parses with wamid, recipient and UTC timestamp."""
    parsed = parse_delivery(wa.delivery(wa.status(PNID, "wamid.OUT", state, timestamp=1700000000)))
    (update,) = parsed.statuses
    assert (update.wamid, update.status, update.recipient_id) == ("wamid.OUT", state, CUSTOMER)
    assert update.timestamp == datetime.fromtimestamp(1700000000, UTC)
    assert update.phone_number_id == PNID


def test_status_conversation_and_pricing() -> None:
    """Conversation id/origin/expiry and pricing come through."""
    (update,) = parse_delivery(wa.delivery(wa.status(PNID, "wamid.OUT", "sent"))).statuses
    assert update.conversation_id and update.conversation_origin == "service"
    assert update.conversation_expires_at is not None
    assert update.conversation_expires_at.tzinfo is not None
    assert (update.billable, update.pricing_model, update.pricing_category) == (
        True,
        "PMP",
        "service",
    )


def test_failed_status_errors() -> None:
    """A failed status keeps code, title, message and details of each error."""
    event = wa.status(PNID, "wamid.OUT", "failed", errors=[wa.status_error()])
    (update,) = parse_delivery(wa.delivery(event)).statuses
    assert update.status == "failed"
    (error,) = update.errors
    assert (error.code, error.title, error.message) == (
        131047,
        "Re-engagement message",
        "Re-engagement message",
    )
    assert "24 hours" in (error.details or "")


def test_unknown_status_value_is_kept() -> None:
    """A status value Meta adds later (e.g. "played") is kept, not rejected."""
    (update,) = parse_delivery(wa.delivery(wa.status(PNID, "wamid.V", "played"))).statuses
    assert update.status == "played"


# ---------------------------------------------------------------- whole deliveries


def test_mixed_delivery_flattens_everything() -> None:
    """Messages and statuses for two numbers flatten into lists, in order."""
    events = [
        wa.text_message(PNID, CUSTOMER, "1"),
        wa.status(PNID, "wamid.A", "read"),
        wa.image_message("OTHER", CUSTOMER, "m1"),
        wa.text_message(PNID, CUSTOMER, "2"),
    ]
    parsed = parse_delivery(wa.delivery(*events))
    assert [m.wamid for m in parsed.messages] == [events[0].wamid, events[3].wamid, events[2].wamid]
    assert [s.wamid for s in parsed.statuses] == ["wamid.A"]
    assert parsed.phone_number_ids == [PNID, "OTHER"]


def test_other_webhook_fields_are_kept_as_events() -> None:
    """Non-message changes (template status, account updates) are kept raw as events, named."""
    body = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [{"field": "message_template_status_update", "value": {"event": "APPROVED"}}],
            }
        ],
    }
    parsed = parse_delivery(body)
    assert parsed.ignored_fields == ["message_template_status_update"]
    assert parsed.messages == parsed.statuses == []
    [event] = parsed.events
    assert (event.field, event.waba_id, event.value) == (
        "message_template_status_update",
        "1",
        {"event": "APPROVED"},
    )


def test_value_level_errors() -> None:
    """Errors Meta reports for a whole change value are listed with their number."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "1", "phone_number_id": PNID},
        "errors": [{"code": 131000, "title": "Something went wrong", "message": "x"}],
    }
    parsed = parse_delivery(envelope(value))
    assert [(e.phone_number_id, e.code) for e in parsed.errors] == [(PNID, 131000)]


def test_parse_body_bytes_roundtrip() -> None:
    """The raw bytes Meta posts parse the same as the decoded dict."""
    event = wa.text_message(PNID, CUSTOMER, "سلام")
    body = wa.encode(wa.delivery(event))
    assert parse_delivery_body(body) == parse_delivery(json.loads(body))


def test_numeric_ids_are_strings() -> None:
    """A phone_number_id sent as a number is read as the same string."""
    value = wa.delivery(wa.text_message(PNID, CUSTOMER, "x"))["entry"][0]["changes"][0]["value"]
    value["metadata"]["phone_number_id"] = int(PNID)
    assert parse_delivery(envelope(value)).messages[0].phone_number_id == PNID


# ---------------------------------------------------------------- not a delivery


def _text_value(**message_changes: Any) -> dict[str, Any]:
    value = wa.delivery(wa.text_message(PNID, CUSTOMER, "x"))["entry"][0]["changes"][0]["value"]
    value["messages"][0].update(message_changes)
    return value


BAD_BODIES = {
    "a list": ([], "JSON object"),
    "a string": ("hello", "JSON object"),
    "another object": ({"object": "page", "entry": [{"changes": []}]}, "object"),
    "no entry": ({"object": "whatsapp_business_account"}, "entry"),
    "empty entry": ({"object": "whatsapp_business_account", "entry": []}, "entry"),
    "entry not a list": ({"object": "whatsapp_business_account", "entry": {}}, "entry"),
    "no changes": ({"object": "whatsapp_business_account", "entry": [{"id": "1"}]}, "changes"),
    "no metadata": (envelope({"messages": []}), "value.metadata"),
    "no phone_number_id": (envelope({"metadata": {}}), "metadata.phone_number_id"),
    "wrong product": (
        envelope({"messaging_product": "sms", "metadata": {"phone_number_id": PNID}}),
        "messaging_product",
    ),
}


# Inside a well-formed delivery: kept (as an unsupported message or event, with the reason), never refused.
UNREADABLE_INSIDE = {
    "message without id": (envelope(_text_value(id=None)), "messages[0].id"),
    "message without type": (envelope(_text_value(type=None)), "messages[0].type"),
    "bad timestamp": (envelope(_text_value(timestamp="yesterday")), "messages[0].timestamp"),
    "text without body": (envelope(_text_value(text={})), "messages[0].text.body"),
    "text without text": (envelope(_text_value(text=None)), "has no 'text' object"),
    "no sender": (envelope(_text_value(**{"from": None})), "from_user_id"),
    "location not numeric": (
        envelope(_text_value(type="location", location={"latitude": "north", "longitude": 1})),
        "location.latitude",
    ),
    "messages not a list": (
        envelope({"metadata": {"phone_number_id": PNID}, "messages": {"id": "x"}}),
        "messages",
    ),
    "status without status": (
        envelope(
            {
                "metadata": {"phone_number_id": PNID},
                "statuses": [{"id": "w", "timestamp": "1"}],
            }
        ),
        "statuses[0].status",
    ),
}


@pytest.mark.parametrize("body,reason", UNREADABLE_INSIDE.values(), ids=UNREADABLE_INSIDE.keys())
def test_unreadable_parts_are_kept_with_their_reason(body: Any, reason: str) -> None:
    """A message or status that cannot be read is kept as unsupported with its reason, not refused."""
    parsed = parse_delivery(body)
    kept = [m.unsupported_reason for m in parsed.messages if m.type == "unsupported"]
    kept += [e.reason for e in parsed.events if e.field == "unsupported"]
    assert len(kept) == 1 and reason in (kept[0] or "")


@pytest.mark.parametrize("body,reason", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_not_a_delivery(body: Any, reason: str) -> None:
    """A body that is not a WhatsApp delivery raises InvalidDelivery saying where and why."""
    with pytest.raises(InvalidDelivery) as err:
        parse_delivery(body)
    assert reason in str(err.value)
    assert str(err.value).startswith("not a WhatsApp delivery")


@pytest.mark.parametrize("raw", [b"", b"{not json", b"\xff\xfe", b"null"])
def test_bad_bytes(raw: bytes) -> None:
    """Undecodable or non-object bodies raise InvalidDelivery (a ValueError)."""
    with pytest.raises(InvalidDelivery):
        parse_delivery_body(raw)
    assert issubclass(InvalidDelivery, ValueError)


# ---------------------------------------------------------------- text_of


TEXT_OF = {
    "text": (wa.text_message(PNID, CUSTOMER, "كم السعر؟"), "كم السعر؟"),
    "button reply": (wa.button_reply(PNID, CUSTOMER, "yes", "نعم"), "نعم"),
    "list reply": (wa.list_reply(PNID, CUSTOMER, "r1", "برجر لحم", "150g"), "برجر لحم"),
    "button": (wa.button_message(PNID, CUSTOMER, "Stop promotions", "STOP"), "Stop promotions"),
    "image caption": (wa.image_message(PNID, CUSTOMER, caption="cold fries"), "cold fries"),
    "voice": (wa.audio_message(PNID, CUSTOMER), ""),
    "location": (
        wa.location_message(PNID, CUSTOMER, 1, 2, "Home", "Olaya St"),
        "Home - Olaya St",
    ),
    "contacts": (wa.contacts_message(PNID, CUSTOMER, [("Ali", "+1"), ("Sara", "+2")]), "Ali, Sara"),
    "reaction": (wa.reaction_message(PNID, CUSTOMER, "wamid.X", "👍"), "👍"),
    "order": (wa.order_message(PNID, CUSTOMER, text="extra sauce"), "extra sauce"),
    "system": (wa.system_message(PNID, CUSTOMER, "9665", body="changed number"), "changed number"),
    "unsupported": (wa.unsupported_message(PNID, CUSTOMER), ""),
    "future": (wa.future_message(PNID, CUSTOMER), ""),
}


@pytest.mark.parametrize("event,expected", TEXT_OF.values(), ids=TEXT_OF.keys())
def test_text_of(event: wa.Event, expected: str) -> None:
    """text_of gives the text the assistant should read for every message type."""
    assert text_of(only_message(event)) == expected


# ---------------------------------------------------------------- robustness


def test_mutated_deliveries_never_crash() -> None:
    """Any field of any type replaced by junk or removed parses or raises InvalidDelivery."""
    events = [
        wa.text_message(PNID, CUSTOMER, "x", reply_to="wamid.A"),
        wa.list_reply(PNID, CUSTOMER, "r", "t", "d"),
        wa.location_message(PNID, CUSTOMER, 1, 2, "n", "a"),
        wa.audio_message(PNID, CUSTOMER),
        wa.contacts_message(PNID, CUSTOMER),
        wa.order_message(PNID, CUSTOMER, text="t"),
        wa.system_message(PNID, CUSTOMER, "1"),
        wa.unsupported_message(PNID, CUSTOMER),
        wa.status(PNID, "wamid.B", "failed", errors=[wa.status_error()]),
        wa.status(PNID, "wamid.C", "sent"),
    ]
    base = wa.delivery(*events)
    junk: list[Any] = [None, 10**30, "x", [], {}, True, "99999999999999999999", "<deleted>"]
    outcomes = {"parsed": 0, "refused": 0}
    for path in list(paths(base)):
        for value in junk:
            body = mutated(base, path, value)
            try:
                parse_delivery(body)
                outcomes["parsed"] += 1
            except InvalidDelivery:
                outcomes["refused"] += 1
    assert outcomes["parsed"] > 0 and outcomes["refused"] > 0


def test_text_postgres_cannot_store_is_replaced_not_refused() -> None:
    """A NUL or a lone surrogate in a message becomes U+FFFD; a real emoji escape is untouched."""
    event = wa.text_message(PNID, CUSTOMER, "a\u0000b \ud800 c \U0001f600")
    body = json.dumps(wa.delivery(event)).encode()  # ASCII JSON: the odd characters as \u escapes
    assert b"\\u0000" in body and b"\\ud800" in body
    msg = parse_delivery_body(body).messages[0]
    assert msg.text == "a\ufffdb \ufffd c \U0001f600"
    assert msg.raw["text"]["body"] == msg.text
    clean = wa.encode(wa.delivery(wa.text_message(PNID, CUSTOMER, "سلام 😀")))
    assert parse_delivery_body(clean).messages[0].text == "سلام 😀"
