"""/metrics: the counters a self-hoster watches move when the product does the work."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.fakes import wa_payloads as wa
from tests.fakes.fake_llm import FakeLLM, decision
from tests.fixtures.channel import CUSTOMER, PNID, post, run_worker
from tests.fixtures.llm import use_fake_llm

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def scrape(channel, monkeypatch):  # type: ignore[no-untyped-def]
    """GET /metrics with the bearer token (METRICS_TOKEN set); returns {(name, labels): value}."""
    from crm_res.settings import get_settings

    monkeypatch.setenv("METRICS_TOKEN", TOKEN)
    get_settings.cache_clear()

    def read() -> dict[tuple[str, frozenset], float]:
        response = channel["client"].get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        return {
            (s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.text)
            for s in family.samples
        }

    return read


def value(samples: dict, name: str, **labels: str) -> float:
    """The sample's value (0 when absent: a counter that never moved has no child yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_a_delivery_and_its_reply_move_the_webhook_job_and_send_counters(channel, scrape):
    """After one delivery and its reply: deliveries (200), ack latency, inbound, jobs ok and sends sent all moved."""
    before = scrape()
    assert post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم")).status_code == 200
    run_worker()
    channel["graph"].wait_for(1)
    after = scrape()
    assert (
        value(after, "crm_res_webhook_deliveries_total", status="200")
        == value(before, "crm_res_webhook_deliveries_total", status="200") + 1
    )
    assert (
        value(after, "crm_res_webhook_ack_seconds_count")
        == value(before, "crm_res_webhook_ack_seconds_count") + 1
    )
    assert (
        value(after, "crm_res_inbound_messages_total") == value(before, "crm_res_inbound_messages_total") + 1
    )
    ok = {"queue": "replies", "func": "inbound.process_inbound", "outcome": "ok"}
    assert value(after, "crm_res_jobs_total", **ok) == value(before, "crm_res_jobs_total", **ok) + 1
    assert (
        value(after, "crm_res_sends_total", outcome="sent", error_code="")
        == value(before, "crm_res_sends_total", outcome="sent", error_code="") + 1
    )
    assert value(after, "crm_res_assistant_intents_total", intent="greeting", source="rules") >= 1
    assert ("crm_res_queue_depth", frozenset({("queue", "replies")})) in after  # measured at scrape
    assert value(after, "crm_res_db_pool_open") >= 1


def test_a_refused_delivery_is_counted_by_status_and_reason(channel, scrape):
    """A delivery with a bad signature counts as a 403 with reason `signature`."""
    before = scrape()
    r = post(
        channel["client"], wa.text_message(PNID, CUSTOMER, "hi"), headers={"x-hub-signature-256": "sha256=00"}
    )
    assert r.status_code == 403 and "_reason" not in r.json()
    after = scrape()
    labels = {"status": "403", "reason": "signature"}
    assert (
        value(after, "crm_res_webhook_errors_total", **labels)
        == value(before, "crm_res_webhook_errors_total", **labels) + 1
    )


def test_a_failed_send_is_counted_with_metas_error_code(channel, scrape):
    """Meta refusing a reply (131026) moves sends{outcome=failed, error_code=131026}."""
    before = scrape()
    channel["graph"].fail_next(400, code=131026, message="Message undeliverable")
    post(channel["client"], wa.text_message(PNID, CUSTOMER, "السلام عليكم"))
    run_worker()
    after = scrape()
    labels = {"outcome": "failed", "error_code": "131026"}
    assert value(after, "crm_res_sends_total", **labels) == value(before, "crm_res_sends_total", **labels) + 1


def test_an_llm_fallback_moves_the_model_counters(channel, scrape, monkeypatch):
    """The first model failing and the second answering: calls by outcome, tokens, cost, fallback and breakers show it."""
    from crm_res.integrations.llm import reset_breakers
    from crm_res.services.dialogue import llm_flow

    reset_breakers()
    before = scrape()
    with FakeLLM() as llm:
        llm.script("m/one", fail=500)
        llm.script(
            "m/two",
            content=decision("نفتح من ١٢ الظهر"),
            cost=0.002,
        )
        use_fake_llm(monkeypatch, llm, "m/one,m/two")
        post(channel["client"], wa.text_message(PNID, CUSTOMER, "متى تفتحون؟"))
        run_worker()
        after = scrape()
    llm_flow.gateway.cache_clear()

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("crm_res_llm_calls_total", model="m/one", outcome="failed") == 1
    assert moved("crm_res_llm_calls_total", model="m/two", outcome="ok") == 1
    assert moved("crm_res_llm_fallbacks_total", to="next_model") == 1
    assert moved("crm_res_llm_tokens_total", model="m/two", kind="prompt") == 120
    assert moved("crm_res_llm_cost_usd_total", model="m/two") == pytest.approx(0.002)
    assert moved("crm_res_llm_seconds_count", model="m/two") == 1
    assert moved("crm_res_assistant_intents_total", intent="support", source="llm") == 1
    assert value(after, "crm_res_llm_breaker_state", model="m/one") == 0  # one failure: still closed


def test_metrics_without_a_token_are_for_this_machine_only(channel, monkeypatch):
    """No METRICS_TOKEN: a remote client (also one forwarded by the local front) is refused, localhost is served."""
    from crm_res.settings import get_settings

    monkeypatch.delenv("METRICS_TOKEN", raising=False)
    get_settings.cache_clear()
    from starlette.testclient import TestClient

    import webhook

    remote = TestClient(webhook.app, client=("203.0.113.9", 4000))
    assert remote.get("/metrics").status_code == 403
    local = TestClient(webhook.app, client=("127.0.0.1", 4000))
    assert local.get("/metrics").status_code == 200
    assert local.get("/metrics", headers={"x-forwarded-for": "203.0.113.9"}).status_code == 403


def test_a_wrong_token_is_refused(channel, scrape):
    """With METRICS_TOKEN set, a wrong bearer token gets 403 even from localhost."""
    from starlette.testclient import TestClient

    import webhook

    local = TestClient(webhook.app, client=("127.0.0.1", 4000))
    assert local.get("/metrics", headers={"authorization": "Bearer nope"}).status_code == 403
    assert local.get("/metrics").status_code == 403
