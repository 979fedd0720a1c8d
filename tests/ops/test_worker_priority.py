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
