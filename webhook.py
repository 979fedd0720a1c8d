"""The WhatsApp webhook and health routes: a small Starlette (ASGI) app.

Mounted into the Reflex backend by crm_res/crm_res.py (same port), and runnable on its own to
scale ingestion separately: `uvicorn webhook:app --port 8001`.
"""

from __future__ import annotations

import hmac
import logging
import re
import time

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Match, Mount, Route
from starlette.types import Receive, Scope, Send

import crm_res.http.api as rest_api
from crm_res import logs, metrics
from crm_res.http import auth_routes
from crm_res.http.api import docs as api_docs
from crm_res.http.api.hot_reads import route_path
from crm_res.http.delivery_batcher import MAX_BODY_BYTES
from crm_res.http.metrics_route import metrics as metrics_endpoint
from crm_res.http.security_headers import UPLOAD_PREFIX, refuse_anonymous_upload, with_security_headers
from crm_res.services.ops import health
from crm_res.settings import get_settings

logs.configure(process="webhook")  # JSON lines (CRM_RES_LOG_FORMAT=console for a terminal)
log = logging.getLogger("crm_res.webhook")

for _problem in get_settings().errors():  # the app and a standalone webhook both import this
    log.error("configuration: %s", _problem)


async def verify_subscription(request: Request) -> Response:
    """Meta's subscription handshake: echo hub.challenge when the verify token matches."""
    params = request.query_params
    expected = get_settings().whatsapp_verify_token
    token = params.get("hub.verify_token", "")
    if (
        expected
        and params.get("hub.mode") == "subscribe"
        and hmac.compare_digest(token.encode(), expected.encode())
    ):
        return PlainTextResponse(params.get("hub.challenge", ""))
    return PlainTextResponse("forbidden", status_code=403)


async def media(request: Request) -> Response:
    """A stored media file, only for a logged-in user who may see the message's conversation.

    Customers choose these files' bytes and their declared type: only pictures, voice notes and
    videos recognised by their content are shown inline; anything else (an .html or .svg
    "document", a PDF) is an attachment that never runs on the dashboard's origin (nosniff, and
    a sandbox CSP should a browser render it anyway)."""
    import asyncio

    from starlette.responses import FileResponse

    from crm_res.db import session_scope
    from crm_res.http.auth_routes import viewer_of_request
    from crm_res.services.outbox.media import inline_type, media_file

    def find() -> tuple | None:
        viewer = viewer_of_request(request)
        if viewer is None:
            return None
        with session_scope() as session:
            found = media_file(
                session=session, viewer=viewer, message_id=int(request.path_params["message_id"])
            )
        return None if found is None else (found[0], inline_type(found[0]))

    found = await asyncio.to_thread(find)
    if found is None:
        return JSONResponse({"error": "not found"}, status_code=404)
    path, inline = found
    headers = {
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
    }
    if inline:
        return FileResponse(
            path, media_type=inline, headers=headers, filename=path.name, content_disposition_type="inline"
        )
    return FileResponse(path, media_type="application/octet-stream", headers=headers, filename=path.name)


async def live(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def ready(request: Request) -> Response:
    checks = await health.readiness()
    ok = all(c["ok"] for c in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503
    )


def _mount_any_path(prefix: str, app: object) -> Mount:
    """A Mount whose tail matches every character: Starlette's `.*` stops at a newline, so an id
    holding an encoded one (%0A) fell past the API to a plain-text 404 outside its error format."""
    mount = Mount(prefix, app=app)  # type: ignore[arg-type]  # an ASGI app
    mount.path_regex = re.compile(mount.path_regex.pattern, re.DOTALL)
    return mount


# The REST API (FastAPI, crm_res/http/api): served by the ingestion tier behind Caddy, and
# through the Reflex app's api_transformer when run on its own.
API_MOUNT = _mount_any_path("/api/v1", rest_api.front)

routes = [
    Route("/webhooks/whatsapp", verify_subscription, methods=["GET"]),
    # POST /webhooks/whatsapp is answered by WebhookApp below, before routing (raw ASGI: CPU).
    Route("/media/{message_id:int}", media, methods=["GET"]),
    Route("/health/live", live, methods=["GET"]),
    Route("/health/ready", ready, methods=["GET"]),
    Route("/metrics", metrics_endpoint, methods=["GET"]),
    *auth_routes.routes,
    *api_docs.routes,
    API_MOUNT,
]

WEBHOOK_PATH = "/webhooks/whatsapp"
_JSON_HEADERS = [(b"content-type", b"application/json")]


class WebhookApp(Starlette):
    """Starlette, with the delivery POST (the one hot route: every message and status Meta sends)
    answered on plain ASGI: the middleware stack, routing, Request and JSONResponse cost more CPU
    than the signature check and parsing together."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        path = route_path(scope)
        if scope["method"] == "POST" and path == WEBHOOK_PATH:
            await _receive_delivery_asgi(scope, receive, send)
        elif path.startswith("/api/v1/") and _handed_to_api(scope):
            # The router would walk every route above to reach the mount; the FastAPI app has its
            # own error middleware. The mount's own match and handling, as the router does them.
            await API_MOUNT.handle(scope, receive, with_security_headers(send))
        elif path.startswith(UPLOAD_PREFIX) and scope["method"] != "OPTIONS":
            await refuse_anonymous_upload(scope, receive, with_security_headers(send), self._starlette)
        else:
            await super().__call__(scope, receive, with_security_headers(send))

    async def _starlette(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)


def _handed_to_api(scope: Scope) -> bool:
    """Whether the API mount takes this request (the scope then set up as Router.app sets it)."""
    match, child_scope = API_MOUNT.matches(scope)
    if match is not Match.FULL:
        return False
    scope["route"] = API_MOUNT
    scope.update(child_scope)
    return True


async def _receive_delivery_asgi(scope: Scope, receive: Receive, send: Send) -> None:
    given = None
    signature = None
    for name, value in scope["headers"]:  # ASGI header names are lower-case
        if name == b"x-hub-signature-256":
            signature = value.decode("latin-1")
        elif name == b"x-request-id":
            given = value.decode("latin-1")
    request_id = logs.new_request_id(given)
    with logs.bound_contextvars(request_id=request_id):
        status, body, reason = await _answer_delivery(receive, signature, request_id)
        if status == 0:
            return  # the client left: nobody to answer (Meta redelivers)
        metrics.WEBHOOK_DELIVERIES.labels(str(status)).inc()
        if status >= 400:
            metrics.WEBHOOK_ERRORS.labels(str(status), reason).inc()
        await _send_json(send, status, body, request_id)


async def _answer_delivery(receive: Receive, signature: str | None, request_id: str) -> tuple[int, dict, str]:
    """(status, body, reason of a refusal) for one delivery POST; status 0: the client left."""
    from crm_res.http.delivery_batcher import handle_delivery

    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return 0, {}, "disconnected"
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return 413, {"error": f"body larger than {MAX_BODY_BYTES} bytes"}, "too_large"
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    started = time.perf_counter()
    try:
        status, body = await handle_delivery(raw=b"".join(chunks), signature=signature, request_id=request_id)
    except Exception:  # as Starlette's ServerErrorMiddleware would: logged, a bare 500
        log.exception("webhook: unhandled error")
        return 500, {"error": "internal server error"}, "internal"
    metrics.WEBHOOK_ACK_SECONDS.observe(time.perf_counter() - started)
    return status, body, str(body.pop("_reason", "")) if status >= 400 else ""


async def _send_json(send: Send, status: int, body: dict, request_id: str) -> None:
    payload = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                *_JSON_HEADERS,
                (b"content-length", str(len(payload)).encode()),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


app = WebhookApp(routes=routes)


def _freeze_startup_heap() -> None:
    """Move what importing the app allocated (modules, models, the API's schema: most of the
    heap, and garbage to none of it) out of the collector's sight: every full collection a
    delivery's allocations trigger would otherwise walk all of it again."""
    import gc

    gc.collect()
    gc.freeze()


_freeze_startup_heap()
