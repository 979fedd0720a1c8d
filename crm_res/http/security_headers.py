"""Security headers on every HTTP answer of the app's port, and uploads only for logged-in users.

Applied by webhook.WebhookApp to everything it serves (the webhook, /media, /auth, and the
Reflex backend and frontend mounted below it). A route that sets one of these headers itself
(the /media route's stricter sandbox CSP) keeps its own.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm_res.settings import ROOT, get_settings

# The compiled dashboard (`reflex run --env prod` / `reflex export` write it; the Reflex backend
# serves it on the app's port, below webhook.WebhookApp, so these headers cover its pages).
CLIENT_BUILD = ROOT / ".web" / "build" / "client"

# Scripts: 'self', plus the exact inline scripts of the compiled pages by their sha256 (React
# Router's bootstrap, the colour-mode snippet, React's streaming helpers: static per build), so an
# injected inline script or event-handler attribute does not run. 'unsafe-eval' stays: Reflex's
# client runs the code of `rx.call_script` events with eval (docs/SECURITY.md, "Headers").
# Styles keep 'unsafe-inline': Radix and emotion insert style elements at run time.
_CSP = (
    "default-src 'self'; script-src 'self' {scripts}'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)


def inline_script_hashes(build: Path = CLIENT_BUILD) -> list[str]:
    """The CSP sources ('sha256-…') of every inline script in the compiled pages, sorted."""
    found = set()
    for page in sorted(build.rglob("*.html")) if build.is_dir() else []:
        for body in _INLINE_SCRIPT.findall(page.read_bytes()):
            if body.strip():
                found.add("'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'")
    return sorted(found)


_built: tuple[tuple[int, int, int], str] | None = None


def dashboard_csp(build: Path = CLIENT_BUILD) -> str:
    """The CSP for the build on disk, recomputed when a new build replaces it (two stats a
    response; the hashes only on a change). Without a build (the dev server serves the pages
    itself), no inline script is allowed."""
    global _built
    try:
        stamp, page = build.stat(), (build / "index.html").stat()
        key = (stamp.st_ino, stamp.st_mtime_ns, page.st_mtime_ns)
    except OSError:
        key = (0, 0, 0)
    if _built is None or _built[0] != key:
        hashes = inline_script_hashes(build) if key != (0, 0, 0) else []
        _built = (key, _CSP.format(scripts="".join(f"{h} " for h in hashes)))
    return _built[1]


# How long answers reuse the headers before the build on disk is looked at again (two stats and a
# new header list cost ~5 µs an answer): a new build's CSP reaches the answers within this time.
RECHECK_SECONDS = 1.0
_headers: tuple[float, object, list[tuple[bytes, bytes]], frozenset[bytes]] | None = None
_clock = time.monotonic


def security_headers() -> list[tuple[bytes, bytes]]:
    """The headers for this build and these settings (both looked at again after RECHECK_SECONDS,
    and at once when the settings object is replaced, as tests do)."""
    return list(_current()[0])


def _current() -> tuple[list[tuple[bytes, bytes]], frozenset[bytes]]:
    global _headers
    settings, now = get_settings(), _clock()
    found = _headers
    if found is None or found[1] is not settings or now >= found[0]:
        headers = [
            (b"content-security-policy", dashboard_csp(CLIENT_BUILD).encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]
        if settings.https:  # HSTS only means something (and is only safe) behind TLS
            headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        found = _headers = (now + RECHECK_SECONDS, settings, headers, frozenset(n for n, _ in headers))
    return found[2], found[3]


def with_security_headers(send: Send) -> Send:
    """`send`, adding the security headers to the response start (those not already set)."""
    extra, names = _current()

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            given = message.get("headers", [])
            if any(name.lower() in names for name, _ in given):
                present = {name.lower() for name, _ in given}
                message["headers"] = [*given, *[(n, v) for n, v in extra if n not in present]]
            else:
                message["headers"] = [*given, *extra]
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
