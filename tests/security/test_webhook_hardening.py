"""The webhook with a real number: signatures required; and limits that keep one sender from
costing everyone else (issue 14: 8, 9)."""

from __future__ import annotations

import json
import logging
import os

from starlette.testclient import TestClient

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, post, q

CUSTOMER = "966501234567"


def test_a_real_token_without_the_app_secret_refuses_unsigned_deliveries(channel, monkeypatch):
    """WHATSAPP_ACCESS_TOKEN set, WHATSAPP_APP_SECRET not: the configuration is reported as an
    error at start and every POST is refused 403, nothing stored."""
    from crm_res.settings import get_settings

    monkeypatch.delenv("WHATSAPP_APP_SECRET")
    get_settings.cache_clear()
    assert any("WHATSAPP_APP_SECRET" in e for e in get_settings().errors())
    r = post(channel["client"], wa.text_message(PNID, CUSTOMER, "STOP"))
    assert r.status_code == 403 and "WHATSAPP_APP_SECRET" in r.json()["error"]
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0


def test_the_launcher_refuses_to_start_without_the_app_secret(monkeypatch, capsys):
    """`make run` with a real token and no app secret stops with a clear message (exit 2)."""
    from crm_res.runtime import launcher
    from crm_res.settings import get_settings

    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "real-token")
    monkeypatch.delenv("WHATSAPP_APP_SECRET", raising=False)
    get_settings.cache_clear()
    umask = os.umask(0o022)
    try:
        assert launcher.main() == 2
    finally:
        os.umask(umask)  # main() makes the process's files private; the test process's own again
        get_settings.cache_clear()
    assert "WHATSAPP_APP_SECRET" in capsys.readouterr().err


def test_sandbox_still_accepts_unsigned_deliveries(committed, redis_conn):
    """No token (sandbox, the simulator's path): an unsigned delivery is stored as before."""
    import webhook
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant

    with session_scope() as s:
        create_restaurant(session=s, name_ar="م", name_en="M", phone_number_id="pn-sandbox")
    body = wa.encode(wa.delivery(wa.text_message("pn-sandbox", CUSTOMER, "hi")))
    r = TestClient(webhook.app).post("/webhooks/whatsapp", content=body)
    assert r.status_code == 200 and r.json()["stored"] == 1


def test_an_oversized_body_is_refused_413_without_being_stored(channel):
    """A 3 MB body is answered 413 (read no further), nothing stored."""
    big = json.dumps(wa.delivery(wa.text_message(PNID, CUSTOMER, "x" * 3_000_000))).encode()
    r = post(channel["client"], raw=big)
    assert r.status_code == 413 and "error" in r.json()
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0


def test_too_many_messages_in_one_delivery_is_refused_413(channel):
    """1,001 messages in one delivery (Meta sends a few) is not a delivery: 413, nothing stored."""
    events = [wa.text_message(PNID, f"96650{i:07d}", "hi") for i in range(1001)]
    r = post(channel["client"], *events)
    assert r.status_code == 413
    assert q(channel["engine"], "SELECT count(*) FROM messages")[0][0] == 0


def test_long_texts_and_names_are_truncated_and_kept(channel):
    """A 100,000-character text and a 5,000-character name: stored (200), cut to the caps."""
    from crm_res.integrations.whatsapp_inbound import MAX_TEXT_CHARS
    from crm_res.services.display_text import NAME_MAX

    ev = wa.text_message(PNID, CUSTOMER, "ط" * 100_000, name="N" * 5000)
    r = post(channel["client"], ev)
    assert r.status_code == 200 and r.json()["stored"] == 1
    [(body,)] = q(channel["engine"], "SELECT body FROM messages")
    assert len(body) == MAX_TEXT_CHARS
    [(name,)] = q(channel["engine"], "SELECT name FROM customers")
    assert name == "N" * NAME_MAX


def test_a_5000_digit_number_is_a_400_not_a_500(channel):
    """An integer beyond Python's conversion limit inside a delivery: 400 with a reason, no traceback."""
    ev = wa.text_message(PNID, CUSTOMER, "hi")
    raw = wa.encode(wa.delivery(ev)).replace(b'"type"', b'"x": ' + b"9" * 5000 + b', "type"', 1)
    r = post(channel["client"], raw=raw)
    assert r.status_code == 400 and "not a WhatsApp" in r.json()["error"]


def test_unknown_phone_number_ids_are_answered_honestly_logged_once_and_cached_within_bounds(channel, caplog):
    """2,000 deliveries for made-up phone_number_ids: each answered `stored: 0` (nothing was), one
    log line per id at most and not one per message, and the directory cache stays bounded."""
    from crm_res.services.channel import ingest

    caplog.set_level(logging.WARNING, logger="crm_res.webhook")
    for i in range(2000):
        r = post(channel["client"], wa.text_message(f"pn-made-up-{i}", CUSTOMER, "hi"))
        assert r.status_code == 200 and r.json()["stored"] == 0 and r.json()["ignored"] == 1
    for _ in range(3):  # the same ids again: no new lines
        post(channel["client"], wa.text_message("pn-made-up-7", CUSTOMER, "hi"))
    lines = [rec for rec in caplog.records if "unknown phone_number_id" in rec.getMessage()]
    assert len(lines) <= 1024
    assert sum("pn-made-up-7'" in rec.getMessage() for rec in lines) <= 1
    assert len(ingest.directory._cache) <= ingest._RESTAURANT_CACHE_SIZE
    mixed = post(
        channel["client"], wa.text_message(PNID, CUSTOMER, "hi"), wa.text_message("pn-nope", CUSTOMER, "x")
    )
    assert mixed.json()["stored"] == 1 and mixed.json()["ignored"] == 1


def test_the_restaurant_cache_is_bounded(channel):
    """Resolving many more ids than the cache holds never grows it past its size."""
    from crm_res.db import get_engine
    from crm_res.services.channel import ingest

    with get_engine().connect() as conn:
        for start in range(0, 10_000, 1000):
            ingest.directory.resolve(conn, {f"pn-flood-{i}" for i in range(start, start + 1000)})
            assert len(ingest.directory._cache) <= ingest._RESTAURANT_CACHE_SIZE
