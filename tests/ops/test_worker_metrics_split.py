"""Worker metrics when the worker runs apart from the app (Docker's `worker` containers): each has
its own multiprocess directory, so the worker serves its own /metrics (CRM_RES_WORKER_METRICS_PORT)
and Prometheus scrapes both. Two real processes with the environment docker-compose.yml gives them."""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.fixtures.processes import free_port, start_process, stop_process


def _scrape(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:  # not listening yet
        return 0, ""


def _job_count(body: str) -> float:
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in body.splitlines()
        if line.startswith("crm_res_jobs_total{") and 'outcome="ok"' in line
    )


@pytest.fixture
def worker_container(tmp_path, redis_conn):  # type: ignore[no-untyped-def]
    """`worker.py` as the worker container runs it: its own metrics directory and port, a token."""
    port = free_port()
    env = dict(
        os.environ,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "worker-metrics"),
        CRM_RES_WORKER_METRICS_PORT=str(port),
        METRICS_TOKEN="scrape-me",
    )
    (tmp_path / "worker-metrics").mkdir()
    proc = start_process(
        [sys.executable, "worker.py", "--processes", "1", "--no-cron", "--log-level", "WARNING"], env
    )
    yield f"http://127.0.0.1:{port}/metrics"
    stop_process(proc, timeout=30)


def test_a_worker_containers_jobs_reach_prometheus_through_its_own_port(
    worker_container, tmp_path, monkeypatch
):
    """A job run by the separate worker is counted on the worker's port (token required); the app's
    /metrics, with its own directory, does not hold it (that is why the worker has a port)."""
    from rq import Queue

    from crm_res import metrics
    from crm_res.db import get_redis

    Queue("default", connection=get_redis()).enqueue("os.getcwd")
    deadline = time.monotonic() + 120
    body = ""
    while time.monotonic() < deadline:  # waiting for the worker to start and run it, not timing it
        status, body = _scrape(worker_container, token="scrape-me")
        if status == 200 and _job_count(body) >= 1:
            break
        time.sleep(0.5)
    assert _job_count(body) == 1, body[-2000:]
    assert 'crm_res_jobs_total{func="os.getcwd",outcome="ok",queue="default"} 1.0' in body
    assert _scrape(worker_container)[0] == 403  # no token
    assert _scrape(worker_container, token="wrong")[0] == 403
    # The app container's scrape reads only its own directory: the worker's job is not there.
    (tmp_path / "app-metrics").mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "app-metrics"))
    app_body = metrics.exposition()[0].decode()
    assert _job_count(app_body) == 0
