"""The workers run below the app's CPU priority (worker.py --nice): a burst's deliveries are
acknowledged first, the replies processed from the CPU left (docs/CAPACITY.md has the runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _niceness_of_workers(env: dict[str, str], *args: str) -> set[int]:
    """The niceness of every process `python worker.py` starts (itself, its workers, cron)."""
    proc = subprocess.Popen(
        [sys.executable, "worker.py", "--processes", "2", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        children: list[psutil.Process] = []
        while time.monotonic() < deadline and len(children) < 3:  # two workers and the cron
            time.sleep(0.2)
            children = psutil.Process(proc.pid).children()
        assert len(children) == 3, "worker.py did not start its processes"
        return {p.nice() for p in [psutil.Process(proc.pid), *children]}
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


@pytest.mark.usefixtures("redis_conn")
def test_the_workers_and_the_cron_run_niced_by_default_and_as_configured():
    base = os.getpriority(os.PRIO_PROCESS, 0)  # a niced test run adds its own
    assert _niceness_of_workers({}) == {min(base + 19, 19)}
    assert _niceness_of_workers({"CRM_RES_WORKER_NICE": "4"}) == {min(base + 4, 19)}
    assert _niceness_of_workers({"CRM_RES_WORKER_NICE": "4"}, "--nice", "0") == {base}


def _noop() -> str:
    return "done"


@pytest.mark.usefixtures("redis_conn")
def test_a_worker_waits_while_ingestion_is_marked_busy_and_runs_the_job_after_its_limit():
    from rq import Queue

    from crm_res.db import get_redis
    from crm_res.jobs import ingest_pressure
    from crm_res.jobs.traced_worker import TracedWorker

    redis = get_redis()
    queue = Queue("replies", connection=redis)
    job = queue.enqueue(_noop)
    ingest_pressure.mark_busy(redis)
    redis.pexpire(ingest_pressure.KEY, 60_000)  # busy for longer than the worker's limit
    worker = TracedWorker([queue], connection=redis)
    worker.yield_to_ingestion = 0.6
    started = time.monotonic()
    worker.work(burst=True)
    waited = time.monotonic() - started
    job.refresh()
    assert job.return_value() == "done"  # the job ran anyway: a saturated tier never starves replies
    assert waited >= 0.6  # after waiting its limit out
    assert ingest_pressure.wait_while_busy(redis, 0) == 0.0  # 0: workers on a box of their own
    redis.delete(ingest_pressure.KEY)
    assert ingest_pressure.wait_while_busy(redis, 5.0) < ingest_pressure.POLL_SECONDS  # not busy


def test_the_tier_marks_busy_only_when_deliveries_queue_and_wait_and_at_most_every_tenth_of_a_second():
    from crm_res.jobs.ingest_pressure import BUSY_BATCH, BUSY_WAIT_SECONDS, BusyMarker

    marker = BusyMarker()
    assert not marker.due(BUSY_WAIT_SECONDS / 2, BUSY_BATCH * 4)
    assert not marker.due(1.0, 1)  # one slow commit at a low rate: the workers go on
    assert marker.due(BUSY_WAIT_SECONDS, BUSY_BATCH)
    assert not marker.due(1.0, BUSY_BATCH * 4)  # marked a moment ago: the key still lives


def test_a_niced_worker_renices_the_local_backend_serving_its_own_connection():
    import psycopg

    from crm_res.db import database_url
    from crm_res.runtime.priority import backend_of, renice_backend

    url = database_url().replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        if backend_of(conn) is None:
            pytest.skip("the test database's server is not a process this test can see")
        base = os.getpriority(os.PRIO_PROCESS, pid)
        try:
            assert renice_backend(conn, max(base, 7))
        except AssertionError:
            pytest.skip("no permission to renice the server's processes here")
        assert os.getpriority(os.PRIO_PROCESS, pid) == max(base, 7)
        with psycopg.connect(url) as other:  # another connection's backend is left alone
            other_pid = other.execute("SELECT pg_backend_pid()").fetchone()[0]
            assert backend_of(other) == other_pid != pid
            assert os.getpriority(os.PRIO_PROCESS, other_pid) == 0
