"""/health/ready tells a load balancer the truth: 503 when Postgres or Redis does not answer
(the app configured, through its environment, with a port where nothing listens)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.conftest import free_port


def _reset_connections() -> None:
    from crm_res import db
    from crm_res.settings import get_settings

    for cached in (get_settings, db.database_url, db.redis_url, db.get_engine, db.get_redis):
        cached.cache_clear()


@pytest.fixture
def dead_port(engine, monkeypatch) -> Iterator[int]:  # type: ignore[no-untyped-def]
    """A local port nothing listens on; the app's connections are rebuilt before and after the test."""
    _reset_connections()
    yield free_port()
    monkeypatch.undo()
    _reset_connections()


def _ready() -> tuple[int, dict]:
    import webhook

    r = TestClient(webhook.app).get("/health/ready")
    return r.status_code, r.json()


def test_ready_is_503_when_postgres_is_down(dead_port, monkeypatch):
    """Postgres unreachable: 503, its check says why, Redis still reported healthy."""
    monkeypatch.setenv("DATABASE_URL", f"postgresql://postgres@127.0.0.1:{dead_port}/none")
    _reset_connections()
    status, body = _ready()
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["postgres"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["redis"]["ok"] is True


def test_ready_is_503_when_redis_is_down(dead_port, monkeypatch):
    """Redis unreachable: 503, its check says why, Postgres still reported healthy."""
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{dead_port}/0")
    _reset_connections()
    status, body = _ready()
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["postgres"]["ok"] is True


def test_ready_is_200_again_once_both_answer(dead_port):
    """With the real servers configured the same route answers 200 (the failures above are the ports)."""
    status, body = _ready()
    assert status == 200 and body["status"] == "ok"
    assert body["checks"]["postgres"]["ok"] and body["checks"]["redis"]["ok"]


class _Clock:
    """perf_counter for the checks: each call returns the next reading."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def perf_counter(self) -> float:
        return self.readings.pop(0)


@pytest.mark.parametrize("check", ["_check_postgres", "_check_redis"])
def test_each_check_reports_its_round_trip_in_milliseconds(engine, redis_conn, monkeypatch, check):
    """A check that took 0.12345 s on the clock says 123.5 ms (one decimal)."""
    from crm_res.services.ops import health

    monkeypatch.setattr(health, "time", _Clock(10.0, 10.12345))
    assert getattr(health, check)() == {"ok": True, "ms": 123.5}
