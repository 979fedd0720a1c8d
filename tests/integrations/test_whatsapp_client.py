"""Outbound Cloud API: payload builders, limits, error classification, clients vs FakeGraph."""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
import tenacity

from crm_res.integrations.whatsapp import (
    InvalidMessage,
    ListRow,
    ListSection,
    MessageTooLong,
    PermanentSendError,
    RetryableSendError,
    SandboxClient,
    TemplateButton,
    WhatsAppClient,
    backoff_seconds,
    build_buttons_payload,
    build_document_payload,
    build_image_payload,
    build_list_payload,
    build_reaction_payload,
    build_read_payload,
    build_template_payload,
    build_text_payload,
    classify_error,
)
from tests.fakes.fake_graph import Canned, FakeGraph, meta_error

Client = WhatsAppClient | SandboxClient

# The conveniences below exist only for these tests: production builds a payload with a build_*
# function and posts it with `client.send` (services/outbox/sending.py), and so do these.


def send_text(
    client: Client,
    to: str,
    body: str,
    preview_url: bool = False,
    reply_to: str | None = None,
    *,
    phone_number_id: str | None = None,
) -> str:
    payload = build_text_payload(to, body, preview_url=preview_url, reply_to=reply_to)
    return client.send(payload, phone_number_id=phone_number_id)


def send_template(client: Client, to: str, name: str, language: str, **kw: Any) -> str:
    return client.send(build_template_payload(to, name, language, **kw))


def send_buttons(client: Client, to: str, body: str, buttons: list[tuple[str, str]], **kw: Any) -> str:
    return client.send(build_buttons_payload(to, body, buttons, **kw))


def send_list(client: Client, to: str, body: str, button_text: str, sections: list[ListSection]) -> str:
    return client.send(build_list_payload(to, body, button_text, sections))


def send_image(client: Client, to: str, **kw: Any) -> str:
    return client.send(build_image_payload(to, **kw))


def send_document(client: Client, to: str, **kw: Any) -> str:
    return client.send(build_document_payload(to, **kw))


def send_reaction(client: Client, to: str, message_id: str, emoji: str) -> str:
    return client.send(build_reaction_payload(to, message_id, emoji))


def get_media_url(client: Client, media_id: str) -> str:
    return client.get_media(media_id).url


def tenacity_wait(retry_state: Any) -> float:
    """A tenacity `wait=` callable: backoff_seconds honouring the error's Retry-After."""
    outcome = getattr(retry_state, "outcome", None)
    exc = outcome.exception() if outcome is not None else None
    return backoff_seconds(retry_state.attempt_number, getattr(exc, "retry_after_seconds", None))


TO = "966501234567"
PNID = "106540352242922"
TOKEN = "test-token"


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    with FakeGraph(access_token=TOKEN) as g:
        yield g


@pytest.fixture
def client(graph: FakeGraph) -> Iterator[WhatsAppClient]:
    with WhatsAppClient(graph.url, TOKEN, timeout=2.0, phone_number_id=PNID) as c:
        yield c


def rows(n: int) -> list[ListRow]:
    return [ListRow(f"r{i}", f"Row {i}") for i in range(n)]


# ---------------------------------------------------------------- builders


def test_text_payload_shape() -> None:
    """A text payload is exactly the Cloud API JSON."""
    assert build_text_payload(TO, "أهلاً وسهلاً") == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": TO,
        "type": "text",
        "text": {"body": "أهلاً وسهلاً", "preview_url": False},
    }


def test_text_payload_reply_and_preview() -> None:
    """reply_to becomes context.message_id; preview_url is passed through."""
    payload = build_text_payload(TO, "https://x.sa", preview_url=True, reply_to="wamid.IN")
    assert payload["context"] == {"message_id": "wamid.IN"}
    assert payload["text"]["preview_url"] is True


def test_text_limit_is_4096_characters() -> None:
    """4096 characters (Arabic counted as characters) pass; 4097 raise MessageTooLong."""
    assert build_text_payload(TO, "ب" * 4096)["text"]["body"] == "ب" * 4096
    with pytest.raises(MessageTooLong, match="4097 characters"):
        build_text_payload(TO, "ب" * 4097)


@pytest.mark.parametrize("body", ["", "   "])
def test_empty_text_is_invalid(body: str) -> None:
    """An empty text is refused before sending."""
    with pytest.raises(InvalidMessage):
        build_text_payload(TO, body)


def test_missing_recipient_is_invalid() -> None:
    """A payload needs a recipient."""
    with pytest.raises(InvalidMessage, match="recipient"):
        build_text_payload("", "hi")


def test_buttons_payload_shape() -> None:
    """Reply buttons build the interactive/button JSON with header and footer."""
    payload = build_buttons_payload(
        TO, "أكد الطلب؟", [("yes", "نعم"), ("no", "لا")], header="طلبك", footer="مطعم"
    )
    assert payload["type"] == "interactive"
    assert payload["interactive"] == {
        "type": "button",
        "body": {"text": "أكد الطلب؟"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "yes", "title": "نعم"}},
                {"type": "reply", "reply": {"id": "no", "title": "لا"}},
            ]
        },
        "header": {"type": "text", "text": "طلبك"},
        "footer": {"text": "مطعم"},
    }


@pytest.mark.parametrize("count", [0, 4])
def test_buttons_count(count: int) -> None:
    """Reply buttons need one to three buttons."""
    with pytest.raises(InvalidMessage, match="reply buttons"):
        build_buttons_payload(TO, "pick", [(f"b{i}", f"B{i}") for i in range(count)])


def test_button_title_limit() -> None:
    """A button title of 20 characters passes; 21 raise MessageTooLong."""
    build_buttons_payload(TO, "pick", [("a", "x" * 20)])
    with pytest.raises(MessageTooLong, match="button title"):
        build_buttons_payload(TO, "pick", [("a", "x" * 21)])


def test_button_ids_unique() -> None:
    """Two buttons with the same id are refused."""
    with pytest.raises(InvalidMessage, match="unique"):
        build_buttons_payload(TO, "pick", [("a", "One"), ("a", "Two")])


def test_buttons_body_limit() -> None:
    """A reply-buttons body is limited to 1024 characters."""
    with pytest.raises(MessageTooLong):
        build_buttons_payload(TO, "x" * 1025, [("a", "A")])


@pytest.mark.parametrize("part", ["header", "footer"])
def test_header_footer_limit(part: str) -> None:
    """Header and footer are limited to 60 characters."""
    build_buttons_payload(TO, "pick", [("a", "A")], **{part: "x" * 60})
    with pytest.raises(MessageTooLong, match=part):
        build_buttons_payload(TO, "pick", [("a", "A")], **{part: "x" * 61})


def test_list_payload_shape() -> None:
    """A list message builds sections with rows (description optional)."""
    sections = [
        ListSection("برجر", [ListRow("b1", "برجر لحم", "150 جم"), ("b2", "برجر دجاج")]),
        ListSection("مشروبات", [("d1", "بيبسي", None)]),
    ]
    payload = build_list_payload(TO, "اختر من القائمة", "القائمة", sections, footer="SAR")
    assert payload["interactive"] == {
        "type": "list",
        "body": {"text": "اختر من القائمة"},
        "action": {
            "button": "القائمة",
            "sections": [
                {
                    "title": "برجر",
                    "rows": [
                        {"id": "b1", "title": "برجر لحم", "description": "150 جم"},
                        {"id": "b2", "title": "برجر دجاج"},
                    ],
                },
                {"title": "مشروبات", "rows": [{"id": "d1", "title": "بيبسي"}]},
            ],
        },
        "footer": {"text": "SAR"},
    }


def test_list_rows_total_limit() -> None:
    """Ten rows in all pass; eleven spread over sections are refused."""
    build_list_payload(TO, "b", "Menu", [ListSection("A", rows(10))])
    split = [ListSection("A", rows(6)), ListSection("B", [ListRow(f"x{i}", "X") for i in range(5)])]
    with pytest.raises(InvalidMessage, match="11 given"):
        build_list_payload(TO, "b", "Menu", split)


def test_list_empty_is_invalid() -> None:
    """A list with no rows is refused."""
    with pytest.raises(InvalidMessage):
        build_list_payload(TO, "b", "Menu", [ListSection(None, [])])


@pytest.mark.parametrize(
    "sections,what",
    [
        ([ListSection(None, [ListRow("a", "x" * 25)])], "row title"),
        ([ListSection(None, [ListRow("a", "ok", "d" * 73)])], "row description"),
        ([ListSection("s" * 25, [ListRow("a", "ok")])], "section title"),
    ],
)
def test_list_text_limits(sections: list[ListSection], what: str) -> None:
    """Row title 24, row description 72 and section title 24 are enforced."""
    with pytest.raises(MessageTooLong, match=what):
        build_list_payload(TO, "b", "Menu", sections)


def test_list_button_text_limit() -> None:
    """The list button text is limited to 20 characters."""
    with pytest.raises(MessageTooLong, match="list button"):
        build_list_payload(TO, "b", "x" * 21, [ListSection(None, rows(1))])


def test_list_sections_need_titles() -> None:
    """With several sections each needs a title."""
    with pytest.raises(InvalidMessage, match="section title"):
        build_list_payload(TO, "b", "Menu", [ListSection(None, rows(1)), ListSection("B", [])])


def test_list_row_ids_unique() -> None:
    """Row ids must be unique across the whole list."""
    with pytest.raises(InvalidMessage, match="unique"):
        build_list_payload(TO, "b", "Menu", [ListSection("A", rows(2)), ListSection("B", rows(1))])


def test_template_positional_parameters() -> None:
    """Header and body parameters and button parameters build template components."""
    payload = build_template_payload(
        TO,
        "feedback_request",
        "ar",
        header_params=["مطعم الريف"],
        body_params=["عبدالله", "العليا"],
        buttons=[
            TemplateButton(0, "quick_reply", "rate_5"),
            TemplateButton(1, "url", "order/42"),
            TemplateButton(2, "copy_code", "THANKS10"),
        ],
    )
    assert payload["type"] == "template"
    assert payload["template"] == {
        "name": "feedback_request",
        "language": {"code": "ar"},
        "components": [
            {"type": "header", "parameters": [{"type": "text", "text": "مطعم الريف"}]},
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "عبدالله"},
                    {"type": "text", "text": "العليا"},
                ],
            },
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": "0",
                "parameters": [{"type": "payload", "payload": "rate_5"}],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "1",
                "parameters": [{"type": "text", "text": "order/42"}],
            },
            {
                "type": "button",
                "sub_type": "copy_code",
                "index": "2",
                "parameters": [{"type": "coupon_code", "coupon_code": "THANKS10"}],
            },
        ],
    }


def test_template_named_parameters() -> None:
    """A mapping of body parameters fills named template parameters."""
    payload = build_template_payload(TO, "order_ready", "en", body_params={"order": "A12"})
    assert payload["template"]["components"] == [
        {"type": "body", "parameters": [{"type": "text", "text": "A12", "parameter_name": "order"}]}
    ]


def test_template_without_parameters_and_raw_components() -> None:
    """No parameters means no components; raw components pass through untouched."""
    assert "components" not in build_template_payload(TO, "hello_world", "en_US")["template"]
    raw = [{"type": "body", "parameters": [{"type": "currency", "currency": {}}]}]
    assert build_template_payload(TO, "t", "ar", raw)["template"]["components"] == raw


@pytest.mark.parametrize("param", ["", "line\nbreak", "tab\there", "five     spaces"])
def test_template_parameter_rules(param: str) -> None:
    """Empty parameters, newlines, tabs and 5+ spaces are refused before Meta refuses them."""
    with pytest.raises(InvalidMessage):
        build_template_payload(TO, "t", "ar", body_params=[param])


def test_template_needs_name_and_language() -> None:
    """Template name and language are required."""
    with pytest.raises(InvalidMessage):
        build_template_payload(TO, "", "ar")
    with pytest.raises(InvalidMessage):
        build_template_payload(TO, "t", "")


def test_image_payload_link_or_id() -> None:
    """An image goes by link or by media id, with an optional caption."""
    by_link = build_image_payload(TO, link="https://x.sa/menu.jpg", caption="المنيو")
    assert by_link["image"] == {"link": "https://x.sa/menu.jpg", "caption": "المنيو"}
    assert build_image_payload(TO, media_id="123")["image"] == {"id": "123"}
    for kwargs in ({}, {"link": "https://x", "media_id": "1"}):
        with pytest.raises(InvalidMessage, match="exactly one"):
            build_image_payload(TO, **kwargs)


def test_caption_limit() -> None:
    """Captions are limited to 1024 characters."""
    build_image_payload(TO, media_id="1", caption="c" * 1024)
    with pytest.raises(MessageTooLong, match="caption"):
        build_document_payload(TO, media_id="1", caption="c" * 1025)


def test_document_payload_filename() -> None:
    """A document carries its filename."""
    payload = build_document_payload(TO, link="https://x.sa/m.pdf", filename="menu.pdf")
    assert payload["document"] == {"link": "https://x.sa/m.pdf", "filename": "menu.pdf"}


def test_reaction_and_read_payloads() -> None:
    """Reaction and read-receipt payloads match the Cloud API."""
    assert build_reaction_payload(TO, "wamid.IN", "👍")["reaction"] == {
        "message_id": "wamid.IN",
        "emoji": "👍",
    }
    assert build_read_payload("wamid.IN", typing=True) == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.IN",
        "typing_indicator": {"type": "text"},
    }


# ---------------------------------------------------------------- error classification


@pytest.mark.parametrize("code", [130429, 131048, 131056, 4, 80007, 2, 1, 131000, 133004])
def test_retryable_codes(code: int) -> None:
    """Rate-limit and transient Meta codes are retryable whatever the HTTP status."""
    error = classify_error(400, meta_error(code, "x"), {})
    assert isinstance(error, RetryableSendError) and error.retryable and error.code == code


@pytest.mark.parametrize(
    "code", [131047, 131026, 131051, 131052, 132000, 132012, 132069, 100, 190, 10, 131030, 131031]
)
def test_permanent_codes(code: int) -> None:
    """Window, recipient, template, parameter, token and account codes are permanent."""
    error = classify_error(500, meta_error(code, "x"), {})
    assert isinstance(error, PermanentSendError) and not error.retryable and error.code == code


@pytest.mark.parametrize(
    "status,retryable",
    [
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (408, True),
        (400, False),
        (401, False),
        (403, False),
        (404, False),
    ],
)
def test_status_without_meta_code(status: int, retryable: bool) -> None:
    """Without a Meta code, 408/429/5xx are retryable and other 4xx permanent."""
    assert classify_error(status, b"<html>gateway error</html>", {}).retryable is retryable


def test_no_response_is_retryable() -> None:
    """No HTTP status at all (transport failure) is retryable."""
    assert classify_error(None).retryable


def test_retry_after_seconds_and_date() -> None:
    """Retry-After is read as seconds or as an HTTP date, header name in any case."""
    assert classify_error(429, None, {"Retry-After": "12"}).retry_after_seconds == 12.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    seconds = classify_error(429, None, {"retry-after": later}).retry_after_seconds
    assert seconds is not None and 25 <= seconds <= 30
    assert classify_error(429, None, {"Retry-After": "soon"}).retry_after_seconds is None


def test_error_carries_meta_details() -> None:
    """The error keeps Meta's title, details and trace id, and says why in its message."""
    body = meta_error(131047, "Re-engagement message", details="More than 24 hours passed")
    error = classify_error(400, body, {})
    assert error.outside_window
    assert (error.title, error.details, error.fbtrace_id) == (
        "Re-engagement message",
        "More than 24 hours passed",
        "AFakeTraceId",
    )
    assert "131047" in str(error) and "HTTP 400" in str(error)


# ---------------------------------------------------------------- backoff


def test_backoff_full_jitter_is_bounded() -> None:
    """Backoff is uniform in [0, base * 2**(attempt-1)], capped."""
    rng = random.Random(7)
    for attempt in range(1, 12):
        ceiling = min(60.0, 0.5 * 2 ** (attempt - 1))
        waits = [backoff_seconds(attempt, base=0.5, cap=60.0, rng=rng) for _ in range(200)]
        assert all(0 <= w <= ceiling for w in waits)
        assert max(waits) > ceiling * 0.8
    assert backoff_seconds(10_000, cap=30.0, rng=rng) <= 30.0


def test_backoff_honours_retry_after() -> None:
    """A server's Retry-After is the minimum wait."""
    rng = random.Random(1)
    waits = [backoff_seconds(1, retry_after=20.0, rng=rng) for _ in range(100)]
    assert all(20.0 <= w <= 21.0 for w in waits)


def test_tenacity_loop_retries_then_succeeds(graph: FakeGraph, client: WhatsAppClient) -> None:
    """A tenacity loop using tenacity_wait retries 429/500 and ends with one accepted send."""
    graph.fail_next(429, code=130429, retry_after=3)
    graph.fail_next(500)
    slept: list[float] = []
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(RetryableSendError),
        wait=tenacity_wait,
        stop=tenacity.stop_after_attempt(5),
        sleep=slept.append,
        reraise=True,
    )
    wamid = retrying(send_text, client, TO, "مرحبا")
    assert wamid == "wamid.1"
    assert len(graph.sent) == 1 and len(graph.requests) == 3
    assert slept[0] >= 3.0 and 0 <= slept[1] <= 2.0


# ---------------------------------------------------------------- client against FakeGraph


def test_send_text_posts_to_phone_number(graph: FakeGraph, client: WhatsAppClient) -> None:
    """send_text POSTs the payload to /{phone_number_id}/messages with the bearer token."""
    wamid = send_text(client, TO, "طلبك جاهز", reply_to="wamid.IN")
    (sent,) = graph.wait_for(1)
    assert wamid == sent.wamid == "wamid.1"
    assert sent.path == f"/{PNID}/messages" and sent.phone_number_id == PNID
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == build_text_payload(TO, "طلبك جاهز", reply_to="wamid.IN")
    assert sent.text == "طلبك جاهز"


def test_phone_number_per_call(graph: FakeGraph) -> None:
    """A client without a bound number takes it per call, and refuses to guess."""
    with WhatsAppClient(graph.url, TOKEN) as unbound:
        send_text(unbound, TO, "hi", phone_number_id="999")
        with pytest.raises(ValueError, match="phone_number_id"):
            send_text(unbound, TO, "hi")
    assert graph.sent[0].path == "/999/messages"


def test_every_kind_is_sent(graph: FakeGraph, client: WhatsAppClient) -> None:
    """Template, buttons, list, image, document and reaction sends each return a wamid."""
    wamids = [
        send_template(client, TO, "feedback_request", "ar", body_params=["عبدالله"]),
        send_buttons(client, TO, "Confirm?", [("yes", "Yes"), ("no", "No")]),
        send_list(client, TO, "Menu", "Open", [ListSection(None, rows(3))]),
        send_image(client, TO, link="https://x.sa/a.jpg", caption="menu"),
        send_document(client, TO, media_id="55", filename="menu.pdf"),
        send_reaction(client, TO, "wamid.IN", "❤️"),
    ]
    assert len(set(wamids)) == 6
    types = [r.type for r in graph.wait_for(6)]
    assert types == ["template", "interactive", "interactive", "image", "document", "reaction"]


def test_mark_read(graph: FakeGraph, client: WhatsAppClient) -> None:
    """mark_read posts a read receipt and is acknowledged; it is not a sent message."""
    assert client.mark_read("wamid.IN", typing=True) is True
    assert graph.read_receipts == ["wamid.IN"] and graph.sent == []
    assert graph.requests[0].json["typing_indicator"] == {"type": "text"}


def test_invalid_message_is_never_posted(graph: FakeGraph, client: WhatsAppClient) -> None:
    """A message over the limits raises before any HTTP request."""
    with pytest.raises(MessageTooLong):
        send_text(client, TO, "x" * 5000)
    with pytest.raises(InvalidMessage):
        client.send({"to": TO, "type": "text"})
    assert graph.requests == []


def test_send_prebuilt_payload(graph: FakeGraph, client: WhatsAppClient) -> None:
    """send() posts a stored payload (e.g. from the outbox) and returns the wamid."""
    assert client.send(build_text_payload(TO, "hi")) == "wamid.1"
    assert graph.sent[0].json["text"]["body"] == "hi"


def test_429_is_retryable_with_retry_after(graph: FakeGraph, client: WhatsAppClient) -> None:
    """429 with Retry-After raises RetryableSendError carrying the wait; nothing is sent."""
    graph.fail_next(429, code=130429, message="Rate limit hit", retry_after=7)
    with pytest.raises(RetryableSendError) as err:
        send_text(client, TO, "hi")
    assert (err.value.status_code, err.value.code, err.value.retry_after_seconds) == (
        429,
        130429,
        7.0,
    )
    assert graph.sent == []
    assert send_text(client, TO, "hi") == "wamid.1"


def test_500_is_retryable(graph: FakeGraph, client: WhatsAppClient) -> None:
    """A server error is retryable."""
    graph.fail_next(500)
    with pytest.raises(RetryableSendError) as err:
        send_text(client, TO, "hi")
    assert err.value.status_code == 500 and not err.value.maybe_sent


def test_outside_window_is_permanent(graph: FakeGraph, client: WhatsAppClient) -> None:
    """131047 (24-hour window closed) is permanent and flagged as outside the window."""
    graph.fail_next(400, code=131047, message="Re-engagement message", details="24 hours")
    with pytest.raises(PermanentSendError) as err:
        send_text(client, TO, "hi")
    assert err.value.outside_window and err.value.details == "24 hours"


def test_bad_token_is_permanent(graph: FakeGraph) -> None:
    """A wrong access token gives a permanent error with Meta code 190."""
    with WhatsAppClient(graph.url, "wrong", phone_number_id=PNID) as bad:
        with pytest.raises(PermanentSendError) as err:
            send_text(bad, TO, "hi")
    assert (err.value.status_code, err.value.code) == (401, 190)


def test_timeout_is_retryable_and_maybe_sent(graph: FakeGraph) -> None:
    """A read timeout is retryable and flagged maybe_sent (Meta may have accepted it)."""
    graph.delay_next(2.0)
    with WhatsAppClient(graph.url, TOKEN, timeout=0.2, phone_number_id=PNID) as slow:
        with pytest.raises(RetryableSendError) as err:
            send_text(slow, TO, "hi")
    assert err.value.maybe_sent and err.value.title == "timeout"
    assert len(graph.sent) == 1


def test_connection_refused_is_retryable_not_sent() -> None:
    """Nobody listening is retryable and certainly not sent."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with WhatsAppClient(f"http://127.0.0.1:{port}", TOKEN, phone_number_id=PNID) as dead:
        with pytest.raises(RetryableSendError) as err:
            send_text(dead, TO, "hi")
    assert not err.value.maybe_sent


def test_ok_without_wamid_is_permanent(graph: FakeGraph, client: WhatsAppClient) -> None:
    """A 200 without messages[0].id is not treated as success, nor retried blindly."""
    graph.respond_next(Canned(200, {"messaging_product": "whatsapp"}))
    with pytest.raises(PermanentSendError) as err:
        send_text(client, TO, "hi")
    assert err.value.maybe_sent


def test_media_download(graph: FakeGraph, client: WhatsAppClient) -> None:
    """get_media gives URL and metadata; download_media fetches the bytes with the token."""
    graph.add_media("m-1", b"\x89PNG fake", "image/png")
    info = client.get_media("m-1")
    assert (info.id, info.mime_type, info.file_size) == ("m-1", "image/png", 9)
    assert get_media_url(client, "m-1") == info.url
    assert client.download_media(info.url) == b"\x89PNG fake"
    download = graph.requests[-1]
    assert download.path == "/media/m-1"
    assert download.headers["authorization"] == f"Bearer {TOKEN}"


def test_media_errors(graph: FakeGraph, client: WhatsAppClient) -> None:
    """An unknown media id is permanent; a file over max_bytes is refused."""
    with pytest.raises(PermanentSendError):
        client.get_media("missing")
    graph.add_media("big", b"x" * 1000)
    with pytest.raises(PermanentSendError, match="larger"):
        client.download_media(get_media_url(client, "big"), max_bytes=100)
    graph.fail_next(503, method="GET")
    with pytest.raises(RetryableSendError):
        client.get_media("big")


# ---------------------------------------------------------------- FakeGraph itself


def test_fake_graph_concurrent_sends(graph: FakeGraph) -> None:
    """Concurrent sends from many threads are all recorded with distinct wamids."""
    with WhatsAppClient(graph.url, TOKEN, phone_number_id=PNID) as shared:

        def burst(n: int) -> None:
            for i in range(5):
                send_text(shared, TO, f"{n}-{i}")

        threads = [threading.Thread(target=burst, args=(n,)) for n in range(10)]
        for t in threads:
            t.start()
        sent = graph.wait_for(50, timeout=10)
        for t in threads:
            t.join()
    assert len({r.wamid for r in sent}) == 50


def test_fake_graph_wait_for_times_out(graph: FakeGraph) -> None:
    """wait_for fails the test clearly when too few messages arrive."""
    with pytest.raises(AssertionError, match="expected 1 sends"):
        graph.wait_for(1, timeout=0.05)


def test_fake_graph_failures_in_order(graph: FakeGraph, client: WhatsAppClient) -> None:
    """Scripted failures are used once each, in order, then normal answers resume."""
    graph.fail_next(500, times=2)
    for _ in range(2):
        with pytest.raises(RetryableSendError):
            send_text(client, TO, "hi")
    assert send_text(client, TO, "hi") == "wamid.1"
    assert [r.status for r in graph.requests] == [500, 500, 200]


# ---------------------------------------------------------------- sandbox


def test_sandbox_records_and_returns_fake_wamids() -> None:
    """The sandbox records each payload and returns wamid.sandbox.<uuid>."""
    sandbox = SandboxClient(phone_number_id="demo")
    wamid = send_text(sandbox, TO, "مرحبا")
    other = send_buttons(sandbox, TO, "?", [("a", "A")])
    assert wamid.startswith("wamid.sandbox.") and len(wamid) == len("wamid.sandbox.") + 32
    assert wamid != other
    assert [(s.phone_number_id, s.wamid, s.payload["type"]) for s in sandbox.sent] == [
        ("demo", wamid, "text"),
        ("demo", other, "interactive"),
    ]


def test_sandbox_enforces_the_same_limits() -> None:
    """The sandbox refuses what Meta would refuse."""
    with pytest.raises(MessageTooLong):
        send_text(SandboxClient(phone_number_id="demo"), TO, "x" * 4097)


def test_sandbox_read_and_media() -> None:
    """The sandbox acknowledges reads and serves media added to it."""
    sandbox = SandboxClient(phone_number_id="demo")
    assert sandbox.mark_read("wamid.IN") and sandbox.read_receipts == ["wamid.IN"]
    sandbox.add_media("m1", b"abc", "audio/ogg")
    assert sandbox.download_media(get_media_url(sandbox, "m1")) == b"abc"
    with pytest.raises(PermanentSendError):
        sandbox.get_media("nope")
