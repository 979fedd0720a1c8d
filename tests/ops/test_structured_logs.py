"""JSON log lines: one message followed from the webhook through its job to the send by request id."""

from __future__ import annotations

import io
import json
import logging

import pytest

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import CUSTOMER, PNID, post, q, run_worker


@pytest.fixture
def log_lines():  # type: ignore[no-untyped-def]
    """The product's JSON logging into a buffer; yields a function returning the parsed lines."""
    from crm_res import logs

    stream = io.StringIO()
    handler = logs.configure(process="test", fmt="json", level="INFO", stream=stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    logging.getLogger().removeHandler(handler)


def test_webhook_and_job_lines_of_one_message_share_the_request_id(channel, log_lines):
    """The webhook's line for a message and the job's lines (including the send) carry the same request id, wamid and restaurant."""
    event = wa.text_message(PNID, CUSTOMER, "السلام عليكم")
    response = post(channel["client"], event, headers={"x-request-id": "req-abc-123"})
    assert response.headers["x-request-id"] == "req-abc-123"
    run_worker()
    lines = log_lines()
    [stored] = [line for line in lines if line["event"] == "webhook.message_stored"]
    assert stored["request_id"] == "req-abc-123" and stored["wamid"] == event.wamid
    assert stored["restaurant_id"] == str(channel["restaurant_id"])
    [(message_id,)] = q(channel["engine"], "SELECT id FROM messages WHERE wa_message_id = :w", w=event.wamid)
    assert stored["message_id"] == message_id  # the row the job will load
    job_lines = [line for line in lines if line.get("job_id", "").startswith("in-")]
    assert {line["event"] for line in job_lines} >= {"job.finished", "send.outcome"}
    for line in job_lines:
        assert line["request_id"] == "req-abc-123" and line["wamid"] == event.wamid
        assert line["restaurant_id"] == str(channel["restaurant_id"])
    [sent] = [line for line in job_lines if line["event"] == "send.outcome"]
    assert sent["outcome"] == "sent"


def test_stdlib_lines_come_out_as_json_with_the_bound_context(log_lines):
    """A plain `logging` warning inside a bound context is a JSON line carrying the request id."""
    from crm_res import logs

    with logs.bound_contextvars(request_id="r-1", restaurant_id="x"):
        logging.getLogger("crm_res.somewhere").warning("could not do %s", "that")
    [line] = [line for line in log_lines() if line.get("logger") == "crm_res.somewhere"]
    assert line["event"] == "could not do that" and line["level"] == "warning"
    assert line["request_id"] == "r-1" and line["restaurant_id"] == "x" and line["process"] == "test"


def test_secrets_and_bodies_are_kept_out_of_info_lines(log_lines):
    """Keys naming a secret are masked; a message body is replaced by its length unless bodies are allowed."""
    from crm_res import logs

    log = logs.get_logger("crm_res.t")
    body = "رقمي ٠٥٠١٢٣٤٥٦٧"
    log.info("posting", access_token="EAAG-secret", body=body)
    [line] = [line for line in log_lines() if line["event"] == "posting"]
    assert line["access_token"] == "***"
    assert "٠٥٠" not in line["body"] and line["body"] == f"<{len(body)} chars>"


def test_a_request_id_that_is_not_a_token_is_replaced():
    """A caller's X-Request-ID with spaces or markup is not trusted: a fresh id is made."""
    from crm_res.logs import new_request_id

    assert new_request_id("abc-123") == "abc-123"
    fresh = new_request_id("<script>alert(1)</script>")
    assert fresh != "<script>alert(1)</script>" and len(fresh) == 16


def test_the_delivery_writer_logs_as_itself_not_as_the_request_that_started_it(
    channel, log_lines, monkeypatch
):
    """The one writer serves every request on its event loop: a line it writes about a later
    batch must not carry the id of the request that happened to start it (it would send the
    operator to the wrong request)."""
    import asyncio

    from crm_res import logs
    from crm_res.http import delivery_batcher
    from crm_res.settings import get_settings

    real_store, calls = delivery_batcher.store_deliveries, []

    def store(conn, deliveries, **kw):  # type: ignore[no-untyped-def]
        calls.append(len(deliveries))
        if len(calls) == 2:
            raise KeyError("a bug")
        return real_store(conn, deliveries, **kw)

    monkeypatch.setattr(delivery_batcher, "store_deliveries", store)
    secret = get_settings().whatsapp_app_secret or ""
    first, second = (
        wa.encode(wa.delivery(wa.text_message(PNID, who, "hi"))) for who in (CUSTOMER, "966500000777")
    )

    async def run() -> list[int]:
        statuses = []
        for request_id, raw in (("req-first", first), ("req-second", second)):
            with logs.bound_contextvars(request_id=request_id):
                call = delivery_batcher.handle_delivery(
                    raw=raw, signature=wa.sign(raw, secret), request_id=request_id
                )
                statuses.append((await asyncio.wait_for(call, 60))[0])
        return statuses

    assert asyncio.run(run()) == [200, 503]
    [failed] = [
        line for line in log_lines() if line["event"].startswith("webhook: storing 1 deliveries failed")
    ]
    assert "request_id" not in failed
