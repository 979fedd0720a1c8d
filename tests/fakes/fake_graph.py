"""FakeGraph: a real local HTTP server that imitates the WhatsApp Cloud (Graph) API.

Meta's servers are another company's, so tests talk to this instead — over real HTTP, so the
client's timeouts, headers and error handling are exercised for real.

    with FakeGraph(access_token="T") as g:
        client = WhatsAppClient(g.url, "T", phone_number_id="123")
        g.fail_next(status=429, code=130429, retry_after=2)   # scripted failure, then success
        ...
        sent = g.wait_for(1, timeout=5)                        # blocks until 1 message accepted
        assert sent[0].json["text"]["body"] == "hi"

Routes (an optional version prefix such as /v21.0 is accepted and ignored):
  POST /{phone_number_id}/messages   records the JSON + headers; answers with "wamid.<n>",
                                     or {"success": true} for read receipts
  GET  /{media_id}                   {"url": "<g.url>/media/<id>", "mime_type", "sha256", ...}
  GET  /media/{media_id}             the bytes given to g.add_media()
  GET  /{phone_number_id}            the number's details given to g.add_phone_number()
  GET  /{waba_id}/message_templates  the templates given to g.add_template(), Graph-paged: `limit`
                                     (default 25) and the `after` cursor; `paging.next` while more

Scripted responses (`fail_next`, `delay_next`, `drop_next`, `respond_next`) are consumed in order by the next
requests with the matching method. Everything is thread-safe; use one FakeGraph per test (or the
`fake_graph` pytest fixture below: `from tests.fakes.fake_graph import fake_graph`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from jsonschema import Draft202012Validator

_VERSION = re.compile(r"^/v\d+(\.\d+)?(?=/)")


@dataclass(frozen=True)
class Received:
    """One request the fake server received, and what it answered."""

    method: str
    path: str  # without the version prefix
    headers: dict[str, str]  # lower-cased names
    body: bytes
    json: Any
    status: int
    phone_number_id: str | None = None
    wamid: str | None = None  # set for accepted message sends
    at: float = field(default_factory=time.time)

    @property
    def to(self) -> str | None:
        """Who it was sent to: `to` (a number), else `recipient` (a business-scoped user id)."""
        return (self.json.get("to") or self.json.get("recipient")) if isinstance(self.json, dict) else None

    @property
    def type(self) -> str | None:
        return self.json.get("type") if isinstance(self.json, dict) else None

    @property
    def text(self) -> str | None:
        """The text body of a sent text message (None for other types)."""
        if isinstance(self.json, dict) and isinstance(self.json.get("text"), dict):
            return self.json["text"].get("body")
        return None


@dataclass(frozen=True)
class Canned:
    """A scripted answer for the next request with `method` (None: any method)."""

    status: int = 200
    body: Any = None  # dict → JSON, bytes → as is, None → the normal answer with this status
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (longer than the client timeout → timeout)
    method: str | None = "POST"
    # Close the connection after reading the request, without answering: "accepted" (Meta has the
    # message and will send its statuses) or "lost" (it never got past the load balancer).
    drop: str | None = None


def meta_error(
    code: int,
    message: str = "",
    *,
    title: str | None = None,
    details: str | None = None,
    subcode: int | None = None,
) -> dict[str, Any]:
    """A Graph API error body as Meta sends it."""
    error: dict[str, Any] = {
        "message": message or title or f"(#{code}) error",
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AFakeTraceId",
    }
    if title:
        error["error_user_title"] = title
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


class FakeGraph:
    """A threaded HTTP server on 127.0.0.1 (random port) speaking the Cloud API's dialect."""

    def __init__(self, *, access_token: str | None = None) -> None:
        self.access_token = access_token
        self._lock = threading.Condition()
        self._stopping = threading.Event()
        self._canned: deque[Canned] = deque()
        self._requests: list[Received] = []
        self._sent: list[Received] = []
        self._read: list[str] = []
        self._media: dict[str, tuple[bytes, str]] = {}
        self._numbers: dict[str, dict[str, Any]] = {}
        self._templates: dict[str, list[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle

    def start(self) -> FakeGraph:
        handler = type("Handler", (_Handler,), {"graph": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="FakeGraph",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGraph:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL to use as WHATSAPP_GRAPH_URL, e.g. http://127.0.0.1:53817/v21.0."""
        if self._server is None:
            raise RuntimeError("FakeGraph is not started (use `with FakeGraph() as g:`)")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v21.0"

    # ---- what was received

    @property
    def sent(self) -> list[Received]:
        """Message sends that were accepted (answered with a wamid), oldest first."""
        with self._lock:
            return list(self._sent)

    @property
    def requests(self) -> list[Received]:
        """Every request received, including failed ones, media and read receipts."""
        with self._lock:
            return list(self._requests)

    @property
    def read_receipts(self) -> list[str]:
        """Message ids marked read."""
        with self._lock:
            return list(self._read)

    def sent_to(self, wa_id: str) -> list[Received]:
        return [r for r in self.sent if r.to == wa_id]

    def wait_for(self, n: int, timeout: float = 5.0) -> list[Received]:
        """Block until at least n messages were accepted; fail the test after `timeout` s."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._sent) >= n, timeout):
                got = [(r.to, r.type) for r in self._sent]
                raise AssertionError(f"FakeGraph: expected {n} sends in {timeout}s, got {got}")
            return list(self._sent)

    def reset(self) -> None:
        """Forget requests, sends, scripted answers and media."""
        with self._lock:
            self._canned.clear()
            self._requests.clear()
            self._sent.clear()
            self._read.clear()
            self._media.clear()

    # ---- scripting

    def respond_next(self, canned: Canned, times: int = 1) -> None:
        with self._lock:
            self._canned.extend([canned] * times)

    def fail_next(
        self,
        status: int = 500,
        *,
        code: int | None = None,
        message: str = "",
        title: str | None = None,
        details: str | None = None,
        retry_after: float | str | None = None,
        delay: float = 0.0,
        times: int = 1,
        method: str | None = "POST",
    ) -> None:
        """Make the next `times` requests fail: HTTP `status`, a Meta error `code` if given."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body = meta_error(code or status, message, title=title, details=details)
        self.respond_next(Canned(status, body, headers, delay, method), times)

    def delay_next(self, seconds: float, *, times: int = 1, method: str | None = "POST") -> None:
        """Answer the next requests normally, but only after `seconds` (to provoke timeouts).

        The send is recorded as accepted at once, as Meta would have: a client that timed out
        does not know whether its message went out.
        """
        self.respond_next(Canned(status=200, delay=seconds, method=method), times)

    def drop_next(self, *, accepted: bool, times: int = 1) -> None:
        """Read the next message posts, then close the connection without a word (the client
        cannot tell whether they went out). `accepted`: Meta took it (recorded in `sent` with a
        wamid, as a later status webhook would name it) or lost it (only in `requests`)."""
        self.respond_next(Canned(drop="accepted" if accepted else "lost"), times)

    def add_media(self, media_id: str, data: bytes, mime_type: str = "image/jpeg") -> None:
        """Serve `data` as inbound media `media_id`."""
        with self._lock:
            self._media[media_id] = (data, mime_type)

    def add_phone_number(
        self,
        phone_number_id: str,
        display_phone_number: str = "+966 50 000 0000",
        verified_name: str = "Test",
    ) -> None:
        """Answer GET /{phone_number_id} with these details (as the Cloud API does for a business number)."""
        with self._lock:
            self._numbers[phone_number_id] = {
                "id": phone_number_id,
                "display_phone_number": display_phone_number,
                "verified_name": verified_name,
                "quality_rating": "GREEN",
            }

    def add_template(
        self,
        waba_id: str,
        name: str,
        language: str = "ar",
        *,
        body: str = "",
        status: str = "APPROVED",
        category: str = "MARKETING",
        parameter_format: str | None = None,
    ) -> dict[str, Any]:
        """List a template of the WhatsApp Business Account `waba_id` (as Meta's list shows it)."""
        item: dict[str, Any] = {
            "name": name,
            "language": language,
            "status": status,
            "category": category,
            "components": [{"type": "BODY", "text": body}] if body else [],
            "id": str(10**15 + next(self._ids)),
        }
        if parameter_format is not None:
            item["parameter_format"] = parameter_format
        with self._lock:
            self._templates.setdefault(waba_id, []).append(item)
        return item

    # ---- used by the handler

    def _take_canned(self, method: str) -> Canned | None:
        with self._lock:
            for i, canned in enumerate(self._canned):
                if canned.method is None or canned.method == method:
                    del self._canned[i]
                    return canned
        return None

    def _record(self, received: Received, *, read_id: str | None = None) -> None:
        with self._lock:
            self._requests.append(received)
            if received.wamid is not None:
                self._sent.append(received)
            if read_id is not None:
                self._read.append(read_id)
            self._lock.notify_all()

    def _next_wamid(self) -> str:
        with self._lock:
            return f"wamid.{next(self._ids)}"

    def _media_item(self, media_id: str) -> tuple[bytes, str] | None:
        with self._lock:
            return self._media.get(media_id)


class _Handler(BaseHTTPRequestHandler):
    graph: FakeGraph
    protocol_version = "HTTP/1.1"
    timeout = 30

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle adds ~40 ms per request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        self._handle("POST")

    def do_GET(self) -> None:
        self._handle("GET")

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = _VERSION.sub("", self.path.split("?", 1)[0])
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
        canned = self.graph._take_canned(method)
        if canned is not None and canned.drop is not None:
            status, _answer, _extra, wamid, pnid, _read = self._route(method, path, headers, data)
            if canned.drop == "lost":
                wamid = None
            self.graph._record(Received(method, path, headers, body, data, status, pnid, wamid))
            self.close_connection = True  # the handler closes the socket: no status line, nothing
            return
        if canned is not None and (canned.body is not None or canned.status >= 400):
            status, answer, extra = canned.status, canned.body, canned.headers
            wamid = read_id = None
            pnid = path.strip("/").split("/")[0] if path.endswith("/messages") else None
        else:
            status, answer, extra, wamid, pnid, read_id = self._route(method, path, headers, data)
            if canned is not None:
                status, extra = canned.status, {**extra, **canned.headers}
        self.graph._record(Received(method, path, headers, body, data, status, pnid, wamid), read_id=read_id)
        if canned is not None and canned.delay:
            self.graph._stopping.wait(canned.delay)
        self._answer(status, answer, extra)

    def _route(
        self, method: str, path: str, headers: dict[str, str], data: Any
    ) -> tuple[int, Any, dict[str, str], str | None, str | None, str | None]:
        auth = headers.get("authorization", "")
        token = self.graph.access_token
        if not auth.startswith("Bearer ") or (token is not None and auth != f"Bearer {token}"):
            return 401, meta_error(190, "Invalid OAuth access token."), {}, None, None, None
        parts = [p for p in path.split("/") if p]
        if method == "POST" and len(parts) == 2 and parts[1] == "messages":
            return self._post_message(parts[0], data)
        if method == "GET" and len(parts) == 2 and parts[0] == "media":
            item = self.graph._media_item(parts[1])
            if item is None:
                return 404, meta_error(100, "Media not found"), {}, None, None, None
            return 200, item[0], {"Content-Type": item[1]}, None, None, None
        if method == "GET" and len(parts) == 2 and parts[1] == "message_templates":
            return self._template_page(parts[0])
        if method == "GET" and len(parts) == 1 and parts[0] in self.graph._numbers:
            return 200, dict(self.graph._numbers[parts[0]]), {}, None, None, None
        if method == "GET" and len(parts) == 1:
            item = self.graph._media_item(parts[0])
            if item is None:
                return 400, meta_error(100, "Unsupported get request."), {}, None, None, None
            base = self.graph.url.rsplit("/v21.0", 1)[0]
            info = {
                "messaging_product": "whatsapp",
                "url": f"{base}/media/{parts[0]}",
                "mime_type": item[1],
                "sha256": hashlib.sha256(item[0]).hexdigest(),
                "file_size": len(item[0]),
                "id": parts[0],
            }
            return 200, info, {}, None, None, None
        return 404, meta_error(100, f"Unknown path {path}"), {}, None, None, None

    def _template_page(
        self, waba_id: str
    ) -> tuple[int, Any, dict[str, str], str | None, str | None, str | None]:
        """One page of the account's templates; cursors are opaque strings, as Meta's are."""
        query = parse_qs(urlsplit(self.path).query)
        with self.graph._lock:
            if waba_id not in self.graph._templates:
                return (
                    400,
                    meta_error(100, f"Unsupported get request. Object with ID '{waba_id}' does not exist"),
                    {},
                    None,
                    None,
                    None,
                )
            items = list(self.graph._templates[waba_id])
        limit = int(query.get("limit", ["25"])[0])
        start = int(base64.urlsafe_b64decode(query["after"][0]).decode()) if "after" in query else 0
        fields = (
            set(query["fields"][0].split(","))
            if "fields" in query
            else {"name", "language", "status", "category", "components", "id"}
        )
        page = [{k: v for k, v in t.items() if k in fields} for t in items[start : start + limit]]
        cursor = base64.urlsafe_b64encode(str(start + len(page)).encode()).decode()
        before = base64.urlsafe_b64encode(str(start).encode()).decode()
        paging: dict[str, Any] = {"cursors": {"before": before, "after": cursor}}
        if start + limit < len(items):
            paging["next"] = f"{self.graph.url}/{waba_id}/message_templates?limit={limit}&after={cursor}"
        return 200, {"data": page, "paging": paging}, {}, None, None, None

    def _post_message(
        self, pnid: str, data: Any
    ) -> tuple[int, Any, dict[str, str], str | None, str | None, str | None]:
        if not isinstance(data, dict) or data.get("messaging_product") != "whatsapp":
            error = meta_error(100, "The parameter messaging_product is required.")
            return 400, error, {}, None, pnid, None
        if data.get("status") == "read":
            return 200, {"success": True}, {}, None, pnid, str(data.get("message_id"))
        if not (data.get("to") or data.get("recipient")) or not data.get("type"):
            return 400, meta_error(100, "Invalid parameter: to/type"), {}, None, pnid, None
        problem = send_body_problem(data)
        if problem is not None:
            return 400, meta_error(100, f"Invalid parameter: {problem}"), {}, None, pnid, None
        wamid = self.graph._next_wamid()
        # Meta answers `wa_id` for a send to a number, `user_id` for one to a BSUID only.
        address = data.get("to") or data["recipient"]
        who = (
            {"input": address, "wa_id": address} if data.get("to") else {"input": address, "user_id": address}
        )
        answer = {"messaging_product": "whatsapp", "contacts": [who], "messages": [{"id": wamid}]}
        return 200, answer, {}, wamid, pnid, None

    def _answer(self, status: int, answer: Any, headers: dict[str, str]) -> None:
        if isinstance(answer, bytes):
            payload, ctype = answer, "application/octet-stream"
        else:
            payload, ctype = json.dumps(answer or {}).encode(), "application/json"
        try:
            self.send_response(status)
            self.send_header("Content-Type", headers.get("Content-Type", ctype))
            for name, value in headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (timeout): nothing to answer


# ---------------------------------------------------------------- Meta's own description of a send

SPEC = (
    Path(__file__).resolve().parent / "specs" / "whatsapp-business-messaging-api_v23.0.json"
)  # see specs/README.md
TEXT_BODY_MAX = 4096  # Meta's documented limit; the spec does not state it
# Meta's Messages API (2026): a business-scoped user id goes in `recipient`, a number in `to`
# ("If both to and recipient are present, to takes precedence"); the v23.0 spec predates it.
BSUID = re.compile(r"^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$")


def _relaxed(node: Any) -> Any:
    """The spec with every `additionalProperties: false` removed (as shipped, its allOf
    composition rejects the base fields and Meta's own examples: see specs/README.md)."""
    if isinstance(node, dict):
        out = {k: _relaxed(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
        if isinstance(out.get("required"), list) and "policy" in out["required"]:
            # template.language.policy: required by the spec, omitted by Meta's own examples
            out["required"] = [r for r in out["required"] if r != "policy"]
        return out
    if isinstance(node, list):
        return [_relaxed(v) for v in node]
    return node


@functools.cache
def _send_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    spec = _relaxed(json.loads(SPEC.read_text()))
    mapping = spec["components"]["schemas"]["Message"]["discriminator"]["mapping"]
    return spec, mapping


def send_body_problem(data: dict[str, Any]) -> str | None:
    """Why Meta would refuse this send body (structure per the published spec, plus the
    documented limits the spec leaves out), or None."""
    spec, mapping = _send_schemas()
    kind = data.get("type")
    if kind not in mapping:
        return f"unsupported message type {kind!r}"
    body = dict(data)
    if "recipient" in body:
        if not isinstance(body["recipient"], str) or not BSUID.match(body["recipient"]):
            return f"recipient {body['recipient']!r} is not a business-scoped user id"
        body.setdefault("to", body["recipient"])  # where Meta documents it, in place of `to`
    elif isinstance(body.get("to"), str) and "." in body["to"]:
        return "a business-scoped user id goes in `recipient`, not `to`"
    schema = {"$ref": mapping[kind], "components": spec["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        return f"{'.'.join(map(str, e.path)) or 'body'}: {e.message}"
    text = (data.get("text") or {}).get("body") if kind == "text" else None
    if kind == "text" and (not isinstance(text, str) or not text.strip() or len(text) > TEXT_BODY_MAX):
        return f"text.body must be 1..{TEXT_BODY_MAX} characters"
    return None


@pytest.fixture
def fake_graph() -> Iterator[FakeGraph]:
    """A started FakeGraph, stopped after the test."""
    with FakeGraph() as graph:
        yield graph
