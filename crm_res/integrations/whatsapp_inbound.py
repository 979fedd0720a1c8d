"""Inbound WhatsApp Cloud API webhooks: signature check and parsing into flat, typed records.

`verify_signature` checks `X-Hub-Signature-256` over the raw body. `parse_delivery` validates a
`whatsapp_business_account` delivery and flattens every entry/change into `InboundMessage` and
`StatusUpdate` lists; a body that is not a WhatsApp delivery raises `InvalidDelivery` saying
where and why. Message types this module does not know yet parse as type "unknown" with the
original dict in `raw`, so a new Meta feature never makes the webhook drop a delivery.
No database access here: the webhook and services persist what this returns.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import from_json

SIGNATURE_PREFIX = "sha256="
# Lengths kept of what a customer writes (WhatsApp's own limit on a text is 4,096 characters):
# anything longer is truncated, never refused, so the message is stored all the same.
MAX_TEXT_CHARS = 4096
MAX_NAME_CHARS = 512  # a raw profile name is cut here (abuse); the stored name is capped after cleaning (display_text.NAME_MAX)

KNOWN_TYPES = frozenset(
    "text image audio video document sticker location contacts interactive button reaction"
    " order system request_welcome unsupported unknown edit revoke call".split()
)
MEDIA_TYPES = frozenset({"image", "audio", "video", "document", "sticker"})


class InvalidDelivery(ValueError):
    """The request body is not a WhatsApp Cloud API webhook delivery (the webhook answers 400)."""


def verify_signature(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """True when `header` is "sha256=<hex>" of HMAC-SHA256(app_secret, raw_body)."""
    if not header or not app_secret or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    given = header[len(SIGNATURE_PREFIX) :].strip().lower()
    return hmac.compare_digest(expected.encode(), given.encode("ascii", "replace"))


# ---------------------------------------------------------------- public records


def _unix_seconds(value: Any) -> datetime:
    """Meta sends Unix seconds as a string ("1749416383"); accept ints too."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("must be Unix seconds")
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError(f"must be Unix seconds, got {value!r}")
    try:
        return datetime.fromtimestamp(int(text), tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"timestamp out of range: {value!r}") from exc


Timestamp = Annotated[datetime, BeforeValidator(_unix_seconds)]


class _Lenient(BaseModel):
    """Meta adds fields over time: keep unknown keys, coerce numeric ids to strings."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)


class MetaError(BaseModel):
    """An error object as Meta puts it on messages, statuses and change values."""

    code: int | None = None
    title: str | None = None
    message: str | None = None
    details: str | None = None
    href: str | None = None


class ContactPhone(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True)

    phone: str | None = None
    wa_id: str | None = None
    type: str | None = None


class SharedContact(BaseModel):
    """One contact card from a "contacts" message."""

    formatted_name: str | None = None
    phones: list[ContactPhone] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    raw: dict[str, Any] = Field(default_factory=dict)


class ProductItem(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True)

    product_retailer_id: str
    quantity: int
    item_price: Decimal | None = None
    currency: str | None = None


class Referral(BaseModel):
    """Click-to-WhatsApp ad or post the customer came from."""

    source_url: str | None = None
    source_id: str | None = None
    source_type: str | None = None
    headline: str | None = None
    body: str | None = None
    ctwa_clid: str | None = None


class MediaFacts(BaseModel):
    """What a media message (image, audio, video, document, sticker) says of its file: as Meta
    sends it in the message's media object, and as `InboundMessage` keeps it."""

    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None
    voice: bool = False
    animated: bool = False


class InboundMessage(MediaFacts):
    """One customer message, flattened; fields that do not apply to its type stay None/empty
    (the media's file as `MediaFacts`, its id and URL as `media_id` and `media_url`)."""

    phone_number_id: str
    display_phone_number: str | None = None
    wamid: str
    from_wa_id: str  # phone wa_id; the BSUID when Meta withholds the number
    from_user_id: str | None = None  # business-scoped user id (BSUID), when Meta sends it
    from_phone: str | None = None  # the number, when Meta shows it (a username user may hide it)
    parent_user_id: str | None = None  # BSUID across linked business portfolios
    username: str | None = None  # the customer's WhatsApp username, when they chose one
    profile_name: str | None = None
    timestamp: datetime | None  # Meta's; None only for a message stored as unsupported without one
    type: str  # one of KNOWN_TYPES; anything newer is "unknown"
    original_type: str  # the type exactly as Meta sent it
    text: str | None = None
    # interactive (button_reply, list_reply, nfm_reply, ...)
    interactive_type: str | None = None
    reply_id: str | None = None
    reply_title: str | None = None
    reply_description: str | None = None
    flow_response_json: str | None = None
    # button (quick reply on a template)
    button_payload: str | None = None
    button_text: str | None = None
    # location
    latitude: float | None = None
    longitude: float | None = None
    location_name: str | None = None
    location_address: str | None = None
    location_url: str | None = None
    # media: image, audio, video, document, sticker (and the MediaFacts)
    media_id: str | None = None
    media_url: str | None = None
    # contacts
    contacts: list[SharedContact] = Field(default_factory=list)
    # reaction (an empty emoji removes the reaction)
    reaction_message_id: str | None = None
    reaction_emoji: str | None = None
    # order
    catalog_id: str | None = None
    order_text: str | None = None
    product_items: list[ProductItem] = Field(default_factory=list)
    # system (number change, identity change)
    system_type: str | None = None
    system_body: str | None = None
    system_new_wa_id: str | None = None
    # unsupported / errors
    unsupported_type: str | None = None
    unsupported_reason: str | None = None  # why it could not be read (shown to staff)
    errors: list[MetaError] = Field(default_factory=list)
    # edit / revoke: the customer's earlier message they changed or deleted
    target_message_id: str | None = None
    # call (Calling API): what happened to a call, logged in the thread
    call_event: str | None = None
    # context: the message this one replies to, or the product it asks about
    context_message_id: str | None = None
    context_from: str | None = None
    forwarded: bool = False
    frequently_forwarded: bool = False
    referred_catalog_id: str | None = None
    referred_product_retailer_id: str | None = None
    referral: Referral | None = None
    raw: dict[str, Any]


class StatusUpdate(BaseModel):
    """What happened to one of our outbound messages."""

    phone_number_id: str
    display_phone_number: str | None = None
    wamid: str
    status: str  # sent | delivered | read | failed | deleted (kept as sent if Meta adds more)
    timestamp: datetime
    recipient_id: str | None = None
    recipient_user_id: str | None = None
    conversation_id: str | None = None
    conversation_origin: str | None = None
    conversation_expires_at: datetime | None = None
    billable: bool | None = None
    pricing_model: str | None = None
    pricing_category: str | None = None
    pricing_type: str | None = None
    biz_opaque_callback_data: str | None = None
    errors: list[MetaError] = Field(default_factory=list)
    raw: dict[str, Any]


class DeliveryError(MetaError):
    """An error Meta reports for a whole change value (not tied to one message)."""

    phone_number_id: str


class ChannelEvent(BaseModel):
    """A change that is not a customer message or a status (template approved, account alert,
    marketing preference, identity update, ...), or a piece of a delivery that could not be read
    (`field` "unsupported" with its `reason`). Stored raw for its restaurant and acknowledged."""

    field: str
    waba_id: str | None = None  # entry.id: the WhatsApp Business Account
    phone_number_id: str | None = None
    reason: str | None = None
    value: Any = None


class Delivery(BaseModel):
    """A parsed webhook delivery: everything in it, across entries and changes."""

    messages: list[InboundMessage] = Field(default_factory=list)
    statuses: list[StatusUpdate] = Field(default_factory=list)
    errors: list[DeliveryError] = Field(default_factory=list)
    # Replies the restaurant sent from the WhatsApp Business app (smb_message_echoes): the
    # customer is `from_wa_id`, as for inbound messages.
    echoes: list[InboundMessage] = Field(default_factory=list)
    events: list[ChannelEvent] = Field(default_factory=list)
    ignored_fields: list[str] = Field(default_factory=list)  # fields other than "messages"
    # Its X-Hub-Signature-256 was checked against the app secret. An unverified delivery (no
    # secret configured: sandbox) is stored only for restaurants without sending credentials.
    verified: bool = False

    @property
    def phone_number_ids(self) -> list[str]:
        """Business numbers this delivery is for, in order of first appearance."""
        seen = [m.phone_number_id for m in self.messages] + [s.phone_number_id for s in self.statuses]
        seen += [e.phone_number_id for e in self.errors] + [m.phone_number_id for m in self.echoes]
        seen += [e.phone_number_id for e in self.events if e.phone_number_id]
        return list(dict.fromkeys(seen))


# ---------------------------------------------------------------- wire shapes (validation)


class _Error(_Lenient):
    code: int | None = None
    title: str | None = None
    message: str | None = None
    error_data: dict[str, Any] | None = None
    href: str | None = None

    def public(self) -> MetaError:
        details = (self.error_data or {}).get("details")
        return MetaError(
            code=self.code,
            title=self.title,
            message=self.message,
            details=str(details) if details is not None else None,
            href=self.href,
        )


class _Metadata(_Lenient):
    phone_number_id: str = Field(min_length=1)
    display_phone_number: str | None = None


class _Profile(_Lenient):
    name: str | None = None
    username: str | None = None


class _Contact(_Lenient):
    wa_id: str | None = None
    user_id: str | None = None
    parent_user_id: str | None = None
    profile: _Profile | None = None


class _Value(_Lenient):
    """A change value: only its metadata must be right; each item in its lists is read on its
    own, so one odd message or status costs only itself (stored as unsupported)."""

    messaging_product: Literal["whatsapp"] | None = None
    metadata: _Metadata
    contacts: Any = Field(default_factory=list)
    messages: Any = Field(default_factory=list)
    statuses: Any = Field(default_factory=list)
    errors: Any = Field(default_factory=list)


class _Change(_Lenient):
    field: str = "messages"
    value: dict[str, Any]


class _Entry(_Lenient):
    id: str | None = None
    changes: list[_Change]


class _Envelope(_Lenient):
    object: Literal["whatsapp_business_account"]
    entry: list[_Entry] = Field(min_length=1)


class _ReferredProduct(_Lenient):
    catalog_id: str | None = None
    product_retailer_id: str | None = None


class _Context(_Lenient):
    id: str | None = None
    from_: str | None = Field(default=None, alias="from")
    forwarded: bool = False
    frequently_forwarded: bool = False
    referred_product: _ReferredProduct | None = None


class _Message(_Lenient):
    id: str = Field(min_length=1)
    from_: str | None = Field(default=None, alias="from")
    from_user_id: str | None = None
    from_parent_user_id: str | None = None
    timestamp: Timestamp
    type: str = Field(min_length=1)
    context: _Context | None = None
    referral: Referral | None = None
    errors: list[_Error] = Field(default_factory=list)


class _Text(_Lenient):
    body: str


class _MediaId(_Lenient):
    id: str = Field(min_length=1)


class _Media(MediaFacts, _MediaId):
    """Its fields in Meta's order (id, the facts, url), so a bad object's errors read as before."""

    url: str | None = None


class _Location(_Lenient):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None
    url: str | None = None


class _Reply(_Lenient):
    id: str | None = None
    title: str | None = None
    description: str | None = None


class _FlowReply(_Lenient):
    name: str | None = None
    body: str | None = None
    response_json: str | None = None


class _Interactive(_Lenient):
    type: str
    button_reply: _Reply | None = None
    list_reply: _Reply | None = None
    nfm_reply: _FlowReply | None = None


class _Button(_Lenient):
    payload: str | None = None
    text: str | None = None


class _Reaction(_Lenient):
    message_id: str
    emoji: str | None = None


class _Order(_Lenient):
    catalog_id: str | None = None
    text: str | None = None
    product_items: list[ProductItem] = Field(default_factory=list)


class _System(_Lenient):
    body: str | None = None
    type: str | None = None
    wa_id: str | None = None
    new_wa_id: str | None = None


class _Unsupported(_Lenient):
    type: str | None = None


class _Edit(_Lenient):
    original_message_id: str = Field(min_length=1)
    message: dict[str, Any] | None = None


class _Revoke(_Lenient):
    original_message_id: str = Field(min_length=1)


class _Name(_Lenient):
    formatted_name: str | None = None


class _Email(_Lenient):
    email: str | None = None


class _SharedContact(_Lenient):
    name: _Name | None = None
    phones: list[ContactPhone] = Field(default_factory=list)
    emails: list[_Email] = Field(default_factory=list)


class _Conversation(_Lenient):
    id: str | None = None
    expiration_timestamp: Timestamp | None = None
    origin: dict[str, Any] | None = None


class _Pricing(_Lenient):
    billable: bool | None = None
    pricing_model: str | None = None
    category: str | None = None
    type: str | None = None


class _Status(_Lenient):
    id: str = Field(min_length=1)
    status: str = Field(min_length=1)
    timestamp: Timestamp
    recipient_id: str | None = None
    recipient_user_id: str | None = None
    conversation: _Conversation | None = None
    pricing: _Pricing | None = None
    biz_opaque_callback_data: str | None = None
    errors: list[_Error] = Field(default_factory=list)


# ---------------------------------------------------------------- parsing

_M = TypeVar("_M", bound=BaseModel)


def _path(prefix: str, loc: Sequence[int | str]) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _reason(error: Any) -> str:
    if error["type"] == "model_type":
        return "must be a JSON object"
    return str(error["msg"]).removeprefix("Value error, ")


def _validate(model: type[_M], data: Any, where: str) -> _M:
    """Validate or raise InvalidDelivery naming the first few problems by their JSON path."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_path(where, e['loc'])}: {_reason(e)}" for e in exc.errors()[:3]]
        raise InvalidDelivery("not a WhatsApp delivery: " + "; ".join(problems)) from exc


# JSON escapes that decode to text Postgres cannot store: NUL (refused in text and jsonb) and
# UTF-16 surrogates (a lone one cannot be encoded as UTF-8). Pairs are fine once decoded; the
# byte check only decides whether the decoded body needs a look.
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF])")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def _storable(value: Any) -> Any:
    """`value` with every NUL and lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [_storable(v) for v in value]
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    return value


def parse_delivery_body(raw_body: bytes) -> Delivery:
    """Decode a raw request body (UTF-8 JSON) and parse it; bad JSON is an InvalidDelivery.

    Text Postgres would refuse (a "\\u0000" in a message) is kept with U+FFFD in its place,
    so one odd character never costs the customer's message (nor, in a batch, anyone else's)."""
    try:
        payload = _loads(raw_body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InvalidDelivery(f"not a WhatsApp delivery: body is not JSON ({exc})") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits (Python's own limit)
        raise InvalidDelivery(f"not a WhatsApp delivery: {str(exc)[:200]}") from exc
    if _SUSPECT_ESCAPE.search(raw_body):
        payload = _storable(payload)
    if len(raw_body) > MAX_TEXT_CHARS:  # only then can a string in it be too long
        payload = _truncated(payload)
    return parse_delivery(payload)


def _truncated(value: Any) -> Any:
    """`value` with every string longer than MAX_TEXT_CHARS cut to that length."""
    if isinstance(value, str):
        return value[:MAX_TEXT_CHARS] if len(value) > MAX_TEXT_CHARS else value
    if isinstance(value, list):
        return [_truncated(v) for v in value]
    if isinstance(value, dict):
        return {k: _truncated(v) for k, v in value.items()}
    return value


def _loads(raw_body: bytes) -> Any:
    """json.loads, through pydantic-core's parser (a fraction of its CPU, integers exact) whenever
    that one accepts the body; what it refuses (a lone surrogate, a BOM, non-UTF-8, bad JSON) goes
    to the stdlib, which decodes it or words the error as before."""
    try:
        return from_json(raw_body)
    except ValueError:
        return json.loads(raw_body)


def parse_delivery(payload: Any) -> Delivery:
    """Validate a Cloud API webhook body and flatten its messages, statuses and other changes.

    Only a body that is not a delivery raises InvalidDelivery (the envelope, or a messages
    change without its business number): inside a well-formed one, whatever cannot be read is
    kept as an unsupported message (when its customer is known) or event, with the reason."""
    if not isinstance(payload, dict):
        raise InvalidDelivery(
            f"not a WhatsApp delivery: expected a JSON object, got {type(payload).__name__}"
        )
    changes = _quick_changes(payload) if QUICK else None
    if changes is None:
        envelope = _validate(_Envelope, payload, "")
        changes = [
            (i, j, c.field, c.value) for i, e in enumerate(envelope.entry) for j, c in enumerate(e.changes)
        ]
    delivery = Delivery()
    for i, j, field, value in changes:
        entry_id = payload["entry"][i].get("id")
        waba_id = str(entry_id) if entry_id is not None else None
        where = f"entry[{i}].changes[{j}].value"
        if field == "messages":
            _parse_value(value, where, delivery)
            continue
        delivery.ignored_fields.append(field)
        _parse_other_field(field, value, where, waba_id, delivery)
    return delivery


def _pnid_of(value: dict[str, Any]) -> str | None:
    meta = value.get("metadata")
    pnid = meta.get("phone_number_id") if isinstance(meta, dict) else None
    return str(pnid) if isinstance(pnid, str | int) and not isinstance(pnid, bool) and str(pnid) else None


def _parse_other_field(
    field: str, value: dict[str, Any], where: str, waba_id: str | None, delivery: Delivery
) -> None:
    """Echoes and calls become thread rows; every other field is kept as an event."""
    pnid = _pnid_of(value)
    if field == "smb_message_echoes" and pnid:
        meta = _Metadata(
            phone_number_id=pnid, display_phone_number=_opt_text(value["metadata"], "display_phone_number")
        )
        echoes = value.get("message_echoes")
        for k, raw in enumerate(echoes if isinstance(echoes, list) else []):
            # The customer is the echo's recipient: read it as if they had sent it.
            as_inbound = (
                dict(raw, **{"from": raw.get("to"), "from_user_id": raw.get("to_user_id")})
                if isinstance(raw, dict)
                else raw
            )
            msg = _parse_message_or_unsupported(as_inbound, f"{where}.message_echoes[{k}]", meta, [])
            if isinstance(msg, InboundMessage):
                msg.raw = raw
                delivery.echoes.append(msg)
            else:
                delivery.events.append(msg.model_copy(update={"field": "unsupported", "waba_id": waba_id}))
        return
    if field == "calls" and pnid:
        meta = _Metadata(
            phone_number_id=pnid, display_phone_number=_opt_text(value["metadata"], "display_phone_number")
        )
        calls = value.get("calls")
        for k, raw in enumerate(calls if isinstance(calls, list) else []):
            call = _call_message(raw, meta)
            if call is None:
                delivery.events.append(
                    ChannelEvent(
                        field="unsupported",
                        waba_id=waba_id,
                        phone_number_id=pnid,
                        reason=f"{where}.calls[{k}]: not a call Meta documents",
                        value=raw,
                    )
                )
            elif call.call_event is not None:
                delivery.messages.append(call)
        return
    delivery.events.append(ChannelEvent(field=field, waba_id=waba_id, phone_number_id=pnid, value=value))


def _opt_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _call_message(raw: Any, meta: _Metadata) -> InboundMessage | None:
    """A customer's call (the restaurant takes no calls here: it is logged as missed), one row
    per call id; a business-initiated call is nothing to log."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        return None
    sender = _opt_text(raw, "from") or _opt_text(raw, "from_user_id")
    stamp = _quick_ts(raw.get("timestamp"))
    if not sender or stamp is None:
        return None
    direction = str(raw.get("direction") or "USER_INITIATED").upper()
    event = _opt_text(raw, "event") if direction == "USER_INITIATED" else None
    return InboundMessage(
        phone_number_id=meta.phone_number_id,
        display_phone_number=meta.display_phone_number,
        wamid=f"call:{raw['id']}",
        from_wa_id=sender,
        from_phone=_opt_text(raw, "from"),
        from_user_id=_opt_text(raw, "from_user_id"),
        timestamp=stamp,
        type="call",
        original_type="call",
        call_event=event,
        raw=raw,
    )


def _contacts_of(data: Any) -> list[Any]:
    """Each contact that reads as one (others are skipped: they only carry names)."""
    out = []
    for raw in data if isinstance(data, list) else []:
        try:
            out.append(_Contact.model_validate(raw))
        except ValidationError:
            continue
    return out


def _parse_value(data: dict[str, Any], where: str, delivery: Delivery) -> None:
    value = (_quick_value(data) if QUICK else None) or _validate(_Value, data, where)
    meta = value.metadata
    contacts = value.contacts if isinstance(value, SimpleNamespace) else _contacts_of(value.contacts)
    names: dict[str, Any] = {}
    for contact in contacts:
        for key in (contact.wa_id, contact.user_id):
            if key:
                names[key] = contact
    for k, raw in enumerate(_items(value.messages, f"{where}.messages", meta, delivery)):
        msg = _parse_message_or_unsupported(raw, f"{where}.messages[{k}]", meta, contacts)
        if not isinstance(msg, InboundMessage):
            delivery.events.append(msg)
            continue
        contact = names.get(msg.from_wa_id) or names.get(msg.from_user_id or "")
        if contact is None and len(contacts) == 1:
            contact = contacts[0]
        if contact is not None:
            profile = contact.profile
            msg.profile_name = profile.name if profile else None
            msg.username = getattr(profile, "username", None) if profile else None
            msg.from_user_id = msg.from_user_id or contact.user_id
            msg.parent_user_id = msg.parent_user_id or getattr(contact, "parent_user_id", None)
            if msg.profile_name and len(msg.profile_name) > MAX_NAME_CHARS:
                msg.profile_name = msg.profile_name[:MAX_NAME_CHARS]
        delivery.messages.append(msg)
    for k, raw in enumerate(_items(value.statuses, f"{where}.statuses", meta, delivery)):
        try:
            if not isinstance(raw, dict):
                raise InvalidDelivery(f"{where}.statuses[{k}]: must be a JSON object")
            delivery.statuses.append(_parse_status(raw, f"{where}.statuses[{k}]", meta))
        except InvalidDelivery as exc:
            delivery.events.append(_unsupported_event(meta, str(exc), raw))
    for raw in _items(value.errors, f"{where}.errors", meta, delivery):
        error = (
            raw if isinstance(raw, _Error) else _Error.model_validate(raw) if isinstance(raw, dict) else None
        )
        if error is None:
            delivery.events.append(_unsupported_event(meta, f"{where}.errors: not an error object", raw))
            continue
        delivery.errors.append(
            DeliveryError(phone_number_id=meta.phone_number_id, **error.public().model_dump())
        )


def _items(data: Any, where: str, meta: Any, delivery: Delivery) -> list[Any]:
    """A change value's list, or nothing (the odd value kept as an unsupported event)."""
    if isinstance(data, list):
        return data
    if data is not None:
        delivery.events.append(_unsupported_event(meta, f"{where}: must be a list", data))
    return []


def _unsupported_event(meta: Any, reason: str, raw: Any) -> ChannelEvent:
    return ChannelEvent(
        field="unsupported",
        phone_number_id=meta.phone_number_id,
        reason=reason.removeprefix("not a WhatsApp delivery: "),
        value=raw,
    )


def _parse_message_or_unsupported(
    raw: Any, where: str, meta: Any, contacts: list[Any]
) -> InboundMessage | ChannelEvent:
    """The message, or an `unsupported` one with the reason in its customer's thread, or (no
    customer to be found) an unsupported event."""
    try:
        if not isinstance(raw, dict):
            raise InvalidDelivery(f"not a WhatsApp delivery: {where}: must be a JSON object")
        return _parse_message(raw, where, meta)
    except InvalidDelivery as exc:
        reason = str(exc).removeprefix("not a WhatsApp delivery: ")
    data = raw if isinstance(raw, dict) else {}
    phone, user_id = _opt_text(data, "from"), _opt_text(data, "from_user_id")
    if not (phone or user_id) and len(contacts) == 1:  # the change names one customer
        phone, user_id = contacts[0].wa_id, contacts[0].user_id
    if not (phone or user_id):
        return _unsupported_event(meta, reason, raw)
    wamid = (
        _opt_text(data, "id")
        or "unreadable."
        + hashlib.sha256(
            json.dumps([meta.phone_number_id, raw], sort_keys=True, default=str).encode()
        ).hexdigest()[:40]
    )
    kind = data.get("type")
    return InboundMessage(
        phone_number_id=meta.phone_number_id,
        display_phone_number=meta.display_phone_number,
        wamid=wamid,
        from_wa_id=phone or user_id or "",
        from_phone=phone,
        from_user_id=user_id,
        timestamp=_quick_ts(data.get("timestamp")),
        type="unsupported",
        original_type=kind if isinstance(kind, str) and kind else "unknown",
        unsupported_reason=reason,
        errors=_errors_of(data.get("errors")),
        raw=data,
    )


def _errors_of(data: Any) -> list[MetaError]:
    out = []
    for raw in data if isinstance(data, list) else []:
        try:
            out.append(_Error.model_validate(raw).public())
        except ValidationError:
            continue
    return out


def _parse_status(raw: dict[str, Any], where: str, meta: _Metadata) -> StatusUpdate:
    s = (_quick_status(raw) if QUICK else None) or _validate(_Status, raw, where)
    conv, pricing = s.conversation, s.pricing
    origin = (conv.origin or {}).get("type") if conv else None
    return StatusUpdate(
        phone_number_id=meta.phone_number_id,
        display_phone_number=meta.display_phone_number,
        wamid=s.id,
        status=s.status.lower(),
        timestamp=s.timestamp,
        recipient_id=s.recipient_id,
        recipient_user_id=s.recipient_user_id,
        conversation_id=conv.id if conv else None,
        conversation_origin=str(origin) if origin is not None else None,
        conversation_expires_at=conv.expiration_timestamp if conv else None,
        billable=pricing.billable if pricing else None,
        pricing_model=pricing.pricing_model if pricing else None,
        pricing_category=pricing.category if pricing else None,
        pricing_type=pricing.type if pricing else None,
        biz_opaque_callback_data=s.biz_opaque_callback_data,
        errors=[e.public() for e in s.errors],
        raw=raw,
    )


def _parse_message(raw: dict[str, Any], where: str, meta: _Metadata) -> InboundMessage:
    m = (_quick_message(raw) if QUICK else None) or _validate(_Message, raw, where)
    sender = m.from_ or m.from_user_id
    if not sender:
        raise InvalidDelivery(f"not a WhatsApp delivery: {where}: has neither 'from' nor 'from_user_id'")
    kind = m.type if m.type in KNOWN_TYPES else "unknown"
    fields: dict[str, Any] = {}
    if kind in _CONTENT_PARSERS:
        if raw.get(m.type) is None:
            raise InvalidDelivery(
                f"not a WhatsApp delivery: {where}: a {m.type!r} message has no {m.type!r} object"
            )
        fields = _CONTENT_PARSERS[kind](raw[m.type], f"{where}.{m.type}")
    elif kind == "unsupported" and "unsupported" in raw:
        unsupported = _validate(_Unsupported, raw["unsupported"], f"{where}.unsupported")
        fields["unsupported_type"] = unsupported.type
    ctx = m.context
    referred = ctx.referred_product if ctx else None
    return InboundMessage(
        phone_number_id=meta.phone_number_id,
        display_phone_number=meta.display_phone_number,
        wamid=m.id,
        from_wa_id=sender,
        from_user_id=m.from_user_id,
        from_phone=m.from_,
        parent_user_id=getattr(m, "from_parent_user_id", None),
        timestamp=m.timestamp,
        type=kind,
        original_type=m.type,
        errors=[e.public() for e in m.errors],
        context_message_id=ctx.id if ctx else None,
        context_from=ctx.from_ if ctx else None,
        forwarded=ctx.forwarded if ctx else False,
        frequently_forwarded=ctx.frequently_forwarded if ctx else False,
        referred_catalog_id=referred.catalog_id if referred else None,
        referred_product_retailer_id=referred.product_retailer_id if referred else None,
        referral=m.referral,
        raw=raw,
        **fields,
    )


def _text(data: Any, where: str) -> dict[str, Any]:
    return {"text": _validate(_Text, data, where).body}


def _media(data: Any, where: str) -> dict[str, Any]:
    media = _validate(_Media, data, where)
    facts = {k: getattr(media, k) for k in MediaFacts.model_fields}
    return {"media_id": media.id, "media_url": media.url, **facts}


def _location(data: Any, where: str) -> dict[str, Any]:
    loc = _validate(_Location, data, where)
    return {
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "location_name": loc.name,
        "location_address": loc.address,
        "location_url": loc.url,
    }


def _interactive(data: Any, where: str) -> dict[str, Any]:
    inter = _validate(_Interactive, data, where)
    fields: dict[str, Any] = {"interactive_type": inter.type}
    reply = inter.button_reply or inter.list_reply
    if reply is not None:
        fields.update(reply_id=reply.id, reply_title=reply.title, reply_description=reply.description)
    if inter.nfm_reply is not None:
        flow = inter.nfm_reply
        fields.update(reply_title=flow.body, flow_response_json=flow.response_json)
    return fields


def _button(data: Any, where: str) -> dict[str, Any]:
    button = _validate(_Button, data, where)
    return {"button_payload": button.payload, "button_text": button.text}


def _contacts(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, list):
        raise InvalidDelivery(f"not a WhatsApp delivery: {where}: must be a list of contacts")
    cards = []
    for n, raw_card in enumerate(data):
        card = _validate(_SharedContact, raw_card, f"{where}[{n}]")
        cards.append(
            SharedContact(
                formatted_name=card.name.formatted_name if card.name else None,
                phones=card.phones,
                emails=[e.email for e in card.emails if e.email],
                raw=raw_card,
            )
        )
    return {"contacts": cards}


def _reaction(data: Any, where: str) -> dict[str, Any]:
    reaction = _validate(_Reaction, data, where)
    return {"reaction_message_id": reaction.message_id, "reaction_emoji": reaction.emoji or None}


def _order(data: Any, where: str) -> dict[str, Any]:
    order = _validate(_Order, data, where)
    return {
        "catalog_id": order.catalog_id,
        "order_text": order.text,
        "product_items": order.product_items,
    }


def _system(data: Any, where: str) -> dict[str, Any]:
    system = _validate(_System, data, where)
    return {
        "system_type": system.type,
        "system_body": system.body,
        "system_new_wa_id": system.new_wa_id or system.wa_id,
    }


def _edit(data: Any, where: str) -> dict[str, Any]:
    """An edited message: the new content (text or a caption) and the message it replaces."""
    edit = _validate(_Edit, data, where)
    inner = edit.message or {}
    kind = inner.get("type")
    content = inner.get(kind) if isinstance(kind, str) else None
    text = None
    if isinstance(content, dict):
        text = content.get("body") if kind == "text" else content.get("caption")
    return {"target_message_id": edit.original_message_id, "text": text if isinstance(text, str) else None}


def _revoke(data: Any, where: str) -> dict[str, Any]:
    return {"target_message_id": _validate(_Revoke, data, where).original_message_id}


_CONTENT_PARSERS = {
    "text": _text,
    **dict.fromkeys(MEDIA_TYPES, _media),
    "location": _location,
    "interactive": _interactive,
    "button": _button,
    "contacts": _contacts,
    "reaction": _reaction,
    "order": _order,
    "system": _system,
    "edit": _edit,
    "revoke": _revoke,
}


# ---------------------------------------------------------------- the quick path
# The wire models above cost more CPU than anything else in the webhook (a delivery is validated
# level by level). A body of the usual shape, every field already of its exact type, is read here
# directly; anything else (a number where a string goes, an error list, a reply context, a field
# missing or null) returns None and goes through the models, which coerce or word the error.
# Both give the same records: tests/test_ingest_fast_paths.py compares them.
QUICK = True


def _opt_str(value: Any) -> bool:
    return value is None or type(value) is str


def _absent_or_empty(raw: dict[str, Any], key: str) -> bool:
    return key not in raw or raw[key] == []


def _quick_ts(value: Any) -> datetime | None:
    try:
        return _unix_seconds(value)
    except ValueError:
        return None


def _quick_changes(payload: dict[str, Any]) -> list[tuple[int, int, str, dict[str, Any]]] | None:
    entries = payload.get("entry")
    if payload.get("object") != "whatsapp_business_account" or type(entries) is not list or not entries:
        return None
    out = []
    for i, entry in enumerate(entries):
        if type(entry) is not dict or not _opt_str(entry.get("id")) or type(entry.get("changes")) is not list:
            return None
        for j, change in enumerate(entry["changes"]):
            if type(change) is not dict:
                return None
            field, value = change.get("field", "messages"), change.get("value")
            if type(field) is not str or type(value) is not dict:
                return None
            out.append((i, j, field, value))
    return out


def _quick_value(data: dict[str, Any]) -> SimpleNamespace | None:
    meta = data.get("metadata")
    if data.get("messaging_product", "whatsapp") not in ("whatsapp", None) or type(meta) is not dict:
        return None
    pnid, display = meta.get("phone_number_id"), meta.get("display_phone_number")
    contacts, messages, statuses = (
        data.get("contacts", []),
        data.get("messages", []),
        data.get("statuses", []),
    )
    if not (type(pnid) is str and pnid and _opt_str(display) and _absent_or_empty(data, "errors")):
        return None
    if type(contacts) is not list or type(messages) is not list or type(statuses) is not list:
        return None
    if any(type(m) is not dict for m in messages) or any(type(s) is not dict for s in statuses):
        return None
    people = []
    for contact in contacts:
        if type(contact) is not dict:
            return None
        wa_id, user_id, profile = contact.get("wa_id"), contact.get("user_id"), contact.get("profile")
        parent = contact.get("parent_user_id")
        if not (_opt_str(wa_id) and _opt_str(user_id) and _opt_str(parent)):
            return None
        if profile is not None:
            if (
                type(profile) is not dict
                or not _opt_str(profile.get("name"))
                or not _opt_str(profile.get("username"))
            ):
                return None
            profile = SimpleNamespace(name=profile.get("name"), username=profile.get("username"))
        people.append(SimpleNamespace(wa_id=wa_id, user_id=user_id, parent_user_id=parent, profile=profile))
    return SimpleNamespace(
        metadata=SimpleNamespace(phone_number_id=pnid, display_phone_number=display),
        contacts=people,
        messages=messages,
        statuses=statuses,
        errors=[],
    )


def _quick_message(raw: dict[str, Any]) -> SimpleNamespace | None:
    wamid, sender, user_id, kind = raw.get("id"), raw.get("from"), raw.get("from_user_id"), raw.get("type")
    if not (
        type(wamid) is str and wamid and type(kind) is str and kind and _opt_str(sender) and _opt_str(user_id)
    ):
        return None
    if (
        raw.get("context") is not None
        or raw.get("referral") is not None
        or not _absent_or_empty(raw, "errors")
    ):
        return None
    timestamp = _quick_ts(raw.get("timestamp"))
    if timestamp is None:
        return None
    parent = raw.get("from_parent_user_id")
    if not _opt_str(parent):
        return None
    return SimpleNamespace(
        id=wamid,
        from_=sender,
        from_user_id=user_id,
        from_parent_user_id=parent,
        type=kind,
        timestamp=timestamp,
        context=None,
        referral=None,
        errors=[],
    )


def _quick_status(raw: dict[str, Any]) -> SimpleNamespace | None:
    wamid, status = raw.get("id"), raw.get("status")
    texts = raw.get("recipient_id"), raw.get("recipient_user_id"), raw.get("biz_opaque_callback_data")
    if not (type(wamid) is str and wamid and type(status) is str and status and all(map(_opt_str, texts))):
        return None
    timestamp = _quick_ts(raw.get("timestamp"))
    if timestamp is None or not _absent_or_empty(raw, "errors"):
        return None
    conv, pricing = raw.get("conversation"), raw.get("pricing")
    if conv is not None:
        if (
            type(conv) is not dict
            or not _opt_str(conv.get("id"))
            or not isinstance(conv.get("origin"), dict | None)
        ):
            return None
        expires = conv.get("expiration_timestamp")
        if expires is not None and (expires := _quick_ts(expires)) is None:
            return None
        conv = SimpleNamespace(id=conv.get("id"), expiration_timestamp=expires, origin=conv.get("origin"))
    if pricing is not None:
        if type(pricing) is not dict:
            return None
        billable = pricing.get("billable")
        if not (billable is None or type(billable) is bool):
            return None
        texts = pricing.get("pricing_model"), pricing.get("category"), pricing.get("type")
        if not all(map(_opt_str, texts)):
            return None
        pricing = SimpleNamespace(billable=billable, pricing_model=texts[0], category=texts[1], type=texts[2])
    return SimpleNamespace(
        id=wamid,
        status=status,
        timestamp=timestamp,
        recipient_id=raw.get("recipient_id"),
        recipient_user_id=raw.get("recipient_user_id"),
        conversation=conv,
        pricing=pricing,
        biz_opaque_callback_data=raw.get("biz_opaque_callback_data"),
        errors=[],
    )


def text_of(msg: InboundMessage) -> str:
    """The text the assistant should read for a message of any type ("" when there is none)."""
    match msg.type:
        case "text":
            return msg.text or ""
        case "interactive":
            return msg.reply_title or msg.reply_id or ""
        case "button":
            return msg.button_text or msg.button_payload or ""
        case "image" | "video" | "document" | "audio" | "sticker":
            return msg.caption or ""
        case "location":
            return " - ".join(p for p in (msg.location_name, msg.location_address) if p)
        case "contacts":
            return ", ".join(c.formatted_name for c in msg.contacts if c.formatted_name)
        case "reaction":
            return msg.reaction_emoji or ""
        case "order":
            return msg.order_text or ""
        case "system":
            return msg.system_body or ""
        case "edit":
            return msg.text or ""
        case _:
            return ""
