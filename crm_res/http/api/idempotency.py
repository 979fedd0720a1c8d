"""`Idempotency-Key` on writes: the first answer is kept 24 hours and replayed for a retry.

Keyed per restaurant in Redis. A retry with the same key and the same request gets the stored
answer (`Idempotent-Replayed: true`) and changes nothing; the same key with a different request is
refused (422); a retry while the first is still running gets 409. A write that fails leaves no
record, so it can be retried with the same key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, cast

import orjson
from fastapi import Request
from fastapi.encoders import jsonable_encoder
from starlette.responses import Response

from crm_res.http.api.errors import ApiError
from crm_res.services.accounts import sessions
from crm_res.services.api.api_keys import ApiPrincipal

KEEP_SECONDS = 24 * 3600
RUNNING_SECONDS = 60
KEY_MAX = 255


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


def write(
    request: Request, who: ApiPrincipal, payload: Any, action: Callable[[], Any], status: int = 200
) -> Response:
    """Run `action` (it commits) once per Idempotency-Key; its result is the JSON answer."""
    key = request.headers.get("idempotency-key", "").strip()
    if not key:
        return _json(status, jsonable_encoder(action()))
    if len(key) > KEY_MAX:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            f"Idempotency-Key is longer than {KEY_MAX} characters",
            {"fields": [{"field": "Idempotency-Key", "problem": "too long"}]},
        )
    fingerprint = hashlib.sha256(
        orjson.dumps([request.method, request.url.path, jsonable_encoder(payload)])
    ).hexdigest()
    name = f"crm:api:idem:{who.restaurant_id}:{hashlib.sha256(key.encode()).hexdigest()}"
    redis = sessions.redis()
    marker = orjson.dumps({"fp": fingerprint, "running": True})
    if not redis.set(name, marker, nx=True, ex=RUNNING_SECONDS):
        seen = orjson.loads(cast(bytes | None, redis.get(name)) or b"{}")
        if seen.get("fp") != fingerprint:
            raise ApiError(
                422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request"
            )
        if seen.get("running"):
            raise ApiError(
                409, "IDEMPOTENCY_IN_PROGRESS", "a request with this Idempotency-Key is still running"
            )
        return _json(seen["status"], seen["body"], {"Idempotent-Replayed": "true"})
    try:
        body = jsonable_encoder(action())
    except BaseException:
        redis.delete(name)
        raise
    redis.set(name, orjson.dumps({"fp": fingerprint, "status": status, "body": body}), ex=KEEP_SECONDS)
    return _json(status, body)
