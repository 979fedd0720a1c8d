"""The REST API v1 (FastAPI, mounted by webhook.py under /api/v1; OpenAPI 3.1 at /api/v1/openapi.json).

One router per resource; each calls the dashboard's own domain functions with the key's Viewer
(services/api/api_keys.py says how a key maps to a role), so tenancy, branches and roles are
the dashboard's. Endpoints and dependencies are sync: FastAPI runs them in its thread pool, so no
database or Redis call blocks the event loop that also serves the webhook.

A new resource is a router module appended to ROUTERS; auth, scopes, errors, idempotency and
limits come with it.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI

from crm_res.http.api import (
    branches,
    campaigns,
    common,
    conversations,
    customers,
    errors,
    feedback,
    hot_reads,
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


def _ids(pointer: str, param: str, *operations: str) -> dict[str, dict]:
    """Links to `operations`, their path parameter `param` taken from the answer at `pointer`."""
    return {
        op: {"operationId": op, "parameters": {f"path.{param}": f"$response.body#{pointer}"}}
        for op in operations
    }


# OpenAPI links (create → get → update, list → get → act): they tell clients, and schemathesis's
# stateful run in tests/api/test_schemathesis.py, which answer feeds which next call.
LINKS: dict[tuple[str, int], dict[str, dict]] = {
    ("listConversations", 200): _ids("/conversations/0/id", "conversation_id", "getConversation"),
    ("getConversation", 200): _ids("/id", "conversation_id", "takeOverConversation", "handBackConversation",
                                   "resolveConversation", "sendStaffMessage"),
    ("listCustomers", 200): _ids("/customers/0/id", "customer_id", "getCustomer"),
    ("upsertCustomer", 200): _ids("/id", "customer_id", "getCustomer", "setCustomerTags"),
    ("setCustomerTags", 200): _ids("/id", "customer_id", "getCustomer"),
    ("listOrders", 200): _ids("/orders/0/id", "order_id", "getOrder"),
    ("getOrder", 200): _ids("/id", "order_id", "advanceOrder", "cancelOrder"),
    ("advanceOrder", 200): _ids("/id", "order_id", "getOrder"),
    ("listMenuItems", 200): _ids("/0/id", "item_id", "getMenuItem"),
    ("createMenuItem", 201): _ids("/id", "item_id", "getMenuItem", "updateMenuItem", "setMenuItemAvailability"),
    ("updateMenuItem", 200): _ids("/id", "item_id", "getMenuItem"),
    ("setMenuItemAvailability", 200): _ids("/id", "item_id", "getMenuItem"),
    ("listCampaigns", 200): _ids("/campaigns/0/id", "campaign_id", "getCampaign", "sendCampaign", "pauseCampaign",
                                 "resumeCampaign", "cancelCampaign"),
    ("createCampaign", 201): _ids("/id", "campaign_id", "getCampaign", "sendCampaign", "pauseCampaign",
                                  "resumeCampaign", "cancelCampaign"),
    ("listWebhookEndpoints", 200): _ids("/endpoints/0/id", "endpoint_id", "getWebhookEndpoint",
                                        "updateWebhookEndpoint", "rotateWebhookSecret", "sendTestWebhook",
                                        "listWebhookDeliveries"),
    ("createWebhookEndpoint", 201): _ids("/id", "endpoint_id", "getWebhookEndpoint", "updateWebhookEndpoint",
                                         "rotateWebhookSecret", "sendTestWebhook", "listWebhookDeliveries",
                                         "deleteWebhookEndpoint"),
    ("updateWebhookEndpoint", 200): _ids("/id", "endpoint_id", "getWebhookEndpoint"),
    ("listWebhookDeliveries", 200): {"redeliverWebhook": {"operationId": "redeliverWebhook", "parameters": {
        "path.endpoint_id": "$request.path.endpoint_id", "path.delivery_id": "$response.body#/deliveries/0/id"}}},
}  # fmt: skip


def _add_links(app: FastAPI) -> None:
    """Put LINKS into the generated schema (once, when it is first asked for)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = generate()
            operations = {op["operationId"]: op for path in spec["paths"].values() for op in path.values()}
            for (operation, status), links in LINKS.items():
                operations[operation]["responses"][str(status)].setdefault("links", {}).update(links)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the OpenAPI schema


DESCRIPTION = """واجهة برمجية لمنصة CRM-RES: اربط نظام نقاط البيع أو تطبيق التوصيل أو جدول بياناتك بمطعمك.

REST API of CRM-RES. Authenticate with `Authorization: Bearer <key>` (Settings → API keys; a key is
shown once). A key acts as the owner who created it, or — when limited to a branch — as that
branch's manager; its scopes limit the routes it may call. Lists are newest first and page with
`cursor` (the previous page's `next_cursor`). Writes accept an `Idempotency-Key` header (kept 24 h).
Requests per restaurant are limited by plan (`RateLimit-*` headers; `429` with `Retry-After`).
Errors: `{"error": {"code", "message", "details", "timestamp", "requestId"}}`, the id also in `X-Request-ID`.
"""


def create_app() -> FastAPI:
    app = FastAPI(
        title="CRM-RES API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        servers=[{"url": "/api/v1"}],
        dependencies=[Depends(common.refuse_unknown_query)],
        # FastAPI's native OpenTelemetry looks up the global tracer, meter and logger providers on
        # every request (os.environ reads each time); the product configures none, so it is off.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    for router in ROUTERS:
        app.include_router(router)
    _add_links(app)
    errors.install(app)
    app.add_middleware(errors.RequestIdMiddleware)
    common.documented_query(app)  # the schema built now, not on the loop at the first request
    return app


app = create_app()
# What webhook.py mounts: the app, with the polled conversation list on its plain-ASGI lane.
front = hot_reads.HotReads(app, {"/conversations": conversations.list_conversations})
