"""Domain errors reach people through one path: a code at the raise site, its `err_<code>`
translation in both languages (crm_res/state/errors.py); no matching over English messages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import crm_res
from crm_res.i18n import STRINGS
from crm_res.services.customers import customers
from crm_res.services.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from crm_res.state.errors import ERROR_KEYS, error_key, error_texts
from tests.fixtures.dashboard import make_conversation, make_customer

ERRORS = {"DomainError", "NotFound", "Forbidden", "Conflict", "InvalidInput", "CsvLineErrors"}


def _codes_raised() -> dict[str, list[str]]:
    """Every `code="..."` given to a domain error anywhere in the package, with where."""
    found: dict[str, list[str]] = {}
    root = Path(crm_res.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in ERRORS
            ):
                for kw in node.keywords:
                    if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                        found.setdefault(kw.value.value, []).append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_every_code_raised_has_arabic_and_english_text():
    raised = _codes_raised()
    assert len(raised) >= 30  # the scan sees the raise sites (it would pass vacuously otherwise)
    missing = {code: where for code, where in raised.items() if f"err_{code}" not in STRINGS}
    assert not missing, f"codes without a translation (add err_<code> to crm_res/i18n.py): {missing}"
    for key in ERROR_KEYS:
        ar, en = STRINGS[key]
        assert ar and en and ar != en, key


@pytest.mark.parametrize("kind", [NotFound, Forbidden, Conflict])
def test_each_kind_of_refusal_has_a_default_translation(kind):
    assert error_key(kind("anything in English")) == f"err_{kind.default_code}"
    assert f"err_{kind.default_code}" in STRINGS


def test_the_code_decides_not_the_wording():
    # The same English with another code reads as that code; a new wording keeps its code.
    assert (
        error_key(Conflict("a user with email x@y.z already exists", code="order_changed"))
        == "err_order_changed"
    )
    assert (
        error_key(InvalidInput("The message is EMPTY, really", code="empty_message")) == "err_empty_message"
    )
    # No code, no translation: the message is shown as it is (never a wrong guess).
    assert error_key(InvalidInput("something new")) == "something new"
    assert error_key(DomainError("an unknown kind", code="no_such_code")) == "an unknown kind"
    assert error_key(ValueError("badly formed hexadecimal UUID string")) == "err_invalid"


def test_parameters_travel_with_the_code_and_problems_are_listed_in_both_languages():
    exc = InvalidInput(
        "the item was not saved:", ["price: not a number"], code="item_not_saved", field="price"
    )
    assert (exc.code, exc.params) == ("item_not_saved", {"field": "price"})
    texts = error_texts(exc)
    assert texts["ar"].splitlines()[0] == STRINGS["err_item_not_saved"][0]
    assert texts["en"].splitlines()[0] == STRINGS["err_item_not_saved"][1]


def test_domain_errors_shown_in_the_dashboard_have_arabic_and_english_text(world):
    """Errors raised by the dashboard's services map to i18n keys with both languages; a message
    with no key passes through unchanged."""
    from crm_res.i18n import STRINGS
    from crm_res.services.inbox import conversations as actions
    from crm_res.state.errors import ERROR_KEYS, error_key

    s, r = world["session"], world["r"]
    conv = make_conversation(s, r, make_customer(s, r.id, "966500000700", "Err"), world["b"])
    raised = []
    for call in (
        lambda: actions.staff_reply(session=s, viewer=world["owner"], conversation_id=conv.id, body="  "),
        lambda: actions.add_note(session=s, viewer=world["owner"], conversation_id=conv.id, body=""),
        lambda: actions.take_over(session=s, viewer=world["staff"], conversation_id=conv.id),
        lambda: actions.assign(
            session=s, viewer=world["owner"], conversation_id=conv.id, user_id=world["staff"].user_id
        ),
        lambda: customers.search_customers(
            session=s, viewer=world["owner"], filters=customers.CustomerFilter(min_ltv="lots")
        ),
    ):
        with pytest.raises(Exception) as err:  # noqa: B017 - each raises its own DomainError
            call()
        raised.append(error_key(err.value))
    assert raised == [
        "err_empty_message",
        "err_empty_note",
        "err_not_found",
        "err_teammate_branch",
        "err_min_ltv",
    ]
    for key in ERROR_KEYS:
        ar, en = STRINGS[key]
        assert ar and en and ar != en, key
    assert error_key(InvalidInput("something new")) == "something new"
