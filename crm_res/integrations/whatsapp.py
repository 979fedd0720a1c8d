"""Outbound WhatsApp Cloud API: payload builders, limits, error classification and clients.

The one place for Cloud API payload shapes. Builders are pure and check WhatsApp's limits before
anything is sent (`InvalidMessage` / `MessageTooLong`). `WhatsAppClient` posts them to
`{base_url}/{phone_number_id}/messages` with a bearer token and never retries by itself: a
failure raises `RetryableSendError` or `PermanentSendError` and the job layer decides, waiting
`backoff_seconds(attempt, err.retry_after_seconds)`. `SandboxClient` has the same interface and
records sends in memory (the caller persists them). Synchronous on purpose: RQ jobs call it.
No database access here.
"""

from __future__ import annotations

import json
import math
import random
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx

# Limits from Meta's Cloud API reference (characters, as len() counts them).
# Meta's customer-service window: free-form messages only this long after the customer's last
# message; afterwards only approved templates.
SERVICE_WINDOW = timedelta(hours=24)
TEXT_BODY_MAX = 4096
BUTTONS_BODY_MAX = 1024
LIST_BODY_MAX = 4096
BUTTON_TITLE_MAX = 20
BUTTON_ID_MAX = 256
BUTTONS_MAX = 3
LIST_ROWS_MAX = 10
LIST_SECTIONS_MAX = 10
ROW_ID_MAX = 200
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
SECTION_TITLE_MAX = 24
LIST_BUTTON_TEXT_MAX = 20
HEADER_MAX = 60
FOOTER_MAX = 60
CAPTION_MAX = 1024
MEDIA_DOWNLOAD_MAX = 100 * 1024 * 1024

# Meta error codes worth trying again later (rate limits, transient server trouble).
RETRYABLE_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004})
# Codes that will fail the same way every time (window, recipient, template, auth, account).
PERMANENT_CODES = frozenset({10, 100, 190, 131026, 131030, 131031, 131047, 131051, 131052})
TEMPLATE_CODES = range(132000, 132070)
OUTSIDE_WINDOW_CODE = 131047
# The template fields a sync reads (GET /{waba_id}/message_templates?fields=...).
TEMPLATE_FIELDS = "name,language,status,category,components,parameter_format,id"

_RNG = random.Random()


# ---------------------------------------------------------------- errors


class InvalidMessage(ValueError):
    """The message breaks a Cloud API rule; it was not sent."""


class MessageTooLong(InvalidMessage):
    """A text part is longer than WhatsApp allows; it was not sent."""


class SendError(Exception):
    """A Graph API call failed; `retryable` says whether trying again later may succeed."""

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: int | None = None,
        title: str | None = None,
        details: str | None = None,
        retry_after_seconds: float | None = None,
        maybe_sent: bool = False,
        fbtrace_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.title = title
        self.details = details
        self.retry_after_seconds = retry_after_seconds
        # True when the request may have reached Meta (read timeout): a retry could double-send.
        self.maybe_sent = maybe_sent
        self.fbtrace_id = fbtrace_id

    @property
    def outside_window(self) -> bool:
        """Meta refused free-form text: the 24-hour window is closed, a template is needed."""
        return self.code == OUTSIDE_WINDOW_CODE


class RetryableSendError(SendError):
    """Rate limit, server error, timeout or connection failure: try again after a backoff."""

    retryable = True


class PermanentSendError(SendError):
    """Meta will refuse this message every time; do not retry it."""

    retryable = False


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date turned into seconds from now."""
    if not headers:
        return None
    raw = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if raw is None:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_object(body: Any) -> dict[str, Any]:
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body or "null")
        except ValueError:
            return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def classify_error(
    status_code: int | None, body: Any = None, headers: Mapping[str, str] | None = None
) -> SendError:
    """Turn a failed Graph API answer into RetryableSendError or PermanentSendError.

    Meta's error code decides when it is known; otherwise 408/429/5xx (and no status at all,
    i.e. a transport failure) are retryable and any other status is permanent.
    """
    error = _error_object(body)
    code = error.get("code")
    code = int(code) if isinstance(code, int | str) and str(code).isdecimal() else None
    title = error.get("error_user_title") or error.get("message")
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    if code in RETRYABLE_CODES:
        retryable = True
    elif code in PERMANENT_CODES or (code is not None and code in TEMPLATE_CODES):
        retryable = False
    else:
        retryable = status_code is None or status_code in (408, 429) or status_code >= 500
    cls = RetryableSendError if retryable else PermanentSendError
    where = f"HTTP {status_code}" if status_code is not None else "no response"
    message = f"WhatsApp Cloud API error ({where}, code {code}): {title or 'no details'}"
    return cls(
        message,
        status_code=status_code,
        code=code,
        title=title,
        details=str(details) if details is not None else None,
        retry_after_seconds=_retry_after(headers),
        fbtrace_id=error.get("fbtrace_id"),
    )


def backoff_seconds(
    attempt: int,
    retry_after: float | None = None,
    *,
    base: float = 1.0,
    cap: float = 300.0,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number `attempt` (1 = first retry): full jitter, capped.

    A server's Retry-After is a floor: we wait at least that long, plus a little jitter so that
    many workers do not come back at the same instant.
    """
    rng = rng or _RNG
    ceiling = min(cap, base * 2 ** min(max(attempt, 1) - 1, 62))
    if retry_after is not None:
        return retry_after + rng.uniform(0, min(base, ceiling))
    return rng.uniform(0, ceiling)


# ---------------------------------------------------------------- payload builders


@dataclass(frozen=True)
class ListRow:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class ListSection:
    title: str | None
    rows: Sequence[ListRow | tuple[str, str] | tuple[str, str, str | None]]


@dataclass(frozen=True)
class TemplateButton:
    """A dynamic parameter for a template button at position `index`."""

    index: int
    sub_type: Literal["quick_reply", "url", "copy_code"]
    value: str


def _required(what: str, value: str | None) -> str:
    if value is None or not str(value).strip():
        raise InvalidMessage(f"{what} must not be empty")
    return value


def _limit(what: str, value: str | None, maximum: int) -> None:
    if value is not None and len(value) > maximum:
        raise MessageTooLong(f"{what} is {len(value)} characters; WhatsApp allows at most {maximum}")


def is_business_scoped_id(address: str) -> bool:
    """A business-scoped user id ("SA.1502576394655843", or a parent "SA.ENT.…"), not a number."""
    return "." in address


def recipient_fields(to: str) -> dict[str, str]:
    """Where the customer's address goes: a phone number in `to`; a business-scoped user id (a
    customer who hides their number behind a username) in `recipient`, with no `to` (Meta's
    Messages API: `to` takes precedence when both are given, and carries numbers only)."""
    address = _required("recipient (to)", to)
    return {"recipient": address} if is_business_scoped_id(address) else {"to": address}


def _envelope(to: str, kind: str, reply_to: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        **recipient_fields(to),
        "type": kind,
    }
    if reply_to:
        payload["context"] = {"message_id": reply_to}
    return payload


def build_text_payload(
    to: str, body: str, *, preview_url: bool = False, reply_to: str | None = None
) -> dict[str, Any]:
    """A free-form text message (24-hour window only)."""
    _required("text body", body)
    _limit("text body", body, TEXT_BODY_MAX)
    payload = _envelope(to, "text", reply_to)
    payload["text"] = {"body": body, "preview_url": preview_url}
    return payload


def _text_param(where: str, value: str) -> dict[str, Any]:
    _required(where, value)
    if "\n" in value or "\t" in value or "     " in value:
        raise InvalidMessage(f"{where} must not contain newlines, tabs or 5+ spaces in a row")
    return {"type": "text", "text": value}


def _button_param(button: TemplateButton) -> dict[str, Any]:
    _required(f"template button {button.index} value", button.value)
    if button.sub_type == "quick_reply":
        param: dict[str, Any] = {"type": "payload", "payload": button.value}
    elif button.sub_type == "copy_code":
        param = {"type": "coupon_code", "coupon_code": button.value}
    else:
        param = {"type": "text", "text": button.value}
    return {
        "type": "button",
        "sub_type": button.sub_type,
        "index": str(button.index),
        "parameters": [param],
    }


def build_template_payload(
    to: str,
    name: str,
    language: str,
    components: Sequence[Mapping[str, Any]] | None = None,
    *,
    body_params: Sequence[str] | Mapping[str, str] | None = None,
    header_params: Sequence[str] | None = None,
    buttons: Sequence[TemplateButton] | None = None,
) -> dict[str, Any]:
    """An approved template: raw `components`, or parameters built from plain strings.

    `body_params` as a list fills {{1}}, {{2}}...; as a mapping it fills named parameters.
    """
    template: dict[str, Any] = {
        "name": _required("template name", name),
        "language": {"code": _required("template language", language)},
    }
    built: list[dict[str, Any]] = [dict(c) for c in components or ()]
    if header_params:
        params = [_text_param("template header parameter", p) for p in header_params]
        for p in params:
            _limit("template header parameter", p["text"], HEADER_MAX)
        built.append({"type": "header", "parameters": params})
    if isinstance(body_params, Mapping):
        named = [
            {**_text_param(f"template parameter {k!r}", v), "parameter_name": k}
            for k, v in body_params.items()
        ]
        built.append({"type": "body", "parameters": named})
    elif body_params:
        built.append(
            {
                "type": "body",
                "parameters": [_text_param("template body parameter", p) for p in body_params],
            }
        )
    built.extend(_button_param(b) for b in buttons or ())
    if built:
        template["components"] = built
    payload = _envelope(to, "template")
    payload["template"] = template
    return payload


def _header_footer(interactive: dict[str, Any], header: str | None, footer: str | None) -> None:
    if header is not None:
        _limit("header", _required("header", header), HEADER_MAX)
        interactive["header"] = {"type": "text", "text": header}
    if footer is not None:
        _limit("footer", _required("footer", footer), FOOTER_MAX)
        interactive["footer"] = {"text": footer}


def build_buttons_payload(
    to: str,
    body: str,
    buttons: Sequence[tuple[str, str]],
    *,
    header: str | None = None,
    footer: str | None = None,
    reply_to: str | None = None,
) -> dict[str, Any]:
    """Up to three reply buttons, each (id, title); the reply comes back as button_reply."""
    _limit("body", _required("body", body), BUTTONS_BODY_MAX)
    if not 1 <= len(buttons) <= BUTTONS_MAX:
        raise InvalidMessage(f"reply buttons: {len(buttons)} given, 1 to {BUTTONS_MAX} allowed")
    ids = [b[0] for b in buttons]
    if len(set(ids)) != len(ids):
        raise InvalidMessage(f"reply button ids must be unique: {ids}")
    for button_id, title in buttons:
        _limit("button id", _required("button id", button_id), BUTTON_ID_MAX)
        _limit(f"button title {title!r}", _required("button title", title), BUTTON_TITLE_MAX)
    interactive: dict[str, Any] = {
        "type": "button",
        "body": {"text": body},
        "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t}} for i, t in buttons]},
    }
    _header_footer(interactive, header, footer)
    payload = _envelope(to, "interactive", reply_to)
    payload["interactive"] = interactive
    return payload


def _row(row: ListRow | tuple[str, str] | tuple[str, str, str | None]) -> ListRow:
    return row if isinstance(row, ListRow) else ListRow(*row)


def build_list_payload(
    to: str,
    body: str,
    button_text: str,
    sections: Sequence[ListSection],
    *,
    header: str | None = None,
    footer: str | None = None,
    reply_to: str | None = None,
) -> dict[str, Any]:
    """A list message: at most 10 rows in all; the choice comes back as list_reply."""
    _limit("body", _required("body", body), LIST_BODY_MAX)
    _limit("list button text", _required("list button text", button_text), LIST_BUTTON_TEXT_MAX)
    if not 1 <= len(sections) <= LIST_SECTIONS_MAX:
        raise InvalidMessage(f"list sections: {len(sections)} given, 1 to 10 allowed")
    rows = [[_row(r) for r in s.rows] for s in sections]
    total = sum(len(r) for r in rows)
    if not 1 <= total <= LIST_ROWS_MAX:
        raise InvalidMessage(f"list rows: {total} given, 1 to {LIST_ROWS_MAX} allowed in all")
    ids = [r.id for section_rows in rows for r in section_rows]
    if len(set(ids)) != len(ids):
        raise InvalidMessage(f"list row ids must be unique: {ids}")
    built = []
    for section, section_rows in zip(sections, rows, strict=True):
        if len(sections) > 1:
            _required("section title (needed with several sections)", section.title)
        _limit(f"section title {section.title!r}", section.title, SECTION_TITLE_MAX)
        out_rows = []
        for r in section_rows:
            _limit("row id", _required("row id", r.id), ROW_ID_MAX)
            _limit(f"row title {r.title!r}", _required("row title", r.title), ROW_TITLE_MAX)
            _limit(f"row description of {r.title!r}", r.description, ROW_DESCRIPTION_MAX)
            out = {"id": r.id, "title": r.title}
            if r.description:
                out["description"] = r.description
            out_rows.append(out)
        built.append({"title": section.title, "rows": out_rows} if section.title else {"rows": out_rows})
    interactive: dict[str, Any] = {
        "type": "list",
        "body": {"text": body},
        "action": {"button": button_text, "sections": built},
    }
    _header_footer(interactive, header, footer)
    payload = _envelope(to, "interactive", reply_to)
    payload["interactive"] = interactive
    return payload


def _media_object(kind: str, link: str | None, media_id: str | None, caption: str | None) -> dict[str, Any]:
    if (link is None) == (media_id is None):
        raise InvalidMessage(f"{kind}: give exactly one of link or media_id")
    _required(f"{kind} link or media id", link or media_id)
    media: dict[str, Any] = {"link": link} if link is not None else {"id": media_id}
    if caption is not None:
        _limit(f"{kind} caption", caption, CAPTION_MAX)
        media["caption"] = caption
    return media


def build_image_payload(
    to: str,
    *,
    link: str | None = None,
    media_id: str | None = None,
    caption: str | None = None,
    reply_to: str | None = None,
) -> dict[str, Any]:
    """An image by public https link or by uploaded media id."""
    payload = _envelope(to, "image", reply_to)
    payload["image"] = _media_object("image", link, media_id, caption)
    return payload


def build_document_payload(
    to: str,
    *,
    link: str | None = None,
    media_id: str | None = None,
    caption: str | None = None,
    filename: str | None = None,
    reply_to: str | None = None,
) -> dict[str, Any]:
    """A document (menu PDF, invoice) by link or media id; `filename` is what the user sees."""
    payload = _envelope(to, "document", reply_to)
    payload["document"] = _media_object("document", link, media_id, caption)
    if filename:
        payload["document"]["filename"] = filename
    return payload


def build_reaction_payload(to: str, message_id: str, emoji: str) -> dict[str, Any]:
    """React to a customer's message; an empty emoji removes our reaction."""
    payload = _envelope(to, "reaction")
    payload["reaction"] = {
        "message_id": _required("reaction message_id", message_id),
        "emoji": emoji,
    }
    return payload


def build_read_payload(message_id: str, *, typing: bool = False) -> dict[str, Any]:
    """Mark an inbound message read (blue ticks), optionally showing a typing indicator."""
    payload: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": _required("message_id", message_id),
    }
    if typing:
        payload["typing_indicator"] = {"type": "text"}
    return payload


# ---------------------------------------------------------------- clients


@dataclass(frozen=True)
class MediaInfo:
    """What GET /{media_id} answers; `url` is short-lived and needs the bearer token."""

    id: str
    url: str
    mime_type: str | None = None
    sha256: str | None = None
    file_size: int | None = None


def _wamid(answer: Mapping[str, Any]) -> str:
    messages = answer.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        wamid = messages[0].get("id")
        if isinstance(wamid, str) and wamid:
            return wamid
    raise PermanentSendError(f"WhatsApp answered without a message id: {answer!r}", maybe_sent=True)


class _Sender:
    """What the real and the sandbox client share: `send` a built payload (the build_* functions),
    `mark_read`, and the media calls."""

    phone_number_id: str | None = None

    def _number(self, phone_number_id: str | None) -> str:
        number = phone_number_id or self.phone_number_id
        if not number:
            raise ValueError("no phone_number_id: pass it to the client or to the call")
        return number

    def _post_messages(self, payload: Mapping[str, Any], phone_number_id: str) -> dict[str, Any]:
        raise NotImplementedError

    def send(self, payload: Mapping[str, Any], *, phone_number_id: str | None = None) -> str:
        """Post a built payload; returns the wamid Meta assigned (messages[0].id)."""
        if payload.get("messaging_product") != "whatsapp" or not (
            payload.get("to") or payload.get("recipient")
        ):
            raise InvalidMessage("not a Cloud API message payload (use the build_* functions)")
        return _wamid(self._post_messages(payload, self._number(phone_number_id)))

    def mark_read(self, message_id: str, *, typing: bool = False, phone_number_id: str | None = None) -> bool:
        """Mark an inbound message read; True when Meta acknowledged it."""
        answer = self._post_messages(
            build_read_payload(message_id, typing=typing), self._number(phone_number_id)
        )
        return bool(answer.get("success"))

    def get_media(self, media_id: str) -> MediaInfo:
        raise NotImplementedError

    def download_media(self, url: str, *, max_bytes: int = MEDIA_DOWNLOAD_MAX) -> bytes:
        raise NotImplementedError


def _transport_failure(exc: httpx.TransportError) -> RetryableSendError:
    not_sent = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    kind = "timeout" if isinstance(exc, httpx.TimeoutException) else "connection error"
    return RetryableSendError(
        f"WhatsApp Cloud API {kind}: {exc!r}",
        title=kind,
        maybe_sent=not isinstance(exc, not_sent),
    )


class WhatsAppClient(_Sender):
    """Posts to the Cloud API. Thread-safe; one per token, reused across sends."""

    def __init__(
        self,
        base_url: str,
        access_token: str,
        timeout: float = 10.0,
        *,
        phone_number_id: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self._http = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {access_token}", "User-Agent": "crm-res"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> WhatsAppClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise _transport_failure(exc) from exc
        if response.status_code >= 400:
            raise classify_error(response.status_code, response.content, response.headers)
        return response

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise PermanentSendError(
                f"WhatsApp answered {response.status_code} with a non-JSON-object body",
                status_code=response.status_code,
                maybe_sent=True,
            )
        return data

    def _post_messages(self, payload: Mapping[str, Any], phone_number_id: str) -> dict[str, Any]:
        url = f"{self.base_url}/{phone_number_id}/messages"
        return self._json(self._request("POST", url, json=dict(payload)))

    def get_media(self, media_id: str) -> MediaInfo:
        """GET /{media_id}: the download URL and metadata of an inbound media file."""
        data = self._json(self._request("GET", f"{self.base_url}/{_required('media id', media_id)}"))
        if not isinstance(data.get("url"), str):
            raise PermanentSendError(f"media {media_id}: no url in {data!r}")
        size = data.get("file_size")
        return MediaInfo(
            id=str(data.get("id", media_id)),
            url=data["url"],
            mime_type=data.get("mime_type"),
            sha256=data.get("sha256"),
            file_size=int(size) if size is not None else None,
        )

    def list_message_templates(
        self, waba_id: str, *, page_size: int = 100, max_pages: int = 100
    ) -> list[dict[str, Any]]:
        """GET /{waba_id}/message_templates: every template of the WhatsApp Business Account, as
        Meta lists them (name, language, status, category, components, parameter_format, id).
        Graph paging: the `after` cursor of `paging.cursors` while `paging.next` is present."""
        url = f"{self.base_url}/{_required('WhatsApp Business Account id', waba_id)}/message_templates"
        params: dict[str, Any] = {"fields": TEMPLATE_FIELDS, "limit": page_size}
        found: list[dict[str, Any]] = []
        for _ in range(max_pages):
            data = self._json(self._request("GET", url, params=params))
            found.extend(t for t in data.get("data") or [] if isinstance(t, dict))
            paging: dict[str, Any] = data["paging"] if isinstance(data.get("paging"), dict) else {}
            after = (paging.get("cursors") or {}).get("after")
            if not paging.get("next") or not after:
                return found
            params = {**params, "after": after}
        raise PermanentSendError(f"more than {max_pages} pages of templates: stopped")

    def download_media(self, url: str, *, max_bytes: int = MEDIA_DOWNLOAD_MAX) -> bytes:
        """Download a media URL from get_media (bearer token sent); refuses files over max_bytes."""
        try:
            with self._http.stream("GET", url, follow_redirects=True) as response:
                if response.status_code >= 400:
                    response.read()
                    raise classify_error(response.status_code, response.content, response.headers)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise PermanentSendError(f"media larger than {max_bytes} bytes: {url}")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TransportError as exc:
            raise _transport_failure(exc) from exc


@dataclass(frozen=True)
class SandboxSend:
    """One message the sandbox 'sent'."""

    phone_number_id: str
    wamid: str
    payload: dict[str, Any]
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class SandboxClient(_Sender):
    """Same interface as WhatsAppClient; records sends in memory and returns fake wamids."""

    def __init__(self, *, phone_number_id: str | None = None) -> None:
        self.phone_number_id = phone_number_id
        self._lock = threading.Lock()
        self._sent: list[SandboxSend] = []
        self._read: list[str] = []
        self._media: dict[str, tuple[bytes, str]] = {}

    def __enter__(self) -> SandboxClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def close(self) -> None:
        return None

    @property
    def sent(self) -> list[SandboxSend]:
        """Everything sent so far (a copy), oldest first."""
        with self._lock:
            return list(self._sent)

    @property
    def read_receipts(self) -> list[str]:
        with self._lock:
            return list(self._read)

    def _post_messages(self, payload: Mapping[str, Any], phone_number_id: str) -> dict[str, Any]:
        if payload.get("status") == "read":
            with self._lock:
                self._read.append(str(payload.get("message_id")))
            return {"success": True}
        wamid = f"wamid.sandbox.{uuid.uuid4().hex}"
        record = SandboxSend(phone_number_id, wamid, json.loads(json.dumps(payload)))
        with self._lock:
            self._sent.append(record)
        to = payload.get("to") or payload.get("recipient")
        return {
            "messaging_product": "whatsapp",
            "contacts": [
                {"input": to, "user_id" if "recipient" in payload and "to" not in payload else "wa_id": to}
            ],
            "messages": [{"id": wamid}],
        }

    def add_media(self, media_id: str, data: bytes, mime_type: str = "image/jpeg") -> None:
        """Make a media id downloadable (for the simulator's uploads)."""
        with self._lock:
            self._media[media_id] = (data, mime_type)

    def get_media(self, media_id: str) -> MediaInfo:
        with self._lock:
            found = self._media.get(media_id)
        if found is None:
            raise PermanentSendError(f"sandbox: unknown media id {media_id}", code=100)
        return MediaInfo(
            id=media_id,
            url=f"sandbox://media/{media_id}",
            mime_type=found[1],
            file_size=len(found[0]),
        )

    def download_media(self, url: str, *, max_bytes: int = MEDIA_DOWNLOAD_MAX) -> bytes:
        media_id = url.removeprefix("sandbox://media/")
        with self._lock:
            found = self._media.get(media_id)
        if found is None:
            raise PermanentSendError(f"sandbox: unknown media url {url}", code=100)
        if len(found[0]) > max_bytes:
            raise PermanentSendError(f"media larger than {max_bytes} bytes: {url}")
        return found[0]
