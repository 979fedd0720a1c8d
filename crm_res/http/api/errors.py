"""The API's error answers in the seed's format, and the request id every answer and log line carries.

`{"error": {"code", "message", "details", "timestamp", "requestId"}}`; the same id is in the
`X-Request-ID` header (a caller's own id is kept when it is a sane token) and in the log line.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm_res.services.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound

log = logging.getLogger("crm_res.api")
SLOW_MS = 1000.0  # an answer this slow is logged at INFO whatever its status
_SANE_ID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details or {}, headers or {}


def request_id(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id", "")


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    rid = request_id(request)
    body = {
        "error": {
            "code": code,
            "message": message,
            "details": details or {},
            "timestamp": datetime.now(UTC).isoformat(),
            "requestId": rid,
        }
    }
    log.info("api error %s %s rid=%s: %s", status, code, rid, message)
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


_DOMAIN = (
    (NotFound, 404, "NOT_FOUND"),
    (Forbidden, 403, "FORBIDDEN"),
    (Conflict, 409, "CONFLICT"),
    (InvalidInput, 422, "INVALID_INPUT"),
)
_HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    429: "RATE_LIMITED",
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        for cls, status, code in _DOMAIN:
            if isinstance(exc, cls):
                problems = [str(p) for p in getattr(exc, "problems", [])]
                details: dict[str, Any] = {"problems": problems} if problems else {}
                if exc.code and exc.code != cls.default_code:  # the domain's own reason, e.g. order_changed
                    details["reason"] = exc.code
                return error_response(request, status, code, str(exc), details)
        return error_response(request, 400, "BAD_REQUEST", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                "problem": e.get("msg", ""),
                "type": e.get("type", ""),
            }
            for e in exc.errors()
        ]
        return error_response(
            request, 422, "VALIDATION_ERROR", "some fields are missing or not valid", {"fields": fields}
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "ERROR")
        return error_response(
            request, exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {})
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("api: unhandled error rid=%s", request_id(request))
        return error_response(request, 500, "INTERNAL_SERVER_ERROR", "an unexpected error occurred")


class RequestIdMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware cost): the request id, X-Request-ID and the rate-limit
    headers the auth dependency leaves in the scope's state, and one log line per request (DEBUG;
    INFO when it failed or was slow)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), "")
        rid = given if _SANE_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        started = time.perf_counter()
        status = 0

        async def wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                extra = [(b"x-request-id", rid.encode())]
                extra += [(k.lower().encode(), v.encode()) for k, v in state.get("rate_headers", {}).items()]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            ms = (time.perf_counter() - started) * 1000
            # A line per request at INFO cost a third of a cached list's CPU (structlog's JSON):
            # failures and slow answers at INFO (errors are logged with their id by
            # error_response too), the rest at DEBUG.
            level = logging.INFO if status >= 500 or status == 0 or ms >= SLOW_MS else logging.DEBUG
            if log.isEnabledFor(level):
                log.log(level, "api %s %s %s %.1fms rid=%s", scope["method"], scope["path"], status, ms, rid)
