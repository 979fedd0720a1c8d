"""Security headers on every HTTP answer of the app's port, and uploads only for logged-in users.

Applied by webhook.WebhookApp to everything it serves (the webhook, /media, /auth, and the
Reflex backend and frontend mounted below it). A route that sets one of these headers itself
(the /media route's stricter sandbox CSP) keeps its own.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm_res.settings import get_settings

# The dashboard is a React app served by Reflex: its pages carry inline bootstrap scripts and
# inline styles, and talk to the backend over a websocket on the same origin.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)


def security_headers() -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", DASHBOARD_CSP.encode()),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]
    if get_settings().https:  # HSTS only means something (and is only safe) behind TLS
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def with_security_headers(send: Send) -> Send:
    """`send`, adding the security headers to the response start (those not already set)."""
    extra = security_headers()

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            message["headers"] = [
                *message.get("headers", []),
                *[(n, v) for n, v in extra if n not in present],
            ]
        await send(message)

    return wrapped


UPLOAD_PREFIX = "/_upload"


async def refuse_anonymous_upload(scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
    """Reflex's upload endpoint, only for a request carrying a live dashboard session."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    from crm_res.http.auth_routes import viewer_of_request

    viewer = await run_in_threadpool(viewer_of_request, Request(scope))
    if viewer is None:
        await JSONResponse({"error": "log in first"}, status_code=401)(scope, receive, send)
        return
    await app(scope, receive, send)
