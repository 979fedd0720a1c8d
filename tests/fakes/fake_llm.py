"""A real local HTTP server that speaks the OpenAI chat-completions shape, scriptable per model.

with FakeLLM() as llm:
    llm.script("model-a", fail=500)
    llm.script("model-b", content={"intent": "greeting", ...})
    gateway = LLMGateway(llm.url, "test-key", ["model-a", "model-b"])
    ...
    assert llm.calls_for("model-a") == 1
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Script:
    """How the fake answers one model."""

    content: str | None = None
    fail: int | None = None
    hang_s: float | None = None
    broken_body: bool = False
    prompt_tokens: int = 120
    completion_tokens: int = 40
    cost: float | None = None


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    model: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages of the request."""
        return list(self.body.get("messages", []))


class FakeLLM:
    """Threaded HTTP server on 127.0.0.1 implementing POST /chat/completions."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scripts: dict[str, Script] = {}
        self._calls: list[Call] = []
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle
    def start(self) -> FakeLLM:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging requests and stop the server."""
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL to give the OpenAI client (it appends /chat/completions)."""
        return f"http://127.0.0.1:{self._server.server_port}"

    # -- scripting
    def script(
        self,
        model: str,
        *,
        content: str | dict[str, Any] | None = None,
        fail: int | None = None,
        hang_s: float | None = None,
        invalid_json: bool = False,
        broken_body: bool = False,
        prompt_tokens: int = 120,
        completion_tokens: int = 40,
        cost: float | None = None,
    ) -> None:
        """Set how ``model`` answers from now on.

        content: the assistant message (a dict is JSON-encoded); fail: HTTP status to return;
        hang_s: sleep this long before answering; invalid_json: answer with non-JSON text;
        broken_body: a 200 whose HTTP body is not JSON; cost: OpenRouter's ``usage.cost``.
        """
        if isinstance(content, dict):
            content = json.dumps(content, ensure_ascii=False)
        if invalid_json:
            content = "Sure! Here is your answer: {intent: greeting"
        with self._lock:
            self._scripts[model] = Script(
                content=content,
                fail=fail,
                hang_s=hang_s,
                broken_body=broken_body,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                cost=cost,
            )

    @property
    def calls(self) -> list[Call]:
        """Every request received so far, in order (a copy)."""
        with self._lock:
            return list(self._calls)

    def calls_for(self, model: str) -> int:
        """How many requests named ``model``."""
        return sum(1 for call in self.calls if call.model == model)

    # -- serving
    def _record(self, call: Call) -> Script | None:
        with self._lock:
            self._calls.append(call)
            return self._scripts.get(call.model)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes; without this Nagle adds ~40 ms a call.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, fmt: str, *args: Any) -> None:
                """Keep test output quiet."""

            def do_POST(self) -> None:  # noqa: N802
                """Answer a chat completion as scripted for its model."""
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.rstrip("/") != "/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "request body is not JSON"}})
                    return
                model = str(body.get("model", ""))
                headers = {k.lower(): v for k, v in self.headers.items()}
                script = fake._record(Call(model=model, body=body, headers=headers))
                if script is None:
                    self._send(404, {"error": {"message": f"model {model!r} not scripted"}})
                    return
                if script.hang_s:
                    fake._release.wait(script.hang_s)
                if script.fail:
                    message = "rate limited" if script.fail == 429 else "upstream error"
                    self._send(script.fail, {"error": {"message": message, "code": script.fail}})
                    return
                if script.broken_body:
                    self._send_raw(200, b"<html>definitely not json")
                    return
                self._send(200, _completion(model, script))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                self._send_raw(status, json.dumps(payload, ensure_ascii=False).encode())

            def _send_raw(self, status: int, data: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

        return Handler


def _completion(model: str, script: Script) -> dict[str, Any]:
    usage: dict[str, Any] = {
        "prompt_tokens": script.prompt_tokens,
        "completion_tokens": script.completion_tokens,
        "total_tokens": script.prompt_tokens + script.completion_tokens,
    }
    if script.cost is not None:
        usage["cost"] = script.cost
    return {
        "id": f"chatcmpl-fake-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": script.content or ""},
                "finish_reason": "stop",
            }
        ],
        "usage": usage,
    }


def decision(reply: str, **fields: Any) -> dict[str, Any]:
    """The assistant's structured answer as a model returns it: a plain support reply with `reply`
    as its text, unless `fields` say otherwise (intent, sentiment, rating, order_items, …)."""
    return {
        "intent": "support",
        "sentiment": "neutral",
        "categories": [],
        "confidence": 0.9,
        "reply": reply,
        "order_items": [],
        "rating": None,
        "escalate": False,
    } | fields
