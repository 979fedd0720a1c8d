"""The REST API v1 (FastAPI, mounted by webhook.py under /api/v1; OpenAPI 3.1 at /api/v1/openapi.json).

One router per resource; each calls the dashboard's own domain functions with the key's Viewer
(services/api/api_keys.py says how a key maps to a role), so tenancy, branches and roles are
the dashboard's. Endpoints and dependencies are sync: FastAPI runs them in its thread pool, so no
database or Redis call blocks the event loop that also serves the webhook.

A new resource is a router module appended to ROUTERS; auth, scopes, errors, idempotency and
limits come with it.
"""

from __future__ import annotations

from fastapi import FastAPI

from crm_res.http.api import (
    branches,
    campaigns,
    conversations,
    customers,
    errors,
    feedback,
    menu,
    meta,
    orders,
    webhook_endpoints,
)

ROUTERS = [
    meta.router,
    conversations.router,
    customers.router,
    orders.router,
    feedback.router,
    menu.router,
    branches.router,
    campaigns.router,
    webhook_endpoints.router,
]

DESCRIPTION = """واجهة برمجية لمنصة CRM-RES: اربط نظام نقاط البيع أو تطبيق التوصيل أو جدول بياناتك بمطعمك.

REST API of CRM-RES. Authenticate with `Authorization: Bearer <key>` (Settings → API keys; a key is
shown once). A key acts as the owner who created it, or — when limited to a branch — as that
branch's manager; its scopes limit the routes it may call. Lists are newest first and page with
`cursor` (the previous page's `next_cursor`). Writes accept an `Idempotency-Key` header (kept 24 h).
Requests per restaurant are limited by plan (`RateLimit-*` headers; `429` with `Retry-After`).
Errors: `{"error": {"code", "message", "details", "timestamp", "requestId"}}`, the id also in `X-Request-ID`.
"""


def create_app() -> FastAPI:
    app = FastAPI(title="CRM-RES API", version="1.0.0", description=DESCRIPTION, openapi_url="/openapi.json",
                  docs_url=None, redoc_url=None, servers=[{"url": "/api/v1"}])  # fmt: skip
    for router in ROUTERS:
        app.include_router(router)
    errors.install(app)
    app.add_middleware(errors.RequestIdMiddleware)
    return app


app = create_app()
