"""Login and logout over plain HTTP, so the session cookie is set by the server (HttpOnly).

`POST /auth/login` (the login page's form): checks the password in a worker thread (argon2 costs
~100 ms of CPU: never on the event loop that also serves the webhook), opens a server-side
session (services/accounts/sessions.py) and answers 303 to the dashboard with
`crm_session=<token>; HttpOnly; SameSite=Lax; Path=/` (and `Secure` when PUBLIC_URL is https),
plus a long-lived device cookie that marks the browser as one the account logged in from
(login_guard: its own failure count). A failure answers 303 back to `/login?failed=1`, one
message whatever went wrong.
`POST /auth/logout` ends the session; `POST /auth/logout-all` ends every session of the user.
The dashboard (Reflex) reads the cookie from its websocket's handshake; the token never enters
Reflex state, so it is never sent to the browser in a state delta.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl, urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from crm_res.settings import get_settings

log = logging.getLogger("crm_res.auth")

SESSION_COOKIE = "crm_session"
DEVICE_COOKIE = "crm_device"
DEVICE_MAX_AGE = 180 * 24 * 3600
MAX_FORM_BYTES = 8192
FAILED_URL = "/login?failed=1"


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().signing_key(), salt="crm-res-device")


def device_for(cookie: str | None, email: str) -> str | None:
    """The device id in a device cookie we issued for this e-mail address, else None."""
    from crm_res.services.accounts.login_guard import email_key

    if not cookie:
        return None
    try:
        data = _device_serializer().loads(cookie, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != email_key(email):
        return None
    device = data.get("d")
    return device if isinstance(device, str) else None


def _new_device_cookie(email: str) -> str:
    import secrets

    from crm_res.services.accounts.login_guard import email_key

    return _device_serializer().dumps({"e": email_key(email), "d": secrets.token_urlsafe(12)})


def same_origin(request: Request) -> bool:
    """A state-changing POST must come from our own pages (login CSRF, logout CSRF): the browser's
    Origin (or Referer) names this host or PUBLIC_URL. Non-browser clients send neither."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return source is None
    host = urlsplit(source).netloc
    public = urlsplit(get_settings().origin).netloc
    return host in {request.headers.get("host", ""), public}


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "-"


def _set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path="/", httponly=True, secure=get_settings().https, samesite="lax"
    )


async def login(request: Request) -> Response:
    if not same_origin(request):
        return JSONResponse({"error": "cross-site request refused"}, status_code=403)
    form = await _small_form(request)
    if form is None:
        return JSONResponse({"error": "request too large"}, status_code=413)
    email = form.get("email", "").strip()[:320]
    password = form.get("password", "")[:1024]
    device = device_for(request.cookies.get(DEVICE_COOKIE), email)
    outcome = await run_in_threadpool(_check, email, password, client_ip(request), device)
    if isinstance(outcome, str):
        response = RedirectResponse("/", status_code=303)
        settings = get_settings()
        _set_cookie(response, SESSION_COOKIE, outcome, settings.session_absolute_hours * 3600)
        if device is None:
            _set_cookie(response, DEVICE_COOKIE, _new_device_cookie(email), DEVICE_MAX_AGE)
        return response
    # The audit event is written after the answer: the failure costs the same time whether or
    # not the account exists.
    task = BackgroundTask(run_in_threadpool, _record_failure, outcome) if outcome else None
    return RedirectResponse(FAILED_URL, status_code=303, background=task)


async def _small_form(request: Request) -> dict[str, str] | None:
    """The url-encoded form of a small body (None when it is larger than MAX_FORM_BYTES)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        return dict(parse_qsl(body.decode("utf-8", "replace"), max_num_fields=8))
    except ValueError:  # more fields than a login form has
        return {}


def _check(email: str, password: str, ip: str, device: str | None):
    """In a worker thread: the session token, or the failed user's id (None: no such account)."""
    from crm_res.db import session_scope
    from crm_res.services.accounts.login_guard import Attempt
    from crm_res.services.accounts.users import LoginFailed, authenticate, open_session_for

    with session_scope() as session:
        try:
            user = authenticate(
                session=session,
                email=email,
                password=password,
                attempt=Attempt(ip=ip, email=email, device=device),
            )
        except LoginFailed as exc:
            return exc.user_id
        return open_session_for(user, get_settings().signing_key())


def _record_failure(user_id) -> None:
    from crm_res.db import session_scope
    from crm_res.services.accounts.users import record_failed_login

    with session_scope() as session:
        record_failed_login(session=session, user_id=user_id)


async def logout(request: Request) -> Response:
    if not same_origin(request):
        return JSONResponse({"error": "cross-site request refused"}, status_code=403)
    from crm_res.services.accounts.users import end_session

    await run_in_threadpool(end_session, request.cookies.get(SESSION_COOKIE, ""))
    return _logged_out()


async def logout_everywhere(request: Request) -> Response:
    if not same_origin(request):
        return JSONResponse({"error": "cross-site request refused"}, status_code=403)
    from crm_res.db import session_scope
    from crm_res.services.accounts.users import end_all_sessions

    def run() -> int:
        with session_scope() as session:
            return end_all_sessions(
                session=session,
                token=request.cookies.get(SESSION_COOKIE, ""),
                secret=get_settings().signing_key(),
            )

    await run_in_threadpool(run)
    return _logged_out()


def _logged_out() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, secure=get_settings().https, samesite="lax"
    )
    return response


def viewer_of_request(request: Request):
    """The logged-in viewer of an HTTP request (in a worker thread: DB and Redis), or None."""
    from crm_res.db import session_scope
    from crm_res.services.accounts.users import viewer_from_token

    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    with session_scope() as session:
        return viewer_from_token(session=session, token=token, secret=get_settings().signing_key())


routes = [
    Route("/auth/login", login, methods=["POST"]),
    Route("/auth/logout", logout, methods=["POST"]),
    Route("/auth/logout-all", logout_everywhere, methods=["POST"]),
]
