"""Webhook subscription handshake and health routes (the Starlette app the Reflex backend mounts)."""

from __future__ import annotations

from starlette.testclient import TestClient

import webhook


def test_verification_handshake_echoes_challenge():
    """GET with hub.mode=subscribe and the right token answers 200 with the challenge as plain text."""
    client = TestClient(webhook.app)
    r = client.get(
        "/webhooks/whatsapp",
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": "test-verify-token",
            "hub.challenge": "1158201444",
        },
    )
    assert r.status_code == 200
    assert r.text == "1158201444"
    assert r.headers["content-type"].startswith("text/plain")


def test_verification_rejects_wrong_token_or_mode():
    """A wrong token, a wrong mode or nothing at all is 403."""
    client = TestClient(webhook.app)
    for params in (
        {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1"},
        {},
    ):
        assert client.get("/webhooks/whatsapp", params=params).status_code == 403


def test_health_live_and_ready(engine, redis_conn):
    """/health/live answers; /health/ready checks Postgres and Redis for real."""
    client = TestClient(webhook.app)
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    body = ready.json()
    assert body["checks"]["postgres"]["ok"] and body["checks"]["redis"]["ok"]
