"""Bearer keys: who calls (services/admin/api_keys.py), the tier limit, and each route's scope."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from crm_res.db import session_scope
from crm_res.http.api import limits
from crm_res.http.api.errors import ApiError
from crm_res.services.admin.api_keys import ApiPrincipal, principal_for_key

bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer crk_…` (Settings → API keys)")


def principal(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> ApiPrincipal:
    """Runs in FastAPI's thread pool (a sync dependency): the key lookup never blocks the loop."""
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "UNAUTHORIZED", "send an API key: Authorization: Bearer <key>",
                       headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    with session_scope() as session:
        who = principal_for_key(session=session, key=creds.credentials)
    if who is None:
        raise ApiError(401, "UNAUTHORIZED", "the API key is not valid or was revoked",
                       headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    limits.charge(str(who.restaurant_id), who.tier, request.scope.setdefault("state", {}))
    return who


def scope(name: str) -> Callable[..., ApiPrincipal]:
    """A dependency: the caller, if its key carries scope `name` (403 otherwise)."""

    def check(who: ApiPrincipal = Depends(principal)) -> ApiPrincipal:
        if not who.allows(name):
            raise ApiError(403, "INSUFFICIENT_SCOPE", f"this API key lacks the {name} scope", {"scope": name})
        return who

    return check
