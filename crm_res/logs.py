"""Logging for every process: JSON lines (structlog), or a readable console for `make run`.

Every line carries what the context bound (contextvars): the webhook binds `request_id`; an RQ job
binds `job_id`, and from its meta the `request_id` of the delivery that started it, the `wamid`
and the `restaurant_id`. One message is followed from the webhook through its job to the send by
grepping its request id. Existing `logging.getLogger(...).warning(...)` calls go through the same
formatter (structlog's stdlib integration), so they come out as JSON lines with the same fields.

No secrets and no message bodies: keys that name a secret are masked always; keys that hold what
a customer wrote are dropped unless CRM_RES_LOG_BODIES=1 (debugging).

Plumbing any layer may import (structlog and the standard library only).
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import structlog
from structlog.contextvars import bind_contextvars, bound_contextvars, get_contextvars, merge_contextvars

__all__ = [
    "bind_contextvars",
    "bound_contextvars",
    "configure",
    "get_logger",
    "job_context",
    "new_request_id",
]

SECRET_KEYS = frozenset(
    {
        "password",
        "token",
        "access_token",
        "secret",
        "authorization",
        "api_key",
        "app_secret",
        "cookie",
        "session",
        "dsn",
    }
)
BODY_KEYS = frozenset({"body", "text", "message_body", "reply", "caption", "content"})
# What a job's meta may carry into its log lines.
TRACE_KEYS = ("request_id", "wamid", "restaurant_id")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_configured: dict[str, Any] = {}


def new_request_id(given: str | None = None) -> str:
    """The caller's X-Request-ID when it is a sane token (Caddy's, a load balancer's), else a new one."""
    if given and _REQUEST_ID.match(given):
        return given
    return secrets.token_hex(8)


def redact(logger: Any, method: str, event: dict[str, Any]) -> dict[str, Any]:
    """Mask secrets always; drop message bodies unless bodies are allowed (debugging)."""
    allow_bodies = _configured.get("bodies", False)
    for key in list(event):
        low = key.lower()
        if low in SECRET_KEYS or low.endswith(("_token", "_secret", "_password")):
            event[key] = "***"
        elif low in BODY_KEYS and not allow_bodies:
            event[key] = f"<{len(str(event[key]))} chars>"
    return event


def _shared() -> list:
    return [
        merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact,
    ]


def configure(
    *,
    process: str,
    fmt: str | None = None,
    level: str | None = None,
    bodies: bool | None = None,
    stream: Any = None,
) -> logging.Handler:
    """Set up structlog and the root logger of this process (idempotent; the last call wins).

    `process`: webhook | worker | dashboard | cli, written on every line. Returns the handler
    (a test passes its own `stream` and reads the lines)."""
    from crm_res.settings import get_settings

    settings = get_settings()
    fmt = (fmt or settings.log_format or "json").lower()
    level = (level or settings.log_level or "INFO").upper()
    _configured["bodies"] = settings.log_bodies if bodies is None else bodies
    renderer: Any = (
        structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        if fmt == "console"
        else structlog.processors.JSONRenderer(ensure_ascii=False)
    )

    def add_process(logger: Any, method: str, event: dict[str, Any]) -> dict[str, Any]:
        event.setdefault("process", process)
        return event

    shared = [*_shared(), add_process]
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name("crm_res")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "crm_res"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "rq.worker", "rq.scheduler", "rq.cron"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    _configured["process"] = process
    if settings.sentry_dsn:
        init_sentry(settings.sentry_dsn)
    return handler


def init_sentry(dsn: str) -> None:
    """Errors (and ERROR log lines) to Sentry, without request bodies or personal data."""
    try:
        import sentry_sdk
    except ImportError:
        logging.getLogger(__name__).warning("SENTRY_DSN is set but sentry-sdk is not installed")
        return
    sentry_sdk.init(
        dsn=dsn,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        environment=_configured.get("process"),
    )


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)


@contextmanager
def job_context(job_id: str, meta: Mapping[str, Any] | None, **more: Any) -> Iterator[None]:
    """Bind a job's id and what its meta traces (request id, wamid, restaurant) for its lines."""
    traced = {k: (str(v) if v is not None else None) for k, v in (meta or {}).items() if k in TRACE_KEYS}
    with bound_contextvars(job_id=job_id, **traced, **more):
        yield


def trace_meta() -> dict[str, Any]:
    """What of the current context a job enqueued now should carry (its `meta`)."""
    bound = get_contextvars()
    return {k: bound[k] for k in TRACE_KEYS if bound.get(k) is not None}
