"""Builders for realistic inbound WhatsApp webhook deliveries (tests and benchmarks).

Each builder returns one `Event` (a message or a status, as it sits in a change value);
`delivery(*events)` wraps them into the full webhook envelope, grouping by phone_number_id;
`encode` and `sign` turn it into the bytes and X-Hub-Signature-256 Meta would send:

    msg = text_message("123", "966501234567", "ابغى اطلب برجر")
    body = encode(delivery(msg))
    headers = {"X-Hub-Signature-256": sign(body, "app-secret")}
    ... msg.wamid ...
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypedDict, Unpack

DEFAULT_NAME = "عبدالله"
DISPLAY_PHONE_NUMBER = "966110000000"


@dataclass
class Event:
    """One message or status destined for `phone_number_id`; `data` is Meta's dict (mutable)."""

    phone_number_id: str
    kind: Literal["messages", "statuses"]
    data: dict[str, Any]
    contact: dict[str, Any] | None = None

    @property
    def wamid(self) -> str:
        return str(self.data["id"])


def new_wamid() -> str:
    """A fresh id shaped like Meta's (wamid.<base64-ish>)."""
    return "wamid.HBgM" + uuid.uuid4().hex.upper()


def _now() -> str:
    return str(int(time.time()))


def _message(
    phone_number_id: str,
    from_wa_id: str,
    kind: str,
    content: Any,
    *,
    wamid: str | None,
    name: str | None,
    timestamp: int | str | None,
    reply_to: str | None = None,
) -> Event:
    data: dict[str, Any] = {
        "from": from_wa_id,
        "id": wamid or new_wamid(),
        "timestamp": str(timestamp) if timestamp is not None else _now(),
        "type": kind,
    }
    if content is not None:
        data[kind] = content
    if reply_to:
        data["context"] = {"from": DISPLAY_PHONE_NUMBER, "id": reply_to}
    contact = {"profile": {"name": name}, "wa_id": from_wa_id} if name is not None else None
    return Event(phone_number_id, "messages", data, contact)


class AnswerMeta(TypedDict, total=False):
    """What an answer's builder takes besides its content: its wamid (a fresh one), the customer's
    profile name (DEFAULT_NAME; None: no contact), Meta's timestamp (now) and the message of ours it
    quotes (a made-up one)."""

    wamid: str | None
    name: str | None
    timestamp: int | str | None
    reply_to: str | None


def _answer(phone_number_id: str, from_wa_id: str, kind: str, content: Any, meta: AnswerMeta) -> Event:
    """A message answering one of ours (a button, a list row): it always quotes the message it
    answers, a made-up one unless `reply_to` names it."""
    return _message(
        phone_number_id,
        from_wa_id,
        kind,
        content,
        wamid=meta.get("wamid"),
        name=meta.get("name", DEFAULT_NAME),
        timestamp=meta.get("timestamp"),
        reply_to=meta.get("reply_to") or new_wamid(),
    )


def text_message(
    phone_number_id: str,
    from_wa_id: str,
    body: str,
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    *,
    timestamp: int | str | None = None,
    reply_to: str | None = None,
    referral: dict[str, Any] | None = None,
) -> Event:
    """A customer's text; `referral` makes it come from a click-to-WhatsApp ad."""
    event = _message(
        phone_number_id,
        from_wa_id,
        "text",
        {"body": body},
        wamid=wamid,
        name=name,
        timestamp=timestamp,
        reply_to=reply_to,
    )
    if referral is not None:
        event.data["referral"] = referral
    return event


def button_reply(
    phone_number_id: str,
    from_wa_id: str,
    button_id: str,
    title: str,
    **meta: Unpack[AnswerMeta],
) -> Event:
    """The customer tapped one of our reply buttons."""
    content = {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}
    return _answer(phone_number_id, from_wa_id, "interactive", content, meta)


def list_reply(
    phone_number_id: str,
    from_wa_id: str,
    row_id: str,
    title: str,
    description: str | None = None,
    **meta: Unpack[AnswerMeta],
) -> Event:
    """The customer picked a row of our list message."""
    row = {"id": row_id, "title": title}
    if description is not None:
        row["description"] = description
    content = {"type": "list_reply", "list_reply": row}
    return _answer(phone_number_id, from_wa_id, "interactive", content, meta)


def button_message(
    phone_number_id: str,
    from_wa_id: str,
    text: str,
    payload: str | None = None,
    **meta: Unpack[AnswerMeta],
) -> Event:
    """The customer tapped a quick-reply button of a template message."""
    content = {"payload": payload if payload is not None else text, "text": text}
    return _answer(phone_number_id, from_wa_id, "button", content, meta)


def location_message(
    phone_number_id: str,
    from_wa_id: str,
    latitude: float = 24.7136,
    longitude: float = 46.6753,
    location_name: str | None = None,
    address: str | None = None,
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    *,
    timestamp: int | str | None = None,
) -> Event:
    """A shared location (Riyadh by default)."""
    content: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if location_name is not None:
        content["name"] = location_name
    if address is not None:
        content["address"] = address
    return _message(
        phone_number_id,
        from_wa_id,
        "location",
        content,
        wamid=wamid,
        name=name,
        timestamp=timestamp,
    )


_MIME = {
    "image": "image/jpeg",
    "audio": "audio/ogg; codecs=opus",
    "video": "video/mp4",
    "document": "application/pdf",
    "sticker": "image/webp",
}


def media_message(
    phone_number_id: str,
    from_wa_id: str,
    kind: Literal["image", "audio", "video", "document", "sticker"],
    media_id: str | None = None,
    *,
    caption: str | None = None,
    filename: str | None = None,
    mime_type: str | None = None,
    voice: bool = False,
    animated: bool = False,
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    timestamp: int | str | None = None,
) -> Event:
    """An image/audio/video/document/sticker carrying a media id (downloadable via Graph)."""
    content: dict[str, Any] = {
        "id": media_id or str(uuid.uuid4().int)[:15],
        "mime_type": mime_type or _MIME[kind],
        "sha256": hashlib.sha256((media_id or kind).encode()).hexdigest(),
    }
    if caption is not None:
        content["caption"] = caption
    if filename is not None:
        content["filename"] = filename
    if kind == "audio":
        content["voice"] = voice
    if kind == "sticker":
        content["animated"] = animated
    return _message(phone_number_id, from_wa_id, kind, content, wamid=wamid, name=name, timestamp=timestamp)


def image_message(phone_number_id: str, from_wa_id: str, media_id: str | None = None, **kw: Any) -> Event:
    return media_message(phone_number_id, from_wa_id, "image", media_id, **kw)


def audio_message(phone_number_id: str, from_wa_id: str, media_id: str | None = None, **kw: Any) -> Event:
    """A voice note by default (voice=True)."""
    kw.setdefault("voice", True)
    return media_message(phone_number_id, from_wa_id, "audio", media_id, **kw)


def video_message(phone_number_id: str, from_wa_id: str, media_id: str | None = None, **kw: Any) -> Event:
    return media_message(phone_number_id, from_wa_id, "video", media_id, **kw)


def document_message(phone_number_id: str, from_wa_id: str, media_id: str | None = None, **kw: Any) -> Event:
    kw.setdefault("filename", "receipt.pdf")
    return media_message(phone_number_id, from_wa_id, "document", media_id, **kw)


def sticker_message(phone_number_id: str, from_wa_id: str, media_id: str | None = None, **kw: Any) -> Event:
    return media_message(phone_number_id, from_wa_id, "sticker", media_id, **kw)


def contacts_message(
    phone_number_id: str,
    from_wa_id: str,
    cards: Sequence[tuple[str, str]] = (("محمد العتيبي", "+966 50 111 2222"),),
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    *,
    timestamp: int | str | None = None,
) -> Event:
    """Shared contact cards, each (formatted name, phone)."""
    content = [
        {
            "name": {"formatted_name": card_name, "first_name": card_name.split()[0]},
            "phones": [
                {
                    "phone": phone,
                    "wa_id": "".join(c for c in phone if c.isdigit()),
                    "type": "CELL",
                }
            ],
        }
        for card_name, phone in cards
    ]
    return _message(
        phone_number_id,
        from_wa_id,
        "contacts",
        content,
        wamid=wamid,
        name=name,
        timestamp=timestamp,
    )


def reaction_message(
    phone_number_id: str,
    from_wa_id: str,
    message_id: str,
    emoji: str = "👍",
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    *,
    timestamp: int | str | None = None,
) -> Event:
    """The customer reacted to `message_id`; emoji "" means the reaction was removed."""
    content: dict[str, Any] = {"message_id": message_id}
    if emoji:
        content["emoji"] = emoji
    return _message(
        phone_number_id,
        from_wa_id,
        "reaction",
        content,
        wamid=wamid,
        name=name,
        timestamp=timestamp,
    )


def order_message(
    phone_number_id: str,
    from_wa_id: str,
    catalog_id: str = "CATALOG_1",
    items: Sequence[tuple[str, int, float]] = (("burger-classic", 2, 25.0),),
    text: str | None = None,
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    *,
    currency: str = "SAR",
    timestamp: int | str | None = None,
) -> Event:
    """A cart sent from the catalog; items are (retailer id, quantity, unit price)."""
    content: dict[str, Any] = {
        "catalog_id": catalog_id,
        "product_items": [
            {"product_retailer_id": rid, "quantity": qty, "item_price": price, "currency": currency}
            for rid, qty, price in items
        ],
    }
    if text is not None:
        content["text"] = text
    return _message(
        phone_number_id,
        from_wa_id,
        "order",
        content,
        wamid=wamid,
        name=name,
        timestamp=timestamp,
    )


def system_message(
    phone_number_id: str,
    from_wa_id: str,
    new_wa_id: str,
    body: str | None = None,
    wamid: str | None = None,
    *,
    timestamp: int | str | None = None,
) -> Event:
    """The customer changed their number (type user_changed_number); no contact entry."""
    content = {
        "body": body or f"User {from_wa_id} changed from {from_wa_id} to {new_wa_id}",
        "new_wa_id": new_wa_id,
        "type": "user_changed_number",
    }
    return _message(
        phone_number_id, from_wa_id, "system", content, wamid=wamid, name=None, timestamp=timestamp
    )


def unsupported_message(
    phone_number_id: str,
    from_wa_id: str,
    code: int = 131051,
    title: str = "Message type unknown",
    details: str = "Message type is currently not supported.",
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
    *,
    unsupported_type: str | None = "poll_creation",
    timestamp: int | str | None = None,
) -> Event:
    """A message Cloud API cannot show us, with Meta's error explaining why."""
    content = {"type": unsupported_type} if unsupported_type else None
    event = _message(
        phone_number_id,
        from_wa_id,
        "unsupported",
        content,
        wamid=wamid,
        name=name,
        timestamp=timestamp,
    )
    event.data["errors"] = [
        {"code": code, "title": title, "message": title, "error_data": {"details": details}}
    ]
    return event


def future_message(
    phone_number_id: str,
    from_wa_id: str,
    kind: str = "poll",
    content: Any = None,
    wamid: str | None = None,
    name: str | None = DEFAULT_NAME,
) -> Event:
    """A message type Meta may add tomorrow: the parser must keep it, as type "unknown"."""
    body = content if content is not None else {"question": "?", "options": ["a", "b"]}
    return _message(phone_number_id, from_wa_id, kind, body, wamid=wamid, name=name, timestamp=None)


def status(
    phone_number_id: str,
    wamid: str,
    status: str = "delivered",
    errors: Sequence[dict[str, Any]] | None = None,
    recipient_id: str = "966501234567",
    *,
    timestamp: int | str | None = None,
    conversation: bool = True,
) -> Event:
    """A status update for one of our outbound messages (failed ones carry `errors`)."""
    data: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(timestamp) if timestamp is not None else _now(),
        "recipient_id": recipient_id,
    }
    if conversation and status != "failed":
        data["conversation"] = {
            "id": uuid.uuid4().hex,
            "expiration_timestamp": str(int(time.time()) + 86400),
            "origin": {"type": "service"},
        }
        data["pricing"] = {
            "billable": True,
            "pricing_model": "PMP",
            "category": "service",
            "type": "regular",
        }
    if errors is not None:
        data["errors"] = list(errors)
    return Event(phone_number_id, "statuses", data)


def status_error(
    code: int = 131047, title: str = "Re-engagement message", details: str | None = None
) -> dict[str, Any]:
    """An error object for `status(..., errors=[...])`."""
    details = details or "Message failed to send because more than 24 hours have passed."
    return {
        "code": code,
        "title": title,
        "message": title,
        "error_data": {"details": details},
        "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    }


def delivery(*events: Event, waba_id: str = "102290129340398") -> dict[str, Any]:
    """The full webhook body: one entry, one change per phone_number_id, in event order."""
    values: dict[str, dict[str, Any]] = {}
    for event in events:
        value = values.setdefault(
            event.phone_number_id,
            {
                "messaging_product": "whatsapp",
                "metadata": {
                    "display_phone_number": DISPLAY_PHONE_NUMBER,
                    "phone_number_id": event.phone_number_id,
                },
            },
        )
        value.setdefault(event.kind, []).append(event.data)
        if event.contact is not None:
            contacts = value.setdefault("contacts", [])
            if event.contact not in contacts:
                contacts.append(event.contact)
    changes = [{"value": value, "field": "messages"} for value in values.values()]
    return {"object": "whatsapp_business_account", "entry": [{"id": waba_id, "changes": changes}]}


def encode(payload: dict[str, Any]) -> bytes:
    """The bytes Meta would POST (compact JSON, non-ASCII escaped as Meta does)."""
    return json.dumps(payload, separators=(",", ":")).encode()


def sign(body: bytes, secret: str) -> str:
    """The X-Hub-Signature-256 header value for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed_request(secret: str, *events: Event) -> tuple[bytes, dict[str, str]]:
    """(body, headers) ready to POST to /webhooks/whatsapp."""
    body = encode(delivery(*events))
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, secret)}
    return body, headers
