"""The launcher's CPU priorities (crm_res/runtime/serve.py): the dashboard behind the ingestion
path (CRM_RES_DASHBOARD_NICE, default 5), the tier's processes and the front at CRM_RES_INGEST_NICE
(default 0; run L in docs/CAPACITY.md measured -5 and did not keep it). Checked on the real processes: `webhook:app` under granian with its
worker processes, Caddy, and a stand-in dashboard (the Reflex build is not what is measured here)."""

from __future__ import annotations

import os
import sys

import psutil
import pytest

from crm_res.runtime import prebuilt, serve
from tests.fixtures.processes import free_port


def _niceness(proc: psutil.Process) -> set[int]:
    """The niceness of `proc` and of every process under it."""
    return {p.nice() for p in [proc, *proc.children(recursive=True)]}


def _started(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, set[int]]:
    """Start the topology as the launcher does (with `env` over this one) and read each part's
    niceness from the running processes."""
    for name in ("CRM_RES_INGEST_NICE", "CRM_RES_DASHBOARD_NICE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # A stand-in dashboard that serves "/" (the launcher waits for the first page), and no record
    # of a frontend build: the real `reflex run` is the browser tests' business.
    monkeypatch.setattr(
        serve,
        "dashboard_command",
        lambda port, reuse_build, host: [sys.executable, "-m", "http.server", str(port), "--bind", host],
    )
    monkeypatch.setattr(prebuilt, "is_current", lambda port: False)
    monkeypatch.setattr(prebuilt, "record", lambda port, fingerprint: None)
    monkeypatch.setattr(prebuilt, "fingerprint", lambda port: "")
    ports = serve.Ports(
        free_port("CRM_RES_TEST_PORTS"), free_port("CRM_RES_TEST_PORTS"), free_port("CRM_RES_TEST_PORTS")
    )
    topology = serve.Topology(ports, {**os.environ, "PORT": str(ports.public)})
    try:
        assert topology.start(), "the topology did not start"
        procs = {name: psutil.Process(p.pid) for name, p in topology.procs.items()}
        assert len(procs["ingest"].children(recursive=True)) >= 2, "granian started no worker processes"
        return {name: _niceness(p) for name, p in procs.items()}
    finally:
        topology.stop()


def _expected(base: int, niceness: int) -> int:
    """Where a process asked for `base + niceness` ends up: a priority above this process's own
    needs the privilege (root here); without it the launcher leaves it at `base`."""
    target = max(-20, min(19, base + niceness))
    return target if target >= base or os.geteuid() == 0 else base


def test_by_default_the_dashboard_runs_behind_the_ingestion_path(monkeypatch):
    base = os.getpriority(os.PRIO_PROCESS, 0)  # a niced test run adds its own
    got = _started(monkeypatch, {})
    assert got == {"ingest": {base}, "front": {base}, "dashboard": {_expected(base, 5)}}


def test_the_ingestion_path_and_the_dashboard_follow_their_settings(monkeypatch):
    base = os.getpriority(os.PRIO_PROCESS, 0)
    got = _started(monkeypatch, {"CRM_RES_INGEST_NICE": "-5", "CRM_RES_DASHBOARD_NICE": "10"})
    assert got["ingest"] == {_expected(base, -5)}  # granian's worker processes included
    assert got["front"] == {_expected(base, -5)}
    assert got["dashboard"] == {_expected(base, 10)}
