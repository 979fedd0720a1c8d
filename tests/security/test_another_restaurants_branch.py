"""Another restaurant's branch id is "not found", never an empty list.

Every public domain function that takes a `branch_id` (and a viewer) is found by introspection and
called by restaurant A's owner with restaurant B's branch: each must refuse with NotFound
(services/lists.visible_branch is the one check). A new function taking a `branch_id` without the
check fails here. Functions that take the inbox's filters as keyword arguments are listed by hand.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

import pytest

from crm_res.services.errors import NotFound
from tests.fixtures.domain import domain_functions

# Functions that pass `branch_id` on inside `**filters` (their signature does not name it).
FORWARDERS = ("inbox.inbox.waiting_conversations",)

# Arguments a function needs beyond session, viewer and branch_id.
EXTRA: dict[str, dict[str, Any]] = {
    "admin.restaurant_settings.save_branch": {
        "data": {"name_ar": "فرع", "name_en": "Branch", "city": "Riyadh"}
    },
    "api.api_keys.create_api_key": {"name": "a key", "scopes": ["orders:read"]},
}


def _keyword_names(signature: inspect.Signature) -> set[str]:
    """The parameters' names, with the keys of a `**filters: Unpack[SomeTypedDict]` (the inbox's
    InboxFilters): a function taking `branch_id` that way is found as well."""
    names = set(signature.parameters)
    for param in signature.parameters.values():
        annotation = param.annotation
        if (
            param.kind is param.VAR_KEYWORD
            and isinstance(annotation, str)
            and annotation.startswith("Unpack[")
        ):
            raise AssertionError("domain_functions gives resolved annotations")
        if param.kind is param.VAR_KEYWORD and typing.get_origin(annotation) is typing.Unpack:
            (typed,) = typing.get_args(annotation)
            names |= set(typing.get_type_hints(typed))
    return names


FUNCTIONS = domain_functions(
    lambda name, signature: (
        {"session", "viewer", "branch_id"} <= _keyword_names(signature) or name in FORWARDERS
    )
)


def test_the_search_finds_the_branch_filters():
    """The introspection itself works: the lists the dashboard filters by branch are among them."""
    for expected in (
        "customers.orders.list_orders",
        "inbox.conversations.list_conversations",
        "insights.analytics.analytics_overview",
        "insights.feedback.list_feedback",
        *FORWARDERS,
    ):
        assert expected in FUNCTIONS
    for name in FORWARDERS:  # still a forwarder: branch_id arrives in **filters
        kinds = {p.kind for p in inspect.signature(FUNCTIONS[name]).parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD in kinds


@pytest.mark.parametrize(
    "name",
    sorted(FUNCTIONS),
)
def test_an_owner_passing_another_restaurants_branch_gets_not_found(world, name):
    fn = FUNCTIONS[name]
    session = world["session"]
    try:
        result = fn(session=session, viewer=world["owner"], branch_id=world["ob"].id, **EXTRA.get(name, {}))
    except NotFound:
        return
    raise AssertionError(f"{name} answered {result!r} for another restaurant's branch instead of NotFound")


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_the_owners_own_branch_is_accepted(world, name):
    """The check refuses only what it should: the same call with a branch of the owner's own
    restaurant does not raise NotFound."""
    fn = FUNCTIONS[name]
    kwargs = EXTRA.get(name, {})
    if name == "admin.restaurant_settings.save_branch":
        kwargs = {"data": {**kwargs["data"], "name_ar": "فرع أ", "name_en": "Branch A"}}
    fn(session=world["session"], viewer=world["owner"], branch_id=world["a"].id, **kwargs)
