"""The Settings page's TEST buttons: WhatsApp (fake Graph API) and the LLM (fake gateway), owners only."""

from __future__ import annotations

import pytest

from tests.fakes.fake_graph import FakeGraph
from tests.fakes.fake_llm import FakeLLM
from tests.fixtures.people import add_user


@pytest.fixture
def owner(session):  # type: ignore[no-untyped-def]
    """A restaurant (phone_number_id pn-conn) and its owner as a Viewer."""
    from crm_res.models import Role
    from crm_res.services.access import Viewer
    from crm_res.services.admin.restaurants import create_restaurant

    r = create_restaurant(session=session, name_ar="مطعم", name_en="Diner", phone_number_id="pn-conn")
    user = add_user(session, r.id, "o@conn.sa", Role.owner)
    return Viewer(user.id, r.id, Role.owner)


@pytest.fixture
def env(monkeypatch):  # type: ignore[no-untyped-def]
    """Set environment variables with fresh settings, restored afterwards."""
    from crm_res.settings import get_settings

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield set_env
    monkeypatch.undo()
    get_settings.cache_clear()


def test_whatsapp_check_says_sandbox_without_a_token(session, owner, env):
    """No access token: sandbox mode is reported and nothing is called."""
    from crm_res.services.admin.connection_check import check_whatsapp

    with FakeGraph() as graph:
        env(WHATSAPP_GRAPH_URL=graph.url)
        result = check_whatsapp(session=session, viewer=owner)
        assert graph.requests == []
    assert result["ok"] and result["mode"] == "sandbox" and "sandbox" in result["message"]


def test_whatsapp_check_gets_the_phone_number_with_the_token(session, owner, env):
    """With a token: GET /{phone_number_id} with the bearer token; the number's details come back; a bad
    token is an error with Meta's reason."""
    from crm_res.services.admin.connection_check import check_whatsapp

    with FakeGraph(access_token="good-token") as graph:
        graph.add_phone_number("pn-conn", "+966 55 123 4567", "Diner")
        env(WHATSAPP_GRAPH_URL=graph.url, WHATSAPP_ACCESS_TOKEN="good-token")
        ok = check_whatsapp(session=session, viewer=owner)
        [request] = graph.requests
        assert request.method == "GET" and request.path == "/pn-conn"
        assert request.headers["authorization"] == "Bearer good-token"
        env(WHATSAPP_ACCESS_TOKEN="expired-token")
        bad = check_whatsapp(session=session, viewer=owner)
    assert ok == {"ok": True, "mode": "live", "message": "connected: +966 55 123 4567 (Diner, quality GREEN)"}
    assert not bad["ok"] and "Invalid OAuth access token" in bad["message"] and "190" in bad["message"]


def test_whatsapp_check_reports_an_unreachable_graph_api(session, owner, env):
    """Nothing listening at WHATSAPP_GRAPH_URL: a clear error, not an exception."""
    import socket

    from crm_res.services.admin.connection_check import check_whatsapp

    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env(WHATSAPP_GRAPH_URL=f"http://127.0.0.1:{port}/v21.0", WHATSAPP_ACCESS_TOKEN="t")
    result = check_whatsapp(session=session, viewer=owner, timeout=2)
    assert not result["ok"] and "could not reach" in result["message"]


def test_llm_check_says_rule_based_without_a_key(session, owner, env):
    """No LLM_API_KEY: the rule-based assistant is reported, no network."""
    from crm_res.services.admin.connection_check import check_llm

    with FakeLLM() as llm:
        env(LLM_BASE_URL=llm.url)
        result = check_llm(session=session, viewer=owner)
        assert llm.calls == []
    assert result["ok"] and result["mode"] == "rule_based" and "rule-based" in result["message"]


def test_llm_check_does_a_tiny_completion_through_the_fallback_chain(session, owner, env):
    """With a key: the first model fails, the second answers {"ok": true}; every model failing is an error."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services.admin.connection_check import check_llm

    models = ["probe/model-a", "probe/model-b"]
    reset_breakers(models)
    with FakeLLM() as llm:
        llm.script("probe/model-a", fail=500)
        llm.script("probe/model-b", content={"ok": True})
        env(LLM_BASE_URL=llm.url, LLM_API_KEY="test-key", LLM_MODELS=",".join(models))
        ok = check_llm(session=session, viewer=owner)
        assert (
            llm.calls_for("probe/model-b") == 1 and llm.calls[0].headers["authorization"] == "Bearer test-key"
        )
        llm.script("probe/model-b", fail=503)
        bad = check_llm(session=session, viewer=owner)
    reset_breakers(models)
    assert (
        ok["ok"] and ok["mode"] == "llm" and ok["message"].startswith("connected: probe/model-b answered in ")
    )
    assert not bad["ok"] and "HTTP 503" in bad["message"]


def test_only_owners_may_run_the_checks(session, owner):
    """A staff member is refused."""
    from crm_res.models import Role
    from crm_res.services.access import Viewer
    from crm_res.services.admin.connection_check import check_llm, check_whatsapp
    from crm_res.services.errors import Forbidden

    staff = Viewer(owner.user_id, owner.restaurant_id, Role.staff)
    for check in (check_whatsapp, check_llm):
        with pytest.raises(Forbidden):
            check(session=session, viewer=staff)
