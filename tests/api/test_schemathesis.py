"""Schemathesis against the API's own OpenAPI (served by webhook.app) with a real key: every
operation, generated inputs, no 5xx and every answer matching the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from sqlmodel import Session

import webhook
from tests.fixtures.people import add_user

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", webhook.app)


@pytest.fixture
def api_key(committed, redis_conn):  # type: ignore[no-untyped-def]
    from crm_res.models import Branch, Role
    from crm_res.services.access import viewer_for
    from crm_res.services.admin.restaurants import create_restaurant
    from crm_res.services.api.api_keys import create_api_key

    with Session(committed, expire_on_commit=False) as s:
        r = create_restaurant(session=s, name_ar="مطعم", name_en="R", phone_number_id="pn-st")
        s.add(Branch(restaurant_id=r.id, name_ar="فرع", name_en="B", city="Riyadh"))
        owner = add_user(s, r.id, "st@api.sa", Role.owner)
        key = create_api_key(session=s, viewer=viewer_for(owner)).key
        s.commit()
    return key


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_key) -> None:  # type: ignore[no-untyped-def]
    """No operation answers 5xx or outside its documented responses and schemas."""
    # Opaque cursors and menu prices ("12.50", "٤٥") are strings the schema cannot fully describe:
    # a random string is rightly refused (422), so "valid-looking data accepted" is not checked.
    # An extra query name with the value None is dropped by the HTTP client, yet schemathesis counts
    # it as sent (and the answer to a request without it as "accepted invalid data"): send it empty.
    documented = {param.name for param in case.operation.query}
    for name, value in (case.query or {}).items():
        if value is None and name not in documented:
            case.query[name] = ""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_key}"}, excluded_checks=[positive_data_acceptance]
    )


@pytest.fixture
def seeded_key(api_key, committed, monkeypatch):  # type: ignore[no-untyped-def]
    """The key's restaurant with a row of each kind the links start from (a conversation with
    messages, an order, a menu item, a draft campaign, a webhook endpoint)."""
    from sqlmodel import select

    from crm_res.models import Branch, MenuItem, MessageSender, OrderStatus, Restaurant, User
    from crm_res.services.access import viewer_for
    from crm_res.services.api.webhook_endpoints import create_webhook_endpoint
    from crm_res.services.campaigns.actions import create_campaign
    from crm_res.settings import get_settings
    from tests.fixtures.campaigns import offer_template
    from tests.fixtures.dashboard import make_conversation, make_customer, make_order

    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_URLS", "1")  # the endpoint below is never called here
    get_settings.cache_clear()
    with Session(committed, expire_on_commit=False) as s:
        r = s.exec(select(Restaurant).where(Restaurant.whatsapp_phone_number_id == "pn-st")).one()
        branch = s.exec(select(Branch).where(Branch.restaurant_id == r.id)).one()
        owner = viewer_for(s.exec(select(User).where(User.restaurant_id == r.id)).one())
        cust = make_customer(s, r.id, "966500000777", "أبو فهد")
        conv = make_conversation(s, r, cust, branch, messages=[(MessageSender.customer, "أبغى برجر")])
        make_order(s, r, cust, branch, number=1, status=OrderStatus.pending, conv=conv)
        s.add(MenuItem(restaurant_id=r.id, name_ar="برجر", name_en="Burger", price=25))
        tpl = offer_template(s, r.id)
        create_campaign(
            session=s,
            viewer=owner,
            name="عرض",
            template_id=tpl.id,
            template_params={"name": "{name}"},
            numbers_csv="966500000001",
            timing={"mode": "at", "at": "2099-01-01T16:00"},
        )
        create_webhook_endpoint(session=s, viewer=owner, url="http://127.0.0.1:9/hook", events=["order:new"])
        s.commit()
    yield api_key
    get_settings.cache_clear()


# Operations only a link can feed a real id (a generated id is another restaurant's or nobody's: 404).
LINKED = {
    "getConversation",
    "takeOverConversation",
    "getCustomer",
    "setCustomerTags",
    "getOrder",
    "getMenuItem",
    "updateMenuItem",
    "setMenuItemAvailability",
    "getCampaign",
    "getWebhookEndpoint",
    "updateWebhookEndpoint",
    "listWebhookDeliveries",
    "sendTestWebhook",
    "advanceOrder",
    "cancelOrder",
}


def _resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_every_declared_link_resolves() -> None:
    """Each link of crm_res/http/api/LINKS names a real operation and its path parameter, and its
    JSON pointer names an id field of the source's documented answer."""
    from crm_res.http.api import LINKS, app

    spec = app.openapi()
    operations = {op["operationId"]: op for path in spec["paths"].values() for op in path.values()}
    for (source, status), links in LINKS.items():
        answer = operations[source]["responses"][str(status)]
        assert answer["links"] == links
        for link in links.values():
            target = operations[link["operationId"]]
            path_params = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
            for param, expression in link["parameters"].items():
                assert param.removeprefix("path.") in path_params, (source, link, param)
                if not expression.startswith("$response.body#"):
                    continue
                node = _resolve(spec, answer["content"]["application/json"]["schema"])
                for part in expression.removeprefix("$response.body#/").split("/"):
                    node = _resolve(spec, node["items"] if part.isdigit() else node["properties"][part])
                assert node.get("type") in ("string", "integer"), (source, expression, node)


def test_stateful_links_hold(seeded_key) -> None:  # type: ignore[no-untyped-def]
    """Schemathesis follows the OpenAPI links from answer to next call (ids taken from the answers):
    no 5xx and every answer matching its schema along every chain."""
    reached: set[str] = set()
    calls: list = []

    from crm_res.http.api import LINKS

    linked = {
        op
        for (source, _), links in LINKS.items()
        for op in (source, *(v["operationId"] for v in links.values()))
    }
    # Only the operations the links join, so each chain gets many of the run's steps.
    chains = schema.include(operation_id=sorted(linked))

    class Workflow(chains.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            return {"headers": {"Authorization": f"Bearer {seeded_key}"}}

        def after_call(self, response, case) -> None:  # type: ignore[no-untyped-def]
            calls.append((case.operation.definition.raw["operationId"], response.status_code))
            if response.status_code < 300:
                reached.add(case.operation.definition.raw["operationId"])

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
            # Besides the opaque strings above: an unknown query parameter is ignored, as HTTP APIs do
            # (the stateful run's negative cases add some), not refused.
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance, negative_data_rejection],
                transport_kwargs=kwargs,
            )

    Workflow.run(
        settings=settings(
            max_examples=40,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
    # Chains were followed: several id-only operations answered 2xx with ids taken from answers.
    assert len(LINKED & reached) >= 4, (sorted(reached), calls)
